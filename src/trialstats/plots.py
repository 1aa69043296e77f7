"""Every figure of trialstats: forest plot, Kaplan–Meier curve, interval comparison, stated vs recomputed.

The engine's result objects offer ``.forest_plot()`` / ``.plot()`` conveniences that call these
functions; notebooks and the report call them directly. Functions here only draw: they take
result objects or tidy frames and return the matplotlib Axes (or Figure), never read files.
matplotlib is imported inside each function so that ``import trialstats`` stays light.

References
----------
1. The Cochrane Collaboration. Review Manager (RevMan), forest plot layout. Cochrane Handbook
   for Systematic Reviews of Interventions, version 6.4, chapter 10.
2. Viechtbauer W. Conducting meta-analyses in R with the metafor package. J Stat Softw
   2010;36(3):1-48. doi:10.18637/jss.v036.i03 (``forest.rma``).
3. Morris TP, Jarvis CI, Cragg W, Phillips PPJ, Choodari-Oskooei B, Sydes MR. Proposals on
   Kaplan–Meier plots in medical research and a survey of stakeholder views. BMJ Open
   2019;9:e030215. doi:10.1136/bmjopen-2019-030215 (numbers at risk under the ticks).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .results import format_number

__all__ = [
    "VERDICT_COLOURS",
    "forest_plot",
    "interval_comparison",
    "kaplan_meier_plot",
    "stated_vs_recomputed",
]

VERDICT_COLOURS = {
    "consistent": "#1a7f37",
    "inconsistent": "#b42318",
    "misattributed": "#b54708",
    "unverifiable": "#475467",
    "error": "#7a2e0e",
}

# measure -> (name on the natural scale, null value on it, two-arm comparison?)
_MEASURES: dict[str, tuple[str, float, bool]] = {
    "RR": ("Risk ratio", 1.0, True),
    "OR": ("Odds ratio", 1.0, True),
    "RD": ("Risk difference", 0.0, True),
    "PLO": ("Proportion", math.nan, False),
    "MD": ("Mean difference", 0.0, True),
    "SMD": ("Std. mean difference", 0.0, True),
}

# log-axis ticks a reader can read: 0.01 0.02 0.05 0.1 0.2 0.5 1 2 5 10 ...
_NICE_LOG = np.array([m * 10.0**e for e in range(-4, 5) for m in (1, 2, 5)])


def _plain(v: float) -> str:
    """A tick label without exponent: 0.05, 0.5, 1, 20."""
    return f"{v:.10g}" if abs(v) >= 1e-4 else f"{v:g}"


def _pvalue_text(p: float) -> str:
    return "p < 0.0001" if p < 1e-4 else f"p = {format_number(p, 4)}"


def _arm_columns(arms: pd.DataFrame | None, k: int, arm_names: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Text columns for each arm: events/total, or mean (SD) n, or events/total of a single arm."""
    if arms is None:
        return []
    arms = pd.DataFrame(arms).reset_index(drop=True)
    if len(arms) != k:
        raise ValueError(f"arms has {len(arms)} rows but the meta-analysis has {k} studies")
    cols = set(arms.columns)

    def counts(x: str, n: str) -> list[str]:
        return [f"{int(a)}/{int(b)}" for a, b in zip(arms[x], arms[n], strict=True)]

    def msd(m: str, sd: str, n: str) -> list[str]:
        return [f"{format_number(a, 1)} ({format_number(s, 1)}) {int(b)}"
                for a, s, b in zip(arms[m], arms[sd], arms[n], strict=True)]

    if {"x1", "n1", "x2", "n2"} <= cols:
        return [(f"{arm_names[0]}\nn/N", counts("x1", "n1")), (f"{arm_names[1]}\nn/N", counts("x2", "n2"))]
    if {"m1", "sd1", "n1", "m2", "sd2", "n2"} <= cols:
        return [(f"{arm_names[0]}\nmean (SD) n", msd("m1", "sd1", "n1")),
                (f"{arm_names[1]}\nmean (SD) n", msd("m2", "sd2", "n2"))]
    if {"events", "n"} <= cols:
        return [("Events\nn/N", counts("events", "n"))]
    raise ValueError(
        "arms must have columns x1, n1, x2, n2 (counts), m1, sd1, n1, m2, sd2, n2 (means) "
        f"or events, n (one arm); got {sorted(cols)}"
    )


