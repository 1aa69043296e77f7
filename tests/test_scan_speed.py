"""The first scan of a process stays light: verifying a scanned page needs normal and t
quantiles and tail areas only, which ``trialstats._scipy_stats`` serves from scipy.special
(bit for bit as scipy.stats computes them) without importing scipy.stats (1-2 s).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import scipy.stats as real

from trialstats._scipy_stats import stats as lazy

Q = np.array([0.0, 1e-12, 0.001, 0.025, 0.5, 0.975, 0.999, 1 - 1e-12, 1.0, 1.5, -0.1, np.nan])
X = np.array([-40.0, -5.0, -1.96, -0.3, 0.0, 0.3, 1.96, 5.0, 40.0, np.inf, -np.inf, np.nan])
DFS = (1, 2.5, 7, 29, 1000, np.arange(3, 15))


@pytest.mark.parametrize("method,grid", [("ppf", Q), ("isf", Q), ("cdf", X), ("sf", X)])
def test_normal_and_t_are_scipy_stats_bit_for_bit(method, grid):
    assert np.array_equal(getattr(lazy.norm, method)(grid), getattr(real.norm, method)(grid), equal_nan=True)
    for g in grid:  # scalars come back as the same numpy scalar type
        a, b = getattr(lazy.norm, method)(g), getattr(real.norm, method)(g)
        assert type(a) is type(b) and np.array_equal(a, b, equal_nan=True), (method, g, a, b)
    for df in DFS:
        a, b = getattr(lazy.t, method)(grid, df), getattr(real.t, method)(grid, df)
        assert np.array_equal(a, b, equal_nan=True), (method, df, a, b)


def test_anything_else_is_scipy_stats_itself():
    assert lazy.chi2.sf(3.84, 1) == real.chi2.sf(3.84, 1)
    assert lazy.norm.ppf(0.975, loc=1, scale=2) == real.norm.ppf(0.975, loc=1, scale=2)
    assert np.isnan(lazy.t.ppf(0.975, -1)) and lazy.t.ppf(0.975, np.inf) == real.t.ppf(0.975, np.inf)


def test_scanning_and_verifying_a_page_does_not_import_scipy_stats():
    code = (
        "import sys, trialstats as ts\n"
        "r = ts.scan('In the trial of repeated ketamine infusions for chronic PTSD, 67% of participants "
        "responded, compared to just 20% on midazolam (p = 0.03).').verify()\n"
        "assert len(r.items), r\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
