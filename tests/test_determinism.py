"""Determinism and atomic output of the report.

Same input, same bytes: the claims JSON/Markdown/HTML and the report index written twice (in
one process, and by two interpreters with different hash seeds, so that no set or dict
ordering leaks into the output) are byte-identical. Every file is written to a temporary
name and moved into place (``report.atomic_write_text``): a write interrupted at any point
leaves the previous file untouched and no temporary file behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import trialstats as ts
from trialstats import report
from trialstats.claims import VERDICTS

OUTPUTS = ("claims.json", "claims.md", "claims.html", "index.html")


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    # the index page's date line is the one line allowed to differ between runs; fix it here
    # (tests/test_report_run.py compares two runs with the date line left out instead)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _write(out: Path, empty_notebooks: Path) -> dict[str, bytes]:
    results = ts.verify_claims(results=True)
    report.write_report(out, notebooks_dir=empty_notebooks, claims=results)
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.mark.slow
def test_report_twice_gives_identical_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "no-notebooks"
    empty.mkdir()
    first = _write(tmp_path / "a", empty)
    second = _write(tmp_path / "b", empty)
    for name in OUTPUTS:
        assert first[name] == second[name], name
    # the JSON is the machine-readable verdict table of DESIGN.md
    rows = json.loads(first["claims.json"])
    assert rows and {"document", "claim", "kind", "says", "stated", "recomputed", "verdict",
                     "explanation"} <= set(rows[0])
    assert {r["verdict"] for r in rows} <= set(VERDICTS)
    # writing into a folder that already holds a report replaces it with the same bytes
    again = _write(tmp_path / "a", empty)
    assert again == first
    assert not list((tmp_path / "a").glob(".*.tmp"))


def _cli(fmt: str, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-m", "trialstats.cli", "verify", "--format", fmt],
        capture_output=True, env=env, check=False, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return proc.stdout


@pytest.mark.slow
def test_verify_json_independent_of_hash_seed() -> None:
    # the Markdown and HTML are rendered from the same results, checked in-process above
    a, b = _cli("json", "1"), _cli("json", "12345")
    assert a, "no output"
    assert a == b


# ------------------------------------------------------------------------------ atomic writes


def _leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


class _Interrupted(Exception):
    pass


def test_failure_before_the_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "claims.json"
    target.write_text("previous report\n", encoding="utf-8")

    def failing_replace(src: str, dst: str) -> None:
        raise _Interrupted("killed before the rename")

    monkeypatch.setattr(report.os, "replace", failing_replace)
    with pytest.raises(_Interrupted):
        report.atomic_write_text(target, "new report " * 1000)
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("exc", [_Interrupted("disk full"), KeyboardInterrupt()])
def test_failure_in_the_middle_of_writing_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    target = tmp_path / "claims.md"
    target.write_text("previous report\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class HalfWriter:
        """A file object that writes half of the text, then fails."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            self._fh = real_fdopen(*args, **kwargs)  # type: ignore[arg-type]

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *info: object) -> None:
            self._fh.close()

        def write(self, text: str) -> int:
            self._fh.write(text[: len(text) // 2])
            self._fh.flush()
            raise exc

    monkeypatch.setattr(report.os, "fdopen", HalfWriter)
    with pytest.raises(type(exc)):
        report.atomic_write_text(target, "new report\n" * 1000)
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert _leftovers(tmp_path) == []


def test_new_file_is_complete_and_no_temporary_file_remains(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "claims.json"
    text = json.dumps({"a": list(range(10_000))})
    report.atomic_write_text(target, text)
    assert target.read_text(encoding="utf-8") == text
    assert _leftovers(target.parent) == []
