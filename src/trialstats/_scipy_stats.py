"""``scipy.stats`` imported when first needed, with its normal and t distributions served
from ``scipy.special`` (the same functions scipy.stats itself calls).

Importing ``scipy.stats`` takes one to two seconds (it builds the docstrings of a hundred
distributions), which a scan's first verification paid although the claims it checks need
only normal and t quantiles and tail areas. ``norm.ppf/cdf/sf/isf`` and ``t.ppf/cdf/sf/isf``
with standard location and scale are computed here as ``scipy.stats`` does (``ndtri``,
``ndtr``, ``stdtrit``, ``stdtr``); anything else -- another distribution, a method with
``loc``/``scale``, a non-finite or non-positive df -- is handed to ``scipy.stats``, imported
then.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

__all__ = ["stats"]


def _real() -> Any:
    import scipy.stats  # the real module, imported at the first call that needs it

    return scipy.stats


def _bounded(q: Any, value: Any, at0: float, at1: float) -> Any:
    """A quantile function's value with scipy.stats' own handling of q = 0, q = 1 and q
    outside [0, 1] (the support's ends and NaN), as a scalar for a scalar q."""
    qa = np.asarray(q, dtype=float)
    out = np.where(qa == 0, at0, np.where(qa == 1, at1, value))
    out = np.where((qa < 0) | (qa > 1) | np.isnan(qa), np.nan, out)
    return out[()] if out.ndim == 0 else out


class _Norm:
    """The standard normal: scipy.stats.norm's own formulas (``_norm_ppf`` is ``ndtri`` ...)."""

    @staticmethod
    def ppf(q, *args, **kwargs):
        if args or kwargs:
            return _real().norm.ppf(q, *args, **kwargs)
        return _bounded(q, special.ndtri(q), -np.inf, np.inf)

    @staticmethod
    def isf(q, *args, **kwargs):
        if args or kwargs:
            return _real().norm.isf(q, *args, **kwargs)
        return _bounded(q, -special.ndtri(q), np.inf, -np.inf)

    @staticmethod
    def cdf(x, *args, **kwargs):
        if args or kwargs:
            return _real().norm.cdf(x, *args, **kwargs)
        return special.ndtr(x)

    @staticmethod
    def sf(x, *args, **kwargs):
        if args or kwargs:
            return _real().norm.sf(x, *args, **kwargs)
        return special.ndtr(-np.asarray(x, dtype=float))

    def __getattr__(self, name: str) -> Any:
        return getattr(_real().norm, name)


def _plain_df(df: Any) -> bool:
    d = np.asarray(df, dtype=float)
    return bool(np.all(np.isfinite(d)) and np.all(d > 0))


class _T:
    """Student's t with standard location and scale: ``stdtr``/``stdtrit`` as scipy.stats.t uses."""

    @staticmethod
    def ppf(q, df, *args, **kwargs):
        if args or kwargs or not _plain_df(df):
            return _real().t.ppf(q, df, *args, **kwargs)
        return _bounded(q, special.stdtrit(df, q), -np.inf, np.inf)

    @staticmethod
    def isf(q, df, *args, **kwargs):
        if args or kwargs or not _plain_df(df):
            return _real().t.isf(q, df, *args, **kwargs)
        return _bounded(q, -special.stdtrit(df, q), np.inf, -np.inf)

    @staticmethod
    def cdf(x, df, *args, **kwargs):
        if args or kwargs or not _plain_df(df):
            return _real().t.cdf(x, df, *args, **kwargs)
        return special.stdtr(df, x)

    @staticmethod
    def sf(x, df, *args, **kwargs):
        if args or kwargs or not _plain_df(df):
            return _real().t.sf(x, df, *args, **kwargs)
        return special.stdtr(df, -np.asarray(x, dtype=float))

    def __getattr__(self, name: str) -> Any:
        return getattr(_real().t, name)


class _Stats:
    norm = _Norm()
    t = _T()

    def __getattr__(self, name: str) -> Any:
        return getattr(_real(), name)


stats = _Stats()
