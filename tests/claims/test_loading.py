"""Claim files: loading errors (each message), safe YAML, and the bundled claims about the seeds."""

from __future__ import annotations

import re
import textwrap

import pytest

import trialstats as ts
from trialstats.claims import KINDS, VERDICTS, ClaimFileError, load_claims, verify_claims

HEAD = "document: {id: test-doc, title: Test document, url: null, file: seed.txt}\nclaims:\n"


def write(tmp_path, body: str, name: str = "claims.yaml", head: str = HEAD):
    path = tmp_path / name
    path.write_text(head + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return path


GOOD = """
- id: good
  says: two in three responded
  kind: proportion
  stated: {value: "67%", n: 15}
"""


@pytest.mark.parametrize(
    ("body", "pattern"),
    [
        (
            "- id: c\n  says: x\n  kind: percentage\n  stated: {value: '5%'}\n",
            r"claim 'c': kind: unknown kind 'percentage'; expected one of proportion",
        ),
        (
            "- id: c\n  says: x\n  kind: two_proportions\n  stated: {treatment: '67%'}\n",
            r"claim 'c': stated.control: required for kind two_proportions",
        ),
        (
            "- id: c\n  says: x\n  kind: proportion\n  stated: {value: lots}\n",
            r"claim 'c': stated.value: .*got 'lots'",
        ),
        (
            "- id: c\n  says: x\n  kind: count\n  trial: nobody1999\n  stated: {value: '30'}\n",
            r"claim 'c': trial: unknown trial id 'nobody1999'; known: jones2019, smith2020",
        ),
        (
            "- id: c\n  says: x\n  kind: proportion\n  trial: smith2020\n  outcome: remission\n"
            "  stated: {value: '5%'}\n",
            r"claim 'c': outcome: unknown outcome id 'remission' for trial smith2020",
        ),
        (
            "- id: c\n  says: x\n  kind: proportion\n  trial: smith2020\n"
            "  stated: {value: '5%', arm: saline}\n",
            r"claim 'c': stated.arm: unknown arm 'saline' of trial smith2020",
        ),
        (
            "- id: c\n  says: x\n  kind: proportion\n  stated: {value: '5%', denominator: 10}\n",
            r"claim 'c': stated.denominator: not a field of kind proportion",
        ),
        ("- id: c\n  kind: proportion\n  stated: {value: '5%'}\n", r"claim 'c': says: required"),
        ("- id: c\n  says: x\n  kind: proportion\n", r"claim 'c': stated: required"),
        ("- id: C 1\n  says: x\n  kind: proportion\n  stated: {value: '5%'}\n", r"claim 'C 1': id: required"),
        (
            "- id: c\n  says: x\n  kind: proportion\n  stated: {value: '5%'}\n  stat: 1\n",
            r"claim 'c': stat: unknown field",
        ),
        (
            "- id: c\n  says: x\n  kind: arithmetic\n  stated: {expression: 'open(1)', value: '1'}\n",
            r"claim 'c': stated.expression: .*Call is not allowed",
        ),
        (
            "- id: c\n  says: x\n  kind: effect\n  stated: {measure: XYZ, estimate: '4'}\n",
            r"claim 'c': stated.measure: .*one of MD, SMD",
        ),
        (
            "- id: c\n  says: x\n  kind: count\n  stated: {value: '4', what: deaths}\n",
            r"claim 'c': stated.what: .*one of randomized",
        ),
        (
            "- id: c\n  says: x\n  kind: median_time\n  stated: {value: '27.5'}\n",
            r"claim 'c': stated.value: .*a span of time with its unit",
        ),
        (
            "- id: c\n  says: x\n  kind: citation\n  stated: {source: unknown-src}\n",
            r"claim 'c': stated: a citation states at least one of",
        ),
        (
            "- id: c\n  says: x\n  kind: citation\n  stated: {source: unknown-src, year: 2001}\n",
            r"claim 'c': stated.source: unknown source id 'unknown-src'",
        ),
        ("- just a string\n", r"claim #2: claim: expected a mapping"),
    ],
)
def test_bad_claim_becomes_error_row_and_the_rest_is_verified(tiny_data, tmp_path, body, pattern):
    path = write(tmp_path, textwrap.dedent(GOOD) + body)
    claims = load_claims(path, data=tiny_data)
    assert len(claims) == 2
    assert claims[0].error is None
    assert claims[1].error is not None
    assert claims[1].error.startswith("claims.yaml, ")
    assert re.search(pattern, claims[1].error), claims[1].error
    table = verify_claims(claims, data=tiny_data)
    assert list(table["verdict"]) == ["consistent", "error"]


def test_duplicate_ids(tiny_data, tmp_path):
    path = write(tmp_path, textwrap.dedent(GOOD) * 2)
    claims = load_claims(path, data=tiny_data)
    assert claims[0].error is None
    assert "id: duplicate claim id 'good'" in claims[1].error


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("document: {id: a, title: b\nclaims: [", r"not valid YAML \(line \d+, column \d+\)"),
        ("- 1\n- 2\n", r"expected a mapping with 'document' and 'claims', got list"),
        ("claims: []\n", r"field 'document' is missing"),
        ("document: {id: Bad_Id, title: t}\nclaims: []\n", r"document.id must be lower-case .*got 'Bad_Id'"),
        ("document: {id: ok-id}\nclaims: []\n", r"document.title is required"),
        ("document: {id: ok-id, title: t}\nclaims: []\n", r"'claims' must be a non-empty list"),
        ("document: {id: ok-id, title: t, author: me}\nclaims: [1]\n", r"document has unknown field"),
        ("document: !!python/object/apply:os.system ['true']\nclaims: []\n", r"not valid YAML"),
        ("", r"expected a mapping .* got NoneType"),
    ],
)
def test_malformed_file_raises_claim_file_error(tiny_data, tmp_path, text, pattern):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClaimFileError, match=pattern) as info:
        load_claims(path, data=tiny_data)
    assert "broken.yaml" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_duplicate_document_ids_across_files(tiny_data, tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ClaimFileError, match="document id 'test-doc' is already used"):
        load_claims(tmp_path, data=tiny_data)


