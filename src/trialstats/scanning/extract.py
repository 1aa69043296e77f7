"""Finding the checkable statements of a text: each with its span, claim kind and ``stated``.

The rules are general patterns of how trial results are written, not phrasings of any one
page: a percentage or a fraction of a group; two of them set against each other; a number of
people, infusions or studies; a span of time tied to treatment; an effect size with its
interval; a p-value; words of statistical significance; a design ("randomized,
double-blind"); a reference entry or citation; a total that multiplies a price. Numbers that
are not claims are masked first: dates, times, telephone numbers, codes of classifications,
doses ("0.5 mg/kg"), "24/7", confidence levels ("95% CI"), reading times and ordinals.
"""

from __future__ import annotations

import re
from typing import Any

from .effects import _designs, _effects, _efficacy, _p_values, _significance
from .items import (
    _I,
    _MEDS,
    _MONEY,
    _PEOPLE,
    _Q,
    _STUDIES,
    _THINGS,
    Item,
    _intervention,
    _overlaps,
    _trim,
    _value_text,
)
from .masks import _masked
from .pooled import pooled_items
from .references import Reference
from .shares import _merge_counts_with_percent, _proportions, _two_proportions
from .text import HEDGE, NUM, UNIT, WORDNUM, Paragraph, word_value

__all__ = ["Item", "extract_items"]

_ADJ = r"(?:[A-Za-z][\w'-]*\s+){0,3}?"

_COUNT = re.compile(
    rf"(?<![\w$£€.,/-]){_Q}(?P<n>{NUM}|{WORDNUM}|single)\s+{_ADJ}(?P<noun>{_PEOPLE}|{_THINGS}|{_STUDIES}|{_MEDS})\b(?![-–])",
    _I,
)

_N_EQUALS = re.compile(rf"\b[Nn]\s*=\s*(?P<n>{NUM})\b")

_DURATION = re.compile(
    rf"(?:(?:a\s+)?median\s+(?:of\s+)?)?{_Q}(?P<v>(?:{NUM}|{WORDNUM}|an?|one)(?:\s*(?:-|–|to)\s*(?:{NUM}|{WORDNUM}))?)"
    rf"[\s-]+(?P<u>{UNIT})\b",
    _I,
)

_EVIDENCE = re.compile(
    r"\b(trials?|stud(?:y|ies)|RCTs?|randomi[sz]ed|research|evidence|found|showed|shown|demonstrated|"
    r"reported|analy[sz]is|meta-analys[ie]s|review|participants|patients|responded|response|responders|"
    r"remission|reduced|reduction|improved|efficacy|effective|cohort|survey|published)\b",
    _I,
)

_TREATMENT = re.compile(
    r"\b(infusions?|dos(?:e|es|ing)|sessions?|treatments?|therapy|ketamine|esketamine|drugs?|medications?|"
    r"effects?|relief|respon\w+|benefit|course|remission|relapse|symptoms?\s+(?:began|returned|improved)|"
    r"side effects?|follow[- ]up|followed|administered|delivered|study|trial)\b",
    _I,
)

_FIRST_PERSON = re.compile(r"\b(I|I'm|I'd|I've|I’m|I’d|I’ve|my|me)\b")


def _what_count(noun: str, sentence: str) -> str | None:
    n = noun.lower()
    if re.match(_THINGS, n, _I):
        return "infusions"
    if re.match(_STUDIES, n, _I):
        return "studies"
    if re.match(_MEDS, n, _I):
        return None
    if re.search(r"\b(randomi[sz]ed|enrolled|recruited|included|allocated|assigned)\b", sentence, _I):
        return "randomized"
    if re.search(r"\b(completed|finished)\b", sentence, _I):
        return "completed"
    if re.search(r"\b(analy[sz]ed|analysis)\b", sentence, _I):
        return "analyzed"
    return "participants"


