"""Paired binary outcomes: McNemar's test, the paired risk difference and the paired odds ratio.

In a crossover trial (or a matched-pairs design) each patient gives two binary outcomes, one
on the treatment and one on the comparator. The four cells are

    n11  success on both            n10  success on treatment only
    n01  success on comparator only n00  success on neither

Only the discordant pairs (n10, n01) inform the comparison of the two conditions' success
probabilities; the concordant ones enter the risk difference through N. Methods and their
conventions follow Fagerland, Lydersen & Laake (2014, 2017) and Newcombe (1998c).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._rootfind import bisect_decreasing
from ._validate import (
    UndefinedStatisticWarning,
    ZeroCellCorrectionWarning,
    as_count_array,
    broadcast_arrays,
    check_choice,
    check_confidence_level,
    choose,
    extract_index,
    is_scalar_input,
)
from .proportions import wilson_limits
from .results import Estimate, Significance, build_estimate, build_significance

__all__ = [
    "MCNEMAR_METHODS",
    "PAIRED_OR_METHODS",
    "PAIRED_RD_METHODS",
    "mcnemar",
    "paired_odds_ratio",
    "paired_risk_difference",
]


def _z(confidence_level: float) -> float:
    return float(special.ndtri(0.5 + confidence_level / 2))


def _binom_cdf(k: np.ndarray, n: np.ndarray, p: Any) -> np.ndarray:
    """P(X <= k) for X ~ Bin(n, p): 0 for k < 0, 1 for k >= n.

    As the regularized incomplete beta I_{1-p}(n - k, k + 1) (scipy's bdtr rejects
    float-typed counts).
    """
    a = np.maximum(n - k, 1.0)
    b = np.maximum(k + 1, 1.0)
    inner = special.betainc(a, b, 1 - np.asarray(p, dtype=float))
    return np.where(k < 0, 0.0, np.where(k >= n, 1.0, inner))


def _binom_half_cdf(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    return _binom_cdf(k, n, 0.5)


def _binom_pmf(k: np.ndarray, n: np.ndarray, p: Any) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        logc = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
        return np.exp(logc + special.xlogy(k, p) + special.xlog1py(n - k, -p))


# --------------------------------------------------------------------------- McNemar


def _mcnemar_exact(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    n = b + c
    small = np.minimum(b, c)
    return np.minimum(1.0, 2 * _binom_half_cdf(small, n))


def _mcnemar_midp(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    n = b + c
    small = np.minimum(b, c)
    return np.minimum(1.0, 2 * _binom_half_cdf(small, n) - _binom_pmf(small, n, 0.5))


def _chi2(b: np.ndarray, c: np.ndarray, correction: float) -> np.ndarray:
    n = b + c
    # R's mcnemar.test corrects only a table that is not symmetric (n10 != n01)
    applied = np.where(b != c, correction, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, (np.abs(b - c) - applied) ** 2 / np.where(n > 0, n, 1.0), np.nan)


def _mcnemar_asymptotic(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return special.chdtrc(1, _chi2(b, c, 0.0))


def _mcnemar_asymptotic_cc(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return special.chdtrc(1, _chi2(b, c, 1.0))


class _McNemarMethod(NamedTuple):
    pvalue: Callable[[np.ndarray, np.ndarray], np.ndarray]
    correction: float  # continuity correction of the reported chi-square statistic
    asymptotic: bool  # a chi-square reference (1 df): undefined with no discordant pairs


# method -> how its p-value and statistic are obtained; the keys are MCNEMAR_METHODS
_MCNEMAR: dict[str, _McNemarMethod] = {
    "exact": _McNemarMethod(_mcnemar_exact, 0.0, False),
    "midp": _McNemarMethod(_mcnemar_midp, 0.0, False),
    "asymptotic": _McNemarMethod(_mcnemar_asymptotic, 0.0, True),
    "asymptotic_cc": _McNemarMethod(_mcnemar_asymptotic_cc, 1.0, True),
}
MCNEMAR_METHODS = tuple(_MCNEMAR)
# the names of MCNEMAR_METHODS as a type, for signatures and type checkers (a test keeps them equal)
McNemarMethod = Literal["exact", "midp", "asymptotic", "asymptotic_cc"]


def _discordant(n10: Any, n01: Any) -> tuple[np.ndarray, np.ndarray]:
    b = as_count_array("n10", n10)
    c = as_count_array("n01", n01)
    b, c = broadcast_arrays(n10=b, n01=c)
    return b, c


def mcnemar(n10: ArrayLike, n01: ArrayLike, *, method: McNemarMethod = "exact") -> Significance:
    """McNemar's test of equal success probabilities in paired binary data.

    Parameters
    ----------
    n10, n01 : int or array-like
        Discordant pairs: success on treatment only, success on comparator only. Scalars,
        numpy arrays or pandas Series, broadcast together.
    method : {"exact", "midp", "asymptotic", "asymptotic_cc"}, default "exact"
        ``exact``: conditional binomial test of n10 among the n = n10 + n01 discordant
        pairs with probability 1/2, two-sided as twice the smaller tail, capped at 1.
        ``midp``: the exact p-value minus the probability of the observed n10 (subtracted
        once). ``asymptotic``: χ² = (n10 − n01)² / n on 1 df. ``asymptotic_cc``: with the
        continuity correction, χ² = (|n10 − n01| − 1)² / n (R's default; not applied
        when n10 = n01, as R).

    Returns
    -------
    Significance
        ``test="mcnemar"``; ``statistic`` is the chi-square as R's ``mcnemar.test`` gives
        it (with the correction for ``asymptotic_cc``, without it otherwise; NaN when there
        are no discordant pairs); ``df`` 1 for the asymptotic methods, else None;
        ``extra["method"]`` names the method.

    Warns
    -----
    UndefinedStatisticWarning
        Asymptotic methods with no discordant pairs (n10 + n01 = 0): p-value NaN. The
        exact and mid-P p-values are 1 there.

    Notes
    -----
    With n = n10 + n01 and X ~ Bin(n, 1/2): exact p = min(1, 2 P(X <= min(n10, n01))),
    mid-P p = exact p − P(X = min(n10, n01)) (Fagerland, Lydersen & Laake 2013). Matching R:
    ``mcnemar.test(matrix(c(n11, n01, n10, n00), 2), correct = FALSE)`` (asymptotic),
    ``correct = TRUE`` (asymptotic_cc), ``binom.test(n10, n10 + n01)`` (exact).

    References
    ----------
    .. [1] McNemar Q (1947). Note on the sampling error of the difference between correlated
       proportions or percentages. Psychometrika 12:153-157. doi:10.1007/BF02295996
    .. [2] Fagerland MW, Lydersen S, Laake P (2013). The McNemar test for binary matched-pairs
       data: mid-p and asymptotic are better than exact conditional. BMC Med Res Methodol
       13:91. doi:10.1186/1471-2288-13-91

    See Also
    --------
    paired_risk_difference, paired_odds_ratio, two_proportion_test

    Examples
    --------
    Bentur et al. (2009), airway hyper-responsiveness before and after stem cell
    transplantation (Fagerland et al. 2013): n10 = 1, n01 = 7.

    >>> r = mcnemar(1, 7)
    >>> round(r.pvalue, 4)
    0.0703
    >>> round(mcnemar(1, 7, method="midp").pvalue, 4)
    0.0391
    >>> round(mcnemar(1, 7, method="asymptotic").statistic, 3)
    4.5
    """
    check_choice("method", method, MCNEMAR_METHODS)
    scalar = is_scalar_input(n10, n01)
    index = extract_index(n10, n01)
    b, c = _discordant(n10, n01)
    kind = choose("method", method, _MCNEMAR)
    p = kind.pvalue(b, c)
    stat = _chi2(b, c, kind.correction)
    asymptotic = kind.asymptotic
    empty = (b + c) == 0
    if asymptotic and empty.any():
        where = "" if scalar else f" at {int(empty.sum())} of {empty.size} tables"
        warnings.warn(
            f"mcnemar ({method}) undefined{where}: no discordant pairs (n10 + n01 = 0); "
            "p-value set to NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
    if not asymptotic:
        p = np.where(empty, 1.0, p)
    return build_significance(
        "mcnemar", stat, p,
        df=np.ones(b.shape) if asymptotic else None,
        scalar=scalar,
        inputs={"n10": n10, "n01": n01, "method": method},
        index=index,
        extra={"method": method},
    )


# --------------------------------------------------------------------------- risk difference


def _rd_newcombe(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    big_n = a + b + c + d
    p1, p2 = (a + b) / big_n, (a + c) / big_n
    l1, u1 = wilson_limits(a + b, big_n, z)
    l2, u2 = wilson_limits(a + c, big_n, z)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    # Newcombe's method 10 corrects a positive cross-product difference by N/2 (to 0 when
    # it is at most N/2); without it (his method 8) the interval is narrower
    cross = a * d - b * c
    cross = np.where(cross > big_n / 2, cross - big_n / 2, np.where(cross >= 0, 0.0, cross))
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(denom > 0, cross / np.sqrt(np.where(denom > 0, denom, 1.0)), 0.0)
    diff = p1 - p2
    dl = np.sqrt(np.maximum((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0))
    du = np.sqrt(np.maximum((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2, 0))
    return np.maximum(diff - dl, -1.0), np.minimum(diff + du, 1.0)


def _tango_z(delta: np.ndarray, b: np.ndarray, c: np.ndarray, big_n: np.ndarray) -> np.ndarray:
    """Tango's score statistic at difference ``delta`` (decreasing in delta)."""
    w = -(b + c) + delta * (2 * big_n - b + c)
    # constrained MLE of the probability of cell n01 given p10 - p01 = delta
    q = (-w + np.sqrt(np.maximum(w * w + 8 * big_n * c * delta * (1 - delta), 0.0))) / (4 * big_n)
    var = big_n * (2 * q + delta * (1 - delta))
    num = b - c - big_n * delta
    with np.errstate(divide="ignore", invalid="ignore"):
        zval = num / np.sqrt(np.where(var > 0, var, 1.0))
    return np.where(var > 0, zval, np.where(num > 0, np.inf, np.where(num < 0, -np.inf, 0.0)))


