"""An installed (non-editable) package carries what `trialstats report` needs: the notebooks,
the offline page template, and `python -m trialstats`."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_package_carries_notebooks_and_template(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(REPO)],
        check=True, cwd=tmp_path, capture_output=True, timeout=600,
    )
    pkg = target / "trialstats"
    assert sorted(p.name for p in (pkg / "notebooks").glob("[0-9][0-9]-*.ipynb")) == sorted(
        p.name for p in (REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert (pkg / "report" / "templates" / "trialstats_offline" / "index.html.j2").is_file()
    code = "from trialstats.report import find_notebooks_dir; print(find_notebooks_dir())"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()).resolve() == (pkg / "notebooks").resolve()
    version = subprocess.run(
        [sys.executable, "-m", "trialstats", "--version"], cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=120,
    )
    assert version.returncode == 0 and version.stdout.startswith("trialstats "), version.stderr