def _duration_what(sentence: str, before: str, unit: str, after: str = "") -> str:
    s = sentence.lower()
    b = before.lower()[-40:]
    if re.match(
        r"[\s-]*(?:course|series|period|treatment|regimen|schedule)\b|\s+of\s+(?:\w+\s+)?(?:infusions|treatment|sessions|dosing)",
        after.lower(),
    ):
        return "course"
    if re.search(
        r"\b(returned|return|fade[sd]?|wore off|wear off|"
        r"resolv\w+|lasted|last(?:ing|s)?|subsid\w+|diminish\w+)\b",
        s,
    ) and not re.search(r"\bover\s*$", b):
        return "wearing_off"
    if re.search(r"\bfollow(?:ed)?[- ]?up\b|\bfollowed\b", s):
        return "follow_up"
    if re.search(r"\b(within|after|as early as|by)\s*$", b) or re.search(
        r"\b(rapid|onset|quickly|began to)\b", s
    ):
        if not re.search(r"\b(over|for)\s*$", b):
            return "onset"
    if unit.lower().startswith(("min", "hour", "hr")) and re.search(
        r"\b(infus\w+|delivered|administered|given|session)\b", s
    ):
        return "infusion"
    # "every 3 days" is the interval; "twice a week over 4 weeks" -- the span after over/for is the course
    if re.search(r"\b(?:every|per|once\s+(?:in|every))\s+(?:other\s+)?$", b):
        return "interval"
    return "course"


_STUDY = re.compile(
    r"\b(trials?|stud(?:y|ies)|RCTs?|randomi[sz]ed|research|evidence|analys[ie]s|meta-analys[ie]s|"
    r"found|showed|shown|demonstrated|examin\w+|investigat\w+|participants|enrolled)\b",
    _I,
)

_CLAUSE_END = re.compile(r"[;—–]\s|,\s+(?:and|but|while|whereas|which|so|research|though|although)\b|:\s")


def _clause_text(text: str, sent: tuple[int, int], start: int, end: int) -> str:
    cs, ce = sent
    for m in _CLAUSE_END.finditer(text, sent[0], sent[1]):
        if m.end() <= start:
            cs = m.end()
        elif m.start() >= end:
            ce = m.start()
            break
    return text[cs:ce]


def _counts(text: str, sent: tuple[int, int]) -> list[Item]:
    items = []
    sentence = text[sent[0] : sent[1]]
    for m in _COUNT.finditer(text, *sent):
        n = m.group("n")
        noun = m.group("noun")
        if n.lower() == "single" and (
            not re.match(_THINGS, noun, _I)
            or not _STUDY.search(_clause_text(text, sent, m.start(), m.end()))
            or _MONEY.search(sentence)
        ):
            # "a single infusion typically runs $350", "the effects of a single session": no trial's schedule
            continue
        if (
            n.lower() in ("one",)
            and not re.match(_THINGS, noun, _I)
            and not re.match(r"more than|over|at least", m.group(0), _I)
        ):
            continue  # "one real-world analysis", "one trial": an article, not a figure
        if re.fullmatch(r"(?:19[5-9]\d|20[0-4]\d)", n) and re.match(_STUDIES, noun, _I):
            continue  # "the 2021 Mount Sinai trial": a year, not a number of trials
        between = text[m.end("n") : m.start("noun")]
        if re.search(
            r"[.;:()]|\b(of|and|or|with|to|in|for|from|the|a|an|were|was|is|are|had|have|has|who|that|this|"
            r"these|those|completed|received|took|per|each)\b",
            between,
            _I,
        ):
            continue
        value = _value_text(text, m.start(), m.end("n"))
        stated: dict[str, Any] = {"value": value}
        what = _what_count(noun, sentence)
        if what:
            stated["what"] = what
        drug = _intervention(text, sent, m.start())
        if drug and what == "infusions":
            stated["intervention"] = drug
        s, e = _trim(text, m.start(), m.end())
        items.append(Item(s, e, "count", stated))
    for m in re.finditer(
        r"\b(?:no|without(?:\s+any)?|zero)\s+(?:serious\s+|severe\s+)?adverse\s+events\b", sentence, _I
    ):
        items.append(Item(sent[0] + m.start(), sent[0] + m.end(), "count", {"value": "0", "what": "events"}))
    for m in re.finditer(
        rf"(?<![\w.,])(?P<n>{NUM}|{WORDNUM})\s+(?:{_PEOPLE}\s+)?(?P<w>completed|finished|randomi[sz]ed|enrolled)\b"
        r"(?!\s+(?:controlled|trials?|stud(?:y|ies)|to\b))",
        sentence,
        _I,
    ):
        # "7 completed", "73 randomized" (a table cell): how many finished, or were randomized
        value = _value_text(sentence, m.start(), m.end("n"))
        what = "completed" if m.group("w").lower() in ("completed", "finished") else "randomized"
        items.append(Item(sent[0] + m.start(), sent[0] + m.end(), "count", {"value": value, "what": what}))
    for m in _N_EQUALS.finditer(text, *sent):
        items.append(
            Item(
                m.start(),
                m.end(),
                "count",
                {"value": m.group("n"), "what": _what_count("participants", sentence)},
            )
        )
    return items


