"""Recall, precision and link accuracy of `scan` against the hand inventory (tests/inventory/).

An inventory item is *found* when a scan item overlaps its span (``same kind`` also counts the
kind). A scan item is *correct* when it overlaps an inventory item; one that overlaps only a
statement the inventory keeps as ``out_of_format`` is set aside (neither right nor wrong); the
rest, including any that overlap a listed negative, are false positives. A found item's link
is *correct* when the scan's trial (or source) is the inventory's; when the inventory names no
trial the scan must name none; when it names several, the scan must name one of them or leave
the link empty with them among its candidates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

INVENTORY = Path(__file__).resolve().parent / "inventory"
# the five seed pages (shared/seeds beside the checkout, as CI lays them)
SEEDS = Path(os.environ.get("TRIALSTATS_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
HAVE_SEEDS = (SEEDS / "002_0de211eb7dae51b5.txt").is_file()


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Measure:
    seed: str
    n_inventory: int
    n_scan: int
    found: int
    found_same_kind: int
    correct_items: int
    set_aside: int
    link_checked: int
    link_correct: int
    same_kind_items: int
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    wrong_links: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.n_inventory if self.n_inventory else 1.0

    @property
    def recall_same_kind(self) -> float:
        return self.found_same_kind / self.n_inventory if self.n_inventory else 1.0

    @property
    def precision(self) -> float:
        judged = self.n_scan - self.set_aside
        return self.correct_items / judged if judged else 1.0

    @property
    def strict_precision(self) -> float:
        """Scan items that overlap an inventory item of the same kind, over all scan items."""
        return self.same_kind_items / self.n_scan if self.n_scan else 1.0

    @property
    def link_accuracy(self) -> float:
        return self.link_correct / self.link_checked if self.link_checked else 1.0


def _link_ok(inv: dict, hit) -> bool:
    want = inv.get("trial")
    got = hit["trial"] if isinstance(hit["trial"], str) else None
    src = hit["source"] if isinstance(hit["source"], str) else None
    if want is None and inv.get("source"):
        return src == inv["source"] or (got is not None and inv["source"].startswith(got))
    if want is None:
        return got is None
    if isinstance(want, list):
        return got in want or (got is None and bool(set(hit["candidates"]) & set(want)))
    return got == want


def measure(stem: str, result=None) -> Measure:
    import trialstats as ts

    inv = yaml.safe_load((INVENTORY / f"{stem}.yaml").read_text(encoding="utf-8"))
    r = result if result is not None else ts.scan(SEEDS / f"{stem}.txt")
    rows = [row for _, row in r.items.iterrows()]
    items = inv.get("items", [])
    negatives = inv.get("negatives", [])
    outside = inv.get("out_of_format", [])
    found = same = checked = linked = 0
    misses, wrong = [], []
    for it in items:
        span = (it["start"], it["end"])
        hits = [row for row in rows if _overlap(span, (row["start"], row["end"]))]
        if not hits:
            misses.append((it["kind"], it["quote"]))
            continue
        found += 1
        kind_hits = [h for h in hits if h["kind"] == it["kind"]]
        if kind_hits:
            same += 1
        best = (kind_hits or hits)[0]
        checked += 1
        if _link_ok(it, best):
            linked += 1
        else:
            wrong.append(
                (
                    it["quote"][:60],
                    it.get("trial") or it.get("source"),
                    best["trial"],
                    best["link_reason"][:80],
                )
            )
    correct = aside = 0
    strict = sum(
        1
        for row in rows
        if any(
            _overlap((row["start"], row["end"]), (i["start"], i["end"])) and i["kind"] == row["kind"]
            for i in items
        )
    )
    fps = []
    for row in rows:
        span = (row["start"], row["end"])
        if any(_overlap(span, (i["start"], i["end"])) for i in items):
            correct += 1
        elif any(_overlap(span, (o["start"], o["end"])) for o in outside) and not any(
            _overlap(span, (n["start"], n["end"])) for n in negatives
        ):
            aside += 1
        else:
            fps.append((row["kind"], row["quote"][:70]))
    return Measure(
        stem, len(items), len(rows), found, same, correct, aside, checked, linked, strict, misses, fps, wrong
    )


def stems() -> list[str]:
    return sorted(p.stem for p in INVENTORY.glob("*.yaml"))


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        INVENTORY = Path(sys.argv[1])
    for stem in stems():
        m = measure(stem)
        print(
            f"{stem}: recall {m.recall:.0%} (same kind "
            f"{m.recall_same_kind:.0%}), precision {m.precision:.0%} (same kind {m.strict_precision:.0%}), "
            f"links {m.link_accuracy:.0%}  [{m.n_inventory} inventory, "
            f"{m.n_scan} scan, {m.set_aside} set aside]"
        )
        for x in m.misses:
            print("   MISS", x)
        for x in m.false_positives:
            print("   FP  ", x)
        for x in m.wrong_links:
            print("   LINK", x)
