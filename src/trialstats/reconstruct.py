"""Individual patient data from a published Kaplan–Meier curve (Guyot et al. 2012).

A digitized curve (the coordinates of points clicked along the published step function)
and the numbers-at-risk table printed under it are turned back into a list of event and
censoring times whose Kaplan–Meier estimate reproduces the curve and whose numbers at
risk reproduce the table. The algorithm is that of Guyot, Ades, Ouwens & Welton (2012),
written here from the paper's description; the cleaning of digitized input (sorting,
duplicate clicks, small overshoots above 1, non-monotone points, curves in percent) and
the placement of a point at every risk-table time are additions that the paper leaves to
the user.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._validate import as_count_array, as_float_array

__all__ = ["ReconstructionDiagnostics", "reconstruct_ipd"]

# Digitizing noise: overshoots this far above 1 (or below 0) are clipped, not rejected.
_CLIP = 0.02
# Guard against the adjustment loops of the algorithm cycling on inconsistent input.
_MAX_ITER = 1000


@dataclass(frozen=True, eq=False)
class ReconstructionDiagnostics:
    """How well a reconstruction agrees with what was published.

    Found in ``reconstruct_ipd(...).attrs["diagnostics"]``. (Compared by identity, so
    that ``pandas.concat`` of reconstructions works.)

    Attributes
    ----------
    table : pandas.DataFrame
        One row per risk-table time: ``risk_time``, ``n_at_risk_published``,
        ``n_at_risk_reconstructed``, and the reconstructed ``events`` and ``censored`` in
        the interval that starts there.
    total_events_published : float
        NaN when not given.
    total_events_reconstructed : int
    max_survival_error : float
        Largest absolute difference between the Kaplan–Meier curve of the reconstructed
        data and the cleaned digitized points.
    notes : tuple of str
        What the input cleaning changed.
    """

    table: pd.DataFrame
    total_events_published: float
    total_events_reconstructed: int
    max_survival_error: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        head = (
            f"events: {self.total_events_reconstructed} reconstructed"
            + (
                ""
                if math.isnan(self.total_events_published)
                else f" vs {self.total_events_published:g} published"
            )
            + f"; max |KM - digitized| = {self.max_survival_error:.4f}"
        )
        notes = "".join(f"\nnote: {n}" for n in self.notes)
        return f"{head}\n{self.table.to_string(index=False)}{notes}"

    def _repr_html_(self) -> str:
        return f"<p>{str(self).splitlines()[0]}</p>" + self.table.to_html(index=False)


def _decreasing_isotonic(y: np.ndarray) -> np.ndarray:
    """Least-squares non-increasing fit (pool adjacent violators).

    Used instead of a running minimum, which would carry every downward digitizing error
    forward and bias the curve low.
    """
    values: list[float] = []
    weights: list[int] = []
    for v in y:
        values.append(float(v))
        weights.append(1)
        while len(values) > 1 and values[-2] < values[-1]:
            w = weights[-2] + weights[-1]
            v_new = (values[-2] * weights[-2] + values[-1] * weights[-1]) / w
            values.pop()
            weights.pop()
            values[-1] = v_new
            weights[-1] = w
    return np.repeat(values, weights)


def _clean_curve(time: Any, survival: Any) -> tuple[np.ndarray, np.ndarray, list[str]]:
    t = as_float_array("curve_time", time).reshape(-1)
    s = as_float_array("curve_survival", survival).reshape(-1)
    if t.size != s.size:
        raise ValueError(
            f"curve_time and curve_survival must have the same length, got {t.size} and {s.size}"
        )
    if t.size < 2:
        raise ValueError(f"the digitized curve needs at least 2 points, got {t.size}")
    if (t < 0).any():
        bad = np.flatnonzero(t < 0)[:5].tolist()
        raise ValueError(f"curve_time must be non-negative: at positions {bad} (values {t[bad].tolist()})")
    notes: list[str] = []
    top = float(s.max())
    if top > 1 + _CLIP:
        # A curve in percent starts at 100; anything else above 1 is not a survival curve.
        if top < 50 or top > 100 * (1 + _CLIP) or s.min() < -100 * _CLIP:
            raise ValueError(
                "curve_survival must lie in [0, 1] (or [0, 100] as percent): got values from "
                f"{s.min():g} to {top:g}"
            )
        s = s / 100
        notes.append("curve_survival read as percent (maximum above 1) and divided by 100")
    if s.min() < -_CLIP:
        raise ValueError(
            f"curve_survival must lie in [0, 1] (or [0, 100] as percent): minimum {s.min():g}"
        )
    if (s > 1).any() or (s < 0).any():
        notes.append(
            f"{int(((s > 1) | (s < 0)).sum())} point(s) just outside [0, 1] clipped (digitizing noise)"
        )
        s = np.clip(s, 0.0, 1.0)
    order = np.argsort(t, kind="stable")
    if (np.diff(order) < 0).any():
        notes.append("points sorted by time")
    t, s = t[order], s[order]
    # A vertical drop is often clicked at its top and bottom: keep the bottom (KM is
    # right-continuous, so the value at a jump time is the lower one).
    uniq, first = np.unique(t, return_index=True)
    if uniq.size < t.size:
        notes.append(f"{t.size - uniq.size} duplicate time(s) merged, keeping the lowest survival")
        s = np.minimum.reduceat(s, first)
        t = uniq
    if t[-1] <= 0:
        raise ValueError("curve_time must contain at least one time after 0")
    if t[0] > 0:
        t = np.concatenate(([0.0], t))
        s = np.concatenate(([1.0], s))
        notes.append("point (0, 1) added at the start of the curve")
    elif s[0] != 1:
        notes.append(f"survival at time 0 set to 1 (was {s[0]:g})")
        s = s.copy()
        s[0] = 1.0
    fitted = _decreasing_isotonic(s)
    if np.any(np.abs(fitted - s) > 1e-12):
        notes.append(
            f"{int((np.abs(fitted - s) > 1e-12).sum())} non-monotone point(s) adjusted by "
            "decreasing isotonic regression"
        )
        s = fitted
    s[0] = 1.0
    zero = np.flatnonzero(s <= 0)
    if zero.size and zero[0] < s.size - 1:
        notes.append("points after the curve reaches 0 dropped")
        t, s = t[: zero[0] + 1], s[: zero[0] + 1]
    return t, s, notes


def _clean_risk_table(
    risk_time: Any, n_at_risk: Any, t_max: float
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rt = as_float_array("risk_time", risk_time).reshape(-1)
    nr = as_count_array("n_at_risk", n_at_risk).reshape(-1)
    if rt.size != nr.size:
        raise ValueError(
            f"risk_time and n_at_risk must have the same length, got {rt.size} and {nr.size}"
        )
    if rt[0] != 0:
        raise ValueError(
            f"risk_time must start at 0 (the number randomized or analysed), got {rt[0]:g}"
        )
    steps = np.diff(rt)
    if (steps <= 0).any():
        bad = np.flatnonzero(steps <= 0)[:5].tolist()
        raise ValueError(f"risk_time must be strictly increasing: not after positions {bad}")
    rises = np.diff(nr)
    if (rises > 0).any():
        bad = (np.flatnonzero(rises > 0)[:5] + 1).tolist()
        raise ValueError(
            "n_at_risk must not increase over time (patients cannot re-enter the risk set): "
            f"at positions {bad} (values {nr[bad].tolist()})"
        )
    if nr[0] < 1:
        raise ValueError("n_at_risk at time 0 must be at least 1")
    notes: list[str] = []
    keep = rt < t_max
    if not keep.all():
        notes.append(
            f"{int((~keep).sum())} risk-table time(s) at or beyond the end of the curve "
            f"({t_max:g}) not used"
        )
        rt, nr = rt[keep], nr[keep]
    return rt, nr, notes


def _spread_censoring(
    count: int, a_idx: int, b_idx: int, times: np.ndarray, cen: np.ndarray, width: int
) -> None:
    """Spread ``count`` censorings evenly over (times[a_idx], times[b_idx]) into ``cen``.

    Counts go to the click intervals (times[k], times[k+1]], k = a_idx .. a_idx + width − 1
    (intervals closed on the right, as R's ``hist``).
    """
    cen[a_idx : a_idx + width] = 0
    if count <= 0:
        return
    a, b = times[a_idx], times[b_idx]
    points = a + np.arange(1, count + 1) * (b - a) / (count + 1)
    breaks = times[a_idx : b_idx + 1]
    bins = np.clip(np.searchsorted(breaks, points, side="left") - 1, 0, width - 1)
    cen[a_idx : a_idx + width] = np.bincount(bins, minlength=width)[:width]


def _events_on(
    k_range: range, S: np.ndarray, nhat: np.ndarray, d: np.ndarray, cen: np.ndarray,
    km: np.ndarray, last: int, first_point: bool,
) -> int:
    """Events at each click so the rebuilt KM follows the digitized one (Guyot's inner loop).

    The number at risk is kept non-negative in every interval (the published code does so
    only in the last one; on inconsistent input its other intervals could go negative).
    """
    for k in k_range:
        if first_point and k == k_range.start:
            d[k] = 0
            km[k] = 1.0
        else:
            if nhat[k] > 0 and km[last] > 0:
                dk = round(nhat[k] * (1 - S[k] / km[last]))
                d[k] = min(max(dk, 0), nhat[k])
                km[k] = km[last] * (1 - d[k] / nhat[k])
            else:
                d[k] = 0
                km[k] = km[last]
        nhat[k + 1] = nhat[k] - d[k] - cen[k]
        if nhat[k + 1] < 0:
            nhat[k + 1] = 0
            cen[k] = nhat[k] - d[k]
        if d[k] != 0:
            last = k
    return last


def reconstruct_ipd(
    curve_time: Any,
    curve_survival: Any,
    risk_time: Any,
    n_at_risk: Any,
    total_events: Any = None,
) -> pd.DataFrame:
    """Reconstruct individual event/censoring times from a digitized Kaplan–Meier curve.

    Implements the iterative algorithm of Guyot et al. (2012): within each interval of
    the numbers-at-risk table, censorings are spread evenly and their number adjusted
    until the reconstructed number at risk at the start of the next interval equals the
    published one; events at each digitized point are those that make the rebuilt
    Kaplan–Meier curve follow the digitized one. In the last interval the censoring rate
    of the earlier intervals is assumed, or, when ``total_events`` is given, the
    censoring is adjusted so that the total number of events agrees.

    Input cleaning (each step is recorded in the diagnostics' ``notes``): points are
    sorted by time; survival read in percent when its maximum is above 1 (a curve starts
    at 100%); small overshoots outside [0, 1] clipped; duplicate times merged keeping the
    lowest survival (the bottom of a drop); (0, 1) added; non-monotone points replaced by
    a decreasing isotonic fit; a point added at each risk-table time (the curve's value
    there) so every interval has one; risk-table times beyond the curve dropped.

    Parameters
    ----------
    curve_time, curve_survival : array-like
        Coordinates of the digitized curve (survival as proportions or percent).
    risk_time : array-like
        Times of the numbers-at-risk table, starting at 0, strictly increasing.
    n_at_risk : array-like
        The numbers at risk printed at those times (non-increasing counts).
    total_events : int, optional
        Total number of events in the arm, if published; improves the last interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``time`` and ``event`` (1 event, 0 censored), one row per patient
        (``n_at_risk[0]`` rows). ``.attrs["diagnostics"]`` is a
        :class:`ReconstructionDiagnostics` comparing reconstructed with published
        numbers at risk and events.

    Raises
    ------
    ValueError
        For lengths that differ, negative times, a curve outside [0, 1] (or [0, 100]),
        a risk table that does not start at 0, is not increasing in time, or whose
        numbers at risk increase.

    See Also
    --------
    kaplan_meier

    Notes
    -----
    Guyot et al.'s algorithm: within each interval between printed numbers at risk, the
    censorings are spread evenly and the events are read off the drops of the digitised
    curve so that the reconstructed Kaplan–Meier estimate follows it, n_{i+1} = n_i − d_i − c_i;
    the censorings are adjusted until the next printed number at risk (and ``total_events``,
    if given) is matched. R: ``IPDfromKM::getIPD`` and the authors' published R code.

    References
    ----------
    Guyot P, Ades AE, Ouwens MJ, Welton NJ (2012). Enhanced secondary analysis of survival
    data: reconstructing the data from published Kaplan-Meier survival curves. BMC Med
    Res Methodol 12:9. doi:10.1186/1471-2288-12-9.

    Examples
    --------
    >>> ipd = reconstruct_ipd([0, 2, 2, 5, 8], [1, 1, 0.8, 0.6, 0.6], [0, 4], [10, 8])
    >>> len(ipd), int(ipd["event"].sum())
    (10, 4)
    """
    T, S, notes = _clean_curve(curve_time, curve_survival)
    rt, nr, risk_notes = _clean_risk_table(risk_time, n_at_risk, float(T[-1]))
    notes.extend(risk_notes)
    n_total = int(nr[0])
    if total_events is None:
        tot = math.nan
    else:
        if isinstance(total_events, str | bytes) or np.ndim(total_events) != 0:
            raise TypeError(f"total_events must be a single count or None, got {total_events!r}")
        tot = float(as_count_array("total_events", total_events))
        if tot > n_total:
            raise ValueError(
                f"total_events must not exceed the number at risk at time 0 ({n_total}), got {tot:g}"
            )

    # A point at every risk-table time, carrying the curve's value there, so that each
    # interval starts exactly at its table time with at least one point.
    missing = rt[~np.isin(rt, T)]
    if missing.size:
        idx = np.searchsorted(T, missing, side="right") - 1
        T = np.concatenate((T, missing))
        S = np.concatenate((S, S[idx]))
        order = np.argsort(T, kind="stable")
        T, S = T[order], S[order]
    n_t = T.size
    lower = np.searchsorted(T, rt).astype(int)
    n_int = rt.size
    upper = np.concatenate((lower[1:] - 1, [n_t - 1])).astype(int)
    nrisk = nr.astype(int).tolist()

    ncensor = [0] * n_int
    nhat = np.full(n_t + 1, n_total + 1, dtype=np.int64)
    cen = np.zeros(n_t, dtype=np.int64)
    d = np.zeros(n_t, dtype=np.int64)
    km = np.ones(n_t)
    last_i = [0] * n_int

    for i in range(n_int - 1):
        lo, up, nxt = lower[i], upper[i], lower[i + 1]
        ncensor[i] = round(nrisk[i] * S[nxt] / S[lo] - nrisk[i + 1]) if S[lo] > 0 else 0
        last = last_i[i]
        for _ in range(_MAX_ITER):
            if not (
                nhat[nxt] > nrisk[i + 1] or (nhat[nxt] < nrisk[i + 1] and ncensor[i] > 0)
            ):
                break
            ncensor[i] = max(ncensor[i], 0)
            _spread_censoring(ncensor[i], lo, nxt, T, cen, up - lo + 1)
            nhat[lo] = nrisk[i]
            last = _events_on(range(lo, up + 1), S, nhat, d, cen, km, last_i[i], first_point=(i == 0))
            ncensor[i] += int(nhat[nxt] - nrisk[i + 1])
        else:
            notes.append(f"interval {i + 1}: censoring adjustment stopped after {_MAX_ITER} rounds")
        if nhat[nxt] < nrisk[i + 1]:
            # fewer patients left than published: carry the reconstructed count forward
            nrisk[i + 1] = int(nhat[nxt])
        last_i[i + 1] = last

    # Last interval: censoring at the average rate of the earlier intervals.
    j = n_int - 1
    lo, up = lower[j], upper[j]
    if n_int > 1:
        span_before = T[upper[j - 1]] - T[lower[0]]
        with np.errstate(over="ignore"):
            rate_cens = sum(ncensor[:j]) * (T[up] - T[lo]) / span_before if span_before > 0 else 0
        ncensor[j] = round(min(max(rate_cens, 0), nrisk[j]))
    else:
        ncensor[j] = 0
    ncensor[j] = max(ncensor[j], 0)

    def last_interval() -> None:
        if up > lo:
            _spread_censoring(ncensor[j], lo, up, T, cen, up - lo)
        nhat[lo] = nrisk[j]
        _events_on(range(lo, up + 1), S, nhat, d, cen, km, last_i[j], first_point=(n_int == 1))

    last_interval()
    if not math.isnan(tot):
        sum_before = int(d[: upper[j - 1] + 1].sum()) if n_int > 1 else 0
        if n_int > 1 and sum_before >= tot:
            d[lo : up + 1] = 0
            cen[lo : up + 1] = 0
            nhat[lo + 1 : up + 2] = nrisk[j]
            notes.append("published total events reached before the last interval: none placed there")
        else:
            for _ in range(_MAX_ITER):
                sumd = int(d[: up + 1].sum())
                if not (sumd > tot or (sumd < tot and ncensor[j] > 0)):
                    break
                ncensor[j] = max(ncensor[j] + int(sumd - tot), 0)
                last_interval()
            else:
                notes.append(f"total-events adjustment stopped after {_MAX_ITER} rounds")

    # Individual data: events at the click times, censorings midway between clicks,
    # everyone left over censored at the end of the curve.
    ev_t = np.repeat(T, d)
    cen_t = np.repeat((T[:-1] + T[1:]) / 2, cen[:-1])
    n_rest = n_total - ev_t.size - cen_t.size
    if n_rest < 0:
        raise RuntimeError("internal error: reconstruction placed more patients than at risk at time 0")
    times = np.concatenate((ev_t, cen_t, np.full(n_rest, T[-1])))
    events = np.concatenate((np.ones(ev_t.size, int), np.zeros(cen_t.size + n_rest, int)))
    order = np.argsort(times, kind="stable")
    ipd = pd.DataFrame({"time": times[order], "event": events[order]})

    # Diagnostics against what was published.
    sorted_t = ipd["time"].to_numpy()
    ev = ipd["event"].to_numpy()
    at_risk = n_total - np.searchsorted(sorted_t, rt, side="left")
    edges = np.concatenate((rt, [np.inf]))
    ev_in = np.histogram(sorted_t[ev == 1], bins=edges)[0]
    cen_in = np.histogram(sorted_t[ev == 0], bins=edges)[0]
    table = pd.DataFrame(
        {
            "risk_time": rt,
            "n_at_risk_published": nr.astype(int),
            "n_at_risk_reconstructed": at_risk.astype(int),
            "events": ev_in.astype(int),
            "censored": cen_in.astype(int),
        }
    )
    # KM of the reconstruction at the digitized points
    uniq, first, counts = np.unique(sorted_t, return_index=True, return_counts=True)
    d_u = np.add.reduceat(ev, first)
    n_u = n_total - np.concatenate(([0], np.cumsum(counts)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        s_u = np.cumprod(np.where(n_u > 0, 1 - d_u / n_u, 1.0))
    pos = np.searchsorted(uniq, T, side="right") - 1
    km_at = np.where(pos >= 0, s_u[np.maximum(pos, 0)], 1.0)
    diagnostics = ReconstructionDiagnostics(
        table=table,
        total_events_published=tot,
        total_events_reconstructed=int(ev.sum()),
        max_survival_error=float(np.max(np.abs(km_at - S))),
        notes=tuple(notes),
    )
    ipd.attrs["diagnostics"] = diagnostics
    return ipd