def _durations(text: str, sent: tuple[int, int]) -> list[Item]:
    items: list[Item] = []
    sentence = text[sent[0] : sent[1]]
    if not re.search(UNIT, sentence, _I) or not _TREATMENT.search(sentence):
        return items
    for m in _DURATION.finditer(text, *sent):
        v = m.group("v").lower()
        if v in ("a", "an", "one") and not re.search(
            r"\b(within|after|in|for|over|up to|about)\s+$",
            text[max(0, m.start() - 12) : m.start() + 1] + " ",
            _I,
        ):
            if not re.search(
                r"\b(within|after|in|for|over|up to|about)\s+(?:an?|one)\b",
                text[max(0, m.start() - 12) : m.end()],
                _I,
            ):
                continue
        start = m.start()
        prep = re.search(
            r"\b(within|over|for|after|up to|lasting|in|during)\s+$",
            text[max(sent[0], start - 12) : start],
            _I,
        )
        if prep:
            start = start - len(prep.group(0))
        unit = m.group("u")
        before = text[sent[0] : m.start()]
        value = _value_text(text, m.start(), m.end())
        # "the median time to a PTSD relapse was 41 days": the median named before its value
        median_before = re.search(
            r"\bmedian\s+(?:time|duration|length|interval)\b[^.;]{0,60}?\b(?:was|were|is|of)\s+$", before, _I
        )
        if re.match(r"(?:a\s+)?median", value, _I) or median_before:
            value = re.sub(r"^(?:a\s+)?median\s+(?:of\s+)?", "", value, flags=_I)
            s, e = _trim(text, m.start(), m.end())
            items.append(Item(s, e, "median_time", {"value": value}))
            continue
        if re.search(r"[a-z0-9]-(?:" + UNIT + r")$", value, _I) and not value.lower().endswith("s"):
            value = (
                re.sub(r"-(?=(?:" + UNIT + r")$)", " ", value, flags=_I) + "s"
            )  # "two-week" -> "two weeks"
        what = _duration_what(sentence, before, unit, text[m.end() : sent[1]])
        if what in ("course", "infusion", "interval"):
            value = re.sub(r"^over\s+", "", value, flags=_I)  # "over two weeks": during, not more than
        stated: dict[str, Any] = {"value": value, "what": what}
        s, e = _trim(text, start, m.end())
        items.append(Item(s, e, "duration", stated))
    for m in re.finditer(
        rf"\b(?:(?:twice|once|thrice|(?:{NUM}|{WORDNUM})(?:\s*(?:-|–|to)\s*(?:{NUM}|{WORDNUM}))?\s+times)"
        r"[\s-]+(?:a\s+|per\s+|each\s+)?(?:weekly|week|daily|day|monthly|month)"
        r"|every\s+(?:other|second|third|\d+|two|three|four)\s+(?:days?|weeks?))\b",
        sentence,
        _I,
    ):
        items.append(
            Item(
                sent[0] + m.start(), sent[0] + m.end(), "duration", {"value": m.group(0), "what": "interval"}
            )
        )
    return items