def test_missing_path(tiny_data):
    with pytest.raises(ClaimFileError, match="no such claim file"):
        load_claims("/nonexistent/claims.yaml", data=tiny_data)


# -- the bundled claims ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return verify_claims(results=True)


def test_bundled_claims_load_without_errors(bundled):
    errors = [r.explanation for r in bundled if r.verdict == "error"]
    assert errors == []
    assert len(bundled) >= 30
    assert {r.verdict for r in bundled} <= set(VERDICTS)
    assert {r.claim.kind for r in bundled} <= set(KINDS)


def test_bundled_files_one_per_seed(bundled):
    docs = {}
    for r in bundled:
        docs.setdefault(r.claim.document, r.claim)
    assert len(docs) == 5
    for doc_id, c in docs.items():
        assert re.fullmatch(r"[a-z0-9-]+", doc_id)
        assert c.file.endswith(".yaml")


def test_bundled_documents_name_their_seed_file():
    import yaml

    from trialstats.claims import bundled_claims_dir

    files = sorted(bundled_claims_dir().glob("*.yaml"))
    seeds = {yaml.safe_load(f.read_text(encoding="utf-8"))["document"]["file"] for f in files}
    assert len(seeds) == 5 and all(re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", s) for s in seeds)


def _verdict(bundled, doc, cid):
    return next(r for r in bundled if r.claim.document == doc and r.claim.id == cid)


def test_bundled_known_verdicts(bundled):
    # the guide calls Feder 2021's midazolam arm a placebo
    r = _verdict(bundled, "guide-ketamine-ptsd", "strongest-rct-response")
    assert r.verdict == "misattributed" and "midazolam" in r.explanation
    # the clinic page names midazolam correctly, in words
    assert _verdict(bundled, "nwkc-ketamine-ptsd", "feder2021-responders").verdict == "consistent"
    # "94%" with no denominator: the smallest n is 16
    r = _verdict(bundled, "nwkc-ketamine-ptsd", "program-94-percent")
    assert r.verdict == "unverifiable" and "at least 16" in r.explanation
    # the blog's Murrough 2013 citation has the wrong journal and pages
    r = _verdict(bundled, "ktc-ketamine-ptsd-blog", "ref-murrough2013")
    assert r.verdict == "misattributed" and "journal" in r.explanation and "pages" in r.explanation
    # the blog's Feder 2014 citation names the wrong journal
    assert _verdict(bundled, "ktc-ketamine-ptsd-blog", "ref-feder2014").verdict == "misattributed"
    assert _verdict(bundled, "guide-ketamine-ptsd", "course-cost").verdict == "consistent"
    assert _verdict(bundled, "guide-ketamine-ptsd", "trial-size").verdict == "consistent"


def test_public_names():
    assert ts.load_claims is load_claims
    assert ts.verify_claims is verify_claims
    table = ts.verify_claims()
    assert list(table.columns[:10]) == [
        "document",
        "claim",
        "kind",
        "says",
        "where",
        "stated",
        "recomputed",
        "interval",
        "verdict",
        "explanation",
    ]
