"""Claim checks: every kind and every verdict, on small synthetic data (independent of data/).

References used below:
- Wilson and Newcombe intervals are checked against statsmodels (proportion_confint
  "wilson"; confint_proportions_2indep "newcomb"), which reproduces Newcombe (1998)
  Table II (see the published reference values, §6.1–6.2).
- p from an interval and an interval from an SE: Altman & Bland, BMJ 2011;343:d2304 and
  d2090: difference 17 (95% CI 1.4 to 32.6), P = 0.032, SE 7.94; RR 0.30 (0.10 to 0.91), P = 0.034.
- SMD interval for d = 1.13 with 15 + 15: 0.36 to 1.91, as Feder et al. 2021 (Am J
  Psychiatry 178:193) print it for their CAPS-5 difference.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from trialstats.claims import Claim, ClaimResult, verify_claim
from trialstats.claims.figures import evaluate_expression, parse_figure
from trialstats.claims.lexicon import journals_match, names_match, pages_match
from trialstats.consistency import counts_for_percent

# -- synthetic data: one parallel trial "smith2020" (ketamine 10/15 vs midazolam 3/15) ------


@pytest.fixture(scope="module", autouse=True)
def _tiny(tiny_data):
    global DATA
    DATA = tiny_data


DATA = None  # set by the fixture above


def claim(kind: str, stated: dict, trial=None, outcome=None, cid="c1") -> Claim:
    return Claim(
        document="doc",
        document_title="Doc",
        id=cid,
        says="a claim",
        kind=kind,
        stated=stated,
        trial=trial,
        outcome=outcome,
    )


def check(kind: str, stated: dict, trial=None, outcome=None) -> ClaimResult:
    return verify_claim(claim(kind, stated, trial, outcome), DATA)


# -- figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("67%", 0.665, 0.675),  # half a unit of the last printed digit
        ("27.5 days", 27.45, 27.55),
        ("two-thirds", 2 / 3 - 0.05, 2 / 3 + 0.05),  # verbal: ± 5 points
        ("one-fifth", 0.16, 0.24),  # band: min(5 points, 20% of 0.2)
        ("one in ten", 0.08, 0.12),
        ("one in twenty", 0.04, 0.06),
        ("sixty-seven per cent", 0.67, 0.67),  # a number in words is exact unless hedged
        ("over 2,600", 2600, 2700),
        ("nearly 30", 27, 30),
        ("more than 30", 30, 33),
        ("roughly half", 0.40, 0.60),  # hedged verbal: ± 10 points
        ("about two in three", 2 / 3 - 0.10, 2 / 3 + 0.10),
        ("6 out of every 100", 0.055, 0.065),  # digits in words read as a printed percent
        ("50 to 60%", 0.495, 0.605),
        ("$2,100 to $3,600", 2099.5, 3600.5),
        ("about 27.5 days", 27.5 * 0.95, 27.5 * 1.05),  # hedged number: ± 5% (wider than rounding)
    ],
)
def test_parse_figure_covers(text, low, high):
    f = parse_figure(text)
    assert f.low == pytest.approx(low, abs=1e-12)
    assert f.high == pytest.approx(high, abs=1e-12)


def test_parse_figure_bounds_and_words():
    f = parse_figure("over 2,600")
    assert f.contains(2601) and not f.contains(2600) and not f.contains(2500)
    assert parse_figure("six").value == 6 and parse_figure("single").value == 1
    assert parse_figure("two-thirds").contains(10 / 15)
    assert not parse_figure("two-thirds").contains(0.5)
    assert not parse_figure("one-fifth").contains(0.3)


@pytest.mark.parametrize("bad", ["lots", "", "sixty-ish", None, True, "12 to 3"])
def test_parse_figure_rejects(bad):
    with pytest.raises(ValueError, match="stated.value"):
        parse_figure(bad, field="stated.value")


def test_parse_figure_proportion_needs_percent():
    with pytest.raises(ValueError, match="percentage"):
        parse_figure("67", field="stated.value", proportion=True)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 300), data=st.data())
def test_printed_percent_figure_agrees_with_counts_for_percent(n, data):
    # Two independent routes to "which k/n print as this percent": the figure's interval
    # and the engine's integer arithmetic must agree on every count.
    k = data.draw(st.integers(0, n))
    text = f"{100 * k / n:.{data.draw(st.integers(0, 1))}f}%"
    fig = parse_figure(text)
    brute = [j for j in range(n + 1) if fig.contains(j / n)]
    assert brute == list(counts_for_percent(text, n))
    assert k in brute


@settings(max_examples=200, deadline=None)
@given(a=st.integers(-1000, 1000), b=st.integers(-1000, 1000), c=st.integers(1, 1000))
def test_evaluate_expression_matches_exact_arithmetic(a, b, c):
    expected = Fraction(a) * Fraction(b) + Fraction(a, c) - Fraction(b)
    got = evaluate_expression(f"{a} × {b} + ({a}) / {c} − ({b})")
    assert got == pytest.approx(float(expected), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    "bad",
    [
        "__import__('os').system('true')",
        "2 ** 10",
        "x + 1",
        "(1).real",
        "[1, 2]",
        "1 if 1 else 2",
        "1 / 0",
        "lambda: 1",
    ],
)
def test_evaluate_expression_never_runs_code(bad):
    with pytest.raises(ValueError, match="expression"):
        evaluate_expression(bad)


def test_evaluate_expression_money_and_times():
    assert evaluate_expression("6 × $350") == 2100
    assert evaluate_expression("6 x 600") == 3600
    assert evaluate_expression("$1,250 / 5") == 250


# -- names, journals, pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "arm", "ok"),
    [
        ("placebo", "midazolam IV", False),
        ("placebo", "saline placebo", True),
        ("active control", "midazolam IV", True),
        ("active control", "saline placebo", False),
        ("midazolam", "midazolam IV", True),
        ("ketorolac", "midazolam IV", False),
        ("IV ketamine infusions", "ketamine IV", True),
    ],
)
def test_names_match(stated, arm, ok):
    assert names_match(stated, arm) is ok


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("Am J Psychiatry", "The American Journal of Psychiatry", True),
        ("J Clin Psychiatry", "The Journal of Clinical Psychiatry", True),
        ("Arch Gen Psychiatry", "Archives of General Psychiatry", True),
        ("Cochrane Database Syst Rev", "Cochrane Database of Systematic Reviews", True),
        ("Biol Psychiatry", "Biological Psychiatry", True),
        ("JAMA Psychiatry", "American Journal of Psychiatry", False),
        ("J Clin Psychiatry", "Am J Psychiatry", False),
        ("Psychiatry Research", "Psychiatry", False),
    ],
)
def test_journals_match(a, b, ok):
    assert journals_match(a, b) is ok


def test_pages_match():
    assert pages_match("681-8", "681–688") and pages_match("1134-42", "1134-1142")
    assert not pages_match("621-630", "681-688")


# -- proportion ------------------------------------------------------------------------------


def test_proportion_with_n_consistent_with_wilson_interval():
    r = check("proportion", {"value": "67%", "n": 15})
    assert r.verdict == "consistent"
    lo, hi = proportion_confint(10, 15, method="wilson")  # statsmodels, independent reference
    assert r.points[0].low == pytest.approx(100 * lo, abs=1e-9)
    assert r.points[0].high == pytest.approx(100 * hi, abs=1e-9)
    assert "10/15" in r.recomputed


def test_proportion_with_n_inconsistent():
    r = check("proportion", {"value": "70%", "n": 15})  # 10/15 = 66.7%, 11/15 = 73.3%
    assert r.verdict == "inconsistent"
    assert "15" in r.explanation


def test_proportion_without_denominator_names_smallest_n():
    r = check("proportion", {"value": "94%"})
    assert r.verdict == "unverifiable"
    # smallest n for which some k/n rounds to 94%, found here by brute force
    n_min = next(n for n in range(1, 200) if any(93.5 <= 100 * k / n <= 94.5 for k in range(n + 1)))
    assert n_min == 16
    assert "16" in r.explanation and "15 of 16" in r.explanation
    lo, hi = proportion_confint(15, 16, method="wilson")
    assert f"{100 * lo:.1f}%" in r.explanation and f"{100 * hi:.1f}%" in r.explanation


def test_proportion_verbal_without_denominator():
    r = check("proportion", {"value": "roughly half"})
    assert r.verdict == "unverifiable" and "40.0% to 60.0%" in r.explanation


def test_proportion_against_trial_arm():
    assert check(
        "proportion", {"value": "two-thirds", "arm": "ketamine"}, "smith2020", "response"
    ).verdict == ("consistent")
    r = check("proportion", {"value": "half", "arm": "ketamine"}, "smith2020", "response")
    assert r.verdict == "inconsistent" and "66.7%" in r.explanation


def test_proportion_uses_percent_when_counts_are_missing():
    assert check("proportion", {"value": "6%"}, "jones2019", "prevalence").verdict == "consistent"
    assert check("proportion", {"value": "7%"}, "jones2019", "prevalence").verdict == "inconsistent"


def test_proportion_several_trials():
    r = check("proportion", {"value": "50 to 70%"}, ["smith2020", "jones2019"], "response")
    assert r.verdict == "consistent" and len(r.points) == 2
    r = check("proportion", {"value": "50 to 60%"}, ["smith2020", "jones2019"], "response")
    assert r.verdict == "inconsistent" and "smith2020" in r.explanation


def test_proportion_missing_row_is_unverifiable():
    r = check("proportion", {"value": "50%", "arm": "midazolam"}, "jones2019", "response")
    assert r.verdict == "unverifiable" and "jones2019" in r.explanation


def test_proportion_misattributed_intervention():
    r = check(
        "proportion",
        {"value": "67%", "arm": "ketamine", "intervention": "esketamine nasal spray"},
        "smith2020",
        "response",
    )
    assert r.verdict == "misattributed"


# -- two proportions -------------------------------------------------------------------------


def test_two_proportions_consistent_with_newcombe_difference():
    r = check(
        "two_proportions",
        {"treatment": "67%", "control": "20%", "comparator": "midazolam"},
        "smith2020",
        "response",
    )
    assert r.verdict == "consistent"
    lo, hi = confint_proportions_2indep(10, 15, 3, 15, method="newcomb", compare="diff")
    assert f"{100 * lo:.1f} to {100 * hi:.1f}" in r.interval


def test_two_proportions_placebo_for_active_control_is_misattributed():
    r = check(
        "two_proportions",
        {"treatment": "67%", "control": "20%", "comparator": "placebo"},
        "smith2020",
        "response",
    )
    assert r.verdict == "misattributed"
    assert "placebo" in r.explanation and "midazolam" in r.explanation


def test_two_proportions_active_control_fits_midazolam_not_placebo():
    ok = check(
        "two_proportions",
        {"treatment": "two-thirds", "control": "one-fifth", "comparator": "active control"},
        "smith2020",
        "response",  # without an outcome or a concept word the claim meets no outcome
    )
    assert ok.verdict == "consistent"
    bad = check(
        "two_proportions",
        {"treatment": "55%", "control": "20%", "comparator": "active control"},
        "jones2019",
        "response",
    )
    assert bad.verdict == "misattributed"


def test_two_proportions_inconsistent():
    r = check("two_proportions", {"treatment": "80%", "control": "20%"}, "smith2020", "response")
    assert r.verdict == "inconsistent" and "treatment" in r.explanation


def test_two_proportions_without_trial_is_unverifiable():
    r = check("two_proportions", {"treatment": "67%", "control": "20%"})
    assert r.verdict == "unverifiable" and "at least" in r.explanation


# -- median time -----------------------------------------------------------------------------


def test_median_time_consistent_and_inconsistent():
    assert check("median_time", {"value": "27.5 days"}, "smith2020").verdict == "consistent"
    assert check("median_time", {"value": "about 27.5 days"}, "smith2020").verdict == "consistent"
    r = check("median_time", {"value": "35 days"}, "smith2020")
    assert r.verdict == "inconsistent" and "27.5" in r.explanation


def test_median_time_unit_conversion_and_exponential_interval():
    # 4 weeks printed in data; the claim says 28 days. With 10 events the exponential-model
    # interval is median * 2d / chi2(0.975, 2d) to median * 2d / chi2(0.025, 2d) (scipy).
    r = check("median_time", {"value": "28 days"}, "jones2019")
    assert r.verdict == "consistent"
    d = 10
    lo = 28 * 2 * d / stats.chi2.ppf(0.975, 2 * d)
    hi = 28 * 2 * d / stats.chi2.ppf(0.025, 2 * d)
    assert r.points[0].low == pytest.approx(lo, rel=1e-9)
    assert r.points[0].high == pytest.approx(hi, rel=1e-9)


def test_median_time_missing_is_unverifiable():
    assert (
        check("median_time", {"value": "27.5 days", "arm": "midazolam"}, "smith2020").verdict
        == "unverifiable"
    )
    assert check("median_time", {"value": "27.5 days"}).verdict == "unverifiable"


# -- count -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "verdict"),
    [
        ({"value": "30"}, "consistent"),
        ({"value": "30 people", "what": "randomized"}, "consistent"),
        ({"value": "32"}, "inconsistent"),
        ({"value": "14", "what": "completed", "arm": "ketamine"}, "consistent"),
        ({"value": "29", "what": "completed"}, "consistent"),  # 14 + 15, summed over arms
        ({"value": "six", "what": "infusions"}, "consistent"),
        ({"value": "two", "what": "weeks"}, "consistent"),
        ({"value": "eight", "what": "infusions"}, "inconsistent"),
        ({"value": "10", "what": "events", "arm": "ketamine"}, "consistent"),
        ({"value": "over 29"}, "consistent"),
        # "over 20" has an upper end (20 plus one step, at most 10%): a writer with 30 says 30
        ({"value": "over 20"}, "inconsistent"),
        ({"value": "30", "comparator": "placebo"}, "misattributed"),
    ],
)
def test_count(stated, verdict):
    assert check(
        "count", stated, "smith2020", "response" if stated.get("what") == "events" else None
    ).verdict == (verdict)


def test_count_single_infusion_from_trial_description():
    assert check("count", {"value": "single", "what": "infusions"}, "jones2019").verdict == "consistent"


def test_count_without_trial_is_unverifiable():
    r = check("count", {"value": "two"})
    assert r.verdict == "unverifiable" and "names no trial" in r.explanation


# -- effect ----------------------------------------------------------------------------------


def test_effect_p_from_interval_altman_bland():
    # BMJ 2011;343:d2090/d2304: difference 17, 95% CI 1.4 to 32.6, P = 0.032.
    assert check(
        "effect", {"measure": "MD", "estimate": "17", "low": "1.4", "high": "32.6", "p": "0.032"}
    ).verdict == ("consistent")
    r = check("effect", {"measure": "MD", "estimate": "17", "low": "1.4", "high": "32.6", "p": "0.30"})
    assert r.verdict == "inconsistent" and "p" in r.explanation


def test_effect_ratio_on_log_scale():
    # Altman & Bland: RR 0.30 (0.10 to 0.91), P = 0.034 — symmetric on the log scale only.
    r = check("effect", {"measure": "RR", "estimate": "0.30", "low": "0.10", "high": "0.91", "p": "0.034"})
    assert r.verdict == "consistent"
    assert any("centred on the estimate on the log scale" in s for s in r.steps)
    # the same numbers as a difference are off-centre on the linear scale: a contradiction
    linear = check("effect", {"measure": "MD", "estimate": "0.30", "low": "0.10", "high": "0.91"})
    assert linear.verdict == "inconsistent" and "not centred" in linear.explanation
    # issue 11: OR 3.90 (1.21 to 4.14) is off-centre on the log scale, with or without a trial
    off = check("effect", {"measure": "OR", "estimate": "3.90", "low": "1.21", "high": "4.14"})
    assert off.verdict == "inconsistent" and "log scale" in off.explanation


def test_effect_interval_from_se():
    # Altman & Bland: SE 7.94 for a difference of 17 gives 95% CI 1.4 to 32.6.
    assert check(
        "effect", {"measure": "MD", "estimate": "17", "se": "7.94", "low": "1.4", "high": "32.6"}
    ).verdict == ("consistent")
    assert check(
        "effect", {"measure": "MD", "estimate": "17", "se": "5.0", "low": "1.4", "high": "32.6"}
    ).verdict == ("inconsistent")


def test_effect_smd_interval_vs_n():
    ok = check(
        "effect", {"measure": "d", "estimate": "1.13", "low": "0.36", "high": "1.91", "n1": 15, "n2": 15}
    )
    assert ok.verdict == "consistent"
    bad = check(
        "effect", {"measure": "d", "estimate": "1.13", "low": "0.36", "high": "1.91", "n1": 40, "n2": 40}
    )
    assert bad.verdict == "inconsistent" and "n = 40 + 40" in bad.explanation


def test_effect_estimate_outside_interval():
    r = check("effect", {"measure": "OR", "estimate": "3.5", "low": "1.2", "high": "3.1"})
    assert r.verdict == "inconsistent" and "outside" in r.explanation


def test_effect_against_data():
    assert check(
        "effect", {"measure": "d", "estimate": "1.13", "low": "0.36", "high": "1.91"}, "smith2020"
    ).verdict == ("consistent")
    assert check("effect", {"measure": "d", "estimate": "1.31"}, "smith2020").verdict == "inconsistent"
    # no reported OR: recomputed from the counts 10/15 vs 3/15 (odds 2 vs 0.25 = 8)
    r = check("effect", {"measure": "OR", "estimate": "2.0", "low": "1.0", "high": "4.0"}, "smith2020")
    assert r.verdict == "inconsistent" and "recomputed" in r.explanation
    assert check("effect", {"measure": "OR", "estimate": "8.0"}, "smith2020").verdict == "consistent"


def test_effect_with_nothing_to_compare_is_unverifiable():
    assert check("effect", {"measure": "MD", "estimate": "17"}).verdict == "unverifiable"


# -- citation --------------------------------------------------------------------------------


def test_citation_consistent_with_abbreviations():
    r = check(
        "citation",
        {
            "author": "Smith",
            "year": 2020,
            "journal": "The American Journal of Psychiatry",
            "volume": "178",
            "issue": "2",
            "pages": "193–202",
            "doi": "https://doi.org/10.1/ABC",
        },
    )
    assert r.verdict == "consistent" and r.sources == ("smith2020-j",)


def test_citation_wrong_journal_and_pages_is_misattributed():
    r = check(
        "citation",
        {
            "author": "Jones",
            "year": 2019,
            "journal": "American Journal of Psychiatry",
            "pages": "621-630",
            "volume": "71",
        },
    )
    assert r.verdict == "misattributed"
    assert (
        "journal" in r.explanation
        and "pages" in r.explanation
        and "volume" not in r.explanation.split("Compared")[0]
    )


def test_citation_matched_by_pmid_and_by_source_id():
    r = check("citation", {"pmid": "111", "author": "Smyth"})
    assert r.verdict == "misattributed" and "author" in r.explanation
    assert check("citation", {"source": "jones2019-j", "year": 2019}).verdict == "consistent"


def test_citation_unknown_is_unverifiable_and_names_other_work():
    r = check("citation", {"author": "Smith", "year": 2025, "journal": "Science"})
    assert r.verdict == "unverifiable" and "smith2020-j" in r.explanation
    assert check("citation", {"author": "Nobody", "year": 2001}).verdict == "unverifiable"


def test_citation_field_not_in_data_is_not_checked():
    # a stated field the data cannot confirm is named, and the verdict is not "consistent"
    r = check("citation", {"author": "Jones", "year": 2019, "pmid": "999"})
    assert r.verdict == "unverifiable" and "pmid" in r.explanation.split("Compared")[0]


# -- arithmetic ------------------------------------------------------------------------------


def test_arithmetic_range_and_single():
    assert check(
        "arithmetic", {"expression": ["6 × $350", "6 × $600"], "value": "$2,100 to $3,600"}
    ).verdict == ("consistent")
    assert check(
        "arithmetic", {"expression": ["6 × $350", "6 × $600"], "value": "$2,100 to $3,000"}
    ).verdict == ("inconsistent")
    assert (
        check("arithmetic", {"expression": "6 × $400", "value": "$2,100 to $3,600"}).verdict == "consistent"
    )
    assert check("arithmetic", {"expression": "10 / 15 * 100", "value": "67"}).verdict == "consistent"
    assert check("arithmetic", {"expression": "10 / 15 * 100", "value": "66"}).verdict == "inconsistent"


def test_error_claim_is_reported_not_raised():
    c = Claim(
        document="doc", document_title="Doc", id="bad", says="x", kind="proportion", error="doc.yaml: broken"
    )
    r = verify_claim(c, DATA)
    assert r.verdict == "error" and "broken" in r.explanation


# -- the result object -----------------------------------------------------------------------


def test_result_shows_its_working():
    r = check(
        "two_proportions",
        {"treatment": "67%", "control": "20%", "comparator": "placebo"},
        "smith2020",
        "response",
    )
    page = r._repr_html_()
    assert "misattributed" in page and "<ol>" in page
    for step in r.steps:
        assert step.replace("'", "&#x27;").split(" ")[0] in page
    d = r.to_dict()
    assert {"document", "claim", "kind", "verdict", "stated", "recomputed", "explanation"} <= set(d)
    assert "misattributed" in str(r)


def test_points_are_on_the_percent_scale():
    r = check("two_proportions", {"treatment": "67%", "control": "20%"}, "smith2020", "response")
    t, c = r.points
    assert t.recomputed == pytest.approx(100 * 10 / 15) and c.recomputed == pytest.approx(20.0)
    assert t.stated_low == pytest.approx(66.5) and t.stated_high == pytest.approx(67.5)
    assert all(math.isfinite(v) for v in (t.low, t.high)) and np.isfinite(c.low)


@pytest.mark.parametrize(
    ("p", "verdict"), [("p < 0.05", "consistent"), ("< .05", "consistent"), ("p < 0.01", "inconsistent")]
)
def test_effect_p_printed_as_bound(p, verdict):
    # Altman & Bland's difference 17 (1.4 to 32.6) has P = 0.032: below 0.05, not below 0.01.
    stated = {"measure": "MD", "estimate": "17", "low": "1.4", "high": "32.6", "p": p}
    assert check("effect", stated).verdict == verdict


def test_drug_class_fits_its_members():

    assert names_match("SSRI", "sertraline 50-200 mg/day")
    assert names_match("SSRIs", "paroxetine 20 mg")
    assert names_match("SNRI", "venlafaxine extended release")
    assert not names_match("SSRI", "midazolam 0.045 mg/kg")
