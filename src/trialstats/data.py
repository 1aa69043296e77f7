"""Data packages as tidy DataFrames: the bundled one, the user's own, layered.

Every published figure the package uses lives in ``data/`` (CSV tables described by a
Frictionless ``datapackage.json``). A reviewer may keep more trials in packages of their
own with the same schema (``trialstats data init DIR`` writes an empty one) and layer
them over the bundled data with :func:`load_data`; :func:`trialstats.from_ctgov` turns a
ClinicalTrials.gov results record into such a package.

A :class:`DataPackage` is read whole and checked whole: every problem of every layer
(types, required values, keys, foreign keys into its own or a lower layer, ids that
collide between layers) is reported at once, and a package with any problem is not
loaded at all. Cells are read as text and converted per their Table Schema type, so that
a printed ``"0.360"`` keeps its zeros in the ``printed_*`` columns while ``estimate`` is
a float. Each package holds its own tables (no global state: two packages can be used
side by side); every accessor returns a fresh copy that callers may modify. The
module-level loaders (:func:`trials`, :func:`arms`, ...) read :func:`bundled`.

Examples
--------
>>> import trialstats as ts
>>> ts.trials()["trial_id"].head(2).tolist()  # doctest: +SKIP
['abdallah2022', 'albott2018']
>>> trial = ts.load_trial("feder2021")
>>> trial.arms[["arm_id", "n_randomized"]].to_dict("records")  # doctest: +SKIP
[{'arm_id': 'ketamine', 'n_randomized': 15}, {'arm_id': 'midazolam', 'n_randomized': 15}]
"""

from __future__ import annotations

import csv
import functools
import html
import importlib.resources
import io
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._datapackage import (
    DataProblem,
    DataValidationError,
    check_descriptor,
    check_tables,
    convert_table,
    inspect_package,
    validate_package,
)

__all__ = [
    "TABLES",
    "DataPackage",
    "DataProblem",
    "DataValidationError",
    "Trial",
    "arms",
    "binary_outcomes",
    "bundled",
    "continuous_outcomes",
    "data_dir",
    "init_package",
    "load_data",
    "load_table",
    "load_trial",
    "relapse",
    "reported_effects",
    "sources",
    "trials",
    "validate_data",
]

#: The tables of the bundled schema when this was written; a package's own list is
#: ``DataPackage.table_names`` (read from its ``datapackage.json``).
TABLES = (
    "sources",
    "trials",
    "arms",
    "binary_outcomes",
    "continuous_outcomes",
    "reported_effects",
    "relapse",
    "meta_studies",
    "meta_pooled",
    "trial_design",
    "schedules",
)


def data_dir() -> Path:
    """The folder holding the bundled ``datapackage.json``.

    An installed wheel carries the data as ``trialstats/data``; an editable install (a
    checkout) has them in the repository's top-level ``data/``.

    Examples
    --------
    >>> import trialstats.data as d
    >>> (d.data_dir() / "datapackage.json").is_file()
    True
    """
    try:
        packaged = importlib.resources.files("trialstats") / "data"
        if packaged.is_dir() and (packaged / "datapackage.json").is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - namespace or zip oddities
        pass
    return Path(__file__).resolve().parents[2] / "data"


# --------------------------------------------------------------------------- layers


@dataclass(frozen=True, eq=False)
class _Layer:
    """One package as read: where it came from, its description and its tables as text."""

    label: str  # how messages name its files: "" for the bundled package, else "<folder>/"
    root: Path | None
    descriptor: dict[str, Any]
    resources: tuple[dict[str, Any], ...]
    raw: Mapping[str, pd.DataFrame]

    def file(self, name: str) -> str:
        path = next((r["path"] for r in self.resources if r["name"] == name), f"{name}.csv")
        return f"{self.label}{path}"

    def full_path(self, name: str) -> str:
        """The file with its folder (the bundled package's too), for messages naming two files."""
        if self.root is None or self.label:
            return self.file(name)
        return str(self.root / self.file(name))


def _label(root: Path) -> str:
    return f"{root}{os.sep}"


def _relabel(problems: list[DataProblem], label: str) -> list[DataProblem]:
    if not label:
        return problems
    return [DataProblem(f"{label}{p.file}", p.row, p.field, p.message) for p in problems]


def _reference(layers: list[_Layer]) -> dict[str, list[pd.DataFrame]]:
    out: dict[str, list[pd.DataFrame]] = {}
    for layer in layers:
        for name, frame in layer.raw.items():
            out.setdefault(name, []).append(frame)
    return out


def _read_layer(root: Path, label: str, below: list[_Layer]) -> tuple[_Layer | None, list[DataProblem]]:
    descriptor, raw, problems = inspect_package(root, reference=_reference(below))
    problems = _relabel(problems, label)
    if descriptor is None:
        return None, problems
    resources, _ = check_descriptor(descriptor)
    return _Layer(label, root, descriptor, tuple(resources), raw), problems


