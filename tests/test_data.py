"""The bundled data package: loaders, the Trial object, the CLI, and the data themselves.

The figures asserted here are the ones printed in the sources named in data/sources.csv
(e.g. the Feder 2021 abstract: CAPS-5 difference 11.88, SE 3.96, d = 1.13 (0.36 to 1.91),
67% vs 20% responders, median 27.5 days; the Albott 2018 abstract: PCL-5 decrease 33.3
(23.0 to 43.5), n = 15, medians of 41 and 20 days). The package-wide checks at the end
hold for every row, including rows other contributors add.
"""

import math

import pandas as pd
import pytest

import trialstats as ts
from trialstats import cli
from trialstats import data as d
from trialstats.printed import parse_printed

OUTCOME_TABLES = ["arms", "binary_outcomes", "continuous_outcomes", "reported_effects", "relapse"]


# ----------------------------------------------------------------------------- loaders


def test_bundled_data_are_valid():
    assert ts.validate_data() == []


def test_trials_table_lists_the_ketamine_trials():
    frame = ts.trials()
    assert {"feder2021", "albott2018"} <= set(frame["trial_id"])
    assert frame["trial_id"].is_unique
    assert str(frame["n_randomized"].dtype) == "Int64"


@pytest.mark.parametrize("name", OUTCOME_TABLES)
def test_every_outcome_row_names_trial_and_source(name):
    frame = getattr(ts, name)()
    assert not frame.empty
    assert frame["trial_id"].notna().all()
    assert frame["source_id"].notna().all()
    assert set(frame["source_id"]) <= set(ts.sources()["source_id"])


def test_types_follow_the_schema():
    bo = ts.binary_outcomes()
    assert str(bo["events"].dtype) == "Int64" and str(bo["n"].dtype) == "Int64"
    assert bo["percent"].dtype == float
    assert bo["used"].dtype == bool
    re_ = ts.reported_effects()
    assert re_["estimate"].dtype == float
    # text stays text: blanks are None, not NaN or ''
    assert re_["arm2"].map(lambda v: v is None or isinstance(v, str)).all()
    assert (re_["arm2"] != "").all()


def test_printed_text_keeps_trailing_zeros():
    row = ts.reported_effects("albott2018", effect_id="pcl5_change").iloc[0]
    # printed as a decrease of 33.3 (23.0 to 43.5), stored as a change of -33.3 (-43.5 to -23.0)
    assert (row["printed_high"], row["high"]) == ("23.0", -23.0)
    assert (row["printed_estimate"], row["estimate"]) == ("33.3", -33.3)
    pct = ts.binary_outcomes("albott2018", outcome_id="pcl5_remission").iloc[0]
    assert pct["printed"] == "80.0%"


def test_filters_and_copies():
    arms = ts.arms("feder2021")
    assert list(arms["arm_id"]) == ["ketamine", "midazolam"]
    assert arms.index.tolist() == [0, 1]
    arms.loc[0, "n_randomized"] = 999  # a caller's edit must not reach the cache
    assert ts.arms("feder2021").loc[0, "n_randomized"] == 15
    used = ts.binary_outcomes("feder2021", outcome_id="caps5_response", used=True)
    assert set(used["arm_id"]) == {"ketamine", "midazolam"}


def test_unknown_trial_lists_known_ids():
    with pytest.raises(KeyError, match=r"unknown trial_id 'feder2030'.*known trial ids: .*feder2021"):
        ts.load_trial("feder2030")
    with pytest.raises(KeyError, match="known trial ids"):
        ts.arms("nope2000")
    with pytest.raises(TypeError, match="trial_id must be a string"):
        ts.load_trial(2021)


def test_load_table_by_name():
    assert next(iter(d.load_table("sources").columns)) == "source_id"
    with pytest.raises(KeyError, match=r"no table named 'meta_studiez'.*tables: .*arms"):
        d.load_table("meta_studiez")


def test_data_dir_holds_the_package():
    assert (d.data_dir() / "datapackage.json").is_file()


# ----------------------------------------------------------------------------- Trial


