"""Helpers several kinds' checks share: proportions of rows, counts behind a percent, and
whether the document's names for the arms fit the trial's."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ...consistency import counts_for_percent, sample_sizes_for_percent
from ...proportions import proportion_ci
from ..context import Context, present
from ..figures import Figure
from ..lexicon import adverse_events_named, concept_of, names_match, share_concept_of
from ..model import Number, Point
from ._kind import Outcome

__all__ = [
    "attribution",
    "cite",
    "claim_concept",
    "class_level",
    "concept_rows",
    "counts_covered",
    "fraction_point",
    "num",
    "pct",
    "proportion_of",
    "show_row",
    "smallest_n",
    "what_can_be_said",
]


def cite(n: Number) -> str:
    """'feder2021-ajp, abstract, Methods; reported' (and 'secondary source' when it is)."""
    parts = [n.source_id or "no source id"]
    if n.location:
        parts[0] += f", {n.location}"
    parts.append(n.basis + (f": {n.derivation}" if n.derivation else ""))
    if n.secondary:
        parts.append("secondary source")
    return "; ".join(parts)


def num(v: Any) -> float:
    return float(v) if present(v) else math.nan


def pct(p: float, digits: int = 1) -> str:
    return "NA" if p is None or math.isnan(p) else f"{100 * p:.{digits}f}%"


def fraction_point(label: str, fig: Figure, p: float, low: float = math.nan, high: float = math.nan) -> Point:
    return Point(
        label, 100 * fig.low, 100 * min(fig.high, 1.0), 100 * fig.value, 100 * p, 100 * low, 100 * high, "%"
    )


def proportion_of(row: pd.Series, suffix: str = "") -> tuple[float, int | None, int | None]:
    """(proportion, events, n) of a binary-outcome row (the printed percent if counts are missing)."""
    events, n = num(row.get("events" + suffix)), num(row.get("n" + suffix))
    if not math.isnan(events) and not math.isnan(n) and n > 0:
        return events / n, int(events), int(n)
    return num(row.get("percent" + suffix)) / 100, None, None


def show_row(row: pd.Series) -> str:
    p, k, n = proportion_of(row)
    shown = f"{pct(p)} ({k}/{n})" if k is not None else f"{pct(p)} (printed {row.get('printed')})"
    return f"{row['trial_id']} {row['arm_id']} {row['outcome_id']}: {shown}"


def attribution(
    c: Any, ctx: Context, trial: str, treatment: list[str], control: list[str], out: Outcome
) -> None:
    """Compare the stated intervention/comparator with the trial's arms; misfits are findings."""
    for key, arm_ids, role in (("intervention", treatment, "treatment"), ("comparator", control, "control")):
        stated = c.stated.get(key)
        if not stated:
            continue
        if not arm_ids:
            arm_ids = ctx.arm_ids_for(trial, role)
        texts = [ctx.arm_text(trial, a) for a in arm_ids]
        if not texts and role == "control":
            # no control arm row (a meta-analysis, a pooled arm): the trial's recorded comparator
            d, t = ctx.design_row(trial), ctx.trial_row(trial)
            texts = [
                str(x)
                for x in (
                    d.get("control_agent") if d is not None else None,
                    t.get("comparator") if t is not None else None,
                )
                if present(x)
            ]
        if not texts:
            out.steps.append(
                f"the document names the {key} '{stated}', but {trial} has no {role} arm in data/"
            )
            out.findings.misattributions.append(
                f"{trial} has no {role} arm, yet the document names a {key} '{stated}'"
            )
            continue
        fits = any(names_match(str(stated), t) for t in texts)
        out.steps.append(
            f"{key}: the document says '{stated}'; {trial}'s {role} arm is {' / '.join(texts)} — "
            + ("fits" if fits else "does not fit")
        )
        if fits:
            out.findings.compared.append(f"{key} '{stated}' fits {trial}'s {role} arm")
        else:
            out.findings.misattributions.append(
                f"the document calls the {key} '{stated}', whereas in {trial} it was {' / '.join(texts)}"
            )


