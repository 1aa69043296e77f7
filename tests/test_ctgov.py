"""ClinicalTrials.gov import: the fixtures (rebuilt from records read), the shapes, the fetch.

The three files under tests/fixtures/ctgov/ hold registry figures that were read (each
says where, and what it leaves out). The small records built in this file are
synthetic: their numbers stand for nobody and exist only to reach code paths (counts,
adverse events, withdrawn studies, malformed elements).
"""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

import trialstats as ts
from trialstats.cli import main
from trialstats.ctgov import CtgovError, compare_import, fetch_record, from_ctgov

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
FEDER = FIXTURES / "NCT02397889-feder2021.json"
STEP3 = FIXTURES / "NCT03611582-step3.json"
MELATONIN = FIXTURES / "NCT00397189-melatonin.json"


# --------------------------------------------------------------------------- the fixtures


def test_feder2021_import_matches_the_hand_entered_rows():
    pkg = from_ctgov(FEDER)
    assert pkg.trials()["trial_id"].tolist() == ["feder2021"]  # investigator surname + results year
    arms = pkg.arms().set_index("arm_id")
    assert arms.loc["ketamine", ["n_randomized", "n_completed"]].tolist() == [15, 14]
    assert arms.loc["midazolam", ["n_randomized", "n_completed"]].tolist() == [15, 15]
    assert arms.loc["ketamine", "role"] == "treatment" and arms.loc["midazolam", "role"] == "control"
    assert (
        "resultsSection.participantFlowModule.periods[0].milestones[0].achievements[0]"
        in (arms.loc["ketamine", "location"])
    )
    drop = pkg.binary_outcomes(outcome_id="not_completed").set_index("arm_id")
    assert drop.loc["ketamine", ["events", "n"]].tolist() == [1, 15]
    assert drop.loc["midazolam", ["events", "n"]].tolist() == [0, 15]
    assert set(drop["concept"]) == {"dropout"}
    assert pkg.trials()["n_randomized"].item() == 30
    src = pkg.sources().iloc[0]
    assert (src["source_id"], src["kind"], src["registry_id"]) == (
        "ctgov-nct02397889",
        "registry",
        "NCT02397889",
    )
    assert any("outcomeMeasuresModule: absent" in n for n in pkg.notes)
    assert pkg.validate() == []

    table = compare_import(pkg, "feder2021")
    # The disagreements between the import and data/ (none on what both hold) ...
    assert table.query("status == 'disagree'").empty, table
    agree = table.query("status == 'agree'")
    assert set(agree["field"]) == {
        "n_randomized",
        "n_completed",
        "registry_id",
        "design",
        "randomized",
        "blinding",
        "structure",
    }
    # ... and what only one side has: the dropout counts only in the registry flow, the
    # responder counts and the kind of control only in the hand-entered rows.
    only_imported = table.query("status == 'only imported'").set_index(["arm_id", "field"])["imported"]
    assert only_imported.to_dict() == {
        ("ketamine", "events"): 1,
        ("ketamine", "n"): 15,
        ("midazolam", "events"): 0,
        ("midazolam", "n"): 15,
    }
    only_entered = table.query("status == 'only entered'")
    assert set(only_entered["table"]) == {"binary_outcomes:caps5_response", "trial_design"}
    assert only_entered.set_index(["arm_id", "field"]).loc[("midazolam", "events"), "entered"] == 3
    design = pkg.table("trial_design").iloc[0]
    assert (design["randomized"], design["blinding"], design["structure"]) == (True, "triple", "parallel")


def test_step3_means_sd_and_two_analyses():
    pkg = from_ctgov(STEP3, trial_id="wadden2021")
    rows = pkg.continuous_outcomes().sort_values("mean")
    assert rows[["mean", "sd", "n"]].values.tolist() == [[-16.5, 10.1, 373], [-5.8, 7.7, 189]]
    assert set(rows["dispersion"]) == {"sd"} and set(rows["statistic"]) == {"change from baseline"}
    assert rows["timepoint"].iloc[0] == "Baseline (week 0) to week 68; In-trial observation period"
    assert (
        rows["location"]
        .iloc[0]
        .startswith(
            "resultsSection.outcomeMeasuresModule.outcomeMeasures[0].classes[0].categories[0].measurements["
        )
    )
    fx = pkg.reported_effects().set_index("effect_id")
    first = fx.iloc[0]
    assert (first["measure"], first["estimate"], first["low"], first["high"]) == ("MD", -10.27, -11.97, -8.57)
    assert (first["confidence_level"], first["p"], first["p_relation"], first["printed_p"]) == (
        0.95,
        0.0001,
        "<",
        "<.0001",
    )
    assert first["analysis"] == "ANCOVA (Treatment difference)"
    assert fx.iloc[1]["analysis"].startswith("MMRM") and fx.iloc[1]["printed_high"] == "-11.00"
    assert (first["n1"], first["n2"]) == (407, 204)
    assert first["location"] == "resultsSection.outcomeMeasuresModule.outcomeMeasures[0].analyses[0]"


