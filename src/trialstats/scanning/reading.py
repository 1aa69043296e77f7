"""Reading a document into the text that ``scan`` works on.

Plain text is kept as it is; Markdown loses its markup (headings, emphasis, link syntax)
but keeps its paragraphs; HTML keeps the main text only: scripts, styles, navigation,
headers and footers of the site, forms and cookie banners are dropped, block elements
become paragraph breaks and headings their own paragraphs. Every offset ``scan`` reports
refers to the returned text, so ``text[start:end] == quote`` holds by construction.

HTML is read with the standard library's :mod:`html.parser`: it is tolerant of broken
markup, decodes entities, and keeps ``import trialstats`` free of a parser dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Document", "Link", "fetch_url", "html_to_text", "markdown_to_text", "read_document"]

FETCH_TIMEOUT = 15.0


@dataclass(frozen=True)
class Link:
    """A hyperlink of the document: where its text is in ``Document.text`` and its target."""

    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Document:
    """A document as ``scan`` reads it: its text, title, origin and links."""

    text: str
    title: str = ""
    origin: str = ""
    kind: str = "text"
    links: tuple[Link, ...] = field(default_factory=tuple)


# -- HTML -----------------------------------------------------------------------------------

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "head",
        "iframe",
        "form",
        "button",
        "select",
        "textarea",
        "object",
        "canvas",
        "dialog",
        "menu",
    }
)
# Site furniture: dropped unless the page has no main/article to prefer.
_CHROME_TAGS = frozenset({"header", "footer", "aside"})
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "figure",
        "figcaption",
        "pre",
        "address",
        "details",
        "summary",
        "fieldset",
        "hr",
        "caption",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELL = frozenset({"td", "th"})
_BANNER = re.compile(
    r"cookie|consent|gdpr|banner|newsletter|popup|modal|subscribe|breadcrumb|share|social|skip-link", re.I
)
_ROLES_SKIPPED = frozenset(
    {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search", "complementary"}
)


def _skipped_by_attrs(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if (attrs.get("role") or "").lower() in _ROLES_SKIPPED:
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    names = " ".join(filter(None, (attrs.get("id"), attrs.get("class"))))
    return bool(names and _BANNER.search(names))


class _Collector(HTMLParser):
    """Collects text pieces with the regions (main, article, chrome) they sit in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str, frozenset[str], str | None]] = []  # (type, text, regions, href)
        self.stack: list[tuple[str, bool, str | None]] = []  # (tag, skipped, region)
        self.skip_depth = 0
        self.title = ""
        self._in_title = False
        self.href: str | None = None
        self.counts = {"main": 0, "article": 0}
        self.lists: list[list] = []  # open <ol>/<ul> with their item counter
        self.sup: list[str] | None = None  # text inside an open <sup>

    def _regions(self) -> frozenset[str]:
        return frozenset(r for _, _, r in self.stack if r)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            if tag == "br" and not self.skip_depth:
                self.pieces.append(("break", "\n", self._regions(), None))
            elif tag == "hr" and not self.skip_depth:
                self.pieces.append(("block", "", self._regions(), None))
            return
        skipped = tag in _SKIP_TAGS or _skipped_by_attrs(attrs)
        region = None
        if tag in ("main", "article"):
            region = tag
            if not self.skip_depth:
                self.counts[tag] += 1
        elif tag in _CHROME_TAGS:
            region = "chrome"
        self.stack.append((tag, skipped, region))
        if skipped:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in ("ol", "ul"):
            self.lists.append([tag, 0])
        if tag == "sup":
            self.sup = []
        if tag in _BLOCK or tag in _HEADINGS or tag == "li":
            self.pieces.append(("block", "", self._regions(), None))
            if tag == "li":
                # a numbered list keeps its numbers: reference lists are cited by them
                if self.lists and self.lists[-1][0] == "ol":
                    self.lists[-1][1] += 1
                    self.pieces.append(("text", f"{self.lists[-1][1]}. ", self._regions(), None))
                else:
                    self.pieces.append(("text", "• ", self._regions(), None))
        elif tag in _CELL:
            self.pieces.append(("text", " ", self._regions(), None))
        elif tag == "a":
            self.href = attrs.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID:
            return
        # close up to the matching open tag (tolerates unclosed <p>, <li> ...)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _t, skipped, _r in self.stack[i:]:
                    if skipped:
                        self.skip_depth -= 1
                del self.stack[i:]
                break
        else:
            return
        if self.skip_depth:
            return
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag == "sup" and self.sup is not None:
            # a superscript citation marker "¹" or "1,2" becomes "[1,2]", so it is not read as a figure
            content = "".join(self.sup)
            self.sup = None
            if re.fullmatch(r"\s*\[?\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\]?\s*", content):
                self.pieces.append(
                    ("text", "[" + content.strip().strip("[]") + "]", self._regions(), self.href)
                )
            else:
                self.pieces.append(("text", content, self._regions(), self.href))
        if tag in _BLOCK or tag in _HEADINGS or tag == "li":
            self.pieces.append(("block", "", self._regions(), None))
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.skip_depth or not data:
            return
        inside_pre = any(t == "pre" for t, _, _ in self.stack)
        text = data if inside_pre else re.sub(r"\s+", " ", data)
        if self.sup is not None:
            self.sup.append(text)
            return
        self.pieces.append(("text", text, self._regions(), self.href))


