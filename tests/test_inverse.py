"""Inverse questions (issue 4): which arm sizes reproduce a printed p, or a printed d and interval.

The Pradhan 2018 figures (34.44 ± 19.12 vs 16.50 ± 11.39 days, p = 0.022, 20 patients) are
those quoted in issue 4; every candidate p is checked against scipy 1.17's
``ttest_ind_from_stats``, and the closed-form d search against a brute-force grid.
"""

import numpy as np
import pytest
from scipy import stats

import trialstats as ts

PRADHAN = ("34.44", "19.12", "16.50", "11.39")


def test_pradhan_only_an_even_split_with_welch_reproduces_p():
    df = ts.splits_for_p(*PRADHAN, 20, "0.022")
    assert len(df) == 2 * 17  # n1 = 2..18, two tests: every split is listed
    hits = df[df.consistent]
    assert hits[["n1", "n2", "test"]].values.tolist() == [[10, 10, "welch"]]


def test_splits_p_values_match_scipy():
    df = ts.splits_for_p(*PRADHAN, 20, "0.022")
    for test, equal_var in (("welch", False), ("pooled", True)):
        rows = df[df.test == test]
        ref = stats.ttest_ind_from_stats(
            34.44, 19.12, rows.n1.to_numpy(), 16.50, 11.39, rows.n2.to_numpy(), equal_var=equal_var
        )
        np.testing.assert_allclose(rows.p, ref.pvalue, rtol=1e-10)
        assert np.all(rows.p_min <= rows.p) and np.all(rows.p <= rows.p_max)


def test_splits_rounding_box_is_what_makes_the_welch_split_fit():
    row = ts.splits_for_p(*PRADHAN, 20, "0.022").query("n1 == 10 and test == 'welch'").iloc[0]
    # at the printed values p = 0.02252 would print as 0.023; the rounding of the summary
    # statistics reaches down to 0.02243.
    assert not ts.printed_matches("0.022", row.p)
    assert row.p_min < 0.0225 < row.p_max


def test_splits_accepts_inequality_p():
    df = ts.splits_for_p(*PRADHAN, 20, "p < .05", tests=("pooled",))
    assert df.consistent.sum() == (df.p_min < 0.05).sum() > 0


def test_splits_errors():
    with pytest.raises(TypeError, match="figure as printed"):
        ts.splits_for_p(34.44, "19.12", "16.50", "11.39", 20, "0.022")
    with pytest.raises(ValueError, match="unknown test 'mann_whitney'"):
        ts.splits_for_p(*PRADHAN, 20, "0.022", tests=("mann_whitney",))
    with pytest.raises(ValueError, match="n_total must be at least"):
        ts.splits_for_p(*PRADHAN, 3, "0.022")


def _brute_force_pairs(d, low, high, max_n, step=2e-5):
    dd = np.arange(ts.parse_printed(d).low, ts.parse_printed(d).high + step / 2, step)
    found = set()
    for n1 in range(2, max_n + 1):
        for n2 in range(n1, max_n + 1):
            e = ts.smd_ci(dd, n1, n2)
            lo_ok = (e.low >= ts.parse_printed(low).low) & (e.low <= ts.parse_printed(low).high)
            hi_ok = (e.high >= ts.parse_printed(high).low) & (e.high <= ts.parse_printed(high).high)
            if np.any(lo_ok & hi_ok):
                found.add((n1, n2))
    return found


def test_sample_sizes_for_smd_ci_agrees_with_brute_force():
    exact = ts.sample_sizes_for_smd_ci("0.80", "0.15", "1.45", max_n=40)
    found = _brute_force_pairs("0.80", "0.15", "1.45", 40)
    assert found  # the example has candidates
    assert found <= set(map(tuple, exact[["n1", "n2"]].to_numpy().tolist()))
    # every closed-form candidate really works at the middle of its feasible d range
    mid = (exact.d_min + exact.d_max) / 2
    e = ts.smd_ci(mid.to_numpy(), exact.n1.to_numpy(), exact.n2.to_numpy())
    assert np.all(ts.range_matches_printed(["0.15"] * len(e.low), e.low))
    assert np.all(ts.range_matches_printed(["1.45"] * len(e.high), e.high))


def test_feder_2021_interval_fits_15_per_arm():
    # d = 1.13 (95% CI 0.36 to 1.91) with 15 per arm (figures quoted in issue 4): the
    # large-sample interval reproduces both printed limits only for d in [1.1339, 1.135].
    equal = ts.sample_sizes_for_smd_ci("1.13", "0.36", "1.91", equal_arms=True, max_n=100)
    assert equal.n1.tolist() == [15]
    assert equal.d_min.iloc[0] == pytest.approx(1.13395, abs=1e-4)
    unequal = ts.sample_sizes_for_smd_ci("1.13", "0.36", "1.91", max_n=60)
    assert (15, 15) in set(map(tuple, unequal[["n1", "n2"]].to_numpy().tolist()))
    assert (unequal.n1 <= unequal.n2).all()


def test_sample_sizes_errors():
    with pytest.raises(ValueError, match="low must not exceed high"):
        ts.sample_sizes_for_smd_ci("1.13", "1.91", "0.36")
    with pytest.raises(ValueError, match="max_n must be at most 5000"):
        ts.sample_sizes_for_smd_ci("1.13", "0.36", "1.91", max_n=10_000)


def test_welch_p_corners_bound_dense_samples_inside_the_rounding_box():
    # printed_range/splits_for_p evaluate corners only; check that no value inside the box
    # of the four summary figures gives a p outside [p_min, p_max].
    df = ts.splits_for_p(*PRADHAN, 20, "0.022")
    rng = np.random.default_rng(5)
    k = 20_000
    m1, s1, m2, s2 = (rng.uniform(ts.parse_printed(t).low, ts.parse_printed(t).high, k) for t in PRADHAN)
    for row in df.itertuples():
        p = stats.ttest_ind_from_stats(m1, s1, row.n1, m2, s2, row.n2, equal_var=row.test == "pooled").pvalue
        assert row.p_min - 1e-12 <= p.min() and p.max() <= row.p_max + 1e-12