def test_melatonin_analysis_with_its_sd_noted():
    pkg = from_ctgov(MELATONIN, trial_id="wade2010")
    fx = pkg.reported_effects().iloc[0]
    assert (fx["estimate"], fx["low"], fx["high"], fx["p"], fx["p_relation"]) == (
        -15.6,
        -25.3,
        -6.0,
        0.05,
        "<",
    )
    assert pd_isna(fx["se"]) and "standard deviation of 47" in fx["notes"]
    means = pkg.continuous_outcomes().set_index("arm_id")
    # the raw difference of the posted means differs from the covariate-adjusted estimate
    raw = ts.mean_difference(
        means.loc["circadin_2_mg", "mean"],
        means.loc["circadin_2_mg", "sd"],
        means.loc["circadin_2_mg", "n"],
        means.loc["placebo", "mean"],
        means.loc["placebo", "sd"],
        means.loc["placebo", "n"],
    )
    assert round(raw.estimate, 1) == -17.4


def pd_isna(x):
    import pandas as pd

    return pd.isna(x)


def test_import_layers_over_the_bundled_data_under_another_id(tmp_path):
    pkg = from_ctgov(FEDER, trial_id="feder2021r")
    layered = ts.load_data(pkg)
    assert "feder2021r" in set(layered.trials()["trial_id"]) and "feder2021" in set(
        layered.trials()["trial_id"]
    )
    with pytest.raises(ts.DataValidationError, match="collides"):
        ts.load_data(from_ctgov(FEDER))  # feder2021 is already a bundled trial
    out = pkg.write(tmp_path / "imported")
    assert ts.load_data(out).arms("feder2021r")["n_completed"].tolist() == [14, 15]


# --------------------------------------------------------------------------- shapes (synthetic records)


def _record(**results):
    return {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT00000000", "briefTitle": "synthetic"},
            "statusModule": {"overallStatus": "COMPLETED"},
            "designModule": {"designInfo": {"allocation": "RANDOMIZED", "interventionModel": "PARALLEL"}},
            "armsInterventionsModule": {
                "armGroups": [
                    {"label": "Drug A", "type": "EXPERIMENTAL", "interventionNames": ["Drug: A"]},
                    {"label": "Placebo", "type": "PLACEBO_COMPARATOR"},
                ]
            },
        },
        **({"resultsSection": results} if results else {}),
    }


def _measure(param, **extra):
    return {
        "title": "Responders",
        "paramType": param,
        "timeFrame": "week 4",
        "unitOfMeasure": "Participants",
        "groups": [{"id": "OG000", "title": "Drug A"}, {"id": "OG001", "title": "Placebo"}],
        "denoms": [
            {
                "units": "Participants",
                "counts": [{"groupId": "OG000", "value": "10"}, {"groupId": "OG001", "value": "10"}],
            }
        ],
        "classes": [
            {
                "categories": [
                    {"measurements": [{"groupId": "OG000", "value": "6"}, {"groupId": "OG001", "value": "2"}]}
                ]
            }
        ],
        **extra,
    }


def test_counts_become_binary_outcomes_with_the_protocol_arms():
    rec = _record(outcomeMeasuresModule={"outcomeMeasures": [_measure("COUNT_OF_PARTICIPANTS")]})
    pkg = from_ctgov(rec, trial_id="synthetic2000")
    rows = pkg.binary_outcomes().set_index("arm_id")
    assert rows.loc["drug_a", ["events", "n"]].tolist() == [6, 10]
    assert rows.loc["placebo", ["events", "n"]].tolist() == [2, 10]
    assert set(rows["concept"]) == {"response"}
    assert pkg.arms().set_index("arm_id").loc["drug_a", "intervention"] == "Drug: A"


def test_percent_of_participants_is_checked_like_any_percent():
    m = _measure("NUMBER", unitOfMeasure="percentage of participants")
    m["classes"][0]["categories"][0]["measurements"] = [
        {"groupId": "OG000", "value": "60"},
        {"groupId": "OG001", "value": "25"},
    ]
    pkg = from_ctgov(_record(outcomeMeasuresModule={"outcomeMeasures": [m]}), trial_id="synthetic2000")
    rows = pkg.binary_outcomes()
    # 25% of 10 is no whole count: that row is refused, named, and the other kept
    assert rows["arm_id"].tolist() == ["drug_a"] and rows["percent"].tolist() == [60.0]
    assert any("no count out of n = 10 rounds to 25%" in n for n in pkg.notes)


