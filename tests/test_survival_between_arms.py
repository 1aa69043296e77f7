"""Log-rank with a group nobody at risk, and RMST between arms, against R.

References
----------
1. Therneau T. survival: Survival Analysis (R package), tests/difftest.R (aml with a
   dummy group censored before the first event). R values: tests/reference/logrank_survdiff.R
   and .txt (R 4.2.2, survival 3.5-3).
2. Mantel N (1966). Evaluation of survival data and two new rank order statistics arising
   in its consideration. Cancer Chemother Rep 50:163-170.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trialstats as ts

AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
AML_G = ["Maintained"] * 11 + ["Nonmaintained"] * 12


def test_logrank_drops_a_group_nobody_at_risk_as_survdiff():
    # R: survdiff(Surv(time, status) ~ x, aml3) -> Chisq 3.396388699 on 1 df, p 0.06533932204
    t = [*AML_T, 1, 2, 2, 3, 3, 3, 4]
    e = AML_E + [0] * 7
    g = AML_G + ["Dummy"] * 7
    r = ts.logrank(t, e, g)
    assert r.statistic == pytest.approx(3.396388699, rel=1e-9)
    assert r.df == 1
    assert r.pvalue == pytest.approx(0.06533932204, rel=1e-9)
    np.testing.assert_allclose(r.extra["expected"], [0, 10.68933599, 7.310664008], rtol=1e-9)


def test_logrank_keeps_a_group_at_risk_early_only():
    # R: the dummy group censored at 6..14 (at risk at the first event times): 4.970119358
    # on 2 df, p 0.08332058188
    t = [*AML_T, 6, 6, 7, 10, 10, 11, 14]
    e = AML_E + [0] * 7
    g = AML_G + ["Dummy"] * 7
    r = ts.logrank(t, e, g)
    assert r.statistic == pytest.approx(4.970119358, rel=1e-9)
    assert r.df == 2
    assert r.pvalue == pytest.approx(0.08332058188, rel=1e-9)


# ---------------------------------------------------------------- RMST between arms
# R survival 3.5-3 with survRM2's unadjusted rmst2 formula (tests/reference/rmst_survival.R);
# the lung-by-sex figures at tau = 965 are also those printed from survRM2::rmst2 in
# survminer PR #827 (https://github.com/kassambara/survminer/pull/827): 324.05 (SE 22.30)
# vs 455.90 (SE 32.92), difference 131.86 (53.93, 209.78), p = 0.00091.
# 3. Uno H et al. (2014). J Clin Oncol 32:2380-2385. doi:10.1200/JCO.2014.55.2208

LUNG = pd.read_csv(Path(__file__).parent / "reference" / "lung_sex.csv")

RMST_R = {
    # label, tau: (rmst0, se0, rmst1, se1, diff, low, high, p, ratio, rlow, rhigh, rp)
    ("lung", 965): (324.0484191, 22.29793923, 455.9040875, 32.91741569, 131.8556684, 53.93004532,
                    209.7812916, 0.0009118594783, 1.406901132, 1.157083359, 1.710655311, 0.0006198177418),
    ("lung", 365): (241.4950852, 10.35822649, 297.4654095, 10.79132398, 55.97032434, 26.65293638,
                    85.2877123, 0.0001827064613, 1.231765894, 1.103343391, 1.375136001, 0.0002067612225),
    ("aml", 40): (28.89772727, 3.467577679, 21.93055556, 3.835641163, -6.967171717, -17.10157637,
                  3.167232935, 0.1778416322, 0.7589024337, 0.500774013, 1.150085446, 0.1933660174),
}


def _data(label):
    if label == "lung":
        return LUNG["time"], LUNG["status"], LUNG["sex"]
    return AML_T, AML_E, AML_G


@pytest.mark.parametrize(("label", "tau"), list(RMST_R))
def test_rmst_difference_and_ratio_match_rmst2_formula_in_r(label, tau):
    ref = RMST_R[(label, tau)]
    t, e, g = _data(label)
    d = ts.rmst_difference(t, e, g, tau)
    assert d.extra["rmst_reference"] == pytest.approx(ref[0], rel=1e-9)
    assert d.extra["se_reference"] == pytest.approx(ref[1], rel=1e-8)
    assert d.extra["rmst_other"] == pytest.approx(ref[2], rel=1e-9)
    assert d.extra["se_other"] == pytest.approx(ref[3], rel=1e-8)
    assert (d.estimate, d.low, d.high) == pytest.approx(ref[4:7], rel=1e-8)
    assert d.pvalue == pytest.approx(ref[7], rel=1e-6)
    r = ts.rmst_ratio(t, e, g, tau)
    assert (r.estimate, r.low, r.high) == pytest.approx(ref[8:11], rel=1e-8)
    assert r.pvalue == pytest.approx(ref[11], rel=1e-6)


def test_survminer_published_lung_figures():
    d = ts.rmst_difference(LUNG["time"], LUNG["status"], LUNG["sex"], 965)
    assert round(d.estimate, 2) == 131.86 and round(d.low, 2) == 53.93 and round(d.high, 2) == 209.78
    assert round(d.pvalue, 5) == 0.00091


def test_reference_swaps_the_comparison():
    d = ts.rmst_difference(AML_T, AML_E, AML_G, 40)
    s = ts.rmst_difference(AML_T, AML_E, AML_G, 40, reference="Nonmaintained")
    assert s.estimate == pytest.approx(-d.estimate) and s.low == pytest.approx(-d.high)
    r = ts.rmst_ratio(AML_T, AML_E, AML_G, 40, reference="Nonmaintained")
    assert r.estimate == pytest.approx(1 / ts.rmst_ratio(AML_T, AML_E, AML_G, 40).estimate)
    assert d.extra["reference"] == "Maintained" and s.extra["reference"] == "Nonmaintained"


def test_rmst_bad_input():
    with pytest.raises(ValueError, match="tau must not exceed .*'Nonmaintained' ends at 45"):
        ts.rmst_difference(AML_T, AML_E, AML_G, 100)
    with pytest.raises(ValueError, match="reference 'placebo' is not one of"):
        ts.rmst_ratio(AML_T, AML_E, AML_G, 40, reference="placebo")
    with pytest.raises(ValueError, match="exactly two groups"):
        ts.rmst_difference(AML_T, AML_E, ["a"] * 8 + ["b"] * 8 + ["c"] * 7, 20)
    with pytest.raises(TypeError, match="tau must be a single number"):
        ts.rmst_difference(AML_T, AML_E, AML_G, [10, 20])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 50), st.booleans(), st.booleans()), min_size=6, max_size=40))
def test_rmst_interval_contains_estimate_and_flips(rows):
    t = [r[0] for r in rows]
    e = [int(r[1]) for r in rows]
    g = ["a" if r[2] else "b" for r in rows]
    if len(set(g)) < 2:
        return
    tau = min(max(ti for ti, gi in zip(t, g, strict=True) if gi == lab) for lab in ("a", "b"))
    d = ts.rmst_difference(t, e, g, tau)
    assert d.low <= d.estimate <= d.high
    s = ts.rmst_difference(t, e, g, tau, reference="b")
    assert s.estimate == pytest.approx(-d.estimate, abs=1e-9)
