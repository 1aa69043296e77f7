"""Confidence intervals for a single binomial proportion (x events of n).

Pure numpy over arrays, with scipy.special for the beta and binomial functions (scipy.stats
is not imported: it is slow to import and not needed here). Methods and their conventions
follow Brown, Cai & DasGupta (2001) and Newcombe (1998a).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from ._rootfind import bisect_decreasing
from ._validate import (
    as_count_array,
    broadcast_arrays,
    check_at_most,
    check_choice,
    check_confidence_level,
    extract_index,
    is_scalar_input,
    unwrap,
)
from .results import Estimate

__all__ = ["PROPORTION_METHODS", "proportion_ci"]

PROPORTION_METHODS = (
    "wilson",
    "wilson_cc",
    "clopper_pearson",
    "jeffreys",
    "agresti_coull",
    "wald",
    "midp",
)


def _z(confidence_level: float) -> float:
    return float(special.ndtri(0.5 + confidence_level / 2))


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


def _wilson_cc(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    # Newcombe (1998a) method 4 (Fleiss' continuity-corrected score interval); the limit is 0
    # at x = 0 and 1 at x = n by definition (the square roots can be negative there).
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


def _beta_limits(
    x: np.ndarray, n: np.ndarray, alpha: float, prior: float
) -> tuple[np.ndarray, np.ndarray]:
    # Clopper-Pearson (prior 0) as beta quantiles; Jeffreys (prior 0.5) as the equal-tailed
    # posterior interval under Beta(0.5, 0.5). Both: lower 0 at x = 0 and upper 1 at x = n
    # (Brown, Cai & DasGupta 2001, section 4.1.2, for Jeffreys).
    safe_x = np.where(x == 0, 1.0, x)
    safe_nx = np.where(x == n, 1.0, n - x)
    low = special.betaincinv(safe_x + prior, n - x + 1 - prior, alpha / 2)
    high = special.betaincinv(x + 1 - prior, safe_nx + prior, 1 - alpha / 2)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def _binom_pmf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
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


def _midp(x: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    # Mid-p interval (Newcombe 1998a method 6): each limit gives tail probability alpha/2 with
    # the observed outcome counted half. Upper: P(X < x) + P(X = x)/2 (decreasing in p);
    # lower: P(X > x) + P(X = x)/2 (increasing in p). No closed form, so all elements are
    # solved together by bisection on p in [0, 1].
    def upper_tail(p: np.ndarray) -> np.ndarray:
        return _binom_cdf_below(x, n, p) + 0.5 * _binom_pmf(x, n, p)

    def minus_lower_tail(p: np.ndarray) -> np.ndarray:
        return -(1 - _binom_cdf_below(x + 1, n, p) + 0.5 * _binom_pmf(x, n, p))

    zeros = np.zeros_like(x)
    ones = np.ones_like(x)
    high = bisect_decreasing(upper_tail, zeros, ones, alpha / 2)
    low = bisect_decreasing(minus_lower_tail, zeros, ones, -alpha / 2)
    return np.where(x == 0, 0.0, low), np.where(x == n, 1.0, high)


def proportion_ci(
    x: Any,
    n: Any,
    *,
    method: str = "wilson",
    confidence_level: float = 0.95,
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
        [0, 1]; zero width at x = 0 and x = n, kept only for comparison) or ``"midp"``
        (Clopper-Pearson mid-p).
    confidence_level : float
        Two-sided level, in (0, 1).

    Returns
    -------
    Estimate
        ``measure="proportion"``, estimate ``x / n``, limits within [0, 1], ``pvalue`` None.

    References
    ----------
    Newcombe RG (1998a). Two-sided confidence intervals for the single proportion:
    comparison of seven methods. Stat Med 17:857-872 (methods 1, 3, 4, 5, 6; Table I).
    Brown LD, Cai TT, DasGupta A (2001). Interval estimation for a binomial proportion.
    Stat Sci 16:101-133 (Wilson, Jeffreys with its boundary modification, Agresti-Coull).
    Agresti A, Coull BA (1998). Approximate is better than "exact" for interval estimation
    of binomial proportions. Am Stat 52:119-126.

    Examples
    --------
    >>> print(proportion_ci(15, 148))
    proportion 0.101 (95% CI 0.062 to 0.160; wilson)
    >>> proportion_ci(0, 20, method="clopper_pearson").high  # doctest: +ELLIPSIS
    0.1684...
    """
    method = check_choice("method", method, PROPORTION_METHODS)
    cl = check_confidence_level(confidence_level)
    xa = as_count_array("x", x)
    na = as_count_array("n", n, minimum=1)
    xa, na = broadcast_arrays(x=xa, n=na)
    check_at_most("x", xa, "n", na)
    scalar = is_scalar_input(x, n)
    alpha = 1 - cl
    z = _z(cl)
    p = xa / na
    if method == "wilson":
        low, high = wilson_limits(xa, na, z)
    elif method == "wilson_cc":
        low, high = _wilson_cc(xa, na, z)
    elif method == "clopper_pearson":
        low, high = _beta_limits(xa, na, alpha, 0.0)
    elif method == "jeffreys":
        low, high = _beta_limits(xa, na, alpha, 0.5)
    elif method == "agresti_coull":
        nt = na + z * z
        pt = (xa + z * z / 2) / nt
        half = z * np.sqrt(pt * (1 - pt) / nt)
        low, high = np.clip(pt - half, 0, 1), np.clip(pt + half, 0, 1)
    elif method == "wald":
        half = z * np.sqrt(p * (1 - p) / na)
        low, high = np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)
    else:
        low, high = _midp(xa, na, alpha)
    return Estimate(
        measure="proportion",
        estimate=unwrap(p, scalar),
        low=unwrap(np.asarray(low, dtype=float), scalar),
        high=unwrap(np.asarray(high, dtype=float), scalar),
        confidence_level=cl,
        method=method,
        pvalue=None,
        inputs={"x": x, "n": n},
        index=extract_index(x, n),
    )
