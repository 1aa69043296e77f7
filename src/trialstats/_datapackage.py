"""Reading and validating the bundled data package (Frictionless Table Schema).

The rules live in ``data/datapackage.json``, not here: field types, ``required``,
``unique``, ``enum``, ``pattern``, ``minimum``/``maximum``, primary and foreign keys come
from the Table Schema, and three consistency rules that Table Schema cannot express are
declared per resource under the custom property ``trialstats:checks``:

``{"rule": "at_most", "field": "events", "limit": "n"}``
    the count in ``field`` must not exceed the count in ``limit`` on the same row;
``{"rule": "ordered", "fields": ["low", "estimate", "high"]}``
    the values present must be in non-decreasing order;
``{"rule": "percent", "percent": "percent", "printed": "printed", "events": "events", "n": "n"}``
    a percent (as written in the CSV, so its decimals set the rounding) must be one that
    some count out of ``n`` rounds to, and must agree with ``events``/``n`` when both are
    given; a printed figure such as ``67%``, ``10/15`` or ``10 (67%)`` is checked the
    same way.

So adding a resource (another helper's ``meta_studies`` table, say) needs no code: its
schema is enough. Row numbers in messages count data rows from 1 (the header is not a
row), which is the line number minus one for files without line breaks inside cells.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .printed import parse_printed

__all__ = [
    "DataProblem",
    "DataValidationError",
    "convert_table",
    "read_package",
    "read_raw",
    "validate_package",
]

_TRUE = frozenset({"true", "True", "TRUE", "1"})
_FALSE = frozenset({"false", "False", "FALSE", "0"})
_INTEGER = re.compile(r"^[+-]?\d+$")
_PERCENT_IN_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_FRACTION_IN_TEXT = re.compile(r"^\s*(\d+)\s*(?:/|of)\s*(\d+)")
_LEADING_COUNT = re.compile(r"^\s*(\d+)\s*\(")


@dataclass(frozen=True)
class DataProblem:
    """One problem found in the data package.

    Attributes
    ----------
    file : str
        The CSV (or ``datapackage.json``) the problem is in.
    row : int or None
        Data row, counted from 1 after the header; None for a file- or column-level problem.
    field : str or None
        The column concerned (for key problems, the key's columns joined by '+').
    message : str
        What is wrong, with the offending value.
    """

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.field is not None:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """The data package has problems; ``.problems`` lists every one of them."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"the data package has {len(self.problems)} problem(s):\n{lines}")


def read_package(data_dir: Path) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of ``data_dir``."""
    path = data_dir / "datapackage.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataValidationError([DataProblem(path.name, None, None, f"not valid JSON: {exc}")]) from None


def resource_schema(package: dict[str, Any], name: str) -> dict[str, Any]:
    """The resource called ``name``; a KeyError lists the resources there are."""
    for res in package.get("resources", []):
        if res.get("name") == name:
            return res
    known = ", ".join(sorted(r.get("name", "?") for r in package.get("resources", [])))
    raise KeyError(f"no table named {name!r} in the data package; tables: {known}")


def read_raw(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text, so that printed figures keep their zeros.

    A file that is not readable CSV (bad encoding, an unclosed quote, no header) raises
    ``DataValidationError`` naming the file, not pandas' parser error.
    """
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataValidationError(
            [DataProblem(Path(path).name, None, None, f"not a readable UTF-8 CSV file: {detail}")]
        ) from None


def _as_list(fields: str | list[str]) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


def convert_table(raw: pd.DataFrame, resource: dict[str, Any]) -> pd.DataFrame:
    """Convert a text table to typed columns per its Table Schema.

    integer -> pandas ``Int64`` (nullable), number -> float (NaN when blank),
    boolean -> bool (``boolean`` when a cell is blank), string -> object with None for
    blank. Columns not in the schema are kept as text. Raises ``ValueError`` naming the
    column and row on a cell that does not parse (run :func:`validate_data` for all).
    """
    out = pd.DataFrame(index=raw.index)
    types = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
    for col in raw.columns:
        text = raw[col].str.strip()
        blank = text.eq("")
        kind = types.get(col, "string")
        try:
            if kind == "integer":
                out[col] = pd.array(
                    [None if b else int(t) for t, b in zip(text, blank, strict=True)], dtype="Int64"
                )
            elif kind == "number":
                out[col] = pd.to_numeric(text.mask(blank, None), errors="raise").astype(float)
            elif kind == "boolean":
                vals = [None if b else _parse_bool(t) for t, b in zip(text, blank, strict=True)]
                out[col] = pd.array(vals, dtype="boolean") if blank.any() else np.array(vals, dtype=bool)
            else:
                out[col] = raw[col].astype(object).where(~blank, None)
        except (TypeError, ValueError) as exc:
            bad = next(
                (i + 1 for i, t in enumerate(text) if t and not _cell_ok(t, kind)),
                None,
            )
            raise ValueError(
                f"{resource.get('path', resource['name'])}: column {col!r} (type {kind}) has a value "
                f"that does not parse at row {bad}: {exc}; run trialstats.validate_data() for every problem"
            ) from None
    return out


def _parse_bool(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{text!r} is not a boolean (true/false)")


def _cell_ok(text: str, kind: str) -> bool:
    if kind == "integer":
        return bool(_INTEGER.match(text))
    if kind == "number":
        try:
            return math.isfinite(float(text))
        except ValueError:
            return False
    if kind == "boolean":
        return text in _TRUE or text in _FALSE
    return True


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- validation


def validate_package(data_dir: Path) -> list[DataProblem]:
    """Every problem in the data package at ``data_dir`` (see the module docstring)."""
    try:
        package = read_package(data_dir)
    except OSError as exc:
        return [DataProblem("datapackage.json", None, None, f"cannot be read: {exc}")]
    except DataValidationError as exc:
        return exc.problems
    problems: list[DataProblem] = []
    tables: dict[str, pd.DataFrame] = {}
    resources = package.get("resources", [])
    for res in resources:
        path = data_dir / res["path"]
        try:
            tables[res["name"]] = read_raw(path)
        except OSError as exc:
            problems.append(DataProblem(res["path"], None, None, f"cannot be read: {exc}"))
        except DataValidationError as exc:
            problems += exc.problems
    for res in resources:
        if res["name"] in tables:
            problems += _check_resource(res, tables[res["name"]])
    for res in resources:
        if res["name"] in tables:
            problems += _check_foreign_keys(res, tables, {r["name"]: r for r in resources})
    return problems


def _check_resource(res: dict[str, Any], raw: pd.DataFrame) -> list[DataProblem]:
    file = res["path"]
    fields = res["schema"]["fields"]
    problems: list[DataProblem] = []
    known = {f["name"] for f in fields}
    for f in fields:
        if f["name"] not in raw.columns:
            problems.append(DataProblem(file, None, f["name"], "required column is missing from the header"))
    for col in raw.columns:
        if col not in known:
            problems.append(DataProblem(file, None, col, "column is not described in datapackage.json"))
    for f in fields:
        name = f["name"]
        if name not in raw.columns:
            continue
        problems += _check_field(file, f, raw[name])
    problems += _check_primary_key(file, res["schema"].get("primaryKey"), raw)
    for check in res.get("trialstats:checks", []):
        problems += _run_check(file, check, raw)
    return problems


def _check_field(file: str, field: dict[str, Any], column: pd.Series) -> list[DataProblem]:
    name = field["name"]
    kind = field.get("type", "string")
    cons = field.get("constraints", {})
    pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
    enum = cons.get("enum")
    problems: list[DataProblem] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(column, start=1):
        text = cell.strip()
        if text != cell:
            problems.append(DataProblem(file, i, name, f"value {cell!r} has leading or trailing spaces"))
        if not text:
            if cons.get("required"):
                problems.append(DataProblem(file, i, name, "required value is missing"))
            continue
        if not _cell_ok(text, kind):
            problems.append(DataProblem(file, i, name, f"value {text!r} is not of type {kind}"))
            continue
        if enum is not None and text not in [str(e) for e in enum]:
            problems.append(
                DataProblem(file, i, name, f"value {text!r} is not one of the allowed values {enum}")
            )
        if pattern is not None and not pattern.fullmatch(text):
            problems.append(
                DataProblem(file, i, name, f"value {text!r} does not match the pattern {pattern.pattern}")
            )
        if kind in ("integer", "number"):
            value = float(text)
            for key, test, words in (
                ("minimum", lambda v, b: v >= b, "is below the minimum"),
                ("maximum", lambda v, b: v <= b, "is above the maximum"),
                ("exclusiveMinimum", lambda v, b: v > b, "is not above the exclusive minimum"),
                ("exclusiveMaximum", lambda v, b: v < b, "is not below the exclusive maximum"),
            ):
                if key in cons and not test(value, cons[key]):
                    extra = " (counts cannot be negative)" if key == "minimum" and kind == "integer" else ""
                    problems.append(DataProblem(file, i, name, f"value {text} {words} {cons[key]}{extra}"))
        if cons.get("unique"):
            if text in seen:
                problems.append(
                    DataProblem(file, i, name, f"value {text!r} is not unique (also in row {seen[text]})")
                )
            else:
                seen[text] = i
    return problems


def _check_primary_key(file: str, key: str | list[str] | None, raw: pd.DataFrame) -> list[DataProblem]:
    if not key:
        return []
    cols = _as_list(key)
    if any(c not in raw.columns for c in cols):
        return []
    problems = []
    first: dict[tuple[str, ...], int] = {}
    for i, values in enumerate(raw[cols].itertuples(index=False, name=None), start=1):
        values = tuple(v.strip() for v in values)
        if values in first:
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(cols, values, strict=True))
            problems.append(
                DataProblem(
                    file, i, "+".join(cols), f"duplicated primary key ({shown}); first in row {first[values]}"
                )
            )
        else:
            first[values] = i
    return problems


def _check_foreign_keys(
    res: dict[str, Any], tables: dict[str, pd.DataFrame], resources: dict[str, dict[str, Any]]
) -> list[DataProblem]:
    file = res["path"]
    raw = tables[res["name"]]
    problems = []
    for fk in res["schema"].get("foreignKeys", []):
        cols = _as_list(fk["fields"])
        ref = fk["reference"]
        ref_name = ref.get("resource") or res["name"]
        ref_cols = _as_list(ref["fields"])
        target = tables.get(ref_name)
        if ref_name not in resources:
            problems.append(
                DataProblem("datapackage.json", None, None, f"{file} refers to unknown resource {ref_name!r}")
            )
            continue
        if target is None or any(c not in raw.columns for c in cols):
            continue
        if any(c not in target.columns for c in ref_cols):
            continue
        known = {tuple(v.strip() for v in row) for row in target[ref_cols].itertuples(index=False, name=None)}
        for i, row in enumerate(raw[cols].itertuples(index=False, name=None), start=1):
            values = tuple(v.strip() for v in row)
            if any(v == "" for v in values):
                continue  # a blank key is a 'required' matter, reported by the field check
            if values not in known:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(cols, values, strict=True))
                what = {"trials": "trial", "sources": "source", "arms": "arm"}.get(ref_name, ref_name)
                problems.append(
                    DataProblem(
                        file,
                        i,
                        "+".join(cols),
                        f"{shown} refers to an unknown {what}: no such row in {resources[ref_name]['path']}",
                    )
                )
    return problems


