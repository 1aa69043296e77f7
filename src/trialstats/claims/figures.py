"""Figures as a document states them, and the range of true values each one covers.

One parser per kind of field, used by loading and by the checks alike, so a field that
loads is a field the check can read:

* :func:`parse_figure` — a stated figure ("67%", "27.5 days", "over 2,600", "two-thirds",
  "sixty-seven per cent", "11.88 points lower"); ``single=True`` refuses a range and says
  which fields to use instead.
* :func:`parse_whole` — a whole number ("1,200", "twenty-one", "one hundred and four").
* :func:`parse_p` — a p-value ("p<0.001", "P = .03", "p ≤ 0.05", "0.9").
* :func:`parse_level` — a confidence level ("95%", 0.9).
* :func:`parse_duration` — a span of time with its unit ("2 weeks", "40 minutes",
  "2 to 4 hours"), kept in days.
* :func:`evaluate_expression` — arithmetic, walked with :mod:`ast`, never eval'ed.

Tolerances (the contract documented in the README, "Claim files"):

* A printed number covers half a unit of its last printed digit, closed at both ends
  (:func:`trialstats.printed.parse_printed`): "67%" covers 66.5% to 67.5%.
* A verbal fraction ("two-thirds", "one in five", "half") covers its value ± a band of
  :data:`VERBAL_BAND_POINTS` percentage points or :data:`VERBAL_BAND_RELATIVE` of its value,
  whichever is narrower: "one in ten" covers 8% to 12% and "one in twenty" 4% to 6%, so the
  two never both fit one figure. "about", "around", "roughly", "approximately", "some",
  "close to" double the band.
* A number written in words ("six infusions") is exact; only a hedge widens it.
* A hedged number ("about 27.5 days") covers the wider of its rounding and ± 5% of it.
* "nearly", "almost", "just under" are one-sided below: "nearly 30" covers from 30 minus
  one *step* up to 30. "over", "more than", "at least", "just over", "above" are one-sided
  above with an upper end: the value plus one step. A step is one unit of the last non-zero
  digit, at most 10% of the value ("over 2,600" covers 2,600 to 2,700; "more than 30" 30 to
  33; "over 50%" 50% to 55%): a writer with 2,750 would have said "over 2,700".
  "under", "less than", "fewer than", "below", "up to", "at most" are plain upper bounds.
* Durations convert between minutes, hours, days, weeks and months; a month is 28 to 31
  days.

Limits (hostile input): a field holds at most :data:`MAX_FIELD_CHARS` characters; an
expression at most :data:`MAX_EXPRESSION_CHARS` characters, :data:`MAX_EXPRESSION_NODES`
syntax nodes and :data:`MAX_EXPRESSION_DEPTH` levels of nesting, and each of its numbers at
most :data:`MAX_NUMBER_DIGITS` digits. Exceeding one raises :class:`LimitExceeded`.
Non-finite values are refused: they never fit anything.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from ..printed import Printed, parse_printed

__all__ = [
    "HEDGE_NUMBER_RELATIVE",
    "MAX_EXPRESSION_CHARS",
    "MAX_EXPRESSION_DEPTH",
    "MAX_EXPRESSION_NODES",
    "MAX_FIELD_CHARS",
    "MAX_NUMBER_DIGITS",
    "VERBAL_BAND_POINTS",
    "VERBAL_BAND_RELATIVE",
    "Figure",
    "LimitExceeded",
    "evaluate_expression",
    "parse_duration",
    "parse_figure",
    "parse_level",
    "parse_p",
    "parse_whole",
    "to_days",
    "words_to_digits",
]

#: Widest band (proportion scale) of an unhedged verbal fraction: 5 percentage points ...
VERBAL_BAND_POINTS = 0.05
#: ... or this share of the fraction's value, whichever is narrower.
VERBAL_BAND_RELATIVE = 0.20
#: Relative tolerance of a hedged number ("about 27.5 days"), if wider than its rounding.
HEDGE_NUMBER_RELATIVE = 0.05
#: Largest step of a one-sided word ("over", "nearly"), relative to the value.
BOUND_STEP_RELATIVE = 0.10

MAX_FIELD_CHARS = 200
MAX_EXPRESSION_CHARS = 500
MAX_EXPRESSION_NODES = 200
MAX_EXPRESSION_DEPTH = 30
MAX_NUMBER_DIGITS = 30


class LimitExceeded(ValueError):
    """A field is larger than the documented limits allow (hostile or broken input)."""


_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
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
    "single": 1,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
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
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
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
    "some",
    "close to",
    "~",
    "circa",
    "c.",
    "an estimated",
    "estimated",
)
_HEDGES_BELOW = ("nearly", "almost", "just under", "just shy of", "close to but under")
_HEDGES_ABOVE = ("just over", "over", "more than", "above", "at least", "upwards of", "in excess of")
_HEDGES_BOUND = {
    "within": "<=",
    "under": "<",
    "less than": "<",
    "fewer than": "<",
    "below": "<",
    "up to": "<=",
    "at most": "<=",
}
_ALL_HEDGES = sorted((*_HEDGES_VAGUE, *_HEDGES_BELOW, *_HEDGES_ABOVE, *_HEDGES_BOUND), key=len, reverse=True)

#: Direction words after (or before) a number: the sign they give the number.
_DIRECTION_WORDS = {
    "lower": -1,
    "less": -1,
    "fewer": -1,
    "smaller": -1,
    "reduction": -1,
    "reduced": -1,
    "decrease": -1,
    "decreased": -1,
    "drop": -1,
    "dropped": -1,
    "fell": -1,
    "fall": -1,
    "down": -1,
    "improvement": -1,
    "declined": -1,
    "decline": -1,
    "higher": 1,
    "more": 1,
    "greater": 1,
    "larger": 1,
    "increase": 1,
    "increased": 1,
    "rise": 1,
    "rose": 1,
    "up": 1,
    "gain": 1,
}
# "improvement" is read as a fall in a symptom score (the scales in data/ fall as patients improve)

_DURATION_DAYS = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "year": 365.25,
}
#: A month is 28 to 31 days: a writer's "one month" may be four weeks.
_MONTH_DAYS = (28.0, 31.0)
_UNIT_ALIASES = {
    "min": "minute",
    "mins": "minute",
    "minutes": "minute",
    "minute": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hours": "hour",
    "hour": "hour",
    "d": "day",
    "days": "day",
    "day": "day",
    "wk": "week",
    "wks": "week",
    "weeks": "week",
    "week": "week",
    "mo": "month",
    "months": "month",
    "month": "month",
    "years": "year",
    "year": "year",
    "yr": "year",
    "yrs": "year",
}
_COUNT_UNITS = (
    "people",
    "persons",
    "patients",
    "participants",
    "infusions",
    "infusion",
    "trials",
    "studies",
    "study",
    "treatments",
    "sessions",
    "session",
    "veterans",
    "adults",
    "subjects",
    "doses",
    "dose",
    "points",
    "point",
    "units",
    "times",
)
_CURRENCY = "$€£"
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "\u2009": " ", "\u00a0": " ", "\u202f": " "})


@dataclass(frozen=True)
class Figure:
    """A stated figure and the interval of true values it is consistent with.

    Attributes
    ----------
    text : str
        The figure as the claim file gives it.
    value : float
        The central value (proportion scale for percentages and verbal fractions; days
        for a duration), signed by a direction word when there is one.
    low, high : float
        The values the text covers (``-inf``/``inf`` for plain bounds).
    form : str
        ``"number"``, ``"percent"``, ``"verbal"``, ``"words"`` or ``"range"``.
    is_proportion : bool
        Whether the figure is a proportion (a percent or a verbal fraction).
    unit : str or None
        A unit printed with the number (``"days"``, ``"$"``).
    tolerance : str
        In words, what the figure covers and why.
    relation : str
        ``"="``, ``"<"``, ``">"``, ``"<="`` or ``">="`` (``">"`` for a one-sided word such as
        "over", which still has an upper end).
    printed : Printed or None
        The parsed printed number where there is one (the upper end of a range).
    first : Printed or None
        The lower end of a range.
    direction : int or None
        -1 or +1 when a direction word ("lower", "fell by") gave the sign, else None.

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
    direction: int | None = None

    def end_contains(self, which: int, x: float, *, tol: float = 1e-9) -> bool:
        """For a range, whether ``x`` is consistent with its first (0) or second (1) end."""
        p = self.first if which == 0 else self.printed
        if p is None:
            raise ValueError(f"{self.text!r} is not a range")
        scale = 0.01 if p.is_percent else 1.0
        eps = tol * max(1.0, abs(x))
        return p.low * scale - eps <= x <= p.high * scale + eps

    def contains(self, x: float, *, tol: float = 1e-9) -> bool:
        """Whether ``x`` (on the figure's scale) is consistent with the figure; NaN and
        infinities never are."""
        if x is None:
            return False
        x = float(x)
        if not math.isfinite(x):
            return False
        eps = tol * max(1.0, abs(x))
        if self.relation == ">":
            return x > self.low + eps and x <= self.high + eps
        if self.relation == "<":
            return x < self.high - eps and x >= self.low - eps
        return self.low - eps <= x <= self.high + eps

    def magnitude(self) -> Figure:
        """The figure without its direction word's sign (for comparing sizes)."""
        if self.direction != -1:
            return self
        return replace(self, value=-self.value, low=-self.high, high=-self.low, direction=None)

    def show(self, x: float) -> str:
        """Format a value on this figure's scale as the figure is written (percent or number)."""
        return _show(x, self.is_proportion, self.printed.decimals if self.printed else 0)

    @property
    def covers(self) -> str:
        """The interval covered, in words ('66.5% to 67.5%')."""
        lo = "−∞" if math.isinf(self.low) else self.show(self.low)
        hi = "∞" if math.isinf(self.high) else self.show(self.high)
        if self.relation in (">", ">=") and math.isinf(self.high):
            return f"{'above' if self.relation == '>' else 'at least'} {lo}"
        if self.relation in ("<", "<=") and math.isinf(self.low):
            return f"{'below' if self.relation == '<' else 'at most'} {hi}"
        return f"{lo} to {hi}"


