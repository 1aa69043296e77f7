"""Continuous outcomes from summary statistics (issue 4).

References used below:
- scipy 1.17 ``ttest_ind_from_stats`` / ``ttest_ind(...).confidence_interval`` and
  ``ttest_1samp``: independent implementations of the Welch and Student t tests.
- metafor 3.8.1 (R 4.2.2 Patched, 2022-11-10 r83330), ``escalc("SMD")`` and ``escalc("MD")``
  values recorded below with the R call that produced them.
- Cochrane Handbook v5.1 §7.7.3.2–7.7.3.3 (= v6.4 §6.5.2.2–6.5.2.3) worked figures.
- Wan et al. (2014) S1 example as pinned by the metaBLUE documentation (``Wan.std``).
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import trialstats as ts
from trialstats.continuous import as_figure_array

# Four two-arm summaries used against metafor (group 1 first).
M1 = np.array([34.44, 10.0, 5.2, 100.0])
S1 = np.array([19.12, 2.0, 1.1, 15.0])
N1 = np.array([10, 15, 8, 50])
M2 = np.array([16.50, 12.5, 4.1, 95.0])
S2 = np.array([11.39, 3.0, 1.4, 20.0])
N2 = np.array([10, 15, 12, 40])

# R> library(metafor)  # 3.8.1, R 4.2.2
# R> e <- escalc("SMD", m1i=M1, sd1i=S1, n1i=N1, m2i=M2, sd2i=S2, n2i=N2); s <- summary(e)
METAFOR_SMD_YI = [1.091705794703, -0.954038430783, 0.815561027332, 0.284994761468]
METAFOR_SMD_VI = [0.2297955385547, 0.1485031554568, 0.2249618280659, 0.0454512334115]
METAFOR_SMD_LB = [0.152157978710, -1.709332252041, -0.114052655196, -0.132855739908]
METAFOR_SMD_UB = [2.031253610696, -0.198744609525, 1.745174709860, 0.702845262843]
METAFOR_SMD_Z = [2.27737641758, -2.47570006741, 1.71949947684, 1.33679262420]
# R> escalc("MD", m1i=M1, sd1i=S1, n1i=N1, m2i=M2, sd2i=S2, n2i=N2)$vi
METAFOR_MD_VI = [49.530650000000, 0.866666666667, 0.314583333333, 14.500000000000]


# --------------------------------------------------------------------------- mean_difference


@pytest.mark.parametrize("pooled", [False, True])
def test_mean_difference_matches_scipy_ttest_from_stats(pooled):
    res = ts.mean_difference(M1, S1, N1, M2, S2, N2, pooled=pooled)
    ref = stats.ttest_ind_from_stats(M1, S1, N1, M2, S2, N2, equal_var=pooled)
    np.testing.assert_allclose(res.extra["statistic"], ref.statistic, rtol=1e-12)
    np.testing.assert_allclose(res.pvalue, ref.pvalue, rtol=1e-10)
    assert res.method == ("pooled" if pooled else "welch")


def test_welch_variance_is_metafor_md_variance():
    res = ts.mean_difference(M1, S1, N1, M2, S2, N2)
    np.testing.assert_allclose(np.asarray(res.extra["se"]) ** 2, METAFOR_MD_VI, rtol=1e-10)
    np.testing.assert_allclose(res.estimate, np.subtract(M1, M2))


@pytest.mark.parametrize("pooled", [False, True])
def test_mean_difference_interval_matches_scipy_on_raw_data(pooled):
    rng = np.random.default_rng(4)
    x, y = rng.normal(3, 2, 13), rng.normal(1, 3.5, 9)
    ref = stats.ttest_ind(x, y, equal_var=pooled).confidence_interval(0.9)
    res = ts.mean_difference(
        x.mean(), x.std(ddof=1), 13, y.mean(), y.std(ddof=1), 9, pooled=pooled, confidence_level=0.9
    )
    assert res.low == pytest.approx(ref.low, rel=1e-10)
    assert res.high == pytest.approx(ref.high, rel=1e-10)


def test_mean_difference_scalar_gives_floats_and_str():
    res = ts.mean_difference(34.44, 19.12, 10, 16.50, 11.39, 10, pooled=True)
    assert isinstance(res.estimate, float) and isinstance(res.pvalue, float)
    assert str(res) == "mean difference 17.940 (95% CI 3.154 to 32.726; pooled), p = 0.020"


def test_mean_difference_keeps_pandas_index():
    idx = pd.Index(["a", "b", "c", "d"], name="trial")
    res = ts.mean_difference(pd.Series(M1, index=idx), S1, N1, M2, S2, N2)
    frame = res.to_frame()
    assert list(frame.index) == list(idx)
    assert frame.loc["a", "estimate"] == pytest.approx(17.94)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(sd1=-1.0), "sd1 must be non-negative"),
        (dict(n1=1), "n1 must be at least 2"),
        (dict(n2=2.5), "n2 must be whole numbers"),
        (dict(mean1="abc"), "mean1 must be a printed number"),
        (dict(sd1=0.0, sd2=0.0), "standard error is zero"),
        (dict(confidence_level=95), "did you mean 0.95"),
    ],
)
def test_mean_difference_bad_input(kwargs, message):
    args = dict(mean1=1.0, sd1=1.0, n1=10, mean2=0.0, sd2=1.0, n2=10)
    extra = {k: kwargs.pop(k) for k in list(kwargs) if k == "confidence_level"}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        ts.mean_difference(**args, **extra)


def test_mean_difference_accepts_printed_strings():
    a = ts.mean_difference("34.44", "19.12", 10, "16.50", "11.39", 10)
    b = ts.mean_difference(34.44, 19.12, 10, 16.50, 11.39, 10)
    assert a.pvalue == b.pvalue


# --------------------------------------------------------------------------- smd


def test_hedges_g_matches_metafor_escalc_smd():
    res = ts.smd(M1, S1, N1, M2, S2, N2)
    np.testing.assert_allclose(res.estimate, METAFOR_SMD_YI, rtol=1e-10)
    np.testing.assert_allclose(res.extra["variance"], METAFOR_SMD_VI, rtol=1e-10)
    np.testing.assert_allclose(res.low, METAFOR_SMD_LB, rtol=1e-9)
    np.testing.assert_allclose(res.high, METAFOR_SMD_UB, rtol=1e-9)
    np.testing.assert_allclose(res.extra["statistic"], METAFOR_SMD_Z, rtol=1e-9)
    assert res.method == "hedges_g"


def test_cohens_d_is_difference_over_pooled_sd_of_raw_data():
    rng = np.random.default_rng(7)
    x, y = rng.normal(1, 2, 11), rng.normal(0, 2, 16)
    sp = math.sqrt((10 * x.var(ddof=1) + 15 * y.var(ddof=1)) / 25)
    res = ts.smd(x.mean(), x.std(ddof=1), 11, y.mean(), y.std(ddof=1), 16, kind="cohens_d")
    assert res.estimate == pytest.approx((x.mean() - y.mean()) / sp, rel=1e-12)
    # same large-sample variance formula, applied to d
    assert res.extra["variance"] == pytest.approx(1 / 11 + 1 / 16 + res.estimate**2 / 54, rel=1e-12)
    g = ts.smd(x.mean(), x.std(ddof=1), 11, y.mean(), y.std(ddof=1), 16)
    # Hedges' approximation J ≈ 1 − 3/(4m − 1) is within 1e-3 of the exact correction
    assert g.estimate / res.estimate == pytest.approx(1 - 3 / (4 * 25 - 1), abs=1e-3)


def test_smd_bad_kind():
    with pytest.raises(ValueError, match="unknown kind 'glass'"):
        ts.smd(1, 1, 10, 0, 1, 10, kind="glass")


# --------------------------------------------------------------------------- paired


def test_paired_difference_matches_ttest_1samp_on_raw_differences():
    rng = np.random.default_rng(11)
    diff = rng.normal(5, 4, 15)
    ref = stats.ttest_1samp(diff, 0.0)
    ci = ref.confidence_interval(0.95)
    res = ts.paired_difference(diff.mean(), diff.std(ddof=1), 15)
    assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-10)
    assert (res.low, res.high) == (pytest.approx(ci.low, rel=1e-10), pytest.approx(ci.high, rel=1e-10))
    assert res.extra["df"] == 14


def test_paired_difference_cochrane_crossover_example():
    # Cochrane Handbook v5.1 §16.4.6.4: MD 0.5 with an imputed SD of differences of 2 in a
    # crossover trial of 10 patients gives SE 0.632.
    res = ts.paired_difference(0.5, 2.0, 10)
    assert round(res.extra["se"], 3) == 0.632


# --------------------------------------------------------------------------- SD conversions


def test_sd_from_ci_handbook_t_divisor_for_25():
    # Handbook §7.7.3.2 (v5.1) / §6.5.2.2 (v6): for n = 25 the t value on 24 df is 2.0639, so
    # the divisor 3.92 becomes 4.128 (printed to 3 decimals).
    low, high = 30.0, 34.2
    sd = ts.sd_from_ci(low, high, 25)
    assert math.sqrt(25) * (high - low) / sd == pytest.approx(4.128, abs=5e-4)
    assert stats.t.ppf(0.975, 24) == pytest.approx(2.0639, abs=5e-5)
    sd_normal = ts.sd_from_ci(low, high, 25, distribution="normal")
    assert math.sqrt(25) * (high - low) / sd_normal == pytest.approx(3.92, abs=5e-4)


def test_sd_from_ci_for_difference_of_two_means():
    # Handbook §6.5.2.3: SE = width/(2 t_{n1+n2-2}); SD = SE / sqrt(1/n1 + 1/n2).
    res = ts.mean_difference(12.0, 4.5, 25, 8.2, 4.5, 22, pooled=True)
    assert ts.sd_from_ci(res.low, res.high, 25, n2=22) == pytest.approx(4.5, rel=1e-12)


def test_se_from_p_handbook_t_example():
    # Handbook §7.7.3.3 (v5.1): MD 3.8, P = 0.008, 25 vs 22 participants: t on 45 df is
    # 2.78 and the SE of the difference 3.8/2.78 = 1.37.
    se = ts.se_from_p(3.8, 0.008, df=45)
    assert ts.printed_matches("1.37", se)
    assert ts.printed_matches("2.78", 3.8 / se)


def test_se_from_p_ratio_and_arrays():
    se = ts.se_from_p([0.30, 2.0], [0.034, 0.5], ratio=True)
    np.testing.assert_allclose(se, np.abs(np.log([0.30, 2.0])) / stats.norm.isf(np.array([0.034, 0.5]) / 2))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ts.se_from_p(1.0, 0.0), r"p must lie in \(0, 1\]"),
        (lambda: ts.se_from_p(1.0, 1.5), r"p must lie in \(0, 1\]"),
        (lambda: ts.se_from_p(0.0, 0.05), "estimate must not be zero"),
        (lambda: ts.se_from_p(-0.5, 0.05, ratio=True), "estimate must be positive"),
        (lambda: ts.sd_from_ci(5.0, 3.0, 10), "low must not exceed high: got low=5, high=3"),
        (lambda: ts.sd_from_ci(1.0, 3.0, 1), "n must be at least 2"),
        (lambda: ts.sd_from_ci(1.0, 3.0, 10, distribution="z"), "unknown distribution 'z'"),
        (lambda: ts.sd_from_se(-1.0, 10), "se must be non-negative"),
        (lambda: ts.paired_difference(1.0, -2.0, 10), "sd_diff must be non-negative"),
        (lambda: ts.sd_from_ci([1.0, 4.0], [2.0, 3.0], 10), r"positions \[1\]"),
    ],
)
def test_conversion_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_sd_from_se():
    assert ts.sd_from_se(2.0, 25) == 10.0
    np.testing.assert_allclose(ts.sd_from_se([1.0, 2.0], [4, 9]), [2.0, 6.0])


def test_as_figure_array_reads_printed_text():
    np.testing.assert_array_equal(as_figure_array("x", ["23.0", "−1.5", 2]), [23.0, -1.5, 2.0])
    with pytest.raises(ValueError, match="x must be a printed number"):
        as_figure_array("x", ["2,3.4"])


# --------------------------------------------------------------------------- quartiles, range


def test_wan_s1_sd_pin():
    # Wan et al. 2014 scenario S1, (min, median, max) = (1, 4, 10), n = 30: metaBLUE's
    # Wan.std example returns 2.205578.
    assert ts.mean_sd_from_range(1, 4, 10, 30).sd == pytest.approx(2.205578, abs=5e-7)


def test_quartile_estimators_formulas():
    q1, m, q3, n = 10.0, 15.0, 22.0, 40
    res = ts.mean_sd_from_quartiles(q1, m, q3, n)
    eta = 2 * stats.norm.ppf((0.75 * n - 0.125) / (n + 0.25))
    assert res.sd == pytest.approx((q3 - q1) / eta, rel=1e-12)
    w = 0.7 + 0.39 / n  # Luo et al. 2018, as implemented in R meta's mean_sd_iqr (eq. 15)
    assert res.mean == pytest.approx(w * (q1 + q3) / 2 + (1 - w) * m, rel=1e-12)
    assert ts.mean_sd_from_quartiles(q1, m, q3, n, method="wan").mean == pytest.approx(47 / 3)
    assert "luo2018" in res.method and "wan2014" in res.method


def test_quartiles_recover_normal_parameters_for_large_n():
    # For normal data the quartiles are μ ± 0.6745σ, the range about ±ξ(n)/2·σ: the
    # estimators must return μ and σ as n grows.
    mu, sigma, n = 50.0, 8.0, 1_000_000
    zq = stats.norm.ppf(0.75)
    res = ts.mean_sd_from_quartiles(mu - zq * sigma, mu, mu + zq * sigma, n)
    assert res.mean == pytest.approx(mu) and res.sd == pytest.approx(sigma, rel=1e-5)
    half_range = stats.norm.ppf((n - 0.375) / (n + 0.25)) * sigma
    five = ts.mean_sd_from_quartiles(
        mu - zq * sigma, mu, mu + zq * sigma, n, minimum=mu - half_range, maximum=mu + half_range
    )
    assert five.mean == pytest.approx(mu) and five.sd == pytest.approx(sigma, rel=1e-5)


def test_quartiles_vectorized_and_frame():
    res = ts.mean_sd_from_quartiles([1, 2], [2, 3], [4, 5], [20, 30])
    frame = res.to_frame()
    assert list(frame.columns) == ["mean", "sd", "method"] and len(frame) == 2
    with pytest.raises(TypeError, match="not iterable"):
        iter(res)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ts.mean_sd_from_quartiles(5, 4, 10, 20), "q1 must not exceed median"),
        (lambda: ts.mean_sd_from_quartiles(1, 4, 10, 20, minimum=0), "give both minimum and maximum"),
        (lambda: ts.mean_sd_from_quartiles(1, 4, 10, 20, method="hozo"), "unknown method 'hozo'"),
        (lambda: ts.mean_sd_from_range(1, 12, 10, 20), "median must not exceed maximum"),
    ],
)
def test_quartile_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------- properties

means = st.floats(-100, 100, allow_nan=False)
sds = st.floats(0.1, 50, allow_nan=False)
ns = st.integers(2, 200)


@settings(max_examples=60, deadline=None)
@given(means, sds, ns, means, sds, ns, st.booleans())
def test_interval_contains_estimate_and_swap_flips_sign(m1, s1, n1, m2, s2, n2, pooled):
    a = ts.mean_difference(m1, s1, n1, m2, s2, n2, pooled=pooled)
    b = ts.mean_difference(m2, s2, n2, m1, s1, n1, pooled=pooled)
    assert a.low <= a.estimate <= a.high
    assert b.estimate == pytest.approx(-a.estimate, abs=1e-9)
    assert b.low == pytest.approx(-a.high, rel=1e-9, abs=1e-9)
    assert b.pvalue == pytest.approx(a.pvalue, rel=1e-9)
    g1, g2 = ts.smd(m1, s1, n1, m2, s2, n2), ts.smd(m2, s2, n2, m1, s1, n1)
    assert g1.low <= g1.estimate <= g1.high
    assert g2.estimate == pytest.approx(-g1.estimate, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(means, sds, ns, means, ns, st.sampled_from([0.9, 0.95, 0.99]))
def test_sd_from_ci_round_trips_mean_difference(m1, s, n1, m2, n2, cl):
    res = ts.mean_difference(m1, s, n1, m2, s, n2, pooled=True, confidence_level=cl)
    assert ts.sd_from_ci(res.low, res.high, n1, n2=n2, confidence_level=cl) == pytest.approx(s, rel=1e-9)
    paired = ts.paired_difference(m1, s, n1, confidence_level=cl)
    assert ts.sd_from_ci(paired.low, paired.high, n1, confidence_level=cl) == pytest.approx(s, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 50), st.floats(1e-6, 0.999), st.one_of(st.none(), st.integers(1, 300)))
def test_se_from_p_inverts_the_test(est, p, df):
    se = ts.se_from_p(est, p, df)
    z = est / se
    back = 2 * (stats.norm.sf(z) if df is None else stats.t.sf(z, df))
    assert back == pytest.approx(p, rel=1e-7)
