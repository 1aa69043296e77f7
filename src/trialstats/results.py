"""Result objects: ``Estimate`` (an estimate with its interval) and ``Significance`` (a test).

Both are frozen dataclasses that explain themselves: they keep the inputs as given, print
as one readable line per element, and turn into tidy DataFrames with fixed column names
and full precision. Rounding belongs to ``str()`` and ``_repr_html_`` only.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "ESTIMATE_COLUMNS",
    "SIGNIFICANCE_COLUMNS",
    "Estimate",
    "Significance",
    "build_estimate",
    "build_significance",
    "format_number",
    "unwrap",
]

ESTIMATE_COLUMNS = [
    "measure",
    "estimate",
    "low",
    "high",
    "confidence_level",
    "method",
    "pvalue",
    "method_detail",
    "pvalue_test",
    "alternative",
]
SIGNIFICANCE_COLUMNS = ["test", "statistic", "pvalue", "df", "alternative"]


def format_number(value: Any, digits: int = 3) -> str:
    """Format a number for reading: fixed decimals, '∞' for infinities, 'NA' for NaN/None.

    Examples
    --------
    >>> format_number(0.46666, 3), format_number(float("inf"))
    ('0.467', '∞')
    """
    if value is None:
        return "NA"
    v = float(value)
    if math.isnan(v):
        return "NA"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v != 0 and abs(v) < 10 ** (-digits):
        return f"{v:.{digits}g}" if abs(v) >= 1e-4 else f"{v:.2e}"
    return f"{v:.{digits}f}"


def format_pvalue(p: Any) -> str:
    """Format a p-value the way journals do: 'p = 0.025', 'p < 0.001', 'p = NA'."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p = NA"
    p = float(p)
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def _as_1d(value: Any, size: int) -> np.ndarray:
    arr = np.asarray(value, dtype=object if isinstance(value, str) else None)
    if arr.ndim == 0:
        return np.repeat(arr, size)
    return arr.reshape(-1)


def _index_for(index: pd.Index | None, size: int) -> pd.Index:
    if index is not None and len(index) == size:
        return index
    return pd.RangeIndex(size)


