"""Event rates per person-time: rate ratio and rate difference between two groups.

Counts of events (relapses, adverse events, hospital admissions) over follow-up time are
compared as rates: events1 over exposure1 (group 1, treatment) against events2 over
exposure2 (group 2, comparator). Under Poisson counts, the number of events in group 1 given
the total follows a binomial distribution whose probability depends on the rate ratio only,
which gives the exact conditional (and mid-P) methods; the Wald methods use the normal
approximation on the log scale (ratio) or the rate scale (difference).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._rootfind import bisect_decreasing
from ._validate import (
    UndefinedStatisticWarning,
    ZeroCellCorrectionWarning,
    as_count_array,
    as_float_array,
    broadcast_arrays,
    check_choice,
    check_confidence_level,
    check_positive,
    choose,
    extract_index,
    is_scalar_input,
)
from .results import Estimate, build_estimate

__all__ = ["RATE_DIFFERENCE_METHODS", "RATE_RATIO_METHODS", "rate_difference", "rate_ratio"]

# binom.test's tolerance: outcomes whose probability is within a relative 1e-7 of the
# observed one count as "as extreme" (relErr <- 1 + 1e-7)
_REL_ERR = 1 + 1e-7


def _z(cl: float) -> float:
    return float(special.ndtri(0.5 + cl / 2))


def _log_pmf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        logc = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
        return logc + special.xlogy(k, p) + special.xlog1py(n - k, -p)


def _cdf(k: np.ndarray, n: np.ndarray, p: Any) -> np.ndarray:
    """P(X <= k), X ~ Bin(n, p); 0 for k < 0 and 1 for k >= n."""
    a = np.maximum(n - k, 1.0)
    b = np.maximum(k + 1, 1.0)
    inner = special.betainc(a, b, 1 - np.asarray(p, dtype=float))
    return np.where(k < 0, 0.0, np.where(k >= n, 1.0, inner))


def _sf(k: np.ndarray, n: np.ndarray, p: Any) -> np.ndarray:
    """P(X > k), X ~ Bin(n, p), without cancellation in small upper tails."""
    a = np.maximum(k + 1, 1.0)
    b = np.maximum(n - k, 1.0)
    inner = special.betainc(a, b, np.asarray(p, dtype=float))
    return np.where(k < 0, 1.0, np.where(k >= n, 0.0, inner))


def _minlike_pvalue(x: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Two-sided binomial p-value as R's binom.test: every outcome no more probable than x.

    The pmf is unimodal, so the outcomes on the far side of the mean that are no more
    probable than x form a tail; its edge is found by a binary search over integers,
    for all elements at once.
    """
    m = n * p
    logd = _log_pmf(x, n, p) + np.log(_REL_ERR)
    below = x < m
    # far side: [ceil(m), n] when x < m (pmf non-increasing there), else [0, floor(m)]
    lo = np.where(below, np.ceil(m), 0.0)
    hi = np.where(below, n + 1, np.floor(m) + 1)  # search for the first/last index in [lo, hi)
    # below: smallest j in [ceil(m), n] with pmf(j) <= d (n + 1 if none)
    # above: largest j in [0, floor(m)] with pmf(j) <= d (-1 if none)
    left, right = lo.copy(), hi.copy()
    for _ in range(int(np.ceil(np.log2(np.max(n) + 2))) + 1):
        mid = np.floor((left + right) / 2)
        ok = _log_pmf(mid, n, p) <= logd
        # below: predicate true on a suffix -> move right bound down where ok
        # above: predicate true on a prefix -> move left bound up where ok
        active = left < right
        new_right = np.where(below & ok, mid, right)
        new_left = np.where(below & ~ok, mid + 1, left)
        new_left = np.where(~below & ok, mid + 1, new_left)
        new_right = np.where(~below & ~ok, mid, new_right)
        left = np.where(active, new_left, left)
        right = np.where(active, new_right, right)
    # below: first true index = left; above: count of true prefix = left (last true = left-1)
    p_below = _cdf(x, n, p) + _sf(left - 1, n, p)
    p_above = _cdf(left - 1, n, p) + _sf(x - 1, n, p)
    out = np.where(below, p_below, p_above)
    return np.where(x == m, 1.0, np.minimum(out, 1.0))


