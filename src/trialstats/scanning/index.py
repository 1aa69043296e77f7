"""What linking needs to know of a data package: each trial's descriptors and each source's
identifiers, and how a page's description or citation is matched against them.

A trial's record (title, design, condition, population, intervention, comparator and
its arms' doses) is read once into lower-case text; each descriptor class (drug, condition,
population, schedule, design) is matched against it once, so that linking a statement is a
set intersection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .text import WORDNUM, word_value

__all__ = ["DataIndex", "descriptors"]


def _s(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) or pd.isna(v) else str(v)


@dataclass
class _Source:
    source_id: str
    author: str
    year: str
    journal: str
    pmid: str
    doi: str
    trial: str | None
    title: str = ""


class DataIndex:
    """What linking needs from a data package: trials with their descriptors, and sources."""

    def __init__(self, tables: Callable[[str], pd.DataFrame]):
        trials = tables("trials")
        arms = tables("arms")
        sources = tables("sources")
        self.trial_ids = [str(t) for t in trials["trial_id"]]
        self.text: dict[str, str] = {}
        self.n: dict[str, float | None] = {}
        self.year: dict[str, str] = {}
        self.author: dict[str, str] = {}
        for _, row in trials.iterrows():
            tid = str(row["trial_id"])
            arm_rows = arms[arms["trial_id"] == tid]
            parts = [
                _s(row.get(c))
                for c in (
                    "short_title",
                    "design",
                    "condition",
                    "population",
                    "intervention",
                    "comparator",
                )  # not `notes`: provenance prose (which review said what) is no descriptor of the trial
            ]
            parts += [
                " ".join(_s(v) for v in r)
                for r in arm_rows[["label", "intervention", "dose"]].itertuples(index=False)
            ]
            self.text[tid] = " ".join(parts).lower()
            n = row.get("n_randomized")
            self.n[tid] = float(n) if _s(n) else None
            m = re.match(r"([a-z]+)(\d{4})", tid)
            self.author[tid] = m.group(1) if m else ""
            self.year[tid] = m.group(2) if m else ""
        primary = {
            str(r["primary_source_id"]): str(r["trial_id"])
            for _, r in trials.iterrows()
            if _s(r.get("primary_source_id"))
        }
        self.fixed = {
            name: {t for t in self.trial_ids if trx.search(self.text[t])} for name, _, trx in _COMPILED
        }
        self.meta_rows = _meta_rows(tables, sources)
        self.sources: list[_Source] = []
        for _, r in sources.iterrows():
            sid = str(r["source_id"])
            trial = primary.get(sid)
            if trial is None:
                prefix = sid.split("-")[0]
                trial = prefix if prefix in self.text else None
            self.sources.append(
                _Source(
                    sid,
                    _s(r.get("first_author")),
                    _s(r.get("year")).split(".")[0],
                    _s(r.get("journal")),
                    _s(r.get("pmid")).split(".")[0],
                    _s(r.get("doi")).lower(),
                    trial,
                    _s(r.get("title")),
                )
            )

    # -- sources -------------------------------------------------------------------------------

    def resolve(self, fields: dict[str, str]) -> tuple[list[_Source], str]:
        """The sources a citation's fields identify, and how."""
        pmid = fields.get("pmid")
        if pmid:
            hits = [s for s in self.sources if s.pmid == pmid]
            if hits:
                return hits, f"PMID {pmid}"
        doi = (fields.get("doi") or "").lower()
        if doi:
            hits = [s for s in self.sources if s.doi and s.doi == doi]
            if hits:
                return hits, f"DOI {fields['doi']}"
        author = (fields.get("author") or "").lower()
        year = fields.get("year") or ""
        if author and year:
            hits = [s for s in self.sources if s.author.lower() == author and s.year == year]
            named = fields.get("title") or fields.get("journal")
            if hits and named:
                # author and year alone are shared by many papers: where the page names its title
                # or journal, a source must agree with one of them to be the work cited
                agree = [s for s in hits if _agrees(s, fields)]
                if not agree:
                    return [], (
                        f"author {fields['author']}, year {year} meet "
                        + ", ".join(s.source_id for s in hits)
                        + ", but its title and journal differ from the reference's"
                    )
                hits = agree
            if len(hits) > 1 and fields.get("title"):
                scored = sorted(
                    ((_title_overlap(s.title, fields["title"]), s) for s in hits), key=lambda x: -x[0]
                )
                if scored[0][0] >= 0.6:
                    top = [src for score, src in scored if score == scored[0][0]]
                    return top, f"author {fields['author']}, year {year}, title"
            if len(hits) > 1 and fields.get("journal"):
                jhits = [s for s in hits if _journal_like(s.journal, fields["journal"])]
                if jhits:
                    return jhits, f"author {fields['author']}, year {year}, journal {fields['journal']}"
            if hits:
                return hits, f"author {fields['author']}, year {year}"
            tid = f"{author}{year}"
            if tid in self.text:
                return [
                    _Source("", author, year, "", "", "", tid)
                ], f"author {fields['author']}, year {year} (trial id)"
        journal = fields.get("journal") or ""
        if journal and year and not author:
            # "published in the American Journal of Psychiatry in 2021": the one work of that
            # journal and year in the data, if only one
            hits = [
                s for s in self.sources if s.year == year and s.journal and _journal_like(s.journal, journal)
            ]
            if hits:
                return hits, f"journal {journal}, year {year}"
        return [], ""

    # -- descriptors -------------------------------------------------------------------------------

    def candidates(self, descriptors: list[tuple[str, set[str]]]) -> tuple[list[str], list[str]]:
        """The trials that fit the most descriptors, and the descriptors the best of them fit.

        A descriptor that every trial fits, or none, tells nothing and is not counted. The
        answer is a list: several trials tied at the top are all returned (ambiguous).
        """
        fits = dict(descriptors)
        useful = {n: f for n, f in fits.items() if 0 < len(f) < len(self.trial_ids)}
        if not useful:
            return list(self.trial_ids), []
        score = {t: sum(t in f for f in useful.values()) for t in self.trial_ids}
        best = max(score.values())
        cands = [t for t in self.trial_ids if score[t] == best]
        used = (
            [n for n, f in useful.items() if cands[0] in f]
            if len(cands) == 1
            else [n for n, f in useful.items() if set(cands) <= f]
        )
        return cands, used


