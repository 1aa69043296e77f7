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


# --------------------------------------------------- damaged packages (fuzzing findings)


def _package(folder):
    return json.loads((folder / "datapackage.json").read_text())


def _save(folder, pkg):
    (folder / "datapackage.json").write_text(json.dumps(pkg))


def _resource(pkg, name):
    return next(r for r in pkg["resources"] if r["name"] == name)


def test_a_catastrophic_pattern_is_refused_not_run(copy):
    import time

    pkg = _package(copy)
    field = next(f for f in _resource(pkg, "arms")["schema"]["fields"] if f["name"] == "label")
    field["constraints"]["pattern"] = "^(a+)+$"
    _save(copy, pkg)
    _edit(copy, "arms", FEDER_KET, label="a" * 40 + "!")
    start = time.perf_counter()
    problems = ts.validate_data(copy)
    assert time.perf_counter() - start < 5
    [p] = [p for p in problems if "pattern" in p.message]
    assert p.file == "datapackage.json" and "schema.fields[3].constraints.pattern" in p.message
    assert "exponential time" in p.message


UNSAFE = [
    "^(a+)+$",
    "(a|a)*",
    "((ab)*c)+",
    "(x+){2,}",
    "(?:a*)*",
    r"(\w+\s?)+$",
    "(a?)+",
    "([a-z ]+ )*",
    "( ?a+)*",
]


@pytest.mark.parametrize("pattern", UNSAFE)
def test_unsafe_patterns(pattern):
    from trialstats._datapackage import pattern_problem

    assert pattern_problem(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "^[a-z0-9][a-z0-9._-]*$",
        "^[0-9]+$",
        "^[a-z]+[0-9]{4}[a-z]?$",
        "^(ab)+$",
        "^(a+)?b$",
        r"^\d{1,3}(,\d{3})*$",
        "^[(]a+[)]+$",
        # a repeated group whose iterations start with a literal the inner repetition cannot match
        "^[a-z_]+( [a-z_]+)*$",
        r"^(\ [a-z]+)*$",
        "(?:ab)+",
        "(?P<x>ab)+",
        "(?i)^[a-z]+$",
    ],
)
def test_safe_patterns(pattern):
    import time

    from trialstats._datapackage import pattern_problem

    assert pattern_problem(pattern) is None
    for text in ("a " * 499 + "!", " a" * 499 + "!", "ab" * 499 + "!", "1,000" * 199 + "!"):
        start = time.perf_counter()
        re.fullmatch(pattern, text)
        assert time.perf_counter() - start < 0.1, (pattern, text[:10])


def test_a_very_long_value_is_not_matched_against_a_pattern(copy):
    _edit(copy, "arms", FEDER_KET, arm_id="k" * 5000)
    messages = [p.message for p in ts.validate_data(copy) if p.field == "arm_id"]
    assert any("5000 characters long" in m for m in messages)


@pytest.mark.parametrize(
    "path", ["../../etc/passwd", "/etc/passwd", "..\\x.csv", "c:/x.csv", "sub/../../x.csv"]
)
def test_resource_paths_are_confined_to_the_package(copy, path):
    pkg = _package(copy)
    _resource(pkg, "trials")["path"] = path
    _save(copy, pkg)
    problems = ts.validate_data(copy)
    assert any(p.file == "datapackage.json" and "outside the package folder" in p.message for p in problems)
    assert not any("root:" in str(p) for p in problems)  # nothing of /etc/passwd is shown