def _arithmetic(text: str, para: Paragraph, taken: list[Item]) -> list[Item]:
    """A total price that is a count times a unit price stated earlier in the paragraph."""
    monies = [m for m in _MONEY.finditer(text, para.start, para.end)]
    if len(monies) < 2:
        return []
    out = []
    for k, total in enumerate(monies[1:], start=1):
        ctx = text[max(para.start, total.start() - 80) : total.start()].lower()
        if not re.search(
            r"\b(so|total|upfront|altogether|overall|in all|comes to|adds up|falls|course|range|package)\b",
            ctx,
        ):
            continue
        unit = None
        for cand in monies[:k]:
            tail = text[cand.start() - 60 if cand.start() >= 60 else 0 : cand.end() + 10].lower()
            if re.search(
                r"\b(single|each|per|one|an?)\s+[\w\s]{0,30}(infusion|session|treatment|dose|visit)", tail
            ) or re.match(
                r"\s*(?:each|apiece|per\s+(?:infusion|session|treatment|dose|visit))\b",
                text[cand.end() :],
                _I,
            ):
                unit = cand
                break
        if unit is None:
            continue
        # the count between the unit price and the total, or right before the unit price
        # ("six infusions at $450 each, which comes to $2,700")
        counts = [
            it
            for it in taken
            if it.kind == "count"
            and it.stated.get("what") == "infusions"
            and (
                unit.end() < it.start < total.start()
                or (
                    it.end <= unit.start()
                    and re.fullmatch(r"\s+(?:at|for|of)\s+", text[it.end : unit.start()])
                )
            )
            and word_value(re.sub(rf"^{HEDGE}\s+", "", str(it.stated["value"]), flags=_I) or "")
            not in (None, 1.0)
        ]
        if not counts:
            continue
        count = counts[-1]
        nval = word_value(re.sub(rf"^{HEDGE}\s+", "", str(count.stated["value"]), flags=_I))
        if nval is None:
            continue
        nshow = f"{nval:g}"
        amounts = re.findall(rf"[$£€]?\s?{NUM}", unit.group(0))
        cur = unit.group(0)[0]
        parts = [a.strip().lstrip("$£€").strip() for a in amounts]
        expression: Any = (
            [f"{nshow} × {cur}{p}" for p in parts] if len(parts) == 2 else f"{nshow} × {cur}{parts[0]}"
        )
        out.append(
            Item(
                total.start(),
                total.end(),
                "arithmetic",
                {"expression": expression, "value": _value_text(text, total.start(), total.end())},
                extra={"parts": [(unit.start(), unit.end()), (count.start, count.end)]},
            )
        )
    return out


def _citation_item(ref: Reference) -> Item:
    stated = {
        k: ref.fields[k]
        for k in ("author", "year", "journal", "volume", "issue", "pages", "title", "pmid", "doi")
        if k in ref.fields
    }
    return Item(ref.start, ref.end, "citation", stated, extra={"reference": ref.number})


def _dedupe(items: list[Item]) -> list[Item]:
    """Keep the richer of overlapping items (two proportions over a single one, and so on)."""
    rank = {
        "arithmetic": 0,
        "pooled": 1,
        "two_proportions": 1,
        "effect": 2,
        "median_time": 3,
        "proportion": 4,
        "count": 5,
        "duration": 6,
        "significance": 7,
        "design": 8,
        "support": 9,
        "citation": 10,
    }
    items = sorted(items, key=lambda it: (rank[it.kind], -(it.end - it.start)))
    kept: list[Item] = []
    for it in items:
        clash = False
        for k in kept:
            if _overlaps((it.start, it.end), (k.start, k.end)):
                same_family = {it.kind, k.kind} <= {
                    "pooled",
                    "two_proportions",
                    "proportion",
                    "effect",
                    "median_time",
                    "count",
                    "duration",
                    "arithmetic",
                }
                if same_family or it.kind == k.kind:
                    clash = True
                    break
        if not clash:
            kept.append(it)
    return sorted(kept, key=lambda it: (it.start, it.end))


