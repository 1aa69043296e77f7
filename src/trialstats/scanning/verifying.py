"""The one place where a scan hands its drafted claims to the claims layer.

The claims layer reads claim files; the scan writes its draft to a temporary folder and
calls the public ``load_claims``/``verify_claims`` there, so that the drafted file is
verified exactly as a user's edited copy would be. If the claims layer changes how it
takes claims or data, only this function changes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

__all__ = ["verify_claim_text"]

_DATA_TABLES = (
    "trials",
    "arms",
    "binary_outcomes",
    "continuous_outcomes",
    "reported_effects",
    "relapse",
    "sources",
)


def verify_claim_text(yaml_text: str, *, data: Any = None) -> dict[str, dict[str, Any]]:
    """Verify a claim file's text; returns ``{claim id: {verdict, explanation, ...}}``."""
    from .. import claims as claims_layer

    checked_data = data
    tables_cls = getattr(claims_layer, "DataTables", None)
    if data is not None and tables_cls is not None and not isinstance(data, tables_cls):
        # the claims layer of this branch takes its own table bundle, not a DataPackage
        checked_data = tables_cls(**{name: data.table(name) for name in _DATA_TABLES})
    with tempfile.TemporaryDirectory(prefix="trialstats-scan-") as tmp:
        path = Path(tmp) / "scanned.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        loaded = claims_layer.load_claims(path, data=checked_data)
        results = claims_layer.verify_claims(loaded, data=checked_data, results=True)
    out: dict[str, dict[str, Any]] = {}
    for r in results:
        out[r.claim.id] = {
            "verdict": r.verdict,
            "explanation": r.explanation,
            "recomputed": r.recomputed,
            "interval": r.interval,
            "working": list(r.steps),
            "sources": list(r.sources),
        }
    return out
