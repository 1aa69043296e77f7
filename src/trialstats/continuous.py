"""Continuous outcomes from summary statistics: mean differences, standardized differences,
and the conversions review authors need when a paper printed something other than a mean
and SD (a confidence interval, a standard error, a p-value, a median and quartiles).

Every function is vectorized: arguments broadcast together, scalar input gives floats and
array input gives arrays. Where a printed figure matters, the conversion functions accept
it as a string ("23.0"), and :func:`trialstats.consistency.printed_range` propagates the
half-unit rounding of every printed argument through them.

Conventions: group 1 is the treatment arm, group 2 the comparator; differences are 1 − 2.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

from ._scipy_stats import stats
from ._validate import (
    Alternative,
    as_count_array,
    as_float_array,
    broadcast_arrays,
    check_alternative,
    check_choice,
    check_confidence_level,
    check_positive,
    check_probability,
    choose,
    extract_index,
    is_scalar_input,
    positions,
    unwrap,
)
from .printed import parse_printed
from .results import Estimate, build_estimate, format_number

__all__ = [
    "MeanSD",
    "as_figure_array",
    "mean_difference",
    "mean_sd_from_quartiles",
    "mean_sd_from_range",
    "paired_difference",
    "sd_from_ci",
    "sd_from_se",
    "se_from_p",
    "smd",
]


# ---------------------------------------------------------------------------
# arguments that may be printed figures
# ---------------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, pd.Series | pd.Index):
        value = value.to_numpy()
    if isinstance(value, list | tuple | np.ndarray):
        return any(isinstance(v, str) for v in np.asarray(value, dtype=object).ravel())
    return False


def as_figure_array(name: str, value: Any) -> np.ndarray:
    """A float array from numbers or printed figures ("23.0", "p = .022", "67%").

    Printed figures are taken at their printed value (a percent stays in percent units;
    "p < .001" is taken as 0.001). Use :func:`trialstats.consistency.printed_range` to
    propagate their rounding.

    Examples
    --------
    >>> as_figure_array("low", ["23.0", 1.5])
    array([23. ,  1.5])
    """
    if _is_text(value):
        raw = value.to_numpy() if isinstance(value, pd.Series | pd.Index) else value
        arr = np.asarray(raw, dtype=object)
        out = np.array(
            [parse_printed(v, name=name).value if isinstance(v, str) else v for v in arr.ravel()],
            dtype=object,
        ).reshape(arr.shape)
        return as_float_array(name, out if out.ndim else out.item())
    return as_float_array(name, value)


def _index_and_scalar(*values: Any) -> tuple[pd.Index | None, bool]:
    return extract_index(*values), is_scalar_input(*values)


def _plain_result(
    values: np.ndarray, scalar: bool, index: pd.Index | None, name: str
) -> float | np.ndarray | pd.Series:
    """A float for scalar input; a Series on the input's index for Series input; else the array."""
    if scalar:
        return unwrap(values, True)
    if index is not None and values.ndim == 1 and len(index) == values.size:
        return pd.Series(values, index=index, name=name)
    return values


# ---------------------------------------------------------------------------
# two independent groups
# ---------------------------------------------------------------------------


def _check_sd(name: str, value: Any) -> np.ndarray:
    arr = as_figure_array(name, value)
    check_positive(name, arr, strict=False)
    return arr


def _two_arm_summaries(
    mean1: Any, sd1: Any, n1: Any, mean2: Any, sd2: Any, n2: Any
) -> tuple[np.ndarray, ...]:
    """Check and broadcast two arms' means, SDs (>= 0) and sizes (>= 2), in that order."""
    m1 = as_figure_array("mean1", mean1)
    m2 = as_figure_array("mean2", mean2)
    s1 = _check_sd("sd1", sd1)
    s2 = _check_sd("sd2", sd2)
    k1 = as_count_array("n1", n1, minimum=2)
    k2 = as_count_array("n2", n2, minimum=2)
    return broadcast_arrays(mean1=m1, sd1=s1, n1=k1, mean2=m2, sd2=s2, n2=k2)


def _zero_se_error(se: np.ndarray, what: str) -> None:
    bad = se <= 0
    if bad.any():
        where = "" if se.ndim == 0 else f" at positions {positions(bad)}"
        raise ValueError(f"{what} are all zero{where}: the standard error is zero, so no interval exists")


