"""The annotated review of a scanned page: its text, each statement highlighted by verdict.

One self-contained HTML file (inline CSS and script, no network): a summary of verdicts at
the top whose buttons filter the highlights; the page's text with every drafted statement
marked in its verdict's colour; selecting a mark (click, or Tab then Enter) shows the stated
figures, the recomputed value with its interval, the working and the sources with PubMed and
DOI links; below, every statement in order, and the statements that could not be linked to
a trial listed on their own. Printed, the page keeps the text and the full list.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections import Counter
from typing import Any

__all__ = ["VERDICT_COLOURS", "review_html"]

VERDICT_COLOURS = {
    "inconsistent": "#f4a6a6",
    "misattributed": "#f7c27a",
    "error": "#d7b8f3",
    "unverifiable": "#e3e3e3",
    "consistent": "#a8dcb0",
    "unchecked": "#b9d6f5",
}
_ORDER = list(VERDICT_COLOURS)


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _source_links(source_ids: list[str], sources: Any) -> str:
    if not source_ids:
        return ""
    items = []
    for sid in source_ids:
        label = _e(sid)
        links = []
        if sources is not None and sid in sources.index:
            row = sources.loc[sid]
            cite = " ".join(
                str(v) for v in (row.get("first_author"), row.get("year"), row.get("journal")) if _present(v)
            )
            label = f"{_e(sid)} — {_e(cite)}" if cite else label
            pmid = str(row.get("pmid") or "").split(".")[0]
            if _present(row.get("pmid")):
                links.append(f'<a href="https://pubmed.ncbi.nlm.nih.gov/{_e(pmid)}/">PubMed {_e(pmid)}</a>')
            if _present(row.get("doi")):
                links.append(f'<a href="https://doi.org/{_e(row.get("doi"))}">doi:{_e(row.get("doi"))}</a>')
        items.append(f"<li>{label}{' · ' + ' · '.join(links) if links else ''}</li>")
    return "<ul class='sources'>" + "".join(items) + "</ul>"


def _present(v: Any) -> bool:
    return (
        v is not None and not (isinstance(v, float) and v != v) and str(v).strip() not in ("", "nan", "None", "<NA>")
    )


def _detail(i: int, row: dict[str, Any], sources: Any) -> str:
    verdict = row.get("verdict") or "unchecked"
    stated = "".join(
        f"<tr><th scope='row'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in row["stated"].items()
    )
    trial = row.get("trial") or ""
    link = (
        f"<p><b>Trial:</b> {_e(trial)} <span class='why'>({_e(row['link_reason'])})</span></p>"
        if trial
        else f"<p><b>Not linked:</b> <span class='why'>{_e(row['link_reason'])}</span></p>"
    )
    recomputed = ""
    if row.get("recomputed"):
        interval = f" <span class='interval'>({_e(row['interval'])})</span>" if row.get("interval") else ""
        recomputed = f"<p><b>Recomputed:</b> {_e(row['recomputed'])}{interval}</p>"
    working = ""
    if row.get("working"):
        working = (
            "<details open><summary>Working</summary><ol>"
            + "".join(f"<li>{_e(s)}</li>" for s in row["working"])
            + "</ol></details>"
        )
    src_ids = list(row.get("sources") or [])
    if row.get("source") and row["source"] not in src_ids:
        src_ids.insert(0, row["source"])
    sources_html = _source_links(src_ids, sources)
    return (
        f"<article class='detail' id='detail-{i}' data-verdict='{_e(verdict)}'>"
        f"<h3><a href='#mark-{i}' class='jump'>{_e(row['id'])}</a> "
        f"<span class='badge v-{_e(verdict)}'>{_e(verdict)}</span> <span class='kind'>{_e(row['kind'])}</span></h3>"
        f"<blockquote>{_e(row['quote'])}</blockquote>"
        f"<table class='stated'><caption>Stated</caption>{stated}</table>"
        f"{link}{recomputed}"
        + (f"<p class='explanation'>{_e(row.get('explanation'))}</p>" if row.get("explanation") else "")
        + working
        + (f"<div><b>Sources</b>{sources_html}</div>" if sources_html else "")
        + "</article>"
    )


def _marked_text(text: str, rows: list[dict[str, Any]]) -> str:
    """The page's text with non-crossing marks: each piece belongs to the shortest item over it."""
    bounds = sorted({0, len(text), *(r["start"] for r in rows), *(r["end"] for r in rows)})
    first_piece: set[int] = set()
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        piece = text[a:b]
        over = [i for i, r in enumerate(rows) if r["start"] <= a and b <= r["end"]]
        if not over:
            out.append(_e(piece))
            continue
        i = min(over, key=lambda k: rows[k]["end"] - rows[k]["start"])
        verdict = rows[i].get("verdict") or "unchecked"
        attrs = f"class='hl v-{_e(verdict)}' data-item='{i}' data-verdict='{_e(verdict)}'"
        if i not in first_piece:
            first_piece.add(i)
            label = f"{rows[i]['kind']} statement, verdict {verdict}: {rows[i]['quote'][:80]}"
            attrs += f" id='mark-{i}' tabindex='0' role='button' aria-label='{_e(label)}'"
        out.append(f"<mark {attrs}>{_e(piece)}</mark>")
    body = "".join(out)
    out_html = []
    for para in body.split("\n\n"):
        para = para.strip()
        if not para:
            continue
        plain = html.unescape(re.sub(r"<[^>]+>", "", para))
        heading = (
            "\n" not in plain
            and len(plain) <= 80
            and not re.search(r"[.,;:!]$", plain)
            and len(plain.split()) <= 10
        )
        tag = "h3" if heading and "<mark" not in para else "p"
        out_html.append(f"<{tag} class='page'>{para.replace(chr(10), '<br>')}</{tag}>")
    return "".join(out_html)


