"""Tests of trialstats.survival against R survival and published values.

Reference values marked "R" were computed with R 4.2.2 (2022-11-10 r83330) and survival
3.5-3; the call is recorded beside each value. The tests never need R.
"""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trialstats as ts
from trialstats._validate import UndefinedStatisticWarning
from trialstats.survival import kaplan_meier

matplotlib.use("Agg")

# R survival::aml (Miller 1981): weeks to relapse of AML, maintained vs not maintained.
AML_M_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161]
AML_M_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]
AML_N_T = [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_N_E = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
AML_T = AML_M_T + AML_N_T
AML_E = AML_M_E + AML_N_E
AML_G = ["Maintained"] * 11 + ["Nonmaintained"] * 12

# R survival::lung (NCCTG advanced lung cancer), exported with
# Rscript -e 'cat(lung$time, sep=","); cat(lung$status - 1, sep=""); cat(lung$sex, sep="");
#             cat(ifelse(is.na(lung$ph.ecog), 9, lung$ph.ecog), sep="")'
LUNG_TIME = np.array([int(x) for x in (
    "306,455,1010,210,883,1022,310,361,218,166,170,654,728,71,567,144,613,707,61,88,301,81,624,371,394,"
    "520,574,118,390,12,473,26,533,107,53,122,814,965,93,731,460,153,433,145,583,95,303,519,643,765,735,"
    "189,53,246,689,65,5,132,687,345,444,223,175,60,163,65,208,821,428,230,840,305,11,132,226,426,705,"
    "363,11,176,791,95,196,167,806,284,641,147,740,163,655,239,88,245,588,30,179,310,477,166,559,450,"
    "364,107,177,156,529,11,429,351,15,181,283,201,524,13,212,524,288,363,442,199,550,54,558,207,92,60,"
    "551,543,293,202,353,511,267,511,371,387,457,337,201,404,222,62,458,356,353,163,31,340,229,444,315,"
    "182,156,329,364,291,179,376,384,268,292,142,413,266,194,320,181,285,301,348,197,382,303,296,180,"
    "186,145,269,300,284,350,272,292,332,285,259,110,286,270,81,131,225,269,225,243,279,276,135,79,59,"
    "240,202,235,105,224,239,237,173,252,221,185,92,13,222,192,183,211,175,197,203,116,188,191,105,174,"
    "177"
).split(",")])
LUNG_STATUS = np.array([int(c) for c in (
    "1101101111111111111111111111111111111011111111111111111111111111111011011111111111010111011111011111"
    "0111110111111111111111111111001110101111101100111110011101100101001111011000111000100010111110100001"
    "1100010100000010010000100000"
)])
LUNG_SEX = np.array([int(c) for c in (
    "1111112211122111112112111211112112121212122212111221111121222112112211121122221111121121211112211112"
    "2211112112111221111112211111222112122111211212111211221121122211122111121212122211222221111111112121"
    "2122212212211211212212111212"
)])
LUNG_ECOG = np.array([int(c) for c in (
    "1001012212121911122110100103121222222121120212010110001002112111122001012111010001111110120111021110"
    "0111211112011012222102120111201101021210212111010010012212110121101010101011211000010020101211101101"
    "1100020211011211122011110211"
)])

# R survival::ovarian
OV_TIME = [59, 115, 156, 421, 431, 448, 464, 475, 477, 563, 638, 744, 769, 770, 803, 855, 1040, 1106,
           1129, 1206, 1227, 268, 329, 353, 365, 377]
OV_STATUS = [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0]
OV_RX = [1, 1, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2]

# lifelines' `waltons` data set, miR-137 arm (lifelines/datasets/waltons_dataset.csv): 34 deaths.
WALTONS_MIR137 = ([6] + [13] * 3 + [19] * 3 + [26] * 5 + [33] * 2 + [47] + [62] * 2 + [9] * 3 + [15] * 2
                  + [22] * 4 + [29] * 5 + [36] * 2 + [43])


def test_embedded_data_shapes():
    assert LUNG_TIME.size == LUNG_STATUS.size == LUNG_SEX.size == LUNG_ECOG.size == 228
    assert LUNG_STATUS.sum() == 165  # R: sum(lung$status == 2)
    assert len(OV_TIME) == len(OV_STATUS) == len(OV_RX) == 26
    assert len(WALTONS_MIR137) == 34


# ----------------------------------------------------------------------------- Kaplan–Meier table


def test_km_table_matches_r_aml():
    # R: s <- summary(survfit(Surv(time, status) ~ x, data = aml)); cbind(s$surv, s$std.err, s$lower, s$upper)
    km = kaplan_meier(AML_N_T, AML_N_E, conf_type="log")
    tab = km.table[km.table["n_event"] > 0].reset_index(drop=True)
    np.testing.assert_allclose(tab["time"], [5, 8, 12, 23, 27, 30, 33, 43, 45])
    np.testing.assert_array_equal(tab["n_risk"], [12, 10, 8, 6, 5, 4, 3, 2, 1])
    np.testing.assert_allclose(
        tab["survival"],
        [0.8333333333333, 0.6666666666667, 0.5833333333333, 0.4861111111111, 0.3888888888889,
         0.2916666666667, 0.1944444444444, 0.0972222222222, 0.0], atol=1e-12)
    np.testing.assert_allclose(
        tab["std_err"][:8],
        [0.1075828707280, 0.1360827634880, 0.1423187606383, 0.1481300625535, 0.1469861839480,
         0.1387151691350, 0.1218745053804, 0.0918663649675], rtol=1e-9)
    np.testing.assert_allclose(
        tab["low"][:8],
        [0.6470369870134, 0.4468460811503, 0.3616137052104, 0.2675182488583, 0.1853965260956,
         0.1148311501525, 0.0569215525716, 0.0152565271709], rtol=1e-9)
    np.testing.assert_allclose(
        tab["high"][:8],
        [1.0, 0.994625360259, 0.940998012174, 0.883319225340, 0.815735715691, 0.740822018516,
         0.664223659883, 0.619548629119], rtol=1e-9)
    # R prints NaN / NA where S = 0 (Greenwood undefined)
    assert math.isnan(tab["std_err"].iloc[8]) and math.isnan(tab["low"].iloc[8])


def test_km_loglog_band_matches_r_aml():
    # R: summary(survfit(Surv(time, status) ~ x, data = aml, conf.type = "log-log")), maintained arm
    km = kaplan_meier(AML_M_T, AML_M_E)  # default log-log
    tab = km.table[km.table["n_event"] > 0]
    np.testing.assert_allclose(
        tab["low"], [0.50808020576993, 0.44742861468218, 0.35019038590794, 0.26575204000129,
                     0.16733090977685, 0.09282957493699, 0.01173848012319], rtol=1e-9)
    np.testing.assert_allclose(
        tab["high"], [0.986673822668, 0.951162228582, 0.899023974191, 0.835299243250,
                      0.753399790371, 0.657040832398, 0.525014842727], rtol=1e-9)


def test_km_table_counts_censorings_and_ties():
    km = kaplan_meier([2, 2, 2, 3, 5, 5], [1, 0, 1, 0, 1, 1])
    t = km.table
    assert t["time"].tolist() == [2, 3, 5]
    assert t["n_risk"].tolist() == [6, 3, 2]
    assert t["n_event"].tolist() == [2, 0, 2]
    assert t["n_censor"].tolist() == [1, 1, 0]
    np.testing.assert_allclose(t["survival"], [4 / 6, 4 / 6, 0.0])


def test_km_overall_lung_survival_at_times():
    # R: summary(survfit(Surv(time, status) ~ 1, data = lung), times = c(100, 200, 365, 500, 730))
    km = kaplan_meier(LUNG_TIME, LUNG_STATUS)
    np.testing.assert_allclose(
        km.survival([100, 200, 365, 500, 730]),
        [0.86396897, 0.68027286, 0.40924162, 0.29326919, 0.11569310], atol=5e-9)


def test_survival_lookup_conventions():
    km = kaplan_meier([1, 2, 2, 3, 7], [1, 1, 0, 1, 0])
    assert km.survival(0) == 1.0
    assert km.survival(0.999) == 1.0
    assert km.survival(1) == pytest.approx(0.8)  # right-continuous
    assert isinstance(km.survival(2.5), float)
    assert math.isnan(km.survival(8))  # beyond the last observation, last one censored
    done = kaplan_meier([1, 2], [1, 1])
    assert done.survival(50) == 0.0  # the curve has reached 0
    with pytest.raises(ValueError, match="t must be non-negative"):
        km.survival(-1)


# ----------------------------------------------------------------------------- medians


@pytest.mark.parametrize(
    ("conf_type", "maintained", "nonmaintained"),
    [
        # R survival 3.5-3, aml data (Miller 1981): print(survfit(..., conf.type = ...)),
        # tests/reference/survival_meta_woolf.R
        ("log", (31, 18, math.inf), (23, 8, math.inf)),
        ("log-log", (31, 13, math.inf), (23, 5, 33)),
        # R: print(survfit(Surv(time, status) ~ x, data = aml, conf.type = "plain"))
        ("plain", (31, 18, 48), (23, 8, 33)),
    ],
)
def test_median_aml_matches_r(conf_type, maintained, nonmaintained):
    for (t, e), want in (((AML_M_T, AML_M_E), maintained), ((AML_N_T, AML_N_E), nonmaintained)):
        m = kaplan_meier(t, e).median(conf_type=conf_type)
        assert (m.estimate, m.low, m.high) == want
        assert m.measure == "median time"
        assert m.method == "brookmeyer_crowley" and conf_type in m.method_detail


def test_median_default_is_loglog():
    m = kaplan_meier(AML_N_T, AML_N_E).median()
    assert (m.low, m.high) == (5, 33)
    assert "log-log" in m.method_detail
    assert str(m) == "median time 23.000 (95% CI 5.000 to 33.000; brookmeyer_crowley, log-log transform)"


@pytest.mark.parametrize(
    ("conf_type", "sex1", "sex2"),
    [
        # R: print(survfit(Surv(time, status) ~ sex, data = lung, conf.type = ct))
        ("log", (270, 212, 310), (426, 348, 550)),
        ("log-log", (270, 210, 306), (426, 345, 524)),
        ("plain", (270, 212, 306), (426, 345, 524)),
    ],
)
def test_median_lung_matches_r(conf_type, sex1, sex2):
    for k, want in ((1, sex1), (2, sex2)):
        m = kaplan_meier(LUNG_TIME[LUNG_SEX == k], LUNG_STATUS[LUNG_SEX == k]).median(conf_type=conf_type)
        assert (m.estimate, m.low, m.high) == want


@pytest.mark.parametrize(
    ("conf_type", "rx1", "rx2"),
    [
        # R: print(survfit(Surv(futime, fustat) ~ rx, data = ovarian, conf.type = ct)); NA -> inf
        ("log", (638, 268, math.inf), (math.inf, 475, math.inf)),
        ("log-log", (638, 156, math.inf), (math.inf, 464, math.inf)),
        ("plain", (638, 268, math.inf), (math.inf, 475, math.inf)),
    ],
)
def test_median_ovarian_not_reached_is_inf(conf_type, rx1, rx2):
    t, e, g = np.array(OV_TIME), np.array(OV_STATUS), np.array(OV_RX)
    for k, want in ((1, rx1), (2, rx2)):
        m = kaplan_meier(t[g == k], e[g == k]).median(conf_type=conf_type)
        assert (m.estimate, m.low, m.high) == want


def test_median_midpoint_convention_matches_r():
    # R: print(survfit(Surv(c(1, 2, 3, 4), rep(1, 4)) ~ 1)): S = 0.5 exactly on [2, 3) -> median 2.5
    assert kaplan_meier([1, 2, 3, 4], [1, 1, 1, 1]).median(conf_type="log").estimate == 2.5
    # R: summary(survfit(Surv(1:8, rep(1, 8)) ~ 1, conf.type = ct))$table[7:9]
    km = kaplan_meier(list(range(1, 9)), [1] * 8)
    got = {ct: km.median(conf_type=ct) for ct in ("log", "log-log", "plain")}
    assert (got["log"].estimate, got["log"].low, got["log"].high) == (4.5, 3, math.inf)
    assert (got["log-log"].low, got["log-log"].high) == (1, 7)
    assert (got["plain"].low, got["plain"].high) == (2, 7)
    # R: print(survfit(Surv(c(1, 2, 2.5, 3, 4, 6), c(1, 1, 0, 1, 1, 0)) ~ 1)): 3 (2, NA)
    m = kaplan_meier([1, 2, 2.5, 3, 4, 6], [1, 1, 0, 1, 1, 0]).median(conf_type="log")
    assert (m.estimate, m.low, m.high) == (3, 2, math.inf)


def test_median_confidence_level_changes_interval():
    km = kaplan_meier(LUNG_TIME, LUNG_STATUS)
    wide, narrow = km.median(confidence_level=0.99), km.median(confidence_level=0.8)
    assert wide.low <= narrow.low <= narrow.estimate <= narrow.high <= wide.high
    assert wide.confidence_level == 0.99


# ----------------------------------------------------------------------------- RMST


def test_rmst_matches_r_aml():
    # R: print(survfit(Surv(time, status) ~ x, data = aml), rmean = 30)
    #    rmean 24.6022727273 (se 2.31314937732) and 19.6944444444 (se 3.05419793072)
    for (t, e), (mean, se) in (((AML_M_T, AML_M_E), (24.6022727273, 2.31314937732)),
                               ((AML_N_T, AML_N_E), (19.6944444444, 3.05419793072))):
        r = kaplan_meier(t, e).rmst(30)
        assert r.estimate == pytest.approx(mean, rel=1e-10)
        assert r.extra["se"] == pytest.approx(se, rel=1e-10)
        assert r.low == pytest.approx(mean - 1.959963984540054 * se, rel=1e-9)


def test_rmst_matches_survrm2_published_lung_example():
    # survRM2-style table published in survminer PR #827 (ggrmst_difference on lung by sex,
    # tau = 965): 324.0484 (SE 22.29794) and 455.9041 (SE 32.91742); R print(..., rmean = 965)
    # gives 324.0484191 (22.29793923) and 455.9040875 (32.91741569).
    for k, (mean, se) in ((1, (324.0484, 22.29794)), (2, (455.9041, 32.91742))):
        r = kaplan_meier(LUNG_TIME[LUNG_SEX == k], LUNG_STATUS[LUNG_SEX == k]).rmst(965)
        assert r.estimate == pytest.approx(mean, abs=5e-5)
        assert r.extra["se"] == pytest.approx(se, abs=5e-6)
    # R: summary(survfit(Surv(time, status) ~ sex, data = lung), rmean = 500)$table
    for k, (mean, se) in ((1, (278.763231530, 14.3545585667)), (2, (360.910954195, 16.8010181687))):
        r = kaplan_meier(LUNG_TIME[LUNG_SEX == k], LUNG_STATUS[LUNG_SEX == k]).rmst(500)
        assert r.estimate == pytest.approx(mean, rel=1e-10)
        assert r.extra["se"] == pytest.approx(se, rel=1e-9)


def test_rmst_matches_survrm2_waltons_not_lifelines():
    # lifelines PR #1526 / issue #1682 table: waltons miR-137, tau = 10: RMST 9.794 and SE
    # 0.123 (survRM2), Greenwood variance 0.0152 (the survRM2 column's "0.0151" is 0.123
    # squared); lifelines' current "variance" 0.5164 (SE 0.719) is wrong.
    # R: print(survfit(Surv(T, E) ~ 1), rmean = 10): 9.794117647059, se 0.123244852674
    r = kaplan_meier(WALTONS_MIR137, [1] * 34).rmst(10)
    assert r.estimate == pytest.approx(9.794, abs=5e-4)
    assert r.extra["se"] == pytest.approx(0.123, abs=5e-4)
    assert r.extra["se"] ** 2 == pytest.approx(0.0152, abs=5e-5)
    assert r.estimate == pytest.approx(9.794117647059, rel=1e-11)
    assert r.extra["se"] == pytest.approx(0.123244852674, rel=1e-10)


def test_rmst_without_events_before_tau_has_zero_variance():
    r = kaplan_meier([5, 6, 7], [1, 1, 0]).rmst(4)
    assert r.estimate == 4.0 and r.extra["se"] == 0.0


def test_rmst_rejects_bad_tau():
    km = kaplan_meier([1, 2, 3], [1, 0, 1])
    with pytest.raises(ValueError, match="tau must not exceed the last observed time 3"):
        km.rmst(4)
    with pytest.raises(ValueError, match="tau must be positive"):
        km.rmst(0)
    with pytest.raises(TypeError, match="tau must be a single number"):
        km.rmst([1, 2])


# ----------------------------------------------------------------------------- log-rank and Cox


def test_logrank_matches_r():
    # R survival 3.5-3 survdiff on aml (Miller 1981): chi2 3.3964, p 0.0653
    # (tests/reference/survival_meta_woolf.R)
    r = ts.logrank(AML_T, AML_E, AML_G)
    assert r.statistic == pytest.approx(3.3964, abs=5e-5)
    assert r.pvalue == pytest.approx(0.0653, abs=5e-5)
    assert r.df == 1 and r.test == "logrank"
    np.testing.assert_allclose(r.extra["observed"], [7, 11])
    # R: survdiff(Surv(time, status) ~ sex, data = lung): chisq 10.3267419549, p 0.00131116452036
    r = ts.logrank(LUNG_TIME, LUNG_STATUS, LUNG_SEX)
    assert r.statistic == pytest.approx(10.3267419549, rel=1e-9)
    assert r.pvalue == pytest.approx(0.00131116452036, rel=1e-8)
    np.testing.assert_allclose(r.extra["observed"].sum(), r.extra["expected"].sum())
    # R: survdiff(Surv(time, status) ~ ph.ecog, data = lung[!is.na(lung$ph.ecog), ]): 21.9621316825 on 3 df
    ok = LUNG_ECOG != 9
    r = ts.logrank(LUNG_TIME[ok], LUNG_STATUS[ok], LUNG_ECOG[ok])
    assert r.statistic == pytest.approx(21.9621316825, rel=1e-9)
    assert r.df == 3
    assert r.pvalue == pytest.approx(6.64253535581e-05, rel=1e-8)
    # R: survdiff(Surv(futime, fustat) ~ rx, data = ovarian): 1.06273986129, p 0.302591116989
    r = ts.logrank(OV_TIME, OV_STATUS, OV_RX)
    assert r.statistic == pytest.approx(1.06273986129, rel=1e-9)
    # R: survdiff(Surv(1:7, c(1, 1, 1, 0, 1, 1, 0)) ~ c("a", "b", "c", "a", "b", "c", "c")):
    #    expected 0.65238095 1.15238095 3.19523810, p = 0.472003
    r = ts.logrank([1, 2, 3, 4, 5, 6, 7], [1, 1, 1, 0, 1, 1, 0], list("abcabcc"))
    np.testing.assert_allclose(r.extra["expected"], [0.65238095, 1.15238095, 3.19523810], atol=5e-9)
    assert r.pvalue == pytest.approx(0.472003, abs=5e-7) and r.df == 2


def test_logrank_agrees_with_statsmodels():
    from statsmodels.duration.survfunc import survdiff

    chi2, p = survdiff(LUNG_TIME, LUNG_STATUS, LUNG_SEX)
    r = ts.logrank(LUNG_TIME, LUNG_STATUS, LUNG_SEX)
    assert r.statistic == pytest.approx(chi2, rel=1e-10) and r.pvalue == pytest.approx(p, rel=1e-10)


def test_logrank_zero_variance_warns_nan():
    # R survdiff stops with "system is exactly singular" here
    with pytest.warns(UndefinedStatisticWarning, match="variance is zero"):
        r = ts.logrank([1, 1, 1, 1], [1, 1, 1, 1], ["x", "x", "x", "y"])
    assert math.isnan(r.statistic) and math.isnan(r.pvalue)


@pytest.mark.parametrize(
    ("data", "ties", "coef", "se", "hr", "low", "high", "p"),
    [
        # R: summary(coxph(Surv(time, status) ~ x, data = aml, ties = ties))
        ("aml", "efron", 0.915532575015, 0.511934275172, 2.49810532617, 0.915907257436, 6.81349576606,
         0.073714860639),
        ("aml", "breslow", 0.904219723686, 0.512247907304, 2.47000388543, 0.905047612846,
         6.74099252617, 0.0775302512086),
        # R: summary(coxph(Surv(time, status) ~ factor(sex), data = lung, ties = ties))
        ("lung", "efron", -0.53102353762, 0.167178583231, 0.588002818564, 0.423717830354,
         0.815984813171, 0.00149122920488),
        ("lung", "breslow", -0.530396574509, 0.167180837386, 0.588371590231, 0.423981695916,
         0.816500173297, 0.0015108472157),
        # R: summary(coxph(Surv(futime, fustat) ~ factor(rx), data = ovarian, ties = ties)); no ties
        ("ovarian", "efron", -0.596380049392, 0.586989526366, 0.550801907278, 0.174320733535,
         1.74037095249, 0.309630448807),
    ],
)
def test_hazard_ratio_matches_r_coxph(data, ties, coef, se, hr, low, high, p):
    t, e, g = {
        "aml": (AML_T, AML_E, AML_G),
        "lung": (LUNG_TIME, LUNG_STATUS, LUNG_SEX),
        "ovarian": (OV_TIME, OV_STATUS, OV_RX),
    }[data]
    r = ts.hazard_ratio(t, e, g, ties=ties)
    # coxph stops iterating at a relative change of 1e-9 in the log-likelihood: agree to 1e-6
    # (in practice 1e-8; on 300 random small tied data sets, 550 finite fits, to 3.4e-9)
    assert r.extra["log_hr"] == pytest.approx(coef, rel=1e-6)
    assert r.extra["se"] == pytest.approx(se, rel=1e-6)
    for got, want in ((r.estimate, hr), (r.low, low), (r.high, high), (r.pvalue, p)):
        assert got == pytest.approx(want, rel=1e-6)
    assert r.method == "cox" and ties in r.method_detail


def test_hazard_ratio_reference_and_printed_aml():
    # R survival 3.5-3 coxph on aml (Efron ties): HR non-maintained vs maintained 2.498
    # (0.916, 6.813) (tests/reference/survival_meta_woolf.R)
    r = ts.hazard_ratio(AML_T, AML_E, AML_G)
    assert r.extra["reference"] == "Maintained"
    assert ts.printed_matches("2.498", r.estimate)
    assert ts.printed_matches("0.916", r.low) and ts.printed_matches("6.813", r.high)
    flipped = ts.hazard_ratio(AML_T, AML_E, AML_G, reference="Nonmaintained")
    assert flipped.estimate == pytest.approx(1 / r.estimate, rel=1e-8)
    assert flipped.low == pytest.approx(1 / r.high, rel=1e-8)
    assert flipped.pvalue == pytest.approx(r.pvalue, rel=1e-8)
    from_series = ts.hazard_ratio(pd.Series(AML_T), pd.Series(AML_E), pd.Series(AML_G, dtype=object))
    assert from_series.estimate == pytest.approx(r.estimate, rel=1e-12)
    assert from_series.extra["reference"] == "Maintained"


def test_hazard_ratio_no_events_in_a_group_warns_nan():
    with pytest.warns(UndefinedStatisticWarning, match="no finite maximum"):
        r = ts.hazard_ratio([1, 2, 3, 4], [1, 1, 0, 0], ["a", "a", "b", "b"])
    assert math.isnan(r.estimate) and math.isnan(r.low)


def test_hazard_ratio_monotone_likelihood_warns_nan():
    # The group-1 event happens when both are at risk, the group-0 event when only group 0
    # is: the partial likelihood increases without bound (R: coxph "did not converge",
    # coefficient growing without limit).
    with pytest.warns(UndefinedStatisticWarning, match="events separate the groups"):
        r = ts.hazard_ratio([7, 7, 8], [1, 0, 1], [1, 0, 0])
    assert math.isnan(r.estimate)


@pytest.mark.parametrize(("ties", "coef", "se"), [("efron", 2.25542975326, 1.43118301999),
                                                  ("breslow", 1.94591014906, 1.41421356237)])
def test_hazard_ratio_where_statsmodels_phreg_fails(ties, coef, se):
    # statsmodels 0.15 PHReg returns NaN here (Efron); R gives a finite estimate:
    # R: coxph(Surv(c(8, 6, 2, 8, 2, 9, 6, 3, 3, 3), c(0, 1, 0, 1, 0, 1, 0, 1, 0, 1)) ~
    #          c(0, 0, 0, 0, 0, 0, 0, 1, 0, 0), ties = ties)
    r = ts.hazard_ratio([8, 6, 2, 8, 2, 9, 6, 3, 3, 3], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
                        [0, 0, 0, 0, 0, 0, 0, 1, 0, 0], ties=ties)
    assert r.extra["log_hr"] == pytest.approx(coef, rel=1e-9)
    assert r.extra["se"] == pytest.approx(se, rel=1e-9)


def test_logrank_no_events_warns_nan():
    with pytest.warns(UndefinedStatisticWarning, match="no events"):
        r = ts.logrank([1, 2, 3, 4], [0, 0, 0, 0], ["a", "a", "b", "b"])
    assert math.isnan(r.pvalue)


# ----------------------------------------------------------------------------- exponential medians


def test_exponential_median_chi2_percentiles_published_example():
    # Reliability Information Analysis Center desk reference, numerical examples of intervals
    # for the exponential case (http://www.theriac.org/DeskReference/viewDocument.php?id=214):
    # n = 45 failures, 80% CI for the mean uses chi-square
    # percentiles on 90 df, 73.2911 and 107.5650; the limits are mean·90/107.5650 and
    # mean·90/73.2911. A median is a fixed multiple (ln 2) of the mean, so with median 1:
    r = ts.exponential_median(1.0, 45, confidence_level=0.8)
    assert r.low == pytest.approx(90 / 107.5650, rel=5e-6)
    assert r.high == pytest.approx(90 / 73.2911, rel=5e-6)
    assert r.extra["df"] == 90


def test_exponential_median_upper_limit_matches_poisson_exact():
    # R: poisson.test(10, 100)$conf.int lower rate 0.0479538869613 -> median ln 2 / rate =
    # 14.4544524851 (the exact Poisson lower rate limit also uses chi-square on 2·events df)
    r = ts.exponential_median(math.log(2) * 100 / 10, 10)
    assert r.high == pytest.approx(14.4544524851, rel=1e-10)
    assert r.low < r.estimate < r.high


def test_exponential_median_states_assumptions_and_vectorizes():
    m = pd.Series([27.5, 41.0, 20.0], index=["feder", "albott_ptsd", "albott_mdd"])
    d = pd.Series([10, 12, 14], index=m.index)
    r = ts.exponential_median(m, d)
    assert r.method == "exponential"
    assert "constant hazard" in r.method_detail and "followed to the event" in r.method_detail
    frame = r.to_frame()
    assert list(frame.index) == list(m.index)
    for i, (mi, di) in enumerate(zip(m, d, strict=True)):
        one = ts.exponential_median(mi, di)
        assert frame["low"].iloc[i] == pytest.approx(one.low, rel=1e-12)


def test_exponential_median_coverage_simulation():
    # Under the stated assumptions (exponential times, everyone followed to the event) the
    # interval is exact: 95% coverage up to Monte Carlo error (4000 trials: SE 0.0034).
    rng = np.random.default_rng(20240501)
    d = 7
    true_median = 30.0
    x = rng.exponential(true_median / math.log(2), size=(4000, d))
    est = math.log(2) * x.mean(axis=1)
    r = ts.exponential_median(est, d)
    cover = np.mean((r.low <= true_median) & (true_median <= r.high))
    assert abs(cover - 0.95) < 0.015


def test_exponential_median_ratio_matches_f_quantiles_and_coverage():
    # R: r <- 41/20; r / qf(.975, 20, 24); r / qf(.025, 20, 24); 2 * min(pf(r, 20, 24), 1 - pf(r, 20, 24))
    r = ts.exponential_median_ratio(41, 10, 20, 12)
    assert r.estimate == pytest.approx(2.05)
    assert r.low == pytest.approx(0.8808598604813, rel=1e-10)
    assert r.high == pytest.approx(4.9355011923650, rel=1e-10)
    assert r.pvalue == pytest.approx(0.0947141326179, rel=1e-9)
    assert r.method == "exponential" and "constant hazard" in r.method_detail
    swapped = ts.exponential_median_ratio(20, 12, 41, 10)
    assert swapped.low == pytest.approx(1 / r.high, rel=1e-10)
    assert swapped.pvalue == pytest.approx(r.pvalue, rel=1e-10)
    # exact coverage under the model
    rng = np.random.default_rng(7)
    d1, d2 = 5, 9
    m1 = math.log(2) * rng.exponential(20 / math.log(2), size=(4000, d1)).mean(axis=1)
    m2 = math.log(2) * rng.exponential(10 / math.log(2), size=(4000, d2)).mean(axis=1)
    cov = ts.exponential_median_ratio(m1, d1, m2, d2)
    assert abs(np.mean((cov.low <= 2) & (2 <= cov.high)) - 0.95) < 0.015


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: ts.exponential_median(27.5, 0), ValueError, "events must be at least 1"),
        (lambda: ts.exponential_median(-1, 5), ValueError, "median must be positive"),
        (lambda: ts.exponential_median(27.5, 2.5), ValueError, "events must be whole numbers"),
        (lambda: ts.exponential_median("27.5", 5), TypeError, "median must be a number"),
        (lambda: ts.exponential_median(27.5, 5, confidence_level=95), ValueError, "did you mean 0.95"),
        (lambda: ts.exponential_median_ratio(1, 1, 0, 1), ValueError, "median2 must be positive"),
    ],
)
def test_exponential_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([1, -2, 3], [1, 0, 1]), ValueError, r"time must be non-negative: at positions \[1\]"),
        (([1, 2, 3], [1, 2, 0]), ValueError, r"event must be 1 \(event observed\) or 0"),
        (([1, 2, 3], [1, 0]), ValueError, "same length, got 3 times and 2 event flags"),
        (([1, np.nan], [1, 0]), ValueError, "time must not be NaN"),
        (([1, 2], ["yes", "no"]), TypeError, "event must contain only numbers"),
        (([], []), ValueError, "time must not be empty"),
    ],
)
def test_kaplan_meier_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        kaplan_meier(*args)