def test_unknown_and_unsupported_measure_types_are_named_and_the_rest_imported():
    measures = [_measure("MEDIAN"), _measure("SOMETHING_NEW"), _measure("COUNT_OF_PARTICIPANTS")]
    pkg = from_ctgov(_record(outcomeMeasuresModule={"outcomeMeasures": measures}), trial_id="synthetic2000")
    assert "paramType MEDIAN is not a type the tables hold" in " ".join(pkg.notes)
    assert "paramType SOMETHING_NEW is an unknown measure type" in " ".join(pkg.notes)
    assert len(pkg.binary_outcomes()) == 2


def test_means_with_a_confidence_interval_record_the_dispersion_type():
    m = _measure("MEAN", dispersionType="CONFIDENCE_95", title="Score change", unitOfMeasure="points")
    m["classes"][0]["categories"][0]["measurements"] = [
        {"groupId": "OG000", "value": "-5.0", "lowerLimit": "-7.0", "upperLimit": "-3.0"},
        {"groupId": "OG001", "value": "-1.0", "lowerLimit": "-3.5", "upperLimit": "1.5"},
    ]
    pkg = from_ctgov(_record(outcomeMeasuresModule={"outcomeMeasures": [m]}), trial_id="synthetic2000")
    rows = pkg.continuous_outcomes()
    assert set(rows["dispersion"]) == {"ci"} and set(rows["confidence_level"]) == {0.95}
    assert rows[["low", "high"]].values.tolist() == [[-7.0, -3.0], [-3.5, 1.5]]
    assert rows["sd"].isna().all()


def test_adverse_events_per_group_and_term():
    ae = {
        "timeFrame": "12 weeks",
        "eventGroups": [
            {
                "id": "EG000",
                "title": "Drug A",
                "seriousNumAffected": 1,
                "seriousNumAtRisk": 10,
                "otherNumAffected": 4,
                "otherNumAtRisk": 10,
            },
            {"id": "EG001", "title": "Placebo", "seriousNumAffected": 0, "seriousNumAtRisk": 10},
        ],
        "otherEvents": [
            {
                "term": "Nausea",
                "organSystem": "Gastrointestinal disorders",
                "stats": [
                    {"groupId": "EG000", "numAffected": 3, "numAtRisk": 10},
                    {"groupId": "EG001", "numAffected": 12, "numAtRisk": 10},
                ],
            }
        ],
    }
    pkg = from_ctgov(_record(adverseEventsModule=ae), trial_id="synthetic2000")
    rows = pkg.binary_outcomes()
    assert set(rows["concept"]) == {"adverse_event"}
    got = {(r.outcome_id, r.arm_id): (r.events, r.n) for r in rows.itertuples()}
    assert got[("ae_serious_any", "drug_a")] == (1, 10) and got[("ae_serious_any", "placebo")] == (0, 10)
    assert got[("ae_other_nausea", "drug_a")] == (3, 10)
    assert ("ae_other_nausea", "placebo") not in got  # 12 of 10: impossible, named
    assert any("otherEvents[0].stats[1]" in n and "impossible" in n for n in pkg.notes)
    assert rows.set_index("outcome_id").loc["ae_other_nausea", "location"] == (
        "resultsSection.adverseEventsModule.otherEvents[0].stats[0]"
    )


def test_record_without_results_and_withdrawn_record():
    pkg = from_ctgov(_record(), trial_id="synthetic2000")
    assert any("has no posted results" in n for n in pkg.notes)
    assert len(pkg.trials()) == 1 and len(pkg.arms()) == 2 and len(pkg.binary_outcomes()) == 0
    rec = _record()
    rec["protocolSection"]["statusModule"]["overallStatus"] = "WITHDRAWN"
    pkg = from_ctgov(rec, trial_id="synthetic2000")
    assert any("was withdrawn" in n for n in pkg.notes)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["protocolSection"]["identificationModule"].pop("nctId"),
            "protocolSection.identificationModule.nctId: missing",
        ),
        (lambda r: r.pop("protocolSection"), r"\(record\).protocolSection: missing"),
        (
            lambda r: r["protocolSection"].update(identificationModule=[]),
            "protocolSection.identificationModule: expected Mapping, got list",
        ),
    ],
)
def test_a_malformed_record_names_the_json_path(edit, message):
    rec = _record()
    edit(rec)
    with pytest.raises(CtgovError, match=message):
        from_ctgov(rec, trial_id="synthetic2000")


