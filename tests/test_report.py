"""The report's claims part: every bundled claim rendered with its working; deterministic files."""

from __future__ import annotations

import json
import re

import pytest

from trialstats.claims import verify_claims
from trialstats.report import analysis_links, write_report


@pytest.fixture(scope="module")
def results():
    return verify_claims(results=True)


@pytest.fixture
def empty_notebooks(tmp_path):
    folder = tmp_path / "no-notebooks"
    folder.mkdir()
    return folder


def test_report_renders_every_bundled_claim(tmp_path, empty_notebooks, results):
    index = write_report(tmp_path / "report", notebooks_dir=empty_notebooks, claims=results)
    page = index.read_text(encoding="utf-8")
    for r in results:
        assert f'id="{r.claim.document}--{r.claim.id}"' in page, r.claim.id
    # a summary of verdicts per document
    docs = {r.claim.document for r in results}
    for doc in docs:
        assert f'href="#doc-{doc}"' in page
    # self-contained: no external scripts, styles or images
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page)
    records = json.loads((tmp_path / "report" / "claims.json").read_text(encoding="utf-8"))
    assert len(records) == len(results)
    assert (tmp_path / "report" / "claims.md").read_text(encoding="utf-8").startswith("# Verified claims")


def test_report_claim_files_are_deterministic(tmp_path, empty_notebooks, results):
    again = verify_claims(results=True)
    write_report(tmp_path / "a", notebooks_dir=empty_notebooks, claims=results)
    write_report(tmp_path / "b", notebooks_dir=empty_notebooks, claims=again)
    for name in ("claims.json", "claims.md", "claims.html", "index.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_progress_is_reported(tmp_path, empty_notebooks, results):
    messages = []
    write_report(tmp_path / "r", notebooks_dir=empty_notebooks, claims=results, progress=messages.append)
    assert any("claims" in m for m in messages)


def test_analysis_links(tmp_path):
    nb = tmp_path / "01-feder.ipynb"
    nb.write_text('{"cells": [{"source": ["ts.load_trial(\\"feder2021\\")"]}]}', encoding="utf-8")
    links = analysis_links(tmp_path, [{"name": "01-feder", "html": "notebooks/01-feder.html"}])
    assert links == {"feder2021": [("01-feder", "notebooks/01-feder.html")]}


def test_claims_link_to_analyses(tmp_path, results):
    from trialstats.claims.render import render_html

    page = render_html(results, links={"feder2021": [("01-feder", "notebooks/01-feder.html")]})
    assert 'href="notebooks/01-feder.html"' in page


def test_cli_report(tmp_path, monkeypatch, capsys, empty_notebooks):
    import trialstats.report as report

    monkeypatch.setattr(report, "find_notebooks_dir", lambda start=None: empty_notebooks)
    from trialstats.cli import main

    code = main(["report", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "verifying the bundled claims" in err
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "claims.json").is_file()