def _show(x: float, is_proportion: bool, decimals: int) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "NA" if x is None or math.isnan(x) else str(x)
    if is_proportion:
        d = max(1, decimals + 1)
        return f"{100 * x:.{d}f}%"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    d = max(decimals + 1, 2) if abs(x) < 100 else max(decimals, 1)
    return f"{x:,.{d}f}"


def _text(text: Any, field: str, example: str) -> str:
    if isinstance(text, bool) or text is None:
        raise ValueError(f"{field} must be a figure such as {example}, got {text!r}")
    if isinstance(text, int):
        if abs(text) >= 10**MAX_NUMBER_DIGITS:
            raise LimitExceeded(f"{field}: a number of more than {MAX_NUMBER_DIGITS} digits")
        text = str(text)
    elif isinstance(text, float):
        if not math.isfinite(text):
            raise ValueError(f"{field} must be a finite figure, got {text!r}")
        text = repr(text)
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{field} must be a figure such as {example}, got {text!r}")
    if len(text) > MAX_FIELD_CHARS:
        raise LimitExceeded(f"{field}: longer than {MAX_FIELD_CHARS} characters ({len(text):,})")
    return " ".join(text.translate(_DASHES).split())


# -- number words ----------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]+|\S")


def words_to_digits(text: str) -> tuple[str, bool]:
    """Replace numbers written in words by digits; say whether any were.

    "sixty-seven per cent" → "67 %", "one hundred and four" → "104", "twenty-one days" →
    "21 days". A lone "a"/"an" is left alone. One pass over the words (linear time).

    Examples
    --------
    >>> words_to_digits("sixty-seven per cent")
    ('67%', True)
    >>> words_to_digits("one hundred and four patients")
    ('104 patients', True)
    """
    s = re.sub(r"\bper\s?cent\b|\bpercent\b", "%", text, flags=re.IGNORECASE)
    tokens = re.split(r"(\s+|-)", s)
    out: list[str] = []
    used = False
    i = 0
    n = len(tokens)
    while i < n:
        word = tokens[i].lower()
        if word in _UNITS_WORDS or word in _TENS_WORDS:
            total, current, j, last = 0, 0, i, i
            while j < n:
                w = tokens[j].lower()
                if w in _UNITS_WORDS:
                    current += _UNITS_WORDS[w]
                elif w in _TENS_WORDS:
                    current += _TENS_WORDS[w]
                elif w == "hundred":
                    current = max(current, 1) * 100
                elif w in ("thousand", "million"):
                    total += max(current, 1) * _SCALE_WORDS[w]
                    current = 0
                elif w == "and" and j + 2 < n and tokens[j + 2].lower() in {**_UNITS_WORDS, **_TENS_WORDS}:
                    pass
                elif w.strip() == "" or w == "-":
                    j += 1
                    continue
                else:
                    break
                last = j
                j += 1
            out.append(str(total + current))
            used = True
            i = last + 1
            continue
        out.append(tokens[i])
        i += 1
    result = "".join(out)
    result = re.sub(r"(\d)\s+%", r"\1%", result)
    return result, used


