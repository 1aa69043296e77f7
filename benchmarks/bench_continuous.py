"""Throughput of the continuous-outcome and consistency functions on arrays.

Each vectorized call over N tables is timed beside the same work done one table at a time
(a Python loop of scalar calls), to show what vectorization buys; the inverse searches are
timed at the sizes the notebooks use. Median of several runs; machine-dependent, so read
the ratios.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

import trialstats as ts

RUNS = 5


def _time(func) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    rng = np.random.default_rng(0)
    n = 100_000
    m1, m2 = rng.normal(10, 3, n), rng.normal(8, 3, n)
    s1, s2 = rng.uniform(1, 5, n), rng.uniform(1, 5, n)
    n1, n2 = rng.integers(5, 200, n), rng.integers(5, 200, n)
    small = 1_000
    rows = [
        (f"mean_difference (welch), {n} tables", lambda: ts.mean_difference(m1, s1, n1, m2, s2, n2)),
        (
            f"mean_difference, loop of {small} scalar calls",
            lambda: [ts.mean_difference(m1[i], s1[i], n1[i], m2[i], s2[i], n2[i]) for i in range(small)],
        ),
        (f"smd (hedges_g), {n} tables", lambda: ts.smd(m1, s1, n1, m2, s2, n2)),
        (f"smd_ci normal, {n} values", lambda: ts.smd_ci(m1 - m2, n1, n2)),
        (
            f"smd_ci noncentral_t, {small} values",
            lambda: ts.smd_ci((m1 - m2)[:small], n1[:small], n2[:small], method="noncentral_t"),
        ),
        (f"grim, {small} printed means", lambda: ts.grim([f"{v:.2f}" for v in m1[:small]], n1[:small])),
        (
            "splits_for_p, 20 patients",
            lambda: ts.splits_for_p("34.44", "19.12", "16.50", "11.39", 20, "0.022"),
        ),
        ("sample_sizes_for_smd_ci, max_n=200", lambda: ts.sample_sizes_for_smd_ci("1.13", "0.36", "1.91")),
    ]
    print(f"median of {RUNS} runs")
    print(f"{'call':52} {'seconds':>9}")
    for name, func in rows:
        print(f"{name:52} {_time(func):9.4f}")


if __name__ == "__main__":
    main()
