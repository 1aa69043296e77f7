"""Argument checking with clear errors.

Every public function of the engine passes its arguments through these helpers, so that a
bad value is reported as a ``ValueError`` or ``TypeError`` naming the argument, the rule
and the offending value (and, for arrays, the positions), never as a NaN or a traceback
from deep inside scipy.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "TrialstatsWarning",
    "UndefinedStatisticWarning",
    "ZeroCellCorrectionWarning",
    "as_count_array",
    "as_float_array",
    "broadcast_arrays",
    "check_at_most",
    "check_choice",
    "check_confidence_level",
    "check_positive",
    "check_probability",
    "extract_index",
    "is_scalar_input",
    "unwrap",
]


class TrialstatsWarning(UserWarning):
    """Base class of every warning the package emits."""


class ZeroCellCorrectionWarning(TrialstatsWarning):
    """A continuity correction was added to a table with a zero cell."""


class UndefinedStatisticWarning(TrialstatsWarning):
    """A statistic is undefined for a valid input (e.g. chi-square with an empty margin)."""


def _describe_positions(mask: np.ndarray, values: np.ndarray, limit: int = 5) -> str:
    """Say where a rule is broken: 'value -1' for scalars, 'at positions [2, 7] (values ...)'."""
    if values.ndim == 0:
        return f"got {values.item()!r}"
    idx = np.argwhere(mask)
    shown = [tuple(int(i) for i in row) if len(row) > 1 else int(row[0]) for row in idx[:limit]]
    vals = [values[tuple(row)].item() for row in idx[:limit]]
    more = f" and {len(idx) - limit} more" if len(idx) > limit else ""
    return f"at positions {shown}{more} (values {vals})"


def _to_numpy(name: str, value: Any) -> np.ndarray:
    if value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got None")
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a number or an array of numbers, got the string {value!r}")
    if isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a number, array or Series, got a DataFrame")
    if isinstance(value, set | frozenset):
        # a set has no order: its elements would be paired with the other arguments arbitrarily
        raise TypeError(f"{name} must be a number or an ordered array of numbers, got a set")
    if isinstance(value, complex | np.complexfloating):
        raise TypeError(f"{name} must be a real number, got the complex number {value!r}")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        raise ValueError(f"{name} is too large to be represented exactly: got an integer of "
                         f"{len(str(abs(value)))} digits")
    try:
        if isinstance(value, pd.Series | pd.Index):
            arr = value.to_numpy()
        elif isinstance(value, np.ndarray | numbers.Number | np.generic):
            arr = np.asarray(value)
        elif isinstance(value, Iterable) and not isinstance(value, Mapping):
            arr = np.asarray(list(value))
        else:
            raise TypeError(
                f"{name} must be a number or an array of numbers, got {type(value).__name__}"
            )
    except (ValueError, OverflowError):
        raise ValueError(
            f"{name} must be a number or a rectangular array of numbers (a ragged nested list, or "
            "numbers too large for a float, cannot be read)"
        ) from None
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must contain real numbers, got complex values")
    if arr.dtype == bool:
        arr = arr.astype(float)
    if arr.dtype.kind not in "iuf":
        if arr.dtype.kind == "O":
            try:
                arr = arr.astype(float)
            except OverflowError:
                raise ValueError(f"{name} holds numbers too large for a float") from None
            except (TypeError, ValueError):
                raise TypeError(
                    f"{name} must contain only numbers, got values of type "
                    f"{sorted({type(v).__name__ for v in arr.ravel()})}"
                ) from None
        else:
            raise TypeError(f"{name} must contain only numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    return arr.astype(float)


def as_float_array(
    name: str, value: Any, *, allow_nan: bool = False, allow_inf: bool = False
) -> np.ndarray:
    """Convert ``value`` to a float array, rejecting strings, NaN and infinities by name.

    Examples
    --------
    >>> as_float_array("sd", [1.0, 2.5])
    array([1. , 2.5])
    """
    arr = _to_numpy(name, value)
    if not allow_nan:
        bad = np.isnan(arr)
        if bad.any():
            raise ValueError(f"{name} must not be NaN: {_describe_positions(bad, arr)}")
    if not allow_inf:
        bad = np.isinf(arr)
        if bad.any():
            raise ValueError(f"{name} must be finite: {_describe_positions(bad, arr)}")
    return arr


def as_count_array(name: str, value: Any, *, minimum: int = 0) -> np.ndarray:
    """Convert ``value`` to an array of whole-number counts (as floats) that are >= ``minimum``.

    Examples
    --------
    >>> as_count_array("n1", [15, 15])
    array([15., 15.])
    """
    arr = as_float_array(name, value)
    bad = arr != np.round(arr)
    if bad.any():
        raise ValueError(f"{name} must be whole numbers (counts): {_describe_positions(bad, arr)}")
    bad = arr < minimum
    if bad.any():
        rule = "non-negative" if minimum == 0 else f"at least {minimum}"
        raise ValueError(f"{name} must be {rule}: {_describe_positions(bad, arr)}")
    # -0.0 is a count of zero; adding +0.0 clears the sign bit, which would otherwise flip
    # the sign of infinities (1 / -0.0) in the ratio methods.
    return arr + 0.0


def check_at_most(name_x: str, x: np.ndarray, name_n: str, n: np.ndarray) -> None:
    """Raise if any ``x > n`` (for example events greater than the arm size)."""
    x_b, n_b = broadcast_arrays(**{name_x: x, name_n: n})
    bad = x_b > n_b
    if bad.any():
        if x_b.ndim == 0:
            where = f"got {name_x}={x_b.item():g} and {name_n}={n_b.item():g}"
        else:
            idx = [int(i) for i in np.flatnonzero(bad)[:5]]
            pairs = [(x_b.ravel()[i].item(), n_b.ravel()[i].item()) for i in idx]
            where = f"at positions {idx} ({name_x}, {name_n}) = {pairs}"
        raise ValueError(f"{name_x} must not exceed {name_n}: {where}")


def check_positive(name: str, arr: np.ndarray, *, strict: bool = True) -> None:
    """Raise unless every element is > 0 (``strict``) or >= 0."""
    bad = arr <= 0 if strict else arr < 0
    if bad.any():
        rule = "positive" if strict else "non-negative"
        raise ValueError(f"{name} must be {rule}: {_describe_positions(bad, arr)}")


def check_probability(
    name: str, arr: np.ndarray, *, include_zero: bool = False, include_one: bool = True
) -> None:
    """Raise unless every element lies in the probability range (bounds as requested)."""
    low_bad = arr < 0 if include_zero else arr <= 0
    high_bad = arr > 1 if include_one else arr >= 1
    bad = low_bad | high_bad
    if bad.any():
        lo = "[0" if include_zero else "(0"
        hi = "1]" if include_one else "1)"
        raise ValueError(f"{name} must lie in {lo}, {hi}: {_describe_positions(bad, arr)}")


def check_confidence_level(confidence_level: Any) -> float:
    """Return ``confidence_level`` as a float in (0, 1), or raise naming the value."""
    if isinstance(confidence_level, str | bytes) or not isinstance(
        confidence_level, numbers.Real
    ):
        raise TypeError(
            f"confidence_level must be a number in (0, 1), got {confidence_level!r}"
        )
    cl = float(confidence_level)
    if not np.isfinite(cl) or not 0 < cl < 1:
        hint = f"; did you mean {cl / 100:g}?" if 1 < cl < 100 else ""
        raise ValueError(f"confidence_level must lie strictly between 0 and 1, got {cl:g}{hint}")
    return cl


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise listing the valid ones."""
    options = list(choices)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(map(repr, options))}")
    return value