# -- hedges and direction words --------------------------------------------------------------


def _split_hedge(text: str) -> tuple[str, str | None]:
    low = text.lower()
    for hedge in _ALL_HEDGES:
        if low.startswith(hedge + " ") or (hedge == "~" and low.startswith("~")):
            return text[len(hedge) :].strip(), hedge
    return text, None


def _split_direction(text: str) -> tuple[str, int | None]:
    """'11.88 points lower' → ('11.88 points', -1); 'fell by 4' → ('4', -1)."""
    words = text.split()
    if len(words) >= 2:
        head = words[0].lower()
        if head in _DIRECTION_WORDS and (len(words) < 3 or words[1].lower() in ("by", "of")):
            rest = words[2:] if words[1].lower() in ("by", "of") else words[1:]
            return " ".join(rest), _DIRECTION_WORDS[head]
        tail = words[-1].lower().rstrip(".")
        if tail in _DIRECTION_WORDS:
            body = words[:-1]
            if body and body[-1].lower() in ("a", "an"):
                body = body[:-1]
            return " ".join(body), _DIRECTION_WORDS[tail]
    return text, None


def _step(value: float, decimals: int) -> float:
    """One unit of the last non-zero printed digit, at most 10% of the value."""
    v = abs(value)
    if v == 0:
        return 10.0 ** (-decimals)
    if decimals > 0:
        unit = 10.0 ** (-decimals)
    else:
        unit = 1.0
        iv = round(v)
        while iv and iv % 10 == 0:
            iv //= 10
            unit *= 10
    return min(unit, BOUND_STEP_RELATIVE * v) if v >= 10 * 10.0 ** (-decimals) else unit


# -- verbal fractions ------------------------------------------------------------------------


