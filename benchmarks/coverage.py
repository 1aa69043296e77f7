"""Exact coverage of the 95% intervals for one proportion and for a risk difference.

Coverage is computed, not simulated: for a true p the coverage of a method is the sum of the
binomial probabilities of the outcomes x whose interval contains p,

    C(n, p) = sum_x P(X = x | n, p) * 1[low(x, n) <= p <= high(x, n)],

and for a risk difference the same sum over the joint outcomes (x1, x2) of two independent
binomials, with the true difference p1 - p2. Every interval is computed once per outcome with
the package's vectorized functions. The expected width E[high - low] is summed the same way.

Grids: single proportion, n = 5..100 (every n) and p = 0.01..0.99 (step 0.01); risk
difference, every pair of arm sizes in {5, 10, 20, 30, 50, 75, 100} and p1, p2 on 25 points
from 0.02 to 0.98; the ``exact`` (Chan-Zhang) interval is slow (one table at a time), so it
runs on a small grid of arm sizes (5, 5), (5, 10), (10, 10), where every other method is
summarised too for a like-for-like comparison.

The known pattern (Brown, Cai & DasGupta 2001, Stat Sci 16:101, figures 1-5 and section 4;
Newcombe 1998, Stat Med 17:857 and 17:873; Agresti & Caffo 2000; Fagerland, Lydersen & Laake
2015): Wald under-covers, badly for small n or p near 0 or 1; Clopper-Pearson and the exact
unconditional interval never cover less than 95% and are conservative on average; Wilson,
Jeffreys, mid-p, Agresti-Coull, Newcombe's hybrid score, Miettinen-Nurminen and
Agresti-Caffo have mean coverage close to 95%.

Run: ``python benchmarks/coverage.py [--quick]``. Prints Markdown tables (pasted into
RESULTS.md) and writes ``benchmarks/out/coverage.png`` and ``coverage_*.csv``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from trialstats import coverage
from trialstats.proportions import PROPORTION_METHODS
from trialstats.two_proportions import RISK_DIFFERENCE_METHODS

LEVEL = 0.95
OUT = Path(__file__).resolve().parent / "out"
RD_SIZES = (5, 10, 20, 30, 50, 75, 100)
RD_SMALL_PAIRS = ((5, 5), (5, 10), (10, 10))
RD_P = np.linspace(0.02, 0.98, 25)


def proportion_coverage(
    method: str, ns: np.ndarray, ps: np.ndarray, level: float = LEVEL
) -> tuple[np.ndarray, np.ndarray]:
    """Exact coverage and expected width, arrays of shape (len(ns), len(ps))."""
    pairs = [coverage.proportion_coverage(method, int(n), ps, confidence_level=level) for n in ns]
    return np.stack([c for c, _ in pairs]), np.stack([w for _, w in pairs])


def rd_coverage(
    method: str, n1: int, n2: int, ps: np.ndarray = RD_P, level: float = LEVEL
) -> tuple[np.ndarray, np.ndarray]:
    """Exact coverage and expected width of the risk-difference interval, shape (len(ps), len(ps)).

    Rows index the true p1, columns the true p2.
    """
    return coverage.risk_difference_coverage(method, n1, n2, ps, confidence_level=level)


def _summary(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows).set_index("method")


def _markdown(df: pd.DataFrame) -> str:
    lines = ["| method | mean coverage | min coverage | share below 0.93 | mean width |",
             "|---|---:|---:|---:|---:|"]
    for method, r in df.iterrows():
        lines.append(f"| {method} | {r['mean_coverage']:.4f} | {r['min_coverage']:.4f} | "
                     f"{r['below_093']:.3f} | {r['mean_width']:.4f} |")
    return "\n".join(lines)


def run(quick: bool = False) -> dict[str, pd.DataFrame]:
    OUT.mkdir(exist_ok=True)
    ns = np.arange(5, 101, 5 if quick else 1)
    ps = np.round(np.arange(0.01, 1.0, 0.01), 2)
    prop_rows, prop_curves = [], {}
    for m in PROPORTION_METHODS:
        cov, width = proportion_coverage(m, ns, ps)
        prop_curves[m] = cov
        prop_rows.append({"method": m, "mean_coverage": cov.mean(), "min_coverage": cov.min(),
                          "below_093": (cov < 0.93).mean(), "mean_width": width.mean()})
    prop = _summary(prop_rows)

    sizes = RD_SIZES[::2] if quick else RD_SIZES
    pairs = [(a, b) for a in sizes for b in sizes if a <= b]
    rd_rows, rd_balanced = [], {}
    for m in RISK_DIFFERENCE_METHODS:
        if m == "exact":
            continue
        covs, widths = zip(*(rd_coverage(m, a, b) for a, b in pairs), strict=True)
        cov, width = np.stack(covs), np.stack(widths)
        rd_balanced[m] = [(a, c.mean()) for (a, b), c in zip(pairs, covs, strict=True) if a == b]
        rd_rows.append({"method": m, "mean_coverage": cov.mean(), "min_coverage": cov.min(),
                        "below_093": (cov < 0.93).mean(), "mean_width": width.mean()})
    rd = _summary(rd_rows)

    small_rows, small_times = [], {}
    small_pairs = RD_SMALL_PAIRS[:1] if quick else RD_SMALL_PAIRS
    for m in RISK_DIFFERENCE_METHODS:
        start = time.perf_counter()
        covs, widths = zip(*(rd_coverage(m, a, b) for a, b in small_pairs), strict=True)
        small_times[m] = time.perf_counter() - start
        cov, width = np.stack(covs), np.stack(widths)
        small_rows.append({"method": m, "mean_coverage": cov.mean(), "min_coverage": cov.min(),
                           "below_093": (cov < 0.93).mean(), "mean_width": width.mean()})
    rd_small = _summary(small_rows)

    for name, df in (("proportion", prop), ("rd", rd), ("rd_small", rd_small)):
        df.to_csv(OUT / f"coverage_{name}.csv")
    _figure(ns, ps, prop_curves, rd_balanced, OUT / "coverage.png")
    return {"proportion": prop, "rd": rd, "rd_small": rd_small,
            "grid": pd.DataFrame({"ns": [f"{ns.min()}..{ns.max()} ({len(ns)} values)"],
                                  "pairs": [len(pairs)], "small_pairs": [str(small_pairs)]}),
            "times": pd.Series(small_times)}


def _figure(
    ns: np.ndarray,
    ps: np.ndarray,
    curves: dict[str, np.ndarray],
    rd_balanced: dict[str, list[tuple[int, float]]],
    path: Path,
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(17, 4.5))
    i25 = int(np.argmin(np.abs(ns - 25)))
    for m, cov in curves.items():
        axes[0].plot(ps, cov[i25], lw=1, label=m)
        axes[1].plot(ns, cov.mean(axis=1), lw=1.2, label=m)
    for ax in axes[:2]:
        ax.axhline(LEVEL, color="k", lw=0.8, ls="--")
        ax.set_ylim(0.80, 1.0)
        ax.set_ylabel("exact coverage")
    axes[0].set_xlabel("true p")
    axes[0].set_title(f"Coverage at n = {ns[i25]}")
    axes[1].set_xlabel("n")
    axes[1].set_title("Coverage averaged over p = 0.01..0.99")
    axes[1].legend(fontsize=8, ncol=2, loc="lower right")
    for m, points in rd_balanced.items():
        n_arm, mean_cov = zip(*points, strict=True)
        axes[2].plot(n_arm, mean_cov, marker="o", ms=3, lw=1.2, label=m)
    axes[2].axhline(LEVEL, color="k", lw=0.8, ls="--")
    axes[2].set_ylim(0.80, 1.0)
    axes[2].set_xlabel("n per arm (n1 = n2)")
    axes[2].set_ylabel("exact coverage")
    axes[2].set_title("Risk difference: coverage averaged over (p1, p2)")
    axes[2].legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="coarser grids (a few seconds)")
    args = parser.parse_args()
    start = time.perf_counter()
    res = run(quick=args.quick)
    g = res["grid"].iloc[0]
    print(f"## Single proportion, 95%: n = {g['ns']}, p = 0.01..0.99 step 0.01\n")
    print(_markdown(res["proportion"]))
    print(f"\n## Risk difference, 95%: {g['pairs']} pairs of arm sizes from {RD_SIZES}, "
          f"p1, p2 on 25 points 0.02..0.98\n")
    print(_markdown(res["rd"]))
    print(f"\n## Risk difference, 95%, small grid {g['small_pairs']} (all methods, with exact)\n")
    print(_markdown(res["rd_small"]))
    print("\nseconds per method on the small grid: "
          + ", ".join(f"{k} {v:.2f}" for k, v in res["times"].items()))
    print(f"\nfigure: {OUT / 'coverage.png'}; total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
