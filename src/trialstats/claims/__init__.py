"""Quoted claims: load claim files, recompute each claim from the data, and give a verdict.

Modules, bottom to top (imports run one way): :mod:`.model` (Claim, ClaimResult, verdicts),
:mod:`.figures` (one parser per field), :mod:`.lexicon` (arm, drug-class, journal, page,
title and author words), :mod:`.context` (the data queries checks need), :mod:`.verdict`
(the one function holding the precedence), :mod:`.kinds` (one module per kind and one
registry), :mod:`.loading`, :mod:`.verifying`, :mod:`.render`.

Examples
--------
>>> import trialstats as ts
>>> table = ts.verify_claims()                      # doctest: +SKIP
>>> table.groupby("verdict").size()                 # doctest: +SKIP
"""

from __future__ import annotations

from .context import Context
from .kinds import REGISTRY as KINDS
from .loading import bundled_claims_dir, load_claims
from .model import VERDICTS, Claim, ClaimFileError, ClaimResult, Number, Point
from .verifying import RESULT_COLUMNS, claim_kinds, claim_results, results_frame, verify_claim, verify_claims

__all__ = [
    "KINDS",
    "RESULT_COLUMNS",
    "VERDICTS",
    "Claim",
    "ClaimFileError",
    "ClaimResult",
    "Context",
    "Number",
    "Point",
    "bundled_claims_dir",
    "claim_kinds",
    "claim_results",
    "load_claims",
    "results_frame",
    "verify_claim",
    "verify_claims",
]
