"""Printed figures carry their rounding: half a unit of the last printed digit."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trialstats.printed import parse_printed, printed_matches


@pytest.mark.parametrize(
    ("text", "value", "decimals", "relation", "percent"),
    [
        ("27.5", 27.5, 1, "=", False),
        ("67%", 67.0, 0, "=", True),
        (".022", 0.022, 3, "=", False),
        ("−0.50", -0.5, 2, "=", False),
        ("p < .001", 0.001, 3, "<", False),
        ("P=0.03", 0.03, 2, "=", False),
        ("1,234", 1234.0, 0, "=", False),
        ("≥ 50%", 50.0, 0, ">=", True),
        ("1.2e-3", 0.0012, 4, "=", False),
    ],
)
def test_parse(text, value, decimals, relation, percent):
    p = parse_printed(text)
    assert math.isclose(p.value, value)
    assert (p.decimals, p.relation, p.is_percent) == (decimals, relation, percent)


def test_rounding_interval_of_issue_examples():
    # The issue's own example: "0.36" is consistent with 0.3604 and "0.40" is not.
    assert printed_matches("0.36", 0.3604)
    assert not printed_matches("0.40", 0.3604)
    # "67%" covers [66.5%, 67.5%]: 10/15 = 66.67% is consistent; 0.675 is on the edge.
    assert printed_matches("67%", 10 / 15, scale=100)
    assert not printed_matches("67%", 0.66, scale=100)
    assert parse_printed("67%").low == 66.5
    assert parse_printed("67%").high == 67.5


@pytest.mark.parametrize("bad", ["", "abc", "12..3", "%", "-", float("nan")])
def test_bad_figures_are_named(bad):
    with pytest.raises(ValueError, match="stated"):
        parse_printed(bad, name="stated")


@pytest.mark.parametrize("bad", [None, True, [1.5]])
def test_figures_of_the_wrong_type_are_type_errors(bad):
    with pytest.raises(TypeError, match="stated"):
        parse_printed(bad, name="stated")


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=4))
def test_printed_value_always_contains_itself(k, decimals):
    text = f"{k / 10**decimals:.{decimals}f}"
    p = parse_printed(text)
    assert p.contains(float(text))
    assert p.low <= p.value <= p.high


def test_nan_value_is_an_error_not_a_silent_false():
    with pytest.raises(ValueError, match="value must"):
        printed_matches("0.36", float("nan"))
