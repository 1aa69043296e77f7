"""Matching rules (issue 12 item 1), on the bundled data: a claim is compared only with
outcomes of its own concept; one candidate is used, several make it unverifiable, naming them.

Albott et al. 2018 (J Clin Psychiatry 79:17m11634): PTSD remission 12/15 (80%), MADRS response
14/15 (93%). Goldstein et al. 2016 (Soc Psychiatry Psychiatr Epidemiol 51:1137): lifetime PTSD
6.1%, past-year 4.7%. Davidson et al. 2001 (Arch Gen Psychiatry 58:485): discontinuation for
adverse events 9% on sertraline.
"""

from __future__ import annotations

from trialstats.claims import Claim, verify_claim


def run(says, stated, trial, kind="proportion", outcome=None):
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says=says,
        kind=kind,
        stated=stated,
        trial=trial,
        outcome=outcome,
    )
    return verify_claim(c)


def test_the_claims_concept_picks_the_outcome():
    assert run("80% reached remission", {"value": "80%"}, "albott2018").verdict == "consistent"
    # the same figure read as a response rate meets the 93% response outcome: contradicted
    assert run("80% responded", {"value": "80%"}, "albott2018").verdict == "inconsistent"
    assert (
        run("80% of veterans", {"value": "80%", "concept": "remission"}, "albott2018").verdict == "consistent"
    )


def test_several_candidates_are_named():
    r = run("80% of the veterans", {"value": "80%"}, "albott2018")
    assert (
        r.verdict == "unverifiable"
        and "madrs_response" in r.explanation
        and "pcl5_remission" in r.explanation
    )
    r = run("about 6% will have PTSD in their lifetime", {"value": "6%"}, "goldstein2016")
    assert (
        r.verdict == "unverifiable" and "lifetime_ptsd" in r.explanation and "past_year_ptsd" in r.explanation
    )
    assert run("6%", {"value": "6%"}, "goldstein2016", outcome="lifetime_ptsd").verdict == "consistent"


def test_no_outcome_of_the_concept_is_unverifiable_not_compared_with_another():
    # feder2021 holds a response outcome only: a side-effect figure is not compared with it
    r = run("two in three had side effects", {"value": "67%", "arm": "ketamine"}, "feder2021")
    assert r.verdict == "unverifiable" and "adverse_event" in r.explanation
    r = run("nobody had a serious adverse event", {"value": "0", "what": "events"}, "feder2021", kind="count")
    assert r.verdict == "unverifiable"


def test_dropout_for_side_effects_is_a_dropout():
    r = run(
        "9% stopped taking sertraline because of side effects",
        {"value": "9%", "arm": "sertraline"},
        "davidson2001",
    )
    assert r.verdict == "consistent"