def _schema_problems(layer: _Layer, base: _Layer) -> list[DataProblem]:
    """A layer must describe the same tables, with the same columns and types, as the base."""
    problems = []
    file = f"{layer.label}datapackage.json"
    mine = {r["name"]: r for r in layer.resources}
    for res in base.resources:
        other = mine.get(res["name"])
        if other is None:
            problems.append(
                DataProblem(file, None, None, f"table {res['name']!r} is missing: a layered package has "
                            "every table of the bundled schema (trialstats data init writes them)")
            )
            continue
        want = [(f["name"], f.get("type", "string")) for f in res["schema"]["fields"]]
        have = [(f["name"], f.get("type", "string")) for f in other["schema"]["fields"]]
        if sorted(want) != sorted(have):
            missing = sorted({n for n, _ in want} - {n for n, _ in have})
            extra = sorted({n for n, _ in have} - {n for n, _ in want})
            retyped = sorted(n for n, t in have if (n, t) not in want and n not in extra)
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"not in the bundled schema: {', '.join(extra)}" if extra else "",
                    f"other type: {', '.join(retyped)}" if retyped else "",
                )
                if part
            )
            problems.append(
                DataProblem(
                    file, None, None, f"table {res['name']!r} differs from the bundled schema ({detail})"
                )
            )
    return problems


def _collisions(layers: list[_Layer]) -> list[DataProblem]:
    """Rows of a higher layer whose primary key a lower layer already has."""
    problems = []
    seen: dict[str, dict[tuple[str, ...], tuple[str, int]]] = {}
    for layer in layers:
        for res in layer.resources:
            name = res["name"]
            key = res["schema"].get("primaryKey")
            frame = layer.raw.get(name)
            if not key or frame is None:
                continue
            cols = [key] if isinstance(key, str) else list(key)
            if any(c not in frame.columns for c in cols):
                continue
            known = seen.setdefault(name, {})
            mine: dict[tuple[str, ...], tuple[str, int]] = {}
            for i, values in enumerate(frame[cols].itertuples(index=False, name=None), start=1):
                values = tuple(str(v).strip() for v in values)
                if values in known:
                    where, row = known[values]
                    shown = ", ".join(f"{c}={v!r}" for c, v in zip(cols, values, strict=True))
                    problems.append(
                        DataProblem(
                            layer.file(name), i, "+".join(cols),
                            f"{shown} collides with {where} row {row}: ids must be unique across "
                            "the layered packages",
                        )
                    )
                mine.setdefault(values, (layer.full_path(name), i))
            for values, place in mine.items():
                known.setdefault(values, place)
    return problems


def _layer_problems(layers: list[_Layer]) -> list[DataProblem]:
    problems: list[DataProblem] = []
    base = layers[0]
    for layer in layers[1:]:
        problems += _schema_problems(layer, base)
    problems += _collisions(layers)
    return problems


def _typed(layers: list[_Layer]) -> dict[str, pd.DataFrame]:
    base = {r["name"]: r for r in layers[0].resources}
    tables: dict[str, pd.DataFrame] = {}
    for name, res in base.items():
        parts = [convert_table(layer.raw[name], res) for layer in layers if name in layer.raw]
        parts = [p for p in parts if len(p)] or parts[:1]
        if not parts:
            continue
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
        for f in res["schema"]["fields"]:
            col = f["name"]
            if col in frame.columns and f.get("type") == "boolean":
                kind = "boolean" if frame[col].isna().any() else bool
                frame[col] = frame[col].astype(kind)
            elif col in frame.columns and f.get("type") == "integer":
                frame[col] = frame[col].astype("Int64")
        tables[name] = frame
    return tables


# --------------------------------------------------------------------------- DataPackage