def mean_difference(
    mean1: ArrayLike,
    sd1: ArrayLike,
    n1: ArrayLike,
    mean2: ArrayLike,
    sd2: ArrayLike,
    n2: ArrayLike,
    *,
    pooled: bool = False,
    confidence_level: float = 0.95,
    alternative: Alternative = "two-sided",
) -> Estimate:
    """Difference in means (group 1 − group 2) with a t interval and the t-test p.

    Parameters
    ----------
    mean1, sd1, n1, mean2, sd2, n2 : float or array-like
        Summary statistics of each group (SDs with the n − 1 divisor, n ≥ 2).
    pooled : bool
        ``False`` (default): Welch's unequal-variance t with Welch–Satterthwaite degrees
        of freedom. ``True``: Student's t with the pooled SD on n1 + n2 − 2 df.
    confidence_level : float
    alternative : {"two-sided", "less", "greater"}
        ``"greater"``: H1 mean1 > mean2, interval [low, ∞); ``"less"``: (−∞, high], as
        R's ``t.test(alternative = ...)``.

    Returns
    -------
    Estimate
        ``measure="mean difference"``, ``method`` ``"welch"`` or ``"pooled"``; ``pvalue``
        filled; ``extra`` holds ``se``, ``statistic`` (t) and ``df``.

    See Also
    --------
    smd
    paired_difference
    trialstats.splits_for_p

    Notes
    -----
    d = mean1 − mean2; Welch: SE² = s1²/n1 + s2²/n2 on the Welch–Satterthwaite df
    (s1²/n1 + s2²/n2)² / ((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1)); pooled: s² = ((n1 − 1)s1² +
    (n2 − 1)s2²)/(n1 + n2 − 2) on n1 + n2 − 2 df. One-sided: the whole α in one tail, the other
    limit ±∞. R: ``t.test(x, y, var.equal = pooled, alternative = ...)`` on data with these
    summaries; ``scipy.stats.ttest_ind_from_stats``.

    References
    ----------
    .. [1] Welch BL (1947). The generalization of 'Student's' problem when several different
       population variances are involved. Biometrika 34:28-35. doi:10.1093/biomet/34.1-2.28
    .. [2] Virtanen P, Gommers R, Oliphant TE, et al. (2020). SciPy 1.0: fundamental
       algorithms for scientific computing in Python. Nat Methods 17:261-272.
       doi:10.1038/s41592-019-0686-2 (the results agree with
       ``scipy.stats.ttest_ind_from_stats``, tested)
    .. [3] Viechtbauer W (2010). Conducting meta-analyses in R with the metafor package.
       J Stat Softw 36(3):1-48. doi:10.18637/jss.v036.i03 (the sampling variance
       s1²/n1 + s2²/n2 agrees with ``escalc("MD")``, tested)

    Examples
    --------
    >>> print(mean_difference(34.44, 19.12, 10, 16.50, 11.39, 10, pooled=True))
    mean difference 17.940 (95% CI 3.154 to 32.726; pooled), p = 0.020
    """
    index, scalar = _index_and_scalar(mean1, sd1, n1, mean2, sd2, n2)
    cl = check_confidence_level(confidence_level)
    m1, s1, k1, m2, s2, k2 = _two_arm_summaries(mean1, sd1, n1, mean2, sd2, n2)
    v1, v2 = s1**2 / k1, s2**2 / k2
    if pooled:
        df = k1 + k2 - 2
        sp2 = ((k1 - 1) * s1**2 + (k2 - 1) * s2**2) / df
        se = np.sqrt(sp2 * (1 / k1 + 1 / k2))
        method = "pooled"
    else:
        se = np.sqrt(v1 + v2)
        _zero_se_error(se, "sd1 and sd2")
        df = (v1 + v2) ** 2 / (v1**2 / (k1 - 1) + v2**2 / (k2 - 1))
        method = "welch"
    _zero_se_error(se, "sd1 and sd2")
    diff = m1 - m2
    tstat = diff / se
    side = check_alternative(alternative)
    if side == "two-sided":
        q = stats.t.ppf(0.5 + cl / 2, df)
        p = 2 * stats.t.sf(np.abs(tstat), df)
        low, high = diff - q * se, diff + q * se
    else:
        q = stats.t.ppf(cl, df)
        greater = side == "greater"
        p = stats.t.sf(tstat, df) if greater else stats.t.cdf(tstat, df)
        low = diff - q * se if greater else np.full(np.shape(diff), -np.inf)
        high = np.full(np.shape(diff), np.inf) if greater else diff + q * se
    return build_estimate(
        measure="mean difference",
        estimate=diff,
        low=low,
        high=high,
        confidence_level=cl,
        method=method,
        alternative=side,
        pvalue_test="welch_t" if method == "welch" else "student_t",
        pvalue=p,
        inputs=dict(mean1=mean1, sd1=sd1, n1=n1, mean2=mean2, sd2=sd2, n2=n2, pooled=pooled),
        index=index,
        scalar=scalar,
        extra=dict(se=se, statistic=tstat, df=df),
    )


