"""Figures from a meta-analysis or pooled review (the ``pooled`` kind), and their link to a
row of ``meta_pooled``.

A sentence that speaks of pooling ("a meta-analysis of 79 studies and 2,665 patients found
45% responded", "a 2022 review ... pooled 79 studies") turns its number of studies and
patients into one ``pooled`` item (``k``, ``n_participants``) and each share it reports into
a ``pooled`` item with that ``estimate``. The meta-analysis is found by what the page says of
it -- its number of patients or studies, its year, its first author -- never by the figure
being checked; the analysis (response, remission, ...) by the outcome word beside the figure.
"""

from __future__ import annotations

import re
from typing import Any

from .items import Item
from .text import NUM, word_value

__all__ = ["POOLING", "link_pooled", "pooled_items"]

POOLING = re.compile(
    r"\b(?:meta-analy[sz](?:is|es|ed)|pooled|pooling|systematic review|review of|synthes[ie]s)\b", re.I
)
_K_N = re.compile(
    rf"\b(?P<k>{NUM})\s+(?:[\w-]+\s+)?(?:studies|trials|RCTs|reports)\b\s*(?:,\s*)?"
    rf"(?:with|and|of|including|covering|involving|totalling|totaling)\s+(?:a\s+total\s+of\s+)?"
    rf"(?P<n>{NUM})\s+(?:[\w-]+\s+)?(?:patients|participants|people|individuals|subjects|adults)\b",
    re.I,
)
_OUTCOMES = (
    ("response", r"respon\w*"),
    ("remission", r"remi(?:tted|ssion)\w*"),
    ("relapse", r"relaps\w*"),
    ("dropout", r"drop(?:ped)?[- ]?out\w*|discontinu\w*"),
)


def pooled_items(text: str, sent: tuple[int, int], found: list[Item]) -> list[Item]:
    """Turn the counts and shares of a pooling sentence into ``pooled`` items (in place of
    the ``count``/``proportion`` items over the same figures, which are removed from ``found``)."""
    if not POOLING.search(text, *sent):
        return []
    out: list[Item] = []
    for m in _K_N.finditer(text, *sent):
        stated = {"k": m.group("k"), "n_participants": m.group("n")}
        out.append(Item(m.start(), m.end(), "pooled", stated))
    for it in list(found):
        if it.kind == "proportion":
            after = text[it.end : min(sent[1], it.end + 30)]
            stated: dict[str, Any] = {"estimate": it.stated["value"]}
            item = Item(it.start, it.end, "pooled", stated)
            for name, rx in _OUTCOMES:
                if re.match(
                    rf"\s*(?:of\s+\w+\s+)?(?:had\s+|were\s+|showed\s+|achieved\s+)?(?:a\s+)?{rx}", after, re.I
                ):
                    item.extra["outcome"] = name
                    break
            out.append(item)
    spans = [(p.start, p.end) for p in out]
    found[:] = [
        it
        for it in found
        if not (it.kind in ("count", "proportion") and any(s <= it.start and it.end <= e for s, e in spans))
    ]
    return out


def link_pooled(it: Item, text: str, context: str, index: Any) -> None:
    """Link a pooled item to a meta-analysis of ``meta_pooled`` (claim-level ``meta`` and,
    where the outcome word or the figures single one out, ``analysis``)."""
    rows = index.meta_rows
    if not rows:
        it.link_reason = "unlinked: the data hold no pooled analyses"
        return
    clues: list[str] = []
    cands = {r["meta_id"] for r in rows}
    for m in re.finditer(
        rf"\b({NUM})\s+(?:[\w-]+\s+)?(?:patients|participants|people|individuals)\b", context, re.I
    ):
        n = word_value(m.group(1))
        hit = {r["meta_id"] for r in rows if r["n"] == n}
        if hit:
            cands &= hit
            clues.append(f"{m.group(1)} patients")
    for m in re.finditer(rf"\b({NUM})\s+(?:[\w-]+\s+)?(?:studies|trials|RCTs)\b", context, re.I):
        k = word_value(m.group(1))
        hit = {r["meta_id"] for r in rows if r["k"] == k}
        if hit and hit & cands:
            cands &= hit
            clues.append(f"{m.group(1)} studies")
    for m in re.finditer(r"\b((?:19|20)\d\d)\b", context):
        hit = {r["meta_id"] for r in rows if r["year"] == m.group(1)}
        if hit and hit & cands and clues:
            cands &= hit
            clues.append(f"year {m.group(1)}")
    for r in rows:
        if r["author"] and re.search(rf"\b{re.escape(r['author'])}\b", context, re.I):
            cands &= {r["meta_id"]} if r["meta_id"] in cands else cands
            clues.append(f"author {r['author']}")
            break
    if not clues or len(cands) != 1:
        it.candidates = tuple(sorted(cands)) if clues and len(cands) <= 8 else ()
        it.link_reason = (
            f"ambiguous: {', '.join(clues)} fit the pooled analyses {', '.join(sorted(cands))}"
            if clues and cands
            else "unlinked: no pooled analysis in the data has the patients or studies the page gives"
        )
        return
    meta = cands.pop()
    it.extra["meta"] = meta
    analyses = [r for r in rows if r["meta_id"] == meta]
    outcome = it.extra.get("outcome")
    if outcome:
        named = [r for r in analyses if outcome in r["analysis_id"]]
        if len(named) == 1:
            it.extra["analysis"] = named[0]["analysis_id"]
    elif "estimate" not in it.stated and analyses:
        # k and n are the meta-analysis's, the same in each of its analyses
        same = {(r["k"], r["n"]) for r in analyses}
        if len(same) == 1:
            it.extra["analysis"] = analyses[0]["analysis_id"]
    it.link_reason = f"pooled analysis {meta} (by {', '.join(clues)})" + (
        f", analysis {it.extra['analysis']} (by the outcome word '{outcome}')"
        if outcome and "analysis" in it.extra
        else ""
    )
