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
from dataclasses import dataclass, field
from typing import Any

from .references import YEAR, Reference
from .text import HEDGE, NUM, UNIT, WORDNUM, Paragraph, word_value

__all__ = ["Item", "extract_items"]


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
_FRACTION_WORD = (
    r"(?:two[- ]thirds|one[- ]third|a third|one[- ]half|a half|half|one[- ]quarter|a quarter|"
    r"three[- ]quarters|one[- ]fifth|a fifth|two[- ]fifths|three[- ]fifths|four[- ]fifths|"
    r"one[- ]tenth|a tenth|one[- ]in[- ](?:two|three|four|five|six|seven|eight|nine|ten)|"
    r"a\s+(?:substantial\s+|small\s+|large\s+|sizeable\s+)?(?:minority|majority))"
)
_Q = rf"(?:{HEDGE}\s+)?"
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

_PEOPLE = (
    r"(?:participants?|patients?|people|persons?|subjects?|veterans?|adults?|individuals?|volunteers?|"
    r"women|men|children|adolescents?|respondents?|responders?|"
    r"soldiers|service members|outpatients?|inpatients?)"
)
_THINGS = r"(?:infusions?|sessions?|treatments?|doses?|injections?|administrations?)"
_STUDIES = r"(?:stud(?:y|ies)|trials?|RCTs?|randomi[sz]ed (?:controlled )?trials?|meta-analys[ie]s|reviews)"
_MEDS = r"(?:medications?|drugs?|medicines?|antidepressants?)"
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
_EFFECT = re.compile(
    r"(?P<m>Cohen['’]s\s+d|Hedges['’]?\s+g|standardi[sz]ed mean difference|SMD|mean difference|"
    r"odds ratio|risk ratio|relative risk|hazard ratio|number needed to treat|NNT|effect size|"
    r"\bOR\b|\bRR\b|\bHR\b|\bMD\b|\bd\b|\bg\b)"
    rf"(?:\s*\([A-Za-z]+\))?(?:\s+(?:for|of|in)\s+(?:[\w-]+\s+){{0,4}}?(?=was|were|of\b|=|:))?"
    rf"\s*(?:=|:|of|was|were|,|≈)?\s*(?P<e>[−-]?{NUM})",
)
_CI = re.compile(
    rf"\(?\s*(?:(?P<lvl>\d{{2}}(?:\.\d)?)\s*%\s*(?:CI|confidence interval|credible interval)\s*[,:=]?\s*)?"
    rf"\[?(?P<lo>[−-]?{NUM})\s*(?:-|–|—|to|,)\s*(?P<hi>[−-]?{NUM})\]?\s*\)?"
)
_MEAN_SD = re.compile(
    rf"(?P<mean>{NUM})\s*(?:\(\s*(?:SD|s\.d\.|"
    rf"standard deviation)\s*[=:]?\s*(?P<sd>{NUM})\s*\)|±\s*(?P<pm>{NUM}))",
    re.I,
)
_P = re.compile(
    r"\b[pP](?:[- ]values?\s+(?:of|was|were)?)?\s*(?P<rel><|>|=|≤|≥|<=|>=|\b)\s*"
    r"(?P<v>0?\.\d+|1(?:\.0+)?)(?![\d.])"
)
_POINTS = re.compile(
    rf"(?P<e>{NUM})[- ]points?\s+(?P<dir>lower|higher|greater|"
    rf"decrease|reduction|improvement|increase|drop|less|more)",
    _I,
)
_MONEY = re.compile(rf"[$£€]\s?{NUM}(?:\s*(?:-|–|to|and)\s*[$£€]?\s?{NUM})?")
_SIGNIF = re.compile(
    r"\b(?:(?<!clinically )(?<!clinically\s)(?:statistically\s+)?significant(?:ly)?|"
    r"superiority|superior to|outperformed|"
    r"no (?:significant )?difference|did not differ|not significantly)\b",
    _I,
)
_DESIGN = re.compile(
    r"\b(?:(?:randomi[sz]ed|double[- ]blind(?:ed)?|"
    r"single[- ]blind(?:ed)?|triple[- ]blind(?:ed)?|open[- ]label|"
    r"placebo[- ]controlled|active[- ]controlled|controlled|crossover|cross-over|parallel[- ]group|"
    r"proof[- ]of[- ]concept|retrospective|prospective|pilot|observational|uncontrolled|single[- ]arm)"
    r"(?:,?\s+(?:and\s+)?|\s*))+(?:clinical\s+)?(?:trials?|stud(?:y|ies)|RCTs?)\b|\bRCTs?\b|\bwere\s+randomi[sz]ed\b",
    _I,
)

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
_COMPARE = re.compile(
    r"\b(compared (?:to|with)|vs\.?|versus|against|than|while|whereas|relative to|and)\b", _I
)


