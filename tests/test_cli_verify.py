"""`trialstats verify`: formats, --out, --fail-on, exit codes, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from trialstats.cli import main

JSON_KEYS = {
    "document",
    "claim",
    "kind",
    "says",
    "stated",
    "recomputed",
    "interval",
    "verdict",
    "explanation",
}

GOOD = textwrap.dedent("""\
    document: {id: my-doc, title: My document}
    claims:
      - id: share
        says: two thirds of 15
        kind: proportion
        stated: {value: "67%", n: 15}
      - id: wrong-share
        says: seventy percent of 15
        kind: proportion
        stated: {value: "70%", n: 15}
      - id: no-n
        says: 94 percent, no denominator
        kind: proportion
        stated: {value: "94%"}
    """)


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_table_by_default(capsys, good_file):
    code, out, err = run(capsys, "verify", str(good_file))
    assert code == 0
    assert "verdict" in out.splitlines()[0]
    assert "share" in out and "inconsistent" in out and "unverifiable" in out
    assert "3 claims: 1 consistent, 1 inconsistent, 1 unverifiable" in out


def test_json_keys_and_values(capsys, good_file):
    code, out, _ = run(capsys, "verify", str(good_file), "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [r["claim"] for r in records] == ["share", "wrong-share", "no-n"]
    for r in records:
        assert JSON_KEYS <= set(r)
    assert records[0]["verdict"] == "consistent" and records[0]["recomputed"].startswith("10/15")
    assert "at least 16" in records[2]["explanation"]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_other_formats_to_file(capsys, good_file, tmp_path, fmt):
    out_file = tmp_path / f"out.{fmt}"
    code, out, _ = run(capsys, "verify", str(good_file), "--format", fmt, "--out", str(out_file))
    assert code == 0 and out == ""
    text = out_file.read_text(encoding="utf-8")
    assert "wrong-share" in text
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "<ol>" in text
    else:
        assert text.startswith("# Verified claims") and "| my-doc" not in text


def test_fail_on(capsys, good_file):
    code, _, err = run(capsys, "verify", str(good_file), "--fail-on", "inconsistent")
    assert code == 1 and "my-doc/wrong-share" in err
    code, _, _ = run(capsys, "verify", str(good_file), "--fail-on", "misattributed")
    assert code == 0


def test_malformed_file_exits_2(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: [unclosed\n", encoding="utf-8")
    code, out, err = run(capsys, "verify", str(bad))
    assert code == 2 and out == ""
    assert "bad.yaml" in err and "not valid YAML" in err


def test_error_row_is_reported_and_can_fail(capsys, tmp_path):
    path = tmp_path / "half.yaml"
    path.write_text(
        GOOD + "  - id: broken\n    says: x\n    kind: guess\n    stated: {value: 1}\n", encoding="utf-8"
    )
    # issue 11: an error row makes verify exit 1, and every row is still printed
    code, out, _ = run(capsys, "verify", str(path), "--format", "json")
    assert code == 1
    assert [r["verdict"] for r in json.loads(out)][-1] == "error"
    code, _, _ = run(capsys, "verify", str(path), "--fail-on", "error")
    assert code == 1


def test_bundled_claims_fail_on_misattributed(capsys):
    code, out, err = run(capsys, "verify", "--format", "json", "--fail-on", "misattributed")
    assert code == 1
    records = json.loads(out)
    assert len(records) >= 30
    assert "guide-ketamine-ptsd/strongest-rct-response" in err


def test_deterministic_output(capsys):
    outputs = []
    for _ in range(2):
        for fmt in ("json", "markdown"):
            _, out, _ = run(capsys, "verify", "--format", fmt)
            outputs.append(out)
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


@pytest.mark.slow
def test_console_script_entry_point(good_file):
    proc = subprocess.run(
        [sys.executable, "-m", "trialstats.cli", "verify", str(good_file), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["claim"] == "share"