def _small_number(word: str) -> int | None:
    word = word.strip().lower()
    if re.fullmatch(r"\d{1,7}", word):
        return int(word)
    if word in ("a", "an"):
        return 1
    return _UNITS_WORDS.get(word, _TENS_WORDS.get(word))


def _verbal_fraction(body: str) -> tuple[float, bool] | None:
    """(fraction, written_in_digits) for 'two-thirds', 'half', 'one in five', '6 out of every 100'."""
    s = body.lower().replace("-", " ").strip()
    s = " ".join(s.split())
    s = re.sub(r"\s+(of (them|patients|participants|people|those|the participants|the patients))$", "", s)
    if s in ("half", "a half", "one half"):
        return 0.5, False
    m = re.fullmatch(r"(\w+) (\w+)", s)
    if m and m.group(2) in _DENOMINATORS:
        num, den = _small_number(m.group(1)), _DENOMINATORS[m.group(2)]
        plural = m.group(2).endswith("s")
        if num is not None and (num > 1) == plural and num < den:
            return num / den, False
    m = re.fullmatch(r"(\w+) (?:in|out of|of) (?:every )?([\d,]{1,12}|\w+)", s)
    if m:
        num, den = _small_number(m.group(1)), _small_number(m.group(2).replace(",", ""))
        if num is not None and den and num <= den:
            # "6 out of every 100" is a percentage in figures; "1 in 5" is a verbal fraction
            digits = m.group(1).isdigit() and den in (100, 1000)
            return num / den, digits
    return None


def _verbal_figure(original: str, frac: float, hedge: str | None) -> Figure:
    band = min(VERBAL_BAND_POINTS, VERBAL_BAND_RELATIVE * frac)
    if hedge in _HEDGES_VAGUE or hedge in _HEDGES_BELOW or hedge in _HEDGES_ABOVE:
        band *= 2
    low, high, rel = max(0.0, frac - band), min(1.0, frac + band), "="
    why = f"a fraction in words ({frac:.3f}); accepted within ± {100 * band:.3g} points"
    if hedge in _HEDGES_VAGUE:
        why += f" (doubled by '{hedge}')"
    elif hedge in _HEDGES_BELOW:
        low, high = max(0.0, frac - band), frac
        why = f"'{hedge}': at most {frac:.3f} and at least {frac - band:.3f}"
    elif hedge in _HEDGES_ABOVE:
        low, high, rel = frac, min(1.0, frac + band), ">=" if hedge == "at least" else ">"
        why = f"'{hedge}': above {frac:.3f}, up to {frac + band:.3f}"
    elif hedge in _HEDGES_BOUND:
        rel = _HEDGES_BOUND[hedge]
        low, high = 0.0, frac
        why = f"'{hedge}': an upper bound"
    return Figure(original, frac, low, high, "verbal", True, None, why, rel)


# -- numbers and units -----------------------------------------------------------------------


def _strip_units(text: str) -> tuple[str, str | None, str | None]:
    """(number text, currency, unit)."""
    t = text.strip()
    currency = None
    if t and t[0] in _CURRENCY:
        currency, t = t[0], t[1:].strip()
    unit = None
    parts = t.rsplit(" ", 1)
    if len(parts) == 2:
        last = parts[1].lower().rstrip(".")
        if last in _UNIT_ALIASES:
            unit, t = _UNIT_ALIASES[last] + "s", parts[0].strip()
        elif last in _COUNT_UNITS:
            unit, t = (last if last.endswith("s") or last == "people" else last + "s"), parts[0].strip()
    if unit is None:
        m = re.fullmatch(r"([\d.,]+)\s*(h|hr|hrs|min|mins|d|wk|wks|mo)", t, flags=re.IGNORECASE)
        if m:
            unit, t = _UNIT_ALIASES[m.group(2).lower()] + "s", m.group(1)
    return t, currency, unit


def _printed(text: str, field: str) -> Printed:
    t, currency, _ = _strip_units(text)
    t = t.replace(currency or "", "").strip()
    p = parse_printed(t, name=field)
    if not math.isfinite(p.value):
        raise ValueError(f"{field} must be a finite figure, got {text!r}")
    digits = len(re.sub(r"\D", "", t.split("e")[0].split("E")[0]))
    if digits > MAX_NUMBER_DIGITS:
        raise LimitExceeded(f"{field}: a number of more than {MAX_NUMBER_DIGITS} digits")
    return p


_RANGE = re.compile(r"(.*?[\d%])\s*(?:\bto\b|-|\band\b|\bthrough\b)\s*([-+]?[$€£]?\d.*)")


def _split_range(body: str) -> tuple[str, str] | None:
    # the separator is searched from the left once; both parts are then parsed: linear time
    m = _RANGE.fullmatch(body)
    if not m or not m.group(1).strip():
        return None
    left = m.group(1).strip()
    if re.fullmatch(r"[-+]?\s*", left):
        return None
    return left, m.group(2).strip()


