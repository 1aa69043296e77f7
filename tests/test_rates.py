"""Rate ratio and rate difference against R (poisson.test, epitools, epiR).

References
----------
1. R Core Team, stats::poisson.test (exact conditional test and interval); Fay MP (2010).
   Two-sided exact tests and matching confidence intervals for discrete data. R Journal
   2(1):53-58. doi:10.32614/RJ-2010-008
2. Aragon TJ, epitools (R package): rateratio.midp, rateratio.wald.
3. Stevenson M et al., epiR (R package): epi.2by2(method = "cohort.time"), ARate (Wald).
4. Boice JD, Monson RR (1977). Breast cancer in women after repeated fluoroscopic
   examinations of the chest. J Natl Cancer Inst 59:823-832 (41/28,010 vs 15/19,017
   person-years, the textbook example of Rothman, Greenland & Lash 2008).
R values: tests/reference/paired_and_rates.R and .txt (R 4.2.2, epitools 0.5.10.1, epiR 2.0.57).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import trialstats as ts

# e1 t1 e2 t2 conf | estimate low high p   (poisson.test)
R_POISSON = np.array([
    (11, 800, 23, 1083, 0.95, 0.6474456522, 0.2849412514, 1.382565044, 0.2980944471),
    (3, 120.5, 11, 130.2, 0.95, 0.2946812524, 0.05278763434, 1.115527505, 0.0599378482),
    (0, 50, 4, 60, 0.95, 0, 0, 1.817840231, 0.1312068848),
    (41, 28010, 15, 19017, 0.9, 1.855758658, 1.098010355, 3.247029891, 0.04085202629),
    (7, 10, 7, 10, 0.95, 1, 0.2993096818, 3.341021226, 1),
    (25, 1000, 5, 3000, 0.99, 15, 4.425245647, 76.31946755, 3.205976196e-11),
])
# e1 t1 e2 t2 conf | wald rr low high | rd low high (epitools / epiR) | midp low high p (epitools)
R_OTHER = np.array([
    (11, 800, 23, 1083, 0.95, 0.3156184353, 1.32814128, -0.01937658147, 0.004401973899,
     0.3038920873, 1.314626602, 0.2371723204),
    (3, 120.5, 11, 130.2, 0.95, 0.08221135188, 1.056265814, -0.1169159092, -0.002262373805,
     0.06604391473, 0.9954206593, 0.04905322942),
    (41, 28010, 15, 19017, 0.9, 1.129695946, 3.048466454, 0.0001714022326, 0.001178587762,
     1.138295852, 3.10343834, 0.03545742177),
    (25, 1000, 5, 3000, 0.99, 4.246761572, 52.98154751, 0.01031187148, 0.03635479518,
     4.707638011, 66.89241896, 3.408362481e-11),
])


@pytest.mark.parametrize("row", list(R_POISSON))
def test_exact_matches_poisson_test(row):
    e1, t1, e2, t2, cl, est, low, high, p = row
    r = ts.rate_ratio(e1, t1, e2, t2, confidence_level=cl)
    assert r.estimate == pytest.approx(est, rel=1e-9)
    assert r.low == pytest.approx(low, rel=1e-8, abs=1e-12)
    assert r.high == pytest.approx(high, rel=1e-8)
    assert r.pvalue == pytest.approx(p, rel=1e-8)


def test_exact_vectorized_equals_rows():
    r = ts.rate_ratio(R_POISSON[:, 0], R_POISSON[:, 1], R_POISSON[:, 2], R_POISSON[:, 3],
                      confidence_level=0.95)
    rows = R_POISSON[:, 4] == 0.95
    np.testing.assert_allclose(r.pvalue[rows], R_POISSON[rows, 8], rtol=1e-8)


def test_exact_pvalue_matches_scipy_binomtest_minlike():
    # scipy's binomtest uses the same minimum-likelihood rule as binom.test
    for e1, t1, e2, t2 in [(30, 100, 12, 90), (2, 10, 40, 12), (500, 1e5, 430, 1.1e5)]:
        ref = stats.binomtest(int(e1), int(e1 + e2), t1 / (t1 + t2)).pvalue
        assert ts.rate_ratio(e1, t1, e2, t2).pvalue == pytest.approx(ref, rel=1e-7)


def test_wald_and_difference_match_epitools_and_epir():
    e1, t1, e2, t2, cl = (R_OTHER[:, i] for i in range(5))
    for i in range(len(R_OTHER)):
        w = ts.rate_ratio(e1[i], t1[i], e2[i], t2[i], method="wald", confidence_level=cl[i])
        assert w.low == pytest.approx(R_OTHER[i, 5], rel=1e-8)
        assert w.high == pytest.approx(R_OTHER[i, 6], rel=1e-8)
        d = ts.rate_difference(e1[i], t1[i], e2[i], t2[i], confidence_level=cl[i])
        assert d.low == pytest.approx(R_OTHER[i, 7], rel=1e-8)
        assert d.high == pytest.approx(R_OTHER[i, 8], rel=1e-8)


def test_midp_matches_epitools():
    # epitools' p-values agree to 1e-8; its limits come from uniroot at its default
    # tolerance (good to ~1e-4): ours solve the defining equation to machine precision
    for row in R_OTHER:
        e1, t1, e2, t2, cl = row[:5]
        r = ts.rate_ratio(e1, t1, e2, t2, method="midp", confidence_level=cl)
        assert r.pvalue == pytest.approx(row[11], rel=1e-6)
        assert r.low == pytest.approx(row[9], rel=2e-3) and r.high == pytest.approx(row[10], rel=2e-3)
        n = e1 + e2
        pi = r.low * t1 / (r.low * t1 + t2)
        tail = stats.binom.sf(e1, n, pi) + 0.5 * stats.binom.pmf(e1, n, pi)
        assert tail == pytest.approx((1 - cl) / 2, rel=1e-9)


def test_boice_monson_example():
    r = ts.rate_ratio(41, 28010, 15, 19017)
    assert round(r.estimate, 2) == 1.86


def test_zero_events_and_bad_input():
    with pytest.warns(ts.UndefinedStatisticWarning, match="no events"):
        r = ts.rate_ratio(0, 10, 0, 12)
    assert np.isnan(r.estimate) and r.low == 0 and np.isinf(r.high) and r.pvalue == 1
    assert np.isinf(ts.rate_ratio(4, 10, 0, 12).estimate)
    with pytest.warns(ts.ZeroCellCorrectionWarning):
        w = ts.rate_ratio(4, 10, 0, 12, method="wald")
    assert "0.5 added" in w.method_detail
    with pytest.raises(ValueError, match="exposure2 must be positive"):
        ts.rate_ratio(3, 10, 2, 0)
    with pytest.raises(ValueError, match="events1 must be whole"):
        ts.rate_ratio(2.5, 10, 2, 3)
    with pytest.raises(ValueError, match="unknown method 'score'"):
        ts.rate_difference(1, 2, 3, 4, method="score")


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 80), st.floats(1, 1e4), st.integers(1, 80), st.floats(1, 1e4),
       st.sampled_from(["exact", "midp", "wald"]))
def test_rate_ratio_properties(e1, t1, e2, t2, method):
    r = ts.rate_ratio(e1, t1, e2, t2, method=method)
    assert r.low <= r.estimate * (1 + 1e-12) and r.estimate <= r.high * (1 + 1e-12)
    s = ts.rate_ratio(e2, t2, e1, t1, method=method)
    assert s.low == pytest.approx(1 / r.high, rel=1e-7) and s.high == pytest.approx(1 / r.low, rel=1e-7)
    assert s.pvalue == pytest.approx(r.pvalue, rel=1e-7, abs=1e-12)
    wide = ts.rate_ratio(e1, t1, e2, t2, method=method, confidence_level=0.99)
    assert wide.low <= r.low * (1 + 1e-9) and wide.high >= r.high * (1 - 1e-9)
    d = ts.rate_difference(e1, t1, e2, t2)
    assert d.low <= d.estimate <= d.high
    assert ts.rate_difference(e2, t2, e1, t1).low == pytest.approx(-d.high)
