"""Rendering: JSON numbers beside display strings, provenance, Markdown and HTML escaping."""

from __future__ import annotations

import json

from trialstats.claims import claim_results
from trialstats.claims.render import render_html, render_json, render_markdown

HOSTILE_TEXT = """\
  - id: html
    says: "<script>alert(1)</script> | pipe [x](javascript:alert(1))"
    where: "<img src=x onerror=alert(1)>"
    kind: two_proportions
    trial: feder2021
    outcome: caps5_response
    stated: {treatment: "67%", control: "20%"}
"""


def test_json_numbers_where_working_and_provenance(claim_file):
    rows = json.loads(render_json(claim_results(claim_file(HOSTILE_TEXT))))
    row = rows[0]
    assert row["where"].startswith("<img")
    assert row["stated_values"]["treatment"]["low"] == 0.665 and isinstance(
        row["stated_values"]["treatment"]["value"], float
    )
    assert isinstance(row["recomputed_values"]["estimate"], float)
    assert isinstance(row["working"], list) and row["working"]
    prov = row["provenance"][0]
    assert prov["source_id"] == "feder2021-ajp" and prov["basis"] == "derived" and prov["location"]
    assert prov["secondary"] is False


def test_markdown_escapes_pipes_html_and_javascript_links(claim_file):
    md = render_markdown(claim_results(claim_file(HOSTILE_TEXT)))
    assert "<script>" not in md and "<img" not in md and "&lt;script&gt;" in md
    assert "\\| pipe" in md and "](javascript:" not in md and "javascript\\:" in md


def test_html_escapes_and_drops_javascript_links(claim_file):
    results = claim_results(claim_file(HOSTILE_TEXT))
    page = render_html(results, links={"feder2021": [("bad", "javascript:alert(1)"), ("nb", "nb/01.html")]})
    assert "<script>" not in page and "<img src" not in page and 'href="javascript' not in page
    assert 'href="nb/01.html"' in page
