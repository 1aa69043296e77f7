"""Consistency of quoted numbers (issue 4): GRIM, percentages, CI <-> p, SE, d intervals.

References:
- GRIM pins from the scrutiny README (``pigs1``, ``pigs2``; https://github.com/lhdjung/scrutiny)
  and the grim_test test-suite (https://github.com/phoughton/grim_test); Brown & Heathers
  (2017), Soc Psychol Personal Sci 8:363, doi:10.1177/1948550616673876, for the test itself.
- Altman & Bland (2011) BMJ 343:d2090 worked examples (zinc trial; blood-pressure RR) and the
  formula of BMJ 343:d2304.
- A Cox model printed by R's ``summary.coxph`` (stats.stackexchange.com question 141626):
  HR 0.1267, 95% CI 0.01399 to 1.147, Wald z = −1.838, p = 0.0661.
- metafor 3.8.1 ``summary(escalc("SMD", ...))`` interval limits (R 4.2.2), as in
  tests/test_continuous.py.
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import trialstats as ts
from trialstats.consistency import altman_bland_p, altman_bland_z

# --------------------------------------------------------------------------- GRIM

PIGS1 = [
    ("7.22", 32, True),
    ("4.74", 25, False),
    ("5.23", 29, False),
    ("2.57", 24, False),
    ("6.77", 27, False),
    ("2.68", 28, True),
    ("7.01", 29, False),
    ("7.38", 26, True),
    ("3.14", 27, False),
    ("6.89", 31, False),
    ("5.00", 25, True),
    ("0.24", 28, False),
]


@pytest.mark.parametrize(("mean", "n", "expected"), PIGS1)
def test_grim_scrutiny_pigs1(mean, n, expected):
    assert ts.grim(mean, n) is expected


def test_grim_vectorized_pigs1():
    means, ns, expected = zip(*PIGS1, strict=True)
    np.testing.assert_array_equal(ts.grim(list(means), list(ns)), expected)


@pytest.mark.parametrize(
    ("mean", "n", "expected"),
    [
        ("5.19", 40, False),  # scrutiPy
        ("11.10", 19, False),  # grim_test
        ("11.10", 20, True),
        ("10.00", 2, True),
        ("1133.98", 28, False),
        ("11.09", 21, False),
    ],
)
def test_grim_other_pins(mean, n, expected):
    assert ts.grim(mean, n) is expected


def test_grim_with_rounding_differs_from_exact_remainder_check():
    # grim_test's pin "11.10 with n = 21 is inconsistent" is for its exact-remainder mode
    # (no rounding: the mean must be a multiple of 1/n). With the rounding GRIM applies,
    # 233/21 = 11.0952 prints as 11.10, so the mean is possible.
    assert Fraction(233, 21).__round__(2) == Fraction(1110, 100)
    assert ts.grim("11.10", 21)


def test_grim_trailing_zero_counts_and_large_n_always_passes():
    # "5.1" has one decimal: possible with n = 40 (204/40 = 5.1); "5.19" is not.
    assert ts.grim("5.1", 40) and not ts.grim("5.19", 40)
    assert ts.grim("5.19", 100) and ts.grim("5.19", 1000)


def test_grim_items_multiply_granularity():
    assert ts.grim("5.19", 20, items=2) == ts.grim("5.19", 40)
    np.testing.assert_array_equal(ts.grim("5.19", [20, 25], items=[2, 4]), [False, True])


def test_grim_negative_mean_and_errors():
    assert ts.grim("-11.10", 20) and not ts.grim("-11.10", 19)
    with pytest.raises(ValueError, match="n must be at least 1"):
        ts.grim("5.19", 0)
    with pytest.raises(ValueError, match="exact printed figure"):
        ts.grim("< 5.19", 10)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 200), st.integers(0, 2000), st.integers(0, 3))
def test_grim_accepts_every_real_mean(n, total, decimals):
    # A mean that really is total/n, printed at any precision, must pass.
    units = round(Fraction(total, n) * 10**decimals)  # exact, half-even
    text = f"{units // 10**decimals}.{units % 10**decimals:0{decimals}d}" if decimals else str(units)
    assert ts.grim(text, n)


# --------------------------------------------------------------------------- percentages


def test_counts_for_percent_examples():
    assert ts.counts_for_percent("67%", 15) == [10]
    assert ts.counts_for_percent("20%", 15) == [3]
    assert ts.counts_for_percent("50%", 4) == [2]
    assert ts.counts_for_percent("0%", 300) == [0, 1]  # 1/300 = 0.33% prints as 0%
    assert ts.counts_for_percent("67", 15) == [10]


@pytest.mark.parametrize(
    ("percent", "expected"),
    [("67.4", []), ("54.2", []), ("54.0", [81]), ("69.8", []), ("68.1", []), ("55.4", [])],
)
def test_counts_for_percent_scrutiny_pigs2(percent, expected):
    # scrutiny README: pigs2 percentages with n = 150; only 54.0 passes GRIM.
    assert ts.counts_for_percent(percent, 150) == expected


def test_counts_for_percent_vectorized():
    assert ts.counts_for_percent(["67%", "20%"], [15, 15]) == [[10], [3]]


def _brute_sizes(text, max_n):
    p = ts.parse_printed(text)
    lo = Fraction(str(p.value)) - Fraction(1, 2 * 10**p.decimals)
    hi = Fraction(str(p.value)) + Fraction(1, 2 * 10**p.decimals)
    return [n for n in range(1, max_n + 1) if any(lo <= Fraction(100 * x, n) <= hi for x in range(n + 1))]


@pytest.mark.parametrize("text", ["67%", "33.3%", "12.5%", "54.0", "0.5%", "100%"])
def test_sample_sizes_for_percent_matches_exact_fractions(text):
    assert ts.sample_sizes_for_percent(text, max_n=120).tolist() == _brute_sizes(text, 120)


def test_sample_sizes_for_percent_errors():
    with pytest.raises(ValueError, match="between 0 and 100"):
        ts.sample_sizes_for_percent("120%")
    with pytest.raises(ValueError, match="max_n must be a positive integer"):
        ts.sample_sizes_for_percent("67%", max_n=0)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500), st.data(), st.integers(0, 2))
def test_counts_for_percent_contains_the_true_count(n, data, decimals):
    x = data.draw(st.integers(0, n))
    text = f"{100 * x / n:.{decimals}f}%"
    assert x in ts.counts_for_percent(text, n)


# --------------------------------------------------------------------------- CI <-> p


def test_altman_bland_approximations_on_their_examples():
    # d2090: zinc trial P = 0.032 → z = 2.141, SE = 7.940, 95% CI 1.4 to 32.6.
    z = altman_bland_z(0.032)
    assert round(z, 3) == 2.141
    se = 17 / z
    assert round(se, 3) == 7.940
    ci = ts.from_se(17, se)
    assert ts.printed_matches("1.4", ci.low) and ts.printed_matches("32.6", ci.high)
    # d2090: RR 0.30, P = 0.034 → 95% CI 0.10 to 0.91 (SE of log RR 0.569).
    z = altman_bland_z(0.034)
    se = abs(np.log(0.30)) / z
    assert round(se, 3) == 0.569
    ci = ts.from_se(0.30, se, ratio=True)
    assert ts.printed_matches("0.10", ci.low) and ts.printed_matches("0.91", ci.high)


def test_exact_normal_agrees_with_altman_bland_to_their_precision():
    # The package uses the exact normal quantile; the approximation differs by < 0.3 %
    # for P between 0.001 and 0.1, i.e. below the printed precision of the examples.
    p = np.array([0.1, 0.05, 0.032, 0.01, 0.001])
    np.testing.assert_allclose(altman_bland_z(p), stats.norm.isf(p / 2), rtol=4e-3)
    # ... and P = exp(−0.717z − 0.416z²) is within 1 % of 2Φ(−z) for 1.5 ≤ z ≤ 2.8.
    z = np.linspace(1.5, 2.8, 14)
    np.testing.assert_allclose(altman_bland_p(z), 2 * stats.norm.sf(z), rtol=1e-2)


def test_ci_from_p_exact_normal_reproduces_the_printed_intervals_within_rounding():
    rr = ts.ci_from_p(0.30, 0.034, ratio=True)
    assert ts.printed_matches("0.10", rr.low) and ts.printed_matches("0.91", rr.high)
    # zinc: with P exactly 0.032 the exact normal gives 1.46 to 32.54; P printed as "0.032"
    # stands for [0.0315, 0.0325], over which the interval still prints as 1.4 to 32.6.
    zinc = ts.ci_from_p(17, 0.032)
    assert zinc.low == pytest.approx(1.462, abs=1e-3)
    assert ts.range_matches_printed("1.4", *ts.printed_range(ts.ci_from_p, 17, "0.032", attr="low"))
    assert ts.range_matches_printed("32.6", *ts.printed_range(ts.ci_from_p, 17, "0.032", attr="high"))


def test_p_from_ci_cox_model_wald_test():
    res = ts.p_from_ci(0.1267, 0.01399, 1.147, ratio=True)
    assert res.statistic == pytest.approx(-1.838, abs=1e-3)
    assert ts.printed_matches("0.0661", res.pvalue)
    assert res.extra["p_approx"] == pytest.approx(res.pvalue, rel=0.01)
    assert res.test == "z from interval" and res.df is None


def test_p_from_ci_round_trips_from_se():
    e = ts.from_se([2.0, -1.0, 0.5], [1.0, 0.4, 0.5])
    back = ts.p_from_ci(e.estimate, e.low, e.high)
    np.testing.assert_allclose(back.pvalue, e.pvalue, rtol=1e-12)
    t = ts.from_se(2.0, 1.0, df=12)
    assert ts.p_from_ci(2.0, t.low, t.high, df=12).pvalue == pytest.approx(t.pvalue, rel=1e-12)


def test_rounding_aware_comparison_of_recomputed_figures():
    # A recomputed 0.3604 is consistent with a printed "0.36" and not with "0.40".
    assert ts.range_matches_printed("0.36", 0.3604)
    assert not ts.range_matches_printed("0.40", 0.3604)
    np.testing.assert_array_equal(ts.range_matches_printed(["0.36", "0.40"], [0.3604, 0.3604]), [True, False])
    assert ts.range_matches_printed("p < .05", 0.01)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ts.p_from_ci(5.0, 6.0, 9.0), "estimate must lie within its interval"),
        (lambda: ts.p_from_ci(1.0, 3.0, 2.0), "low must not exceed high"),
        (lambda: ts.p_from_ci(1.2, -0.1, 2.0, ratio=True), "low must be positive"),
        (lambda: ts.from_se(1.0, 0.0), "se must be positive"),
        (lambda: ts.from_se(1.0, 1.0, df=0), "df must be positive"),
        (lambda: ts.smd_ci(0.5, 1, 10), "n1 must be at least 2"),
    ],
)
def test_consistency_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------- from_se


def test_from_se_t_uses_t_quantile():
    e = ts.from_se(11.88, 3.96, df=28)
    q = stats.t.ppf(0.975, 28)
    assert (e.low, e.high) == (pytest.approx(11.88 - q * 3.96), pytest.approx(11.88 + q * 3.96))
    assert e.pvalue == pytest.approx(2 * stats.t.sf(3.0, 28))
    assert e.method == "t" and e.extra["df"] == 28


# --------------------------------------------------------------------------- smd_ci


def test_smd_ci_reproduces_metafor_limits():
    # metafor 3.8.1 summary(escalc("SMD", ...)) limits for yi with these n (test_continuous)
    yi = np.array([1.091705794703, -0.954038430783, 0.815561027332, 0.284994761468])
    n1, n2 = np.array([10, 15, 8, 50]), np.array([10, 15, 12, 40])
    res = ts.smd_ci(yi, n1, n2)
    np.testing.assert_allclose(res.low, [0.152157978710, -1.709332252041, -0.114052655196, -0.132855739908])
    np.testing.assert_allclose(res.high, [2.031253610696, -0.198744609525, 1.745174709860, 0.702845262843])


# --------------------------------------------------------------------------- printed_range


def test_printed_range_brackets_every_value_in_the_rounding_box():
    lo, hi = ts.printed_range(ts.sd_from_ci, "23.0", "43.5", 15)
    rng = np.random.default_rng(3)
    a = rng.uniform(22.95, 23.05, 2000)
    b = rng.uniform(43.45, 43.55, 2000)
    inside = ts.sd_from_ci(a, b, 15)
    assert lo <= inside.min() and inside.max() <= hi
    assert lo == pytest.approx(ts.sd_from_ci(23.05, 43.45, 15))
    assert hi == pytest.approx(ts.sd_from_ci(22.95, 43.55, 15))


def test_printed_range_on_arrays_keywords_and_attributes():
    lo, hi = ts.printed_range(ts.smd_ci, ["1.13", "0.5"], n1=15, n2=15, attr="low")
    assert lo.shape == (2,) and np.all(lo < hi)
    assert lo[0] == pytest.approx(ts.smd_ci(1.125, 15, 15).low)
    lo_p, hi_p = ts.printed_range(ts.se_from_p, 3.8, "p < .01", df=45)
    assert lo_p == 0 or lo_p < 1e-3
    assert hi_p == pytest.approx(ts.se_from_p(3.8, 0.01, df=45))


def test_printed_range_rejects_unbounded_figures():
    with pytest.raises(ValueError, match="no upper bound"):
        ts.printed_range(ts.se_from_p, 3.8, "> 0.05")


# R 4.2.2: inversion of pt(t, df, ncp) with uniroot(tol = 1e-12) on t = d/sqrt(1/n1 + 1/n2),
# df = n1 + n2 - 2 (the noncentral-t interval for d; R warned of reduced pnt precision only
# at the far bracket ends of the search, not at the roots).
R_NCT = [
    (1.13, 15, 15, 0.95, 0.347425595604, 1.895310241326),
    (0.0, 5, 5, 0.95, -1.23959006461, 1.23959006461),
    (5.0, 10, 12, 0.95, 3.23308853004, 6.73674418926),
    (-2.0, 100, 90, 0.95, -2.34734085645, -1.64903505054),
    (0.5, 20, 25, 0.90, -0.0041621402348, 0.9984696130295),
]


@pytest.mark.parametrize(("d", "n1", "n2", "cl", "low", "high"), R_NCT)
def test_smd_ci_noncentral_t_matches_r_pt(d, n1, n2, cl, low, high):
    e = ts.smd_ci(d, n1, n2, confidence_level=cl, method="noncentral_t")
    assert e.low == pytest.approx(low, abs=1e-8)
    assert e.high == pytest.approx(high, abs=1e-8)


def test_smd_ci_noncentral_t_vectorized_matches_scalar():
    d, n1, n2, cl, low, high = (np.array(col) for col in zip(*R_NCT, strict=True))
    for level in (0.95, 0.90):
        sel = cl == level
        e = ts.smd_ci(d[sel], n1[sel], n2[sel], confidence_level=level, method="noncentral_t")
        np.testing.assert_allclose(e.low, low[sel], atol=1e-8)
        np.testing.assert_allclose(e.high, high[sel], atol=1e-8)


def test_printed_range_passes_options_and_none_through():
    lo, hi = ts.printed_range(ts.smd_ci, "1.13", 15, 15, method="noncentral_t", attr="low")
    assert lo == pytest.approx(ts.smd_ci(1.125, 15, 15, method="noncentral_t").low)
    assert hi == pytest.approx(ts.smd_ci(1.135, 15, 15, method="noncentral_t").low)
    assert ts.printed_range(ts.from_se, "11.88", "3.96", df=None, attr="low") == ts.printed_range(
        ts.from_se, "11.88", "3.96", None, attr="low"
    )
    assert ts.printed_range(lambda x: 2 * x, 3.0) == (6.0, 6.0)  # nothing printed: one evaluation


@settings(max_examples=30, deadline=None)
@given(st.floats(-4, 4), st.integers(2, 80), st.integers(2, 80), st.sampled_from(["normal", "noncentral_t"]))
def test_smd_ci_contains_d_and_is_antisymmetric(d, n1, n2, method):
    e = ts.smd_ci(d, n1, n2, method=method)
    f = ts.smd_ci(-d, n1, n2, method=method)
    assert e.low <= d <= e.high
    assert f.low == pytest.approx(-e.high, abs=1e-7) and f.high == pytest.approx(-e.low, abs=1e-7)