def parse_figure(
    text: Any,
    *,
    field: str = "figure",
    proportion: bool = False,
    single: bool = False,
    range_fields: str = "",
) -> Figure:
    """Parse a stated figure into the interval of values it covers.

    Parameters
    ----------
    text : str or number
        The figure as the document prints it ("67%", "two-thirds", "27.5 days",
        "$2,100 to $3,600", "over 2,600", "6 out of every 100", "11.88 points lower").
    field : str
        Name used in error messages.
    proportion : bool
        Whether the figure must be a proportion (a percent, a fraction in words, or a
        number between 0 and 1).
    single : bool
        Refuse a range ("0.36–1.91"): the field holds one figure.
    range_fields : str
        With ``single``, the fields to use for a range, named in the error.

    Returns
    -------
    Figure

    Raises
    ------
    ValueError
        If the text is not a figure; the message names ``field`` and the text.
    LimitExceeded
        If the text is longer than :data:`MAX_FIELD_CHARS` or a number has more than
        :data:`MAX_NUMBER_DIGITS` digits.

    Examples
    --------
    >>> parse_figure("roughly half").covers
    '40.0% to 60.0%'
    >>> parse_figure("$2,100 to $3,600").covers
    '2,099.5 to 3,600.5'
    >>> parse_figure("sixty-seven per cent").covers
    '66.5% to 67.5%'
    """
    original = text if isinstance(text, str) else str(text)
    body = _text(text, field, "'67%' or 'two-thirds'")
    # a measure's name before its number ("OR 3.90", "d = 1.13", "HR: 0.5") is a label
    body = re.sub(r"^(?:OR|RR|HR|RD|MD|SMD|NNT|IRR|d|g)\s*[=:]?\s*(?=[-+−~<>≤≥]?\s*[\d.])", "", body)
    # "30+" means at least 30
    plus = re.fullmatch(r"([\d.,]+)\s*\+(\s+\w+)?", body)
    if plus:
        body = f"at least {plus.group(1)}{plus.group(2) or ''}"
    body, hedge = _split_hedge(body)
    body, direction = _split_direction(body)
    body, hedge2 = _split_hedge(body) if hedge is None else (body, None)
    hedge = hedge or hedge2

    verbal = _verbal_fraction(body)
    if verbal is not None:
        frac, digits = verbal
        if not digits:
            return _verbal_figure(original, frac, hedge)
        m = re.match(r"\s*(\d+)\D+([\d,]+)", body)
        assert m is not None  # _verbal_fraction matched digits
        den = float(m.group(2).replace(",", ""))
        p = parse_printed(f"{100 * int(m.group(1)) / den:g}%")
        return _number_figure(original, p, hedge, None, None, field, proportion=True, direction=direction)

    body, in_words = words_to_digits(body)
    # "three times as likely", "2.5-fold": a ratio
    body = re.sub(
        r"^([\d.,]+)\s*-?\s*(?:times|fold|x|×)(?:\s+(?:as|more|higher|greater)\b.*)?$",
        r"\1 times",
        body,
        flags=re.IGNORECASE,
    )
    one = re.sub(
        r"^(?:a|an)\s+(?=(?:minute|hour|day|week|month|year|single)s?\b)", "1 ", body, flags=re.IGNORECASE
    )
    in_words = in_words or one != body
    body = one
    parts = _split_range(body)
    if parts is not None:
        if single:
            use = f"; give its ends in {range_fields}" if range_fields else ""
            raise ValueError(f"{field} holds one figure, not the range {original!r}{use}")
        left, right = parts
        pct = left.endswith("%") or right.endswith("%")
        try:
            a = _printed(left + ("%" if pct and not left.endswith("%") else ""), field)
            b = _printed(right, field)
        except LimitExceeded:
            raise
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
        low, high = a.low * scale, b.high * scale
        why = "a range; each end covers half a unit of its last digit"
        if hedge in _HEDGES_VAGUE:
            # "around 50 to 60%": each end is hedged as a single number would be
            low = min(low, a.value * scale * (1 - HEDGE_NUMBER_RELATIVE))
            high = max(high, b.value * scale * (1 + HEDGE_NUMBER_RELATIVE))
            why = (
                f"a range hedged by '{hedge}': each end the wider of its rounding and "
                f"± {100 * HEDGE_NUMBER_RELATIVE:g}% of it"
            )
        return Figure(
            original,
            (a.value + b.value) / 2 * scale,
            low,
            high,
            "range",
            pct,
            unit or currency,
            why,
            "=",
            b,
            a,
        )
    try:
        printed = _printed(body, field)
    except LimitExceeded:
        raise
    except ValueError:
        raise ValueError(
            f"{field} must be a figure such as '67%', '27.5 days' or 'two-thirds', got {original!r}"
        ) from None
    _, currency, unit = _strip_units(body)
    fig = _number_figure(
        original, printed, hedge, unit, currency, field, proportion=proportion, direction=direction
    )
    if in_words and hedge is None and fig.relation == "=" and fig.unit != "times":
        # a number in words is exact: "six infusions" is six, not 5.5 to 6.5
        fig = replace(fig, low=fig.value, high=fig.value, form="words", tolerance="a number in words: exact")
    return fig


