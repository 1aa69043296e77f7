"""A page's reference list and its citation markers.

Reference entries are found under a heading such as "References", "Sources" or
"Bibliography" (one entry a line, numbered or not) and parsed into the fields of a
``citation`` claim: first author, year, title, journal, volume, issue, pages, PMID, DOI.
Markers in the text are numbered (superscripts ``¹``, brackets ``[2]``, ``[1, 3]``,
``[1–3]``) or author–year (``(Feder et al., 2014)``, ``(Duman & Aghajanian, 2012)``,
``(Feder 2014, JAMA Psychiatry)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["JOURNALS", "Marker", "Reference", "find_markers", "find_references"]

_HEADING = re.compile(
    r"^\s*(?:references?|sources?|bibliography|works cited|literature cited|citations?|"
    r"further reading|notes and references|reference list)\s*:?\s*$",
    re.I,
)
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_PMID = re.compile(r"\bPMID:?\s*(\d{6,9})\b", re.I)
_PUBMED_URL = re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d{6,9})|ncbi\.nlm\.nih\.gov/pubmed/(\d{6,9})")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# Full names of journals (and their abbreviations) so that a journal name can be told from
# the annotation that follows it in entries such as "Feder A et al. 2014, JAMA Psychiatry
# Randomized controlled trial: ...". Lower-case keys; the value is the canonical name.
JOURNALS = {
    name.lower(): name
    for name in (
        "JAMA Psychiatry",
        "JAMA",
        "American Journal of Psychiatry",
        "Am J Psychiatry",
        "Cochrane Database of Systematic Reviews",
        "Cochrane Database Syst Rev",
        "Biological Psychiatry",
        "Biol Psychiatry",
        "Journal of Clinical Psychiatry",
        "J Clin Psychiatry",
        "Archives of General Psychiatry",
        "Arch Gen Psychiatry",
        "Science",
        "Nature",
        "Nature Medicine",
        "The Lancet",
        "Lancet",
        "Lancet Psychiatry",
        "The Lancet Psychiatry",
        "New England Journal of Medicine",
        "N Engl J Med",
        "NEJM",
        "BMJ",
        "Psychiatry Research",
        "Journal of Affective Disorders",
        "J Affect Disord",
        "Neuropsychopharmacology",
        "Depression and Anxiety",
        "Chronic Stress",
        "Journal of Psychopharmacology",
        "Molecular Psychiatry",
        "Mol Psychiatry",
        "Translational Psychiatry",
        "European Journal of Psychotraumatology",
        "Journal of Traumatic Stress",
        "Psychological Medicine",
        "British Journal of Psychiatry",
        "Br J Psychiatry",
        "The American Journal of Drug and Alcohol Abuse",
        "American Journal of Drug and Alcohol Abuse",
        "Social Psychiatry and Psychiatric Epidemiology",
        "Current Neuropharmacology",
        "Psychopharmacology",
        "CNS Drugs",
        "Frontiers in Psychiatry",
        "PLOS ONE",
        "PLoS One",
        "The Journal of Clinical Psychiatry",
        "The American Journal of Psychiatry",
        "Evidence-Based Mental Health",
        "Biochimica et Biophysica Acta",
        "Annals of Clinical Psychiatry",
    )
}


@dataclass
class Reference:
    """One entry of the page's reference list (or one author–year citation in the text)."""

    start: int
    end: int
    number: int | None
    fields: dict[str, str] = field(default_factory=dict)
    apa: bool = False  # a bibliographic record only (no annotation that makes other claims)
    annotation: tuple[int, int] | None = None  # where free text about the study sits


@dataclass(frozen=True)
class Marker:
    """A citation marker in the text: numbered (``number``) or author–year."""

    start: int
    end: int
    numbers: tuple[int, ...] = ()
    author: str = ""
    year: str = ""
    journal: str = ""
    worded: bool = False  # a citation in words, spanning what it says ("published in X in 2021")


def _clean_doi(doi: str) -> str:
    doi = doi.rstrip(".,;")
    while doi.endswith(")") and doi.count("(") < doi.count(")"):
        doi = doi[:-1]
    return doi


def _journal_at(text: str) -> str:
    """The journal a string starts with: a known name, else a run of capitalised words."""
    t = text.strip()
    low = t.lower()
    best = ""
    for key in JOURNALS:
        if (
            low.startswith(key)
            and (len(low) == len(key) or not low[len(key)].isalnum())
            and len(key) > len(best)
        ):
            best = t[: len(key)]
    if best:
        return best
    words = re.findall(r"[A-Za-z&'-]+|[^\sA-Za-z]", t)
    run: list[str] = []
    for w in words:
        if w[:1].isupper() or (run and w.lower() in ("of", "and", "the", "&", "for", "in")):
            run.append(w)
        else:
            if run and run[-1][:1].isupper() and w[:1].islower() and len(run) > 1:
                run.pop()  # the annotation's first word: "JAMA Psychiatry Randomized controlled"
            break
    while run and run[-1].lower() in ("of", "and", "the", "&", "for", "in"):
        run.pop()
    return " ".join(run)


