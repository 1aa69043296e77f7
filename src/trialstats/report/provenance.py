"""Where every number of the report comes from: citations, DOI/PMID links, places in sources,
and the versions and data checksum that produced it."""

from __future__ import annotations

import functools
import hashlib
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["citation", "data_checksum", "number_places", "versions"]

_OUTCOME_TABLES = {  # table -> (id column, how a row's number reads)
    "binary_outcomes": ("outcome_id", ("printed", "events", "n")),
    "continuous_outcomes": ("outcome_id", ("printed_mean", "printed_sd", "n")),
    "reported_effects": ("effect_id", ("printed_estimate", "printed_low", "printed_high", "printed_p")),
    "relapse": ("relapse_id", ("printed_value", "n_at_risk")),
}


@functools.lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    from ..data import load_table

    return {name: load_table(name) for name in ("sources", *_OUTCOME_TABLES)}


def _present(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v) != "<NA>" and str(v) != ""


def citation(source_id: str) -> dict[str, str]:
    """{text, doi, pmid, url} of a ``data/sources`` row (empty strings when absent)."""
    from ..data import format_citation

    src = _tables()["sources"].set_index("source_id")
    if source_id not in src.index:
        return {"text": source_id, "doi": "", "pmid": "", "url": ""}
    row = src.loc[source_id]
    return {
        "text": format_citation(row),
        "doi": str(row["doi"]) if _present(row.get("doi")) else "",
        "pmid": str(row["pmid"]) if _present(row.get("pmid")) else "",
        "url": str(row["url"]) if _present(row.get("url")) else "",
    }


def number_places(trials: Sequence[str], outcome_for: Any) -> list[dict[str, str]]:
    """The data rows behind a claim: table, row id, arm, the number as printed, source and place.

    Rows of the claim's trials, restricted to the claim's outcome when it names one (matched
    on the row's outcome, effect or relapse id), and only rows marked ``used``.
    """
    out: list[dict[str, str]] = []
    for table, (id_col, cols) in _OUTCOME_TABLES.items():
        frame = _tables()[table]
        for trial in trials:
            rows = frame[frame["trial_id"] == trial]
            if "used" in rows:
                rows = rows[rows["used"].astype(bool)]
            outcome = outcome_for(trial)
            if outcome is not None:
                keys = [c for c in (id_col, "outcome_id") if c in rows]
                rows = rows[rows[keys].eq(outcome).any(axis=1)] if keys else rows.iloc[:0]
            for _, r in rows.iterrows():
                shown = ", ".join(f"{c} {r[c]}" for c in cols if c in r and _present(r[c]))
                out.append({
                    "table": table, "id": str(r[id_col]), "arm": str(r["arm_id"]) if "arm_id" in r and
                    _present(r["arm_id"]) else "", "value": shown, "source_id": str(r["source_id"]),
                    "location": str(r["location"]) if _present(r.get("location")) else "not recorded",
                })
    return out


def data_checksum(root: Path | None = None) -> str:
    """SHA-256 over the data package's files (relative path and bytes, in sorted order)."""
    from ..data import data_dir

    root = Path(root or data_dir())
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(root).as_posix()
        if "__pycache__" in rel:
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """trialstats, Python, numpy, scipy, pandas and matplotlib versions."""
    import matplotlib
    import numpy
    import pandas
    import scipy

    from .. import __version__

    return {
        "trialstats": __version__,
        "Python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "pandas": pandas.__version__,
        "matplotlib": matplotlib.__version__,
    }