def test_group_and_option_errors():
    with pytest.raises(ValueError, match="unknown conf_type 'logit'"):
        kaplan_meier([1, 2], [1, 1]).median(conf_type="logit")
    with pytest.raises(ValueError, match="unknown conf_type"):
        kaplan_meier([1, 2], [1, 1], conf_type="arcsin")
    with pytest.raises(ValueError, match="at least two groups"):
        ts.logrank([1, 2], [1, 1], ["a", "a"])
    with pytest.raises(ValueError, match="one label per patient"):
        ts.logrank([1, 2, 3], [1, 1, 1], ["a", "b"])
    with pytest.raises(ValueError, match="exactly two groups, got 3"):
        ts.hazard_ratio([1, 2, 3], [1, 1, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="reference 'z' is not one of the groups"):
        ts.hazard_ratio(AML_T, AML_E, AML_G, reference="z")
    with pytest.raises(ValueError, match="unknown ties 'exact'"):
        ts.hazard_ratio(AML_T, AML_E, AML_G, ties="exact")


def test_boolean_events_accepted():
    a = kaplan_meier(AML_M_T, np.array(AML_M_E, dtype=bool)).median()
    b = kaplan_meier(AML_M_T, AML_M_E).median()
    assert (a.estimate, a.low, a.high) == (b.estimate, b.low, b.high)


# ----------------------------------------------------------------------------- properties

times = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), t=times)
def test_km_properties(data, t):
    e = data.draw(st.lists(st.integers(0, 1), min_size=len(t), max_size=len(t)))
    km = kaplan_meier(t, e)
    s = km.table["survival"].to_numpy()
    assert np.all(np.diff(s) <= 1e-15) and np.all((s >= 0) & (s <= 1))
    assert km.table["n_event"].sum() == sum(e) and km.table["n_censor"].sum() == len(t) - sum(e)
    ok = ~np.isnan(km.table["low"].to_numpy())
    assert np.all(km.table["low"][ok] <= s[ok] + 1e-12) and np.all(s[ok] <= km.table["high"][ok] + 1e-12)
    for ct in ("log", "log-log", "plain"):
        m = km.median(conf_type=ct)
        assert m.low <= m.estimate <= m.high
    tau = max(t)
    if tau > 0:
        r = km.rmst(tau)
        assert 0 <= r.estimate <= tau + 1e-9 and r.extra["se"] >= 0