class DataPackage:
    """Tables of one or more data packages of the bundled schema, layered and validated.

    Build one with :func:`load_data` (the bundled package with the user's own layered
    over it), :func:`bundled` or :func:`trialstats.from_ctgov`; the constructor is not
    meant to be called directly.

    Attributes
    ----------
    roots : list of Path
        The package folders, bundled first (a package built in memory, such as an
        import, has none).
    claims_dirs : list of Path
        Each package's ``claims/`` folder that exists (claim YAML files).
    table_names : list of str
        The tables of the schema (``sources``, ``trials``, ``arms``, ...).

    Examples
    --------
    >>> import trialstats as ts
    >>> pkg = ts.load_data()
    >>> pkg.arms("feder2021")["n_randomized"].tolist()
    [15, 15]
    >>> pkg.validate()
    []
    """

    def __init__(self, layers: list[_Layer], *, _checked: bool = False):
        if not layers:
            raise ValueError("a DataPackage needs at least one package")
        self._layers = list(layers)
        #: What an import could not bring in, and why (see :func:`trialstats.from_ctgov`).
        self.notes: list[str] = []
        if not _checked:
            problems = self._problems()
            if problems:
                raise DataValidationError(problems)
        self._tables = _typed(self._layers)

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_text_tables(
        cls,
        tables: Mapping[str, pd.DataFrame],
        *,
        label: str = "in-memory package",
        over: DataPackage | None = None,
    ) -> DataPackage:
        """A package from tables of text cells (as a CSV holds them), checked like files.

        Parameters
        ----------
        tables : mapping of str to DataFrame
            Table name -> rows as text (blank = ``""``); tables not given are empty.
        label : str
            How problems name this package's files.
        over : DataPackage, optional
            Lay the new tables over this package (foreign keys may point into it; ids
            must not collide with it). None makes a standalone package.

        Raises
        ------
        DataValidationError
            Listing every problem.

        Examples
        --------
        >>> import pandas as pd
        >>> from trialstats.data import DataPackage
        >>> pkg = DataPackage.from_text_tables({})
        >>> len(pkg.trials())
        0
        """
        descriptor = _bundled_descriptor()
        resources, _ = check_descriptor(descriptor)
        unknown = sorted(set(tables) - {r["name"] for r in resources})
        if unknown:
            names = ", ".join(r["name"] for r in resources)
            raise KeyError(f"no table named {unknown[0]!r} in the schema; tables: {names}")
        raw = {}
        for res in resources:
            columns = [f["name"] for f in res["schema"]["fields"]]
            given = tables.get(res["name"])
            if given is None:
                frame = pd.DataFrame(columns=columns, dtype=object)
            else:
                frame = given.reindex(columns=list(dict.fromkeys(columns + list(given.columns))))
                frame = frame.astype(object).where(frame.notna(), "").astype(str).reset_index(drop=True)
            raw[res["name"]] = frame
        below = list(over._layers) if over is not None else []
        problems = check_tables(resources, raw, reference=_reference(below))
        layer = _Layer(f"{label}: ", None, descriptor, tuple(resources), raw)
        problems = _relabel(problems, layer.label) + (_layer_problems([*below, layer]) if below else [])
        if problems:
            raise DataValidationError(problems)
        return cls([*below, layer], _checked=True)

    def _problems(self) -> list[DataProblem]:
        problems: list[DataProblem] = []
        for i, layer in enumerate(self._layers):
            below = self._layers[:i]
            if layer.root is not None:
                _, found = _read_layer(layer.root, layer.label, below)
            else:
                found = check_tables(list(layer.resources), dict(layer.raw), reference=_reference(below))
                found = _relabel(found, layer.label)
            problems += found
        return problems + _layer_problems(self._layers)

    # -- the interface ------------------------------------------------------------

    @property
    def roots(self) -> list[Path]:
        """The package folders, bundled first."""
        return [layer.root for layer in self._layers if layer.root is not None]

    @property
    def claims_dirs(self) -> list[Path]:
        """Each package's ``claims/`` folder that exists."""
        return [root / "claims" for root in self.roots if (root / "claims").is_dir()]

    @property
    def table_names(self) -> list[str]:
        """The tables of the schema."""
        return list(self._tables)

    def table(self, name: str) -> pd.DataFrame:
        """A table of every layer, typed per the schema (a copy the caller may change).

        Raises
        ------
        KeyError
            For an unknown name; the message lists the tables.

        Examples
        --------
        >>> import trialstats as ts
        >>> "source_id" in ts.load_data().table("sources").columns
        True
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a table name such as 'arms', got {name!r}")
        if name not in self._tables:
            raise KeyError(f"no table named {name!r} in the data package; tables: {', '.join(self._tables)}")
        return self._tables[name].copy()

    def validate(self) -> list[DataProblem]:
        """Check every layer again (files are re-read) and the layering; every problem.

        Examples
        --------
        >>> import trialstats as ts
        >>> ts.load_data().validate()
        []
        """
        return self._problems()

    def write(self, folder: str | Path, *, overwrite: bool = False) -> Path:
        """Write this package's own rows (every layer but the bundled one) as a package folder.

        The folder gets ``datapackage.json`` (the bundled schema), one CSV per table and
        a README of the conventions; it can then be layered with :func:`load_data`.

        Parameters
        ----------
        folder : str or Path
            Created if needed; must be empty unless ``overwrite``.
        overwrite : bool
            Replace the package files already in ``folder``.

        Returns
        -------
        Path
            The folder.

        Examples
        --------
        >>> import tempfile, trialstats as ts
        >>> from trialstats.data import DataPackage
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = DataPackage.from_text_tables({}).write(tmp)
        ...     ts.load_data(out).validate()
        []
        """
        base_root = data_dir().resolve()
        own = [layer for layer in self._layers if layer.root is None or layer.root.resolve() != base_root]
        resources, _ = check_descriptor(_bundled_descriptor())
        tables = {}
        for res in resources:
            columns = [f["name"] for f in res["schema"]["fields"]]
            frames = [layer.raw[res["name"]] for layer in own if res["name"] in layer.raw]
            rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
            tables[res["path"]] = rows.reindex(columns=columns).fillna("")
        return _write_folder(Path(folder), tables, overwrite=overwrite)

    # -- convenience: the tables by name, filtered as the module-level loaders ----

    def _rows(self, name: str, trial_id: str | None, **equal: Any) -> pd.DataFrame:
        frame = self.table(name)
        if trial_id is not None:
            self._check_trial_id(trial_id)
            frame = frame[frame["trial_id"] == trial_id]
        for col, value in equal.items():
            if value is not None:
                frame = frame[frame[col] == value]
        return frame.reset_index(drop=True)

    def _check_trial_id(self, trial_id: Any) -> None:
        if not isinstance(trial_id, str):
            raise TypeError(f"trial_id must be a string such as 'feder2021', got {trial_id!r}")
        known = sorted(self._tables["trials"]["trial_id"])
        if trial_id not in known:
            raise KeyError(f"unknown trial_id {trial_id!r}; known trial ids: {', '.join(known)}")

    def trials(self) -> pd.DataFrame:
        """One row per trial (see :func:`trialstats.trials`)."""
        return self.table("trials")

    def sources(self, source_id: str | None = None) -> pd.DataFrame:
        """Every source, or one (see :func:`trialstats.sources`)."""
        return self._rows("sources", None, source_id=source_id)

    def arms(self, trial_id: str | None = None) -> pd.DataFrame:
        """Arms with their n (see :func:`trialstats.arms`)."""
        return self._rows("arms", trial_id)

    def binary_outcomes(
        self, trial_id: str | None = None, *, outcome_id: str | None = None, used: bool | None = None
    ) -> pd.DataFrame:
        """Events out of n per arm (see :func:`trialstats.binary_outcomes`)."""
        return self._rows("binary_outcomes", trial_id, outcome_id=outcome_id, used=used)

    def continuous_outcomes(
        self, trial_id: str | None = None, *, outcome_id: str | None = None, used: bool | None = None
    ) -> pd.DataFrame:
        """Means with their dispersion per arm (see :func:`trialstats.continuous_outcomes`)."""
        return self._rows("continuous_outcomes", trial_id, outcome_id=outcome_id, used=used)

    def reported_effects(
        self, trial_id: str | None = None, *, effect_id: str | None = None, used: bool | None = None
    ) -> pd.DataFrame:
        """Between-arm results as printed (see :func:`trialstats.reported_effects`)."""
        return self._rows("reported_effects", trial_id, effect_id=effect_id, used=used)

    def relapse(
        self, trial_id: str | None = None, *, relapse_id: str | None = None, used: bool | None = None
    ) -> pd.DataFrame:
        """Durability rows (see :func:`trialstats.relapse`)."""
        return self._rows("relapse", trial_id, relapse_id=relapse_id, used=used)

    def meta_studies(self) -> pd.DataFrame:
        """Per-study rows of the meta-analyses."""
        return self.table("meta_studies")

    def meta_pooled(self) -> pd.DataFrame:
        """Pooled figures of the meta-analyses."""
        return self.table("meta_pooled")

    def load_trial(self, trial_id: str) -> Trial:
        """A trial with its citation, arms and results (see :func:`trialstats.load_trial`)."""
        self._check_trial_id(trial_id)
        info = self.trials().set_index("trial_id", drop=False).loc[trial_id]
        all_sources = self.table("sources").set_index("source_id", drop=False)
        tables = {
            name: self._rows(name, trial_id)
            for name in ("arms", "binary_outcomes", "continuous_outcomes", "reported_effects", "relapse")
        }
        cited = [info["primary_source_id"]]
        for frame in tables.values():
            cited += [s for s in frame["source_id"] if s not in cited]
        return Trial(
            trial_id=trial_id,
            info=info,
            source=all_sources.loc[info["primary_source_id"]],
            sources=all_sources.loc[[s for s in cited if s in all_sources.index]].reset_index(drop=True),
            **tables,
        )

    def __repr__(self) -> str:
        where = ", ".join(str(r) for r in self.roots) or "in memory"
        extra = sum(1 for layer in self._layers if layer.root is None)
        if extra and self.roots:
            where += f" + {extra} in memory"
        counts = ", ".join(f"{len(self._tables[n])} {n}" for n in ("trials", "arms") if n in self._tables)
        return f"<DataPackage {counts}; {where}>"


# --------------------------------------------------------------------------- entry points


@functools.lru_cache(maxsize=4)
def _descriptor_at(root: Path) -> dict[str, Any]:
    from ._datapackage import read_package

    return read_package(root)


def _bundled_descriptor() -> dict[str, Any]:
    return json.loads(json.dumps(_descriptor_at(data_dir())))  # a deep copy


@functools.lru_cache(maxsize=4)
def _bundled_at(root: Path) -> DataPackage:
    layer, problems = _read_layer(root, "", [])
    if problems or layer is None:
        raise DataValidationError(problems)
    return DataPackage([layer], _checked=True)


def bundled() -> DataPackage:
    """The bundled data package (read and validated once, then cached).

    Raises
    ------
    DataValidationError
        If the bundled data have problems (every one is listed); nothing is half-loaded.

    Examples
    --------
    >>> import trialstats.data as d
    >>> "feder2021" in set(d.bundled().trials()["trial_id"])
    True
    """
    return _bundled_at(data_dir())


def _clear_caches() -> None:
    """Forget the cached bundled package (tests that point ``data_dir`` elsewhere use this)."""
    _bundled_at.cache_clear()
    _descriptor_at.cache_clear()


def load_data(*paths: str | Path | DataPackage) -> DataPackage:
    """The bundled data package with the user's own packages layered over it.

    Parameters
    ----------
    *paths : str, Path or DataPackage
        Package folders (each holding a ``datapackage.json`` of the bundled schema, as
        ``trialstats data init`` writes), or packages already built (an import from
        :func:`trialstats.from_ctgov`), lowest first. Foreign keys may point into any
        lower layer (an arm of a bundled trial, a bundled source).

    Returns
    -------
    DataPackage
        Tables of every layer, in order; ``claims_dirs`` holds each package's
        ``claims/`` folder.

    Raises
    ------
    DataValidationError
        Listing every problem of every layer, with file, row and field, including ids
        (primary keys) that collide between layers, named in both files. Nothing is
        loaded when there is any problem.
    TypeError
        For an argument that is not a path or a DataPackage.

    Examples
    --------
    >>> import tempfile, trialstats as ts
    >>> from trialstats.data import init_package
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     mine = init_package(f"{tmp}/mine")
    ...     pkg = ts.load_data(mine)
    ...     len(pkg.roots), len(pkg.trials()) == len(ts.trials())
    (2, True)
    """
    base = bundled()
    layers = list(base._layers)
    for arg in paths:
        if isinstance(arg, DataPackage):
            for layer in arg._layers:
                if not any(layer is have for have in layers):
                    layers.append(layer)
            continue
        if not isinstance(arg, str | os.PathLike):
            raise TypeError(f"load_data takes package folders or DataPackages, got {arg!r}")
        root = Path(arg)
        if root.is_file() and root.name == "datapackage.json":
            root = root.parent
        if not root.is_dir():
            raise DataValidationError(
                [DataProblem(str(root), None, None, "is not a package folder (no such directory)")]
            )
        layer, problems = _read_layer(root, _label(root), layers)
        if problems or layer is None:
            # report the rest of this layer's problems together with the layering ones
            extra = _layer_problems([*layers, layer]) if layer is not None else []
            raise DataValidationError(problems + extra)
        layers.append(layer)
    if len(layers) == len(base._layers):
        return base
    problems = _layer_problems(layers)
    if problems:
        raise DataValidationError(problems)
    return DataPackage(layers, _checked=True)


_README = """\
# A trialstats data package

