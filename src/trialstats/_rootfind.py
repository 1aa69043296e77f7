"""Vectorized root finding for the interval methods: one bisection over many tables at once.

The score and exact intervals are defined as the parameter value where a monotone function
of that parameter crosses a critical value. scipy's scalar root finders would need one call
per table (and one Python-level loop per table); here every table advances together, so the
cost is a fixed number of numpy passes whatever the number of tables.
Bisection is used rather than a faster-converging scheme because the functions inverted
here (exact p-values, statistics with a restricted MLE inside) may be flat, step-wise or
infinite at the ends of the bracket, where secant steps misbehave; 60 halvings reach the
floating-point resolution of any bracket used by the package.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["bisect_decreasing"]


def bisect_decreasing(
    f: Callable[[np.ndarray], np.ndarray],
    lo: np.ndarray,
    hi: np.ndarray,
    target: np.ndarray | float,
    *,
    iterations: int = 60,
) -> np.ndarray:
    """Find, for every element, the point in ``[lo, hi]`` where a decreasing ``f`` crosses ``target``.

    ``f`` is called with one array of candidate points (same shape as ``lo``) and must return
    values of that shape, decreasing in the point for each element. Where ``f(lo) < target``
    the answer is ``lo`` and where ``f(hi) > target`` it is ``hi`` (the crossing lies outside
    the bracket); the callers turn those into the method's boundary convention.

    Returns the midpoint of the final bracket: the crossing to within
    ``(hi - lo) / 2**iterations``.

    Examples
    --------
    >>> import numpy as np
    >>> r = bisect_decreasing(lambda t: -t, np.zeros(2), np.full(2, 4.0), np.array([-1.0, -3.0]))
    >>> np.round(r, 12)
    array([1., 3.])
    """
    lo = np.array(lo, dtype=float, copy=True)
    hi = np.array(hi, dtype=float, copy=True)
    target = np.broadcast_to(np.asarray(target, dtype=float), lo.shape)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        above = f(mid) >= target
        # f(mid) >= target: the crossing lies to the right of mid (f decreasing)
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
    return 0.5 * (lo + hi)