def test_load_trial_feder2021_figures_as_printed():
    t = ts.load_trial("feder2021")
    assert t.source["journal"] == "Am J Psychiatry"
    assert (t.source["year"], t.source["volume"], t.source["issue"], t.source["pages"]) == (
        2021,
        "178",
        "2",
        "193-202",
    )
    assert t.arm("ketamine")["n_randomized"] == 15
    md = t.reported_effects.set_index("effect_id").loc["caps5_week2_md"]
    assert (md["printed_estimate"], md["printed_se"], md["estimate"]) == ("11.88", "3.96", -11.88)
    dd = t.reported_effects.set_index("effect_id").loc["caps5_week2_d"]
    assert (dd["printed_low"], dd["printed_high"]) == ("0.36", "1.91")
    resp = t.binary_outcomes.set_index("arm_id")
    assert resp.loc["ketamine", ["events", "n", "printed"]].tolist() == [10, 15, "67%"]
    assert resp.loc["midazolam", ["events", "n", "printed"]].tolist() == [3, 15, "20%"]
    assert t.relapse["printed_value"].tolist() == ["27.5"]
    assert set(t.sources["source_id"]) == {"feder2021-ajp", "nct02397889"}
    assert t.sources["source_id"].iloc[0] == "feder2021-ajp"


def test_trial_str_is_a_readable_summary():
    text = str(ts.load_trial("feder2021"))
    for piece in (
        "feder2021:",
        "Am J Psychiatry. 2021;178(2):193-202.",
        "doi:10.1176/appi.ajp.2020.20050596",
        "ketamine [treatment]",
        "randomized 15, completed 14",
        "printed '67%'",
        "d 1.13 (95% CI 0.36 to 1.91)",
        "MD -11.88 [printed 11.88], SE 3.96",
        "median 27.5 days",
    ):
        assert piece in text, piece
    html = ts.load_trial("feder2021")._repr_html_()
    assert html.startswith("<div") and "<h3>" in html and "&#x27;67%&#x27;" in html
    assert repr(ts.load_trial("albott2018")).startswith("<Trial albott2018:")


def test_trial_arm_lookup_error():
    with pytest.raises(KeyError, match="arms: ketamine, midazolam"):
        ts.load_trial("feder2021").arm("placebo")


def test_every_trial_loads_and_prints():
    for trial_id in ts.trials()["trial_id"]:
        t = ts.load_trial(trial_id)
        assert str(t).startswith(f"{trial_id}:")
        assert t.citation


def test_format_citation_without_optional_fields():
    src = pd.Series({"first_author": "Doe", "title": "A title.", "url": "https://example.org"})
    assert d.format_citation(src) == "Doe et al. A title. https://example.org"


# ----------------------------------------------------------------------------- CLI


def test_cli_trials_and_show(capsys):
    assert cli.main(["trials"]) == 0
    out = capsys.readouterr().out
    assert "feder2021" in out and "albott2018" in out
    assert cli.main(["show", "albott2018"]) == 0
    out = capsys.readouterr().out
    assert "J Clin Psychiatry" in out and "median 41 days" in out


