"""Barnard's and Boschloo's exact unconditional tests against independent references.

References
----------
1. Barnard GA (1945). A new test for 2x2 tables. Nature 156:177. doi:10.1038/156177a0
2. Boschloo RD (1970). Raised conditional level of significance for the 2x2-table when
   testing the equality of two probabilities. Stat Neerl 24:1-35.
   doi:10.1111/j.1467-9574.1970.tb00104.x
3. Berger RL, Boos DD (1994). P values maximised over a confidence set for the nuisance
   parameter. J Am Stat Assoc 89:1012-1016. doi:10.1080/01621459.1994.10476836
4. SAS Institute, SAS/STAT User's Guide, PROC FREQ, "Barnard's Unconditional Exact Test"
   (EXACT BARNARD): 4/12 vs 9/11 gives p = 0.0215.

The independent reference here is a brute force: the extreme set decided in exact rational
arithmetic (fractions), its probability maximised over π by a 20,001-point grid and a
bounded scalar search.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

import trialstats as ts
from trialstats._unconditional import MAX_TABLES


def _wald2(a, b, n1, n2):
    big_n, m = n1 + n2, a + b
    if m in (0, big_n):
        return Fraction(0)
    num = Fraction(a * n2 - b * n1, n1 * n2)
    return num * abs(num) / (Fraction(m * (big_n - m), big_n**2) * Fraction(n1 + n2, n1 * n2))


def _fisher_tail(a, b, n1, n2, side):
    m = a + b
    lo, hi = max(0, m - n2), min(m, n1)
    ks = range(a, hi + 1) if side == "greater" else range(lo, a + 1)
    return Fraction(sum(math.comb(n1, k) * math.comb(n2, m - k) for k in ks), math.comb(n1 + n2, m))


def _extreme_set(kind, side, x1, n1, x2, n2):
    cells = [(a, b) for a in range(n1 + 1) for b in range(n2 + 1)]
    if kind == "barnard":
        def score(a, b):
            z2 = _wald2(a, b, n1, n2)  # signed square of Z keeps the order, in rationals
            return abs(z2) if side == "two-sided" else (z2 if side == "greater" else -z2)
    else:
        def score(a, b):
            return -_fisher_tail(a, b, n1, n2, side)
    obs = score(x1, x2)
    return [c for c in cells if score(*c) >= obs]


def _sup(cells, n1, n2):
    a = np.array([c[0] for c in cells])
    b = np.array([c[1] for c in cells])

    def prob(p):
        return float(np.sum(stats.binom.pmf(a, n1, p) * stats.binom.pmf(b, n2, p)))

    grid = np.linspace(0, 1, 20001)
    b1 = stats.binom.pmf(np.arange(n1 + 1), n1, grid[:, None])
    b2 = stats.binom.pmf(np.arange(n2 + 1), n2, grid[:, None])
    vals = np.sum(b1[:, a] * b2[:, b], axis=1)
    i = int(np.argmax(vals))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    res = optimize.minimize_scalar(lambda p: -prob(p), bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-13})
    return max(vals[i], -res.fun)


def brute(kind, side, x1, n1, x2, n2):
    if kind == "boschloo" and side == "two-sided":
        g = brute(kind, "greater", x1, n1, x2, n2)
        le = brute(kind, "less", x1, n1, x2, n2)
        return min(1.0, 2 * min(g, le))
    return min(1.0, _sup(_extreme_set(kind, side, x1, n1, x2, n2), n1, n2))


def test_berger_boos_table_where_a_coarse_grid_misses_the_supremum():
    # 14/47 vs 48/283: the supremum is 0.0611 (ref. 3; this file's brute force, run once,
    # gives 0.06114183859937); scipy's default 32-point grid gives 0.038, across 0.05
    p = ts.two_proportion_test(14, 47, 48, 283, test="barnard").pvalue
    assert p == pytest.approx(0.06114183859937, abs=1e-11)
    assert ts.two_proportion_test(14, 47, 48, 283, test="barnard").statistic == pytest.approx(
        2.0846377993609, rel=1e-12)


def test_sas_barnard_example_counts_ties():
    # SAS PROC FREQ (ref. 4): 4/12 vs 9/11, p = 0.0215. scipy drops a table whose |Z| ties the
    # observed one up to rounding and gives 0.0210.
    p = ts.two_proportion_test(4, 12, 9, 11, test="barnard").pvalue
    assert round(p, 4) == 0.0215
    assert p == pytest.approx(brute("barnard", "two-sided", 4, 12, 9, 11), rel=1e-9)


@pytest.mark.parametrize("kind", ["barnard", "boschloo"])
@pytest.mark.parametrize("side", ["two-sided", "greater", "less"])
def test_equals_brute_force_on_fixed_tables(kind, side):
    from trialstats._unconditional import unconditional_pvalues

    tables = [(6, 18, 12, 17), (4, 9, 4, 15), (0, 12, 5, 15), (7, 34, 1, 34), (3, 3, 0, 4), (5, 10, 5, 10)]
    arr = np.array(tables, dtype=float)
    _, p, undefined = unconditional_pvalues(kind, arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], side)
    assert not undefined.any()
    for got, t in zip(p, tables, strict=True):
        assert got == pytest.approx(brute(kind, side, *t), rel=1e-8, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.data())
def test_barnard_and_boschloo_equal_brute_force(n1, n2, data):
    x1 = data.draw(st.integers(0, n1))
    x2 = data.draw(st.integers(0, n2))
    for kind in ("barnard", "boschloo"):
        p = ts.two_proportion_test(x1, n1, x2, n2, test=kind).pvalue
        assert p == pytest.approx(brute(kind, "two-sided", x1, n1, x2, n2), rel=1e-8, abs=1e-12)


def test_scipy_fine_grid_cross_check():
    # scipy with n=200 grid points, on random tables. scipy never exceeds the supremum; it
    # falls short where it drops tied tables (then the brute force sides with us), and
    # elsewhere the two agree closely.
    rng = np.random.default_rng(2017)
    n1 = rng.integers(2, 16, 12)
    n2 = rng.integers(2, 16, 12)
    x1 = rng.integers(0, n1 + 1)
    x2 = rng.integers(0, n2 + 1)
    for kind, func in (("barnard", stats.barnard_exact), ("boschloo", stats.boschloo_exact)):
        res = ts.two_proportion_test(x1, n1, x2, n2, test=kind)
        agreed = 0
        for i in range(12):
            ref = min(1.0, func([[x1[i], x2[i]], [n1[i] - x1[i], n2[i] - x2[i]]], n=200).pvalue)
            assert res.pvalue[i] >= ref - 1e-9
            exact = brute(kind, "two-sided", int(x1[i]), int(n1[i]), int(x2[i]), int(n2[i]))
            assert res.pvalue[i] == pytest.approx(exact, rel=1e-8, abs=1e-12)
            if ref == pytest.approx(exact, rel=1e-4):
                assert res.pvalue[i] == pytest.approx(ref, rel=1e-4)
                agreed += 1
        assert agreed >= 6


def test_two_sided_boschloo_is_twice_the_smaller_one_sided():
    from trialstats._unconditional import unconditional_pvalues

    x1, n1, x2, n2 = (np.array(v, float) for v in ([7, 2, 9], [34, 20, 13], [1, 8, 4], [34, 21, 14]))
    _, two, _ = unconditional_pvalues("boschloo", x1, n1, x2, n2, "two-sided")
    _, g, _ = unconditional_pvalues("boschloo", x1, n1, x2, n2, "greater")
    _, le, _ = unconditional_pvalues("boschloo", x1, n1, x2, n2, "less")
    np.testing.assert_allclose(two, np.minimum(1, 2 * np.minimum(g, le)), rtol=1e-12)


def test_batch_equals_scalar_and_swapping_arms_keeps_two_sided_p():
    x1, n1, x2, n2 = [3, 10, 0, 14], [9, 15, 5, 47], [7, 3, 4, 48], [11, 15, 6, 283]
    for kind in ("barnard", "boschloo"):
        batch = ts.two_proportion_test(x1, n1, x2, n2, test=kind).pvalue
        swapped = ts.two_proportion_test(x2, n2, x1, n1, test=kind).pvalue
        for i in range(4):
            one = ts.two_proportion_test(x1[i], n1[i], x2[i], n2[i], test=kind).pvalue
            assert batch[i] == pytest.approx(one, rel=1e-12)
        np.testing.assert_allclose(batch, swapped, rtol=1e-9)


def test_largest_design_is_refused_with_the_argument_named():
    big = math.isqrt(MAX_TABLES)  # 501 -> (n + 1)^2 > MAX_TABLES
    with pytest.raises(ValueError, match=r"n1, n2 too large .*251,001"):
        ts.two_proportion_test(3, big, 5, big, test="barnard")
    # the largest accepted size runs
    assert 0 < ts.two_proportion_test(3, 500, 9, 500, test="boschloo").pvalue < 0.2


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 25), st.integers(1, 25), st.data())
def test_one_sided_pvalues_nest_inside_the_two_sided_one(n1, n2, data):
    # Barnard: the extreme set of the side the data point to ({Z >= z} for z > 0) lies inside
    # the two-sided one ({|Z| >= |z|}) at every π, so its supremum is no larger; the other
    # side's p-value is large. Boschloo's two-sided p is at least the smaller one-sided one.
    from trialstats._unconditional import unconditional_pvalues

    x1 = np.array([data.draw(st.integers(0, n1))], float)
    x2 = np.array([data.draw(st.integers(0, n2))], float)
    a, b = np.array([n1], float), np.array([n2], float)
    two = unconditional_pvalues("barnard", x1, a, x2, b, "two-sided")[1][0]
    z = unconditional_pvalues("barnard", x1, a, x2, b, "greater")[0][0]
    side = "greater" if z >= 0 else "less"
    assert unconditional_pvalues("barnard", x1, a, x2, b, side)[1][0] <= two + 1e-12
    g = unconditional_pvalues("boschloo", x1, a, x2, b, "greater")[1][0]
    le = unconditional_pvalues("boschloo", x1, a, x2, b, "less")[1][0]
    assert min(g, le) <= unconditional_pvalues("boschloo", x1, a, x2, b, "two-sided")[1][0] + 1e-12
    # swapping the arms swaps the one-sided sides
    g_swapped = unconditional_pvalues("boschloo", x2, b, x1, a, "less")[1][0]
    assert g_swapped == pytest.approx(g, rel=1e-9, abs=1e-14)
