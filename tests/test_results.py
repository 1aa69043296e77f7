"""Result objects: readable, tidy, not iterable, index kept."""

import numpy as np
import pandas as pd
import pytest

from trialstats.results import ESTIMATE_COLUMNS, Estimate, Significance, format_number


def test_str_reads_as_one_line():
    e = Estimate("risk difference", 0.46667, 0.1124, 0.6896, 0.95, "newcombe")
    assert str(e) == "risk difference 0.467 (95% CI 0.112 to 0.690; newcombe)"


def test_str_with_pvalue_and_infinite_limit():
    e = Estimate("number needed to treat", 2.14, 1.45, np.inf, 0.9, "newcombe", pvalue=0.0003)
    assert str(e) == "number needed to treat 2.140 (90% CI 1.450 to ∞; newcombe), p < 0.001"


def test_not_iterable():
    e = Estimate("risk ratio", 3.3, 1.1, 9.9, 0.95, "koopman")
    with pytest.raises(TypeError, match="not iterable"):
        low, high = e


def test_to_frame_full_precision_and_index_kept():
    idx = pd.Index(["a", "b"], name="trial")
    e = Estimate(
        "risk difference",
        np.array([0.123456789, 0.2]),
        np.array([0.0, 0.1]),
        np.array([0.3, 0.4]),
        0.95,
        "wald",
        index=idx,
    )
    frame = e.to_frame()
    assert list(frame.columns) == ESTIMATE_COLUMNS
    assert frame.loc["a", "estimate"] == 0.123456789
    assert frame.index.equals(idx)
    joined = pd.DataFrame({"x1": [1, 2]}, index=idx).join(frame)
    assert joined.shape == (2, 1 + len(ESTIMATE_COLUMNS))
    assert np.isnan(frame["pvalue"]).all()


def test_significance_frame_and_str():
    s = Significance("chi2", 4.2, 0.0404, 1.0)
    assert str(s) == "chi2: statistic 4.200 on 1 df, p = 0.040"
    assert list(s.to_frame().columns) == ["test", "statistic", "pvalue", "df", "alternative"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "NA"), (float("nan"), "NA"), (float("-inf"), "−∞"), (0.00012, "0.00012"), (1.0, "1.000")],
)
def test_format_number(value, text):
    assert format_number(value) == text
