"""Tests of two_proportion_test and fragility_index against independent references."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import trialstats as ts
from trialstats import UndefinedStatisticWarning
from trialstats.significance import fisher_pvalues

# Reference values computed with R 4.2.2 (2022-11-10 r83330), stats package:
#   m <- matrix(c(x1, n1 - x1, x2, n2 - x2), 2)
#   fisher.test(m)$p.value; chisq.test(m, correct = FALSE)$statistic / $p.value;
#   chisq.test(m, correct = TRUE)$p.value            (script printed with %.10g)
# columns: x1, n1, x2, n2, Fisher p, X^2, chi2 p, chi2 (Yates) p
R_REFERENCE = [
    (10, 15, 3, 15, 0.02532768703, 6.65158371, 0.009906773011, 0.02706158191),
    (6, 18, 12, 17, 0.04371016838, 4.85774702, 0.02752225382, 0.0620844938),
    (15, 40, 6, 40, 0.04060920787, 5.230024213, 0.02220022336, 0.0420705214),
    (15, 40, 7, 40, 0.07836100706, 4.012539185, 0.04516308522, 0.07964650888),
    (7, 34, 1, 34, 0.0544001305, 5.1, 0.02392584348, 0.05984529896),
    (0, 16, 15, 72, 0.06286666463, 4.01826484, 0.0450099985, 0.1016183183),
    (40, 60, 100, 210, 0.01239808181, 6.781789639, 0.009209250978, 0.01398293713),
    (3, 10, 7, 10, 0.178895408, 3.2, 0.07363827012, 0.1797124949),
    (10, 10, 0, 20, 3.32833916e-08, 30, 4.320463058e-08, 4.053379282e-07),
    (1, 100, 9, 100, 0.01848767988, 6.736842105, 0.009444165688, 0.02314093131),
    (2, 100, 9, 100, 0.05822071758, 4.713804714, 0.02992136015, 0.06274863637),
    (13, 506, 28, 499, 0.01650431012, 5.941411588, 0.01478916944, 0.02272437778),
    (16, 506, 28, 499, 0.06472188259, 3.599796057, 0.0577866598, 0.08130901596),
    (17, 506, 28, 499, 0.09418658323, 2.977777133, 0.08441513388, 0.115696834),
    (56, 70, 48, 80, 0.01252112975, 7.023411371, 0.008045081368, 0.01340947518),
    (120, 1000, 90, 1000, 0.03420250971, 4.788507582, 0.0286502404, 0.03440236885),
]
REF = np.array(R_REFERENCE)


def test_fisher_matches_r_fisher_test_scalar_and_vectorized():
    for row in R_REFERENCE:
        x1, n1, x2, n2, p = row[:5]
        assert ts.two_proportion_test(x1, n1, x2, n2).pvalue == pytest.approx(p, rel=1e-8)
    res = ts.two_proportion_test(REF[:, 0], REF[:, 1], REF[:, 2], REF[:, 3])
    np.testing.assert_allclose(res.pvalue, REF[:, 4], rtol=1e-8)
    assert res.test == "fisher" and np.isnan(res.statistic).all() and res.df is None


def test_chi2_and_yates_match_r_chisq_test():
    res = ts.two_proportion_test(REF[:, 0], REF[:, 1], REF[:, 2], REF[:, 3], test="chi2")
    np.testing.assert_allclose(res.statistic, REF[:, 5], rtol=1e-8)
    np.testing.assert_allclose(res.pvalue, REF[:, 6], rtol=1e-8)
    np.testing.assert_array_equal(res.df, 1.0)
    yates = ts.two_proportion_test(REF[:, 0], REF[:, 1], REF[:, 2], REF[:, 3], test="chi2_yates")
    np.testing.assert_allclose(yates.pvalue, REF[:, 7], rtol=1e-8)


def test_score_test_is_signed_z_with_chi2_pvalue():
    res = ts.two_proportion_test(10, 15, 3, 15, test="score")
    # sqrt of R's X^2 = 6.65158371, positive because group 1 has the higher proportion
    assert res.statistic == pytest.approx(np.sqrt(6.65158371), rel=1e-8)
    assert res.pvalue == pytest.approx(0.009906773011, rel=1e-8)
    assert ts.two_proportion_test(3, 15, 10, 15, test="score").statistic < 0


def test_chi2_yates_matches_scipy_chi2_contingency():
    # scipy 1.17.1 chi2_contingency(correction=True), an independent implementation
    for x1, n1, x2, n2 in [(2, 9, 1, 11), (5, 6, 5, 7), (30, 70, 21, 64), (1, 3, 2, 3)]:
        table = [[x1, n1 - x1], [x2, n2 - x2]]
        ref = stats.chi2_contingency(table, correction=True)
        res = ts.two_proportion_test(x1, n1, x2, n2, test="chi2_yates")
        assert res.statistic == pytest.approx(ref.statistic, rel=1e-10, abs=1e-12)
        assert res.pvalue == pytest.approx(ref.pvalue, rel=1e-10)


def test_exact2x2_vignette_boschloo_and_barnard():
    # exact2x2 package vignette table, group A 6/18 vs group B 12/17 (Fisher p 0.04371
    # but a conditional-MLE CI containing 1); scipy 1.17.1 boschloo_exact gives 0.0334 there.
    # scipy's barnard_exact gives 0.0325 because it drops tables whose |Z| ties the observed
    # one only up to rounding; the supremum over the extreme set found in exact rational
    # arithmetic (tests/test_unconditional.py) is 0.034821.
    assert ts.two_proportion_test(6, 18, 12, 17, test="boschloo").pvalue == pytest.approx(0.0334, abs=5e-5)
    assert ts.two_proportion_test(6, 18, 12, 17, test="barnard").pvalue == pytest.approx(0.034821, abs=5e-7)


def test_barnard_boschloo_equal_scipy_per_table():
    x1, n1, x2, n2 = np.array([10, 0, 4, 10]), np.array([15, 12, 9, 15]), np.array([3, 5, 4, 3]), 15
    for name, func in [("barnard", stats.barnard_exact), ("boschloo", stats.boschloo_exact)]:
        res = ts.two_proportion_test(x1, n1, x2, n2, test=name)
        for i in range(4):
            # scipy (fine grid n=200) can only fall short of the supremum: it drops tables
            # tying the observed statistic up to rounding (4/9 vs 4/15: 0.446325 against the
            # exact 0.446371, tests/test_unconditional.py)
            ref = func([[x1[i], x2[i]], [n1[i] - x1[i], 15 - x2[i]]], n=200)
            assert res.pvalue[i] >= min(1.0, ref.pvalue) - 1e-12
            assert res.pvalue[i] == pytest.approx(min(1.0, ref.pvalue), rel=2e-4)
            assert res.statistic[i] == pytest.approx(ref.statistic, rel=1e-12)


def test_fisher_boundaries_follow_r():
    # R: fisher.test(matrix(c(0,10,0,20),2)) and an empty arm both give p = 1
    assert ts.two_proportion_test(0, 10, 0, 20).pvalue == 1.0
    assert ts.two_proportion_test(0, 0, 3, 15).pvalue == 1.0
    assert ts.two_proportion_test(15, 15, 15, 15).pvalue == 1.0
    assert ts.two_proportion_test(0, 20, 20, 20).pvalue == pytest.approx(2 / 137846528820, rel=1e-9)


def test_undefined_chi2_warns_and_does_not_stop_the_batch():
    with pytest.warns(UndefinedStatisticWarning, match="empty margin"):
        res = ts.two_proportion_test([0, 10, 15], [10, 15, 15], [0, 3, 15], [20, 15, 15], test="chi2")
    assert np.isnan(res.pvalue[0]) and np.isnan(res.pvalue[2])
    assert res.pvalue[1] == pytest.approx(0.009906773011, rel=1e-8)
    with pytest.warns(UndefinedStatisticWarning, match="1 of 2"):
        res = ts.two_proportion_test([0, 10], [0, 15], [3, 3], [15, 15], test="boschloo")
    assert np.isnan(res.pvalue[0]) and res.pvalue[1] < 0.05
    with pytest.warns(UndefinedStatisticWarning):
        assert np.isnan(ts.two_proportion_test(0, 10, 0, 20, test="score").pvalue)


def test_pandas_index_kept_and_scalar_types():
    idx = pd.Index(["a", "b"], name="trial")
    res = ts.two_proportion_test(pd.Series([10, 15], index=idx), 15, pd.Series([3, 6], index=idx), 15)
    frame = res.to_frame()
    assert list(frame.index) == ["a", "b"] and frame.index.name == "trial"
    scalar = ts.two_proportion_test(10, 15, 3, 15)
    assert isinstance(scalar.pvalue, float)
    assert str(scalar) == "fisher: p = 0.025"


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        ((16, 15, 3, 15), {}, "x1 must not exceed n1"),
        ((-1, 15, 3, 15), {}, "x1 must be non-negative"),
        ((1.5, 15, 3, 15), {}, "x1 must be whole numbers"),
        ((10, 15, 3, 15), {"test": "mcnemar"}, "unknown test 'mcnemar'; valid: 'fisher'"),
        (([1, 2], 15, [1, 2, 3], 15), {}, "do not broadcast"),
    ],
)
def test_bad_input_is_named(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ts.two_proportion_test(*args, **kwargs)


def test_string_count_is_a_type_error():
    with pytest.raises(TypeError, match="n1"):
        ts.two_proportion_test(10, "15", 3, 15)


def test_chunking_gives_the_same_answer(monkeypatch):
    rng = np.random.default_rng(7)
    n1, n2 = rng.integers(1, 80, 500), rng.integers(1, 80, 500)
    x1, x2 = rng.integers(0, n1 + 1), rng.integers(0, n2 + 1)
    whole = fisher_pvalues(x1, n1, x2, n2)
    monkeypatch.setattr("trialstats.significance._CHUNK_ELEMENTS", 64)
    # only the order of summation differs
    np.testing.assert_allclose(fisher_pvalues(x1, n1, x2, n2), whole, rtol=1e-13)


def test_large_tables_use_gammaln_path(monkeypatch):
    monkeypatch.setattr("trialstats.significance._MAX_LOGFACT_TABLE", 10)
    assert ts.two_proportion_test(120, 1000, 90, 1000).pvalue == pytest.approx(0.03420250971, rel=1e-8)


@st.composite
def tables(draw, max_n=40):
    n1 = draw(st.integers(0, max_n))
    n2 = draw(st.integers(0, max_n))
    return draw(st.integers(0, n1)), n1, draw(st.integers(0, n2)), n2


@settings(max_examples=300, deadline=None)
@given(tables())
def test_vectorized_fisher_equals_scipy(t):
    x1, n1, x2, n2 = t
    ref = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue
    # scipy treats probabilities within a relative 1e-14 as ties, R within 1e-7; on
    # integer tables this small no pair of distinct probabilities falls in between
    assert ts.two_proportion_test(x1, n1, x2, n2).pvalue == pytest.approx(ref, rel=1e-9, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(tables(max_n=60))
def test_swapping_arms_or_outcomes_leaves_p_unchanged(t):
    x1, n1, x2, n2 = t
    p = ts.two_proportion_test(x1, n1, x2, n2).pvalue
    assert ts.two_proportion_test(x2, n2, x1, n1).pvalue == pytest.approx(p, rel=1e-9)
    assert ts.two_proportion_test(n1 - x1, n1, n2 - x2, n2).pvalue == pytest.approx(p, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(tables(max_n=30), min_size=1, max_size=20))
def test_batch_equals_one_table_at_a_time(rows):
    arr = np.array(rows, dtype=float)
    batch = ts.two_proportion_test(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]).pvalue
    single = [ts.two_proportion_test(*row).pvalue for row in rows]
    np.testing.assert_allclose(batch, single, rtol=1e-13)


# ---------------------------------------------------------------- fragility index


def test_fragility_fragilityindex_vignette_example():
    # fragilityindex R package README (Kipp Johnson): 15/40 vs 6/40 has Fisher p 0.0406;
    # one more event in the second group (7/40) gives p 0.0784, so the index is 1.
    assert ts.fragility_index(15, 40, 6, 40) == 1
    assert ts.fragility_index(6, 40, 15, 40) == 1


def test_fragility_walsh_2014_illustration():
    # Walsh et al. 2014's illustration, as restated in secondary summaries: 1 vs 9 events
    # in arms of 100 is significant (p about 0.02); one more event in the arm with fewer
    # events (2 vs 9) gives p about 0.06. R fisher.test: 0.01849 and 0.05822.
    assert ts.fragility_index(1, 100, 9, 100) == 1
    assert ts.printed_matches("0.02", ts.two_proportion_test(1, 100, 9, 100).pvalue)
    assert ts.printed_matches("0.06", ts.two_proportion_test(2, 100, 9, 100).pvalue)


def test_fisher_yang_berdine_example():
    # Yang & Berdine (Southwest Respiratory and Critical Care Chronicles, "Fragility Index"):
    # 3 vs 12 deaths in arms of 50, Fisher's exact test p = 0.023.
    # R 4.2.2 fisher.test(matrix(c(3, 47, 12, 38), 2))$p.value = 0.02260438688
    p = ts.two_proportion_test(3, 50, 12, 50).pvalue
    assert ts.printed_matches("0.023", p)
    assert p == pytest.approx(0.02260438688, rel=1e-8)


def test_fragility_tenecteplase_example_is_three():
    # Worked example in PMC10171299 (Meyer et al. PEITHO, 13/506 vs 28/499): three more
    # events in the intervention arm make p >= 0.05. R fisher.test: 15/506 -> p < 0.05,
    # 16/506 -> 0.0647.
    assert ts.fragility_index(13, 506, 28, 499) == 3
    assert ts.two_proportion_test(15, 506, 28, 499).pvalue < 0.05


def test_reverse_fragility_is_negative_and_counts_changes():
    # 3/15 vs 3/15: remove the 3 events of group 1 (0/15 vs 3/15, p 0.22), then add events
    # to group 2: 0/15 vs 5/15 is the first significant table (p 0.042), so 5 changes.
    assert ts.fragility_index(3, 15, 3, 15) == -5
    assert ts.two_proportion_test(0, 15, 4, 15).pvalue >= 0.05
    assert ts.two_proportion_test(0, 15, 5, 15).pvalue < 0.05
    # 15/40 vs 7/40 is not significant; back to 6/40 makes it significant again
    assert ts.fragility_index(15, 40, 7, 40) == -1


def test_fragility_vectorized_equals_scalar_and_other_tests():
    x1, n1, x2, n2 = np.array([15, 13, 3, 10, 1]), np.array([40, 506, 15, 15, 100]), [6, 28, 3, 3, 9], [
        40, 499, 15, 15, 100]
    out = ts.fragility_index(x1, n1, x2, n2)
    assert out.dtype == float
    np.testing.assert_array_equal(out, [1, 3, -5, 1, 1])
    for i in range(5):
        assert ts.fragility_index(int(x1[i]), int(n1[i]), x2[i], n2[i]) == out[i]
    # with the chi-square test 15/40 vs 7/40 is still significant (R: p 0.0452)
    assert ts.fragility_index(15, 40, 6, 40, test="chi2") == 2


def test_fragility_unreachable_is_none_with_warning():
    with pytest.warns(UndefinedStatisticWarning, match="no sequence"):
        assert ts.fragility_index(0, 2, 0, 2) is None
    with pytest.warns(UndefinedStatisticWarning, match="1 of 2"):
        out = ts.fragility_index([0, 15], [2, 40], [0, 6], [2, 40])
    assert np.isnan(out[0]) and out[1] == 1


def test_fragility_bad_alpha():
    with pytest.raises(ValueError, match="alpha"):
        ts.fragility_index(15, 40, 6, 40, alpha=5)


@settings(max_examples=60, deadline=None)
@given(tables(max_n=25))
def test_fragility_definition_holds(t):
    x1, n1, x2, n2 = t
    if n1 == 0 or n2 == 0:
        return
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        fi = ts.fragility_index(x1, n1, x2, n2)
    p = ts.two_proportion_test(x1, n1, x2, n2).pvalue
    if fi is None:
        return
    assert (fi > 0) == (p < 0.05)
    # symmetric in the arms
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedStatisticWarning)
        assert ts.fragility_index(x2, n2, x1, n1) == fi


def test_p_exactly_alpha_counts_as_not_significant():
    # 0/2 vs 19/23: Fisher p = 1/20 exactly (R fisher.test prints 0.05); 0/2 vs 20/23 gives
    # 0.0333. So 0/2 vs 19/23 is not significant and one more event makes it significant.
    assert ts.two_proportion_test(0, 2, 19, 23).pvalue == pytest.approx(0.05, rel=1e-12)
    assert ts.fragility_index(0, 2, 19, 23) == -1
    assert ts.fragility_index(19, 23, 0, 2) == -1
    assert ts.fragility_index(0, 2, 20, 23) == 1
