"""The field parsers (issue 11 item 2; issue 12 tolerances): one parser per field, the
formats real pages print."""

from __future__ import annotations

import math

import pytest

from trialstats.claims.figures import (
    LimitExceeded,
    parse_duration,
    parse_figure,
    parse_level,
    parse_p,
    parse_whole,
    words_to_digits,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,200", 1200), ("twenty-one", 21), ("one hundred and four", 104), (30, 30), ("2,600 people", 2600)],
)
def test_parse_whole(text, value):
    assert parse_whole(text) == value


@pytest.mark.parametrize("bad", ["1.5", "-3", "10 to 20", "lots", True, None])
def test_parse_whole_rejects(bad):
    with pytest.raises(ValueError, match="n"):
        parse_whole(bad, field="n")


@pytest.mark.parametrize(
    ("text", "rel", "low", "high"),
    [
        ("p<0.001", "<", 0.0, 0.001),
        ("P = .03", "=", 0.025, 0.035),
        ("p ≤ 0.05", "<=", 0.0, 0.05),
        ("0.9", "=", 0.85, 0.95),
        ("< .05", "<", 0.0, 0.05),
    ],
)
def test_parse_p(text, rel, low, high):
    f = parse_p(text)
    assert f.relation == rel and f.low == pytest.approx(low) and f.high == pytest.approx(high)


@pytest.mark.parametrize("bad", ["p = 1.5", "12%", "0.01 to 0.05", "significant"])
def test_parse_p_rejects(bad):
    with pytest.raises(ValueError, match="p"):
        parse_p(bad)


def test_parse_level():
    assert parse_level("95%") == 0.95 and parse_level(0.9) == 0.9 and parse_level("99") == 0.99
    with pytest.raises(ValueError, match="confidence_level"):
        parse_level("1.5%x")


def test_range_in_a_single_value_field_names_the_fields_to_use():
    with pytest.raises(ValueError, match=r"stated.low holds one figure.*low and high"):
        parse_figure("0.36–1.91", field="stated.low", single=True, range_fields="low and high")
    for dash in ("0.36-1.91", "0.36 — 1.91", "0.36 to 1.91"):
        assert parse_figure(dash).form == "range"


def test_words_and_signs():
    assert words_to_digits("sixty-seven per cent")[0] == "67%"
    f = parse_figure("11.88 points lower")
    assert f.direction == -1 and f.contains(-11.88) and not f.contains(11.88)
    assert parse_figure("fell by 4").contains(-4)
    assert parse_figure("−0.5").contains(-0.5)
    assert parse_figure("6 out of every 100").contains(0.06)


def test_verbal_bands_are_relative():
    # "1 in 10" and "1 in 20" never both fit one figure (issue 12: both fitted 6.1%)
    assert not (parse_figure("1 in 10").contains(0.061) and parse_figure("1 in 20").contains(0.061))
    assert parse_figure("about one in ten").contains(0.065)  # a hedge doubles the band


def test_one_sided_words_have_an_end():
    assert parse_figure("over 2,600").contains(2650) and not parse_figure("over 2,600").contains(2750)
    assert parse_figure("nearly 30").contains(28) and not parse_figure("nearly 30").contains(31)
    assert parse_figure("at least 10").contains(10) and not parse_figure("over 10").contains(10)
    assert math.isinf(parse_figure("under 5").low)


def test_durations_convert_units():
    assert parse_duration("2 weeks").contains(14) and parse_duration("40 minutes").contains(40 / 1440)
    assert not parse_duration("one month").contains(18)  # words are exact: 28 to 31 days
    assert parse_duration("about one month").contains(27)
    assert parse_duration("within an hour").contains(0.5 / 24)
    assert parse_duration("weeks").contains(21) and not parse_duration("weeks").contains(3)
    assert parse_duration("2 to 4 hours").contains(3 / 24)
    with pytest.raises(ValueError, match="span of time"):
        parse_duration("27.5")


@pytest.mark.parametrize("bad", [math.inf, math.nan, "1e999", ".inf"])
def test_non_finite_is_refused(bad):
    with pytest.raises(ValueError):
        parse_figure(bad)


def test_size_limits():
    with pytest.raises(LimitExceeded):
        parse_figure("1" * 300)
    with pytest.raises(LimitExceeded):
        parse_whole(10**40)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("OR 3.90", 3.9, 3.8),
        ("d = 1.13", 1.13, 1.2),
        ("30+", 31, 29),
        ("2.5x", 2.5, 3.0),
        ("three times as likely", 3.33, 4.0),
        ("2-fold", 2.0, 2.6),
    ],
)
def test_labels_plus_signs_and_ratios(text, inside, outside):
    f = parse_figure(text)
    assert f.contains(inside) and not f.contains(outside)
