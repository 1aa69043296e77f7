"""The report's front page: failures first, verdicts per document, the stated-vs-recomputed
figure, the analyses, and every claim as a collapsed card with its provenance.

Pure functions of their inputs (the date line is passed in), so two runs give the same bytes
except that line. Works without JavaScript: the filters then do nothing and every card shows.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..plots import VERDICT_COLOURS
from . import provenance
from .sections import section_links

__all__ = ["SEVERITY", "points_frame", "render_index", "stated_vs_recomputed_png"]

# failures first: the order of the cards and of the summary columns
SEVERITY = ("error", "inconsistent", "misattributed", "unverifiable", "consistent")
_PROBLEMS = ("error", "inconsistent", "misattributed")
e = html.escape

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;max-width:72em;margin:1.5em auto;padding:0 1em;color:#1d2939;
line-height:1.45}
h1{margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #eaecf0;padding-bottom:.2em}
a{color:#1849a9}code{font-size:.92em;overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d0d5dd;padding:.25em .55em;
vertical-align:top;text-align:left}th{background:#f2f4f7}td.n{text-align:right}
.v{font-weight:600;padding:0 .4em;border-radius:.25em;color:#fff;white-space:nowrap;font-size:.9em}
.failures{border:2px solid #b42318;background:#fef3f2;padding:.6em 1em;border-radius:.4em}
.allgood{border:2px solid #1a7f37;background:#ecfdf3;padding:.6em 1em;border-radius:.4em}
.failures li,.allgood li{margin:.2em 0}
.card{border:1px solid #d0d5dd;border-radius:.4em;margin:.45em 0;background:#fff}
.card>summary{cursor:pointer;padding:.45em .8em;overflow-wrap:anywhere}
.card[open]>summary{border-bottom:1px solid #eaecf0;background:#f9fafb}
.card .body{padding:.3em .9em .7em}
.card .body table{width:100%;table-layout:fixed}.card .body th{width:9em}
.card td{overflow-wrap:anywhere}
.muted{color:#475467}
.filters{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;padding:.5em .8em;
background:#f9fafb;border:1px solid #eaecf0;border-radius:.4em}
.filters label{white-space:nowrap}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #eaecf0}
footer{margin-top:3em;padding-top:.6em;border-top:1px solid #eaecf0;font-size:.88em;color:#475467}
.ok{color:#1a7f37;font-weight:600}.failed{color:#b42318;font-weight:600}
"""

# Filters: hide cards whose verdict or document is unchecked/unselected. Without JS, nothing
# is hidden (the controls are also hidden until the script shows them).
SCRIPT = """
(function(){
  var form=document.getElementById('filters');
  if(!form){return;}
  form.hidden=false;
  function apply(){
    var verdicts={};
    form.querySelectorAll('input[name=verdict]').forEach(function(b){verdicts[b.value]=b.checked;});
    var doc=form.querySelector('select[name=document]').value;
    var shown=0;
    document.querySelectorAll('details.card').forEach(function(c){
      var on=verdicts[c.dataset.verdict]!==false&&(doc===''||c.dataset.document===doc);
      c.hidden=!on; if(on){shown++;}
    });
    document.querySelectorAll('section.doc').forEach(function(s){
      s.hidden=!s.querySelector('details.card:not([hidden])');
    });
    document.getElementById('shown').textContent=shown;
  }
  form.addEventListener('change',apply);
  apply();
})();
"""


def _badge(verdict: str) -> str:
    return f'<span class="v" style="background:{VERDICT_COLOURS.get(verdict, "#444")}">{e(verdict)}</span>'


def points_frame(results: Sequence[Any]) -> Any:
    """One row per stated-vs-recomputed proportion of the claims (percent), for the figure."""
    import pandas as pd

    return pd.DataFrame(
        [{"label": f"{r.claim.document}/{r.claim.id}: {p.label}", "stated_low": p.stated_low,
          "stated_high": p.stated_high, "recomputed": p.recomputed, "low": p.low, "high": p.high,
          "verdict": r.verdict}
         for r in results for p in getattr(r, "points", ()) if p.unit == "%"],
        columns=["label", "stated_low", "stated_high", "recomputed", "low", "high", "verdict"],
    )


