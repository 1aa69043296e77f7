"""Fuzz tests of the claim-file loader and the data-package loaders (hypothesis).

Random and mutated YAML claim files, and mutated CSV tables / ``datapackage.json`` copies of
the bundled data, are written to temporary folders. Each must either load or fail with the
package's own error: :class:`~trialstats.claims.ClaimFileError` for claim files;
``validate_data`` returns its list of problems (never raises), and the table loaders raise
:class:`~trialstats.DataValidationError`, a plain ``ValueError`` naming the column, or a
``KeyError`` naming the missing table or trial. Anything else (a pandas parser error, a
UnicodeDecodeError, an AttributeError from a half-read file) fails. YAML must be read with a
safe loader: a ``!!python/object`` tag is refused and never executed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trialstats as ts
import trialstats.data as tsdata
from trialstats.claims import VERDICTS, ClaimFileError, Context, bundled_claims_dir
from trialstats.claims.render import render

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# each data example copies the package and reads every table: fewer examples keep it to seconds
FUZZ_DATA = settings(FUZZ, max_examples=10)
BUNDLED_CLAIMS = sorted(bundled_claims_dir().glob("*.yaml"))
DATA = Context()  # read once: load_claims checks ids against it
DATA_DIR = tsdata.data_dir()


@contextmanager
def _tmpdir() -> Iterator[Path]:
    # hypothesis runs many examples per test: a fresh folder each, not pytest's tmp_path
    d = tempfile.mkdtemp(prefix="trialstats-fuzz-")
    try:
        yield Path(d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _load_and_verify(path: Path) -> None:
    """load_claims raises ClaimFileError, or returns claims that verify_claims and every output
    format of the command line handle."""
    try:
        claims = ts.load_claims(path, data=DATA)
    except ClaimFileError:
        return
    assert isinstance(claims, list)
    results = ts.verify_claims(claims, data=DATA, results=True)
    assert len(results) == len(claims)
    assert {r.verdict for r in results} <= set(VERDICTS)
    # every output format of `trialstats verify` renders whatever the file held
    for fmt in ("table", "markdown", "json", "html"):
        assert isinstance(render(results, fmt), str)
    json.loads(render(results, "json"))


# ----------------------------------------------------------------------------- claim files

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "67%",
            "20%",
            "0.360",
            "two-thirds",
            "feder2021",
            "",
            "-5%",
            "1e309",
            "NaN",
            "27.5 days",
            "p < 0.001",
        ]
    ),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=15,
)


@FUZZ
@given(st.text(max_size=400))
def test_random_text_as_claim_file(text: str) -> None:
    with _tmpdir() as d:
        f = d / "random.yaml"
        f.write_text(text, encoding="utf-8")
        _load_and_verify(f)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_as_claim_file(data: bytes) -> None:
    with _tmpdir() as d:
        f = d / "bytes.yaml"
        f.write_bytes(data)
        _load_and_verify(f)


@FUZZ
@given(yaml_values)
def test_random_yaml_structure_as_claim_file(value: Any) -> None:
    with _tmpdir() as d:
        f = d / "structure.yaml"
        f.write_text(yaml.safe_dump(value), encoding="utf-8")
        _load_and_verify(f)


CLAIM_KEYS = ["id", "says", "kind", "trial", "outcome", "stated", "where", "arm", "value", "bogus"]
STATED_KEYS = [
    "value",
    "treatment",
    "control",
    "comparator",
    "intervention",
    "measure",
    "estimate",
    "low",
    "high",
    "p",
    "n",
    "n1",
    "n2",
    "arm",
    "what",
    "unit",
    "expression",
    "author",
    "year",
]


@FUZZ
@given(st.sampled_from(BUNDLED_CLAIMS), st.data())
def test_mutated_bundled_claim_file(path: Path, data: st.DataObject) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = content["claims"]
    for _ in range(data.draw(st.integers(1, 3))):
        claim = claims[data.draw(st.integers(0, len(claims) - 1))]
        action = data.draw(st.sampled_from(["set", "delete", "set_stated", "delete_stated", "kind"]))
        if action == "set":
            claim[data.draw(st.sampled_from(CLAIM_KEYS))] = data.draw(yaml_values)
        elif action == "delete" and claim:
            claim.pop(data.draw(st.sampled_from(sorted(claim))), None)
        elif action == "set_stated":
            if not isinstance(claim.get("stated"), dict):
                claim["stated"] = {}
            claim["stated"][data.draw(st.sampled_from(STATED_KEYS))] = data.draw(yaml_scalars)
        elif action == "delete_stated" and isinstance(claim.get("stated"), dict) and claim["stated"]:
            claim["stated"].pop(data.draw(st.sampled_from(sorted(claim["stated"]))))
        elif action == "kind":
            claim["kind"] = data.draw(
                st.sampled_from(
                    [
                        "proportion",
                        "two_proportions",
                        "effect",
                        "median_time",
                        "count",
                        "citation",
                        "arithmetic",
                        "bogus",
                    ]
                )
            )
    with _tmpdir() as d:
        f = d / path.name
        f.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        _load_and_verify(f)


@FUZZ
@given(st.sampled_from(BUNDLED_CLAIMS), st.data())
def test_text_level_mutation_of_bundled_claim_file(path: Path, data: st.DataObject) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            col = data.draw(st.integers(0, len(lines[i])))
            lines[i] = (
                lines[i][:col]
                + data.draw(st.text(":-[]{}#&*!|>'\"% \t0123456789abc", max_size=5))
                + lines[i][col:]
            )
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        if not lines:
            break
    with _tmpdir() as d:
        f = d / path.name
        f.write_text("".join(lines), encoding="utf-8")
        _load_and_verify(f)


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.mkdir [{marker}]",
        "!!python/object/new:os.mkdir [{marker}]",
        "!!python/name:os.system",
        "!!python/object:builtins.object {{}}",
    ],
)
@pytest.mark.parametrize("where", ["top", "stated"])
def test_yaml_is_loaded_safely(tmp_path: Path, payload: str, where: str) -> None:
    marker = tmp_path / "created-by-yaml"
    tag = payload.format(marker=json.dumps(str(marker)))
    if where == "top":
        text = tag + "\n"
    else:
        text = (
            "document: {id: evil, title: Evil}\n"
            "claims:\n"
            "  - id: c1\n"
            "    says: anything\n"
            "    kind: proportion\n"
            f"    stated: {{value: {tag}}}\n"
        )
    f = tmp_path / "evil.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ClaimFileError, match="YAML"):
        ts.load_claims(f)
    assert not marker.exists()


# ------------------------------------------------------------------------------ data package


TABLES = [
    "trials",
    "arms",
    "binary_outcomes",
    "continuous_outcomes",
    "reported_effects",
    "relapse",
    "sources",
]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "-1", "1e309", "nan", "NA", "true", "2.5", "feder2021", "999999999999999999999", '"', ",", "\n"]
    ),
)


def _allowed(exc: BaseException) -> bool:
    """The package's errors: its own class, a plain ValueError/KeyError/TypeError with a message,
    or the OSError of a file that the package description names but that is missing."""
    return isinstance(exc, ts.DataValidationError | FileNotFoundError) or (
        type(exc) in (ValueError, KeyError, TypeError) and bool(str(exc))
    )


def _exercise_loaders(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = ts.validate_data(root)  # never raises: returns the problems
    assert isinstance(problems, list)
    if problems:
        with pytest.raises(ts.DataValidationError):
            ts.validate_data(root, raise_=True)
    monkeypatch.setattr(tsdata, "data_dir", lambda: root)
    tsdata._clear_caches()
    try:
        for name in TABLES:
            try:
                frame = getattr(ts, name)()
                assert isinstance(frame, pd.DataFrame)
            except Exception as exc:
                assert _allowed(exc), f"{name}(): {type(exc).__module__}.{type(exc).__name__}: {exc}"
        try:
            ts.load_trial("feder2021")
        except Exception as exc:
            assert _allowed(exc), f"load_trial: {type(exc).__module__}.{type(exc).__name__}: {exc}"
    finally:
        monkeypatch.undo()
        tsdata._clear_caches()


def _copy_data(dest: Path) -> Path:
    root = dest / "data"
    shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("claims", "staging", "*.md"))
    return root


@FUZZ_DATA
@given(st.sampled_from(TABLES), st.data())
def test_mutated_csv_cells(table: str, data: st.DataObject) -> None:
    with _tmpdir() as d, pytest.MonkeyPatch.context() as mp:
        root = _copy_data(d)
        path = root / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for _ in range(data.draw(st.integers(1, 3))):
            action = data.draw(st.sampled_from(["cell", "drop_column", "duplicate_row", "rename_column"]))
            if action == "cell" and len(frame):
                row = data.draw(st.integers(0, len(frame) - 1))
                col = data.draw(st.sampled_from(list(frame.columns)))
                frame.loc[row, col] = data.draw(CELLS)
            elif action == "drop_column" and len(frame.columns) > 1:
                frame = frame.drop(columns=data.draw(st.sampled_from(list(frame.columns))))
            elif action == "duplicate_row" and len(frame):
                frame = pd.concat([frame, frame.iloc[[data.draw(st.integers(0, len(frame) - 1))]]])
            elif action == "rename_column":
                col = data.draw(st.sampled_from(list(frame.columns)))
                frame = frame.rename(columns={col: col + "_x"})
        frame.to_csv(path, index=False)
        _exercise_loaders(root, mp)


@FUZZ_DATA
@given(st.sampled_from(TABLES), st.data())
def test_mutated_csv_bytes(table: str, data: st.DataObject) -> None:
    with _tmpdir() as d, pytest.MonkeyPatch.context() as mp:
        root = _copy_data(d)
        path = root / f"{table}.csv"
        raw = path.read_bytes()
        action = data.draw(st.sampled_from(["truncate", "insert", "empty", "garbage"]))
        if action == "truncate":
            raw = raw[: data.draw(st.integers(0, len(raw)))]
        elif action == "insert":
            at = data.draw(st.integers(0, len(raw)))
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]
        elif action == "empty":
            raw = b""
        else:
            raw = data.draw(st.binary(max_size=100))
        path.write_bytes(raw)
        _exercise_loaders(root, mp)


@FUZZ_DATA
@given(st.data())
def test_mutated_datapackage_json(data: st.DataObject) -> None:
    with _tmpdir() as d, pytest.MonkeyPatch.context() as mp:
        root = _copy_data(d)
        pkg_path = root / "datapackage.json"
        pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
        resources = pkg["resources"]
        res = resources[data.draw(st.integers(0, len(resources) - 1))]
        fields = res["schema"]["fields"]
        field = fields[data.draw(st.integers(0, len(fields) - 1))]
        action = data.draw(st.sampled_from(["type", "drop_field", "required", "constraint", "path"]))
        if action == "type":
            field["type"] = data.draw(st.sampled_from(["integer", "number", "boolean", "string", "date"]))
        elif action == "drop_field":
            fields.remove(field)
        elif action == "required":
            field.setdefault("constraints", {})["required"] = True
        elif action == "constraint":
            # a well-formed constraint (Table Schema) that the data may break
            key, value = data.draw(
                st.sampled_from(
                    [
                        ("minimum", 0),
                        ("maximum", 1),
                        ("enum", ["a", "b"]),
                        ("pattern", "^[a-z]+$"),
                        ("unique", True),
                    ]
                )
            )
            field.setdefault("constraints", {})[key] = value
        else:
            res["path"] = "missing.csv"
        pkg_path.write_text(json.dumps(pkg), encoding="utf-8")
        _exercise_loaders(root, mp)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def _subtrees(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _subtrees(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _subtrees(v, (*path, i))


@FUZZ_DATA
@given(st.data())
def test_any_subtree_of_the_description_replaced(data: st.DataObject) -> None:
    """Replace any part of datapackage.json by any JSON value: problems are reported, never raised."""
    with _tmpdir() as d, pytest.MonkeyPatch.context() as mp:
        root = _copy_data(d)
        pkg_path = root / "datapackage.json"
        pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
        paths = [p for p in _subtrees(pkg) if p]
        for _ in range(data.draw(st.integers(1, 3))):
            path = data.draw(st.sampled_from(paths))
            node = pkg
            try:
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = data.draw(JSON)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier replacement removed this path
        pkg_path.write_text(json.dumps(pkg), encoding="utf-8")
        _exercise_loaders(root, mp)
        if ts.validate_data(root):  # a package with problems is not loaded, not even in part
            with pytest.raises(ts.DataValidationError):
                tsdata._bundled_at.__wrapped__(root)
