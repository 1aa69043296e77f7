"""Run every benchmark script in this folder (``make bench``), one process each, in name order.

Each ``bench_*.py`` prints its own table; this runner adds a header per script and a
closing summary of which scripts failed. Figures are machine-dependent: compare ratios
measured in the same run, not absolute times across machines.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    import os

    print(f"# trialstats benchmarks — {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs")
    failed = []
    only = set(sys.argv[1:])
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem not in only:
            continue
        print(f"\n## {script.stem}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], check=False)
        print(f"({script.name}: {time.perf_counter() - start:.1f} s, exit {proc.returncode})", flush=True)
        if proc.returncode:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
