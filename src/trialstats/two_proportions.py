"""Interval estimates comparing two independent proportions: risk difference, risk ratio, odds ratio.

Group 1 is the treatment arm and group 2 the comparator: differences are p1 - p2 and ratios
p1 / p2. Every function takes the counts ``x1, n1, x2, n2`` (scalars, arrays or pandas
Series that broadcast together) and returns an :class:`~trialstats.results.Estimate`.

Closed-form methods are pure numpy. Score methods (Miettinen-Nurminen, Koopman) and the
exact conditional odds-ratio intervals have no closed form; they are solved for all tables
at once by vectorized bisection (:mod:`trialstats._rootfind`; the score limits of the risk
difference by a bracketed vectorized Newton iteration, once per distinct table), with the restricted maximum
likelihood estimates in closed form (Farrington & Manning 1990 for the difference,
Miettinen & Nurminen 1985 for the ratios).

Boundary conventions (every valid table gets an answer):

- A limit that the data cannot bound is reported as the end of the parameter space:
  -1 or 1 for the difference, 0 or ``inf`` for the ratios (e.g. the risk ratio with x2 = 0
  has estimate ``inf`` and an interval ``(L, inf)``), as in Fagerland, Lydersen & Laake (2017).
- A ratio that is 0/0 (no events in either arm for the risk ratio; no events, or only events,
  in both arms for the odds ratio) has an undefined point estimate, reported as NaN, while
  its interval is still given (``(0, inf)`` for the score methods).
- Wald-type methods on the log scale (``katz``, ``woolf``) add 0.5 to every cell of a table
  only where a zero cell makes the standard error infinite, say so in ``method`` and warn
  with :class:`~trialstats.ZeroCellCorrectionWarning`; the estimate of such a table is the
  one of the corrected table (as statsmodels' ``Table2x2(shift_zeros=True)``), so that it
  lies inside its interval.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from scipy import special

from ._rootfind import bisect_decreasing
from ._validate import (
    ZeroCellCorrectionWarning,
    as_count_array,
    broadcast_arrays,
    check_alternative,
    check_at_most,
    check_confidence_level,
    choose,
    extract_index,
    is_scalar_input,
)
from .proportions import binom_pmf, wilson_limits
from .results import Estimate, build_estimate

__all__ = [
    "ODDS_RATIO_METHODS",
    "RISK_DIFFERENCE_METHODS",
    "RISK_RATIO_METHODS",
    "odds_ratio",
    "risk_difference",
    "risk_ratio",
]


# bracket of log ratios searched by the ratio intervals: exp(+-50) is far beyond any limit a
# table of realistic size can produce; a crossing outside it is reported as 0 or inf
_LOG_BRACKET = 50.0
_ITER = 60
# the one tie tolerance of the exact tests (R's fisher.test: relErr <- 1 + 10^(-7))
FISHER_REL_TOL = 1e-7


class _Parts(NamedTuple):
    """What a method computes: the arrays of a result and how it was obtained."""

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    pvalue: np.ndarray | None = None
    pvalue_test: str | None = None
    detail: Any = ""
    extra: dict[str, Any] | None = None


class _Tables:
    """Validated, broadcast counts of a batch of 2x2 tables, and the side of the interval.

    ``tail`` is the probability left beyond each computed limit (alpha / 2 two-sided, alpha
    one-sided) and ``z`` its normal quantile; the side that a one-sided interval leaves open
    is set to the edge of the parameter space by :meth:`result`.
    """

    def __init__(
        self, x1: Any, n1: Any, x2: Any, n2: Any, confidence_level: Any, alternative: Any = "two-sided"
    ) -> None:
        self.alternative = check_alternative(alternative)
        self.cl = check_confidence_level(confidence_level)
        x1a = as_count_array("x1", x1)
        n1a = as_count_array("n1", n1, minimum=1)
        x2a = as_count_array("x2", x2)
        n2a = as_count_array("n2", n2, minimum=1)
        self.x1, self.n1, self.x2, self.n2 = broadcast_arrays(x1=x1a, n1=n1a, x2=x2a, n2=n2a)
        check_at_most("x1", self.x1, "n1", self.n1)
        check_at_most("x2", self.x2, "n2", self.n2)
        self.scalar = is_scalar_input(x1, n1, x2, n2)
        self.index = extract_index(x1, n1, x2, n2)
        self.inputs = {"x1": x1, "n1": n1, "x2": x2, "n2": n2}
        self.alpha = 1 - self.cl
        self.tail = self.alpha / 2 if self.alternative == "two-sided" else self.alpha
        self.z = float(-special.ndtri(self.tail))
        self.p1 = self.x1 / self.n1
        self.p2 = self.x2 / self.n2

    def pvalue_from_z(self, z: np.ndarray) -> np.ndarray:
        """P-value of a statistic that is N(0, 1) under the null and large when p1 > p2."""
        if self.alternative == "two-sided":
            return special.erfc(np.abs(z) / np.sqrt(2))
        return special.ndtr(-z if self.alternative == "greater" else z)

    def result(self, measure: str, method: str, parts: _Parts, edges: tuple[float, float]) -> Estimate:
        low, high = parts.low, parts.high
        if self.alternative == "greater":
            high = np.full(np.shape(low), edges[1])
        elif self.alternative == "less":
            low = np.full(np.shape(high), edges[0])
        return build_estimate(
            measure, parts.estimate, low, high,
            confidence_level=self.cl, method=method, alternative=self.alternative,
            pvalue=parts.pvalue, pvalue_test=parts.pvalue_test, method_detail=parts.detail,
            extra=parts.extra, scalar=self.scalar, inputs=self.inputs, index=self.index,
        )


def _two_sided_p(z: np.ndarray) -> np.ndarray:
    return special.erfc(np.abs(z) / np.sqrt(2))


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den with x/0 = inf for x > 0 and 0/0 = NaN (an undefined ratio), without warnings."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(num, den)


def _standardize(num: np.ndarray, var: np.ndarray) -> np.ndarray:
    """num / sqrt(var) with 0/0 read as 0 (no evidence either way) and x/0 as +-inf."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / np.sqrt(np.maximum(var, 0.0))
    return np.where(num == 0, 0.0, out)


# --------------------------------------------------------------------------- risk difference


