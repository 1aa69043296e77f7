"""validate_data() on broken copies of the bundled data: one defect each, one clear message each.

Each case copies data/ to a temporary folder, edits one cell (or the header), and checks
that the problem names the file, the data row (counted from 1 after the header), the
field, and says what is wrong.
"""

import csv
import json
import re
import shutil

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import trialstats as ts
from trialstats import data as d
from trialstats._datapackage import DataProblem, DataValidationError, _check_percent


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(d.data_dir(), target, ignore=shutil.ignore_patterns("staging", "claims"))
    return target


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows, fieldnames=None):
    fieldnames = fieldnames or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _edit(folder, table, match, **changes):
    """Change the first row of ``table`` whose cells include ``match``; return its data-row number."""
    path = folder / f"{table}.csv"
    rows = _rows(path)
    for i, row in enumerate(rows, start=1):
        if all(row[k] == v for k, v in match.items()):
            row.update(changes)
            _write(path, rows)
            return i
    raise AssertionError(f"no row matching {match} in {table}")


FEDER_KET = {"trial_id": "feder2021", "arm_id": "ketamine"}
FEDER_RESP = {"trial_id": "feder2021", "outcome_id": "caps5_response", "arm_id": "ketamine"}


def _only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_copy_itself_is_valid(copy):
    assert ts.validate_data(copy) == []
    assert ts.validate_data(copy / "datapackage.json") == []


@pytest.mark.parametrize(
    ("table", "match", "changes", "field", "message"),
    [
        (
            "arms",
            FEDER_KET,
            {"n_randomized": "fifteen"},
            "n_randomized",
            "value 'fifteen' is not of type integer",
        ),
        ("arms", FEDER_KET, {"n_randomized": "15.5"}, "n_randomized", "is not of type integer"),
        ("arms", FEDER_KET, {"source_id": ""}, "source_id", "required value is missing"),
        ("arms", FEDER_KET, {"role": "active"}, "role", "value 'active' is not one of the allowed values"),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"outcome_id": "CAPS5 response"},
            "outcome_id",
            "does not match the pattern",
        ),
        (
            "arms",
            FEDER_KET,
            {"n_completed": "16"},
            "n_completed",
            "n_completed = 16 exceeds n_randomized = 15",
        ),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"events": "-1", "printed": ""},
            "events",
            "value -1 is below the minimum 0",
        ),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"events": "16", "printed": ""},
            "events",
            "events = 16 exceeds n = 15",
        ),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"percent": "167", "printed": ""},
            "percent",
            "value 167 is above the maximum 100",
        ),
        ("binary_outcomes", FEDER_RESP, {"used": "yes"}, "used", "value 'yes' is not of type boolean"),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"percent": "", "printed": "68%"},
            "printed",
            "no count out of n = 15 rounds to 68%",
        ),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"percent": "", "printed": "60%"},
            "printed",
            r"60% is inconsistent with events/n = 10/15 = 66.67% \(counts that round to 60%: 9\)",
        ),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"percent": "60", "printed": ""},
            "percent",
            "60% is inconsistent with events/n = 10/15",
        ),
        (
            "binary_outcomes",
            FEDER_RESP,
            {"percent": "", "printed": "9/15"},
            "printed",
            "printed '9/15' disagrees with events = 10, n = 15",
        ),
        ("binary_outcomes", FEDER_RESP, {"arm_id": "placebo"}, "trial_id+arm_id", "refers to an unknown arm"),
        (
            "reported_effects",
            {"effect_id": "caps5_week2_d"},
            {"low": "2.5"},
            "estimate",
            "low = 2.5 is above estimate = 1.13",
        ),
        (
            "reported_effects",
            {"effect_id": "caps5_week2_d"},
            {"p": "1.5"},
            "p",
            "value 1.5 is above the maximum 1",
        ),
        ("reported_effects", {"effect_id": "caps5_week2_d"}, {"measure": "Cohen"}, "measure", "not one of"),
        (
            "relapse",
            {"relapse_id": "ptsd_relapse"},
            {"events": "13"},
            "events",
            "events = 13 exceeds n_at_risk = 12",
        ),
        ("relapse", {"relapse_id": "ptsd_relapse"}, {"unit": "fortnights"}, "unit", "not one of"),
        (
            "sources",
            {"source_id": "albott2018-jcp"},
            {"pmid": "PMID123"},
            "pmid",
            "does not match the pattern",
        ),
        ("sources", {"source_id": "albott2018-jcp"}, {"year": "2018a"}, "year", "is not of type integer"),
        (
            "trials",
            {"trial_id": "feder2021"},
            {"primary_source_id": "feder2021-nejm"},
            "primary_source_id",
            "primary_source_id='feder2021-nejm' refers to an unknown source",
        ),
    ],
)
def test_single_defects(copy, table, match, changes, field, message):
    row = _edit(copy, table, match, **changes)
    problem = _only(ts.validate_data(copy))
    assert (problem.file, problem.row, problem.field) == (f"{table}.csv", row, field)
    assert re.search(message, problem.message), problem.message
    assert str(problem).startswith(f"{table}.csv row {row}, field {field}: ")


