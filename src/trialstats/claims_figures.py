"""Figures as a document states them, and the range of true values each one covers.

A claim quotes numbers the way a web page prints them: ``"67%"``, ``"27.5 days"``,
``"$2,100 to $3,600"``, ``"over 2,600"``, ``"two-thirds"``, ``"roughly half"``,
``"6 out of every 100"``. :func:`parse_figure` turns each into a :class:`Figure` holding
the interval ``[low, high]`` of true values the text is consistent with. Percentages and
verbal fractions are kept on the proportion scale (0 to 1).

Tolerances (the contract documented in the README):

* A printed number covers half a unit of its last printed digit, closed at both ends
  (via :func:`trialstats.printed.parse_printed`): ``"67%"`` covers 66.5% to 67.5%,
  ``"27.5"`` covers 27.45 to 27.55. A range ``"50 to 60%"`` covers 49.5% to 60.5%.
* A verbal fraction ("half", "two-thirds", "one-fifth", "a quarter", "two in three",
  "one in five") covers its exact value ± 5 percentage points; with a hedge ("about",
  "around", "roughly", "approximately", "nearly", "almost", "some", "close to") ± 10
  points. "two-thirds" therefore accepts 61.7% to 71.7%, "roughly half" 40% to 60%.
  Words are vaguer than digits, and a writer rounding 10/15 to "two-thirds" or 3/15 to
  "one-fifth" should pass while 50% called "two-thirds" should not.
* Digits in words ("6 out of every 100") are read as a printed percentage (5.5% to 6.5%).
* A hedged number ("about 27.5 days") covers the wider of its printed rounding and ± 5%
  of its value. "over"/"more than" and "under"/"less than"/"fewer than" make one-sided
  bounds; "at least" and "up to" include the bound.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from typing import Any

from .printed import Printed, parse_printed

__all__ = [
    "HEDGE_NUMBER_RELATIVE",
    "VERBAL_TOLERANCE",
    "VERBAL_TOLERANCE_HEDGED",
    "Figure",
    "evaluate_expression",
    "parse_figure",
]

#: Absolute tolerance (proportion scale) of an unhedged verbal fraction.
VERBAL_TOLERANCE = 0.05
#: Absolute tolerance of a hedged verbal fraction ("roughly half").
VERBAL_TOLERANCE_HEDGED = 0.10
#: Relative tolerance of a hedged number ("about 27.5 days"), if wider than its rounding.
HEDGE_NUMBER_RELATIVE = 0.05

_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "single": 1,
}
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "tenth": 10,
    "tenths": 10,
}
_HEDGES_VAGUE = (
    "about",
    "around",
    "roughly",
    "approximately",
    "approx.",
    "approx",
    "nearly",
    "almost",
    "some",
    "close to",
    "~",
    "circa",
    "c.",
)
_HEDGES_BOUND = {
    "just over": ">",
    "over": ">",
    "more than": ">",
    "above": ">",
    "at least": ">=",
    "just under": "<",
    "under": "<",
    "less than": "<",
    "fewer than": "<",
    "below": "<",
    "up to": "<=",
    "at most": "<=",
}
_UNITS = (
    "minutes",
    "minute",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "people",
    "persons",
    "patients",
    "participants",
    "infusions",
    "infusion",
    "trials",
    "studies",
    "treatments",
    "sessions",
    "veterans",
    "adults",
)
_CURRENCY = "$€£"
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "\u2009": " ", "\u00a0": " "})


@dataclass(frozen=True)
class Figure:
    """A stated figure and the interval of true values it is consistent with.

    Attributes
    ----------
    text : str
        The figure as the claim file gives it.
    value : float
        The central value (proportion scale for percentages and verbal fractions).
    low, high : float
        The values the text covers (``-inf``/``inf`` for one-sided figures).
    form : str
        ``"number"``, ``"percent"``, ``"verbal"`` or ``"range"``.
    is_proportion : bool
        Whether the figure is a proportion (a percent or a verbal fraction).
    unit : str or None
        A unit printed with the number (``"days"``, ``"$"``).
    tolerance : str
        In words, what the figure covers and why.
    relation : str
        ``"="``, ``"<"``, ``">"``, ``"<="`` or ``">="``.
    printed : Printed or None
        The parsed printed number where there is one (not for verbal fractions).

    Examples
    --------
    >>> f = parse_figure("67%")
    >>> round(f.low, 4), round(f.high, 4), f.contains(10 / 15)
    (0.665, 0.675, True)
    >>> parse_figure("two-thirds").contains(0.5)
    False
    """

    text: str
    value: float
    low: float
    high: float
    form: str
    is_proportion: bool = False
    unit: str | None = None
    tolerance: str = ""
    relation: str = "="
    printed: Printed | None = None
    first: Printed | None = None

    def end_contains(self, which: int, x: float, *, tol: float = 1e-9) -> bool:
        """For a range, whether ``x`` is consistent with its first (0) or second (1) end."""
        p = self.first if which == 0 else self.printed
        if p is None:
            raise ValueError(f"{self.text!r} is not a range")
        scale = 0.01 if p.is_percent else 1.0
        eps = tol * max(1.0, abs(x))
        return p.low * scale - eps <= x <= p.high * scale + eps

    def contains(self, x: float, *, tol: float = 1e-9) -> bool:
        """Whether ``x`` (on the figure's scale) is consistent with the figure."""
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return False
        eps = tol * max(1.0, abs(x))
        if self.relation == ">":
            return x > self.low + eps and x <= self.high + eps
        if self.relation == "<":
            return x < self.high - eps and x >= self.low - eps
        return self.low - eps <= x <= self.high + eps

    def show(self, x: float) -> str:
        """Format a value on this figure's scale as the figure is written (percent or number)."""
        return _show(x, self.is_proportion, self.printed.decimals if self.printed else 0)

    @property
    def covers(self) -> str:
        """The interval covered, in words ('66.5% to 67.5%')."""
        lo = "−∞" if math.isinf(self.low) else self.show(self.low)
        hi = "∞" if math.isinf(self.high) else self.show(self.high)
        if self.relation in (">", ">="):
            return f"{'above' if self.relation == '>' else 'at least'} {lo}"
        if self.relation in ("<", "<="):
            return f"{'below' if self.relation == '<' else 'at most'} {hi}"
        return f"{lo} to {hi}"


def _show(x: float, is_proportion: bool, decimals: int) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    if is_proportion:
        d = max(1, decimals + 1)
        return f"{100 * x:.{d}f}%"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    d = max(decimals + 1, 2) if abs(x) < 100 else max(decimals, 1)
    return f"{x:,.{d}f}"


def _word_number(word: str) -> int | None:
    word = word.strip().lower()
    if re.fullmatch(r"\d+", word):
        return int(word)
    return _NUMBER_WORDS.get(word)


def _split_hedge(text: str) -> tuple[str, str | None]:
    low = text.lower()
    for hedge in sorted((*_HEDGES_VAGUE, *_HEDGES_BOUND), key=len, reverse=True):
        if low.startswith(hedge + " ") or (hedge == "~" and low.startswith("~")):
            return text[len(hedge) :].strip(), hedge
    return text, None


def _verbal_fraction(body: str) -> tuple[float, bool] | None:
    """(fraction, written_in_digits) for 'two-thirds', 'half', 'one in five', '6 out of every 100'."""
    s = body.lower().replace("-", " ").strip()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+(of (them|patients|participants|people|those))$", "", s)
    if s in ("half", "a half", "one half"):
        return 0.5, False
    m = re.fullmatch(r"(a|an|one|two|three|four|five|nine) (\w+)", s)
    if m and m.group(2) in _DENOMINATORS:
        num, den = _word_number(m.group(1)), _DENOMINATORS[m.group(2)]
        plural = m.group(2).endswith("s")
        if num is not None and (num > 1) == plural and num < den:
            return num / den, False
    m = re.fullmatch(r"(\w+) (?:in|out of|of) (?:every )?([\w,]+)", s)
    if m:
        num, den = _word_number(m.group(1)), _word_number(m.group(2).replace(",", ""))
        if num is not None and den and num <= den:
            # "6 out of every 100" is a percentage in words; "1 in 5" is a verbal fraction
            digits = m.group(1).isdigit() and den in (100, 1000)
            return num / den, digits
    return None


def _strip_units(text: str) -> tuple[str, str | None, str | None]:
    """(number text, currency, unit)."""
    t = text.strip()
    currency = None
    if t and t[0] in _CURRENCY:
        currency, t = t[0], t[1:].strip()
    unit = None
    low = t.lower()
    for u in _UNITS:
        if low.endswith(" " + u):
            unit = u if u.endswith("s") or u in ("people",) else u + "s"
            t = t[: -len(u)].strip()
            break
    return t, currency, unit


def _printed(text: str, field: str) -> Printed:
    t, currency, _ = _strip_units(text)
    word = _word_number(t)
    if word is not None and not t.isdigit():
        t = str(word)
    return parse_printed(t.replace(currency or "", ""), name=field)


def parse_figure(text: Any, *, field: str = "figure", proportion: bool = False) -> Figure:
    """Parse a stated figure into the interval of values it covers.

    Parameters
    ----------
    text : str or number
        The figure as the document prints it ("67%", "two-thirds", "27.5 days",
        "$2,100 to $3,600", "over 2,600", "6 out of every 100").
    field : str
        Name used in error messages.
    proportion : bool
        Whether the figure must be a proportion (a percent, a fraction in words, or a
        number between 0 and 1).

    Returns
    -------
    Figure

    Raises
    ------
    ValueError
        If the text is not a figure; the message names ``field`` and the text.

    Examples
    --------
    >>> parse_figure("roughly half").covers
    '40.0% to 60.0%'
    >>> parse_figure("$2,100 to $3,600").covers
    '2,099.5 to 3,600.5'
    """
    if isinstance(text, bool) or text is None:
        raise ValueError(f"{field} must be a figure such as '67%' or 'two-thirds', got {text!r}")
    if isinstance(text, int | float):
        text = str(text)
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{field} must be a figure such as '67%' or 'two-thirds', got {text!r}")
    original = text
    body, hedge = _split_hedge(text.translate(_DASHES).strip())

    verbal = _verbal_fraction(body)
    if verbal is not None:
        frac, digits = verbal
        if digits:  # "6 out of every 100": the numerator is a printed, rounded figure
            m = re.match(r"\s*(\d+)\D+([\d,]+)", body)
            assert m is not None
            den = float(m.group(2).replace(",", ""))
            return _number_figure(
                original,
                parse_printed(f"{100 * int(m.group(1)) / den:g}%"),
                hedge,
                None,
                None,
                field,
                proportion=True,
            )
        tol = VERBAL_TOLERANCE_HEDGED if hedge in _HEDGES_VAGUE else VERBAL_TOLERANCE
        rel = _HEDGES_BOUND.get(hedge or "", "=")
        low, high = max(0.0, frac - tol), min(1.0, frac + tol)
        if rel in (">", ">="):
            low, high = frac, 1.0
        elif rel in ("<", "<="):
            low, high = 0.0, frac
        why = f"a fraction in words ({frac:.3f}); accepted within ± {100 * tol:g} points" + (
            f" because of '{hedge}'" if hedge in _HEDGES_VAGUE else ""
        )
        return Figure(original, frac, low, high, "verbal", True, None, why, rel)

    m = re.fullmatch(r"(.+?[\d%])\s*(?:\bto\b|-)\s*([$€£]?\d.*)", body)
    if m:
        left, right = m.group(1).strip(), m.group(2).strip()
        pct = left.endswith("%") or right.endswith("%")
        try:
            a = _printed(left + ("%" if pct and not left.endswith("%") else ""), field)
            b = _printed(right, field)
        except ValueError:
            raise ValueError(
                f"{field} must be a figure or a range such as '50 to 60%', got {original!r}"
            ) from None
        _, currency, unit = _strip_units(right)
        scale = 0.01 if pct else 1.0
        if proportion and not pct:
            raise ValueError(f"{field} must be a percentage range such as '50 to 60%', got {original!r}")
        if a.value > b.value:
            raise ValueError(f"{field}: the range {original!r} runs backwards")
        return Figure(
            original,
            (a.value + b.value) / 2 * scale,
            a.low * scale,
            b.high * scale,
            "range",
            pct,
            unit or currency,
            "a range; each end covers half a unit of its last digit",
            "=",
            b,
            a,
        )

    try:
        printed = _printed(body, field)
    except ValueError:
        raise ValueError(
            f"{field} must be a figure such as '67%', '27.5 days' or 'two-thirds', got {original!r}"
        ) from None
    _, currency, unit = _strip_units(body)
    return _number_figure(original, printed, hedge, unit, currency, field, proportion=proportion)


def _number_figure(
    original: str,
    p: Printed,
    hedge: str | None,
    unit: str | None,
    currency: str | None,
    field: str,
    *,
    proportion: bool,
) -> Figure:
    if proportion and not p.is_percent and not 0 <= p.value <= 1:
        raise ValueError(
            f"{field} must be a percentage ('67%'), a fraction in words or a number in [0, 1], "
            f"got {original!r}"
        )
    is_prop = p.is_percent or proportion
    scale = 0.01 if p.is_percent else 1.0
    rel = p.relation if p.relation != "=" else _HEDGES_BOUND.get(hedge or "", "=")
    low, high = p.low * scale, p.high * scale
    why = (
        f"printed with {p.decimals} decimal{'s' if p.decimals != 1 else ''}: ± half a unit of the last digit"
    )
    if rel in (">", ">="):
        low, high = p.value * scale, (1.0 if is_prop else math.inf)
        why = f"'{hedge or rel}': a lower bound"
    elif rel in ("<", "<="):
        low, high = (0.0 if is_prop else -math.inf), p.value * scale
        why = f"'{hedge or rel}': an upper bound"
    elif hedge in _HEDGES_VAGUE:
        widen = HEDGE_NUMBER_RELATIVE * abs(p.value) * scale
        if widen > (high - low) / 2:
            low, high = p.value * scale - widen, p.value * scale + widen
            why = f"'{hedge}': ± {100 * HEDGE_NUMBER_RELATIVE:g}% of the value (wider than its rounding)"
    return Figure(
        original,
        p.value * scale,
        low,
        high,
        "percent" if p.is_percent else "number",
        is_prop,
        unit or currency,
        why,
        rel,
        p,
    )


# -- arithmetic, parsed and walked; never eval'ed ----------------------------------------

_ALLOWED_BINOPS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/"}


def _normalize_expression(text: str) -> str:
    s = text.translate(_DASHES).replace("×", "*").replace("÷", "/").replace("·", "*")
    s = re.sub(r"(?<=[\d)])\s*[xX]\s*(?=[\d$(])", "*", s)
    s = re.sub(r"[$€£]", "", s)
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)
    s = re.sub(r"(\d+(?:\.\d+)?)\s*%", r"(\1/100)", s)
    return s


def evaluate_expression(text: Any, *, field: str = "expression") -> float:
    """Evaluate an arithmetic expression of numbers, + − × / and parentheses.

    The text is parsed with :mod:`ast` and only number literals, the four operators,
    unary signs and parentheses are walked; anything else (names, calls, powers,
    attribute access) is rejected, so a claim file can never run code.

    Examples
    --------
    >>> evaluate_expression("6 × $350")
    2100.0
    >>> evaluate_expression("(10 + 3) / 2")
    6.5
    """
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        raise ValueError(f"{field} must be an arithmetic expression such as '6 * 350', got {text!r}")
    source = _normalize_expression(str(text))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise ValueError(f"{field} is not an arithmetic expression: {text!r}") from None

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v = walk(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and type(node.op) in _ALLOWED_BINOPS:
            a, b = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if b == 0:
                raise ValueError(f"{field} divides by zero: {text!r}")
            return a / b
        what = type(node).__name__
        if isinstance(node, ast.BinOp):
            what = f"operator {type(node.op).__name__}"
        raise ValueError(
            f"{field} may hold only numbers, + − × / and parentheses; {what} is not allowed in {text!r}"
        )

    return walk(tree)