def _hedges_j(m: np.ndarray) -> np.ndarray:
    # Exact small-sample correction Γ(m/2) / (√(m/2) Γ((m−1)/2)), as metafor's escalc
    # (not the 1 − 3/(4m − 1) approximation), computed on the log scale to avoid overflow.
    return np.exp(special.gammaln(m / 2) - 0.5 * np.log(m / 2) - special.gammaln((m - 1) / 2))


def _no_correction(dfree: np.ndarray) -> np.ndarray:
    return np.ones_like(dfree)


# {kind: small-sample correction factor of d}; the keys are the public list
_SMD_KINDS = {"hedges_g": _hedges_j, "cohens_d": _no_correction}
SMD_KINDS = tuple(_SMD_KINDS)
# the names of SMD_KINDS as a type, for signatures and type checkers (a test keeps them equal)
SMDKind = Literal["hedges_g", "cohens_d"]


def smd(
    mean1: ArrayLike,
    sd1: ArrayLike,
    n1: ArrayLike,
    mean2: ArrayLike,
    sd2: ArrayLike,
    n2: ArrayLike,
    *,
    kind: SMDKind = "hedges_g",
    confidence_level: float = 0.95,
) -> Estimate:
    """Standardized mean difference (group 1 − group 2) over the pooled SD.

    Parameters
    ----------
    mean1, sd1, n1, mean2, sd2, n2 : float or array-like
    kind : {"hedges_g", "cohens_d"}
        ``cohens_d`` = (m1 − m2) / s_pooled, with s_pooled² = ((n1−1)s1² + (n2−1)s2²)/(n1+n2−2).
        ``hedges_g`` = J · d with the exact correction J = Γ(m/2)/(√(m/2) Γ((m−1)/2)),
        m = n1 + n2 − 2 — the ``yi`` of metafor's ``escalc(measure="SMD")``.
    confidence_level : float

    Returns
    -------
    Estimate
        The sampling variance is the large-sample formula metafor's ``escalc("SMD")`` uses
        by default (``vtype="LS"``): v = 1/n1 + 1/n2 + y²/(2(n1 + n2)), with y the
        estimate itself (g, or d for ``cohens_d``). The interval is y ± z·√v and the
        p-value the matching Wald z test (as ``summary.escalc``); the t-test p of the raw
        difference is :func:`mean_difference` with ``pooled=True``. ``extra`` holds
        ``se``, ``variance``, ``sd_pooled``, ``correction`` (J) and ``statistic`` (z).

    See Also
    --------
    mean_difference
    trialstats.smd_ci
    trialstats.effect_sizes

    Notes
    -----
    d = (mean1 − mean2)/s_p with the pooled SD s_p; Hedges' g = J d with the exact J =
    Γ(m/2)/(√(m/2) Γ((m − 1)/2)), m = n1 + n2 − 2; variance 1/n1 + 1/n2 + g²/(2(n1 + n2)) as
    metafor's escalc "SMD". R: ``metafor::escalc("SMD", m1i, sd1i, n1i, m2i, sd2i, n2i)``.

    References
    ----------
    .. [1] Hedges LV, Olkin I (1985). Statistical Methods for Meta-Analysis, ch. 5. Academic
       Press. doi:10.1016/C2009-0-03396-0
    .. [2] Viechtbauer W (2010). Conducting meta-analyses in R with the metafor package.
       J Stat Softw 36(3):1-48. doi:10.18637/jss.v036.i03 (tested against
       metafor 3.8.1)

    Examples
    --------
    >>> g = smd(34.44, 19.12, 10, 16.50, 11.39, 10)
    >>> round(g.estimate, 4), round(g.extra["variance"], 4)
    (1.0917, 0.2298)
    """
    index, scalar = _index_and_scalar(mean1, sd1, n1, mean2, sd2, n2)
    cl = check_confidence_level(confidence_level)
    correction = choose("kind", kind, _SMD_KINDS)
    m1, s1, k1, m2, s2, k2 = _two_arm_summaries(mean1, sd1, n1, mean2, sd2, n2)
    dfree = k1 + k2 - 2
    sp = np.sqrt(((k1 - 1) * s1**2 + (k2 - 1) * s2**2) / dfree)
    _zero_se_error(sp, "sd1 and sd2")
    d = (m1 - m2) / sp
    j = correction(dfree)
    y = j * d
    var = 1 / k1 + 1 / k2 + y**2 / (2 * (k1 + k2))
    se = np.sqrt(var)
    z = stats.norm.ppf(0.5 + cl / 2)
    stat = y / se
    return build_estimate(
        measure="standardized mean difference",
        estimate=y,
        low=y - z * se,
        high=y + z * se,
        confidence_level=cl,
        method=kind,
        pvalue=2 * stats.norm.sf(np.abs(stat)),
        inputs=dict(mean1=mean1, sd1=sd1, n1=n1, mean2=mean2, sd2=sd2, n2=n2, kind=kind),
        index=index,
        scalar=scalar,
        extra=dict(
            se=se,
            variance=var,
            sd_pooled=sp,
            correction=j,
            statistic=stat,
        ),
    )


