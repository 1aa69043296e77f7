"""The claim file a scan drafts: ids, ``where`` spans and ``says`` in neutral words.

``says`` is generated from the kind and the stated fields (never the page's sentence), so
a reviewer reads what is being checked in the project's words and compares it with the
quote beside it.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

__all__ = ["claim_records", "document_id", "says_for", "to_yaml"]

_WHAT = {
    "randomized": "people randomized",
    "analyzed": "people analysed",
    "completed": "people who completed",
    "events": "events",
    "infusions": "infusions",
    "weeks": "weeks",
    "studies": "studies",
    "participants": "participants",
}
_DURATION = {
    "course": "a treatment course of",
    "infusion": "an infusion lasting",
    "follow_up": "follow-up of",
    "onset": "an effect beginning within",
    "wearing_off": "effects wearing off within",
    "interval": "doses given",
}


def _on(stated: dict[str, Any], key: str, default: str) -> str:
    v = stated.get(key)
    return str(v) if v else default


def says_for(kind: str, st: dict[str, Any], trial: str | None, source: str | None) -> str:
    """A neutral one-line description of a drafted claim."""
    figures = ("value", "treatment", "control")  # "About 6 out of every 100" reads mid-sentence
    st = {
        k: (
            v[:1].lower() + v[1:]
            if k in figures and isinstance(v, str) and re.match(r"[A-Z][a-z]+ ", v)
            else v
        )
        for k, v in st.items()
    }
    where = f" in {trial}" if trial else ""
    if kind == "proportion":
        who = f" on {st['intervention']}" if st.get("intervention") else ""
        return f"a share of {st['value']}{who}{where}"
    if kind == "two_proportions":
        return (
            f"{st['treatment']} on {_on(st, 'intervention', 'the treatment')} set against "
            f"{st['control']} on {_on(st, 'comparator', 'the comparison group')}{where}"
        )
    if kind == "count":
        return f"a count of {_WHAT.get(str(st.get('what')), 'items')}: {st['value']}{where}"
    if kind == "duration":
        return f"{_DURATION.get(str(st.get('what')), 'a span of')} {st['value']}{where}"
    if kind == "median_time":
        return f"a median time of {st['value']}{where}"
    if kind == "effect":
        parts = [f"{st['measure']}"]
        if st.get("estimate") is not None:
            parts.append(f"of {st['estimate']}")
        if st.get("low") is not None:
            parts.append(f"with interval {st['low']} to {st['high']}")
        if st.get("p"):
            parts.append(f"and {st['p']}")
        return "an effect size " + " ".join(parts) + where
    if kind == "significance":
        sig = "a statistically significant" if st.get("significant") else "no significant"
        direction = {"better": "advantage", "worse": "disadvantage", "no_difference": "difference"}.get(
            str(st.get("direction")), "difference"
        )
        against = f" against {st['comparator']}" if st.get("comparator") else ""
        return f"{sig} {direction}{against}{where}"
    if kind == "design":
        words = []
        if st.get("randomized") is True:
            words.append("randomized")
        if st.get("randomized") is False:
            words.append("not randomized")
        if st.get("blinding"):
            words.append(f"{st['blinding']}-blind" if st["blinding"] != "open" else "open-label")
        if st.get("structure"):
            words.append(str(st["structure"]).replace("_", "-"))
        if st.get("control"):
            words.append(f"{st['control']} control")
        return "a study design described as " + ", ".join(words or ["controlled"]) + where
    if kind == "citation":
        bits = [str(st.get("author", "")), str(st.get("year", ""))]
        if st.get("journal"):
            bits.append(str(st["journal"]))
        ids = " ".join(f"{k.upper()} {st[k]}" for k in ("pmid", "doi") if st.get(k))
        return "a reference to " + " ".join(b for b in bits if b).strip() + (f" ({ids})" if ids else "")
    if kind == "support":
        about = " ".join(str(st[k]) for k in ("intervention", "condition") if st.get(k))
        cited = source or trial or "a cited work"
        return f"{cited} offered as evidence for a statement" + (f" about {about}" if about else "")
    if kind == "pooled":
        figs = [
            f"{label} {st[k]}"
            for k, label in (
                ("estimate", "a pooled estimate of"),
                ("k", "studies:"),
                ("n_participants", "patients:"),
            )
            if st.get(k)
        ]
        return "a meta-analysis figure: " + ", ".join(figs)
    if kind == "arithmetic":
        expr = st["expression"]
        expr = " and ".join(expr) if isinstance(expr, list) else expr
        return f"{expr} said to come to {st['value']}"
    return f"a {kind} statement"


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:60].strip("-") or "scanned-document"


def document_id(doc: Any) -> str:
    title = doc.title or (doc.origin.rsplit("/", 1)[-1] if doc.origin else "")
    return _slug(f"scan-{title}" if title else "scanned-document")


# kinds whose figure is a share of people or an effect on an outcome: the claims layer compares
# them only with outcomes of the concept the page names, so the draft states that concept
_CONCEPT_KINDS = ("proportion", "two_proportions", "effect")


def _sentence_concept(text: str, sentences: list[Any], start: int, end: int, kind: str) -> str | None:
    """The outcome concept the sentence holding a statement names ('responded' → response).

    Where the sentence names several ("... responded, but relapse is common"), the concept word
    nearest the figure is taken.
    """
    from ..claims.lexicon import CONCEPT_WORDS, SHARE_RESPONSE_WORDS

    sentence = next((s for s in sentences if s.start <= start < s.end), None)
    if sentence is None:
        return None
    patterns = list(CONCEPT_WORDS)
    if kind != "effect":  # "two-thirds improved" is a share of responders
        patterns.append((SHARE_RESPONSE_WORDS, "response"))
    # the clause holding the figure first ("the response rate sits around 50 to 60%, remission
    # is lower"), then the whole sentence
    bounds = [sentence.start] + [
        sentence.start + m.end() for m in _CLAUSE_END.finditer(text[sentence.start : sentence.end])
    ] + [sentence.end]
    whole = (sentence.start, sentence.end)
    clause = next(((a, b) for a, b in itertools.pairwise(bounds) if a <= start < b), whole)
    for lo, hi in (clause, whole):
        best: tuple[int, int, str] | None = None
        for rank, (pattern, concept) in enumerate(patterns):
            for m in re.finditer(rf"\b(?:{pattern})", text[lo:hi].lower()):
                a, b = m.start() + lo, m.end() + lo
                distance = 0 if a < end and start < b else min(abs(a - end), abs(start - b))
                if best is None or (distance, rank) < best[:2]:
                    best = (distance, rank, concept)
        if best:
            return best[2]
    return None


_CLAUSE_END = re.compile(r"[,;:]\s|\s(?:but|while|whereas)\s")


def claim_records(result: Any) -> list[dict[str, Any]]:
    """One claim mapping per item, in the claim-file format."""
    from .text import split_paragraphs

    records = []
    counts: dict[str, int] = {}
    sentences = [s for p in split_paragraphs(result.text) for s in p.sentences]
    for it in result.raw_items:
        counts[it.kind] = counts.get(it.kind, 0) + 1
        cid = f"{it.kind.replace('_', '-')}-{counts[it.kind]}"
        stated = dict(it.stated)
        if it.kind == "citation" and it.source:
            stated["source"] = it.source
        if it.kind in _CONCEPT_KINDS and "concept" not in stated:
            concept = _sentence_concept(result.text, sentences, it.start, it.end, it.kind)
            if concept:
                stated["concept"] = concept
        rec: dict[str, Any] = {
            "id": cid,
            "says": says_for(it.kind, stated, it.trial, it.source),
            "where": {"start": it.start, "end": it.end, "quote": result.text[it.start : it.end]},
            "kind": it.kind,
        }
        if it.extra.get("trials"):
            rec["trial"] = list(it.extra["trials"])
        elif it.trial and not it.extra.get("claim_without_trial"):
            rec["trial"] = it.trial
        if it.kind == "support" and it.source:
            rec["source"] = it.source
        for key in ("meta", "analysis"):  # a pooled figure's meta-analysis and analysis
            if it.extra.get(key):
                rec[key] = it.extra[key]
        rec["stated"] = stated
        rec["notes"] = it.link_reason
        records.append(rec)
    return records


def to_yaml(result: Any) -> str:
    import yaml

    doc = result.document
    content = {
        "document": {
            "id": document_id(doc),
            "title": doc.title or "Scanned document",
            "url": doc.origin if doc.origin.startswith("http") else None,
            "file": doc.origin.rsplit("/", 1)[-1]
            if doc.origin and not doc.origin.startswith("http")
            else None,
        },
        "claims": claim_records(result),
    }
    header = (
        "# Drafted by `trialstats scan`: check each claim against its quote, correct kind, stated\n"
        "# and trial where needed, then run `trialstats verify` on this file.\n"
    )
    return header + yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100)
