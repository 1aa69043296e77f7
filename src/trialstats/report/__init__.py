"""The report: execute the analysis notebooks and render them, with the claim verdicts, as HTML.

I/O lives here (and in ``cli``), never in the engine. Every file is written to a temporary
name and moved into place, so an interrupted run leaves no half-written report.
"""

from __future__ import annotations

import html
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "analysis_links",
    "atomic_write_text",
    "execute_notebooks",
    "find_notebooks_dir",
    "write_claims",
    "write_report",
]


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        # mkstemp creates the file readable by its owner only; a report is meant to be shared.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def find_notebooks_dir(start: Path | None = None) -> Path | None:
    """The project's ``notebooks/`` folder: beside the source tree, else under the cwd."""
    candidates = [Path(__file__).resolve().parents[2] / "notebooks"]
    candidates.append((start or Path.cwd()) / "notebooks")
    for c in candidates:
        if c.is_dir() and any(c.glob("*.ipynb")):
            return c
    return None


def execute_notebooks(
    notebooks_dir: Path,
    out_dir: Path,
    *,
    timeout: int = 600,
    progress: Callable[[str], None] | None = None,
) -> list[dict[str, object]]:
    """Execute every ``NN-*.ipynb`` in ``notebooks_dir``; write executed copies and HTML.

    Returns one record per notebook: name, status ("ok" or "failed"), seconds, the HTML
    file written, and the error text for a failed notebook. A failing notebook does not
    stop the others.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    out_dir = Path(out_dir)
    (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter()
    records: list[dict[str, object]] = []
    for path in sorted(Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb")):
        if progress:
            progress(f"executing {path.name} ...")
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        status, error = "ok", ""
        try:
            client.execute()
        except Exception as exc:  # a failed notebook is reported, the others still run
            status, error = "failed", str(exc).strip().splitlines()[-1] if str(exc) else repr(exc)
        seconds = time.perf_counter() - start
        body, _ = exporter.from_notebook_node(nb)
        html_name = f"notebooks/{path.stem}.html"
        atomic_write_text(out_dir / html_name, body)
        atomic_write_text(out_dir / "notebooks" / path.name, nbformat.writes(nb))
        records.append(
            {"name": path.stem, "status": status, "seconds": round(seconds, 1),
             "html": html_name, "error": error}
        )
        if progress:
            progress(f"  {path.name}: {status} ({seconds:.1f} s)")
    return records


def _notebook_section(records: list[dict[str, object]]) -> str:
    if not records:
        return "<p>No notebooks were found.</p>"
    rows = "".join(
        f"<tr><td><a href=\"{html.escape(str(r['html']))}\">{html.escape(str(r['name']))}</a></td>"
        f"<td class=\"{r['status']}\">{r['status']}</td>"
        f"<td>{html.escape(str(r['error']))}</td></tr>"
        for r in records
    )
    return (
        "<table><thead><tr><th>analysis</th><th>status</th><th>error</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


_STYLE = """
body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;
vertical-align:top;text-align:left}th{background:#f3f3f3}.ok{color:#1a7f37}.failed{color:#b42318}
"""


def analysis_links(
    notebooks_dir: Path | None, records: list[dict[str, object]]
) -> dict[str, list[tuple[str, str]]]:
    """Map each trial id to the executed notebooks that mention it: {trial_id: [(name, html)]}.

    A notebook is linked to a trial when its source holds the quoted id (``"feder2021"``),
    which is how notebooks ask the data loaders for a trial.
    """
    import re

    links: dict[str, list[tuple[str, str]]] = {}
    if notebooks_dir is None:
        return links
    for r in records:
        path = Path(notebooks_dir) / f"{r['name']}.ipynb"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for trial in sorted(set(re.findall(r"""\\?["']([a-z]+[0-9]{4}[a-z]?)\\?["']""", text))):
            links.setdefault(trial, []).append((str(r["name"]), str(r["html"])))
    return links


def write_claims(out_dir: Path, results: Sequence[Any]) -> None:
    """Write ``claims.json``, ``claims.md`` and ``claims.html`` (deterministic: same input, same bytes)."""
    from ..claims.render import render_html, render_json, render_markdown

    out_dir = Path(out_dir)
    atomic_write_text(out_dir / "claims.json", render_json(results))
    atomic_write_text(out_dir / "claims.md", render_markdown(results))
    atomic_write_text(out_dir / "claims.html", render_html(results))


def write_report(
    out_dir: Path,
    *,
    notebooks_dir: Path | None = None,
    claims_html: str | None = None,
    progress: Callable[[str], None] | None = None,
    claims: Sequence[Any] | None = None,
) -> Path:
    """Execute the notebooks and write ``out_dir/index.html``; return its path.

    With ``claims`` (a list of :class:`trialstats.claims.ClaimResult`), the report also
    holds a summary of verdicts per document and every claim with its working, linked to
    the analyses (notebooks) about its trial, and ``claims.json``/``claims.md``/``claims.html``
    are written beside ``index.html``.
    """
    out_dir = Path(out_dir)
    nb_dir = notebooks_dir or find_notebooks_dir()
    records = execute_notebooks(nb_dir, out_dir, progress=progress) if nb_dir else []
    if claims is not None:
        from ..claims.render import render_html

        if progress:
            progress("writing claims.json, claims.md, claims.html ...")
        write_claims(out_dir, claims)
        fragment = render_html(claims, links=analysis_links(nb_dir, records), standalone=False)
        claims_html = fragment + "\n" + (claims_html or "")
    parts = [
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
        "<title>trialstats report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>trialstats report</h1>",
    ]
    if claims_html:
        parts.append(claims_html)
    parts.append("<h2>Analyses</h2>")
    parts.append(_notebook_section(records))
    parts.append("</body></html>")
    index = out_dir / "index.html"
    atomic_write_text(index, "\n".join(parts))
    failed = [r for r in records if r["status"] != "ok"]
    if failed:
        names = ", ".join(str(r["name"]) for r in failed)
        print(f"trialstats report: notebooks failed: {names}", file=sys.stderr)
    return index
