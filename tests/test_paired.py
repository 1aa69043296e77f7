"""Paired proportions (crossover trials) against published examples and R.

References
----------
1. Newcombe RG (1998c). Improved confidence intervals for the difference between binomial
   proportions based on paired data. Stat Med 17:2635-2650. Table III example (20, 12, 2, 16):
   method 8 (0.0618, 0.3242), method 10 (0.0562, 0.3292).
2. Tango T (1998). Equivalence test and confidence interval for the difference in proportions
   for the paired-sample design. Stat Med 17:891-908. Examples (4, 9, 3, 16) -> (-0.027, 0.390)
   and (43, 0, 1, 0) at 90% -> (-0.096, 0.037) (as pinned in ratesci's tests).
3. Agresti A, Min Y (2005). Simple improved confidence intervals for comparing matched
   proportions. Stat Med 24:729-740. (53, 16, 8, 9): score RD (-0.020, 0.207).
4. Fagerland MW, Lydersen S, Laake P (2014). Recommended tests and confidence intervals for
   paired binomial proportions. Stat Med 33:2850-2875. Bentur et al. (1, 1, 7, 12): Tango
   (-0.517, -0.026), MOVER/Newcombe (-0.507, -0.026), OR mid-P (0.006, 0.924).
5. Fagerland MW, Lydersen S, Laake P (2013). The McNemar test for binary matched-pairs data.
   BMC Med Res Methodol 13:91. Bentur et al.: exact 0.070, mid-P 0.039, asymptotic 0.034.
R values: tests/reference/paired_and_rates.R and .txt (R 4.2.2, mcnemar.test, binom.test).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trialstats as ts
from trialstats import UndefinedStatisticWarning

# n11 n10 n01 n00 | chi2 no cc, p | chi2 cc, p | binom.test p | exact OR limits  (R 4.2.2)
R_MCNEMAR = [
    (1, 1, 7, 12, 4.5, 0.03389485352, 3.125, 0.07709987174, 0.0703125, 0.00316973903, 1.111975554),
    (20, 12, 2, 16, 7.142857143, 0.007526315166, 5.785714286, 0.01615693126, 0.01293945313,
     1.335743722, 55.19709067),
    (53, 16, 8, 9, 2.666666667, 0.1024704349, 2.041666667, 0.1530418842, 0.151589632,
     0.8076004026, 5.397859094),
    (4, 9, 3, 16, 3, 0.08326451666, 2.083333333, 0.1489146732, 0.1459960938, 0.7486844502,
     17.22800313),
    (10, 0, 5, 3, 5, 0.02534731868, 3.2, 0.07363827012, 0.0625, 0, 1.091279105),
    (0, 30, 12, 0, 7.714285714, 0.005478553243, 6.880952381, 0.008711912962, 0.007915897335,
     1.242963135, 5.361668484),
    (5, 4, 4, 5, 0, 1, 0, 1, 1, 0.1862575909, 5.3689087),
]
R = np.array(R_MCNEMAR, dtype=float)


def test_mcnemar_matches_r_vectorized():
    b, c = R[:, 1], R[:, 2]
    asym = ts.mcnemar(b, c, method="asymptotic")
    np.testing.assert_allclose(asym.statistic, R[:, 4], rtol=1e-9)
    np.testing.assert_allclose(asym.pvalue, R[:, 5], rtol=1e-8)
    cc = ts.mcnemar(b, c, method="asymptotic_cc")
    np.testing.assert_allclose(cc.statistic, R[:, 6], rtol=1e-9)
    np.testing.assert_allclose(cc.pvalue, R[:, 7], rtol=1e-8)
    exact = ts.mcnemar(b, c)
    np.testing.assert_allclose(exact.pvalue, R[:, 8], rtol=1e-9)
    assert exact.df is None and list(asym.df) == [1.0] * len(R)


def test_mcnemar_bentur_example_fagerland_2013():
    assert round(ts.mcnemar(1, 7).pvalue, 3) == 0.070
    assert round(ts.mcnemar(1, 7, method="midp").pvalue, 3) == 0.039
    assert round(ts.mcnemar(1, 7, method="asymptotic").pvalue, 3) == 0.034


def test_midp_subtracts_the_point_probability_once():
    # n = 8, n10 = 1: 2 P(X <= 1) - P(X = 1) = 2 * 9/256 - 8/256 = 10/256
    assert ts.mcnemar(1, 7, method="midp").pvalue == pytest.approx(10 / 256, rel=1e-12)
    # the centre: 2 P(X <= 2) - P(X = 2) = 1 for n = 4
    assert ts.mcnemar(2, 2, method="midp").pvalue == pytest.approx(1.0)


def test_mcnemar_no_discordant_pairs():
    assert ts.mcnemar(0, 0).pvalue == 1.0
    with pytest.warns(UndefinedStatisticWarning, match="no discordant pairs"):
        r = ts.mcnemar([0, 3], [0, 9], method="asymptotic")
    assert np.isnan(r.pvalue[0]) and r.pvalue[1] == pytest.approx(0.0832645166, rel=1e-8)


def test_mcnemar_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="n10"):
        ts.mcnemar(-1, 3)
    with pytest.raises(ValueError, match="n01 must be whole"):
        ts.mcnemar(1, 2.5)
    with pytest.raises(ValueError, match="unknown method 'mid-p'.*'midp'"):
        ts.mcnemar(1, 2, method="mid-p")
    with pytest.raises(TypeError, match="n10"):
        ts.mcnemar("3", 2)


def test_newcombe_method_10_table_iii():
    r = ts.paired_risk_difference(20, 12, 2, 16)
    assert r.estimate == pytest.approx(0.2)
    assert round(r.low, 4) == 0.0562 and round(r.high, 4) == 0.3292
    assert r.method == "newcombe"


@pytest.mark.parametrize(
    ("cells", "cl", "low", "high"),
    [((4, 9, 3, 16), 0.95, -0.027, 0.390), ((43, 0, 1, 0), 0.90, -0.096, 0.037),
     ((53, 16, 8, 9), 0.95, -0.020, 0.207), ((1, 1, 7, 12), 0.95, -0.517, -0.026)],
)
def test_tango_score_published(cells, cl, low, high):
    r = ts.paired_risk_difference(*cells, method="tango", confidence_level=cl)
    assert round(r.low, 3) == low and round(r.high, 3) == high


def test_newcombe_bentur_fagerland_2014():
    r = ts.paired_risk_difference(1, 1, 7, 12)
    assert round(r.low, 3) == -0.507 and round(r.high, 3) == -0.026


def test_wald_formula():
    # Fagerland et al. 2014 (eq. for the Wald interval): D ± z sqrt(((b + c)/N - D^2) / N)
    r = ts.paired_risk_difference(1, 1, 7, 12, method="wald")
    d = -6 / 21
    se = np.sqrt((8 / 21 - d**2) / 21)
    assert r.low == pytest.approx(d - 1.959963984540054 * se, rel=1e-12)
    assert r.high == pytest.approx(d + 1.959963984540054 * se, rel=1e-12)


def test_paired_odds_ratio_exact_matches_r_binom_test():
    r = ts.paired_odds_ratio(R[:, 1], R[:, 2])
    np.testing.assert_allclose(r.low, R[:, 9], rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(r.high, R[:, 10], rtol=1e-8)
    assert r.estimate[0] == pytest.approx(1 / 7) and r.estimate[4] == 0
    assert np.isinf(ts.paired_odds_ratio(3, 0).estimate) and np.isinf(ts.paired_odds_ratio(3, 0).high)


def test_paired_odds_ratio_midp_fagerland_2014():
    r = ts.paired_odds_ratio(1, 7, method="midp")
    assert round(r.low, 3) == 0.006 and round(r.high, 3) == 0.924


def test_paired_odds_ratio_wald_zero_cell_is_corrected_and_said():
    with pytest.warns(ts.ZeroCellCorrectionWarning):
        r = ts.paired_odds_ratio(0, 5, method="wald")
    assert r.estimate == 0.0 and "0.5 added" in r.method_detail
    assert r.high == pytest.approx(np.exp(np.log(0.5 / 5.5) + 1.959963984540054 * np.sqrt(2 + 1 / 5.5)))


def test_paired_rd_rejects_no_pairs():
    with pytest.raises(ValueError, match="at least 1"):
        ts.paired_risk_difference(0, 0, 0, 0)


cells = st.tuples(*[st.integers(0, 40)] * 4).filter(lambda t: sum(t) > 0)


@settings(max_examples=60, deadline=None)
@given(cells, st.sampled_from(["newcombe", "tango", "wald"]))
def test_rd_interval_contains_estimate_and_flips_with_arms(t, method):
    a, b, c, d = t
    r = ts.paired_risk_difference(a, b, c, d, method=method)
    assert -1 <= r.low <= r.estimate + 1e-9 and r.estimate - 1e-9 <= r.high <= 1
    s = ts.paired_risk_difference(a, c, b, d, method=method)
    assert s.estimate == pytest.approx(-r.estimate, abs=1e-12)
    assert s.low == pytest.approx(-r.high, abs=1e-8) and s.high == pytest.approx(-r.low, abs=1e-8)
    wider = ts.paired_risk_difference(a, b, c, d, method=method, confidence_level=0.99)
    assert wider.low <= r.low + 1e-9 and wider.high >= r.high - 1e-9


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 60), st.integers(1, 60), st.sampled_from(["exact", "midp", "wald"]))
def test_or_interval_contains_estimate_and_inverts_with_arms(b, c, method):
    r = ts.paired_odds_ratio(b, c, method=method)
    assert r.low <= r.estimate <= r.high
    s = ts.paired_odds_ratio(c, b, method=method)
    assert s.low == pytest.approx(1 / r.high, rel=1e-8) and s.high == pytest.approx(1 / r.low, rel=1e-8)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60))
def test_mcnemar_symmetric_and_ordered(b, c):
    ex = ts.mcnemar(b, c).pvalue
    assert ex == ts.mcnemar(c, b).pvalue
    assert ts.mcnemar(b, c, method="midp").pvalue <= ex + 1e-15
