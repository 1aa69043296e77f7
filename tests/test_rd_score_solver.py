"""The risk-difference score limits (bracketed Newton, once per distinct table) against a
plain bisection of the same score statistic, the method the package used before.

Reference: the score interval of Miettinen & Nurminen (1985), Stat Med 4:213-226,
doi:10.1002/sim.4780040211, and Mee (1984), Biometrics 40:1175-1176; the statistic is
``_rd_score`` (Farrington & Manning 1990 restricted MLE), inverted here by 60 halvings.
"""

from __future__ import annotations

import numpy as np
import pytest

import trialstats as ts
from trialstats._rootfind import bisect_decreasing
from trialstats.two_proportions import _rd_score


def _bisected(x1, n1, x2, n2, factor, z):  # type: ignore[no-untyped-def]
    p1, p2 = x1 / n1, x2 / n2
    d = p1 - p2

    def stat(delta: np.ndarray) -> np.ndarray:
        return _rd_score(p1, p2, n1, n2, delta, factor)

    low = bisect_decreasing(stat, np.full_like(d, -1.0), d, z, iterations=60)
    high = bisect_decreasing(stat, d, np.ones_like(d), -z, iterations=60)
    return np.where(d == -1, -1.0, low), np.where(d == 1, 1.0, high)


@pytest.mark.parametrize("method", ["miettinen_nurminen", "mee"])
@pytest.mark.parametrize("max_arm", [6, 120])
def test_newton_limits_match_bisection(method: str, max_arm: int) -> None:
    rng = np.random.default_rng(17)
    size = 4000  # small arms: many repeated tables, so the distinct-table path is taken
    n1 = rng.integers(1, max_arm + 1, size).astype(float)
    n2 = rng.integers(1, max_arm + 1, size).astype(float)
    x1 = rng.integers(0, n1 + 1).astype(float)
    x2 = rng.integers(0, n2 + 1).astype(float)
    x1[:300] = 0
    x2[300:600] = n2[300:600]
    res = ts.risk_difference(x1, n1, x2, n2, method=method, confidence_level=0.9)
    n = n1 + n2
    factor = n / (n - 1) if method == "miettinen_nurminen" else 1.0
    low, high = _bisected(x1, n1, x2, n2, factor, 1.6448536269514722)
    # a table with a full or empty arm can have two roots of the restricted-MLE cubic close
    # together near a limit; both solvers then carry rounding of about 1e-9 there
    assert np.max(np.abs(res.low - low)) < 1e-8
    assert np.max(np.abs(res.high - high)) < 1e-8
    assert np.median(np.abs(res.high - high)) < 1e-13


def test_half_level_one_sided_limit_is_the_estimate() -> None:
    # a 50% one-sided score limit is where the statistic is 0: the estimate itself
    res = ts.risk_difference([10, 0, 5], [15, 8, 5], [3, 4, 0], [15, 9, 7],
                             method="miettinen_nurminen", alternative="greater", confidence_level=0.5)
    np.testing.assert_allclose(res.low, res.estimate, atol=1e-14)