def _run_check(file: str, check: dict[str, Any], raw: pd.DataFrame) -> list[DataProblem]:
    rule = check.get("rule")
    if rule == "at_most":
        return _check_at_most(file, check["field"], check["limit"], raw)
    if rule == "ordered":
        return _check_ordered(file, check["fields"], raw)
    if rule == "percent":
        return _check_percent(file, check, raw)
    return [DataProblem("datapackage.json", None, None, f"{file}: unknown trialstats check rule {rule!r}")]


def _cells(raw: pd.DataFrame, col: str | None) -> Iterable[str]:
    if col is None or col not in raw.columns:
        return [""] * len(raw)
    return (c.strip() for c in raw[col])


def _check_at_most(file: str, field: str, limit: str, raw: pd.DataFrame) -> list[DataProblem]:
    problems = []
    for i, (x, n) in enumerate(zip(_cells(raw, field), _cells(raw, limit), strict=True), start=1):
        if _INTEGER.match(x) and _INTEGER.match(n) and int(x) > int(n):
            problems.append(DataProblem(file, i, field, f"{field} = {x} exceeds {limit} = {n}"))
    return problems


def _check_ordered(file: str, fields: list[str], raw: pd.DataFrame) -> list[DataProblem]:
    problems = []
    columns = [list(_cells(raw, f)) for f in fields]
    for i in range(len(raw)):
        present = [(f, _number(col[i])) for f, col in zip(fields, columns, strict=True)]
        present = [(f, v) for f, v in present if v is not None]
        for (fa, a), (fb, b) in itertools.pairwise(present):
            if a > b:
                problems.append(
                    DataProblem(file, i + 1, fb, f"{fa} = {a:g} is above {fb} = {b:g}; expected {fa} <= {fb}")
                )
    return problems


