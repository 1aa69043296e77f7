"""Executing the analysis notebooks and rendering them as offline HTML pages.

Executed notebooks are made deterministic (no timing metadata, stream outputs merged, escape
codes stripped from tracebacks) so two runs give the same bytes. Each kernel is shut down on
every exit path: nbclient's own cleanup runs on exceptions (SIGTERM is turned into one by the
command line), and a kernel whose parent dies is stopped by its parent poller.
"""

from __future__ import annotations

import html
import re
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "NOTEBOOK_EXTRA",
    "count_images",
    "execute_notebooks",
    "find_notebooks_dir",
    "notebook_support",
    "strip_ansi",
]

NOTEBOOK_EXTRA = "report"  # pip install "trialstats[report]" adds the notebook runner and kernel
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="anchor-link"', re.S)
_TAG = re.compile(r"<[^>]+>")


def strip_ansi(text: str) -> str:
    """Remove terminal escape sequences (colours, cursor moves, OSC titles) from ``text``."""
    return _ANSI.sub("", str(text))


def find_notebooks_dir(start: Path | None = None) -> Path | None:
    """The analysis notebooks: in the installed package, beside the source tree, else under the cwd."""
    here = Path(__file__).resolve()
    candidates = [here.parents[1] / "notebooks", here.parents[3] / "notebooks"]
    candidates.append((start or Path.cwd()) / "notebooks")
    for c in candidates:
        if c.is_dir() and any(c.glob("*.ipynb")):
            return c
    return None


def notebook_support() -> str | None:
    """None when notebooks can be executed here, else the name of the missing module."""
    import importlib.util

    for module in ("nbformat", "nbclient", "nbconvert", "ipykernel"):
        if importlib.util.find_spec(module) is None:
            return module
    return None


