"""Numbers that are not claims: dates, times, telephone numbers, classification codes,
doses, ages, trial phases, "24/7", reading times, decades and confidence levels.

An extracted figure whose own digits fall inside one of these spans is dropped.
"""

from __future__ import annotations

import re

from .items import _I
from .references import YEAR
from .text import NUM

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

_MASKS = [
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR})?\b"),  # June 2, 2026 / Apr 22
    re.compile(rf"\b\d{{1,2}}\s+{_MONTH}(?:\s+{YEAR})?\b"),  # 2 June 2026
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"),  # ISO and slashed dates
    re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b"),  # telephone numbers
    re.compile(r"\b24/7\b|\b365\b"),  # "open 24/7": hours of business
    re.compile(
        r"\b(?:aged?|ages)\s+(?:was\s+|of\s+|between\s+)?\d+(?:\.\d+)?(?:\s*(?:-|–|to|and)\s*\d+)?(?:\s*years?)?",
        _I,
    ),
    re.compile(r"\b\d+[- ]years?[- ]old\b", _I),  # ages are not trial durations
    re.compile(r"\bphase\s+(?:[1-4](?:/[1-4])?|I{1,3}V?|IV)\b", _I),  # "phase 2 trial"
    re.compile(
        r"\b(?:DSM|ICD)(?:-\d+(?:-TR)?)?\s+[A-Z]?\d[\w.]*(?:\s*/\s*(?:DSM|ICD)-?\d*\s+[A-Z]?\d[\w.]*)*"
    ),
    re.compile(
        rf"{NUM}(?:\s*(?:-|–|to)\s*{NUM})?\s*(?:mg|mcg|µg|μg|g|ml|mL|IU|units)(?:\s*/\s*(?:kg|d|day|m2|h))?\b"
    ),
    re.compile(r"\b\d+\s*(?:min|minute)s?\s+read\b", _I),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b"),  # ordinals
    re.compile(r"\b(?:in|since|by|from|during|the)\s+(?:the\s+)?(?:19|20)\d0s\b", _I),  # the 1960s
    re.compile(r"\b\d{1,2}(?::\d{2})\s*(?:am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)", _I),
    re.compile(r"\bhttps?://\S+|\bwww\.\S+"),
    re.compile(r"\b\d+\s*(?:%|percent)\s*(?:CI|confidence|credible)\b", _I),  # confidence levels
    re.compile(
        r"\b(?:at least|≥|>=?)\s+an?\s+\d+\s*%\s+(?:reduction|improvement|decrease|drop)\b", _I
    ),  # criteria
]


def _masked(text: str) -> list[tuple[int, int]]:
    spans = []
    for rx in _MASKS:
        spans += [(m.start(), m.end()) for m in rx.finditer(text)]
    return spans