def _rd_restricted_mle(
    p1: np.ndarray, p2: np.ndarray, n1: np.ndarray | float, n2: np.ndarray | float, delta: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum likelihood (p1, p2) under p1 - p2 = delta: Farrington & Manning (1990) cubic root.

    The cubic a p^3 + b p^2 + c p + d = 0 for p1 is solved by the trigonometric formula, written
    with B = b / (3a) so that no power function is evaluated (this runs on every bisection step
    of every table).
    """
    theta = n2 / n1
    two_a = 2 * (1 + theta)
    big_b = -(1 + theta + p1 + theta * p2 + delta * (theta + 2)) / (1.5 * two_a)
    c = delta * delta + delta * (2 * p1 + theta + 1) + p1 + theta * p2
    d = -p1 * delta * (1 + delta)
    v = big_b * big_b * big_b + (d - big_b * c) / two_a
    u = np.sqrt(np.maximum(big_b * big_b - c / (1.5 * two_a), 0.0))
    u = np.where(v >= 0, u, -u)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(u == 0, 0.0, v / (u * u * u))
    w = (np.pi + np.arccos(np.clip(ratio, -1.0, 1.0))) / 3
    pt1 = 2 * u * np.cos(w) - big_b
    # rounding can push the root a hair outside the parameter space
    pt1 = np.clip(pt1, np.maximum(0.0, delta), np.minimum(1.0, 1.0 + delta))
    return pt1, pt1 - delta


def _rd_score(
    p1: np.ndarray, p2: np.ndarray, n1: np.ndarray | float, n2: np.ndarray | float, delta: np.ndarray,
    factor: np.ndarray | float,
) -> np.ndarray:
    """Score statistic (p1 - p2 - delta) / SE(delta); SE^2 from the restricted MLE, times ``factor``."""
    pt1, pt2 = _rd_restricted_mle(p1, p2, n1, n2, delta)
    var = (pt1 * (1 - pt1) / n1 + pt2 * (1 - pt2) / n2) * factor
    return _standardize(p1 - p2 - delta, var)


# A Newton step of at most _RD_STEP_TOL is the last one taken: the error after it is of the
# order of its square. Bisection steps stop at a bracket of _RD_BRACKET_TOL (what 50 halvings
# of [-1, d] gave before).
_RD_STEP_TOL = 1e-8
_RD_BRACKET_TOL = 2e-15
_RD_SETTLED = 1e-14
_RD_BLOCK = 4096
_RD_NEWTON_MAX = 200


def _rd_limit_newton(
    p1: np.ndarray, p2: np.ndarray, n1: np.ndarray, n2: np.ndarray, zzf: np.ndarray,
    lo: np.ndarray, hi: np.ndarray, start: np.ndarray, side: float,
) -> np.ndarray:
    """One score limit of the difference per table: the root of (d - delta)^2 = z^2 f V(delta).

    The squared form stays finite where the score statistic is infinite (V = 0 at the ends of
    the bracket) and has the sign of |statistic| - z, so on each side of d its one root is the
    score limit. Halley's method (Newton's where Halley's step would leave the bracket), with
    the first and second derivatives of the restricted MLE from implicit differentiation of
    its cubic, is kept inside the bracket ``[lo, hi]`` (``side`` = +1: the squared form is
    positive at ``lo``; -1: at ``hi``) and falls back to bisection when both steps would leave
    it. A table is finished when its step is below ``_RD_STEP_TOL``, when two successive steps
    show at least quadratic convergence with a remaining error below rounding, or when its
    bracket has shrunk to ``_RD_BRACKET_TOL``; finished tables leave the working set, so the
    passes after the first two touch only the few tables still moving.
    """
    if start.size == 0:
        return start.copy()
    theta = n2 / n1
    state = {
        "th": theta, "a3": 3.0 * (1.0 + theta), "p1": p1, "c0": p1 + theta * p2,
        "i1": 1.0 / n1, "i2": 1.0 / n2, "zz": zzf * side, "d": p1 - p2,
        "lo": lo, "hi": hi, "x": start, "prev": np.zeros_like(start),
        "idx": np.arange(start.size),
    }
    out = np.empty_like(start)
    for _ in range(_RD_NEWTON_MAX):
        s = state
        x, p1a, th, a3 = s["x"], s["p1"], s["th"], s["a3"]
        # the cubic a p^3 + b p^2 + c p + e = 0 for p1 (Farrington & Manning 1990)
        t2 = th + 2.0
        c1 = 2.0 * p1a + th + 1.0
        b = -(1.0 + th + s["c0"] + x * t2)
        c = x * (x + c1) + s["c0"]
        e = -p1a * x * (1.0 + x)
        big_b = b / a3
        v = big_b * big_b * big_b + (1.5 * e - 1.5 * big_b * c) / a3
        u = np.sqrt(np.maximum(big_b * big_b - c / a3, 0.0))
        u = np.copysign(u, v)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(u == 0, 0.0, v / (u * u * u))
        w = (np.pi + np.arccos(np.clip(ratio, -1.0, 1.0))) * (1.0 / 3.0)
        pt1 = 2.0 * u * np.cos(w) - big_b
        # arccos near +-1 (two roots close together) loses half the digits of the root; one
        # Newton step on the cubic restores them, so that the squared form is smooth
        dfdp = (a3 * pt1 + 2.0 * b) * pt1 + c
        with np.errstate(divide="ignore", invalid="ignore"):
            polish = (((a3 * (1.0 / 3.0)) * pt1 + b) * pt1 + c) * pt1 + e
            polish /= dfdp
        pt1 = np.where(np.abs(polish) < 1e-6, pt1 - polish, pt1)
        # rounding can push the root a hair outside the parameter space
        pt1 = np.clip(pt1, np.maximum(0.0, x), np.minimum(1.0, 1.0 + x))
        pt2 = pt1 - x
        gap = s["d"] - x
        i1, i2, zz = s["i1"], s["i2"], s["zz"]
        var = zz * (pt1 * (1.0 - pt1) * i1 + pt2 * (1.0 - pt2) * i2)
        h = side * gap * gap - var
        # first and second derivatives of pt1 in delta, implicitly from F(pt1(delta), delta) = 0
        dfdp = (a3 * pt1 + 2.0 * b) * pt1 + c
        dfdd = (c1 + 2.0 * x - t2 * pt1) * pt1 - p1a * (1.0 + 2.0 * x)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            dp1 = -dfdd / dfdp
            d2p1 = -(
                (2.0 * a3 * pt1 + 2.0 * b) * dp1 * dp1
                + 2.0 * (c1 + 2.0 * x - 2.0 * t2 * pt1) * dp1
                + 2.0 * (pt1 - p1a)
            ) / dfdp
            dp2 = dp1 - 1.0
            dh = -2.0 * side * gap - zz * ((1.0 - 2.0 * pt1) * i1 * dp1 + (1.0 - 2.0 * pt2) * i2 * dp2)
            d2h = 2.0 * side - zz * (
                (1.0 - 2.0 * pt1) * i1 * d2p1 - 2.0 * i1 * dp1 * dp1
                + (1.0 - 2.0 * pt2) * i2 * d2p1 - 2.0 * i2 * dp2 * dp2
            )
            # Halley's step (cubic convergence: from the start, two steps reach rounding)
            step = h / (dh - 0.5 * h * d2h / dh)
            newton_step = h / dh
        halley = x - step
        newton = x - newton_step
        above = h >= 0
        lo_n = np.where(above, x, s["lo"])
        hi_n = np.where(above, s["hi"], x)
        in_halley = (halley > lo_n) & (halley < hi_n)  # False for NaN
        in_newton = (newton > lo_n) & (newton < hi_n)
        step = np.where(in_halley, step, newton_step)
        inside = in_halley | in_newton
        xn = np.where(in_halley, halley, np.where(in_newton, newton, 0.5 * (lo_n + hi_n)))
        # a last step below rounding can land on x, now an end of the bracket: x is the root
        size = np.abs(step)
        small = size <= _RD_STEP_TOL  # False for NaN
        xn = np.where((h == 0) | (small & ~inside), x, xn)
        # two steps in a row inside the bracket, converging at least quadratically: the error
        # left after this one is about size * (size / prev)^2, then far below rounding of d
        settled = inside & (size <= 1e-4) & (size * size * size <= _RD_SETTLED * s["prev"] * s["prev"])
        done = (h == 0) | small | settled | (hi_n - lo_n <= _RD_BRACKET_TOL)
        s["lo"], s["hi"], s["x"] = lo_n, hi_n, xn
        s["prev"] = np.where(inside, size, 0.0)  # 0: no Newton-type step to compare with
        n_done = np.count_nonzero(done)
        if n_done:
            out[s["idx"][done]] = xn[done]
            if n_done == done.size:
                return out
            # a finished table costs a pass; copying the working set costs about as much
            if n_done * 8 > done.size or done.size < 4096:
                keep = ~done
                state = {k: val[keep] for k, val in s.items()}
    # not reached on any table tried; finish what is left as a bisection would
    out[state["idx"]] = 0.5 * (state["lo"] + state["hi"])
    return out


def _unique_tables(t: _Tables) -> tuple[np.ndarray, np.ndarray] | None:
    """Indices of one copy of each distinct table and the map back, or None if not worth it.

    Batches of small trials repeat tables often; each distinct table is then solved once. The
    four counts are packed into one integer key; when the packed range is much larger than
    the batch, repeats are rare and the sort is not worth its cost.
    """
    size = t.x1.size
    if size < 64:
        return None
    counts = [np.ravel(a).astype(np.int64) for a in (t.x1, t.n1, t.x2, t.n2)]
    span = 1
    for col in counts:
        span *= int(col.max()) + 1
    if span > 16 * size:
        return None
    key = np.zeros(size, dtype=np.int64)
    for col in counts:
        key = key * (int(col.max()) + 1) + col
    order = np.argsort(key)
    sorted_key = key[order]
    new = np.empty(size, dtype=bool)
    new[0] = True
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=new[1:])
    inverse = np.empty(size, dtype=np.intp)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


def _rd_score_limits(
    p1: np.ndarray, p2: np.ndarray, n1: np.ndarray, n2: np.ndarray, factor: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper score limits of flat arrays of tables (see _rd_limit_newton)."""
    d = p1 - p2
    if z == 0:  # a 50% one-sided limit: the statistic is 0 at d, whatever the variance
        return d.copy(), d.copy()
    zzf = z * z * factor
    low = np.full_like(d, -1.0)
    high = np.ones_like(d)
    # start from Newcombe's square-and-add limits widened by sqrt(factor): close to the score
    # limits, so that Newton needs few steps
    l1, u1 = wilson_limits(p1 * n1, n1, z)
    l2, u2 = wilson_limits(p2 * n2, n2, z)
    root_f = np.sqrt(factor)
    guess_low = d - root_f * np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    guess_high = d + root_f * np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    for sel, lo, hi, guess, side, out in (
        (d > -1, -1.0, None, guess_low, 1.0, low),
        (d < 1, None, 1.0, guess_high, -1.0, high),
    ):
        ds = d[sel]
        lo_b = np.full_like(ds, lo) if lo is not None else ds
        hi_b = np.full_like(ds, hi) if hi is not None else ds
        g = guess[sel]
        start = np.where((g > lo_b) & (g < hi_b), g, 0.5 * (lo_b + hi_b))
        q1, q2, m1, m2, zz = p1[sel], p2[sel], n1[sel], n2[sel], zzf[sel]
        # in blocks small enough for the temporaries to stay in cache (and out of fresh pages)
        blocks = [slice(i, i + _RD_BLOCK) for i in range(0, max(ds.size, 1), _RD_BLOCK)]
        out[sel] = np.concatenate([
            _rd_limit_newton(q1[b], q2[b], m1[b], m2[b], zz[b], lo_b[b], hi_b[b], start[b], side)
            for b in blocks
        ])
    return low, high


def _rd_score_interval(t: _Tables, factor: np.ndarray | float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # The score interval: where the score statistic crosses +-z. statsmodels'
    # confint_proportions_2indep(method="score") brackets the root badly and raises or
    # returns wrong limits on tables such as 10/15 vs 3/15 (statsmodels issue #10269); here
    # the statistic is monotone in delta on [-1, d] and [d, 1] and each limit is found inside
    # that bracket (bracketed Newton, _rd_limit_newton), once per distinct table.
    shape = np.shape(t.p1)
    flat = [np.ravel(a) for a in (t.p1, t.p2, t.n1, t.n2)]
    flat.append(np.ravel(np.broadcast_to(np.asarray(factor, dtype=float), shape)))
    uniq = _unique_tables(t)
    if uniq is not None:
        first, inverse = uniq
        flat = [a[first] for a in flat]
    p1, p2, n1, n2, fac = flat
    low, high = _rd_score_limits(p1, p2, n1, n2, fac, t.z)
    # at delta = 0 the restricted MLE is the pooled proportion (the root of the cubic there)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z0 = _standardize(p1 - p2, pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2) * fac)
    if uniq is not None:
        low, high, z0 = low[inverse], high[inverse], z0[inverse]
    return low.reshape(shape), high.reshape(shape), t.pvalue_from_z(z0.reshape(shape))


def _rd_miettinen_nurminen(t: _Tables) -> _Parts:
    # Miettinen & Nurminen (1985): the score interval with the variance inflated by N/(N - 1)
    n = t.n1 + t.n2
    low, high, p = _rd_score_interval(t, n / (n - 1))
    return _Parts(t.p1 - t.p2, low, high, p, "miettinen_nurminen_score")


def _rd_mee(t: _Tables) -> _Parts:
    # Mee (1984), Farrington & Manning (1990): the same score interval without N/(N - 1)
    low, high, p = _rd_score_interval(t, 1.0)
    return _Parts(t.p1 - t.p2, low, high, p, "farrington_manning_score")


# grid over the nuisance parameter for the exact unconditional interval, then a finer grid
# around the best point (Chan & Zhang 1999 maximise the tail probability over it)
_NUISANCE_GRID = 101
_NUISANCE_REFINE = 41


def _binom_pmf_matrix(n: float, p: np.ndarray) -> np.ndarray:
    """P(Y = y) for Y ~ Bin(n, p): rows are the values of ``p``, columns y = 0..n."""
    y = np.arange(int(n) + 1, dtype=float)
    return binom_pmf(y[None, :], np.asarray(n, dtype=float), p[:, None])


def _exact_tail_max(
    delta: float, n1: float, n2: float, y1: np.ndarray, y2: np.ndarray, extreme: np.ndarray
) -> float:
    """max over the nuisance p2 of P(the table is at least as extreme as observed | delta, p2)."""
    lo = max(0.0, -delta)
    hi = min(1.0, 1.0 - delta)
    weights = extreme.astype(float)

    def tail(p2: np.ndarray) -> np.ndarray:
        b1 = _binom_pmf_matrix(n1, np.clip(p2 + delta, 0.0, 1.0))
        b2 = _binom_pmf_matrix(n2, p2)
        return ((b1 @ weights) * b2).sum(axis=1)

    grid = np.linspace(lo, hi, _NUISANCE_GRID)
    values = tail(grid)
    best = int(np.argmax(values))
    step = (hi - lo) / (_NUISANCE_GRID - 1)
    fine = np.linspace(max(lo, grid[best] - step), min(hi, grid[best] + step), _NUISANCE_REFINE)
    return float(max(values[best], tail(fine).max()))


def _rd_exact_one(
    x1: float, n1: float, x2: float, n2: float, alpha: float, statistic: str = "score",
    tail: float | None = None,
) -> tuple[float, float]:
    # Chan & Zhang (1999): invert two one-sided exact unconditional tests at alpha/2 each
    # (``tail``, alpha for a one-sided interval).
    # For a candidate difference delta every possible table (y1, y2) is ordered by the score
    # statistic T(delta) (Farrington-Manning restricted MLE; the N/(N-1) factor of
    # Miettinen-Nurminen would rescale all tables alike and so leaves the order unchanged);
    # the tail probability of the tables at least as extreme as the observed one is
    # maximised over the nuisance parameter p2. The lower limit is where the upper-tail
    # maximum reaches alpha/2, the upper limit where the lower-tail maximum does.
    y1, y2 = np.meshgrid(np.arange(n1 + 1.0), np.arange(n2 + 1.0), indexing="ij")
    q1, q2 = y1 / n1, y2 / n2
    obs = x1 / n1 - x2 / n2
    one = np.ones(1)

    def statistics(delta: float) -> tuple[np.ndarray, float]:
        if statistic == "difference":
            # unstandardized difference (Santner & Snell 1980; SAS METHOD=NOSCORE): kept
            # private, to check the tail-inversion machinery against published values
            return q1 - q2, obs
        t_all = _rd_score(q1, q2, n1, n2, np.full_like(q1, delta), 1.0)
        t_obs = float(_rd_score(np.array([x1 / n1]), np.array([x2 / n2]), n1, n2, delta * one, 1.0)[0])
        return t_all, t_obs

    def tol(t_obs: float) -> float:
        # tables whose statistic equals the observed one up to rounding count as ties
        return 1e-9 * max(1.0, abs(t_obs)) if np.isfinite(t_obs) else 0.0

    def upper_tail(delta: np.ndarray) -> np.ndarray:
        t_all, t_obs = statistics(float(delta[0]))
        return np.array([_exact_tail_max(float(delta[0]), n1, n2, y1, y2, t_all >= t_obs - tol(t_obs))])

    def lower_tail(delta: np.ndarray) -> np.ndarray:
        t_all, t_obs = statistics(float(delta[0]))
        return np.array([_exact_tail_max(float(delta[0]), n1, n2, y1, y2, t_all <= t_obs + tol(t_obs))])

    level = alpha / 2 if tail is None else tail
    iters = 32  # bracket width <= 2: 2**-31 ~ 5e-10, far below any printed digit
    if obs == -1:
        low = -1.0
    else:
        low = float(bisect_decreasing(lambda d: -upper_tail(d), -one, obs * one, -level,
                                      iterations=iters)[0])
    if obs == 1:
        high = 1.0
    else:
        high = float(bisect_decreasing(lower_tail, obs * one, one, level, iterations=iters)[0])
    return low, high


# the exact interval enumerates (n1 + 1)(n2 + 1) outcomes per step; beyond this it would take
# minutes per table, and the score interval is then as good in practice
_EXACT_MAX_OUTCOMES = 4_000_000


def _rd_exact(t: _Tables) -> _Parts:
    # The tables of a batch differ in size, so they are solved one after another; each one
    # is vectorized over all (n1 + 1)(n2 + 1) outcomes and the nuisance grid.
    big = (t.n1 + 1) * (t.n2 + 1) > _EXACT_MAX_OUTCOMES
    if big.any():
        i = np.flatnonzero(big.reshape(-1))[0]
        raise ValueError(
            "method 'exact' enumerates every (n1 + 1) x (n2 + 1) outcome and is limited to "
            f"{_EXACT_MAX_OUTCOMES:,} of them; got n1={t.n1.reshape(-1)[i]:g}, "
            f"n2={t.n2.reshape(-1)[i]:g} (use method='miettinen_nurminen' for trials this large)"
        )
    low = np.empty(t.x1.shape)
    high = np.empty(t.x1.shape)
    for i in np.ndindex(t.x1.shape):
        low[i], high[i] = _rd_exact_one(float(t.x1[i]), float(t.n1[i]), float(t.x2[i]), float(t.n2[i]),
                                        t.alpha, tail=t.tail)
    return _Parts(t.p1 - t.p2, low, high, detail="score ordering, maximised over the nuisance parameter")


def _rd_newcombe(t: _Tables) -> _Parts:
    # Newcombe (1998b) method 10: the Wilson limits of each arm combined (square-and-add)
    d = t.p1 - t.p2
    l1, u1 = wilson_limits(t.x1, t.n1, t.z)
    l2, u2 = wilson_limits(t.x2, t.n2, t.z)
    low = d - np.sqrt((t.p1 - l1) ** 2 + (u2 - t.p2) ** 2)
    high = d + np.sqrt((u1 - t.p1) ** 2 + (t.p2 - l2) ** 2)
    return _Parts(d, low, high)


def _rd_wald_interval(t: _Tables, correction: np.ndarray | float) -> _Parts:
    d = t.p1 - t.p2
    half = t.z * np.sqrt(t.p1 * (1 - t.p1) / t.n1 + t.p2 * (1 - t.p2) / t.n2) + correction
    return _Parts(d, np.clip(d - half, -1, 1), np.clip(d + half, -1, 1))


def _rd_wald(t: _Tables) -> _Parts:
    return _rd_wald_interval(t, 0.0)


def _rd_wald_cc(t: _Tables) -> _Parts:
    return _rd_wald_interval(t, 0.5 * (1 / t.n1 + 1 / t.n2))


def _rd_agresti_caffo(t: _Tables) -> _Parts:
    q1 = (t.x1 + 1) / (t.n1 + 2)
    q2 = (t.x2 + 1) / (t.n2 + 2)
    half = t.z * np.sqrt(q1 * (1 - q1) / (t.n1 + 2) + q2 * (1 - q2) / (t.n2 + 2))
    return _Parts(t.p1 - t.p2, np.clip(q1 - q2 - half, -1, 1), np.clip(q1 - q2 + half, -1, 1))


# one {name: function} per choice; the keys are the public list
_RD_METHODS: dict[str, Callable[[_Tables], _Parts]] = {
    "newcombe": _rd_newcombe,
    "wald": _rd_wald,
    "wald_cc": _rd_wald_cc,
    "agresti_caffo": _rd_agresti_caffo,
    "miettinen_nurminen": _rd_miettinen_nurminen,
    "mee": _rd_mee,
    "exact": _rd_exact,
}
RISK_DIFFERENCE_METHODS = tuple(_RD_METHODS)


def risk_difference(
    x1: Any,
    n1: Any,
    x2: Any,
    n2: Any,
    *,
    method: str = "newcombe",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> Estimate:
    """Risk difference p1 - p2 (x1/n1 minus x2/n2) with a confidence interval.

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like of int
        Events and size of the treatment arm (1) and the comparator arm (2); ``n >= 1``.
    method : str
        ``"newcombe"`` (default; hybrid score, Newcombe 1998b method 10, built from the two
        Wilson intervals), ``"wald"``, ``"wald_cc"`` (Wald with continuity correction
        (1/n1 + 1/n2)/2), ``"agresti_caffo"`` (Wald after adding one event and one non-event
        to each arm), ``"miettinen_nurminen"`` (score interval with the N/(N − 1) variance
        factor, p-value of its score test of no difference), ``"mee"`` (the same score
        interval without the factor; Farrington–Manning score test) or ``"exact"`` (exact
        unconditional interval of Chan & Zhang 1999: two one-sided exact tests ordered by
        the score statistic, each maximised over the nuisance parameter on a grid with
        local refinement; limited to (n1 + 1)(n2 + 1) <= 4,000,000 outcomes).
        The Wald-type limits are truncated to [-1, 1] (as SAS PROC FREQ does).
    confidence_level : float
        Level of the interval, in (0, 1).
    alternative : {"two-sided", "less", "greater"}
        ``"greater"`` gives [low, 1] (and the p-value of H1: p1 > p2), ``"less"`` [-1, high].

    Returns
    -------
    Estimate
        ``measure="risk difference"``; estimate ``x1/n1 - x2/n2``; ``pvalue`` for the score
        methods (its test in ``pvalue_test``).

    Raises
    ------
    ValueError
        Bad counts, an unknown method or alternative, a table too large for ``"exact"``.

    See Also
    --------
    risk_ratio, odds_ratio : the same tables as ratios.
    trialstats.nnt : the number needed to treat from this interval.
    trialstats.two_proportion_test : tests of the same tables.

    Notes
    -----
    With d = p̂1 − p̂2 and z the normal quantile of the tail (α/2 two-sided, α one-sided):
    Wald d ± z √(p̂1 q̂1 / n1 + p̂2 q̂2 / n2); Newcombe's limits d − √((p̂1 − l1)² + (u2 − p̂2)²)
    and d + √((u1 − p̂1)² + (p̂2 − l2)²) from the Wilson limits (l, u) of each arm; the
    score limits solve (d − δ) / √(V(δ) · f) = ±z, with V(δ) = p̃1 q̃1 / n1 + p̃2 q̃2 / n2 at
    the maximum-likelihood p̃ restricted to p̃1 − p̃2 = δ (Farrington & Manning's cubic),
    f = N / (N − 1) for Miettinen–Nurminen and 1 for Mee. A one-sided interval at level
    1 − α is the matching side of the two-sided one at 1 − 2α. R:
    ``prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`` gives the Wald-type p, and
    ``PropCIs::diffscoreci`` / ``ratesci::scoreci(x1, n1, x2, n2, skew = FALSE)`` the score
    intervals (``scoreci`` has ``bcf = TRUE`` for Miettinen–Nurminen, ``FALSE`` for Mee);
    ``exact2x2::uncondExact2x2(x1, n1, x2, n2, parmtype = "difference")`` the exact one.

    References
    ----------
    .. [1] Newcombe RG (1998). Interval estimation for the difference between independent
       proportions: comparison of eleven methods. Stat Med 17:873-890.
       doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
    .. [2] Miettinen O, Nurminen M (1985). Comparative analysis of two rates. Stat Med
       4:213-226. doi:10.1002/sim.4780040211
    .. [3] Mee RW (1984). Confidence bounds for the difference between two probabilities.
       Biometrics 40:1175-1176.
    .. [4] Farrington CP, Manning G (1990). Test statistics and sample size formulae for
       comparative binomial trials with null hypothesis of non-zero risk difference or
       non-unity relative risk. Stat Med 9:1447-1454. doi:10.1002/sim.4780091208
    .. [5] Agresti A, Caffo B (2000). Simple and effective confidence intervals for
       proportions and differences of proportions result from adding two successes and two
       failures. Am Stat 54:280-288. doi:10.1080/00031305.2000.10474560
    .. [6] Chan ISF, Zhang Z (1999). Test-based exact confidence intervals for the
       difference of two binomial proportions. Biometrics 55:1202-1209.
       doi:10.1111/j.0006-341X.1999.01202.x
    .. [7] Fagerland MW, Lydersen S, Laake P (2015). Recommended confidence intervals for
       two independent binomial proportions. Stat Methods Med Res 24:224-254.
       doi:10.1177/0962280211415469

    Examples
    --------
    Newcombe's example (a), 56/70 vs 48/80 [1]_ (Table II):

    >>> print(risk_difference(56, 70, 48, 80))
    risk difference 0.200 (95% CI 0.052 to 0.334; newcombe)

    Perondi 2004 (high- vs standard-dose epinephrine, 7/34 vs 1/34), as in [7]_, and the
    Feder 2021 ketamine trial's responders (10/15 vs 3/15), by the score method:

    >>> r = risk_difference([7, 10], [34, 15], [1, 3], [34, 15], method="miettinen_nurminen")
    >>> r.low.round(4)
    array([0.027 , 0.1087])
    """
    func = choose("method", method, _RD_METHODS)
    t = _Tables(x1, n1, x2, n2, confidence_level, alternative)
    return t.result("risk difference", method, func(t), (-1.0, 1.0))


# --------------------------------------------------------------------------- ratios: helpers


def _zero_cell_correction(
    t: _Tables, needed: np.ndarray, name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Any]:
    """Add 0.5 to every cell of the tables where ``needed``; warn and label the method."""
    add = np.where(needed, 0.5, 0.0)
    if needed.any():
        where = "" if t.scalar else f" ({int(needed.sum())} of {needed.size} tables)"
        warnings.warn(
            f"{name}: 0.5 added to every cell of the table{where} with a zero cell, whose "
            "log-scale standard error is otherwise infinite",
            ZeroCellCorrectionWarning,
            stacklevel=3,
        )
    detail = np.where(needed, "0.5 zero-cell correction", "")
    return t.x1 + add, t.n1 + 2 * add, t.x2 + add, t.n2 + 2 * add, detail


def _bisect_log_ratio(
    stat: Any, log_est: np.ndarray, z: float, low_fixed: np.ndarray, high_fixed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Invert a statistic decreasing in log(ratio) at +-z; limits fixed at 0 / inf where given."""
    # an infinite or undefined estimate gives no split point: search the whole bracket
    finite = np.isfinite(log_est)
    centre = np.where(finite, np.clip(log_est, -_LOG_BRACKET, _LOG_BRACKET), 0.0)
    lo_start = np.full_like(centre, -_LOG_BRACKET)
    hi_start = np.full_like(centre, _LOG_BRACKET)
    low_right = np.where(finite, centre, hi_start)
    high_left = np.where(finite, centre, lo_start)
    log_low = bisect_decreasing(stat, lo_start, low_right, z, iterations=_ITER)
    log_high = bisect_decreasing(stat, high_left, hi_start, -z, iterations=_ITER)
    low = np.where(low_fixed | (log_low <= -_LOG_BRACKET + 1e-9), 0.0, np.exp(log_low))
    high = np.where(high_fixed | (log_high >= _LOG_BRACKET - 1e-9), np.inf, np.exp(log_high))
    return low, high


# --------------------------------------------------------------------------- risk ratio


def _rr_score(t: _Tables, log_phi: np.ndarray, factor: np.ndarray | float) -> np.ndarray:
    """Score statistic for p1 / p2 = phi with the restricted MLE of Miettinen & Nurminen (1985)."""
    phi = np.exp(log_phi)
    n = t.n1 + t.n2
    a = n * phi
    b = -(t.n1 * phi + t.x1 + t.n2 + t.x2 * phi)
    c = t.x1 + t.x2
    disc = np.sqrt(np.maximum(b * b - 4 * a * c, 0.0))
    # smaller root of a p^2 + b p + c, written without cancellation (b < 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pt2 = np.where(c == 0, 0.0, 2 * c / (-b + disc))
    pt2 = np.clip(pt2, 0.0, np.minimum(1.0, 1.0 / phi))
    pt1 = phi * pt2
    var = (pt1 * (1 - pt1) / t.n1 + phi**2 * pt2 * (1 - pt2) / t.n2) * factor
    return _standardize(t.p1 - phi * t.p2, var)


def _rr_score_interval(t: _Tables, factor: np.ndarray | float, test: str) -> _Parts:
    est = _ratio(t.p1, t.p2)
    with np.errstate(divide="ignore"):
        log_est = np.log(est)

    def stat(log_phi: np.ndarray) -> np.ndarray:
        return _rr_score(t, log_phi, factor)

    low, high = _bisect_log_ratio(stat, log_est, t.z, t.x1 == 0, t.x2 == 0)
    return _Parts(est, low, high, t.pvalue_from_z(stat(np.zeros_like(est))), test)


def _rr_koopman(t: _Tables) -> _Parts:
    # the score test of phi = 1 without the N/(N - 1) factor is Pearson's chi-square test
    # (its signed root for a one-sided alternative)
    return _rr_score_interval(t, 1.0, "pearson_chi2" if t.alternative == "two-sided" else "score_z")


def _rr_miettinen_nurminen(t: _Tables) -> _Parts:
    n = t.n1 + t.n2
    return _rr_score_interval(t, n / (n - 1), "miettinen_nurminen_score")


def _log_wald_rr(t: _Tables, a: np.ndarray, m1: np.ndarray, c: np.ndarray, m2: np.ndarray,
                 detail: Any) -> _Parts:
    se = np.sqrt(1 / a - 1 / m1 + 1 / c - 1 / m2)
    centre = np.log(a / m1) - np.log(c / m2)
    return _Parts(_ratio(a / m1, c / m2), np.exp(centre - t.z * se), np.exp(centre + t.z * se),
                  detail=detail)


def _rr_katz(t: _Tables) -> _Parts:
    a, m1, c, m2, detail = _zero_cell_correction(t, (t.x1 == 0) | (t.x2 == 0), "katz")
    return _log_wald_rr(t, a, m1, c, m2, detail)


_ADJUSTED_DETAIL = ("zero cell: the interval is centred on the adjusted table's ratio "
                    "(extra['adjusted_estimate']); the sample ratio can lie outside it")


def _rr_adjusted_log(t: _Tables) -> _Parts:
    # Fagerland et al. (2015): 0.5 added to the events and to the arm size, always. The
    # estimate is the sample ratio, as published; the interval belongs to the adjusted
    # table's ratio (extra["adjusted_estimate"]), and with a zero cell the sample ratio (0
    # or inf) lies outside it, which method_detail says.
    parts = _log_wald_rr(t, t.x1 + 0.5, t.n1 + 0.5, t.x2 + 0.5, t.n2 + 0.5, "")
    zero = (t.x1 == 0) | (t.x2 == 0)
    detail = np.where(zero, _ADJUSTED_DETAIL, "")
    return parts._replace(estimate=_ratio(t.p1, t.p2), detail=detail,
                          extra={"adjusted_estimate": parts.estimate})


_RR_METHODS: dict[str, Callable[[_Tables], _Parts]] = {
    "koopman": _rr_koopman,
    "katz": _rr_katz,
    "miettinen_nurminen": _rr_miettinen_nurminen,
    "adjusted_log": _rr_adjusted_log,
}
RISK_RATIO_METHODS = tuple(_RR_METHODS)


def risk_ratio(
    x1: Any,
    n1: Any,
    x2: Any,
    n2: Any,
    *,
    method: str = "koopman",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> Estimate:
    """Risk ratio p1 / p2 (x1/n1 over x2/n2) with a confidence interval.

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like of int
        Events and size of the treatment arm (1) and the comparator arm (2); ``n >= 1``.
    method : str
        ``"koopman"`` (default; asymptotic score interval, p-value of the Pearson chi-square
        test), ``"katz"`` (Wald on the log scale; 0.5 added to every cell where x1 = 0 or
        x2 = 0, named in ``method``, with a :class:`~trialstats.ZeroCellCorrectionWarning`),
        ``"miettinen_nurminen"`` (score interval with the N/(N - 1) variance factor) or
        ``"adjusted_log"`` (Katz on x + 0.5 events of n + 0.5, always).
    confidence_level : float
        Two-sided level, in (0, 1).

    Returns
    -------
    Estimate
        ``measure="risk ratio"``; estimate ``(x1/n1) / (x2/n2)``: ``inf`` when x2 = 0 < x1,
        NaN (undefined) when x1 = x2 = 0. The upper limit is ``inf`` when x2 = 0 and the
        lower limit 0 when x1 = 0 (score methods).

    See Also
    --------
    risk_difference
    odds_ratio

    Notes
    -----
    RR = p̂1/p̂2. Katz: exp(log RR ± z √(1/a − 1/n1 + 1/c − 1/n2)); Koopman: the φ where the
    score statistic (p̂1 − φ p̂2)/√V(φ) equals ±z, V from the maximum-likelihood p̃ restricted to
    p̃1 = φ p̃2 (its p-value is Pearson's χ²); Miettinen–Nurminen: the same with V·N/(N − 1).
    One-sided: the whole α in one tail, the other limit 0 or ∞. R: ``PropCIs::riskscoreci``
    (Koopman), ``ratesci::scoreci(contrast = "RR")``, ``epitools::riskratio.wald``.

    References
    ----------
    Katz D, Baptista J, Azen SP, Pike MC (1978). Obtaining confidence intervals for the
    risk ratio in cohort studies. Biometrics 34:469-474.
    doi:10.2307/2530610
    Koopman PAR (1984). Confidence intervals for the ratio of two binomial proportions.
    Biometrics 40:513-517.
    doi:10.2307/2531405
    Miettinen O, Nurminen M (1985). Comparative analysis of two rates. Stat Med 4:213-226.
    doi:10.1002/sim.4780040211
    Fagerland MW, Lydersen S, Laake P (2015). Recommended confidence intervals for two
    independent binomial proportions. Stat Methods Med Res 24:224-254 (adjusted log,
    worked examples).

    Examples
    --------
    >>> print(risk_ratio(7, 34, 1, 34))
    risk ratio 7.000 (95% CI 1.221 to 42.576; koopman), p = 0.024
    """
    func = choose("method", method, _RR_METHODS)
    t = _Tables(x1, n1, x2, n2, confidence_level, alternative)
    return t.result("risk ratio", method, func(t), (0.0, np.inf))


# --------------------------------------------------------------------------- odds ratio


def _or_restricted(n_a: np.ndarray, n_b: np.ndarray, m: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Probability in arm b of the MLE under odds ratio (a vs b) = theta, with m events in all.

    The positive root of n_b (theta - 1) p^2 + (n_a theta + n_b - m (theta - 1)) p - m = 0
    (Miettinen & Nurminen 1985). Where b >= 0 it is written as 2m / (b + sqrt(b^2 + 4am)),
    which keeps full relative precision at theta = 1; b < 0 happens only for theta > 1 (then
    a > 0) and large m, where b + sqrt(...) cancels, and there the textbook
    (sqrt(...) - b) / (2a) has no cancellation. (Using one form everywhere lost every digit
    at extreme theta, e.g. 18/30 vs 7/7 at theta = e^25.)
    """
    a = n_b * (theta - 1)
    b = n_a * theta + n_b - m * (theta - 1)
    disc = np.sqrt(np.maximum(b * b + 4 * a * m, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(b >= 0, 2 * m / (b + disc), (disc - b) / (2 * a))
        return np.clip(np.where(m == 0, 0.0, root), 0.0, 1.0)


def _or_score(t: _Tables, log_theta: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Miettinen-Nurminen score statistic for the odds ratio theta (restricted MLE in closed form)."""
    theta = np.exp(log_theta)
    inv_theta = np.exp(-log_theta)
    m = t.x1 + t.x2
    nonevents = t.n1 + t.n2 - m
    # each probability and its complement from its own stable root (1 - p cancels near p = 1);
    # non-events have the odds ratio 1 / theta
    pt2 = _or_restricted(t.n1, t.n2, m, theta)
    pt1 = _or_restricted(t.n2, t.n1, m, inv_theta)
    qt2 = _or_restricted(t.n1, t.n2, nonevents, inv_theta)
    qt1 = _or_restricted(t.n2, t.n1, nonevents, theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1 / (t.n1 * pt1 * qt1) + 1 / (t.n2 * pt2 * qt2)
        num = t.x1 - t.n1 * pt1
        # where the restricted fit puts a probability at 0 or 1 the variance term is infinite
        # and num is rounding noise; read it as 0 rather than as a signed infinity
        num = np.where(np.abs(num) <= 1e-9 * t.n1, 0.0, num)
        out = num * np.sqrt(inv / factor)
        return np.where(num == 0, 0.0, np.where(np.isnan(out), np.sign(num) * np.inf, out))


def _nchg_logweights(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Support (padded) and log-weights of Fisher's noncentral hypergeometric law of x1.

    Rows are tables (1-d inputs); columns are the possible x1 given the margins, padded with
    -inf weights so that every table of the block is handled by the same array operations.
    """
    m = x1 + x2
    lo = np.maximum(0.0, m - n2)
    hi = np.minimum(m, n1)
    width = int((hi - lo).max()) + 1
    k = lo[:, None] + np.arange(width)[None, :]
    valid = k <= hi[:, None]
    k = np.where(valid, k, lo[:, None])
    a = n1[:, None]
    b = n2[:, None]
    mm = m[:, None]
    logc = (
        special.gammaln(a + 1) - special.gammaln(k + 1) - special.gammaln(a - k + 1)
        + special.gammaln(b + 1) - special.gammaln(mm - k + 1) - special.gammaln(b - mm + k + 1)
    )
    return k, np.where(valid, logc, -np.inf), lo, hi


def _nchg_probs(k: np.ndarray, logc: np.ndarray, log_theta: np.ndarray) -> np.ndarray:
    lw = logc + k * log_theta[:, None]
    lw = lw - lw.max(axis=1, keepdims=True)
    w = np.exp(lw)
    return w / w.sum(axis=1, keepdims=True)


# padded support cells handled at once by the conditional odds-ratio methods (memory bound)
_CONDITIONAL_BLOCK = 2_000_000
# largest support (possible values of x1 given the margins) of one table accepted by the
# conditional methods (exact, midp, baptista_pike) and by Fisher's test: each needs a few
# arrays of that length per bisection step, i.e. a few hundred MB at this size
CONDITIONAL_MAX_SUPPORT = 2_000_000


def check_support(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, what: str) -> None:
    """Refuse tables whose conditional support exceeds CONDITIONAL_MAX_SUPPORT, naming the counts."""
    m = x1 + x2
    width = np.minimum(m, n1) - np.maximum(0.0, m - n2) + 1
    big = width > CONDITIONAL_MAX_SUPPORT
    if big.any():
        i = int(np.flatnonzero(big.reshape(-1))[0])
        a, b, c, d = (v.reshape(-1)[i] for v in (x1, n1, x2, n2))
        raise ValueError(
            f"{what} sums over the {width.reshape(-1)[i]:,.0f} tables with the margins of x1={a:g}, "
            f"n1={b:g}, x2={c:g}, n2={d:g}; it is limited to {CONDITIONAL_MAX_SUPPORT:,} (use a "
            "score or Wald method, or the chi-square test, for trials this large)"
        )


def _or_conditional(
    t: _Tables, kind: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    # returns (estimate, low, high, pvalue); see _or_conditional_block
    """Exact conditional (Cornfield), mid-p and Baptista-Pike intervals; conditional MLE.

    Returns (estimate, low, high, pvalue). The estimate is the conditional MLE for ``"exact"`` and the
    sample odds ratio otherwise. At the ends of the support they follow R's fisher.test: x1 at
    its lowest possible value gives estimate 0 and lower limit 0, at its highest estimate inf
    and upper limit inf. Tables are sorted by support size and solved in blocks, so that one
    large table does not pad every small one and memory stays bounded. The p-value is that
    of Fisher's exact test, two-sided by summing the outcomes no more likely than the observed
    one (as R's fisher.test, and the test the Baptista-Pike interval inverts), and for
    ``"midp"`` its mid-p version (half the probability of every outcome as probable as the
    observed one removed; Fagerland, Lydersen & Laake 2017, section 4.4). One-sided
    (``t.alternative``): the limits leave ``t.tail`` = alpha in their tail, Baptista-Pike
    becomes the one-sided Cornfield limit (the minimum-likelihood ordering is two-sided), and
    the p-value is the hypergeometric tail P(X >= x1) ("greater") or P(X <= x1) ("less"),
    with the observed outcome counted half for mid-p.
    """
    shape = t.x1.shape
    x1, n1, x2, n2 = (a.reshape(-1) for a in (t.x1, t.n1, t.x2, t.n2))
    check_support(x1, n1, x2, n2, f"odds_ratio method {kind!r}")
    width = np.minimum(x1 + x2, n1) - np.maximum(0.0, x1 + x2 - n2) + 1
    order = np.argsort(width, kind="stable")
    est = np.empty(x1.size)
    low = np.empty(x1.size)
    high = np.empty(x1.size)
    pvalue = np.empty(x1.size)
    start = 0
    while start < order.size:
        # the block grows while (tables x widest support) stays within the budget
        stop = start + 1
        while stop < order.size and (stop + 1 - start) * width[order[stop]] <= _CONDITIONAL_BLOCK:
            stop += 1
        idx = order[start:stop]
        est[idx], low[idx], high[idx], pvalue[idx] = _or_conditional_block(
            x1[idx], n1[idx], x2[idx], n2[idx], t.alpha, kind, t.alternative
        )
        start = stop
    return est.reshape(shape), low.reshape(shape), high.reshape(shape), pvalue.reshape(shape)


def _or_conditional_block(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alpha: float, kind: str,
    alternative: str = "two-sided",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    k, logc, lo, hi = _nchg_logweights(x1, n1, x2, n2)
    one_sided = alternative != "two-sided"
    tail_level = alpha if one_sided else alpha / 2
    if one_sided and kind.startswith("baptista_pike"):
        kind = "exact_limits"
    at = k == x1[:, None]
    below = k < x1[:, None]
    above = k > x1[:, None]
    half = 0.5 if kind == "midp" else 1.0
    lo_b = np.full(x1.size, -_LOG_BRACKET)
    hi_b = np.full(x1.size, _LOG_BRACKET)
    est = _ratio(x1 * (n2 - x2), (n1 - x1) * x2)

    def minlike(log_theta: np.ndarray, mid: bool) -> np.ndarray:
        # two-sided "minimum likelihood" p-value: the probability of the outcomes no more
        # likely than the observed one (ties within FISHER_REL_TOL, as R's fisher.test);
        # the mid-p version counts every outcome as probable as the observed one half
        p = _nchg_probs(k, logc, log_theta)
        pobs = (p * at).sum(axis=1)
        as_extreme = p <= pobs[:, None] * (1 + FISHER_REL_TOL)
        tied = as_extreme & (p >= pobs[:, None] * (1 - FISHER_REL_TOL))
        tail = (p * as_extreme).sum(axis=1)
        if mid:
            tail = tail - 0.5 * (p * tied).sum(axis=1)
        return np.minimum(tail, 1.0)

    mid_p = kind in ("midp", "baptista_pike_midp")
    if one_sided:
        p0 = _nchg_probs(k, logc, np.zeros(x1.size))
        beyond = above if alternative == "greater" else below
        pvalue = np.minimum((p0 * beyond).sum(axis=1) + (0.5 if mid_p else 1.0) * (p0 * at).sum(axis=1), 1.0)
    else:
        pvalue = minlike(np.zeros(x1.size), mid_p)

    if kind in ("baptista_pike", "baptista_pike_midp"):
        # the limits are where the minimum-likelihood p-value falls to alpha below and above
        # the estimate (Baptista & Pike 1977; Fagerland, Lydersen & Laake 2017, section 4.8);
        # the private mid-p variant is used to check against Fagerland et al.'s published values
        def pval(log_theta: np.ndarray) -> np.ndarray:
            return minlike(log_theta, kind == "baptista_pike_midp")

        with np.errstate(divide="ignore"):
            log_est = np.log(est)
        finite = np.isfinite(log_est)
        centre = np.where(finite, np.clip(log_est, -_LOG_BRACKET, _LOG_BRACKET), 0.0)
        low_right = np.where(finite, centre, hi_b)
        high_left = np.where(finite, centre, lo_b)
        log_low = bisect_decreasing(lambda s: -pval(s), lo_b, low_right, -alpha, iterations=_ITER)
        log_high = bisect_decreasing(pval, high_left, hi_b, alpha, iterations=_ITER)
    else:
        def upper_tail(log_theta: np.ndarray) -> np.ndarray:
            p = _nchg_probs(k, logc, log_theta)
            return (p * above).sum(axis=1) + half * (p * at).sum(axis=1)

        def lower_tail(log_theta: np.ndarray) -> np.ndarray:
            p = _nchg_probs(k, logc, log_theta)
            return (p * below).sum(axis=1) + half * (p * at).sum(axis=1)

        # lower limit: P(X >= x) = alpha/2 (increasing in theta); upper: P(X <= x) = alpha/2
        log_low = bisect_decreasing(lambda s: -upper_tail(s), lo_b, hi_b, -tail_level, iterations=_ITER)
        log_high = bisect_decreasing(lower_tail, lo_b, hi_b, tail_level, iterations=_ITER)

    at_lo = x1 == lo
    at_hi = x1 == hi
    low = np.where(at_lo | (log_low <= -_LOG_BRACKET + 1e-9), 0.0, np.exp(log_low))
    high = np.where(at_hi | (log_high >= _LOG_BRACKET - 1e-9), np.inf, np.exp(log_high))
    if kind == "exact":
        # conditional MLE: E_theta[X] = x, E increasing in theta
        def mean(log_theta: np.ndarray) -> np.ndarray:
            return -(_nchg_probs(k, logc, log_theta) * k).sum(axis=1)

        log_mle = bisect_decreasing(mean, lo_b, hi_b, -x1, iterations=_ITER)
        est = np.where(at_lo, 0.0, np.where(at_hi, np.inf, np.exp(log_mle)))
    return est, low, high, pvalue


def _sample_or(t: _Tables) -> np.ndarray:
    return _ratio(t.x1 * (t.n2 - t.x2), (t.n1 - t.x1) * t.x2)


def _or_miettinen_nurminen(t: _Tables) -> _Parts:
    n = t.n1 + t.n2
    factor = n / (n - 1)
    est = _sample_or(t)
    with np.errstate(divide="ignore"):
        log_est = np.log(est)

    def stat(log_theta: np.ndarray) -> np.ndarray:
        return _or_score(t, log_theta, factor)

    low, high = _bisect_log_ratio(
        stat, log_est, t.z, (t.x1 == 0) | (t.x2 == t.n2), (t.x2 == 0) | (t.x1 == t.n1)
    )
    return _Parts(est, low, high, t.pvalue_from_z(stat(np.zeros_like(est))), "miettinen_nurminen_score")


def _or_exact(t: _Tables) -> _Parts:
    est, low, high, p = _or_conditional(t, "exact")
    return _Parts(est, low, high, p, "fisher", "conditional maximum likelihood estimate")


def _or_midp(t: _Tables) -> _Parts:
    _, low, high, p = _or_conditional(t, "midp")
    return _Parts(_sample_or(t), low, high, p, "fisher_midp")


def _or_baptista_pike(t: _Tables) -> _Parts:
    _, low, high, p = _or_conditional(t, "baptista_pike")
    detail = "" if t.alternative == "two-sided" else "one-sided: the Cornfield exact limit"
    return _Parts(_sample_or(t), low, high, p, "fisher", detail)


def _log_wald_or(t: _Tables, a: np.ndarray, m1: np.ndarray, c: np.ndarray, m2: np.ndarray,
                 detail: Any) -> _Parts:
    se = np.sqrt(1 / a + 1 / (m1 - a) + 1 / c + 1 / (m2 - c))
    centre = np.log(a) - np.log(m1 - a) - np.log(c) + np.log(m2 - c)
    return _Parts(_ratio(a * (m2 - c), (m1 - a) * c), np.exp(centre - t.z * se),
                  np.exp(centre + t.z * se), detail=detail)


def _or_woolf(t: _Tables) -> _Parts:
    zero = (t.x1 == 0) | (t.x2 == 0) | (t.x1 == t.n1) | (t.x2 == t.n2)
    a, m1, c, m2, detail = _zero_cell_correction(t, zero, "woolf")
    return _log_wald_or(t, a, m1, c, m2, detail)


def _or_adjusted_logit(t: _Tables) -> _Parts:
    # Gart: 0.5 added to every cell, always; as for adjusted_log, the interval belongs to
    # the adjusted table's odds ratio, which can differ from the (published) sample one
    parts = _log_wald_or(t, t.x1 + 0.5, t.n1 + 1, t.x2 + 0.5, t.n2 + 1, "")
    zero = (t.x1 == 0) | (t.x2 == 0) | (t.x1 == t.n1) | (t.x2 == t.n2)
    detail = np.where(zero, _ADJUSTED_DETAIL, "")
    return parts._replace(estimate=_sample_or(t), detail=detail,
                          extra={"adjusted_estimate": parts.estimate})


_OR_METHODS: dict[str, Callable[[_Tables], _Parts]] = {
    "baptista_pike": _or_baptista_pike,
    "woolf": _or_woolf,
    "exact": _or_exact,
    "midp": _or_midp,
    "miettinen_nurminen": _or_miettinen_nurminen,
    "adjusted_logit": _or_adjusted_logit,
}
ODDS_RATIO_METHODS = tuple(_OR_METHODS)


def odds_ratio(
    x1: Any,
    n1: Any,
    x2: Any,
    n2: Any,
    *,
    method: str = "baptista_pike",
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> Estimate:
    """Odds ratio of the treatment arm (x1 of n1) to the comparator (x2 of n2) with an interval.

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like of int
        Events and size of the treatment arm (1) and the comparator arm (2); ``n >= 1``.
    method : str
        ``"baptista_pike"`` (default; exact conditional interval inverting the two-sided
        minimum-likelihood test, i.e. Fisher's exact test, whose p-value it reports),
        ``"exact"`` (conditional MLE with the Cornfield exact interval and Fisher's p-value,
        as R's ``fisher.test``; this central interval can contain 1 while p < 0.05),
        ``"midp"`` (Cornfield mid-p interval, Fisher mid-p test),
        ``"miettinen_nurminen"`` (score interval, p-value of its score test),
        ``"woolf"`` (Wald on the log scale; 0.5 added to every cell of a table with a zero
        cell, named in ``method``, with a :class:`~trialstats.ZeroCellCorrectionWarning`) or
        ``"adjusted_logit"`` (Gart: 0.5 added to every cell, always).
    confidence_level : float
        Two-sided level, in (0, 1).

    Returns
    -------
    Estimate
        ``measure="odds ratio"``. The estimate is the sample odds ratio
        ``x1 (n2 - x2) / ((n1 - x1) x2)`` (``inf`` when only the denominator is 0, NaN when
        the table has no events or no non-events in both arms), except for ``"exact"``
        (conditional MLE, as fisher.test) and a corrected ``"woolf"`` table.

    See Also
    --------
    risk_difference
    risk_ratio
    trialstats.two_proportion_test

    Notes
    -----
    Sample OR = x1(n2 − x2) / ((n1 − x1) x2). Woolf: exp(log OR ± z √(1/a + 1/b + 1/c + 1/d));
    exact (Cornfield): the θ where P_θ(X ≥ x1) and P_θ(X ≤ x1) equal the tail under Fisher's
    noncentral hypergeometric law; Baptista–Pike: where the minimum-likelihood p-value equals α;
    mid-p: the tails with P(X = x1) halved, and the mid-P p-value subtracts half the probability of
    every table as probable as the observed one (Fagerland et al. 2017 §4.4). One-sided: the
    whole α in one tail. R: ``fisher.test(m, alternative = ...)``, ``exact2x2::exact2x2(m,
    tsmethod = "minlike")``, ``epitools::oddsratio.midp``, ``epitools::oddsratio.wald``.

    References
    ----------
    Woolf B (1955). On estimating the relation between blood group and disease. Ann Hum
    Genet 19:251-253.
    doi:10.1111/j.1469-1809.1955.tb01348.x
    Gart JJ (1966). Alternative analyses of contingency tables. J R Stat
    Soc B 28:164-179.
    doi:10.1111/j.2517-6161.1966.tb00630.x
    Cornfield J (1956). A statistical problem arising from retrospective
    studies. Proc Third Berkeley Symp 4:135-148. Baptista J, Pike MC (1977). Exact two-sided
    confidence limits for the odds ratio in a 2x2 table. J R Stat Soc C 26:214-220.
    doi:10.2307/2346959
    Miettinen O, Nurminen M (1985). Comparative analysis of two rates. Stat Med 4:213-226.
    doi:10.1002/sim.4780040211
    Fagerland MW, Lydersen S, Laake P (2017). Statistical Analysis of Contingency Tables.
    Chapman & Hall/CRC, chapter 4.

    Examples
    --------
    >>> print(odds_ratio(1, 8, 5, 12))
    odds ratio 0.200 (95% CI 0.008 to 2.207; baptista_pike), p = 0.32
    >>> odds_ratio(6, 18, 12, 17, method="exact").estimate  # doctest: +ELLIPSIS
    0.2189...
    """
    func = choose("method", method, _OR_METHODS)
    t = _Tables(x1, n1, x2, n2, confidence_level, alternative)
    return t.result("odds ratio", method, func(t), (0.0, np.inf))