def _clean(nb: Any) -> None:
    """Make an executed notebook deterministic and its tracebacks plain text."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        merged: list[Any] = []
        for out in cell.outputs:
            if out.get("output_type") == "stream":
                out["text"] = strip_ansi(out["text"])
                if merged and merged[-1].get("output_type") == "stream" and merged[-1]["name"] == out["name"]:
                    merged[-1]["text"] += out["text"]
                    continue
            elif out.get("output_type") == "error":
                out["traceback"] = [strip_ansi(line) for line in out.get("traceback", [])]
            merged.append(out)
        cell.outputs = merged


def _execute(client: Any) -> None:
    """Run the notebook in an event loop of its own, closed afterwards (also in worker threads)."""
    import asyncio

    # the kernel's own log lines (transport warnings) are not the report's progress
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(client.async_execute(stderr=subprocess.DEVNULL))
        return
    client.execute(stderr=subprocess.DEVNULL)  # called from inside a running loop (a notebook)


def _kill_kernel(client: Any) -> None:
    """Stop the client's kernel process if it still runs (nbclient's cleanup may not have run)."""
    km = getattr(client, "km", None)
    proc = getattr(getattr(km, "provisioner", None), "process", None)
    if proc is not None and proc.poll() is None:
        proc.kill()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kernel that ignores SIGKILL
            pass


def count_images(nb: Any) -> int:
    """Number of image outputs (PNG, SVG, JPEG) in an executed notebook."""
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if any(k.startswith("image/") for k in out.get("data", {}))
    )


def _first_error(nb: Any) -> tuple[str, str]:
    """(heading of the section, plain-text error line) of the first failing cell."""
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("#").strip()
        elif cell.cell_type == "code":
            for out in cell.outputs:
                if out.get("output_type") == "error":
                    return heading, strip_ansi(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return heading, ""


def heading_anchors(page: str) -> dict[str, str]:
    """{heading text: id} of the headings of a notebook page rendered by nbconvert."""
    out: dict[str, str] = {}
    for _, ident, inner in _HEADING.findall(page):
        text = html.unescape(_TAG.sub("", inner)).strip()
        out.setdefault(text, ident)
    return out


def _exporter(single: bool) -> Any:
    from nbconvert import HTMLExporter

    if single:
        # the bare body: embedded in the single-file report, styled by its stylesheet
        return HTMLExporter(template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True)
    # the lab template without require.js, MathJax and mermaid from a CDN: pages work offline
    return HTMLExporter(extra_template_basedirs=[str(_TEMPLATES)], template_name="trialstats_offline")


def _run_one(
    path: Path, out_dir: Path, *, timeout: int, single_file: bool, clients: list[Any],
    progress: Callable[[str], None] | None,
) -> dict[str, Any]:
    """Execute one notebook, write its executed copy and page, return its record."""
    import nbformat
    from nbclient import NotebookClient

    from ._fs import atomic_write_text

    if progress:
        progress(f"executing {path.name} ...")
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    clients.append(client)
    status, error = "ok", ""
    try:
        _execute(client)
    except BaseException as exc:
        _kill_kernel(client)
        if not isinstance(exc, Exception):  # SIGTERM, Ctrl-C: stop the run (the kernel is stopped)
            raise
        # a failed cell, a timeout or a dead kernel: reported, and the other notebooks still run
        status = "failed"
        error = strip_ansi(str(exc)).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
    _clean(nb)
    section, cell_error = _first_error(nb)
    seconds = time.perf_counter() - start
    title = next(
        (line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
         for line in c.source.splitlines() if line.startswith("# ")),
        path.stem,
    )
    body, _ = _exporter(single_file).from_notebook_node(nb, resources={"metadata": {"name": title}})
    record: dict[str, Any] = {
        "name": path.stem,
        "title": title,
        "status": status,
        "seconds": round(seconds, 1),
        "html": f"notebooks/{path.stem}.html",
        "error": cell_error or error,
        "error_section": section if status != "ok" else "",
        "images": count_images(nb),
        "anchors": heading_anchors(body),
    }
    if single_file:
        record["body"] = body
    else:
        atomic_write_text(out_dir / record["html"], body)
        atomic_write_text(out_dir / "notebooks" / path.name, nbformat.writes(nb) + "\n")
    if progress:
        progress(f"  {path.name}: {status} ({seconds:.1f} s, {record['images']} figures)")
    return record


def execute_notebooks(
    notebooks_dir: Path,
    out_dir: Path,
    *,
    timeout: int = 600,
    progress: Callable[[str], None] | None = None,
    single_file: bool = False,
    jobs: int | None = None,
) -> list[dict[str, Any]]:
    """Execute every ``NN-*.ipynb`` in ``notebooks_dir``; write executed copies and HTML pages.

    Returns one record per notebook, in name order: ``name``, ``title``, ``status`` ("ok" or
    "failed"), ``seconds``, ``html`` (relative path of its page), ``error`` (plain text) and
    ``error_section`` for a failed notebook, ``images`` (image outputs), ``anchors``
    ({heading: id}) and, with ``single_file``, ``body`` (the page's HTML body). A failing
    notebook does not stop the others. ``jobs`` notebooks run at once (default: 2, or 1 on a
    single CPU); their kernels are separate processes, so the outputs do not depend on it.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    out_dir = Path(out_dir)
    if not single_file:
        (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    paths = sorted(Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))
    jobs = jobs or min(2, os.cpu_count() or 1)
    clients: list[Any] = []
    lock = threading.Lock()

    def say(msg: str) -> None:  # one whole line at a time from the worker threads
        if progress:
            with lock:
                progress(msg)

    def run(path: Path) -> dict[str, Any]:
        return _run_one(path, out_dir, timeout=timeout, single_file=single_file, clients=clients,
                        progress=say)

    if jobs <= 1 or len(paths) <= 1:
        return [run(p) for p in paths]
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="notebook")
    futures: list[Any] = []
    try:
        futures.extend(pool.submit(run, p) for p in paths)
        return [f.result() for f in futures]
    except BaseException:
        # SIGTERM/Ctrl-C arrive in the main thread: cancel what has not started and stop every
        # kernel, so the running notebooks fail fast and their threads end
        for f in futures:
            f.cancel()
        for client in list(clients):
            _kill_kernel(client)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