def stated_vs_recomputed_png(results: Sequence[Any]) -> str | None:
    """The figure as a base64 PNG (deterministic bytes), or None when no claim has a point."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from ..plots import stated_vs_recomputed

    points = points_frame(results)
    if points.empty:
        return None
    ax = stated_vs_recomputed(points)
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=96, bbox_inches="tight", metadata={"Software": None})
    plt.close(ax.figure)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _source_html(source_ids: Sequence[str]) -> str:
    items = []
    for sid in source_ids:
        c = provenance.citation(sid)
        links = []
        if c["doi"]:
            links.append(f'<a href="https://doi.org/{e(c["doi"])}">doi:{e(c["doi"])}</a>')
        if c["pmid"]:
            links.append(f'<a href="https://pubmed.ncbi.nlm.nih.gov/{e(c["pmid"])}/">PMID {e(c["pmid"])}</a>')
        if not links and c["url"]:
            links.append(f'<a href="{e(c["url"])}">{e(c["url"])}</a>')
        items.append(f"<li><code>{e(sid)}</code>: {e(c['text'])} {' · '.join(links)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _where_text(where: Any) -> str:
    """A claim's place in its document: a string, or {start, end, quote} offsets and quote."""
    if isinstance(where, Mapping):
        quote = where.get("quote")
        span = f"characters {where.get('start')}–{where.get('end')}" if where.get("start") is not None else ""
        return "; ".join(x for x in (span, f"“{quote}”" if quote else "") if x)
    return str(where)


def _outcome_for(c: Any) -> Any:
    """The claim's outcome for a trial (claims may name one outcome, or one per trial)."""
    if hasattr(c, "outcome_for"):
        return c.outcome_for
    outcome = getattr(c, "outcome", None)
    return lambda trial: outcome.get(trial) if isinstance(outcome, Mapping) else outcome


def _card(r: Any, anchors: Mapping[str, Mapping[str, str]], hrefs: Mapping[str, str]) -> str:
    c = r.claim
    trials = tuple(c.trials)
    rows: list[tuple[str, str]] = [("says", e(c.says)), ("kind", e(c.kind))]
    if getattr(c, "where", None):
        rows.append(("where in the document", e(_where_text(c.where))))
    if hasattr(c, "stated_text"):
        stated = c.stated_text()
    else:
        stated = ", ".join(f"{k} {v}" for k, v in dict(c.stated).items())
    rows.append(("stated", e(stated)))
    if trials:
        outcome = c.outcome if isinstance(c.outcome, str) else None
        shown = f" — outcome <code>{e(outcome)}</code>" if outcome else ""
        rows.append(("trial", e(", ".join(trials)) + shown))
    if r.recomputed:
        rows.append(("recomputed", e(r.recomputed)))
    if r.interval:
        rows.append(("interval", e(r.interval)))
    rows.append(("explanation", e(r.explanation)))
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    steps = "".join(f"<li>{e(s)}</li>" for s in r.steps)
    places = provenance.number_places(trials, _outcome_for(c)) if trials else []
    claim_source = getattr(c, "source", None)
    named = [claim_source] if isinstance(claim_source, str) else list(claim_source or [])
    source_ids = list(dict.fromkeys([*named, *getattr(r, "sources", ()), *(p["source_id"] for p in places)]))
    parts = [f'<div class="body"><table>{table}</table>']
    if steps:
        parts.append(f"<p><b>Working</b></p><ol>{steps}</ol>")
    if places:
        prow = "".join(
            f"<tr><td><code>{e(p['table'])}/{e(p['id'])}</code>{(' ' + e(p['arm'])) if p['arm'] else ''}</td>"
            f"<td>{e(p['value'])}</td><td><code>{e(p['source_id'])}</code>: {e(p['location'])}</td></tr>"
            for p in places
        )
        parts.append(
            '<p><b>Numbers used and where they are printed</b></p><div class="scroll"><table>'
            f"<tr><th>data row</th><th>as printed</th><th>source: place</th></tr>{prow}</table></div>"
        )
    if source_ids:
        parts.append(f"<p><b>Sources</b></p>{_source_html(source_ids)}")
    elif not trials:
        parts.append('<p class="muted">No trial or source is named by this claim.</p>')
    links = section_links(trials, _outcome_for(c), dict(anchors), dict(hrefs)) if trials else []
    if links:
        parts.append(
            "<p><b>Analyses</b>: "
            + "; ".join(f'<a href="{e(href)}">{e(text)}</a>' for text, href in links) + "</p>"
        )
    parts.append("</div>")
    ident = f"{c.document}--{c.id}"
    return (
        f'<details class="card" id="{e(ident)}" data-verdict="{e(r.verdict)}" '
        f'data-document="{e(c.document)}">'
        f"<summary>{_badge(r.verdict)} <b>{e(c.document)}</b> / {e(c.id)}: {e(c.says)}</summary>"
        + "".join(parts) + "</details>"
    )