def broadcast_arrays(**arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast the named arrays together, or raise naming their shapes."""
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"arguments have shapes that do not broadcast together: {shapes}") from None


def extract_index(*values: Any) -> pd.Index | None:
    """The pandas index of the Series among ``values``, kept for ``to_frame()``.

    Several Series must share one index: arrays are combined by position, and two Series
    holding the same trials in a different order would otherwise pair one trial's events
    with another's sample size, silently.
    """
    indexes = [v.index for v in values if isinstance(v, pd.Series)]
    if not indexes:
        return None
    first = indexes[0]
    for other in indexes[1:]:
        if not first.equals(other):
            raise ValueError(
                "Series arguments have different indexes (the same labels in another order, or other "
                "labels); align them first, e.g. with .reindex(), since values are paired by position"
            )
    return first


def unwrap(arr: np.ndarray, scalar: bool) -> Any:
    """A Python float for scalar input, the array otherwise."""
    if scalar:
        item = np.asarray(arr).reshape(-1)[0]
        return item.item() if isinstance(item, np.generic) else item
    return arr


def is_scalar_input(*values: Any) -> bool:
    """True when every value is a scalar (so results are floats, not arrays)."""
    def scalar(v: Any) -> bool:
        if isinstance(v, str | bytes | set | frozenset | Mapping):
            return True  # not an array: the argument check that follows names the problem
        try:
            return np.ndim(v) == 0
        except ValueError:  # a ragged nested list: not scalar; the conversion reports it
            return False

    return all(scalar(v) for v in values)