This folder is a data package of the same schema as the data bundled with trialstats
(`datapackage.json` describes every table and column). Layer it over the bundled data:

    import trialstats as ts
    pkg = ts.load_data("{folder}")
    ts.verify_claims("my-claims.yaml", data=pkg)

or on the command line: `trialstats data validate {folder}`,
`trialstats verify my-claims.yaml --data {folder}`.

## Conventions

- One CSV per table, UTF-8, comma-separated, a header row naming the columns of
  `datapackage.json`, every line (the last one too) ending with a line break.
- Ids: trial ids are lower-case author + year of the main publication (`smith2024`,
  `smith2024b`); arm, outcome and effect ids are lower-case words joined by `_`.
  Ids must not repeat the bundled package's (`trialstats trials` lists them): a
  collision is an error naming both files.
- Every outcome row names its `source_id` (a row of `sources.csv`, here or bundled)
  and its `location` in that source (table, figure, paragraph, or the JSON path of a
  registry record), and its `basis`: `reported` (the figure is printed there; keep the
  printed text in the `printed*` columns) or `derived` (computed by us; `derivation`
  says how, as a trialstats call).
- A figure read in a secondary source (a review, a registry mirror) says so in `notes`
  and in the source's `read_via`. Never enter a figure that was not read in a source.
