"""Confidence intervals for a single binomial proportion (x events of n).

Pure numpy over arrays, with scipy.special for the beta and binomial functions (scipy.stats
is not imported: it is slow to import and not needed here). Methods and their conventions
follow Brown, Cai & DasGupta (2001) and Newcombe (1998a).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import special

from ._rootfind import bisect_decreasing
from ._validate import (
    as_count_array,
    broadcast_arrays,
    check_alternative,
    check_at_most,
    check_confidence_level,
    choose,
    extract_index,
    is_scalar_input,
)
from .results import Estimate, build_estimate

__all__ = ["PROPORTION_METHODS", "binom_pmf", "proportion_ci", "wilson_limits"]

Limits = tuple[np.ndarray, np.ndarray]


def _z(tail: float) -> float:
    """The normal quantile leaving ``tail`` above it."""
    return float(-special.ndtri(tail))


def wilson_limits(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits (Newcombe 1998a method 3); exact 0 at x = 0 and 1 at x = n."""
    z2 = z * z
    centre = x + z2 / 2
    half = z * np.sqrt(x * (n - x) / n + z2 / 4)
    low = (centre - half) / (n + z2)
    high = (centre + half) / (n + z2)
    # the closed form gives 0 and 1 at the ends only up to rounding; make them exact
    low = np.where(x == 0, 0.0, low)
    high = np.where(x == n, 1.0, high)
    return low, high


