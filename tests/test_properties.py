"""Cross-engine invariants (hypothesis): properties that tie one module of the engine to another.

Single-module properties (an interval contains its estimate, swapping arms, vector = scalar
within one function) live in each engine's own tests; the ones here check that modules agree
with each other, so that a claim recomputed by two routes gets the same answer:

- intervals are nested in the confidence level, for every interval method of every engine;
- the Miettinen-Nurminen intervals for RD, RR and OR are inverted from one score test, whose
  statistic at the null is Pearson's chi-square times (N - 1) / N (Miettinen & Nurminen 1985,
  eq. 8; Farrington & Manning 1990), so their p-values agree with each other and with the
  chi-square test of ``two_proportion_test``, and each interval excludes the null exactly
  when that p-value is below alpha;
- ``effect_sizes`` (metafor's escalc conventions) agrees with ``risk_difference`` /
  ``risk_ratio`` / ``odds_ratio`` (Wald methods) on tables without a zero cell;
- ``from_se``, ``p_from_ci`` and ``ci_from_p`` invert each other, and reproduce the intervals
  of ``mean_difference``, ``paired_difference`` and ``smd`` from their estimate and SE;
- ``hazard_ratio`` with the other reference group is the reciprocal;
- batch calls keep a pandas index and equal one-element-at-a-time calls, in every engine.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import trialstats as ts
from trialstats.proportions import PROPORTION_METHODS
from trialstats.two_proportions import ODDS_RATIO_METHODS, RISK_DIFFERENCE_METHODS, RISK_RATIO_METHODS

# cross-engine hypothesis properties: run by make test, not by make test-fast
pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEVELS = np.array([0.8, 0.95, 0.99])


@st.composite
def tables(draw, max_n: int = 60) -> tuple[int, int, int, int]:
    n1 = draw(st.integers(1, max_n))
    n2 = draw(st.integers(1, max_n))
    return draw(st.integers(0, n1)), n1, draw(st.integers(0, n2)), n2


def _quiet(func, *args, **kwargs):  # type: ignore[no-untyped-def]
    # zero-cell corrections of the log-scale Wald methods warn by design; not the point here
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.ZeroCellCorrectionWarning)
        return func(*args, **kwargs)


def _assert_nested(low: np.ndarray, high: np.ndarray) -> None:
    """Limits at increasing confidence levels: lows non-increasing, highs non-decreasing."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    tol = 1e-9
    assert np.all(np.diff(low) <= tol * np.maximum(1, np.abs(low[:-1]))), low
    with np.errstate(invalid="ignore"):  # inf - inf for limits that are infinite at every level
        step = np.diff(high)
    assert np.all((step >= -tol * np.maximum(1, np.abs(high[:-1]))) | (high[1:] == high[:-1])), high


# ------------------------------------------------------------------ nesting in the level


@SETTINGS
@given(st.integers(1, 80).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from(PROPORTION_METHODS))
def test_proportion_intervals_nested_in_level(xn, method) -> None:
    x, n = xn
    r = [ts.proportion_ci(x, n, method=method, confidence_level=cl) for cl in LEVELS]
    _assert_nested([e.low for e in r], [e.high for e in r])


@SETTINGS
@given(tables(max_n=40), st.sampled_from(
    [("risk_difference", m) for m in RISK_DIFFERENCE_METHODS if m != "exact"]
    + [("risk_ratio", m) for m in RISK_RATIO_METHODS]
    + [("odds_ratio", m) for m in ODDS_RATIO_METHODS]))
def test_two_proportion_intervals_nested_in_level(t, fm) -> None:
    func, method = fm
    r = [_quiet(getattr(ts, func), *t, method=method, confidence_level=cl) for cl in LEVELS]
    _assert_nested([e.low for e in r], [e.high for e in r])


@settings(max_examples=8, deadline=None)
@given(tables(max_n=8))
def test_exact_risk_difference_nested_in_level(t) -> None:
    r = [ts.risk_difference(*t, method="exact", confidence_level=cl) for cl in LEVELS]
    _assert_nested([e.low for e in r], [e.high for e in r])


means = st.floats(-100, 100, allow_nan=False)
sds = st.floats(0.1, 50)
ns = st.integers(2, 200)


@SETTINGS
@given(means, sds, ns, means, sds, ns, st.booleans())
def test_continuous_intervals_nested_in_level(m1, s1, n1, m2, s2, n2, pooled) -> None:
    md = [ts.mean_difference(m1, s1, n1, m2, s2, n2, pooled=pooled, confidence_level=cl) for cl in LEVELS]
    _assert_nested([e.low for e in md], [e.high for e in md])
    g = [ts.smd(m1, s1, n1, m2, s2, n2, confidence_level=cl) for cl in LEVELS]
    _assert_nested([e.low for e in g], [e.high for e in g])


# ------------------------------------------------------- one score test behind three intervals


