"""One function holds the verdict precedence: inconsistent > misattributed > unverifiable > consistent."""

from __future__ import annotations

from trialstats.claims.verdict import Findings, decide


def test_precedence():
    assert (
        decide(Findings(compared=["a"], failures=["b"], misattributions=["c"], missing=["d"]))[0]
        == "inconsistent"
    )
    assert decide(Findings(compared=["a"], misattributions=["c"], missing=["d"]))[0] == "misattributed"
    assert decide(Findings(compared=["a"], missing=["d"]))[0] == "unverifiable"
    assert decide(Findings())[0] == "unverifiable"
    assert decide(Findings(compared=["a"]))[0] == "consistent"


def test_explanation_puts_failures_first_and_names_what_was_not_compared():
    _, text = decide(Findings(compared=["estimate fits"], failures=["p differs"], missing=["se not in data"]))
    low = text.lower()
    assert low.index("p differs") < low.index("not compared") < low.index("compared: estimate fits")