# ---------------------------------------------------------------------------
# paired designs
# ---------------------------------------------------------------------------


def paired_difference(
    mean_diff: ArrayLike, sd_diff: ArrayLike, n: ArrayLike, *, confidence_level: float = 0.95
) -> Estimate:
    """Mean of within-person differences (crossover period difference, or change from baseline).

    Parameters
    ----------
    mean_diff : float or array-like
        Mean of the paired differences.
    sd_diff : float or array-like
        SD of the paired differences (not of either condition).
    n : int or array-like
        Number of pairs (≥ 2).
    confidence_level : float

    Returns
    -------
    Estimate
        t interval and paired t-test p on n − 1 df; ``extra`` holds ``se``,
        ``statistic`` and ``df``.

    See Also
    --------
    mean_difference

    Notes
    -----
    mean_diff ± t_{n−1} sd_diff / √n and the paired t-test p. R: ``t.test(d)`` on data with
    these summaries.

    References
    ----------
    .. [1] Higgins JPT, Green S (eds) (2011). Cochrane Handbook for Systematic Reviews of
       Interventions, version 5.1, section 16.4.6 (crossover trials: the paired analysis needs
       the SD of the differences; worked example 16.4.6.4, tested; agrees with
       ``scipy.stats.ttest_1samp`` on raw differences, tested). The Cochrane Collaboration

    Examples
    --------
    >>> print(paired_difference(33.3, 18.5, 15))
    mean difference 33.300 (95% CI 23.055 to 43.545; paired_t), p < 0.001
    """
    index, scalar = _index_and_scalar(mean_diff, sd_diff, n)
    cl = check_confidence_level(confidence_level)
    md = as_figure_array("mean_diff", mean_diff)
    sd = _check_sd("sd_diff", sd_diff)
    k = as_count_array("n", n, minimum=2)
    md, sd, k = broadcast_arrays(mean_diff=md, sd_diff=sd, n=k)
    se = sd / np.sqrt(k)
    _zero_se_error(se, "sd_diff values")
    df = k - 1
    tstat = md / se
    q = stats.t.ppf(0.5 + cl / 2, df)
    return build_estimate(
        measure="mean difference",
        estimate=md,
        low=md - q * se,
        high=md + q * se,
        confidence_level=cl,
        method="paired_t",
        pvalue=2 * stats.t.sf(np.abs(tstat), df),
        inputs=dict(mean_diff=mean_diff, sd_diff=sd_diff, n=n),
        index=index,
        scalar=scalar,
        extra=dict(se=se, statistic=tstat, df=df),
    )


# ---------------------------------------------------------------------------
# SD and SE from other printed statistics (Cochrane Handbook 6.5.2)
# ---------------------------------------------------------------------------


def sd_from_se(se: ArrayLike, n: ArrayLike) -> float | np.ndarray | pd.Series:
    """The SD of a group that a standard error of its mean implies: SD = SE·√n.

    See Also
    --------
    sd_from_ci

    Notes
    -----
    SD = SE √n (Cochrane Handbook 6.5.2.2). R: ``se * sqrt(n)``.

    References
    ----------
    .. [1] Higgins JPT, Thomas J, Chandler J, et al. (eds) (2023). Cochrane Handbook for
       Systematic Reviews of Interventions, version 6.4, section 6.5.2.2. Cochrane

    Examples
    --------
    >>> sd_from_se(2.0, 25)
    10.0
    """
    index, scalar = _index_and_scalar(se, n)
    s = as_figure_array("se", se)
    check_positive("se", s, strict=False)
    k = as_count_array("n", n, minimum=1)
    s, k = broadcast_arrays(se=s, n=k)
    return _plain_result(s * np.sqrt(k), scalar, index, "sd")


