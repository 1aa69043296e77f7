"""Effect claims reach everything the data imply (issue 12 item 3), on the bundled data.

Feder et al. 2021 (Am J Psychiatry 178:193): CAPS-5 11.88 points lower on ketamine (SE 3.96);
responders 10/15 vs 3/15. Berman et al. 2000 (Biol Psychiatry 47:351): HDRS-25 change −14
(SD 10) on ketamine vs 0 (SD 12) on placebo, n = 7 each. Murrough et al. 2013 (Am J
Psychiatry 170:1134): MADRS change −16.5 at 24 h on ketamine; response OR 2.18 (1.21 to 4.14).
"""

from __future__ import annotations

import pytest

from trialstats.claims import Claim, verify_claim


def run(stated, trial=None, outcome=None):
    c = Claim(
        document="doc",
        document_title="Doc",
        id="c1",
        says="x",
        kind="effect",
        stated=stated,
        trial=trial,
        outcome=outcome,
    )
    return verify_claim(c)


@pytest.mark.parametrize(
    ("estimate", "verdict"),
    [
        ("11.88 points lower", "consistent"),
        ("−11.88", "consistent"),
        ("11.88 points higher", "inconsistent"),
        ("11.88", "consistent"),
    ],
)
def test_direction_words_set_the_sign(estimate, verdict):
    r = run({"measure": "MD", "estimate": estimate}, "feder2021", "caps5_week2_md")
    assert r.verdict == verdict
    if estimate == "11.88":
        assert "compared by size" in r.explanation  # no sign, no direction word: said so


def test_p_alone_is_compared_with_what_the_data_imply():
    assert run({"measure": "MD", "p": "0.9"}, "feder2021", "caps5_week2_md").verdict == "inconsistent"
    assert run({"measure": "MD", "p": "p < 0.01"}, "feder2021", "caps5_week2_md").verdict == "consistent"


def test_ratios_recomputed_from_counts():
    # RR = (10/15)/(3/15) = 3.33; "three times as likely" fits; NNT = 1/(0.667-0.2) = 2.14
    assert run({"measure": "RR", "estimate": "three times as likely"}, "feder2021").verdict == "consistent"
    assert run({"measure": "RR", "estimate": "5"}, "feder2021").verdict == "inconsistent"
    assert run({"measure": "NNT", "estimate": "2"}, "feder2021").verdict == "consistent"
    r = run({"measure": "RD", "estimate": "47%"}, "feder2021")
    assert r.verdict == "consistent" and any("10/15" in s for s in r.steps)


def test_md_recomputed_from_means_and_sds():
    r = run({"measure": "MD", "estimate": "14 points lower"}, "berman2000")
    assert r.verdict == "consistent" and "recomputed" in r.explanation
    assert run({"measure": "MD", "estimate": "-20"}, "berman2000").verdict == "inconsistent"


def test_within_group_change_and_reported_ratio():
    r = run({"measure": "change", "estimate": "fell by 16.5"}, "murrough2013", "madrs_24h_change_ketamine")
    assert r.verdict == "consistent"
    r = run({"measure": "OR", "estimate": "2.18", "low": "1.21", "high": "4.14"}, "murrough2013")
    assert r.verdict == "consistent" and r.numbers[0].source_id


def test_unsupported_direction_value_is_named():
    r = run(
        {"measure": "d", "estimate": "1.13", "direction": "favours_treatment"}, "feder2021", "caps5_week2_d"
    )
    assert r.verdict == "unverifiable" and "direction" in r.explanation
