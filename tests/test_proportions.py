"""Single-proportion intervals against published tables and independent implementations."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

import trialstats as ts
from trialstats.proportions import PROPORTION_METHODS

# Newcombe RG (1998a). Two-sided confidence intervals for the single proportion: comparison
# of seven methods. Stat Med 17:857-872, Table I: method 3 (Wilson), 5 (Clopper-Pearson),
# 6 (mid-p), printed to 4 decimals.
NEWCOMBE_TABLE_I = [
    # x, n, method, low, high
    (81, 263, "wilson", 0.2553, 0.3662),
    (15, 148, "wilson", 0.0624, 0.1605),
    (0, 20, "wilson", 0.0000, 0.1611),
    (1, 29, "wilson", 0.0061, 0.1718),
    (29, 29, "wilson", 0.8830, 1.0000),
    (15, 148, "clopper_pearson", 0.0578, 0.1617),
    (0, 20, "clopper_pearson", 0.0000, 0.1684),
    (1, 29, "clopper_pearson", 0.0009, 0.1776),
    (15, 148, "midp", 0.0601, 0.1581),
    (0, 20, "midp", 0.0000, 0.1391),
    (1, 29, "midp", 0.0017, 0.1585),
]


@pytest.mark.parametrize(("x", "n", "method", "low", "high"), NEWCOMBE_TABLE_I)
def test_newcombe_1998a_table_i(x, n, method, low, high):
    r = ts.proportion_ci(x, n, method=method)
    assert abs(r.low - low) <= 0.00005 + 1e-12
    assert abs(r.high - high) <= 0.00005 + 1e-12
    assert r.estimate == pytest.approx(x / n)
    assert r.measure == "proportion" and r.method == method and r.pvalue is None


# Continuity-corrected Wilson (Newcombe 1998a method 4) as R's prop.test(x, n, correct=TRUE)
# prints it; recorded with R 4.2.2 Patched (2022-11-10 r83330):
#   prop.test(81, 263)$conf.int etc.
R_PROP_TEST_CC = [
    (81, 263, 0.253509, 0.368176),
    (15, 148, 0.059778, 0.164450),
    (0, 20, 0.000000, 0.200453),
    (1, 29, 0.001803, 0.196282),
    (29, 29, 0.854384, 1.000000),
]


@pytest.mark.parametrize(("x", "n", "low", "high"), R_PROP_TEST_CC)
def test_wilson_cc_matches_r_prop_test(x, n, low, high):
    r = ts.proportion_ci(x, n, method="wilson_cc")
    assert r.low == pytest.approx(low, abs=5e-7)
    assert r.high == pytest.approx(high, abs=5e-7)


TABLES = [(0, 1), (1, 1), (0, 7), (3, 7), (7, 7), (15, 148), (81, 263), (500, 1000), (1, 1000)]


@pytest.mark.parametrize(("x", "n"), TABLES)
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [("wilson", "wilson"), ("clopper_pearson", "beta"), ("agresti_coull", "agresti_coull"),
     ("wald", "normal")],
)
def test_agrees_with_statsmodels(x, n, ours, theirs):
    # statsmodels 0.15 proportion_confint; its Wald and Agresti-Coull limits are clipped to
    # [0, 1] too.
    low, high = proportion_confint(x, n, alpha=0.05, method=theirs)
    r = ts.proportion_ci(x, n, method=ours)
    assert r.low == pytest.approx(low, abs=1e-9)
    assert r.high == pytest.approx(high, abs=1e-9)


@pytest.mark.parametrize(("x", "n"), TABLES)
def test_jeffreys_interior_as_statsmodels_with_boundary_rule(x, n):
    # Brown, Cai & DasGupta (2001), section 4.1.2: the equal-tailed Jeffreys interval, except
    # that the lower limit is 0 at x = 0 and the upper limit 1 at x = n. statsmodels'
    # "jeffreys" is the plain equal-tailed interval, so it agrees away from those ends.
    low, high = proportion_confint(x, n, alpha=0.05, method="jeffreys")
    r = ts.proportion_ci(x, n, method="jeffreys")
    assert r.low == (0.0 if x == 0 else pytest.approx(low, abs=1e-9))
    assert r.high == (1.0 if x == n else pytest.approx(high, abs=1e-9))


def test_midp_other_level_against_bisection_free_check():
    # The mid-p limits solve P(X < x) + P(X = x)/2 = alpha/2 (upper) and the mirror (lower);
    # check the defining equations directly with scipy.stats at 90%.
    from scipy.stats import binom

    r = ts.proportion_ci(7, 40, method="midp", confidence_level=0.9)
    assert binom.cdf(6, 40, r.high) + 0.5 * binom.pmf(7, 40, r.high) == pytest.approx(0.05, abs=1e-10)
    assert binom.sf(7, 40, r.low) + 0.5 * binom.pmf(7, 40, r.low) == pytest.approx(0.05, abs=1e-10)


def test_vector_and_series_input_keeps_index():
    x = pd.Series([10, 3, 0], index=["ketamine", "midazolam", "none"])
    r = ts.proportion_ci(x, 15)
    frame = r.to_frame()
    assert list(frame.index) == ["ketamine", "midazolam", "none"]
    assert isinstance(r.low, np.ndarray) and r.low.shape == (3,)
    assert str(ts.proportion_ci(10, 15)) == "proportion 0.667 (95% CI 0.417 to 0.848; wilson)"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"x": 16, "n": 15}, ValueError, "x must not exceed n: got x=16 and n=15"),
        ({"x": -1, "n": 15}, ValueError, "x must be non-negative"),
        ({"x": 1.5, "n": 15}, ValueError, "x must be whole numbers"),
        ({"x": 0, "n": 0}, ValueError, "n must be at least 1: got 0"),
        ({"x": [1, 2], "n": [3, 4, 5]}, ValueError, "do not broadcast"),
        ({"x": 1, "n": 5, "method": "exact"}, ValueError, "unknown method 'exact'; valid: 'wilson'"),
        ({"x": 1, "n": 5, "confidence_level": 95}, ValueError, "did you mean 0.95"),
        ({"x": "3", "n": 5}, TypeError, "x must be a number"),
    ],
)
def test_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        ts.proportion_ci(**kwargs)


counts = st.integers(min_value=1, max_value=300).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
levels = st.sampled_from([0.8, 0.9, 0.95, 0.99])


@settings(max_examples=60, deadline=None)
@given(counts, levels, st.sampled_from(PROPORTION_METHODS))
def test_interval_contains_estimate_and_lies_in_unit_interval(xn, level, method):
    x, n = xn
    r = ts.proportion_ci(x, n, method=method, confidence_level=level)
    assert 0.0 <= r.low <= r.estimate <= r.high <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=200), st.sampled_from(PROPORTION_METHODS))
def test_limits_monotone_in_x_and_vector_equals_scalar(n, method):
    x = np.arange(n + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = ts.proportion_ci(x, n, method=method)
    assert np.all(np.diff(r.low) >= -1e-12)
    assert np.all(np.diff(r.high) >= -1e-12)
    for i in sorted({0, n // 2, n}):
        s = ts.proportion_ci(int(x[i]), n, method=method)
        assert s.low == pytest.approx(r.low[i], abs=1e-12)
        assert s.high == pytest.approx(r.high[i], abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(counts, st.sampled_from(PROPORTION_METHODS))
def test_symmetry_x_to_n_minus_x(xn, method):
    # Every method treats events and non-events alike: the interval of n - x mirrors that of x.
    x, n = xn
    a = ts.proportion_ci(x, n, method=method)
    b = ts.proportion_ci(n - x, n, method=method)
    assert a.low == pytest.approx(1 - b.high, abs=1e-9)
    assert a.high == pytest.approx(1 - b.low, abs=1e-9)