def counts_covered(fig: Figure, n: int) -> list[int]:
    """The counts k of n whose k/n the figure covers (counts_for_percent for a printed %)."""
    if fig.form == "percent" and fig.relation == "=" and fig.printed is not None:
        return [int(k) for k in counts_for_percent(fig.printed.text, n)]
    k = np.arange(n + 1)
    return [int(v) for v in k[[fig.contains(float(x)) for x in k / n]]]


def smallest_n(fig: Figure, max_n: int = 1000) -> tuple[int, int] | None:
    """The smallest n (and a count k) that can produce the figure."""
    if fig.form == "percent" and fig.relation == "=" and fig.printed is not None:
        sizes = sample_sizes_for_percent(fig.printed.text, max_n=max_n)
        if len(sizes) == 0:
            return None
        n = int(sizes[0])
        return n, counts_covered(fig, n)[0]
    n = np.arange(1, max_n + 1)
    k_lo = np.maximum(np.ceil(fig.low * n - 1e-9), 0 if fig.relation != ">" else np.floor(fig.low * n) + 1)
    k_hi = np.minimum(np.floor(fig.high * n + 1e-9), n if fig.relation != "<" else np.ceil(fig.high * n) - 1)
    ok = np.flatnonzero(k_lo <= k_hi)
    if ok.size == 0:
        return None
    i = int(ok[0])
    return int(n[i]), int(k_lo[i])


def what_can_be_said(fig: Figure) -> tuple[str, Point | None]:
    """For a percent without a denominator: the smallest n that gives it, and the interval there."""
    if fig.form == "verbal":
        # The smallest n behind a word such as "half" is 2, which says nothing: give the range instead.
        return f"'{fig.text}' stands for {fig.covers}; without a denominator no interval can be given", None
    found = smallest_n(fig)
    if found is None:
        return f"no group of up to 1,000 people gives {fig.text}", None
    n, k = found
    ci = proportion_ci(k, n)
    text = (
        f"{fig.text} needs at least {n} people ({k} of {n} = {pct(k / n)}); at that n the 95% Wilson "
        f"interval is {pct(ci.low)} to {pct(ci.high)}"
    )
    return text, fraction_point(f"{fig.text} (smallest n = {n})", fig, k / n, ci.low, ci.high)


def _claim_words(c: Any) -> str:
    """The claim's own words: ``says`` and the text of its stated fields."""
    parts = [str(c.says)]
    for v in c.stated.values():
        if isinstance(v, str):
            parts.append(v)
    return " ".join(parts)


def claim_concept(c: Any, out: Outcome | None = None, trial: str | None = None) -> str | None:
    """The outcome concept a claim is about (for ``trial``): its stated ``concept`` (or
    ``outcome_concept``); without one and without an outcome id for that trial, the concept its
    own words (``says`` and the stated text) name, noted in the working; None when none can be
    determined."""
    stated = c.values.get("concept") or c.values.get("outcome_concept")
    named = c.outcome_for(trial) if trial is not None else c.outcome
    if stated or (named is not None and not isinstance(named, Mapping)):
        return stated
    inferred = concept_of(_claim_words(c))
    if inferred and out is not None:
        out.steps.append(f"outcome concept read from the claim's words: {inferred}")
    return inferred


def _held(rows: pd.DataFrame) -> str:
    pairs = rows[["outcome_id", "concept"]].drop_duplicates() if "concept" in rows else rows[["outcome_id"]]
    return ", ".join(
        f"{r['outcome_id']} ({r['concept']})" if "concept" in pairs else str(r["outcome_id"])
        for _, r in pairs.sort_values("outcome_id").iterrows()
    )


