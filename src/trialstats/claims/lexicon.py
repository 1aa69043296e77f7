"""Words: the names documents give arms and drug classes, and how journals, pages, titles,
authors and DOIs are matched.

A document may say "placebo" where the data say "midazolam 0.045 mg/kg" (not a placebo),
"SSRIs" where the data name sertraline, "Am J Psychiatry" where the data say "The American
Journal of Psychiatry", or "681-8" for pages 681-688. These rules live here, once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any

__all__ = [
    "CONCEPT_WORDS",
    "DRUG_CLASSES",
    "adverse_events_named",
    "authors_match",
    "concept_of",
    "doi_key",
    "is_placebo_arm",
    "journals_match",
    "names_match",
    "norm",
    "pages_match",
    "share_concept_of",
    "title_similarity",
    "titles_match",
]

_GENERIC = {
    "control",
    "group",
    "arm",
    "arms",
    "infusion",
    "infusions",
    "repeated",
    "single",
    "dose",
    "doses",
    "intravenous",
    "iv",
    "treatment",
    "condition",
    "the",
    "a",
    "an",
    "of",
    "with",
    "standard",
    "low",
    "high",
    "drug",
    "and",
    "or",
    "mg",
    "kg",
    "mg/kg",
    "patients",
    "those",
    "receiving",
    "given",
    "on",
}
_PLACEBO_WORDS = {
    "placebo",
    "a placebo",
    "placebo group",
    "inactive placebo",
    "saline placebo",
    "saline",
    "sugar pill",
    "dummy",
}
_ACTIVE_WORDS = {
    "active control",
    "active placebo",
    "psychoactive control",
    "active comparator",
    "active placebo control",
    "active psychoactive control",
}


# A document may name a drug class where data/ names the drug: the class fits any member.
DRUG_CLASSES = {
    "ssri": ("sertraline", "paroxetine", "fluoxetine", "fluvoxamine", "citalopram", "escitalopram"),
    "snri": ("venlafaxine", "desvenlafaxine", "duloxetine", "levomilnacipran", "milnacipran"),
}
DRUG_CLASSES["ssris"] = DRUG_CLASSES["ssri"]
DRUG_CLASSES["snris"] = DRUG_CLASSES["snri"]
DRUG_CLASSES["selective serotonin reuptake inhibitor"] = DRUG_CLASSES["ssri"]
DRUG_CLASSES["selective serotonin reuptake inhibitors"] = DRUG_CLASSES["ssri"]


def is_placebo_arm(text: str) -> bool:
    t = text.lower()
    return ("placebo" in t or "saline" in t) and "active" not in t


def names_match(stated: str, arm_text: str) -> bool:
    """Whether the document's name for an arm ('placebo', 'midazolam') fits the arm in data/.

    "placebo" fits only an arm whose intervention is an (inactive) placebo or saline;
    "active control"/"active placebo" fits any arm that is not; any other name must have
    each of its distinctive words (drug names, not 'dose' or 'group') in the arm's text.

    Examples
    --------
    >>> names_match("placebo", "midazolam 0.045 mg/kg"), names_match("midazolam", "midazolam 0.045 mg/kg")
    (False, True)
    >>> names_match("SSRI", "sertraline hydrochloride 50-200 mg/day"), names_match("SSRI", "ketamine IV")
    (True, False)
    >>> names_match("active (midazolam) control", "midazolam IV"), names_match("active control", "saline")
    (True, False)
    """
    s = re.sub(r"\s+", " ", stated.lower().strip())
    if s in _PLACEBO_WORDS:
        return is_placebo_arm(arm_text)
    if s in _ACTIVE_WORDS:
        return not is_placebo_arm(arm_text)
    if s in DRUG_CLASSES:
        return any(drug in arm_text.lower() for drug in DRUG_CLASSES[s])
    words = [
        w for w in re.findall(r"[a-z0-9/.-]+", s) if w not in _GENERIC and not re.fullmatch(r"[\d.]+", w)
    ]
    text = arm_text.lower()
    if {"active", "psychoactive"} & set(words):
        # "an active (midazolam) control": the qualifier says the arm is no inert placebo; the
        # agent it names must be the arm's
        if is_placebo_arm(arm_text):
            return False
        words = [w for w in words if w not in ("active", "psychoactive", "placebo", "comparator")]
    return all(w in text for w in words)


def norm(text: Any) -> str:
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]+", " ", t)).strip()


_JOURNAL_STOP = {"the", "of", "and", "for", "in", "on"}


def journals_match(a: str, b: str) -> bool:
    """Whether two journal names are the same journal, abbreviated (ISO 4 style) or in full.

    Words are compared in order after dropping 'the', 'of', 'and'; an abbreviated word must
    be a prefix of the full word ("Am J Psychiatry" = "The American Journal of Psychiatry").

    Examples
    --------
    >>> journals_match("Am J Psychiatry", "The American Journal of Psychiatry")
    True
    >>> journals_match("JAMA Psychiatry", "American Journal of Psychiatry")
    False
    """
    wa = [w for w in norm(a.replace("&", " and ")).split() if w not in _JOURNAL_STOP]
    wb = [w for w in norm(b.replace("&", " and ")).split() if w not in _JOURNAL_STOP]
    if len(wa) != len(wb) or not wa:
        return False
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(wa, wb, strict=True))


def _page_range(text: str) -> tuple[str, str]:
    t = str(text).strip().translate(str.maketrans({"–": "-", "—": "-", "−": "-"}))
    first, _, last = (p.strip() for p in t.partition("-"))
    if last and len(last) < len(first) and first[: len(first) - len(last)].isdigit():
        last = first[: len(first) - len(last)] + last  # "681-8" means 681-688
    return first.lower(), (last or first).lower()


def pages_match(a: Any, b: Any) -> bool:
    """Whether two page ranges are the same, with abbreviated end pages expanded.

    Examples
    --------
    >>> pages_match("681-8", "681–688"), pages_match("621-630", "681-688")
    (True, False)
    """
    return _page_range(str(a)) == _page_range(str(b))


def doi_key(text: Any) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", str(text).strip().lower())


def title_similarity(a: Any, b: Any) -> float:
    """Similarity (0 to 1) of two titles after normalisation (case, accents, punctuation)."""
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def titles_match(a: Any, b: Any) -> bool:
    """Whether two titles are the same work's (identical after normalisation, or ≥ 0.9 alike).

    Examples
    --------
    >>> titles_match("Antidepressant effects of ketamine in depressed patients",
    ...              "Antidepressant Effects of Ketamine in Depressed Patients.")
    True
    """
    x, y = norm(a), norm(b)
    return bool(x) and (x == y or title_similarity(x, y) >= 0.9)


def _surnames(text: Any) -> list[str]:
    out = []
    for part in re.split(r"[;,]| and |&", str(text)):
        words = [w for w in norm(part).split() if w not in ("et", "al")]
        # "Feder A" / "A. Feder" / "Feder": the surname is the longest word of more than 2 letters
        long = [w for w in words if len(w) > 2]
        if long:
            out.append(long[0])
    return out


def authors_match(stated: Any, first_author: Any, authors: Any = None) -> bool:
    """Whether the stated author(s) fit the source: the first stated surname is the source's
    first author; further stated names, where the data hold the author list, are in it
    ("et al." accepted).

    Examples
    --------
    >>> authors_match("Feder et al.", "Feder"), authors_match("Murrough", "Feder")
    (True, False)
    """
    names = _surnames(stated)
    if not names or not _surnames(first_author):
        return False
    if names[0] != _surnames(first_author)[0]:
        return False
    if len(names) > 1 and authors is not None and str(authors).strip():
        listed = set(_surnames(authors))
        explicit_all = "et al" not in norm(authors)
        return all(n in listed for n in names[1:]) if explicit_all or listed else True
    return True


#: Named adverse events -> the word stems that name them (in a claim, or in a data row's
#: outcome id and definition). An adverse-event claim naming one is compared only with that
#: event's rows.
AE_EVENTS: dict[str, str] = {
    "insomnia": r"insomni|sleeplessness|trouble sleeping|difficulty sleeping",
    "nausea": r"nause",
    "vomiting": r"vomit",
    "headache": r"headache",
    "dissociation": r"dissociat",
    "diarrhea": r"diarrh",
    "fatigue": r"fatigue|tiredness",
    "dizziness": r"dizz",
    "decreased appetite": r"appetite",
    "somnolence": r"somnolen|drowsi|sedat",
    "dry mouth": r"dry mouth|xerostomia",
    "sweating": r"sweat",
    "sexual dysfunction": r"sexual dysfunction|ejaculat|libido",
    "blood pressure": r"blood pressure|hypertensi",
}


def adverse_events_named(text: Any) -> list[str]:
    """The named adverse events a text mentions ('had insomnia' → ['insomnia']).

    Examples
    --------
    >>> adverse_events_named("one in six had trouble sleeping"), adverse_events_named("ae_nausea")
    (['insomnia'], ['nausea'])
    """
    t = str(text).lower().replace("_", " ")
    return [name for name, pattern in AE_EVENTS.items() if re.search(rf"\b(?:{pattern})", t)]


#: Words that name an outcome concept (the data's ``concept`` column), most specific first.
CONCEPT_WORDS: tuple[tuple[str, str], ...] = (
    (r"drop(?:ped)?[- ]?outs?|discontinu|withdr[ae]w|stopped (?:taking|treatment)|quit", "dropout"),
    (
        r"side[- ]effects?|adverse|serious (?:events?|harms?)|safety|" + "|".join(AE_EVENTS.values()),
        "adverse_event",
    ),
    (r"relapse|loss of response|lost (?:their |the )?response|wore off|wearing off", "relapse"),
    (r"remission|remit", "remission"),
    (r"respon(?:d|se|der)", "response"),
    (r"prevalence|lifetime|will (?:have|develop)", "prevalence"),
    (r"seek(?:s|ing)? (?:help|treatment|care)|sought (?:help|treatment|care)", "treatment_seeking"),
)


def concept_of(text: Any) -> str | None:
    """The outcome concept a claim's words name ('responded' → response, 'side effects' →
    adverse_event), the most specific first ('stopped because of side effects' → dropout);
    None when they name none.

    Examples
    --------
    >>> concept_of("two in three responded"), concept_of("no serious side effects")
    ('response', 'adverse_event')
    """
    t = str(text).lower()
    found = [concept for pattern, concept in CONCEPT_WORDS if re.search(rf"\b(?:{pattern})", t)]
    return found[0] if found else None


#: Words that, said of a share of people, name responders ("two-thirds improved").
SHARE_RESPONSE_WORDS = r"improv|got better|benefit(?:ed|ted)|helped"


def share_concept_of(text: Any) -> str | None:
    """The concept of a share of people: :func:`concept_of`, or response when the words say
    that the people improved ('67% improved' is a responder rate; the same word said of
    symptoms in a significance claim is not read this way).

    Examples
    --------
    >>> share_concept_of("two-thirds improved"), share_concept_of("nearly half took other medicines")
    ('response', None)
    """
    found = concept_of(text)
    if found:
        return found
    return "response" if re.search(rf"\b(?:{SHARE_RESPONSE_WORDS})", str(text).lower()) else None