def _percent_counts(text: str, n: int) -> np.ndarray:
    """The counts k in 0..n whose k/n, in percent, rounds to the printed ``text``."""
    printed = parse_printed(text)
    k = np.arange(n + 1)
    pct = 100.0 * k / max(n, 1)
    eps = 1e-9 * np.maximum(1.0, pct)
    return k[(pct >= printed.low - eps) & (pct <= printed.high + eps)]


def _check_percent(file: str, check: dict[str, Any], raw: pd.DataFrame) -> list[DataProblem]:
    problems = []
    pcol, tcol = check.get("percent"), check.get("printed")
    ecol, ncol = check["events"], check["n"]
    rows = zip(_cells(raw, pcol), _cells(raw, tcol), _cells(raw, ecol), _cells(raw, ncol), strict=True)
    for i, (pct, printed, ev, n_text) in enumerate(rows, start=1):
        if not _INTEGER.match(n_text) or int(n_text) < 0:
            continue
        n = int(n_text)
        events = int(ev) if _INTEGER.match(ev) and 0 <= int(ev) <= n else None
        if n == 0 or (ev and events is None):
            continue  # an impossible count is reported by the type, minimum and at_most rules
        to_check: list[tuple[str, str]] = []
        if pct and _number(pct) is not None:
            to_check.append((pcol, pct + "%"))
        if printed:
            m = _PERCENT_IN_TEXT.search(printed)
            if m:
                to_check.append((tcol, m.group(1) + "%"))
            frac = _FRACTION_IN_TEXT.match(printed)
            lead = _LEADING_COUNT.match(printed)
            if frac:
                pe, pn = int(frac.group(1)), int(frac.group(2))
                if pn != n or (events is not None and pe != events):
                    problems.append(
                        DataProblem(
                            file, i, tcol, f"printed {printed!r} disagrees with {ecol} = {ev}, {ncol} = {n}"
                        )
                    )
            elif lead and events is not None and int(lead.group(1)) != events:
                problems.append(
                    DataProblem(file, i, tcol, f"printed count in {printed!r} disagrees with {ecol} = {ev}")
                )
        for col, text in to_check:
            if not 0 <= parse_printed(text).value <= 100:
                continue  # the range constraint reports it
            counts = _percent_counts(text, n)
            if counts.size == 0:
                problems.append(
                    DataProblem(
                        file, i, col, f"no count out of {ncol} = {n} rounds to {text} (value {text!r})"
                    )
                )
            elif events is not None and events not in counts:
                problems.append(
                    DataProblem(
                        file,
                        i,
                        col,
                        f"{text} is inconsistent with {ecol}/{ncol} = {events}/{n} = {100 * events / n:.2f}%"
                        f" (counts that round to {text}: {', '.join(map(str, counts))})",
                    )
                )
    return problems
