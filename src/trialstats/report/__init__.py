"""The report: execute the analysis notebooks and render them, with the claim verdicts, as HTML.

I/O lives here (and in ``cli``), never in the engine. The report folder is built under a
temporary name beside its destination and renamed into place only when complete, so an
interrupted or killed run leaves the previous complete report, or none.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._fs import (
    REPORT_MARKER,
    OutputPathError,
    atomic_write_text,
    check_out_dir,
    check_out_file,
    new_build_dir,
    replace_dir,
)
from .notebooks import NOTEBOOK_EXTRA, execute_notebooks, find_notebooks_dir, notebook_support, strip_ansi

__all__ = [
    "NOTEBOOK_EXTRA",
    "REPORT_MARKER",
    "OutputPathError",
    "ReportResult",
    "analysis_links",
    "atomic_write_text",
    "build_report",
    "check_out_dir",
    "check_out_file",
    "execute_notebooks",
    "find_notebooks_dir",
    "strip_ansi",
    "write_claims",
    "write_report",
]


@dataclass
class ReportResult:
    """What a report run wrote: the index page, one record per notebook, and notes (stderr)."""

    index: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed_notebooks(self) -> list[str]:
        return [str(r["name"]) for r in self.records if r["status"] != "ok"]


def analysis_links(
    notebooks_dir: Path | None, records: list[dict[str, Any]]
) -> dict[str, list[tuple[str, str]]]:
    """Map each trial id to the notebook sections about it: {trial_id: [(text, href)]}.

    Taken from the explicit table :data:`trialstats.report.sections.SECTIONS` (not from text
    matching in the notebooks), restricted to the notebooks in ``records``.
    """
    from .sections import SECTIONS

    hrefs = {str(r["name"]): str(r["html"]) for r in records}
    links: dict[str, list[tuple[str, str]]] = {}
    for stem, heading, trial, _ in SECTIONS:
        if stem in hrefs:
            rec = next(r for r in records if str(r["name"]) == stem)
            ident = dict(rec.get("anchors", {})).get(heading)
            href = hrefs[stem] + (f"#{ident}" if ident else "")
            links.setdefault(trial, []).append((f"{stem}: {heading}", href))
    return links


def write_claims(out_dir: Path, results: Sequence[Any]) -> None:
    """Write ``claims.json``, ``claims.md`` and ``claims.html`` (deterministic: same input, same bytes)."""
    from ..claims.render import render_html, render_json, render_markdown  # the one import of renderers

    out_dir = Path(out_dir)
    atomic_write_text(out_dir / "claims.json", render_json(results))
    atomic_write_text(out_dir / "claims.md", render_markdown(results))
    atomic_write_text(out_dir / "claims.html", render_html(results))


def _date_line() -> str:
    # SOURCE_DATE_EPOCH (reproducible-builds convention) fixes the date for byte-identical reports
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (_dt.datetime.fromtimestamp(int(epoch), _dt.UTC) if epoch and epoch.isdigit()
            else _dt.datetime.now(_dt.UTC))
    return f"Generated {when:%Y-%m-%d %H:%M} UTC"


def build_report(
    out: Path,
    *,
    claims: Sequence[Any] | None = None,
    notebooks_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    single_file: bool = False,
    run_notebooks: bool = True,
) -> ReportResult:
    """Write the report to ``out`` (a folder; a file with ``single_file``) atomically.

    Notebooks are executed when they are found and the notebook extra is installed; else a
    note says why not (the claims part is written all the same).
    """
    from . import provenance
    from .page import render_index, stated_vs_recomputed_png

    out = Path(out)
    (check_out_file if single_file else check_out_dir)(out)
    claims = list(claims or [])
    notes: list[str] = []
    nb_dir = notebooks_dir if notebooks_dir is not None else find_notebooks_dir()
    missing = notebook_support()
    if not run_notebooks:
        nb_dir = None
    elif nb_dir is None:
        notes.append("analysis notebooks not found (they ship with a checkout of the project, not with "
                     "an installed package); the report holds the claims only")
    elif missing is not None:
        notes.append(f"analysis notebooks not executed: module {missing} is missing; "
                     f"pip install 'trialstats[{NOTEBOOK_EXTRA}]' adds the notebook runner and kernel")
        nb_dir = None
    build = new_build_dir(out)
    try:
        records = (execute_notebooks(nb_dir, build, progress=progress, single_file=single_file)
                   if nb_dir is not None else [])
        if progress:
            progress("writing claims.json, claims.md, claims.html and index.html ...")
        page = render_index(
            claims, records,
            date_line=_date_line(),
            checksum=provenance.data_checksum(),
            versions=provenance.versions(),
            notes=notes,
            figure_png=stated_vs_recomputed_png(claims) if claims else None,
            notebook_bodies={str(r["name"]): str(r["body"]) for r in records} if single_file else None,
        )
        if single_file:
            atomic_write_text(out, page)
            index = out
        else:
            if claims:
                write_claims(build, claims)
            atomic_write_text(build / "index.html", page)
            replace_dir(build, out)
            index = out / "index.html"
    finally:
        if build.exists():
            shutil.rmtree(build, ignore_errors=True)
    return ReportResult(index=index, records=records, notes=notes)


def write_report(
    out_dir: Path,
    *,
    notebooks_dir: Path | None = None,
    claims_html: str | None = None,
    progress: Callable[[str], None] | None = None,
    claims: Sequence[Any] | None = None,
    single_file: bool = False,
) -> Path:
    """Execute the notebooks and write ``out_dir/index.html``; return its path.

    With ``claims`` (a list of :class:`trialstats.claims.ClaimResult`), the report also holds
    the verdicts per document and every claim with its working and provenance, and
    ``claims.json``/``claims.md``/``claims.html`` are written beside ``index.html``.
    ``claims_html`` is accepted for backward compatibility and ignored.
    """
    del claims_html
    return build_report(Path(out_dir), claims=claims, notebooks_dir=notebooks_dir, progress=progress,
                        single_file=single_file).index
