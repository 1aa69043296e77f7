"""The HTML of one claim's verdict (shared by ``ClaimResult._repr_html_`` and the renderers).

Every piece of user text (the claim file's words) is escaped; a link is written only when
its address is relative or http(s), so a ``javascript:`` address never becomes a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["VERDICT_COLOURS", "badge", "result_html", "safe_href"]

VERDICT_COLOURS = {
    "consistent": "#1a7f37",
    "inconsistent": "#b42318",
    "misattributed": "#b54708",
    "unverifiable": "#475467",
    "error": "#7a2e0e",
}

_SAFE_HREF = re.compile(r"^(?:https?://|#|\.{0,2}/|[\w.-]+(?:/[\w.#-]*)*$)", re.IGNORECASE)


def safe_href(href: str) -> str | None:
    """``href`` if it is relative or http(s); None for anything else (``javascript:``, ``data:``)."""
    h = str(href).strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", h, re.IGNORECASE) and not re.match(r"^https?://", h, re.IGNORECASE):
        return None
    return h if _SAFE_HREF.match(h) else None


def badge(verdict: str) -> str:
    """The coloured verdict label."""
    colour = VERDICT_COLOURS.get(verdict, "#444")
    return f'<span class="ts-verdict" style="background:{colour}">{html.escape(verdict)}</span>'


def result_html(r: Any, links: Sequence[tuple[str, str]] = ()) -> str:
    """One claim with its working, step by step, and each number's provenance."""
    e = html.escape
    c = r.claim
    rows = [("says", c.says)]
    if c.where:
        rows.append(("where", c.where_text()))
    rows.append(("stated", c.stated_text()))
    if c.trials:
        rows.append(("trial", ", ".join(c.trials) + (f" — outcome {c.outcome}" if c.outcome else "")))
    if r.recomputed:
        rows.append(("recomputed", r.recomputed))
    if r.interval:
        rows.append(("interval", r.interval))
    rows.append(("explanation", r.explanation))
    if r.sources:
        rows.append(("sources (data/)", ", ".join(r.sources)))
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in rows)
    steps = "".join(f"<li>{e(s)}</li>" for s in r.steps)
    prov = ""
    if getattr(r, "numbers", ()):
        prov = "<p>Numbers used:</p><ul>" + "".join(f"<li>{e(str(n))}</li>" for n in r.numbers) + "</ul>"
    link_html = ""
    safe = [(name, safe_href(href)) for name, href in links]
    safe = [(name, href) for name, href in safe if href]
    if safe:
        link_html = (
            "<p>Analyses: " + ", ".join(f'<a href="{e(href)}">{e(name)}</a>' for name, href in safe) + "</p>"
        )
    return (
        f'<div class="ts-claims"><div class="ts-claim" id="{e(c.document)}--{e(c.id)}">'
        f"<p>{badge(r.verdict)} <b>{e(c.document)} / {e(c.id)}</b> "
        f'<span class="ts-muted">({e(c.kind)})</span></p>'
        f"<table>{table}</table><p>Working:</p><ol>{steps}</ol>{prov}{link_html}</div></div>"
    )
