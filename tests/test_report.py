"""The report's claims part: every bundled claim rendered with its working; deterministic files."""

from __future__ import annotations

import json
import re
from pathlib import Path

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


def test_report_claim_files_are_deterministic(tmp_path, empty_notebooks, results, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the date line may differ otherwise
    again = verify_claims(results=True)
    write_report(tmp_path / "a", notebooks_dir=empty_notebooks, claims=results)
    write_report(tmp_path / "b", notebooks_dir=empty_notebooks, claims=again)
    for name in ("claims.json", "claims.md", "claims.html", "index.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_progress_is_reported(tmp_path, empty_notebooks, results):
    messages = []
    write_report(tmp_path / "r", notebooks_dir=empty_notebooks, claims=results, progress=messages.append)
    assert any("claims" in m for m in messages)


def test_analysis_links_come_from_the_section_table_not_text_matching(tmp_path):
    # notebook 06 mentions feder2021 (its arm sizes) but is not about the trial's outcomes
    records = [
        {"name": "01-response-rates", "html": "notebooks/01-response-rates.html",
         "anchors": {"Feder et al. 2021: ketamine vs midazolam, CAPS-5 responders at week 2": "feder-h2"}},
        {"name": "06-coverage", "html": "notebooks/06-coverage.html", "anchors": {}},
    ]
    links = analysis_links(tmp_path, records)
    assert ("01-response-rates: Feder et al. 2021: ketamine vs midazolam, CAPS-5 responders at week 2",
            "notebooks/01-response-rates.html#feder-h2") in links["feder2021"]
    assert not any("06-coverage" in href for _, href in links["feder2021"])


def test_every_listed_section_heading_exists():
    import nbformat

    from trialstats.report.sections import SECTIONS

    root = Path(__file__).resolve().parents[1] / "notebooks"
    for stem, heading, _, _ in SECTIONS:
        nb = nbformat.read(root / f"{stem}.ipynb", as_version=4)
        headings = {line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
                    for line in c.source.splitlines() if line.startswith("#")}
        assert heading in headings, (stem, heading)


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


def _notebook(folder, name, source):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}\n\n## Checks"), nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.mark.slow
@pytest.mark.notebooks
def test_failing_notebook_fails_the_report_and_comes_first_in_plain_text(tmp_path, monkeypatch, capsys):
    import trialstats.report as report
    from trialstats.cli import main

    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    _notebook(nb_dir, "01-fine", "print('fine')")
    _notebook(nb_dir, "02-broken", "assert 1 + 1 == 3, 'the printed figure is not reproduced'")
    monkeypatch.setattr(report, "find_notebooks_dir", lambda start=None: nb_dir)
    code = main(["report", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "notebooks failed: 02-broken" in err
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    failures = page.index('id="failures"')
    assert failures < page.index('id="summary"') < page.index('id="claims"')
    assert "02-broken</a> FAILED" in page and "the printed figure is not reproduced" in page
    nb_page = (tmp_path / "out" / "notebooks" / "02-broken.html").read_text(encoding="utf-8")
    assert "\x1b[" not in page and "\x1b[" not in nb_page  # tracebacks as plain text
    executed = (tmp_path / "out" / "notebooks" / "02-broken.ipynb").read_text(encoding="utf-8")
    assert "\\u001b[" not in executed and '"execution":' not in executed


def test_plain_install_writes_the_claims_report_and_names_the_extra(tmp_path, monkeypatch, capsys, results):
    import trialstats.report as report
    import trialstats.report.notebooks as nbmod
    from trialstats.cli import main

    monkeypatch.setattr(report, "notebook_support", lambda: "nbclient")
    assert nbmod.NOTEBOOK_EXTRA == "report"
    code = main(["report", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count("trialstats[report]") == 1
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page  # the stated-vs-recomputed figure
    assert "trialstats[report]" in page


def test_installed_package_without_notebooks_says_so(tmp_path, monkeypatch, capsys):
    import trialstats.report as report
    from trialstats.cli import main

    monkeypatch.setattr(report, "find_notebooks_dir", lambda start=None: None)
    assert main(["report", "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err.count("notebooks not found") == 1


def test_report_page_has_provenance_filters_and_footer(tmp_path, empty_notebooks, results):
    from trialstats import __version__

    index = write_report(tmp_path / "r", notebooks_dir=empty_notebooks, claims=results)
    page = index.read_text(encoding="utf-8")
    assert page.count('<details class="card"') == len(results)
    assert "<details class=\"card\" open" not in page  # collapsed
    assert 'id="filters"' in page and 'name="document"' in page and 'name="verdict"' in page
    assert "https://doi.org/10.1176/appi.ajp.2020.20050596" in page  # Feder 2021's DOI
    assert "https://pubmed.ncbi.nlm.nih.gov/33397139/" in page
    assert "where in the document" in page and "source: place" in page
    assert f"trialstats {__version__}" in page and "data package SHA-256" in page
    for name in ("Python", "numpy", "scipy"):
        assert f"{name} " in page
    # failures (misattributed) come before consistent cards
    assert page.index('data-verdict="misattributed"') < page.index('data-verdict="consistent"')


def test_single_file_report(tmp_path, empty_notebooks, results):
    out = tmp_path / "one.html"
    index = write_report(out, notebooks_dir=empty_notebooks, claims=results, single_file=True)
    assert index == out and out.is_file()
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|link)[^>]+src=\"(?!data:)", page)  # nothing loaded from elsewhere