def extract_items(text: str, paragraphs: list[Paragraph], references: list[Reference]) -> list[Item]:
    """Every checkable statement of ``text`` with its kind and stated figures (unlinked)."""
    masks = _masked(text)
    bib_only = [(r.start, r.end) for r in references if r.apa or r.annotation is None]
    in_ref = [(r.start, r.end) for r in references]
    items: list[Item] = [_citation_item(r) for r in references]
    for para in paragraphs:
        if any(_overlaps((para.start, para.end), span) for span in bib_only):
            continue
        para_items: list[Item] = []
        for sent in para.sentences:
            span = (sent.start, sent.end)
            sentence = text[sent.start : sent.end]
            if _FIRST_PERSON.search(sentence) or sentence.strip().endswith("?"):
                continue  # testimonials and questions state nothing checkable about a trial
            found: list[Item] = []
            props = [p for p in _proportions(text, span) if not any(_overlaps(p[:2], mk) for mk in masks)]
            props = _merge_counts_with_percent(text, props)
            found += _two_proportions(text, span, props)
            for s, e, token in props:
                value = _value_text(text, s, s + len(token))
                if re.search(r"minority$", value, _I):
                    value = "less than half"  # what "a minority" states, as a figure
                elif re.search(r"majority$", value, _I):
                    value = "more than half"
                of_studies = re.fullmatch(r"(\S+)\s+of\s+\S+", value)
                noun = re.match(r"\s+(?:[\w-]+\s+)?(?:trials|studies|RCTs)\b", text[e : sent.end])
                if of_studies and noun:
                    # "10 of 11 eligible trials": how many studies were pooled, not a share of people
                    found.append(
                        Item(s, e + noun.end(), "count", {"value": of_studies.group(1), "what": "studies"})
                    )
                    continue
                stated: dict[str, Any] = {"value": value}
                drug = _intervention(text, span, s)
                if drug:
                    stated["intervention"] = drug
                found.append(Item(s, e, "proportion", stated))
            found += _effects(text, span)
            found += _counts(text, span)
            found += _durations(text, span)
            found += _p_values(text, span, [(it.start, it.end) for it in found])
            signif = _significance(text, span)
            for eff in _efficacy(text, span):
                # "ameliorated depression ... significantly more than placebo" is one statement
                near = [
                    g
                    for g in signif
                    if (eff.start <= g.start and g.start - eff.end <= 80)
                    or _overlaps((eff.start, eff.end), (g.start, g.end))
                ]
                if near:
                    near[0].start = min(near[0].start, eff.start)
                else:
                    signif.append(eff)
            found += signif
            found += _designs(text, span)
            found += pooled_items(text, span, found)
            for it in found:
                key = it.extra.get("key", (it.start, it.end))
                if it.kind not in ("significance", "design") and any(_overlaps(key, mk) for mk in masks):
                    continue  # its figure is a date, a dose, a code, a confidence level: not a claim
                it.paragraph = para.index
                it.sentence = span
                para_items.append(it)
        para_items += _arithmetic(text, para, para_items)
        for it in para_items:
            it.paragraph = para.index
            if it.sentence == (0, 0):
                it.sentence = next(
                    ((s.start, s.end) for s in para.sentences if s.start <= it.start < s.end),
                    (para.start, para.end),
                )
        items += para_items
    for it in items:
        if it.kind == "citation":
            it.paragraph = next((p.index for p in paragraphs if p.start <= it.start < p.end), -1)
            it.sentence = (it.start, it.end)
        elif any(s <= it.start < e for s, e in in_ref):
            it.extra["in_reference"] = True
    return _dedupe(items)
