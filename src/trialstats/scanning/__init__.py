"""Scanning a document (``ts.scan``): every checkable statement, with its span, linked to a trial.

``scan(document)`` reads a page (text, Markdown, HTML, a file or a URL), finds each
statement that can be checked against ``data/`` (percentages, two groups compared, sample
sizes, durations and medians, effect sizes with intervals, p-values, significance, design,
references, arithmetic of prices), links it to a trial or source, and returns a
:class:`ScanResult`: the text as read, a table of items, a claim file that
``trialstats verify`` accepts, and, after :meth:`ScanResult.verify`, a verdict per item.

Examples
--------
>>> import trialstats as ts
>>> r = ts.scan("In the trial of repeated ketamine infusions for chronic PTSD, 67% of "
...             "participants responded, compared to just 20% on midazolam.")
>>> row = r.items.iloc[0]
>>> row["kind"], row["trial"]
('two_proportions', 'feder2021')
>>> row["quote"]
'67% of participants responded, compared to just 20% on midazolam'
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .claims_out import claim_records, document_id, to_yaml
from .extract import Item, extract_items
from .index import DataIndex
from .linking import link_items
from .reading import Document, DocumentError, read_document
from .references import find_markers, find_references
from .support import support_items
from .text import split_paragraphs

__all__ = ["ITEM_COLUMNS", "DocumentError", "ScanResult", "scan", "table_reader"]

ITEM_COLUMNS = [
    "id",
    "start",
    "end",
    "quote",
    "kind",
    "stated",
    "trial",
    "source",
    "link_reason",
    "candidates",
]
VERIFY_COLUMNS = ["verdict", "explanation", "recomputed", "interval", "working", "sources"]


def table_reader(data: Any):
    """``name -> DataFrame`` for a DataPackage (``.table``), or the bundled data when None."""
    if data is None:
        from ..data import load_table

        return load_table
    if not hasattr(data, "table"):
        raise TypeError(f"data must be a DataPackage (from ts.load_data) or None, got {type(data).__name__}")
    return data.table


@functools.lru_cache(maxsize=1)
def _bundled_index() -> DataIndex:
    """The link index of the bundled data, built once (the bundled tables do not change)."""
    return DataIndex(table_reader(None))


@dataclass
class ScanResult:
    """The statements found in one document.

    Attributes
    ----------
    text : str
        The document's text as ``scan`` read it; every ``start``/``end`` indexes it.
    items : pandas.DataFrame
        One row per statement: ``id``, ``start``, ``end``, ``quote``, ``kind``, ``stated``
        (a dict), ``trial`` (id; a list of ids for a statement about several trials,
        such as a count of studies; or None), ``source``, ``link_reason``, ``candidates``; after
        :meth:`verify` also ``verdict``, ``explanation``, ``recomputed``, ``interval``,
        ``working`` and ``sources``.
    document : Document
        Title, origin and links of the page.
    not_drafted : list of dict
        Statements found but not drafted, with the reason (see :attr:`not_drafted`).
    """

    text: str
    document: Document
    raw_items: list[Item] = field(repr=False, default_factory=list)
    data: Any = field(repr=False, default=None)
    verdicts: dict[str, dict[str, Any]] | None = field(repr=False, default=None)
    set_aside: list[Item] = field(repr=False, default_factory=list)

    @property
    def not_drafted(self) -> list[dict[str, Any]]:
        """Statements found but kept out of the draft because no claim kind checks them
        (a single group's mean and SD), each with ``start``, ``end``, ``quote``, ``reason``."""
        return [
            {
                "start": it.start,
                "end": it.end,
                "quote": self.text[it.start : it.end],
                "reason": it.extra["not_drafted"],
            }
            for it in self.set_aside
        ]

    @property
    def items(self):
        import pandas as pd

        rows = []
        for rec, it in zip(claim_records(self), self.raw_items, strict=True):
            row = {
                "id": rec["id"],
                "start": it.start,
                "end": it.end,
                "quote": self.text[it.start : it.end],
                "kind": it.kind,
                "stated": dict(rec["stated"]),
                "trial": list(it.extra["trials"]) if it.extra.get("trials") else it.trial,
                "source": it.source,
                "link_reason": it.link_reason,
                "candidates": list(it.candidates),
            }
            if self.verdicts is not None:
                v = self.verdicts.get(rec["id"], {})
                row.update({k: v.get(k, "") for k in VERIFY_COLUMNS})
            rows.append(row)
        columns = ITEM_COLUMNS + (VERIFY_COLUMNS if self.verdicts is not None else [])
        return pd.DataFrame(rows, columns=columns)

    @property
    def document_id(self) -> str:
        return document_id(self.document)

    def to_claims(self) -> str:
        """A claim file (YAML) for ``trialstats verify``: one claim per item, with ``where``
        ``{start, end, quote}`` and a ``says`` in neutral words."""
        return to_yaml(self)

    def to_json(self) -> str:
        """The items as a JSON list (with ``verdict`` and ``explanation`` after :meth:`verify`)."""
        frame = self.items
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, indent=2, ensure_ascii=False)

    def verify(self) -> ScanResult:
        """Verify every item with the claims layer; adds the verdict columns and returns self."""
        from .verifying import verify_claim_text

        self.verdicts = verify_claim_text(self.to_claims(), data=self.data)
        return self

    def __len__(self) -> int:
        return len(self.raw_items)

    def __repr__(self) -> str:
        linked = sum(1 for it in self.raw_items if it.trial or it.source or it.extra.get("trials"))
        name = self.document.title or self.document.origin or "text"
        return f"ScanResult({name!r}: {len(self)} statements, {linked} linked)"