- Every outcome row has a `concept` (response, remission, relapse, dropout,
  adverse_event, symptom_score, prevalence, treatment_seeking, biomarker, other) and a
  `used` flag (where sources disagree keep both rows; mark the one analyses use).
- Claim files (YAML) about documents may live in `claims/` beside the tables.

`trialstats data validate {folder}` reports every problem with file, row and field.
"""


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.astype(str).itertuples(index=False, name=None):
        writer.writerow(row)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _write_folder(folder: Path, tables: dict[str, pd.DataFrame], *, overwrite: bool) -> Path:
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"folder {str(folder)!r} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not overwrite:
        raise ValueError(f"folder {str(folder)!r} is not empty; choose an empty or new folder")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        staging = Path(tmp)
        (staging / "datapackage.json").write_text(
            json.dumps(_bundled_descriptor(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for path, frame in tables.items():
            _write_csv(staging / path, frame)
        (staging / "README.md").write_text(_README.format(folder=folder.name), encoding="utf-8")
        for item in staging.iterdir():
            os.replace(item, folder / item.name)
    return folder


def init_package(folder: str | Path) -> Path:
    """Write an empty, valid package of the bundled schema, with a README of the conventions.

    Parameters
    ----------
    folder : str or Path
        A new or empty folder.

    Returns
    -------
    Path
        The folder, ready for :func:`load_data` once rows are added.

    Raises
    ------
    ValueError
        If ``folder`` is a file or a folder that is not empty.

    Examples
    --------
    >>> import tempfile, trialstats as ts
    >>> from trialstats.data import init_package
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ts.validate_data(init_package(f"{tmp}/mine"))
    []
    """
    return DataPackage.from_text_tables({}).write(folder)


def load_table(name: str) -> pd.DataFrame:
    """Any table (resource) of the bundled package by name, typed per its schema.

    Parameters
    ----------
    name : str
        The resource name in ``datapackage.json`` (``"arms"``, ``"sources"``, ...).

    Returns
    -------
    pandas.DataFrame
        A copy: integer columns are ``Int64``, numbers float, booleans bool, text object
        with None for blanks.

    Raises
    ------
    KeyError
        If there is no such table; the message lists the tables there are.

    Examples
    --------
    >>> import trialstats.data as d
    >>> "source_id" in d.load_table("sources").columns
    True
    """
    return bundled().table(name)


def _package_of(data: DataPackage | None) -> DataPackage:
    if data is None:
        return bundled()
    if not isinstance(data, DataPackage):
        raise TypeError(f"data must be a DataPackage (from trialstats.load_data) or None, got {data!r}")
    return data


def trials(*, data: DataPackage | None = None) -> pd.DataFrame:
    """One row per trial: id, title, design, condition, arms compared, n, primary source.

    Parameters
    ----------
    data : DataPackage, optional
        Read this package instead of the bundled one.

    Examples
    --------
    >>> import trialstats as ts
    >>> "feder2021" in set(ts.trials()["trial_id"])
    True
    """
    return _package_of(data).trials()


def sources(source_id: str | None = None, *, data: DataPackage | None = None) -> pd.DataFrame:
    """Every source (article, registry record, review) a figure or citation comes from.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.sources("feder2021-ajp")["journal"].item()
    'Am J Psychiatry'
    """
    return _package_of(data).sources(source_id)


def arms(trial_id: str | None = None, *, data: DataPackage | None = None) -> pd.DataFrame:
    """Arms (or analysed groups) with n randomized, analysed and completed.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.arms("feder2021")["n_randomized"].sum()
    np.int64(30)
    """
    return _package_of(data).arms(trial_id)


def binary_outcomes(
    trial_id: str | None = None,
    *,
    outcome_id: str | None = None,
    used: bool | None = None,
    data: DataPackage | None = None,
) -> pd.DataFrame:
    """Events out of n per arm (responders, remitters), with the printed figure.

    Parameters
    ----------
    trial_id, outcome_id : str, optional
        Keep only these rows.
    used : bool, optional
        True keeps the rows the analyses use (where sources disagree, one row is used).
    data : DataPackage, optional
        Read this package instead of the bundled one.

    Examples
    --------
    >>> import trialstats as ts
    >>> df = ts.binary_outcomes("feder2021", outcome_id="caps5_response", used=True)
    >>> df.set_index("arm_id")["printed"].to_dict()
    {'ketamine': '67%', 'midazolam': '20%'}
    """
    return _package_of(data).binary_outcomes(trial_id, outcome_id=outcome_id, used=used)


def continuous_outcomes(
    trial_id: str | None = None,
    *,
    outcome_id: str | None = None,
    used: bool | None = None,
    data: DataPackage | None = None,
) -> pd.DataFrame:
    """Means with SD or SE per arm, scale and time point.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.continuous_outcomes("murrough2013")[["arm_id", "mean", "n"]].to_dict("records")
    [{'arm_id': 'ketamine', 'mean': -16.5, 'n': 47}, {'arm_id': 'midazolam', 'mean': -8.8, 'n': 25}]
    """
    return _package_of(data).continuous_outcomes(trial_id, outcome_id=outcome_id, used=used)


def reported_effects(
    trial_id: str | None = None,
    *,
    effect_id: str | None = None,
    used: bool | None = None,
    data: DataPackage | None = None,
) -> pd.DataFrame:
    """The papers' own between-arm (or pre-post) results: estimate, CI, SE, p, as printed.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.reported_effects("feder2021", effect_id="caps5_week2_md")["printed_se"].item()
    '3.96'
    """
    return _package_of(data).reported_effects(trial_id, effect_id=effect_id, used=used)


def relapse(
    trial_id: str | None = None,
    *,
    relapse_id: str | None = None,
    used: bool | None = None,
    data: DataPackage | None = None,
) -> pd.DataFrame:
    """Durability: medians (or means) of time to relapse / loss of response, who was at risk.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.relapse("feder2021")["printed_value"].tolist()
    ['27.5']
    """
    return _package_of(data).relapse(trial_id, relapse_id=relapse_id, used=used)


def load_trial(trial_id: str, *, data: DataPackage | None = None) -> Trial:
    """A trial with its citation, arms, outcomes, reported effects and relapse data.

    Parameters
    ----------
    trial_id : str
        Lower-case author+year id, e.g. ``"feder2021"`` (see :func:`trials`).
    data : DataPackage, optional
        Read this package instead of the bundled one.

    Raises
    ------
    KeyError
        For an unknown id; the message lists the known ids.

    Examples
    --------
    >>> import trialstats as ts
    >>> t = ts.load_trial("feder2021")
    >>> t.source["pmid"]
    '33397139'
    """
    return _package_of(data).load_trial(trial_id)


def validate_data(
    path: str | Path | DataPackage | None = None, *, raise_: bool = False, layered: bool = False
) -> list[DataProblem]:
    """Check a data package against the rules in its ``datapackage.json``.

    Parameters
    ----------
    path : str, Path or DataPackage, optional
        A folder holding ``datapackage.json`` (or the file itself), checked on its own
        (foreign keys must resolve inside it); a DataPackage, checked as layered; None
        checks the bundled data.
    raise_ : bool
        Raise :class:`DataValidationError` listing every problem instead of returning them.
    layered : bool
        Check the folder as :func:`load_data` would layer it over the bundled package:
        foreign keys may point into the bundled data, ids must not collide with it, and
        the schema must be the bundled one; file names then carry the folder.

    Returns
    -------
    list of DataProblem
        Each with ``file``, ``row`` (data rows counted from 1), ``field`` and ``message``;
        empty when the data are valid. Checked: the description itself, columns present
        and described, types, required values, enum and (safe) pattern constraints,
        minimum/maximum (negative counts, percent outside 0–100), unique and primary
        keys, foreign keys to trials, arms and sources, events not above n, percents
        that no count out of n rounds to or that disagree with events/n, truncated rows,
        and resource files outside the folder or not regular files. Never raises for a
        damaged package.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.validate_data()
    []
    """
    if isinstance(path, DataPackage):
        problems = path.validate()
    else:
        if path is None:
            root = data_dir()
        elif isinstance(path, str | os.PathLike):
            root = Path(path)
            if root.is_file():
                root = root.parent
        else:
            raise TypeError(f"path must be a package folder, a DataPackage or None, got {path!r}")
        if layered and path is not None:
            below = list(bundled()._layers)
            layer, problems = _read_layer(root, _label(root), below)
            if layer is not None:
                problems += _layer_problems([*below, layer])
        else:
            problems = validate_package(root)
    if raise_ and problems:
        raise DataValidationError(problems)
    return problems

# --------------------------------------------------------------------------- Trial


@dataclass(eq=False)
class Trial:
    """One trial with its citation, arms, outcomes, reported effects and relapse data.

    Attributes
    ----------
    trial_id : str
    info : pandas.Series
        The trial's row of :func:`trials`.
    source : pandas.Series
        The primary source's row of :func:`sources` (the citation).
    arms, binary_outcomes, continuous_outcomes, reported_effects, relapse : DataFrame
        The trial's rows of each table (every row names its ``source_id``).
    sources : pandas.DataFrame
        Every source the trial's rows cite, primary first.
    """

    trial_id: str
    info: pd.Series
    source: pd.Series
    arms: pd.DataFrame
    binary_outcomes: pd.DataFrame
    continuous_outcomes: pd.DataFrame
    reported_effects: pd.DataFrame
    relapse: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def citation(self) -> str:
        """The primary source as a Vancouver-style reference."""
        return format_citation(self.source)

    def arm(self, arm_id: str) -> pd.Series:
        """One arm's row; a KeyError lists the arm ids."""
        rows = self.arms[self.arms["arm_id"] == arm_id]
        if rows.empty:
            known = ", ".join(self.arms["arm_id"])
            raise KeyError(f"{self.trial_id} has no arm {arm_id!r}; arms: {known}")
        return rows.iloc[0]

    def _sections(self) -> list[tuple[str, list[str]]]:
        info = self.info
        head = [self.citation]
        design = f"{info['design']}; {info['condition']}"
        if _present(info.get("population")):
            design += f"; {info['population']}"
        head.append(design)
        if _present(info.get("n_randomized")):
            head.append(f"n randomized/enrolled: {info['n_randomized']}")
        if _present(info.get("registry_id")):
            head.append(f"registry: {info['registry_id']}")
        sections = [(f"{self.trial_id}: {info['short_title']}", head)]

        arm_lines = []
        for a in self.arms.itertuples(index=False):
            counts = [
                f"{label} {getattr(a, col)}"
                for col, label in (
                    ("n_randomized", "randomized"),
                    ("n_analyzed", "analyzed"),
                    ("n_completed", "completed"),
                )
                if _present(getattr(a, col))
            ]
            dose = f" ({a.dose})" if _present(a.dose) else ""
            arm_lines.append(f"{a.arm_id} [{a.role}]: {a.label}{dose}; {', '.join(counts) or 'n not given'}")
        sections.append(("Arms", arm_lines))

        lines = []
        for r in self.binary_outcomes.itertuples(index=False):
            counts = f"{r.events}/{r.n}" if _present(r.events) and _present(r.n) else ""
            shown = "; ".join(
                x for x in (counts, f"printed {r.printed!r}" if _present(r.printed) else "") if x
            )
            lines.append(f"{r.outcome_id} {r.arm_id} at {r.timepoint}: {shown} [{_basis(r)}]")
        sections.append(("Binary outcomes", lines))

        lines = []
        for r in self.continuous_outcomes.itertuples(index=False):
            parts = [f"{r.statistic} {_shown(r.mean, r.printed_mean)}"]
            if _present(r.sd):
                parts.append(f"SD {r.printed_sd or _fmt(r.sd)}")
            if _present(r.se):
                parts.append(f"SE {r.printed_se or _fmt(r.se)}")
            if getattr(r, "dispersion", None) == "ci" and _present(r.low) and _present(r.high):
                level = f"{r.confidence_level * 100:g}% " if _present(r.confidence_level) else ""
                parts.append(f"{level}CI {_fmt(r.low)} to {_fmt(r.high)}")
            if _present(r.n):
                parts.append(f"n {r.n}")
            lines.append(f"{r.scale} {r.arm_id} at {r.timepoint}: {', '.join(parts)} [{_basis(r)}]")
        sections.append(("Continuous outcomes", lines))

        lines = []
        for r in self.reported_effects.itertuples(index=False):
            # A difference printed as "7.95 lower" is stored as treatment minus comparator (-7.95):
            # show the stored numbers, then the printed text they came from.
            flipped = _shown(r.estimate, r.printed_estimate) != (r.printed_estimate or _fmt(r.estimate))
            text = f"{r.effect_id}: {r.measure}"
            if _present(r.estimate):
                text += f" {_fmt(r.estimate) if flipped else _shown(r.estimate, r.printed_estimate)}"
            if _present(r.low) and _present(r.high):
                level = f"{r.confidence_level * 100:g}% " if _present(r.confidence_level) else ""
                low, high = (
                    (_fmt(r.low), _fmt(r.high))
                    if flipped
                    else (r.printed_low or _fmt(r.low), r.printed_high or _fmt(r.high))
                )
                text += f" ({level}CI {low} to {high})"
            if flipped:
                bounds = f", {r.printed_high} to {r.printed_low}" if _present(r.printed_low) else ""
                text += f" [printed {r.printed_estimate}{bounds}]"
            if _present(r.statistic):
                dof = f" (df {_fmt(r.df)})" if _present(r.df) else ""
                text += f", statistic {_fmt(r.statistic)}{dof}"
            if _present(r.se):
                text += f", SE {r.printed_se or _fmt(r.se)}"
            if _present(r.printed_p) and r.printed_p.lstrip()[:1] in "<>=≤≥":
                text += f", p {r.printed_p.strip()}"
            elif _present(r.p):
                text += f", p {r.p_relation or '='} {r.printed_p or _fmt(r.p)}"
            lines.append(f"{text} [{_basis(r)}]")
        sections.append(("Reported effects", lines))

        lines = []
        for r in self.relapse.itertuples(index=False):
            value = r.printed_value or _fmt(r.value)
            who = f"{r.population}, n={r.n_at_risk}" if _present(r.n_at_risk) else r.population
            follow = f"; follow-up {r.follow_up}" if _present(r.follow_up) else ""
            lines.append(f"{r.relapse_id}: {r.statistic} {value} {r.unit} ({who}){follow} [{_basis(r)}]")
        sections.append(("Relapse / durability", lines))
        return [(title, body) for title, body in sections if body]

    def __str__(self) -> str:
        out = []
        for title, body in self._sections():
            out.append(title)
            out.extend(f"  {line}" for line in body)
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<Trial {self.trial_id}: {self.info['short_title']}>"

    def _repr_html_(self) -> str:
        parts = []
        for i, (title, body) in enumerate(self._sections()):
            tag = "h3" if i == 0 else "h4"
            parts.append(f"<{tag}>{html.escape(title)}</{tag}>")
            parts.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in body) + "</ul>")
        return "<div class='trialstats-trial'>" + "".join(parts) + "</div>"