# -- masks: numbers that are not claims -------------------------------------------------------

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
    if re.search(r"\b(twice|three times|every|per)\b", b):
        return "interval"
    return "course"


def _value_text(text: str, s: int, e: int) -> str:
    """A stated figure as written, without emphasis words that do not change it ("only 30")."""
    value = re.sub(r"\s+", " ", text[s:e]).strip()
    return re.sub(r"^(?:only|just|some|a full|fully)\s+", "", value, flags=_I)


# -- the extractors ---------------------------------------------------------------------------


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
        if len(between) > 140 or not _COMPARE.search(between):
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


_TIMES = re.compile(
    rf"\b(?P<e>twice|two|three|four|five|six|ten|{NUM})\s*(?:times|-fold|fold)\s+"
    r"(?:as\s+(?:many|likely|much|often|high)|more\s+(?:likely|often|people|patients)|higher|greater|the\s+(?:rate|odds|risk))",
    _I,
)


def _effects(text: str, sent: tuple[int, int]) -> list[Item]:
    items = []
    for m in _TIMES.finditer(text, *sent):
        words = {"twice": "2", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "ten": "10"}
        estimate = words.get(m.group("e").lower(), m.group("e"))
        measure = "OR" if "odds" in m.group(0).lower() else "RR"  # "times as likely": a ratio of risks
        items.append(
            Item(
                m.start(),
                m.end(),
                "effect",
                {"measure": measure, "estimate": estimate},
                extra={"key": (m.start("e"), m.end("e"))},
            )
        )
    for m in _EFFECT.finditer(text, *sent):
        measure = m.group("m")
        low = measure.lower()
        if low in ("d", "g") and not re.search(r"(?:=|:)\s*$", text[m.end("m") : m.start("e")] + "="):
            continue
        if low in ("d", "g") and "=" not in text[m.end("m") : m.start("e")]:
            continue
        canonical = {
            "cohen's d": "d",
            "cohen’s d": "d",
            "hedges' g": "g",
            "hedges’ g": "g",
            "hedges g": "g",
            "standardized mean difference": "SMD",
            "standardised mean difference": "SMD",
            "mean difference": "MD",
            "odds ratio": "OR",
            "risk ratio": "RR",
            "relative risk": "RR",
            "hazard ratio": "HR",
            "number needed to treat": "NNT",
            "effect size": "SMD",
        }.get(
            re.sub(r"\s+", " ", low),
            measure if low in ("d", "g") else measure.upper() if len(measure) <= 3 else measure,
        )
        stated: dict[str, Any] = {"measure": canonical, "estimate": m.group("e").replace("−", "-")}
        end = m.end()
        for _ in range(2):  # an interval and a p-value, in either order
            ci = _CI.match(text, end, sent[1]) or _CI.match(text, end + 1, sent[1]) if end < sent[1] else None
            lead = text[end : ci.end()] if ci else ""
            if (
                "low" not in stated
                and ci
                and re.match(r"\s*[,(\[;]?\s*(?:\d{2}\s*%\s*(?:CI|confidence)|\(|\[)", lead)
            ):
                stated["low"] = ci.group("lo").replace("−", "-")
                stated["high"] = ci.group("hi").replace("−", "-")
                if ci.group("lvl"):
                    stated["confidence_level"] = f"{ci.group('lvl')}%"
                end = ci.end()
                continue
            p = _P.match(text, end, sent[1]) or _P.search(text, end, min(sent[1], end + 12))
            if "p" not in stated and p:
                stated["p"] = f"p {p.group('rel') or '='} {p.group('v')}"
                end = p.end()
                continue
            break
        s, e = _trim(text, m.start(), end)
        if text[s:e].count("(") > text[s:e].count(")") and e < len(text) and text[e] == ")":
            e += 1
        while text[s:e].count(")") > text[s:e].count("(") and text[e - 1] == ")":
            e -= 1
        items.append(Item(s, e, "effect", stated, extra={"key": (m.start("e"), m.end("e"))}))
    for m in _MEAN_SD.finditer(text, *sent):
        stated = {"measure": "mean", "estimate": m.group("mean")}
        items.append(
            Item(
                m.start(),
                m.end(),
                "effect",
                stated,
                extra={"key": (m.start("mean"), m.end("mean")), "sd": m.group("sd")},
            )
        )
    for m in _POINTS.finditer(text, *sent):
        stated = {"measure": "MD", "estimate": m.group("e")}
        end = m.end()
        se = re.match(rf"\s*\(\s*SE\s*[=:]?\s*(?P<se>{NUM})\s*\)", text[end : sent[1]])
        if se:
            stated["se"] = se.group("se")
            end += se.end()
        items.append(Item(m.start(), end, "effect", stated, extra={"key": (m.start("e"), m.end("e"))}))
    for m in re.finditer(
        rf"(?P<lvl>\d{{2}})\s*%\s*(?:CI|"
        rf"confidence interval)\s*[,:=]?\s*(?P<lo>[−-]?{NUM})\s*(?:-|–|—|to)\s*(?P<hi>[−-]?{NUM})",
        text[sent[0] : sent[1]],
    ):
        s, e = sent[0] + m.start(), sent[0] + m.end()
        if any(_overlaps((s, e), (it.start, it.end)) for it in items):
            continue
        items.append(
            Item(
                s,
                e,
                "effect",
                {
                    "measure": "unstated",
                    "low": m.group("lo"),
                    "high": m.group("hi"),
                    "confidence_level": f"{m.group('lvl')}%",
                },
            )
        )
    return items