def render_index(
    results: Sequence[Any],
    records: Sequence[Mapping[str, Any]],
    *,
    date_line: str,
    checksum: str,
    versions: Mapping[str, str],
    notes: Sequence[str] = (),
    figure_png: str | None = None,
    notebook_bodies: Mapping[str, str] | None = None,
) -> str:
    """The whole index page. ``notebook_bodies`` (single-file mode) embeds each notebook's
    HTML body in the page, and links then point inside it."""
    order = {v: i for i, v in enumerate(SEVERITY)}
    docs = list(dict.fromkeys(r.claim.document for r in results))
    titles = {r.claim.document: r.claim.document_title for r in results}
    counts = {d: Counter(r.verdict for r in results if r.claim.document == d) for d in docs}
    totals = Counter(r.verdict for r in results)
    single = notebook_bodies is not None
    hrefs = {str(rec["name"]): (f"#nb-{rec['name']}" if single else str(rec["html"])) for rec in records}
    anchors = {str(rec["name"]): dict(rec.get("anchors", {})) for rec in records}
    if single:
        anchors = {n: {h: f"{n}--{i}" for h, i in a.items()} for n, a in anchors.items()}
        hrefs = {n: "" for n in hrefs}
    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>trialstats report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>trialstats report</h1>",
        f'<p class="muted">{len(results)} claims from {len(docs)} documents checked against the '
        f"bundled data package; {len(records)} analysis notebooks executed.</p>",
    ]

    # ---- failures first, in plain text
    failed_nb = [rec for rec in records if rec["status"] != "ok"]
    problems = [r for r in results if r.verdict in _PROBLEMS]
    problems.sort(key=lambda r: order.get(r.verdict, 99))
    if failed_nb or problems:
        out.append('<section class="failures" id="failures"><h2 style="margin-top:0">Failures and '
                   "inconsistencies</h2><ul>")
        for rec in failed_nb:
            where = f" in section “{e(rec.get('error_section') or '')}”" if rec.get("error_section") else ""
            out.append(f"<li>Notebook <a href=\"{e(hrefs[str(rec['name'])] or '#nb-' + str(rec['name']))}\">"
                       f"{e(str(rec['name']))}</a> FAILED{where}: {e(str(rec['error']))}</li>")
        for r in problems:
            out.append(f'<li>{e(r.verdict.upper())}: <a href="#{e(r.claim.document)}--{e(r.claim.id)}">'
                       f"{e(r.claim.document)} / {e(r.claim.id)}</a> — {e(r.explanation)}</li>")
        out.append("</ul></section>")
    else:
        out.append('<section class="allgood" id="failures"><p>No notebook failed and no claim is '
                   "inconsistent, misattributed or malformed.</p></section>")
    for note in notes:
        out.append(f'<p class="muted">Note: {e(note)}</p>')

    # ---- verdicts per document
    out.append('<h2 id="summary">Verdicts per document</h2><div class="scroll"><table><thead><tr>'
               "<th>document</th>" + "".join(f"<th>{_badge(v)}</th>" for v in SEVERITY)
               + "<th>total</th></tr></thead><tbody>")
    for d in docs:
        out.append(f'<tr><td><a href="#doc-{e(d)}">{e(titles[d])}</a><br><code>{e(d)}</code></td>'
                   + "".join(f'<td class="n">{counts[d][v] or ""}</td>' for v in SEVERITY)
                   + f'<td class="n">{sum(counts[d].values())}</td></tr>')
    out.append("<tr><th>all documents</th>"
               + "".join(f'<td class="n">{totals[v] or ""}</td>' for v in SEVERITY)
               + f'<td class="n">{len(results)}</td></tr></tbody></table></div>')
    if figure_png:
        out.append('<figure><img alt="stated figure (grey band) against the recomputed value (dot, 95% '
                   f'interval) for every proportion claim" src="data:image/png;base64,{figure_png}">'
                   "<figcaption class=\"muted\">Stated against recomputed: each proportion claim's printed "
                   "figure (grey band: what its digits or words cover) and the recomputed value with its "
                   "95% interval, coloured by verdict.</figcaption></figure>")

    # ---- analyses
    out.append('<h2 id="analyses">Analyses</h2>')
    if records:
        out.append('<div class="scroll"><table><thead><tr><th>notebook</th><th>status</th><th>figures</th>'
                   "<th>error</th></tr></thead><tbody>")
        for rec in sorted(records, key=lambda x: (x["status"] == "ok", str(x["name"]))):
            href = hrefs[str(rec["name"])] or f"#nb-{rec['name']}"
            out.append(f'<tr><td><a href="{e(href)}">{e(str(rec["name"]))}</a><br>'
                       f'<span class="muted">{e(str(rec.get("title", "")))}</span></td>'
                       f'<td class="{e(str(rec["status"]))}">{e(str(rec["status"]))}</td>'
                       f'<td class="n">{rec.get("images", "")}</td><td>{e(str(rec["error"]))}</td></tr>')
        out.append("</tbody></table></div>")
    else:
        out.append("<p>No notebook was executed (see the note above).</p>")

    # ---- claim cards, failures first
    out.append('<h2 id="claims">Claims</h2>')
    out.append('<form id="filters" class="filters" hidden><b>Show</b>'
               + "".join(f'<label><input type="checkbox" name="verdict" value="{v}" checked> {_badge(v)} '
                         f"({totals[v]})</label>" for v in SEVERITY if totals[v])
               + '<label>document <select name="document"><option value="">all documents</option>'
               + "".join(f'<option value="{e(d)}">{e(d)}</option>' for d in docs)
               + '</select></label><span class="muted"><span id="shown">'
               f"{len(results)}</span> of {len(results)} shown</span></form>")
    # documents with the most problems first; within each, failures first
    by_problems = sorted(docs, key=lambda d: (-sum(counts[d][v] for v in _PROBLEMS), docs.index(d)))
    for d in by_problems:
        out.append(f'<section class="doc" id="doc-{e(d)}" data-document="{e(d)}"><h3>{e(titles[d])} '
                   f"<code>{e(d)}</code></h3>")
        mine = [r for r in results if r.claim.document == d]
        for r in sorted(mine, key=lambda r: order.get(r.verdict, 99)):
            out.append(_card(r, anchors, hrefs))
        out.append("</section>")

    # ---- notebooks embedded (single file)
    if single:
        import re

        for rec in records:
            name = str(rec["name"])
            body = notebook_bodies[name]
            body = re.sub(r'id="([^"]+)"', lambda m, n=name: f'id="{n}--{m.group(1)}"', body)
            body = re.sub(r'href="#([^"]+)"', lambda m, n=name: f'href="#{n}--{m.group(1)}"', body)
            out.append(f'<section class="notebook" id="nb-{e(name)}"><h2>Notebook {e(name)}</h2>'
                       f'<div class="scroll">{body}</div></section>')

    # ---- footer: what produced this report
    vers = ", ".join(f"{k} {v}" for k, v in versions.items() if k != "trialstats")
    out.append(f"<footer><p>trialstats {e(versions.get('trialstats', '?'))} · data package SHA-256 "
               f"<code>{e(checksum)}</code></p><p>{e(vers)}</p>")
    out.append(f'<p class="date">{e(date_line)}</p>')
    out.append(f"</footer><script>{SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"
