"""The figures of plots.py: what a reviewer expects to find on each (RevMan/metafor forest plot,
Kaplan–Meier with numbers at risk under the ticks, interval comparison, stated vs recomputed)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import trialstats as ts
import trialstats.data as tsdata
from trialstats import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def bcg():
    rows = tsdata.load_table("meta_studies")
    return rows[(rows["meta_id"] == "bcg") & rows["used"]].set_index("label")


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_forest_plot_has_the_revman_columns(bcg):
    # Colditz et al. 1994 BCG trials (metafor dat.bcg); DL pooled RR 0.49 [0.34, 0.70] as metafor prints
    es = ts.effect_sizes(bcg["x1"], bcg["n1"], bcg["x2"], bcg["n2"], measure="RR")
    res = ts.meta_analysis(es, method="DL")
    ax = res.forest_plot(arms=bcg[["x1", "n1", "x2", "n2"]], arm_names=("Vaccinated", "Control"))
    texts = _texts(ax)
    assert set(bcg.index) <= set(texts)                      # study labels
    assert "4/123" in texts and "11/139" in texts            # events/total per arm (Aronson 1948)
    assert "Weight" in texts and "100.0%" in texts
    assert sum(t.endswith("%") and t[:-1].replace(".", "").isdigit() for t in texts) >= 13  # weights
    assert "0.49 [0.34, 0.70]" in texts                      # pooled estimate and CI as text
    het = next(t for t in texts if t.startswith("Heterogeneity"))
    assert "I² = 92%" in het and "df = 12" in het and "τ² = 0.309" in het
    favours = [a.get_text() for a in ax.texts if a.get_text().startswith("Favours")]
    assert favours == ["Favours vaccinated", "Favours control"]
    assert ax.get_xscale() == "log"
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels and all("10^" not in lab and "$" not in lab for lab in labels)
    assert {"0.1", "1", "2"} <= set(labels)
    assert len(ax.patches) == 1                              # the pooled diamond


def test_forest_plot_means_and_single_arm():
    res = ts.meta_analysis([-0.5, -0.2], [0.04, 0.09], measure="MD", method="FE", labels=["A", "B"])
    arms = pd.DataFrame({"m1": [10.0, 12.0], "sd1": [4.0, 5.0], "n1": [20, 30],
                         "m2": [11.0, 12.5], "sd2": [4.5, 5.5], "n2": [21, 29]})
    ax = plots.forest_plot(res, arms=arms)
    assert "10.0 (4.0) 20" in _texts(ax) and ax.get_xscale() == "linear"
    es = ts.effect_sizes([10, 8, 9], [15, 14, 15], measure="PLO")
    ax = plots.forest_plot(ts.meta_analysis(es, method="REML"), arms=pd.DataFrame({"events": [10, 8, 9],
                                                                                     "n": [15, 14, 15]}))
    texts = _texts(ax)
    assert "10/15" in texts and not any(t.startswith("Favours") for t in texts)


def test_forest_plot_arms_must_match_the_studies(bcg):
    res = ts.meta_analysis(ts.effect_sizes(bcg["x1"], bcg["n1"], bcg["x2"], bcg["n2"], measure="RR"))
    with pytest.raises(ValueError, match="arms has 2 rows"):
        res.forest_plot(arms=pd.DataFrame({"x1": [1, 2], "n1": [3, 4], "x2": [1, 1], "n2": [3, 3]}))
    with pytest.raises(ValueError, match="arms must have columns"):
        res.forest_plot(arms=bcg[["x1"]])


def test_km_numbers_at_risk_sit_under_the_ticks():
    # R: summary(survfit(Surv(time, status) ~ x, data = aml), times = c(0, 14, 28))$n.risk
    t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161]
    e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]
    ax = ts.kaplan_meier(t, e).plot(label="Maintained", risk_times=[0, 14, 28])
    assert list(ax.get_xticks()) == [0, 14, 28]
    numbers = [a for a in ax.texts if a.get_text().isdigit()]
    assert [a.get_text() for a in numbers] == ["11", "8", "6"]
    assert [a.xy[0] for a in numbers] == [0, 14, 28]
    # without risk_times: evenly spaced round ticks, each with its number under it
    ax2 = ts.kaplan_meier(t, e).plot()
    ticks = list(ax2.get_xticks())
    assert [a.xy[0] for a in ax2.texts if a.get_text().isdigit()] == ticks


def test_interval_comparison_keeps_the_legend_off_the_intervals():
    frame = pd.concat([ts.proportion_ci(10, 15, method=m).to_frame().assign(arm="ketamine")
                       for m in ("wilson", "clopper_pearson")] +
                      [ts.proportion_ci(3, 15, method=m).to_frame().assign(arm="midazolam")
                       for m in ("wilson", "clopper_pearson")], ignore_index=True)
    ax = plots.interval_comparison(frame, group="arm", xlim=(0, 1))
    legend = ax.get_legend()
    assert legend is not None
    ax.figure.canvas.draw()
    box = legend.get_window_extent()
    assert box.y1 <= ax.get_window_extent().y0 + 1  # below the axes
    assert ax.get_xlim() == (0, 1)
    with pytest.raises(ValueError, match="no column 'nope'"):
        plots.interval_comparison(frame, label="nope")


def test_stated_vs_recomputed_colours_by_verdict():
    pts = pd.DataFrame({"label": ["a", "b"], "stated_low": [66.5, 20], "stated_high": [67.5, 30],
                        "recomputed": [66.7, 40.0], "low": [41.7, np.nan], "high": [84.8, np.nan],
                        "verdict": ["consistent", "inconsistent"]})
    ax = plots.stated_vs_recomputed(pts)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["consistent", "inconsistent"]
    with pytest.raises(ValueError, match="lacks column"):
        plots.stated_vs_recomputed(pts.drop(columns="verdict"))
