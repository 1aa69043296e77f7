"""The engine's house rules (issue 16) and the one-sided / new methods of issue 17.

- Every choice of method/test/transform/estimator is a ``{name: function}`` table whose keys
  are the public list: a name added to the public list without a function is refused, never
  served by another method.
- Bad inputs of issue 16, item 6, each a clear error naming the argument.
- ``alternative=``, ``proportion_ci(method="blaker")``, ``risk_difference(method="mee")`` and
  the Fisher mid-P p-value against R (``tests/reference/one_sided_and_exact.R``, base R 4.2.2,
  output committed beside it) and published values.
"""

from __future__ import annotations

import csv
import math
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trialstats as ts
from trialstats import comparisons, consistency, continuous, meta, proportions, significance, survival
from trialstats import two_proportions as tp

REFERENCE = Path(__file__).parent / "reference" / "one_sided_and_exact.csv"


def _r_values() -> dict[str, float]:
    with REFERENCE.open() as f:
        rows = [line for line in f if not line.startswith("#")]
    return {r["case"]: float(r["value"]) for r in csv.DictReader(rows)}


R = _r_values()

# ------------------------------------------------------------------ dispatch tables

# (public list, dispatch table, a call that takes the option by name)
DISPATCH = [
    ("PROPORTION_METHODS", proportions, "_METHODS", lambda m: ts.proportion_ci(3, 10, method=m)),
    ("RISK_DIFFERENCE_METHODS", tp, "_RD_METHODS", lambda m: ts.risk_difference(3, 10, 1, 10, method=m)),
    ("RISK_RATIO_METHODS", tp, "_RR_METHODS", lambda m: ts.risk_ratio(3, 10, 1, 10, method=m)),
    ("ODDS_RATIO_METHODS", tp, "_OR_METHODS", lambda m: ts.odds_ratio(3, 10, 1, 10, method=m)),
    ("TESTS", significance, "_TESTS", lambda m: ts.two_proportion_test(3, 10, 1, 10, test=m)),
    ("METHODS", meta, "_TAU2_ESTIMATORS", lambda m: ts.meta_analysis([0.1, 0.3], [0.01, 0.02], method=m)),
    ("MEASURES", comparisons, "_MEASURE_TABLE", lambda m: ts.compare_methods(3, 10, 1, 10, measure=m)),
    ("SMD_KINDS", continuous, "_SMD_KINDS", lambda m: ts.smd(1, 1, 10, 0, 1, 10, kind=m)),
    ("SMD_CI_METHODS", consistency, "_SMD_CI_METHODS", lambda m: ts.smd_ci(0.5, 10, 10, method=m)),
    ("CONF_TYPES", survival, "_BAND_TRANSFORMS",
     lambda m: ts.kaplan_meier([1.0, 2.0, 3.0], [1, 1, 0]).median(conf_type=m)),
]


IDS = [d[0] + "-" + d[2] for d in DISPATCH]


@pytest.mark.parametrize(("public", "module", "table", "call"), DISPATCH, ids=IDS)
def test_public_list_is_the_dispatch_table(public, module, table, call) -> None:
    assert tuple(getattr(module, public)) == tuple(getattr(module, table))


@pytest.mark.parametrize(("public", "module", "table", "call"), DISPATCH, ids=IDS)
def test_fake_name_in_public_list_is_refused_not_served(public, module, table, call, monkeypatch) -> None:
    # someone adds a name to the public list and forgets its function: the call must be an
    # error naming the valid options, not another method's answer under the new label
    monkeypatch.setattr(module, public, (*getattr(module, public), "fake_method"))
    with pytest.raises(ValueError, match=r"unknown \w+ 'fake_method'; valid: "):
        call("fake_method")