def test_unknown_trial_in_outcome_table(copy):
    row = _edit(copy, "reported_effects", {"effect_id": "caps5_week2_d"}, trial_id="feder2022")
    problem = _only(ts.validate_data(copy))
    assert (problem.file, problem.row, problem.field) == ("reported_effects.csv", row, "trial_id")
    assert "trial_id='feder2022' refers to an unknown trial: no such row in trials.csv" in problem.message


def test_unknown_source_in_outcome_table(copy):
    row = _edit(copy, "relapse", {"relapse_id": "mdd_relapse"}, source_id="albott2019-jcp")
    problem = _only(ts.validate_data(copy))
    assert (problem.row, problem.field) == (row, "source_id")
    assert "refers to an unknown source" in problem.message


def test_duplicated_primary_key(copy):
    path = copy / "arms.csv"
    rows = _rows(path)
    rows.append(dict(rows[0]))
    _write(path, rows)
    problems = ts.validate_data(copy)
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.row, p.field) == ("arms.csv", len(rows), "trial_id+arm_id")
    assert p.message.startswith("duplicated primary key (trial_id=") and "first in row 1" in p.message


def test_duplicated_unique_id(copy):
    path = copy / "sources.csv"
    rows = _rows(path)
    rows.append(dict(rows[0], title="another"))
    _write(path, rows)
    messages = [str(p) for p in ts.validate_data(copy)]
    assert any("field source_id: value" in m and "is not unique (also in row 1)" in m for m in messages)
    assert any("duplicated primary key" in m for m in messages)


def test_missing_required_column(copy):
    path = copy / "binary_outcomes.csv"
    rows = _rows(path)
    for row in rows:
        del row["used"]
    _write(path, rows)
    problem = _only(ts.validate_data(copy))
    assert (problem.file, problem.row, problem.field) == ("binary_outcomes.csv", None, "used")
    assert problem.message == "required column is missing from the header"


def test_column_not_in_schema(copy):
    path = copy / "arms.csv"
    rows = [dict(r, colour="red") for r in _rows(path)]
    _write(path, rows)
    problem = _only(ts.validate_data(copy))
    assert (problem.field, problem.message) == ("colour", "column is not described in datapackage.json")


def test_stray_spaces(copy):
    _edit(copy, "arms", FEDER_KET, label=" Ketamine")
    assert "leading or trailing spaces" in _only(ts.validate_data(copy)).message


def test_many_problems_at_once_and_raise(copy):
    _edit(copy, "arms", FEDER_KET, n_randomized="x")
    _edit(copy, "binary_outcomes", FEDER_RESP, events="99", printed="")
    problems = ts.validate_data(copy)
    assert len(problems) >= 2
    with pytest.raises(DataValidationError) as info:
        ts.validate_data(copy, raise_=True)
    assert isinstance(info.value, ValueError)
    assert info.value.problems == problems
    assert "arms.csv row 1, field n_randomized" in str(info.value)
    assert "binary_outcomes.csv row 1, field events" in str(info.value)