def _number_figure(
    original: str,
    p: Printed,
    hedge: str | None,
    unit: str | None,
    currency: str | None,
    field: str,
    *,
    proportion: bool,
    direction: int | None = None,
) -> Figure:
    if proportion and not p.is_percent and not 0 <= p.value <= 1:
        raise ValueError(
            f"{field} must be a percentage ('67%'), a fraction in words or a number in [0, 1], "
            f"got {original!r}"
        )
    is_prop = p.is_percent or proportion
    scale = 0.01 if p.is_percent else 1.0
    rel = p.relation if p.relation != "=" else "="
    value = p.value * scale
    low, high = p.low * scale, p.high * scale
    why = (
        f"printed with {p.decimals} decimal{'s' if p.decimals != 1 else ''}: ± half a unit of the last digit"
    )
    step = _step(p.value, p.decimals) * scale
    if rel in (">", ">=", "<", "<="):
        if rel in (">", ">="):
            low, high = value, (1.0 if is_prop else math.inf)
            why = f"'{rel}': a lower bound"
        else:
            low, high = (0.0 if is_prop else -math.inf), value
            why = f"'{rel}': an upper bound"
    elif hedge in _HEDGES_ABOVE:
        rel = ">=" if hedge == "at least" else ">"
        low, high = value, value + step
        shown = _show(value, is_prop, p.decimals), _show(high, is_prop, p.decimals)
        why = f"'{hedge}': above {shown[0]}, up to one step more ({shown[1]})"
    elif hedge in _HEDGES_BELOW:
        low, high = value - step, value
        shown = _show(value, is_prop, p.decimals), _show(low, is_prop, p.decimals)
        why = f"'{hedge}': below {shown[0]}, down to one step less ({shown[1]})"
    elif hedge in _HEDGES_BOUND:
        rel = _HEDGES_BOUND[hedge]
        low, high = (0.0 if is_prop else -math.inf), value
        why = f"'{hedge}': an upper bound"
    elif hedge in _HEDGES_VAGUE:
        widen = HEDGE_NUMBER_RELATIVE * abs(value)
        if widen > (high - low) / 2:
            low, high = value - widen, value + widen
            why = f"'{hedge}': ± {100 * HEDGE_NUMBER_RELATIVE:g}% of the value (wider than its rounding)"
    fig = Figure(
        original,
        value,
        low,
        high,
        "percent" if p.is_percent else "number",
        is_prop,
        unit or currency,
        why,
        rel,
        p,
    )
    if direction == -1:
        fig = replace(
            fig,
            value=-fig.value,
            low=-fig.high,
            high=-fig.low,
            direction=-1,
            relation={">": "<", "<": ">", ">=": "<=", "<=": ">="}.get(rel, rel),
        )
    elif direction == 1:
        fig = replace(fig, direction=1)
    return fig


# -- whole numbers, p-values, levels, durations ----------------------------------------------


def parse_whole(text: Any, *, field: str = "n") -> int:
    """A whole number: "1,200", 30, "twenty-one", "one hundred and four".

    Examples
    --------
    >>> parse_whole("1,200"), parse_whole("one hundred and four")
    (1200, 104)
    """
    if isinstance(text, int) and not isinstance(text, bool):
        if abs(text) >= 10**MAX_NUMBER_DIGITS:
            raise LimitExceeded(f"{field}: a number of more than {MAX_NUMBER_DIGITS} digits")
        if text < 0:
            raise ValueError(f"{field} must be a whole number (0 or more), got {text!r}")
        return text
    body = _text(text, field, "30 or '1,200'")
    body, _ = words_to_digits(body)
    if _split_range(body) is not None:
        raise ValueError(f"{field} holds one whole number, not the range {text!r}")
    body, _, _ = _strip_units(body)
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.0+)?", body):
        raise ValueError(f"{field} must be a whole number (0 or more) such as 30 or '1,200', got {text!r}")
    digits = body.replace(",", "").split(".")[0]
    if len(digits) > MAX_NUMBER_DIGITS:
        raise LimitExceeded(f"{field}: a number of more than {MAX_NUMBER_DIGITS} digits")
    return int(digits)


def parse_p(text: Any, *, field: str = "p") -> Figure:
    """A p-value: "p<0.001", "P = .03", "p ≤ 0.05", "< .05", "0.9", 0.03.

    Examples
    --------
    >>> parse_p("P = .03").covers
    '0.025 to 0.035'
    >>> parse_p("p<0.001").relation
    '<'
    """
    body = _text(text, field, "'p = 0.03' or 'p < 0.001'")
    body = re.sub(r"^[Pp]\s*(?:-?value)?\s*(?=[=<>≤≥])", "", body).strip()
    body = re.sub(r"^[Pp]\s+(?=[\d.])", "", body)
    if _split_range(body) is not None:
        raise ValueError(f"{field} holds one p-value, not the range {text!r}")
    try:
        p = _printed(body, field)
    except LimitExceeded:
        raise
    except ValueError:
        raise ValueError(
            f"{field} must be a p-value such as 'p = 0.03' or 'p < 0.001', got {text!r}"
        ) from None
    if p.is_percent or not 0 <= p.value <= 1:
        raise ValueError(f"{field} must be a p-value between 0 and 1, got {text!r}")
    rel = p.relation
    low, high = p.low, p.high
    if rel in ("<", "<="):
        low = 0.0
    if rel in (">", ">="):
        high = 1.0
    return Figure(
        str(text),
        p.value,
        max(low, 0.0),
        min(high, 1.0),
        "number",
        False,
        None,
        "a p-value as printed",
        rel,
        p,
    )