def test_option_of_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="method"):
        ts.proportion_ci(3, 10, method=3)
    with pytest.raises(TypeError, match="alpha"):
        ts.fragility_index(10, 15, 3, 15, alpha="0.05")
    with pytest.raises(TypeError, match="add"):
        ts.effect_sizes([1, 2], [10, 10], [1, 2], [10, 10], measure="OR", add="0.5")


# ------------------------------------------------------------------ bad input (issue 16 item 6)

BAD = [
    ("bool as a count", lambda: ts.proportion_ci(1, True), TypeError, "n"),
    ("bool array", lambda: ts.proportion_ci(np.array([True, False]), 3), TypeError, "x"),
    ("numeric string in a Series", lambda: ts.proportion_ci(pd.Series(["3", "4"]), 10), TypeError, "x"),
    ("masked value", lambda: ts.proportion_ci(np.ma.masked_array([3, 4], mask=[0, 1]), 10), ValueError, "x"),
    ("level 1 - 1e-16", lambda: ts.proportion_ci(3, 10, confidence_level=1 - 1e-16), ValueError,
     "confidence_level"),
    ("n = 1e308", lambda: ts.proportion_ci(3, 1e308), ValueError, "n"),
    ("sd1 = 1e308", lambda: ts.mean_difference(1, 1e308, 10, 2, 1, 10), ValueError, "sd1"),
    ("numpy int64 2**62", lambda: ts.proportion_ci(3, np.int64(2**62)), ValueError, "n"),
    ("Barnard on 10^7 per arm", lambda: ts.two_proportion_test(3_000_000, 10**7, 2_000_000, 10**7,
                                                               test="barnard"), ValueError, "n1"),
    ("unknown alternative", lambda: ts.risk_ratio(3, 10, 1, 10, alternative="bigger"), ValueError,
     "alternative"),
    ("fragility beyond its limit", lambda: ts.fragility_index(3_000_000, 10**7, 2_000_000, 10**7),
     ValueError, "n1"),
    ("misaligned Series in fragility_index", lambda: ts.fragility_index(
        pd.Series([10, 3], index=["a", "b"]), pd.Series([15, 15], index=["b", "a"]), 3, 15),
     ValueError, "indexes"),
    ("Fisher on 10^7 per arm", lambda: ts.two_proportion_test(3_000_000, 10**7, 2_000_000, 10**7),
     ValueError, "n1"),
    ("conditional odds ratio on 10^7 per arm", lambda: ts.odds_ratio(3_000_000, 10**7, 2_000_000, 10**7),
     ValueError, "n1"),
    ("blaker beyond its limit", lambda: ts.proportion_ci(3, 10**6, method="blaker"), ValueError, "n"),
]


@pytest.mark.parametrize(("case", "call", "error", "name"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_clear_error(case, call, error, name) -> None:
    start = time.perf_counter()
    with pytest.raises(error) as info:
        call()
    pattern = rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])"
    assert re.search(pattern, str(info.value)), str(info.value)
    assert time.perf_counter() - start < 1.0


def test_fragility_index_keeps_the_series_index_and_is_bounded() -> None:
    x1 = pd.Series([15, 10], index=["a", "b"])
    got = ts.fragility_index(x1, 40, pd.Series([6, 3], index=["a", "b"]), 40)
    assert list(got.index) == ["a", "b"] and got["a"] == 1
    start = time.perf_counter()
    fi = ts.fragility_index(3000, 10_000, 2000, 10_000)  # a large index: bisection, not 10^3 passes
    assert fi > 32 and time.perf_counter() - start < 5
    # the bisected index is the first crossing: one change fewer is still significant
    p_at = ts.two_proportion_test(3000, 10_000, 2000 + fi, 10_000).pvalue
    p_before = ts.two_proportion_test(3000, 10_000, 2000 + fi - 1, 10_000).pvalue
    assert p_at >= 0.05 > p_before


