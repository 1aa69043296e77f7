"""Command-line streams and exit codes: --version, python -m, closed pipes, --out hardening,
CSV formula defusing, escape codes stripped from terminal output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trialstats.cli import _clean_text, _safe_csv_cell, main

SRC = Path(__file__).resolve().parents[1] / "src"
ENV = dict(os.environ, PYTHONPATH=f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")


def test_version_and_python_m():
    from trialstats import __version__

    res = subprocess.run([sys.executable, "-m", "trialstats", "--version"], env=ENV,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == f"trialstats {__version__}"


def test_closed_pipe_ends_quietly():
    cmd = f"{sys.executable} -m trialstats verify --format json | head -c 10"
    res = subprocess.run(["bash", "-c", cmd], env=ENV, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in res.stderr and "BrokenPipe" not in res.stderr, res.stderr


@pytest.mark.parametrize("name", ["verify", "report", "compare", "trials", "show", "data", "import-ctgov"])
def test_subcommand_help_has_examples(name, capsys):
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_method_help_lists_the_valid_names(capsys):
    from trialstats.two_proportions import RISK_DIFFERENCE_METHODS

    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for m in RISK_DIFFERENCE_METHODS:
        assert m in text


@pytest.mark.parametrize("target", ["dir", "under-file", "proc"])
def test_verify_out_unusable_is_exit_2(tmp_path, capsys, target):
    plain = tmp_path / "f.txt"
    plain.write_text("x", encoding="utf-8")
    out = {"dir": tmp_path, "under-file": plain / "x.json", "proc": Path("/proc/ts-verify.json")}[target]
    assert main(["verify", "--format", "json", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out" in err


def test_out_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["verify", "--format", "json", "--out", str(link)]) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("[")


def test_out_to_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = tmp_path / "got.json"
    # the reader drains the FIFO into a file: a pipe back to us would fill (64 KiB) while
    # `verify` is still writing, and both would wait for ever
    with open(got, "wb") as sink:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
        assert main(["verify", "--format", "json", "--out", str(fifo)]) == 0
        reader.wait(timeout=30)
    assert got.read_bytes().startswith(b"[") and fifo.is_fifo()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_out_to_a_device_is_never_replaced(capsys):
    assert main(["verify", "--format", "json", "--out", "/dev/full"]) == 2
    assert Path("/dev/full").is_char_device()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"x\")", "+1+2", "-2+3", "@SUM(A1)"])
def test_csv_cells_starting_a_formula_are_defused(cell):
    assert _safe_csv_cell(cell) == "'" + cell


def test_csv_numbers_are_left_alone():
    assert _safe_csv_cell("-0.5") == "-0.5" and _safe_csv_cell(3) == 3


def test_terminal_escape_codes_are_stripped():
    assert _clean_text("a\x1b[31mred\x1b[0m\x1b]0;title\x07b\tc\n") == "aredb\tc\n"


def test_escape_codes_in_a_claim_file_never_reach_the_terminal(tmp_path, capsys):
    claim = tmp_path / "evil.yaml"
    claim.write_text(
        'document: {id: evil, title: "T\\e]0;pwned\\a\\e[2J", url: null, file: null}\n'
        "claims:\n"
        '  - {id: c1, where: here, says: "two \\e[31mred\\e[0m SSRIs", kind: count, stated: {value: two}}\n',
        encoding="utf-8",
    )
    main(["verify", str(claim), "--format", "markdown"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "red" in out
