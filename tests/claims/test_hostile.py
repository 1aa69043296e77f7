"""Hostile claim files (issue 11, found by fuzzing): each refused with a ClaimFileError that
names the file (and the claim where there is one), or answered with a verdict that never
lets a non-finite value fit; each within a second."""

from __future__ import annotations

import time

import pytest

from trialstats.claims import ClaimFileError, claim_results

ONE = """\
  - id: c1
    says: a sum
    kind: arithmetic
    stated: {{expression: {expr}, value: "4"}}
"""


def _timed(func):
    start = time.perf_counter()
    try:
        return func()
    finally:
        assert time.perf_counter() - start < 1.0


def _alias_bomb() -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines)


HOSTILE = {
    "alias bomb": lambda: (
        _alias_bomb().replace("a0:", "x0:", 0) + "\ndocument: {id: d, title: T}\nclaims:\n"
        "  - {id: c1, says: *a9, kind: count, stated: {value: '1'}}\n"
    ),
    "deep nesting": lambda: (
        "document: {id: d, title: T}\nclaims:\n  - " + "[" * 100_000 + "]" * 100_000 + "\n"
    ),
    "5000-digit integer": lambda: (
        "document: {id: d, title: T}\nclaims:\n  - {id: c1, says: x, kind: count, "
        "stated: {value: " + "9" * 5000 + "}}\n"
    ),
    "400-digit integer in an expression": lambda: (
        "document: {id: d, title: T}\nclaims:\n" + ONE.format(expr="'" + "9" * 400 + " + 1'")
    ),
    "100,000-term sum": lambda: (
        "document: {id: d, title: T}\nclaims:\n" + ONE.format(expr="'" + "+".join(["1"] * 100_000) + "'")
    ),
    "duplicate keys": lambda: (
        "document: {id: d, title: T}\nclaims:\n  - id: c1\n    says: x\n    kind: arithmetic\n"
        "    stated:\n      expression: '2+2'\n      expression: '1+1'\n      value: '2'\n"
    ),
    "5 MB file": lambda: "document: {id: d, title: T}\nclaims:\n" + "# padding\n" * 500_000,
    "quadratic separators": lambda: (
        "document: {id: d, title: T}\nclaims:\n" + ONE.format(expr="'" + "100," * 20_000 + "'")
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_refused_quickly_naming_the_file(tmp_path, name):
    # the YAML 'a0' anchors must precede their use; the bomb puts them at the top level
    text = HOSTILE[name]()
    path = tmp_path / "hostile.yaml"
    path.write_text(text.replace("x0:", "a0:") if name == "alias bomb" else text, encoding="utf-8")
    with pytest.raises(ClaimFileError) as info:
        _timed(lambda: claim_results(path))
    assert "hostile.yaml" in str(info.value)


def test_non_finite_never_fits(claim_file):
    results = _timed(lambda: claim_results(claim_file(ONE.format(expr="'1e308 * 10'"))))
    assert results[0].verdict == "error" and "finite" in results[0].explanation
    results = claim_results(
        claim_file('  - {id: c1, says: x, kind: count, trial: feder2021, stated: {value: ".inf"}}\n')
    )
    assert results[0].verdict != "consistent"