def _meta_rows(tables: Callable[[str], pd.DataFrame], sources: pd.DataFrame) -> list[dict[str, Any]]:
    """Each pooled analysis with what a page may say of it: patients, studies, year, author."""
    try:
        pooled = tables("meta_pooled")
    except (KeyError, ValueError, FileNotFoundError):
        return []
    by_source = {str(r["source_id"]): r for _, r in sources.iterrows()}

    def number(v: Any) -> float | None:
        return float(v) if _s(v) else None

    rows = []
    for _, r in pooled.iterrows():
        src = by_source.get(_s(r.get("source_id")))
        rows.append(
            {
                "meta_id": str(r["meta_id"]),
                "analysis_id": str(r["analysis_id"]),
                "k": number(r.get("k")),
                "n": number(r.get("n_participants")),
                "year": _s(src.get("year")).split(".")[0] if src is not None else "",
                "author": _s(src.get("first_author")) if src is not None else "",
            }
        )
    return rows


def _agrees(src: _Source, fields: dict[str, str]) -> bool:
    """Whether a source's title or journal agrees with a reference's (either is enough)."""
    title, journal = fields.get("title"), fields.get("journal")
    return bool(
        (title and src.title and _title_overlap(src.title, title) >= 0.6)
        or (journal and src.journal and _journal_like(src.journal, journal))
    )


def _title_overlap(a: str, b: str) -> float:
    """Share of the words of the shorter title that the other has (0 to 1)."""
    wa = set(re.findall(r"[a-z]{3,}", a.lower()))
    wb = set(re.findall(r"[a-z]{3,}", b.lower()))
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def _journal_like(a: str, b: str) -> bool:
    def norm(t: str) -> str:
        t = re.sub(r"^the\s+", "", t.lower())
        t = re.sub(r"[^a-z ]", "", t)
        return " ".join(w[:4] for w in t.split() if w not in ("of", "and", "the"))

    def abbreviates(short: str, full: str) -> bool:  # "am j psyc" / "amer jour psyc"
        ws, wf = short.split(), full.split()
        return len(ws) == len(wf) and all(f.startswith(w) for w, f in zip(ws, wf, strict=True))

    na, nb = norm(a), norm(b)
    if na and nb and (abbreviates(na, nb) or abbreviates(nb, na)):
        return True
    return bool(na) and (
        na == nb
        or na.startswith(nb)
        or nb.startswith(na)
        or [w[:3] for w in na.split()] == [w[:3] for w in nb.split()]
    )