def test_adjusted_intervals_name_the_estimate_they_belong_to() -> None:
    r = ts.odds_ratio(0, 16, 15, 72, method="adjusted_logit")
    assert r.estimate == 0.0 and r.low <= r.extra["adjusted_estimate"] <= r.high
    assert "adjusted" in r.method_detail


# ------------------------------------------------------------------ alternative= against R


@pytest.mark.parametrize(("x", "n"), [(15, 148), (0, 20), (81, 263), (10, 15)])
@pytest.mark.parametrize("alt", ["greater", "less"])
def test_one_sided_proportion_intervals_match_r(x, n, alt) -> None:
    for method, key in (("clopper_pearson", f"binom.test {x}/{n} {alt}"),
                        ("blaker", f"binom.test {x}/{n} {alt}"),  # one-sided Blaker = Clopper-Pearson
                        ("wilson", f"prop.test {x}/{n} {alt} correct=FALSE"),
                        ("wilson_cc", f"prop.test {x}/{n} {alt} correct=TRUE")):
        r = ts.proportion_ci(x, n, method=method, alternative=alt)
        assert r.low == pytest.approx(R[key + " low"], abs=1e-9), (method, key)
        assert r.high == pytest.approx(R[key + " high"], abs=1e-9), (method, key)
        assert r.alternative == alt


@pytest.mark.parametrize("table", [(10, 15, 3, 15), (7, 34, 1, 34), (6, 18, 12, 17)])
@pytest.mark.parametrize("alt", ["greater", "less"])
def test_one_sided_two_proportion_tests_match_r(table, alt) -> None:
    tag = "{}/{} vs {}/{} {}".format(*table, alt)
    assert ts.two_proportion_test(*table, alternative=alt).pvalue == pytest.approx(
        R[f"fisher.test p {tag}"], rel=1e-9)
    assert ts.two_proportion_test(*table, test="chi2", alternative=alt).pvalue == pytest.approx(
        R[f"prop.test p correct=FALSE {tag}"], rel=1e-9)
    assert ts.two_proportion_test(*table, test="chi2_yates", alternative=alt).pvalue == pytest.approx(
        R[f"prop.test p correct=TRUE {tag}"], rel=1e-9)
    assert ts.two_proportion_test(*table, test="score", alternative=alt).pvalue == pytest.approx(
        R[f"prop.test p correct=FALSE {tag}"], rel=1e-9)
    # fisher.test's one-sided interval is the one-sided Cornfield limit at the full alpha.
    # R finds it with uniroot's default tolerance (about 1e-4 on a 0..1 scale, inverted for
    # limits above 1), so R agrees only to that; the limit is also checked by its definition.
    from scipy import stats

    r = ts.odds_ratio(*table, method="exact", alternative=alt)
    assert r.pvalue == pytest.approx(R[f"fisher.test p {tag}"], rel=1e-9)
    for got, key in ((r.low, "low"), (r.high, "high")):
        want = R[f"fisher.test {key} {tag}"]
        assert got == pytest.approx(want, rel=1e-2) or (got == want == np.inf)
    x1, n1, x2, n2 = table
    limit = r.low if alt == "greater" else r.high
    law = stats.nchypergeom_fisher(n1 + n2, n1, x1 + x2, limit)
    tail = law.sf(x1 - 1) if alt == "greater" else law.cdf(x1)
    assert tail == pytest.approx(0.05, rel=1e-7)


@pytest.mark.parametrize("alt", ["greater", "less"])
@pytest.mark.parametrize("pooled", [False, True])
def test_one_sided_mean_difference_matches_r_t_test(alt, pooled) -> None:
    r = ts.mean_difference(34.44, 19.12, 10, 16.50, 11.39, 10, pooled=pooled, alternative=alt)
    key = f"t.test {alt} var.equal={'TRUE' if pooled else 'FALSE'}"
    assert r.pvalue == pytest.approx(R[key + " p"], rel=1e-9)
    assert r.low == pytest.approx(R[key + " low"], rel=1e-9)
    assert r.high == pytest.approx(R[key + " high"], rel=1e-9)


