"""Meta-analysis: per-study effect sizes (as metafor's ``escalc``) and their pooling.

``effect_sizes`` turns per-study counts or summary statistics into effect sizes ``yi`` and
sampling variances ``vi`` on the analysis scale (log for ratios, logit for single
proportions). ``meta_analysis`` pools them with a fixed-effect or a random-effects model
(DerSimonian–Laird, REML, Paule–Mandel), optionally with the Hartung–Knapp–Sidik–Jonkman
adjustment, and returns a :class:`MetaResult` with the pooled estimate, the prediction
interval, the heterogeneity statistics and a forest plot.

Conventions follow metafor (Viechtbauer 2010) so that results can be checked against it:
the same zero-cell handling (``add``/``to``), the same variance formulas, the same
τ²-based I² for random-effects models, and the same prediction interval.

Why not statsmodels' ``combine_effects``: in statsmodels 0.15 its DerSimonian–Laird τ² is
not truncated at zero (a negative between-study variance then inflates the weights), its
Paule–Mandel iteration stops at an estimating-equation tolerance of 1e-5 (agreement with
metafor to about 4 decimals only), and it has no REML and no prediction interval. The
formulas are short, so they are written here in numpy; the tests check FE, DL and PM
against ``combine_effects`` where it is right, as well as against metafor.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._validate import (
    UndefinedStatisticWarning,
    ZeroCellCorrectionWarning,
    as_count_array,
    as_float_array,
    broadcast_arrays,
    check_at_most,
    check_choice,
    check_confidence_level,
    check_positive,
    choose,
    extract_index,
    positions,
)
from .results import Estimate, format_number

__all__ = ["MEASURES", "METHODS", "MetaResult", "effect_sizes", "meta_analysis"]

MEASURES = ("RR", "OR", "RD", "PLO", "MD", "SMD")
_TO = ("only0", "all", "if0all", "none")

# measure -> (analysis scale, readable name on the analysis scale, name on the natural scale)
_MEASURE_INFO: dict[str, tuple[str, str, str]] = {
    "RR": ("log", "log risk ratio", "risk ratio"),
    "OR": ("log", "log odds ratio", "odds ratio"),
    "RD": ("identity", "risk difference", "risk difference"),
    "PLO": ("logit", "logit proportion", "proportion"),
    "MD": ("identity", "mean difference", "mean difference"),
    "SMD": ("identity", "standardized mean difference", "standardized mean difference"),
}
_SCALES = ("identity", "log", "logit")
_BACK: dict[str, Callable[[Any], Any]] = {
    "identity": lambda x: x,
    "log": np.exp,
    "logit": lambda x: 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))),
}


# --------------------------------------------------------------------------- effect sizes


def _positions(mask: np.ndarray) -> str:
    return positions(mask, limit=8)


def _correct_cells(
    cells: list[np.ndarray], zero: np.ndarray, add: float, to: str
) -> tuple[list[np.ndarray], np.ndarray]:
    """Add ``add`` to every cell of the tables escalc would correct; return cells and the mask."""
    if to == "all":
        which = np.ones_like(zero, dtype=bool)
    elif to == "only0":
        which = zero.copy()
    elif to == "if0all":
        which = np.full_like(zero, zero.any(), dtype=bool)
    else:
        which = np.zeros_like(zero, dtype=bool)
    if add == 0:
        which = np.zeros_like(zero, dtype=bool)
    return [c + add * which for c in cells], which


def effect_sizes(
    x1: Any = None,
    n1: Any = None,
    x2: Any = None,
    n2: Any = None,
    *,
    measure: str = "RR",
    mean1: Any = None,
    sd1: Any = None,
    mean2: Any = None,
    sd2: Any = None,
    add: float = 0.5,
    to: str = "only0",
    drop00: bool = False,
) -> pd.DataFrame:
    """Per-study effect sizes and sampling variances, as metafor's ``escalc``.

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like
        Events and sizes of group 1 (treatment) and group 2 (comparator). For ``PLO`` give
        only ``x1`` and ``n1`` (one proportion per study). For ``MD``/``SMD`` give ``n1``
        and ``n2`` with the means and SDs as keywords.
    measure : {"RR", "OR", "RD", "PLO", "MD", "SMD"}
        Log risk ratio, log odds ratio, risk difference, logit of a single proportion,
        raw mean difference, or bias-corrected standardized mean difference (Hedges' g with
        the exact correction factor, variance as escalc's default ``vtype="LS"``).
    mean1, sd1, mean2, sd2 : float or array-like, keyword-only
        Group means and standard deviations for ``MD`` and ``SMD``.
    add : float, default 0.5
        Amount added to every cell of a 2×2 table (or to events and non-events for ``PLO``)
        selected by ``to``.
    to : {"only0", "all", "if0all", "none"}, default "only0"
        Which tables get ``add``: those with a zero cell, all, all if any has a zero cell,
        or none (a zero cell then gives an undefined ratio: NaN with a warning).
    drop00 : bool, default False
        For ``RR``/``OR``/``RD``: give NaN (with a warning) for studies with no events, or
        only events, in both groups, which carry no information on a ratio.

    Returns
    -------
    pandas.DataFrame
        Columns ``yi`` (effect size on the analysis scale) and ``vi`` (its sampling
        variance); one row per study, the index of pandas input kept. ``df.attrs`` holds
        ``measure`` and ``corrected`` (a boolean array: tables that got ``add``), so
        ``meta_analysis(df)`` knows the scale.

    Warns
    -----
    ZeroCellCorrectionWarning
        When ``add`` was applied because of zero cells (``to="only0"`` or ``"if0all"``).
    UndefinedStatisticWarning
        When an effect size is undefined (zero cell with ``to="none"``, or ``drop00``).

    See Also
    --------
    meta_analysis
    trialstats.risk_ratio
    trialstats.smd

    Notes
    -----
    RR: yi = log(a/n1) − log(c/n2), vi = 1/a − 1/n1 + 1/c − 1/n2; OR: yi = log(ad/bc),
    vi = 1/a + 1/b + 1/c + 1/d; RD: yi = p1 − p2, vi = p1q1/n1 + p2q2/n2; PLO: the logit of x1/n1;
    MD and SMD as escalc (SMD with Hedges' exact correction). ``add``/``to`` as escalc's zero-cell
    handling. R: ``metafor::escalc(measure = "RR", ai = x1, n1i = n1, ci = x2, n2i = n2)``.

    References
    ----------
    Viechtbauer W (2010). Conducting meta-analyses in R with the metafor package. J Stat
    Softw 36(3). The ``escalc`` documentation gives the formulas reproduced here.
    Hedges LV (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. J Educ Stat 6:107–128 (the exact correction factor).

    Examples
    --------
    >>> import trialstats as ts
    >>> es = ts.effect_sizes([4, 6], [123, 306], [11, 29], [139, 303], measure="RR")
    >>> es[["yi", "vi"]].round(4)
           yi      vi
    0 -0.8893  0.3256
    1 -1.5854  0.1946
    >>> es["measure"].tolist()
    ['RR', 'RR']
    """
    measure = check_choice("measure", measure, MEASURES)
    to = check_choice("to", to, _TO)
    if isinstance(add, bool) or not isinstance(add, numbers.Real):
        raise TypeError(f"add must be a non-negative number, got {add!r}")
    if not math.isfinite(add) or add < 0:
        raise ValueError(f"add must be a non-negative number, got {add!r}")
    if measure in ("MD", "SMD"):
        return _continuous_effects(measure, n1, n2, mean1, sd1, mean2, sd2, x1, x2)
    for name, value in (("mean1", mean1), ("sd1", sd1), ("mean2", mean2), ("sd2", sd2)):
        if value is not None:
            raise TypeError(f"{name} is for measure 'MD' or 'SMD', not {measure!r}")
    if measure == "PLO":
        return _plo_effects(x1, n1, x2, n2, add, to)

    for name, value in (("x1", x1), ("n1", n1), ("x2", x2), ("n2", n2)):
        if value is None:
            raise TypeError(f"{name} is required for measure {measure!r}")
    index = extract_index(x1, n1, x2, n2)
    a = as_count_array("x1", x1)
    m1 = as_count_array("n1", n1, minimum=1)
    c = as_count_array("x2", x2)
    m2 = as_count_array("n2", n2, minimum=1)
    check_at_most("x1", a, "n1", m1)
    check_at_most("x2", c, "n2", m2)
    a, m1, c, m2 = (np.atleast_1d(v) for v in broadcast_arrays(x1=a, n1=m1, x2=c, n2=m2))
    b, d = m1 - a, m2 - c
    zero = (a == 0) | (b == 0) | (c == 0) | (d == 0)
    # escalc's drop00 looks at the tables as given, before any correction
    no_info = ((a == 0) & (c == 0)) | ((b == 0) & (d == 0))
    (a, b, c, d), corrected = _correct_cells([a, b, c, d], zero, add, to)
    if to in ("only0", "if0all") and corrected.any():
        warnings.warn(
            f"{add:g} added to every cell of {int(corrected.sum())} table(s) with a zero cell "
            f"(to={to!r}; positions {_positions(corrected)})",
            ZeroCellCorrectionWarning,
            stacklevel=2,
        )
    n1c, n2c = a + b, c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "RR":
            yi = np.log(a / n1c) - np.log(c / n2c)
            vi = 1 / a - 1 / n1c + 1 / c - 1 / n2c
        elif measure == "OR":
            yi = np.log(a) + np.log(d) - np.log(b) - np.log(c)
            vi = 1 / a + 1 / b + 1 / c + 1 / d
        else:  # RD
            p1, p2 = a / n1c, c / n2c
            yi = p1 - p2
            vi = p1 * (1 - p1) / n1c + p2 * (1 - p2) / n2c
    undefined = ~np.isfinite(yi) | ~np.isfinite(vi)
    if drop00:
        undefined = undefined | no_info
    if undefined.any():
        warnings.warn(
            f"{measure} effect size undefined for {int(undefined.sum())} table(s) "
            f"(positions {_positions(undefined)}): zero cells without correction (to={to!r})"
            + (" or no/all events in both groups (drop00=True)" if drop00 else "")
            + "; set to NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        yi = np.where(undefined, np.nan, yi)
        vi = np.where(undefined, np.nan, vi)
    return _frame(yi, vi, index, measure, corrected)


def _plo_effects(x1: Any, n1: Any, x2: Any, n2: Any, add: float, to: str) -> pd.DataFrame:
    if x1 is None or n1 is None:
        raise TypeError("x1 and n1 are required for measure 'PLO'")
    if x2 is not None or n2 is not None:
        raise TypeError("measure 'PLO' takes one proportion per study: give x1 and n1 only")
    index = extract_index(x1, n1)
    x = as_count_array("x1", x1)
    n = as_count_array("n1", n1, minimum=1)
    check_at_most("x1", x, "n1", n)
    x, n = (np.atleast_1d(v) for v in broadcast_arrays(x1=x, n1=n))
    (x, y), corrected = _correct_cells([x, n - x], (x == 0) | (x == n), add, to)
    if to in ("only0", "if0all") and corrected.any():
        warnings.warn(
            f"{add:g} added to events and non-events of {int(corrected.sum())} stud(ies) with "
            f"0 or all events (to={to!r}; positions {_positions(corrected)})",
            ZeroCellCorrectionWarning,
            stacklevel=3,
        )
    with np.errstate(divide="ignore"):
        yi = np.log(x) - np.log(y)
        vi = 1 / x + 1 / y
    undefined = ~np.isfinite(yi)
    if undefined.any():
        warnings.warn(
            f"PLO undefined for {int(undefined.sum())} stud(ies) with 0 or all events "
            f"(positions {_positions(undefined)}) and to='none'; set to NaN",
            UndefinedStatisticWarning,
            stacklevel=3,
        )
        yi = np.where(undefined, np.nan, yi)
        vi = np.where(undefined, np.nan, vi)
    return _frame(yi, vi, index, "PLO", corrected)


def _continuous_effects(
    measure: str, n1: Any, n2: Any, mean1: Any, sd1: Any, mean2: Any, sd2: Any, x1: Any, x2: Any
) -> pd.DataFrame:
    if x1 is not None or x2 is not None:
        raise TypeError(f"measure {measure!r} takes mean1, sd1, n1, mean2, sd2, n2, not event counts")
    given = {"mean1": mean1, "sd1": sd1, "n1": n1, "mean2": mean2, "sd2": sd2, "n2": n2}
    missing = [k for k, v in given.items() if v is None]
    if missing:
        raise TypeError(f"measure {measure!r} needs {', '.join(missing)}")
    index = extract_index(mean1, sd1, n1, mean2, sd2, n2)
    minimum = 2 if measure == "SMD" else 1
    m1, m2 = as_float_array("mean1", mean1), as_float_array("mean2", mean2)
    s1, s2 = as_float_array("sd1", sd1), as_float_array("sd2", sd2)
    check_positive("sd1", s1, strict=False)
    check_positive("sd2", s2, strict=False)
    k1 = as_count_array("n1", n1, minimum=minimum)
    k2 = as_count_array("n2", n2, minimum=minimum)
    m1, s1, k1, m2, s2, k2 = (
        np.atleast_1d(v) for v in broadcast_arrays(mean1=m1, sd1=s1, n1=k1, mean2=m2, sd2=s2, n2=k2)
    )
    if measure == "MD":
        yi = m1 - m2
        vi = s1**2 / k1 + s2**2 / k2
        bad = vi <= 0
        if bad.any():
            raise ValueError(f"sd1 and sd2 are both 0 at positions {_positions(bad)}: variance 0")
        return _frame(yi, vi, index, "MD", np.zeros(yi.shape, bool))
    from scipy.special import gammaln

    df = k1 + k2 - 2
    sp = np.sqrt(((k1 - 1) * s1**2 + (k2 - 1) * s2**2) / df)
    if (sp == 0).any():
        raise ValueError(f"pooled SD is 0 at positions {_positions(sp == 0)}: SMD undefined")
    # exact small-sample correction (Hedges 1981), as escalc; gammaln avoids overflow for large df
    j = np.exp(gammaln(df / 2) - 0.5 * np.log(df / 2) - gammaln((df - 1) / 2))
    yi = j * (m1 - m2) / sp
    vi = 1 / k1 + 1 / k2 + yi**2 / (2 * (k1 + k2))
    return _frame(yi, vi, index, "SMD", np.zeros(yi.shape, bool))


def _frame(
    yi: np.ndarray, vi: np.ndarray, index: pd.Index | None, measure: str, corrected: np.ndarray
) -> pd.DataFrame:
    if index is not None and len(index) != len(yi):
        index = None
    # the measure travels in a column (DataFrame.attrs is lost by most pandas operations);
    # attrs keeps it too, for code written against the first release
    out = pd.DataFrame({"yi": yi.astype(float), "vi": vi.astype(float), "measure": measure,
                        "corrected": corrected.astype(bool)}, index=index)
    out.attrs["measure"] = measure
    out.attrs["corrected"] = corrected.astype(bool)
    return out


# --------------------------------------------------------------------------- estimators


def _tau2_dl(y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / v
    mu = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - mu) ** 2)
    c = np.sum(w) - np.sum(w**2) / np.sum(w)
    # truncated at zero (DerSimonian & Laird 1986); statsmodels 0.15 does not truncate
    return max(0.0, float((q - (len(y) - 1)) / c))


def _reml_score(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """Twice the derivative of the restricted log-likelihood in tau2 (intercept-only model)."""
    w = 1 / (v + tau2)
    sw = w.sum()
    mu = np.sum(w * y) / sw
    return float(np.sum((w * (y - mu)) ** 2) - (sw - np.sum(w**2) / sw))


def _tau2_reml_bracketed(y: np.ndarray, v: np.ndarray) -> float:
    """REML tau2 as the root of the score on [0, hi]; 0 when the score is <= 0 at the boundary."""
    from scipy.optimize import brentq

    if _reml_score(0.0, y, v) <= 0:
        return 0.0
    hi = max(1e-4, float(np.var(y, ddof=1)) if len(y) > 1 else 1.0)
    for _ in range(200):
        if _reml_score(hi, y, v) < 0:
            break
        hi *= 2
    else:
        raise RuntimeError("REML estimation of tau2 failed: the score stays positive; try method='PM'")
    return float(brentq(_reml_score, 0.0, hi, args=(y, v), xtol=1e-15, rtol=1e-14, maxiter=500))


def _tau2_reml(y: np.ndarray, v: np.ndarray, tol: float = 1e-12, maxiter: int = 1000) -> float:
    """REML τ² by Fisher scoring, as metafor (start: Hedges' estimator; step halving at 0)."""
    k = len(y)
    tau2 = max(0.0, float(np.sum((y - y.mean()) ** 2) / (k - 1) - v.mean()))
    for _ in range(maxiter):
        w = 1 / (v + tau2)
        sw = w.sum()
        # Fisher scoring: the score (the one kernel, _reml_score) over the expected information
        tr_pp = np.sum(w**2) - 2 * np.sum(w**3) / sw + np.sum(w**2) ** 2 / sw**2
        adj = _reml_score(tau2, y, v) / tr_pp
        while tau2 + adj < 0:
            adj /= 2
            if abs(adj) < tol:
                adj = -tau2 if tau2 < tol else 0.0
                break
        tau2 += adj
        if abs(adj) < tol:
            break
    else:
        # Fisher scoring can oscillate without converging (e.g. one very precise study among
        # imprecise ones); the REML estimate is then the root of the score, bracketed and
        # solved directly.
        return _tau2_reml_bracketed(y, v)
    if tau2 < 1e-8:
        # Fisher scoring creeps toward the boundary without reaching it; when the restricted
        # likelihood falls at tau2 = 0 (score <= 0), its maximum is the boundary itself.
        w = 1 / v
        sw = w.sum()
        mu = np.sum(w * y) / sw
        score = np.sum((w * (y - mu)) ** 2) - (sw - np.sum(w**2) / sw)
        if score <= 0:
            return 0.0
    return float(max(tau2, 0.0))


def _tau2_pm(y: np.ndarray, v: np.ndarray) -> float:
    """Paule–Mandel τ²: the root of the generalized Q statistic minus its df."""
    from scipy.optimize import brentq

    k = len(y)

    def excess(tau2: float) -> float:
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return float(np.sum(w * (y - mu) ** 2) - (k - 1))

    if excess(0.0) <= 0:
        return 0.0
    hi = max(float(np.var(y, ddof=1)), float(v.max()), 1e-8)
    while excess(hi) > 0:
        hi *= 4
    return float(brentq(excess, 0.0, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class MetaResult:
    """A pooled meta-analysis: estimate, heterogeneity, prediction interval, study rows.

    Attributes
    ----------
    pooled : Estimate
        The pooled effect on the analysis scale (log for ratios, logit for proportions),
        with its p-value; ``extra`` holds ``se``, ``statistic``, ``df`` (inf for z).
    prediction_interval : Estimate
        Where the true effect of a new study is expected to lie: ``mu ± crit·sqrt(se² + τ²)``
        with the normal quantile (metafor's default), or t on k−1 df with HKSJ, or t on k−2
        df with ``prediction="higgins"``. Equal to the confidence interval when τ² = 0.
    tau2, tau : float
        Between-study variance (0 for ``FE``) and its square root.
    i2 : float
        I² in percent (0–100). For random-effects models it is τ²-based, as metafor prints
        it: 100·τ²/(τ² + s²) with s² the "typical" within-study variance; for ``FE`` it is
        the Q-based max(0, 100·(Q − df)/Q). ``i2_basis`` says which ("tau2" or "Q"). The two
        coincide for DerSimonian–Laird.
    h2 : float
        H², on the same basis as I².
    q, q_df, q_pvalue : float
        Cochran's Q (fixed-effect weights), its degrees of freedom (k − 1) and p-value.
    weights : numpy.ndarray
        Percent weight of each study in the pooled estimate.
    yi, vi, labels, method, hksj, measure, scale, k, confidence_level
        The inputs and the model.
    """

    yi: np.ndarray
    vi: np.ndarray
    labels: list[str]
    method: str
    hksj: bool
    measure: str | None
    scale: str
    confidence_level: float
    pooled: Estimate
    prediction_interval: Estimate
    tau2: float
    i2: float
    i2_basis: str
    h2: float
    q: float
    q_df: int
    q_pvalue: float
    weights: np.ndarray = field(repr=False)
    index: pd.Index | None = field(default=None, repr=False)
    # For Mantel–Haenszel and Peto, ``pooled`` is on the ratio scale (as rma.mh prints it);
    # this keeps the same estimate on the analysis scale for the methods below.
    analysis_pooled: Estimate | None = field(default=None, repr=False)

    @property
    def _pooled_analysis(self) -> Estimate:
        return self.pooled if self.analysis_pooled is None else self.analysis_pooled

    def heterogeneity(self, confidence_level: float = 0.95) -> pd.DataFrame:
        """τ², τ, I² (percent) and H² with Q-profile confidence intervals, as metafor's confint.

        The intervals (Viechtbauer 2007) come from the generalized Q statistic of the
        studies' effects and variances and are the same whatever the τ² estimator. The
        ``estimate`` column holds the model's τ² (and the τ²-based I², H² from it); for a
        fixed-effect, Mantel–Haenszel or Peto result, which assume τ² = 0, it holds the
        DerSimonian–Laird estimate of the same studies instead.

        Returns
        -------
        pandas.DataFrame
            Index ``tau2, tau, i2, h2``; columns ``estimate, low, high``.

        References
        ----------
        1. Viechtbauer W (2007). Confidence intervals for the amount of heterogeneity in
           meta-analysis. Stat Med 26:37-52. doi:10.1002/sim.2514
        2. Higgins JPT, Thompson SG (2002). Quantifying heterogeneity in a meta-analysis.
           Stat Med 21:1539-1558. doi:10.1002/sim.1186

        Examples
        --------
        >>> import trialstats as ts
        >>> es = ts.effect_sizes([4, 6, 3, 62, 33, 180], [123, 306, 231, 13598, 5069, 1541],
        ...                      [11, 29, 11, 248, 47, 372], [139, 303, 220, 12867, 5808, 1451])
        >>> ts.meta_analysis(es).heterogeneity().round(3)
              estimate     low    high
        tau2     0.224   0.038   1.483
        tau      0.473   0.196   1.218
        i2      84.155  47.594  97.238
        h2       6.311   1.908  36.200
        """
        from ._heterogeneity import q_profile

        cl = check_confidence_level(confidence_level)
        keep = np.isfinite(self.yi) & np.isfinite(self.vi)
        tau2 = self.tau2
        if self.method not in ("DL", "REML", "PM"):
            tau2 = _tau2_dl(self.yi[keep], self.vi[keep]) if keep.sum() > 1 else 0.0
        return q_profile(self.yi, self.vi, tau2, cl)

    @property
    def k(self) -> int:
        """Number of studies."""
        return len(self.yi)

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    @property
    def study_low(self) -> np.ndarray:
        return self.yi - self._zcrit * np.sqrt(self.vi)

    @property
    def study_high(self) -> np.ndarray:
        return self.yi + self._zcrit * np.sqrt(self.vi)

    @property
    def _zcrit(self) -> float:
        from scipy.stats import norm

        return float(norm.isf((1 - self.confidence_level) / 2))

    def _back(self, transform: bool | Callable[[Any], Any]) -> Callable[[Any], Any]:
        if transform is False:
            return _BACK["identity"]
        if transform is True:
            return _BACK[self.scale]
        if callable(transform):
            return transform
        raise TypeError(f"transform must be True, False or a function, got {transform!r}")

    def transformed(self, func: Callable[[Any], Any] | None = None) -> Estimate:
        """The pooled estimate back-transformed to the natural scale (ratio or proportion).

        Parameters
        ----------
        func : callable, optional
            Monotone increasing transformation; default is the inverse of the analysis scale
            (``exp`` for log ratios, the inverse logit for logit proportions, identity
            otherwise).

        Returns
        -------
        Estimate
            With the same p-value; ``extra`` holds the transformed prediction interval
            (``pi_low``, ``pi_high``), ``tau2`` and ``i2``.

        Examples
        --------
        >>> import trialstats as ts
        >>> res = ts.meta_analysis([-0.9, -1.6, -1.4], [0.33, 0.19, 0.42], method="FE", measure="RR")
        >>> round(res.transformed().estimate, 4)
        0.2575
        """
        f = self._back(True if func is None else func)
        name = _MEASURE_INFO[self.measure][2] if self.measure else "effect"
        p, pi = self._pooled_analysis, self.prediction_interval
        return Estimate(
            measure=f"pooled {name}",
            estimate=float(f(p.estimate)),
            low=float(f(p.low)),
            high=float(f(p.high)),
            confidence_level=self.confidence_level,
            method=p.method,
            pvalue=p.pvalue,
            inputs=p.inputs,
            extra={
                "pi_low": float(f(pi.low)),
                "pi_high": float(f(pi.high)),
                "tau2": self.tau2,
                "i2": self.i2,
            },
        )

    def to_frame(self, transform: bool | Callable[[Any], Any] = False) -> pd.DataFrame:
        """Study rows, then the pooled row and the prediction row, at full precision.

        Columns: ``label``, ``kind`` ("study", "pooled", "prediction"), ``estimate``,
        ``low``, ``high``, ``weight`` (percent; NaN on the summary rows), ``yi``, ``vi``.
        ``transform=True`` back-transforms estimate and limits (exp, inverse logit).
        """
        f = self._back(transform)
        p, pi = self._pooled_analysis, self.prediction_interval
        studies = pd.DataFrame(
            {
                "label": self.labels,
                "kind": "study",
                "estimate": f(self.yi),
                "low": f(self.study_low),
                "high": f(self.study_high),
                "weight": self.weights,
                "yi": self.yi,
                "vi": self.vi,
            }
        )
        summary = pd.DataFrame(
            {
                "label": [f"{self.method}{' + HKSJ' if self.hksj else ''} pooled", "prediction interval"],
                "kind": ["pooled", "prediction"],
                "estimate": [float(f(p.estimate)), float(f(pi.estimate))],
                "low": [float(f(p.low)), float(f(pi.low))],
                "high": [float(f(p.high)), float(f(pi.high))],
                "weight": [np.nan, np.nan],
                "yi": [p.estimate, pi.estimate],
                "vi": [p.extra["se"] ** 2, np.nan],
            }
        )
        return pd.concat([studies, summary], ignore_index=True)

    def __str__(self) -> str:
        pct = f"{100 * self.confidence_level:g}%"
        back = self.transformed()
        name = back.measure
        pi = self.prediction_interval
        lines = [
            f"{self.method}{' + HKSJ' if self.hksj else ''} meta-analysis of {self.k} studies",
            f"{name} {format_number(back.estimate)} ({pct} CI {format_number(back.low)} to "
            f"{format_number(back.high)}), p = {format_number(self._pooled_analysis.pvalue, 4)}",
            f"prediction interval {format_number(back.extra['pi_low'])} to "
            f"{format_number(back.extra['pi_high'])}",
            f"tau2 = {format_number(self.tau2, 4)}, I2 = {self.i2:.1f}% ({self.i2_basis}-based), "
            f"Q = {format_number(self.q, 2)} on {self.q_df} df (p = {format_number(self.q_pvalue, 4)})",
        ]
        if self.scale != "identity":
            lines.append(
                f"(analysis scale {self.scale}: {format_number(self._pooled_analysis.estimate, 4)} "
                f"[{format_number(self._pooled_analysis.low, 4)}, "
                f"{format_number(self._pooled_analysis.high, 4)}]; "
                f"prediction [{format_number(pi.low, 4)}, {format_number(pi.high, 4)}])"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        frame = self.to_frame(transform=True)
        return (
            "<pre>" + str(self) + "</pre>" + frame.to_html(float_format=lambda v: format_number(v, 3))
        )

    def forest_plot(
        self,
        ax: Any = None,
        *,
        transform: bool | None = None,
        xlabel: str | None = None,
        show_prediction: bool = True,
        **options: Any,
    ) -> Any:
        """Draw a forest plot: study estimates with intervals and weights, the pooled diamond,
        the prediction interval, and the labels.

        Ratios are drawn on a log axis on the ratio scale, logit proportions as proportions,
        differences as they are; the reference line marks no effect (1 or 0).

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Drawn into; a new figure is created if None.
        transform : bool, optional
            Back-transform to the natural scale (default: yes for log and logit scales).
        xlabel : str, optional
            Axis label (default: the measure's name).
        show_prediction : bool, default True
            Draw the prediction interval as a bar under the diamond.
        **options
            Passed to :func:`trialstats.plots.forest_plot` (``arms``, ``arm_names``,
            ``favours``, ``title``).

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import trialstats as ts
        >>> res = ts.meta_analysis([-0.9, -1.6, -1.4], [0.33, 0.19, 0.42], measure="RR")
        >>> ax = res.forest_plot()
        """
        from .plots import forest_plot  # lazy: figures live in plots.py, matplotlib stays unloaded

        return forest_plot(self, ax, transform=transform, xlabel=xlabel,
                           show_prediction=show_prediction, **options)


# --------------------------------------------------------------------------- pooling


def _tau2_fe(y: np.ndarray, v: np.ndarray) -> float:
    return 0.0


# one {name: tau2 estimator} for the choice of model; the keys are the public list
_TAU2_ESTIMATORS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "FE": _tau2_fe,
    "DL": _tau2_dl,
    "REML": _tau2_reml,
    "PM": _tau2_pm,
}
METHODS = tuple(_TAU2_ESTIMATORS)


def meta_analysis(
    yi: Any,
    vi: Any = None,
    *,
    method: str = "REML",
    hksj: bool = False,
    labels: Sequence[str] | None = None,
    confidence_level: float = 0.95,
    measure: str | None = None,
    prediction: str = "metafor",
) -> MetaResult:
    """Pool per-study effects with a fixed-effect or random-effects model.

    Parameters
    ----------
    yi : array-like or DataFrame
        Effect sizes on the analysis scale; or the DataFrame returned by
        :func:`effect_sizes` (then ``vi`` is taken from it and ``measure`` from its attrs).
    vi : array-like
        Their sampling variances (positive).
    method : {"FE", "DL", "REML", "PM"}, default "REML"
        Fixed effect (inverse variance), DerSimonian–Laird (τ² truncated at 0), restricted
        maximum likelihood (Fisher scoring, as metafor), or Paule–Mandel.
    hksj : bool, default False
        Hartung–Knapp–Sidik–Jonkman: the standard error rescaled by the weighted residual
        variance and t on k−1 df (metafor's ``test="knha"``, without truncation).
    labels : sequence of str, optional
        Study labels (default: the index of pandas input, else "Study 1", ...).
    confidence_level : float, default 0.95
    measure : str, optional
        The effect-size measure (``RR``, ``OR``, ``RD``, ``PLO``, ``MD``, ``SMD``), which sets
        the scale for back-transformation and the forest plot.
    prediction : {"metafor", "higgins"}, default "metafor"
        Prediction interval: metafor's (normal quantile, or t on k−1 df with HKSJ), or
        Higgins, Thompson & Spiegelhalter's (2009) t on k−2 df.

    Returns
    -------
    MetaResult

    Raises
    ------
    ValueError
        Fewer than 2 studies, non-positive or NaN variances, lengths that differ.

    See Also
    --------
    effect_sizes

    Notes
    -----
    Weights w_i = 1/(v_i + τ²), pooled μ̂ = Σ w_i y_i / Σ w_i with SE (Σ w_i)^−½; τ² by DL,
    REML (Fisher scoring, as metafor) or Paule–Mandel; Q = Σ (y_i − μ̂_FE)²/v_i on k − 1 df;
    I² = τ²/(τ² + s²) (τ²-based, metafor) or (Q − df)/Q for FE; HKSJ replaces the SE by the
    weighted residual variance and z by t on k − 1 df. R: ``metafor::rma(yi, vi, method = "REML",
    test = "knha")`` and ``predict()`` for the prediction interval.

    References
    ----------
    DerSimonian R, Laird N (1986). Meta-analysis in clinical trials. Control Clin Trials
    7:177–188.
    doi:10.1016/0197-2456(86)90046-2
    Paule RC, Mandel J (1982). J Res Natl Bur Stand 87:377–385.
    doi:10.6028/jres.087.022
    Viechtbauer W
    (2005). Bias and efficiency of meta-analytic variance estimators in the random-effects
    model. J Educ Behav Stat 30:261–293 (REML by Fisher scoring). Hartung J, Knapp G (2001).
    Stat Med 20:3875–3889; Sidik K, Jonkman JN (2002). Stat Med 21:3153–3159. Higgins JPT,
    Thompson SG (2002). Quantifying heterogeneity in a meta-analysis. Stat Med 21:1539–1558.
    Higgins JPT, Thompson SG, Spiegelhalter DJ (2009). J R Stat Soc A 172:137–159.

    Examples
    --------
    The first six BCG vaccine trials (metafor's ``dat.bcg``), log risk ratios; metafor gives
    RR 0.3738 and τ² 0.1981 for the same model:

    >>> import trialstats as ts
    >>> es = ts.effect_sizes([4, 6, 3, 62, 33, 180], [123, 306, 231, 13598, 5069, 1541],
    ...                      [11, 29, 11, 248, 47, 372], [139, 303, 220, 12867, 5808, 1451], measure="RR")
    >>> res = ts.meta_analysis(es, method="DL")
    >>> round(res.transformed().estimate, 4), round(res.tau2, 4)
    (0.3738, 0.1981)
    """
    tau2_estimator = choose("method", method, _TAU2_ESTIMATORS)
    prediction = check_choice("prediction", prediction, ("metafor", "higgins"))
    if not isinstance(hksj, bool | np.bool_):
        raise TypeError(f"hksj must be True or False, got {hksj!r}")
    cl = check_confidence_level(confidence_level)
    if isinstance(yi, pd.DataFrame):
        if vi is not None:
            raise TypeError("give either a DataFrame with columns yi and vi, or yi and vi, not both")
        missing = {"yi", "vi"} - set(yi.columns)
        if missing:
            raise ValueError(f"the DataFrame passed as yi lacks column(s) {sorted(missing)}")
        if measure is None and "measure" in yi.columns and yi["measure"].nunique() == 1:
            measure = str(yi["measure"].iloc[0])
        measure = measure if measure is not None else yi.attrs.get("measure")
        frame = yi
        yi, vi = frame["yi"], frame["vi"]
    elif vi is None:
        raise TypeError("vi is required (or pass the DataFrame returned by effect_sizes)")
    if measure is not None:
        measure = check_choice("measure", measure, MEASURES)
    index = extract_index(yi, vi)
    y = np.atleast_1d(as_float_array("yi", yi)).astype(float)
    v = np.atleast_1d(as_float_array("vi", vi)).astype(float)
    if y.ndim != 1 or v.ndim != 1 or len(y) != len(v):
        raise ValueError(f"yi and vi must be 1-d of the same length, got shapes {y.shape} and {v.shape}")
    check_positive("vi", v)
    k = len(y)
    if k < 2:
        raise ValueError(f"meta_analysis needs at least 2 studies, got {k}")
    if labels is None:
        if index is None or isinstance(index, pd.RangeIndex):
            labels = [f"Study {i + 1}" for i in range(k)]
        else:
            labels = [str(i) for i in index]
    else:
        if isinstance(labels, str):
            raise TypeError("labels must be a sequence of strings, one per study, not a single string")
        labels = [str(lab) for lab in labels]
        if len(labels) != k:
            raise ValueError(f"labels has {len(labels)} entries for {k} studies")

    from scipy import stats

    w_fe = 1 / v
    sw_fe = w_fe.sum()
    mu_fe = np.sum(w_fe * y) / sw_fe
    q = float(np.sum(w_fe * (y - mu_fe) ** 2))
    q_df = k - 1
    q_p = float(stats.chi2.sf(q, q_df))

    tau2 = tau2_estimator(y, v)
    w = 1 / (v + tau2)
    sw = w.sum()
    mu = float(np.sum(w * y) / sw)
    se = float(math.sqrt(1 / sw))
    alpha = 1 - cl
    if hksj:
        # Hartung–Knapp: residual variance of the weighted fit scales the SE; t on k-1 df
        se = float(math.sqrt(np.sum(w * (y - mu) ** 2) / (q_df * sw)))
        df = float(q_df)
        crit = float(stats.t.isf(alpha / 2, df))
        stat = mu / se if se > 0 else math.copysign(math.inf, mu) if mu else math.nan
        pval = float(2 * stats.t.sf(abs(stat), df)) if not math.isnan(stat) else math.nan
    else:
        df = math.inf
        crit = float(stats.norm.isf(alpha / 2))
        stat = mu / se
        pval = float(2 * stats.norm.sf(abs(stat)))
    low, high = mu - crit * se, mu + crit * se

    if prediction == "higgins":
        if k < 3:
            raise ValueError("prediction='higgins' needs at least 3 studies (t on k-2 df)")
        pcrit = float(stats.t.isf(alpha / 2, k - 2))
        pmethod = "t on k-2 df (Higgins 2009)"
    else:
        pcrit = crit
        pmethod = "t on k-1 df (HKSJ)" if hksj else "normal (metafor)"
    half = pcrit * math.sqrt(se**2 + tau2)

    if method == "FE":
        h2 = q / q_df
        i2 = max(0.0, 100 * (q - q_df) / q) if q > 0 else 0.0
        basis = "Q"
    else:
        s2 = q_df * sw_fe / (sw_fe**2 - np.sum(w_fe**2))
        i2 = float(100 * tau2 / (tau2 + s2))
        h2 = float((tau2 + s2) / s2)
        basis = "tau2"

    scale = _MEASURE_INFO[measure][0] if measure else "identity"
    name = _MEASURE_INFO[measure][1] if measure else "effect"
    detail = "Hartung-Knapp-Sidik-Jonkman standard error, t on k-1 df" if hksj else ""
    inputs = {"yi": yi, "vi": vi, "method": method, "hksj": hksj, "confidence_level": cl}
    pooled = Estimate(
        measure=f"pooled {name}",
        estimate=mu,
        low=float(low),
        high=float(high),
        confidence_level=cl,
        method=method,
        pvalue=pval,
        inputs=inputs,
        extra={"se": se, "statistic": float(stat), "df": df, "tau2": tau2},
        method_detail=detail,
        pvalue_test="t (HKSJ)" if hksj else "wald_z",
    )
    pi = Estimate(
        measure=f"prediction interval of {name}",
        estimate=mu,
        low=mu - half,
        high=mu + half,
        confidence_level=cl,
        method=method,
        method_detail=f"{detail + '; ' if detail else ''}prediction: {pmethod}",
        inputs=inputs,
        extra={"se": math.sqrt(se**2 + tau2)},
    )
    return MetaResult(
        yi=y,
        vi=v,
        labels=list(labels),
        method=method,
        hksj=bool(hksj),
        measure=measure,
        scale=scale,
        confidence_level=cl,
        pooled=pooled,
        prediction_interval=pi,
        tau2=float(tau2),
        i2=float(i2),
        i2_basis=basis,
        h2=float(h2),
        q=q,
        q_df=q_df,
        q_pvalue=q_p,
        weights=100 * w / sw,
        index=index,
    )