@settings(max_examples=40, deadline=None)
@given(t=st.lists(st.floats(0.1, 100, allow_nan=False), min_size=1, max_size=30))
def test_km_without_censoring_is_empirical_survival(t):
    km = kaplan_meier(t, [1] * len(t))
    arr = np.array(t)
    grid = np.linspace(0, arr.max(), 25)
    np.testing.assert_allclose(km.survival(grid), [(arr > g).mean() for g in grid], atol=1e-12)
    # the restricted mean to the last time is then the sample mean
    np.testing.assert_allclose(km.rmst(arr.max()).estimate, arr.mean(), rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(data=st.data(), n=st.integers(4, 30))
def test_logrank_invariant_to_labels_and_order(data, n):
    t = data.draw(st.lists(st.integers(1, 20), min_size=n, max_size=n))
    e = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    g = data.draw(st.lists(st.sampled_from(["x", "y"]), min_size=n, max_size=n))
    if len(set(g)) < 2 or sum(e) == 0:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)  # zero variance: NaN both ways
        a = ts.logrank(t, e, g)
        relabelled = ["z" if v == "x" else "w" for v in g]
        b = ts.logrank(t[::-1], e[::-1], relabelled[::-1])
    if math.isnan(a.statistic):
        assert math.isnan(b.statistic)
        return
    assert a.statistic == pytest.approx(b.statistic, rel=1e-9, abs=1e-12)


