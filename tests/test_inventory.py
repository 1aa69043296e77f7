"""The hand inventory of the five seeds (tests/inventory/*.yaml), used to measure `scan`.

Checks that every item's span is exactly its quote in the seed text, that kinds and their
``stated`` fields are those of the claim format (shared/DESIGN.md, "Claims"), that the trial,
source and outcome ids exist in ``data/``, and that no item overlaps a negative (a look-alike
that is not a claim). The seed texts are not part of the repository: the span checks run where
they are found (``TRIALSTATS_SEEDS``, or ``shared/seeds`` beside the checkout) and are skipped elsewhere; the
inventory records each seed's SHA-256 so a changed seed is reported, not silently mismatched.
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
INVENTORY = ROOT / "tests" / "inventory"
DATA = ROOT / "data"
FILES = sorted(INVENTORY.glob("*.yaml"))

# kind -> (required stated fields, optional stated fields), as in shared/DESIGN.md / COMMON
KINDS = {
    "proportion": ({"value"}, {"n", "arm"}),
    "two_proportions": ({"treatment", "control"}, {"treatment_arm", "control_arm"}),
    "effect": ({"measure"}, {"estimate", "low", "high", "se", "p", "n1", "n2",
                             "confidence_level", "direction"}),
    "median_time": ({"value"}, {"arm"}),
    "count": ({"value"}, {"what", "arm"}),
    "citation": (set(), {"author", "year", "journal", "volume", "issue", "pages", "title",
                         "pmid", "doi"}),
    "arithmetic": ({"expression", "value"}, set()),
    "duration": ({"value", "what"}, {"arm"}),
    "significance": ({"direction", "significant"}, {"outcome_concept", "comparator"}),
    "design": (set(), {"randomized", "blinding", "structure", "control", "arms", "comparator"}),
    "support": ({"statement"}, {"condition", "population", "intervention", "outcome", "design"}),
    "pooled": (set(), {"measure", "estimate", "low", "high", "k", "n_participants", "value"}),
}
COMMON_STATED = {"intervention", "comparator"}
ENUMS = {
    ("count", "what"): {"randomized", "analyzed", "completed", "events", "infusions", "weeks",
                        "studies", "participants"},
    ("duration", "what"): {"course", "infusion", "follow_up", "onset", "wearing_off", "interval"},
    ("significance", "direction"): {"better", "worse", "no_difference"},
    ("significance", "significant"): {True, False},
    ("design", "randomized"): {True, False},
    ("design", "blinding"): {"open", "single", "double", "triple"},
    ("design", "structure"): {"parallel", "crossover", "single_arm"},
    ("design", "control"): {"placebo", "active_placebo", "active", "none", "waitlist",
                            "usual_care"},
}
CONCEPTS = {"response", "remission", "relapse", "dropout", "adverse_event", "symptom_score",
            "prevalence", "treatment_seeking", "biomarker", "other"}
ITEM_KEYS = {"quote", "start", "end", "kind", "stated", "trial", "source", "outcome", "claim",
             "note"}


def _column(table: str, *names: str) -> set:
    with open(DATA / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return {tuple(row[n] for n in names) if len(names) > 1 else row[names[0]]
                for row in csv.DictReader(fh)}


TRIALS = _column("trials", "trial_id")
SOURCES = _column("sources", "source_id")
OUTCOMES = (_column("binary_outcomes", "trial_id", "outcome_id")
            | _column("relapse", "trial_id", "relapse_id")
            | _column("reported_effects", "trial_id", "outcome_id")
            | _column("continuous_outcomes", "trial_id", "outcome_id"))


def _seeds_dir() -> Path | None:
    for cand in (os.environ.get("TRIALSTATS_SEEDS"),
                 str(ROOT.parent / "shared" / "seeds")):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rows(inv: dict):
    for section in ("items", "negatives", "out_of_format"):
        for i, row in enumerate(inv.get(section) or []):
            yield section, i, row


def test_five_inventories_one_per_seed():
    assert len(FILES) == 5
    for path in FILES:
        inv = load(path)
        assert inv["seed"] == path.stem + ".txt"
        assert len(inv["items"]) >= 15, path.name
        assert inv["negatives"], path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_spans_are_their_quotes(path):
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("seed texts not found (set TRIALSTATS_SEEDS)")
    inv = load(path)
    with open(seeds / inv["seed"], encoding="utf-8") as fh:  # as scan and the brief read it
        text = fh.read()
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == inv["sha256"], "seed changed"
    assert len(text) == inv["chars"]
    for section, i, row in rows(inv):
        assert text[row["start"]:row["end"]] == row["quote"], (section, i, row["quote"])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_spans_are_well_formed(path):
    inv = load(path)
    for section, i, row in rows(inv):
        assert isinstance(row["start"], int) and isinstance(row["end"], int), (section, i)
        assert 0 <= row["start"] < row["end"] <= inv["chars"], (section, i)
        assert row["end"] - row["start"] == len(row["quote"]), (section, i, row["quote"])
        assert row["quote"] == row["quote"].strip(), (section, i, "untrimmed quote")
        if section != "items":
            assert row.get("why"), (section, i, "a negative says why it is not a claim")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_kinds_and_stated_fields(path):
    for i, item in enumerate(load(path)["items"]):
        where = f"{path.name} item {i} ({item['quote'][:40]!r})"
        assert set(item) <= ITEM_KEYS, (where, set(item) - ITEM_KEYS)
        assert item["kind"] in KINDS, where
        required, optional = KINDS[item["kind"]]
        stated = item["stated"]
        assert isinstance(stated, dict) and stated, where
        assert required <= set(stated), (where, required - set(stated))
        extra = set(stated) - required - optional - COMMON_STATED
        assert not extra, (where, extra)
        for (kind, name), allowed in ENUMS.items():
            if item["kind"] == kind and name in stated:
                assert stated[name] in allowed, (where, name, stated[name])
        if "outcome_concept" in stated:
            assert stated["outcome_concept"] in CONCEPTS, where
        if item["kind"] == "citation":
            assert "source" in item, (where, "a citation names its source id or null")
            assert set(stated) & KINDS["citation"][1], where
        if item["kind"] == "support":
            assert item.get("source") or item.get("trial") or item.get("note"), where


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_ids_exist_in_data(path):
    for i, item in enumerate(load(path)["items"]):
        where = f"{path.name} item {i} ({item['quote'][:40]!r})"
        trials = item.get("trial")
        trials = [] if trials is None else [trials] if isinstance(trials, str) else trials
        for t in trials:
            assert t in TRIALS, (where, t)
        if item.get("source") is not None:
            assert item["source"] in SOURCES, (where, item["source"])
        outcome = item.get("outcome")
        if isinstance(outcome, str):
            assert len(trials) == 1 and (trials[0], outcome) in OUTCOMES, (where, outcome)
        elif isinstance(outcome, dict):
            for t, o in outcome.items():
                assert t in trials and (t, o) in OUTCOMES, (where, t, o)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_item_overlaps_a_negative(path):
    inv = load(path)
    for item in inv["items"]:
        for neg in inv["negatives"]:
            assert item["end"] <= neg["start"] or neg["end"] <= item["start"], (
                item["quote"], neg["quote"])


def test_items_are_not_listed_twice():
    for path in FILES:
        spans = [(it["start"], it["end"], it["kind"]) for it in load(path)["items"]]
        assert len(spans) == len(set(spans)), path.name


# -- the bundled claim files register every inventory item -----------------------------------

CLAIMS = DATA / "claims"


def _claims_of(document: str) -> list[dict]:
    data = yaml.safe_load((CLAIMS / f"{document}.yaml").read_text(encoding="utf-8"))
    return data["claims"]


def _words(text: str) -> list[str]:
    return [w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split()]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_item_is_a_claim_at_the_same_place(path):
    inv = load(path)
    claims = _claims_of(inv["document"])
    ids = [c["id"] for c in claims]
    assert len(ids) == len(set(ids)), "claim ids are unique per file"
    by_id = {c["id"]: c for c in claims}
    items = {it["claim"]: it for it in inv["items"]}
    assert len(items) == len(inv["items"]), "one claim per inventory item"
    assert set(items) == set(by_id), (set(items) ^ set(by_id))
    for cid, it in items.items():
        c = by_id[cid]
        assert c["where"] == {"start": it["start"], "end": it["end"], "quote": it["quote"]}, cid
        assert c["kind"] == it["kind"], cid
        stated = dict(c["stated"])
        if it["kind"] == "citation":
            assert stated.pop("source", None) == it.get("source"), cid
        else:
            assert c.get("source") == it.get("source"), cid
            assert c.get("trial") == it.get("trial"), cid
        assert stated == it["stated"], cid
        assert c.get("outcome") == it.get("outcome"), cid


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_says_is_our_own_words(path):
    # a claim's `says` paraphrases the statement: no run of six words copied from its quote
    inv = load(path)
    quotes = {it["claim"]: it["quote"] for it in inv["items"]}
    for c in _claims_of(inv["document"]):
        if c["kind"] == "citation":
            continue  # a reference is named by its own title and journal
        says, quote = _words(c["says"]), " ".join(_words(quotes[c["id"]]))
        runs = [" ".join(says[i:i + 6]) for i in range(len(says) - 5)]
        assert not [r for r in runs if r in quote], (c["id"], c["says"])
