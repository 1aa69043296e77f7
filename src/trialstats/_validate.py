"""Argument checking with clear errors.

Every public function of the engine passes its arguments through these helpers, so that a
bad value is reported as a ``ValueError`` or ``TypeError`` naming the argument, the rule
and the offending value (and, for arrays, the positions), never as a NaN or a traceback
from deep inside scipy.

Rules shared by the whole engine:

- Wrong *type* (a string, None, a bool, a set, a complex number, a DataFrame) is a
  ``TypeError``; a wrong *value* (NaN, infinity, negative count, out of range) a
  ``ValueError``. Both name the argument and the value, and for arrays the positions.
- Bools are not counts: ``True`` is refused rather than read as 1.
- Numbers inside a Series or list must be numbers: ``"3"`` is refused there as it is alone.
- A masked array is refused where any element is masked (the mask would be lost).
- Integers beyond 2**53 (Python or numpy) cannot be represented exactly as floats and are
  refused; so are counts beyond 2**53 and any value beyond 1e150 in magnitude (its square
  would overflow inside a variance).
- Empty arms: an estimate needs ``n >= 1`` in every arm (there is nothing to estimate from
  an empty arm); a test accepts ``n = 0`` (Fisher's p is 1, as R's ``fisher.test``; the
  other tests give NaN with an :class:`UndefinedStatisticWarning`).
- A confidence level must leave at least 1e-10 in the tails (a level of ``1 - 1e-16``
  gives an infinite critical value).
- A Series' index is kept on the result; several Series must share one index.
- An option outside its public list is refused by one message, ``unknown <name> <value>;
  valid: ...``, built from the keys of the function's dispatch table.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = [
    "TrialstatsWarning",
    "UndefinedStatisticWarning",
    "ZeroCellCorrectionWarning",
    "as_count_array",
    "as_float_array",
    "broadcast_arrays",
    "check_alternative",
    "check_at_most",
    "check_choice",
    "check_confidence_level",
    "check_positive",
    "check_probability",
    "check_real",
    "choose",
    "extract_index",
    "is_scalar_input",
    "positions",
    "unwrap",
]


class TrialstatsWarning(UserWarning):
    """Base class of every warning the package emits."""


class ZeroCellCorrectionWarning(TrialstatsWarning):
    """A continuity correction was added to a table with a zero cell."""


class UndefinedStatisticWarning(TrialstatsWarning):
    """A statistic is undefined for a valid input (e.g. chi-square with an empty margin)."""


ALTERNATIVES = ("two-sided", "less", "greater")
# largest exactly representable integer of a float64
_MAX_EXACT_INT = 2**53
# a value beyond this would overflow when squared inside a variance
_MAX_ABS = 1e150
_MIN_TAIL = 1e-10

_T = TypeVar("_T")


def positions(mask: np.ndarray, limit: int = 5) -> str:
    """The positions where ``mask`` is true, as the engine's messages print them: '[2, 7] and 3 more'.

    Examples
    --------
    >>> positions(np.array([False, True, True]))
    '[1, 2]'
    """
    idx = [int(i) for i in np.flatnonzero(mask)[:limit]]
    extra = int(np.count_nonzero(mask)) - limit
    return f"{idx}{f' and {extra} more' if extra > 0 else ''}"


def _describe_positions(mask: np.ndarray, values: np.ndarray, limit: int = 5) -> str:
    """Say where a rule is broken: 'value -1' for scalars, 'at positions [2, 7] (values ...)'."""
    if values.ndim == 0:
        return f"got {values.item()!r}"
    idx = np.argwhere(mask)
    shown = [tuple(int(i) for i in row) if len(row) > 1 else int(row[0]) for row in idx[:limit]]
    vals = [values[tuple(row)].item() for row in idx[:limit]]
    more = f" and {len(idx) - limit} more" if len(idx) > limit else ""
    return f"at positions {shown}{more} (values {vals})"


def _to_numpy(name: str, value: Any, allow_bool: bool = False) -> np.ndarray:
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
    if isinstance(value, bool | np.bool_) and not allow_bool:
        raise TypeError(f"{name} must be a number, got the bool {value!r}")
    if isinstance(value, int) and abs(value) > _MAX_EXACT_INT:
        raise ValueError(f"{name} is too large to be represented exactly: got an integer of "
                         f"{len(str(abs(value)))} digits")
    if isinstance(value, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(value)
        if mask.any():
            raise ValueError(f"{name} has masked values {_describe_positions(mask, np.asarray(value.data))}"
                             "; fill or drop them first (the mask would be lost)")
        value = np.asarray(value.data)
    try:
        if isinstance(value, pd.Series | pd.Index):
            if isinstance(value.dtype, pd.CategoricalDtype):
                raise TypeError(f"{name} must contain numbers, got a categorical Series")
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
    if arr.dtype == bool and allow_bool:
        arr = arr.astype(float)
    if arr.dtype == bool:
        raise TypeError(f"{name} must contain numbers, got bools (True/False are not counts)")
    if arr.dtype.kind in "iu" and arr.size and (arr.max() > _MAX_EXACT_INT or arr.min() < -_MAX_EXACT_INT):
        raise ValueError(f"{name} holds integers beyond 2**53, which a float cannot represent exactly")
    if arr.dtype.kind not in "iuf":
        if arr.dtype.kind == "O":
            kinds = {type(v) for v in arr.ravel()}
            odd = sorted(t.__name__ for t in kinds if t is not type(None) and (
                issubclass(t, str | bytes | bool | np.bool_ | complex) or not issubclass(t, numbers.Real)))
            if odd:
                raise TypeError(f"{name} must contain only numbers, got values of type {odd}")
            big = [v for v in arr.ravel() if isinstance(v, int) and abs(v) > _MAX_EXACT_INT]
            if big:
                raise ValueError(f"{name} holds integers beyond 2**53, which a float cannot "
                                 "represent exactly")
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


def _check_magnitude(name: str, arr: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        bad = np.isfinite(arr) & (np.abs(arr) > _MAX_ABS)
    if bad.any():
        raise ValueError(f"{name} must not exceed {_MAX_ABS:g} in magnitude: {_describe_positions(bad, arr)}")


def as_float_array(
    name: str, value: Any, *, allow_nan: bool = False, allow_inf: bool = False, allow_bool: bool = False
) -> np.ndarray:
    """Convert ``value`` to a float array, rejecting strings, NaN and infinities by name.

    Examples
    --------
    >>> as_float_array("sd", [1.0, 2.5])
    array([1. , 2.5])
    """
    arr = _to_numpy(name, value, allow_bool)
    if not allow_nan:
        bad = np.isnan(arr)
        if bad.any():
            raise ValueError(f"{name} must not be NaN: {_describe_positions(bad, arr)}")
    if not allow_inf:
        bad = np.isinf(arr)
        if bad.any():
            raise ValueError(f"{name} must be finite: {_describe_positions(bad, arr)}")
    _check_magnitude(name, arr)
    return arr


def as_count_array(name: str, value: Any, *, minimum: int = 0) -> np.ndarray:
    """Convert ``value`` to an array of whole-number counts (as floats) that are >= ``minimum``.

    Examples
    --------
    >>> as_count_array("n1", [15, 15])
    array([15., 15.])
    """
    arr = as_float_array(name, value)
    bad = np.abs(arr) > _MAX_EXACT_INT
    if bad.any():
        raise ValueError(f"{name} must be a count of at most 2**53: {_describe_positions(bad, arr)}")
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
    if isinstance(confidence_level, bool | np.bool_):
        raise TypeError(f"confidence_level must be a number in (0, 1), got the bool {confidence_level!r}")
    cl = float(confidence_level)
    if not np.isfinite(cl) or not 0 < cl < 1:
        hint = f"; did you mean {cl / 100:g}?" if 1 < cl < 100 else ""
        raise ValueError(f"confidence_level must lie strictly between 0 and 1, got {cl:g}{hint}")
    if 1 - cl < _MIN_TAIL or cl < _MIN_TAIL:
        raise ValueError(f"confidence_level must leave at least {_MIN_TAIL:g} inside and outside the "
                         f"interval (its critical value is otherwise infinite), got {cl!r}")
    return cl


def check_real(name: str, value: Any, *, low: float, high: float, inclusive: bool = False) -> float:
    """A real scalar strictly (or ``inclusive``-ly) within ``(low, high)``: TypeError / ValueError.

    Examples
    --------
    >>> check_real("alpha", 0.05, low=0, high=1)
    0.05
    """
    if isinstance(value, bool | np.bool_ | str | bytes) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    ok = (low <= v <= high) if inclusive else (low < v < high)
    if not np.isfinite(v) or not ok:
        lo, hi = ("[", "]") if inclusive else ("(", ")")
        raise ValueError(f"{name} must lie in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    return v


def choose(name: str, value: Any, table: Mapping[str, _T]) -> _T:
    """The entry of a dispatch table ``{option: function}`` for ``value``; its keys are the public list.

    An unknown name is refused with the one wording of the package, listing the keys.

    Examples
    --------
    >>> choose("method", "b", {"a": 1, "b": 2})
    2
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {', '.join(map(repr, table))}; got {value!r}")
    if value not in table:
        raise ValueError(f"unknown {name} {value!r}; valid: {', '.join(map(repr, table))}")
    return table[value]


def check_alternative(alternative: Any) -> str:
    """``"two-sided"``, ``"less"`` or ``"greater"`` (as scipy), or an error listing them."""
    return check_choice("alternative", alternative, ALTERNATIVES)


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise listing the valid ones."""
    options = list(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {', '.join(map(repr, options))}; got {value!r}")
    if value not in options:
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
