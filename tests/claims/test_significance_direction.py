"""``significance``: the direction by each row's own sign convention, never a sign error.

Brady et al. 2000, JAMA 283:1837 (sertraline vs placebo, 12 weeks; the EBMH synopsis prints
CAPS-2 mean change -33.0 vs -23.2 and the difference as 9.8, 95% CI 1.8 to 17.8, positive =
more improvement on sertraline). Davidson et al. 2001, Arch Gen Psychiatry 58:485 (response
60% vs 38%, chi-square(1) = 8.48, P = .004: a p without an estimate). Dadabayev et al. 2020,
Chronic Stress 4 (ketamine vs ketorolac).
"""

from __future__ import annotations

from trialstats.claims import Claim, verify_claim


def run(stated, trial, outcome=None):
    return verify_claim(
        Claim(
            document="doc",
            document_title="Doc",
            id="c1",
            says="x",
            kind="significance",
            stated=stated,
            trial=trial,
            outcome=outcome,
        )
    )


def test_brady2000_a_positive_improvement_difference_favours_sertraline():
    r = run(
        {"direction": "better", "significant": True, "outcome_concept": "symptom_score"},
        "brady2000",
        outcome="caps2_change_difference",
    )
    assert r.verdict == "consistent", r.explanation
    steps = " ".join(r.steps)
    assert "arm2 − arm1 (improvement positive)" in steps and "-33" in steps and "favours treatment" in steps
    worse = run({"direction": "worse", "significant": True}, "brady2000", outcome="caps2_change_difference")
    assert worse.verdict == "inconsistent" and "favour treatment" in worse.explanation


def test_brady2000_against_placebo_by_concept():
    r = run(
        {
            "direction": "better",
            "significant": True,
            "outcome_concept": "symptom_score",
            "comparator": "placebo",
        },
        "brady2000",
        outcome="caps2_change_difference",
    )
    assert r.verdict == "consistent", r.explanation


def test_davidson2001_a_p_without_estimate_takes_the_direction_from_the_counts():
    r = run({"direction": "better", "significant": True, "outcome_concept": "response"}, "davidson2001")
    assert r.verdict == "consistent", r.explanation
    assert "binary_outcomes" in r.explanation and "60.0%" in r.explanation
    r = run({"direction": "worse", "significant": True, "outcome_concept": "response"}, "davidson2001")
    assert r.verdict == "inconsistent" and "favours treatment" in r.explanation
    r = run(
        {"direction": "no_difference", "significant": False, "outcome_concept": "response"}, "davidson2001"
    )
    assert r.verdict == "inconsistent"


def test_a_p_without_estimate_or_arm_data_leaves_the_direction_unverifiable():
    # Davidson 2001 CAPS-2 slopes: t = 2.96, P = .003, no means in data/
    r = run({"direction": "better", "significant": True}, "davidson2001", outcome="caps2_slope")
    assert r.verdict == "unverifiable" and "direction" in r.explanation


def test_the_comparator_is_checked_even_without_data():
    r = run({"direction": "no_difference", "significant": False, "comparator": "midazolam"}, "dadabayev2020")
    assert r.verdict == "misattributed" and "ketorolac" in r.explanation
