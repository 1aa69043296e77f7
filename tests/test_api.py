"""The public API contract of DESIGN.md: every name resolves from the top-level package."""

import importlib
import inspect

import pytest

import trialstats as ts

# Names and argument lists fixed by DESIGN.md ("Public API").
CONTRACT = {
    "proportion_ci": ["x", "n", "method", "confidence_level"],
    "risk_difference": ["x1", "n1", "x2", "n2", "method", "confidence_level"],
    "risk_ratio": ["x1", "n1", "x2", "n2", "method", "confidence_level"],
    "odds_ratio": ["x1", "n1", "x2", "n2", "method", "confidence_level"],
    "nnt": ["x1", "n1", "x2", "n2", "method", "confidence_level"],
    "two_proportion_test": ["x1", "n1", "x2", "n2", "test"],
    "fragility_index": ["x1", "n1", "x2", "n2", "test", "alpha"],
    "compare_proportions": ["x1", "n1", "x2", "n2", "confidence_level"],
    "compare_methods": ["x1", "n1", "x2", "n2", "measure"],
    "mean_difference": ["mean1", "sd1", "n1", "mean2", "sd2", "n2", "pooled", "confidence_level"],
    "smd": ["mean1", "sd1", "n1", "mean2", "sd2", "n2", "kind", "confidence_level"],
    "sd_from_ci": ["low", "high", "n", "confidence_level"],
    "sd_from_se": ["se", "n"],
    "se_from_p": ["estimate", "p", "df"],
    "mean_sd_from_quartiles": ["q1", "median", "q3", "n"],
    "paired_difference": ["mean_diff", "sd_diff", "n", "confidence_level"],
    "kaplan_meier": ["time", "event"],
    "reconstruct_ipd": ["curve_time", "curve_survival", "risk_time", "n_at_risk", "total_events"],
    "exponential_median": ["median", "events", "confidence_level"],
    "logrank": ["time", "event", "group"],
    "hazard_ratio": ["time", "event", "group", "ties", "reference"],
    "effect_sizes": ["x1", "n1", "x2", "n2", "measure"],
    "meta_analysis": ["yi", "vi", "method", "hksj", "labels", "confidence_level"],
    "counts_for_percent": ["percent", "n"],
    "sample_sizes_for_percent": ["percent", "max_n"],
    "grim": ["mean", "n", "items"],
    "p_from_ci": ["estimate", "low", "high", "ratio"],
    "from_se": ["estimate", "se", "df", "ratio"],
    "smd_ci": ["d", "n1", "n2", "confidence_level"],
    "trials": [],
    "load_trial": ["trial_id"],
    "arms": [],
    "binary_outcomes": [],
    "continuous_outcomes": [],
    "reported_effects": [],
    "relapse": [],
    "load_claims": ["path"],
    "verify_claims": ["claims"],
}

DEFAULTS = {
    ("proportion_ci", "method"): "wilson",
    ("risk_difference", "method"): "newcombe",
    ("risk_ratio", "method"): "koopman",
    ("odds_ratio", "method"): "baptista_pike",
    ("two_proportion_test", "test"): "fisher",
    ("meta_analysis", "method"): "REML",
    ("hazard_ratio", "ties"): "efron",
    ("proportion_ci", "confidence_level"): 0.95,
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_name_resolves_with_contract_arguments(name):
    func = getattr(ts, name)
    params = list(inspect.signature(func).parameters)
    expected = CONTRACT[name]
    assert params[: len(expected)] == expected, f"{name}{inspect.signature(func)}"


@pytest.mark.parametrize(("name", "arg"), sorted(DEFAULTS))
def test_defaults(name, arg):
    param = inspect.signature(getattr(ts, name)).parameters[arg]
    assert param.default == DEFAULTS[(name, arg)]


def test_every_export_resolves():
    for name, module in ts._EXPORTS.items():
        mod = importlib.import_module(f"trialstats.{module}")
        assert getattr(ts, name) is getattr(mod, name)


def test_unknown_attribute_is_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ts.nope


def test_import_is_light():
    # scipy, statsmodels and matplotlib load only when a function needs them.
    import subprocess
    import sys

    code = (
        "import sys, trialstats; "
        "heavy = [m for m in ('scipy', 'statsmodels', 'matplotlib', 'pandas') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
