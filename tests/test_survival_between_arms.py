"""Log-rank with a group nobody at risk, and RMST between arms, against R.

References
----------
1. Therneau T. survival: Survival Analysis (R package), tests/difftest.R (aml with a
   dummy group censored before the first event). R values: tests/reference/logrank_survdiff.R
   and .txt (R 4.2.2, survival 3.5-3).
2. Mantel N (1966). Evaluation of survival data and two new rank order statistics arising
   in its consideration. Cancer Chemother Rep 50:163-170.
"""

import numpy as np
import pytest

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
