"""Tests of nnt, nnt_from_difference, compare_proportions and compare_methods."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trialstats as ts
from trialstats import UndefinedStatisticWarning, parse_printed
from trialstats.comparisons import Comparison, NumberNeededToTreat

# ------------------------------------------------------------------ NNT: published examples


def test_altman_1998_interval_through_infinity():
    # Altman (BMJ 1998;317:1309), as restated by Newcombe's rapid response (BMJ, 5 Jan 1999):
    # an ARR interval from -5% to +25% inverts to NNTB 4 to infinity to NNTH 20.
    r = ts.nnt_from_difference(0.10, -0.05, 0.25)
    assert r.low == pytest.approx(4.0) and r.high == pytest.approx(-20.0)
    assert "NNTB 4.0 to ∞ to NNTH 20.0" in str(r)
    assert r.extra["direction"] == "benefit"


def test_barrowman_cmaj_2002():
    # Barrowman, CMAJ 2002;166:1676: ARR 16.6% (95% CI 0.9% to 32.2%) -> NNT about 6,
    # 95% CI 3.1 to 111.1 (printed figures checked to their rounding).
    r = ts.nnt_from_difference(0.166, 0.009, 0.322)
    assert round(r.estimate) == 6
    assert parse_printed("3.1").contains(r.low)
    assert parse_printed("111.1").contains(r.high)
    assert str(r) == "number needed to treat: NNTB 6.0 (95% CI NNTB 3.1 to 111.1; as given)"


def test_medcalc_6_of_50_vs_18_of_50():
    # MedCalc manual (relative-risk page): treatment A 6/50 vs no treatment 18/50 for a bad
    # outcome. Risk difference -0.24; R 4.2.2 epiR 2.0.57
    #   epi.2by2(as.table(matrix(c(6, 18, 44, 32), 2)), method = "cohort.count")
    #   $massoc.detail$ARisk.strata.wald -> -24 (-40.06692, -7.933076) per 100,
    # so NNTB = 1/0.24 = 4.17 with Wald limits 1/0.4007 = 2.50 to 1/0.0793 = 12.61.
    wald = ts.nnt(6, 50, 18, 50, method="wald", outcome="undesirable")
    assert wald.estimate == pytest.approx(1 / 0.24)
    assert parse_printed("2.50").contains(wald.low)
    assert parse_printed("12.61").contains(wald.high)
    assert wald.extra["direction"] == "benefit"
    assert parse_printed("-40.07").contains(100 * wald.extra["difference_low"])
    assert parse_printed("-7.93").contains(100 * wald.extra["difference_high"])
    # the default Newcombe interval (0.0727, 0.3926) moves the upper NNT limit to 13.76
    newc = ts.nnt(6, 50, 18, 50, outcome="undesirable")
    assert parse_printed("2.55").contains(newc.low)
    assert parse_printed("13.76").contains(newc.high)
    assert str(newc) == "number needed to treat: NNTB 4.2 (95% CI NNTB 2.5 to 13.8; newcombe)"
    # counted as a desirable event, the same table is a harm
    harm = ts.nnt(6, 50, 18, 50, method="wald")
    assert harm.extra["direction"] == "harm" and harm.estimate == pytest.approx(-1 / 0.24)
    assert "NNTH 4.2 (95% CI NNTH 2.5 to 12.6; wald)" in str(harm)


def test_nnt_feder_like_table_reads_benefit():
    r = ts.nnt(10, 15, 3, 15)
    assert isinstance(r, NumberNeededToTreat) and isinstance(r, ts.Estimate)
    rd = ts.risk_difference(10, 15, 3, 15)
    assert r.estimate == pytest.approx(1 / rd.estimate)
    assert r.low == pytest.approx(1 / rd.high) and r.high == pytest.approx(1 / rd.low)
    assert r.measure == "number needed to treat" and r.method == "newcombe"


def test_nnt_no_difference_and_zero_limits():
    r = ts.nnt(3, 15, 3, 15)
    assert r.estimate == np.inf and r.extra["direction"] == "none"
    assert "NNT ∞ (no difference)" in str(r) and "to ∞ to NNTH" in str(r)
    touch = ts.nnt_from_difference(0.1, 0.0, 0.2)
    assert touch.high == np.inf and "NNTB 5.0 to ∞;" in str(touch)
    harm_touch = ts.nnt_from_difference(-0.1, -0.25, 0.0)
    assert harm_touch.low == -np.inf and harm_touch.high == pytest.approx(-4.0)
    assert "NNTH 4.0 to ∞" in str(harm_touch)


def test_nnt_arrays_keep_index_and_frame_columns():
    idx = pd.Index(["feder", "other"], name="trial")
    r = ts.nnt(pd.Series([10, 3], index=idx), 15, pd.Series([3, 5], index=idx), 15)
    frame = r.to_frame()
    assert list(frame.index) == ["feder", "other"]
    assert list(frame.columns[-2:]) == ["direction", "reading"]
    assert frame.loc["other", "direction"] == "harm"
    assert frame.loc["other", "reading"].startswith("NNTH 7.5 (95% CI NNTB")
    assert len(str(r).splitlines()) == 2
    assert "<br>" in r._repr_html_()


def test_nnt_bad_input():
    with pytest.raises(ValueError, match="difference must lie in"):
        ts.nnt_from_difference(16.6, 0.9, 32.2)
    with pytest.raises(ValueError, match="low must not exceed high"):
        ts.nnt_from_difference(0.1, 0.3, 0.2)
    with pytest.raises(ValueError, match="unknown outcome 'bad'"):
        ts.nnt(10, 15, 3, 15, outcome="bad")
    with pytest.raises(ValueError, match="unknown method"):
        ts.nnt(10, 15, 3, 15, method="katz")


@st.composite
def tables(draw, max_n=40):
    n1 = draw(st.integers(1, max_n))
    n2 = draw(st.integers(1, max_n))
    return draw(st.integers(0, n1)), n1, draw(st.integers(0, n2)), n2


@settings(max_examples=150, deadline=None)
@given(tables())
def test_nnt_swapping_arms_flips_direction(t):
    x1, n1, x2, n2 = t
    a = ts.nnt(x1, n1, x2, n2)
    b = ts.nnt(x2, n2, x1, n1)
    if np.isinf(a.estimate):
        assert np.isinf(b.estimate)
    else:
        assert b.estimate == pytest.approx(-a.estimate, rel=1e-9)
    assert b.low == pytest.approx(-a.high, rel=1e-9)
    assert b.high == pytest.approx(-a.low, rel=1e-9)
    # undesirable outcome = swapped arms on the benefit scale
    c = ts.nnt(x1, n1, x2, n2, outcome="undesirable")
    assert c.low == pytest.approx(b.low, rel=1e-9) and c.high == pytest.approx(b.high, rel=1e-9)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_nnt_interval_is_the_inverted_difference_interval(t):
    rd = ts.risk_difference(*t)
    r = ts.nnt(*t)
    # the NNT scale covers exactly the differences in the interval: 1/NNT lies in it
    inv_low = 0.0 if np.isinf(r.low) else 1 / r.low
    inv_high = 0.0 if np.isinf(r.high) else 1 / r.high
    assert inv_low == pytest.approx(rd.high, abs=1e-12)
    assert inv_high == pytest.approx(rd.low, abs=1e-12)
    crosses = rd.low < 0 < rd.high
    assert ("to ∞ to" in str(r)) == crosses


# ------------------------------------------------------------------ compare_proportions


def test_compare_bundles_the_default_results():
    c = ts.compare_proportions(10, 15, 3, 15)
    assert isinstance(c, Comparison)
    assert c.risk_difference.estimate == pytest.approx(ts.risk_difference(10, 15, 3, 15).estimate)
    assert c.risk_ratio.low == pytest.approx(ts.risk_ratio(10, 15, 3, 15).low)
    assert c.odds_ratio.high == pytest.approx(ts.odds_ratio(10, 15, 3, 15).high)
    # R 4.2.2: fisher.test(matrix(c(10, 5, 3, 12), 2))$p.value = 0.02532768703
    assert c.test.pvalue == pytest.approx(0.02532768703, rel=1e-8)
    assert c.fragility == 1
    text = str(c)
    lines = text.splitlines()
    assert lines[0] == "10/15 (66.7%) vs 3/15 (20.0%)"
    assert lines[1].startswith("risk difference") and "newcombe" in lines[1]
    assert any(line.startswith("number needed to treat") and "NNTB 2.1" in line for line in lines)
    assert any(line.startswith("Fisher exact test") and "p = 0.025" in line for line in lines)
    assert lines[-1].startswith("fragility index") and "1 (changing 1 outcome" in lines[-1]
    html = c._repr_html_()
    assert html.startswith("<table>") and "fragility index" in html


def test_compare_frames_wide_and_long():
    c = ts.compare_proportions(10, 15, 3, 15, confidence_level=0.9, method="wald")
    wide = c.to_frame()
    assert wide.shape[0] == 1
    row = wide.iloc[0]
    assert row["rd_method"] == "wald" and row["nnt_direction"] == "benefit"
    assert row["rd_low"] == pytest.approx(ts.risk_difference(10, 15, 3, 15, method="wald",
                                                             confidence_level=0.9).low)
    long = c.to_frame(long=True)
    assert list(long["quantity"]) == ["risk difference", "risk ratio", "odds ratio",
                                      "number needed to treat", "Fisher exact test", "fragility index"]
    assert "90% CI" in str(c)
    payload = json.dumps(c.to_dict(), allow_nan=False)
    back = json.loads(payload)
    assert back["x1"] == 10 and back["fragility_index"] == 1 and back["confidence_level"] == 0.9


def test_compare_arrays_keep_index_and_join():
    idx = pd.Index(["a", "b", "c"], name="trial")
    x1 = pd.Series([10, 15, 3], index=idx)
    c = ts.compare_proportions(x1, 15 * np.ones(3, int) + np.array([0, 25, 0]), [3, 6, 3], [15, 40, 15])
    wide = c.to_frame()
    assert list(wide.index) == ["a", "b", "c"]
    joined = pd.DataFrame({"label": ["x", "y", "z"]}, index=idx).join(wide)
    assert list(joined["fragility_index"]) == [1, 1, -5]
    assert joined.loc["b", "fisher_p"] == pytest.approx(0.04060920787, rel=1e-8)  # R fisher.test
    text = str(c)
    assert text.count("\n\n") == 2 and "[b] 15/40 (37.5%) vs 6/40 (15.0%)" in text
    assert set(c.to_frame(long=True)["table"]) == {"a", "b", "c"}
    assert len(c.to_dict()["tables"]) == 3


def test_compare_unreachable_fragility_reads_not_defined():
    with pytest.warns(UndefinedStatisticWarning):
        c = ts.compare_proportions(0, 2, 0, 2)
    assert c.fragility is None
    assert "not defined" in str(c)
    assert c.to_dict()["nnt"] is None  # infinite NNT (no difference) -> null in JSON


def test_compare_validates():
    with pytest.raises(ValueError, match="confidence_level"):
        ts.compare_proportions(10, 15, 3, 15, confidence_level=95)
    with pytest.raises(ValueError, match="x1 must not exceed n1"):
        ts.compare_proportions(16, 15, 3, 15)


# ------------------------------------------------------------------ compare_methods


def test_compare_methods_perondi_flags_disagreement():
    # Fagerland, Lydersen & Laake's Perondi 2004 example, 7/34 vs 1/34 (contingencytables
    # test-ch4.R): Wald RD (0.0292, 0.3238) excludes 0, Wald with CC (-0.0002, 0.3532) does not.
    df = ts.compare_methods(7, 34, 1, 34)
    assert list(df["method"]) == ["newcombe", "wald", "wald_cc", "agresti_caffo",
                                  "miettinen_nurminen", "mee", "exact"]
    by = df.set_index("method")
    assert parse_printed("0.0292").contains(by.loc["wald", "low"])
    assert parse_printed("0.3238").contains(by.loc["wald", "high"])
    assert parse_printed("-0.0002").contains(by.loc["wald_cc", "low"])
    assert by.loc["wald", "excludes_null"] and not by.loc["wald_cc", "excludes_null"]
    assert df["methods_disagree"].all()
    # the same example for the ratio: Katz (0.9096, 53.8695) includes 1, Koopman
    # (1.2209, 42.5757) excludes it
    rr = ts.compare_methods(7, 34, 1, 34, measure="risk_ratio").set_index("method")
    assert parse_printed("0.9096").contains(rr.loc["katz", "low"])
    assert parse_printed("1.2209").contains(rr.loc["koopman", "low"])
    assert rr["methods_disagree"].all()
    assert "table" not in df.columns


def test_compare_methods_agreeing_table_and_arrays():
    idx = pd.Index(["strong", "perondi"])
    df = ts.compare_methods(pd.Series([10, 7], index=idx), [10, 34], [0, 1], [20, 34],
                            methods=["newcombe", "wald", "wald_cc"])
    assert list(df["table"]) == ["strong"] * 3 + ["perondi"] * 3
    strong = df[df["table"] == "strong"]
    assert strong["excludes_null"].all() and not strong["methods_disagree"].any()
    assert df[df["table"] == "perondi"]["methods_disagree"].all()


def test_compare_methods_zero_cell_detail_is_kept():
    with pytest.warns(ts.ZeroCellCorrectionWarning):
        df = ts.compare_methods(0, 16, 15, 72, measure="odds_ratio", methods=["woolf", "exact"])
    woolf = df.set_index("method").loc["woolf"]
    assert "correction" in woolf["method_detail"]


def test_compare_methods_bad_input():
    with pytest.raises(ValueError, match="unknown measure 'rd'"):
        ts.compare_methods(7, 34, 1, 34, measure="rd")
    with pytest.raises(ValueError, match="unknown method 'koopman'"):
        ts.compare_methods(7, 34, 1, 34, methods=["koopman"])
    with pytest.raises(ValueError, match="at least one"):
        ts.compare_methods(7, 34, 1, 34, methods=[])
