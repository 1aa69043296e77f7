"""Restricted mean survival time compared between two arms (as survRM2's rmst2, unadjusted).

The restricted mean survival time up to ``tau`` is the area under an arm's Kaplan–Meier
curve on [0, tau]: the mean relapse-free time over that horizon. Two arms are compared by
the difference or the ratio of their RMSTs, with normal intervals on the time scale
(difference) or the log scale (ratio), each arm's variance being the Greenwood-type one of
:meth:`trialstats.survival.KaplanMeier.rmst`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._scipy_stats import stats
from ._validate import as_float_array, check_confidence_level, check_positive
from .results import Estimate, build_estimate
from .survival import _check_group, _check_time_event, _plain, kaplan_meier

__all__ = ["rmst_difference", "rmst_ratio"]


def _arms(time: Any, event: Any, group: Any, tau: Any, reference: Any, cl: float):  # type: ignore[no-untyped-def]
    t, e = _check_time_event(time, event)
    codes, labels = _check_group(group, t.size)
    if labels.size != 2:
        raise ValueError(f"group must contain exactly two groups to compare RMST, got {labels.tolist()}")
    tau_arr = as_float_array("tau", tau)
    if tau_arr.ndim != 0:
        raise TypeError(f"tau must be a single number, got {tau!r}")
    tau_f = float(tau_arr)
    check_positive("tau", np.asarray(tau_f))
    names = [_plain(v) for v in labels]
    if reference is None:
        ref = 0
    else:
        matches = [i for i, v in enumerate(names) if v == reference]
        if not matches:
            raise ValueError(f"reference {reference!r} is not one of the groups {names}")
        ref = matches[0]
    other = 1 - ref
    out = []
    for g in (other, ref):
        in_g = codes == g
        last = float(np.max(t[in_g]))
        if tau_f > last:
            raise ValueError(
                f"tau must not exceed the last observed time of either group: group {names[g]!r} "
                f"ends at {last:g}, got tau={tau_f:g} (as survRM2, which stops there)"
            )
        out.append(kaplan_meier(t[in_g], e[in_g]).rmst(tau_f, confidence_level=cl))
    return out[0], out[1], names[other], names[ref], tau_f


def rmst_difference(
    time: ArrayLike,
    event: ArrayLike,
    group: ArrayLike,
    tau: float,
    reference: Any = None,
    confidence_level: float = 0.95,
) -> Estimate:
    """Difference in restricted mean survival time up to ``tau``: the other group minus ``reference``.

    Parameters
    ----------
    time, event : array-like
        Follow-up times and event flags (1 = relapse/event, 0 = censored), one per patient.
    group : array-like
        Arm label of each patient; exactly two groups.
    tau : float
        Truncation time, positive and not beyond the last observed time of either arm.
    reference : label, optional
        The comparator arm; default the first label in sorted order (as R's factor levels
        and survRM2's ``arm = 0``).
    confidence_level : float, default 0.95

    Returns
    -------
    Estimate
        ``measure="RMST difference"``, normal interval and two-sided p-value; ``extra``
        holds ``rmst`` and ``se`` of each arm (keys ``rmst_other``, ``se_other``,
        ``rmst_reference``, ``se_reference``), ``se`` of the difference, ``tau``, and the
        two labels (``group``, ``reference``).

    Notes
    -----
    D = RMST_1(τ) − RMST_0(τ), SE(D) = √(SE_1² + SE_0²), interval D ± z·SE, p = 2Φ(−|D|/SE),
    each arm's SE² = Σ_{t_j ≤ τ} A_j² d_j / (n_j (n_j − d_j)) with A_j the area under the
    curve from t_j to τ. Matching R: ``survRM2::rmst2(time, event, arm, tau)``, row
    "RMST (arm=1)-(arm=0)" of ``$unadjusted.result``.

    References
    ----------
    .. [1] Uno H, Claggett B, Tian L, et al. (2014). Moving beyond the hazard ratio in
       quantifying the between-group difference in survival analysis. J Clin Oncol
       32:2380-2385. doi:10.1200/JCO.2014.55.2208
    .. [2] Royston P, Parmar MKB (2013). Restricted mean survival time: an alternative to the
       hazard ratio for the design and analysis of randomized trials with a time-to-event
       outcome. BMC Med Res Methodol 13:152. doi:10.1186/1471-2288-13-152

    See Also
    --------
    rmst_ratio, kaplan_meier, logrank, hazard_ratio

    Examples
    --------
    The maintenance chemotherapy trial for acute myelogenous leukaemia (R's ``aml``), weeks
    in remission up to 40 weeks, not maintained minus maintained:

    >>> t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
    >>> e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    >>> g = ["Maintained"] * 11 + ["Nonmaintained"] * 12
    >>> r = rmst_difference(t, e, g, tau=40)
    >>> round(r.estimate, 3), round(r.low, 3), round(r.high, 3)
    (-6.967, -17.102, 3.167)
    """
    cl = check_confidence_level(confidence_level)
    one, zero, name1, name0, tau_f = _arms(time, event, group, tau, reference, cl)
    se1, se0 = one.extra["se"], zero.extra["se"]
    diff = one.estimate - zero.estimate
    se = math.sqrt(se1**2 + se0**2)
    z = float(stats.norm.isf((1 - cl) / 2))
    p = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else math.nan
    return build_estimate(
        "RMST difference", diff, diff - z * se, diff + z * se,
        confidence_level=cl,
        method="survrm2",
        pvalue=p,
        pvalue_test="wald_z",
        scalar=True,
        inputs={"time": time, "event": event, "group": group, "tau": tau_f, "reference": name0},
        extra={"se": se, "tau": tau_f, "group": name1, "reference": name0,
               "rmst_other": one.estimate, "se_other": se1,
               "rmst_reference": zero.estimate, "se_reference": se0},
    )


def rmst_ratio(
    time: ArrayLike,
    event: ArrayLike,
    group: ArrayLike,
    tau: float,
    reference: Any = None,
    confidence_level: float = 0.95,
) -> Estimate:
    """Ratio of restricted mean survival times up to ``tau``: the other group over ``reference``.

    Parameters
    ----------
    time, event, group, tau, reference, confidence_level
        As for :func:`rmst_difference`.

    Returns
    -------
    Estimate
        ``measure="RMST ratio"``, interval exp(log R ± z·SE) and the two-sided p-value of
        log R = 0; ``extra`` as for :func:`rmst_difference`, ``se`` on the log scale.

    Notes
    -----
    log R = log RMST_1 − log RMST_0, SE² = SE_1²/RMST_1² + SE_0²/RMST_0² (delta method).
    Matching R: ``survRM2::rmst2(time, event, arm, tau)``, row "RMST (arm=1)/(arm=0)".

    References
    ----------
    .. [1] Uno H, Claggett B, Tian L, et al. (2014). Moving beyond the hazard ratio in
       quantifying the between-group difference in survival analysis. J Clin Oncol
       32:2380-2385. doi:10.1200/JCO.2014.55.2208
    .. [2] Royston P, Parmar MKB (2013). Restricted mean survival time: an alternative to the
       hazard ratio for the design and analysis of randomized trials with a time-to-event
       outcome. BMC Med Res Methodol 13:152. doi:10.1186/1471-2288-13-152

    See Also
    --------
    rmst_difference, kaplan_meier

    Examples
    --------
    R's ``aml`` trial, up to 40 weeks (not maintained over maintained):

    >>> t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
    >>> e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    >>> g = ["Maintained"] * 11 + ["Nonmaintained"] * 12
    >>> r = rmst_ratio(t, e, g, tau=40)
    >>> round(r.estimate, 4), round(r.low, 4), round(r.high, 4)
    (0.7589, 0.5008, 1.1501)
    """
    cl = check_confidence_level(confidence_level)
    one, zero, name1, name0, tau_f = _arms(time, event, group, tau, reference, cl)
    r1, r0 = one.estimate, zero.estimate
    se1, se0 = one.extra["se"], zero.extra["se"]
    log_r = math.log(r1) - math.log(r0)
    se = math.sqrt(se1**2 / r1**2 + se0**2 / r0**2)
    z = float(stats.norm.isf((1 - cl) / 2))
    p = float(2 * stats.norm.sf(abs(log_r) / se)) if se > 0 else math.nan
    return build_estimate(
        "RMST ratio", math.exp(log_r), math.exp(log_r - z * se), math.exp(log_r + z * se),
        confidence_level=cl,
        method="survrm2",
        pvalue=p,
        pvalue_test="wald_z",
        scalar=True,
        inputs={"time": time, "event": event, "group": group, "tau": tau_f, "reference": name0},
        extra={"se": se, "tau": tau_f, "group": name1, "reference": name0,
               "rmst_other": r1, "se_other": se1, "rmst_reference": r0, "se_reference": se0},
    )