def test_one_sided_bounds_nest_in_two_sided_at_twice_the_level() -> None:
    for func, methods, edges in ((ts.risk_difference, tp.RISK_DIFFERENCE_METHODS, (-1, 1)),
                                 (ts.risk_ratio, tp.RISK_RATIO_METHODS, (0, np.inf)),
                                 (ts.odds_ratio, tp.ODDS_RATIO_METHODS, (0, np.inf))):
        for m in methods:
            two = func(10, 15, 3, 15, method=m, confidence_level=0.90)
            g = func(10, 15, 3, 15, method=m, alternative="greater")
            less = func(10, 15, 3, 15, method=m, alternative="less")
            assert g.high == edges[1] and less.low == edges[0]
            if m != "baptista_pike":  # its two-sided interval inverts the two-sided test
                assert g.low == pytest.approx(two.low, rel=1e-6), (func, m)
                assert less.high == pytest.approx(two.high, rel=1e-6), (func, m)


# ------------------------------------------------------------------ blaker, mee, mid-P


@pytest.mark.parametrize(("x", "n"), [(1, 10), (5, 10), (0, 10), (3, 7), (15, 148), (10, 15)])
def test_blaker_matches_brute_force_r(x, n) -> None:
    r = ts.proportion_ci(x, n, method="blaker")
    assert r.low == pytest.approx(R[f"blaker {x}/{n} low"], abs=1e-8)
    assert r.high == pytest.approx(R[f"blaker {x}/{n} high"], abs=1e-8)
    cp = ts.proportion_ci(x, n, method="clopper_pearson")
    assert cp.low <= r.low and r.high <= cp.high  # nested in Clopper-Pearson (Blaker 2000)


def test_blaker_vectorized_equals_scalar() -> None:
    x, n = np.array([1, 5, 15, 0]), np.array([10, 10, 148, 3])
    r = ts.proportion_ci(x, n, method="blaker")
    for i in range(x.size):
        s = ts.proportion_ci(int(x[i]), int(n[i]), method="blaker")
        assert s.low == pytest.approx(r.low[i], abs=1e-12) and s.high == pytest.approx(r.high[i], abs=1e-12)


@pytest.mark.parametrize(("table", "low", "high"), [
    # SAS PROC FREQ RISKDIFF(CL=FM), WUSS 2016 paper p. 9 (Mee / Farrington-Manning row)
    ((56, 70, 48, 80), 0.0533, 0.3377),
    ((9, 10, 3, 10), 0.1821, 0.8370),
    ((10, 10, 0, 20), 0.7225, 1.0000),
    ((84, 101, 89, 105), -0.1188, 0.0857),
    # Fagerland, Lydersen & Laake (2015) Stat Methods Med Res 24:224, Perondi 2004 example
    ((7, 34, 1, 34), 0.0284, 0.3439),
])
def test_mee_matches_published_values(table, low, high) -> None:
    r = ts.risk_difference(*table, method="mee")
    assert round(r.low, 4) == pytest.approx(low, abs=1e-12)
    assert round(r.high, 4) == pytest.approx(high, abs=1e-12)
    assert r.pvalue_test == "farrington_manning_score"


def test_mee_gart_nam_1990() -> None:
    # Gart & Nam (1990) Biometrics 46:637, 7/25 vs 2/25: score interval without N/(N-1), (-0.014, 0.412)
    r = ts.risk_difference(7, 25, 2, 25, method="mee")
    assert (round(r.low, 3), round(r.high, 3)) == (-0.014, 0.412)


@pytest.mark.parametrize("table", [(3, 4, 1, 4), (0, 16, 15, 72), (10, 15, 3, 15), (6, 18, 12, 17)])
def test_fisher_midp_removes_half_of_every_tied_table(table) -> None:
    r = ts.odds_ratio(*table, method="midp")
    assert r.pvalue == pytest.approx(R["fisher midp {}/{} vs {}/{}".format(*table)], rel=1e-9)
    assert r.pvalue_test == "fisher_midp"


