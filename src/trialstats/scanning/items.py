"""A drafted statement (:class:`Item`) and the small helpers every extractor shares:
spans, stated figures as written, and the drug and comparator words near a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .text import HEDGE, NUM


@dataclass
class Item:
    """One drafted statement: where it is, what kind of claim, and the stated figures."""

    start: int
    end: int
    kind: str
    stated: dict[str, Any]
    paragraph: int = -1
    sentence: tuple[int, int] = (0, 0)
    trial: str | None = None
    source: str | None = None
    link_reason: str = ""
    candidates: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


_I = re.I

_Q = rf"(?:{HEDGE}\s+)?"

_PEOPLE = (
    r"(?:participants?|patients?|people|persons?|subjects?|veterans?|adults?|individuals?|volunteers?|"
    r"women|men|children|adolescents?|respondents?|responders?|"
    r"soldiers|service members|outpatients?|inpatients?)"
)

_THINGS = r"(?:infusions?|sessions?|treatments?|doses?|injections?|administrations?)"

_STUDIES = r"(?:stud(?:y|ies)|trials?|RCTs?|randomi[sz]ed (?:controlled )?trials?|meta-analys[ie]s|reviews)"

_MEDS = r"(?:medications?|drugs?|medicines?|antidepressants?)"

_MONEY = re.compile(rf"[$£€]\s?{NUM}(?:\s*(?:-|–|to|and)\s*[$£€]?\s?{NUM})?")

_DRUGS = (
    "ketamine",
    "esketamine",
    "arketamine",
    "midazolam",
    "sertraline",
    "paroxetine",
    "fluoxetine",
    "venlafaxine",
    "ketorolac",
    "saline",
    "placebo",
    "psilocybin",
    "mdma",
    "prazosin",
    "spravato",
    "ssris?",
    "snris?",
    "antidepressants?",
    "psychotherapy",
    "active control",
    "psychoactive control",
    "psychoactive placebo",
    "active placebo",
)

_DRUG_RE = re.compile(r"\b(" + "|".join(_DRUGS) + r")\b", _I)

_COMPARE = re.compile(
    r"\b(compared (?:to|with)|vs\.?|versus|against|than|while|whereas|relative to|and)\b", _I
)


# -- masks: numbers that are not claims -------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# -- helpers ----------------------------------------------------------------------------------


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " ,;:(":
        s += 1
    while e > s and text[e - 1] in " ,;:.":
        e -= 1
    return s, e


def _drug_near(text: str, s: int, e: int) -> str | None:
    m = _DRUG_RE.findall(text[s:e])
    return m[-1].lower() if m else None


def _comparator_after(text: str, s: int, limit: int) -> str | None:
    m = _DRUG_RE.search(text, s, min(limit, s + 80))
    if m:
        return m.group(1).lower()
    m = re.search(r"\b(control|comparison|waitlist|usual care)\b", text[s : min(limit, s + 80)], _I)
    return m.group(1).lower() if m else None


def _intervention(text: str, sent: tuple[int, int], pos: int) -> str | None:
    def active(m: re.Match) -> bool:
        return not re.search(r"placebo|saline|control", m.group(1), _I)

    before = [m for m in _DRUG_RE.finditer(text, sent[0], pos) if active(m)]
    if before:
        return before[-1].group(1).lower()
    after = next((m for m in _DRUG_RE.finditer(text, pos, sent[1]) if active(m)), None)
    return after.group(1).lower() if after else None


def _value_text(text: str, s: int, e: int) -> str:
    """A stated figure as written, without emphasis words that do not change it ("only 30")."""
    value = re.sub(r"\s+", " ", text[s:e]).strip()
    return re.sub(r"^(?:only|just|some|a full|fully)\s+", "", value, flags=_I)


# -- the extractors ---------------------------------------------------------------------------
