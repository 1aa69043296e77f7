"""Reading documents for `scan`: HTML main text, Markdown, files and URLs (local server)."""

from __future__ import annotations

import http.server
import socket
import threading
from pathlib import Path

import pytest

import trialstats as ts
from trialstats.scanning.reading import DocumentError, html_to_text, markdown_to_text, read_document

PAGE = """<!DOCTYPE html><html><head><title>Ketamine &amp; PTSD</title>
<style>p { color: red }</style><script>var x = "67% of nothing";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About 24/7</a></nav>
<div id="cookie-consent">We use cookies. Accept 100% of them?</div>
<header class="site">Clinic logo</header>
<main>
<h1>What the research shows</h1>
<p>In that study, <strong>67&#37;</strong> of <em>participants <b>who received</b> ketamine</em>
responded, compared to just 20&nbsp;% in the placebo group.</p>
<p>The trial included only 30 people.<br>Side effects faded within an hour.</p>
<ul><li>one item</li><li>two items</li></ul>
</main>
<footer>Call (310)601-9999</footer>
</body></html>"""


def test_html_keeps_main_text_paragraphs_and_headings():
    text, title, _ = html_to_text(PAGE)
    assert title == "Ketamine & PTSD"
    assert text.startswith(
        "What the research shows\n\nIn that study, 67% of participants who received ketamine"
    )
    for dropped in ("var x", "color: red", "Home", "cookies", "Clinic logo", "(310)601-9999"):
        assert dropped not in text
    assert "30 people.\nSide effects" in text  # <br> is a line break
    assert "\n\n• one item\n\n• two items" in text


def test_html_offsets_index_the_text_with_entities_and_nested_tags():
    r = ts.scan(PAGE)
    assert len(r.items) >= 3
    for _, row in r.items.iterrows():
        assert r.text[row["start"] : row["end"]] == row["quote"]
    quotes = list(r.items["quote"])
    assert any(q.startswith("67% of participants who received ketamine") for q in quotes)
    assert "only 30 people" in quotes


def test_html_without_main_drops_navigation_and_footer():
    text, _, _ = html_to_text("<body><nav>Menu</nav><p>Body text</p><footer>Legal</footer></body>")
    assert text == "Body text"


def test_html_unclosed_tags_and_hidden_elements():
    text, _, _ = html_to_text("<p>first<p>second<div hidden>secret</div><div aria-hidden='true'>x</div>")
    assert text == "first\n\nsecond"


def test_html_links_are_kept_with_offsets():
    text, _, links = html_to_text('<p>See <a href="https://doi.org/10.1001/x">Feder 2014</a>.</p>')
    assert [text[k.start : k.end] for k in links] == ["Feder 2014"]
    assert links[0].href == "https://doi.org/10.1001/x"


def test_markdown_loses_markup_keeps_paragraphs():
    text, links = markdown_to_text(
        "# Title\n\n**67%** responded [1](https://pubmed.ncbi.nlm.nih.gov/33397139/)\n\n- a\n- b"
    )
    assert text.startswith("Title\n\n67% responded 1 (https://pubmed.ncbi.nlm.nih.gov/33397139/)")
    assert "• a\n• b" in text
    assert links[0].href.endswith("33397139/")


def test_files_by_suffix(tmp_path: Path):
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "p.md").write_text("## Results\n\nThe trial included only 30 people.", encoding="utf-8")
    (tmp_path / "p.txt").write_text("<p>kept as text</p>", encoding="utf-8")
    assert read_document(tmp_path / "p.html").kind == "html"
    assert read_document(str(tmp_path / "p.md")).text == "Results\n\nThe trial included only 30 people."
    assert read_document(tmp_path / "p.txt").kind == "html"  # a .txt holding markup is read as HTML


def test_missing_file_and_wrong_type():
    with pytest.raises(DocumentError, match="cannot be read"):
        read_document(Path("/nonexistent/page.html"))
    with pytest.raises(TypeError, match="document must be"):
        ts.scan(42)
    with pytest.raises(TypeError, match="data must be a DataPackage"):
        ts.scan("text", data="data/")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_url_fetched_from_a_local_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        r = ts.scan(f"http://127.0.0.1:{server.server_port}/article")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert r.document.kind == "html" and r.document.origin.endswith("/article")
    assert "only 30 people" in list(r.items["quote"])


def test_url_offline_is_a_clear_error():
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DocumentError, match="could not be fetched.*offline"):
        read_document(f"http://127.0.0.1:{port}/page", timeout=2)