@SETTINGS
@given(tables(max_n=80))
def test_miettinen_nurminen_duality_across_measures_and_chi2(t) -> None:
    x1, n1, x2, n2 = t
    assume(0 < x1 + x2 < n1 + n2)  # otherwise the score test of no difference is undefined
    rd = ts.risk_difference(*t, method="miettinen_nurminen")
    rr = ts.risk_ratio(*t, method="miettinen_nurminen")
    orr = ts.odds_ratio(*t, method="miettinen_nurminen")
    assert rr.pvalue == pytest.approx(rd.pvalue, rel=1e-9, abs=1e-14)
    assert orr.pvalue == pytest.approx(rd.pvalue, rel=1e-9, abs=1e-14)
    big_n = n1 + n2
    chi2 = ts.two_proportion_test(*t, test="chi2").statistic
    assert rd.pvalue == pytest.approx(stats.chi2.sf(chi2 * (big_n - 1) / big_n, 1), rel=1e-9, abs=1e-14)
    assume(abs(rd.pvalue - 0.05) > 1e-6)  # the limit sits on the null: rounding decides
    significant = rd.pvalue < 0.05
    assert (not rd.low <= 0 <= rd.high) == significant
    assert (not rr.low <= 1 <= rr.high) == significant
    assert (not orr.low <= 1 <= orr.high) == significant


# ------------------------------------------------------------ escalc vs the interval engine


@SETTINGS
@given(tables(max_n=80))
def test_effect_sizes_agree_with_wald_intervals(t) -> None:
    x1, n1, x2, n2 = t
    assume(0 < x1 < n1 and 0 < x2 < n2)  # escalc adds 0.5 to tables with a zero cell
    z = stats.norm.ppf(0.975)
    rd = ts.effect_sizes(*t, measure="RD").iloc[0]
    wald = ts.risk_difference(*t, method="wald")
    assert rd["yi"] == pytest.approx(wald.estimate, abs=1e-12)
    if -1 < wald.low and wald.high < 1:  # Wald limits are truncated to [-1, 1]
        assert wald.high - wald.low == pytest.approx(2 * z * np.sqrt(rd["vi"]), rel=1e-9)
    for measure, func, method in (("RR", ts.risk_ratio, "katz"), ("OR", ts.odds_ratio, "woolf")):
        es = ts.effect_sizes(*t, measure=measure).iloc[0]
        r = func(*t, method=method)
        assert es["yi"] == pytest.approx(np.log(r.estimate), abs=1e-12)
        assert np.log(r.high / r.low) == pytest.approx(2 * z * np.sqrt(es["vi"]), rel=1e-9)


# ---------------------------------------------------- estimate + SE <-> interval <-> p-value


estimates = st.floats(-50, 50, allow_nan=False).filter(lambda v: abs(v) > 1e-3)
ses = st.floats(0.01, 20)
levels = st.sampled_from([0.8, 0.9, 0.95, 0.99])


@SETTINGS
@given(estimates, ses, st.one_of(st.none(), st.integers(2, 500)), levels)
def test_from_se_p_from_ci_ci_from_p_round_trip(est, se, df, cl) -> None:
    r = ts.from_se(est, se, df=df, confidence_level=cl)
    assume(r.pvalue > 1e-12)  # p of 0 in floating point carries no interval back
    p = ts.p_from_ci(est, r.low, r.high, confidence_level=cl, df=df)
    assert p.pvalue == pytest.approx(r.pvalue, rel=1e-6)
    back = ts.ci_from_p(est, r.pvalue, df=df, confidence_level=cl)
    assert back.low == pytest.approx(r.low, rel=1e-6, abs=1e-9)
    assert back.high == pytest.approx(r.high, rel=1e-6, abs=1e-9)


@SETTINGS
@given(st.floats(0.05, 20), st.floats(0.01, 5), levels)
def test_ratio_round_trip_on_log_scale(ratio, se_log, cl) -> None:
    r = ts.from_se(np.log(ratio), se_log, confidence_level=cl)
    on_ratio = ts.p_from_ci(ratio, np.exp(r.low), np.exp(r.high), ratio=True, confidence_level=cl)
    assert on_ratio.pvalue == pytest.approx(r.pvalue, rel=1e-6)


@SETTINGS
@given(means, sds, ns, means, sds, ns, st.booleans(), levels)
def test_mean_difference_is_from_se_with_its_df(m1, s1, n1, m2, s2, n2, pooled, cl) -> None:
    md = ts.mean_difference(m1, s1, n1, m2, s2, n2, pooled=pooled, confidence_level=cl)
    r = ts.from_se(md.estimate, md.extra["se"], df=md.extra["df"], confidence_level=cl)
    assert (r.low, r.high) == pytest.approx((md.low, md.high), rel=1e-9, abs=1e-9)
    assert r.pvalue == pytest.approx(md.pvalue, rel=1e-7, abs=1e-300)


@SETTINGS
@given(means, sds, ns, levels)
def test_paired_difference_is_from_se_with_n_minus_1_df(m, s, n, cl) -> None:
    pd_ = ts.paired_difference(m, s, n, confidence_level=cl)
    r = ts.from_se(m, s / np.sqrt(n), df=n - 1, confidence_level=cl)
    assert (r.low, r.high) == pytest.approx((pd_.low, pd_.high), rel=1e-9, abs=1e-9)