def parse_level(text: Any, *, field: str = "confidence_level") -> float:
    """A confidence level: 0.95, "95%", "90" → 0.9.

    Examples
    --------
    >>> parse_level("95%"), parse_level(0.9)
    (0.95, 0.9)
    """
    body = _text(text, field, "0.95 or '95%'")
    p = _printed(body, field)
    v = p.value / 100 if p.is_percent or p.value > 1 else p.value
    if not 0 < v < 1 or p.relation != "=":
        raise ValueError(f"{field} must be a level between 0 and 1 (0.95) or a percent ('95%'), got {text!r}")
    return round(v, 10)


def to_days(value: float, unit: str) -> float:
    """A span in ``unit`` (minutes, hours, days, weeks, months, years) in days."""
    key = _UNIT_ALIASES.get(str(unit).lower().strip(), str(unit).lower().rstrip("s"))
    if key not in _DURATION_DAYS:
        raise ValueError(f"unit must be one of minutes, hours, days, weeks, months, years; got {unit!r}")
    return float(value) * _DURATION_DAYS[key]


#: What a bare plural unit ("weeks", "a few hours") covers, in days: from two of the unit
#: up to (not including) the size at which a writer would name the next unit.
BARE_UNIT_DAYS = {
    "minutes": (2 / 1440, 1 / 24),
    "hours": (2 / 24, 1.0),
    "days": (2.0, 14.0),
    "weeks": (14.0, 91.0),
    "months": (56.0, 730.5),
    "years": (730.5, math.inf),
}
_FREQ_WORDS = {"once": 1, "twice": 2, "thrice": 3}
_PER_UNIT = {"daily": "day", "weekly": "week", "monthly": "month", "nightly": "day"}
_FREQUENCY = re.compile(
    r"(?:(once|twice|thrice|\d+ times)\s+(?:a|per|each|every)\s+(day|week|month)"
    r"|(?:(once|twice|thrice|\d+ times)\s+)?(daily|weekly|monthly|nightly))"
)


def frequency_interval(text: str) -> tuple[float, float, float] | None:
    """The interval in days (value, low, high) between doses of "twice weekly", "3 times a
    week", "daily" (a frequency of f per unit covers unit/(f + 0.5) to unit/(f − 0.5)).

    Examples
    --------
    >>> frequency_interval("twice weekly")
    (3.5, 2.8, 4.666666666666667)
    """
    t, _ = words_to_digits(str(text).lower())
    m = _FREQUENCY.search(t)
    if not m:
        return None
    count_word = m.group(1) or m.group(3)
    unit = m.group(2) or _PER_UNIT[m.group(4)]
    if count_word is None:
        f = 1.0
    elif count_word in _FREQ_WORDS:
        f = float(_FREQ_WORDS[count_word])
    else:
        f = float(count_word.split()[0])
    days = _DURATION_DAYS[unit]
    return days / f, days / (f + 0.5), days / (f - 0.5) if f > 0.5 else math.inf


def parse_duration(text: Any, *, field: str = "value") -> Figure:
    """A span of time with its unit, on the scale of days: "2 weeks", "40 minutes",
    "2 to 4 hours", "one month" (28 to 31 days), "about 27.5 days", "within an hour"
    (up to one hour), "weeks" (a bare plural unit: see :data:`BARE_UNIT_DAYS`), "hours or
    days" (from the first to the second), "twice weekly" (an interval between doses).

    Examples
    --------
    >>> f = parse_duration("40 minutes")
    >>> round(f.value * 1440), f.unit
    (40, 'minutes')
    >>> parse_duration("one month").contains(28), parse_duration("one month").contains(18)
    (True, False)
    >>> parse_duration("within an hour").contains(0.5 / 24)
    True
    """
    body = _text(text, field, "'2 weeks' or '40 minutes'")
    low_body = re.sub(r"\b(even|perhaps|possibly|usually|typically)\s+", "", body.lower()).strip()
    freq = frequency_interval(low_body) if re.fullmatch(r"[\w\s]+", low_body) else None
    if freq is not None and _FREQUENCY.fullmatch(words_to_digits(low_body)[0]):
        v, lo, hi = freq
        return Figure(str(text), v, lo, hi, "words", False, "days", "a frequency: the interval between doses")
    parts = re.split(r"\s+or\s+", low_body)
    if len(parts) == 2:
        a, b = (parse_duration(x, field=field) for x in parts)
        return Figure(
            str(text),
            (a.value + b.value) / 2,
            min(a.low, b.low),
            max(a.high, b.high),
            "range",
            False,
            b.unit,
            "either span: from the shorter to the longer",
        )
    bare = re.fullmatch(
        r"(?:(?:a\s+)?few\s+|several\s+|many\s+)?(minutes|hours|days|weeks|months|years)", low_body
    )
    if bare:
        lo, hi = BARE_UNIT_DAYS[bare.group(1)]
        return Figure(
            str(text),
            lo,
            lo,
            hi,
            "words",
            False,
            bare.group(1),
            f"'{bare.group(1)}' without a number: {_days(lo)} up to {_days(hi)}",
            ">=",
        )
    fig = parse_figure(text, field=field)
    if fig.unit not in ("minutes", "hours", "days", "weeks", "months", "years"):
        raise ValueError(
            f"{field} must be a span of time with its unit, such as '2 weeks' or '40 minutes'; got {text!r}"
        )
    unit = fig.unit
    per = _DURATION_DAYS[unit[:-1]]
    lo_per, hi_per = _MONTH_DAYS if unit == "months" else (per, per)
    low = max(0.0, fig.low * lo_per) if math.isfinite(fig.low) else 0.0
    high = fig.high * hi_per if math.isfinite(fig.high) else fig.high
    return replace(
        fig,
        value=fig.value * per,
        low=low,
        high=high,
        tolerance=fig.tolerance + (" (a month is 28 to 31 days)" if unit == "months" else ""),
    )