_CSS = """
:root{font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#1b1b1b}
body{margin:0}
header{padding:1rem 1.5rem;border-bottom:1px solid #ccc;background:#fafafa}
h1{font-size:1.4rem;margin:.2rem 0}
h3.page{font-size:1.05rem;margin:1.2rem 0 .3rem}
.summary{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.6rem}
.summary button{font:inherit;border:1px solid #888;border-radius:1rem;padding:.15rem .8rem;cursor:pointer;background:#fff}
.summary button[aria-pressed=true]{outline:3px solid #1b1b1b}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(18rem,2fr);gap:1.5rem;padding:1rem 1.5rem}
#page{max-width:48rem}
#panel{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;border-left:3px solid #ddd;padding-left:1rem}
mark.hl{border-radius:.2rem;padding:0 .1rem;cursor:pointer;color:inherit}
mark.hl:focus{outline:3px solid #000}
mark.hl.dim{background:transparent!important;border-bottom:1px dotted #999}
mark.hl.selected{outline:2px solid #000}
.badge{border-radius:.6rem;padding:0 .5rem;font-size:.85rem;border:1px solid #777}
.kind{color:#555;font-size:.85rem}
.why{color:#555}
blockquote{margin:.4rem 0;padding-left:.6rem;border-left:3px solid #bbb;color:#333}
table.stated{border-collapse:collapse;margin:.3rem 0}
table.stated th,table.stated td{border:1px solid #ccc;padding:.1rem .4rem;text-align:left;font-size:.9rem}
table.stated caption{text-align:left;font-weight:bold}
.detail{border-top:1px solid #ddd;padding:.5rem 0}
.detail.hidden{display:none}
section.lists{padding:0 1.5rem 2rem}
.note{color:#555;font-size:.9rem}
@media print{
  #panel,.summary button{display:none}
  .layout{display:block}
  mark.hl.dim{background:inherit}
  .detail{break-inside:avoid}
  a[href^=http]::after{content:" (" attr(href) ")";font-size:.8em}
}
"""

_JS = """
(function(){
  var panel=document.getElementById('panel-body');
  function show(i){
    var d=document.getElementById('detail-'+i); if(!d) return;
    panel.innerHTML=''; var c=d.cloneNode(true); c.removeAttribute('id'); panel.appendChild(c);
    document.querySelectorAll('mark.hl.selected').forEach(function(m){m.classList.remove('selected')});
    document.querySelectorAll('mark.hl[data-item="'+i+'"]').forEach(function(m){m.classList.add('selected')});
  }
  document.querySelectorAll('mark.hl').forEach(function(m){
    m.addEventListener('click',function(){show(m.getAttribute('data-item'))});
    m.addEventListener('keydown',function(ev){
      if(ev.key==='Enter'||ev.key===' '){ev.preventDefault();show(m.getAttribute('data-item'))}
    });
  });
  document.addEventListener('keydown',function(ev){ if(ev.key==='Escape'){panel.innerHTML='<p class="note">Select a highlighted statement.</p>'} });
  var buttons=document.querySelectorAll('.summary button');
  buttons.forEach(function(b){
    b.addEventListener('click',function(){
      var v=b.getAttribute('data-filter');
      buttons.forEach(function(o){o.setAttribute('aria-pressed', o===b?'true':'false')});
      document.querySelectorAll('mark.hl').forEach(function(m){
        m.classList.toggle('dim', v!=='all' && m.getAttribute('data-verdict')!==v);
      });
      document.querySelectorAll('section.lists .detail').forEach(function(d){
        d.classList.toggle('hidden', v!=='all' && d.getAttribute('data-verdict')!==v);
      });
    });
  });
})();
"""