# Descriptors: a word class in the sentence and the trials whose record mentions it.
_DESCRIPTORS: list[tuple[str, str, str]] = [
    # (name, pattern in the sentence, pattern in a trial's record)
    ("ketamine", r"\bketamine\b", r"ketamine"),
    ("esketamine", r"\besketamine|spravato\b", r"esketamine"),
    ("midazolam", r"\bmidazolam\b", r"midazolam"),
    (
        "active control",
        r"\b(?:active|psychoactive)\s+(?:\(\w+\)\s+)?(?:control|placebo)\b",
        r"midazolam|active placebo|psychoactive",
    ),
    ("saline", r"\bsaline\b", r"saline"),
    ("sertraline", r"\bsertraline\b", r"sertraline"),
    ("paroxetine", r"\bparoxetine\b", r"paroxetine"),
    ("ketorolac", r"\bketorolac\b", r"ketorolac"),
    ("TIMBER", r"\bTIMBER\b|mindfulness", r"timber"),
    ("PTSD", r"\bPTSD\b|post-?traumatic", r"ptsd|posttraumatic|post-traumatic"),
    ("depression", r"\b(?:depress\w*|TRD|MADRS)\b", r"depress"),
    ("suicidal ideation", r"\bsuicid\w+", r"suicid"),
    ("chronic pain", r"\bchronic pain\b", r"chronic pain"),
    ("chronic", r"\bchronic\s+(?:PTSD|post)", r"chronic ptsd|chronic posttraumatic"),
    (
        "treatment-resistant",
        r"\b(?:treatment|antidepressant)[- ]resistant|failed previous|refractory",
        r"resistant|failed previous",
    ),
    ("veterans", r"\bveterans?\b|service members|military", r"veteran|military|service members"),
    (
        "single infusion",
        r"\b(?:a\s+)?single\s+(?:\w+\s+){0,3}?(?:infusion|dose|administration)|\bone infusion\b",
        r"single (?:\w+ )?(?:infusion|dose|intravenous|sub-anesthetic)",
    ),
    (
        "repeated infusions",
        r"\brepeated\b|\b(?:six|6|eight|8|multiple|several)\s+(?:\w+\s+)?infusions\b|"
        r"\bseries of infusions|course of infusions",
        r"six infusions|8 infusions|repeated|up to six",
    ),
    ("eight infusions", r"\b(?:eight|8)\s+(?:\w+\s+)?infusions\b", r"8 infusions"),
    ("two weeks", r"\b(?:two|2)[- ](?:consecutive\s+)?weeks?\b", r"2 (?:consecutive )?weeks|two weeks"),
    ("crossover", r"\bcross-?over\b", r"crossover"),
    ("open-label", r"\bopen[- ]label|single[- ]arm|uncontrolled\b", r"open-label|single-arm"),
    ("randomized", r"\brandomi[sz]ed|\bRCT\b", r"rct|randomi"),
    ("proof of concept", r"proof[- ]of[- ]concept", r"proof-of-concept"),
    ("meta-analysis", r"meta-analy|individual participant data|pooled analysis", r"meta-analysis"),
    ("prevalence survey", r"\b(?:prevalence|population|lifetime|at some point in their lives)\b", r"survey"),
    ("retrospective", r"\bretrospective|online forum|internet posts|website|forum\b", r"forum|retrospective"),
]
_COMPILED = [(n, re.compile(s, re.I), re.compile(t, re.I)) for n, s, t in _DESCRIPTORS]


def descriptors(text: str, index: DataIndex) -> list[tuple[str, set[str]]]:
    """The descriptors ``text`` holds, each with the set of trials whose record fits it."""
    out: list[tuple[str, Callable[[str], bool]]] = []
    for name, srx, _trx in _COMPILED:
        if srx.search(text):
            out.append((name, index.fixed[name]))
    for m in re.finditer(
        rf"\b(\d[\d,]*|{WORDNUM})\s+(?:[\w-]+\s+)?(?:people|participants|patients|veterans|adults|subjects|individuals)\b",
        text,
        re.I,
    ):
        n = word_value(m.group(1))
        if n and n >= 5:
            out.append((f"sample size {m.group(1)}", {t for t in index.trial_ids if index.n.get(t) == n}))
    for m in re.finditer(r"\bN\s*=\s*(\d[\d,]*)", text):
        n = word_value(m.group(1))
        out.append((f"sample size {m.group(1)}", {t for t in index.trial_ids if index.n.get(t) == n}))
    for m in re.finditer(r"\b(?:in|In)\s+((?:19|20)\d\d)\b|\((?:19|20)\d\d\)", text):
        y = re.search(r"(19|20)\d\d", m.group(0)).group(0)
        out.append((f"year {y}", {t for t in index.trial_ids if index.year.get(t) == y}))
    for tid in index.trial_ids:
        a = index.author[tid]
        if a and re.search(rf"\b{a}\b", text, re.I):
            out.append((f"author {a.capitalize()}", {t for t in index.trial_ids if index.author.get(t) == a}))
    return out
