"""The ``trialstats compare`` command."""

import json

import pytest

from trialstats.cli import main


def test_compare_prints_a_readable_table(capsys):
    assert main(["compare", "10/15", "3/15"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "10/15 (66.7%) vs 3/15 (20.0%)"
    assert [line.split("  ")[0] for line in lines[1:]] == [
        "risk difference", "risk ratio", "odds ratio", "number needed to treat",
        "Fisher exact test", "fragility index",
    ]
    assert "0.467 (95% CI 0.112 to 0.690); newcombe" in out
    assert "p = 0.025" in out and "NNTB 2.1" in out
    assert err == ""


def test_compare_options_reach_the_engine(capsys):
    assert main(["compare", "10/15", "3/15", "--confidence-level", "0.9", "--method", "wald"]) == 0
    out = capsys.readouterr().out
    assert "90% CI" in out and "; wald" in out


def test_compare_json(capsys):
    assert main(["compare", "6/50", "18/50", "--format", "json", "--outcome", "undesirable"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["x1"], data["n1"], data["x2"], data["n2"]) == (6, 50, 18, 50)
    assert data["rd"] == pytest.approx(-0.24)
    assert data["nnt"] == pytest.approx(1 / 0.24) and data["nnt_direction"] == "benefit"
    # R 4.2.2 fisher.test(matrix(c(6, 44, 18, 32), 2))$p.value
    assert data["fisher_p"] == pytest.approx(0.009115360043, rel=1e-8)


@pytest.mark.parametrize(
    "args, message",
    [
        (["10/5", "3/15"], "treatment has more events (10) than patients (5)"),
        (["x/15", "3/15"], "treatment must be EVENTS/TOTAL"),
        (["10/15", "3"], "control must be EVENTS/TOTAL"),
        (["10/15", "3/0"], "control must have a total of at least 1"),
        (["10/15", "3/15", "--method", "katz"], "unknown method 'katz'"),
        (["10/15", "3/15", "--confidence-level", "95"], "did you mean 0.95?"),
    ],
)
def test_compare_malformed_arguments_exit_2_with_one_line(capsys, args, message):
    assert main(["compare", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("trialstats compare: ")
    assert message in err


def test_compare_notes_warnings_on_stderr(capsys):
    assert main(["compare", "0/2", "0/2"]) == 0
    out, err = capsys.readouterr()
    assert "not defined" in out
    assert err.startswith("trialstats compare: note: no sequence of changed outcomes")
