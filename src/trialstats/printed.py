"""Printed figures: a number as a paper printed it, with the rounding its digits imply.

A reported "0.36" stands for any value in [0.355, 0.365]; "67%" for [66.5%, 67.5%];
"p < .001" for (0, 0.001). Every consistency check in the package takes figures as
strings and compares within these bounds, so that a recomputed 0.3604 is consistent with
"0.36" and not with "0.40".

The bounds are taken as closed at both ends: round-half-up and round-half-even differ
only on exact halves, and a checker should not call a figure wrong for the rounding rule
its author's software used.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Printed", "parse_printed", "printed_matches"]

_NUMBER = re.compile(
    r"""^\s*
    (?:(?P<label>[A-Za-z][A-Za-z ]*?)\s*(?=[=<>≤≥]))?   # optional label such as 'p'
    \s*(?P<rel>[=<>≤≥]=?|<=|>=)?\s*
    (?P<num>[-+−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?)
    \s*(?P<pct>%)?\s*$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Printed:
    """A figure as printed.

    Attributes
    ----------
    text : str
        The text as given.
    value : float
        The number printed (a percent is kept in percent units: "67%" has value 67).
    decimals : int
        Decimal places printed ("27.5" → 1, "67%" → 0, "1.2e-3" → 4).
    relation : str
        "=", "<", ">", "<=" or ">=": how the true value relates to the printed one.
    is_percent : bool
        Whether the figure carried a percent sign.

    Examples
    --------
    >>> p = parse_printed("0.36")
    >>> (p.low, p.high)
    (0.355, 0.365)
    >>> parse_printed("p < .001").contains(0.0004)
    True
    """

    text: str
    value: float
    decimals: int
    relation: str = "="
    is_percent: bool = False

    @property
    def half_unit(self) -> float:
        """Half a unit of the last printed digit."""
        return 0.5 * 10.0 ** (-self.decimals)

    @property
    def low(self) -> float:
        """Smallest value the printed figure can stand for."""
        if self.relation in ("<", "<="):
            return -math.inf
        if self.relation in (">", ">="):
            return self.value
        return round(self.value - self.half_unit, self.decimals + 2)

    @property
    def high(self) -> float:
        """Largest value the printed figure can stand for."""
        if self.relation in (">", ">="):
            return math.inf
        if self.relation in ("<", "<="):
            return self.value
        return round(self.value + self.half_unit, self.decimals + 2)

    @property
    def fraction(self) -> float:
        """The value as a proportion (divided by 100 for a percent)."""
        return self.value / 100 if self.is_percent else self.value

    def contains(self, value: float, *, scale: float = 1.0, tol: float = 1e-9) -> bool:
        """Whether ``value`` (multiplied by ``scale``) is consistent with the printed figure."""
        v = float(value) * scale
        if math.isnan(v):
            raise ValueError("value must be a number to compare with the printed figure, got NaN")
        eps = tol * max(1.0, abs(v))
        if self.relation == "<":
            return v < self.value + eps
        if self.relation == ">":
            return v > self.value - eps
        return self.low - eps <= v <= self.high + eps

    def __str__(self) -> str:
        return self.text


def parse_printed(text: Any, *, name: str = "figure") -> Printed:
    """Parse a printed figure ("27.5", "67%", ".022", "−0.5", "p < .001", "1,234").

    Parameters
    ----------
    text : str or number
        The figure as printed. A number that is not a string is accepted, but its
        precision is then taken from Python's shortest representation, so pass strings
        where the printed digits matter.
    name : str
        The argument name used in error messages.

    Raises
    ------
    TypeError
        If ``text`` is not a string or a number (None, a bool, a list ...).
    ValueError
        If ``text`` is a string that is not a number as printed, or a NaN/infinity.

    See Also
    --------
    printed_matches
    trialstats.range_matches_printed

    Notes
    -----
    A figure printed with d decimals stands for the interval value ± ½·10^−d; "67%" is
    [66.5, 67.5] %. Relations (<, ≤, >, ≥) are kept. Python's ``round`` would instead break
    half-way ties to even; both half-way values are accepted here.

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> parse_printed("67%").fraction
    0.67
    >>> parse_printed("27.5").decimals
    1
    """
    if isinstance(text, bool) or text is None:
        raise TypeError(f"{name} must be a printed number such as '27.5' or '67%', got {text!r}")
    if isinstance(text, int | float):
        if not math.isfinite(text):
            raise ValueError(f"{name} must be finite, got {text!r}")
        text = repr(text) if isinstance(text, float) else str(text)
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a printed number such as '27.5', got {text!r}")
    m = _NUMBER.match(text.replace("\u2009", " ").replace("\u00a0", " "))
    if not m or not m.group("num") or m.group("num") in "+-−–":
        raise ValueError(f"{name} must be a printed number such as '27.5' or '67%', got {text!r}")
    num = m.group("num").replace("−", "-").replace("–", "-").replace(",", "")
    mantissa, _, exponent = num.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if exponent:
        decimals = max(0, decimals - int(exponent))
    rel = (m.group("rel") or "=").replace("≤", "<=").replace("≥", ">=")
    if rel == "==":
        rel = "="
    return Printed(
        text=text,
        value=float(num),
        decimals=decimals,
        relation=rel,
        is_percent=bool(m.group("pct")),
    )


def printed_matches(text: Any, value: float, *, scale: float = 1.0) -> bool:
    """Whether a recomputed ``value`` is consistent with the printed ``text``.

    See Also
    --------
    parse_printed

    Notes
    -----
    True when ``value·scale`` lies in the printed figure's rounding interval (a relative 1e-9
    slack for floating point), as GRIM-type checks do [1]_.

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> printed_matches("0.36", 0.3604), printed_matches("0.40", 0.3604)
    (True, False)
    >>> printed_matches("67%", 10 / 15, scale=100)
    True
    """
    from ._validate import as_float_array

    arr = as_float_array("value", value)
    if arr.size != 1:
        raise ValueError(f"value must be a single number, got {arr.size} values")
    return parse_printed(text, name="text").contains(float(arr.reshape(-1)[0]), scale=scale)
