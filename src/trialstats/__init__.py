"""trialstats: recompute and verify the statistics quoted about clinical trials.

The public API is imported from here (``import trialstats as ts``). Names are resolved
lazily, on first use, so that ``import trialstats`` stays light: scipy, statsmodels and
matplotlib load only when a function that needs them is called.

Examples
--------
>>> import trialstats as ts
>>> print(ts.proportion_ci(10, 15))  # doctest: +SKIP
proportion 0.667 (95% CI 0.417 to 0.848; wilson)
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it. Each engine module owns its own names.
_EXPORTS: dict[str, str] = {
    # result objects, warnings, printed figures
    "Estimate": "results",
    "Significance": "results",
    "TrialstatsWarning": "_validate",
    "ZeroCellCorrectionWarning": "_validate",
    "UndefinedStatisticWarning": "_validate",
    "Printed": "printed",
    "parse_printed": "printed",
    "printed_matches": "printed",
    # single proportion
    "proportion_ci": "proportions",
    # two independent proportions
    "risk_difference": "two_proportions",
    "risk_ratio": "two_proportions",
    "odds_ratio": "two_proportions",
    "two_proportion_test": "significance",
    "fragility_index": "significance",
    # paired proportions (crossover trials)
    "mcnemar": "paired",
    "paired_risk_difference": "paired",
    "paired_odds_ratio": "paired",
    # event rates per person-time
    "rate_ratio": "rates",
    "rate_difference": "rates",
    "nnt": "comparisons",
    "nnt_from_difference": "comparisons",
    "compare_proportions": "comparisons",
    "compare_methods": "comparisons",
    # continuous outcomes
    "mean_difference": "continuous",
    "smd": "continuous",
    "sd_from_ci": "continuous",
    "sd_from_se": "continuous",
    "se_from_p": "continuous",
    "mean_sd_from_quartiles": "continuous",
    "paired_difference": "continuous",
    "mean_sd_from_range": "continuous",
    # time to relapse (module is `survival`: a submodule named `relapse` would shadow
    # the data loader `trialstats.relapse()` once imported)
    "kaplan_meier": "survival",
    "reconstruct_ipd": "survival",
    "exponential_median": "survival",
    "logrank": "survival",
    "hazard_ratio": "survival",
    "exponential_median_ratio": "survival",
    "rmst_difference": "rmst",
    "rmst_ratio": "rmst",
    # meta-analysis
    "effect_sizes": "meta",
    "meta_analysis": "meta",
    "MetaResult": "meta",
    "mantel_haenszel": "meta_counts",
    "peto_odds_ratio": "meta_counts",
    # consistency of quoted numbers
    "counts_for_percent": "consistency",
    "sample_sizes_for_percent": "consistency",
    "grim": "consistency",
    "p_from_ci": "consistency",
    "from_se": "consistency",
    "smd_ci": "consistency",
    "ci_from_p": "consistency",
    "printed_range": "consistency",
    "range_matches_printed": "consistency",
    "splits_for_p": "inverse",
    "sample_sizes_for_smd_ci": "inverse",
    # data
    "trials": "data",
    "load_trial": "data",
    "arms": "data",
    "binary_outcomes": "data",
    "continuous_outcomes": "data",
    "reported_effects": "data",
    "relapse": "data",
    "sources": "data",
    "validate_data": "data",
    "load_table": "data",
    "Trial": "data",
    "DataValidationError": "data",
    "DataPackage": "data",
    "load_data": "data",
    "from_ctgov": "ctgov",
    # claims
    "load_claims": "claims",
    "verify_claims": "claims",
    "ClaimFileError": "claims",
    "claim_results": "claims",
    "claim_kinds": "claims",
    # scan
    "scan": "scanning",  # the package is `scanning`: a subpackage `scan` would replace ts.scan once imported
}

__all__ = sorted(_EXPORTS)


def _module(module_name: str) -> ModuleType:
    """The module behind a lazy export, imported on first use.

    Each import is written out (not built from a string), so that a reader, and any tool that
    draws the package's imports, sees every arrow from this table to the module it names.
    """
    match module_name:
        case "_validate":
            from . import _validate

            return _validate
        case "claims":
            from . import claims

            return claims
        case "comparisons":
            from . import comparisons

            return comparisons
        case "consistency":
            from . import consistency

            return consistency
        case "continuous":
            from . import continuous

            return continuous
        case "ctgov":
            from . import ctgov

            return ctgov
        case "data":
            from . import data

            return data
        case "inverse":
            from . import inverse

            return inverse
        case "meta":
            from . import meta

            return meta
        case "meta_counts":
            from . import meta_counts

            return meta_counts
        case "paired":
            from . import paired

            return paired
        case "printed":
            from . import printed

            return printed
        case "proportions":
            from . import proportions

            return proportions
        case "rates":
            from . import rates

            return rates
        case "results":
            from . import results

            return results
        case "rmst":
            from . import rmst

            return rmst
        case "scanning":
            from . import scanning

            return scanning
        case "significance":
            from . import significance

            return significance
        case "survival":
            from . import survival

            return survival
        case "two_proportions":
            from . import two_proportions

            return two_proportions
    raise AttributeError(f"trialstats has no module {module_name!r}")


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'trialstats' has no attribute {name!r}")
    value = getattr(_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
