"""Statements offered with a citation: the ``support`` kind (and in-text citations).

A sentence that carries a citation marker offers the cited work as evidence for what it
says. Each such sentence becomes a ``support`` item spanning the sentence up to and
including the marker; an author–year citation that also names a journal
("(Feder 2014, JAMA Psychiatry)") is in addition a ``citation`` item of its own, so that the
journal can be checked.
"""

from __future__ import annotations

import re
from typing import Any

from .extract import Item
from .references import Marker, Reference
from .text import Paragraph

__all__ = ["support_items"]

_CONDITIONS = [
    ("PTSD", r"\bPTSD\b|post-?traumatic stress"),
    ("treatment-resistant depression", r"treatment-resistant depression|\bTRD\b"),
    ("depression", r"\bdepress\w*"),
    ("suicidal ideation", r"suicid\w+"),
    ("chronic pain", r"chronic pain"),
]
_INTERVENTIONS = [
    ("ketamine", r"\bketamine\b"),
    ("esketamine", r"\besketamine|Spravato"),
    ("SSRI", r"\bSSRIs?\b|sertraline|paroxetine"),
    # "ketamine therapy" is the drug itself; only a named talking therapy is psychotherapy
    (
        "psychotherapy",
        r"psychotherap\w*|\b(?:talk|trauma-focused|exposure|cognitive[- ]behaviou?ral|processing)\s+therap\w*"
        r"|\bCBT\b|\bEMDR\b",
    ),
]
# how often the drug was given, where the sentence says ("repeated ketamine infusions")
_SCHEDULE = re.compile(
    r"\b(repeated|single|multiple|serial)\s+(?:[\w-]+\s+){0,2}?(?:infusions?|sessions?|doses?|treatments?)\b",
    re.I,
)
_OUTCOMES = [
    ("symptom reduction", r"reduc\w+|alleviat\w+|decreas\w+|relie\w+"),
    ("response", r"\brespon\w+"),
    ("remission", r"remission"),
    ("neuroplasticity", r"neuroplastic\w*|neural"),
    ("safety", r"\bsafe\b|side effects?|adverse|addiction|dependence|tolerated"),
]
# "showed efficacy", "effective": words of benefit, not an outcome a study measured; the
# support kind would look for them among a trial's outcomes and wrongly find them missing


def _first(rules: list[tuple[str, str]], text: str) -> str | None:
    for name, rx in rules:
        if re.search(rx, text, re.I):
            return name
    return None


def _last(rules: list[tuple[str, str]], text: str) -> str | None:
    """The rule named last in ``text`` (the nearest mention before a sentence)."""
    best, at = None, -1
    for name, rx in rules:
        for m in re.finditer(rx, text, re.I):
            if m.start() > at:
                best, at = name, m.start()
    return best


def _intervention(sentence: str) -> str | None:
    """Every treatment the sentence names, with its schedule: "repeated ketamine with psychotherapy"."""
    named = [name for name, rx in _INTERVENTIONS if re.search(rx, sentence, re.I)]
    if not named:
        return None
    sched = _SCHEDULE.search(sentence)
    drug = [n for n in named if n != "psychotherapy"]
    words = ([sched.group(1).lower()] if sched and drug else []) + drug
    if "psychotherapy" in named:
        words += ["with psychotherapy"] if drug else ["psychotherapy"]
    return " ".join(words)


def support_items(
    text: str,
    paragraphs: list[Paragraph],
    markers: list[Marker],
    references: list[Reference],
    items: list[Item],
) -> list[Item]:
    out: list[Item] = []
    sentences = [(s.start, s.end, p.index) for p in paragraphs for s in p.sentences]
    done: set[tuple[int, int]] = set()
    for m in markers:
        if m.worded:  # a citation in words is itself the statement's subject, not a marker after it
            sent = next(((s, e, pi) for s, e, pi in sentences if s <= m.start < e + 1), (m.start, m.end, -1))
            fields = {"author": m.author, "year": m.year, "journal": m.journal}
            out.append(
                Item(
                    m.start,
                    m.end,
                    "citation",
                    {k: v for k, v in fields.items() if v},
                    paragraph=sent[2],
                    sentence=(sent[0], sent[1]),
                    extra={"in_text": True},
                )
            )
            continue
        sent = next(((s, e, pi) for s, e, pi in sentences if s <= m.start < e + 1), None)
        if sent is None:
            continue
        s, e, pi = sent
        end = m.end
        start = s
        for prev in markers:  # a second marker in the sentence: its statement starts after the first
            if s <= prev.end <= m.start and prev is not m:
                start = max(start, prev.end)
        while start < m.start and text[start] in " ,;•*-–—":
            start += 1
        if re.match(r"(?:and|but|while)\s", text[start : m.start]):
            start += len(re.match(r"(?:and|but|while)\s+", text[start : m.start]).group(0))
        # a label before a colon ("Rapid Relief: ...") is a heading, not part of the statement
        colon = re.match(r"[A-Z][\w\s'’-]{2,40}:\s+", text[s : m.start])
        if colon:
            start = s + colon.end()
        if (start, end) in done or end - start < 15:
            continue
        done.add((start, end))
        clause = text[start : m.start].strip()
        stated: dict[str, Any] = {"statement": re.sub(r"\s+", " ", clause).rstrip(" ,.;(")}
        sentence = text[s:e]
        # the condition the statement is about: the sentence's own, else the one the paragraph
        # named last before it ("For those with PTSD, ... Ketamine encourages ...")
        para = paragraphs[pi] if 0 <= pi < len(paragraphs) else None
        condition = _first(_CONDITIONS, sentence) or (
            _last(_CONDITIONS, text[para.start : s]) if para else None
        )
        for key, value in (
            ("condition", condition),
            ("intervention", _intervention(sentence)),
            ("outcome", _first(_OUTCOMES, sentence)),
        ):
            if value:
                stated[key] = value
        design = re.search(
            r"randomi[sz]ed[\w\s,-]*?(?:trial|study)|meta-analysis|systematic review|open-label|crossover",
            text[s:e],
            re.I,
        )
        if design:
            stated["design"] = design.group(0).lower()
        out.append(Item(start, end, "support", stated, paragraph=pi, sentence=(s, e)))
        if m.author:  # an author-year citation is itself checkable: does such a work exist?
            fields = {"author": m.author, "year": m.year}
            if m.journal:
                fields["journal"] = m.journal
            bracketed = text[m.start] == "(" and text[m.end - 1] == ")"
            s0, e0 = (m.start + 1, m.end - 1) if bracketed else (m.start, m.end)
            out.append(
                Item(
                    s0,
                    e0,
                    "citation",
                    fields,
                    paragraph=pi,
                    sentence=(s, e),
                    extra={"in_text": True},
                )
            )
    return out
