"""The claim model: a claim as loaded, one number's provenance, and the verdict on a claim.

Verdicts
--------
``consistent``
    Every stated figure was compared with what the data (or the claim's own numbers) give,
    and each fits within the rounding of its printed digits or the documented tolerance
    of its words.
``inconsistent``
    The data, or the claim's own numbers, contradict a stated figure.
``misattributed``
    The numbers exist, but not as or where the claim says (a placebo that was an active
    control; a journal or first author that is not the cited paper's).
``unverifiable``
    Something needed is missing; the explanation names it and what could still be said.
``error``
    The claim is malformed (unknown field, a range in a one-figure field, unknown trial ...)
    or its check failed; the row names the claim, the field and the reason. The rest of the
    file is still verified.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._html import result_html

__all__ = [
    "VERDICTS",
    "Claim",
    "ClaimFileError",
    "ClaimResult",
    "Number",
    "Point",
]

VERDICTS = ("consistent", "inconsistent", "unverifiable", "misattributed", "error")


class ClaimFileError(ValueError):
    """A claim file that cannot be read at all (not YAML, over a size limit, duplicate keys,
    no ``document``); the message names the file (and the claim where there is one)."""


@dataclass(frozen=True)
class Claim:
    """One quoted claim, as loaded from a claim file.

    A claim that broke a rule of the format still loads, with ``error`` saying what is wrong
    (file, claim id, field, what was expected); it is then reported with verdict ``error``.
    ``values`` holds the stated fields as parsed at load time by the kind's field parsers
    (the same parsers the check reads them with).
    """

    document: str
    document_title: str
    id: str
    says: str
    kind: str
    stated: Mapping[str, Any] = field(default_factory=dict)
    trial: str | tuple[str, ...] | None = None
    outcome: str | Mapping[str, str] | None = None
    where: str | Mapping[str, Any] | None = None
    file: str | None = None
    error: str | None = None
    source: str | None = None
    meta: str | None = None
    analysis: str | None = None
    drug_class: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def trials(self) -> tuple[str, ...]:
        """The trial ids the claim is about (none, one or several)."""
        if self.trial is None:
            return ()
        return (self.trial,) if isinstance(self.trial, str) else tuple(self.trial)

    def outcome_for(self, trial_id: str) -> str | None:
        """The outcome id named for ``trial_id`` (a mapping gives one per trial)."""
        if isinstance(self.outcome, Mapping):
            return self.outcome.get(trial_id)
        return self.outcome

    def where_text(self) -> str:
        """The claim's place in its document, as one line."""
        w = self.where
        if w is None:
            return ""
        if isinstance(w, Mapping):
            parts = []
            if "start" in w or "end" in w:
                parts.append(f"characters {w.get('start')}–{w.get('end')}")
            if w.get("quote"):
                parts.append(f"“{w['quote']}”")
            return ", ".join(parts)
        return str(w)

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
class Number:
    """Where one number a verdict used came from.

    Attributes
    ----------
    label : str
        What it is ('feder2021 ketamine caps5_response events/n').
    value : float
    source_id : str or None
        The ``data/sources.csv`` id.
    location : str or None
        The place in the source ('abstract, Results').
    basis : str
        ``reported`` (printed in the source) or ``derived`` (with ``derivation``).
    derivation : str or None
    secondary : bool
        Whether the source is secondary (a review, a web page, a registry mirror).
    """

    label: str
    value: float
    source_id: str | None = None
    location: str | None = None
    basis: str = "reported"
    derivation: str | None = None
    secondary: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": _json_number(self.value),
            "source_id": self.source_id,
            "location": self.location,
            "basis": self.basis,
            "derivation": self.derivation,
            "secondary": self.secondary,
        }

    def __str__(self) -> str:
        where = f"{self.source_id}, {self.location}" if self.location else str(self.source_id)
        how = self.basis + (f": {self.derivation}" if self.derivation else "")
        return (
            f"{self.label} = {self.value:g} [{where}; {how}{'; secondary source' if self.secondary else ''}]"
        )


def _json_number(v: Any) -> Any:
    """A JSON-safe number: inf as the string "inf", NaN as None."""
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    if math.isnan(f):
        return None
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    return f


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim, with the working that led to it.

    Attributes
    ----------
    claim : Claim
    verdict : str
        One of :data:`VERDICTS`.
    explanation : str
        What was compared (and what could not be) and why the verdict.
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
    numbers : tuple of Number
        Each number used, with its provenance.
    recomputed_values : dict
        ``estimate``/``low``/``high`` (and others) as numbers.
    """

    claim: Claim
    verdict: str
    explanation: str
    recomputed: str = ""
    interval: str = ""
    steps: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()
    sources: tuple[str, ...] = ()
    numbers: tuple[Number, ...] = ()
    recomputed_values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def secondary(self) -> bool:
        """Whether any number the verdict rests on comes from a secondary source."""
        return any(n.secondary for n in self.numbers)

    def stated_values(self) -> dict[str, Any]:
        """The stated figures as numbers: {field: {text, value, low, high}}."""
        out: dict[str, Any] = {}
        for key, v in self.claim.values.items():
            if hasattr(v, "low") and hasattr(v, "high") and hasattr(v, "value"):
                out[key] = {
                    "text": str(getattr(v, "text", self.claim.stated.get(key))),
                    "value": _json_number(v.value),
                    "low": _json_number(v.low),
                    "high": _json_number(v.high),
                }
            elif isinstance(v, bool | int | float):
                out[key] = _json_number(v)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: display strings beside numbers, the claim's ``where``, the
        working as a list of steps, and each number's provenance."""
        c = self.claim
        return {
            "document": c.document,
            "claim": c.id,
            "kind": c.kind,
            "says": c.says,
            "where": c.where_text(),
            "stated": c.stated_text(),
            "stated_values": self.stated_values(),
            "recomputed": self.recomputed,
            "recomputed_values": {k: _json_number(v) for k, v in self.recomputed_values.items()},
            "interval": self.interval,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "trial": ", ".join(c.trials),
            "sources": ", ".join(self.sources),
            "secondary": self.secondary,
            "working": list(self.steps),
            "provenance": [n.to_dict() for n in self.numbers],
        }

    def __str__(self) -> str:
        head = f"[{self.verdict}] {self.claim.document}/{self.claim.id}: {self.claim.says}"
        body = [f"  stated: {self.claim.stated_text()}"]
        if self.claim.where:
            body.append(f"  where: {self.claim.where_text()}")
        if self.recomputed:
            body.append(f"  recomputed: {self.recomputed}" + (f" ({self.interval})" if self.interval else ""))
        body.append(f"  {self.explanation}")
        return "\n".join([head, *body])

    def _repr_html_(self) -> str:
        return result_html(self)