def test_fisher_midp_published_values() -> None:
    # Fagerland, Lydersen & Laake (2017), Statistical Analysis of Contingency Tables, section
    # 4.4: tea tasting 3/4 vs 1/4 gives 0.2571 (not 0.3714, which removes the observed table
    # only); Ritland 2007, 0/16 vs 15/72, mid-P 0.04466
    assert round(ts.odds_ratio(3, 4, 1, 4, method="midp").pvalue, 4) == 0.2571
    assert round(ts.odds_ratio(0, 16, 15, 72, method="midp").pvalue, 5) == 0.04466


def test_pvalue_test_is_named() -> None:
    assert ts.risk_ratio(7, 34, 1, 34).pvalue_test == "pearson_chi2"
    assert ts.odds_ratio(7, 34, 1, 34).pvalue_test == "fisher"
    assert ts.risk_difference(7, 34, 1, 34).pvalue_test is None  # newcombe has no p-value
    assert ts.mean_difference(1, 1, 10, 0, 1, 10).pvalue_test == "welch_t"


def test_continuous_kinds_use_one_wording() -> None:
    with pytest.raises(ValueError, match=r"unknown kind 'bogus'; valid: "):
        continuous.smd(1, 1, 10, 0, 1, 10, kind="bogus")


@pytest.mark.parametrize("call", [
    lambda a, b: ts.sd_from_se(a, b),
    lambda a, b: ts.se_from_p(a, b / 100),
    lambda a, b: ts.ci_from_p(a, b / 100),
    lambda a, b: ts.sd_from_ci(a, a + b, b),
    lambda a, b: ts.range_matches_printed("0.2", a / 100, b / 100),
    lambda a, b: ts.fragility_index(a, b, a, b),
], ids=["sd_from_se", "se_from_p", "ci_from_p", "sd_from_ci", "range_matches_printed", "fragility_index"])
def test_misaligned_series_are_refused(call) -> None:
    a = pd.Series([10.0, 3.0], index=["trial_a", "trial_b"])
    b = pd.Series([30.0, 15.0], index=["trial_b", "trial_a"])
    with pytest.raises(ValueError, match="index"):
        call(a, b)


def test_plain_results_keep_the_series_index() -> None:
    se = pd.Series([2.0, 1.0], index=["feder2021", "murrough2013"])
    got = ts.sd_from_se(se, pd.Series([25, 16], index=se.index))
    assert list(got.index) == ["feder2021", "murrough2013"] and got["feder2021"] == 10.0


def test_counts_for_percent_refuses_a_list_it_cannot_hold() -> None:
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"\bn\b"):
        ts.counts_for_percent("50%", 10**12)
    assert time.perf_counter() - start < 1.0


def test_range_matches_printed_refuses_bools_and_strings() -> None:
    with pytest.raises(TypeError, match="low"):
        ts.range_matches_printed("0.2", True)
    with pytest.raises(TypeError, match="high"):
        ts.range_matches_printed("0.2", 0.1, "0.3")


def test_options_after_the_data_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        ts.compare_methods(7, 34, 1, 34, "risk_ratio")
    with pytest.raises(TypeError):
        ts.effect_sizes([1], [10], [2], [10], "OR")
    with pytest.raises(TypeError):
        ts.meta_analysis([0.1, 0.2], [0.01, 0.02], "DL")
    with pytest.raises(TypeError):
        ts.kaplan_meier([1.0, 2.0, 3.0], [1, 1, 0]).median(0.9)


# ------------------------------------------------------------------ R values of survival, metafor, epitools


def _csv(name: str) -> dict[str, float]:
    with (Path(__file__).parent / "reference" / name).open() as f:
        rows = [line for line in f if not line.startswith("#")]
    return {r["case"]: (math.inf if r["value"] == "NA" else float(r["value"])) for r in csv.DictReader(rows)}


