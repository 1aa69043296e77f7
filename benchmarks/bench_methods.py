"""Speed of the issue-17 methods beside their peers, in one run.

- Barnard and Boschloo on 10^4 random tables (1-30 per arm): ``two_proportion_test`` in one
  call (vectorized over tables and the nuisance parameter) against a loop over scipy's
  ``barnard_exact`` / ``boschloo_exact`` with ``n=64`` nuisance points. scipy is timed on a
  random subsample of the same tables (the full loop would take minutes on this shared
  2-core machine) and its time scaled to 10^4. On the subsample the p-values are compared:
  the share agreeing to 1e-4; where they do not, scipy is below ours (it drops tables tying
  the observed statistic, or its grid misses the supremum: a maximum over a subset of the
  nuisance range can only be lower); tests/test_unconditional.py checks such tables against
  a brute force in exact rational arithmetic, which agrees with ours.
- Miettinen–Nurminen risk-difference intervals on 10^5 tables against statsmodels'
  ``confint_proportions_2indep(method="score")`` called per table (on a random 1000 of the
  same tables, scaled; ours: median of 3 calls after one untimed call on the batch); then
  on 10^5 tables of small arms (many repeats) with and without the distinct-table step.
- McNemar (exact and mid-P) on 10^5 tables, and Mantel–Haenszel (OR, RR, RD) and Peto over
  10^5 strata, each one call (target: under a second).
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np
from scipy import stats

import trialstats as ts

N_UNCOND = 10_000
N_SCIPY = 300
SCIPY_GRID = 64
N_BIG = 100_000
N_SM = 1_000


def _timed(func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = func()
    return time.perf_counter() - start, out


def _median_of_3(func) -> float:  # type: ignore[no-untyped-def]
    return float(np.median([_timed(func)[0] for _ in range(3)]))


def _unconditional(rng: np.random.Generator) -> list[tuple[str, float, str]]:
    n1 = rng.integers(1, 31, N_UNCOND)
    n2 = rng.integers(1, 31, N_UNCOND)
    x1 = rng.integers(0, n1 + 1)
    x2 = rng.integers(0, n2 + 1)
    sub = rng.choice(N_UNCOND, N_SCIPY, replace=False)
    rows = []
    for kind, func in (("barnard", stats.barnard_exact), ("boschloo", stats.boschloo_exact)):
        ts.two_proportion_test(3, 10, 7, 12, test=kind)  # warm-up: imports and caches
        func([[3, 7], [7, 5]], n=SCIPY_GRID)
        t_ts, res = _timed(lambda kind=kind: ts.two_proportion_test(x1, n1, x2, n2, test=kind))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")

            def loop(func=func) -> np.ndarray:
                return np.array([
                    func([[x1[i], x2[i]], [n1[i] - x1[i], n2[i] - x2[i]]], n=SCIPY_GRID).pvalue
                    for i in sub
                ])

            t_sub, p_sc = _timed(loop)
        p_sc = np.minimum(p_sc, 1.0)
        diff = res.pvalue[sub] - p_sc
        agree = np.abs(diff) <= 1e-4
        t_scipy = t_sub * N_UNCOND / N_SCIPY
        rows.append((f"trialstats {kind}, {N_UNCOND:,} tables, one call", t_ts, ""))
        rows.append((
            f"scipy {kind}_exact(n={SCIPY_GRID}) loop, scaled from {N_SCIPY}",
            t_scipy,
            f"{t_scipy / t_ts:,.0f}x slower; agree to 1e-4 on {agree.sum()}/{N_SCIPY}; scipy above "
            f"ours by at most {max(0.0, -float(diff.min(initial=0))):.1e}; below by up to "
            f"{float(diff.max(initial=0)):.3f} where it drops tied tables or misses the supremum",
        ))
    return rows


def _mn(rng: np.random.Generator) -> list[tuple[str, float, str]]:
    from statsmodels.stats.proportion import confint_proportions_2indep

    from trialstats import two_proportions

    n1 = rng.integers(5, 201, N_BIG)
    n2 = rng.integers(5, 201, N_BIG)
    x1 = rng.integers(0, n1 + 1)
    x2 = rng.integers(0, n2 + 1)
    distinct = len(np.unique(np.stack([x1, n1, x2, n2]), axis=1).T)
    # one untimed call on the whole batch (first touch of its memory), then the median of 3:
    # the statsmodels figure is likewise the mean of 1000 warm calls
    ts.risk_difference(x1, n1, x2, n2, method="miettinen_nurminen")
    t_ts = _median_of_3(lambda: ts.risk_difference(x1, n1, x2, n2, method="miettinen_nurminen"))
    sub = rng.choice(N_BIG, N_SM, replace=False)

    def loop() -> None:
        for i in sub:
            try:
                confint_proportions_2indep(x1[i], n1[i], x2[i], n2[i], method="score", compare="diff")
            except Exception:  # statsmodels stops when its root search cannot bracket a limit
                pass

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_sm, _ = _timed(loop)
    per_ts = t_ts / N_BIG
    per_sm = t_sm / N_SM
    ratio = per_sm / per_ts
    goal = "meets" if ratio >= 1000 else "SHORT OF"
    # small arms repeat tables: the same call solves each distinct table once; timed again
    # with that step switched off to show what it is worth
    s1 = rng.integers(1, 31, N_BIG)
    s2 = rng.integers(1, 31, N_BIG)
    y1 = rng.integers(0, s1 + 1)
    y2 = rng.integers(0, s2 + 1)
    small_distinct = len(np.unique(np.stack([y1, s1, y2, s2]), axis=1).T)
    t_small = _median_of_3(lambda: ts.risk_difference(y1, s1, y2, s2, method="miettinen_nurminen"))
    keep = two_proportions._unique_tables
    two_proportions._unique_tables = lambda t: None  # type: ignore[assignment]
    try:
        t_small_all = _median_of_3(lambda: ts.risk_difference(y1, s1, y2, s2, method="miettinen_nurminen"))
    finally:
        two_proportions._unique_tables = keep
    return [
        (f"trialstats miettinen_nurminen RD, {N_BIG:,} tables (arms 5-200)", t_ts,
         f"{distinct:,} distinct tables (no repeats to exploit)"),
        (f"statsmodels score RD loop, random {N_SM} of them, scaled to {N_BIG:,}", per_sm * N_BIG,
         f"{ratio:,.0f}x per table ({goal} the 1000x goal)"),
        (f"trialstats MN RD, {N_BIG:,} tables (arms 1-30)", t_small,
         f"{small_distinct:,} distinct tables, each solved once; "
         f"{per_sm * N_BIG / t_small:,.0f}x statsmodels"),
        (f"trialstats MN RD, same {N_BIG:,} tables, every table solved", t_small_all,
         f"distinct-table step worth {t_small_all / t_small:.1f}x here"),
    ]


def _counts(rng: np.random.Generator) -> list[tuple[str, float, str]]:
    b = rng.integers(0, 60, N_BIG)
    c = rng.integers(0, 60, N_BIG)
    rows = []
    for method in ("exact", "midp", "asymptotic"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t, _ = _timed(lambda method=method: ts.mcnemar(b, c, method=method))
        rows.append((f"mcnemar {method}, {N_BIG:,} tables", t, "under 1 s" if t < 1 else "OVER 1 s"))
    n1 = rng.integers(5, 300, N_BIG)
    n2 = rng.integers(5, 300, N_BIG)
    x1 = rng.integers(0, n1 + 1)
    x2 = rng.integers(0, n2 + 1)
    for measure in ("OR", "RR", "RD"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t, _ = _timed(lambda measure=measure: ts.mantel_haenszel(x1, n1, x2, n2, measure=measure))
        rows.append((f"mantel_haenszel {measure}, {N_BIG:,} strata", t, "under 1 s" if t < 1 else "OVER 1 s"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t, _ = _timed(lambda: ts.peto_odds_ratio(x1, n1, x2, n2))
    rows.append((f"peto_odds_ratio, {N_BIG:,} strata", t, "under 1 s" if t < 1 else "OVER 1 s"))
    return rows


def main() -> None:
    """Run all sections, or those named on the command line (unconditional, mn, counts)."""
    rng = np.random.default_rng(20261201)
    only = sys.argv[1:] or ["unconditional", "mn", "counts"]
    parts = {"unconditional": _unconditional, "mn": _mn, "counts": _counts}
    load = os.getloadavg()
    rows = [row for name in only for row in parts[name](rng)]
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"({os.cpu_count()} cores); after: {os.getloadavg()[0]:.2f}")
    print(f"{'what':62} {'seconds':>9}  note")
    for what, sec, note in rows:
        print(f"{what:62} {sec:9.3f}  {note}")


if __name__ == "__main__":
    main()
