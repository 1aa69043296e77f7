"""Pooling 2×2 tables the way RevMan and metafor do: Mantel–Haenszel and Peto.

Both pool the counts directly rather than per-study effect sizes, so studies with small or
zero cells keep their weight without a continuity correction in the pooled estimate. The
results are :class:`~trialstats.meta.MetaResult` objects (forest plot, ``to_frame``,
``heterogeneity``), with ``pooled`` on the natural scale for ratios, as metafor's ``rma.mh``
and ``rma.peto`` print them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import special

from ._validate import (
    UndefinedStatisticWarning,
    as_count_array,
    broadcast_arrays,
    check_at_most,
    check_choice,
    check_confidence_level,
    choose,
    extract_index,
)
from .meta import MetaResult
from .results import build_estimate

__all__ = ["MH_MEASURES", "mantel_haenszel", "peto_odds_ratio"]

_NAMES = {"OR": "odds ratio", "RR": "risk ratio", "RD": "risk difference"}
_ANALYSIS = {"OR": "log odds ratio", "RR": "log risk ratio", "RD": "risk difference"}


def _counts(x1: Any, n1: Any, x2: Any, n2: Any) -> tuple[np.ndarray, ...]:
    a = as_count_array("x1", x1)
    m1 = as_count_array("n1", n1, minimum=1)
    c = as_count_array("x2", x2)
    m2 = as_count_array("n2", n2, minimum=1)
    a, m1, c, m2 = (np.atleast_1d(v) for v in broadcast_arrays(x1=a, n1=m1, x2=c, n2=m2))
    check_at_most("x1", a, "n1", m1)
    check_at_most("x2", c, "n2", m2)
    if a.ndim != 1:
        raise ValueError(f"x1, n1, x2, n2 must be one-dimensional (one value per study), got shape {a.shape}")
    if a.size < 2:
        raise ValueError(f"pooling needs at least 2 studies, got {a.size}")
    return a, m1, c, m2


def _labels(labels: Sequence[str] | None, index: pd.Index | None, k: int) -> list[str]:
    if labels is None:
        if index is None or isinstance(index, pd.RangeIndex):
            return [f"Study {i + 1}" for i in range(k)]
        return [str(i) for i in index]
    if isinstance(labels, str):
        raise TypeError("labels must be a sequence of strings, one per study, not a single string")
    out = [str(lab) for lab in labels]
    if len(out) != k:
        raise ValueError(f"labels has {len(out)} entries for {k} studies")
    return out


def _or_effect(a, b, c, d, n1, n2):  # type: ignore[no-untyped-def]
    return np.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d


def _rr_effect(a, b, c, d, n1, n2):  # type: ignore[no-untyped-def]
    return np.log((a / n1) / (c / n2)), 1 / a - 1 / n1 + 1 / c - 1 / n2


def _rd_effect(a, b, c, d, n1, n2):  # type: ignore[no-untyped-def]
    p1, p2 = a / n1, c / n2
    return p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2


# measure -> per-study (yi, vi) for Q; the keys are MH_MEASURES (a test checks)
_STUDY_EFFECTS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "OR": _or_effect,
    "RR": _rr_effect,
    "RD": _rd_effect,
}


def _study_effects(measure: str, a, b, c, d) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Per-study effects as rma.mh computes them for Q: ½ added to every cell of a table with
    a zero cell, tables with no events (or only events) in both groups left out (NaN)."""
    zero = (a == 0) | (b == 0) | (c == 0) | (d == 0)
    no_info = ((a == 0) & (c == 0)) | ((b == 0) & (d == 0))
    a, b, c, d = (v + 0.5 * zero for v in (a, b, c, d))
    n1, n2 = a + b, c + d
    effect = choose("measure", measure, _STUDY_EFFECTS)
    with np.errstate(divide="ignore", invalid="ignore"):
        yi, vi = effect(a, b, c, d, n1, n2)
    return np.where(no_info, np.nan, yi), np.where(no_info, np.nan, vi)


def _mh_or(a, b, c, d, n):  # type: ignore[no-untyped-def]
    r, s = a * d / n, b * c / n
    big_r, big_s = r.sum(), s.sum()
    p, q = (a + d) / n, (b + c) / n
    var = (
        np.sum(p * r) / (2 * big_r**2)
        + np.sum(p * s + q * r) / (2 * big_r * big_s)
        + np.sum(q * s) / (2 * big_s**2)
    )
    return math.log(big_r / big_s) if big_r > 0 and big_s > 0 else math.nan, var, s


