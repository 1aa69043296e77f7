"""What a claim kind declares, the field parsers kinds share, and what a check returns."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..context import did_you_mean
from ..figures import LimitExceeded, parse_figure, parse_p, parse_whole
from ..model import Claim, Number, Point
from ..verdict import Findings

__all__ = ["Kind", "Outcome", "boolean", "choice", "figure", "p_value", "proportion", "text", "whole"]

Parser = Callable[[Any, str], Any]

#: Longest free-text field (a title, a statement).
MAX_TEXT_CHARS = 1000


@dataclass(frozen=True)
class Kind:
    """One claim kind.

    Attributes
    ----------
    name : str
    required, optional : mapping of field name to parser
        Each parser takes (value, field name) and returns the parsed value or raises
        ValueError naming the field; loading and the check use the same one.
    check : callable
        ``check(claim, context) -> Outcome``.
    validate : callable
        Cross-field rules, ``validate(values) -> (field, problem) or None`` (each field's own
        rules are its parser's).
    summary : str
        One line for ``claim_kinds()`` and the README.
    claim_fields : tuple of str
        Claim-level keys this kind accepts besides the common ones (``source``, ``meta`` ...).
    """

    name: str
    required: Mapping[str, Parser]
    optional: Mapping[str, Parser]
    check: Callable[[Claim, Any], Outcome]
    summary: str
    validate: Callable[[Mapping[str, Any]], tuple[str, str] | None] = lambda values: None
    claim_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


@dataclass
class Outcome:
    """What a check returns: its findings, the working and the numbers it used."""

    findings: Findings = field(default_factory=Findings)
    steps: list[str] = field(default_factory=list)
    recomputed: str = ""
    interval: str = ""
    points: list[Point] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def use(self, number: Number) -> None:
        """Record a number the verdict rests on (and its source)."""
        self.numbers.append(number)
        if number.source_id:
            self.sources.append(number.source_id)


# -- field parsers -----------------------------------------------------------------------------


def figure(value: Any, name: str) -> Any:
    return parse_figure(value, field=name)


def single(range_fields: str = "") -> Parser:
    """A figure field that holds one figure (a range is an error naming ``range_fields``)."""

    def parse(value: Any, name: str) -> Any:
        return parse_figure(value, field=name, single=True, range_fields=range_fields)

    return parse


def proportion(value: Any, name: str) -> Any:
    return parse_figure(value, field=name, proportion=True)


def whole(value: Any, name: str) -> int:
    return parse_whole(value, field=name)


def p_value(value: Any, name: str) -> Any:
    return parse_p(value, field=name)


def text(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name} must be text, got {type(value).__name__} {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name} must be text, got {value!r}")
    s = str(value).strip()
    if len(s) > MAX_TEXT_CHARS:
        raise LimitExceeded(f"{name}: longer than {MAX_TEXT_CHARS} characters ({len(s):,})")
    if not s:
        raise ValueError(f"{name} must be non-empty text")
    return s


def boolean(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
        return value.strip().lower() in ("yes", "true")
    raise ValueError(f"{name} must be true or false, got {value!r}")


def choice(*options: str) -> Parser:
    """A field that takes one of ``options``."""

    def parse(value: Any, name: str) -> str:
        if not isinstance(value, str) or value.strip() not in options:
            hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
            raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}{hint}")
        return value.strip()

    return parse