def _present(value: Any) -> bool:
    if value is None or value is pd.NA:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


def _fmt(value: Any) -> str:
    return "" if not _present(value) else f"{value:g}" if isinstance(value, float) else str(value)


def _shown(value: Any, printed: Any) -> str:
    """The printed text; or the stored value with the printed text beside it when they differ (sign flip)."""
    if not _present(printed):
        return _fmt(value)
    try:
        same = _present(value) and float(printed) == float(value)
    except ValueError:
        same = True
    return printed if same or not _present(value) else f"{_fmt(value)} (printed {printed!r})"


def _basis(row: Any) -> str:
    text = f"{row.source_id}, {row.location}"
    if row.basis == "derived":
        text += "; derived"
    if hasattr(row, "used") and not row.used:
        text += "; not used"
    return text


def format_citation(src: pd.Series) -> str:
    """A source row as a reference: authors. title. journal. year;volume(issue):pages. PMID. doi."""
    parts = []
    if _present(src.get("authors")):
        parts.append(str(src["authors"]).rstrip(".") + ".")
    elif _present(src.get("first_author")):
        parts.append(f"{src['first_author']} et al.")
    if _present(src.get("title")):
        parts.append(str(src["title"]).rstrip(".") + ".")
    where = ""
    if _present(src.get("journal")):
        where = f"{src['journal']}."
    if _present(src.get("year")):
        where += f" {src['year']}"
    if _present(src.get("volume")):
        where += f";{src['volume']}"
        if _present(src.get("issue")):
            where += f"({src['issue']})"
    if _present(src.get("pages")):
        where += f":{src['pages']}"
    if where:
        parts.append(where.strip() + ".")
    if _present(src.get("pmid")):
        parts.append(f"PMID {src['pmid']}.")
    if _present(src.get("pmcid")):
        parts.append(f"{src['pmcid']}.")
    if _present(src.get("doi")):
        parts.append(f"doi:{src['doi']}")
    if _present(src.get("registry_id")) and src.get("kind") == "registry":
        parts.append(f"{src['registry_id']}.")
    if _present(src.get("url")) and not _present(src.get("doi")):
        parts.append(str(src["url"]))
    return " ".join(parts)


