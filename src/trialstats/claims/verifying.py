"""Verifying claims: each claim's check run in isolation, its findings turned into a verdict."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .context import Context
from .figures import LimitExceeded
from .kinds import REGISTRY
from .loading import COMMON_STATED, load_claims
from .model import Claim, ClaimResult
from .verdict import decide

__all__ = ["RESULT_COLUMNS", "claim_kinds", "claim_results", "results_frame", "verify_claim", "verify_claims"]

RESULT_COLUMNS = [
    "document",
    "claim",
    "kind",
    "says",
    "where",
    "stated",
    "recomputed",
    "interval",
    "verdict",
    "explanation",
    "trial",
    "sources",
]


def _error(c: Claim, message: str) -> ClaimResult:
    return ClaimResult(c, "error", message, steps=(message,))


def _parsed(c: Claim) -> Claim | str:
    """The claim with its fields parsed (claims built in code, not loaded), or the problem."""
    if c.values or c.kind not in REGISTRY:
        return c if c.kind in REGISTRY else f"{c.document}/{c.id}: kind: unknown kind {c.kind!r}"
    kind = REGISTRY[c.kind]
    parsers = {**kind.required, **kind.optional, **COMMON_STATED}
    values = {}
    for key, value in c.stated.items():
        if key not in parsers:
            return f"{c.document}/{c.id}: stated.{key}: not a field of kind {c.kind}"
        try:
            values[key] = parsers[key](value, f"stated.{key}")
        except ValueError as exc:
            return f"{c.document}/{c.id}: stated.{key}: {exc}"
    for key in kind.required:
        if key not in values:
            return f"{c.document}/{c.id}: stated.{key}: required for kind {c.kind}"
    if problem := kind.validate(values):
        return f"{c.document}/{c.id}: {problem[0]}: {problem[1]}"
    return Claim(**{**c.__dict__, "values": values})


def verify_claim(claim: Claim, data: Any = None) -> ClaimResult:
    """Verify one claim (default data: the bundled package); see :func:`verify_claims`.

    Any exception raised while checking becomes an ``error`` result naming the claim and
    the reason, so one broken claim never stops the others.
    """
    if claim.error:
        return _error(claim, claim.error)
    parsed = _parsed(claim)
    if isinstance(parsed, str):
        return _error(claim, parsed)
    ctx = data if isinstance(data, Context) else Context(data)
    try:
        out = REGISTRY[parsed.kind].check(parsed, ctx)
    except (LimitExceeded, RecursionError, MemoryError, OverflowError) as exc:
        return _error(parsed, f"{parsed.file or parsed.document}, claim {parsed.id!r}: check refused: {exc}")
    except Exception as exc:
        return _error(
            parsed,
            f"{parsed.file or parsed.document}, claim {parsed.id!r}: the {parsed.kind} check "
            f"failed: {type(exc).__name__}: {exc}",
        )
    verdict, explanation = decide(out.findings)
    return ClaimResult(
        parsed,
        verdict,
        explanation,
        recomputed=out.recomputed,
        interval=out.interval,
        steps=tuple(out.steps),
        points=tuple(out.points),
        sources=tuple(dict.fromkeys(s for s in out.sources if s)),
        numbers=tuple(out.numbers),
        recomputed_values=dict(out.values),
    )


def _as_claims(claims: Any, ctx: Context) -> list[Claim]:
    if (
        claims is None
        or isinstance(claims, str | Path)
        or (isinstance(claims, Sequence) and claims and not isinstance(claims[0], Claim))
    ):
        return load_claims(claims, data=ctx)
    if not isinstance(claims, Sequence) or isinstance(claims, bytes):
        raise TypeError(
            f"claims must be a claim file, a folder, a list of them or of Claim, or None; "
            f"got {type(claims).__name__}"
        )
    return list(claims)


def claim_results(claims: Any = None, *, data: Any = None) -> list[ClaimResult]:
    """Verify claims and return the per-claim :class:`ClaimResult` objects (each with
    ``_repr_html_`` showing the working and the provenance of every number).

    Examples
    --------
    >>> import trialstats as ts
    >>> results = ts.claim_results()
    >>> results[0].verdict in ("consistent", "inconsistent", "unverifiable", "misattributed", "error")
    True
    """
    ctx = data if isinstance(data, Context) else Context(data)
    return [verify_claim(c, ctx) for c in _as_claims(claims, ctx)]


def verify_claims(
    claims: Any = None, *, data: Any = None, results: bool = False
) -> pd.DataFrame | list[ClaimResult]:
    """Verify claims and return one row per claim.

    Parameters
    ----------
    claims : list of Claim, a path (file or folder), a list of paths, or None
        ``None`` verifies the bundled claims about the seed documents. A list of
        :class:`ClaimResult` (from :func:`claim_results`) is tabulated as it is.
    data : DataPackage, optional
        The data to check against (default: the bundled data package).
    results : bool
        Return the list of :class:`ClaimResult` instead (as :func:`claim_results`).

    Returns
    -------
    pandas.DataFrame
        Columns ``document``, ``claim``, ``kind``, ``says``, ``where``, ``stated``,
        ``recomputed``, ``interval``, ``verdict``, ``explanation``, ``trial``, ``sources``.

    Raises
    ------
    ClaimFileError
        If a claim file cannot be read at all.

    Examples
    --------
    >>> import trialstats as ts
    >>> table = ts.verify_claims()
    >>> set(table["verdict"]) <= {"consistent", "inconsistent", "unverifiable", "misattributed", "error"}
    True
    """
    if isinstance(claims, Sequence) and claims and all(isinstance(c, ClaimResult) for c in claims):
        out = list(claims)  # already verified: just tabulate
    else:
        out = claim_results(claims, data=data)
    return out if results else results_frame(out)


def results_frame(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """The DataFrame of :func:`verify_claims` for a list of results."""
    rows = [{k: v for k, v in r.to_dict().items() if k in RESULT_COLUMNS} for r in results]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def claim_kinds() -> pd.DataFrame:
    """Every claim kind with its required and optional ``stated`` fields.

    Examples
    --------
    >>> import trialstats as ts
    >>> "effect" in set(ts.claim_kinds()["kind"])
    True
    """
    rows = [
        {
            "kind": k.name,
            "required": ", ".join(k.required),
            "optional": ", ".join([*k.optional, *COMMON_STATED]),
            "claim_fields": ", ".join(k.claim_fields),
            "summary": k.summary,
        }
        for k in REGISTRY.values()
    ]
    return pd.DataFrame(rows, columns=["kind", "required", "optional", "claim_fields", "summary"])
