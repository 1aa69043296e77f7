"""Exact coverage of the interval methods: the one computation behind the coverage study.

Coverage is computed, not simulated. For a true proportion p the coverage of a method at n
is the sum of the binomial probabilities of the outcomes x whose interval contains p,

    C(n, p) = sum_x P(X = x | n, p) 1[low(x, n) <= p <= high(x, n)],

and for a risk difference the same sum over the joint outcomes (x1, x2) of two independent
binomials with the true difference p1 - p2. Every interval is computed once per outcome
with the package's vectorized functions; the expected width E[high - low] is summed the same
way. Used by ``benchmarks/coverage.py``, ``tests/test_coverage_pattern.py`` and notebook 06.
"""

from __future__ import annotations

import numpy as np

from .proportions import binom_pmf, proportion_ci
from .two_proportions import risk_difference

__all__ = ["proportion_coverage", "risk_difference_coverage"]


def proportion_coverage(
    method: str, n: int, ps: np.ndarray, *, confidence_level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact coverage and expected width of ``proportion_ci(method)`` at each true p, for one n.

    Parameters
    ----------
    method : str
        A method of :func:`trialstats.proportion_ci`.
    n : int
        Number of trials.
    ps : array-like of float
        True proportions.
    confidence_level : float
        Nominal level of the intervals.

    Returns
    -------
    coverage, width : ndarray
        One value per element of ``ps``.

    See Also
    --------
    risk_difference_coverage : the same for two arms.

    Notes
    -----
    C(n, p) = Σ_x Bin(x; n, p) 1[L(x) ≤ p ≤ U(x)] and W(n, p) = Σ_x Bin(x; n, p) (U(x) − L(x)),
    as in Brown, Cai & DasGupta [1]_, section 2. R: ``sum(dbinom(x, n, p) * (lo <= p & p <= hi))``.

    References
    ----------
    .. [1] Brown LD, Cai TT, DasGupta A (2001). Interval estimation for a binomial
       proportion. Stat Sci 16:101-133. doi:10.1214/ss/1009213286

    Examples
    --------
    The Wald interval at n = 15 (the arm size of the Feder 2021 trial), true p = 0.2:

    >>> cov, width = proportion_coverage("wald", 15, np.array([0.2]))
    >>> round(float(cov[0]), 4)
    0.8148
    """
    ps = np.asarray(ps, dtype=float)
    x = np.arange(n + 1, dtype=float)
    ci = proportion_ci(x, n, method=method, confidence_level=confidence_level)
    low, high = np.asarray(ci.low), np.asarray(ci.high)
    pmf = binom_pmf(x[:, None], np.asarray(float(n)), ps[None, :])
    covers = (low[:, None] <= ps) & (ps <= high[:, None])
    return (pmf * covers).sum(axis=0), (pmf * (high - low)[:, None]).sum(axis=0)


def risk_difference_coverage(
    method: str, n1: int, n2: int, ps1: np.ndarray, ps2: np.ndarray | None = None, *,
    confidence_level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact coverage and expected width of ``risk_difference(method)``: rows p1, columns p2.

    Parameters
    ----------
    method : str
        A method of :func:`trialstats.risk_difference`.
    n1, n2 : int
        Arm sizes.
    ps1, ps2 : array-like of float
        True proportions of each arm (``ps2`` defaults to ``ps1``).
    confidence_level : float
        Nominal level of the intervals.

    Returns
    -------
    coverage, width : ndarray of shape (len(ps1), len(ps2))

    See Also
    --------
    proportion_coverage : the same for one proportion.

    Notes
    -----
    C = Σ_{x1, x2} Bin(x1; n1, p1) Bin(x2; n2, p2) 1[L ≤ p1 − p2 ≤ U] (Newcombe [1]_,
    section 3; Fagerland, Lydersen & Laake [2]_).

    References
    ----------
    .. [1] Newcombe RG (1998). Interval estimation for the difference between independent
       proportions: comparison of eleven methods. Stat Med 17:873-890.
       doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
    .. [2] Fagerland MW, Lydersen S, Laake P (2015). Recommended confidence intervals for
       two independent binomial proportions. Stat Methods Med Res 24:224-254.
       doi:10.1177/0962280211415469

    Examples
    --------
    Wald at the Feder 2021 arm sizes (15 vs 15), p1 = 0.6, p2 = 0.2:

    >>> cov, _ = risk_difference_coverage("wald", 15, 15, np.array([0.6]), np.array([0.2]))
    >>> round(float(cov[0, 0]), 4)
    0.9067
    """
    ps1 = np.asarray(ps1, dtype=float)
    ps2 = ps1 if ps2 is None else np.asarray(ps2, dtype=float)
    x1, x2 = np.meshgrid(np.arange(n1 + 1.0), np.arange(n2 + 1.0), indexing="ij")
    ci = risk_difference(x1.ravel(), n1, x2.ravel(), n2, method=method, confidence_level=confidence_level)
    low = np.asarray(ci.low).reshape(x1.shape)
    high = np.asarray(ci.high).reshape(x1.shape)
    b1 = binom_pmf(np.arange(n1 + 1.0)[:, None], np.asarray(float(n1)), ps1[None, :])
    b2 = binom_pmf(np.arange(n2 + 1.0)[:, None], np.asarray(float(n2)), ps2[None, :])
    delta = ps1[:, None] - ps2[None, :]
    covers = (low[:, :, None, None] <= delta) & (delta <= high[:, :, None, None])
    coverage = np.einsum("ip,jq,ijpq->pq", b1, b2, covers.astype(float))
    width = np.einsum("ip,jq,ij->pq", b1, b2, high - low)
    return coverage, width
