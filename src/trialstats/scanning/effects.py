"""Effect sizes with their intervals and p-values, words of statistical significance and of
efficacy ("rapidly reduced symptoms"), and descriptions of a study's design and control.
"""

from __future__ import annotations

import re
from typing import Any

from .items import _DRUG_RE, _I, Item, _overlaps, _trim
from .text import NUM

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

_CHANGE_BY = re.compile(
    rf"\b(?:fell|dropped|decreased|declined|improved|rose|increased|went\s+down|went\s+up)\s+by\s+"
    rf"(?:about\s+|around\s+|nearly\s+|almost\s+|an\s+average\s+of\s+)?(?P<e>{NUM})\s+points\b",
    _I,
)

NOT_DRAFTED_MEAN = (
    "one group's mean and SD: no claim kind checks a single group's mean (the effect kind compares "
    "differences between groups and changes), so it is not drafted"
)

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
        # one group's mean and SD: no claim kind compares it (the effect kind checks differences
        # between groups and changes), so it is found, kept from the draft, and listed with why
        stated = {"mean": m.group("mean"), "sd": m.group("sd") or m.group("pm")}
        items.append(
            Item(
                m.start(),
                m.end(),
                "effect",
                stated,
                extra={"key": (m.start("mean"), m.end("mean")), "not_drafted": NOT_DRAFTED_MEAN},
            )
        )
    for m in _CHANGE_BY.finditer(text, *sent):
        # "depression scores fell by 14 points": a mean change, compared by size with the data's
        stated = {"measure": "change", "estimate": m.group("e")}
        items.append(Item(m.start(), m.end(), "effect", stated, extra={"key": (m.start("e"), m.end("e"))}))
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


_SIGNIF = re.compile(
    r"\b(?:(?<!clinically )(?<!clinically\s)(?:statistically\s+)?significant(?:ly)?|"
    r"superiority|superior to|outperformed|"
    r"no (?:significant )?difference|did not differ|not significantly)\b",
    _I,
)


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
        elif re.search(r"symptom|severity|depression|score|anti-?depressant", m.group(0) + sentence, _I):
            # an antidepressant effect is a fall in a depression score
            stated["outcome_concept"] = "symptom_score"
        s, e = _trim(text, m.start(), m.end())
        items.append(Item(s, e, "significance", stated))
    for m in _PARITY.finditer(text, *sent):
        # "worked about as well as the painkiller ketorolac": no difference from the comparator
        stated = {"direction": "no_difference", "significant": False}
        comp = _DRUG_RE.search(m.group(0))
        if comp:
            stated["comparator"] = comp.group(1).lower()
        s, e = _trim(text, m.start(), m.end())
        items.append(Item(s, e, "significance", stated))
    return items


_PARITY = re.compile(
    r"\b(?:worked|performed|did|works|work|was|were|is|are)\s+(?:about|roughly|nearly|just|equally)?\s*"
    r"(?:as\s+(?:well|effective|good)\s+as|no\s+better\s+than|comparable\s+to|similar\s+to)\s+"
    r"(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:placebo|midazolam|saline|ketorolac|[a-z]+ine|[a-z]+am|"
    r"psychotherapy|therapy|control|antidepressants?|SSRIs?)\b",
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