def sd_from_ci(
    low: ArrayLike,
    high: ArrayLike,
    n: ArrayLike,
    *,
    confidence_level: float = 0.95,
    n2: ArrayLike | None = None,
    distribution: str = "t",
) -> float | np.ndarray | pd.Series:
    """The SD that a confidence interval implies, by the Cochrane Handbook's rules.

    With ``n`` alone the interval is that of one group's mean (Handbook §6.5.2.2):
    SD = √n · (high − low) / (2·q), q the t quantile on n − 1 df (or the normal one).
    With ``n2`` as well the interval is that of a difference between two independent
    means (Handbook §6.5.2.3): SE = (high − low)/(2·q) with q on n + n2 − 2 df, and the
    within-group SD = SE / √(1/n + 1/n2).

    Parameters
    ----------
    low, high : float, str or array-like
        Interval limits (printed strings accepted).
    n : int or array-like
        Group size (or the size of group 1 when ``n2`` is given). For a paired or
        pre–post interval pass the number of pairs: the result is the SD of the changes.
    confidence_level : float
    n2 : int or array-like, optional
    distribution : {"t", "normal"}
        ``"t"`` (default) as the Handbook recommends for small samples (its example: for
        n = 25, 3.92 becomes 2 × 2.0639 = 4.128); ``"normal"`` uses 2 × 1.96 = 3.92.

    See Also
    --------
    sd_from_se
    mean_sd_from_quartiles

    Notes
    -----
    SE = (high − low) / (2 t_{n−1}) (normal quantile for ``distribution="normal"``), SD = SE √n;
    for a difference SD = SE / √(1/n1 + 1/n2) (Cochrane Handbook 6.5.2.2–6.5.2.3).

    References
    ----------
    .. [1] Higgins JPT, Thomas J, Chandler J, et al. (eds) (2023). Cochrane Handbook for
       Systematic Reviews of Interventions, version 6.4, chapter 6, sections 6.5.2.2 and
       6.5.2.3 (7.7.3.2-7.7.3.3 in version 5.1). Cochrane

    Examples
    --------
    >>> round(sd_from_ci("23.0", "43.5", 15), 3)
    18.509
    """
    index, scalar = _index_and_scalar(low, high, n, n2)
    cl = check_confidence_level(confidence_level)
    check_choice("distribution", distribution, ["t", "normal"])
    lo = as_figure_array("low", low)
    hi = as_figure_array("high", high)
    k = as_count_array("n", n, minimum=2)
    k2 = as_count_array("n2", n2, minimum=2) if n2 is not None else np.asarray(np.nan)
    lo, hi, k, k2 = broadcast_arrays(low=lo, high=hi, n=k, n2=k2)
    _check_ordered(lo, hi)
    two_groups = n2 is not None
    df = k + k2 - 2 if two_groups else k - 1
    q = stats.t.ppf(0.5 + cl / 2, df) if distribution == "t" else stats.norm.ppf(0.5 + cl / 2)
    se = (hi - lo) / (2 * q)
    sd = se / np.sqrt(1 / k + 1 / k2) if two_groups else se * np.sqrt(k)
    return _plain_result(sd, scalar, index, "sd")


def _check_ordered(lo: np.ndarray, hi: np.ndarray) -> None:
    bad = lo > hi
    if bad.any():
        if lo.ndim == 0:
            raise ValueError(f"low must not exceed high: got low={lo.item():g}, high={hi.item():g}")
        idx = np.flatnonzero(bad)[:5]
        raise ValueError(
            f"low must not exceed high at positions {positions(bad)} "
            f"(low, high) = {[(lo.ravel()[i].item(), hi.ravel()[i].item()) for i in idx]}"
        )


