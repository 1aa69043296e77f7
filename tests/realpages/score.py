"""Agreement of ``trialstats verify`` with the real-page battery, per page and per kind.

Run from the worktree root::

    PYTHONPATH=$PWD/src python tests/realpages/score.py [--mismatches]

It uses the test module's one helper (``verify_page``), so the score and the test agree.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_realpages import CLAIM_FILES, verify_page


def main(argv: list[str]) -> int:
    show = "--mismatches" in argv
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in CLAIM_FILES:
            rows += verify_page(path, Path(tmp))
    by_page: dict[str, list[bool]] = defaultdict(list)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    by_expected: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        ok = r["got"] == r["expected"]
        by_page[r["document"]].append(ok)
        by_kind[r["kind"]].append(ok)
        by_expected[r["expected"]].append(ok)

    def table(title: str, groups: dict[str, list[bool]]) -> None:
        print(f"\n{title:<34} {'agree':>5} / {'n':>3}   share")
        for key in sorted(groups):
            oks = groups[key]
            print(f"{key:<34} {sum(oks):>5} / {len(oks):>3}   {sum(oks) / len(oks):6.1%}")

    table("page", by_page)
    table("kind", by_kind)
    table("expected verdict", by_expected)
    total = sum(r["got"] == r["expected"] for r in rows)
    print(f"\noverall: {total} of {len(rows)} claims agree ({total / len(rows):.1%})")
    confusion = Counter((r["expected"], r["got"]) for r in rows if r["got"] != r["expected"])
    print("disagreements (expected -> got):", dict(sorted(confusion.items())) or "none")
    if show:
        for r in rows:
            if r["got"] != r["expected"]:
                print(
                    f"- {r['document']}/{r['claim']} [{r['kind']}] expected {r['expected']},"
                    f" got {r['got']}: {r['explanation'][:160]}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