# R survival::aml (Miller 1981): weeks to relapse of AML, maintained vs not maintained
AML_M = ([9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161], [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0])
AML_N = ([5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45], [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1])


def test_aml_bcg_and_woolf_match_committed_r_output() -> None:
    ref = _csv("survival_meta_woolf.csv")
    t, e = AML_M[0] + AML_N[0], AML_M[1] + AML_N[1]
    g = ["Maintained"] * 11 + ["Nonmaintained"] * 12
    lr = ts.logrank(t, e, g)
    assert lr.statistic == pytest.approx(ref["aml survdiff chisq"], rel=1e-9)
    assert lr.pvalue == pytest.approx(ref["aml survdiff p"], rel=1e-9)
    hr = ts.hazard_ratio(t, e, g)
    for got, key in ((hr.estimate, "HR"), (hr.low, "low"), (hr.high, "high")):
        assert got == pytest.approx(ref[f"aml coxph efron {key}"], rel=1e-8)
    for ct in ("log", "log-log", "plain"):
        for i, arm in enumerate((AML_M, AML_N)):
            m = ts.kaplan_meier(*arm).median(conf_type=ct)
            want = [ref[f"aml median {ct} group{i + 1}{s}"] for s in ("", " low", " high")]
            assert [m.estimate, m.low, m.high] == want
    rows = ts.load_table("meta_studies")
    rows = rows[(rows["meta_id"] == "bcg") & rows["used"]]
    es = ts.effect_sizes(rows["x1"], rows["n1"], rows["x2"], rows["n2"], measure="RR")
    back = ts.meta_analysis(es, method="REML", hksj=True).transformed()
    for got, key in ((back.estimate, "RR"), (back.low, "low"), (back.high, "high"), (back.pvalue, "p")):
        assert got == pytest.approx(ref[f"bcg REML knha {key}"], rel=1e-6)
    w = ts.odds_ratio(6, 18, 12, 17, method="woolf")
    assert (w.estimate, w.low, w.high) == pytest.approx(
        (ref["woolf 6/18 vs 12/17 OR"], ref["woolf 6/18 vs 12/17 low"], ref["woolf 6/18 vs 12/17 high"]),
        rel=1e-9)


# ------------------------------------------------------------------ properties of the new options

ARM = st.integers(1, 40).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))
LEVEL = st.floats(0.8, 0.99)
TWO_ARM_METHODS = [(f, m) for f, ms in ((ts.risk_difference, tp.RISK_DIFFERENCE_METHODS),
                                        (ts.risk_ratio, tp.RISK_RATIO_METHODS),
                                        (ts.odds_ratio, tp.ODDS_RATIO_METHODS))
                   for m in ms if m not in ("exact", "baptista_pike")]


@settings(max_examples=40, deadline=None)
@given(ARM, ARM, LEVEL, st.sampled_from(TWO_ARM_METHODS))
def test_one_sided_limit_is_the_two_sided_limit_at_twice_the_level(a, b, cl, fm) -> None:
    import warnings

    func, method = fm
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.ZeroCellCorrectionWarning)
        two = func(a[0], a[1], b[0], b[1], method=method, confidence_level=2 * cl - 1)
        greater = func(a[0], a[1], b[0], b[1], method=method, confidence_level=cl, alternative="greater")
        less = func(a[0], a[1], b[0], b[1], method=method, confidence_level=cl, alternative="less")
    assert greater.low == pytest.approx(two.low, rel=1e-6, abs=1e-9)
    assert less.high == pytest.approx(two.high, rel=1e-6, abs=1e-9)
    # and it lies inside the two-sided interval at the same level
    full = func(a[0], a[1], b[0], b[1], method=method, confidence_level=cl) if method not in (
        "katz", "woolf") else None
    if full is not None:
        assert full.low <= greater.low + 1e-9 * (1 + abs(greater.low))


