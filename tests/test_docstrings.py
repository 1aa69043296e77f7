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
