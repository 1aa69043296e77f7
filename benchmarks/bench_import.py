"""Import time of ``import trialstats`` beside ``import statsmodels.api`` and ``import scipy.stats``.

Each import runs in a fresh interpreter (so nothing is cached in-process); the median of
several runs is reported, with the interpreter's own start-up time subtracted.
Target (issue 8): trialstats under 0.5 s and under a third of statsmodels.api.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 7


def _time(code: str) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    baseline = _time("pass")
    rows = [
        ("import trialstats", _time("import trialstats") - baseline),
        ("import trialstats; trialstats.proportion_ci", _time("import trialstats; trialstats.proportion_ci")
         - baseline),
        ("import scipy.stats", _time("import scipy.stats") - baseline),
        ("import statsmodels.api", _time("import statsmodels.api") - baseline),
    ]
    print(f"interpreter start-up (subtracted): {baseline:.3f} s; median of {RUNS} fresh processes")
    print(f"{'command':48} {'seconds':>8}")
    for name, secs in rows:
        print(f"{name:48} {secs:8.3f}")
    ratio = rows[0][1] / rows[3][1]
    print(f"trialstats / statsmodels.api: {ratio:.3f}")


if __name__ == "__main__":
    main()