def _assemble(pieces: list[tuple[str, str, frozenset[str], str | None]], keep) -> tuple[str, list[Link]]:
    out: list[str] = []
    links: list[Link] = []
    length = 0
    pending_break = ""

    def tail() -> str:
        return out[-1][-1] if out and out[-1] else ""

    for kind, text, regions, href in pieces:
        if not keep(regions):
            continue
        if kind == "block":
            if length:
                pending_break = "\n\n"
            continue
        if kind == "break":
            if length and pending_break != "\n\n":
                pending_break = "\n"
            continue
        if pending_break:
            text = text.lstrip()
            if not text:
                continue
            while out and out[-1] and out[-1][-1] == " ":
                out[-1] = out[-1].rstrip(" ")
                length = sum(map(len, out))
            out.append(pending_break)
            length += len(pending_break)
            pending_break = ""
        elif not length or tail() in (" ", "\n"):
            text = text.lstrip(" ") if (not length or tail() in (" ", "\n")) else text
        if not text:
            continue
        if href and text.strip():
            links.append(Link(length, length + len(text), href))
        out.append(text)
        length += len(text)
    return "".join(out).rstrip(), links


def html_to_text(html: str) -> tuple[str, str, list[Link]]:
    """The main text of an HTML page, its title and its links.

    Parameters
    ----------
    html : str
        The page's markup (entities and nested tags are decoded).

    Returns
    -------
    (text, title, links)
        ``text`` has one paragraph per block element, separated by a blank line; a ``<br>``
        is a line break. If the page has exactly one ``<main>`` (else exactly one
        ``<article>``), only its text is kept; otherwise everything outside navigation,
        headers, footers and asides.

    Examples
    --------
    >>> html_to_text("<p>67&#37; vs <b>20%</b></p><script>x=1</script>")[0]
    '67% vs 20%'
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a str, got {type(html).__name__}")
    parser = _Collector()
    parser.feed(html)
    parser.close()
    if parser.counts["main"] == 1:
        text, links = _assemble(parser.pieces, lambda r: "main" in r)
    elif parser.counts["article"] == 1:
        text, links = _assemble(parser.pieces, lambda r: "article" in r)
    else:
        text, links = _assemble(parser.pieces, lambda r: "chrome" not in r)
    if not text.strip():  # a page whose main region is empty: fall back to everything
        text, links = _assemble(parser.pieces, lambda r: True)
    return text, re.sub(r"\s+", " ", parser.title).strip(), links


# -- Markdown ---------------------------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def markdown_to_text(md: str) -> tuple[str, list[Link]]:
    """Markdown without its markup: headings, emphasis, code marks and link syntax.

    A link keeps its text; its target is kept as a :class:`Link` and, when it is a DOI or
    PubMed address not already in the text, written after it in parentheses so that a
    reference list's identifiers stay readable.

    Examples
    --------
    >>> markdown_to_text("## Results\\n\\n**67%** responded [1](#ref1)")[0]
    'Results\\n\\n67% responded 1'
    """
    if not isinstance(md, str):
        raise TypeError(f"md must be a str, got {type(md).__name__}")
    lines = []
    for line in md.splitlines():
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"\s+#+\s*$", "", line)
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        line = re.sub(r"^(\s*)[*+-]\s+", r"\1• ", line)
        if re.fullmatch(r"\s*([-*_]\s*){3,}", line):
            line = ""
        lines.append(line)
    text = "\n".join(lines)
    text = _MD_EMPH.sub(r"\2", text)
    out: list[str] = []
    links: list[Link] = []
    pos = 0
    length = 0
    for m in _MD_LINK.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        label, href = m.group(1), m.group(2)
        if re.search(r"doi\.org/|pubmed", href) and href.rstrip("/").split("/")[-1] not in label:
            label = f"{label} ({href})" if label else href
        links.append(Link(length, length + len(label), href))
        out.append(label)
        length += len(label)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), links


# -- fetching and dispatch ----------------------------------------------------------------------


class DocumentError(ValueError):
    """A document that cannot be read or fetched."""


def fetch_url(url: str, *, timeout: float = FETCH_TIMEOUT) -> tuple[str, str]:
    """Fetch a page; returns (body text, content type). Offline or unreachable is a clear error."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "trialstats-scan/0.1 (+claims checking)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            ctype = response.headers.get_content_type() or ""
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as exc:
        raise DocumentError(f"document {url!r}: the server answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DocumentError(
            f"document {url!r} could not be fetched ({reason}); are you offline? "
            "Save the page and scan the file instead."
        ) from None
    try:
        body = raw.decode(charset, errors="replace")
    except LookupError:
        body = raw.decode("utf-8", errors="replace")
    return body, ctype


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return (
        "<html" in head
        or "<!doctype html" in head
        or bool(re.search(r"<(p|div|body|h[1-6]|article)\b", head))
    )


