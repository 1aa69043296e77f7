"""The user's own data packages: init, validate, layer over the bundled data, collisions."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import trialstats as ts
from trialstats import data as d
from trialstats.cli import main


def _append(folder: Path, table: str, **row: str) -> int:
    path = folder / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    rows.append({k: row.get(k, "") for k in fields})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return len(rows)


SOURCE = {
    "source_id": "smith2024-jx",
    "kind": "article",
    "first_author": "Smith",
    "year": "2024",
    "title": "A made-up trial used only by these tests",
    "journal": "J X",
}
TRIAL = {
    "trial_id": "smith2024",
    "short_title": "test trial",
    "design": "parallel RCT",
    "condition": "PTSD",
    "n_randomized": "20",
    "primary_source_id": "smith2024-jx",
}


def _arm(arm_id: str, role: str, n: str, trial: str = "smith2024") -> dict[str, str]:
    return {
        "trial_id": trial,
        "arm_id": arm_id,
        "role": role,
        "label": arm_id,
        "intervention": arm_id,
        "n_randomized": n,
        "source_id": "smith2024-jx",
        "location": "Table 1",
        "basis": "reported",
    }


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    folder = d.init_package(tmp_path / "mine")
    _append(folder, "sources", **SOURCE)
    _append(folder, "trials", **TRIAL)
    _append(folder, "arms", **_arm("drug", "treatment", "10"))
    _append(folder, "arms", **_arm("placebo", "control", "10"))
    _append(
        folder,
        "binary_outcomes",
        trial_id="smith2024",
        outcome_id="response",
        concept="response",
        arm_id="drug",
        definition="50% drop",
        timepoint="week 4",
        events="6",
        n="10",
        printed="60%",
        basis="reported",
        source_id="smith2024-jx",
        location="Table 2",
        used="true",
    )
    return folder


def test_init_writes_an_empty_valid_package_with_a_readme(tmp_path):
    folder = d.init_package(tmp_path / "new")
    assert ts.validate_data(folder) == []
    assert {p.name for p in folder.iterdir()} >= {"datapackage.json", "README.md", "trials.csv"}
    assert "Conventions" in (folder / "README.md").read_text()
    with pytest.raises(ValueError, match="not empty"):
        d.init_package(folder)


def test_layering_adds_rows_and_keeps_the_bundled_ones(mine):
    pkg = ts.load_data(mine)
    assert pkg.roots == [d.data_dir(), mine]
    assert len(pkg.trials()) == len(ts.trials()) + 1
    assert pkg.arms("smith2024")["n_randomized"].tolist() == [10, 10]
    assert pkg.binary_outcomes("smith2024")["events"].tolist() == [6]
    assert pkg.load_trial("smith2024").source["first_author"] == "Smith"
    assert pkg.validate() == []
    assert pkg.table("arms").dtypes["n_randomized"] == "Int64"
    assert pkg.claims_dirs == [d.data_dir() / "claims"]


def test_no_global_state_two_packages_side_by_side(mine, tmp_path):
    other = d.init_package(tmp_path / "other")
    a, b = ts.load_data(mine), ts.load_data(other)
    assert "smith2024" in set(a.trials()["trial_id"])
    assert "smith2024" not in set(b.trials()["trial_id"])
    assert "smith2024" not in set(ts.trials()["trial_id"])
    assert ts.load_data() is d.bundled()
    frame = a.table("trials")
    frame.loc[0, "trial_id"] = "changed"
    assert "changed" not in set(a.trials()["trial_id"])


def test_data_keyword_on_the_module_loaders(mine):
    pkg = ts.load_data(mine)
    assert ts.arms("smith2024", data=pkg)["arm_id"].tolist() == ["drug", "placebo"]
    assert ts.load_trial("smith2024", data=pkg).trial_id == "smith2024"
    with pytest.raises(KeyError, match="unknown trial_id 'smith2024'"):
        ts.arms("smith2024")
    with pytest.raises(TypeError, match="data must be a DataPackage"):
        ts.trials(data="folder")


def test_a_user_row_may_point_into_the_bundled_package(tmp_path):
    folder = d.init_package(tmp_path / "extra")
    arm = dict(_arm("extra_arm", "treatment", "3", trial="feder2021"), source_id="feder2021-ajp")
    _append(folder, "arms", **arm)
    pkg = ts.load_data(folder)
    assert "extra_arm" in set(pkg.arms("feder2021")["arm_id"])
    # validated alone, the same folder has a foreign key that does not resolve
    alone = ts.validate_data(folder)
    assert {p.field for p in alone} == {"trial_id", "source_id"}


def test_colliding_ids_name_both_files(mine):
    row = _append(mine, "trials", **dict(TRIAL, trial_id="feder2021", primary_source_id="smith2024-jx"))
    with pytest.raises(ts.DataValidationError) as info:
        ts.load_data(mine)
    [problem] = [p for p in info.value.problems if "collides" in p.message]
    assert problem.file == str(mine / "trials.csv") and problem.row == row
    assert problem.field == "trial_id"
    assert f"collides with {d.data_dir() / 'trials.csv'} row " in problem.message


def test_collision_between_two_user_packages(mine, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(mine, twin)
    with pytest.raises(ts.DataValidationError) as info:
        ts.load_data(mine, twin)
    messages = [str(p) for p in info.value.problems]
    assert any(str(twin / "sources.csv") in m and str(mine / "sources.csv") in m for m in messages)
    assert any(str(twin / "trials.csv") in m for m in messages)


def test_every_problem_at_once_and_nothing_half_loaded(mine):
    _append(mine, "arms", **dict(_arm("bad", "boss", "-1")))
    _append(
        mine,
        "binary_outcomes",
        trial_id="smith2024",
        outcome_id="response",
        concept="response",
        arm_id="placebo",
        definition="x",
        timepoint="week 4",
        n="10",
        printed="33%",
        basis="reported",
        source_id="nowhere",
        location="Table 2",
        used="true",
    )
    (mine / "relapse.csv").unlink()
    with pytest.raises(ts.DataValidationError) as info:
        ts.load_data(mine)
    found = {(Path(p.file).name, p.field) for p in info.value.problems}
    assert ("arms.csv", "role") in found
    assert ("arms.csv", "n_randomized") in found
    assert ("binary_outcomes.csv", "printed") in found  # 33% of 10: no count rounds to it
    assert ("binary_outcomes.csv", "source_id") in found
    assert ("relapse.csv", None) in found
    assert all(p.file.startswith(str(mine)) for p in info.value.problems)


def test_a_layer_must_have_the_bundled_schema(mine):
    import json

    path = mine / "datapackage.json"
    pkg = json.loads(path.read_text())
    pkg["resources"] = [r for r in pkg["resources"] if r["name"] != "relapse"]
    path.write_text(json.dumps(pkg))
    with pytest.raises(ts.DataValidationError, match="table 'relapse' is missing"):
        ts.load_data(mine)


def test_not_a_folder(tmp_path):
    with pytest.raises(ts.DataValidationError, match="not a package folder"):
        ts.load_data(tmp_path / "nope")
    with pytest.raises(TypeError, match="package folders or DataPackages"):
        ts.load_data(3)


def test_claims_dirs_include_each_package(mine):
    (mine / "claims").mkdir()
    assert ts.load_data(mine).claims_dirs == [d.data_dir() / "claims", mine / "claims"]


def test_verify_reads_the_claims_of_every_layered_package(mine):
    # a user's package: its own trial, and a claim file about it in its claims/ folder
    (mine / "claims").mkdir()
    (mine / "claims" / "smith-page.yaml").write_text(
        "document: {id: smith-page, title: A page about Smith 2024}\n"
        "claims:\n"
        "  - id: response-60\n"
        "    says: six in ten responded on the drug\n"
        "    kind: proportion\n"
        "    trial: smith2024\n"
        "    outcome: response\n"
        "    stated: {value: '60%', arm: drug}\n",
        encoding="utf-8",
    )
    pkg = ts.load_data(mine)
    table = ts.verify_claims(data=pkg)  # no path: the bundled claims and the package's own
    mine_rows = table[table["document"] == "smith-page"]
    assert mine_rows["verdict"].tolist() == ["consistent"]
    assert len(table) == len(ts.verify_claims()) + 1
    assert len(ts.verify_claims()) == len(ts.verify_claims(data=None))


def test_write_round_trip(mine, tmp_path):
    pkg = ts.load_data(mine)
    out = pkg.write(tmp_path / "copy")
    assert ts.validate_data(out) == []
    assert ts.load_data(out).arms("smith2024")["n_randomized"].tolist() == [10, 10]
    # the bundled rows are not copied
    assert (
        len(
            d.DataPackage.from_text_tables({})
            .write(tmp_path / "e")
            .joinpath("trials.csv")
            .read_text()
            .splitlines()
        )
        == 1
    )


# --------------------------------------------------------------------------- command line


def test_cli_data_init_and_validate(tmp_path, capsys):
    folder = tmp_path / "pkg"
    assert main(["data", "init", str(folder)]) == 0
    assert main(["data", "validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "no problems" in out
    _append(folder, "arms", **_arm("x", "treatment", "ten"))
    assert main(["data", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "arms.csv row 1, field n_randomized: value 'ten' is not of type integer" in out
    assert "trial_id='smith2024' refers to an unknown trial" in out
    assert main(["data", "validate", str(tmp_path / "missing")]) == 2
    assert main(["data", "init", str(folder)]) == 2


def test_cli_validate_layered_over_the_bundled(mine, capsys):
    _append(mine, "arms", **dict(_arm("x", "treatment", "3", trial="feder2021"), source_id="feder2021-ajp"))
    assert main(["data", "validate", str(mine)]) == 0, capsys.readouterr()


def test_table_names_follow_the_bundled_schema():
    import json

    described = [r["name"] for r in json.loads((d.data_dir() / "datapackage.json").read_text())["resources"]]
    assert d.bundled().table_names == described
    assert set(d.TABLES) == set(described)
    with pytest.raises(KeyError, match="tables: sources, trials"):
        d.DataPackage.from_text_tables({"nonsense": None})