def concept_rows(
    c: Any, ctx: Context, trial: str, arm_ids: list[str] | None, out: Outcome
) -> pd.DataFrame | None:
    """The binary-outcome rows of ``trial`` a claim may be compared with, or None (with the
    reason recorded as not compared).

    The outcome named by ``outcome``; else the rows of the claim's concept (see
    :func:`claim_concept`) and, for an adverse event the claim names ('insomnia'), only that
    event's rows. No concept, or no row of it → None, naming what the data hold. Never
    compares across concepts.
    """
    outcome = c.outcome_for(trial)
    concept = claim_concept(c, out, trial)
    if concept is None and outcome is None:
        concept = share_concept_of(_claim_words(c))
        if concept:
            out.steps.append(f"the claim's words say the people improved: read as {concept}")
    if outcome is not None:
        return ctx.binary_rows(trial, outcome, arm_ids, concept=concept)
    every = ctx.binary_rows(trial, None, arm_ids)
    held = _held(every) or "no binary outcome"
    if concept is None:
        out.steps.append(f"{trial}: no outcome concept in the claim's words; data/ hold {held}")
        out.findings.missing.append(
            f"the claim names no outcome and its words name no outcome concept (response, remission, "
            f"relapse, dropout, an adverse event ...), so it is compared with none of {trial}'s outcomes "
            f"(data/ hold {held}); name one with 'outcome' or 'concept'"
        )
        return None
    rows = every[every["concept"] == concept] if "concept" in every else every.iloc[0:0]
    events = adverse_events_named(_claim_words(c)) if concept == "adverse_event" else []
    if events and not rows.empty:
        text = (rows["outcome_id"].astype(str) + " " + rows.get("definition", "").astype(str)).map(
            adverse_events_named
        )
        rows = rows[text.map(lambda named: any(e in named for e in events))]
        out.steps.append(
            f"the claim names the adverse event(s) {', '.join(events)}: only their rows are used"
        )
    if rows.empty:
        what = f"{' / '.join(events)} ({concept})" if events else concept
        out.findings.missing.append(
            f"data/ hold no {what} outcome of {trial} (arm {', '.join(arm_ids or []) or 'any'}); "
            f"they hold {held}"
        )
        return None
    return rows


def class_level(c: Any, ctx: Context, out: Outcome) -> None:
    """A class-level figure ('SSRIs help about 60%', claim-level ``class``) against each trial
    with an arm of the class and one outcome of the claim's concept, saying which fit; used by
    ``pooled`` and ``proportion`` alike (a pooled figure is compared when ``meta`` is named)."""
    f = out.findings
    fig = c.values.get("value")
    if fig is None:
        f.missing.append(f"a class-level claim about {c.drug_class} needs a 'value' to compare")
        return
    concept = claim_concept(c, out)
    if concept is None:
        # DESIGN's class-level statement ("SSRIs help about 60%") is a response rate
        concept = "response"
        out.steps.append("no outcome concept in the claim's words: a class-level figure is read as response")
    arms = ctx.table("arms")
    members = arms[arms["intervention"].map(lambda x: names_match(c.drug_class, str(x)))]
    trials = list(c.trials) or sorted(set(members["trial_id"]))
    if not trials:
        f.missing.append(f"data/ hold no trial with a {c.drug_class} arm")
        return
    fits, misses = [], []
    for trial in trials:
        arm_ids = list(members.loc[members["trial_id"] == trial, "arm_id"])
        rows = ctx.binary_rows(trial, c.outcome_for(trial), arm_ids, concept=concept)
        if rows.empty or rows["outcome_id"].nunique() != 1:
            f.missing.append(f"{trial}: no single {concept} outcome of a {c.drug_class} arm in data/")
            continue
        for _, r in rows.iterrows():
            p, _, _ = proportion_of(r)
            out.use(ctx.number(f"{trial} {r['arm_id']} {r['outcome_id']}", p * 100, r))
            (fits if fig.contains(p) else misses).append(f"{trial} {pct(p)}")
    out.steps.append(
        f"{c.drug_class} trials in data/ ({concept}), each compared (no pooled figure named): "
        f"fit {', '.join(fits) or 'none'}; outside {', '.join(misses) or 'none'}"
    )
    if fits:
        f.compared.append(f"'{fig.text}' fits {', '.join(fits)}")
    if misses:
        f.failures.append(
            f"'{fig.text}' (covering {fig.covers}) does not fit {', '.join(misses)}"
            + (f" (it fits {', '.join(fits)})" if fits else "")
        )
    out.recomputed = "; ".join(fits + misses)