def _p_values(text: str, sent: tuple[int, int], taken: list[tuple[int, int]]) -> list[Item]:
    items = []
    for m in _P.finditer(text, *sent):
        if any(_overlaps((m.start(), m.end()), t) for t in taken):
            continue
        v = float(m.group("v"))
        rel = m.group("rel") or "="
        significant = v <= 0.05 and rel in ("<", "≤", "<=", "=")
        stated: dict[str, Any] = {
            "significant": bool(significant),
            "direction": "better" if significant else "no_difference",
        }
        items.append(Item(m.start(), m.end(), "significance", stated, extra={"p": f"p {rel} {m.group('v')}"}))
    return items


def _significance(text: str, sent: tuple[int, int]) -> list[Item]:
    items = []
    sentence = text[sent[0] : sent[1]]
    for m in _SIGNIF.finditer(text, *sent):
        before = text[max(sent[0], m.start() - 12) : m.start()].lower()
        if "clinically" in before:
            continue
        word = m.group(0).lower()
        negative = bool(
            re.search(
                r"\b(no|not|did not|didn't|failed to)\b", text[max(sent[0], m.start() - 20) : m.end()], _I
            )
        )
        if (
            re.search(r"\b(significant(?:ly)?)\b", word)
            and re.search(
                r"\b(risk|role|share|impact|minority|number|"
                r"proportion|portion|amount|improvement in quality)\b",
                text[m.end() : m.end() + 25],
                _I,
            )
            and not re.search(r"reduction|improvement", text[m.end() : m.end() + 25], _I)
        ):
            continue  # "a significant risk of addiction", "a significant minority": ordinary words
        if word.startswith("significant") and not re.search(
            r"\b(than|versus|vs\.?|compared|placebo|control|midazolam|saline|reduction|improvement|decrease|increase|differ)\b",
            sentence,
            _I,
        ):
            continue
        end = m.end()
        comp = None
        cm = _DRUG_RE.search(text, m.end(), min(sent[1], m.end() + 120))
        cm2 = re.search(
            r"\b(?:an?\s+)?(?:active|psychoactive)\s+(?:\(\w+\)\s+)?control\b",
            text[m.end() : min(sent[1], m.end() + 120)],
            _I,
        )
        if cm2:
            comp = re.sub(r"^an?\s+", "", cm2.group(0).lower())
            end = m.end() + cm2.end()
        elif cm and cm.group(1).lower() != "ketamine":
            comp = cm.group(1).lower()
            end = cm.end()
        stated: dict[str, Any] = {
            "direction": "no_difference" if negative or "no " in word or "not" in word else "better",
            "significant": not negative and "no " not in word and "not" not in word,
        }
        if re.search(r"\b(worse|inferior|less effective)\b", sentence, _I) and stated["significant"]:
            stated["direction"] = "worse"
        if comp:
            stated["comparator"] = comp
        for concept, rx in (
            ("response", r"respon"),
            ("remission", r"remission"),
            ("relapse", r"relapse"),
            ("symptom_score", r"symptom|severity|score|MADRS|CAPS|PCL|IES|depression measured"),
            ("adverse_event", r"adverse|side effect"),
        ):
            if re.search(rx, sentence, _I):
                stated["outcome_concept"] = concept
                break
        if end == m.end():
            noun = re.match(
                r"\s+(?:\w+\s+){0,2}?(?:reduction|improvement|difference|decrease|increase|effect|benefit|change)s?\b",
                text[end : sent[1]],
                _I,
            )
            if noun:
                end += noun.end()
        s, e = _trim(text, m.start(), end)
        items.append(Item(s, e, "significance", stated))
    return items