def _parse_entry(text: str, s: int, e: int) -> Reference | None:
    line = text[s:e]
    body_offset = 0
    number = None
    m = re.match(r"\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+", line)
    if m:
        number = int(m.group(1) or m.group(2))
        body_offset = m.end()
    body = line[body_offset:]
    year = re.search(rf"\(({YEAR})[a-z]?\)|\b({YEAR})[a-z]?\b", body)
    pmid = _PMID.search(body) or _PUBMED_URL.search(body)
    doi = _DOI.search(body)
    if not year and not pmid and not doi:
        return None
    author = re.match(
        r"\s*([A-Z][A-Za-z'’\-]+(?:\s(?:van|de|von|"
        r"der)\s[A-Z][A-Za-z'’\-]+)?)(?=,\s*[A-Z]|\s+[A-Z]{1,3}\b|\s+et al)",
        body,
    )
    if not author:
        return None
    fields: dict[str, str] = {"author": author.group(1)}
    if year:
        fields["year"] = year.group(1) or year.group(2)
    if pmid:
        fields["pmid"] = next(g for g in pmid.groups() if g)
    if doi:
        fields["doi"] = _clean_doi(doi.group(1))
    ref = Reference(s, e, number, fields)
    # APA: "Author, A. (2000). Title. Journal, 47(4), 351-354."
    apa = re.search(
        rf"\(({YEAR})[a-z]?\)\.\s+(?P<title>.+?[.?!])\s+(?P<journal>[A-Z][^,]+?),\s*(?P<vol>\d+)"
        r"(?:\((?P<issue>[^)]+)\))?(?:,\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?))?",
        body,
    )
    if apa:
        fields["title"] = apa.group("title").rstrip(".")
        fields["journal"] = apa.group("journal").strip()
        fields["volume"] = apa.group("vol")
        if apa.group("issue"):
            fields["issue"] = apa.group("issue")
        if apa.group("pages"):
            fields["pages"] = apa.group("pages").replace("–", "-").replace(" ", "")
        ref.apa = True
        return ref
    # Vancouver / AMA: "Feder A, Costi S, et al. Title. Am J Psychiatry. 2021;178(2):193-202."
    vanc = re.search(
        rf"^(?P<authors>[^.]+(?:\.\s*[A-Z]{{1,3}}\b[^.]*)*?)\.\s+(?P<title>[^.?!]+[.?!])\s+(?P<journal>[A-Z][^.;]+?)\.?\s+"
        rf"(?P<y>{YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2}}(?:\s+\d{{1,2}})?)?\s*;\s*(?P<vol>\d+)(?:\((?P<issue>[^)]+)\))?"
        r"(?::\s*(?P<pages>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?))?",
        body,
    )
    if vanc:
        fields["title"] = vanc.group("title").rstrip(".")
        fields["journal"] = vanc.group("journal").strip()
        fields["year"] = vanc.group("y")
        fields["volume"] = vanc.group("vol")
        if vanc.group("issue"):
            fields["issue"] = vanc.group("issue")
        if vanc.group("pages"):
            fields["pages"] = vanc.group("pages").replace("–", "-").replace(" ", "")
        ref.apa = True
        return ref
    # Annotated: "Feder A et al. 2014, JAMA Psychiatry Annotation ... (PMID ...)"
    if year:
        after = body[year.end() :]
        jm = re.match(r"[,.;:]?\s*", after)
        rest = after[jm.end() :] if jm else after
        journal = _journal_at(rest)
        if journal:
            fields["journal"] = journal
            a_start = s + body_offset + year.end() + (jm.end() if jm else 0) + len(journal)
            a_end = s + body_offset + (pmid.start() if pmid else len(body))
            if a_end - a_start > 10:
                ref.annotation = (a_start, a_end)
        vol = re.search(r";\s*(\d+)(?:\((\d+)\))?:\s*([A-Za-z]?\d+(?:[-–][A-Za-z]?\d+)?)", body)
        if vol:
            fields["volume"] = vol.group(1)
            if vol.group(2):
                fields["issue"] = vol.group(2)
            fields["pages"] = vol.group(3).replace("–", "-")
            ref.apa = ref.annotation is None
    return ref


