"""Linking drafted statements to the trials and sources of a data package.

Routes, in order (the first that gives exactly one answer wins; ``link_reason`` says which):

1. a citation's own identifiers: PMID, DOI, then first author + year (+ journal);
2. a citation marker in the statement's sentence (``¹``, ``[2]``, ``(Feder et al., 2014)``),
   through the page's reference list;
3. the reference entry the statement sits in (annotated reference lists);
4. descriptors in the sentence: drug and comparator, condition, population, schedule
   (single or repeated infusions), design, sample size, year, author name;
5. the nearest earlier statement in the paragraph that was linked unambiguously;
6. descriptors of the sentence together with the paragraph's earlier sentences.

A statement that several trials fit is left unlinked and its candidates are named; nothing
is guessed. Statements that are not about one trial (a general price, a definition) are
left unlinked with the reason.
"""

from __future__ import annotations

import re

from .index import DataIndex, _Source
from .index import descriptors as _descriptors
from .items import Item
from .pooled import link_pooled
from .references import Marker, Reference
from .text import Paragraph

__all__ = ["DataIndex", "link_items"]


def _marker_sources(
    marker: Marker, refs: dict[int, Reference], index: DataIndex
) -> tuple[list[_Source], str]:
    if marker.numbers:
        hits: list[_Source] = []
        how = []
        for n in marker.numbers:
            ref = refs.get(n)
            if ref is None:
                return [], f"citation marker [{n}] has no entry in the page's reference list"
            src, why = index.resolve(ref.fields)
            hits += src
            how.append(f"reference {n} ({why or 'not in the data'})")
        return hits, "citation marker -> " + "; ".join(how)
    fields = {"author": marker.author, "year": marker.year} if marker.author else {"year": marker.year}
    if marker.journal:
        fields["journal"] = marker.journal
    # the page's own reference entry for this author and year carries its title, PMID, DOI
    entry = [
        r
        for r in refs.values()
        if marker.author
        and r.fields.get("author", "").lower() == marker.author.lower()
        and r.fields.get("year") == marker.year
    ]
    if len(entry) == 1:
        # the entry is what the marker cites: when it matches nothing, neither does the marker
        src, why = index.resolve(entry[0].fields)
        if src:
            return src, f"citation ({marker.author} {marker.year}) -> reference list entry ({why})"
        return [], f"citation ({marker.author} {marker.year}) -> reference list entry, not in the data" + (
            f" ({why})" if why else ""
        )
    src, why = index.resolve(fields)
    return (
        src,
        f"citation ({marker.author} {marker.year}) -> {why}"
        if src
        else f"citation ({marker.author} {marker.year}) not in the data",
    )


def _unique_trial(sources: list[_Source]) -> tuple[str | None, str | None, list[str]]:
    trials = sorted({s.trial for s in sources if s.trial})
    sids = sorted({s.source_id for s in sources if s.source_id})
    if len(trials) == 1:
        return trials[0], sids[0] if len(sids) == 1 else None, trials
    return None, sids[0] if len(sids) == 1 else None, trials


_NOT_TRIAL_KINDS = ("arithmetic",)
_IDENTIFYING = ("author", "year", "journal", "title")
# descriptors of a study's setting (condition, population) that a whole sentence or paragraph
# shares, as against those of one statement (schedule, sample size, design)
_SETTING = {
    "PTSD",
    "depression",
    "suicidal ideation",
    "chronic pain",
    "chronic",
    "treatment-resistant",
    "veterans",
}
_LATER = re.compile(r"\b(?:later|subsequent|follow-up|newer)\b", re.I)
_RESEARCH = re.compile(
    r"\b(trials?|stud(?:y|ies)|RCTs?|randomi[sz]ed|research(?:ers)?|evidence|findings?|participants|"
    r"meta-analys[ie]s|analys[ie]s|published|investigators|authors|cohort|survey|placebo|midazolam|saline|"
    r"ketorolac|comparisons?)\b",
    re.I,
)
_CLAUSE = re.compile(r"[;—–]\s|,\s+(?:and|but|while|whereas|which|so)\s+|:\s")
_FRACTIONS = {
    "half": 50.0,
    "one-half": 50.0,
    "a half": 50.0,
    "two-thirds": 200 / 3,
    "one-third": 100 / 3,
    "a third": 100 / 3,
    "one-quarter": 25.0,
    "a quarter": 25.0,
    "three-quarters": 75.0,
    "one-fifth": 20.0,
    "a fifth": 20.0,
    "two-fifths": 40.0,
    "three-fifths": 60.0,
    "four-fifths": 80.0,
    "one-tenth": 10.0,
    "a tenth": 10.0,
}


