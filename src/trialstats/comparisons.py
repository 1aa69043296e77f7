"""Number needed to treat, the comparison bundle of two proportions, and method-by-method intervals.

``nnt`` turns the interval of a risk difference into an interval for the number needed to
treat, the way Altman (1998) showed: when the difference's interval includes zero, the
NNT interval runs from a number needed to treat for one patient to benefit (NNTB) through
infinity to a number needed to treat for one to be harmed (NNTH).

``compare_proportions`` bundles what a reviewer needs for "x1 of n1 vs x2 of n2": the risk
difference, risk ratio and odds ratio with their default intervals, the NNT, Fisher's
exact test and the fragility index. ``compare_methods`` lists one measure by every interval
method and flags the tables where the methods disagree on whether the null is excluded,
which matters when a paper does not say which method it used.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._validate import (
    as_float_array,
    broadcast_arrays,
    check_choice,
    check_confidence_level,
    choose,
    extract_index,
    is_scalar_input,
    unwrap,
)
from .results import Estimate, Significance, format_number, format_pvalue
from .significance import fragility_index, two_proportion_test
from .two_proportions import (
    ODDS_RATIO_METHODS,
    RISK_DIFFERENCE_METHODS,
    RISK_RATIO_METHODS,
    odds_ratio,
    risk_difference,
    risk_ratio,
)

__all__ = [
    "MEASURES",
    "Comparison",
    "NumberNeededToTreat",
    "compare_methods",
    "compare_proportions",
    "nnt",
    "nnt_from_difference",
]

OUTCOMES = ("desirable", "undesirable")
# {measure: (function, its method list)}; the keys are the public list
_MEASURE_TABLE = {
    "risk_difference": (risk_difference, RISK_DIFFERENCE_METHODS),
    "risk_ratio": (risk_ratio, RISK_RATIO_METHODS),
    "odds_ratio": (odds_ratio, ODDS_RATIO_METHODS),
}
MEASURES = tuple(_MEASURE_TABLE)
_NNT_DIGITS = 1


def _fmt_nnt(value: float) -> str:
    return format_number(abs(value), _NNT_DIGITS)


def _nnt_reading(estimate: float, low: float, high: float, pct: str) -> tuple[str, str, str]:
    """(direction, point text, interval text) for one element on the signed NNT scale."""
    if math.isnan(estimate):
        return "undefined", "NNT NA", f"{pct} CI NA"
    if math.isinf(estimate):
        direction, point = "none", "NNT ∞ (no difference)"
    elif estimate > 0:
        direction, point = "benefit", f"NNTB {_fmt_nnt(estimate)}"
    else:
        direction, point = "harm", f"NNTH {_fmt_nnt(estimate)}"
    if math.isnan(low) or math.isnan(high):
        interval = f"{pct} CI NA"
    elif low > 0 and high > 0:  # difference interval wholly on the benefit side
        interval = f"{pct} CI NNTB {_fmt_nnt(low)} to {_fmt_nnt(high)}"
    elif low < 0 and high < 0:  # wholly on the harm side: |high| is the smaller NNTH
        interval = f"{pct} CI NNTH {_fmt_nnt(high)} to {_fmt_nnt(low)}"
    else:  # low > 0 > high: the interval passes through infinity (Altman 1998)
        interval = f"{pct} CI NNTB {_fmt_nnt(low)} to ∞ to NNTH {_fmt_nnt(high)}"
    return direction, point, interval


@dataclass(frozen=True, eq=False)
class NumberNeededToTreat(Estimate):
    """A number needed to treat with its Altman (1998) interval; an :class:`Estimate`.

    The fields are on the *signed* NNT scale: positive values are numbers needed to treat
    for one patient to benefit (NNTB), negative values numbers needed to treat for one to
    be harmed (NNTH), ``inf`` no difference. ``low = 1 / upper benefit limit`` and
    ``high = 1 / lower benefit limit``: when both are positive the interval is NNTB ``low``
    to ``high``; both negative, NNTH ``|high|`` to ``|low|``; when ``low > 0 > high`` the
    interval is NNTB ``low`` to ∞ to NNTH ``|high|`` (the difference's interval includes 0).
    ``extra`` holds ``direction`` ("benefit", "harm" or "none"), ``difference``,
    ``difference_low`` and ``difference_high`` (the risk difference and its interval, group 1
    minus group 2) and ``outcome``.
    """

    def _readings(self) -> list[tuple[str, str, str]]:
        pct = f"{100 * self.confidence_level:g}%"
        lo = np.asarray(self.low, dtype=float).reshape(-1)
        hi = np.asarray(self.high, dtype=float).reshape(-1)
        est = np.asarray(self.estimate, dtype=float).reshape(-1)
        return [_nnt_reading(float(e), float(a), float(b), pct) for e, a, b in zip(est, lo, hi, strict=True)]

    def to_frame(self, *, include_extra: bool = False) -> pd.DataFrame:
        """Tidy frame as :meth:`Estimate.to_frame`, plus ``direction`` and ``reading`` columns."""
        frame = super().to_frame(include_extra=include_extra)
        readings = self._readings()
        frame["direction"] = [r[0] for r in readings]
        frame["reading"] = [f"{r[1]} ({r[2]})" for r in readings]
        return frame

    def _lines(self) -> list[str]:
        methods = np.broadcast_to(np.asarray(self.method, dtype=object), (self.size,))
        return [
            f"number needed to treat: {point} ({interval}; {m})"
            for (_, point, interval), m in zip(self._readings(), methods, strict=True)
        ]

    def _repr_html_(self) -> str:
        return "<br>".join(html.escape(line) for line in self._lines()[:50])


def nnt_from_difference(
    difference: Any,
    low: Any,
    high: Any,
    *,
    confidence_level: float = 0.95,
    outcome: str = "desirable",
    method: str = "as given",
) -> NumberNeededToTreat:
    """Number needed to treat from a risk difference and its confidence interval.

    The NNT is the reciprocal of the difference on the benefit scale, and its interval is
    obtained by inverting and exchanging the difference's limits (Altman 1998). When the
    difference's interval includes zero, the NNT interval is not "a to b" but NNTB a to
    ∞ to NNTH b.

    Parameters
    ----------
    difference, low, high : float or array-like
        Risk difference (group 1 minus group 2, as proportions, not percent) and its
        confidence limits.
    confidence_level : float
        Level of the given interval, used only for printing.
    outcome : {"desirable", "undesirable"}
        Whether the counted event is one the treatment should bring about (response,
        remission; then a positive difference is a benefit) or prevent (relapse, death;
        then a negative difference is a benefit).
    method : str
        Name of the method that produced the difference's interval, carried into the result.

    Returns
    -------
    NumberNeededToTreat
        An :class:`Estimate` on the signed NNT scale (see its documentation).

    Raises
    ------
    ValueError
        ``low > high``, values outside [-1, 1], unknown outcome.

    See Also
    --------
    nnt

    Notes
    -----
    As :func:`nnt`, from a difference and its limits as printed (Altman 1998).

    References
    ----------
    Altman DG (1998). Confidence intervals for the number needed to treat. BMJ 317:1309-1312.
    doi:10.1136/bmj.317.7168.1309
    Cochrane Handbook 5.1, section 12.5.4.5 (label both limits NNTB/NNTH when the interval
    crosses no effect).

    Examples
    --------
    >>> print(nnt_from_difference(0.10, -0.05, 0.25))
    number needed to treat: NNTB 10.0 (95% CI NNTB 4.0 to ∞ to NNTH 20.0; as given)
    """
    cl = check_confidence_level(confidence_level)
    check_choice("outcome", outcome, OUTCOMES)
    scalar = is_scalar_input(difference, low, high)
    index = extract_index(difference, low, high)
    d = as_float_array("difference", difference)
    lo = as_float_array("low", low)
    hi = as_float_array("high", high)
    d, lo, hi = broadcast_arrays(difference=d, low=lo, high=hi)
    for name, arr in (("difference", d), ("low", lo), ("high", hi)):
        bad = np.abs(arr) > 1
        if bad.any():
            raise ValueError(
                f"{name} must lie in [-1, 1] (a difference of proportions, not percent): "
                f"got {arr[bad].ravel()[:5].tolist()}"
            )
    # only the order of the limits is checked: an interval need not contain the raw
    # difference (Agresti-Caffo's is centred on an adjusted one)
    bad = lo > hi
    if bad.any():
        pairs = list(zip(lo[bad].ravel()[:5].tolist(), hi[bad].ravel()[:5].tolist(), strict=True))
        raise ValueError(f"low must not exceed high: got (low, high) = {pairs}")
    sign = 1.0 if outcome == "desirable" else -1.0
    b, bl, bh = sign * d, np.minimum(sign * lo, sign * hi), np.maximum(sign * lo, sign * hi)
    with np.errstate(divide="ignore"):
        est = np.where(b == 0, np.inf, 1 / np.where(b == 0, 1.0, b))
        # a limit of exactly 0 is approached from inside the interval: from below for the
        # upper limit (-> NNTH infinitely large), from above for the lower one (NNTB ∞)
        nnt_low = np.where(bh == 0, -np.inf, 1 / np.where(bh == 0, 1.0, bh))
        nnt_high = np.where(bl == 0, np.inf, 1 / np.where(bl == 0, 1.0, bl))
    direction = np.where(b > 0, "benefit", np.where(b < 0, "harm", "none"))
    return NumberNeededToTreat(
        measure="number needed to treat",
        estimate=unwrap(est, scalar),
        low=unwrap(nnt_low, scalar),
        high=unwrap(nnt_high, scalar),
        confidence_level=cl,
        method=method,
        inputs={"difference": difference, "low": low, "high": high, "outcome": outcome},
        index=index,
        extra={
            "direction": unwrap(direction, scalar),
            "difference": unwrap(d, scalar),
            "difference_low": unwrap(lo, scalar),
            "difference_high": unwrap(hi, scalar),
            "outcome": outcome,
        },
    )


def nnt(
    x1: Any,
    n1: Any,
    x2: Any,
    n2: Any,
    *,
    method: str = "newcombe",
    confidence_level: float = 0.95,
    outcome: str = "desirable",
) -> NumberNeededToTreat:
    """Number needed to treat for x1 of n1 (treatment) vs x2 of n2 (comparator).

    The risk difference and its interval come from :func:`trialstats.risk_difference`
    with ``method``; they are inverted as in :func:`nnt_from_difference` (Altman 1998).

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like
        Events and patients per arm (``n >= 1``).
    method : str
        Risk-difference interval method (see :func:`trialstats.risk_difference`).
    confidence_level : float
        Two-sided level, in (0, 1).
    outcome : {"desirable", "undesirable"}
        ``"desirable"`` (default) when the event is a good one (response, remission);
        ``"undesirable"`` when it is a bad one (relapse, death), so that fewer events on
        treatment is a benefit.

    Returns
    -------
    NumberNeededToTreat
        Signed NNT (positive: NNTB; negative: NNTH) with its interval; ``str()`` reads it
        out, with "NNTB a to ∞ to NNTH b" when the difference's interval includes zero.

    See Also
    --------
    nnt_from_difference
    risk_difference

    Notes
    -----
    NNT = 1 / |RD| and its limits 1 / the RD limits; when the RD interval contains 0 the NNT
    interval runs from NNTB 1/high through ∞ to NNTH 1/|low| (Altman 1998). R:
    ``1 / PropCIs::diffscoreci(...)$conf.int`` with the same reading.

    References
    ----------
    Altman DG (1998). Confidence intervals for the number needed to treat. BMJ 317:1309-1312.
    doi:10.1136/bmj.317.7168.1309
    Bender R (2001). Calculating confidence intervals for the number needed to treat.
    Control Clin Trials 22:102-110 (score-based limits for the difference).

    Examples
    --------
    >>> print(nnt(10, 15, 3, 15))
    number needed to treat: NNTB 2.1 (95% CI NNTB 1.4 to 8.9; newcombe)
    >>> print(nnt(6, 50, 18, 50, outcome="undesirable"))
    number needed to treat: NNTB 4.2 (95% CI NNTB 2.5 to 13.8; newcombe)
    """

    check_choice("outcome", outcome, OUTCOMES)
    rd = risk_difference(x1, n1, x2, n2, method=method, confidence_level=confidence_level)
    result = nnt_from_difference(
        rd.estimate,
        rd.low,
        rd.high,
        confidence_level=confidence_level,
        outcome=outcome,
        method=method,
    )
    return NumberNeededToTreat(
        measure=result.measure,
        estimate=result.estimate,
        low=result.low,
        high=result.high,
        confidence_level=result.confidence_level,
        method=rd.method,
        inputs={"x1": x1, "n1": n1, "x2": x2, "n2": n2, "method": method, "outcome": outcome},
        index=rd.index,
        extra=result.extra,
    )


def _rows(value: Any, size: int) -> np.ndarray:
    arr = np.asarray(value, dtype=object if isinstance(value, str) else None)
    return np.repeat(arr, size) if arr.ndim == 0 else arr.reshape(-1)


def _fragility_text(fi: Any, alpha: float) -> str:
    if fi is None or (isinstance(fi, float) and math.isnan(fi)):
        return "not defined (no sequence of changed outcomes crosses alpha)"
    fi = int(fi)
    k = abs(fi)
    changes = f"changing {k} outcome{'s' if k > 1 else ''}"
    if fi > 0:
        return f"{fi} ({changes} would make p ≥ {alpha:g})"
    return f"{fi}: reverse fragility {k} (not significant; {changes} would make p < {alpha:g})"


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two proportions compared every way a reviewer needs, from :func:`compare_proportions`.

    Attributes
    ----------
    risk_difference, risk_ratio, odds_ratio : Estimate
        Default-method estimates with intervals (group 1 vs group 2).
    nnt : NumberNeededToTreat
        From the risk difference's interval (Altman 1998).
    test : Significance
        Fisher's exact test, two-sided.
    fragility : int, None or ndarray
        Fragility index (positive) or minus the reverse fragility index (negative); see
        :func:`trialstats.fragility_index`.
    alpha : float
        The level used for the fragility index.
    inputs : Mapping
        The counts as given.
    index : pandas.Index or None
        Index of pandas input, kept by :meth:`to_frame`.
    """

    risk_difference: Estimate
    risk_ratio: Estimate
    odds_ratio: Estimate
    nnt: NumberNeededToTreat
    test: Significance
    fragility: Any
    alpha: float
    confidence_level: float
    inputs: Mapping[str, Any] = field(default_factory=dict, repr=False)
    index: pd.Index | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return self.risk_difference.size

    @property
    def is_scalar(self) -> bool:
        return self.risk_difference.is_scalar

    def _counts(self) -> dict[str, np.ndarray]:
        n = self.size
        return {k: _rows(self.inputs[k], n).astype(float) for k in ("x1", "n1", "x2", "n2")}

    def to_frame(self, *, long: bool = False) -> pd.DataFrame:
        """One row per table (wide, default) or one row per table and quantity (``long=True``).

        Wide columns: the counts and proportions, then ``rd``, ``rd_low``, ``rd_high``,
        ``rd_method``, the same for ``rr`` and ``or``, ``nnt``, ``nnt_low``, ``nnt_high``,
        ``nnt_direction``, ``fisher_p`` and ``fragility_index``, at full precision. The
        index of pandas input is kept, so ``df.join(result.to_frame())`` works.
        Long columns: ``table`` (position or index label), ``quantity``, ``estimate``,
        ``low``, ``high``, ``method``, ``reading``.
        """
        n = self.size
        idx = self.index if self.index is not None and len(self.index) == n else pd.RangeIndex(n)
        c = self._counts()
        data: dict[str, Any] = dict(c)
        data["p1"] = c["x1"] / c["n1"]
        data["p2"] = c["x2"] / c["n2"]
        for key, est in (("rd", self.risk_difference), ("rr", self.risk_ratio), ("or", self.odds_ratio)):
            f = est.to_frame()
            data[key] = f["estimate"].to_numpy()
            data[f"{key}_low"] = f["low"].to_numpy()
            data[f"{key}_high"] = f["high"].to_numpy()
            data[f"{key}_method"] = f["method"].to_numpy()
        fn = self.nnt.to_frame()
        data["nnt"] = fn["estimate"].to_numpy()
        data["nnt_low"] = fn["low"].to_numpy()
        data["nnt_high"] = fn["high"].to_numpy()
        data["nnt_direction"] = fn["direction"].to_numpy()
        data["nnt_reading"] = fn["reading"].to_numpy()
        data["fisher_p"] = self.test.to_frame()["pvalue"].to_numpy()
        fi = np.asarray(self.fragility if self.fragility is not None else np.nan, dtype=float)
        data["fragility_index"] = _rows(fi, n)
        wide = pd.DataFrame(data, index=idx)
        if not long:
            return wide
        records = []
        for label, row in wide.iterrows():
            pct = f"{100 * self.confidence_level:g}%"
            for key, name in (("rd", "risk difference"), ("rr", "risk ratio"), ("or", "odds ratio")):
                records.append({
                    "table": label, "quantity": name, "estimate": row[key], "low": row[f"{key}_low"],
                    "high": row[f"{key}_high"], "method": row[f"{key}_method"],
                    "reading": f"{format_number(row[key])} ({pct} CI {format_number(row[f'{key}_low'])} "
                               f"to {format_number(row[f'{key}_high'])})",
                })
            records.append({
                "table": label, "quantity": "number needed to treat", "estimate": row["nnt"],
                "low": row["nnt_low"], "high": row["nnt_high"], "method": row["rd_method"],
                "reading": row["nnt_reading"],
            })
            records.append({
                "table": label, "quantity": "Fisher exact test", "estimate": row["fisher_p"],
                "low": np.nan, "high": np.nan, "method": "fisher (two-sided)",
                "reading": format_pvalue(row["fisher_p"]),
            })
            records.append({
                "table": label, "quantity": "fragility index", "estimate": row["fragility_index"],
                "low": np.nan, "high": np.nan, "method": f"Walsh 2014, fisher, alpha {self.alpha:g}",
                "reading": _fragility_text(row["fragility_index"], self.alpha),
            })
        return pd.DataFrame.from_records(records)

    def _blocks(self) -> list[list[tuple[str, str]]]:
        long = self.to_frame(long=True)
        wide = self.to_frame()
        blocks = []
        for (label, group), (_, row) in zip(long.groupby("table", sort=False), wide.iterrows(), strict=True):
            head = (
                f"{int(row.x1)}/{int(row.n1)} ({100 * row.p1:.1f}%) vs "
                f"{int(row.x2)}/{int(row.n2)} ({100 * row.p2:.1f}%)"
            )
            if not self.is_scalar:
                head = f"[{label}] {head}"
            lines = [("", head)]
            for r in group.itertuples(index=False):
                text = str(r.reading) if r.quantity in ("number needed to treat", "Fisher exact test",
                                                        "fragility index") else f"{r.reading!s}; {r.method!s}"
                if r.quantity == "number needed to treat":
                    text = f"{text}; {r.method!s}"
                lines.append((str(r.quantity), text))
            blocks.append(lines)
        return blocks

    def __str__(self) -> str:
        out = []
        blocks = self._blocks()
        for lines in blocks[:10]:
            width = max(len(q) for q, _ in lines)
            out.append("\n".join(text if not q else f"{q:<{width}}  {text}" for q, text in lines))
        if len(blocks) > 10:
            out.append(f"... ({len(blocks) - 10} more tables; use .to_frame())")
        return "\n\n".join(out)

    def _repr_html_(self) -> str:
        parts = []
        for lines in self._blocks()[:20]:
            head = html.escape(lines[0][1])
            body = "".join(
                f"<tr><td>{html.escape(q)}</td><td>{html.escape(t)}</td></tr>" for q, t in lines[1:]
            )
            parts.append(
                f"<table><caption>{head}</caption><tbody>{body}</tbody></table>"
            )
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the wide frame (one table) or a list of them under ``tables``.

        Non-finite numbers (an infinite NNT limit) become ``None``; the ``nnt_reading``
        text says what they mean.
        """
        def clean(v: Any) -> Any:
            if isinstance(v, np.generic):
                v = v.item()
            if isinstance(v, float) and not math.isfinite(v):
                return None
            return v

        def whole(rec: dict[str, Any]) -> dict[str, Any]:
            for key in ("x1", "n1", "x2", "n2", "fragility_index"):
                if rec.get(key) is not None:
                    rec[key] = int(rec[key])
            return rec

        rows = [
            whole({str(k): clean(v) for k, v in rec.items()})
            for rec in self.to_frame().reset_index(drop=True).to_dict(orient="records")
        ]
        meta = {"confidence_level": self.confidence_level, "alpha": self.alpha}
        return {**meta, **rows[0]} if self.is_scalar else {**meta, "tables": rows}


def compare_proportions(
    x1: Any,
    n1: Any,
    x2: Any,
    n2: Any,
    *,
    confidence_level: float = 0.95,
    method: str = "newcombe",
    outcome: str = "desirable",
    alpha: float = 0.05,
) -> Comparison:
    """Compare x1 of n1 (treatment) with x2 of n2 (comparator) every way at once.

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like
        Events and patients per arm (``n >= 1``); scalars, arrays or pandas Series.
    confidence_level : float
        Two-sided level of every interval.
    method : str
        Risk-difference interval method, also used for the NNT (default ``newcombe``).
        The risk ratio and odds ratio use their defaults (``koopman``, ``baptista_pike``).
    outcome : {"desirable", "undesirable"}
        Direction of benefit for the NNT (see :func:`nnt`).
    alpha : float
        Level of the fragility index.

    Returns
    -------
    Comparison
        With ``.risk_difference``, ``.risk_ratio``, ``.odds_ratio``, ``.nnt``, ``.test``
        (Fisher), ``.fragility``; ``.to_frame()``, a readable ``str()`` and ``_repr_html_``.

    See Also
    --------
    compare_methods
    nnt
    fragility_index

    Notes
    -----
    Risk difference (Newcombe hybrid score), risk ratio (Koopman score), odds ratio
    (Baptista–Pike), NNT (Altman 1998) and Fisher's exact test on one table, with the fragility
    index of that test. R: ``fisher.test``, ``PropCIs::diffscoreci``, ``PropCIs::riskscoreci``.

    References
    ----------
    Fagerland MW, Lydersen S, Laake P (2015). Recommended confidence intervals for two
    independent binomial proportions. Stat Methods Med Res 24:224-254.
    Altman DG (1998). BMJ 317:1309-1312.
    doi:10.1136/bmj.317.7168.1309
    Walsh M et al. (2014). J Clin Epidemiol 67:622-628.

    Examples
    --------
    >>> c = compare_proportions(10, 15, 3, 15)
    >>> print(c)  # doctest: +NORMALIZE_WHITESPACE
    10/15 (66.7%) vs 3/15 (20.0%)
    risk difference         0.467 (95% CI 0.112 to 0.690); newcombe
    risk ratio              3.333 (95% CI 1.294 to 9.880); koopman
    odds ratio              8.000 (95% CI 1.308 to 44.448); baptista_pike
    number needed to treat  NNTB 2.1 (95% CI NNTB 1.4 to 8.9); newcombe
    Fisher exact test       p = 0.025
    fragility index         1 (changing 1 outcome would make p ≥ 0.05)
    """

    rd = risk_difference(x1, n1, x2, n2, method=method, confidence_level=confidence_level)
    rr = risk_ratio(x1, n1, x2, n2, confidence_level=confidence_level)
    odds = odds_ratio(x1, n1, x2, n2, confidence_level=confidence_level)
    number = nnt(x1, n1, x2, n2, method=method, confidence_level=confidence_level, outcome=outcome)
    test = two_proportion_test(x1, n1, x2, n2, test="fisher")
    fi = fragility_index(x1, n1, x2, n2, test="fisher", alpha=alpha)
    return Comparison(
        risk_difference=rd,
        risk_ratio=rr,
        odds_ratio=odds,
        nnt=number,
        test=test,
        fragility=fi,
        alpha=float(alpha),
        confidence_level=rd.confidence_level,
        inputs={"x1": x1, "n1": n1, "x2": x2, "n2": n2},
        index=rd.index,
    )


def compare_methods(
    x1: Any,
    n1: Any,
    x2: Any,
    n2: Any,
    *,
    measure: str = "risk_difference",
    confidence_level: float = 0.95,
    methods: Any = None,
) -> pd.DataFrame:
    """One measure by every interval method, flagging tables where the methods disagree.

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like
        Events and patients per arm.
    measure : {"risk_difference", "risk_ratio", "odds_ratio"}
        Which measure.
    confidence_level : float
        Two-sided level.
    methods : sequence of str, optional
        A subset of the measure's methods (default: all of them, in the order of the
        measure's documentation).

    Returns
    -------
    DataFrame
        One row per method (and per table, for array input), columns ``table`` (index
        label or position; array input only), ``measure``, ``method``, ``estimate``,
        ``low``, ``high``, ``method_detail`` (the method as the estimate names it, e.g.
        with a zero-cell correction), ``excludes_null`` (the interval excludes 0 for the
        difference, 1 for the ratios) and ``methods_disagree`` (True on every row of a
        table for which some methods exclude the null and others do not).

    See Also
    --------
    risk_difference
    risk_ratio
    odds_ratio
    compare_proportions

    Notes
    -----
    Each method is the function of the measure with ``method=m``; ``excludes_null`` compares the
    interval with 0 (difference) or 1 (ratios), and ``methods_disagree`` flags tables where some
    methods exclude the null and others do not (Fagerland, Lydersen & Laake [1]_ compare the same
    methods). R: one call per method, e.g. ``PropCIs::diffscoreci`` / ``wald2ci``.

    References
    ----------
    .. [1] Fagerland MW, Lydersen S, Laake P (2015). Recommended confidence intervals for two
       independent binomial proportions. Stat Methods Med Res 24:224-254.
       doi:10.1177/0962280211415469

    Examples
    --------
    >>> df = compare_methods(7, 34, 1, 34)
    >>> df[["method", "excludes_null", "methods_disagree"]].iloc[:3]
         method  excludes_null  methods_disagree
    0  newcombe           True              True
    1      wald           True              True
    2   wald_cc          False              True
    """
    func, all_methods = choose("measure", measure, _MEASURE_TABLE)
    if methods is None:
        chosen = list(all_methods)
    else:
        chosen = [check_choice("method", m, all_methods) for m in methods]
    if not chosen:
        raise ValueError(f"methods must name at least one of {', '.join(map(repr, all_methods))}")
    null = 0.0 if measure == "risk_difference" else 1.0
    scalar = is_scalar_input(x1, n1, x2, n2)
    frames = []
    for m in chosen:
        est = func(x1, n1, x2, n2, method=m, confidence_level=confidence_level)
        f = est.to_frame()
        n = len(f)
        labels = f.index if est.index is not None else pd.RangeIndex(n)
        frames.append(pd.DataFrame({
            "table": np.asarray(labels, dtype=object),
            "position": np.arange(n),
            "measure": f["measure"].to_numpy(),
            "method": m,
            "estimate": f["estimate"].to_numpy(),
            "low": f["low"].to_numpy(),
            "high": f["high"].to_numpy(),
            "method_detail": f["method_detail"].to_numpy(),
        }))
    out = pd.concat(frames, ignore_index=True)
    out["excludes_null"] = (out["low"] > null) | (out["high"] < null)
    by_table = out.groupby("position")["excludes_null"]
    out["methods_disagree"] = by_table.transform("any") & ~by_table.transform("all")
    out = out.sort_values(["position"], kind="stable").reset_index(drop=True)
    out = out.drop(columns="position")
    if scalar:
        out = out.drop(columns="table")
    return out