def review_html(result: Any, *, sources: Any = None) -> str:
    """The annotated review page of a :class:`~trialstats.scan.ScanResult`.

    Parameters
    ----------
    result : ScanResult
        A scan, verified or not (unverified statements are shown as ``unchecked``).
    sources : pandas.DataFrame, optional
        The ``sources`` table for PubMed/DOI links (default: read from the scan's data).

    Returns
    -------
    str
        A complete HTML document.

    Examples
    --------
    >>> import trialstats as ts
    >>> page = review_html(ts.scan("The trial included only 30 people.").verify())
    >>> "<mark" in page and "consistent 1" in page
    True
    """
    frame = result.items
    rows = frame.to_dict(orient="records")
    for r in rows:
        for k in ("trial", "source"):
            if not _present(r.get(k)):
                r[k] = None
    if sources is None:
        try:
            from ..scanning import table_reader

            sources = table_reader(result.data)("sources").set_index("source_id")
        except Exception:
            sources = None
    counts = Counter((r.get("verdict") or "unchecked") for r in rows)
    buttons = [f"<button type='button' data-filter='all' aria-pressed='true'>All {len(rows)}</button>"]
    for v in _ORDER:
        if counts.get(v):
            buttons.append(
                f"<button type='button' class='v-{v}' data-filter='{v}' aria-pressed='false'>{v} {counts[v]}</button>"
            )
    colours = "".join(f".v-{v}{{background:{c}}}" for v, c in VERDICT_COLOURS.items())
    details = [_detail(i, r, sources) for i, r in enumerate(rows)]
    linked = [d for d, r in zip(details, rows, strict=True) if r.get("trial") or r.get("source")]
    unlinked = [d for d, r in zip(details, rows, strict=True) if not (r.get("trial") or r.get("source"))]
    doc = result.document
    title = doc.title or doc.origin or "Scanned document"
    origin = f"<p class='note'>Scanned from {_e(doc.origin)}</p>" if doc.origin else ""
    failures = counts.get("inconsistent", 0) + counts.get("misattributed", 0) + counts.get("error", 0)
    lead = (
        f"<p><b>{failures} statement(s) failed or could not be read</b>; "
        f"{counts.get('unverifiable', 0)} could not be checked; {counts.get('consistent', 0)} consistent.</p>"
        if any(r.get("verdict") for r in rows)
        else "<p><b>Not verified:</b> these statements are drafts; nothing has been checked.</p>"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Review: {_e(title)}</title><style>{_CSS}{colours}</style></head><body>"
        f"<header><h1>Review: {_e(title)}</h1>{origin}{lead}"
        f"<div class='summary' role='group' aria-label='Filter statements by verdict'>{''.join(buttons)}</div>"
        "</header>"
        "<div class='layout'>"
        f"<main id='page' aria-label='The page with its statements highlighted'>{_marked_text(result.text, rows)}</main>"
        "<aside id='panel' aria-live='polite' aria-label='Selected statement'><h2>Statement</h2>"
        "<div id='panel-body'><p class='note'>Select a highlighted statement (click, or Tab to it and press Enter).</p>"
        "</div></aside></div>"
        "<section class='lists'>"
        f"<h2>Statements linked to a trial or source ({len(linked)})</h2>{''.join(linked) or '<p>None.</p>'}"
        f"<h2 id='unlinked'>Found but not linked ({len(unlinked)})</h2>"
        "<p class='note'>No citation or descriptor singled out one trial; candidates, where several fit, are named.</p>"
        f"{''.join(unlinked) or '<p>None.</p>'}"
        f"{_not_drafted(result)}"
        "</section>"
        f"<script>{_JS}</script></body></html>"
    )


def _not_drafted(result: Any) -> str:
    """Statements found but kept out of the draft (no claim kind checks them), with why."""
    aside = getattr(result, "not_drafted", [])
    if not aside:
        return ""
    rows = "".join(
        f"<li><q>{_e(a['quote'])}</q> <span class='why'>({_e(a['reason'])})</span></li>" for a in aside
    )
    return f"<h2 id='not-drafted'>Found but not drafted, unverifiable ({len(aside)})</h2><ul>{rows}</ul>"


def review_json(result: Any) -> str:
    """The items of a scan as JSON (what ``--format json`` writes)."""
    return json.dumps(json.loads(result.items.to_json(orient="records")), indent=2, ensure_ascii=False)
