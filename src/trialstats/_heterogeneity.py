"""Confidence intervals for the heterogeneity of a meta-analysis (Q-profile, as metafor's confint).

The generalized Q statistic Q(τ²) = Σ w_i (y_i − μ̂(τ²))², w_i = 1/(v_i + τ²), follows a
χ² distribution on k − 1 degrees of freedom at the true τ² and decreases in τ². The
Q-profile interval for τ² (Viechtbauer 2007) is the set of τ² where Q(τ²) lies between the
α/2 and 1 − α/2 quantiles of that distribution; a limit whose equation has no root in
[0, ∞) is 0. τ, I² and H² follow by monotone transformation, I² = 100·τ²/(τ² + s²) and
H² = (τ² + s²)/s² with s² the "typical" within-study variance of Higgins & Thompson (2002),
as metafor computes them. The interval does not depend on the τ² estimator.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["HETEROGENEITY_INDEX", "q_profile", "typical_variance"]

HETEROGENEITY_INDEX = ["tau2", "tau", "i2", "h2"]


def _q_gen(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / (v + tau2)
    mu = np.sum(w * y) / np.sum(w)
    return float(np.sum(w * (y - mu) ** 2))


def typical_variance(v: np.ndarray) -> float:
    """s² = (k − 1) Σw / ((Σw)² − Σw²), w = 1/v (Higgins & Thompson 2002)."""
    w = 1 / v
    return float((len(v) - 1) * w.sum() / (w.sum() ** 2 - np.sum(w**2)))


def _solve(target: float, y: np.ndarray, v: np.ndarray) -> float:
    """The τ² >= 0 where Q(τ²) = target (0 when Q(0) is already below the target)."""
    from scipy.optimize import brentq

    if _q_gen(0.0, y, v) <= target:
        return 0.0
    hi = max(1.0, 10 * float(np.var(y)), float(np.max(v)))
    while _q_gen(hi, y, v) > target:
        hi *= 4
        if hi > 1e12:  # pragma: no cover - Q tends to a finite limit only if all y are equal
            return math.inf
    return float(brentq(lambda t: _q_gen(t, y, v) - target, 0.0, hi, xtol=1e-14, rtol=1e-13, maxiter=500))


def q_profile(y: np.ndarray, v: np.ndarray, tau2: float, confidence_level: float) -> pd.DataFrame:
    """DataFrame (index tau2, tau, i2, h2; columns estimate, low, high) for studies y, v.

    ``tau2`` is the point estimate placed in the ``estimate`` column; I² is in percent.
    """
    from scipy import stats

    y = np.asarray(y, dtype=float)
    v = np.asarray(v, dtype=float)
    keep = np.isfinite(y) & np.isfinite(v)
    y, v = y[keep], v[keep]
    k = len(y)
    if k < 2:
        raise ValueError(f"heterogeneity needs at least 2 studies with an effect size, got {k}")
    alpha = 1 - confidence_level
    low = _solve(float(stats.chi2.isf(alpha / 2, k - 1)), y, v)
    high = _solve(float(stats.chi2.ppf(alpha / 2, k - 1)), y, v)
    s2 = typical_variance(v)
    rows = {}
    for name, f in (
        ("tau2", lambda t: t),
        ("tau", math.sqrt),
        ("i2", lambda t: 100 * t / (t + s2)),
        ("h2", lambda t: (t + s2) / s2),
    ):
        rows[name] = (f(tau2), f(low), f(high))
    return pd.DataFrame.from_dict(rows, orient="index", columns=["estimate", "low", "high"]).reindex(
        HETEROGENEITY_INDEX
    )
