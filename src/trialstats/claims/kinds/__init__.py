"""Claim kinds: one module per kind, listed in one explicit registry.

Each module declares ``KIND``: its name, required and optional ``stated`` fields (each with
the one parser loading and checking both use), a cross-field validator and its check.
"""

from __future__ import annotations

from . import (
    arithmetic,
    citation,
    count,
    design,
    duration,
    effect,
    median_time,
    pooled,
    proportion,
    significance,
    support,
    two_proportions,
)
from ._kind import Kind, Outcome

__all__ = ["REGISTRY", "Kind", "Outcome"]

#: kind name -> Kind. The public list of kinds; an unknown name is an error listing these keys.
REGISTRY: dict[str, Kind] = {
    m.KIND.name: m.KIND
    for m in (
        proportion,
        two_proportions,
        effect,
        median_time,
        count,
        citation,
        arithmetic,
        duration,
        significance,
        design,
        support,
        pooled,
    )
}