def forest_plot(
    result: Any,
    ax: Any = None,
    *,
    transform: bool | None = None,
    xlabel: str | None = None,
    show_prediction: bool = True,
    arms: pd.DataFrame | None = None,
    arm_names: Sequence[str] = ("Treatment", "Control"),
    favours: Sequence[str] | None = None,
    title: str | None = None,
) -> Any:
    """Forest plot of a :class:`~trialstats.meta.MetaResult`, laid out as RevMan and metafor do.

    Columns: study label, per-arm data (events/total or mean (SD) n, when ``arms`` is given),
    weight, the estimate with its interval as text; in the middle, squares sized by weight with
    their intervals, the pooled diamond, the prediction interval, a line of heterogeneity
    statistics, and "favours" labels on both sides of the line of no effect.

    Parameters
    ----------
    result : MetaResult
        From :func:`trialstats.meta_analysis`.
    ax : matplotlib Axes, optional
        Drawn into (text columns are placed beside it); a new figure if None.
    transform : bool, optional
        Back-transform to the natural scale (default: yes for log and logit scales). Ratios are
        drawn on a log axis with plain tick labels (0.1, 0.2, 0.5, 1, 2, 5).
    xlabel : str, optional
        Axis label (default: the measure's name and the confidence level).
    show_prediction : bool, default True
        Draw the prediction interval under the diamond (when tau² > 0).
    arms : DataFrame, optional
        One row per study, in the order of the studies, with columns ``x1, n1, x2, n2`` (counts),
        ``m1, sd1, n1, m2, sd2, n2`` (means) or ``events, n`` (one arm).
    arm_names : pair of str, default ("Treatment", "Control")
        Headers of the two arm columns.
    favours : pair of str, optional
        Labels under the axis, left and right of no effect; default ("Favours treatment",
        "Favours control") for comparisons of two arms, none for single-arm proportions. For a
        desirable outcome (response), pass them the other way round.
    title : str, optional
        Title above the plot.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The marker area is proportional to the study's weight, as in ``metafor::forest(res)``
    and RevMan; the diamond spans the pooled interval; the heterogeneity line gives tau²,
    Q with its degrees of freedom and p, and I².

    See Also
    --------
    kaplan_meier_plot, interval_comparison

    Examples
    --------
    BCG vaccine trials (Colditz et al. 1994, as in ``metafor::dat.bcg``), first three:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import trialstats as ts
    >>> from trialstats.plots import forest_plot
    >>> es = ts.effect_sizes([4, 6, 3], [123, 306, 231], [11, 29, 11], [139, 303, 220], measure="RR")
    >>> ax = forest_plot(ts.meta_analysis(es, method="DL"))
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator
    from matplotlib.transforms import blended_transform_factory

    back = result.scale != "identity" if transform is None else bool(transform)
    frame = result.to_frame(transform=back)
    studies = frame[frame["kind"] == "study"].reset_index(drop=True)
    pooled = frame[frame["kind"] == "pooled"].iloc[0]
    pred = frame[frame["kind"] == "prediction"].iloc[0]
    k = len(studies)
    name, null, two_arm = _MEASURES.get(result.measure or "", ("Effect", 0.0, True))
    log_axis = back and result.scale == "log"
    if not back and result.scale != "identity":
        name, null = f"{name} ({result.scale} scale)", 0.0
    arm_cols = _arm_columns(arms, k, arm_names)

    # Layout in inches: label | arm columns | weight | [plot] | estimate text
    label_w = max(1.6, 0.075 * max(len(str(s)) for s in [*studies["label"], "Heterogeneity"]))
    arm_w, weight_w, plot_w, right_w = 1.15, 0.7, 3.6, 1.7
    left_w = label_w + arm_w * len(arm_cols) + weight_w
    draw_pi = show_prediction and result.tau2 > 0
    rows = k + 4 + (1 if draw_pi else 0)
    height = 0.9 + 0.26 * rows
    if ax is None:
        fig = plt.figure(figsize=(left_w + plot_w + right_w + 0.3, height))
        width = fig.get_figwidth()
        ax = fig.add_axes((left_w / width, 0.75 / height, plot_w / width, (height - 1.05) / height))
    fig = ax.figure
    pos = ax.get_position()
    ax_left_in, ax_w_in = pos.x0 * fig.get_figwidth(), pos.width * fig.get_figwidth()

    def ax_x(inches_from_figure_left: float) -> float:
        return (inches_from_figure_left - ax_left_in) / ax_w_in

    text = blended_transform_factory(ax.transAxes, ax.transData)
    # y positions: header at top, studies below, then pooled, prediction, heterogeneity
    header_y = k + 1.2
    ys = np.arange(k, 0, -1, dtype=float)
    y_pool = 0.0 - 0.4
    y_pi = y_pool - 0.8
    y_het = (y_pi if draw_pi else y_pool) - 0.9

    # study intervals and weighted squares
    w = studies["weight"].to_numpy(dtype=float)
    sizes = 12 + 180 * w / max(np.nanmax(w), 1e-12)
    ax.hlines(ys, studies["low"], studies["high"], color="black", lw=1)
    ax.scatter(studies["estimate"], ys, s=sizes, marker="s", color="#344054", zorder=3)
    diamond = Polygon(
        [(pooled["low"], y_pool), (pooled["estimate"], y_pool + 0.32),
         (pooled["high"], y_pool), (pooled["estimate"], y_pool - 0.32)],
        closed=True, color="#1f4e8c", zorder=3,
    )
    ax.add_patch(diamond)
    if draw_pi:
        ax.hlines(y_pi, pred["low"], pred["high"], color="#1f4e8c", lw=2.2, alpha=0.7)
        ax.vlines([pred["low"], pred["high"]], y_pi - 0.15, y_pi + 0.15, color="#1f4e8c", alpha=0.7)
    if not math.isnan(null):
        ax.axvline(null, color="0.4", lw=0.8)
    ax.axvline(pooled["estimate"], color="#1f4e8c", lw=0.6, ls=":", ymin=0.02)

    # x axis: limits from the intervals (clipped for very wide ones), plain tick labels
    finite = np.concatenate([studies[["low", "high"]].to_numpy(float).ravel(),
                             [pooled["low"], pooled["high"]]])
    finite = finite[np.isfinite(finite)]
    if draw_pi:
        finite = np.append(finite, [v for v in (pred["low"], pred["high"]) if np.isfinite(v)])
    if log_axis:
        finite = finite[finite > 0]
        lo, hi = float(finite.min()), float(finite.max())
        lo, hi = min(lo, null), max(hi, null)
        lo, hi = max(lo, 1e-3), min(hi, 1e3)
        ax.set_xscale("log")
        ticks = _NICE_LOG[(_NICE_LOG >= lo / 1.0001) & (_NICE_LOG <= hi * 1.0001)]
        if len(ticks) < 3:
            ticks = _NICE_LOG[(_NICE_LOG >= lo / 2.5) & (_NICE_LOG <= hi * 2.5)]
        if len(ticks) > 7:
            ticks = ticks[np.isin(np.round(ticks / 10.0 ** np.floor(np.log10(ticks))), (1, 5))] \
                if len(ticks) <= 14 else ticks[np.round(ticks / 10.0 ** np.floor(np.log10(ticks))) == 1]
        ax.set_xlim(min(lo, ticks.min()) / 1.1, max(hi, ticks.max()) * 1.1)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.set_xticks(ticks, [_plain(t) for t in ticks])  # 0.1, 0.5, 2 — never 10^-1
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        lo, hi = float(finite.min()), float(finite.max())
        if not math.isnan(null):
            lo, hi = min(lo, null), max(hi, null)
        pad = 0.05 * (hi - lo or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(y_het - 0.6, header_y + 0.8)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    pct = f"{100 * result.confidence_level:g}%"
    ax.set_xlabel(xlabel or f"{name} ({pct} CI)", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)

    # text columns
    def put(x_in: float, y: float, s: str, ha: str = "left", **kw: Any) -> None:
        ax.text(ax_x(x_in), y, s, transform=text, ha=ha, va="center", fontsize=8, clip_on=False, **kw)

    x = ax_left_in - left_w
    put(x, header_y, "Study", fontweight="bold")
    for i, lab in enumerate(studies["label"]):
        put(x, ys[i], str(lab))
    method = f"{result.method}{' + HKSJ' if result.hksj else ''}"
    put(x, y_pool, f"Total ({method}, {pct} CI)", fontweight="bold")
    if draw_pi:
        put(x, y_pi, "Prediction interval")
    het = (f"Heterogeneity: τ² = {format_number(result.tau2, 3)}; Q = {format_number(result.q, 2)}, "
           f"df = {result.q_df} ({_pvalue_text(result.q_pvalue)}); I² = {result.i2:.0f}%")
    put(x, y_het, het)
    x += label_w
    for header, values in arm_cols:
        put(x + arm_w / 2, header_y, header, ha="center", fontweight="bold")
        for i, v in enumerate(values):
            put(x + arm_w / 2, ys[i], v, ha="center")
        x += arm_w
    put(x + weight_w - 0.1, header_y, "Weight", ha="right", fontweight="bold")
    for i, wv in enumerate(w):
        put(x + weight_w - 0.1, ys[i], f"{wv:.1f}%", ha="right")
    put(x + weight_w - 0.1, y_pool, "100.0%", ha="right", fontweight="bold")
    xr = ax_left_in + ax_w_in + 0.15

    def interval(e: float | None, lo_: float, hi_: float) -> str:
        lead = "" if e is None else f"{format_number(e, 2)} "
        return f"{lead}[{format_number(lo_, 2)}, {format_number(hi_, 2)}]"

    put(xr, header_y, f"{name.split(' (')[0]}\n[{pct} CI]", fontweight="bold")
    for i, r in studies.iterrows():
        put(xr, ys[i], interval(r["estimate"], r["low"], r["high"]))
    put(xr, y_pool, interval(pooled["estimate"], pooled["low"], pooled["high"]), fontweight="bold")
    if draw_pi:
        put(xr, y_pi, interval(None, pred["low"], pred["high"]))

    # "favours" labels under the axis, either side of no effect
    if favours is None and two_arm and not math.isnan(null):
        favours = (f"Favours {arm_names[0].lower()}", f"Favours {arm_names[1].lower()}")
    if favours and not math.isnan(null):
        xmin, xmax = ax.get_xlim()
        if log_axis:
            null_frac = (math.log(null) - math.log(xmin)) / (math.log(xmax) - math.log(xmin))
        else:
            null_frac = (null - xmin) / (xmax - xmin)
        kw = dict(xycoords="axes fraction", textcoords="offset points", va="top", fontsize=8,
                  annotation_clip=False, style="italic")
        ax.annotate(favours[0], xy=(null_frac, 0), xytext=(-4, -19), ha="right", **kw)
        ax.annotate(favours[1], xy=(null_frac, 0), xytext=(4, -19), ha="left", **kw)
        ax.xaxis.labelpad = 14
    if title:
        ax.set_title(title, fontsize=10, loc="left", x=ax_x(ax_left_in - left_w), pad=4)
    return ax


def kaplan_meier_plot(
    km: Any,
    ax: Any = None,
    *,
    label: str | None = None,
    ci: bool = True,
    censor_marks: bool = True,
    risk_times: Any = None,
    at_risk: bool = True,
    color: Any = None,
    linestyle: str = "-",
    xlabel: str = "Time",
    ylabel: str = "Proportion without relapse",
) -> Any:
    """Kaplan–Meier curve with its pointwise band and a numbers-at-risk table aligned to the ticks.

    The numbers at risk are given at the x ticks and the ticks are set to the risk times, so
    each number sits under its tick. Calling it for several curves on the same axes stacks
    their rows under one another (the first call fixes the risk times for the rest).

    Parameters
    ----------
    km : KaplanMeier
        From :func:`trialstats.kaplan_meier`.
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure if None).
    label : str, optional
        Legend label and name of the numbers-at-risk row.
    ci : bool, default True
        Shade the pointwise confidence band.
    censor_marks : bool, default True
        Mark censoring times with '+'.
    risk_times : array-like, optional
        Times of the numbers-at-risk row, which become the x ticks (default: evenly spaced
        round times over the follow-up).
    at_risk : bool, default True
        Draw the numbers-at-risk row.
    color, linestyle : optional
        Matplotlib colour and line style of the curve.
    xlabel, ylabel : str
        Axis labels.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The number at risk at time t counts the patients whose time (event or censoring) is at
    least t, as ``summary(survfit(...), times = t)$n.risk`` in R.

    See Also
    --------
    forest_plot

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import trialstats as ts
    >>> from trialstats.plots import kaplan_meier_plot
    >>> ax = kaplan_meier_plot(ts.kaplan_meier([3, 8, 14, 20, 28], [1, 1, 0, 1, 0]), label="arm A")
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.6))
    table = km.table
    times = table["time"].to_numpy(dtype=float)
    surv = table["survival"].to_numpy(dtype=float)
    x = np.concatenate(([0.0], times))
    y = np.concatenate(([1.0], surv))
    (line,) = ax.step(x, y, where="post", label=label, color=color, linestyle=linestyle)
    colour = line.get_color()
    if ci:
        lo = np.concatenate(([1.0], table["low"].to_numpy(dtype=float)))
        hi = np.concatenate(([1.0], table["high"].to_numpy(dtype=float)))
        ok = ~(np.isnan(lo) | np.isnan(hi))
        ax.fill_between(x[ok], lo[ok], hi[ok], step="post", alpha=0.15, color=colour, linewidth=0)
    if censor_marks:
        cens = table["n_censor"].to_numpy() > 0
        ax.plot(times[cens], surv[cens], "+", color=colour, markersize=7)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if label is not None:
        ax.legend(loc="upper right", frameon=False, fontsize=8)
    state = getattr(ax, "_trialstats_risk", None)
    if risk_times is None:
        if state is not None:
            rt = state["times"]
        else:
            end = float(np.max(np.asarray(km.time, dtype=float)))
            rt = MaxNLocator(nbins=6, steps=[1, 2, 5, 7, 10], integer=True).tick_values(0, end)
            rt = rt[(rt >= 0) & (rt <= end)]
    else:
        rt = np.asarray(risk_times, dtype=float).reshape(-1)
        if rt.size == 0 or not np.all(np.isfinite(rt)) or np.any(rt < 0):
            raise ValueError(f"risk_times must be finite times >= 0; got {risk_times!r}")
    rt = np.unique(rt)
    end = max(float(rt.max()), float(np.max(np.asarray(km.time, dtype=float))))
    ax.set_xlim(0, end * 1.02 if state is None else max(ax.get_xlim()[1], end * 1.02))
    ax.set_xticks(rt, [_plain(t) for t in rt])
    if at_risk:
        row = 0 if state is None else state["rows"]
        sorted_t = np.sort(np.asarray(km.time, dtype=float))
        counts = len(sorted_t) - np.searchsorted(sorted_t, rt, side="left")
        y_pos = -0.30 - 0.08 * row
        if row == 0:
            ax.annotate("Number at risk", xy=(0, -0.22), xycoords="axes fraction",
                        ha="left", va="center", fontsize=8, fontweight="bold", annotation_clip=False)
        for tt, c in zip(rt, counts, strict=True):
            ax.annotate(f"{int(c)}", xy=(tt, y_pos), xycoords=("data", "axes fraction"),
                        ha="center", va="center", fontsize=8, color=colour, annotation_clip=False)
        if label is not None:
            ax.annotate(label, xy=(-0.06, y_pos), xycoords="axes fraction", ha="right", va="center",
                        fontsize=8, color=colour, annotation_clip=False)
        fig = ax.figure
        fig.subplots_adjust(bottom=min(0.24 + 0.07 * (row + 1), 0.6),
                            left=max(fig.subplotpars.left, 0.3 if label is not None else 0.12))
        ax._trialstats_risk = {"times": rt, "rows": row + 1}
    elif state is None:
        ax._trialstats_risk = {"times": rt, "rows": 0}
    return ax


