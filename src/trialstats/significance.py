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
from typing import Any

import numpy as np
from scipy import special

from ._scipy_stats import stats
from ._validate import (
    UndefinedStatisticWarning,
    as_count_array,
    broadcast_arrays,
    check_at_most,
    check_choice,
    extract_index,
    is_scalar_input,
    unwrap,
)
from .results import Significance

__all__ = ["TESTS", "fragility_index", "two_proportion_test"]

TESTS = ("fisher", "barnard", "boschloo", "chi2", "chi2_yates", "score")

# R's fisher.test counts a table as "as extreme" when its probability is within a relative
# 1e-7 of the observed one (``relErr <- 1 + 10^(-7)``). The tolerance matters for tables
# whose probabilities tie in exact arithmetic (e.g. mirror-image tables when n1 == n2) but
# differ in the last bits in floating point.
_FISHER_REL_TOL = 1e-7
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
    from ._unconditional import MAX_TABLES, unconditional_pvalues

    tables = (n1 + 1) * (n2 + 1)
    too_big = tables > MAX_TABLES
    if too_big.any():
        i = int(np.flatnonzero(too_big)[0])
        raise ValueError(
            f"n1, n2 too large for the {kind} test: it enumerates (n1 + 1)(n2 + 1) tables, at "
            f"most {MAX_TABLES:,} (e.g. 500 per arm); got n1={n1[i]:g}, n2={n2[i]:g}"
        )
    return unconditional_pvalues(kind, x1, n1, x2, n2, alternative)


def _test_arrays(
    test: str, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray, str]:
    """(statistic, pvalue, df, undefined mask, why undefined) for validated 1-d arrays."""
    if test == "fisher":
        p = fisher_pvalues(x1, n1, x2, n2)
        return np.full(p.shape, np.nan), p, None, np.zeros(p.shape, bool), ""
    if test in ("barnard", "boschloo"):
        stat, p, undefined = _exact_unconditional(test, x1, n1, x2, n2)
        return stat, p, None, undefined, "an arm has no patients (n1 or n2 is 0)"
    why = (
        "an empty margin (no events, no non-events, or an empty arm) makes the expected "
        "counts zero"
    )
    if test in ("chi2", "chi2_yates"):
        stat, undefined = _chi2_parts(x1, n1, x2, n2, yates=test == "chi2_yates")
        p = np.where(undefined, np.nan, stats.chi2.sf(np.where(undefined, 0.0, stat), 1))
        return stat, p, np.ones(stat.shape), undefined, why
    # score: the signed z whose square is the uncorrected chi-square statistic
    big_n = n1 + n2
    m = x1 + x2
    undefined = (n1 == 0) | (n2 == 0) | (m == 0) | (m == big_n)
    with np.errstate(divide="ignore", invalid="ignore"):
        pbar = m / big_n
        se = np.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / se
    z = np.where(undefined, np.nan, z)
    p = np.where(undefined, np.nan, 2 * stats.norm.sf(np.abs(np.where(undefined, 0.0, z))))
    return z, p, None, undefined, why


def two_proportion_test(
    x1: Any, n1: Any, x2: Any, n2: Any, *, test: str = "fisher"
) -> Significance:
    """Test whether two independent proportions differ (x1 of n1 vs x2 of n2), two-sided.

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
        Negative or non-whole counts, x > n, shapes that do not broadcast, unknown test.

    References
    ----------
    R Core Team, ``fisher.test`` and ``chisq.test`` (stats package).
    Barnard GA (1945). A new test for 2x2 tables. Nature 156:177.
    Boschloo RD (1970). Raised conditional level of significance for the 2x2-table when
    testing the equality of two probabilities. Statistica Neerlandica 24:1-35.

    Examples
    --------
    >>> r = two_proportion_test(10, 15, 3, 15)
    >>> round(r.pvalue, 5)
    0.02533
    >>> round(two_proportion_test(10, 15, 3, 15, test="chi2").statistic, 4)
    6.6516
    """
    check_choice("test", test, TESTS)
    scalar = is_scalar_input(x1, n1, x2, n2)
    index = extract_index(x1, n1, x2, n2)
    a1, m1, a2, m2 = _check_counts(x1, n1, x2, n2)
    shape = a1.shape
    stat, p, df, undefined, why = _test_arrays(test, a1.ravel(), m1.ravel(), a2.ravel(), m2.ravel())
    if undefined.any():
        where = "" if scalar else f" (at {int(undefined.sum())} of {undefined.size} tables)"
        warnings.warn(
            f"{test} test undefined{where}: {why}; p-value set to NaN",
            UndefinedStatisticWarning,
            stacklevel=2,
        )
    stat, p = stat.reshape(shape), p.reshape(shape)
    return Significance(
        test=test,
        statistic=unwrap(stat, scalar),
        pvalue=unwrap(p, scalar),
        df=None if df is None else unwrap(df.reshape(shape), scalar),
        inputs={"x1": x1, "n1": n1, "x2": x2, "n2": n2, "test": test},
        index=index,
    )


def _pvalues_quiet(test: str, x1, n1, x2, n2) -> np.ndarray:  # type: ignore[no-untyped-def]
    return _test_arrays(test, x1, n1, x2, n2)[1]


def fragility_index(
    x1: Any, n1: Any, x2: Any, n2: Any, *, test: str = "fisher", alpha: float = 0.05
) -> Any:
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

    References
    ----------
    Walsh M, Srinathan SK, McAuley DF, et al. (2014). The statistical significance of
    randomized controlled trial results is frequently fragile: a case for a Fragility
    Index. J Clin Epidemiol 67:622-628.
    Khan MS, Fonarow GC, Friede T, et al. (2020). Application of the reverse fragility
    index to statistically nonsignificant randomized clinical trial results. JAMA Netw
    Open 3:e2012469.

    Examples
    --------
    >>> fragility_index(15, 40, 6, 40)
    1
    >>> fragility_index(10, 15, 3, 15)
    1
    """
    check_choice("test", test, TESTS)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float | np.floating) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number strictly between 0 and 1, got {alpha!r}")
    scalar = is_scalar_input(x1, n1, x2, n2)
    a1, m1, a2, m2 = _check_counts(x1, n1, x2, n2)
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
    active = max_steps > 0
    step = 0
    while active.any():
        step += 1
        idx = np.flatnonzero(active)
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
        crossed = np.where(sig, ~(p < threshold), p < threshold)
        done = idx[crossed]
        result[done] = np.where(significant[done], step, -step)
        active[done] = False
        active[idx[step >= max_steps[idx]]] = False

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
    return result.reshape(shape)