def read_document(document: str | Path, *, timeout: float = FETCH_TIMEOUT) -> Document:
    """Read a document: a URL, a path to a ``.txt``/``.md``/``.html`` file, or text itself.

    Raises
    ------
    TypeError
        If ``document`` is not a str or Path.
    DocumentError
        If a file cannot be read or a URL cannot be fetched (the message says why).
    """
    if isinstance(document, Path):
        return _read_file(document)
    if not isinstance(document, str):
        raise TypeError(
            f"document must be text, a path or a URL (str or Path), got {type(document).__name__}"
        )
    stripped = document.strip()
    if re.match(r"https?://\S+$", stripped):
        body, ctype = fetch_url(stripped, timeout=timeout)
        if "html" in ctype or _looks_like_html(body):
            text, title, links = html_to_text(body)
            return Document(text, title, stripped, "html", tuple(links))
        return Document(body, "", stripped, "text")
    if (
        "\n" not in stripped
        and len(stripped) < 1024
        and re.search(r"\.(txt|md|markdown|html?|xhtml)$", stripped, re.I)
    ):
        return _read_file(Path(stripped))
    if _looks_like_html(document):
        text, title, links = html_to_text(document)
        return Document(text, title, "", "html", tuple(links))
    return Document(document, "", "", "text")


def _read_file(path: Path) -> Document:
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DocumentError(f"document {str(path)!r} cannot be read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml") or (
        suffix not in (".md", ".markdown") and _looks_like_html(raw)
    ):
        text, title, links = html_to_text(raw)
        return Document(text, title or path.stem, str(path), "html", tuple(links))
    if suffix in (".md", ".markdown"):
        text, links = markdown_to_text(raw)
        return Document(text, path.stem, str(path), "markdown", tuple(links))
    return Document(raw, path.stem, str(path), "text")
