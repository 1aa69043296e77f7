"""The known coverage pattern of binomial intervals, computed exactly on a small grid.

Coverage is the sum of the binomial probabilities of the outcomes whose interval contains
the true value (no simulation), as in Brown, Cai & DasGupta (2001, Stat Sci 16:101-133,
section 2) and Newcombe (1998a, Stat Med 17:857-872; 1998b, Stat Med 17:873-890). The
pattern asserted here is theirs: the Wald interval under-covers (BCD figures 1-5 and
section 2.1); Clopper-Pearson never covers less than the nominal level and is conservative on
average (BCD section 4.2.1); Wilson and Jeffreys have mean coverage close to nominal (BCD
section 4.1); for the difference, Wald under-covers while Newcombe's hybrid score,
Miettinen-Nurminen and Agresti-Caffo are close to nominal and the exact unconditional
interval (Chan & Zhang 1999) never under-covers (Newcombe 1998b Table II; Agresti & Caffo
2000; Fagerland, Lydersen & Laake 2015, Stat Methods Med Res 24:224). The full study is
``benchmarks/coverage.py``; this grid is small so that the test stays fast.
"""

from __future__ import annotations

import numpy as np
import pytest

from trialstats.coverage import proportion_coverage, risk_difference_coverage

NS = np.arange(5, 41, 5)
PS = np.round(np.arange(0.02, 0.99, 0.02), 2)


def coverage_one(method: str, n: int, ps: np.ndarray = PS) -> tuple[np.ndarray, np.ndarray]:
    """Exact coverage and expected width of proportion_ci(method) at each p, for one n."""
    return proportion_coverage(method, n, ps)


def coverage_grid(method: str) -> tuple[np.ndarray, np.ndarray]:
    pairs = [coverage_one(method, int(n)) for n in NS]
    return np.stack([c for c, _ in pairs]), np.stack([w for _, w in pairs])


@pytest.fixture(scope="module")
def grid() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    methods = ("wald", "wilson", "wilson_cc", "clopper_pearson", "jeffreys", "agresti_coull", "midp")
    return {m: coverage_grid(m) for m in methods}


@pytest.mark.parametrize(
    ("n", "p", "method", "expected"),
    [
        # R 4.2.2: sum(dbinom(x, n, p) * (L <= p & p <= U)) over x = 0..n with the limits of
        # binom.test(x, n)$conf.int (Clopper-Pearson), prop.test(x, n, correct = FALSE)$conf.int
        # (Wilson) and p_hat -/+ qnorm(0.975) * sqrt(p_hat (1 - p_hat) / n) (Wald)
        (20, 0.1, "clopper_pearson", 0.9887468658),
        (20, 0.1, "wilson", 0.9568255047),
        (20, 0.1, "wald", 0.8760372560),
        (20, 0.3, "clopper_pearson", 0.9752179238),
        (20, 0.3, "wilson", 0.9752179238),
        (20, 0.3, "wald", 0.9473720513),
        (50, 0.05, "clopper_pearson", 0.9882135522),
        (50, 0.05, "wilson", 0.9622238270),
        (50, 0.05, "wald", 0.9198666815),
    ],
)
def test_coverage_matches_r(n: int, p: float, method: str, expected: float) -> None:
    cov, _ = coverage_one(method, n, np.array([p]))
    assert cov[0] == pytest.approx(expected, abs=1e-9)


def test_wald_under_covers(grid) -> None:
    cov, _ = grid["wald"]
    assert cov.mean() < 0.93
    assert cov.min() < 0.5  # p near 0 or 1 with small n: BCD figure 5
    assert (cov < 0.93).mean() > 0.25


def test_clopper_pearson_never_under_covers(grid) -> None:
    cov, width = grid["clopper_pearson"]
    assert cov.min() >= 0.95
    assert cov.mean() > 0.96
    # the price of the guarantee is width: longer than Wilson at every grid point (BCD 4.2.1)
    assert (width > grid["wilson"][1]).all()


@pytest.mark.parametrize("method", ["wilson", "jeffreys"])
def test_score_and_jeffreys_close_to_nominal(grid, method: str) -> None:
    cov, _ = grid[method]
    assert abs(cov.mean() - 0.95) < 0.01
    assert cov.mean() > grid["wald"][0].mean() + 0.03


@pytest.mark.parametrize("method", ["wilson_cc", "agresti_coull", "midp"])
def test_adjusted_methods_at_least_nominal_on_average(grid, method: str) -> None:
    cov, _ = grid[method]
    assert 0.95 <= cov.mean() < 0.98


def test_continuity_correction_adds_coverage(grid) -> None:
    assert grid["wilson_cc"][0].mean() > grid["wilson"][0].mean()
    assert (grid["wilson_cc"][1] > grid["wilson"][1]).all()


RD_PAIRS = ((5, 5), (10, 15), (20, 20))
RD_PS = np.round(np.linspace(0.05, 0.95, 10), 2)


def rd_coverage(
    method: str, n1: int, n2: int, ps1: np.ndarray = RD_PS, ps2: np.ndarray = RD_PS
) -> np.ndarray:
    """Exact coverage of risk_difference(method) at each (p1, p2) of ps1 x ps2."""
    return risk_difference_coverage(method, n1, n2, ps1, ps2)[0]


@pytest.mark.parametrize(
    ("n1", "n2", "p1", "p2", "expected"),
    [
        # R 4.2.2: sum over x1, x2 of dbinom(x1, n1, p1) * dbinom(x2, n2, p2) where the Wald
        # interval (a - b) -/+ qnorm(0.975) * sqrt(a(1-a)/n1 + b(1-b)/n2), truncated to
        # [-1, 1], contains p1 - p2 (a = x1/n1, b = x2/n2)
        (10, 15, 0.3, 0.1, 0.9198994485),
        (20, 20, 0.5, 0.5, 0.9192530550),
        (5, 5, 0.05, 0.05, 0.9981954989),
    ],
)
def test_rd_coverage_matches_r(n1: int, n2: int, p1: float, p2: float, expected: float) -> None:
    cov = rd_coverage("wald", n1, n2, np.array([p1]), np.array([p2]))
    assert cov[0, 0] == pytest.approx(expected, abs=1e-9)


def test_rd_wald_under_covers() -> None:
    cov = np.stack([rd_coverage("wald", a, b) for a, b in RD_PAIRS])
    assert cov.mean() < 0.93
    assert cov.min() < 0.6


@pytest.mark.parametrize("method", ["newcombe", "miettinen_nurminen", "agresti_caffo"])
def test_rd_recommended_methods_close_to_nominal(method: str) -> None:
    cov = np.stack([rd_coverage(method, a, b) for a, b in RD_PAIRS])
    assert abs(cov.mean() - 0.95) < 0.015
    assert cov.min() > 0.85


def test_rd_exact_never_under_covers() -> None:
    # Chan-Zhang inverts exact tests maximised over the nuisance parameter, so coverage is
    # at least nominal for every (p1, p2); n = 5 per arm keeps the one-table-at-a-time
    # exact computation to a couple of seconds.
    cov = rd_coverage("exact", 5, 5)
    assert cov.min() >= 0.95
    assert cov.mean() > rd_coverage("newcombe", 5, 5).mean()
