"""The kinds real pages need (issue 12): duration, significance, design, support, pooled —
each verdict, on the bundled data (figures and facts cited per test).

Sources: Feder et al. 2021, Am J Psychiatry 178:193 (six infusions over 2 weeks; CAPS-5
difference 11.88 points, SE 3.96, vs midazolam); Feder et al. 2014, JAMA Psychiatry 71:681
(single infusion, crossover, midazolam active placebo); Abdallah et al. 2022 (eight infusions
twice weekly vs saline); Berman et al. 2000, Biol Psychiatry 47:351 (major depression);
metafor's dat.bcg (Colditz et al. 1994): fixed-effect RR 0.6503 (0.6007 to 0.7040), k = 13.
"""

from __future__ import annotations

import pytest

from trialstats.claims import Claim, verify_claim


def run(kind, stated, trial=None, outcome=None, **claim_level):
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="a claim",
        kind=kind,
        stated=stated,
        trial=trial,
        outcome=outcome,
        **claim_level,
    )
    return verify_claim(c)


@pytest.mark.parametrize(
    ("stated", "trial", "verdict"),
    [
        ({"value": "two weeks", "what": "course"}, "feder2021", "consistent"),
        ({"value": "14 days", "what": "course"}, "feder2021", "consistent"),  # units converted
        ({"value": "three weeks", "what": "course"}, "feder2021", "inconsistent"),
        ({"value": "one month", "what": "course"}, "feder2021", "inconsistent"),  # a month is 28-31 days
        ({"value": "twice weekly", "what": "interval"}, "abdallah2022", "consistent"),
        ({"value": "weekly", "what": "interval"}, "abdallah2022", "inconsistent"),
        ({"value": "40 minutes", "what": "infusion"}, "feder2014", "consistent"),
        ({"value": "two weeks", "what": "course"}, None, "unverifiable"),
    ],
)
def test_duration(stated, trial, verdict):
    r = run("duration", stated, trial)
    assert r.verdict == verdict, r.explanation
    if verdict == "consistent":
        assert r.numbers and r.numbers[0].source_id  # provenance of the schedule


def test_significance_against_the_reported_difference():
    # Feder 2021: MD -11.88 (SE 3.96) in CAPS-5, lower is better: z = 3.0, p = 0.0027
    ok = run(
        "significance",
        {"direction": "better", "significant": True, "outcome_concept": "symptom_score"},
        "feder2021",
    )
    assert ok.verdict == "consistent" and "0.0027" in ok.explanation
    assert run("significance", {"direction": "no_difference", "significant": False}, "feder2021").verdict == (
        "inconsistent"
    )
    assert (
        run("significance", {"direction": "worse", "significant": True}, "feder2021").verdict
        == "inconsistent"
    )
    wrong = run(
        "significance", {"direction": "better", "significant": True, "comparator": "placebo"}, "feder2021"
    )
    assert wrong.verdict == "misattributed"  # the comparator was midazolam


def test_significance_from_counts_is_a_fisher_test():
    # Feder 2021 response 10/15 vs 3/15: Fisher exact p = 0.025
    r = run(
        "significance",
        {"direction": "better", "significant": True, "outcome_concept": "response"},
        "feder2021",
    )
    assert r.verdict == "consistent" and "Fisher" in " ".join(r.steps)


def test_significance_without_data_is_unverifiable():
    r = run(
        "significance",
        {"direction": "better", "significant": True, "outcome_concept": "remission"},
        "feder2014",
    )
    assert r.verdict == "unverifiable"


@pytest.mark.parametrize(
    ("stated", "trial", "verdict"),
    [
        (
            {"randomized": True, "structure": "crossover", "control": "active_placebo"},
            "feder2014",
            "consistent",
        ),
        ({"structure": "parallel"}, "feder2014", "inconsistent"),
        ({"control": "placebo"}, "feder2021", "misattributed"),  # midazolam is an active placebo
        ({"comparator": "placebo"}, "feder2014", "misattributed"),
        ({"control": "active_placebo", "comparator": "midazolam"}, "feder2021", "consistent"),
        ({"arms": 2, "randomized": True}, "feder2021", "consistent"),
        ({"arms": 2}, "abdallah2022", "inconsistent"),  # saline and two ketamine doses
        ({"randomized": False, "structure": "single_arm"}, "albott2018", "consistent"),
        # Feder 2021: the registry (NCT02397889) gives triple masking, which is double-blind too
        ({"blinding": "double"}, "feder2021", "consistent"),
        ({"blinding": "triple"}, "feder2014", "inconsistent"),  # Feder 2014: double-blind
        ({"blinding": "open"}, "albott2018", "consistent"),  # Albott 2018: open-label
        ({"blinding": "open"}, "brady2000", "inconsistent"),  # Brady 2000: double-blind
        # Zarate 2006's title names no blinding in data/: not_reported, never consistent
        ({"blinding": "double", "randomized": True}, "zarate2006", "unverifiable"),
        ({"structure": "parallel"}, "zarate2006", "unverifiable"),
        ({"arms": 2}, "wilkinson2018", "unverifiable"),  # a meta-analysis has no arms
    ],
)
def test_design(stated, trial, verdict):
    assert run("design", stated, trial).verdict == verdict


def test_design_names_the_row_and_what_was_not_reported():
    # Feder 2021's blinding comes from the registry record (extra source of the row)
    r = run("design", {"blinding": "double", "randomized": True}, "feder2021")
    assert "nct02397889" in r.explanation and "feder2021-ajp" in r.explanation
    assert {n.source_id for n in r.numbers} == {"nct02397889", "feder2021-ajp"}
    assert not any(n.secondary for n in r.numbers)
    r = run("design", {"blinding": "double", "randomized": True}, "zarate2006")
    assert "blinding" in r.explanation and "not_reported" in r.explanation


