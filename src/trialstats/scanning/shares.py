"""Shares of a group: percentages, "x of n", "x/n (y%)", "6 out of every 100", fractions in
words ("two-thirds"), "a minority"; and two of them set against each other (two groups).
"""

from __future__ import annotations

import re
from typing import Any

from .items import _COMPARE, _I, _Q, Item, _comparator_after, _drug_near, _intervention, _trim, _value_text
from .text import NUM, UNIT, WORDNUM

_FRACTION_WORD = (
    r"(?:two[- ]thirds|one[- ]third|a third|one[- ]half|a half|half|one[- ]quarter|a quarter|"
    r"three[- ]quarters|one[- ]fifth|a fifth|two[- ]fifths|three[- ]fifths|four[- ]fifths|"
    r"one[- ]tenth|a tenth|one[- ]in[- ](?:two|three|four|five|six|seven|eight|nine|ten)|"
    r"a\s+(?:substantial\s+|small\s+|large\s+|sizeable\s+)?(?:minority|majority))"
)

_PERCENT = re.compile(
    rf"{_Q}(?:{NUM}|{WORDNUM})(?:\s*%?\s*(?:-|–|—|to|"
    rf"and)\s*(?:{NUM}|{WORDNUM}))?\s*(?:%|\s(?:percent|per cent)\b)",
    _I,
)

_OUT_OF = re.compile(
    rf"{_Q}(?:{NUM}|{WORDNUM})\s+(?:out\s+)?of\s+(?:every\s+|the\s+)?(?:{NUM}|{WORDNUM})\b(?!\s*%)", _I
)
# "10/15 (67%)", "10/15 patients": a slashed pair is a share only when it counts people

_SLASH = re.compile(
    rf"\b\d{{1,5}}/\d{{1,5}}\b(?=\s*(?:\(\s*{NUM}\s*%|patients|participants|people|subjects|responded|were|had))",
    re.I,
)

_IN_N = re.compile(
    rf"{_Q}(?:{NUM}|{WORDNUM})\s+in\s+(?:every\s+)?(?:{NUM}|{WORDNUM})\b(?!\s*(?:%|{UNIT}))", _I
)

_FRACTION = re.compile(rf"{_Q}\b{_FRACTION_WORD}\b", _I)

_FIGURE_WORD = re.compile(
    r"\d|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|half|third|thirds|quarter|quarters|fifth|fifths|tenth|"
    r"minority|majority|dozen)\b",
    _I,
)


def _proportions(text: str, sent: tuple[int, int]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    if not _FIGURE_WORD.search(text, sent[0], sent[1]):
        return found  # no digit and no number word: nothing to look for
    for rx in (_PERCENT, _OUT_OF, _IN_N, _FRACTION, _SLASH):
        for m in rx.finditer(text, *sent):
            s, e = _trim(text, m.start(), m.end())
            token = text[s:e]
            if (
                rx is _OUT_OF
                and re.search(rf"\bof\s+(?:the\s+)?(?:{WORDNUM})\b", token, _I)
                and not re.search(r"\d", token)
            ):
                # "one of two medications": a count, not a fraction, unless written with digits
                continue
            if rx is _FRACTION and re.fullmatch(r"(?:.*\s)?(?:a\s+)?half", token, _I):
                # "half" alone must be a share of people: "half responded", "half of patients"
                tail = text[e : e + 40]
                if not re.match(
                    r"\s+(?:of\b|responded|were|had|showed|improved|achieved|reached|met|the)", tail, _I
                ):
                    continue
            found.append((s, e, token))
    return found


def _merge_counts_with_percent(text: str, props: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "12 of 47 patients (26%)" is one figure: the counts, with their percentage in brackets."""
    props = sorted(props)
    out: list[tuple[int, int, str]] = []
    skip = False
    for a, b in zip(props, [*props[1:], None], strict=False):
        if skip:
            skip = False
            continue
        if (
            b is not None
            and re.search(r"\bof\b|/", a[2])
            and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}\(\s*", text[a[1] : b[0]])
        ):
            end = b[1] + 1 if text[b[1] : b[1] + 1] == ")" else b[1]
            out.append((a[0], end, a[2]))
            skip = True
            continue
        out.append(a)
    return out


def _two_proportions(text: str, sent: tuple[int, int], props: list[tuple[int, int, str]]) -> list[Item]:
    items: list[Item] = []
    used: set[int] = set()
    props = sorted(props)
    for i in range(len(props) - 1):
        if i in used:
            continue
        a, b = props[i], props[i + 1]
        between = text[a[1] : b[0]]
        # "9% stopped sertraline because of side effects (5% on placebo)": the second group in brackets
        bracketed = bool(
            re.fullmatch(r"[^()]{0,120}\(\s*", between)
            and re.match(
                r"\s+(?:on|in|with|for|of)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:placebo|control|[a-z]+ine|[a-z]+am)\b",
                text[b[1] : sent[1]],
                _I,
            )
        )
        if len(between) > 140 or not (_COMPARE.search(between) or bracketed):
            continue
        if re.fullmatch(r"\s*(?:-|–|to|and)\s*", between):  # a range "50 to 60%"
            continue
        if re.search(r"[.;]\s", between):
            continue
        stated: dict[str, Any] = {
            "treatment": _value_text(text, a[0], a[0] + len(a[2])),
            "control": _value_text(text, b[0], b[0] + len(b[2])),
        }
        cmp_word = _COMPARE.search(between)
        own = _intervention(text, (a[1], a[1] + cmp_word.start()), a[1]) if cmp_word else None
        drug = own or _intervention(text, sent, a[0])
        if drug:
            stated["intervention"] = drug
        comp = _comparator_after(text, b[1], sent[1]) or _drug_near(text, a[1], b[0])
        if comp and comp != drug:
            stated["comparator"] = comp
        elif (
            not comp
            and not bracketed
            and {w.lower() for w in _COMPARE.findall(between)} <= {"and", "while", "whereas"}
        ):
            # "80% were in remission and 93.3% had a depression response": two findings of one
            # group joined by "and", no second group named -- two proportions, not a comparison
            continue
        end = b[1]
        # the comparator named right after the second figure belongs to the statement
        tail = re.match(
            r"(?:\)?\s+(?:in|on|with|for|among|of)\s+(?:the\s+|those\s+(?:receiving|given|on|in)\s+)?)"
            r"(?:[\w-]+\s+){0,2}?(?:placebo|midazolam|saline|control|comparison|ketamine|[a-z]+ine|[a-z]+am)"
            r"(?:\s+(?:group|arm|condition))?\b",
            text[b[1] : sent[1]],
            _I,
        )
        if tail and stated.get("comparator"):
            end = b[1] + tail.end()
        items.append(Item(a[0], end, "two_proportions", stated))
        used |= {i, i + 1}
    return items