def test_unreadable_package(tmp_path):
    problems = ts.validate_data(tmp_path)
    assert len(problems) == 1 and problems[0].file == "datapackage.json"
    assert "cannot be read" in problems[0].message


def test_rules_come_from_the_schema(copy):
    # Drop the events <= n rule from the schema: the same defect is then not reported.
    path = copy / "datapackage.json"
    pkg = json.loads(path.read_text())
    for res in pkg["resources"]:
        if res["name"] == "binary_outcomes":
            res["trialstats:checks"] = [c for c in res["trialstats:checks"] if c["rule"] != "at_most"]
    path.write_text(json.dumps(pkg))
    _edit(copy, "binary_outcomes", FEDER_RESP, events="16", printed="")
    assert [p.message for p in ts.validate_data(copy)] == []


def test_a_new_resource_is_validated_from_its_schema(copy):
    # Another contributor adds a table: its schema alone makes it checked.
    path = copy / "datapackage.json"
    pkg = json.loads(path.read_text())
    pkg["resources"].append(
        {
            "name": "extra_studies",
            "path": "extra_studies.csv",
            "schema": {
                "fields": [
                    {"name": "study", "type": "string", "constraints": {"required": True}},
                    {"name": "trial_id", "type": "string"},
                    {"name": "n", "type": "integer", "constraints": {"minimum": 0}},
                ],
                "primaryKey": ["study"],
                "foreignKeys": [
                    {"fields": "trial_id", "reference": {"resource": "trials", "fields": "trial_id"}}
                ],
            },
        }
    )
    path.write_text(json.dumps(pkg))
    _write(
        copy / "extra_studies.csv",
        [
            {"study": "a", "trial_id": "feder2021", "n": "3"},
            {"study": "b", "trial_id": "nobody2000", "n": "-2"},
        ],
    )
    messages = sorted(str(p) for p in ts.validate_data(copy))
    assert messages == [
        "extra_studies.csv row 2, field n: value -2 is below the minimum 0 (counts cannot be negative)",
        "extra_studies.csv row 2, field trial_id: trial_id='nobody2000' refers to an unknown trial: "
        "no such row in trials.csv",
    ]


def test_problem_str_without_row():
    assert str(DataProblem("a.csv", None, "x", "bad")) == "a.csv, field x: bad"
    assert str(DataProblem("datapackage.json", None, None, "bad")) == "datapackage.json: bad"


# ----------------------------------------------------------------------------- properties of the percent rule

_RULE = {"rule": "percent", "percent": "percent", "printed": "printed", "events": "events", "n": "n"}


def _frame(**cells):
    return pd.DataFrame([{k: str(v) for k, v in cells.items()}])


@given(st.integers(1, 2000), st.data(), st.integers(0, 2))
def test_a_correctly_rounded_percent_is_never_flagged(n, data, decimals):
    k = data.draw(st.integers(0, n))
    text = f"{100 * k / n:.{decimals}f}"
    raw = _frame(percent=text, printed=f"{k} ({text}%)", events=k, n=n)
    assert _check_percent("t.csv", _RULE, raw) == []


@given(st.integers(1, 300), st.data())
def test_a_percent_off_by_more_than_rounding_is_flagged(n, data):
    k = data.draw(st.integers(0, n))
    true = 100 * k / n
    # a whole percent at least one unit (plus rounding) away from k/n
    wrong = data.draw(st.integers(0, 100).filter(lambda p: abs(p - true) > 0.5 + 1e-9))
    raw = _frame(percent=str(wrong), printed="", events=k, n=n)
    problems = _check_percent("t.csv", _RULE, raw)
    assert len(problems) == 1 and problems[0].field == "percent"