def test_support():
    # a depression trial cited for PTSD: misattributed, saying what it studied
    r = run(
        "support", {"statement": "ketamine lessens intrusive memories", "condition": "PTSD"}, "berman2000"
    )
    assert r.verdict == "misattributed" and "depression" in r.explanation
    # a trial without a therapy arm cited for enhancing psychotherapy
    r = run("support", {"statement": "x", "intervention": "ketamine added to psychotherapy"}, "feder2014")
    assert r.verdict == "misattributed"
    r = run(
        "support",
        {
            "statement": "x",
            "condition": "chronic PTSD",
            "intervention": "repeated ketamine infusions",
            "design": "randomized trial",
        },
        "feder2021",
    )
    assert r.verdict == "consistent"
    assert run(
        "support", {"statement": "x", "intervention": "single ketamine infusion"}, "feder2021"
    ).verdict == ("misattributed")
    # a review that is not a trial in data/: read from its title (depression, not PTSD)
    r = run("support", {"statement": "x", "condition": "PTSD"}, source="duman2012-science")
    assert r.verdict == "misattributed"
    assert run("support", {"statement": "x", "condition": "PTSD"}).verdict == "unverifiable"


def test_pooled():
    good = {"estimate": "0.65", "low": "0.60", "high": "0.70", "k": "13"}
    assert run("pooled", good, meta="bcg", analysis="bcg_rr_fe_ratio").verdict == "consistent"
    bad = {**good, "estimate": "0.49"}
    assert run("pooled", bad, meta="bcg", analysis="bcg_rr_fe_ratio").verdict == "inconsistent"
    several = run("pooled", {"k": "13"}, meta="bcg")
    assert several.verdict == "unverifiable" and "bcg_rr_dl_ratio" in several.explanation
    assert run("pooled", {"estimate": "0.5"}).verdict == "unverifiable"


def test_pooled_class_level_says_which_trials_fit():
    # SSRI response: Brady 2000 sertraline 53%, Davidson 2001 sertraline 60% (JAMA 283:1837; AGP 58:485)
    r = run("pooled", {"value": "about 60%"}, drug_class="SSRI")
    assert r.verdict == "inconsistent" and "davidson2001" in r.explanation and "brady2000" in r.explanation
    r = run("pooled", {"value": "50 to 60%"}, trial=["brady2000", "davidson2001"], drug_class="SSRI")
    assert r.verdict == "consistent"


def test_pooled_value_is_compared_with_a_pooled_proportion():
    # McIntyre/Alnefeesi 2022 (J Psychiatr Res): pooled response 45% (35 to 55%), remission 30%
    r = run(
        "pooled",
        {"value": "45%", "low": "35%", "high": "55%"},
        meta="alnefeesi2022",
        analysis="alnefeesi2022_response",
    )
    assert r.verdict == "consistent" and "value 45% fits" in r.explanation
    r = run("pooled", {"value": "55%"}, meta="alnefeesi2022", analysis="alnefeesi2022_response")
    assert r.verdict == "inconsistent"
    # a proportion against a ratio row is not compared, and says why
    r = run("pooled", {"value": "45%"}, meta="bcg", analysis="bcg_rr_fe_ratio")
    assert r.verdict == "unverifiable" and "RR" in r.explanation


def test_a_class_level_proportion_is_checked_as_pooled_checks_it():
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="about three in five respond to SSRIs",
        kind="proportion",
        stated={"value": "approximately 60%"},
        drug_class="SSRI",
    )
    r = verify_claim(c)
    assert (
        r.verdict == "inconsistent" and "brady2000 53.0%" in r.explanation and "davidson2001" in r.explanation
    )
    # remission: no SSRI trial in data/ has a remission row
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="a fifth to under a third reach remission",
        kind="proportion",
        stated={"value": "20% to 30%"},
        drug_class="SSRI",
    )
    assert verify_claim(c).verdict == "unverifiable"


def test_support_says_what_the_source_studied_from_its_record():
    # Berman et al. 2000 (Biol Psychiatry 47:351): ketamine vs saline in major depression
    ok = run(
        "support",
        {
            "statement": "x",
            "condition": "major depression",
            "intervention": "intravenous ketamine",
            "outcome": "depressive symptoms",
        },
        "berman2000",
    )
    assert ok.verdict == "consistent", ok.explanation
    bad = run("support", {"statement": "x", "outcome": "PTSD symptoms"}, "berman2000")
    assert bad.verdict == "misattributed"
    # what it studied comes from trials.csv / trial_design, not flow notes or arm labels
    assert "major depression" in bad.explanation and "saline" in bad.explanation
    assert "subjects completed" not in bad.explanation and "Abstract" not in bad.explanation
    # Feder 2014 (JAMA Psychiatry 71:681): its record names the IES-R, a symptom scale, though
    # data/ hold only its dropout rows; "PTSD symptoms 24 hours after infusion" fits
    r = run(
        "support",
        {
            "statement": "x",
            "condition": "PTSD",
            "outcome": "PTSD symptom severity 24 hours after infusion",
            "intervention": "single intravenous ketamine infusion",
            "design": "randomized controlled trial",
        },
        "feder2014",
    )
    assert r.verdict == "consistent", r.explanation
    assert "did not complete" not in r.explanation
    # a symptom outcome the data hold no row or scale for is not compared, never refuted
    r = run("support", {"statement": "x", "outcome": "relapse"}, "feder2014")
    assert r.verdict == "unverifiable"