def _rd_tango(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    big_n = a + b + c + d
    lo = -np.ones_like(big_n)
    hi = np.ones_like(big_n)
    low = bisect_decreasing(lambda t: _tango_z(t, b, c, big_n), lo, hi, z)
    high = bisect_decreasing(lambda t: _tango_z(t, b, c, big_n), lo, hi, -z)
    return low, high


def _rd_wald(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    big_n = a + b + c + d
    diff = (b - c) / big_n
    se = np.sqrt(np.maximum((b + c) / big_n - diff**2, 0.0) / big_n)
    return np.maximum(diff - z * se, -1.0), np.minimum(diff + z * se, 1.0)


_PAIRED_RD: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "newcombe": _rd_newcombe,
    "tango": _rd_tango,
    "wald": _rd_wald,
}
PAIRED_RD_METHODS = tuple(_PAIRED_RD)
# the names of PAIRED_RD_METHODS as a type, for signatures and type checkers (a test keeps them equal)
PairedRDMethod = Literal["newcombe", "tango", "wald"]


def paired_risk_difference(
    n11: ArrayLike,
    n10: ArrayLike,
    n01: ArrayLike,
    n00: ArrayLike,
    *,
    method: PairedRDMethod = "newcombe",
    confidence_level: float = 0.95,
) -> Estimate:
    """Difference between paired proportions (treatment minus comparator) with its interval.

    Parameters
    ----------
    n11, n10, n01, n00 : int or array-like
        Pairs with success on both, on treatment only, on comparator only, on neither.
    method : {"newcombe", "tango", "wald"}, default "newcombe"
        ``newcombe``: Newcombe (1998c) method 10, the Wilson score limits of the two
        marginal proportions combined with the phi correlation, its cross-product
        difference corrected by N/2 (phi set to 0 when a margin is empty). ``tango``:
        Tango's (1998) asymptotic score interval, without skewness or bias correction.
        ``wald``: difference ± z·SE with SE² = ((n10 + n01)/N − D²)/N.
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="paired risk difference"``, estimate D = (n10 − n01)/N with
        N = n11 + n10 + n01 + n00; limits within [−1, 1]; ``pvalue`` None.

    Notes
    -----
    Newcombe method 10: with Wilson limits (l1, u1) for p1 = (n11 + n10)/N and (l2, u2) for
    p2 = (n11 + n01)/N and φ = C/√((n11+n10)(n01+n00)(n11+n01)(n10+n00)), where
    C = n11 n00 − n10 n01 reduced by N/2 when above N/2, set to 0 when in [0, N/2],
    L = D − √((p1 − l1)² − 2φ(p1 − l1)(u2 − p2) + (u2 − p2)²) and
    U = D + √((u1 − p1)² − 2φ(u1 − p1)(p2 − l2) + (p2 − l2)²).
    Tango: the Δ where Z(Δ) = (n10 − n01 − NΔ)/√(N(2q̂ + Δ(1 − Δ))) = ±z, q̂ the
    constrained maximum-likelihood probability of the n01 cell. Matching R:
    ``ratesci::pairbinom(c(n11, n10, n01, n00), contrast = "RD", method = "Score",
    skew = FALSE, bcf = FALSE)`` for Tango.

    References
    ----------
    .. [1] Newcombe RG (1998). Improved confidence intervals for the difference between
       binomial proportions based on paired data. Stat Med 17:2635-2650.
       doi:10.1002/(SICI)1097-0258(19981130)17:22<2635::AID-SIM954>3.0.CO;2-C
    .. [2] Tango T (1998). Equivalence test and confidence interval for the difference in
       proportions for the paired-sample design. Stat Med 17:891-908.
       doi:10.1002/(SICI)1097-0258(19980430)17:8<891::AID-SIM780>3.0.CO;2-B
    .. [3] Fagerland MW, Lydersen S, Laake P (2014). Recommended tests and confidence intervals
       for paired binomial proportions. Stat Med 33:2850-2875. doi:10.1002/sim.6148

    See Also
    --------
    mcnemar, paired_odds_ratio, risk_difference

    Examples
    --------
    Newcombe (1998c), Table III example: 20, 12, 2, 16 pairs.

    >>> r = paired_risk_difference(20, 12, 2, 16)
    >>> round(r.estimate, 3), round(r.low, 4), round(r.high, 4)
    (0.2, 0.0562, 0.3292)
    """
    check_choice("method", method, PAIRED_RD_METHODS)
    cl = check_confidence_level(confidence_level)
    scalar = is_scalar_input(n11, n10, n01, n00)
    index = extract_index(n11, n10, n01, n00)
    a = as_count_array("n11", n11)
    b = as_count_array("n10", n10)
    c = as_count_array("n01", n01)
    d = as_count_array("n00", n00)
    a, b, c, d = broadcast_arrays(n11=a, n10=b, n01=c, n00=d)
    big_n = a + b + c + d
    if (big_n == 0).any():
        pos = [int(i) for i in np.flatnonzero(big_n.ravel() == 0)[:5]]
        where = "" if big_n.ndim == 0 else f" at positions {pos}"
        raise ValueError(f"n11 + n10 + n01 + n00 must be at least 1 (no pairs){where}")
    low, high = choose("method", method, _PAIRED_RD)(a, b, c, d, _z(cl))
    diff = (b - c) / big_n
    return build_estimate(
        "paired risk difference", diff, low, high,
        confidence_level=cl,
        method=method,
        scalar=scalar,
        inputs={"n11": n11, "n10": n10, "n01": n01, "n00": n00, "method": method},
        index=index,
    )


# --------------------------------------------------------------------------- odds ratio


def _cp_limits(x: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    safe_x = np.where(x == 0, 1.0, x)
    safe_nx = np.where(x == n, 1.0, n - x)
    low = special.betaincinv(safe_x, n - x + 1, alpha / 2)
    high = special.betaincinv(x + 1, safe_nx, 1 - alpha / 2)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def _midp_limits(x: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    # each limit puts alpha/2 in its tail with the observed count weighted one half
    def upper_tail(p: np.ndarray) -> np.ndarray:  # P(X < x) + P(X = x)/2, decreasing in p
        below = _binom_cdf(x - 1, n, p)
        return below + 0.5 * _binom_pmf(x, n, p)

    def minus_lower_tail(p: np.ndarray) -> np.ndarray:  # -(P(X > x) + P(X = x)/2)
        above = 1 - _binom_cdf(x, n, p)
        return -(above + 0.5 * _binom_pmf(x, n, p))

    zeros, ones = np.zeros_like(x), np.ones_like(x)
    high = bisect_decreasing(upper_tail, zeros, ones, alpha / 2)
    low = bisect_decreasing(minus_lower_tail, zeros, ones, -alpha / 2)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def _odds(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.where(p >= 1, np.inf, p / (1 - p))


def _or_exact(b: np.ndarray, c: np.ndarray, cl: float) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = _cp_limits(b, b + c, 1 - cl)
    return _odds(lo), _odds(hi)


def _or_midp(b: np.ndarray, c: np.ndarray, cl: float) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = _midp_limits(b, b + c, 1 - cl)
    return _odds(lo), _odds(hi)


def _or_wald(b: np.ndarray, c: np.ndarray, cl: float) -> tuple[np.ndarray, np.ndarray]:
    zero = (b == 0) | (c == 0)
    bb, cc = b + 0.5 * zero, c + 0.5 * zero
    log_or = np.log(bb / cc)
    se = np.sqrt(1 / bb + 1 / cc)
    z = _z(cl)
    return np.exp(log_or - z * se), np.exp(log_or + z * se)


_PAIRED_OR: dict[str, Callable[[np.ndarray, np.ndarray, float], tuple[np.ndarray, np.ndarray]]] = {
    "exact": _or_exact,
    "midp": _or_midp,
    "wald": _or_wald,
}
PAIRED_OR_METHODS = tuple(_PAIRED_OR)
# the names of PAIRED_OR_METHODS as a type, for signatures and type checkers (a test keeps them equal)
PairedORMethod = Literal["exact", "midp", "wald"]


def paired_odds_ratio(
    n10: ArrayLike, n01: ArrayLike, *, method: PairedORMethod = "exact", confidence_level: float = 0.95
) -> Estimate:
    """Conditional (paired) odds ratio n10/n01 with its confidence interval.

    Parameters
    ----------
    n10, n01 : int or array-like
        Discordant pairs: success on treatment only, success on comparator only.
    method : {"exact", "midp", "wald"}, default "exact"
        ``exact``: the Clopper–Pearson interval of the binomial proportion
        n10/(n10 + n01), transformed by p/(1 − p). ``midp``: the mid-P binomial interval,
        transformed the same way. ``wald``: log(n10/n01) ± z·√(1/n10 + 1/n01), with 0.5
        added to both counts when one is zero (``method_detail`` says so, with a
        :class:`ZeroCellCorrectionWarning`).
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="paired odds ratio"``, estimate n10/n01 (``inf`` when n01 = 0, NaN when
        there are no discordant pairs, with an interval (0, ∞)).

    Notes
    -----
    Given n = n10 + n01 discordant pairs, n10 ~ Bin(n, θ) with θ = ψ/(1 + ψ), ψ the
    conditional odds ratio; an interval (θL, θU) for θ gives (θL/(1 − θL), θU/(1 − θU)).
    Matching R: ``exact2x2::mcnemar.exact`` and ``binom.test(n10, n10 + n01)$conf.int``
    transformed (exact).

    References
    ----------
    .. [1] Breslow NE, Day NE (1980). Statistical Methods in Cancer Research, vol. I: The
       Analysis of Case-Control Studies, section 7.2. IARC Sci Publ 32
    .. [2] Fagerland MW, Lydersen S, Laake P (2014). Recommended tests and confidence intervals
       for paired binomial proportions. Stat Med 33:2850-2875. doi:10.1002/sim.6148

    See Also
    --------
    mcnemar, paired_risk_difference, odds_ratio

    Examples
    --------
    Bentur et al. (2009) in Fagerland et al. (2014): n10 = 1, n01 = 7.

    >>> r = paired_odds_ratio(1, 7, method="midp")
    >>> round(r.estimate, 4), round(r.low, 3), round(r.high, 3)
    (0.1429, 0.006, 0.924)
    """
    check_choice("method", method, PAIRED_OR_METHODS)
    cl = check_confidence_level(confidence_level)
    scalar = is_scalar_input(n10, n01)
    index = extract_index(n10, n01)
    b, c = _discordant(n10, n01)
    empty = (b + c) == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        est = np.where(empty, np.nan, np.where(c == 0, np.inf, b / np.where(c == 0, 1.0, c)))
    safe_b = np.where(empty, 1.0, b)  # keeps the kernels away from 0/0; reset below
    safe_c = np.where(empty, 1.0, c)
    low, high = choose("method", method, _PAIRED_OR)(safe_b, safe_c, cl)
    low = np.where(empty, 0.0, low)
    high = np.where(empty, np.inf, high)
    extra: dict[str, Any] = {}
    method_detail: Any = ""
    if empty.any():
        warnings.warn(
            "paired_odds_ratio: no discordant pairs (n10 + n01 = 0) "
            + ("" if scalar else f"at {int(empty.sum())} of {empty.size} tables ")
            + "; estimate NaN, interval (0, inf)",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
    if method == "wald":
        corrected = ((b == 0) | (c == 0)) & ~empty
        if corrected.any():
            warnings.warn(
                "paired_odds_ratio (wald): 0.5 added to n10 and n01 where one is zero",
                ZeroCellCorrectionWarning,
                stacklevel=2,
            )
        method_detail = np.where(corrected, "0.5 added to both discordant counts", "")
    return build_estimate(
        "paired odds ratio", est, low, high,
        confidence_level=cl,
        method=method,
        method_detail=method_detail,
        scalar=scalar,
        inputs={"n10": n10, "n01": n01, "method": method},
        index=index,
        extra=extra,
    )
