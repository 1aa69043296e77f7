"""Quoted claims: load claim files, recompute each claim from ``data/``, and give a verdict.

A claim file (YAML, read with ``yaml.safe_load`` only) describes one document and the
quantitative statements it makes::

    document: {id: guide-ketamine-ptsd, title: Ketamine Therapy for PTSD, url: null, file: null}
    claims:
      - id: strongest-rct-response
        says: about two in three responded on ketamine vs one in five on the comparator
        kind: two_proportions
        trial: feder2021
        outcome: caps5_response          # optional
        stated: {treatment: "67%", control: "20%", comparator: placebo}

Kinds and their ``stated`` fields:

``proportion``
    ``value``; optional ``n``, or the claim's ``trial`` + ``arm`` (+ ``outcome``). ``trial``
    may be a list (a claim about several trials, e.g. "response 50 to 60%" for SSRIs) and
    ``outcome`` then a mapping trial -> outcome id.
``two_proportions``
    ``treatment``, ``control``; optional ``treatment_arm``, ``control_arm``.
``effect``
    ``measure`` (MD, SMD, d, g, OR, RR, RD, HR) and any of ``estimate``, ``low``, ``high``,
    ``se``, ``p``, ``n1``, ``n2``, ``confidence_level``.
``median_time``
    ``value`` with its unit ("27.5 days"); optional ``arm``.
``count``
    ``value``; ``what`` = randomized (default) | analyzed | completed | events | infusions |
    weeks (the last two read from the arm's printed schedule in ``data/``); optional ``arm``.
``citation``
    any of ``author``, ``year``, ``journal``, ``volume``, ``issue``, ``pages``, ``title``,
    ``pmid``, ``doi``; optional ``source`` (a source id in ``data/``).
``arithmetic``
    ``expression`` (a string, or a list of two for a range) and ``value``.

Any claim may also state ``intervention`` and ``comparator`` as the document names them.

Verdicts
--------
``consistent``
    The stated figures are what the data give, within the rounding of the printed digits
    (or the documented tolerance of words; see :mod:`trialstats.claims_figures`).
``inconsistent``
    The data (or the claim's own numbers) contradict a stated figure.
``unverifiable``
    Something needed is missing (a denominator, a trial, a row of data, an engine); the
    explanation names it and says what can still be said (for a percent with no n: the
    smallest n that can produce it, and the interval at that n).
``misattributed``
    The numbers exist, but not as or where the claim says: the comparator was not a
    placebo, the cited journal or pages are not those of the source.
``error``
    The claim itself is malformed (unknown kind, missing field, unknown trial ...). It is
    reported as a row; the rest of the file is still verified. A file that cannot be read
    at all raises :class:`ClaimFileError`.

References
----------
.. [1] Brown NJL, Heathers JAJ. The GRIM test. Soc Psychol Personal Sci. 2017;8:363-369.
.. [2] Altman DG, Bland JM. How to obtain the P value from a confidence interval. BMJ.
   2011;343:d2304.

Examples
--------
>>> import trialstats as ts
>>> table = ts.verify_claims()                      # doctest: +SKIP
>>> table.groupby("verdict").size()                 # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .claims_figures import Figure, evaluate_expression, parse_figure

__all__ = [
    "KINDS",
    "RESULT_COLUMNS",
    "VERDICTS",
    "Claim",
    "ClaimFileError",
    "ClaimResult",
    "DataTables",
    "Point",
    "bundled_claims_dir",
    "load_claims",
    "verify_claim",
    "verify_claims",
]

VERDICTS = ("consistent", "inconsistent", "unverifiable", "misattributed", "error")

#: kind -> (required stated fields, optional stated fields)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "proportion": (("value",), ("n", "arm")),
    "two_proportions": (("treatment", "control"), ("treatment_arm", "control_arm")),
    "effect": (("measure",), ("estimate", "low", "high", "se", "p", "n1", "n2", "confidence_level")),
    "median_time": (("value",), ("arm",)),
    "count": (("value",), ("what", "arm")),
    "citation": (
        (),
        ("author", "year", "journal", "volume", "issue", "pages", "title", "pmid", "doi", "source"),
    ),
    "arithmetic": (("expression", "value"), ()),
}
_COMMON_STATED = ("intervention", "comparator")
_CLAIM_KEYS = ("id", "says", "kind", "trial", "outcome", "stated", "where", "notes")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CLAIM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MEASURES = ("MD", "SMD", "d", "g", "OR", "RR", "RD", "HR")
_COUNT_WHAT = ("randomized", "analyzed", "completed", "events", "infusions", "weeks")
_CITATION_FIELDS = KINDS["citation"][1]

RESULT_COLUMNS = [
    "document",
    "claim",
    "kind",
    "says",
    "stated",
    "recomputed",
    "interval",
    "verdict",
    "explanation",
    "trial",
    "sources",
]


class DataMissing(LookupError):
    """A table of ``data/`` needed by a check is not available."""


class ClaimFileError(ValueError):
    """A claim file that cannot be read at all (not YAML, no ``document``, bad document id)."""


@dataclass(frozen=True)
class Claim:
    """One quoted claim, as loaded from a claim file.

    A claim that broke a rule of the format still loads, with ``error`` saying what is wrong
    (file, claim id, field, what was expected); it is then reported with verdict ``error``.
    """

    document: str
    document_title: str
    id: str
    says: str
    kind: str
    stated: Mapping[str, Any] = field(default_factory=dict)
    trial: str | tuple[str, ...] | None = None
    outcome: str | Mapping[str, str] | None = None
    where: str | None = None
    file: str | None = None
    error: str | None = None

    @property
    def trials(self) -> tuple[str, ...]:
        """The trial ids the claim is about (none, one or several)."""
        if self.trial is None:
            return ()
        return (self.trial,) if isinstance(self.trial, str) else tuple(self.trial)

    def outcome_for(self, trial_id: str) -> str | None:
        if isinstance(self.outcome, Mapping):
            return self.outcome.get(trial_id)
        return self.outcome

    def figure(self, name: str, *, proportion: bool = False) -> Figure:
        """A stated figure, parsed (see :func:`trialstats.claims_figures.parse_figure`)."""
        return parse_figure(self.stated[name], field=f"stated.{name}", proportion=proportion)

    def stated_text(self) -> str:
        """The stated fields as one line, 'treatment 67%, control 20%, comparator placebo'."""
        parts = []
        for key, value in self.stated.items():
            if isinstance(value, list):
                value = " ; ".join(map(str, value))
            parts.append(f"{key} {value}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Point:
    """One stated-vs-recomputed comparison, for tables and figures (proportions in percent)."""

    label: str
    stated_low: float
    stated_high: float
    stated: float
    recomputed: float
    low: float = math.nan
    high: float = math.nan
    unit: str = ""


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim, with the working that led to it.

    Attributes
    ----------
    claim : Claim
    verdict : str
        One of :data:`VERDICTS`.
    explanation : str
        One or two sentences: what was compared and why the verdict.
    recomputed : str
        The recomputed value(s), readable ('66.7% (10/15) vs 20.0% (3/15)').
    interval : str
        The interval of the recomputed value where there is one.
    steps : tuple of str
        The working, step by step.
    points : tuple of Point
        Numeric stated-vs-recomputed pairs (for the figure of the audit notebook).
    sources : tuple of str
        The ``data/`` source ids the recomputation used.
    """

    claim: Claim
    verdict: str
    explanation: str
    recomputed: str = ""
    interval: str = ""
    steps: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: document, claim, kind, says, stated, recomputed, interval, verdict,
        explanation, trial, sources and the working."""
        c = self.claim
        return {
            "document": c.document,
            "claim": c.id,
            "kind": c.kind,
            "says": c.says,
            "stated": c.stated_text(),
            "recomputed": self.recomputed,
            "interval": self.interval,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "trial": ", ".join(c.trials),
            "sources": ", ".join(self.sources),
            "working": list(self.steps),
        }

    def __str__(self) -> str:
        head = f"[{self.verdict}] {self.claim.document}/{self.claim.id}: {self.claim.says}"
        body = [f"  stated: {self.claim.stated_text()}"]
        if self.recomputed:
            body.append(f"  recomputed: {self.recomputed}" + (f" ({self.interval})" if self.interval else ""))
        body.append(f"  {self.explanation}")
        return "\n".join([head, *body])

    def _repr_html_(self) -> str:
        from .verdict_render import result_html

        return result_html(self)


# -- the data the claims are checked against -----------------------------------------------

_TABLES = (
    "trials",
    "arms",
    "binary_outcomes",
    "continuous_outcomes",
    "reported_effects",
    "relapse",
    "sources",
)


@dataclass
class DataTables:
    """The tables of ``data/`` that claims are checked against.

    ``DataTables.bundled()`` reads them with the loaders of :mod:`trialstats.data`; tests
    build one from small DataFrames. A table that is ``None`` is reported as missing.
    """

    trials: pd.DataFrame | None = None
    arms: pd.DataFrame | None = None
    binary_outcomes: pd.DataFrame | None = None
    continuous_outcomes: pd.DataFrame | None = None
    reported_effects: pd.DataFrame | None = None
    relapse: pd.DataFrame | None = None
    sources: pd.DataFrame | None = None
    problem: str | None = None

    @classmethod
    def bundled(cls) -> DataTables:
        try:
            from . import data
        except Exception as exc:  # the loaders are written concurrently; say so, don't crash
            return cls(problem=f"the data loaders (trialstats.data) are not available: {exc}")
        tables: dict[str, pd.DataFrame | None] = {}
        problems = []
        for name in _TABLES:
            try:
                tables[name] = getattr(data, name)()
            except Exception as exc:
                tables[name] = None
                problems.append(f"{name}: {exc}")
        return cls(**tables, problem="; ".join(problems) or None)

    def table(self, name: str) -> pd.DataFrame:
        """A table, restricted to the rows analyses use (``used``) where the table has that flag."""
        frame = getattr(self, name)
        if frame is None:
            why = f" ({self.problem})" if self.problem else ""
            raise DataMissing(f"data/ table {name} is not available{why}")
        if "used" in frame.columns:
            frame = frame[frame["used"].fillna(False).astype(bool)]
        return frame

    def trial_ids(self) -> set[str] | None:
        return None if self.trials is None else set(self.trials["trial_id"].dropna())

    def source_ids(self) -> set[str] | None:
        return None if self.sources is None else set(self.sources["source_id"].dropna())

    def arm_ids(self, trial_id: str) -> set[str] | None:
        if self.arms is None:
            return None
        return set(self.arms.loc[self.arms["trial_id"] == trial_id, "arm_id"])

    def outcome_ids(self, trial_id: str) -> set[str] | None:
        ids: set[str] = set()
        seen = False
        for name, col in (
            ("binary_outcomes", "outcome_id"),
            ("continuous_outcomes", "outcome_id"),
            ("reported_effects", "effect_id"),
            ("reported_effects", "outcome_id"),
            ("relapse", "relapse_id"),
        ):
            frame = getattr(self, name)
            if frame is None:
                continue
            seen = True
            ids |= set(frame.loc[frame["trial_id"] == trial_id, col].dropna())
        return ids if seen else None


# -- loading ---------------------------------------------------------------------------------


def bundled_claims_dir() -> Path:
    """The folder of the bundled claim files (``data/claims``)."""
    try:
        from .data import data_dir

        return Path(data_dir()) / "claims"
    except Exception:  # the loaders may be missing while the package is being built
        return Path(__file__).resolve().parents[2] / "data" / "claims"


def _claim_files(path: Any) -> list[Path]:
    if path is None:
        folder = bundled_claims_dir()
        if not folder.is_dir():
            raise ClaimFileError(f"the bundled claims folder {folder} does not exist")
        return sorted(folder.glob("*.yaml"))
    if isinstance(path, str | Path):
        p = Path(path)
        if p.is_dir():
            return sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        if not p.exists():
            raise ClaimFileError(f"{p}: no such claim file")
        return [p]
    if isinstance(path, Iterable):
        files: list[Path] = []
        for item in path:
            files += _claim_files(item)
        return files
    raise TypeError(f"path must be a file, a folder or a list of them, got {type(path).__name__}")


def load_claims(path: Any = None, *, data: DataTables | None = None) -> list[Claim]:
    """Load claim files.

    Parameters
    ----------
    path : str, Path, list of them, or None
        A claim file, a folder of ``*.yaml`` files, or a list; ``None`` = the bundled
        claims about the seed documents (``data/claims``).
    data : DataTables, optional
        The data trial, outcome, arm and source ids are checked against (default: the
        bundled data package).

    Returns
    -------
    list of Claim
        In file order (files sorted by name). A claim that breaks a rule is returned with
        ``error`` set (file, claim id, field and what was expected), so that the rest of
        the file is still verified.

    Raises
    ------
    ClaimFileError
        If a file is not YAML, holds no ``document`` mapping, has a bad or duplicate
        document id, or no ``claims`` list.

    Examples
    --------
    >>> import trialstats as ts
    >>> claims = ts.load_claims()
    >>> len(claims) >= 30
    True
    """
    files = _claim_files(path)
    data = data if data is not None else DataTables.bundled()
    claims: list[Claim] = []
    seen_docs: dict[str, Path] = {}
    for f in files:
        doc_claims = _load_file(f, data)
        if doc_claims:
            doc = doc_claims[0].document
            if doc in seen_docs:
                raise ClaimFileError(f"{f}: document id {doc!r} is already used by {seen_docs[doc]}")
            seen_docs[doc] = f
        claims += doc_claims
    return claims


def _load_file(path: Path, data: DataTables) -> list[Claim]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimFileError(f"{path}: cannot be read: {exc}") from None
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" (line {mark.line + 1}, column {mark.column + 1})"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ClaimFileError(f"{path}: not valid YAML{where}: {problem}") from None
    if not isinstance(content, dict):
        raise ClaimFileError(
            f"{path}: expected a mapping with 'document' and 'claims', got {type(content).__name__}"
        )
    doc = content.get("document")
    if not isinstance(doc, dict):
        raise ClaimFileError(f"{path}: field 'document' is missing or not a mapping (id, title, url, file)")
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not _ID.match(doc_id):
        raise ClaimFileError(
            f"{path}: document.id must be lower-case letters, digits and hyphens ([a-z0-9-]), got {doc_id!r}"
        )
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ClaimFileError(f"{path}: document.title is required (a non-empty string)")
    unknown = sorted(set(doc) - {"id", "title", "url", "file"})
    if unknown:
        raise ClaimFileError(
            f"{path}: document has unknown field(s) {unknown}; allowed: id, title, url, file"
        )
    extra = sorted(set(content) - {"document", "claims"})
    if extra:
        raise ClaimFileError(f"{path}: unknown top-level field(s) {extra}; allowed: document, claims")
    raw_claims = content.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise ClaimFileError(f"{path}: field 'claims' must be a non-empty list of claims")
    claims = []
    ids: set[str] = set()
    for pos, raw in enumerate(raw_claims, start=1):
        claims.append(_load_claim(path, doc_id, title, pos, raw, ids, data))
    return claims


def _load_claim(
    path: Path, doc_id: str, title: str, pos: int, raw: Any, ids: set[str], data: DataTables
) -> Claim:
    label = f"claim #{pos}"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        label = f"claim {raw['id']!r}"
    base: dict[str, Any] = {"document": doc_id, "document_title": title, "file": path.name}

    def bad(field_name: str, expected: str) -> Claim:
        cid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{pos}"
        return Claim(
            **base,
            id=cid,
            says=str(raw.get("says", "")) if isinstance(raw, dict) else "",
            kind=str(raw.get("kind", "")) if isinstance(raw, dict) else "",
            stated=raw.get("stated") if isinstance(raw, dict) and isinstance(raw.get("stated"), dict) else {},
            error=f"{path.name}, {label}: {field_name}: {expected}",
        )

    if not isinstance(raw, dict):
        return bad("claim", f"expected a mapping with id, says, kind, stated; got {type(raw).__name__}")
    cid = raw.get("id")
    if not isinstance(cid, str) or not _CLAIM_ID.match(cid):
        return bad("id", f"required, lower-case letters, digits, '-' or '_'; got {cid!r}")
    if cid in ids:
        return bad("id", f"duplicate claim id {cid!r} (ids must be unique in the file)")
    ids.add(cid)
    unknown = sorted(set(raw) - set(_CLAIM_KEYS))
    if unknown:
        return bad(", ".join(unknown), f"unknown field; allowed: {', '.join(_CLAIM_KEYS)}")
    says = raw.get("says")
    if not isinstance(says, str) or not says.strip():
        return bad("says", "required: the claim in your own words (a non-empty string)")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        return bad("kind", f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    stated = raw.get("stated")
    if not isinstance(stated, dict) or not stated:
        return bad("stated", f"required: a mapping of the stated figures for kind {kind}")
    required, optional = KINDS[kind]
    for name in required:
        if stated.get(name) in (None, ""):
            return bad(f"stated.{name}", f"required for kind {kind}")
    allowed = set(required) | set(optional) | set(_COMMON_STATED)
    extra = sorted(set(stated) - allowed)
    if extra:
        return bad(f"stated.{extra[0]}", f"not a field of kind {kind}; allowed: {', '.join(sorted(allowed))}")
    if kind == "citation" and not set(stated) & (set(_CITATION_FIELDS) - {"source"}):
        return bad("stated", f"a citation states at least one of {', '.join(_CITATION_FIELDS[:-1])}")
    trial = raw.get("trial")
    if isinstance(trial, list):
        if not trial or not all(isinstance(t, str) for t in trial):
            return bad("trial", "a trial id or a non-empty list of trial ids")
        trial = tuple(trial)
    elif trial is not None and not isinstance(trial, str):
        return bad("trial", f"a trial id such as 'feder2021', got {trial!r}")
    outcome = raw.get("outcome")
    if outcome is not None and not isinstance(outcome, str | dict):
        return bad("outcome", f"an outcome id (or a mapping trial -> outcome id), got {outcome!r}")
    claim = Claim(
        **base,
        id=cid,
        says=says.strip(),
        kind=kind,
        stated=dict(stated),
        trial=trial,
        outcome=outcome,
        where=raw.get("where"),
    )
    problem = _check_figures(claim) or _check_ids(claim, data)
    if problem:
        field_name, expected = problem
        return bad(field_name, expected)
    return claim


def _check_figures(c: Claim) -> tuple[str, str] | None:
    """Parse every stated figure now, so a non-numeric one is an error row, not a crash later."""
    s = c.stated
    try:
        if c.kind == "proportion":
            c.figure("value", proportion=True)
            if "n" in s:
                _whole("stated.n", s["n"])
        elif c.kind == "two_proportions":
            c.figure("treatment", proportion=True)
            c.figure("control", proportion=True)
        elif c.kind in ("median_time", "count"):
            c.figure("value")
            if c.kind == "count" and s.get("what", "randomized") not in _COUNT_WHAT:
                return "stated.what", f"one of {', '.join(_COUNT_WHAT)}; got {s.get('what')!r}"
            if c.kind == "median_time" and c.figure("value").unit not in ("days", "weeks", "months", "hours"):
                return "stated.value", f"a duration with its unit, such as '27.5 days'; got {s['value']!r}"
        elif c.kind == "effect":
            if s["measure"] not in _MEASURES:
                return "stated.measure", f"one of {', '.join(_MEASURES)}; got {s['measure']!r}"
            figures = [k for k in ("estimate", "low", "high", "se", "p") if k in s]
            if not figures:
                return "stated", "an effect states at least one of estimate, low, high, se, p"
            for k in figures:
                c.figure(k)
            for k in ("n1", "n2"):
                if k in s:
                    _whole(f"stated.{k}", s[k])
        elif c.kind == "arithmetic":
            exprs = s["expression"] if isinstance(s["expression"], list) else [s["expression"]]
            for i, e in enumerate(exprs):
                evaluate_expression(
                    e, field=f"stated.expression[{i}]" if len(exprs) > 1 else "stated.expression"
                )
            value = c.figure("value")
            if len(exprs) == 2 and value.form != "range":
                return "stated.value", "two expressions need a range value such as '$2,100 to $3,600'"
            if len(exprs) not in (1, 2):
                return "stated.expression", "one expression, or two (the ends of a range)"
        elif c.kind == "citation" and "year" in s:
            _whole("stated.year", s["year"])
    except ValueError as exc:
        msg = str(exc)
        name = msg.split(" ", 1)[0].rstrip(":")
        return (name if name.startswith("stated") else "stated"), msg
    return None


def _whole(name: str, value: Any) -> int:
    try:
        v = float(str(value).replace(",", ""))
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if not v.is_integer() or v < 0:
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return int(v)


def _check_ids(c: Claim, data: DataTables) -> tuple[str, str] | None:
    known = data.trial_ids()
    for t in c.trials:
        if known is not None and t not in known:
            return "trial", f"unknown trial id {t!r}; known: {', '.join(sorted(known))}"
        if c.outcome is not None:
            out = c.outcome_for(t)
            outcomes = data.outcome_ids(t)
            if out is not None and outcomes is not None and out not in outcomes:
                return "outcome", (
                    f"unknown outcome id {out!r} for trial {t}; "
                    f"known: {', '.join(sorted(outcomes)) or 'none'}"
                )
        arms = data.arm_ids(t)
        for key in ("arm", "treatment_arm", "control_arm"):
            arm = c.stated.get(key)
            if arm is not None and arms is not None and arm not in arms:
                return f"stated.{key}", f"unknown arm {arm!r} of trial {t}; known: {', '.join(sorted(arms))}"
    if c.kind != "citation" and c.outcome is not None and not c.trials:
        return "outcome", "an outcome needs the trial it belongs to ('trial')"
    src = c.stated.get("source") if c.kind == "citation" else None
    if src is not None:
        sources = data.source_ids()
        if sources is not None and src not in sources:
            return "stated.source", f"unknown source id {src!r} (not in data/sources.csv)"
    return None


# -- verifying -------------------------------------------------------------------------------


class EngineMissing(LookupError):
    """An engine function needed by a check is not importable (yet)."""


def engine(module: str, name: str) -> Any:
    """``trialstats.<module>.<name>``, or :class:`EngineMissing` saying what is missing."""
    import importlib

    try:
        mod = importlib.import_module(f"trialstats.{module}")
        return getattr(mod, name)
    except (ImportError, AttributeError) as exc:
        raise EngineMissing(
            f"the engine function {name} (trialstats.{module}) is not available: {exc}"
        ) from None


def verify_claim(claim: Claim, data: DataTables | None = None) -> ClaimResult:
    """Verify one claim against ``data`` (default: the bundled data); see :func:`verify_claims`."""
    from . import claims_kinds

    if claim.error:
        return ClaimResult(
            claim, "error", claim.error, steps=(f"the claim could not be read: {claim.error}",)
        )
    data = data if data is not None else DataTables.bundled()
    check = getattr(claims_kinds, f"check_{claim.kind}")
    try:
        return check(claim, data)
    except EngineMissing as exc:
        return ClaimResult(claim, "unverifiable", str(exc), steps=(str(exc),))
    except DataMissing as exc:
        msg = exc.args[0] if exc.args else str(exc)
        return ClaimResult(claim, "unverifiable", str(msg), steps=(str(msg),))


def verify_claims(
    claims: Any = None, *, data: DataTables | None = None, results: bool = False
) -> pd.DataFrame | list[ClaimResult]:
    """Verify claims and return one row per claim.

    Parameters
    ----------
    claims : list of Claim, a path (file or folder), a list of paths, or None
        ``None`` verifies the bundled claims about the seed documents.
    data : DataTables, optional
        The data to check against (default: the bundled data package).
    results : bool
        Return the list of :class:`ClaimResult` (each with ``_repr_html_`` showing the
        working) instead of the DataFrame.

    Returns
    -------
    pandas.DataFrame
        Columns ``document``, ``claim``, ``kind``, ``says``, ``stated``, ``recomputed``,
        ``interval``, ``verdict``, ``explanation``, ``trial``, ``sources``.

    Raises
    ------
    ClaimFileError
        If a claim file cannot be read at all.

    Examples
    --------
    >>> import trialstats as ts
    >>> table = ts.verify_claims()
    >>> set(table["verdict"]) <= set(ts.claims.VERDICTS)
    True
    """
    data = data if data is not None else DataTables.bundled()
    if (
        claims is None
        or isinstance(claims, str | Path)
        or (isinstance(claims, Sequence) and claims and not isinstance(claims[0], Claim))
    ):
        claims = load_claims(claims, data=data)
    out = [verify_claim(c, data) for c in claims]
    if results:
        return out
    return results_frame(out)


def results_frame(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """The DataFrame of :func:`verify_claims` for a list of results."""
    rows = [{k: v for k, v in r.to_dict().items() if k in RESULT_COLUMNS} for r in results]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)

