"""Paragraphs, sentences and the shared vocabulary of numbers the extractors use.

Everything here is about positions in ``ScanResult.text``: a :class:`Span` is a pair of
offsets; paragraphs are runs of non-blank lines (a line of a plain-text page is its own
paragraph when the page puts one paragraph per line, as most saved pages do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["HEDGE", "NUM", "UNIT", "WORDNUM", "Paragraph", "Sentence", "split_paragraphs", "word_value"]

_WORDS = {
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
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "single": 1,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
WORDNUM = (
    rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    rf"seventeen|eighteen|nineteen|ten|{_UNITS}|a dozen|one hundred|a hundred)"
)
NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
HEDGE = (
    r"(?:about|around|roughly|approximately|approx\.|nearly|almost|over|more than|less than|"
    r"fewer than|at least|at most|up to|only|just|some|~|≈|an estimated|a full|a median of)"
)
UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"


def word_value(text: str) -> float | None:
    """The number a figure's text names: '2,600' -> 2600, 'Fifteen' -> 15, 'sixty-seven' -> 67.

    Examples
    --------
    >>> word_value("Fifteen"), word_value("sixty-seven"), word_value("2,600"), word_value("many")
    (15.0, 67.0, 2600.0, None)
    """
    t = text.strip().lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    t = t.removeprefix("a ").removeprefix("one ")
    parts = re.split(r"[- ]", t)
    if all(p in _WORDS for p in parts):
        return float(sum(_WORDS[p] for p in parts))
    return None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    heading: str  # the nearest heading-like paragraph before it


# A sentence ends at . ! ? (or a superscript marker after them) followed by space and a
# capital, digit or quote; abbreviations that end in a dot do not end one.
_ABBREV = re.compile(
    r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bDr|\bMr|\bMrs|\bMs|\bProf|\bSt|\bNo|\bFig|\bapprox|\bcf|\bJr|\bSr|"
    r"\b[A-Z])\.$"
)
_END = re.compile(r"[.!?][\"”’)\]¹²³⁴⁵⁶⁷⁸⁹⁰]*(?:\[\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\])?(?=\s+[\"“(A-Z0-9•])")


def _sentences(text: str, start: int, end: int, index: int) -> list[Sentence]:
    out = []
    s = start
    for m in _END.finditer(text, start, end):
        if _ABBREV.search(text[max(s, m.start() - 8) : m.start() + 1]):
            continue
        out.append(Sentence(s, m.end(), index))
        s = m.end()
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        out.append(Sentence(s, end, index))
    return out


def _is_heading(text: str) -> bool:
    t = text.strip()
    return 0 < len(t) <= 80 and not re.search(r"[.;:,]$", t) and len(t.split()) <= 10


def split_paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of a text (runs of non-blank lines; each line when lines are long)."""
    blocks: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        lines = [(lm.start() + m.start(), lm.end() + m.start()) for lm in re.finditer(r"[^\n]+", m.group())]
        # a block of long lines (one paragraph per line) or of list items: each line is one
        if len(lines) > 1 and (
            sum(e - s for s, e in lines) / len(lines) > 100
            or any(re.match(r"\s*(?:[•*\-–]|\d{1,2}\.)\s", text[s:e]) for s, e in lines)
            or any(_is_heading(text[s:e]) for s, e in lines)
        ):
            blocks += lines
        else:
            blocks.append((m.start(), m.end()))
    paragraphs = []
    heading = ""
    for i, (s, e) in enumerate(blocks):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        paragraphs.append(Paragraph(i, s, e, tuple(_sentences(text, s, e, i)), heading))
        if _is_heading(text[s:e]):
            heading = text[s:e]
    return paragraphs