@SETTINGS
@given(means, sds, ns, means, sds, ns, levels)
def test_smd_ci_reproduces_the_interval_of_smd(m1, s1, n1, m2, s2, n2, cl) -> None:
    g = ts.smd(m1, s1, n1, m2, s2, n2, confidence_level=cl)
    implied = ts.smd_ci(g.estimate, n1, n2, confidence_level=cl)
    assert (implied.low, implied.high) == pytest.approx((g.low, g.high), rel=1e-9, abs=1e-9)


# ------------------------------------------------------------------------------ survival


@st.composite
def two_group_survival(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(4, 25))
    time = draw(st.lists(st.integers(1, 30), min_size=2 * n, max_size=2 * n))
    event = draw(st.lists(st.integers(0, 1), min_size=2 * n, max_size=2 * n))
    group = [0] * n + [1] * n
    return np.array(time, float), np.array(event), np.array(group)


def _separated(time: np.ndarray, event: np.ndarray, group: np.ndarray) -> bool:
    """True when the Cox partial likelihood has no finite maximum (monotone likelihood)."""
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.PHReg(time, group.astype(float), status=event, ties="efron").fit()
    return not np.isfinite(fit.bse).all() or abs(fit.params[0]) > 8


@settings(max_examples=40, deadline=None)
@given(two_group_survival())
def test_hazard_ratio_reference_swap_is_reciprocal(data) -> None:
    time, event, group = data
    assume(event[group == 0].sum() >= 2 and event[group == 1].sum() >= 2)
    assume(not _separated(time, event, group))
    a = ts.hazard_ratio(time, event, group)
    b = ts.hazard_ratio(time, event, group, reference=1)
    assert b.estimate == pytest.approx(1 / a.estimate, rel=1e-6)
    assert b.low == pytest.approx(1 / a.high, rel=1e-6)
    assert b.high == pytest.approx(1 / a.low, rel=1e-6)
    assert b.pvalue == pytest.approx(a.pvalue, rel=1e-6)


def test_hazard_ratio_with_separated_groups_says_why() -> None:
    # Every event of group 0 comes before any time of group 1: the Cox estimate is infinite
    # (monotone likelihood). A valid input, so it needs an answer with the package's own
    # warning saying why (as for an undefined test in a batch), or a ValueError; no
    # OverflowError and no optimizer warning leaking from statsmodels.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ts.hazard_ratio([1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1])
        except ValueError as exc:
            assert "separat" in str(exc) or "infinite" in str(exc)
            return
    categories = [w.category for w in caught]
    assert categories, "no warning says why the hazard ratio is undefined"
    assert all(issubclass(c, ts.TrialstatsWarning) for c in categories), categories


# ------------------------------------------------------- batches keep the index, equal scalars


BATCH_CALLS = {
    "proportion_ci": (ts.proportion_ci, ([3, 0, 10], [10, 12, 10]), {}),
    "risk_difference": (ts.risk_difference, ([10, 0, 4], [15, 9, 20], [3, 2, 4], [15, 11, 20]), {}),
    "risk_ratio": (ts.risk_ratio, ([10, 1, 4], [15, 9, 20], [3, 2, 4], [15, 11, 20]), {}),
    "odds_ratio": (ts.odds_ratio, ([10, 1, 4], [15, 9, 20], [3, 2, 4], [15, 11, 20]), {}),
    "mean_difference": (ts.mean_difference, ([10.0, 3.0], [4.0, 1.0], [20, 8], [7.0, 3.5], [5.0, 1.2],
                                             [22, 9]), {}),
    "smd": (ts.smd, ([10.0, 3.0], [4.0, 1.0], [20, 8], [7.0, 3.5], [5.0, 1.2], [22, 9]), {}),
    "paired_difference": (ts.paired_difference, ([1.5, -0.2], [2.0, 1.1], [20, 12]), {}),
    "from_se": (ts.from_se, ([0.5, -1.2], [0.2, 0.7]), {}),
    "ci_from_p": (ts.ci_from_p, ([0.5, -1.2], [0.03, 0.2]), {}),
    "smd_ci": (ts.smd_ci, ([0.5, -0.1], [20, 31], [22, 30]), {}),
    "exponential_median": (ts.exponential_median, ([12.0, 30.0], [20, 7]), {}),
}


@pytest.mark.parametrize("name", sorted(BATCH_CALLS))
def test_batch_keeps_index_and_equals_scalar_calls(name: str) -> None:
    func, args, kwargs = BATCH_CALLS[name]
    index = pd.Index([f"row{i}" for i in range(len(args[0]))], name="study")
    series = [pd.Series(a, index=index) for a in args]
    batch = func(*series, **kwargs)
    frame = batch.to_frame()
    assert list(frame.index) == list(index)
    for i in range(len(index)):
        one = func(*(a[i] for a in args), **kwargs)
        assert isinstance(one.estimate, float)
        for attr in ("estimate", "low", "high"):
            b, s = np.asarray(getattr(batch, attr))[i], getattr(one, attr)
            assert b == pytest.approx(s, rel=1e-12, abs=1e-15, nan_ok=True), (name, attr, i)
