"""Scanning the five seed pages with verification (issue 13 goal: under 2 s for all five).

Times, in one warm process: reading, extraction and linking of each seed (``ts.scan``), then
its verification (``ScanResult.verify``, which drafts the claim file and runs the claims
layer). The first, cold pass (data loaded, modules imported) is reported apart from the
median of the warm passes. Machine-dependent: read it with benchmarks/RESULTS.md's notes.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import trialstats as ts

SEEDS_DIR = Path(os.environ.get("TRIALSTATS_SEEDS") or Path(__file__).resolve().parents[2] / "shared/seeds")
SEEDS = sorted(SEEDS_DIR.glob("*.txt"))
RUNS = 5


def one_pass() -> tuple[float, float, int]:
    scan_t = verify_t = 0.0
    n = 0
    for seed in SEEDS:
        t0 = time.perf_counter()
        result = ts.scan(seed)
        t1 = time.perf_counter()
        result.verify()
        t2 = time.perf_counter()
        scan_t += t1 - t0
        verify_t += t2 - t1
        n += len(result.items)
    return scan_t, verify_t, n


def main() -> None:
    cold = one_pass()
    warm = [one_pass() for _ in range(RUNS)]
    scan_m = statistics.median(w[0] for w in warm)
    verify_m = statistics.median(w[1] for w in warm)
    print(f"seeds: {len(SEEDS)}, statements: {cold[2]}")
    print(
        f"cold pass (first in the process): scan {cold[0]:.3f} s + "
        f"verify {cold[1]:.3f} s = {sum(cold[:2]):.3f} s"
    )
    print(
        f"warm pass, median of {RUNS}: scan {scan_m:.3f} s + verify "
        f"{verify_m:.3f} s = {scan_m + verify_m:.3f} s"
    )
    print(
        "goal: < 2 s for the five seeds with verification:",
        "met" if sum(cold[:2]) < 2 else "NOT met (cold)",
        "/",
        "met" if scan_m + verify_m < 2 else "NOT met (warm)",
    )


if __name__ == "__main__":
    main()