def test_cli_formats(capsys):
    assert cli.main(["trials", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "trial_id,design,condition,n,source"
    assert 'feder2021,parallel RCT,chronic PTSD,30,"Feder 2021, Am J Psychiatry"' in lines
    assert cli.main(["show", "feder2021", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<div class='trialstats-trial'>")


def test_cli_show_unknown_trial(capsys):
    assert cli.main(["show", "nobody1999"]) == 2
    err = capsys.readouterr().err
    assert "unknown trial_id 'nobody1999'" in err and "feder2021" in err


# ----------------------------------------------------------------------------- the data themselves


def _printed_pairs():
    """(table, row, printed text, stored value) for every printed figure beside its number."""
    pairs = []
    for table, cols in {
        "reported_effects": [
            ("printed_estimate", "estimate"),
            ("printed_low", "low"),
            ("printed_high", "high"),
            ("printed_se", "se"),
            ("printed_p", "p"),
        ],
        "continuous_outcomes": [("printed_mean", "mean"), ("printed_sd", "sd"), ("printed_se", "se")],
        "relapse": [("printed_value", "value"), ("printed_sd", "sd")],
    }.items():
        frame = d.load_table(table)
        for i, row in frame.iterrows():
            for text_col, value_col in cols:
                if row[text_col] is not None and not pd.isna(row[value_col]):
                    pairs.append((table, i, row[text_col], row[value_col]))
    return pairs


def test_stored_numbers_match_their_printed_text():
    # A stored number must be what its printed text says (up to a documented sign flip for
    # differences stored as treatment minus comparator).
    for table, i, text, value in _printed_pairs():
        printed = parse_printed(text)
        assert printed.contains(value) or printed.contains(-value), (table, i, text, value)


def test_binary_rows_are_consistent_with_printed_percent():
    frame = ts.binary_outcomes()
    for _, row in frame.dropna(subset=["events", "n"]).iterrows():
        if row["printed"] and "%" in row["printed"]:
            assert parse_printed(row["printed"]).contains(100 * row["events"] / row["n"])


def test_derived_rows_name_their_derivation():
    for name in OUTCOME_TABLES:
        frame = d.load_table(name)
        derived = frame[frame["basis"] == "derived"]
        assert derived["derivation"].notna().all(), name


def test_reported_rows_keep_the_printed_figure():
    bo = ts.binary_outcomes()
    assert bo.loc[bo["basis"] == "reported", "printed"].notna().all()
    re_ = ts.reported_effects()
    reported = re_[(re_["basis"] == "reported") & re_["estimate"].notna()]
    assert reported["printed_estimate"].notna().all()
    rl = ts.relapse()
    assert rl.loc[rl["basis"] == "reported", "printed_value"].notna().all()


def test_each_outcome_has_exactly_one_used_row_per_arm():
    for name, key in {
        "binary_outcomes": ["trial_id", "outcome_id", "arm_id", "timepoint"],
        "continuous_outcomes": ["trial_id", "outcome_id", "arm_id", "timepoint"],
        "reported_effects": ["trial_id", "effect_id"],
        "relapse": ["trial_id", "relapse_id", "arm_id"],
    }.items():
        frame = d.load_table(name)
        if frame.empty:
            continue
        counts = frame[frame["used"]].groupby(key).size()
        assert (counts == 1).all(), (name, counts[counts != 1])
        assert set(map(tuple, frame[key].drop_duplicates().to_numpy())) == set(counts.index), name


def test_confidence_levels_and_relations_are_sane():
    re_ = ts.reported_effects()
    with_ci = re_.dropna(subset=["low", "high"])
    assert with_ci["confidence_level"].notna().all()
    assert (with_ci["low"] <= with_ci["high"]).all()
    assert re_["p"].dropna().between(0, 1).all()
    assert all(math.isfinite(v) for v in re_["estimate"].dropna())


def test_derivations_reproduce_with_the_package():
    # Derived figures name the package call that produced them; rerun every such call.
    import re

    call = re.compile(r"counts_for_percent\('([^']+)', (\d+)\) -> \[([\d, ]*)\]")
    checked = 0
    for name in OUTCOME_TABLES:
        for text in d.load_table(name)["derivation"].dropna():
            for pct, n, result in call.findall(text):
                expected = [int(k) for k in result.split(",") if k.strip()]
                assert ts.counts_for_percent(pct, int(n)) == expected, text
                checked += 1
    assert checked >= 4


def test_derived_counts_are_the_ones_stored():
    # The feder2021 responder counts and the murrough2013b responders behind the relapse median.
    bo = ts.binary_outcomes(used=True).set_index(["trial_id", "outcome_id", "arm_id"])
    assert (
        bo.loc[("feder2021", "caps5_response", "ketamine"), "events"] == ts.counts_for_percent("67%", 15)[0]
    )
    assert (
        bo.loc[("feder2021", "caps5_response", "midazolam"), "events"] == ts.counts_for_percent("20%", 15)[0]
    )
    rl = ts.relapse("murrough2013b").iloc[0]
    assert rl["n_at_risk"] == bo.loc[("murrough2013b", "madrs_response", "all"), "events"] == 17
