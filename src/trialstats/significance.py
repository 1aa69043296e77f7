"""Tests of two independent proportions, and the fragility index of their result.

``two_proportion_test`` compares x1 of n1 with x2 of n2 by Fisher's exact test (two-sided,
as R's ``fisher.test``), Barnard's or Boschloo's exact unconditional test, Pearson's
chi-square test with or without Yates' correction, or the score (z) test. Fisher's test is
computed for all tables at once with numpy; scipy's ``fisher_exact`` takes one table per
call, which is too slow for the fragility index and for batches of published tables.

``fragility_index`` counts how many patients' outcomes would have to change for a
significant result to stop being significant (Walsh et al. 2014), or, for a result that is
not significant, how many would have to change for it to become significant (the reverse
fragility index).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ._scipy_stats import stats
from ._unconditional import MAX_TABLES as _UNCONDITIONAL_MAX_TABLES
from ._validate import (
    Alternative,
    UndefinedStatisticWarning,
    as_count_array,
    broadcast_arrays,
    check_alternative,
    check_at_most,
    check_real,
    choose,
    extract_index,
    is_scalar_input,
)
from .results import Significance, build_significance
from .two_proportions import FISHER_REL_TOL, check_support

if TYPE_CHECKING:  # pandas is imported only when a Series comes in
    import pandas as pd

__all__ = ["TESTS", "fragility_index", "two_proportion_test"]

# R's fisher.test counts a table as "as extreme" when its probability is within a relative
# 1e-7 of the observed one (``relErr <- 1 + 10^(-7)``). The tolerance matters for tables
# whose probabilities tie in exact arithmetic (e.g. mirror-image tables when n1 == n2) but
# differ in the last bits in floating point.
_FISHER_REL_TOL = FISHER_REL_TOL
_LOG_REL_TOL = float(np.log1p(_FISHER_REL_TOL))
# Elements (tables x support points) evaluated per chunk: bounds the working memory to a
# few tens of MB whatever the number and size of the tables.
_CHUNK_ELEMENTS = 1 << 21
# A table of log-factorials is faster than calling gammaln on every element; above this
# total it would cost more memory than it saves.
_MAX_LOGFACT_TABLE = 10_000_000


def _check_counts(x1: Any, n1: Any, x2: Any, n2: Any) -> tuple[np.ndarray, ...]:
    a1 = as_count_array("x1", x1)
    m1 = as_count_array("n1", n1)
    a2 = as_count_array("x2", x2)
    m2 = as_count_array("n2", n2)
    a1, m1, a2, m2 = broadcast_arrays(x1=a1, n1=m1, x2=a2, n2=m2)
    check_at_most("x1", a1, "n1", m1)
    check_at_most("x2", a2, "n2", m2)
    return a1, m1, a2, m2


def _log_factorial_function(max_n: float):  # type: ignore[no-untyped-def]
    """Return f(k) = log(k!) for integer-valued float arrays with k <= max_n."""
    if max_n <= _MAX_LOGFACT_TABLE:
        table = special.gammaln(np.arange(int(max_n) + 2, dtype=float) + 1.0)

        def lf(k: np.ndarray) -> np.ndarray:
            return table[k.astype(np.int64)]

        return lf
    return lambda k: special.gammaln(k + 1.0)


def fisher_pvalues(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-sided Fisher exact p-values for many 2x2 tables at once (validated float arrays).

    With the margins fixed, x1 follows the hypergeometric distribution on the support
    ``max(0, m - n2) .. min(m, n1)`` (m = x1 + x2). The p-value is the total probability of
    the tables no more probable than the observed one, with R's relative tolerance 1e-7.
    Tables are sorted by support length and processed in chunks, the support of each
    chunk laid out as a padded matrix, so that the work is a few numpy operations per chunk.
    """
    x1, n1, x2, n2 = (np.asarray(v, dtype=float).ravel() for v in (x1, n1, x2, n2))
    m = x1 + x2
    lo = np.maximum(0.0, m - n2)
    hi = np.minimum(m, n1)
    length = (hi - lo + 1).astype(np.int64)
    out = np.ones(x1.shape, dtype=float)
    if x1.size == 0:
        return out
    lf = _log_factorial_function(float(np.max(n1 + n2)))
    # log C(n1, k) + log C(n2, m - k); the constant log C(N, m) cancels in the normalisation.
    const = lf(n1) + lf(n2)
    order = np.argsort(length, kind="stable")
    sorted_len = length[order]
    total = order.size
    start = 0
    while start < total:
        # the chunk's widest support is at its end (lengths are sorted)
        guess = min(total, start + max(1, _CHUNK_ELEMENTS // int(sorted_len[start])))
        width = int(sorted_len[guess - 1])
        stop = min(total, start + max(1, _CHUNK_ELEMENTS // width))
        width = int(sorted_len[stop - 1])
        idx = order[start:stop]
        start = stop
        if width == 1:  # degenerate support: the observed table is the only one, p = 1
            continue
        j = np.arange(width, dtype=float)
        k = lo[idx, None] + j[None, :]
        valid = j[None, :] < length[idx, None]
        k = np.where(valid, k, lo[idx, None])  # keep padded cells inside the support
        n1c, n2c, mc = n1[idx, None], n2[idx, None], m[idx, None]
        logd = const[idx, None] - lf(k) - lf(n1c - k) - lf(mc - k) - lf(n2c - mc + k)
        x = x1[idx]
        obs = const[idx] - lf(x) - lf(n1[idx] - x) - lf(m[idx] - x) - lf(n2[idx] - m[idx] + x)
        logd = np.where(valid, logd, -np.inf)
        top = np.max(logd, axis=1, keepdims=True)
        w = np.exp(logd - top)
        extreme = logd <= (obs[:, None] + _LOG_REL_TOL)
        p = np.sum(np.where(extreme, w, 0.0), axis=1) / np.sum(w, axis=1)
        out[idx] = np.minimum(p, 1.0)
    return out


def fisher_one_sided(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alternative: str
) -> np.ndarray:
    """One-sided Fisher p-values, P(X1 >= x1) ("greater") or P(X1 <= x1) ("less"), margins fixed.

    As R's ``fisher.test(alternative = ...)``: the hypergeometric tail, from scipy's
    vectorized survival/distribution functions.
    """
    m = x1 + x2
    total = n1 + n2
    if alternative == "greater":
        p = stats.hypergeom.sf(x1 - 1, total, n1, m)
    else:
        p = stats.hypergeom.cdf(x1, total, n1, m)
    return np.clip(np.where(total == 0, 1.0, p), 0.0, 1.0)


def _chi2_parts(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, *, yates: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Pearson's X^2 (optionally with Yates' correction, as R's chisq.test) and its undefined mask.

    For a 2x2 table every cell has the same |O - E| = |ad - bc| / N, and
    sum(1/E) = N^3 / (r1 r2 c1 c2), so X^2 = D^2 N^3 / (r1 r2 c1 c2) with D = |O - E|,
    reduced by min(0.5, D) under Yates' correction (R and scipy cap the correction so that
    it never over-corrects a table already at its expectation).
    """
    big_n = n1 + n2
    m = x1 + x2
    denom = n1 * n2 * m * (big_n - m)
    undefined = denom == 0
    safe_n = np.where(big_n == 0, 1.0, big_n)
    d = np.abs(x1 * (n2 - x2) - x2 * (n1 - x1)) / safe_n
    if yates:
        d = d - np.minimum(0.5, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = d**2 * safe_n**3 / np.where(undefined, 1.0, denom)
    stat = np.where(undefined, np.nan, stat)
    return stat, undefined


def _exact_unconditional(
    kind: str,
    x1: np.ndarray,
    n1: np.ndarray,
    x2: np.ndarray,
    n2: np.ndarray,
    alternative: str = "two-sided",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Barnard's or Boschloo's test for all tables at once (see ``_unconditional``).

    The supremum over the nuisance parameter is found on a fine grid refined locally, and
    statistics tying the observed one within a relative 1e-7 count as extreme. A table with
    an empty arm has no unconditional test and is reported as undefined.
    """
    from ._unconditional import unconditional_pvalues

    return unconditional_pvalues(kind, x1, n1, x2, n2, alternative)


# what each test function returns: (statistic, pvalue, df or None, undefined mask, why undefined)
_TestArrays = tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray, str]
_EMPTY_MARGIN = (
    "an empty margin (no events, no non-events, or an empty arm) makes the expected counts zero"
)
# Barnard's and Boschloo's tests enumerate every (x1, x2) outcome of the two arms at each
# point of the nuisance grid; beyond this many outcomes (500 per arm) memory and time run out
# (a table of 10^7 per arm would need hundreds of TiB). One limit, the kernel's own.
EXACT_UNCONDITIONAL_MAX_OUTCOMES = _UNCONDITIONAL_MAX_TABLES


def _fisher(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alternative: str) -> _TestArrays:
    check_support(x1, n1, x2, n2, "Fisher's exact test")
    if alternative == "two-sided":
        p = fisher_pvalues(x1, n1, x2, n2)
    else:
        p = fisher_one_sided(x1, n1, x2, n2, alternative)
    return np.full(p.shape, np.nan), p, None, np.zeros(p.shape, bool), ""


def _unconditional(kind: str) -> Callable[..., _TestArrays]:
    def run(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alternative: str) -> _TestArrays:
        outcomes = (n1 + 1) * (n2 + 1)
        big = outcomes > EXACT_UNCONDITIONAL_MAX_OUTCOMES
        if big.any():
            i = int(np.flatnonzero(big)[0])
            raise ValueError(
                f"n1, n2 too large for the {kind} test: it enumerates every (n1 + 1)(n2 + 1) "
                f"outcome, at most {EXACT_UNCONDITIONAL_MAX_OUTCOMES:,} (e.g. 500 per arm); got "
                f"n1={n1[i]:g}, n2={n2[i]:g} (use test='fisher' or 'chi2' for trials this large)"
            )
        stat, p, undefined = _exact_unconditional(kind, x1, n1, x2, n2, alternative)
        return stat, p, None, undefined, "an arm has no patients (n1 or n2 is 0)"

    return run


def _chi2_test(yates: bool) -> Callable[..., _TestArrays]:
    def run(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alternative: str) -> _TestArrays:
        stat, undefined = _chi2_parts(x1, n1, x2, n2, yates=yates)
        safe = np.where(undefined, 0.0, stat)
        if alternative == "two-sided":
            p = stats.chi2.sf(safe, 1)
        else:
            # as R's prop.test: the signed root of the statistic, referred to the normal
            sign = np.sign(x1 * n2 - x2 * n1)
            z = sign * np.sqrt(safe)
            p = stats.norm.sf(z) if alternative == "greater" else stats.norm.cdf(z)
        return stat, np.where(undefined, np.nan, p), np.ones(stat.shape), undefined, _EMPTY_MARGIN

    return run


def _score(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alternative: str) -> _TestArrays:
    # the signed z whose square is the uncorrected chi-square statistic
    big_n = n1 + n2
    m = x1 + x2
    undefined = (n1 == 0) | (n2 == 0) | (m == 0) | (m == big_n)
    with np.errstate(divide="ignore", invalid="ignore"):
        pbar = m / big_n
        se = np.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / se
    z = np.where(undefined, np.nan, z)
    safe = np.where(undefined, 0.0, z)
    if alternative == "two-sided":
        p = 2 * stats.norm.sf(np.abs(safe))
    else:
        p = stats.norm.sf(safe) if alternative == "greater" else stats.norm.cdf(safe)
    return z, np.where(undefined, np.nan, p), None, undefined, _EMPTY_MARGIN


# one {name: function(x1, n1, x2, n2, alternative)} for the choice of test; the keys are the
# public list
_TESTS: dict[str, Callable[..., _TestArrays]] = {
    "fisher": _fisher,
    "barnard": _unconditional("barnard"),
    "boschloo": _unconditional("boschloo"),
    "chi2": _chi2_test(yates=False),
    "chi2_yates": _chi2_test(yates=True),
    "score": _score,
}
TESTS = tuple(_TESTS)
# the names of TESTS as a type, for signatures and type checkers (a test keeps them equal)
TestName = Literal["fisher", "barnard", "boschloo", "chi2", "chi2_yates", "score"]


def _test_arrays(
    test: str, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, alternative: str = "two-sided"
) -> _TestArrays:
    """(statistic, pvalue, df, undefined mask, why undefined) for validated 1-d arrays."""
    return choose("test", test, _TESTS)(x1, n1, x2, n2, alternative)


def two_proportion_test(
    x1: ArrayLike,
    n1: ArrayLike,
    x2: ArrayLike,
    n2: ArrayLike,
    *,
    test: TestName = "fisher",
    alternative: Alternative = "two-sided",
) -> Significance:
    """Test whether two independent proportions differ (x1 of n1 vs x2 of n2).

    Parameters
    ----------
    x1, n1 : int or array-like
        Events and patients in group 1 (treatment). Scalars, numpy arrays or pandas Series,
        broadcast together.
    x2, n2 : int or array-like
        Events and patients in group 2 (comparator).
    test : {"fisher", "barnard", "boschloo", "chi2", "chi2_yates", "score"}
        ``fisher``: Fisher's exact test, two-sided as R's ``fisher.test`` (the probability
        of all tables no more probable than the observed one, relative tolerance 1e-7),
        vectorized over tables. ``barnard`` (pooled Wald statistic) and ``boschloo``:
        exact unconditional tests, vectorized over tables and the nuisance parameter, the
        supremum found on a fine grid refined locally, ties within a relative 1e-7
        counted; two-sided Boschloo is twice the smaller one-sided p. Designs up to
        (n1 + 1)(n2 + 1) = 251,001 tables (500 per arm); larger raise ``ValueError``. ``chi2``: Pearson's
        chi-square without correction (statistic X², 1 df). ``chi2_yates``: with Yates'
        continuity correction, as R's ``chisq.test(correct=TRUE)``. ``score``: the z test
        with pooled variance; its statistic is the signed z (group 1 minus group 2) and its
        p-value equals that of ``chi2``.
    alternative : {"two-sided", "less", "greater"}
        ``"greater"``: H1 p1 > p2. Fisher's one-sided p is the hypergeometric tail
        P(X1 >= x1) (as ``fisher.test(alternative = "greater")``); the chi-square tests use
        the signed root of their statistic against the normal (as ``prop.test``), the score
        test its z; Barnard and Boschloo pass it to scipy.

    Returns
    -------
    Significance
        ``statistic`` (NaN for Fisher's test, which has none), ``pvalue``, ``df`` (1 for
        the chi-square tests, otherwise None), the inputs and any pandas index.

    Warns
    -----
    UndefinedStatisticWarning
        Where a test is undefined for a valid table: the chi-square and score tests when a
        margin is empty (no events at all, no non-events, or an empty arm), the exact
        unconditional tests when an arm is empty. Those p-values are NaN; the other tables
        of a batch are unaffected. Fisher's test is defined for every table (an empty
        margin leaves one possible table, p = 1, as in R).

    Raises
    ------
    ValueError
        Negative or non-whole counts, x > n, shapes that do not broadcast, unknown test or
        alternative; Barnard/Boschloo on more than ``EXACT_UNCONDITIONAL_MAX_OUTCOMES``
        outcomes (n1 + 1)(n2 + 1).

    See Also
    --------
    fragility_index : how many changed outcomes would flip the test's verdict.
    trialstats.odds_ratio : the exact conditional interval that goes with Fisher's test.
    trialstats.risk_difference : the score interval that goes with the score test.

    Notes
    -----
    Fisher: with the margins fixed, X1 is hypergeometric; the two-sided p sums the
    probabilities P(X1 = k) <= P(X1 = x1) (1 + 1e-7). Pearson: X² = N (ad − bc)² /
    (r1 r2 c1 c2) on 1 df; Yates replaces |ad − bc| by max(0, |ad − bc| − N/2).
    R: ``fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2))``, ``chisq.test(...,
    correct = FALSE)``, ``prop.test(c(x1, x2), c(n1, n2), alternative = "greater")``;
    ``exact2x2::boschloo`` and ``Exact::exact.test`` for the unconditional tests.

    References
    ----------
    .. [1] Fisher RA (1935). The logic of inductive inference. J R Stat Soc 98:39-82.
       doi:10.2307/2342435
    .. [2] Barnard GA (1945). A new test for 2x2 tables. Nature 156:177.
       doi:10.1038/156177a0
    .. [3] Boschloo RD (1970). Raised conditional level of significance for the 2x2-table
       when testing the equality of two probabilities. Stat Neerl 24:1-35.
       doi:10.1111/j.1467-9574.1970.tb00104.x
    .. [4] Yates F (1934). Contingency tables involving small numbers and the chi2 test.
       Suppl J R Stat Soc 1:217-235. doi:10.2307/2983604

    Examples
    --------
    The Feder 2021 ketamine vs midazolam trial, responders 10/15 vs 3/15:

    >>> r = two_proportion_test(10, 15, 3, 15)
    >>> round(r.pvalue, 5)
    0.02533
    >>> round(two_proportion_test(10, 15, 3, 15, test="chi2").statistic, 4)
    6.6516
    """
    func = choose("test", test, _TESTS)
    side = check_alternative(alternative)
    scalar = is_scalar_input(x1, n1, x2, n2)
    index = extract_index(x1, n1, x2, n2)
    a1, m1, a2, m2 = _check_counts(x1, n1, x2, n2)
    shape = a1.shape
    stat, p, df, undefined, why = func(a1.ravel(), m1.ravel(), a2.ravel(), m2.ravel(), side)
    if undefined.any():
        where = "" if scalar else f" (at {int(undefined.sum())} of {undefined.size} tables)"
        warnings.warn(
            f"{test} test undefined{where}: {why}; p-value set to NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
    return build_significance(
        test, stat.reshape(shape), p.reshape(shape),
        df=None if df is None else df.reshape(shape), alternative=side, scalar=scalar,
        inputs={"x1": x1, "n1": n1, "x2": x2, "n2": n2, "test": test}, index=index,
    )


def _pvalues_quiet(test: str, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    return _test_arrays(test, x1, n1, x2, n2)[1]


# the first changes are tried one at a time (Walsh's definition); beyond them the crossing is
# found by bisection, so the time is bounded by about _LINEAR_STEPS + 2 log2(n) test passes
_LINEAR_STEPS = 32
# largest total sample size accepted by fragility_index (each pass runs the test on every
# table; Fisher's test of 10^6 patients takes a fraction of a second)
FRAGILITY_MAX_N = 1_000_000


def fragility_index(
    x1: ArrayLike, n1: ArrayLike, x2: ArrayLike, n2: ArrayLike, *, test: str = "fisher", alpha: float = 0.05
) -> int | np.ndarray | pd.Series | None:
    """Fragility index (Walsh et al. 2014), or minus the reverse fragility index.

    For a significant result (p < ``alpha``): in the arm with fewer events, patients
    without the event are turned into patients with it, one at a time (keeping the arm's
    size), and the test is recomputed until p >= ``alpha``; the number of changes is the
    fragility index, a positive integer.

    For a result that is not significant (p >= ``alpha``, or p undefined): the reverse
    fragility index, the number of changes that makes it significant, returned with a
    **negative sign** so that the two cannot be confused. The changes widen the gap: in
    the arm with fewer events, events are turned into non-events (as the published
    reverse-index studies do); should that arm run out of events first, the count
    continues by turning non-events into events in the other arm.

    Sign convention: ``k > 0`` means "significant, and k changed outcomes would undo it";
    ``-k`` means "not significant, and k changed outcomes would make it significant".

    Parameters
    ----------
    x1, n1, x2, n2 : int or array-like
        Events and patients per arm, as in :func:`two_proportion_test`.
    test : str
        The test that decides significance; Walsh used ``"fisher"``.
    alpha : float
        Significance level, in (0, 1).

    Returns
    -------
    int or None, or ndarray of float
        For scalar input an ``int`` (or ``None`` where no sequence of such changes reaches
        the other side of ``alpha``, with an ``UndefinedStatisticWarning``); for array
        input a float array of whole numbers with NaN there.

    See Also
    --------
    two_proportion_test
    trialstats.compare_proportions

    Notes
    -----
    "The arm with fewer events" is Walsh's rule for equal arms. With unequal arms the arm
    with fewer events can have the higher proportion, and adding events to it would move
    the result away from the null, so the arm with the lower event proportion is used
    (ties: the one with fewer events, then the larger arm). For equal arms the two rules
    agree. A p-value equal to ``alpha`` (which exact tests can produce, e.g. exactly 0.05
    for 0/2 vs 19/23) counts as not significant, as Walsh's "until p >= 0.05"; values
    within a relative 1e-9 of ``alpha`` are taken as equal to it, so that rounding in the
    last bits cannot decide the index.

    Time is bounded: the first 32 changes are tried one at a time (Walsh's definition); beyond
    them the crossing is found by bisection on the stretch where the p-value moves one way
    (up to equal proportions for a significant result, to the last possible change for a
    reverse index), so about 32 + 2 log2(n) passes of the test are made whatever n; total
    sample sizes above ``FRAGILITY_MAX_N`` are refused.

    References
    ----------
    .. [1] Walsh M, Srinathan SK, McAuley DF, et al. (2014). The statistical significance of
       randomized controlled trial results is frequently fragile: a case for a Fragility
       Index. J Clin Epidemiol 67:622-628. doi:10.1016/j.jclinepi.2013.10.019
    .. [2] Khan MS, Fonarow GC, Friede T, et al. (2020). Application of the reverse fragility
       index to statistically nonsignificant randomized clinical trial results. JAMA Netw
       Open 3:e2012469. doi:10.1001/jamanetworkopen.2020.12469

    Examples
    --------
    >>> fragility_index(15, 40, 6, 40)
    1
    >>> fragility_index(10, 15, 3, 15)
    1
    """
    choose("test", test, _TESTS)
    alpha = check_real("alpha", alpha, low=0.0, high=1.0)
    scalar = is_scalar_input(x1, n1, x2, n2)
    index = extract_index(x1, n1, x2, n2)
    a1, m1, a2, m2 = _check_counts(x1, n1, x2, n2)
    big = (m1 + m2) > FRAGILITY_MAX_N
    if big.any():
        raise ValueError(f"fragility_index is limited to n1 + n2 <= {FRAGILITY_MAX_N:,}; got "
                         f"n1 + n2 = {(m1 + m2)[big].max():g}")
    shape = a1.shape
    a1, m1, a2, m2 = (v.ravel().copy() for v in (a1, m1, a2, m2))
    # An exact p-value can equal alpha in exact arithmetic (0/2 vs 19/23 gives exactly
    # 0.05) and land a rounding error either side of it; such a p counts as p >= alpha.
    threshold = alpha * (1 - 1e-9)
    p0 = _pvalues_quiet(test, a1, m1, a2, m2)
    significant = p0 < threshold  # NaN compares False: an undefined test is "not significant"

    with np.errstate(divide="ignore", invalid="ignore"):
        r1 = np.where(m1 > 0, a1 / m1, np.inf)
        r2 = np.where(m2 > 0, a2 / m2, np.inf)
    # ties broken without regard to the order of the arms, so that swapping them cannot
    # change the index: equal proportions -> fewer events -> more patients
    low_is_1 = (r1 < r2) | ((r1 == r2) & ((a1 < a2) | ((a1 == a2) & (m1 >= m2))))
    # the arm that is changed first ("low") and the other one, as (events, size) arrays
    xl = np.where(low_is_1, a1, a2)
    nl = np.where(low_is_1, m1, m2)
    xh = np.where(low_is_1, a2, a1)
    nh = np.where(low_is_1, m2, m1)
    # forward: up to nl - xl changes in the low arm; reverse: xl in the low arm then nh - xh
    max_steps = np.where(significant, nl - xl, xl + nh - xh)
    result = np.full(a1.shape, np.nan)

    def crossed(idx: np.ndarray, step: np.ndarray) -> np.ndarray:
        """Whether ``step`` changes in the tables ``idx`` bring p to the other side of alpha."""
        sig = significant[idx]
        xl_k = np.where(sig, xl[idx] + step, np.maximum(xl[idx] - step, 0.0))
        xh_k = np.where(sig, xh[idx], xh[idx] + np.maximum(step - xl[idx], 0.0))
        lo1 = low_is_1[idx]
        p = _pvalues_quiet(
            test,
            np.where(lo1, xl_k, xh_k),
            np.where(lo1, nl[idx], nh[idx]),
            np.where(lo1, xh_k, xl_k),
            np.where(lo1, nh[idx], nl[idx]),
        )
        return np.where(sig, ~(p < threshold), p < threshold)

    active = max_steps > 0
    step = 0
    while active.any() and step < _LINEAR_STEPS:
        step += 1
        idx = np.flatnonzero(active)
        done = idx[crossed(idx, np.full(idx.size, float(step)))]
        result[done] = np.where(significant[done], step, -step)
        active[done] = False
        active[idx[step >= max_steps[idx]]] = False
    idx = np.flatnonzero(active)
    if idx.size:
        # Far from the observed table the p-value moves one way as the changes accumulate:
        # bisect between the last step that did not cross and the furthest one on that
        # monotone stretch: for a significant result, the step at which the changed arm's
        # proportion reaches the other arm's (beyond it the gap opens again); for a reverse
        # index, the last possible change (the gap only widens).
        lo = np.full(idx.size, float(step))
        with np.errstate(divide="ignore", invalid="ignore"):
            level = np.ceil(xh[idx] * nl[idx] / nh[idx] - xl[idx])
        hi = np.where(significant[idx], np.minimum(max_steps[idx], np.maximum(level, lo + 1)),
                      max_steps[idx]).astype(float)
        reach = crossed(idx, hi)
        idx, lo, hi = idx[reach], lo[reach], hi[reach]
        while idx.size and (hi - lo > 1).any():
            mid = np.floor((lo + hi) / 2)
            c = crossed(idx, mid)
            hi = np.where(c, mid, hi)
            lo = np.where(c, lo, mid)
        result[idx] = np.where(significant[idx], hi, -hi)

    unreachable = np.isnan(result)
    if unreachable.any():
        where = "" if scalar else f" for {int(unreachable.sum())} of {unreachable.size} tables"
        warnings.warn(
            f"no sequence of changed outcomes crosses alpha = {alpha:g}{where} "
            "(the arms are too small or empty); fragility index set to "
            + ("None" if scalar else "NaN"),
            UndefinedStatisticWarning,
            stacklevel=2,
        )
    if scalar:
        value = result[0]
        return None if np.isnan(value) else int(value)
    if index is not None and len(index) == result.size:
        import pandas as pd

        return pd.Series(result.reshape(shape), index=index, name="fragility_index")
    return result.reshape(shape)
