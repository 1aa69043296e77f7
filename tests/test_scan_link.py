"""Linking routes of `scan`, the drafted claim file, verification and the command line.

Sentences are from the seed pages (see tests/test_scan_extract.py for the list) or built
from the trials' own descriptions in data/trials.csv.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

import trialstats as ts
from trialstats.cli import main

SEEDS = Path(os.environ.get("TRIALSTATS_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
SEED = str(SEEDS / "002_0de211eb7dae51b5.txt")
needs_seeds = pytest.mark.skipif(
    not Path(SEED).is_file(), reason="the seed pages are not here (set TRIALSTATS_SEEDS)"
)


def row(result, quote):
    frame = result.items
    hit = frame[frame["quote"] == quote]
    assert len(hit) == 1, list(frame["quote"])
    return hit.iloc[0]


def test_reference_entry_by_pmid():  # [000]
    r = ts.scan(
        "References\n\n  2. Feder A et al. 2021, American Journal of Psychiatry Randomized controlled "
        "trial of repeated ketamine infusions showing efficacy in chronic PTSD. (PMID 33397139)\n"
    )
    c = r.items[r.items["kind"] == "citation"].iloc[0]
    assert (c["trial"], c["source"]) == ("feder2021", "feder2021-ajp")
    assert "PMID 33397139" in c["link_reason"]


def test_reference_entry_by_doi():
    r = ts.scan(
        "References\nSomeone, A. (2019). A title. Some Journal, 1(1), 1-2. "
        "https://doi.org/10.1176/appi.ajp.2020.20050596\n"
    )
    c = r.items.iloc[0]
    assert c["trial"] == "feder2021" and "DOI" in c["link_reason"]


def test_reference_entry_by_author_year():  # [003]
    r = ts.scan(
        "References\nZarate, C. A., Jr., Singh, J. B., Carlson, P. J. (2006). A randomized trial of an "
        "N-methyl-D-aspartate antagonist in treatment-resistant depression. Archives of General "
        "Psychiatry, 63(8), 856-864.\n"
    )
    c = r.items.iloc[0]
    assert c["trial"] == "zarate2006" and "author Zarate, year 2006" in c["link_reason"]


def test_numbered_marker_through_the_reference_list():  # [000]
    text = (
        "A later randomized trial of repeated ketamine infusions showed efficacy in chronic PTSD over two "
        "weeks.²\n\nReferences\n\n  1. Feder A et al. 2014, JAMA Psychiatry Randomized controlled trial. "
        "(PMID 24740528)\n  2. Feder A et al. 2021, American Journal of Psychiatry Randomized controlled "
        "trial. (PMID 33397139)\n"
    )
    r = ts.scan(text)
    d = row(r, "over two weeks")
    assert d["trial"] == "feder2021" and d["link_reason"].startswith("citation marker -> reference 2")


def test_author_year_marker():  # [003]
    r = ts.scan(
        "Ketamine can help regulate the emotional responses associated with PTSD (Zarate et al., 2006)."
    )
    s = r.items[r.items["kind"] == "support"].iloc[0]
    assert s["trial"] == "zarate2006" and s["source"] == "zarate2006-agp"


def test_marker_without_reference_entry_is_unlinked_and_says_so():  # [004]
    r = ts.scan("In 2020, a retrospective study evaluated the use of ketamine in patients with PTSD [49].")
    s = r.items[r.items["kind"] == "support"].iloc[0]
    assert "[49] has no entry" in s["link_reason"]


def test_descriptors_in_the_sentence():  # [004]
    r = ts.scan(
        "Veterans and service members with PTSD who failed previous anti-depressant treatment were "
        "randomized to 8 infusions administered twice weekly of either placebo, low dose, or standard "
        "doses of ketamine."
    )
    d = row(r, "8 infusions")
    assert d["trial"] == "abdallah2022" and d["link_reason"].startswith("descriptors")


def test_sample_size_descriptor():  # [002]
    r = ts.scan("The trial included only 30 people.")
    assert row(r, "only 30 people")["trial"] == "feder2021"


def test_nearest_earlier_mention_in_the_paragraph():  # [002]
    r = ts.scan(
        "The strongest evidence comes from a randomized controlled trial of repeated ketamine infusions "
        "for chronic PTSD. In that study, 67% of participants who received ketamine responded to "
        "treatment, compared to just 20% in the placebo group."
    )
    d = row(
        r,
        "67% of participants who received ketamine responded to treatment, compared to just 20% "
        "in the placebo group",
    )
    assert d["trial"] == "feder2021" and d["link_reason"].startswith("nearest earlier statement")


def test_ambiguous_is_left_empty_with_candidates():  # [000]
    r = ts.scan("In a ketamine trial in veterans with PTSD, 40% of participants responded.")
    d = row(r, "40%")
    assert d["trial"] is None
    assert {"albott2018", "abdallah2022"} <= set(d["candidates"])
    assert d["link_reason"].startswith("ambiguous") and "abdallah2022" in d["link_reason"]


def test_single_infusion_in_chronic_ptsd_is_feder2014():  # [000]: the only such trial in data/
    r = ts.scan("One trial showed a single infusion rapidly reduced symptoms in chronic PTSD.")
    d = row(r, "single infusion")
    assert d["trial"] == "feder2014" and "single infusion" in d["link_reason"]


def test_same_figure_earlier_in_the_page():  # [002]
    r = ts.scan(
        "In a trial of repeated ketamine infusions for chronic PTSD, 67% of participants responded, "
        "compared to just 20% on placebo.\n\nNearly all the promising trial data, including the 67% "
        "response finding, used IV infusions."
    )
    d = r.items[(r.items["quote"] == "67%")].iloc[0]
    assert d["trial"] == "feder2021" and d["link_reason"].startswith("the same figure")


# -- the drafted claim file and verification ----------------------------------------------------------


@needs_seeds
def test_to_claims_is_a_claim_file_verify_reads(tmp_path):
    r = ts.scan(SEED)
    text = r.to_claims()
    content = yaml.safe_load(text)
    assert content["document"]["file"] == "002_0de211eb7dae51b5.txt"
    for claim, (_, item) in zip(content["claims"], r.items.iterrows(), strict=True):
        w = claim["where"]
        assert r.text[w["start"] : w["end"]] == w["quote"] == item["quote"]
        assert claim["says"] and claim["says"] not in r.text  # our words, not the page's sentence
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = ts.load_claims(path)
    assert len(loaded) == len(r.items)
    by_id = {c.id: c for c in loaded}
    tp = by_id[r.items[r.items["kind"] == "two_proportions"].iloc[0]["id"]]
    assert tp.error is None and tp.stated["comparator"] == "placebo"


@needs_seeds
def test_verify_adds_verdicts_and_catches_the_misattributed_placebo():
    r = ts.scan(SEED).verify()
    frame = r.items
    assert {"verdict", "explanation"} <= set(frame.columns)
    tp = frame[frame["kind"] == "two_proportions"].iloc[0]
    assert tp["verdict"] == "misattributed" and "midazolam" in tp["explanation"]
    median = frame[frame["kind"] == "median_time"].iloc[0]
    assert median["verdict"] == "consistent"


def test_json_records():
    r = ts.scan("The trial included only 30 people.").verify()
    records = json.loads(r.to_json())
    assert records[0]["quote"] == "only 30 people" and records[0]["trial"] == "feder2021"
    assert {"start", "end", "kind", "stated", "link_reason", "verdict", "explanation"} <= set(records[0])


@needs_seeds
def test_cli_yaml_json_html(tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert main(["scan", SEED, "--out", str(out)]) == 0
    assert yaml.safe_load(out.read_text())["claims"]
    code = main(["scan", SEED, "--verify", "--format", "json"])
    records = json.loads(capsys.readouterr().out)
    assert code == 0  # verdicts found, none `error`: as for `verify`, only --fail-on makes that a failure
    assert any(rec["verdict"] == "misattributed" for rec in records)
    assert main(["scan", SEED, "--verify", "--format", "json", "--fail-on", "misattributed"]) == 1
    capsys.readouterr()
    page = tmp_path / "review.html"
    main(["scan", SEED, "--format", "html", "--out", str(page)])
    assert "<mark" in page.read_text()


def test_cli_unreadable_input(capsys):
    assert main(["scan", "/nonexistent/page.html"]) == 2
    assert "cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize(
    "seed", ["000_d6fba1d79f0e1bdd", "001_a445824122e5347f", "003_ef8b8ecf82fe4424", "004_c49325065dc9bab5"]
)
@needs_seeds
def test_every_seed_scans_with_exact_offsets(seed):
    r = ts.scan(SEEDS / f"{seed}.txt")
    assert len(r.items) >= 5
    assert all(
        r.text[a:b] == q for a, b, q in zip(r.items["start"], r.items["end"], r.items["quote"], strict=True)
    )


def test_html_article_with_superscripts_and_a_numbered_reference_list():
    """A page in the common shape of clinic articles (written for this test; the references are
    Feder 2021, Am J Psychiatry 178:193, and Feder 2014, JAMA Psychiatry 71:681, in AMA style)."""
    r = ts.scan(Path(__file__).with_name("scan_page.html"))
    frame = r.items
    assert "cookies" not in r.text and "Home" not in r.text and "All rights reserved" not in r.text
    by_quote = {
        q: (k, t, why)
        for q, k, t, why in frame[["quote", "kind", "trial", "link_reason"]].itertuples(index=False)
    }
    assert (
        by_quote["67% of participants on ketamine responded, compared with 20% on midazolam"][1]
        == "feder2021"
    )
    assert "DOI 10.1176/appi.ajp.2020.20050596" in by_quote["over two weeks"][2]
    assert by_quote["41 patients"][1] == "feder2014"
    assert by_quote["d = 1.13; 95% CI 0.36–1.91"][:2] == ("effect", "feder2021")
    cites = frame[frame["kind"] == "citation"]
    assert cites["trial"].tolist() == ["feder2021", "feder2014"]
    assert (
        cites.iloc[0]["stated"]["journal"] == "Am J Psychiatry"
        and cites.iloc[1]["stated"]["pages"] == "681-688"
    )
    for noise in ("March 3, 2024", "5 min read", "(206) 555-0199", "24/7"):
        start = r.text.index(noise)
        assert not ((frame["start"] < start + len(noise)) & (frame["end"] > start)).any(), noise
