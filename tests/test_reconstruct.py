"""Tests of reconstruct_ipd (Guyot et al. 2012): round trips, input cleaning, bad input.

Round trip: simulate two arms of patients, draw each arm's exact Kaplan–Meier step
function, "digitize" it the way a reader clicks a published figure (both corners of most
drops, a few points on the flat stretches, some corners missed, small noise in both
coordinates), print the numbers at risk every 3 time units, reconstruct, and compare the
Kaplan–Meier estimates and the hazard ratio of the reconstructed data with those of the
original patients. Guyot et al. (2012) report that survival probabilities and medians are
reproduced closely and hazard ratios well when numbers at risk are given; the tolerances
below are ours, set with margin from 60 seeds (median relative error: mean 0.015, max
0.075; survival at fixed times: mean 0.011, max 0.040; |log HR| difference: mean 0.013,
max 0.037).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trialstats as ts
from trialstats.reconstruct import ReconstructionDiagnostics

GRID = np.array([3.0, 6.0, 9.0, 12.0, 18.0])


def simulate_arm(rng, n, rate, follow=24.0):
    t = rng.exponential(1 / rate, n)
    c = np.minimum(rng.uniform(6, follow * 1.6, n), follow)
    return np.minimum(t, c), (t <= c).astype(int)


def digitize(rng, time, event, noise_t=0.003, noise_s=0.003, flat_points=40):
    km = ts.kaplan_meier(time, event)
    drops = km.table[km.table["n_event"] > 0]
    t_drop = drops["time"].to_numpy()
    s_after = drops["survival"].to_numpy()
    s_before = np.concatenate(([1.0], s_after[:-1]))
    t_flat = rng.uniform(0, time.max(), flat_points)
    T = np.concatenate((t_drop, t_drop, t_flat))
    S = np.concatenate((s_after, s_before, km.survival(t_flat)))
    keep = rng.random(T.size) > 0.1  # a reader misses some corners
    T, S = T[keep], S[keep]
    T = np.abs(T + rng.normal(0, noise_t * time.max(), T.size))
    S = S + rng.normal(0, noise_s, S.size)
    return T, S


def numbers_at_risk(time, step, t_end):
    rt = np.arange(0, t_end, step)
    return rt, np.array([(time >= r).sum() for r in rt])


def round_trip(seed, n=120):
    rng = np.random.default_rng(seed)
    arms = []
    for rate in (0.08, 0.05):
        t, e = simulate_arm(rng, n, rate)
        T, S = digitize(rng, t, e)
        rt, nr = numbers_at_risk(t, 3.0, T.max())
        ipd = ts.reconstruct_ipd(T, S, rt, nr, total_events=int(e.sum()))
        arms.append((t, e, ipd))
    return arms


@pytest.fixture(scope="module")
def trips():
    return [round_trip(seed) for seed in range(20)]


def test_round_trip_survival_and_medians(trips):
    med_err, s_err = [], []
    for arms in trips:
        for t, e, ipd in arms:
            assert len(ipd) == len(t)
            orig = ts.kaplan_meier(t, e)
            rec = ts.kaplan_meier(ipd["time"], ipd["event"])
            m0, m1 = orig.median().estimate, rec.median().estimate
            med_err.append(abs(m1 - m0) / m0)
            s_err.append(np.max(np.abs(orig.survival(GRID) - rec.survival(GRID))))
    assert max(med_err) < 0.10 and np.mean(med_err) < 0.03
    assert max(s_err) < 0.05 and np.mean(s_err) < 0.02


def test_round_trip_hazard_ratio(trips):
    errs = []
    for (t0, e0, ipd0), (t1, e1, ipd1) in trips:
        g = np.r_[np.zeros(len(t0)), np.ones(len(t1))]
        orig = ts.hazard_ratio(np.r_[t0, t1], np.r_[e0, e1], g)
        rec = ts.hazard_ratio(np.r_[ipd0["time"], ipd1["time"]], np.r_[ipd0["event"], ipd1["event"]], g)
        errs.append(abs(np.log(rec.estimate / orig.estimate)))
    assert max(errs) < 0.06 and np.mean(errs) < 0.025


def test_round_trip_diagnostics_agree_with_published(trips):
    for arms in trips:
        for _t, e, ipd in arms:
            diag = ipd.attrs["diagnostics"]
            assert isinstance(diag, ReconstructionDiagnostics)
            table = diag.table
            assert list(table.columns) == [
                "risk_time", "n_at_risk_published", "n_at_risk_reconstructed", "events", "censored",
            ]
            gap = (table["n_at_risk_published"] - table["n_at_risk_reconstructed"]).abs()
            assert gap.max() <= 3
            assert abs(diag.total_events_reconstructed - e.sum()) <= 3
            assert diag.total_events_published == e.sum()
            assert diag.max_survival_error < 0.05
            assert table["events"].sum() == diag.total_events_reconstructed == ipd["event"].sum()


def test_exact_curve_of_r_aml_maintained_arm():
    # R survival::aml, maintained arm: both corners of every drop clicked without noise,
    # numbers at risk every 20 weeks (computed from the data), 7 events published.
    t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161]
    e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0]
    km = ts.kaplan_meier(t, e)
    drops = km.table[km.table["n_event"] > 0]
    s_after = drops["survival"].to_numpy()
    T = np.r_[drops["time"], drops["time"], 161]
    S = np.r_[s_after, 1.0, s_after[:-1], s_after[-1]]
    rt = np.arange(0, 160, 20)
    nr = [int((np.array(t) >= r).sum()) for r in rt]
    ipd = ts.reconstruct_ipd(T, S, rt, nr, total_events=7)
    rec = ts.kaplan_meier(ipd["time"], ipd["event"])
    assert int(ipd["event"].sum()) == 7
    assert rec.median().estimate == km.median().estimate == 31
    np.testing.assert_array_equal(
        ipd.attrs["diagnostics"].table["n_at_risk_reconstructed"], nr
    )
    # event times are exactly the clicked drop times
    assert sorted(ipd.loc[ipd["event"] == 1, "time"]) == [9, 13, 18, 23, 31, 34, 48]


def test_without_total_events_and_without_risk_intervals():
    rng = np.random.default_rng(3)
    t, e = simulate_arm(rng, 80, 0.08)
    T, S = digitize(rng, t, e)
    ipd = ts.reconstruct_ipd(T, S, [0], [80])  # only the number at time 0
    assert len(ipd) == 80
    assert np.isnan(ipd.attrs["diagnostics"].total_events_published)
    rec = ts.kaplan_meier(ipd["time"], ipd["event"])
    orig = ts.kaplan_meier(t, e)
    # with no later numbers at risk nobody is censored before the end: survival can only be
    # followed up to where censoring starts to matter; check the early part of the curve
    assert abs(rec.survival(3.0) - orig.survival(3.0)) < 0.05


# ----------------------------------------------------------------------------- input cleaning


def _clean_example():
    T = np.array([0.0, 1.0, 1.0, 2.0, 2.0, 4.0, 5.0, 5.0, 7.0])
    S = np.array([1.0, 1.0, 0.9, 0.9, 0.8, 0.8, 0.8, 0.6, 0.6])
    return T, S, [0, 3, 6], [10, 8, 5]


def test_cleaning_percent_unsorted_overshoot_and_nonmonotone_points():
    T, S, rt, nr = _clean_example()
    base = ts.reconstruct_ipd(T, S, rt, nr, total_events=4)
    # the same curve in percent, shuffled, with a digitizing overshoot at the start and a
    # point that rises slightly on a flat stretch
    rng = np.random.default_rng(0)
    order = rng.permutation(T.size)
    S_noisy = S.copy()
    S_noisy[0] = 1.004
    S_noisy[5] = 0.803
    messy = ts.reconstruct_ipd(T[order], 100 * S_noisy[order], rt, nr, total_events=4)
    notes = " | ".join(messy.attrs["diagnostics"].notes)
    assert "percent" in notes and "sorted" in notes and "duplicate" in notes
    assert "clipped" in notes or "set to 1" in notes
    pd.testing.assert_frame_equal(
        base.reset_index(drop=True), messy.reset_index(drop=True), check_exact=False, atol=1e-9
    )


def test_cleaning_isotonic_not_running_minimum():
    # one point dips below its neighbours: isotonic regression pools it with them instead
    # of dragging the rest of the curve down to it
    T = np.array([0, 1, 2, 3, 4, 5, 6, 8.0])
    S = np.array([1, 0.9, 0.9, 0.86, 0.9, 0.9, 0.7, 0.7])
    ipd = ts.reconstruct_ipd(T, S, [0, 4], [20, 18])
    assert any("isotonic" in n for n in ipd.attrs["diagnostics"].notes)
    rec = ts.kaplan_meier(ipd["time"], ipd["event"])
    assert rec.survival(5.5) > 0.86


def test_risk_times_beyond_curve_dropped_with_note():
    T, S, rt, nr = _clean_example()
    ipd = ts.reconstruct_ipd(T, S, [*rt, 9], [*nr, 2])
    assert any("not used" in n for n in ipd.attrs["diagnostics"].notes)
    assert list(ipd.attrs["diagnostics"].table["risk_time"]) == rt


def test_concat_of_reconstructions_works():
    T, S, rt, nr = _clean_example()
    a = ts.reconstruct_ipd(T, S, rt, nr)
    b = ts.reconstruct_ipd(T, S, rt, nr, total_events=4)
    both = pd.concat([a.assign(arm="a"), b.assign(arm="b")], ignore_index=True)
    assert len(both) == 20
    assert "events" in str(a.attrs["diagnostics"])


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"risk_n": [10, 12, 5]}, ValueError, r"n_at_risk must not increase .* positions \[1\]"),
        ({"surv": [1, 1.3, 0.9, 0.9, 0.8, 0.8, 0.8, 0.6, 0.6]}, ValueError, r"must lie in \[0, 1\]"),
        ({"surv": [100, 100, 90, 90, 80, 80, 80, 60, -20]}, ValueError, r"\[0, 100\] as percent"),
        ({"surv": [1, 1, 0.9, 0.9, 0.8, 0.8, 0.8, 0.6, -0.3]}, ValueError, r"minimum -0.3"),
        ({"surv": [1, 1, 0.9]}, ValueError, "same length, got 9 and 3"),
        ({"time": [0, -1, 1, 2, 2, 4, 5, 5, 7]}, ValueError, "curve_time must be non-negative"),
        ({"risk_t": [1, 3, 6]}, ValueError, "risk_time must start at 0"),
        ({"risk_t": [0, 6, 3]}, ValueError, "risk_time must be strictly increasing"),
        ({"risk_n": [10, 8]}, ValueError, "risk_time and n_at_risk must have the same length"),
        ({"risk_n": [10, 8.5, 5]}, ValueError, "n_at_risk must be whole numbers"),
        ({"total": 11}, ValueError, "total_events must not exceed the number at risk at time 0"),
        ({"total": -1}, ValueError, "total_events must be non-negative"),
        ({"total": "4"}, TypeError, "total_events must be a single count"),
        ({"surv": ["a"] * 9}, TypeError, "curve_survival must contain only numbers"),
        ({"time": [0] * 9}, ValueError, "at least one time after 0"),
    ],
)
def test_bad_input(kwargs, error, match):
    T, S, rt, nr = _clean_example()
    with pytest.raises(error, match=match):
        ts.reconstruct_ipd(
            kwargs.get("time", T), kwargs.get("surv", S), kwargs.get("risk_t", rt),
            kwargs.get("risk_n", nr), kwargs.get("total"),
        )


# Digitized curve (30 simulated patients, clicks rounded as a reader would record them) with a
# point at each risk-table time, so that no input cleaning is needed.
REF_T = [0.0, 0.43, 0.56, 0.61, 0.76, 0.93, 1.4, 1.55, 1.57, 1.64, 1.68, 2.43, 2.86, 3.2, 3.6, 3.69, 4.0,
         4.27, 4.83, 6.13, 6.15, 6.53, 6.58, 6.69, 6.74, 6.94, 7.02, 8.0, 10.19, 10.21, 10.71, 10.8, 11.28,
         11.38, 12.0, 12.73, 13.88, 14.02, 16.0, 16.6, 16.72, 17.0, 17.02, 17.8, 18.42, 20.0, 20.09, 21.67]
REF_S = [1.0, 0.999, 0.965, 0.965, 0.934, 0.932, 0.8845, 0.8845, 0.8547, 0.8547, 0.8547, 0.835, 0.796,
         0.7655, 0.7655, 0.735, 0.735, 0.7015, 0.7015, 0.698, 0.667, 0.666, 0.6285, 0.6285, 0.5965, 0.5965,
         0.559, 0.559, 0.5395, 0.5395, 0.515, 0.474, 0.472, 0.429, 0.429, 0.382, 0.3585, 0.3585, 0.3585,
         0.3055, 0.3055, 0.248, 0.248, 0.223, 0.222, 0.222, 0.172, 0.162]
REF_RT = [0, 4, 8, 12, 16, 20]
REF_NR = [30, 22, 14, 9, 7, 3]
# R 4.2.2: source("R/guyot.R") from github.com/certara/survivalnma (an adaptation of the code
# published with Guyot et al. 2012); p <- guyot.method(T, S, rt, nr, tot.events = NA or 22)$patient;
# p[order(p$time, p$event), ]
REF_TIME_NA = [0.56, 0.76, 1.4, 1.57, 2.43, 2.86, 3.2, 3.69, 4.27, 5.48, 5.48, 6.15, 6.58, 6.74, 6.98, 7.02,
               9.095, 10.46, 10.71, 10.8, 11.38, 12.73, 13.95, 16.6, 17.0, 17.8, 18.11, 20.09, 20.88, 21.67]
REF_EVENT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0]
REF_TIME_22 = [*REF_TIME_NA[:28], 21.67, 21.67]


@pytest.mark.parametrize(("total", "want_time"), [(None, REF_TIME_NA), (22, REF_TIME_22)])
def test_matches_r_reference_implementation(total, want_time):
    ipd = ts.reconstruct_ipd(REF_T, REF_S, REF_RT, REF_NR, total_events=total)
    ipd = ipd.sort_values(["time", "event"], kind="stable")
    np.testing.assert_allclose(ipd["time"], want_time, atol=1e-9)
    np.testing.assert_array_equal(ipd["event"], REF_EVENT)
    assert ipd.attrs["diagnostics"].notes == ()


@settings(max_examples=150, deadline=None)
@pytest.mark.slow
@given(
    curve=st.lists(st.tuples(st.floats(0, 50), st.floats(0, 1)), min_size=2, max_size=40).filter(
        lambda c: max(x for x, _ in c) > 0
    ),
    risk=st.lists(st.tuples(st.floats(1, 49), st.integers(0, 200)), max_size=5),
    n0=st.integers(1, 200),
    total=st.one_of(st.none(), st.integers(0, 200)),
)
def test_any_valid_input_gives_one_row_per_patient(curve, risk, n0, total):
    # arbitrary (even mutually inconsistent) curves and tables: never a crash, never more
    # or fewer patients than at risk at time 0, never a negative count
    T = np.array([c[0] for c in curve])
    S = np.sort([c[1] for c in curve])[::-1]
    rt = np.unique(np.r_[0.0, [r[0] for r in risk]])
    nr = np.sort(np.r_[[min(r[1], n0) for r in risk], np.zeros(max(0, rt.size - 1 - len(risk)))])[::-1]
    nr = np.r_[n0, nr[: rt.size - 1]].astype(int)
    total = None if total is None else min(total, n0)
    ipd = ts.reconstruct_ipd(np.sort(T), S, rt, nr, total)
    assert len(ipd) == n0
    assert set(ipd["event"]) <= {0, 1}
    assert (ipd["time"] >= 0).all() and (ipd["time"] <= max(T.max(), 0)).all()
    table = ipd.attrs["diagnostics"].table
    assert (table[["events", "censored", "n_at_risk_reconstructed"]] >= 0).all().all()
