"""Argument checks name the argument, the rule and the value."""

import numpy as np
import pandas as pd
import pytest

from trialstats import _validate as v


def test_counts_rules():
    with pytest.raises(ValueError, match=r"x must be non-negative: got -1"):
        v.as_count_array("x", -1)
    with pytest.raises(ValueError, match=r"n must be whole numbers.*positions \[1\]"):
        v.as_count_array("n", [3, 2.5])
    with pytest.raises(TypeError, match="x must be a number.*'ten'"):
        v.as_count_array("x", "ten")
    with pytest.raises(ValueError, match="x must not be empty"):
        v.as_count_array("x", [])
    with pytest.raises(ValueError, match="x must not be NaN"):
        v.as_count_array("x", [1, np.nan])


def test_events_exceed_n():
    with pytest.raises(ValueError, match=r"x1 must not exceed n1: got x1=16 and n1=15"):
        v.check_at_most("x1", np.array(16.0), "n1", np.array(15.0))


@pytest.mark.parametrize("bad", [0, 1, 95, -0.5, float("nan")])
def test_confidence_level(bad):
    with pytest.raises(ValueError, match="confidence_level"):
        v.check_confidence_level(bad)


def test_confidence_level_hint():
    with pytest.raises(ValueError, match="did you mean 0.95"):
        v.check_confidence_level(95)


def test_choice_lists_valid_options():
    with pytest.raises(ValueError, match="unknown method 'foo'; valid: 'a', 'b'"):
        v.check_choice("method", "foo", ["a", "b"])


def test_broadcast_names_shapes():
    with pytest.raises(ValueError, match=r"x1 \(2,\), n1 \(3,\)"):
        v.broadcast_arrays(x1=np.zeros(2), n1=np.zeros(3))


def test_index_from_series():
    s = pd.Series([1, 2], index=["a", "b"])
    assert list(v.extract_index(3, s)) == ["a", "b"]
    assert v.extract_index(1, [2]) is None
