"""Bad-input battery: every public function, every class of bad input.

For each public function of the engine (``trialstats._EXPORTS``; DESIGN.md "Public API") a
valid call is given, and each case breaks exactly one argument of it: negative counts, events
greater than n, NaN, infinity, a string or None where a number belongs, an empty array, arrays whose
shapes do not broadcast, a confidence level of 0, 1 or 95, an unknown method/test/kind, a
p-value of 0, an SD (or SE, variance, median time) that is zero or negative. Every case must
raise ``ValueError`` or ``TypeError`` whose message names the argument; a NaN result, a
warning (pytest turns warnings into errors) or an exception from deep inside numpy/scipy
fails the case. A test also checks that every public callable is covered here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import trialstats as ts


@dataclass
class Spec:
    """A valid call of one public function, and the roles of its arguments."""

    valid: dict[str, Any]
    numeric: tuple[str, ...] = ()  # NaN, the string "ten", an empty array, None
    finite: tuple[str, ...] = ()  # +inf (the default: every numeric argument)
    counts: tuple[str, ...] = ()  # -1 (a negative count)
    at_most: tuple[tuple[str, str], ...] = ()  # (events, n): events = n + 1
    positive: tuple[str, ...] = ()  # 0 and -1 (an SD, SE, variance, n, time)
    negative_only: tuple[str, ...] = ()  # -1 only (zero is a valid value)
    pvalues: tuple[str, ...] = ()  # 0 and 1.5
    choices: tuple[str, ...] = ()  # "bogus"
    level: bool = False  # confidence_level 0, 1, 95
    shapes: tuple[str, str] | None = None  # lengths 2 and 3
    extra: list[tuple[str, dict[str, Any], tuple[str, ...]]] = field(default_factory=list)


TWO = {"x1": 10, "n1": 15, "x2": 3, "n2": 15}
TWO_ROLES: dict[str, Any] = {
    "numeric": ("x1", "n1", "x2", "n2"),
    "counts": ("x1", "n1", "x2", "n2"),
    "at_most": (("x1", "n1"), ("x2", "n2")),
    "shapes": ("x1", "n2"),
}
CONT = {"mean1": 10.0, "sd1": 4.0, "n1": 20, "mean2": 7.0, "sd2": 5.0, "n2": 22}
CONT_ROLES: dict[str, Any] = {
    "numeric": ("mean1", "sd1", "n1", "mean2", "sd2", "n2"),
    "positive": ("n1", "n2"),
    # one SD of 0 is allowed (the other arm still gives a standard error); both 0 is not
    "negative_only": ("sd1", "sd2"),
    "shapes": ("mean1", "sd2"),
    "level": True,
    "extra": [("both SDs zero", {"sd1": 0.0, "sd2": 0.0}, ("sd1", "sd2"))],
}
TIMES = {"time": [1.0, 5.0, 3.0, 4.0, 2.0, 6.0, 7.0, 8.0], "event": [1, 0, 1, 1, 1, 1, 0, 1]}
GROUPS = {**TIMES, "group": [0, 0, 0, 0, 1, 1, 1, 1]}

SPECS: dict[str, Spec] = {
    "proportion_ci": Spec(
        {"x": 3, "n": 10}, numeric=("x", "n"), counts=("x", "n"), at_most=(("x", "n"),),
        positive=("n",), choices=("method",), level=True, shapes=("x", "n"),
    ),
    "risk_difference": Spec(dict(TWO), choices=("method",), level=True, **TWO_ROLES),
    "risk_ratio": Spec(dict(TWO), choices=("method",), level=True, **TWO_ROLES),
    "odds_ratio": Spec(dict(TWO), choices=("method",), level=True, **TWO_ROLES),
    "nnt": Spec(dict(TWO), choices=("method", "outcome"), level=True, **TWO_ROLES),
    "compare_proportions": Spec(dict(TWO), choices=("method",), level=True, pvalues=("alpha",), **TWO_ROLES),
    "compare_methods": Spec(dict(TWO), choices=("measure",), level=True, **TWO_ROLES),
    "two_proportion_test": Spec(dict(TWO), choices=("test",), **TWO_ROLES),
    "fragility_index": Spec(dict(TWO), choices=("test",), pvalues=("alpha",), **TWO_ROLES),
    "mean_difference": Spec(dict(CONT), **CONT_ROLES),
    "smd": Spec(dict(CONT), choices=("kind",), **CONT_ROLES),
    "paired_difference": Spec(
        {"mean_diff": 1.5, "sd_diff": 2.0, "n": 20}, numeric=("mean_diff", "sd_diff", "n"),
        positive=("sd_diff", "n"), counts=("n",), level=True, shapes=("mean_diff", "n"),
    ),
    "sd_from_ci": Spec(
        {"low": 1.0, "high": 3.0, "n": 20}, numeric=("low", "high", "n"), positive=("n",),
        level=True, shapes=("low", "n"), choices=("distribution",),
        extra=[("high below low", {"low": 3.0, "high": 1.0}, ("low", "high"))],
    ),
    "sd_from_se": Spec(
        {"se": 0.5, "n": 20}, numeric=("se", "n"), positive=("n",), negative_only=("se",),
        shapes=("se", "n"),
    ),
    "se_from_p": Spec({"estimate": 0.5, "p": 0.03}, numeric=("estimate", "p"), pvalues=("p",),
                      shapes=("estimate", "p")),
    "mean_sd_from_quartiles": Spec(
        {"q1": 2.0, "median": 4.0, "q3": 7.0, "n": 30}, numeric=("q1", "median", "q3", "n"),
        positive=("n",), choices=("method",), shapes=("q1", "n"),
        extra=[("quartiles out of order", {"q1": 5.0}, ("q1", "median"))],
    ),
    "mean_sd_from_range": Spec(
        {"minimum": 1.0, "median": 4.0, "maximum": 10.0, "n": 30},
        numeric=("minimum", "median", "maximum", "n"), positive=("n",), shapes=("minimum", "n"),
        extra=[("range out of order", {"minimum": 5.0}, ("minimum", "median"))],
    ),
    "exponential_median": Spec(
        {"median": 12.0, "events": 20}, numeric=("median", "events"), positive=("median", "events"),
        counts=("events",), level=True, shapes=("median", "events"),
    ),
    "kaplan_meier": Spec(
        dict(TIMES), numeric=("time", "event"), negative_only=("time",), level=True,
        choices=("conf_type",), shapes=("time", "event"),
        extra=[("event not 0/1", {"event": [2, 0, 1, 1, 1, 1, 0, 1]}, ("event",))],
    ),
    "logrank": Spec(
        dict(GROUPS), numeric=("time", "event"), negative_only=("time",), shapes=("time", "group"),
        extra=[("one group only", {"group": [0] * 8}, ("group",))],
    ),
    "hazard_ratio": Spec(
        dict(GROUPS), numeric=("time", "event"), negative_only=("time",), shapes=("time", "group"),
        choices=("ties",), level=True,
        extra=[("one group only", {"group": [0] * 8}, ("group",)),
               ("reference not a group", {"reference": 7}, ("reference",))],
    ),
    "reconstruct_ipd": Spec(
        {"curve_time": [0.0, 1.0, 2.0, 3.0], "curve_survival": [1.0, 0.9, 0.8, 0.7],
         "risk_time": [0.0, 2.0], "n_at_risk": [20, 15]},
        numeric=("curve_time", "curve_survival", "risk_time", "n_at_risk"),
        negative_only=("curve_time", "n_at_risk"), shapes=("curve_time", "curve_survival"),
        extra=[("survival above 1", {"curve_survival": [1.0, 1.2, 0.8, 0.7]}, ("curve_survival",))],
    ),
    "effect_sizes": Spec(
        {"x1": [3, 4], "n1": [10, 10], "x2": [1, 2], "n2": [10, 10]},
        numeric=("x1", "n1", "x2", "n2"), counts=("x1", "n1", "x2", "n2"),
        at_most=(("x1", "n1"), ("x2", "n2")), choices=("measure", "to"), shapes=("x1", "n2"),
    ),
    "meta_analysis": Spec(
        {"yi": [0.1, 0.3, 0.2], "vi": [0.01, 0.02, 0.03]}, numeric=("yi", "vi"), positive=("vi",),
        choices=("method", "prediction"), level=True, shapes=("yi", "vi"),
    ),
    "counts_for_percent": Spec({"percent": "27.5", "n": 40}, numeric=("n",), positive=("n",),
                               extra=[("percent not a figure", {"percent": "abc"}, ("percent",)),
                                      ("percent above 100", {"percent": "127.5"}, ("percent",))]),
    "sample_sizes_for_percent": Spec({"percent": "27.5"}, positive=("max_n",),
                                     extra=[("percent not a figure", {"percent": "abc"}, ("percent",))]),
    "grim": Spec({"mean": 5.19, "n": 28}, numeric=("mean", "n"), positive=("n", "items"),
                 shapes=("mean", "n")),
    "p_from_ci": Spec(
        {"estimate": 1.2, "low": 0.4, "high": 2.0}, numeric=("estimate", "low", "high"), level=True,
        shapes=("estimate", "high"),
        extra=[("ratio with a negative limit", {"low": -0.4, "ratio": True}, ("low",)),
               ("low above high", {"low": 2.5, "high": 0.4}, ("low", "high"))],
    ),
    "from_se": Spec({"estimate": 0.5, "se": 0.2}, numeric=("estimate", "se"), positive=("se",),
                    level=True, shapes=("estimate", "se"),
                    extra=[("df zero", {"df": 0}, ("df",))]),
    "ci_from_p": Spec({"estimate": 0.5, "p": 0.03}, numeric=("estimate", "p"), pvalues=("p",),
                      level=True, shapes=("estimate", "p")),
    "smd_ci": Spec({"d": 0.5, "n1": 20, "n2": 20}, numeric=("d", "n1", "n2"), positive=("n1", "n2"),
                   choices=("method",), level=True, shapes=("d", "n2")),
    "nnt_from_difference": Spec(
        {"difference": 0.4, "low": 0.1, "high": 0.6}, numeric=("difference", "low", "high"),
        level=True, choices=("outcome",),
    ),
    "exponential_median_ratio": Spec(
        {"median1": 12.0, "events1": 20, "median2": 8.0, "events2": 25},
        numeric=("median1", "events1", "median2", "events2"),
        positive=("median1", "events1", "median2", "events2"), level=True,
    ),
    "parse_printed": Spec({"text": "27.5"}, extra=[("not a figure", {"text": "abc"}, ("figure",)),
                                                   ("a number, not text", {"text": None}, ("figure",))]),
    "printed_matches": Spec({"text": "0.36", "value": 0.3601}, numeric=("value",),
                            extra=[("not a figure", {"text": "abc"}, ("text",))]),
    "range_matches_printed": Spec({"text": "0.2", "low": 0.15, "high": 0.25},
                                  extra=[("not a figure", {"text": "abc"}, ("text",))]),
    "load_trial": Spec({"trial_id": "feder2021"},
                       extra=[("not a string", {"trial_id": 2021}, ("trial_id",))]),
    "load_claims": Spec({"path": None}, extra=[("not a path", {"path": 123}, ("path",))]),
    "claim_results": Spec({"claims": None}, extra=[("not a path", {"claims": 123}, ("claims",))]),
    # issue 17: paired proportions, rates, counts pooling, RMST between arms
    "mcnemar": Spec({"n10": 1, "n01": 7}, numeric=("n10", "n01"), counts=("n10", "n01"),
                    choices=("method",), shapes=("n10", "n01")),
    "paired_risk_difference": Spec(
        {"n11": 20, "n10": 12, "n01": 2, "n00": 16}, numeric=("n11", "n10", "n01", "n00"),
        counts=("n11", "n10", "n01", "n00"), choices=("method",), level=True, shapes=("n11", "n00"),
        extra=[("no pairs", {"n11": 0, "n10": 0, "n01": 0, "n00": 0}, ("n11",))],
    ),
    "paired_odds_ratio": Spec({"n10": 16, "n01": 8}, numeric=("n10", "n01"), counts=("n10", "n01"),
                              choices=("method",), level=True, shapes=("n10", "n01")),
    "rate_ratio": Spec(
        {"events1": 41, "exposure1": 28010.0, "events2": 15, "exposure2": 19017.0},
        numeric=("events1", "exposure1", "events2", "exposure2"), counts=("events1", "events2"),
        positive=("exposure1", "exposure2"), choices=("method",), level=True, shapes=("events1", "exposure2"),
    ),
    "rate_difference": Spec(
        {"events1": 41, "exposure1": 28010.0, "events2": 15, "exposure2": 19017.0},
        numeric=("events1", "exposure1", "events2", "exposure2"), counts=("events1", "events2"),
        positive=("exposure1", "exposure2"), choices=("method",), level=True, shapes=("events1", "exposure2"),
    ),
    "mantel_haenszel": Spec(
        {"x1": [3, 4, 5], "n1": [10, 10, 12], "x2": [1, 2, 2], "n2": [10, 10, 11]},
        numeric=("x1", "n1", "x2", "n2"), counts=("x1", "n1", "x2", "n2"),
        at_most=(("x1", "n1"), ("x2", "n2")), choices=("measure",), level=True, shapes=("x1", "n2"),
    ),
    "peto_odds_ratio": Spec(
        {"x1": [3, 4, 5], "n1": [10, 10, 12], "x2": [1, 2, 2], "n2": [10, 10, 11]},
        numeric=("x1", "n1", "x2", "n2"), counts=("x1", "n1", "x2", "n2"),
        at_most=(("x1", "n1"), ("x2", "n2")), level=True, shapes=("x1", "n2"),
    ),
    "rmst_difference": Spec(
        {**GROUPS, "tau": 4.0}, numeric=("time", "event", "tau"), negative_only=("time",),
        positive=("tau",), level=True, shapes=("time", "group"),
        extra=[("one group only", {"group": [0] * 8}, ("group",)),
               ("tau beyond the data", {"tau": 50.0}, ("tau",)),
               ("reference not a group", {"reference": 7}, ("reference",))],
    ),
    "rmst_ratio": Spec(
        {**GROUPS, "tau": 4.0}, numeric=("time", "event", "tau"), negative_only=("time",),
        positive=("tau",), level=True, shapes=("time", "group"),
        extra=[("one group only", {"group": [0] * 8}, ("group",)),
               ("tau beyond the data", {"tau": 50.0}, ("tau",))],
    ),
    "scan": Spec({"document": "The trial included only 30 people."}, extra=[
        ("not text", {"document": 123}, ("document",)),
        ("missing file", {"document": "no-such-page.html"}, ("document",)),
        ("data not a package", {"data": "data/"}, ("data",)),
    ]),
}

# public callables that take no numbers, or whose only inputs are files/ids (tested elsewhere:
# the data and claims tests, and the fuzz tests of the loaders)
NOT_IN_BATTERY = {
    "trials", "arms", "binary_outcomes", "continuous_outcomes", "reported_effects", "relapse",
    "sources", "validate_data", "load_table", "verify_claims", "printed_range", "claim_kinds",
    "splits_for_p", "sample_sizes_for_smd_ci",
    "load_data", "from_ctgov",  # folders and registry records: tests/test_data_packages.py, test_ctgov.py
}


def _cases() -> list[Any]:
    out = []
    for func, spec in SPECS.items():
        finite = spec.finite or spec.numeric

        def add(kind: str, changes: dict[str, Any], names: tuple[str, ...], func: str = func) -> None:
            out.append(pytest.param(func, changes, names, id=f"{func}-{kind}"))

        for a in spec.numeric:
            add(f"{a}=nan", {a: math.nan}, (a,))
            add(f"{a}=string", {a: "ten"}, (a,))
            add(f"{a}=empty", {a: []}, (a,))
            add(f"{a}=None", {a: None}, (a,))
        for a in finite:
            add(f"{a}=inf", {a: math.inf}, (a,))
        for a in spec.counts:
            add(f"{a}=-1", {a: -1}, (a,))
            add(f"{a}=2.5", {a: 2.5}, (a,))
        for x, n in spec.at_most:
            add(f"{x}>{n}", {x: (np.asarray(spec.valid[n]) + 1).tolist()}, (x,))
        for a in spec.positive:
            add(f"{a}=0", {a: 0}, (a,))
            add(f"{a}=-1", {a: -1}, (a,))
        for a in spec.negative_only:
            add(f"{a}=-1", {a: _negative(spec.valid.get(a, 1.0))}, (a,))
        for a in spec.pvalues:
            add(f"{a}=0", {a: 0.0}, (a,))
            add(f"{a}=1.5", {a: 1.5}, (a,))
        for a in spec.choices:
            add(f"{a}=bogus", {a: "bogus"}, (a,))
        if spec.level:
            for cl in (0, 1, 95):
                add(f"confidence_level={cl}", {"confidence_level": cl}, ("confidence_level",))
            add("confidence_level=str", {"confidence_level": "95%"}, ("confidence_level",))
        if spec.shapes:
            a, b = spec.shapes
            add("shapes", {a: _resize(spec.valid[a], 2), b: _resize(spec.valid[b], 3)}, (a, b))
        for kind, changes, names in spec.extra:
            add(kind.replace(" ", "_"), changes, names)
    return out


def _negative(value: Any) -> Any:
    if np.ndim(value):
        arr = np.array(value, dtype=float)
        arr[1] = -1.0
        return arr.tolist()
    return -1


def _resize(value: Any, size: int) -> list[Any]:
    if np.ndim(value):
        return list(np.resize(np.asarray(value), len(value) + size - 2))
    return [value] * size


CASES = _cases()


@pytest.mark.parametrize(("func", "changes", "names"), CASES)
def test_bad_input_raises_naming_the_argument(
    func: str, changes: dict[str, Any], names: tuple[str, ...]
) -> None:
    kwargs = {**SPECS[func].valid, **changes}
    with pytest.raises((ValueError, TypeError)) as info:
        getattr(ts, func)(**kwargs)
    message = str(info.value)
    assert any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", message) for n in names), (
        f"{func}: message does not name {names}: {message!r}"
    )


@pytest.mark.parametrize("func", sorted(SPECS))
def test_valid_call_of_each_spec_works(func: str) -> None:
    # guards the battery itself: each case differs from a call that succeeds
    getattr(ts, func)(**SPECS[func].valid)


def test_every_public_callable_is_covered() -> None:
    callables = {
        name for name in ts._EXPORTS
        if callable(getattr(ts, name)) and not isinstance(getattr(ts, name), type)
    }
    missing = callables - set(SPECS) - NOT_IN_BATTERY
    assert not missing, f"public functions without a bad-input spec: {sorted(missing)}"


ALIGN_CALLS = {
    "proportion_ci": lambda a, b: ts.proportion_ci(a, b),
    "risk_difference": lambda a, b: ts.risk_difference(a, b, a, b),
    "mean_difference": lambda a, b: ts.mean_difference(a, b, b, a, b, b),
    "from_se": lambda a, b: ts.from_se(a, b),
}


@pytest.mark.parametrize("func", sorted(ALIGN_CALLS))
def test_series_with_different_indexes_are_not_paired_by_position(func: str) -> None:
    # Two Series holding the same rows in a different order: pairing them by position would
    # silently combine the events of one trial with the size of another. The same labels in
    # the same order are fine; different labels must be refused, naming the index.
    import pandas as pd

    x = pd.Series([10, 3], index=["trial_a", "trial_b"])
    n = pd.Series([30, 15], index=["trial_b", "trial_a"])
    with pytest.raises(ValueError, match="index"):
        ALIGN_CALLS[func](x, n)


# Containers that numpy would misread or choke on: a ragged nested list, a set (no order, so
# its elements would be paired with the other arguments arbitrarily), a complex number, and an
# integer too large for a float.
ODD_VALUES = {
    "ragged": [[1, 2], [3]],
    "set": {1, 2},
    "complex": 1 + 2j,
    "huge_int": 10**400,
}


def _odd_cases() -> list[Any]:
    return [
        pytest.param(func, arg, kind, id=f"{func}-{arg}={kind}")
        for func, spec in SPECS.items()
        for arg in spec.numeric
        for kind in ODD_VALUES
    ]


@pytest.mark.parametrize(("func", "arg", "kind"), _odd_cases())
def test_odd_values_raise_naming_the_argument(func: str, arg: str, kind: str) -> None:
    kwargs = {**SPECS[func].valid, arg: ODD_VALUES[kind]}
    with pytest.raises((ValueError, TypeError)) as info:
        getattr(ts, func)(**kwargs)
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(arg)}(?![A-Za-z0-9_])", str(info.value)), (
        f"{func}: message does not name {arg}: {str(info.value)!r}"
    )


@pytest.mark.parametrize("func", ["proportion_ci", "risk_difference", "risk_ratio", "odds_ratio", "nnt",
                                  "two_proportion_test"])
def test_negative_zero_count_reads_as_zero(func: str) -> None:
    # -0.0 (e.g. from arithmetic on a DataFrame column) passes the "non-negative" rule, so it
    # must give the answer for 0, not a NaN from log(-0.0) or a RuntimeWarning
    spec = SPECS[func]
    arg = spec.counts[-2] if len(spec.counts) > 2 else spec.counts[0]
    expected = getattr(ts, func)(**{**spec.valid, arg: 0})
    got = getattr(ts, func)(**{**spec.valid, arg: -0.0})
    assert str(got) == str(expected)
