"""Time to relapse: Kaplan–Meier, log-rank, Cox hazard ratios and printed medians.

What trials publish about durability is thin: a median time to relapse among responders,
sometimes a Kaplan–Meier curve with numbers at risk. This module gives

- :func:`kaplan_meier` for individual data (or data reconstructed from a curve by
  :func:`trialstats.reconstruct_ipd`), with Greenwood standard errors, Brookmeyer–Crowley
  intervals for the median following R survival's conventions, and the restricted mean;
- :func:`logrank` and :func:`hazard_ratio` (Cox model, Efron or Breslow ties);
- :func:`exponential_median` and :func:`exponential_median_ratio` for when only a median
  and a number of events are printed.

A median or a limit that the data do not reach is ``inf`` (R prints ``NA``), never an
extrapolated number.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._scipy_stats import stats
from ._validate import (
    UndefinedStatisticWarning,
    as_count_array,
    as_float_array,
    broadcast_arrays,
    check_choice,
    check_confidence_level,
    check_positive,
    choose,
    extract_index,
    is_scalar_input,
    unwrap,
)
from .reconstruct import ReconstructionDiagnostics, reconstruct_ipd
from .results import Estimate, Significance, build_estimate

__all__ = [
    "CONF_TYPES",
    "KaplanMeier",
    "ReconstructionDiagnostics",
    "exponential_median",
    "exponential_median_ratio",
    "hazard_ratio",
    "kaplan_meier",
    "logrank",
    "reconstruct_ipd",
]

CONF_TYPES = ("log-log", "log", "plain")  # the keys of _BAND_TRANSFORMS (a test checks)
# the names of CONF_TYPES as a type, for signatures and type checkers (a test keeps them equal)
ConfType = Literal["log-log", "log", "plain"]
TIES = ("efron", "breslow")
# the names of TIES as a type, for signatures and type checkers (a test keeps them equal)
Ties = Literal["efron", "breslow"]

# R survival compares survival with 0.5 within sqrt(machine epsilon) (survmean's minmin).
_TOL = math.sqrt(np.finfo(float).eps)

_EXPONENTIAL_ASSUMPTION = "assumes a constant hazard and every patient at risk followed to the event"


# --------------------------------------------------------------------------- input checks


def _check_time_event(time: Any, event: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate individual survival data: non-negative finite times, 0/1 event flags, same length."""
    t = as_float_array("time", time)
    # an event indicator is naturally boolean (True = relapsed)
    e = as_float_array("event", event, allow_bool=True)
    if t.ndim != 1 or e.ndim != 1:
        raise ValueError(
            f"time and event must be one-dimensional, got shapes {t.shape} and {e.shape}"
        )
    if t.shape != e.shape:
        raise ValueError(
            f"time and event must have the same length, got {t.size} times and {e.size} event flags"
        )
    bad = t < 0
    if bad.any():
        pos = np.flatnonzero(bad)[:5].tolist()
        raise ValueError(f"time must be non-negative: at positions {pos} (values {t[pos].tolist()})")
    bad = (e != 0) & (e != 1)
    if bad.any():
        pos = np.flatnonzero(bad)[:5].tolist()
        raise ValueError(
            "event must be 1 (event observed) or 0 (censored): "
            f"at positions {pos} (values {e[pos].tolist()})"
        )
    return t, e