_EFFICACY = re.compile(
    r"\b(?:(?:rapidly|significantly|substantially|markedly|quickly)\s+)?"
    r"(?:reduced|reduces|alleviated|ameliorated|decreased|lowered|improved|relieved)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:symptoms?|severity|depression|suicidal (?:ideation|thoughts)|thoughts|scores?)\b"
    r"|\b(?:showed|shows|show|demonstrated|demonstrates|established|has|have|with|exerted|extended)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:efficacy|randomi[sz]ed[- ]trial (?:evidence|support)|superiority|the signal|"
    r"(?:anti-?depressant|therapeutic|antisuicidal) effects?)\b"
    r"(?:\s+in\s+(?:[\w-]+\s+){0,2}?(?:PTSD|depression))?"
    r"|\b(?:found|showed|produced|reported|led to|yielded)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:improvements?|reductions?|benefits?|decreases?)\b"
    r"(?:\s+in\s+(?:[\w-]+\s+){0,3}?(?:symptoms?|severity|depression|PTSD|scores?))?",
    _I,
)
_CONTEXT = re.compile(
    r"\b(trials?|stud(?:y|ies)|RCTs?|randomi[sz]ed|research|evidence|analys[ie]s|meta-analys[ie]s|"
    r"ketamine|esketamine|infusions?|dose|SSRIs?|sertraline|paroxetine|medications?)\b",
    _I,
)