def _wilson(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    return wilson_limits(x, n, _z(tail))


def _wilson_cc(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    # Newcombe (1998a) method 4 (Fleiss' continuity-corrected score interval); the limit is 0
    # at x = 0 and 1 at x = n by definition (the square roots can be negative there).
    z = _z(tail)
    z2 = z * z
    p = x / n
    q = 1 - p
    denom = 2 * (n + z2)
    with np.errstate(invalid="ignore"):
        low = (2 * x + z2 - 1 - z * np.sqrt(z2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denom
        high = (2 * x + z2 + 1 + z * np.sqrt(z2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denom
    low = np.where(x == 0, 0.0, np.clip(low, 0, 1))
    high = np.where(x == n, 1.0, np.clip(high, 0, 1))
    return low, high


def _beta_limits(x: np.ndarray, n: np.ndarray, tail: float, prior: float) -> Limits:
    # Clopper-Pearson (prior 0) as beta quantiles; Jeffreys (prior 0.5) as the equal-tailed
    # posterior interval under Beta(0.5, 0.5). Both: lower 0 at x = 0 and upper 1 at x = n
    # (Brown, Cai & DasGupta 2001, section 4.1.2, for Jeffreys).
    safe_x = np.where(x == 0, 1.0, x)
    safe_nx = np.where(x == n, 1.0, n - x)
    low = special.betaincinv(safe_x + prior, n - x + 1 - prior, tail)
    high = special.betaincinv(x + 1 - prior, safe_nx + prior, 1 - tail)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def _clopper_pearson(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    return _beta_limits(x, n, tail, 0.0)


def _jeffreys(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    return _beta_limits(x, n, tail, 0.5)


def _agresti_coull(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    z = _z(tail)
    nt = n + z * z
    pt = (x + z * z / 2) / nt
    half = z * np.sqrt(pt * (1 - pt) / nt)
    return np.clip(pt - half, 0, 1), np.clip(pt + half, 0, 1)


def _wald(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    p = x / n
    half = _z(tail) * np.sqrt(p * (1 - p) / n)
    return np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)


def binom_pmf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binomial probabilities P(X = k), X ~ Bin(n, p), for float arrays that broadcast.

    The engine's one binomial kernel: log-gamma coefficients with ``xlogy``/``xlog1py``, so
    that p = 0 and p = 1 give exact 0/1 probabilities and large n does not overflow.

    Examples
    --------
    >>> float(binom_pmf(np.array(3.0), np.array(10.0), np.array(0.5)))  # doctest: +ELLIPSIS
    0.1171875...
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        logc = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
        return np.exp(logc + special.xlogy(k, p) + special.xlog1py(n - k, -p))


def _binom_cdf_below(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X < k) for X ~ Bin(n, p); 0 for k = 0 and 1 for k > n."""
    # P(X <= k - 1) = I_{1-p}(n - k + 1, k), the regularized incomplete beta function
    # (scipy's bdtr would do it but rejects non-integer-typed counts)
    a = np.maximum(n - k + 1, 1.0)
    b = np.maximum(k, 1.0)
    inner = special.betainc(a, b, 1 - p)
    return np.where(k < 1, 0.0, np.where(k > n, 1.0, inner))


def _midp(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    # Mid-p interval (Newcombe 1998a method 6): each limit gives tail probability alpha/2 with
    # the observed outcome counted half. Upper: P(X < x) + P(X = x)/2 (decreasing in p);
    # lower: P(X > x) + P(X = x)/2 (increasing in p). No closed form, so all elements are
    # solved together by bisection on p in [0, 1].
    def upper_tail(p: np.ndarray) -> np.ndarray:
        return _binom_cdf_below(x, n, p) + 0.5 * binom_pmf(x, n, p)

    def minus_lower_tail(p: np.ndarray) -> np.ndarray:
        return -(1 - _binom_cdf_below(x + 1, n, p) + 0.5 * binom_pmf(x, n, p))

    zeros = np.zeros_like(x)
    ones = np.ones_like(x)
    high = bisect_decreasing(upper_tail, zeros, ones, tail)
    low = bisect_decreasing(minus_lower_tail, zeros, ones, -tail)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


# Blaker's acceptability is evaluated on the padded support 0..max(n) of a block of tables;
# beyond this many trials per table the (tables x grid x support) arrays grow too large for
# a vectorized search, and every method of this module agrees with Blaker to a few
# decimals there anyway.
BLAKER_MAX_N = 20_000
_BLAKER_GRID = 64
_BLAKER_BLOCK = 4_000_000  # grid points x support cells per pass (memory bound)
# tables whose acceptability statistic equals the observed one up to rounding count as ties
_BLAKER_REL_TOL = 1e-7


def _blaker_acceptability(x: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Blaker's acceptability of p: P(gamma(Y) <= gamma(x)), gamma(y) = min(P(Y >= y), P(Y <= y)).

    ``x``, ``n`` have shape (T,), ``p`` shape (T, G); returns (T, G).
    """
    width = int(n.max()) + 1
    y = np.arange(width, dtype=float)
    valid = y[None, None, :] <= n[:, None, None]
    pmf = np.where(valid, binom_pmf(y[None, None, :], n[:, None, None], p[:, :, None]), 0.0)
    below = np.cumsum(pmf, axis=2)  # P(Y <= y)
    above = np.flip(np.cumsum(np.flip(pmf, axis=2), axis=2), axis=2)  # P(Y >= y)
    gamma = np.minimum(below, above)
    xi = x.astype(np.int64)[:, None, None]
    g_obs = np.take_along_axis(gamma, np.broadcast_to(xi, (*gamma.shape[:2], 1)), axis=2)
    accept = valid & (gamma <= g_obs * (1 + _BLAKER_REL_TOL))
    return np.minimum((pmf * accept).sum(axis=2), 1.0)


def _blaker_side(
    x: np.ndarray, n: np.ndarray, alpha: float, outer: np.ndarray, p_hat: np.ndarray
) -> np.ndarray:
    """The end of the acceptance set {p: acceptability(p) > alpha} between ``outer`` and ``p_hat``.

    The Clopper-Pearson limit at the same level bounds the set from outside and the estimate
    lies inside it; acceptability is not monotone, so the first accepted point of a grid from
    the outer end is found and the crossing refined by bisection from there.
    """
    t = np.linspace(0.0, 1.0, _BLAKER_GRID)[None, :]
    grid = outer[:, None] + (p_hat - outer)[:, None] * t
    ok = _blaker_acceptability(x, n, grid) > alpha
    ok[:, -1] = True  # the estimate itself is always accepted
    first = np.argmax(ok, axis=1)
    rows = np.arange(x.size)
    inside = grid[rows, first]
    outside = grid[rows, np.maximum(first - 1, 0)]
    for _ in range(40):
        mid = 0.5 * (inside + outside)
        acc = _blaker_acceptability(x, n, mid[:, None])[:, 0] > alpha
        inside = np.where(acc, mid, inside)
        outside = np.where(acc, outside, mid)
    return np.where(first == 0, grid[:, 0], inside)


def _blaker(x: np.ndarray, n: np.ndarray, tail: float) -> Limits:
    # Blaker (2000): the convex hull of the p not rejected by the test whose p-value is the
    # acceptability above; nested inside Clopper-Pearson at the same level. Two-sided only
    # (tail = alpha / 2); the one-sided Blaker interval is the one-sided Clopper-Pearson one.
    alpha = 2 * tail
    big = n > BLAKER_MAX_N
    if big.any():
        raise ValueError(f"method 'blaker' is limited to n <= {BLAKER_MAX_N:,} (it enumerates every "
                         f"outcome); got n={n[big].max():g}; use method='clopper_pearson' or 'midp'")
    cp_low, cp_high = _beta_limits(x, n, tail, 0.0)
    shape = x.shape
    xf, nf, cl_, ch_ = (np.broadcast_to(a, shape).reshape(-1) for a in (x, n, cp_low, cp_high))
    low = np.zeros(xf.size)
    high = np.ones(xf.size)
    order = np.argsort(nf, kind="stable")
    start = 0
    while start < order.size:
        stop = start + 1
        while (stop < order.size
               and (stop + 1 - start) * _BLAKER_GRID * (nf[order[stop]] + 1) <= _BLAKER_BLOCK):
            stop += 1
        i = order[start:stop]
        p_hat = xf[i] / nf[i]
        low[i] = np.where(xf[i] == 0, 0.0, _blaker_side(xf[i], nf[i], alpha, cl_[i], p_hat))
        high[i] = np.where(xf[i] == nf[i], 1.0, _blaker_side(xf[i], nf[i], alpha, ch_[i], p_hat))
        start = stop
    return low.reshape(shape), high.reshape(shape)


# one {name: function(x, n, tail) -> (low, high)} per choice: the keys are the public list;
# each function gives limits that leave probability ``tail`` beyond each of them
_METHODS: dict[str, Callable[[np.ndarray, np.ndarray, float], Limits]] = {
    "wilson": _wilson,
    "wilson_cc": _wilson_cc,
    "clopper_pearson": _clopper_pearson,
    "jeffreys": _jeffreys,
    "agresti_coull": _agresti_coull,
    "wald": _wald,
    "midp": _midp,
    "blaker": _blaker,
}
# one-sided Blaker is one-sided Clopper-Pearson (Blaker 2000, section 2)
_ONE_SIDED = {**_METHODS, "blaker": _clopper_pearson}
PROPORTION_METHODS = tuple(_METHODS)


def proportion_ci(
    x: Any,
    n: Any,
    *,
    method: str = "wilson",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> Estimate:
    """Confidence interval for a binomial proportion ``x / n``.

    Parameters
    ----------
    x, n : int or array-like of int
        Events and trials (scalars, arrays or pandas Series that broadcast together);
        ``0 <= x <= n`` and ``n >= 1``.
    method : str
        ``"wilson"`` (score interval, default), ``"wilson_cc"`` (score with continuity
        correction), ``"clopper_pearson"`` (exact), ``"jeffreys"`` (equal-tailed Jeffreys
        prior interval, with lower limit 0 at x = 0 and upper limit 1 at x = n),
        ``"agresti_coull"`` (adjusted Wald, clipped to [0, 1]), ``"wald"`` (clipped to
        [0, 1]; zero width at x = 0 and x = n, kept only for comparison), ``"midp"``
        (Clopper-Pearson mid-p) or ``"blaker"`` (Blaker's exact interval, the convex hull
        of the acceptance set; ``n <= BLAKER_MAX_N``).
    confidence_level : float
        Level of the interval, in (0, 1).
    alternative : {"two-sided", "less", "greater"}
        ``"greater"`` gives the one-sided interval [low, 1], ``"less"`` [0, high], each
        limit leaving the whole 1 - ``confidence_level`` in its tail.

    Returns
    -------
    Estimate
        ``measure="proportion"``, estimate ``x / n``, limits within [0, 1], ``pvalue`` None.

    Raises
    ------
    ValueError
        Counts that are negative, non-whole, ``x > n``, ``n = 0``; ``n > BLAKER_MAX_N`` for
        ``"blaker"``; an unknown method or alternative.

    See Also
    --------
    risk_difference : the difference of two proportions.
    trialstats.counts_for_percent : which counts a printed percentage allows.

    Notes
    -----
    With p̂ = x/n and z the normal quantile leaving the tail α/2 (two-sided) or α
    (one-sided): Wilson's limits solve (p̂ − p)² = z² p (1 − p) / n; Clopper–Pearson's
    are Beta(α/2; x, n − x + 1) and Beta(1 − α/2; x + 1, n − x); Jeffreys' the same
    quantiles of Beta(x + ½, n − x + ½); mid-p solves P(X < x) + ½ P(X = x) = α/2 and its
    mirror. Blaker's acceptability of p is the probability of the outcomes y whose smaller
    tail min(P(Y ≥ y), P(Y ≤ y)) is no larger than the observed one's; the interval is the
    convex hull of the p with acceptability above α (nested within Clopper–Pearson).
    One-sided intervals use the tail α on their one side, so that a one-sided bound at
    level 1 − α equals the two-sided one at level 1 − 2α; one-sided Blaker is one-sided
    Clopper–Pearson. R: ``binom.test(x, n)$conf.int`` (Clopper–Pearson),
    ``prop.test(x, n, correct = FALSE)$conf.int`` (Wilson; ``correct = TRUE`` Wilson with
    continuity correction), ``exactci::binom.exact(x, n, tsmethod = "blaker")`` and
    ``binom.exact(x, n, midp = TRUE)``; ``alternative = "greater"`` / ``"less"`` as here.

    References
    ----------
    .. [1] Newcombe RG (1998). Two-sided confidence intervals for the single proportion:
       comparison of seven methods. Stat Med 17:857-872.
       doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E
    .. [2] Brown LD, Cai TT, DasGupta A (2001). Interval estimation for a binomial
       proportion. Stat Sci 16:101-133. doi:10.1214/ss/1009213286
    .. [3] Agresti A, Coull BA (1998). Approximate is better than "exact" for interval
       estimation of binomial proportions. Am Stat 52:119-126. doi:10.1080/00031305.1998.10480550
    .. [4] Blaker H (2000). Confidence curves and improved exact confidence intervals for
       discrete distributions. Can J Stat 28:783-798. doi:10.2307/3315916

    Examples
    --------
    15 of 148 (Newcombe 1998 [1], Table II, example (c)):

    >>> print(proportion_ci(15, 148))
    proportion 0.101 (95% CI 0.062 to 0.160; wilson)
    >>> proportion_ci(0, 20, method="clopper_pearson").high  # doctest: +ELLIPSIS
    0.1684...
    >>> proportion_ci(15, 148, alternative="greater").high
    1.0
    """
    func = choose("method", method, _METHODS)
    side = check_alternative(alternative)
    cl = check_confidence_level(confidence_level)
    xa = as_count_array("x", x)
    na = as_count_array("n", n, minimum=1)
    xa, na = broadcast_arrays(x=xa, n=na)
    check_at_most("x", xa, "n", na)
    alpha = 1 - cl
    if side == "two-sided":
        low, high = func(xa, na, alpha / 2)
    else:
        low, high = _ONE_SIDED[method](xa, na, alpha)
        if side == "greater":
            high = np.ones_like(low)
        else:
            low = np.zeros_like(high)
    return build_estimate(
        "proportion", xa / na, low, high,
        confidence_level=cl, method=method, alternative=side,
        scalar=is_scalar_input(x, n), inputs={"x": x, "n": n}, index=extract_index(x, n),
    )
