"""Throughput of the interval methods on random 2x2 tables, beside statsmodels called per table.

Run as a script (``python benchmarks/bench_intervals.py [N]``, N = number of tables, default
100000). For each method it prints tables per second of one vectorized call on N random
tables; for the methods statsmodels also has, it times ``confint_proportions_2indep`` per
table on a subsample in the same run and prints the ratio, and how often statsmodels raised
or returned an interval that does not contain the estimate. The exact unconditional
interval is timed on single 15 vs 15 and 50 vs 50 tables. No assertion: the figures depend
on the machine; compare ratios measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import numpy as np

import trialstats as ts

SUBSAMPLE = 1000  # tables given to statsmodels one at a time
# conditional exact odds-ratio intervals work on the padded support of every table, so they
# are timed on fewer tables
CONDITIONAL_TABLES = 10_000

# (function, our method, statsmodels compare, statsmodels method, statsmodels keywords)
METHODS = [
    ("risk_difference", "newcombe", "diff", "newcomb", {}),
    ("risk_difference", "wald", "diff", "wald", {}),
    ("risk_difference", "wald_cc", None, None, {}),
    ("risk_difference", "agresti_caffo", "diff", "agresti-caffo", {}),
    ("risk_difference", "miettinen_nurminen", "diff", "score", {"correction": True}),
    ("risk_ratio", "koopman", "ratio", "score", {"correction": False}),
    ("risk_ratio", "katz", "ratio", "log", {}),
    ("risk_ratio", "miettinen_nurminen", "ratio", "score", {"correction": True}),
    ("risk_ratio", "adjusted_log", "ratio", "log-adjusted", {}),
    ("odds_ratio", "woolf", "odds-ratio", "logit", {}),
    ("odds_ratio", "adjusted_logit", "odds-ratio", "logit-adjusted", {}),
    ("odds_ratio", "miettinen_nurminen", "odds-ratio", "score", {"correction": True}),
    ("odds_ratio", "baptista_pike", None, None, {}),
    ("odds_ratio", "exact", None, None, {}),
    ("odds_ratio", "midp", None, None, {}),
]


def random_tables(n: int, seed: int = 20261123) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    n1 = rng.integers(5, 101, n)
    n2 = rng.integers(5, 101, n)
    x1 = rng.binomial(n1, rng.uniform(0.02, 0.98, n))
    x2 = rng.binomial(n2, rng.uniform(0.02, 0.98, n))
    return x1, n1, x2, n2


def time_ours(func: str, method: str, tables: tuple[np.ndarray, ...], repeats: int = 3) -> float:
    fn = getattr(ts, func)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.ZeroCellCorrectionWarning)
            fn(*tables, method=method)
        times.append(time.perf_counter() - start)
    return min(times)


def time_statsmodels(compare: str, method: str, kw: dict, tables, ours) -> tuple[float, int, int]:
    from statsmodels.stats.proportion import confint_proportions_2indep

    failures = 0
    wrong = 0
    start = time.perf_counter()
    for i in range(tables[0].size):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                low, high = confint_proportions_2indep(
                    tables[0][i], tables[1][i], tables[2][i], tables[3][i],
                    compare=compare, method=method, **kw,
                )
            except Exception:  # statsmodels raises on tables its root search cannot bracket
                failures += 1
                continue
        est = ours.estimate[i]
        if np.isfinite(est) and not (low - 1e-9 <= est <= high + 1e-9):
            wrong += 1
    return time.perf_counter() - start, failures, wrong


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tables = random_tables(n)
    sub = tuple(a[:SUBSAMPLE] for a in tables)
    cond = tuple(a[:CONDITIONAL_TABLES] for a in tables)
    print(f"{n} random tables, n1 and n2 uniform on 5..100; statsmodels per table on {SUBSAMPLE}")
    header = (f"{'measure':16} {'method':20} {'tables':>7} {'tables/s':>12} {'statsmodels/s':>14} "
              f"{'ratio':>8} {'sm raised':>9} {'sm excl. est':>12}")
    print(header)
    for func, method, compare, sm_method, kw in METHODS:
        use = cond if method in ("baptista_pike", "exact", "midp") else tables
        secs = time_ours(func, method, use, repeats=1 if use is cond else 3)
        rate = use[0].size / secs
        line = f"{func:16} {method:20} {use[0].size:7d} {rate:12.0f}"
        if compare is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ts.ZeroCellCorrectionWarning)
                ours = getattr(ts, func)(*sub, method=method)
            sm_secs, failures, wrong = time_statsmodels(compare, sm_method, kw, sub, ours)
            sm_rate = SUBSAMPLE / sm_secs
            line += f" {sm_rate:14.0f} {rate / sm_rate:7.0f}x {failures:9d} {wrong:12d}"
        print(line, flush=True)

    print("\nexact unconditional risk difference (Chan & Zhang), one table, median of 5 runs")
    for table in [(10, 15, 3, 15), (7, 15, 7, 15), (30, 50, 20, 50), (25, 50, 25, 50)]:
        ts.risk_difference(*table, method="exact")
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            r = ts.risk_difference(*table, method="exact")
            runs.append(time.perf_counter() - start)
        print(f"{table[0]}/{table[1]} vs {table[2]}/{table[3]}: {statistics.median(runs):.3f} s "
              f"(interval {r.low:.4f} to {r.high:.4f})")


if __name__ == "__main__":
    main()
