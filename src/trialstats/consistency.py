"""Consistency of quoted numbers: what a printed figure implies, and whether figures printed
together agree.

Printed figures are taken as strings where their digits matter: "0.36" stands for any value
in [0.355, 0.365] (:mod:`trialstats.printed`). :func:`printed_range` propagates that
half-unit rounding through any of the package's conversions, so that a check says
"consistent" whenever *some* set of unrounded values behind the printed ones reproduces
what was printed, and "inconsistent" only when none does.

Rounding rule: a printed figure stands for the closed interval value ± half a unit of its
last digit. Closed at both ends, so round-half-up, round-half-down and round-half-even are
all accepted — the same convention as the "up_or_down" default of the scrutiny R package's
GRIM test. Percentages and means are compared in exact integer arithmetic, so no
floating-point error decides a borderline case.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._scipy_stats import stats
from ._validate import (
    as_count_array,
    as_float_array,
    broadcast_arrays,
    check_confidence_level,
    check_positive,
    check_probability,
    choose,
    extract_index,
    is_scalar_input,
    positions,
    unwrap,
)
from .continuous import _check_ordered, _is_text, as_figure_array, se_from_p
from .printed import Printed, parse_printed
from .results import Estimate, Significance, build_estimate

__all__ = [
    "altman_bland_p",
    "altman_bland_z",
    "ci_from_p",
    "counts_for_percent",
    "from_se",
    "grim",
    "p_from_ci",
    "printed_range",
    "range_matches_printed",
    "sample_sizes_for_percent",
    "smd_ci",
]

_TINY = np.finfo(float).tiny


# ---------------------------------------------------------------------------
# printed figures: exact decimal handling and rounding propagation
# ---------------------------------------------------------------------------


def _printed_list(name: str, value: Any) -> list[Printed]:
    """Parse one printed figure, or a flat sequence of them, naming ``name`` in every error."""

    def one(v: Any) -> Printed:
        if isinstance(v, np.generic):
            v = v.item()
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            raise TypeError(
                f"{name} must be a printed figure such as '5.19', got {type(v).__name__} {v!r:.40}"
            )
        if isinstance(v, int) and abs(v) > 2**53:
            raise ValueError(f"{name} is too large to be a printed figure ({len(str(abs(v)))} digits)")
        p = parse_printed(v, name=name)
        if not math.isfinite(p.value):
            raise ValueError(f"{name} must be finite, got {p.text!r:.40}")
        return p

    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        if value.ndim > 1:
            raise ValueError(
                f"{name} must be a figure or a flat sequence of figures, got shape {value.shape}"
            )
        value = value.tolist() if value.ndim else value.item()
    if isinstance(value, list | tuple):
        if not value:
            raise ValueError(f"{name} must not be empty")
        return [one(v) for v in value]
    return [one(value)]


def _exact_units(p: Printed) -> int:
    """The printed number as an exact integer count of units of its last printed digit.

    ``repr`` of the parsed float reproduces the printed decimal digits exactly (shortest
    round-trip representation), so ``Decimal`` gives the exact count: "5.19" → 519.
    """
    return int(Decimal(repr(p.value)).scaleb(p.decimals).to_integral_value())


def _box(p: Printed, name: str) -> tuple[float, float]:
    """The closed range a printed figure stands for, with '<' figures taken as (0, x]."""
    if p.relation in (">", ">="):
        raise ValueError(f"{name}: a figure printed as {p.text!r} has no upper bound to propagate")
    if p.relation in ("<", "<="):
        return (_TINY if p.value > 0 else -math.inf), p.value
    return p.low, p.high


def printed_range(func: Callable[..., Any], *args: Any, attr: str | None = None, **kwargs: Any):
    """The range of ``func``'s result over the rounding of every printed (string) argument.

    Each string argument that reads as a number (or array of such strings) stands for the
    closed interval of values its printed digits allow ("43.5" → [43.45, 43.55]; "p < .01"
    → (0, 0.01]); numbers are taken as exact. The function is evaluated at every corner of
    that box and the minimum and maximum are returned. This is exact when the result is
    monotone in each printed argument over its (narrow) rounding interval. That holds for
    the package's conversions (SD from an interval, p from an interval, interval from an SE
    or p, interval of d); for the Welch p, whose df also move with the SDs, the tests check
    it by dense sampling inside the box.

    Parameters
    ----------
    func : callable
        E.g. :func:`trialstats.sd_from_ci`, :func:`trialstats.p_from_ci`.
    *args, **kwargs
        Its arguments; strings that read as numbers are printed figures, other strings
        (options such as ``method="noncentral_t"``) are passed through.
    attr : str, optional
        Attribute of the result to take (``"low"``, ``"high"``, ``"pvalue"``, ...) when
        ``func`` returns an ``Estimate`` or ``Significance``.

    Returns
    -------
    (low, high) : floats, or arrays for array input

    See Also
    --------
    range_matches_printed

    Notes
    -----
    Evaluates the function at every corner of the rounding boxes of its printed arguments and
    returns the lowest and highest result: the range of values the printed inputs allow
    (interval arithmetic by enumeration; exact for functions monotone in each argument).

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> from trialstats import sd_from_ci
    >>> lo, hi = printed_range(sd_from_ci, "23.0", "43.5", 15)
    >>> round(lo, 2), round(hi, 2)
    (18.42, 18.6)
    """

    def box(name: str, value: Any) -> tuple[np.ndarray, np.ndarray] | None:
        """(lowest, highest) values a printed argument stands for; None if not printed."""
        if not _is_text(value):
            return None
        if isinstance(value, str):
            try:
                parse_printed(value)
            except ValueError:
                return None  # an option such as method="normal", not a printed figure
        items = _printed_list(name, value)
        lo = np.array([_box(p, name)[0] for p in items])
        hi = np.array([_box(p, name)[1] for p in items])
        if isinstance(value, str):
            lo, hi = lo.reshape(()), hi.reshape(())
        return lo, hi

    names = [f"argument {i + 1}" for i in range(len(args))] + list(kwargs)
    values = [*args, *kwargs.values()]
    boxes = [box(name, value) for name, value in zip(names, values, strict=True)]
    printed = [i for i, b in enumerate(boxes) if b is not None]
    results = []
    for corner in itertools.product((0, 1), repeat=len(printed)):
        chosen = list(values)
        for i, side in zip(printed, corner, strict=True):
            chosen[i] = boxes[i][side]  # type: ignore[index]  # printed: not None
        res = func(*chosen[: len(args)], **dict(zip(kwargs, chosen[len(args) :], strict=True)))
        if attr is not None:
            res = getattr(res, attr)
        results.append(np.asarray(res, dtype=float))
    stacked = np.stack(results)
    lo, hi = np.nanmin(stacked, axis=0), np.nanmax(stacked, axis=0)
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi


def range_matches_printed(
    text: Any, low: ArrayLike, high: ArrayLike | None = None, *, scale: float = 1.0
) -> bool | np.ndarray:
    """Whether a recomputed value, or any value in a recomputed range, prints as ``text``.

    The range [low, high] (for example from :func:`printed_range`) is consistent with the
    printed figure when it overlaps the interval the printed digits stand for.

    See Also
    --------
    printed_range
    trialstats.printed_matches

    Notes
    -----
    Consistent when [low, high] (times ``scale``) overlaps the printed figure's rounding interval.

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> range_matches_printed("0.36", 0.3604), range_matches_printed("0.40", 0.3604)
    (True, False)
    >>> range_matches_printed("1.91", 1.899, 1.907)
    True
    """
    scalar = isinstance(text, str) and np.ndim(low) == 0 and (high is None or np.ndim(high) == 0)
    items = _printed_list("text", text)
    extract_index(low, high)  # Series with different indexes would be paired by position
    lo = as_float_array("low", low) * scale
    hi = lo if high is None else as_float_array("high", high) * scale
    plo = np.array([-math.inf if p.relation in ("<", "<=") else p.low for p in items])
    phi = np.array([math.inf if p.relation in (">", ">=") else p.high for p in items])
    if isinstance(text, str):
        plo, phi = plo.reshape(()), phi.reshape(())
    eps = 1e-9 * np.maximum(1.0, np.abs(hi))
    out = (hi >= plo - eps) & (lo <= phi + eps)
    return bool(out) if scalar else out


# ---------------------------------------------------------------------------
# percentages and means of integer data
# ---------------------------------------------------------------------------


def _bracket_integers(
    units: np.ndarray, decimals: np.ndarray, denom: np.ndarray, scale: int
) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest integer k with u − ½ ≤ scale·10^d·k/denom ≤ u + ½.

    These are the k whose ratio k/denom (× scale) prints as u·10^−d at d decimals, both
    half-way cases accepted. Integer arithmetic (int64), so no rounding error decides a
    borderline case.
    """
    u = units.astype(np.int64)
    den = denom.astype(np.int64)
    div = 2 * scale * 10 ** decimals.astype(np.int64)
    if np.any(np.abs(2 * u + 1) > (2**62) // np.maximum(den, 1)):
        raise ValueError("figure or sample size too large for an exact integer check")
    k_min = -((-(2 * u - 1) * den) // div)
    k_max = ((2 * u + 1) * den) // div
    return k_min, k_max


def _percent_units(name: str, percent: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    items = _printed_list(name, percent)
    for p in items:
        if p.relation != "=":
            raise ValueError(f"{name} must be an exact printed figure, got {p.text!r}")
        if not 0 <= p.value <= 100:
            raise ValueError(f"{name} must lie between 0 and 100 (percent), got {p.text!r}")
    units = np.array([_exact_units(p) for p in items], dtype=np.int64)
    decimals = np.array([p.decimals for p in items], dtype=np.int64)
    return units, decimals, isinstance(percent, str | int | float)


# counts_for_percent returns lists; beyond this many numbers it would exhaust memory
_MAX_LISTED_COUNTS = 1_000_000


def counts_for_percent(percent: str | Sequence[str], n: ArrayLike) -> list[int] | list[list[int]]:
    """The event counts x (0 ≤ x ≤ n) for which 100·x/n prints as ``percent``.

    Parameters
    ----------
    percent : str or sequence of str
        The percentage as printed, with or without "%" (always in percent units: "67%"
        and "67" both mean 67 %). Its decimals set the rounding: "67%" is [66.5, 67.5].
    n : int or array-like
        Group size.

    Returns
    -------
    list of int (scalar input) or list of lists (one per element).

    See Also
    --------
    sample_sizes_for_percent
    grim
    trialstats.proportion_ci

    Notes
    -----
    A percentage printed with d decimals as u·10^−d stands for [u − ½, u + ½]·10^−d; the counts
    are the integers x with that interval containing 100·x/n, found in exact integer arithmetic
    (the same rounding idea as GRIM [1]_). R: ``x <- 0:n; x[round(100 * x / n, d) == u / 10^d]``
    (R's ``round`` breaks half-way ties to even; here both half-way cases are accepted).

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test: a simple technique detects numerous
       anomalies in the reporting of results in psychology. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> counts_for_percent("67%", 15)
    [10]
    >>> counts_for_percent("20%", 15)
    [3]
    >>> counts_for_percent("67.4", 150)
    []
    """
    units, decimals, scalar_p = _percent_units("percent", percent)
    k = as_count_array("n", n, minimum=1)
    scalar = scalar_p and np.ndim(k) == 0
    units_b, decimals_b, k_b = broadcast_arrays(percent=units, decimals=decimals, n=k)
    k_int = k_b.astype(np.int64)
    k_min, k_max = _bracket_integers(units_b, decimals_b, k_int, scale=100)
    lo_all = np.maximum(k_min, 0).ravel()
    hi_all = np.minimum(k_max, k_int).ravel()
    listed = int(np.maximum(hi_all - lo_all + 1, 0).sum())
    if listed > _MAX_LISTED_COUNTS:
        raise ValueError(f"n is too large for the precision of percent: {listed:,} counts would be listed "
                         f"(limit {_MAX_LISTED_COUNTS:,}); the printed figure says little about so large "
                         "a group")
    out = [list(range(int(lo), int(hi) + 1)) for lo, hi in zip(lo_all, hi_all, strict=True)]
    return out[0] if scalar else out


def sample_sizes_for_percent(percent: str, max_n: int = 1000) -> np.ndarray:
    """Every group size n ≤ ``max_n`` for which some count x gives the printed percentage.

    See Also
    --------
    counts_for_percent

    Notes
    -----
    The n ≤ ``max_n`` for which :func:`counts_for_percent` is not empty, vectorized over n.

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> sample_sizes_for_percent("67%", max_n=15)
    array([ 3,  6,  9, 12, 15])
    """
    units, decimals, scalar = _percent_units("percent", percent)
    if not scalar:
        raise TypeError("percent must be a single printed figure such as '67%'")
    if isinstance(max_n, bool) or not isinstance(max_n, int | np.integer) or max_n < 1:
        raise ValueError(f"max_n must be a positive integer, got {max_n!r}")
    u, d = int(units[0]), int(decimals[0])
    n = np.arange(1, int(max_n) + 1, dtype=np.int64)
    # Integers are small here (u < 10^(d+2), n ≤ max_n), so int64 floor division is exact.
    div = 2 * 100 * 10**d
    k_min = -((-(2 * u - 1) * n) // div)
    k_max = ((2 * u + 1) * n) // div
    ok = np.maximum(k_min, 0) <= np.minimum(k_max, n)
    return n[ok]


def grim(mean: ArrayLike, n: ArrayLike, items: ArrayLike = 1) -> bool | np.ndarray:
    """GRIM test: whether a mean of integer data printed as ``mean`` is possible with n.

    A mean of ``n`` integer responses on ``items`` items is a sum divided by n·items, so
    only some decimals are possible. The printed mean is consistent when some integer
    total T gives T/(n·items) that prints as ``mean`` at its printed decimals (both
    half-way rounding directions accepted, as scrutiny's default ``"up_or_down"``). When
    n·items ≥ 10^decimals every mean is possible and the test cannot fail.

    Parameters
    ----------
    mean : str or sequence of str
        The mean as printed ("5.19"); trailing zeros count ("5.10" has 2 decimals).
    n : int or array-like
        Sample size.
    items : int or array-like
        Number of items averaged per person (1 for a single integer score).

    Returns
    -------
    bool, or ndarray of bool

    See Also
    --------
    counts_for_percent

    Notes
    -----
    A mean of n integer scores (``items`` per person) with d decimals is possible only if some
    integer total T has T / (n · items) rounding to the printed mean [1]_. R: ``scrutiny::grim(x, n, items)``.

    References
    ----------
    .. [1] Brown NJL, Heathers JAJ (2017). The GRIM test: a simple technique detects numerous
       anomalies in the reporting of results in psychology. Soc Psychol Personal Sci 8:363-369.
       doi:10.1177/1948550616673876

    Examples
    --------
    >>> grim("5.19", 40), grim("11.10", 20), grim("11.10", 19)
    (False, True, False)
    """
    printed = _printed_list("mean", mean)
    for p in printed:
        if p.relation != "=":
            raise ValueError(f"mean must be an exact printed figure, got {p.text!r}")
    units = np.array([_exact_units(p) for p in printed], dtype=np.int64)
    decimals = np.array([p.decimals for p in printed], dtype=np.int64)
    k = as_count_array("n", n, minimum=1)
    it = as_count_array("items", items, minimum=1)
    scalar = isinstance(mean, str | int | float) and np.ndim(k) == 0 and np.ndim(it) == 0
    units, decimals, k, it = broadcast_arrays(mean=units, decimals=decimals, n=k, items=it)
    total = (k * it).astype(np.int64)
    # A negative mean: test its absolute value (the granularity is symmetric).
    t_min, t_max = _bracket_integers(np.abs(units), decimals, total, scale=1)
    ok = t_min <= t_max
    return bool(ok) if scalar else ok


# ---------------------------------------------------------------------------
# CI <-> p (Altman & Bland 2011)
# ---------------------------------------------------------------------------


def altman_bland_z(p: ArrayLike) -> Any:
    """Altman & Bland's (2011, BMJ d2090) approximation z = −0.862 + √(0.743 − 2.404·ln P).

    Kept to show that it agrees with the exact normal quantile the package uses.

    Examples
    --------
    >>> round(altman_bland_z(0.032), 3)
    2.141
    """
    scalar = is_scalar_input(p)
    pv = as_figure_array("p", p)
    check_probability("p", pv)
    return unwrap(-0.862 + np.sqrt(0.743 - 2.404 * np.log(pv)), scalar)


def altman_bland_p(z: Any) -> Any:
    """Altman & Bland's (2011, BMJ d2304) approximation P = exp(−0.717·z − 0.416·z²), z ≥ 0.

    Examples
    --------
    >>> round(altman_bland_p(2.0), 4)
    0.0451
    """
    scalar = is_scalar_input(z)
    zz = np.abs(as_float_array("z", z))
    return unwrap(np.exp(-0.717 * zz - 0.416 * zz**2), scalar)


def _quantile(cl: float, df: np.ndarray | None) -> np.ndarray:
    if df is None:
        return np.asarray(stats.norm.ppf(0.5 + cl / 2))
    return stats.t.ppf(0.5 + cl / 2, df)


def _df_array(df: Any) -> np.ndarray | None:
    if df is None:
        return None
    d = as_float_array("df", df)
    check_positive("df", d)
    return d


def p_from_ci(
    estimate: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    *,
    ratio: bool = False,
    confidence_level: float = 0.95,
    df: ArrayLike | None = None,
) -> Significance:
    """The two-sided p-value that an estimate and its confidence interval imply.

    SE = (high − low)/(2·q) on the analysis scale (the log scale when ``ratio=True``),
    z = estimate/SE, p = 2Φ(−|z|) — the exact normal tail, where Altman & Bland give the
    approximation exp(−0.717z − 0.416z²) (kept in ``extra["p_approx"]``). With ``df`` the
    interval is taken as a t interval and p comes from the t distribution.

    Parameters
    ----------
    estimate, low, high : float, str or array-like
        Printed strings are accepted; use :func:`printed_range` with ``attr="pvalue"`` to
        propagate their rounding.
    ratio : bool
        For risk, odds and hazard ratios (analysed on the log scale).
    confidence_level : float
        Of the printed interval.
    df : float or array-like, optional

    Returns
    -------
    Significance
        ``test`` "z from interval" (or "t from interval"), ``statistic`` z (or t), ``df``;
        ``extra`` holds ``se`` and ``p_approx``.

    See Also
    --------
    ci_from_p
    from_se

    Notes
    -----
    SE = (high − low) / (2 z_{1−α/2}) (on the log scale for a ratio), z = estimate / SE,
    p = 2(1 − Φ(|z|)) (Altman & Bland 2011, BMJ 343:d2304). R: ``2 * pnorm(-abs(est / se))``.

    References
    ----------
    .. [1] Altman DG, Bland JM (2011). How to obtain the P value from a confidence interval.
       BMJ 343:d2304. doi:10.1136/bmj.d2304

    Examples
    --------
    >>> print(p_from_ci(17, 1.4, 32.6))
    z from interval: statistic 2.136, p = 0.033
    """
    scalar = is_scalar_input(estimate, low, high, df)
    index = extract_index(estimate, low, high)
    cl = check_confidence_level(confidence_level)
    est = as_figure_array("estimate", estimate)
    lo = as_figure_array("low", low)
    hi = as_figure_array("high", high)
    est, lo, hi = broadcast_arrays(estimate=est, low=lo, high=hi)
    _check_ordered(lo, hi)
    _check_inside(est, lo, hi)
    if ratio:
        for name, arr in (("estimate", est), ("low", lo), ("high", hi)):
            check_positive(name, arr)
        est, lo, hi = np.log(est), np.log(lo), np.log(hi)
    d = _df_array(df)
    se = (hi - lo) / (2 * _quantile(cl, d))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, est / np.where(se > 0, se, 1), np.sign(est) * np.inf)
    p = 2 * (stats.norm.sf(np.abs(z)) if d is None else stats.t.sf(np.abs(z), d))
    return Significance(
        test="z from interval" if d is None else "t from interval",
        statistic=unwrap(z, scalar),
        pvalue=unwrap(p, scalar),
        df=None if d is None else unwrap(np.broadcast_to(d, np.shape(z)), scalar),
        inputs=dict(estimate=estimate, low=low, high=high, ratio=ratio, df=df),
        index=index,
        extra=dict(se=unwrap(se, scalar), p_approx=unwrap(altman_bland_p(z), scalar)),
    )


def _check_inside(est: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
    bad = (est < lo) | (est > hi)
    if bad.any():
        if est.ndim == 0:
            raise ValueError(
                f"estimate must lie within its interval: got {est.item():g} outside "
                f"({lo.item():g}, {hi.item():g})"
            )
        raise ValueError(
            f"estimate must lie within its interval at positions {positions(bad)}"
        )


def from_se(
    estimate: ArrayLike,
    se: ArrayLike,
    df: ArrayLike | None = None,
    *,
    ratio: bool = False,
    confidence_level: float = 0.95,
) -> Estimate:
    """The confidence interval and p-value that an estimate and its standard error imply.

    Interval estimate ± q·SE with q the normal quantile, or the t quantile on ``df`` when
    given; p from the matching z or t test. With ``ratio=True`` the SE is that of the log
    ratio and the interval is exponentiated.

    Parameters
    ----------
    estimate, se : float, str or array-like
    df : float or array-like, optional
    ratio : bool
    confidence_level : float

    Returns
    -------
    Estimate
        ``method`` "normal" or "t"; ``extra`` holds ``se``, ``statistic`` and ``df``.

    See Also
    --------
    ci_from_p
    p_from_ci
    trialstats.se_from_p

    Notes
    -----
    estimate ± q SE with q the normal quantile (or t on ``df``); for a ratio on the log scale.
    The p-value is 2 (1 − Φ(|estimate / SE|)). R: ``est + c(-1, 1) * qnorm(0.975) * se``.

    References
    ----------
    .. [1] Altman DG, Bland JM (2011). How to obtain the confidence interval from a P value.
       BMJ 343:d2090. doi:10.1136/bmj.d2090 (steps 2-3 of their box)

    Examples
    --------
    >>> print(from_se(17, 7.940))
    difference 17.000 (95% CI 1.438 to 32.562; normal), p = 0.032
    """
    scalar = is_scalar_input(estimate, se, df)
    index = extract_index(estimate, se)
    cl = check_confidence_level(confidence_level)
    est = as_figure_array("estimate", estimate)
    s = as_figure_array("se", se)
    check_positive("se", s)
    if ratio:
        check_positive("estimate", est)
        est = np.log(est)
    d = _df_array(df)
    est, s = broadcast_arrays(estimate=est, se=s)
    q = _quantile(cl, d)
    stat = est / s
    p = 2 * (stats.norm.sf(np.abs(stat)) if d is None else stats.t.sf(np.abs(stat), d))
    lo, hi = est - q * s, est + q * s
    point = est
    if ratio:
        point, lo, hi = np.exp(est), np.exp(lo), np.exp(hi)
    return build_estimate(
        measure="ratio" if ratio else "difference",
        estimate=point,
        low=lo,
        high=hi,
        confidence_level=cl,
        method="normal" if d is None else "t",
        pvalue_test="wald_z" if d is None else "student_t",
        pvalue=p,
        inputs=dict(estimate=estimate, se=se, df=df, ratio=ratio),
        index=index,
        scalar=scalar,
        extra=dict(
            se=s,
            statistic=stat,
            df=None if d is None else np.broadcast_to(d, np.shape(stat)),
        ),
    )


def ci_from_p(
    estimate: ArrayLike,
    p: ArrayLike,
    df: ArrayLike | None = None,
    *,
    ratio: bool = False,
    confidence_level: float = 0.95,
) -> Estimate:
    """The confidence interval that an estimate and its two-sided p-value imply.

    SE from :func:`trialstats.se_from_p` (exact normal or t quantile), then the interval
    of :func:`from_se`. ``pvalue`` echoes the p given.

    See Also
    --------
    from_se
    p_from_ci
    trialstats.se_from_p

    Notes
    -----
    SE = |estimate| / z_{1−p/2} (or the t quantile on ``df``), then estimate ± z_{1−α/2} SE, on the
    log scale for a ratio (Altman & Bland 2011). R: ``se <- abs(log(est)) / qnorm(1 - p / 2);
    exp(log(est) + c(-1, 1) * qnorm(0.975) * se)``.

    References
    ----------
    .. [1] Altman DG, Bland JM (2011). How to obtain the confidence interval from a P value.
       BMJ 343:d2090. doi:10.1136/bmj.d2090

    Examples
    --------
    >>> e = ci_from_p(0.30, 0.034, ratio=True)
    >>> round(e.low, 2), round(e.high, 2)
    (0.1, 0.91)
    """
    se = se_from_p(estimate, p, df, ratio=ratio)
    est = from_se(estimate, se, df, ratio=ratio, confidence_level=confidence_level)
    # from_se built the estimate; only its provenance differs
    return dataclasses.replace(
        est,
        method_detail="standard error implied by the p-value given",
        inputs=dict(estimate=estimate, p=p, df=df, ratio=ratio),
    )


# ---------------------------------------------------------------------------
# standardized mean difference
# ---------------------------------------------------------------------------


def _nct_limit(t: np.ndarray, df: np.ndarray, target: float) -> np.ndarray:
    """The noncentrality λ with P(T ≤ t | df, λ) = target, by vectorized bisection.

    The cdf decreases in λ, so bisection on a wide bracket converges for every element at
    once (scipy has no vectorized inverse in λ; a per-element root finder would loop).
    """
    lo = t - 10.0 - np.abs(t)
    hi = t + 10.0 + np.abs(t)
    for _ in range(60):  # bracket width ≤ 2(10 + 2|t|); 2^-60 of it is below 1e-15·|t|
        mid = (lo + hi) / 2
        above = stats.nct.cdf(t, df, mid) > target
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
    return (lo + hi) / 2


def _smd_ci_normal(
    d: np.ndarray, k1: np.ndarray, k2: np.ndarray, se: np.ndarray, cl: float
) -> tuple[Any, ...]:
    z = stats.norm.ppf(0.5 + cl / 2)
    return d - z * se, d + z * se, 2 * stats.norm.sf(np.abs(d / se)), "large-sample normal", "wald_z"


def _smd_ci_noncentral_t(
    d: np.ndarray, k1: np.ndarray, k2: np.ndarray, se: np.ndarray, cl: float
) -> tuple[Any, ...]:
    scale = np.sqrt(1 / k1 + 1 / k2)
    t = d / scale
    df = k1 + k2 - 2
    lo = _nct_limit(t, df, 0.5 + cl / 2) * scale
    hi = _nct_limit(t, df, 0.5 - cl / 2) * scale
    return lo, hi, 2 * stats.t.sf(np.abs(t), df), "noncentral t", "student_t"


# one {name: function} for the choice of interval, each giving (low, high, p, method_detail,
# pvalue_test); the keys are the public list
_SMD_CI_METHODS = {"normal": _smd_ci_normal, "noncentral_t": _smd_ci_noncentral_t}
SMD_CI_METHODS = tuple(_SMD_CI_METHODS)
# the names of SMD_CI_METHODS as a type, for signatures and type checkers (a test keeps them equal)
SMDCIMethod = Literal["normal", "noncentral_t"]


def smd_ci(
    d: ArrayLike,
    n1: ArrayLike,
    n2: ArrayLike,
    *,
    confidence_level: float = 0.95,
    method: SMDCIMethod = "normal",
) -> Estimate:
    """The confidence interval a reported standardized mean difference implies for n1, n2.

    ``method="normal"`` (default): d ± z·√v with v = 1/n1 + 1/n2 + d²/(2(n1 + n2)), the
    large-sample variance of metafor's ``escalc("SMD")`` (Hedges & Olkin 1985). The same
    formula serves Cohen's d and Hedges' g (pass whichever was reported). Both limits
    increase with d for any n1 + n2 ≥ 4, so :func:`printed_range` gives exact limits for a
    printed d.

    ``method="noncentral_t"``: the exact interval for Cohen's d of two normal groups with
    equal variances, by inverting the noncentral t distribution of t = d/√(1/n1 + 1/n2) on
    n1 + n2 − 2 df (Steiger & Fouladi 1997); tested against R's ``pt(..., ncp=)``.

    See Also
    --------
    trialstats.smd
    sample_sizes_for_smd_ci

    Notes
    -----
    normal: d ± z √(1/n1 + 1/n2 + d²/(2(n1 + n2))); noncentral_t: the noncentrality limits of
    t = d / √(1/n1 + 1/n2) on n1 + n2 − 2 df, rescaled (Steiger & Fouladi 1997). R:
    ``MBESS::ci.smd(smd = d, n.1 = n1, n.2 = n2)`` for the noncentral t interval.

    References
    ----------
    .. [1] Hedges LV, Olkin I (1985). Statistical Methods for Meta-Analysis. Academic Press.
       doi:10.1016/C2009-0-03396-0
    .. [2] Steiger JH, Fouladi RT (1997). Noncentrality interval estimation and the evaluation
       of statistical models. In: Harlow LL, Mulaik SA, Steiger JH (eds), What If There Were
       No Significance Tests? Erlbaum, 221-257

    Examples
    --------
    >>> e = smd_ci(1.13, 15, 15)
    >>> round(e.low, 3), round(e.high, 3)
    (0.359, 1.901)
    >>> e = smd_ci(1.13, 15, 15, method="noncentral_t")
    >>> round(e.low, 3), round(e.high, 3)
    (0.347, 1.895)
    """
    scalar = is_scalar_input(d, n1, n2)
    index = extract_index(d, n1, n2)
    cl = check_confidence_level(confidence_level)
    dd = as_figure_array("d", d)
    k1 = as_count_array("n1", n1, minimum=2)
    k2 = as_count_array("n2", n2, minimum=2)
    dd, k1, k2 = broadcast_arrays(d=dd, n1=k1, n2=k2)
    var = 1 / k1 + 1 / k2 + dd**2 / (2 * (k1 + k2))
    se = np.sqrt(var)
    lo, hi, p, label, pvalue_test = choose("method", method, _SMD_CI_METHODS)(dd, k1, k2, se, cl)
    return build_estimate(
        measure="standardized mean difference",
        estimate=dd,
        low=lo,
        high=hi,
        confidence_level=cl,
        method=method,
        method_detail=label,
        pvalue=p,
        pvalue_test=pvalue_test,
        inputs=dict(d=d, n1=n1, n2=n2, method=method),
        index=index,
        scalar=scalar,
        extra=dict(se=se, variance=var),
    )