def _mh_rr(a, b, c, d, n):  # type: ignore[no-untyped-def]
    n1, n2 = a + b, c + d
    r, s = a * n2 / n, c * n1 / n
    big_r, big_s = r.sum(), s.sum()
    var = np.sum((n1 * n2 * (a + c) - a * c * n) / n**2) / (big_r * big_s)
    return math.log(big_r / big_s) if big_r > 0 and big_s > 0 else math.nan, var, s


def _mh_rd(a, b, c, d, n):  # type: ignore[no-untyped-def]
    n1, n2 = a + b, c + d
    w = n1 * n2 / n
    est = float(np.sum((a * n2 - c * n1) / n) / w.sum())
    p = (n1**2 * c - n2**2 * a + n1 * n2 * (n2 - n1) / 2) / n**2
    q = (a * (n2 - c) + c * (n1 - a)) / (2 * n)
    var = (est * p.sum() + q.sum()) / w.sum() ** 2
    return est, var, w


_MH: dict[str, Callable[..., tuple[float, float, np.ndarray]]] = {
    "OR": _mh_or,
    "RR": _mh_rr,
    "RD": _mh_rd,
}
MH_MEASURES = tuple(_MH)
# the names of MH_MEASURES as a type, for signatures and type checkers (a test keeps them equal)
MHMeasure = Literal["OR", "RR", "RD"]


def _result(
    *,
    method: str,
    measure: str,
    est: float,
    se: float,
    yi: np.ndarray,
    vi: np.ndarray,
    weights: np.ndarray,
    labels: list[str],
    index: pd.Index | None,
    cl: float,
    inputs: dict[str, Any],
    q: float | None = None,
) -> MetaResult:
    from scipy import stats

    z = float(special.ndtri(0.5 + cl / 2))
    ratio = measure in ("OR", "RR")
    stat = est / se if se > 0 else math.nan
    pval = float(2 * stats.norm.sf(abs(stat))) if math.isfinite(stat) else math.nan
    low, high = est - z * se, est + z * se
    keep = np.isfinite(yi) & np.isfinite(vi)
    q_df = int(keep.sum()) - 1
    if q is None:
        q = float(np.sum((yi[keep] - est) ** 2 / vi[keep])) if q_df >= 0 else math.nan
    q_p = float(stats.chi2.sf(q, q_df)) if q_df > 0 else math.nan
    i2 = max(0.0, 100 * (q - q_df) / q) if q_df > 0 and q > 0 else 0.0
    h2 = q / q_df if q_df > 0 else math.nan
    extra = {"se": se, "statistic": stat, "df": math.inf, "tau2": 0.0}
    analysis = build_estimate(
        f"pooled {_ANALYSIS[measure]}", est, low, high,
        confidence_level=cl, method=method, pvalue=pval, pvalue_test="wald_z",
        scalar=True, inputs=inputs, extra=extra,
    )
    back = math.exp if ratio else (lambda t: t)
    pooled = build_estimate(
        f"pooled {_NAMES[measure]}", back(est), back(low), back(high),
        confidence_level=cl, method=method, pvalue=pval, pvalue_test="wald_z",
        scalar=True, inputs=inputs, extra=extra,
    )
    prediction = build_estimate(
        f"prediction interval of {_ANALYSIS[measure]}", est, low, high,
        confidence_level=cl, method=method, method_detail="no between-study variance",
        scalar=True, inputs=inputs, extra={"se": se},
    )
    return MetaResult(
        yi=yi,
        vi=vi,
        labels=labels,
        method=method,
        hksj=False,
        measure=measure,
        scale="log" if ratio else "identity",
        confidence_level=cl,
        pooled=pooled,
        prediction_interval=prediction,
        tau2=0.0,
        i2=float(i2),
        i2_basis="Q",
        h2=float(h2),
        q=float(q),
        q_df=q_df,
        q_pvalue=q_p,
        weights=100 * weights / weights.sum(),
        index=index,
        analysis_pooled=analysis,
    )


