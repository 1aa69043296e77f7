"""Citations against the bundled sources (issue 12 item 4): matched by PMID, DOI, title,
journal + year, author + year, in that order; every stated field checked; a reference that
matches nothing is unverifiable, naming what was searched. Provenance flags secondary sources.

Feder A, et al. A Randomized Controlled Trial of Repeated Ketamine Administration for Chronic
Posttraumatic Stress Disorder. Am J Psychiatry 2021;178(2):193-202. PMID 33397139.
"""

from __future__ import annotations

from trialstats.claims import Claim, verify_claim

TITLE = (
    "A randomized controlled trial of repeated ketamine administration "
    "for chronic posttraumatic stress disorder"
)


def run(stated, kind="citation", trial=None, outcome=None):
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="x",
        kind=kind,
        stated=stated,
        trial=trial,
        outcome=outcome,
    )
    return verify_claim(c)


def test_matched_by_title_and_by_journal_and_year():
    r = run({"title": TITLE.upper() + "."})
    assert r.verdict == "consistent" and r.recomputed == "feder2021-ajp"
    r = run({"journal": "The American Journal of Psychiatry", "year": 2021, "author": "Feder et al."})
    assert r.verdict == "consistent" and r.recomputed == "feder2021-ajp"


def test_every_stated_field_is_checked_including_the_first_author():
    r = run({"pmid": "33397139", "author": "Murrough"})
    assert r.verdict == "misattributed" and "author" in r.explanation
    r = run({"author": "Feder", "year": 2021, "journal": "JAMA Psychiatry"})
    assert r.verdict == "misattributed" and "journal" in r.explanation


def test_a_reference_matching_nothing_is_unverifiable_with_what_was_searched():
    r = run({"author": "Nobody", "year": 1999, "title": "An imaginary trial"})
    assert r.verdict == "unverifiable"
    assert "title An imaginary trial" in r.explanation and "author Nobody + year 1999" in r.explanation
    # a real author and year, but a title that is clearly another paper: no match either
    r = run(
        {"author": "Feder", "year": 2021, "title": "Ketamine for obsessive compulsive disorder in children"}
    )
    assert r.verdict == "unverifiable"


def test_provenance_names_source_place_basis_and_secondary():
    r = run(
        {"treatment": "67%", "control": "20%"},
        kind="two_proportions",
        trial="feder2021",
        outcome="caps5_response",
    )
    n = r.numbers[0]
    assert n.source_id == "feder2021-ajp" and n.location and n.basis == "derived" and n.derivation
    assert n.secondary is False and r.secondary is False