def se_from_p(
    estimate: ArrayLike, p: ArrayLike, df: ArrayLike | None = None, *, ratio: bool = False
) -> float | np.ndarray | pd.Series:
    """The standard error that an estimate and its two-sided p-value imply.

    SE = |estimate| / q with q = Φ⁻¹(1 − p/2) (normal) or the t quantile on ``df`` —
    the exact quantile, not Altman & Bland's approximation z ≈ −0.862 + √(0.743 − 2.404 ln P)
    (which agrees to about 3 significant figures; tested on their examples).

    Parameters
    ----------
    estimate : float, str or array-like
        A difference, or a ratio when ``ratio=True`` (the SE is then that of its log).
    p : float, str or array-like
        Two-sided p-value in (0, 1].
    df : float or array-like, optional
        Degrees of freedom of a t test (e.g. n1 + n2 − 2); ``None`` for a z test.
    ratio : bool

    See Also
    --------
    trialstats.ci_from_p
    trialstats.from_se

    Notes
    -----
    SE = |estimate| / Φ⁻¹(1 − p/2), or the t quantile on ``df`` (log scale for a ratio; Altman
    & Bland 2011, BMJ 343:d2090). R: ``abs(est) / qnorm(1 - p / 2)``.

    References
    ----------
    .. [1] Altman DG, Bland JM (2011). How to obtain the confidence interval from a P value.
       BMJ 343:d2090. doi:10.1136/bmj.d2090
    .. [2] Higgins JPT, Thomas J, Chandler J, et al. (eds) (2023). Cochrane Handbook for
       Systematic Reviews of Interventions, version 6.4, section 6.5.2.3 (t on
       n1 + n2 - 2 df). Cochrane

    Examples
    --------
    >>> round(se_from_p(3.8, 0.008, df=45), 2)
    1.37
    """
    index, scalar = _index_and_scalar(estimate, p, df)
    est = as_figure_array("estimate", estimate)
    pv = as_figure_array("p", p)
    check_probability("p", pv)
    if ratio:
        check_positive("estimate", est)
        est = np.log(est)
    if df is not None:
        d = as_float_array("df", df)
        check_positive("df", d)
    else:
        d = np.asarray(np.inf)
    est, pv, d = broadcast_arrays(estimate=est, p=pv, df=d)
    zero = est == 0
    if zero.any():
        raise ValueError(
            "estimate must not be zero (null value): a null estimate carries no information "
            "about its standard error"
            + ("" if est.ndim == 0 else f"; at {np.flatnonzero(zero)[:5].tolist()}")
        )
    q = np.where(np.isinf(d), stats.norm.isf(pv / 2), stats.t.isf(pv / 2, np.where(np.isinf(d), 1, d)))
    with np.errstate(divide="ignore"):
        se = np.abs(est) / q
    return _plain_result(se, scalar, index, "se")


# ---------------------------------------------------------------------------
# median, quartiles and range (Wan 2014; Luo 2018)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class MeanSD:
    """An estimated mean and SD (no interval: these are plug-in estimates).

    Attributes
    ----------
    mean, sd : float or ndarray
    method : str
        Names both estimators, e.g. ``"mean luo2018, sd wan2014"``.
    inputs : Mapping
    """

    mean: Any
    sd: Any
    method: str
    inputs: dict = field(default_factory=dict, repr=False)
    index: pd.Index | None = field(default=None, repr=False)

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise TypeError("MeanSD is not iterable: use .mean and .sd by name")

    def to_frame(self) -> pd.DataFrame:
        """One row per element: ``mean``, ``sd``, ``method``."""
        mean = np.atleast_1d(np.asarray(self.mean, dtype=float))
        sd = np.atleast_1d(np.asarray(self.sd, dtype=float))
        index = self.index if self.index is not None and len(self.index) == mean.size else None
        return pd.DataFrame({"mean": mean, "sd": sd, "method": self.method}, index=index)

    def __str__(self) -> str:
        rows = self.to_frame().itertuples(index=False)
        return "\n".join(f"mean {format_number(r.mean)}, SD {format_number(r.sd)} ({r.method})" for r in rows)


def _eta_iqr(n: np.ndarray) -> np.ndarray:
    # Wan et al. (2014) eq. (16): 2·Φ⁻¹((0.75n − 0.125)/(n + 0.25)), their approximation to
    # the expected IQR of n standard normals (their Table 2 tabulates exact values for
    # small n; R's meta uses the table up to n = 201, so small-n results differ slightly).
    return 2 * stats.norm.ppf((0.75 * n - 0.125) / (n + 0.25))


def _xi_range(n: np.ndarray) -> np.ndarray:
    # Wan et al. (2014) eq. (7): 2·Φ⁻¹((n − 0.375)/(n + 0.25)), the expected range of n normals.
    return 2 * stats.norm.ppf((n - 0.375) / (n + 0.25))


