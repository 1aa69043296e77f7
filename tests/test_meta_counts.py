"""Mantel–Haenszel, Peto and Q-profile heterogeneity intervals against metafor.

References
----------
1. Colditz GA et al. (1994). Efficacy of BCG vaccine in the prevention of tuberculosis.
   JAMA 271:698-702 (the 13 trials of metafor's dat.bcg).
2. Viechtbauer W (2010). Conducting meta-analyses in R with the metafor package. J Stat
   Softw 36(3). metafor's own tests compare rma.mh / rma.peto on dat.bcg with Stata's metan:
   MH RR -0.4537 (-0.5308, -0.3766), z -11.5338, Q 152.5676; Peto OR -0.4744
   (-0.5541, -0.3948), Q 167.7302.
3. Viechtbauer W (2007). Confidence intervals for the amount of heterogeneity in
   meta-analysis. Stat Med 26:37-52 (Q-profile).
R values: tests/reference/meta_counts_metafor.R and .txt (R 4.2.2, metafor 3.8-1).
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import trialstats as ts
from trialstats._heterogeneity import _q_gen

TPOS = np.array([4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27])
TNEG = np.array([119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886])
CPOS = np.array([11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29])
CNEG = np.array([128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825])
N1, N2 = TPOS + TNEG, CPOS + CNEG

# metafor 3.8-1: beta, se, zval, pval, QE, QEp, I2, H2, weights (percent)
METAFOR = {
    ("bcg", "OR"): (-0.4734109884, 0.0410077784, -11.5444193, 7.877167325e-31, 163.9425796,
                    8.249452551e-29, 92.68036404, 13.66188163,
                    [0.6565273737, 1.877225493, 0.7307443626, 16.66804298, 2.859492318, 22.23586145,
                     1.050335461, 32.59843004, 2.989446025, 4.292161435, 11.98778307, 0.2030964791,
                     1.850853517]),
    ("bcg", "RR"): (-0.4537096047, 0.03933736687, -11.53380719, 8.911379671e-31, 152.5675536,
                    1.707587532e-26, 92.1346317, 12.7139628,
                    [0.6562954307, 1.851846594, 0.7160296371, 16.19413274, 2.783645303, 24.34932154,
                     1.019022421, 31.70833408, 2.902430708, 4.192647446, 11.63658513, 0.1968162451,
                     1.792892723]),
    ("bcg", "RD"): (-0.003288181833, 0.0002866567485, -11.47079861, 1.849445346e-30, 386.7759418,
                    2.382062565e-75, 96.89742854, 32.23132849,
                    [0.0747657136, 0.1744337931, 0.1291046787, 7.574680201, 3.101156138, 0.8562337146,
                     0.5778503386, 50.63629414, 4.23138662, 0.9682114472, 20.34015063, 1.384592861,
                     9.951139722]),
    ("zero", "OR"): (-0.8177930172, 0.3251146952, -2.515398502, 0.01188979068, 2.716139573,
                     0.4374915073, 0, 0.9053798576,
                     [13.64597884, 24.50706404, 0, 35.37846367, 26.46849345, 0]),
    ("zero", "RR"): (-0.4365482863, 0.174207593, -2.50590849, 0.01221372256, 3.130171344,
                     0.371987489, 4.158601238, 1.043390448,
                     [8.641469232, 17.63565149, 0, 32.0054416, 20.11376459, 21.60367308]),
    ("zero", "RD"): (-0.117432127, 0.04555284499, -2.577931784, 0.009939361728, 1.622938306,
                     0.6541999694, 0, 0.5409794352,
                     [14.34380554, 17.56384352, 11.10488171, 29.04177912, 20.77378734, 7.171902771]),
}
PETO = {
    "bcg": (-0.4744463109, 0.04065908074, -11.66888927, 1.838073386e-31, 167.7301675, 1.389754347e-29,
            92.84565193, 13.97751396,
            [0.584494118, 1.365591919, 0.5615567435, 12.65273996, 3.267154275, 18.59407057, 0.4703044909,
             41.25891139, 3.042549995, 3.307011906, 12.25673741, 0.3298062451, 2.309070973]),
    "zero": (-0.7907543765, 0.3107846305, -2.544380574, 0.01094717391, 3.24706363, 0.3550786185,
             7.608832419, 1.082354543, [8.915731064, 21.01905569, 0, 44.00078386, 26.06442938, 0]),
}
# one study with a zero cell, one with no events in either arm, one with only events
ZERO = (np.array([0, 3, 0, 12, 5, 10]), np.array([20, 25, 15, 40, 30, 10]),
        np.array([4, 8, 0, 15, 9, 10]), np.array([20, 24, 16, 41, 28, 10]))
DATA = {"bcg": (TPOS, N1, CPOS, N2), "zero": ZERO}


def _check(res, ref, ratio):
    beta, se, zval, pval, qe, qep, i2, h2, weights = ref
    analysis = res._pooled_analysis
    assert analysis.estimate == pytest.approx(beta, rel=1e-8)
    assert analysis.extra["se"] == pytest.approx(se, rel=1e-8)
    assert analysis.extra["statistic"] == pytest.approx(zval, rel=1e-8)
    assert res.pooled.pvalue == pytest.approx(pval, rel=1e-7)
    back = math.exp if ratio else (lambda t: t)
    assert res.pooled.estimate == pytest.approx(back(beta), rel=1e-8)
    z = stats.norm.isf(0.025)
    assert res.pooled.low == pytest.approx(back(beta - z * se), rel=1e-8)
    assert res.q == pytest.approx(qe, rel=1e-8)
    assert res.q_pvalue == pytest.approx(qep, rel=1e-7)
    assert res.i2 == pytest.approx(i2, rel=1e-8, abs=1e-10)
    assert res.h2 == pytest.approx(h2, rel=1e-8)
    np.testing.assert_allclose(res.weights, weights, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize(("data", "measure"), list(METAFOR))
def test_mantel_haenszel_matches_rma_mh(data, measure):
    res = ts.mantel_haenszel(*DATA[data], measure=measure)
    _check(res, METAFOR[(data, measure)], measure != "RD")
    assert res.method == "MH" and res.measure == measure


@pytest.mark.parametrize("data", list(PETO))
def test_peto_matches_rma_peto(data):
    res = ts.peto_odds_ratio(*DATA[data])
    _check(res, PETO[data], True)


def test_published_bcg_values_metan_comparison():
    rr = ts.mantel_haenszel(TPOS, N1, CPOS, N2, measure="RR")
    assert round(rr._pooled_analysis.low, 4) == -0.5308 and round(rr._pooled_analysis.high, 4) == -0.3766
    assert round(rr.pooled.estimate, 4) == 0.6353 and round(rr.q, 4) == 152.5676
    peto = ts.peto_odds_ratio(TPOS, N1, CPOS, N2)
    assert round(peto._pooled_analysis.estimate, 4) == -0.4744 and round(peto.q, 4) == 167.7302


def test_zero_studies_leave_q_and_its_df():
    res = ts.mantel_haenszel(*ZERO, measure="OR")
    assert res.q_df == 3 and np.isnan(res.yi[2]) and np.isnan(res.yi[5])


def test_result_prints_plots_and_frames():
    import matplotlib

    matplotlib.use("Agg")
    res = ts.mantel_haenszel(*ZERO, measure="RR", labels=list("abcdef"))
    assert "pooled risk ratio 0.646" in str(res)
    frame = res.to_frame(transform=True)
    assert frame.loc[frame["kind"] == "pooled", "estimate"].iloc[0] == pytest.approx(res.pooled.estimate)
    assert res.forest_plot() is not None


# metafor confint(rma(...))$random on dat.bcg log RR: tau^2, tau, I^2, H^2 (estimate, lb, ub)
CONFINT = {
    ("REML", 0.95): [(0.313243326, 0.1196953128, 1.111486262), (0.5596814505, 0.3459701039, 1.054270488),
                     (92.22138607, 81.91772272, 97.67808961), (12.8557608, 5.530276882, 43.06798411)],
    ("DL", 0.90): [(0.3087602629, 0.1410100112, 0.9098074318), (0.5556620042, 0.3755129974, 0.9538382629),
                   (92.11734685, 84.21967289, 97.17791245), (12.68608401, 6.337004254, 35.43476171)],
}


@pytest.mark.parametrize(("method", "level"), list(CONFINT))
def test_heterogeneity_q_profile_matches_confint(method, level):
    es = ts.effect_sizes(TPOS, N1, CPOS, N2, measure="RR")
    table = ts.meta_analysis(es, method=method).heterogeneity(level)
    assert list(table.index) == ["tau2", "tau", "i2", "h2"]
    assert list(table.columns) == ["estimate", "low", "high"]
    ref = np.array(CONFINT[(method, level)])
    np.testing.assert_allclose(table["estimate"], ref[:, 0], rtol=1e-6)
    # metafor finds the limits with uniroot at tolerance eps^0.25 (~1e-4); ours solve the
    # defining equation Q(tau2) = chi2 quantile to machine precision
    np.testing.assert_allclose(table[["low", "high"]], ref[:, 1:], rtol=5e-4)
    y, v = es["yi"].to_numpy(), es["vi"].to_numpy()
    alpha = 1 - level
    assert _q_gen(table.loc["tau2", "low"], y, v) == pytest.approx(stats.chi2.isf(alpha / 2, 12), rel=1e-9)
    assert _q_gen(table.loc["tau2", "high"], y, v) == pytest.approx(stats.chi2.ppf(alpha / 2, 12), rel=1e-9)


def test_heterogeneity_homogeneous_set_is_zero():
    table = ts.meta_analysis([0.1, 0.12, 0.09, 0.11], [0.04, 0.05, 0.03, 0.06]).heterogeneity()
    assert table.loc["tau2"].tolist() == [0, 0, 0] and table.loc["h2"].tolist() == [1, 1, 1]


def test_heterogeneity_of_mh_uses_the_same_intervals():
    mh = ts.mantel_haenszel(TPOS, N1, CPOS, N2, measure="RR").heterogeneity()
    dl = ts.meta_analysis(ts.effect_sizes(TPOS, N1, CPOS, N2, measure="RR"), method="DL").heterogeneity()
    np.testing.assert_allclose(mh.to_numpy(), dl.to_numpy(), rtol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="unknown measure 'RRR'"):
        ts.mantel_haenszel(TPOS, N1, CPOS, N2, measure="RRR")
    with pytest.raises(ValueError, match="x1 must not exceed n1"):
        ts.peto_odds_ratio([5, 3], [4, 10], [1, 2], [10, 10])
    with pytest.raises(ValueError, match="at least 2 studies"):
        ts.mantel_haenszel([1], [10], [2], [10])
    with pytest.raises(ValueError, match="confidence_level"):
        ts.peto_odds_ratio(TPOS, N1, CPOS, N2, confidence_level=95)


tables = st.lists(st.tuples(st.integers(1, 30), st.integers(0, 30), st.integers(1, 30), st.integers(0, 30)),
                  min_size=2, max_size=6)


@settings(max_examples=40, deadline=None)
@given(tables, st.sampled_from(["OR", "RR", "RD"]))
def test_swapping_arms_flips_the_pooled_effect(rows, measure):
    n1 = np.array([r[0] for r in rows])
    x1 = np.minimum(np.array([r[1] for r in rows]), n1)
    n2 = np.array([r[2] for r in rows])
    x2 = np.minimum(np.array([r[3] for r in rows]), n2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero cells and undefined pooled estimates are fine here
        res = ts.mantel_haenszel(x1, n1, x2, n2, measure=measure)
        swap = ts.mantel_haenszel(x2, n2, x1, n1, measure=measure)
    a, s = res._pooled_analysis, swap._pooled_analysis
    if not np.isfinite(a.estimate):
        return
    assert a.low <= a.estimate <= a.high
    assert s.estimate == pytest.approx(-a.estimate, abs=1e-12)
    assert s.extra["se"] == pytest.approx(a.extra["se"], rel=1e-9)