def test_a_malformed_element_is_named_and_the_rest_imported():
    bad = _measure("COUNT_OF_PARTICIPANTS")
    bad["classes"][0]["categories"][0]["measurements"] = "six"
    good = _measure("COUNT_OF_PARTICIPANTS", title="Remission")
    pkg = from_ctgov(
        _record(outcomeMeasuresModule={"outcomeMeasures": [bad, good]}), trial_id="synthetic2000"
    )
    assert any(
        n.startswith(
            "malformed: resultsSection.outcomeMeasuresModule.outcomeMeasures[0].classes[0]"
            ".categories[0].measurements: expected list"
        )
        for n in pkg.notes
    )
    assert set(pkg.binary_outcomes()["concept"]) == {"remission"}


def test_bad_arguments():
    with pytest.raises(CtgovError, match="expected a JSON object"):
        from_ctgov([1, 2])
    with pytest.raises(CtgovError, match="trial_id must be lower-case"):
        from_ctgov(_record(), trial_id="Smith")
    with pytest.raises(CtgovError, match="cannot read the record file"):
        from_ctgov(FIXTURES / "missing.json")


# --------------------------------------------------------------------------- fetching (local server)


class _Registry(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/api/v2/studies/NCT02397889"):
            body = FEDER.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def registry():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    server.shutdown()
    server.server_close()


def test_fetch_from_a_local_registry(registry, monkeypatch, tmp_path, capsys):
    record = fetch_record("nct02397889", base_url=registry)
    assert record["protocolSection"]["identificationModule"]["nctId"] == "NCT02397889"
    with pytest.raises(CtgovError, match="has no study NCT99999999"):
        fetch_record("NCT99999999", base_url=registry)
    monkeypatch.setenv("TRIALSTATS_CTGOV_URL", registry)
    out = tmp_path / "pkg"
    assert main(["import-ctgov", "NCT02397889", "--trial-id", "feder2021r", "--out", str(out)]) == 0
    assert ts.load_data(out).arms("feder2021r")["n_randomized"].tolist() == [15, 15]
    assert "outcomeMeasuresModule: absent" in capsys.readouterr().err


def test_offline_is_one_clear_line(monkeypatch, capsys):
    import socket

    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("TRIALSTATS_CTGOV_URL", f"http://127.0.0.1:{port}/api/v2")
    assert main(["import-ctgov", "NCT02397889"]) == 2
    err = capsys.readouterr().err.strip()
    assert "cannot reach ClinicalTrials.gov" in err and "offline?" in err and len(err.splitlines()) == 1
    with pytest.raises(CtgovError, match="cannot reach"):
        fetch_record("NCT02397889", timeout=2)


def test_cli_import_from_a_file_prints_the_tables(capsys):
    assert main(["import-ctgov", str(MELATONIN), "--trial-id", "wade2010"]) == 0
    out = capsys.readouterr().out
    assert "## reported_effects (1 rows)" in out and "-15.6" in out


def test_cli_import_bad_argument(capsys):
    assert main(["import-ctgov", "not-a-file-or-id"]) == 2
    assert "neither a record file nor an NCT id" in capsys.readouterr().err


def test_exports():
    assert ts.from_ctgov is from_ctgov
    assert json.loads(FEDER.read_text())["_fixture"]["read"]


def test_groups_match_arms_by_title_and_ambiguity_makes_a_new_arm():
    rec = _record(outcomeMeasuresModule={"outcomeMeasures": [_measure("COUNT_OF_PARTICIPANTS")]})
    rec["protocolSection"]["armsInterventionsModule"]["armGroups"] = [
        {"label": "Drug A", "type": "EXPERIMENTAL"},
        {"label": "Drug A plus counselling", "type": "EXPERIMENTAL"},
        {"label": "Placebo", "type": "PLACEBO_COMPARATOR"},
    ]
    rec["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][0]["groups"][0]["title"] = "Drug"
    pkg = from_ctgov(rec, trial_id="synthetic2000")
    arms = set(pkg.arms()["arm_id"])
    assert {"drug_a", "drug_a_plus_counselling", "placebo", "drug"} == arms  # "Drug" is in two titles
    assert set(pkg.binary_outcomes()["arm_id"]) == {"drug", "placebo"}


def test_the_default_trial_id_folds_accents():
    rec = _record()
    rec["protocolSection"]["sponsorCollaboratorsModule"] = {
        "responsibleParty": {"type": "PRINCIPAL_INVESTIGATOR", "investigatorFullName": "Jürgen Müller, MD"}
    }
    rec["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "2019-03"}
    assert from_ctgov(rec).trials()["trial_id"].item() == "muller2019"


# --------------------------------------------------------------------------- fuzzing the record

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 20) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _full_record():
    """A synthetic record reaching every module (flow, counts, means, analyses, adverse events)."""
    rec = _record(
        participantFlowModule=json.loads(FEDER.read_text())["resultsSection"]["participantFlowModule"],
        outcomeMeasuresModule={
            "outcomeMeasures": [
                _measure("COUNT_OF_PARTICIPANTS"),
                json.loads(STEP3.read_text())["resultsSection"]["outcomeMeasuresModule"]["outcomeMeasures"][
                    0
                ],
            ]
        },
        adverseEventsModule={
            "eventGroups": [
                {"id": "EG000", "title": "Drug A", "seriousNumAffected": 1, "seriousNumAtRisk": 10}
            ],
            "seriousEvents": [
                {"term": "Fall", "stats": [{"groupId": "EG000", "numAffected": 1, "numAtRisk": 10}]}
            ],
        },
    )
    return rec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_part_of_a_record_replaced_gives_rows_or_a_named_path(data):
    rec = _full_record()
    paths = [p for p in _paths(rec) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        node = rec
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = data.draw(_JSON)
        except (KeyError, IndexError, TypeError):
            continue
    try:
        pkg = from_ctgov(rec, trial_id="synthetic2000")
    except CtgovError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert pkg.validate() == []
    for note in pkg.notes:
        assert isinstance(note, str) and note


def test_compare_pairs_outcomes_by_concept_and_lists_disagreements(tmp_path):
    from trialstats.data import init_package

    folder = init_package(tmp_path / "hand")
    import csv as _csv

    def add(table, **row):
        path = folder / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as fh:
            columns = next(_csv.reader(fh))
        with open(path, "a", newline="", encoding="utf-8") as fh:
            _csv.DictWriter(fh, fieldnames=columns, lineterminator="\n").writerow(row)

    # synthetic hand entry: the dropout of one arm entered as 2 of 15 (the registry flow says 1)
    add("sources", source_id="hand-src", kind="article")
    add(
        "trials",
        trial_id="handfeder2021",
        short_title="t",
        design="parallel RCT",
        condition="PTSD",
        n_randomized="30",
        primary_source_id="hand-src",
        registry_id="NCT02397889",
    )
    add(
        "arms",
        trial_id="handfeder2021",
        arm_id="ketamine",
        role="treatment",
        label="k",
        intervention="k",
        n_randomized="15",
        source_id="hand-src",
        location="x",
        basis="reported",
    )
    add(
        "binary_outcomes",
        trial_id="handfeder2021",
        outcome_id="withdrew",
        concept="dropout",
        arm_id="ketamine",
        definition="d",
        timepoint="2 weeks",
        events="2",
        n="15",
        basis="reported",
        source_id="hand-src",
        location="x",
        used="true",
    )
    hand = ts.load_data(folder)
    table = compare_import(from_ctgov(FEDER), "handfeder2021", data=hand, imported_trial_id="feder2021")
    bad = table.query("status == 'disagree'")
    assert bad[["table", "arm_id", "field", "imported", "entered"]].values.tolist() == [
        ["binary_outcomes:not_completed=withdrew", "ketamine", "events", 1, 2]
    ]
    assert table.iloc[0]["status"] == "disagree"  # disagreements come first


def test_odd_values_found_by_fuzzing():
    rec = _full_record()
    rec["resultsSection"]["adverseEventsModule"]["seriousEvents"][0]["stats"][0]["groupId"] = []
    rec["resultsSection"]["adverseEventsModule"]["eventGroups"][0]["seriousNumAtRisk"] = 10**400
    rec["protocolSection"]["sponsorCollaboratorsModule"] = {"leadSponsor": ["not", "an", "object"]}
    pkg = from_ctgov(rec, trial_id="synthetic2000")
    assert any("seriousEvents[0].stats[0]: group or counts not usable" in n for n in pkg.notes)
    assert not any(o.startswith("ae_serious") for o in pkg.binary_outcomes()["outcome_id"])


def test_design_row_from_the_protocol():
    pkg = from_ctgov(_record(), trial_id="synthetic2000")
    row = pkg.table("trial_design").iloc[0]
    assert (
        row["randomized"],
        row["structure"],
        row["control_type"],
        row["control_agent"],
        row["n_arms"],
    ) == (True, "parallel", "placebo", "Placebo", 2)
    assert row["blinding"] == "not_reported" and row["source_id"] == "ctgov-nct00000000"
    assert "armGroups" in row["location"]