def _check_order(named: dict[str, np.ndarray]) -> None:
    names = list(named)
    for a, b in itertools.pairwise(names):
        bad = named[a] > named[b]
        if bad.any():
            x, y = named[a], named[b]
            where = (
                f"got {a}={x.item():g}, {b}={y.item():g}"
                if x.ndim == 0
                else f"at positions {positions(bad)}"
            )
            raise ValueError(f"{a} must not exceed {b}: {where}")


def _mean_luo(q1: np.ndarray, m: np.ndarray, q3: np.ndarray, k: np.ndarray,
              lo: np.ndarray | None, hi: np.ndarray | None) -> np.ndarray:
    # Luo et al. (2018): optimally weighted; five-number summary when lo/hi are given
    if lo is None or hi is None:
        w = 0.7 + 0.39 / k
        return w * (q1 + q3) / 2 + (1 - w) * m
    w1 = 2.2 / (2.2 + k**0.75)
    w2 = 0.7 - 0.72 / k**0.55
    return w1 * (lo + hi) / 2 + w2 * (q1 + q3) / 2 + (1 - w1 - w2) * m


def _mean_wan(q1: np.ndarray, m: np.ndarray, q3: np.ndarray, k: np.ndarray,
              lo: np.ndarray | None, hi: np.ndarray | None) -> np.ndarray:
    # Wan et al. (2014): the plain averages of their scenarios S3 and S2
    if lo is None or hi is None:
        return (q1 + m + q3) / 3
    return (lo + 2 * q1 + 2 * m + 2 * q3 + hi) / 8


# {method: (estimator of the mean, its label)}; the keys are the public list
_QUARTILE_MEANS = {"luo": (_mean_luo, "luo2018"), "wan": (_mean_wan, "wan2014")}


def mean_sd_from_quartiles(
    q1: ArrayLike,
    median: ArrayLike,
    q3: ArrayLike,
    n: ArrayLike,
    *,
    minimum: ArrayLike | None = None,
    maximum: ArrayLike | None = None,
    method: str = "luo",
) -> MeanSD:
    """Estimate a mean and SD from the median and quartiles (optionally also min and max).

    Scenario S2 of Wan et al. (q1, median, q3): SD = (q3 − q1)/η(n) with
    η(n) = 2Φ⁻¹((0.75n − 0.125)/(n + 0.25)) (Wan 2014 eq. 16); mean by Luo et al. (2018)
    (``method="luo"``): w·(q1 + q3)/2 + (1 − w)·median, w = 0.7 + 0.39/n; or by Wan et al.
    (``method="wan"``): (q1 + median + q3)/3.

    With ``minimum`` and ``maximum`` as well (scenario S3, all five numbers):
    SD = ½[(max − min)/ξ(n) + (q3 − q1)/η(n)], ξ(n) = 2Φ⁻¹((n − 0.375)/(n + 0.25));
    Luo's mean w1·(min + max)/2 + w2·(q1 + q3)/2 + (1 − w1 − w2)·median with
    w1 = 2.2/(2.2 + n^0.75), w2 = 0.7 − 0.72/n^0.55; Wan's (min + 2q1 + 2m + 2q3 + max)/8.

    These estimators assume roughly normal data; a median and IQR are often printed
    because the data are skewed, so treat the results as approximations.

    See Also
    --------
    mean_sd_from_range
    sd_from_ci

    Notes
    -----
    SD = (q3 − q1) / η(n), η(n) = 2Φ⁻¹((0.75n − 0.125)/(n + 0.25)) (Wan et al. 2014, eq. 16);
    the mean by Luo et al. (2018) or Wan et al.'s (q1 + median + q3)/3; with the range as well,
    the five-number versions. R: ``estmeansd::qe.mean.sd`` is a different (quantile-matching)
    method; ``metaBLUE`` and the Luo/Wan spreadsheet give these.

    References
    ----------
    .. [1] Wan X, Wang W, Liu J, Tong T (2014). Estimating the sample mean and standard
       deviation from the sample size, median, range and/or interquartile range. BMC Med Res
       Methodol 14:135. doi:10.1186/1471-2288-14-135
    .. [2] Luo D, Wan X, Liu J, Tong T (2018). Optimally estimating the sample mean from the
       sample size, median, mid-range, and/or mid-quartile range. Stat Methods Med Res
       27:1785-1805. doi:10.1177/0962280216669183
    .. [3] Higgins JPT, Thomas J, Chandler J, et al. (eds) (2023). Cochrane Handbook for
       Systematic Reviews of Interventions, version 6.4, section 6.5.2 (medians, ranges
       and interquartile ranges). Cochrane

    Examples
    --------
    >>> print(mean_sd_from_quartiles(10, 15, 22, 40))
    mean 15.710, SD 9.227 (mean luo2018, sd wan2014)
    """
    mean_of, mean_label = choose("method", method, _QUARTILE_MEANS)
    five = minimum is not None or maximum is not None
    if five and (minimum is None or maximum is None):
        raise ValueError("give both minimum and maximum (five-number summary), or neither")
    values = (q1, median, q3, n) + ((minimum, maximum) if five else ())
    index, scalar = _index_and_scalar(*values)
    a1 = as_figure_array("q1", q1)
    m = as_figure_array("median", median)
    a3 = as_figure_array("q3", q3)
    k = as_count_array("n", n, minimum=3)
    if five:
        lo = as_figure_array("minimum", minimum)
        hi = as_figure_array("maximum", maximum)
        a1, m, a3, k, lo, hi = broadcast_arrays(q1=a1, median=m, q3=a3, n=k, minimum=lo, maximum=hi)
        _check_order({"minimum": lo, "q1": a1, "median": m, "q3": a3, "maximum": hi})
        sd = 0.5 * ((hi - lo) / _xi_range(k) + (a3 - a1) / _eta_iqr(k))
        mean = mean_of(a1, m, a3, k, lo, hi)
    else:
        a1, m, a3, k = broadcast_arrays(q1=a1, median=m, q3=a3, n=k)
        _check_order({"q1": a1, "median": m, "q3": a3})
        sd = (a3 - a1) / _eta_iqr(k)
        mean = mean_of(a1, m, a3, k, None, None)
    return MeanSD(
        mean=unwrap(mean, scalar),
        sd=unwrap(sd, scalar),
        method=f"mean {mean_label}, sd wan2014",
        inputs=dict(q1=q1, median=median, q3=q3, n=n, minimum=minimum, maximum=maximum),
        index=index,
    )