def _efficacy(text: str, sent: tuple[int, int]) -> list[Item]:
    """Statements that a treatment worked ("rapidly reduced symptoms", "showed efficacy in PTSD")."""
    if not _CONTEXT.search(text, sent[0], sent[1]):
        return []
    items = []
    for m in _EFFICACY.finditer(text, *sent):
        negative = bool(
            re.search(
                r"\b(?:not|no|never|failed to)\s+(?:\w+\s+)?$",
                text[max(sent[0], m.start() - 20) : m.start()],
                _I,
            )
        )
        stated: dict[str, Any] = {
            "direction": "no_difference" if negative else "better",
            "significant": not negative,
        }
        sentence = text[sent[0] : sent[1]]
        if re.search(r"suicid", m.group(0), _I):
            stated["outcome_concept"] = "symptom_score"
        elif re.search(r"symptom|severity|depression|score", m.group(0) + sentence, _I):
            stated["outcome_concept"] = "symptom_score"
        s, e = _trim(text, m.start(), m.end())
        items.append(Item(s, e, "significance", stated))
    return items


_CONTROL = re.compile(
    r"\b(?:(?P<drug>[a-z]+(?:am|ine|ol))\s+\(\s*)?(?:an?\s+)?(?P<kind>psychoactive|active)\s+(?:\((?P<inner>\w+)\)\s+)?"
    r"(?:placebo|control|comparator)\b\)?",
    _I,
)


def _designs(text: str, sent: tuple[int, int]) -> list[Item]:
    items = []
    for m in _CONTROL.finditer(text, *sent):
        # "midazolam (a psychoactive control)", "an active (midazolam) control": the kind of control
        stated: dict[str, Any] = {"control": "active_placebo"}
        drug = m.group("drug") or m.group("inner")
        if drug:
            stated["comparator"] = drug.lower()
        s, e = _trim(text, m.start(), m.end())
        if text[s:e].count(")") > text[s:e].count("("):
            e -= 1
        items.append(Item(s, e, "design", stated))
    for m in _DESIGN.finditer(text, *sent):
        phrase = m.group(0).lower()
        stated: dict[str, Any] = {}
        if "randomi" in phrase or re.search(r"\brct", phrase):
            stated["randomized"] = True
        if re.search(r"retrospective|observational|uncontrolled|open[- ]label|single[- ]arm", phrase):
            stated["randomized"] = stated.get("randomized", False)
        for word, value in (
            ("double", "double"),
            ("single-blind", "single"),
            ("single blind", "single"),
            ("triple", "triple"),
            ("open", "open"),
        ):
            if word in phrase and ("blind" in phrase or word == "open"):
                stated["blinding"] = value
                break
        if "crossover" in phrase or "cross-over" in phrase:
            stated["structure"] = "crossover"
        elif "parallel" in phrase:
            stated["structure"] = "parallel"
        elif "single-arm" in phrase or "single arm" in phrase or "open-label" in phrase:
            stated["structure"] = "single_arm"
        if "placebo" in phrase:
            stated["control"] = "placebo"
        elif "active" in phrase:
            stated["control"] = "active"
        elif "uncontrolled" in phrase:
            stated["control"] = "none"
        if not stated:
            continue  # "pilot study", "small study": no design attribute that can be checked
        s, e = _trim(text, m.start(), m.end())
        items.append(Item(s, e, "design", stated))
    return items


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
        rf"(?<![\w.,])(?P<n>{NUM}|{WORDNUM})\s+(?:{_PEOPLE}\s+)?(?:completed|finished)\b", sentence, _I
    ):
        value = _value_text(sentence, m.start(), m.end("n"))
        items.append(
            Item(sent[0] + m.start(), sent[0] + m.end(), "count", {"value": value, "what": "completed"})
        )
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
        if re.match(r"(?:a\s+)?median", value, _I):
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
        r"\b(twice|three times|once)\s+(?:a\s+|per\s+)?(weekly|week|daily|day)\b", sentence, _I
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
            ):
                unit = cand
                break
        if unit is None:
            continue
        counts = [
            it
            for it in taken
            if it.kind == "count"
            and it.stated.get("what") == "infusions"
            and unit.end() < it.start < total.start()
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