def _days(d: float) -> str:
    if math.isinf(d):
        return "any length"
    for unit, size in (
        ("years", 365.25),
        ("weeks", 7.0),
        ("days", 1.0),
        ("hours", 1 / 24),
        ("minutes", 1 / 1440),
    ):
        if d >= size and (unit != "weeks" or d % 7 == 0):
            return f"{d / size:g} {unit}"
    return f"{d * 1440:g} minutes"


# -- arithmetic, parsed and walked; never eval'ed ----------------------------------------


def _normalize_expression(text: str) -> str:
    s = text.translate(_DASHES).replace("×", "*").replace("÷", "/").replace("·", "*")
    s = re.sub(r"(?<=[\d)]) ?[xX] ?(?=[\d$(])", "*", s)
    s = re.sub(r"[$€£]", "", s)
    s = re.sub(r"(?<=\d),(?=\d\d\d(?!\d))", "", s)
    s = re.sub(r"(\d+(?:\.\d+)?) ?%", r"(\1/100)", s)
    return s


def evaluate_expression(text: Any, *, field: str = "expression") -> float:
    """Evaluate an arithmetic expression of numbers, + − × / and parentheses.

    The text is parsed with :mod:`ast` and only number literals, the four operators,
    unary signs and parentheses are walked; anything else (names, calls, powers,
    attribute access) is rejected, so a claim file can never run code. Sizes are capped
    (:data:`MAX_EXPRESSION_CHARS`, :data:`MAX_EXPRESSION_NODES`, :data:`MAX_EXPRESSION_DEPTH`,
    :data:`MAX_NUMBER_DIGITS`), and a result that is not finite is refused.

    Examples
    --------
    >>> evaluate_expression("6 × $350")
    2100.0
    >>> evaluate_expression("(10 + 3) / 2")
    6.5
    """
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        raise ValueError(f"{field} must be an arithmetic expression such as '6 * 350', got {text!r}")
    if isinstance(text, int) and abs(text) >= 10**MAX_NUMBER_DIGITS:
        raise LimitExceeded(f"{field}: a number of more than {MAX_NUMBER_DIGITS} digits")
    raw = str(text)
    if len(raw) > MAX_EXPRESSION_CHARS:
        raise LimitExceeded(f"{field}: longer than {MAX_EXPRESSION_CHARS} characters ({len(raw):,})")
    source = _normalize_expression(raw)
    if re.search(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}", source):
        raise LimitExceeded(f"{field}: a number of more than {MAX_NUMBER_DIGITS} digits")
    depth = 0
    for ch in source:
        depth += (ch == "(") - (ch == ")")
        if depth > MAX_EXPRESSION_DEPTH:
            raise LimitExceeded(f"{field}: parentheses nested more than {MAX_EXPRESSION_DEPTH} deep")
    if len(re.findall(r"[-+*/]", source)) > MAX_EXPRESSION_NODES // 2:
        raise LimitExceeded(f"{field}: more than {MAX_EXPRESSION_NODES // 2} operators")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ValueError(f"{field} is not an arithmetic expression: {text!r}") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_EXPRESSION_NODES * 2:
        raise LimitExceeded(f"{field}: more than {MAX_EXPRESSION_NODES} terms")

    def walk(node: ast.AST, level: int) -> float:
        if level > MAX_EXPRESSION_DEPTH * 3:
            raise LimitExceeded(f"{field}: nested more than {MAX_EXPRESSION_DEPTH} deep")
        if isinstance(node, ast.Expression):
            return walk(node.body, level + 1)
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            v = walk(node.operand, level + 1)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            a, b = walk(node.left, level + 1), walk(node.right, level + 1)
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

    value = walk(tree, 0)
    if not math.isfinite(value):
        raise ValueError(f"{field} does not evaluate to a finite number: {text!r}")
    return value