def mantel_haenszel(
    x1: ArrayLike,
    n1: ArrayLike,
    x2: ArrayLike,
    n2: ArrayLike,
    *,
    measure: MHMeasure = "OR",
    confidence_level: float = 0.95,
    labels: Sequence[str] | None = None,
) -> MetaResult:
    """Mantel–Haenszel pooled odds ratio, risk ratio or risk difference, as metafor's rma.mh.

    Parameters
    ----------
    x1, n1, x2, n2 : array-like
        Per study: events and size of group 1 (treatment) and group 2 (comparator).
    measure : {"OR", "RR", "RD"}, default "OR"
    confidence_level : float, default 0.95
    labels : sequence of str, optional
        Study labels (default: the index of pandas input, else "Study 1", ...).

    Returns
    -------
    MetaResult
        ``pooled`` on the natural scale (OR, RR; RD as it is) with the Wald p-value;
        ``method="MH"``; ``yi``/``vi`` the studies' own effects on the analysis scale (NaN
        for a study left out of Q); ``weights`` the MH weights in percent; ``q`` Cochran's
        Q about the MH estimate; ``i2`` = max(0, 100 (Q − df)/Q) and ``h2`` = Q/df.

    Notes
    -----
    With a = x1, b = n1 − x1, c = x2, d = n2 − x2 and N = n1 + n2 per study:
    OR_MH = Σ(ad/N) / Σ(bc/N), with the Robins–Breslow–Greenland (1986) variance of its log;
    RR_MH = Σ(a n2/N) / Σ(c n1/N), variance of the log Σ((n1 n2 (a + c) − acN)/N²) /
    (Σ a n2/N · Σ c n1/N) (Greenland & Robins 1985); RD_MH = Σ((a n2 − c n1)/N) / Σ(n1 n2/N)
    with the Sato, Greenland & Robins (1989) variance. The pooled estimate uses the counts
    as they are (no correction). Q = Σ (y_i − θ_MH)²/v_i over the studies' own effects,
    with ½ added to every cell of a study with a zero cell and studies with no events, or
    only events, in both groups left out (they then also leave the df). RevMan 5 (Deeks &
    Higgins, "Statistical algorithms in Review Manager 5") documents the same estimators,
    the same OR and RR variances and the same Q and I²; for the RD it documents the
    Greenland–Robins (1985) variance Σ(a b n2³ + c d n1³)/(n1 n2 N²) / (Σ n1 n2/N)², which
    is valid for large strata only and can differ from Sato's in sparse data (the estimate
    is the same). Matching R:
    ``metafor::rma.mh(ai = x1, n1i = n1, ci = x2, n2i = n2, measure = "OR")``.

    References
    ----------
    .. [1] Mantel N, Haenszel W (1959). Statistical aspects of the analysis of data from
       retrospective studies of disease. J Natl Cancer Inst 22:719-748.
       doi:10.1093/jnci/22.4.719
    .. [2] Robins J, Breslow N, Greenland S (1986). Estimators of the Mantel-Haenszel variance
       consistent in both sparse data and large-strata limiting models. Biometrics
       42:311-323. doi:10.2307/2531052
    .. [3] Greenland S, Robins JM (1985). Estimation of a common effect parameter from sparse
       follow-up data. Biometrics 41:55-68. doi:10.2307/2530643
    .. [4] Sato T, Greenland S, Robins JM (1989). On the variance estimator for the
       Mantel-Haenszel risk difference. Biometrics 45:1323-1324
    .. [5] Viechtbauer W (2010). Conducting meta-analyses in R with the metafor package.
       J Stat Softw 36(3):1-48. doi:10.18637/jss.v036.i03

    See Also
    --------
    peto_odds_ratio, meta_analysis, effect_sizes

    Examples
    --------
    The BCG vaccine trials (metafor's ``dat.bcg``), Mantel–Haenszel risk ratio; metafor
    gives 0.6353 (0.5881 to 0.6862):

    >>> import trialstats as ts
    >>> tpos = [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27]
    >>> tneg = [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886]
    >>> cpos = [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29]
    >>> cneg = [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825]
    >>> n1 = [p + q for p, q in zip(tpos, tneg)]
    >>> n2 = [p + q for p, q in zip(cpos, cneg)]
    >>> res = ts.mantel_haenszel(tpos, n1, cpos, n2, measure="RR")
    >>> round(res.pooled.estimate, 4), round(res.pooled.low, 4), round(res.pooled.high, 4)
    (0.6353, 0.5881, 0.6862)
    """
    check_choice("measure", measure, MH_MEASURES)
    cl = check_confidence_level(confidence_level)
    index = extract_index(x1, n1, x2, n2)
    a, m1, c, m2 = _counts(x1, n1, x2, n2)
    b, d = m1 - a, m2 - c
    n = m1 + m2
    est, var, w = choose("measure", measure, _MH)(a, b, c, d, n)
    if not math.isfinite(est) or not (var > 0):
        warnings.warn(
            f"mantel_haenszel ({measure}): the pooled estimate is undefined (no events, or no "
            "non-events, in one group across all studies); estimate NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        est, var = math.nan, math.nan
    yi, vi = _study_effects(measure, a, b, c, d)
    return _result(
        method="MH",
        measure=measure,
        est=float(est),
        se=float(math.sqrt(var)) if var > 0 else math.nan,
        yi=yi,
        vi=vi,
        weights=w,
        labels=_labels(labels, index, a.size),
        index=index,
        cl=cl,
        inputs={"x1": x1, "n1": n1, "x2": x2, "n2": n2, "measure": measure},
    )


def peto_odds_ratio(
    x1: ArrayLike,
    n1: ArrayLike,
    x2: ArrayLike,
    n2: ArrayLike,
    *,
    confidence_level: float = 0.95,
    labels: Sequence[str] | None = None,
) -> MetaResult:
    """Peto's one-step pooled odds ratio, as metafor's rma.peto (and RevMan's Peto method).

    Parameters
    ----------
    x1, n1, x2, n2 : array-like
        Per study: events and size of group 1 (treatment) and group 2 (comparator).
    confidence_level : float, default 0.95
    labels : sequence of str, optional

    Returns
    -------
    MetaResult
        ``pooled`` on the OR scale, ``method="Peto"``; per study ``yi = (O − E)/V`` and
        ``vi = 1/V`` (NaN for a study with V = 0: no events or only events); ``weights``
        V in percent; Q = Σ (O − E)²/V − (Σ(O − E))²/ΣV on (studies with V > 0) − 1 df.

    Notes
    -----
    Per study: O = x1, E = n1 (x1 + x2)/N and V = n1 n2 (x1 + x2)(N − x1 − x2)/(N²(N − 1)),
    the hypergeometric mean and variance of x1 given the margins. log OR_Peto = Σ(O − E)/ΣV
    with variance 1/ΣV. It is biased when effects are large or arms unbalanced (Greenland &
    Salvan 1990); the Cochrane Handbook recommends it for rare events in balanced trials.
    Matching R: ``metafor::rma.peto(ai = x1, n1i = n1, ci = x2, n2i = n2)``.

    References
    ----------
    .. [1] Yusuf S, Peto R, Lewis J, Collins R, Sleight P (1985). Beta blockade during and
       after myocardial infarction: an overview of the randomized trials. Prog Cardiovasc Dis
       27:335-371. doi:10.1016/S0033-0620(85)80003-7
    .. [2] Greenland S, Salvan A (1990). Bias in the one-step method for pooling study
       results. Stat Med 9:247-252. doi:10.1002/sim.4780090307
    .. [3] Viechtbauer W (2010). Conducting meta-analyses in R with the metafor package.
       J Stat Softw 36(3):1-48. doi:10.18637/jss.v036.i03

    See Also
    --------
    mantel_haenszel, meta_analysis

    Examples
    --------
    The first six BCG trials (``dat.bcg``):

    >>> import trialstats as ts
    >>> res = ts.peto_odds_ratio([4, 6, 3, 62, 33, 180], [123, 306, 231, 13598, 5069, 1541],
    ...                          [11, 29, 11, 248, 47, 372], [139, 303, 220, 12867, 5808, 1451])
    >>> round(res.pooled.estimate, 3)
    0.367
    """
    cl = check_confidence_level(confidence_level)
    index = extract_index(x1, n1, x2, n2)
    a, m1, c, m2 = _counts(x1, n1, x2, n2)
    n = m1 + m2
    m = a + c
    o_e = a - m1 * m / n
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(n > 1, m1 * m2 * m * (n - m) / (n**2 * (n - 1)), 0.0)
    total_v = float(v.sum())
    if total_v <= 0:
        warnings.warn(
            "peto_odds_ratio: every study has no events or only events (V = 0); estimate NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        est, se = math.nan, math.nan
    else:
        est, se = float(o_e.sum() / total_v), 1 / math.sqrt(total_v)
    used = v > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        yi = np.where(used, o_e / np.where(used, v, 1.0), np.nan)
        vi = np.where(used, 1 / np.where(used, v, 1.0), np.nan)
    q = float(np.sum(o_e[used] ** 2 / v[used]) - o_e.sum() ** 2 / total_v) if total_v > 0 else math.nan
    return _result(
        method="Peto",
        measure="OR",
        est=est,
        se=se,
        yi=yi,
        vi=vi,
        weights=v,
        labels=_labels(labels, index, a.size),
        index=index,
        cl=cl,
        inputs={"x1": x1, "n1": n1, "x2": x2, "n2": n2},
        q=q,
    )
