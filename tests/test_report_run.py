"""A real `trialstats report` run: byte-identical twice, killed or stopped it leaves the previous
complete report (or none) and no kernel running; unusable destinations are one-line errors."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]


def _env(**extra):
    env = dict(os.environ, PYTHONPATH=f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    env.update(extra)
    return env


def _files(folder: Path) -> dict[str, bytes]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths}


def _without_date(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if b'class="date"' not in line)


def test_two_runs_give_identical_bytes_except_the_date_line(tmp_path):
    from trialstats.claims import verify_claims
    from trialstats.report import build_report

    nb = tmp_path / "nb"
    nb.mkdir()
    for name in ("01-response-rates.ipynb", "04-pooling.ipynb"):
        shutil.copy(ROOT / "notebooks" / name, nb)
    claims = verify_claims(results=True)
    build_report(tmp_path / "a", claims=claims, notebooks_dir=nb)
    build_report(tmp_path / "b", claims=verify_claims(results=True), notebooks_dir=nb)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    for name in a:
        assert _without_date(a[name]) == _without_date(b[name]), name
    page = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="date"') == 1
    nb_page = (tmp_path / "a" / "notebooks" / "04-pooling.html").read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link)[^>]*(src|href)=["']https?://""", nb_page)  # offline
    assert "cdnjs" not in nb_page and "require.js" not in nb_page


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(("sig", "after"), [(signal.SIGKILL, 3), (signal.SIGKILL, 8), (signal.SIGKILL, 14),
                                            (signal.SIGTERM, 6)])
def test_killed_run_leaves_previous_report_and_no_kernel(tmp_path, sig, after):
    from trialstats.claims import verify_claims
    from trialstats.report import build_report

    out = tmp_path / "report"
    empty = tmp_path / "empty"
    empty.mkdir()
    build_report(out, claims=verify_claims(results=True), notebooks_dir=empty)  # the previous report
    before = _files(out)
    proc = subprocess.Popen([sys.executable, "-m", "trialstats", "report", "--out", str(out)],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(after)
    kids = _descendants(proc.pid)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode != 0, err
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.2)
    assert not [k for k in kids if _alive(k)], "a kernel outlived the killed report"
    if proc.returncode == 0:  # finished before the signal: the new complete report
        assert (out / "index.html").is_file()
        return
    assert not out.exists() or _files(out) == before, "the previous report was changed"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.building")]
    if sig == signal.SIGTERM:
        assert leftovers == []


@pytest.mark.parametrize("target", ["existing-dir", "under-file", "proc"])
def test_unusable_out_is_one_line_exit_2(tmp_path, target):
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep me", encoding="utf-8")
    out = {"existing-dir": busy, "under-file": plain / "r", "proc": Path("/proc/trialstats-report")}[target]
    res = subprocess.run([sys.executable, "-m", "trialstats", "report", "--out", str(out)],
                         env=_env(), capture_output=True, text=True, timeout=120)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and res.stderr.strip().count("\n") == 0, res.stderr
    assert (busy / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_single_file_embeds_the_notebooks(tmp_path):
    from trialstats.claims import verify_claims
    from trialstats.report import build_report

    nb = tmp_path / "nb"
    nb.mkdir()
    shutil.copy(ROOT / "notebooks" / "04-pooling.ipynb", nb)
    out = tmp_path / "report.html"
    built = build_report(out, claims=verify_claims(results=True), notebooks_dir=nb, single_file=True)
    page = out.read_text(encoding="utf-8")
    assert built.index == out and built.records[0]["images"] == 4
    assert page.count("data:image/png;base64,") == 5  # notebook 04's four figures and the front-page figure
    assert 'id="nb-04-pooling"' in page and not re.search(r"""<script[^>]*src=""", page)