def mean_sd_from_range(minimum: ArrayLike, median: ArrayLike, maximum: ArrayLike, n: ArrayLike) -> MeanSD:
    """Estimate a mean and SD from the median, minimum and maximum (Wan scenario S1).

    SD = (max − min)/ξ(n), ξ(n) = 2Φ⁻¹((n − 0.375)/(n + 0.25)) (Wan 2014 eq. 7); mean by
    Luo et al. (2018): w·(min + max)/2 + (1 − w)·median, w = 4/(4 + n^0.75).

    See Also
    --------
    mean_sd_from_quartiles

    Notes
    -----
    See the summary above for the formulas (Wan 2014 eq. 7, Luo 2018). R: the Luo/Wan online
    calculator; ``estmeansd`` offers other methods.

    References
    ----------
    .. [1] Wan X, Wang W, Liu J, Tong T (2014). Estimating the sample mean and standard
       deviation from the sample size, median, range and/or interquartile range. BMC Med Res
       Methodol 14:135. doi:10.1186/1471-2288-14-135
    .. [2] Luo D, Wan X, Liu J, Tong T (2018). Optimally estimating the sample mean from the
       sample size, median, mid-range, and/or mid-quartile range. Stat Methods Med Res
       27:1785-1805. doi:10.1177/0962280216669183

    Examples
    --------
    >>> round(mean_sd_from_range(1, 4, 10, 30).sd, 4)
    2.2056
    """
    index, scalar = _index_and_scalar(minimum, median, maximum, n)
    lo = as_figure_array("minimum", minimum)
    m = as_figure_array("median", median)
    hi = as_figure_array("maximum", maximum)
    k = as_count_array("n", n, minimum=2)
    lo, m, hi, k = broadcast_arrays(minimum=lo, median=m, maximum=hi, n=k)
    _check_order({"minimum": lo, "median": m, "maximum": hi})
    w = 4 / (4 + k**0.75)
    return MeanSD(
        mean=unwrap(w * (lo + hi) / 2 + (1 - w) * m, scalar),
        sd=unwrap((hi - lo) / _xi_range(k), scalar),
        method="mean luo2018, sd wan2014",
        inputs=dict(minimum=minimum, median=median, maximum=maximum, n=n),
        index=index,
    )