def find_references(text: str) -> list[Reference]:
    """The entries of every reference list in ``text`` (a heading, then one entry a line)."""
    refs: list[Reference] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if not _HEADING.match(text[s:e]):
            i += 1
            continue
        misses = 0
        j = i + 1
        while j < len(lines) and misses < 2:
            ls, le = lines[j]
            while ls < le and text[ls] in " \t•*-–":
                ls += 1
            ref = _parse_entry(text, ls, le)
            if ref is None:
                misses += 1
            else:
                misses = 0
                refs.append(ref)
            j += 1
        i = j
    # numbered entries without a number of their own take their position in the list
    if refs and all(r.number is None for r in refs):
        for k, r in enumerate(refs, start=1):
            r.number = k
    return refs


def _numbers(spec: str) -> tuple[int, ...]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", spec):
        rng = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if rng:
            lo, hi = int(rng.group(1)), int(rng.group(2))
            if 0 < hi - lo < 50:
                out += range(lo, hi + 1)
        elif part.isdigit():
            out.append(int(part))
    return tuple(out)


# a surname: capitalised, not all capitals ("TRIAL (2021)" in a heading, "PTSD (2018)" are no authors)
_AUTHOR = r"(?:Mc|Mac|O['’]|De|Van)?[A-Z][a-z][A-Za-z'’\-]*"
_AUTHOR_YEAR = re.compile(
    rf"\((?P<a>{_AUTHOR})(?:\s+et\s+al\.?|\s*(?:&|and)\s+{_AUTHOR})?,?\s+(?P<y>{YEAR})[a-z]?"
    r"(?:,\s*(?P<j>[A-Z][^);]{2,60}))?(?:;[^)]*)?\)"
)
_NARRATIVE = re.compile(
    rf"\b(?P<a>{_AUTHOR})(?:\s+et\s+al\.?|\s*(?:&|and)\s+{_AUTHOR})?\s+\((?P<y>{YEAR})[a-z]?\)"
)
_JOURNAL_NAMES = "|".join(
    re.escape(j).replace(r"\ ", r"\s+")
    for j in sorted(
        {*JOURNALS.values(), *(v.removeprefix("The ") for v in JOURNALS.values())}, key=len, reverse=True
    )
)
_JOURNAL = rf"(?:the\s+)?(?P<j>{_JOURNAL_NAMES})\b"
_KIND_OF_WORK = r"(?:analysis|study|trial|review|meta-analysis|paper|report|pooled analysis)"
# citations in words: "Berman et al., Biological Psychiatry, 2000", "Brady and colleagues, JAMA 2000",
# "published in the American Journal of Psychiatry in 2021", "a 2018 analysis in the American
# Journal of Psychiatry"
_WORDED = [
    re.compile(
        rf"\b(?P<a>{_AUTHOR})(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|co-?workers)|\s*(?:&|and)\s+{_AUTHOR})?,\s+"
        rf"{_JOURNAL},?\s+(?P<y>{YEAR})\b"
    ),
    re.compile(rf"\bpublished\s+in\s+{_JOURNAL}\s+in\s+(?P<y>{YEAR})\b"),
    re.compile(
        rf"\b[Aa]n?\s+(?P<y>{YEAR})\s+(?:[\w-]+\s+)?{_KIND_OF_WORK}\s+(?:published\s+)?in\s+{_JOURNAL}"
    ),
]
_BRACKET = re.compile(r"\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\]")
_SUPER = re.compile(rf"(?<=[^\s{_SUPERSCRIPT}])([{_SUPERSCRIPT}]+(?:[,–-][{_SUPERSCRIPT}]+)*)")


def find_markers(text: str) -> list[Marker]:
    """Citation markers: superscripts, [n] brackets and author–year citations."""
    out: list[Marker] = []
    for m in _BRACKET.finditer(text):
        out.append(Marker(m.start(), m.end(), _numbers(m.group(1))))
    for m in _SUPER.finditer(text):
        digits = m.group(1).translate(str.maketrans(_SUPERSCRIPT, "0123456789"))
        out.append(Marker(m.start(), m.end(), _numbers(digits)))
    for m in _AUTHOR_YEAR.finditer(text):
        journal = (m.group("j") or "").strip()
        out.append(Marker(m.start(), m.end(), (), m.group("a"), m.group("y"), journal))
    for m in _NARRATIVE.finditer(text):
        if m.group("a").lower() in ("in", "the", "a", "and", "since"):
            continue
        out.append(Marker(m.start(), m.end(), (), m.group("a"), m.group("y")))
    for rx in _WORDED:
        for m in rx.finditer(text):
            if any(k.start <= m.start() < k.end or m.start() <= k.start < m.end() for k in out):
                continue
            author = m.groupdict().get("a") or ""
            journal = re.sub(r"\s+", " ", m.group("j"))
            out.append(Marker(m.start(), m.end(), (), author, m.group("y"), journal, worded=True))
    return sorted(out, key=lambda k: k.start)
