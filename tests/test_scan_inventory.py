"""`scan` measured against the hand inventory of the five seeds (tests/inventory/).

Goals per seed (issue 13): recall >= 90%, precision >= 80%, links correct >= 85%. The
definitions are in tests/scan_measure.py. The verdicts of scanned statements are compared
with the bundled claim files' verdicts where the inventory names the bundled claim.
"""

from __future__ import annotations

import pytest

import trialstats as ts

scan_measure = pytest.importorskip("scan_measure")

STEMS = scan_measure.stems()
pytestmark = pytest.mark.skipif(
    not scan_measure.HAVE_SEEDS, reason="the seed pages are not here (set TRIALSTATS_SEEDS)"
)


@pytest.fixture(scope="module")
def results():
    return {stem: ts.scan(scan_measure.SEEDS / f"{stem}.txt").verify() for stem in STEMS}


def test_inventory_present():
    assert len(STEMS) == 5


@pytest.mark.parametrize("stem", STEMS)
def test_recall_precision_links(stem, results):
    m = scan_measure.measure(stem, results[stem])
    assert m.recall >= 0.90, m.misses
    assert m.precision >= 0.80, m.false_positives
    assert m.link_accuracy >= 0.85, m.wrong_links


@pytest.mark.parametrize("stem", STEMS)
def test_inventory_offsets_match_the_scanned_text(stem, results):
    import yaml

    inv = yaml.safe_load((scan_measure.INVENTORY / f"{stem}.yaml").read_text(encoding="utf-8"))
    text = results[stem].text
    for item in inv["items"]:
        assert text[item["start"] : item["end"]] == item["quote"]


# Verdicts that differ from the bundled claim files, and why (each checked by hand).
KNOWN = {
    "lifetime-prevalence": "the page names no survey; "
    "goldstein2016 and kessler2005 both fit its descriptors, so "
    "scan leaves the link empty (candidates named) and the verdict is unverifiable; the bundled claim names "
    "goldstein2016 by hand",
    "ssri-response-rate": "the page names a drug class (SSRIs), no trial; scan does not expand a class "
    "into its trials, so the draft is unverifiable; the bundled claim lists the class's trials by hand",
    "wilkinson2018-up-to-one-week": "scan reads 'for up to 1 week' after a course of treatment as the "
    "course length; the bundled claim reads it as how long the effect was followed (follow-up), which "
    "is what the sentence means: a known limit of scan's duration classifier",
}


def _kind_missing(kind: str) -> bool:
    """The claims layer of this branch does not know the kind yet (it lands with the claims package)."""
    from trialstats import claims

    return kind not in claims.KINDS


def _agreement(results):
    import yaml

    bundled = ts.verify_claims()
    by_claim = {(d, c): v for d, c, v in bundled[["document", "claim", "verdict"]].itertuples(index=False)}
    rows = []
    for stem in STEMS:
        inv = yaml.safe_load((scan_measure.INVENTORY / f"{stem}.yaml").read_text(encoding="utf-8"))
        frame = results[stem].items
        for item in inv["items"]:
            key = (inv["document"], item.get("claim"))
            if key not in by_claim:
                continue
            hit = frame[
                (frame["start"] < item["end"])
                & (item["start"] < frame["end"])
                & (frame["kind"] == item["kind"])
            ]
            if hit.empty:
                continue
            rows.append(
                (
                    stem,
                    item["claim"],
                    by_claim[key],
                    hit.iloc[0]["verdict"],
                    hit.iloc[0]["quote"],
                    item["kind"],
                )
            )
    return rows


def test_verdicts_agree_with_the_bundled_claims(results):
    rows = _agreement(results)
    assert len(rows) >= 15
    disagree = [
        r
        for r in rows
        if r[2] != r[3] and r[1] not in KNOWN and not (r[3] == "error" and _kind_missing(r[5]))
    ]
    assert not disagree, disagree