@dataclass(frozen=True, eq=False)
class Estimate:
    """An estimate with its confidence interval, the method that produced it, and its inputs.

    Fields are floats for scalar input and numpy arrays for array input. The object is not
    iterable: take ``.low`` and ``.high`` by name, so that an interval is never unpacked in
    the wrong order.

    Attributes
    ----------
    measure : str
        What is estimated, e.g. ``"risk difference"``.
    estimate, low, high : float or ndarray
        Point estimate and interval limits (``inf`` where a limit is unbounded).
    confidence_level : float
        E.g. 0.95.
    method : str
        The canonical method name that was passed (e.g. ``"katz"``), nothing else.
    pvalue : float, ndarray or None
        P-value where the method yields one (two-sided unless ``alternative`` says
        otherwise); the test behind it is named in ``pvalue_test``.
    inputs : Mapping
        The arguments as given.
    index : pandas.Index or None
        The index of pandas input, kept so ``df.join(result.to_frame())`` works.
    extra : Mapping
        Further named quantities (standard error, statistic, degrees of freedom ...).
    method_detail : str or ndarray of str
        Free text on how the method was applied: corrections, ties, transforms,
        assumptions; a per-element array when the handling differs between tables (e.g. a
        zero-cell correction applied to some of them); ``""`` when there is nothing to add.
    pvalue_test : str or None
        The test behind ``pvalue`` (e.g. ``"pearson_chi2"`` for the Koopman interval's p).
    alternative : str
        ``"two-sided"``, ``"less"`` or ``"greater"``: the side of the interval and p-value.

    Examples
    --------
    >>> e = Estimate("risk difference", 0.4667, 0.1124, 0.6896, 0.95, "newcombe")
    >>> str(e)
    'risk difference 0.467 (95% CI 0.112 to 0.690; newcombe)'
    """

    measure: str
    estimate: Any
    low: Any
    high: Any
    confidence_level: float
    method: Any
    pvalue: Any = None
    inputs: Mapping[str, Any] = field(default_factory=dict, repr=False)
    index: pd.Index | None = field(default=None, repr=False)
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)
    method_detail: Any = ""
    pvalue_test: str | None = None
    alternative: str = "two-sided"

    def __iter__(self) -> Any:
        raise TypeError("Estimate is not iterable: use .estimate, .low and .high by name")

    @property
    def size(self) -> int:
        """Number of elements (1 for scalar input)."""
        return int(np.size(self.estimate))

    @property
    def is_scalar(self) -> bool:
        return np.ndim(self.estimate) == 0

    def to_frame(self, *, include_extra: bool = False) -> pd.DataFrame:
        """A tidy DataFrame, one row per element, columns ``ESTIMATE_COLUMNS`` at full precision.

        The index of pandas input is kept. ``include_extra=True`` appends the ``extra`` fields.
        """
        n = self.size
        data = {
            "measure": _as_1d(self.measure, n),
            "estimate": _as_1d(self.estimate, n).astype(float),
            "low": _as_1d(self.low, n).astype(float),
            "high": _as_1d(self.high, n).astype(float),
            "confidence_level": np.repeat(float(self.confidence_level), n),
            "method": _as_1d(self.method, n),
            "pvalue": (
                np.full(n, np.nan) if self.pvalue is None else _as_1d(self.pvalue, n).astype(float)
            ),
            "method_detail": _as_1d(self.method_detail, n),
            "pvalue_test": _as_1d(self.pvalue_test, n),
            "alternative": _as_1d(self.alternative, n),
        }
        if include_extra:
            for key, value in self.extra.items():
                data[key] = _as_1d(value, n)
        return pd.DataFrame(data, index=_index_for(self.index, n))

    def _lines(self) -> list[str]:
        pct = f"{100 * self.confidence_level:g}%"
        side = "" if self.alternative == "two-sided" else " one-sided"
        rows: Any = self.to_frame().itertuples(index=False)
        out = []
        for r in rows:
            detail = f", {r.method_detail}" if r.method_detail else ""
            line = (
                f"{r.measure} {format_number(r.estimate)} ({pct}{side} CI {format_number(r.low)} "
                f"to {format_number(r.high)}; {r.method!s}{detail})"
            )
            if self.pvalue is not None:
                line += f", {format_pvalue(r.pvalue)}"
            out.append(line)
        return out

    def __str__(self) -> str:
        lines = self._lines()
        if self.is_scalar:
            return lines[0]
        shown = lines[:20]
        if len(lines) > 20:
            shown.append(f"... ({len(lines) - 20} more; use .to_frame())")
        return "\n".join(shown)

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        pct = f"{100 * self.confidence_level:g}%"
        body = "".join(
            "<tr>"
            f"<td>{html.escape(str(r.measure))}</td><td>{format_number(r.estimate)}</td>"
            f"<td>{format_number(r.low)} to {format_number(r.high)}</td>"
            f"<td>{html.escape(str(r.method))}</td>"
            f"<td>{'' if self.pvalue is None else format_pvalue(r.pvalue)}</td>"
            "</tr>"
            for r in frame.head(50).itertuples(index=False)
        )
        return (
            "<table><thead><tr><th>measure</th><th>estimate</th>"
            f"<th>{pct} CI</th><th>method</th><th>p</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


@dataclass(frozen=True, eq=False)
class Significance:
    """The result of a hypothesis test.

    Attributes
    ----------
    test : str
        Canonical test name, e.g. ``"fisher"``.
    statistic : float or ndarray
        The test statistic (NaN where the test has none, e.g. Fisher's exact test).
    pvalue : float or ndarray
        P-value (NaN, with a warning, where the test is undefined for the input).
    df : float, ndarray or None
        Degrees of freedom where the reference distribution has them.
    alternative : str
        ``"two-sided"`` (default), ``"less"`` or ``"greater"``.

    Examples
    --------
    >>> str(Significance("fisher", float("nan"), 0.0253))
    'fisher: p = 0.025'
    """

    test: str
    statistic: Any
    pvalue: Any
    df: Any = None
    inputs: Mapping[str, Any] = field(default_factory=dict, repr=False)
    index: pd.Index | None = field(default=None, repr=False)
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)
    alternative: str = "two-sided"

    def __iter__(self) -> Any:
        raise TypeError("Significance is not iterable: use .statistic and .pvalue by name")

    @property
    def size(self) -> int:
        return int(np.size(self.pvalue))

    @property
    def is_scalar(self) -> bool:
        return np.ndim(self.pvalue) == 0

    def to_frame(self) -> pd.DataFrame:
        """A tidy DataFrame, one row per element, columns ``SIGNIFICANCE_COLUMNS``."""
        n = self.size
        data = {
            "test": _as_1d(self.test, n),
            "statistic": _as_1d(np.nan if self.statistic is None else self.statistic, n).astype(
                float
            ),
            "pvalue": _as_1d(self.pvalue, n).astype(float),
            "df": _as_1d(np.nan if self.df is None else self.df, n).astype(float),
            "alternative": _as_1d(self.alternative, n),
        }
        return pd.DataFrame(data, index=_index_for(self.index, n))

    def __str__(self) -> str:
        lines = []
        rows: Any = self.to_frame().itertuples(index=False)
        for r in rows:
            stat = "" if math.isnan(float(r.statistic)) else f"statistic {format_number(r.statistic)}"
            dfs = "" if math.isnan(float(r.df)) else f" on {float(r.df):g} df"
            side = "" if self.alternative == "two-sided" else f" ({self.alternative})"
            lead = f"{r.test}{side}: " + (f"{stat}{dfs}, " if stat else "")
            lines.append(lead + format_pvalue(r.pvalue))
        return lines[0] if self.is_scalar else "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(float_format=lambda v: format_number(v, 4))


