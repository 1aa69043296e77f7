"""Reading and validating a data package (Frictionless Table Schema), safely.

The rules live in ``datapackage.json``, not here: field types, ``required``,
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

A field may carry ``"trialstats:optional": true``: its column may then be absent from the
CSV header (it reads as blank), so that a column added to the schema does not break
packages written before it.

So adding a resource (another helper's ``meta_studies`` table, say) needs no code: its
schema is enough. Row numbers in messages count data rows from 1 (the header is not a
row), which is the line number minus one for files without line breaks inside cells.

Damaged packages are reported, never raised on: the description itself is checked
before it is used (every resource, field, constraint, key and check named by its JSON
path), resource paths must stay inside the package folder and name regular files of at
most :data:`MAX_FILE_BYTES`, schema patterns with nested or alternating repetition
(``^(a+)+$``) are refused because Python's backtracking engine can take exponential time
on them, values longer than :data:`MAX_PATTERN_INPUT` are not matched against a pattern,
and a row with fewer cells than the header, or a file whose last line has no line break,
is reported as truncated.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from .printed import parse_printed

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PATTERN_INPUT",
    "DataProblem",
    "DataValidationError",
    "check_descriptor",
    "check_tables",
    "convert_table",
    "inspect_package",
    "read_package",
    "read_raw",
    "read_resource",
    "resource_path",
    "resource_schema",
    "validate_package",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PATTERN_INPUT = 1000
_MAX_PATTERN_LENGTH = 500
_INT64_MAX = 2**63 - 1
_TYPES = ("string", "integer", "number", "boolean")
_RULES = ("at_most", "ordered", "percent")

_TRUE = frozenset({"true", "True", "TRUE", "1"})
_FALSE = frozenset({"false", "False", "FALSE", "0"})
_INTEGER = re.compile(r"^[+-]?\d+$")
_PERCENT_IN_TEXT = re.compile(r"(\d{1,6}(?:\.\d{1,6})?)\s*%")
_FRACTION_IN_TEXT = re.compile(r"^\s*(\d{1,9})\s*(?:/|of)\s*(\d{1,9})")
_LEADING_COUNT = re.compile(r"^\s*(\d{1,9})\s*\(")
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


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


def _fail(file: str, message: str) -> DataValidationError:
    return DataValidationError([DataProblem(file, None, None, message)])


# --------------------------------------------------------------------------- reading files


def _open_regular(path: Path, label: str) -> bytes:
    """The bytes of a regular file of bounded size; FIFOs, devices and folders are refused.

    The file is opened non-blocking and checked again after opening, so a path swapped
    for a FIFO between the check and the open cannot hang the reader.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(label, "cannot be read: no such file") from None
    except OSError as exc:
        raise _fail(label, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(label, "is not a regular file (a folder, device or pipe); refused")
    if info.st_size > MAX_FILE_BYTES:
        raise _fail(label, f"is {info.st_size} bytes, more than the limit of {MAX_FILE_BYTES}; refused")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _fail(label, f"cannot be read: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _fail(label, "is not a regular file (a folder, device or pipe); refused")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _fail(label, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _fail(label, f"is more than the limit of {MAX_FILE_BYTES} bytes; refused")
    return data


def read_package(data_dir: Path) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of ``data_dir``.

    Raises
    ------
    DataValidationError
        When the file is missing, not a regular file, not UTF-8, not JSON, nested too
        deeply or not a JSON object; never another exception.
    """
    label = "datapackage.json"
    data = _open_regular(Path(data_dir) / label, label)
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise _fail(label, f"is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise _fail(label, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise _fail(label, "not valid JSON: nested too deeply") from None
    if not isinstance(package, dict):
        raise _fail(label, f"must hold a JSON object, not {type(package).__name__}")
    return package


def resource_path(root: Path, relative: Any, label: str) -> Path:
    """The file a resource ``path`` names, confined to the package folder ``root``.

    Raises
    ------
    DataValidationError
        For a path that is not a relative POSIX path inside ``root`` (absolute, with
        ``..``, a drive or backslashes, or a link that leads out of the folder).
    """
    if not isinstance(relative, str) or not relative.strip():
        raise _fail("datapackage.json", f"{label}: path must be a non-empty string, got {relative!r}")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or "\\" in relative or ":" in relative:
        raise _fail(
            "datapackage.json",
            f"{label}: path {relative!r} is outside the package folder; resources must be files inside it",
        )
    root = Path(root)
    full = root / relative
    try:
        inside = full.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        inside = False
    if not inside:
        raise _fail(
            "datapackage.json",
            f"{label}: path {relative!r} leads outside the package folder (a link?); refused",
        )
    return full


def read_resource(path: Path, label: str | None = None) -> tuple[pd.DataFrame | None, list[DataProblem]]:
    """Read a CSV with every cell as text; return the table and every problem found.

    The table is None when the file cannot be read as CSV at all (missing, not a regular
    file, not UTF-8, an unclosed quote, no header, duplicate or blank column names).
    Rows with too few cells are padded with blanks after being reported, rows with too
    many are reported and cut; a file whose last line lacks a line break is reported
    as possibly truncated.
    """
    label = label or Path(path).name
    try:
        data = _open_regular(Path(path), label)
    except DataValidationError as exc:
        return None, exc.problems
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        why = f"not a readable UTF-8 CSV file: bad byte at offset {exc.start}"
        return None, [DataProblem(label, None, None, why)]
    if "\x00" in text:
        return None, [DataProblem(label, None, None, "not a readable UTF-8 CSV file: it holds NUL bytes")]
    if not text.strip():
        return None, [DataProblem(label, None, None, "not a readable UTF-8 CSV file: empty (no header)")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for r in reader:
            if r:
                rows.append(r)
    except csv.Error as exc:
        where = len(rows) if rows else None  # the data row being read (the header is row 0)
        hint = " (an unclosed quote: truncated?)" if "end of data" in str(exc) or "EOF" in str(exc) else ""
        return None, [
            DataProblem(
                label, where, None,
                f"not a readable UTF-8 CSV file: {exc} (line {reader.line_num}){hint}",
            )
        ]
    header = rows[0]
    problems: list[DataProblem] = []
    seen: set[str] = set()
    for col in header:
        if not col.strip():
            problems.append(DataProblem(label, None, None, "the header has a blank column name"))
        elif col in seen:
            problems.append(DataProblem(label, None, col, "the header names this column twice"))
        seen.add(col)
    if problems:
        return None, problems
    width = len(header)
    body = rows[1:]
    for i, row in enumerate(body, start=1):
        if len(row) < width:
            problems.append(
                DataProblem(
                    label, i, header[len(row)],
                    f"row has {len(row)} of the header's {width} cells: truncated (missing from "
                    f"{header[len(row)]!r} on)",
                )
            )
            row.extend([""] * (width - len(row)))
        elif len(row) > width:
            problems.append(DataProblem(label, i, None, f"row has {len(row)} cells, the header {width}"))
            del row[width:]
    if body and not text.endswith(("\n", "\r")):
        problems.append(
            DataProblem(
                label, len(body), header[-1],
                "the file does not end with a line break: its last row may be truncated",
            )
        )
    frame = pd.DataFrame(body or None, columns=header, dtype=object)
    return frame.astype(object), problems


def read_raw(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text, so that printed figures keep their zeros.

    Raises
    ------
    DataValidationError
        Naming the file, when :func:`read_resource` finds any problem.
    """
    frame, problems = read_resource(Path(path))
    if problems or frame is None:
        raise DataValidationError(problems)
    return frame


# --------------------------------------------------------------------------- the description


def _class_test(body: str) -> Any:
    """A test ``ch -> bool`` for the characters a ``[...]`` class body matches."""
    negate = body.startswith("^")
    if negate:
        body = body[1:]
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    tests: list[Any] = []
    k = 0
    while k < len(body):
        ch = body[k]
        if ch == "\\" and k + 1 < len(body):
            esc = body[k + 1]
            if esc in _ESCAPE_TESTS:
                tests.append(_ESCAPE_TESTS[esc])
            else:
                singles.add(esc)
            k += 2
            continue
        if k + 2 < len(body) and body[k + 1] == "-":
            ranges.append((ch, body[k + 2]))
            k += 3
            continue
        singles.add(ch)
        k += 1

    def test(c: str) -> bool:
        hit = c in singles or any(a <= c <= b for a, b in ranges) or any(t(c) for t in tests)
        return hit != negate

    return test


_ESCAPE_TESTS: dict[str, Any] = {
    "d": str.isdigit,
    "w": lambda c: c.isalnum() or c == "_",
    "s": str.isspace,
    "D": lambda c: not c.isdigit(),
    "W": lambda c: not (c.isalnum() or c == "_"),
    "S": lambda c: not c.isspace(),
}


def _anything(c: str) -> bool:
    return True


def _new_frame() -> dict[str, Any]:
    # rep: holds a variable repetition; alt: holds an alternation; first: the first atom if it
    # is one literal character; tests: what each variable repetition inside can match
    return {"rep": False, "alt": False, "first": None, "atoms": 0, "tests": [], "all": []}


def _unambiguous(group: dict[str, Any]) -> bool:
    """A repeated group whose every iteration starts with a literal no inner repetition can
    match (``( [a-z_]+)*``): where one iteration ends is then never in doubt, and matching
    stays linear."""
    first = group["first"]
    return first is not None and not group["alt"] and not any(t(first) for t in group["tests"])


def pattern_problem(pattern: Any) -> str | None:
    """Why a schema ``pattern`` is refused, or None when it is safe to match.

    Refused: non-strings, patterns that do not compile, back-references, and a repeated
    group (``*``, ``+``, ``{n,}`` or ``{n,m}`` with m > 1) holding an alternation, or a
    variable repetition unless each iteration starts with a literal character that the
    inner repetitions cannot match (``^[a-z_]+( [a-z_]+)*$`` is accepted): the shapes
    (``(a+)+``, ``(a|a)*``) on which a backtracking engine can take exponential time.
    Patterns are short: at most 500 characters.
    """
    if not isinstance(pattern, str):
        return f"must be a string, got {type(pattern).__name__}"
    if len(pattern) > _MAX_PATTERN_LENGTH:
        return f"is longer than {_MAX_PATTERN_LENGTH} characters"
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"does not compile: {exc}"
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        return "uses a back-reference"
    stack: list[dict[str, Any]] = [_new_frame()]
    last: dict[str, Any] | None = None  # the atom just read: its test, whether a group, the group
    i, n = 0, len(pattern)

    def atom(test: Any, literal: str | None = None, group: dict[str, Any] | None = None) -> None:
        nonlocal last
        frame = stack[-1]
        if frame["atoms"] == 0:
            frame["first"] = literal
        frame["atoms"] += 1
        frame["all"].append(test)
        last = {"test": test, "group": group}

    while i < n:
        c = pattern[i]
        if c == "\\":
            esc = pattern[i + 1] if i + 1 < n else ""
            if esc in _ESCAPE_TESTS:
                atom(_ESCAPE_TESTS[esc])
            elif esc.isalpha():  # \b, \A, \Z: zero-width or special: treat as anything
                atom(_anything)
            else:
                atom(lambda ch, e=esc: ch == e, literal=esc)
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            atom(_class_test(pattern[i + 1 : j]))
            i = j + 1
            continue
        if c == "(":
            i += 1
            if pattern.startswith("?", i):  # (?:...), (?P<name>...), look-arounds, inline flags
                m = re.match(r"\?(?:P<\w+>|<=|<!|[:=!]|[aiLmsux-]+(?::|\)))", pattern[i:])
                if m is None:
                    return "uses a group syntax this check does not know; refused"
                i += m.end()
                if m.group(0).endswith(")"):  # inline flags, not a group
                    continue
            stack.append(_new_frame())
            last = None
            continue
        if c == ")":
            if len(stack) == 1:
                return "has an unbalanced ')'"
            group = stack.pop()
            parent = stack[-1]
            parent["rep"] |= group["rep"]
            parent["tests"] += group["tests"]
            tests = list(group["all"])
            atom(lambda ch, ts=tests: any(t(ch) for t in ts), group=group)
            parent["all"] += group["all"]
            i += 1
            continue
        if c == "|":
            stack[-1]["alt"] = True
            stack[-1]["first"] = None
            i += 1
            continue
        if c in "^$":
            i += 1
            continue
        repeat = None  # does the quantifier repeat (more than once)?
        variable = False  # does it match a variable number of times?
        optional = False  # may it match zero times?
        if c in "*+":
            repeat, variable, optional, width = True, True, c == "*", 1
        elif c == "?":
            repeat, variable, optional, width = False, True, True, 1
        elif c == "{":
            m = _QUANTIFIER.match(pattern, i)
            if m and (m.group(1) or m.group(3)):
                low, comma, high = m.groups()
                if not comma:
                    repeat, variable = int(low) > 1, False
                else:
                    repeat = not high or int(high) > 1
                    variable = not high or int(high) != int(low or 0)
                optional = not int(low or 0)
                width = m.end() - i
        if repeat is None:
            atom(_anything if c == "." else (lambda ch, lit=c: ch == lit), literal=None if c == "." else c)
            i += 1
            continue
        frame = stack[-1]
        if last is not None:
            if variable:
                frame["rep"] = True
                frame["tests"].append(last["test"])
            if optional and frame["atoms"] == 1:
                frame["first"] = None  # an optional first atom does not start every iteration
            group = last["group"]
            if repeat and group is not None and (group["alt"] or (group["rep"] and not _unambiguous(group))):
                return (
                    "repeats a group that itself repeats or alternates (as in ^(a+)+$); such "
                    "patterns can take exponential time and are refused"
                )
        last = None
        i += width
        if i < n and pattern[i] in "?+":  # lazy or possessive suffix
            i += 1
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _names(value: Any) -> list[str] | None:
    """A key's field list (a string or a list of strings), or None when malformed."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def check_descriptor(package: Any) -> tuple[list[dict[str, Any]], list[DataProblem]]:
    """The well-formed resources of a parsed ``datapackage.json``, and every problem in it.

    A resource with a problem in its description is left out of the returned list (its
    data cannot be checked against a broken schema); the problem says why, by JSON path.
    """
    file = "datapackage.json"
    problems: list[DataProblem] = []

    def bad(where: str, message: str) -> None:
        problems.append(DataProblem(file, None, None, f"{where}: {message}"))

    if not isinstance(package, dict):
        bad("(top level)", f"must be a JSON object, got {type(package).__name__}")
        return [], problems
    resources = package.get("resources")
    if not isinstance(resources, list):
        bad("resources", f"must be a list of tables, got {type(resources).__name__}")
        return [], problems
    good: list[dict[str, Any]] = []
    names: set[str] = set()
    for r, res in enumerate(resources):
        where = f"resources[{r}]"
        before = len(problems)
        if not isinstance(res, dict):
            bad(where, f"must be an object, got {type(res).__name__}")
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            bad(f"{where}.name", f"must be a non-empty string, got {name!r}")
        elif name in names:
            bad(f"{where}.name", f"table {name!r} is described twice")
        else:
            names.add(name)
        if not isinstance(res.get("path"), str) or not res.get("path"):
            bad(f"{where}.path", f"must be a non-empty string, got {res.get('path')!r}")
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list):
            bad(f"{where}.schema.fields", "must be a list of field descriptions")
            continue
        field_names: set[str] = set()
        for f, field in enumerate(fields):
            fw = f"{where}.schema.fields[{f}]"
            if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
                bad(fw, "must be an object with a non-empty string 'name'")
                continue
            if field["name"] in field_names:
                bad(f"{fw}.name", f"field {field['name']!r} is described twice")
            field_names.add(field["name"])
            kind = field.get("type", "string")
            if kind not in _TYPES:
                bad(f"{fw}.type", f"type {kind!r} is not supported (use one of {', '.join(_TYPES)})")
            cons = field.get("constraints", {})
            if not isinstance(cons, dict):
                bad(f"{fw}.constraints", "must be an object")
                continue
            for key in ("required", "unique"):
                if key in cons and not isinstance(cons[key], bool):
                    bad(f"{fw}.constraints.{key}", f"must be true or false, got {cons[key]!r}")
            if "enum" in cons and not (
                isinstance(cons["enum"], list) and all(isinstance(e, str | int | float) for e in cons["enum"])
            ):
                bad(f"{fw}.constraints.enum", "must be a list of values")
            if "pattern" in cons:
                why = pattern_problem(cons["pattern"])
                if why:
                    bad(f"{fw}.constraints.pattern", f"pattern {cons['pattern']!r} {why}")
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if key in cons and not _is_number(cons[key]):
                    bad(f"{fw}.constraints.{key}", f"must be a number, got {cons[key]!r}")
        if len(problems) > before:
            continue
        if "primaryKey" in schema:
            key = _names(schema["primaryKey"])
            if key is None or any(k not in field_names for k in key):
                got = schema["primaryKey"]
                bad(f"{where}.schema.primaryKey", f"must name fields of the table, got {got!r}")
        fks = schema.get("foreignKeys", [])
        if not isinstance(fks, list):
            bad(f"{where}.schema.foreignKeys", "must be a list")
            fks = []
        for k, fk in enumerate(fks):
            kw = f"{where}.schema.foreignKeys[{k}]"
            ref = fk.get("reference") if isinstance(fk, dict) else None
            cols = _names(fk.get("fields")) if isinstance(fk, dict) else None
            ref_cols = _names(ref.get("fields")) if isinstance(ref, dict) else None
            if cols is None or ref_cols is None or len(cols) != len(ref_cols):
                bad(kw, "must have 'fields' and 'reference.fields' of the same length")
            elif any(c not in field_names for c in cols):
                bad(f"{kw}.fields", f"names a field the table does not have: {fk['fields']!r}")
            elif not isinstance(ref.get("resource", name), str):
                bad(f"{kw}.reference.resource", "must be a table name")
        checks = res.get("trialstats:checks", [])
        if not isinstance(checks, list):
            bad(f"{where}.trialstats:checks", "must be a list")
            checks = []
        for c, check in enumerate(checks):
            cw = f"{where}.trialstats:checks[{c}]"
            rule = check.get("rule") if isinstance(check, dict) else None
            if rule not in _RULES:
                bad(cw, f"unknown trialstats check rule {rule!r} (rules: {', '.join(_RULES)})")
                continue
            wanted = {
                "at_most": ("field", "limit"),
                "ordered": ("fields",),
                "percent": ("events", "n"),
            }[rule]
            for key in wanted:
                names_ = _names(check.get(key))
                if names_ is None or any(x not in field_names for x in names_):
                    bad(f"{cw}.{key}", f"must name fields of the table, got {check.get(key)!r}")
            for key in ("percent", "printed"):
                if rule == "percent" and check.get(key) is not None and check.get(key) not in field_names:
                    bad(f"{cw}.{key}", f"must name a field of the table, got {check.get(key)!r}")
        if len(problems) == before:
            good.append(res)
    for res in good:
        for k, fk in enumerate(res["schema"].get("foreignKeys", [])):
            target = fk["reference"].get("resource") or res["name"]
            if target not in names:
                bad(f"{res['path']}: foreign key {k}", f"refers to unknown resource {target!r}")
    return good, problems


# --------------------------------------------------------------------------- typed tables


def _as_list(fields: str | list[str]) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


def convert_table(raw: pd.DataFrame, resource: dict[str, Any]) -> pd.DataFrame:
    """Convert a text table to typed columns per its Table Schema.

    integer -> pandas ``Int64`` (nullable), number -> float (NaN when blank),
    boolean -> bool (``boolean`` when a cell is blank), string -> object with None for
    blank. Columns not in the schema are kept as text; optional schema columns missing
    from the file are added blank. Raises ``ValueError`` naming the column and row on a
    cell that does not parse (run :func:`validate_data` for all).
    """
    fields = resource["schema"]["fields"]
    types = {f["name"]: f.get("type", "string") for f in fields}
    columns = list(raw.columns) + [f["name"] for f in fields if f["name"] not in raw.columns]
    out: dict[str, Any] = {}
    for col in columns:
        # plain Python lists: per-cell work on a few hundred rows is cheaper than pandas' overhead
        cells = ["" if v is None else str(v) for v in raw[col]] if col in raw.columns else [""] * len(raw)
        text = [c.strip() for c in cells]
        kind = types.get(col, "string")
        try:
            if kind == "integer":
                out[col] = pd.array([int(t) if t else None for t in text], dtype="Int64")
            elif kind == "number":
                out[col] = np.array([float(t) if t else np.nan for t in text], dtype=float)
            elif kind == "boolean":
                vals = [_parse_bool(t) if t else None for t in text]
                out[col] = pd.array(vals, dtype="boolean") if None in vals else np.array(vals, dtype=bool)
            else:
                values = [c if t else None for c, t in zip(cells, text, strict=True)]
                out[col] = pd.Series(values, index=raw.index, dtype=object)
        except (TypeError, ValueError, OverflowError) as exc:
            bad = next(
                (i + 1 for i, t in enumerate(text) if t and not _cell_ok(t, kind)),
                None,
            )
            raise ValueError(
                f"{resource.get('path', resource['name'])}: column {col!r} (type {kind}) has a value "
                f"that does not parse at row {bad}: {exc}; run trialstats.validate_data() for every problem"
            ) from None
    return pd.DataFrame(out, index=raw.index, columns=columns)


def _parse_bool(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{text!r} is not a boolean (true/false)")


def _cell_ok(text: str, kind: str) -> bool:
    if kind == "integer":
        return bool(_INTEGER.match(text)) and abs(int(text)) <= _INT64_MAX
    if kind == "number":
        try:
            return math.isfinite(float(text))
        except (ValueError, OverflowError):
            return False
    if kind == "boolean":
        return text in _TRUE or text in _FALSE
    return True


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _count(text: str) -> int | None:
    """A non-negative count of plausible size, or None."""
    if not _INTEGER.match(text) or len(text) > 12:
        return None
    value = int(text)
    return value if value >= 0 else None


# --------------------------------------------------------------------------- checking tables


def inspect_package(
    data_dir: Path, *, reference: dict[str, list[pd.DataFrame]] | None = None
) -> tuple[dict[str, Any] | None, dict[str, pd.DataFrame], list[DataProblem]]:
    """Read and check a package folder: its description, its tables as text, every problem.

    Parameters
    ----------
    data_dir : Path
        The folder holding ``datapackage.json``.
    reference : dict, optional
        Tables (as text) of packages this one is layered over: a foreign key may point
        into them as well as into this package.

    Returns
    -------
    (descriptor or None, {table name: text DataFrame}, problems)
        Tables that could not be read are absent; the problems say why. Never raises
        for a damaged package.
    """
    root = Path(data_dir)
    try:
        package = read_package(root)
    except DataValidationError as exc:
        return None, {}, exc.problems
    resources, problems = check_descriptor(package)
    tables: dict[str, pd.DataFrame] = {}
    for res in resources:
        try:
            path = resource_path(root, res["path"], f"resource {res['name']!r}")
        except DataValidationError as exc:
            problems += exc.problems
            continue
        frame, found = read_resource(path, res["path"])
        problems += found
        if frame is not None:
            tables[res["name"]] = frame
    problems += check_tables(resources, tables, reference=reference, described=package)
    return package, tables, problems


def check_tables(
    resources: list[dict[str, Any]],
    tables: dict[str, pd.DataFrame],
    *,
    reference: dict[str, list[pd.DataFrame]] | None = None,
    described: Any = None,
) -> list[DataProblem]:
    """Every problem of text tables against well-formed resource descriptions."""
    problems: list[DataProblem] = []
    by_name = {r["name"]: r for r in resources}
    for res in resources:
        if res["name"] in tables:
            problems += _guarded(res["path"], _check_resource, res, tables[res["name"]])
    for res in resources:
        if res["name"] in tables:
            problems += _guarded(res["path"], _check_foreign_keys, res, tables, by_name, reference or {})
    return problems


def _guarded(file: str, check: Any, *args: Any) -> list[DataProblem]:
    """Run one check; an unforeseen failure becomes a reported problem, not a crash."""
    try:
        return check(*args)
    except (RecursionError, MemoryError) as exc:
        return [DataProblem(file, None, None, f"could not be checked: {type(exc).__name__}")]
    except Exception as exc:
        return [DataProblem(file, None, None, f"could not be checked ({type(exc).__name__}: {exc})")]


def validate_package(data_dir: Path) -> list[DataProblem]:
    """Every problem in the data package at ``data_dir`` (see the module docstring)."""
    return inspect_package(data_dir)[2]


def _check_resource(res: dict[str, Any], raw: pd.DataFrame) -> list[DataProblem]:
    file = res["path"]
    fields = res["schema"]["fields"]
    problems: list[DataProblem] = []
    known = {f["name"] for f in fields}
    for f in fields:
        if f["name"] not in raw.columns and not f.get("trialstats:optional"):
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
    allowed = None if enum is None else {str(e) for e in enum}
    problems: list[DataProblem] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(column, start=1):
        cell = "" if cell is None else str(cell)
        text = cell.strip()
        if text != cell:
            problems.append(DataProblem(file, i, name, f"value {cell!r} has leading or trailing spaces"))
        if not text:
            if cons.get("required"):
                problems.append(DataProblem(file, i, name, "required value is missing"))
            continue
        if not _cell_ok(text, kind):
            shown = text if len(text) <= 60 else text[:57] + "..."
            extra = " (beyond the 64-bit range)" if kind == "integer" and _INTEGER.match(text) else ""
            problems.append(DataProblem(file, i, name, f"value {shown!r} is not of type {kind}{extra}"))
            continue
        if allowed is not None and text not in allowed:
            problems.append(
                DataProblem(file, i, name, f"value {text!r} is not one of the allowed values {enum}")
            )
        if pattern is not None:
            if len(text) > MAX_PATTERN_INPUT:
                problems.append(
                    DataProblem(
                        file, i, name,
                        f"value is {len(text)} characters long, more than the {MAX_PATTERN_INPUT} matched "
                        f"against the pattern {pattern.pattern}",
                    )
                )
            elif not pattern.fullmatch(text):
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


def _key_rows(raw: pd.DataFrame, cols: list[str]) -> Iterable[tuple[str, ...]]:
    for values in raw[cols].itertuples(index=False, name=None):
        yield tuple(("" if v is None else str(v)).strip() for v in values)


def _check_primary_key(file: str, key: str | list[str] | None, raw: pd.DataFrame) -> list[DataProblem]:
    if not key:
        return []
    cols = _as_list(key)
    if any(c not in raw.columns for c in cols):
        return []
    problems = []
    first: dict[tuple[str, ...], int] = {}
    for i, values in enumerate(_key_rows(raw, cols), start=1):
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
    res: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    resources: dict[str, dict[str, Any]],
    reference: dict[str, list[pd.DataFrame]],
) -> list[DataProblem]:
    file = res["path"]
    raw = tables[res["name"]]
    problems = []
    for fk in res["schema"].get("foreignKeys", []):
        cols = _as_list(fk["fields"])
        ref = fk["reference"]
        ref_name = ref.get("resource") or res["name"]
        ref_cols = _as_list(ref["fields"])
        if ref_name not in resources:
            continue  # reported with the description
        target = tables.get(ref_name)
        if target is None or any(c not in raw.columns for c in cols):
            continue
        if any(c not in target.columns for c in ref_cols):
            continue
        known = set(_key_rows(target, ref_cols))
        for lower in reference.get(ref_name, []):
            if all(c in lower.columns for c in ref_cols):
                known |= set(_key_rows(lower, ref_cols))
        for i, values in enumerate(_key_rows(raw, cols), start=1):
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


def _cells(raw: pd.DataFrame, col: str | None) -> list[str]:
    if col is None or col not in raw.columns:
        return [""] * len(raw)
    return [("" if c is None else str(c)).strip() for c in raw[col]]


def _check_at_most(file: str, field: str, limit: str, raw: pd.DataFrame) -> list[DataProblem]:
    problems = []
    for i, (x, n) in enumerate(zip(_cells(raw, field), _cells(raw, limit), strict=True), start=1):
        if _INTEGER.match(x) and _INTEGER.match(n) and int(x) > int(n):
            problems.append(DataProblem(file, i, field, f"{field} = {x} exceeds {limit} = {n}"))
    return problems


def _check_ordered(file: str, fields: list[str], raw: pd.DataFrame) -> list[DataProblem]:
    problems = []
    columns = [_cells(raw, f) for f in fields]
    for i in range(len(raw)):
        present = [(f, _number(col[i])) for f, col in zip(fields, columns, strict=True)]
        present = [(f, v) for f, v in present if v is not None]
        for (fa, a), (fb, b) in itertools.pairwise(present):
            if a > b:
                problems.append(
                    DataProblem(file, i + 1, fb, f"{fa} = {a:g} is above {fb} = {b:g}; expected {fa} <= {fb}")
                )
    return problems


def _percent_counts(text: str, n: int) -> range:
    """The counts k in 0..n whose k/n, in percent, rounds to the printed ``text``.

    Exact: the printed bounds are taken as the decimals they stand for (66.5 for "67%"),
    compared with 100 k / n in rational arithmetic, closed at both ends; no array of
    n + 1 counts is built, so a huge n costs nothing.
    """
    printed = parse_printed(text)
    low = Fraction(printed.low).limit_denominator(10**9)
    high = Fraction(printed.high).limit_denominator(10**9)
    k_min = max(0, math.ceil(low * n / 100))
    k_max = min(n, math.floor(high * n / 100))
    return range(k_min, max(k_min, k_max + 1))


def _shown_counts(counts: range) -> str:
    if len(counts) <= 12:
        return ", ".join(map(str, counts))
    return f"{counts.start} to {counts.stop - 1}"


def _check_percent(file: str, check: dict[str, Any], raw: pd.DataFrame) -> list[DataProblem]:
    problems = []
    pcol, tcol = check.get("percent"), check.get("printed")
    ecol, ncol = check["events"], check["n"]
    rows = zip(_cells(raw, pcol), _cells(raw, tcol), _cells(raw, ecol), _cells(raw, ncol), strict=True)
    for i, (pct, printed, ev, n_text) in enumerate(rows, start=1):
        n = _count(n_text)
        if n is None or n == 0:
            continue  # a missing, impossible or absurd n is reported by the type and range rules
        events = _count(ev)
        if events is not None and events > n:
            events = None
        if ev and events is None:
            continue  # an impossible count is reported by the type, minimum and at_most rules
        to_check: list[tuple[str, str]] = []
        if pct and _number(pct) is not None and re.fullmatch(r"\d{1,6}(?:\.\d{1,6})?", pct):
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
            try:
                value = parse_printed(text).value
            except ValueError:
                continue
            if not 0 <= value <= 100:
                continue  # the range constraint reports it
            counts = _percent_counts(text, n)
            if len(counts) == 0:
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
                        f" (counts that round to {text}: {_shown_counts(counts)})",
                    )
                )
    return problems


def resource_schema(package: dict[str, Any], name: str) -> dict[str, Any]:
    """The resource called ``name``; a KeyError lists the resources there are."""
    resources = [r for r in package.get("resources", []) if isinstance(r, dict)]
    for res in resources:
        if res.get("name") == name:
            return res
    known = ", ".join(sorted(str(r.get("name", "?")) for r in resources))
    raise KeyError(f"no table named {name!r} in the data package; tables: {known}")