@settings(max_examples=40, deadline=None)
@given(ARM, ARM, st.sampled_from(["fisher", "chi2", "score"]))
def test_one_sided_p_values_add_up(a, b, test) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.UndefinedStatisticWarning)
        g = ts.two_proportion_test(a[0], a[1], b[0], b[1], test=test, alternative="greater").pvalue
        le = ts.two_proportion_test(a[0], a[1], b[0], b[1], test=test, alternative="less").pvalue
    if np.isnan(g):
        return
    if test == "fisher":
        # P(X >= x) + P(X <= x) = 1 + P(X = x)
        from scipy import stats

        point = stats.hypergeom.pmf(a[0], a[1] + b[1], a[1], a[0] + b[0])
        assert g + le == pytest.approx(1 + point, rel=1e-9)
    else:
        assert g + le == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(ARM, st.floats(0.5, 0.99))
def test_blaker_contains_the_estimate_and_nests_in_clopper_pearson(a, cl) -> None:
    r = ts.proportion_ci(a[0], a[1], method="blaker", confidence_level=cl)
    cp = ts.proportion_ci(a[0], a[1], method="clopper_pearson", confidence_level=cl)
    assert cp.low - 1e-12 <= r.low <= r.estimate <= r.high <= cp.high + 1e-12


def _fragility_by_walsh_loop(x1: int, n1: int, x2: int, n2: int) -> int:
    """Walsh et al. (2014) literally: add events to the arm with the lower proportion, one at a time."""
    low_is_1 = x1 / n1 < x2 / n2 or (x1 / n1 == x2 / n2 and x1 <= x2)
    for k in range(1, n1 + n2):
        t = (x1 + k, n1, x2, n2) if low_is_1 else (x1, n1, x2 + k, n2)
        if ts.two_proportion_test(*t).pvalue >= 0.05 * (1 - 1e-9):
            return k
    raise AssertionError("no crossing")


@pytest.mark.parametrize(
    "table", [(30, 150, 90, 150), (200, 1000, 280, 1000), (90, 200, 20, 220), (5, 300, 60, 250)]
)
def test_bisected_fragility_index_equals_the_one_at_a_time_count(table) -> None:
    want = _fragility_by_walsh_loop(*table)
    assert want > 32  # beyond the linear stretch: the bisection decides these
    assert ts.fragility_index(*table) == want


def test_one_sided_results_say_so() -> None:
    r = ts.risk_difference(10, 15, 3, 15, alternative="greater")
    assert str(r) == "risk difference 0.467 (95% one-sided CI 0.169 to 1.000; newcombe)"
    assert r.to_frame()["alternative"].tolist() == ["greater"]
    s = ts.two_proportion_test(10, 15, 3, 15, test="barnard", alternative="greater")
    assert s.pvalue < 0.05 and str(s).startswith("barnard (greater): ")
    assert ts.two_proportion_test(10, 15, 3, 15, test="boschloo", alternative="less").pvalue > 0.5


def test_or_score_limits_monotone_where_the_restricted_mle_used_to_cancel() -> None:
    # found by hypothesis: 18/30 vs 7/7 gave an upper Miettinen-Nurminen limit of 1.9e-22
    # (the restricted MLE lost every digit at theta = e^25); the limits must rise with x1
    r = ts.odds_ratio(np.arange(31), 30, 7, 7, method="miettinen_nurminen")
    assert (np.diff(r.high) >= 0).all()
    assert r.high[18] == pytest.approx(0.9464537, rel=1e-6)
    t = tp._Tables(18, 30, 7, 7, 0.95)
    # at the limit the score statistic equals -z (the defining equation)
    assert float(tp._or_score(t, np.log(np.array(r.high[18])), 37 / 36)) == pytest.approx(-t.z, abs=1e-9)
