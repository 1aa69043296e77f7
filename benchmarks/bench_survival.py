"""Time-to-relapse functions at realistic and large sizes.

Kaplan–Meier, its median and restricted mean, the log-rank test and the Cox hazard ratio
on simulated trials of increasing size; the exponential-median interval over many printed
medians at once beside a loop of scalar calls; and a Guyot reconstruction of a digitized
curve. Median of several runs; machine-dependent, so read the ratios.
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


def _trial(rng, n):
    t = rng.exponential(10, n).round(1)
    c = rng.uniform(5, 30, n).round(1)
    g = rng.integers(0, 2, n)
    return np.minimum(t, c), (t <= c).astype(int), g


def main() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for n in (100, 10_000, 200_000):
        t, e, g = _trial(rng, n)
        rows.append((f"kaplan_meier, n={n}", lambda t=t, e=e: ts.kaplan_meier(t, e)))
        km = ts.kaplan_meier(t, e)
        rows.append((f"  .median() (log-log), n={n}", km.median))
        rows.append((f"  .rmst(20), n={n}", lambda km=km: km.rmst(20)))
        rows.append((f"logrank, n={n}", lambda t=t, e=e, g=g: ts.logrank(t, e, g)))
        rows.append((f"hazard_ratio (efron), n={n}", lambda t=t, e=e, g=g: ts.hazard_ratio(t, e, g)))
        rows.append((f"hazard_ratio (breslow), n={n}",
                     lambda t=t, e=e, g=g: ts.hazard_ratio(t, e, g, ties="breslow")))
    m = rng.uniform(10, 60, 100_000)
    d = rng.integers(1, 50, 100_000)
    rows.append(("exponential_median, 100000 medians", lambda: ts.exponential_median(m, d)))
    rows.append(("exponential_median, loop of 1000 scalar calls",
                 lambda: [ts.exponential_median(float(m[i]), int(d[i])) for i in range(1000)]))
    t, e, _ = _trial(rng, 300)
    km = ts.kaplan_meier(t, e)
    clicks = np.sort(rng.uniform(0, t.max(), 400))
    surv = km.survival(clicks)
    ok = ~np.isnan(surv)
    rt = np.arange(0, t.max(), 3.0)
    nr = [int((t >= r).sum()) for r in rt]
    rows.append(("reconstruct_ipd, 300 patients, 400 clicks",
                 lambda: ts.reconstruct_ipd(clicks[ok], surv[ok], rt, nr, total_events=int(e.sum()))))
    width = max(len(name) for name, _ in rows)
    for name, func in rows:
        print(f"{name:<{width}}  {1000 * _time(func):10.2f} ms", flush=True)


if __name__ == "__main__":
    main()
