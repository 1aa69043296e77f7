"""``two_proportions``: a treatment and a control percentage from one trial ("67% vs 20%").

The trial's binary outcome named by ``outcome``, or else its only binary outcome of the
claim's concept (stated, or named by its words) held for both a treatment and a control
arm; several candidates, or no concept, make the claim unverifiable, naming them. Both
figures are compared, the risk difference is recomputed (Newcombe), and the named comparator
is checked against the arm.
"""

from __future__ import annotations

from ...proportions import proportion_ci
from ...two_proportions import risk_difference
from ..context import Context
from ..model import Claim
from ._kind import Kind, Outcome, proportion, text
from ._shared import (
    attribution,
    concept_rows,
    fraction_point,
    pct,
    proportion_of,
    show_row,
    what_can_be_said,
)

NAME = "two_proportions"


def check(c: Claim, ctx: Context) -> Outcome:
    tf, cf = c.values["treatment"], c.values["control"]
    out = Outcome(
        steps=[f"stated treatment '{tf.text}' covers {tf.covers}; control '{cf.text}' covers {cf.covers}"]
    )
    f = out.findings
    if len(c.trials) != 1:
        parts = [what_can_be_said(fig)[0] for fig in (tf, cf)]
        out.steps.append("no single trial named: " + "; ".join(parts))
        f.missing.append(
            "the claim names no single trial in data/, so the figures cannot be checked. "
            f"What can be said: {'; '.join(parts)}"
        )
        return out
    trial = c.trials[0]
    t_arms = ctx.arm_ids_for(trial, "treatment", c.values.get("treatment_arm"))
    c_arms = ctx.arm_ids_for(trial, "control", c.values.get("control_arm"))
    table = concept_rows(c, ctx, trial, None, out)
    if table is None:
        return out
    pairs = []
    for out_id, g in table.groupby("outcome_id", sort=True):
        for ta in t_arms:
            for ca in c_arms:
                rt, rc = g[g["arm_id"] == ta], g[g["arm_id"] == ca]
                if not rt.empty and not rc.empty:
                    pairs.append((str(out_id), ta, ca, rt.iloc[0], rc.iloc[0]))
    if not pairs:
        what = c.outcome_for(trial) or "a binary outcome"
        out.steps.append(
            f"data/ holds no {what} for both a treatment arm {t_arms} and a control arm {c_arms} of {trial}"
        )
        f.missing.append(f"data/ holds no {what} of {trial} for both arms")
        return out
    outcomes = sorted({p[0] for p in pairs})
    if len(outcomes) > 1:
        out.steps.append(f"{trial}: several outcomes could be meant: {', '.join(outcomes)}")
        f.missing.append(
            f"{trial} has several binary outcomes with both arms ({', '.join(outcomes)}); "
            "name one with 'outcome'"
        )
        return out
    out_id, ta, ca, rt, rc = pairs[0]
    p1, x1, n1 = proportion_of(rt)
    p2, x2, n2 = proportion_of(rc)
    out.steps.append(f"{trial}, outcome {out_id}: treatment {show_row(rt)}; control {show_row(rc)}")
    for label, fig, p, row, x, n in (("treatment", tf, p1, rt, x1, n1), ("control", cf, p2, rc, x2, n2)):
        ok = fig.contains(p)
        out.steps.append(f"{label} {pct(p)} {'fits' if ok else 'does not fit'} '{fig.text}'")
        f.fit(
            ok,
            f"{label} '{fig.text}' fits {show_row(row)}",
            f"{trial} {out_id}: {label} '{fig.text}' vs {pct(p)}",
        )
        if x is not None:
            out.use(ctx.number(f"{trial} {row['arm_id']} {out_id} events", x, row))
            out.use(ctx.number(f"{trial} {row['arm_id']} {out_id} n", n, row))
        else:
            out.use(ctx.number(f"{trial} {row['arm_id']} {out_id} percent", 100 * p, row))
    out.points = [fraction_point(f"{trial} {ta}", tf, p1), fraction_point(f"{trial} {ca}", cf, p2)]
    if x1 is not None and x2 is not None:
        ci1, ci2 = proportion_ci(x1, n1), proportion_ci(x2, n2)
        out.points = [
            fraction_point(f"{trial} {ta}", tf, p1, ci1.low, ci1.high),
            fraction_point(f"{trial} {ca}", cf, p2, ci2.low, ci2.high),
        ]
        rd = risk_difference(x1, n1, x2, n2)
        out.interval = (
            f"difference {100 * rd.estimate:.1f} points, 95% CI {100 * rd.low:.1f} to "
            f"{100 * rd.high:.1f} ({rd.method})"
        )
        out.values = {"estimate": rd.estimate, "low": rd.low, "high": rd.high, "treatment": p1, "control": p2}
        out.steps.append(f"risk difference {x1}/{n1} − {x2}/{n2}: {out.interval}")
    out.recomputed = (
        f"{pct(p1)}"
        + (f" ({x1}/{n1})" if x1 is not None else "")
        + f" vs {pct(p2)}"
        + (f" ({x2}/{n2})" if x2 is not None else "")
    )
    attribution(c, ctx, trial, [ta], [ca], out)
    return out


KIND = Kind(
    name=NAME,
    required={"treatment": proportion, "control": proportion},
    optional={"treatment_arm": text, "control_arm": text, "concept": text},
    check=check,
    summary="a treatment and a control percentage from one trial",
)