def scan(document: str | Path, *, data: Any = None) -> ScanResult:
    """Find and link every checkable statement of a document.

    Parameters
    ----------
    document : str or Path
        The text itself, a path to a ``.txt``, ``.md`` or ``.html`` file, or an
        ``http(s)://`` URL (fetched with a timeout; offline is a clear error).
    data : DataPackage, optional
        The data to link statements to (``ts.load_data(...)``); None = the bundled data.

    Returns
    -------
    ScanResult

    Raises
    ------
    TypeError
        If ``document`` is not a str or Path, or ``data`` not a DataPackage.
    DocumentError
        If a file cannot be read or a URL fetched.

    Notes
    -----
    Offsets are into ``ScanResult.text`` (the page as read: HTML without its markup), so
    ``text[start:end] == quote`` for every item. An item that several trials fit is left
    unlinked, its candidates named in ``candidates`` and ``link_reason``.

    See Also
    --------
    trialstats.verify_claims : what ``ScanResult.verify`` calls.

    Examples
    --------
    >>> import trialstats as ts
    >>> r = ts.scan("The trial included only 30 people.")
    >>> r.items[["quote", "kind", "trial"]].values.tolist()
    [['only 30 people', 'count', 'feder2021']]
    """
    tables = table_reader(data)
    doc = read_document(document)
    text = doc.text
    paragraphs = split_paragraphs(text)
    references = find_references(text)
    markers = [m for m in find_markers(text) if not any(r.start <= m.start < r.end for r in references)]
    items = extract_items(text, paragraphs, references)
    # found but not drafted (no claim kind checks them), kept aside with the reason
    aside = [it for it in items if it.extra.get("not_drafted")]
    items = [it for it in items if not it.extra.get("not_drafted")]
    items += support_items(text, paragraphs, markers, references, items)
    items.sort(key=lambda it: (it.start, it.end))
    index = _bundled_index() if data is None else DataIndex(tables)
    link_items(items, text, paragraphs, references, markers, index)
    for it in items:
        assert 0 <= it.start < it.end <= len(text), (it.start, it.end)
        it.stated = {k: v for k, v in it.stated.items() if v not in (None, "")}
    return ScanResult(text=text, document=doc, raw_items=items, data=data, set_aside=aside)
