"""Wall time of the notebook suite and of ``trialstats report`` (what ``make report`` runs).

Warm environment: one untimed ``trialstats verify`` first, so that bytecode and the data
package are compiled/read from a warm disk cache; then each notebook is executed once with
nbclient (a fresh kernel each, as the test suite and the report do), and the whole report
(``python -m trialstats.cli report --out <tmp>``: verify every claim, execute every notebook,
write HTML) is timed once in a fresh process. Both are dominated by kernel start-up and
notebook execution, so they are reported as measured, without repeats.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: some claims flagged, still a complete report
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return seconds


def main() -> None:
    import nbformat
    from nbclient import NotebookClient

    _run([sys.executable, "-m", "trialstats.cli", "verify", "--format", "json"])  # warm-up
    total = 0.0
    print(f"{'notebook':36} {'seconds':>8}")
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
        total += seconds
        print(f"{path.name:36} {seconds:8.1f}")
    print(f"{'notebook suite (' + str(len(NOTEBOOKS)) + ' notebooks)':36} {total:8.1f}")
    with tempfile.TemporaryDirectory() as out:
        seconds = _run([sys.executable, "-m", "trialstats.cli", "report", "--out", out])
        written = len(list(Path(out).rglob("*")))
    print(f"{'trialstats report (make report)':36} {seconds:8.1f}   ({written} files written)")


if __name__ == "__main__":
    main()