def _check_group(group: Any, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the group codes (0..k-1, in sorted order of the labels) and the sorted labels."""
    if isinstance(group, str | bytes) or group is None:
        raise TypeError(f"group must be an array of labels, one per patient, got {group!r}")
    g = group.to_numpy() if isinstance(group, pd.Series | pd.Index) else np.asarray(group)
    if g.ndim != 1:
        raise ValueError(f"group must be one-dimensional, got shape {g.shape}")
    if g.size != size:
        raise ValueError(f"group must have one label per patient: got {g.size} labels for {size} times")
    if pd.isna(pd.Series(g)).any():
        raise ValueError("group must not contain missing labels")
    try:
        labels, codes = np.unique(g, return_inverse=True)
    except TypeError:
        raise TypeError("group labels must be mutually comparable (all numbers or all strings)") from None
    if labels.size < 2:
        raise ValueError(f"group must contain at least two groups, got only {labels.tolist()}")
    return codes.reshape(-1), labels


def _plain(value: Any) -> Any:
    """A numpy scalar label as the Python value (labels from object arrays already are)."""
    return value.item() if isinstance(value, np.generic) else value


# --------------------------------------------------------------------------- Kaplan–Meier


def _band_plain(surv: np.ndarray, zse: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    half = zse * surv
    return np.maximum(surv - half, 0.0), np.minimum(surv + half, 1.0)


def _band_log(surv: np.ndarray, zse: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.exp(np.log(surv) - zse), np.minimum(np.exp(np.log(surv) + zse), 1.0)


def _band_loglog(surv: np.ndarray, zse: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    loglog = np.log(-np.log(surv))
    half = zse / np.log(surv)
    return np.exp(-np.exp(loglog - half)), np.exp(-np.exp(loglog + half))


# one {conf_type: transform} (R survival's conf.type); the keys are the public list
_BAND_TRANSFORMS = {"log-log": _band_loglog, "log": _band_log, "plain": _band_plain}


def _bands(
    surv: np.ndarray, greenwood: np.ndarray, z: float, conf_type: str
) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise confidence limits for S(t) as R survival's ``survfit_confint``.

    ``greenwood`` is the cumulative Greenwood sum, i.e. the variance of log S. Where S is 0
    the variance is undefined and the limits are NaN (R: NA); where S is 1 (no event yet)
    the limits are 1.
    """
    se_log = np.sqrt(greenwood)
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = choose("conf_type", conf_type, _BAND_TRANSFORMS)(surv, z * se_log)
    one = surv >= 1.0
    low = np.where(one, 1.0, low)
    high = np.where(one, 1.0, high)
    zero = surv <= 0.0
    low = np.where(zero, np.nan, low)
    high = np.where(zero, np.nan, high)
    return low, high


def _first_below_half(times: np.ndarray, curve: np.ndarray) -> float:
    """R survival's rule (``survmean``'s ``minmin``) for where a curve crosses 0.5.

    The first time the curve is at or below 0.5 (NaN values skipped); if it sits exactly
    at 0.5 there and drops lower later, the midpoint between that time and the time of
    the drop. ``inf`` when the curve never reaches 0.5.
    """
    keep = ~np.isnan(curve) & (curve < 0.5 + _TOL)
    if not keep.any():
        return math.inf
    x = times[keep]
    y = curve[keep]
    if abs(y[0] - 0.5) < _TOL:
        lower = np.flatnonzero(y < y[0])
        if lower.size:
            return float((x[0] + x[lower[0]]) / 2)
    return float(x[0])


class KaplanMeier:
    """A Kaplan–Meier estimate of the survival (relapse-free) function.

    Built by :func:`kaplan_meier`; not meant to be constructed directly.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per distinct observed time (event or censoring), as R's
        ``summary(survfit(...), censored=TRUE)``: ``time``, ``n_risk``, ``n_event``,
        ``n_censor``, ``survival``, ``std_err`` (Greenwood standard error of S(t)), ``low``,
        ``high`` (pointwise limits, ``conf_type`` and ``confidence_level`` as given to
        :func:`kaplan_meier`). Where S(t) = 0 the Greenwood variance is undefined and
        ``std_err``, ``low`` and ``high`` are NaN, as R prints NA; where S(t) = 1 (before
        the first event) the limits are 1 (R's log-log band prints NA there).
    confidence_level : float
    conf_type : str
    n : int
        Number of patients.
    events : int
        Number of events.
    """

    def __init__(
        self, time: np.ndarray, event: np.ndarray, confidence_level: float, conf_type: ConfType
    ) -> None:
        self.time = time
        self.event = event
        self.confidence_level = confidence_level
        self.conf_type = conf_type
        self.n = int(time.size)
        self.events = int(event.sum())
        order = np.argsort(time, kind="stable")
        t_sorted = time[order]
        e_sorted = event[order]
        times, first, counts = np.unique(t_sorted, return_index=True, return_counts=True)
        n_event = np.add.reduceat(e_sorted, first)
        n_censor = counts - n_event
        # patients still under observation just before each time (ties: all at risk)
        n_risk = self.n - np.concatenate(([0], np.cumsum(counts)[:-1]))
        with np.errstate(divide="ignore", invalid="ignore"):
            surv = np.cumprod(1.0 - n_event / n_risk)
            # Greenwood's sum; a time where everyone at risk has the event adds +inf
            term = np.where(n_event > 0, n_event / (n_risk * (n_risk - n_event)), 0.0)
        greenwood = np.cumsum(term)
        self._times = times
        self._surv = surv
        self._greenwood = greenwood
        self._n_risk = n_risk
        self._n_event = n_event
        z = stats.norm.isf((1 - confidence_level) / 2)
        low, high = _bands(surv, greenwood, z, conf_type)
        with np.errstate(invalid="ignore"):
            std_err = np.where(surv > 0, surv * np.sqrt(greenwood), np.nan)
        self.table = pd.DataFrame(
            {
                "time": times,
                "n_risk": n_risk.astype(int),
                "n_event": n_event.astype(int),
                "n_censor": n_censor.astype(int),
                "survival": surv,
                "std_err": std_err,
                "low": low,
                "high": high,
            }
        )

    def __repr__(self) -> str:
        med = self.median(confidence_level=self.confidence_level, conf_type=self.conf_type)
        return (
            f"KaplanMeier(n={self.n}, events={self.events}, median {med.estimate:g} "
            f"({100 * self.confidence_level:g}% CI {med.low:g} to {med.high:g}, {self.conf_type}))"
        )

    # ---------------------------------------------------------------- lookups

    def survival(self, t: Any) -> Any:
        """Kaplan–Meier survival at time(s) ``t`` (right-continuous step function).

        Parameters
        ----------
        t : float or array-like
            Non-negative times.

        Returns
        -------
        float or ndarray
            S(t); 1 before the first event. Beyond the last observed time the curve is
            not estimated and the result is NaN, unless the curve has already reached 0.

        Examples
        --------
        >>> km = kaplan_meier([1, 2, 2, 3], [1, 1, 0, 1])
        >>> km.survival([0.5, 1, 2.5])
        array([1.  , 0.75, 0.5 ])
        """
        scalar = is_scalar_input(t)
        tt = as_float_array("t", t)
        check_positive("t", tt, strict=False)
        idx = np.searchsorted(self._times, tt, side="right") - 1
        out = np.where(idx >= 0, self._surv[np.maximum(idx, 0)], 1.0)
        beyond = tt > self._times[-1]
        if self._surv[-1] > 0:
            out = np.where(beyond, np.nan, out)
        return unwrap(out, scalar)

    # ---------------------------------------------------------------- median

    def median(self, *, confidence_level: float = 0.95, conf_type: ConfType = "log-log") -> Estimate:
        """Median survival time with the Brookmeyer–Crowley confidence interval.

        The interval is the set of times whose pointwise confidence band for S(t) contains
        0.5: the lower limit is where the band's lower curve first reaches 0.5, the upper
        limit where its upper curve does. Conventions follow R survival's
        ``print.survfit``: a curve that lies exactly at 0.5 over a flat stretch gives the
        midpoint of that stretch; the upper curve of the band is undefined where S = 0 and
        skipped there (a limit it never reaches is ``inf``); the lower curve is taken as 0
        there (R: NA, which matters only when S drops from above 0.5 straight to 0).

        Parameters
        ----------
        confidence_level : float, default 0.95
        conf_type : {"log-log", "log", "plain"}, default "log-log"
            Scale of the pointwise band. **Our default is "log-log"** (as lifelines,
            statsmodels and Stata); **R's ``survfit`` defaults to "log"**. The two give
            different intervals for the same data, so say which one you quote.

        Returns
        -------
        Estimate
            ``measure="median time"``; ``inf`` where the median or a limit is not reached
            (R prints NA). ``extra`` holds ``n`` and ``events``.

        References
        ----------
        Brookmeyer R, Crowley J (1982). A confidence interval for the median survival time.
        Biometrics 38:29–41.
        doi:10.2307/2530286
        Therneau T (2023). survival: ``print.survfit``, ``survfit``.

        Examples
        --------
        >>> t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161]   # R survival::aml, maintained
        >>> e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]
        >>> m = kaplan_meier(t, e).median(conf_type="log")
        >>> (m.estimate, m.low, m.high)
        (31.0, 18.0, inf)
        """
        cl = check_confidence_level(confidence_level)
        choose("conf_type", conf_type, _BAND_TRANSFORMS)
        z = stats.norm.isf((1 - cl) / 2)
        band_low, band_high = _bands(self._surv, self._greenwood, z, conf_type)
        est = _first_below_half(self._times, self._surv)
        # Where S = 0 the band is undefined; its lower curve tends to 0 there, so use 0
        # (R leaves it NA and prints no lower limit when S drops from above 0.5 to 0).
        low = _first_below_half(self._times, np.where(self._surv <= 0, 0.0, band_low))
        high = _first_below_half(self._times, band_high)
        return build_estimate(
            "median time", est, low, high,
            confidence_level=cl,
            method="brookmeyer_crowley",
            method_detail=f"{conf_type} transform",
            scalar=True,
            inputs={"time": self.time, "event": self.event},
            extra={"n": self.n, "events": self.events},
        )

    # ---------------------------------------------------------------- restricted mean

    def rmst(self, tau: float, confidence_level: float = 0.95) -> Estimate:
        """Restricted mean survival time up to ``tau``: the area under the curve on [0, tau].

        The variance is the Greenwood-type one of R survival's ``print(fit, rmean=tau)`` and
        survRM2's ``rmst2``: the sum over event times t_j <= tau of
        A_j² d_j / (n_j (n_j − d_j)), with A_j the area under the curve from t_j to tau (a
        time where everyone at risk has the event adds 0, as both R packages do). The
        interval is normal on the time scale, as survRM2's. (lifelines' variance differs and
        is wrong, its issue #1682.)

        Parameters
        ----------
        tau : float
            Truncation time, positive and not beyond the last observed time (the curve is
            not estimated after it).
        confidence_level : float, default 0.95

        Returns
        -------
        Estimate
            ``measure="restricted mean survival time"``; ``extra`` holds ``se``, ``tau``.

        References
        ----------
        Royston P, Parmar MKB (2013). Restricted mean survival time: an alternative to the
        hazard ratio. BMC Med Res Methodol 13:152. Uno H et al., survRM2 (R package).

        Examples
        --------
        >>> km = kaplan_meier([1, 2, 3, 4], [1, 1, 1, 1])
        >>> km.rmst(4).estimate
        2.5
        """
        cl = check_confidence_level(confidence_level)
        if isinstance(tau, str | bytes) or np.ndim(tau) != 0:
            raise TypeError(f"tau must be a single number, got {tau!r}")
        tau_f = float(as_float_array("tau", tau))
        check_positive("tau", np.asarray(tau_f))
        if tau_f > self._times[-1]:
            raise ValueError(
                f"tau must not exceed the last observed time {self._times[-1]:g}, got {tau_f:g}: "
                "the curve is not estimated beyond it"
            )
        keep = self._times <= tau_f
        t = self._times[keep]
        s = self._surv[keep]
        grid = np.concatenate(([0.0], t, [tau_f]))
        level = np.concatenate(([1.0], s))  # survival on each stretch between grid points
        pieces = np.diff(grid) * level
        area = float(pieces.sum())
        # area from each observed time to tau (pieces after that time)
        after = np.cumsum(pieces[::-1])[::-1][1:]
        d = self._n_event[keep]
        n = self._n_risk[keep]
        with np.errstate(divide="ignore", invalid="ignore"):
            h = np.where((d > 0) & (n > d), d / (n * (n - d)), 0.0)
        var = float(np.sum(after**2 * h))
        se = math.sqrt(var)
        z = stats.norm.isf((1 - cl) / 2)
        return build_estimate(
            "restricted mean survival time", area, area - z * se, area + z * se,
            confidence_level=cl,
            method="greenwood",
            method_detail="normal interval",
            scalar=True,
            inputs={"time": self.time, "event": self.event, "tau": tau_f},
            extra={"se": se, "tau": tau_f},
        )

    # ---------------------------------------------------------------- figure

    def plot(
        self,
        ax: Any = None,
        *,
        label: str | None = None,
        ci: bool = True,
        censor_marks: bool = True,
        risk_times: Any = None,
        at_risk: bool = True,
        color: Any = None,
        linestyle: str = "-",
    ) -> Any:
        """Draw the curve (with its pointwise band) and a numbers-at-risk row under the axis.

        Calling ``plot`` for several curves on the same axes stacks their numbers-at-risk
        rows under one another.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Axes to draw into (a new figure if None).
        label : str, optional
            Legend label and name of the numbers-at-risk row.
        ci : bool, default True
            Shade the pointwise confidence band.
        censor_marks : bool, default True
            Mark censoring times with '+'.
        risk_times : array-like, optional
            Times of the numbers-at-risk row (default: the x tick positions on the axis).
        at_risk : bool, default True
            Draw the numbers-at-risk row.
        color : optional
            Matplotlib colour of the curve.
        linestyle : str, default "-"
            Matplotlib line style of the curve.

        Returns
        -------
        matplotlib Axes

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = kaplan_meier([1, 2, 3, 4], [1, 0, 1, 1]).plot(label="arm A")
        """
        from .plots import kaplan_meier_plot  # lazy: figures live in plots.py

        return kaplan_meier_plot(self, ax, label=label, ci=ci, censor_marks=censor_marks,
                                 risk_times=risk_times, at_risk=at_risk, color=color,
                                 linestyle=linestyle)


def kaplan_meier(
    time: ArrayLike, event: ArrayLike, *, confidence_level: float = 0.95, conf_type: ConfType = "log-log"
) -> KaplanMeier:
    """Kaplan–Meier estimate from individual times to relapse (or censoring).

    Parameters
    ----------
    time : array-like
        Non-negative follow-up times, one per patient.
    event : array-like
        1 where the event (relapse) was observed at ``time``, 0 where follow-up ended
        without it (censored). Booleans are accepted.
    confidence_level : float, default 0.95
        Level of the pointwise limits in ``.table``.
    conf_type : {"log-log", "log", "plain"}, default "log-log"
        Scale of the pointwise limits in ``.table`` (R's survfit defaults to "log").

    Returns
    -------
    KaplanMeier
        With ``.table``, ``.survival(t)``, ``.median()``, ``.rmst(tau)`` and ``.plot()``.

    Raises
    ------
    ValueError
        For negative times, event flags other than 0/1, or lengths that differ.

    See Also
    --------
    logrank
    hazard_ratio
    reconstruct_ipd

    Notes
    -----
    Ŝ(t) = Π_{t_i ≤ t} (1 − d_i / n_i) with Greenwood's variance Σ d_i / (n_i (n_i − d_i)) for
    log Ŝ [1]_; medians and their Brookmeyer–Crowley intervals as R survival's ``print.survfit``.
    R: ``survival::survfit(Surv(time, event) ~ 1)``.

    References
    ----------
    .. [1] Kaplan EL, Meier P (1958). Nonparametric estimation from incomplete observations.
       J Am Stat Assoc 53:457-481. doi:10.1080/01621459.1958.10501452
    .. [2] Greenwood M (1926). The natural duration of cancer. Reports on Public Health and
       Medical Subjects 33. HMSO

    Examples
    --------
    >>> km = kaplan_meier([5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
    ...                   [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1])      # R survival::aml, arm 2
    >>> km.median().estimate
    23.0
    >>> round(float(km.table["std_err"].iloc[0]), 4)
    0.1076
    """
    t, e = _check_time_event(time, event)
    cl = check_confidence_level(confidence_level)
    choose("conf_type", conf_type, _BAND_TRANSFORMS)
    return KaplanMeier(t, e, cl, conf_type)


# --------------------------------------------------------------------------- two or more groups


def logrank(time: ArrayLike, event: ArrayLike, group: ArrayLike) -> Significance:
    """Log-rank test of equal relapse-free survival across groups.

    Parameters
    ----------
    time, event : array-like
        As for :func:`kaplan_meier`.
    group : array-like
        Group label of each patient (two or more groups).

    Returns
    -------
    Significance
        ``test="logrank"``, chi-square ``statistic`` on ``df`` = groups − 1, ``pvalue``;
        ``extra`` holds the ``groups`` (sorted labels), ``observed`` and ``expected``
        events per group.

    See Also
    --------
    hazard_ratio
    kaplan_meier

    Notes
    -----
    Agrees with R's ``survdiff`` (checked in the tests against R survival 3.5-3 on
    ``aml``, ``lung`` and ``ovarian``). As there, a group with nobody at risk at any event
    time (expected count 0) is left out and ``df`` counts the groups kept (R survival's
    ``difftest``: ``aml`` plus a group censored before the first event gives χ² 3.396 on 1
    df). Where the statistic is undefined (no events, or a
    variance of zero, for which R stops with an error) the p-value is NaN with an
    :class:`UndefinedStatisticWarning`.

    References
    ----------
    .. [1] Mantel N (1966). Evaluation of survival data and two new rank order statistics
       arising in its consideration. Cancer Chemother Rep 50:163-170
    .. [2] Peto R, Peto J (1972). Asymptotically efficient rank invariant test procedures.
       J R Stat Soc A 135:185-207. doi:10.2307/2344317

    Examples
    --------
    >>> t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
    >>> e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    >>> g = ["M"] * 11 + ["N"] * 12
    >>> r = logrank(t, e, g)
    >>> round(r.statistic, 4), round(r.pvalue, 4)
    (3.3964, 0.0653)
    """
    t, e = _check_time_event(time, event)
    codes, labels = _check_group(group, t.size)
    k = labels.size
    # Written here rather than calling statsmodels' survdiff, which (like R's) stops with a
    # singular-matrix error when the variance is zero; a batch should get NaN and a warning.
    times, t_idx = np.unique(t[e == 1], return_inverse=True)
    n_g = np.empty((times.size, k))
    d_g = np.zeros((times.size, k))
    for g in range(k):
        in_g = codes == g
        n_g[:, g] = in_g.sum() - np.searchsorted(np.sort(t[in_g]), times, side="left")
        d_g[:, g] = np.bincount(t_idx[in_g[e == 1]], minlength=times.size)
    n = n_g.sum(1)
    d = d_g.sum(1)
    share = n_g / n[:, None]
    observed = d_g.sum(0)
    expected = (d[:, None] * share).sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(n > 1, d * (n - d) / (n - 1), 0.0)
    # hypergeometric covariance of the observed counts, summed over event times
    cov = np.einsum("t,tj,tk->jk", w, share, -share) + np.diag((w[:, None] * share).sum(0))
    # As R's survdiff: a group with nobody at risk at any event time (expected 0) carries no
    # information and is left out, and the degrees of freedom count the groups kept.
    kept = np.flatnonzero(expected > 0)
    k_used = max(kept.size, 1)
    diff = (observed - expected)[kept][:-1]
    sub = cov[np.ix_(kept, kept)][:-1, :-1]
    if kept.size < 2 or np.linalg.matrix_rank(sub) < kept.size - 1:
        why = (
            "no events in any group" if observed.sum() == 0
            else "fewer than two groups have anyone at risk at the event times"
            if kept.size < 2 else "its variance is zero (singular)"
        )
        warnings.warn(
            f"logrank: the test is undefined, {why}; p-value is NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        chi2, p = math.nan, math.nan
    else:
        chi2 = float(diff @ np.linalg.solve(sub, diff))
        p = float(stats.chi2.sf(chi2, k_used - 1))
    return Significance(
        test="logrank",
        statistic=float(chi2),
        pvalue=float(p),
        df=float(k_used - 1),
        inputs={"time": time, "event": event, "group": group},
        extra={"groups": labels.tolist(), "observed": observed, "expected": expected},
    )


def _efron_terms(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One term per event: the r-th of the d tied events removes r/d of the tied risk."""
    j = np.repeat(np.arange(d.size), d.astype(int))
    r = np.arange(j.size) - np.repeat(np.cumsum(d) - d, d.astype(int))
    return j, r / d[j], np.ones(j.size)


def _breslow_terms(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One term per event time: the d tied events share one risk set (weight d)."""
    return np.arange(d.size), np.zeros(d.size), d


# ties -> (event-time index, fraction of the tied risk removed, weight) per likelihood term;
# the keys are TIES
_TIE_TERMS: dict[str, Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]] = {
    "efron": _efron_terms,
    "breslow": _breslow_terms,
}


def _cox_binary(t: np.ndarray, e: np.ndarray, x: np.ndarray, ties: str) -> tuple[float, float] | None:
    """Cox partial-likelihood estimate (log HR, SE) for one 0/1 covariate, or None if infinite.

    Written here rather than calling statsmodels' ``PHReg``: statsmodels 0.15 returns NaN
    (Efron ties, with divide-by-zero warnings) on valid tied data where R's ``coxph`` has a
    finite estimate — e.g. times (8, 6, 2, 8, 2, 9, 6, 3, 3, 3), events (0, 1, 0, 1, 0, 1, 0,
    1, 0, 1), one patient in group 1 (the 8th): R gives log HR 2.25543 (SE 1.431183). With a
    single binary covariate every sum in the likelihood is a count of patients at risk or
    with the event in each group, so the whole fit is a few vectorized lines.

    The estimate is finite exactly when some group-0 event happens while group 1 is at risk
    and some group-1 event while group 0 is at risk (otherwise the score never changes
    sign: a monotone likelihood, for which R's ``coxph`` warns of an infinite coefficient).
    """
    times = np.unique(t[e == 1])
    ev = e == 1
    at_event = np.searchsorted(times, t[ev])
    d1 = np.bincount(at_event[x[ev] == 1], minlength=times.size).astype(float)
    d0 = np.bincount(at_event[x[ev] == 0], minlength=times.size).astype(float)
    t0, t1 = np.sort(t[x == 0]), np.sort(t[x == 1])
    n0 = t0.size - np.searchsorted(t0, times, side="left").astype(float)
    n1 = t1.size - np.searchsorted(t1, times, side="left").astype(float)
    if not (np.any((d0 > 0) & (n1 > 0)) and np.any((d1 > 0) & (n0 > 0))):
        return None
    d = d0 + d1
    j, frac, w = choose("ties", ties, _TIE_TERMS)(d)
    n0j, n1j, d0j, d1j = n0[j], n1[j], d0[j], d1[j]
    total_d1 = d1.sum()

    def parts(beta: float) -> tuple[float, float, float]:
        eb = math.exp(beta)
        s0 = n0j + n1j * eb - frac * (d0j + d1j * eb)
        share = (n1j - frac * d1j) * eb / s0  # weighted mean of the covariate over the risk set
        loglik = beta * total_d1 - float(np.sum(w * np.log(s0)))
        score = total_d1 - float(np.sum(w * share))
        info = float(np.sum(w * share * (1 - share)))  # x² = x for a 0/1 covariate
        return loglik, score, info

    beta = 0.0
    loglik, score, info = parts(beta)
    for _ in range(100):
        step = score / info
        # Newton with step halving, as R's coxph: the log-likelihood is concave
        for _ in range(60):
            new = beta + step
            new_loglik, new_score, new_info = parts(new)
            if math.isfinite(new_loglik) and new_loglik >= loglik - 1e-12 * abs(loglik):
                break
            step /= 2
        converged = abs(new - beta) < 1e-11 * (1 + abs(beta))
        beta, loglik, score, info = new, new_loglik, new_score, new_info
        if converged:
            break
    return beta, 1 / math.sqrt(info)


def hazard_ratio(
    time: ArrayLike,
    event: ArrayLike,
    group: ArrayLike,
    *,
    ties: Ties = "efron",
    reference: Any = None,
    confidence_level: float = 0.95,
) -> Estimate:
    """Cox proportional-hazards hazard ratio between two groups.

    Parameters
    ----------
    time, event : array-like
        As for :func:`kaplan_meier`.
    group : array-like
        Group label of each patient; exactly two groups.
    ties : {"efron", "breslow"}, default "efron"
        Handling of tied event times. "efron" is R ``coxph``'s default; "breslow" is
        SAS's and Stata's.
    reference : optional
        The reference group (denominator). Default: the first label in sorted order, as
        R's factor levels.
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="hazard ratio"`` of the other group relative to ``reference``, Wald
        interval on the log scale and Wald p-value; ``extra`` holds ``log_hr``, ``se``
        (of the log HR), ``reference`` and ``group`` labels.

    See Also
    --------
    logrank
    kaplan_meier

    Notes
    -----
    Fitted by Newton–Raphson on the partial likelihood (written here: statsmodels' ``PHReg``
    returns NaN on some valid tied data); agrees with R ``coxph`` for both tie methods
    (checked in the tests against R survival 3.5-3). When a group has no events,
    or more generally the partial likelihood has no finite maximum (monotone likelihood,
    where R's ``coxph`` warns that the coefficient may be infinite), the estimate is 0 or
    infinite and the Wald interval undefined: NaN with an :class:`UndefinedStatisticWarning`.

    References
    ----------
    .. [1] Cox DR (1972). Regression models and life-tables. J R Stat Soc B 34:187-220.
       doi:10.1111/j.2517-6161.1972.tb00899.x
    .. [2] Efron B (1977). The efficiency of Cox's likelihood function for censored data.
       J Am Stat Assoc 72:557-565. doi:10.1080/01621459.1977.10480613

    Examples
    --------
    >>> t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
    >>> e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    >>> g = ["Maintained"] * 11 + ["Nonmaintained"] * 12
    >>> print(hazard_ratio(t, e, g))
    hazard ratio 2.498 (95% CI 0.916 to 6.813; cox, efron ties), p = 0.074
    """
    t, e = _check_time_event(time, event)
    codes, labels = _check_group(group, t.size)
    check_choice("ties", ties, TIES)
    cl = check_confidence_level(confidence_level)
    if labels.size != 2:
        raise ValueError(
            f"hazard_ratio compares exactly two groups, got {labels.size}: {labels.tolist()}"
        )
    if reference is None:
        ref_code = 0
    else:
        matches = np.flatnonzero(labels == reference)
        if matches.size != 1:
            raise ValueError(f"reference {reference!r} is not one of the groups {labels.tolist()}")
        ref_code = int(matches[0])
    other_code = 1 - ref_code
    x = (codes == other_code).astype(float)
    inputs = {"time": time, "event": event, "group": group, "reference": _plain(labels[ref_code])}
    extra_base = {"reference": _plain(labels[ref_code]), "group": _plain(labels[other_code])}
    method = "cox"
    detail = f"{ties} ties"
    fit = _cox_binary(t, e, x, ties)
    if fit is None:
        warnings.warn(
            "hazard_ratio: the Cox partial likelihood has no finite maximum (a group has no "
            "events, or the events separate the groups: no event in one group while the other "
            "is at risk), so the hazard ratio is 0 or infinite and its Wald interval undefined; "
            "returning NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
        return build_estimate(
            "hazard ratio", math.nan, math.nan, math.nan,
            confidence_level=cl, method=method, method_detail=detail, scalar=True,
            pvalue=math.nan, pvalue_test="wald_z", inputs=inputs,
            extra={**extra_base, "log_hr": math.nan, "se": math.nan},
        )
    beta, se = fit
    z = stats.norm.isf((1 - cl) / 2)
    p = float(2 * stats.norm.sf(abs(beta / se)))
    return build_estimate(
        "hazard ratio", math.exp(beta), math.exp(beta - z * se), math.exp(beta + z * se),
        confidence_level=cl, method=method, method_detail=detail, scalar=True,
        pvalue=p, pvalue_test="wald_z", inputs=inputs,
        extra={**extra_base, "log_hr": beta, "se": se},
    )


# --------------------------------------------------------------------------- printed medians


def exponential_median(median: ArrayLike, events: ArrayLike, *, confidence_level: float = 0.95) -> Estimate:
    """The interval a printed median implies when only the median and the event count are known.

    Under an exponential model (constant hazard λ, median ln 2 / λ), with d events and
    total time at risk T, 2λT follows a chi-square distribution on 2d degrees of freedom
    when follow-up continues to the d-th event (Epstein & Sobel 1953). Hence

        median · 2d / χ²(1 − α/2; 2d)  ≤  true median  ≤  median · 2d / χ²(α/2; 2d).

    **Assumptions**, stated in ``method``: the hazard of relapse is constant over time,
    and every patient at risk is followed until the event (no censoring before the
    events counted; otherwise the interval is only approximate). The printed median is
    taken as the exponential estimate ln 2 · T / d.

    Parameters
    ----------
    median : float or array-like
        The printed median (any time unit; the interval is in the same unit).
    events : int or array-like
        Number of events (relapses) behind the median, at least 1.
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="median time"``, ``method`` naming the chi-square interval and its
        assumptions; ``extra`` holds ``df`` (2·events).

    See Also
    --------
    exponential_median_ratio
    kaplan_meier

    Notes
    -----
    With d events and median m, the hazard is λ = ln 2 / m and 2dλ/λ̂ ~ χ²(2d), so the interval
    is m · 2d / χ²_{1−α/2}(2d) to m · 2d / χ²_{α/2}(2d) [1]_. R:
    ``c(2 * d * m / qchisq(0.975, 2 * d), 2 * d * m / qchisq(0.025, 2 * d))``.

    References
    ----------
    .. [1] Epstein B, Sobel M (1953). Life testing. J Am Stat Assoc 48:486-502
    .. [2] Lawless JF (2003). Statistical Models and Methods for Lifetime Data, 2nd ed.
       Wiley

    Examples
    --------
    >>> r = exponential_median(27.5, 10)
    >>> round(r.low, 2), round(r.high, 2)
    (16.1, 57.35)
    """
    scalar = is_scalar_input(median, events)
    index = extract_index(median, events)
    m = as_float_array("median", median)
    d = as_count_array("events", events, minimum=1)
    check_positive("median", m)
    cl = check_confidence_level(confidence_level)
    m, d = broadcast_arrays(median=m, events=d)
    alpha = 1 - cl
    df = 2 * d
    low = m * df / stats.chi2.isf(alpha / 2, df)
    high = m * df / stats.chi2.ppf(alpha / 2, df)
    return build_estimate(
        "median time", m, low, high,
        confidence_level=cl,
        method="exponential",
        method_detail=f"chi-square on 2·events df; {_EXPONENTIAL_ASSUMPTION}",
        scalar=scalar,
        inputs={"median": median, "events": events},
        index=index,
        extra={"df": df},
    )


def exponential_median_ratio(
    median1: ArrayLike,
    events1: ArrayLike,
    median2: ArrayLike,
    events2: ArrayLike,
    *,
    confidence_level: float = 0.95,
) -> Estimate:
    """Ratio of two printed medians (1 / 2) with the F-distribution interval and test.

    Under exponential models in both groups, (m̂₁/m₁)/(m̂₂/m₂) follows an F distribution
    on (2d₁, 2d₂) degrees of freedom (Cox 1953), so the ratio ρ = m₁/m₂ has the interval

        ρ̂ / F(1 − α/2; 2d₁, 2d₂)  ≤  ρ  ≤  ρ̂ / F(α/2; 2d₁, 2d₂),

    and the two-sided p-value for ρ = 1 is 2·min(P(F ≤ ρ̂), P(F ≥ ρ̂)). A ratio above 1
    means group 1's responses last longer.

    **Assumptions** (stated in ``method_detail``): a constant hazard in each group and every
    patient at risk followed to the event; groups independent. Across trials that
    define relapse differently, the ratio compares the definitions as much as the
    treatments.

    Parameters
    ----------
    median1, events1 : float/int or array-like
        Printed median and number of events, group (or trial) 1.
    median2, events2 : float/int or array-like
        The same for group 2.
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="median ratio"`` with ``pvalue``; ``extra`` holds ``df1``, ``df2``.

    See Also
    --------
    exponential_median
    hazard_ratio

    Notes
    -----
    Under exponential models the ratio of medians m1/m2 with d1, d2 events follows
    (m1/m2)/(true ratio) ~ F(2 d1, 2 d2) [1]_; the limits divide the ratio by the F quantiles.
    R: ``r / qf(c(0.975, 0.025), 2 * d1, 2 * d2)``.

    References
    ----------
    .. [1] Cox DR (1953). Some simple approximate tests for Poisson variates. Biometrika
       40:354-360. doi:10.1093/biomet/40.3-4.354

    Examples
    --------
    >>> r = exponential_median_ratio(41, 10, 20, 12)
    >>> round(r.estimate, 3)
    2.05
    """
    scalar = is_scalar_input(median1, events1, median2, events2)
    index = extract_index(median1, events1, median2, events2)
    m1 = as_float_array("median1", median1)
    d1 = as_count_array("events1", events1, minimum=1)
    m2 = as_float_array("median2", median2)
    d2 = as_count_array("events2", events2, minimum=1)
    check_positive("median1", m1)
    check_positive("median2", m2)
    cl = check_confidence_level(confidence_level)
    m1, d1, m2, d2 = broadcast_arrays(median1=m1, events1=d1, median2=m2, events2=d2)
    alpha = 1 - cl
    ratio = m1 / m2
    df1, df2 = 2 * d1, 2 * d2
    low = ratio / stats.f.isf(alpha / 2, df1, df2)
    high = ratio / stats.f.ppf(alpha / 2, df1, df2)
    p = np.minimum(1.0, 2 * np.minimum(stats.f.cdf(ratio, df1, df2), stats.f.sf(ratio, df1, df2)))
    return build_estimate(
        "median ratio", ratio, low, high,
        confidence_level=cl,
        method="exponential",
        method_detail=f"F on (2·events1, 2·events2) df; {_EXPONENTIAL_ASSUMPTION}, in each group",
        pvalue=p,
        pvalue_test="F test of the median ratio under exponential survival",
        scalar=scalar,
        inputs={"median1": median1, "events1": events1, "median2": median2, "events2": events2},
        index=index,
        extra={"df1": df1, "df2": df2},
    )
