"""``citation``: a reference as a document prints it, against ``data/sources.csv``.

The source is found by the strongest key the citation gives, in this order: the claim's
``source`` id, PMID, DOI, title (normalised), journal + year, first author + year. A match
on journal + year or author + year only is refused when the citation's title clearly
differs (below 0.6 similar): that is another paper. Then every stated field is checked,
including the first author (and further authors where the data hold the list; "et al." is
accepted). A reference that matches nothing is ``unverifiable``, naming what was searched.
"""

from __future__ import annotations

from typing import Any

from ..context import Context, present
from ..lexicon import (
    authors_match,
    doi_key,
    journals_match,
    norm,
    pages_match,
    title_similarity,
    titles_match,
)
from ..model import Claim
from ._kind import Kind, Outcome, text, whole

NAME = "citation"
FIELDS = ("author", "year", "journal", "volume", "issue", "pages", "title", "pmid", "doi")
_COLUMN = {"author": "first_author"}


def _matches(name: str, stated: Any, row: Any) -> bool:
    actual = row.get(_COLUMN.get(name, name))
    if not present(actual):
        return False
    if name == "journal":
        return journals_match(str(stated), str(actual))
    if name == "pages":
        return pages_match(stated, actual)
    if name == "doi":
        return doi_key(stated) == doi_key(actual)
    if name == "title":
        return titles_match(stated, actual)
    if name == "author":
        return authors_match(stated, actual, row.get("authors"))
    if name == "year":
        return str(stated).strip() == str(int(float(actual)))
    if name == "pmid":
        return norm(stated).replace(" ", "") == norm(str(actual).split(".")[0]).replace(" ", "")
    return norm(stated) == norm(actual)


def _find(s: dict, sources) -> tuple[Any, str, list[str]]:
    searched = []
    keys = [("pmid",), ("doi",), ("title",), ("journal", "year"), ("author", "year")]
    for key in keys:
        if not all(k in s for k in key):
            continue
        label = " + ".join(f"{k} {s[k]}" for k in key)
        searched.append(label)
        mask = sources.apply(lambda row, key=key: all(_matches(k, s[k], row) for k in key), axis=1)
        cand = sources[mask] if len(sources) else sources
        if key == ("title",) and not cand.empty:
            # a title alike but not identical identifies the work only with another agreeing field
            others = [k for k in ("author", "year", "journal") if k in s]
            cand = cand[
                cand.apply(
                    lambda row: (
                        norm(row["title"]) == norm(s["title"]) or any(_matches(k, s[k], row) for k in others)  # noqa: B023 - used at once
                    ),
                    axis=1,
                )
            ]
        if key in (("journal", "year"), ("author", "year")) and "title" in s and not cand.empty:
            cand = cand[cand["title"].map(lambda t: not present(t) or title_similarity(s["title"], t) >= 0.6)]
        if not cand.empty:
            return cand, label, searched
    return sources.iloc[0:0], "", searched


def check(c: Claim, ctx: Context) -> Outcome:
    s = {k: c.values[k] for k in FIELDS if k in c.values}
    sources = ctx.table("sources")
    out = Outcome(steps=["cited: " + "; ".join(f"{k} {v}" for k, v in s.items())])
    f = out.findings
    sid = c.source or c.values.get("source")
    if sid:
        cand, how, searched = sources[sources["source_id"] == sid], f"source id {sid}", [f"source {sid}"]
    else:
        cand, how, searched = _find(s, sources)
    if cand.empty:
        out.steps.append(
            "no source in data/sources.csv matches: searched " + ("; ".join(searched) or "nothing")
        )
        if "author" in s:
            same = sources[
                sources["first_author"].map(lambda a: present(a) and authors_match(s["author"], a))
            ]
            if not same.empty:
                f.notes.append(
                    f"data/ holds other work by {s['author']}: " + ", ".join(sorted(same["source_id"]))
                )
        f.missing.append(
            "data/ holds no source matching the citation (searched by "
            + (
                "; ".join(searched)
                or "nothing: the citation gives no PMID, DOI, title, journal + year or author + year"
            )
            + ")"
        )
        return out
    if len(cand) > 1:
        # several sources share the key: the most similar title, then the most agreeing fields
        def score(row):
            sim = (
                title_similarity(s["title"], row["title"])
                if "title" in s and present(row.get("title"))
                else 0.0
            )
            return (-sim, -sum(_matches(k, s[k], row) for k in s), str(row["source_id"]))

        cand = cand.loc[[min(cand.index, key=lambda i: score(cand.loc[i]))]]
    row = cand.iloc[0]
    sid = str(row["source_id"])
    out.steps.append(f"matched source {sid} by {how}")
    out.recomputed, out.sources = sid, [sid]
    if ctx.is_secondary(sid):
        f.notes.append(f"{sid} is a secondary source ({row.get('kind')})")
    for k, stated in s.items():
        actual = row.get(_COLUMN.get(k, k))
        if not present(actual):
            out.steps.append(
                f"{k}: the document says '{stated}'; data/ has no {k} for this source — not compared"
            )
            f.missing.append(f"{k} '{stated}' ({sid} in data/ has no {k})")
            continue
        ok = _matches(k, stated, row)
        shown = int(float(actual)) if k == "year" else actual
        out.steps.append(
            f"{k}: the document says '{stated}'; the source says '{shown}' — " + ("same" if ok else "differs")
        )
        if ok:
            f.compared.append(f"{k} matches {sid}")
        else:
            f.misattributions.append(f"the citation's {k} '{stated}' differs from {sid}'s '{shown}'")
    return out


def _year(value, name):
    y = whole(value, name)
    if not 1800 <= y <= 2100:
        raise ValueError(f"{name} must be a year such as 2021, got {value!r}")
    return y


def _validate(v):
    if not any(k in v for k in FIELDS):
        return "stated", f"a citation states at least one of {', '.join(FIELDS)}"
    return None


KIND = Kind(
    name=NAME,
    required={},
    optional={**{k: text for k in FIELDS}, "year": _year, "source": text},
    check=check,
    validate=_validate,
    summary="a reference, matched to data/sources.csv and checked field by field",
    claim_fields=("source",),
)