def _clause(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    cs, ce = sent
    for m in _CLAUSE.finditer(text, sent[0], sent[1]):
        if m.end() <= start:
            cs = m.end()
        elif m.start() >= end:
            ce = m.start()
            break
    return cs, ce


def _share(it: Item) -> float | None:
    """The percentage a proportion item (or the treatment side of two) states, if plain."""
    value = (
        it.stated.get("value")
        if it.kind == "proportion"
        else it.stated.get("treatment")
        if it.kind == "two_proportions"
        else None
    )
    if not isinstance(value, str):
        return None
    v = value.lower().replace(" ", "-")
    for word, pct in _FRACTIONS.items():
        if v.endswith(word.replace(" ", "-")):
            return pct
    m = re.fullmatch(r"(?:[a-z-]+-)?(\d+(?:\.\d+)?)%", v)
    return float(m.group(1)) if m else None


_EARLIER = re.compile(
    r"\b(?:earlier|previous|prior|preceding|first)\s+(?:\w+\s+){0,2}?(?:work|trial|study|research)\b"
    r"[^.;]*?\bsame\s+(?:researchers|group|team|authors|investigators)\b",
    re.I,
)


def _relative(piece: str, known: str, cands: list[str], index: DataIndex) -> str | None:
    """The trial a clause places before or after a known one by the same first author
    ("earlier work by the same researchers", "a later repeated-dosing trial"), if exactly one."""
    if _EARLIER.search(piece):
        keep = [
            t for t in cands if index.author[t] == index.author[known] and index.year[t] < index.year[known]
        ]
    elif _LATER.search(piece):
        keep = [
            t for t in cands if index.author[t] == index.author[known] and index.year[t] > index.year[known]
        ]
    else:
        return None
    return keep[0] if len(keep) == 1 and keep[0] != known else None


def _several(value) -> bool:
    """Whether a stated count of studies means more than one ("more than one", "two", "several")."""
    v = str(value or "").lower()
    return not re.fullmatch(r"(?:a|an|one|1|a single|single)", v.strip())


def _link_studies(it: Item, text: str, paragraphs: list[Paragraph], by_para: dict, index: DataIndex) -> None:
    """A count of several studies is about a set of trials: link all those the paragraph names
    (its linked statements, and clauses whose descriptors single out one trial), or none."""
    trials: list[str] = []
    pk = it.extra.get("owner", it.paragraph)
    for k in by_para.get(pk, []):
        if k is not it and k.end <= it.start and isinstance(k.trial, str) and k.trial not in trials:
            trials.append(k.trial)
    para = paragraphs[pk] if 0 <= pk < len(paragraphs) else None
    if para is not None:
        for sent in [x for i in range(pk, it.paragraph + 1) for x in paragraphs[i].sentences]:
            if sent.start >= it.start:
                break
            for piece in re.split(_CLAUSE, text[sent.start : sent.end]):
                if not _RESEARCH.search(piece):
                    continue
                cands, used = index.candidates(_descriptors(piece, index))
                found = cands[0] if len(cands) == 1 and used else None
                if found is None and trials:
                    found = _relative(piece, trials[-1], index.trial_ids, index)
                if found and found not in trials:
                    trials.append(found)
    if len(trials) == 1 and trials[0] in index.fixed["meta-analysis"]:
        # the studies a pooled analysis gathered: its own count of studies
        # its k is checked in meta_pooled, not against the number of trials named (one)
        it.trial = trials[0]
        it.link_reason = f"a count of studies in a paragraph about the pooled analysis {trials[0]}"
        if any(r["meta_id"] == trials[0] for r in index.meta_rows):
            it.extra["meta"] = trials[0]
        else:
            it.extra["claim_without_trial"] = True
            it.link_reason += (
                "; meta_pooled holds no row for it, so the drafted claim names no trial (the count kind "
                "would count the one trial named, not the studies it pooled)"
            )
    elif len(trials) > 1:
        it.extra["trials"] = trials
        it.candidates = tuple(trials)
        it.link_reason = (
            "a count of several studies: the trials the paragraph names (" + ", ".join(trials) + ")"
        )
    else:
        it.candidates = tuple(trials)
        it.link_reason = (
            "unlinked: a count of several studies, and the paragraph names "
            + (f"only {trials[0]}" if trials else "no trial")
            + "; no single trial is what it counts"
        )


_BULLET = re.compile(r"\s*(?:[•▪◦*·–-]|\d{1,2}[.)])\s+")


def _list_owners(text: str, paragraphs: list[Paragraph]) -> dict[int, int]:
    """For each list-item paragraph, the paragraph that introduces its list."""
    owners: dict[int, int] = {}
    for p in paragraphs:
        if p.index > 0 and _BULLET.match(text, p.start):
            prev = p.index - 1
            owners[p.index] = owners.get(prev, prev)
    return owners


def link_items(
    items: list[Item],
    text: str,
    paragraphs: list[Paragraph],
    references: list[Reference],
    markers: list[Marker],
    index: DataIndex,
) -> None:
    """Fill ``trial``, ``source``, ``link_reason`` and ``candidates`` of each item in place."""
    refs = {r.number: r for r in references if r.number is not None}
    cited: set[str] = set()
    for r in references:
        src, _ = index.resolve(r.fields)
        cited |= {x.trial for x in src if x.trial}
    owner = _list_owners(text, paragraphs)
    by_para: dict[int, list[Item]] = {}
    for it in items:
        # a list item continues the paragraph that introduces the list
        it.extra["owner"] = owner.get(it.paragraph, it.paragraph)
        by_para.setdefault(it.extra["owner"], []).append(it)
    for it in sorted(items, key=lambda k: k.start):
        if it.kind == "citation":
            fields = {k: str(v) for k, v in it.stated.items()}
            if it.extra.get("in_text"):  # through the page's own entry for this author and year
                entry = [
                    r
                    for r in references
                    if fields.get("author")
                    and r.fields.get("author", "").lower() == fields["author"].lower()
                    and r.fields.get("year") == fields.get("year")
                ]
                if len(entry) == 1:
                    # the marker stands for that entry: the work it names (journal, title) is
                    # checked here; the entry's locators (volume, pages, DOI, PMID) are checked
                    # once, at the entry, so that one wrong DOI is not reported at every marker
                    fields = {**entry[0].fields, **fields}
                    named = {k: v for k, v in entry[0].fields.items() if k in _IDENTIFYING}
                    it.stated = {**named, **it.stated}
            src, why = index.resolve(fields)
            trial, sid, trials = _unique_trial(src)
            it.trial, it.source = trial, sid or (src[0].source_id if len(src) == 1 else None)
            if src and (trial or it.source):
                it.link_reason = f"reference entry: {why}"
            elif len(trials) > 1:
                it.candidates = tuple(trials)
                it.link_reason = f"ambiguous: {why} fits {', '.join(trials)}"
            else:
                it.link_reason = (
                    "no source in the data matches this reference's PMID, DOI or author and year"
                    + (f" ({why})" if why else "")
                )
            continue
        if it.kind in _NOT_TRIAL_KINDS:
            it.link_reason = "not about a trial: arithmetic within the page"
            continue
        if it.kind == "pooled":
            pk = it.extra["owner"]
            para = paragraphs[pk] if 0 <= pk < len(paragraphs) else None
            link_pooled(
                it, text, text[para.start : it.sentence[1]] if para else text[slice(*it.sentence)], index
            )
            continue
        if it.kind == "count" and it.stated.get("what") == "studies" and _several(it.stated.get("value")):
            _link_studies(it, text, paragraphs, by_para, index)
            continue
        sent = it.sentence
        # 2. a marker in the sentence (the nearest one after the statement, else before it)
        in_sent = [
            m
            for m in markers
            if sent[0] <= m.start < sent[1] + 3
            and not (it.start <= m.start < it.end and it.kind != "support")
        ]
        if it.kind == "support":  # a support item ends with its own marker
            in_sent = [m for m in in_sent if it.start <= m.start < it.end][-1:] or in_sent
        if in_sent:
            after = [m for m in in_sent if m.start >= it.end]
            cs, ce = _clause(text, sent, it.start, it.end)
            # a marker follows what it cites: one only before the statement counts in its clause
            before = [m for m in in_sent if m.start < it.start and m.start >= cs]
            own = [m for m in in_sent if it.start <= m.start < it.end] if it.kind == "support" else []
            marker = own[-1] if own else after[0] if after else (before[-1] if before else None)
        else:
            marker = None
        if marker is not None:
            src, why = _marker_sources(marker, refs, index)
            trial, sid, trials = _unique_trial(src)
            if trial or sid:
                it.trial, it.source, it.link_reason = trial, sid, why
                continue
            if len(trials) > 1:
                it.candidates = tuple(trials)
                it.link_reason = f"ambiguous: {why} names several trials ({', '.join(trials)})"
                continue
            # the page cites a work we cannot identify: what the sentence says rests on that work,
            # so no descriptor is allowed to pick a trial in its place
            it.link_reason = f"unlinked: {why}"
            continue
        # 3. inside an annotated reference entry
        ref = next((r for r in references if r.start <= it.start < r.end), None)
        if ref is not None:
            src, why = index.resolve(ref.fields)
            trial, sid, trials = _unique_trial(src)
            if trial:
                it.trial, it.source, it.link_reason = trial, sid, f"inside reference {ref.number}: {why}"
                continue
        # 4. descriptors in the clause of the statement, then in the whole sentence -- only where
        # the page is talking about research: "six infusions over two weeks" in a price list is
        # the clinic's schedule, not a trial's
        sentence = text[sent[0] : sent[1]]
        pk = it.extra["owner"]
        para = paragraphs[pk] if 0 <= pk < len(paragraphs) else None
        context = text[para.start : sent[1]] if para is not None else sentence
        research = bool(_RESEARCH.search(context))
        cs, ce = _clause(text, sent, it.start, it.end)
        ccands, cused = index.candidates(_descriptors(text[cs:ce], index))
        if research and len(ccands) == 1 and cused:
            it.trial, it.link_reason = ccands[0], "descriptors in the clause: " + ", ".join(cused)
            continue
        # 4a. the clause's own descriptors with the condition the sentence or paragraph names:
        # "One trial showed a single infusion ..., and a later trial of repeated infusions ... in
        # chronic PTSD" -- the single infusion is the PTSD trial's, not any single-infusion trial's
        if research and cused and len(ccands) > 1 and para is not None:
            own = _descriptors(text[cs:ce], index)
            names = {n for n, _ in own}
            setting = [d for d in _descriptors(context, index) if d[0] in _SETTING and d[0] not in names]
            kcands, kused = index.candidates(own + setting)
            prev = [k for k in by_para.get(pk, []) if k.end <= it.start and isinstance(k.trial, str)]
            rel = _relative(text[cs:ce], prev[-1].trial, kcands, index) if prev and len(kcands) > 1 else None
            if rel:
                it.trial = rel
                it.link_reason = (
                    f"a trial the clause places before or after {prev[-1].trial} (same first author), "
                    f"among those its descriptors ({', '.join(kused)}) fit"
                )
                continue
            if len(kcands) == 1 and names & set(kused):
                it.trial = kcands[0]
                it.link_reason = (
                    "descriptors in the clause, with the sentence's or paragraph's setting: "
                    + ", ".join(kused)
                )
                continue
        cands, used = index.candidates(_descriptors(sentence, index))
        if research and len(cands) == 1 and used:
            it.trial, it.link_reason = cands[0], "descriptors in the sentence: " + ", ".join(used)
            continue
        # 4b. the same share stated earlier in the page about one trial ("the 67% response finding")
        share = _share(it)
        if share is not None:
            same = [
                k
                for k in items
                if k.end <= it.start
                and k.trial
                and _share(k) is not None
                and abs(_share(k) - share) <= 1.0
                and k.kind in ("proportion", "two_proportions")
            ]
            if same and (same[-1].trial in cands or not used):
                prev = same[-1]
                it.trial = prev.trial
                it.link_reason = (
                    f"the same figure earlier in the page ({text[prev.start : prev.end][:40]!r}), "
                    f"linked to {prev.trial}"
                )
                continue
        # 4c. of several trials that fit, the only one the page's reference list cites
        cited_fit = sorted(set(cands) & cited) if 1 < len(cands) <= 8 and used else []
        if research and len(cited_fit) == 1:
            it.trial = cited_fit[0]
            it.link_reason = (
                f"descriptors ({', '.join(used)}) fit {', '.join(cands)}; of them only "
                f"{cited_fit[0]} is in the page's reference list"
            )
            continue
        # 5. the nearest earlier statement in the paragraph: linked (and not contradicted by the
        # sentence), or a citation of a work that is not in the data (then nothing is guessed)
        earlier = [k for k in by_para.get(pk, []) if k.end <= it.start and k.kind != "citation"]
        earlier = [k for k in earlier if k.trial or k.link_reason.startswith("unlinked: citation")]
        if earlier and not earlier[-1].trial:
            it.link_reason = "unlinked: it follows a citation in the paragraph that is not in the data"
            continue
        if earlier:
            prev = earlier[-1]
            if prev.trial in cands or not used:
                it.trial = prev.trial
                how = prev.link_reason.split(":")[0]
                quote = text[prev.start : prev.end]
                it.link_reason = f"nearest earlier statement in the paragraph ({quote!r}, {how})"
                continue
        # 6. descriptors of the paragraph up to this sentence
        if para is not None and research:
            pcands, pused = index.candidates(_descriptors(context, index))
            if len(pcands) == 1 and pused:
                it.trial, it.link_reason = pcands[0], "descriptors in the paragraph: " + ", ".join(pused)
                continue
            if 1 < len(pcands) < len(cands):
                cands, used = pcands, pused
        if not research:
            it.link_reason = "unlinked: the paragraph cites no study and names no trial"
            if para is not None and not (1 < len(cands) <= 8 and used):
                cands, used = index.candidates(_descriptors(context, index))
            if 1 < len(cands) <= 8 and used:
                it.candidates = tuple(cands)
                it.link_reason += f"; its descriptors ({', '.join(used)}) fit {', '.join(cands)}"
            continue
        note = it.extra.get("marker_note")
        if 1 < len(cands) <= 8 and used:
            it.candidates = tuple(cands)
            it.link_reason = (
                "ambiguous: "
                + (note + "; " if note else "")
                + "descriptors ("
                + ", ".join(used)
                + ") fit "
                + ", ".join(cands)
            )
        elif note:
            it.link_reason = f"unlinked: {note}"
        else:
            it.link_reason = (
                "unlinked: no citation, and no descriptor in the sentence or paragraph singles out a trial"
            )
