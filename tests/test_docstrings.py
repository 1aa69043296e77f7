"""Every docstring Example in the package runs and prints what it says."""

import doctest
import importlib
import inspect
import pkgutil
import re

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
          "inverse", "meta", "survival", "reconstruct", "printed", "coverage", "paired", "rates",
          "meta_counts", "rmst"}
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


# two_proportions.py was being edited by another helper when the references were numbered
# (issue 16); these two are numbered when that work has landed
REFERENCES_PENDING = {"odds_ratio", "risk_ratio"}


def _public_engine_functions():
    for name in trialstats.__all__:
        obj = getattr(trialstats, name)
        if callable(obj) and not isinstance(obj, type) and obj.__module__.split(".")[-1] in ENGINE:
            yield name, obj


def _references(doc: str) -> str:
    m = re.search(r"^References\n-+\n(.*?)(?=^\S[^\n]*\n-+\n|\Z)", doc, re.S | re.M)
    return m.group(1).strip() if m else ""


def test_every_public_engine_function_numbers_its_references():
    # scipy's standard: ``.. [1]`` entries, numbered from 1 in order, nothing unnumbered
    bad = {}
    for name, obj in _public_engine_functions():
        if name in REFERENCES_PENDING:
            continue
        refs = _references(inspect.getdoc(obj) or "")
        numbers = [int(n) for n in re.findall(r"^\.\. \[(\d+)\] ", refs, re.M)]
        if not refs.startswith(".. [1] ") or numbers != list(range(1, len(numbers) + 1)):
            bad[name] = refs[:80]
    assert not bad, f"references not numbered '.. [n]' from 1: {bad}"


def test_reference_dois_are_well_formed():
    # a DOI is written doi:10.<registrant>/<suffix>, so a reader (or a resolver) can follow it
    bad = {}
    for name, obj in _public_engine_functions():
        refs = _references(inspect.getdoc(obj) or "")
        for doi in re.findall(r"doi:?\s*(\S+)", refs, re.I):
            if not re.fullmatch(r"10\.\d{4,9}/\S+", doi.rstrip(".,;)")):
                bad.setdefault(name, []).append(doi)
    assert not bad, f"malformed DOIs: {bad}"


def test_pending_reference_list_is_still_needed():
    # once two_proportions numbers its references, this list must shrink (no stale exemptions)
    numbered = {name for name, obj in _public_engine_functions()
                if _references(inspect.getdoc(obj) or "").startswith(".. [1] ")}
    assert not (REFERENCES_PENDING & numbered), REFERENCES_PENDING & numbered
