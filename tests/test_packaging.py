"""A plain (non-editable) install carries the data: load_trial works without the checkout."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_package_reads_its_own_data(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(REPO)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
    )
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        import trialstats, trialstats.data as d
        here = Path(sys.argv[1]).resolve()
        assert Path(trialstats.__file__).resolve().is_relative_to(here), trialstats.__file__
        assert d.data_dir().resolve().is_relative_to(here), d.data_dir()
        t = trialstats.load_trial("feder2021")
        assert t.source["journal"] == "Am J Psychiatry"
        assert trialstats.validate_data() == []
        print(t.citation)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        cwd=tmp_path,  # not the checkout, so neither src/ nor data/ can be picked up by accident
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Am J Psychiatry. 2021;178(2):193-202." in run.stdout
