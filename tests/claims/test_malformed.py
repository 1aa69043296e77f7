"""One claim of every malformed shape (issue 11): each is an `error` row naming the claim
and the field; every other claim still gets its verdict; `verify` exits 1 and prints every row.

Figures are Feder et al. 2021 (Am J Psychiatry 178:193): 67% vs 20% responders, d = 1.13
(0.36 to 1.91), CAPS-5 difference 11.88 points (SE 3.96).
"""

from __future__ import annotations

import json

from trialstats.claims import claim_results
from trialstats.cli import main

MALFORMED = """\
  - id: good-responders
    says: two in three responded on ketamine, one in five on midazolam
    kind: two_proportions
    trial: feder2021
    outcome: caps5_response
    stated: {treatment: "67%", control: "20%"}
  - id: n1-with-thousands
    says: a difference for 1,200 and 1,300 people
    kind: effect
    stated: {measure: MD, estimate: "17", low: "1.4", high: "32.6", n1: "1,200", n2: "1,300"}
  - id: range-in-low
    says: d with its interval in one field
    kind: effect
    trial: feder2021
    stated: {measure: d, estimate: "1.13", low: "0.36–1.91"}
  - id: typo-field
    says: a misspelt field
    kind: two_proportions
    trial: feder2021
    stated: {treatmnet: "67%", control: "20%"}
  - id: unknown-trial
    says: a trial id with a typo
    kind: count
    trial: feder2012
    stated: {value: "30"}
  - id: unknown-arm
    says: an arm id with a typo
    kind: proportion
    trial: feder2021
    stated: {value: "67%", arm: ketamin}
  - id: unknown-kind
    says: a kind with a typo
    kind: proportoin
    stated: {value: "67%"}
  - id: not-a-number
    says: a figure that is no figure
    kind: proportion
    stated: {value: "lots"}
  - id: p-alone
    says: the CAPS-5 difference had p = 0.9
    kind: effect
    trial: feder2021
    outcome: caps5_week2_md
    stated: {measure: MD, p: "0.9"}
"""


def test_every_malformed_claim_is_an_error_row_and_the_others_are_verified(claim_file):
    results = {r.claim.id: r for r in claim_results(claim_file(MALFORMED))}
    assert results["good-responders"].verdict == "consistent"
    # "1,200" is read by the same parser at load and at check: no crash, a verdict
    assert results["n1-with-thousands"].verdict == "consistent"
    err = results["range-in-low"]
    assert err.verdict == "error" and "stated.low" in err.explanation and "low and high" in err.explanation
    err = results["typo-field"]
    assert (
        err.verdict == "error"
        and "stated.treatmnet" in err.explanation
        and "did you mean 'treatment'" in err.explanation
    )
    assert "did you mean 'feder2021'" in results["unknown-trial"].explanation
    assert "did you mean 'ketamine'" in results["unknown-arm"].explanation
    assert "did you mean 'proportion'" in results["unknown-kind"].explanation
    assert (
        results["not-a-number"].verdict == "error" and "stated.value" in results["not-a-number"].explanation
    )
    for cid in ("range-in-low", "typo-field", "unknown-trial", "unknown-arm", "unknown-kind", "not-a-number"):
        assert results[cid].verdict == "error" and cid in results[cid].explanation
    # a p-value alone is compared with what the data imply (z = 11.88 / 3.96 = 3.0, p = 0.0027)
    p_alone = results["p-alone"]
    assert p_alone.verdict == "inconsistent" and "0.0027" in p_alone.explanation


def test_verify_exits_1_and_prints_every_row(claim_file, capsys):
    path = claim_file(MALFORMED)
    assert main(["verify", str(path), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 9 and sum(r["verdict"] == "error" for r in rows) == 6


def test_verify_exits_2_on_an_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: [unclosed", encoding="utf-8")
    assert main(["verify", str(bad)]) == 2
    assert "bad.yaml" in capsys.readouterr().err
