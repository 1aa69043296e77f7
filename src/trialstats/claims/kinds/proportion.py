"""``proportion``: one percentage or fraction ("67%", "two-thirds"), with ``n`` or a trial arm.

With ``n``: the counts out of n that give the figure. With a trial (one or several): the
arm's binary outcome — the one named by ``outcome``, or else the trial's only binary outcome
of the claim's concept (stated, or named by its words; for a named adverse event, that
event's row). Several candidates, no concept, or no row of it: unverifiable, naming what the
data hold — never a comparison across concepts.
Without either: the smallest n that can produce the figure, and the interval there.
"""

from __future__ import annotations

import math

from ...proportions import proportion_ci
from ..context import Context
from ..model import Claim
from ._kind import Kind, Outcome, proportion, text, whole
from ._shared import (
    attribution,
    claim_concept,
    class_level,
    concept_rows,
    counts_covered,
    fraction_point,
    pct,
    proportion_of,
    show_row,
    what_can_be_said,
)

NAME = "proportion"


def check(c: Claim, ctx: Context) -> Outcome:
    fig = c.values["value"]
    out = Outcome(steps=[f"stated '{fig.text}' covers {fig.covers} ({fig.tolerance})"])
    f = out.findings
    if "n" in c.values:
        n = c.values["n"]
        if n == 0:
            f.failures.append("n = 0 gives no proportion")
            return out
        ks = counts_covered(fig, n)
        if not ks:
            near = round(fig.value * n)
            out.steps.append(f"no whole count out of {n} gives {fig.text}: {near}/{n} = {pct(near / n)}")
            f.failures.append(
                f"no count out of n = {n} gives {fig.text} (nearest: {near}/{n} = {pct(near / n)})"
            )
            out.recomputed = f"{near}/{n} = {pct(near / n)}"
            return out
        k = min(ks, key=lambda v: abs(v / n - fig.value))
        ci = proportion_ci(k, n)
        out.steps.append(f"counts out of {n} that give {fig.text}: {ks}; {k}/{n} = {pct(k / n)}")
        out.steps.append(f"95% Wilson interval for {k}/{n}: {pct(ci.low)} to {pct(ci.high)}")
        f.compared.append(f"{k} of {n} = {pct(k / n)} gives {fig.text}")
        out.recomputed, out.interval = f"{k}/{n} = {pct(k / n)}", f"{pct(ci.low)} to {pct(ci.high)}"
        out.values = {"estimate": k / n, "low": ci.low, "high": ci.high}
        out.points.append(fraction_point(c.id, fig, k / n, ci.low, ci.high))
        if not c.trials:
            return out
    if c.drug_class:
        # a class-level figure ("SSRIs help about 60%") is checked as the pooled kind checks it
        class_level(c, ctx, out)
        return out
    if not c.trials:
        said, point = what_can_be_said(fig)
        out.steps.append(f"no denominator and no trial: {said}")
        f.missing.append(
            f"no denominator is given and no trial or source is named, so {fig.text} cannot be "
            f"checked. What can be said: {said}"
        )
        if point:
            out.points.append(point)
        return out
    concept = claim_concept(c)
    recomputed = []
    for trial in c.trials:
        arm_ids = ctx.arm_ids_for(trial, "treatment", c.values.get("arm"))
        outcome = c.outcome_for(trial)
        rows = concept_rows(c, ctx, trial, arm_ids, out)
        if rows is None:
            continue
        if rows.empty:
            what = outcome or (f"{concept} outcome" if concept else "binary outcome")
            out.steps.append(f"{trial}: data/ holds no {what} for arm(s) {', '.join(arm_ids) or '?'}")
            f.missing.append(f"data/ holds no {what} of {trial} (arm {', '.join(arm_ids) or '?'})")
            continue
        candidates = sorted(set(rows["outcome_id"]))
        if len(candidates) > 1:
            out.steps.append(f"{trial}: several outcomes could be meant: {', '.join(candidates)}")
            f.missing.append(
                f"{trial} has several binary outcomes ({', '.join(candidates)}); name one with 'outcome'"
                + ("" if concept else " or narrow them with 'concept'")
            )
            continue
        for _, r in rows.iterrows():
            p, k, n = proportion_of(r)
            lo = hi = math.nan
            interval = ""
            if k is not None:
                ci = proportion_ci(k, n)
                lo, hi = ci.low, ci.high
                interval = f"{pct(lo)} to {pct(hi)}"
                out.use(ctx.number(f"{trial} {r['arm_id']} {r['outcome_id']} events", k, r))
                out.use(ctx.number(f"{trial} {r['arm_id']} {r['outcome_id']} n", n, r))
            else:
                out.use(ctx.number(f"{trial} {r['arm_id']} {r['outcome_id']} percent", 100 * p, r))
            ok = fig.contains(p)
            out.steps.append(
                show_row(r)
                + (f", 95% Wilson {interval}" if interval else "")
                + (" — fits" if ok else f" — outside {fig.covers}")
            )
            f.fit(
                ok,
                f"{fig.text} fits {show_row(r)}",
                f"{fig.text} (covering {fig.covers}) does not fit {show_row(r)}",
            )
            recomputed.append(
                show_row(r)
                if len(c.trials) > 1 or len(rows) > 1
                else (f"{pct(p)} ({k}/{n})" if k is not None else pct(p))
            )
            out.points.append(fraction_point(f"{trial} {r['arm_id']}", fig, p, lo, hi))
            if len(c.trials) == 1 and len(rows) == 1:
                out.interval = interval
                out.values = {"estimate": p, "low": lo, "high": hi}
        attribution(c, ctx, trial, arm_ids, [], out)
    out.recomputed = out.recomputed or "; ".join(recomputed)
    return out


KIND = Kind(
    name=NAME,
    required={"value": proportion},
    optional={"n": whole, "arm": text, "concept": text},
    check=check,
    summary="one percentage or fraction in words, with n or a trial arm, or of a drug class",
    claim_fields=("class",),
)
