"""Internal consistency of an effect's interval on the measure's own scale: log for OR/RR/HR,
reciprocal for NNT (an NNT interval is 1 / the risk-difference interval), linear for MD/SMD.

Figures: the EBMH synopsis of Brady et al. 2000 (JAMA 283:1837) prints NNT 5 (95% CI 3 to
17) for sertraline response (53% vs 32%: RD 0.21, 95% CI about 0.06 to 0.35, whose
reciprocals are 17 and 3); Brady 2000 CAPS-2 change difference 9.8 (1.8 to 17.8);
issue 11's off-centre example OR 3.90 (1.21 to 4.14).
"""

from __future__ import annotations

import pytest

from trialstats.claims import Claim, verify_claim


def run(stated):
    return verify_claim(
        Claim(document="doc", document_title="Doc", id="c1", says="x", kind="effect", stated=stated)
    )


@pytest.mark.parametrize(
    ("stated", "centred"),
    [
        # 1/3 = 0.333 and 1/17 = 0.059 are centred on 1/5 = 0.2 (linear centre 10 is not)
        ({"measure": "NNT", "estimate": "5", "low": "3", "high": "17"}, True),
        ({"measure": "NNT", "estimate": "9", "low": "3", "high": "17"}, False),
        ({"measure": "MD", "estimate": "9.8", "low": "1.8", "high": "17.8"}, True),
        ({"measure": "MD", "estimate": "5", "low": "3", "high": "17"}, False),
        ({"measure": "OR", "estimate": "2.0", "low": "1.0", "high": "4.0"}, True),
        ({"measure": "OR", "estimate": "3.90", "low": "1.21", "high": "4.14"}, False),
        ({"measure": "SMD", "estimate": "0.5", "low": "0.1", "high": "0.9"}, True),
    ],
)
def test_symmetry_on_the_measures_scale(stated, centred):
    r = run(stated)
    if centred:
        # no trial: the claim's own numbers against each other
        assert "centred" in " ".join(r.steps) and r.verdict == "consistent", r.explanation
        assert "not centred" not in r.explanation
    else:
        assert r.verdict == "inconsistent" and "not centred" in r.explanation


def test_the_scale_is_named():
    assert "reciprocal scale" in " ".join(
        run({"measure": "NNT", "estimate": "5", "low": "3", "high": "17"}).steps
    )
    assert (
        "log scale" in run({"measure": "OR", "estimate": "3.90", "low": "1.21", "high": "4.14"}).explanation
    )


def test_an_nnt_interval_through_no_effect_is_read_on_the_reciprocal_scale():
    # NNTH 20 to infinity to NNTB 4 is RD -0.05 to 0.25, centred on 1/10 = 0.1
    r = run({"measure": "NNT", "estimate": "10", "low": "-20", "high": "4"})
    assert r.verdict == "consistent", r.explanation
    assert run({"measure": "NNT", "estimate": "3", "low": "-20", "high": "4"}).verdict == "inconsistent"


def test_a_relative_benefit_increase_is_read_as_an_rr():
    # EBMH synopsis of Brady 2000: RBI 64% (16% to 135%) = RR 1.64 (1.16 to 2.35)
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="x",
        kind="effect",
        trial="brady2000",
        outcome="response_rbi",
        stated={"measure": "RR", "estimate": "1.64", "low": "1.16", "high": "2.35"},
    )
    r = verify_claim(c)
    assert r.verdict == "consistent", r.explanation
    assert any(n.basis == "derived" and "relative increase" in (n.derivation or "") for n in r.numbers)
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="x",
        kind="effect",
        trial="brady2000",
        outcome="response_rbi",
        stated={"measure": "RR", "estimate": "1.46"},
    )
    assert verify_claim(c).verdict == "inconsistent"