# ----------------------------------------------------------------------------- figure, import


def test_plot_draws_curve_and_numbers_at_risk():
    import matplotlib.pyplot as plt

    km_m = kaplan_meier(AML_M_T, AML_M_E)
    km_n = kaplan_meier(AML_N_T, AML_N_E)
    ax = km_m.plot(label="Maintained", risk_times=[0, 20, 40])
    km_n.plot(ax=ax, label="Nonmaintained", risk_times=[0, 20, 40])
    texts = [t.get_text() for t in ax.texts]
    # R: summary(survfit(Surv(time, status) ~ x, data = aml), times = c(0, 20, 40))$n.risk:
    #    11 7 3 12 6 2
    for label in ("11", "7", "3", "12", "6", "2", "Maintained", "Number at risk"):
        assert label in texts
    assert len(ax.lines) >= 2
    plt.close("all")


@pytest.mark.slow
def test_using_survival_does_not_load_matplotlib():
    # matplotlib is imported inside KaplanMeier.plot only
    code = (
        "import sys, trialstats as ts; km = ts.kaplan_meier([1, 2, 3], [1, 0, 1]); km.median(); "
        "ts.reconstruct_ipd([0, 1, 2], [1, 0.8, 0.6], [0], [5]); print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=40, deadline=None)
@given(data=st.data(), n=st.integers(6, 40), ties=st.sampled_from(["efron", "breslow"]))
def test_hazard_ratio_rank_invariance_and_reciprocity(data, n, ties):
    t = np.array(data.draw(st.lists(st.integers(1, 15), min_size=n, max_size=n)), dtype=float)
    e = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    g = data.draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    if len(set(g)) < 2:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        a = ts.hazard_ratio(t, e, g, ties=ties)
        b = ts.hazard_ratio(np.log1p(t) * 7, e, g, ties=ties)  # the Cox model uses ranks only
        c = ts.hazard_ratio(t, e, g, ties=ties, reference="b")
    if math.isnan(a.estimate):
        assert math.isnan(b.estimate) and math.isnan(c.estimate)
        return
    assert b.estimate == pytest.approx(a.estimate, rel=1e-8)
    assert c.estimate == pytest.approx(1 / a.estimate, rel=1e-8)
    assert c.extra["se"] == pytest.approx(a.extra["se"], rel=1e-8)