def unwrap(arr: Any, scalar: bool) -> Any:
    """A Python scalar for scalar input, the array otherwise (None stays None)."""
    if arr is None:
        return None
    if scalar:
        item = np.asarray(arr).reshape(-1)[0]
        return item.item() if isinstance(item, np.generic) else item
    return arr


def _label(value: Any, scalar: bool) -> Any:
    """One label when every element was handled alike, else one label per element."""
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return ""
        if scalar or bool((value == value.flat[0]).all()):
            return str(value.flat[0])
    return value


def build_estimate(
    measure: str,
    estimate: Any,
    low: Any,
    high: Any,
    *,
    confidence_level: float,
    method: str,
    scalar: bool,
    inputs: Mapping[str, Any],
    index: pd.Index | None = None,
    pvalue: Any = None,
    pvalue_test: str | None = None,
    method_detail: Any = "",
    alternative: str = "two-sided",
    extra: Mapping[str, Any] | None = None,
) -> Estimate:
    """The one way the engine turns computed arrays into an :class:`Estimate`.

    Arrays become Python floats for scalar input (``scalar``) and stay float arrays
    otherwise; a per-element ``method_detail`` collapses to one string when it is uniform.

    Examples
    --------
    >>> import numpy as np
    >>> e = build_estimate("proportion", np.array([0.1]), np.array([0.06]), np.array([0.16]),
    ...                    confidence_level=0.95, method="wilson", scalar=True, inputs={})
    >>> e.estimate
    0.1
    """
    def num(a: Any) -> Any:
        return None if a is None else unwrap(np.asarray(a, dtype=float), scalar)

    return Estimate(
        measure=measure,
        estimate=num(estimate),
        low=num(low),
        high=num(high),
        confidence_level=confidence_level,
        method=method,
        pvalue=num(pvalue),
        inputs=dict(inputs),
        index=index,
        extra={} if extra is None else {k: unwrap(v, scalar) for k, v in extra.items()},
        method_detail=_label(method_detail, scalar),
        pvalue_test=None if pvalue is None else pvalue_test,
        alternative=alternative,
    )


def build_significance(
    test: str,
    statistic: Any,
    pvalue: Any,
    *,
    scalar: bool,
    inputs: Mapping[str, Any],
    df: Any = None,
    index: pd.Index | None = None,
    alternative: str = "two-sided",
    extra: Mapping[str, Any] | None = None,
) -> Significance:
    """The one way the engine turns computed arrays into a :class:`Significance`.

    Examples
    --------
    >>> import numpy as np
    >>> build_significance("fisher", np.array([np.nan]), np.array([0.025]), scalar=True, inputs={}).pvalue
    0.025
    """
    def num(a: Any) -> Any:
        return None if a is None else unwrap(np.asarray(a, dtype=float), scalar)

    return Significance(
        test=test,
        statistic=num(statistic),
        pvalue=num(pvalue),
        df=num(df),
        inputs=dict(inputs),
        index=index,
        extra={} if extra is None else {k: unwrap(v, scalar) for k, v in extra.items()},
        alternative=alternative,
    )
