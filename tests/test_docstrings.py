"""Every docstring Example in the package runs and prints what it says."""

import doctest
import importlib
import pkgutil

import pytest

import trialstats

MODULES = sorted(m.name for m in pkgutil.iter_modules(trialstats.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"trialstats.{name}")
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_every_public_function_has_an_example():
    missing = []
    for name in trialstats.__all__:
        obj = getattr(trialstats, name)
        if callable(obj) and not isinstance(obj, type) and ">>>" not in (obj.__doc__ or ""):
            missing.append(name)
    assert not missing, f"public functions without a runnable Example: {missing}"


ENGINE = {"proportions", "two_proportions", "significance", "comparisons", "continuous", "consistency",
          "inverse", "meta", "survival", "reconstruct", "printed", "coverage"}
SECTIONS = ("See Also", "Notes", "References", "Examples")


def test_every_public_engine_function_has_see_also_notes_references_and_examples():
    # scipy's standard (issue 16): the formula and the matching R call in Notes, the sources
    # in References, the siblings in See Also, a runnable Example
    missing = {}
    for name in trialstats.__all__:
        obj = getattr(trialstats, name)
        if not callable(obj) or isinstance(obj, type) or obj.__module__.split(".")[-1] not in ENGINE:
            continue
        doc = obj.__doc__ or ""
        lacking = [s for s in SECTIONS if f"{s}\n    {'-' * len(s)}" not in doc]
        if lacking:
            missing[name] = lacking
    assert not missing, f"public engine functions lacking docstring sections: {missing}"