def test_a_link_out_of_the_package_is_refused(copy, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("secret,data\n1,2\n")
    (copy / "trials.csv").unlink()
    (copy / "trials.csv").symlink_to(outside)
    problems = ts.validate_data(copy)
    assert any("leads outside the package folder" in p.message for p in problems)
    assert not any("secret" in str(p) for p in problems)


def test_a_fifo_or_device_is_refused_without_hanging(copy):
    import os

    (copy / "arms.csv").unlink()
    os.mkfifo(copy / "arms.csv")
    problems = ts.validate_data(copy)
    assert any(p.file == "arms.csv" and "not a regular file" in p.message for p in problems)
    pkg = _package(copy)
    _resource(pkg, "sources")["path"] = "zero.csv"
    _save(copy, pkg)
    (copy / "zero.csv").symlink_to("/dev/zero")
    problems = ts.validate_data(copy)
    assert any("zero.csv" in str(p) for p in problems)


def test_a_folder_as_resource(copy):
    (copy / "relapse.csv").unlink()
    (copy / "relapse.csv").mkdir()
    assert any("not a regular file" in p.message for p in ts.validate_data(copy))


def _truncate_last_row(path, keep):
    text = path.read_text(encoding="utf-8").rstrip("\n")
    head, last = text.rsplit("\n", 1)
    path.write_text(head + "\n" + last[:keep], encoding="utf-8")
    return len(head.splitlines())  # the data-row number of the last row


@pytest.mark.parametrize("table", ["arms", "binary_outcomes", "reported_effects", "relapse", "sources"])
def test_a_truncated_last_row_is_found_wherever_it_is_cut(copy, table):
    path = copy / f"{table}.csv"
    full = path.read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)[1]
    # every cut point, including those inside the optional trailing columns (notes, derivation)
    for keep in sorted({len(full) - 1, len(full) - 2, full.rfind(",") + 1, full.rfind(","), len(full) // 2}):
        shutil.copy(d.data_dir() / f"{table}.csv", path)
        row = _truncate_last_row(path, keep)
        problems = [p for p in ts.validate_data(copy) if p.file == f"{table}.csv" and p.row == row]
        assert problems, (table, keep)
        assert any("truncated" in p.message for p in problems), [str(p) for p in problems]
        with pytest.raises(ts.DataValidationError):  # and loading refuses the package
            d._bundled_at.__wrapped__(copy)
    shutil.copy(d.data_dir() / f"{table}.csv", path)
    assert ts.validate_data(copy) == []


def test_a_short_row_in_the_middle(copy):
    path = copy / "arms.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = ",".join(lines[2].split(",")[:5]) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    problems = ts.validate_data(copy)
    assert any(p.row == 2 and "row has 5 of the header's 14 cells" in p.message for p in problems)


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda pkg: pkg.update(resources="x"), "resources: must be a list"),
        (lambda pkg: pkg["resources"].append(3), "must be an object"),
        (lambda pkg: pkg["resources"][0].pop("schema"), "schema.fields: must be a list"),
        (lambda pkg: pkg["resources"][0].update(name=None), "name: must be a non-empty string"),
        (lambda pkg: pkg["resources"][0].update(path=5), "path: must be a non-empty string"),
        (lambda pkg: pkg["resources"][0]["schema"]["fields"].append("oops"), "must be an object with"),
        (
            lambda pkg: pkg["resources"][0]["schema"]["fields"][0].update(constraints=[]),
            "constraints: must be",
        ),
        (
            lambda pkg: pkg["resources"][0]["schema"]["fields"][0].update(type="date"),
            "type 'date' is not supported",
        ),
        (
            lambda pkg: pkg["resources"][0]["schema"]["fields"][4].update(constraints={"minimum": "0"}),
            "minimum: must be a number",
        ),
        (
            lambda pkg: pkg["resources"][0]["schema"]["fields"][0].update(constraints={"pattern": 3}),
            "pattern 3 must be a string",
        ),
        (
            lambda pkg: pkg["resources"][0]["schema"]["fields"][0].update(constraints={"pattern": "("}),
            "does not compile",
        ),
        (
            lambda pkg: pkg["resources"][0]["schema"].update(primaryKey=["nope"]),
            "primaryKey: must name fields",
        ),
        (lambda pkg: pkg["resources"][1]["schema"].update(foreignKeys=[{"fields": "x"}]), "foreignKeys[0]"),
        (
            lambda pkg: pkg["resources"][1]["schema"].update(
                foreignKeys=[{"fields": "trial_id", "reference": {"resource": "nowhere", "fields": "id"}}]
            ),
            "refers to unknown resource 'nowhere'",
        ),
        (
            lambda pkg: pkg["resources"][2].update({"trialstats:checks": [{"rule": "at_most"}]}),
            "trialstats:checks[0].field",
        ),
        (
            lambda pkg: pkg["resources"][2].update({"trialstats:checks": [{"rule": "magic"}]}),
            "unknown trialstats check rule 'magic'",
        ),
        (
            lambda pkg: pkg["resources"][2].update({"trialstats:checks": 7}),
            "trialstats:checks: must be a list",
        ),
        (lambda pkg: pkg["resources"].append(dict(pkg["resources"][0])), "is described twice"),
    ],
)
def test_a_damaged_description_is_reported_not_raised(copy, edit, needle):
    pkg = _package(copy)
    edit(pkg)
    _save(copy, pkg)
    problems = ts.validate_data(copy)
    assert any(needle in p.message for p in problems), [str(p) for p in problems]
    with pytest.raises(ts.DataValidationError):
        d._bundled_at.__wrapped__(copy)


@pytest.mark.parametrize("text", ["[]", "3", '"x"', "{" * 100000, "\xff\xfe", ""])
def test_a_damaged_datapackage_json(copy, text):
    (copy / "datapackage.json").write_bytes(text.encode("latin-1"))
    problems = ts.validate_data(copy)
    assert problems and all(p.file == "datapackage.json" for p in problems)


def test_huge_and_odd_numbers_are_reported(copy):
    _edit(copy, "binary_outcomes", FEDER_RESP, n="999999999999999999999", printed="")
    _edit(copy, "arms", FEDER_KET, n_randomized="99999999999999999999999")
    problems = ts.validate_data(copy)
    assert any(p.field == "n" and "beyond the 64-bit range" in p.message for p in problems)
    assert any(p.field == "n_randomized" for p in problems)


def test_a_printed_percent_no_count_rounds_to(copy):
    _edit(copy, "binary_outcomes", FEDER_RESP, events="", percent="", printed="10 (66.0%)")
    problem = _only([p for p in ts.validate_data(copy) if p.field == "printed"])
    assert "no count out of n = 15 rounds to 66.0%" in problem.message


def test_percent_counts_do_not_depend_on_an_array_of_n():
    from trialstats._datapackage import _percent_counts

    assert list(_percent_counts("67%", 15)) == [10]
    assert list(_percent_counts("20%", 15)) == [3]
    assert len(_percent_counts("50%", 10**12)) == 10**10 + 1
    assert list(_percent_counts("68%", 15)) == []


def test_bom_blank_lines_and_crlf_are_read(copy):
    path = copy / "trials.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode() + b"\r\n")
    assert ts.validate_data(copy) == []


def test_nul_bytes_and_bad_quotes(copy):
    path = copy / "sources.csv"
    path.write_bytes(path.read_bytes() + b'x,"unclosed\n')
    assert any("not a readable" in p.message for p in ts.validate_data(copy))
    path.write_bytes(b"a,b\x00\n1,2\n")
    assert any("NUL" in p.message for p in ts.validate_data(copy))