def interval_comparison(
    frame: pd.DataFrame,
    ax: Any = None,
    *,
    label: str = "method",
    group: str | None = None,
    estimate: str = "estimate",
    low: str = "low",
    high: str = "high",
    reference: float | None = None,
    xlabel: str = "estimate (95% CI)",
    title: str | None = None,
    xlim: tuple[float, float] | None = None,
) -> Any:
    """Intervals side by side, one row per ``label`` (e.g. every interval method), grouped by ``group``.

    Parameters
    ----------
    frame : DataFrame
        One row per interval with the columns named by ``label``, ``estimate``, ``low``,
        ``high`` (and ``group``), e.g. the output of :func:`trialstats.compare_methods` or
        ``Estimate.to_frame()`` rows concatenated.
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure if None).
    label, group : str
        Column naming each row; column whose values are drawn as separate, offset series
        (e.g. the arm), with a legend under the axes so it never hides an interval.
    estimate, low, high : str
        Columns of the point estimate and interval limits.
    reference : float, optional
        A vertical dashed line (no effect: 0 for a difference, 1 for a ratio).
    xlabel, title : str
        Axis label and title.
    xlim : pair of float, optional
        Axis limits (default: the data with a small margin).

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    forest_plot

    Examples
    --------
    Feder et al. 2021, responders 10/15 vs 3/15, every risk-difference method:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import trialstats as ts
    >>> from trialstats.plots import interval_comparison
    >>> ax = interval_comparison(ts.compare_methods(10, 15, 3, 15, measure="risk_difference"), reference=0)
    """
    import matplotlib.pyplot as plt

    frame = pd.DataFrame(frame).reset_index(drop=True)
    for col in (label, estimate, low, high, *([group] if group else [])):
        if col not in frame.columns:
            raise ValueError(f"frame has no column {col!r}; columns: {list(frame.columns)}")
    labels = list(dict.fromkeys(frame[label].astype(str)))
    groups = list(dict.fromkeys(frame[group])) if group else [None]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.32 * len(labels) + 1.4))
    pos = {lab: i for i, lab in enumerate(labels[::-1])}
    offsets = np.linspace(-0.18, 0.18, len(groups)) if len(groups) > 1 else [0.0]
    markers = "osD^v"
    for gi, (g, off) in enumerate(zip(groups, offsets, strict=True)):
        sub = frame if g is None else frame[frame[group] == g]
        yv = np.array([pos[str(v)] for v in sub[label]], dtype=float) + off
        est = sub[estimate].to_numpy(float)
        err = np.vstack([est - sub[low].to_numpy(float), sub[high].to_numpy(float) - est])
        ax.errorbar(est, yv, xerr=err, fmt=markers[gi % len(markers)], capsize=3, ms=4,
                    label=None if g is None else str(g), color=None if g is not None else "black")
    if reference is not None:
        ax.axvline(reference, color="0.5", lw=0.8, ls="--")
    ax.set_yticks(range(len(labels)), labels[::-1], fontsize=8)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title, fontsize=10)
    if group:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=len(groups), frameon=False,
                  fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def stated_vs_recomputed(points: pd.DataFrame, ax: Any = None, *, unit: str = "percent") -> Any:
    """Each stated figure (band: what its printed digits or words cover) against the recomputed value.

    Parameters
    ----------
    points : DataFrame
        One row per comparison with columns ``label``, ``stated_low``, ``stated_high``,
        ``recomputed``, ``low``, ``high`` (the recomputed interval; NaN when none) and
        ``verdict`` (colours the dot).
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure if None).
    unit : str, default "percent"
        Name of the axis unit; "percent" fixes the axis at 0 to 100.

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    interval_comparison

    Examples
    --------
    Feder et al. 2021: 67% of 15 stated; 10/15 recomputed.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from trialstats.plots import stated_vs_recomputed
    >>> ax = stated_vs_recomputed(pd.DataFrame({"label": ["feder2021 ketamine"], "stated_low": [66.5],
    ...     "stated_high": [67.5], "recomputed": [66.67], "low": [41.7], "high": [84.8],
    ...     "verdict": ["consistent"]}))
    """
    import matplotlib.pyplot as plt

    pts = pd.DataFrame(points).reset_index(drop=True)
    needed = {"label", "stated_low", "stated_high", "recomputed", "low", "high", "verdict"}
    missing = needed - set(pts.columns)
    if missing:
        raise ValueError(f"points lacks column(s) {sorted(missing)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.32 * max(len(pts), 1) + 1.3))
    for i, r in pts.iterrows():
        ax.barh(i, r["stated_high"] - r["stated_low"], left=r["stated_low"], height=0.6, color="#d0d5dd")
        xerr = None if pd.isna(r["low"]) else [[r["recomputed"] - r["low"]], [r["high"] - r["recomputed"]]]
        ax.errorbar(r["recomputed"], i, xerr=xerr, fmt="o", ms=4, capsize=3,
                    color=VERDICT_COLOURS.get(r["verdict"], "#444"))
    ax.set_yticks(range(len(pts)), list(pts["label"]), fontsize=7)
    ax.set_ylim(len(pts) - 0.4, -0.6)
    if unit == "percent":
        ax.set_xlim(0, 100)
    ax.set_xlabel(f"{unit} (grey band: stated figure; dot and bar: recomputed, 95% interval)", fontsize=8)
    present = [v for v in VERDICT_COLOURS if v in set(pts["verdict"])]
    for verdict in present:
        ax.plot([], [], "o", color=VERDICT_COLOURS[verdict], label=verdict)
    if present:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.grid(axis="x", color="0.9")
    ax.set_axisbelow(True)
    ax.figure.tight_layout()
    return ax
