"""Rendering claim verdicts: a terminal table, Markdown, JSON and self-contained HTML.

Every renderer is a pure function of the results (no clock, no paths of this machine), so
the same claims and data give byte-identical output.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from ._html import VERDICT_COLOURS, result_html
from ._html import badge as _badge
from .model import VERDICTS, ClaimResult

__all__ = [
    "VERDICT_COLOURS",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_table",
    "result_html",
    "summary_counts",
]

STYLE = """
.ts-claims table{border-collapse:collapse;margin:.6em 0}.ts-claims td,.ts-claims th{border:1px solid #ccc;
padding:.25em .5em;vertical-align:top;text-align:left}.ts-claims th{background:#f3f3f3}
.ts-verdict{font-weight:600;padding:0 .35em;border-radius:.25em;color:#fff;white-space:nowrap}
.ts-claim{border:1px solid #ddd;border-radius:.4em;padding:.4em .8em;margin:.5em 0}
.ts-claim summary{cursor:pointer}.ts-claim ol{margin:.3em 0 .3em 1.2em;padding:0}
.ts-muted{color:#555}
"""


def summary_counts(results: Sequence[ClaimResult]) -> dict[str, Counter[str]]:
    """Verdict counts per document, in file order."""
    out: dict[str, Counter[str]] = {}
    for r in results:
        out.setdefault(r.claim.document, Counter())[r.verdict] += 1
    return out


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(results: Sequence[ClaimResult]) -> str:
    """A plain-text table for the terminal, one line per claim, then the verdict totals."""
    cols = [
        ("verdict", 13),
        ("document", 24),
        ("claim", 26),
        ("kind", 15),
        ("stated", 30),
        ("recomputed", 30),
        ("explanation", 70),
    ]
    lines = ["  ".join(name.ljust(w) for name, w in cols).rstrip(), "  ".join("-" * w for _, w in cols)]
    for r in results:
        d = r.to_dict()
        lines.append("  ".join(_cut(d[name], w).ljust(w) for name, w in cols).rstrip())
    totals = Counter(r.verdict for r in results)
    lines.append("")
    lines.append(f"{len(results)} claims: " + ", ".join(f"{totals[v]} {v}" for v in VERDICTS if totals[v]))
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    """One Markdown table cell: HTML, pipes, link brackets and ``javascript:`` neutralised."""
    t = " ".join(str(text).split())
    t = html.escape(t, quote=False).replace("\\", "\\\\")
    for ch in "|[]`*_":
        t = t.replace(ch, "\\" + ch)
    return re.sub(r"(?i)\b(javascript|vbscript|data)\s*:", r"\1\\:", t)


def render_markdown(results: Sequence[ClaimResult]) -> str:
    """Markdown: verdict totals per document, then one table per document."""
    counts = summary_counts(results)
    titles = {r.claim.document: r.claim.document_title for r in results}
    out = [
        "# Verified claims",
        "",
        "| document | " + " | ".join(VERDICTS) + " | total |",
        "|---|" + "---:|" * (len(VERDICTS) + 1),
    ]
    for doc, c in counts.items():
        out.append(
            f"| {_md(titles[doc])} (`{doc}`) | "
            + " | ".join(str(c[v]) for v in VERDICTS)
            + f" | {sum(c.values())} |"
        )
    for doc in counts:
        out += [
            "",
            f"## {_md(titles[doc])} (`{doc}`)",
            "",
            "| claim | kind | says | where | stated | recomputed | interval | verdict | explanation |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results:
            if r.claim.document != doc:
                continue
            d = r.to_dict()
            out.append(
                "| "
                + " | ".join(
                    _md(d[k]) for k in ("claim", "kind", "says", "where", "stated", "recomputed", "interval")
                )
                + f" | **{r.verdict}** | "
                + _md(r.explanation)
                + " |"
            )
    return "\n".join(out) + "\n"


def render_json(results: Sequence[ClaimResult]) -> str:
    """A JSON list of objects with document, claim, kind, says, stated, recomputed, interval,
    verdict, explanation, trial, sources and working."""
    return json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False) + "\n"


def render_html(
    results: Sequence[ClaimResult],
    *,
    links: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    standalone: bool = True,
) -> str:
    """HTML: a summary of verdicts per document, then every claim with its working.

    ``links`` maps a trial id to (name, href) pairs of the analyses about that trial.
    ``standalone=False`` returns a fragment (for embedding in the report).
    """
    e = html.escape
    links = links or {}
    counts = summary_counts(results)
    titles = {r.claim.document: r.claim.document_title for r in results}
    files = {r.claim.document: r.claim.file for r in results}
    parts = [
        '<section class="ts-claims"><h2>Claims</h2>',
        "<table><thead><tr><th>document</th>"
        + "".join(f"<th>{_badge(v)}</th>" for v in VERDICTS)
        + "<th>total</th></tr></thead><tbody>",
    ]
    for doc, c in counts.items():
        parts.append(
            f'<tr><td><a href="#doc-{e(doc)}">{e(titles[doc])}</a> <code>{e(doc)}</code></td>'
            + "".join(f"<td>{c[v] or ''}</td>" for v in VERDICTS)
            + f"<td>{sum(c.values())}</td></tr>"
        )
    parts.append("</tbody></table>")
    for doc in counts:
        parts.append(f'<h3 id="doc-{e(doc)}">{e(titles[doc])} <code>{e(doc)}</code></h3>')
        if files.get(doc):
            parts.append(f'<p class="ts-muted">claim file: {e(str(files[doc]))}</p>')
        for r in results:
            if r.claim.document != doc:
                continue
            claim_links = [link for t in r.claim.trials for link in links.get(t, ())]
            inner = result_html(r, claim_links)
            parts.append(
                f'<details class="ts-claim" open><summary>{_badge(r.verdict)} {e(r.claim.id)}: '
                f"{e(r.claim.says)}</summary>{inner}</details>"
            )
    parts.append("</section>")
    body = "\n".join(parts)
    if not standalone:
        return f"<style>{STYLE}</style>\n{body}"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>trialstats: verified claims</title>'
        f"<style>body{{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em}}"
        f"{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def render(results: Sequence[ClaimResult], fmt: str) -> str:
    """Render in ``fmt``: ``table``, ``markdown``, ``json`` or ``html``."""
    renderers = {"table": render_table, "markdown": render_markdown, "json": render_json, "html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; valid: {', '.join(renderers)}")
    return renderers[fmt](results)