def _cp(x: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    safe_x = np.where(x == 0, 1.0, x)
    safe_nx = np.where(x == n, 1.0, n - x)
    low = special.betaincinv(safe_x, n - x + 1, alpha / 2)
    high = special.betaincinv(x + 1, safe_nx, 1 - alpha / 2)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def _midp_limits(x: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    def upper_tail(p: np.ndarray) -> np.ndarray:
        return _cdf(x - 1, n, p) + 0.5 * np.exp(_log_pmf(x, n, p))

    def minus_lower_tail(p: np.ndarray) -> np.ndarray:
        return -(_sf(x, n, p) + 0.5 * np.exp(_log_pmf(x, n, p)))

    zeros, ones = np.zeros_like(x), np.ones_like(x)
    high = bisect_decreasing(upper_tail, zeros, ones, alpha / 2)
    low = bisect_decreasing(minus_lower_tail, zeros, ones, -alpha / 2)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def _ratio_from_pi(pi: np.ndarray, t1: np.ndarray, t2: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pi >= 1, np.inf, pi / (1 - pi) * t2 / t1)


def _rr_exact(e1, t1, e2, t2, cl):  # type: ignore[no-untyped-def]
    n = e1 + e2
    lo, hi = _cp(e1, n, 1 - cl)
    p = _minlike_pvalue(e1, n, t1 / (t1 + t2))
    return _ratio_from_pi(lo, t1, t2), _ratio_from_pi(hi, t1, t2), p, "", _EXACT_P


def _rr_midp(e1, t1, e2, t2, cl):  # type: ignore[no-untyped-def]
    n = e1 + e2
    lo, hi = _midp_limits(e1, n, 1 - cl)
    pi0 = t1 / (t1 + t2)
    half = 0.5 * np.exp(_log_pmf(e1, n, pi0))
    lower = _cdf(e1 - 1, n, pi0) + half
    upper = _sf(e1, n, pi0) + half
    p = np.minimum(1.0, 2 * np.minimum(lower, upper))
    return _ratio_from_pi(lo, t1, t2), _ratio_from_pi(hi, t1, t2), p, "", _MIDP_P


def _rr_wald(e1, t1, e2, t2, cl):  # type: ignore[no-untyped-def]
    zero = (e1 == 0) | (e2 == 0)
    a, b = e1 + 0.5 * zero, e2 + 0.5 * zero
    log_rr = np.log((a / t1) / (b / t2))
    se = np.sqrt(1 / a + 1 / b)
    z = _z(cl)
    p = special.erfc(np.abs(log_rr / se) / np.sqrt(2))
    detail = np.where(zero, "0.5 added to both event counts", "")
    return np.exp(log_rr - z * se), np.exp(log_rr + z * se), p, detail, "wald_z"


# the tests behind the p-values: poisson.test's two-sided p is the minimum-likelihood
# binomial p (binom.test) of events1 among all events, with pi0 = exposure1 / total exposure;
# the mid-P is twice the smaller mid-P tail of the same binomial
_EXACT_P = "binomial_exact_minlike"
_MIDP_P = "binomial_midp"

# method -> (low, high, p, method_detail, pvalue_test); the keys are RATE_RATIO_METHODS
_RATE_RATIO: dict[str, Callable[..., tuple[Any, Any, Any, Any, str]]] = {
    "exact": _rr_exact,
    "midp": _rr_midp,
    "wald": _rr_wald,
}
RATE_RATIO_METHODS = tuple(_RATE_RATIO)
# the names of RATE_RATIO_METHODS as a type, for signatures and type checkers (a test keeps them equal)
RateRatioMethod = Literal["exact", "midp", "wald"]


def _check(events1: Any, exposure1: Any, events2: Any, exposure2: Any) -> tuple[np.ndarray, ...]:
    e1 = as_count_array("events1", events1)
    t1 = as_float_array("exposure1", exposure1)
    e2 = as_count_array("events2", events2)
    t2 = as_float_array("exposure2", exposure2)
    check_positive("exposure1", t1)
    check_positive("exposure2", t2)
    return broadcast_arrays(events1=e1, exposure1=t1, events2=e2, exposure2=t2)


def rate_ratio(
    events1: ArrayLike,
    exposure1: ArrayLike,
    events2: ArrayLike,
    exposure2: ArrayLike,
    *,
    method: RateRatioMethod = "exact",
    confidence_level: float = 0.95,
) -> Estimate:
    """Ratio of two event rates (group 1 over group 2) with its interval and p-value.

    Parameters
    ----------
    events1, exposure1 : array-like
        Events and person-time (positive, in any unit shared with group 2) in group 1.
    events2, exposure2 : array-like
        The same for group 2 (comparator).
    method : {"exact", "midp", "wald"}, default "exact"
        ``exact``: conditional on the total number of events, events1 is binomial with
        probability π = R·T1/(R·T1 + T2); the Clopper–Pearson interval for π is turned into
        one for R, and the p-value is binom.test's two-sided minimum-likelihood p-value at
        π0 = T1/(T1 + T2) — both exactly as R's ``poisson.test``. ``midp``: the mid-P
        interval for π, transformed the same way, and the central mid-P p-value
        (2·min(P(X < x) + P(X = x)/2, P(X > x) + P(X = x)/2)). ``wald``: log R ± z·√(1/e1 +
        1/e2) with the Wald z p-value; 0.5 is added to both counts when one is zero
        (``method_detail``, with a :class:`ZeroCellCorrectionWarning`).
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="rate ratio"``, estimate (e1/T1)/(e2/T2) (``inf`` when e2 = 0; NaN with
        interval (0, ∞) and p = 1 when there are no events at all), ``pvalue`` for R = 1;
        ``pvalue_test`` names its test: ``"binomial_exact_minlike"`` (exact: as
        ``poisson.test``, the two-sided minimum-likelihood binomial p of e1 among e1 + e2
        with π0 = T1/(T1 + T2)), ``"binomial_midp"`` (twice the smaller mid-P tail of that
        binomial) or ``"wald_z"``.

    Notes
    -----
    Matching R: ``poisson.test(c(events1, events2), c(exposure1, exposure2))`` (exact);
    ``epitools::rateratio.midp`` and ``rateratio.wald`` (given in the order comparator,
    treatment) for the interval of the other two methods.

    References
    ----------
    .. [1] Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, vol. II: The
       Design and Analysis of Cohort Studies. IARC Sci Publ 82, sections 2.3 and 3.1
    .. [2] Fay MP (2010). Two-sided exact tests and matching confidence intervals for discrete
       data. R Journal 2(1):53-58. doi:10.32614/RJ-2010-008
    .. [3] Rothman KJ, Greenland S, Lash TL (2008). Modern Epidemiology, 3rd ed. Lippincott
       Williams & Wilkins, ch. 14

    See Also
    --------
    rate_difference, risk_ratio

    Examples
    --------
    Breast cancer among women with and without radiation fluoroscopy (Boice & Monson
    1977, as in Rothman's Epidemiology: 41 cases over 28,010 person-years against 15 over
    19,017):

    >>> r = rate_ratio(41, 28010, 15, 19017)
    >>> round(r.estimate, 4), round(r.low, 4), round(r.high, 4)
    (1.8558, 1.0057, 3.6093)
    """
    check_choice("method", method, RATE_RATIO_METHODS)
    cl = check_confidence_level(confidence_level)
    scalar = is_scalar_input(events1, exposure1, events2, exposure2)
    index = extract_index(events1, exposure1, events2, exposure2)
    e1, t1, e2, t2 = _check(events1, exposure1, events2, exposure2)
    none = (e1 + e2) == 0
    safe1 = np.where(none, 1.0, e1)
    safe2 = np.where(none, 1.0, e2)
    low, high, p, detail, pvalue_test = choose("method", method, _RATE_RATIO)(safe1, t1, safe2, t2, cl)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(e2 == 0, np.where(e1 == 0, np.nan, np.inf), (e1 / t1) / np.where(e2 == 0, 1, e2 / t2))
    low = np.where(none, 0.0, low)
    high = np.where(none, np.inf, high)
    p = np.where(none, 1.0, p)
    extra: dict[str, Any] = {}
    method_detail: Any = ""
    if none.any():
        warnings.warn(
            "rate_ratio: no events in either group"
            + ("" if scalar else f" at {int(none.sum())} of {none.size} rows")
            + "; estimate NaN, interval (0, inf)",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
    if method == "wald":
        corrected = ((e1 == 0) | (e2 == 0)) & ~none
        if corrected.any():
            warnings.warn(
                "rate_ratio (wald): 0.5 added to both event counts where one is zero",
                ZeroCellCorrectionWarning,
                stacklevel=2,
            )
        method_detail = np.where(corrected, detail, "")
    return build_estimate(
        "rate ratio", est, low, high,
        confidence_level=cl,
        method=method,
        method_detail=method_detail,
        pvalue=p,
        pvalue_test=pvalue_test,
        scalar=scalar,
        inputs={"events1": events1, "exposure1": exposure1, "events2": events2,
                "exposure2": exposure2, "method": method},
        index=index,
        extra=extra,
    )


def _rd_wald(e1, t1, e2, t2, cl):  # type: ignore[no-untyped-def]
    diff = e1 / t1 - e2 / t2
    se = np.sqrt(e1 / t1**2 + e2 / t2**2)
    z = _z(cl)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(se > 0, special.erfc(np.abs(diff / np.where(se > 0, se, 1.0)) / np.sqrt(2)), 1.0)
    return diff, diff - z * se, diff + z * se, p


_RATE_DIFFERENCE: dict[str, Callable[..., tuple[Any, Any, Any, Any]]] = {"wald": _rd_wald}
RATE_DIFFERENCE_METHODS = tuple(_RATE_DIFFERENCE)
# the names of RATE_DIFFERENCE_METHODS as a type, for signatures and type checkers (a test keeps them equal)
RateDifferenceMethod = Literal["wald"]


def rate_difference(
    events1: ArrayLike,
    exposure1: ArrayLike,
    events2: ArrayLike,
    exposure2: ArrayLike,
    *,
    method: RateDifferenceMethod = "wald",
    confidence_level: float = 0.95,
) -> Estimate:
    """Difference of two event rates (group 1 minus group 2), per unit of exposure.

    Parameters
    ----------
    events1, exposure1, events2, exposure2 : array-like
        As for :func:`rate_ratio`.
    method : {"wald"}, default "wald"
        e1/T1 − e2/T2 ± z·√(e1/T1² + e2/T2²), with the Wald z p-value (1 when both counts
        are zero, where the standard error is 0).
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="rate difference"`` in events per unit of exposure (multiply by 1000
        for a rate per 1000 person-years when exposure is in person-years).

    Notes
    -----
    Matching R: ``epiR::epi.2by2(as.table(matrix(c(e1, e2, T1, T2), 2)),
    method = "cohort.time")$massoc.detail$ARate.strata.wald`` (which reports per 100
    units).

    References
    ----------
    .. [1] Rothman KJ, Greenland S, Lash TL (2008). Modern Epidemiology, 3rd ed. Lippincott
       Williams & Wilkins, ch. 14 (Wald interval for the incidence rate difference)
    .. [2] Breslow NE, Day NE (1987). Statistical Methods in Cancer Research, vol. II: The
       Design and Analysis of Cohort Studies. IARC Sci Publ 82

    See Also
    --------
    rate_ratio, risk_difference

    Examples
    --------
    Boice & Monson (1977): 41 breast cancers over 28,010 person-years against 15 over
    19,017, per 10,000 person-years:

    >>> r = rate_difference(41, 28010, 15, 19017)
    >>> round(1e4 * r.estimate, 2), round(1e4 * r.low, 2), round(1e4 * r.high, 2)
    (6.75, 0.75, 12.75)
    """
    check_choice("method", method, RATE_DIFFERENCE_METHODS)
    cl = check_confidence_level(confidence_level)
    scalar = is_scalar_input(events1, exposure1, events2, exposure2)
    index = extract_index(events1, exposure1, events2, exposure2)
    e1, t1, e2, t2 = _check(events1, exposure1, events2, exposure2)
    diff, low, high, p = choose("method", method, _RATE_DIFFERENCE)(e1, t1, e2, t2, cl)
    return build_estimate(
        "rate difference", diff, low, high,
        confidence_level=cl,
        method=method,
        pvalue=p,
        pvalue_test="wald_z",
        scalar=scalar,
        inputs={"events1": events1, "exposure1": exposure1, "events2": events2,
                "exposure2": exposure2, "method": method},
        index=index,
    )
