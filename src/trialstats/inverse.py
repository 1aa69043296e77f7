"""Inverse questions for incomplete reports: which sample sizes reproduce what was printed.

Reviewers often meet a paper that printed the summary statistics and a p-value or an
interval but not the per-arm sizes. These functions search every candidate and return all
of them that reproduce the printed figures within their rounding (closed half-unit
intervals, as everywhere in :mod:`trialstats.consistency`), never just the first.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._scipy_stats import stats
from ._validate import check_choice, check_confidence_level
from .consistency import _box, _printed_list
from .printed import Printed

__all__ = ["sample_sizes_for_smd_ci", "splits_for_p"]


def _one_printed(name: str, value: Any) -> Printed:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be the figure as printed (a string such as '19.12'), got {value!r}")
    return _printed_list(name, value)[0]


def _welch_or_pooled_p(m1: Any, s1: Any, n1: Any, m2: Any, s2: Any, n2: Any, pooled: bool) -> np.ndarray:
    v1, v2 = s1**2 / n1, s2**2 / n2
    if pooled:
        df = n1 + n2 - 2
        se = np.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / df * (1 / n1 + 1 / n2))
    else:
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return 2 * stats.t.sf(np.abs(m1 - m2) / se, df)


def splits_for_p(
    mean1: str,
    sd1: str,
    mean2: str,
    sd2: str,
    n_total: int,
    p: str,
    *,
    tests: tuple[str, ...] = ("welch", "pooled"),
    min_per_arm: int = 2,
) -> pd.DataFrame:
    """Every split of ``n_total`` into two arms whose t-test reproduces the printed p.

    For each n1 = ``min_per_arm`` … n_total − ``min_per_arm`` (n2 = n_total − n1) and each
    test, the two-sided p is computed at the printed means and SDs, and its range over
    the rounding of all four (every corner of their half-unit box: p is monotone in each).
    A split is ``consistent`` when that range meets the interval the printed p stands for.

    Parameters
    ----------
    mean1, sd1, mean2, sd2 : str
        As printed ("34.44", "19.12").
    n_total : int
        Total analysed.
    p : str
        As printed ("0.022", "p < .05").
    tests : tuple of {"welch", "pooled"}
    min_per_arm : int

    Returns
    -------
    DataFrame
        One row per (n1, test), all splits: ``n1``, ``n2``, ``test``, ``p`` (at the printed
        values), ``p_min``, ``p_max``, ``consistent``; filter on ``consistent`` for the
        candidates.

    See Also
    --------
    sample_sizes_for_smd_ci
    trialstats.mean_difference

    Notes
    -----
    For each split n1 + n2 = ``n_total`` the t-test p-value is evaluated at every corner of the
    rounding boxes of the printed means and SDs; a split is consistent when the printed p lies in
    the range they give (statcheck-style recomputation, Nuijten et al. 2016).

    References
    ----------
    .. [1] Nuijten MB, Hartgerink CHJ, van Assen MALM, Epskamp S, Wicherts JM (2016). The
       prevalence of statistical reporting errors in psychology (1985-2013). Behav Res Methods
       48:1205-1226. doi:10.3758/s13428-015-0664-2

    Examples
    --------
    >>> df = splits_for_p("34.44", "19.12", "16.50", "11.39", 20, "0.022")
    >>> df.loc[df.consistent, ["n1", "n2", "test"]].values.tolist()
    [[10, 10, 'welch']]
    """
    for t in tests:
        check_choice("test", t, ["welch", "pooled"])
    if isinstance(n_total, bool) or not isinstance(n_total, int | np.integer):
        raise TypeError(f"n_total must be an integer, got {n_total!r}")
    if n_total < 2 * min_per_arm:
        raise ValueError(f"n_total must be at least 2·min_per_arm = {2 * min_per_arm}, got {n_total}")
    figures = {k: _one_printed(k, v) for k, v in dict(mean1=mean1, sd1=sd1, mean2=mean2, sd2=sd2).items()}
    pp = _one_printed("p", p)
    p_lo, p_hi = _box(pp, "p")
    n1 = np.arange(min_per_arm, n_total - min_per_arm + 1, dtype=float)
    n2 = n_total - n1
    boxes = {k: np.array(_box(f, k)) for k, f in figures.items()}
    # all 16 corners of the rounding box, broadcast against the candidate n1 (axis 1)
    grid = np.array(np.meshgrid(*boxes.values(), indexing="ij")).reshape(4, -1)[..., None]
    frames = []
    for test in tests:
        pooled = test == "pooled"
        f = {k: figures[k].value for k in ("mean1", "sd1", "mean2", "sd2")}
        at = _welch_or_pooled_p(f["mean1"], f["sd1"], n1, f["mean2"], f["sd2"], n2, pooled)
        corner = _welch_or_pooled_p(grid[0], grid[1], n1, grid[2], grid[3], n2, pooled)
        lo, hi = corner.min(axis=0), corner.max(axis=0)
        eps = 1e-12
        frames.append(
            pd.DataFrame(
                {
                    "n1": n1.astype(int),
                    "n2": n2.astype(int),
                    "test": test,
                    "p": at,
                    "p_min": lo,
                    "p_max": hi,
                    "consistent": (hi >= p_lo - eps) & (lo <= p_hi + eps),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _inverse_limit(c: np.ndarray, a: np.ndarray, k: np.ndarray, z: float, upper: bool) -> np.ndarray:
    """The d whose large-sample lower (or upper) limit equals c.

    Lower limit L(d) = d − z·√(a + d²/(2N)) = c  ⇔  (d − c)² = z²(a + d²/(2N)), d ≥ c;
    with κ = z²/(2N) < 1 this is (1 − κ)d² − 2cd + c² − z²a = 0. The upper limit
    U(d) = d + z·√(…) = c takes the other root (d ≤ c).
    """
    one_k = 1 - k
    disc = np.sqrt(c**2 - one_k * (c**2 - z**2 * a))
    return (c - disc) / one_k if upper else (c + disc) / one_k


def sample_sizes_for_smd_ci(
    d: str,
    low: str,
    high: str,
    *,
    max_n: int = 200,
    min_n: int = 2,
    equal_arms: bool = False,
    confidence_level: float = 0.95,
) -> pd.DataFrame:
    """Every pair of arm sizes for which a printed d and its interval agree.

    The interval is taken to be the large-sample one of :func:`trialstats.smd_ci`
    (metafor's ``escalc("SMD")`` variance). A pair (n1, n2) is a candidate when some
    unrounded d within the rounding of the printed d has both limits within the rounding
    of the printed limits. The variance is symmetric in n1 and n2, so pairs are listed
    with n1 ≤ n2. Exact (no grid over d): both limits increase with d once n1 + n2 ≥ 4,
    so each printed limit maps to an interval of d in closed form.

    Parameters
    ----------
    d, low, high : str
        As printed ("1.13", "0.36", "1.91").
    max_n, min_n : int
        Range of arm sizes searched.
    equal_arms : bool
        Only n1 = n2.
    confidence_level : float

    Returns
    -------
    DataFrame
        ``n1``, ``n2``, ``d_min``, ``d_max`` (the unrounded d that fit), one row per
        candidate, sorted by total size.

    See Also
    --------
    splits_for_p
    trialstats.smd_ci

    Notes
    -----
    Every (n1, n2) whose large-sample interval d ± z √(1/n1 + 1/n2 + d²/(2(n1 + n2))) reproduces
    the printed limits within their rounding (Hedges & Olkin 1985).

    References
    ----------
    .. [1] Hedges LV, Olkin I (1985). Statistical Methods for Meta-Analysis. Academic Press.
       doi:10.1016/C2009-0-03396-0

    Examples
    --------
    >>> df = sample_sizes_for_smd_ci("1.13", "0.36", "1.91", equal_arms=True, max_n=40)
    >>> df.n1.tolist()
    [15]
    """
    cl = check_confidence_level(confidence_level)
    for name, v in (("max_n", max_n), ("min_n", min_n)):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 2:
            raise ValueError(f"{name} must be an integer ≥ 2, got {v!r}")
    if max_n > 5000:
        raise ValueError(f"max_n must be at most 5000 (the search is over all pairs), got {max_n}")
    pd_, pl, ph = (_one_printed(n, v) for n, v in (("d", d), ("low", low), ("high", high)))
    d_lo, d_hi = _box(pd_, "d")
    l_lo, l_hi = _box(pl, "low")
    h_lo, h_hi = _box(ph, "high")
    if pl.value > ph.value:
        raise ValueError(f"low must not exceed high: got low={low!r}, high={high!r}")
    sizes = np.arange(min_n, max_n + 1, dtype=float)
    if equal_arms:
        n1 = n2 = sizes
    else:
        i, j = np.triu_indices(sizes.size)
        n1, n2 = sizes[i], sizes[j]
    n1, n2 = n1[n1 + n2 >= 4], n2[n1 + n2 >= 4]
    a = 1 / n1 + 1 / n2
    kappa = stats.norm.ppf(0.5 + cl / 2) ** 2 / (2 * (n1 + n2))
    z = float(stats.norm.ppf(0.5 + cl / 2))
    lo = np.maximum.reduce(
        [
            np.full_like(a, d_lo),
            _inverse_limit(np.full_like(a, l_lo), a, kappa, z, upper=False),
            _inverse_limit(np.full_like(a, h_lo), a, kappa, z, upper=True),
        ]
    )
    hi = np.minimum.reduce(
        [
            np.full_like(a, d_hi),
            _inverse_limit(np.full_like(a, l_hi), a, kappa, z, upper=False),
            _inverse_limit(np.full_like(a, h_hi), a, kappa, z, upper=True),
        ]
    )
    ok = lo <= hi + 1e-12
    out = pd.DataFrame({"n1": n1[ok].astype(int), "n2": n2[ok].astype(int), "d_min": lo[ok], "d_max": hi[ok]})
    return (
        out.sort_values(["n1", "n2"], key=None)
        .assign(total=lambda f: f.n1 + f.n2)
        .sort_values(["total", "n1"], ignore_index=True)
        .drop(columns="total")
    )
