"""``significance``: a direction and whether it was significant, without numbers
("ketamine significantly reduced symptoms"; "no difference in relapse").

Checked against the trial's reported effect of the ``outcome`` (or ``outcome_concept``): its
p (or the p its interval or SE imply) at 0.05, and its direction with the sign convention of
the concept: for a symptom score, relapse, dropout or adverse event, lower in the treatment
arm (arm1 − arm2 < 0, a ratio < 1) is better; for response, remission or treatment seeking
higher is better; a standardized difference (d, g, SMD) is positive when it favours arm1, as
the data's rows state. Without a reported effect, the binary counts are tested (Fisher exact).
"""

from __future__ import annotations

import math

from ...consistency import from_se, p_from_ci
from ...significance import two_proportion_test
from ..context import Context, present
from ..model import Claim
from ._kind import Kind, Outcome, boolean, choice, text
from ._shared import attribution, claim_concept, num, proportion_of

NAME = "significance"
LOWER_IS_BETTER = ("symptom_score", "relapse", "dropout", "adverse_event", "biomarker")
ALPHA = 0.05
BETWEEN = ("MD", "SMD", "d", "g", "OR", "RR", "RD", "HR", "NNT")


def _better(measure: str, concept: str, estimate: float) -> int:
    """+1 if the estimate favours arm1 (treatment), -1 if it favours arm2, 0 if no difference."""
    null = 1.0 if measure in ("OR", "RR", "HR") else 0.0
    if estimate == null:
        return 0
    higher = estimate > null
    if measure in ("d", "g", "SMD"):
        return 1 if higher else -1
    lower_better = concept in LOWER_IS_BETTER
    return (1 if not higher else -1) if lower_better else (1 if higher else -1)


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=[f"stated: {v['direction']}, significant {v['significant']}"])
    f = out.findings
    if len(c.trials) != 1:
        f.missing.append("a significance claim needs one trial in data/")
        return out
    trial = c.trials[0]
    concept = claim_concept(c, out)
    rows = ctx.rows(ctx.table("reported_effects"), trial_id=trial)
    if c.outcome_for(trial):
        o = c.outcome_for(trial)
        rows = rows[(rows["effect_id"] == o) | (rows["outcome_id"] == o)]
    elif concept:
        rows = rows[rows["concept"] == concept]
    p = est = math.nan
    measure = label = ""
    # a between-group effect with an estimate first; a within-group change says nothing of a comparison
    rows = rows[rows["measure"] != "mean change"]
    rank = rows["measure"].isin(BETWEEN).astype(int) * 2 + rows["estimate"].notna().astype(int)
    rows = rows.assign(_rank=rank).sort_values("_rank", ascending=False, kind="stable")
    if not rows.empty:
        if rows["outcome_id"].nunique() > 1:
            f.missing.append(
                f"{trial} reports effects on several outcomes "
                f"({', '.join(sorted(set(rows['outcome_id'])))}); "
                "name one with 'outcome'"
            )
            return out
        r = rows.iloc[0]
        measure, concept = str(r["measure"]), str(r.get("concept") or concept)
        est, se, lo, hi, p = (num(r.get(k)) for k in ("estimate", "se", "low", "high", "p"))
        label = f"{trial} {r['effect_id']}"
        if math.isnan(p) and not math.isnan(est):
            if not math.isnan(se):
                p = float(from_se(est, se, ratio=measure in ("OR", "RR", "HR")).pvalue)
                label += " (p from estimate and SE)"
            elif not math.isnan(lo) and not math.isnan(hi):
                p = float(p_from_ci(est, lo, hi, ratio=measure in ("OR", "RR", "HR")).pvalue)
                label += " (p from the interval)"
        if (
            present(r.get("p_relation"))
            and str(r["p_relation"]) in ("<", "<=")
            and not math.isnan(num(r.get("p")))
        ):
            p = min(p, num(r["p"]) - 1e-12)
        out.use(ctx.number(f"{label} estimate", est, r))
    else:
        table = ctx.two_arm_table(trial, c.outcome_for(trial), concept=concept)
        if table.empty or table["outcome_id"].nunique() != 1:
            what = "several outcomes: name one" if not table.empty else "no reported effect or two-arm counts"
            f.missing.append(f"data/ holds {what} for {trial}" + (f" ({concept})" if concept else ""))
            return out
        r = table.iloc[0]
        p1, x1, n1 = proportion_of(r, "_t")
        p2, x2, n2 = proportion_of(r, "_c")
        if x1 is None or x2 is None:
            f.missing.append(f"{trial} {r['outcome_id']}: no counts to test")
            return out
        p = float(two_proportion_test(x1, n1, x2, n2).pvalue)
        measure, concept, est = "RD", str(r.get("concept_t") or concept), p1 - p2
        label = f"{trial} {r['outcome_id']} {x1}/{n1} vs {x2}/{n2} (Fisher exact)"
    if math.isnan(p):
        f.missing.append(f"{label}: neither a p nor an interval or SE to judge significance by")
        return out
    if math.isnan(est):
        sig = p < ALPHA
        f.fit(
            sig == v["significant"],
            f"significant {v['significant']} fits p = {p:.2g} ({label})",
            f"the claim says {'significant' if v['significant'] else 'not significant'}, but p = {p:.2g}",
        )
        if v["direction"] != "no_difference":
            f.missing.append(f"direction '{v['direction']}': {label} gives a p but no estimate")
        out.recomputed = f"p = {p:.2g} ({label})"
        return out
    sig = p < ALPHA
    side = _better(measure, concept, est)
    out.steps.append(
        f"{label}: {measure} {est:.4g}, p = {p:.3g} ({concept}: "
        + ("favours treatment" if side > 0 else "favours control" if side < 0 else "no difference")
        + ")"
    )
    out.recomputed = f"{measure} {est:.3g}, p = {p:.2g}"
    out.values = {"estimate": est, "p": p}
    f.fit(
        sig == v["significant"],
        f"significant {v['significant']} fits p = {p:.2g}",
        f"the claim says {'significant' if v['significant'] else 'not significant'}, "
        f"but p = {p:.2g} ({label})",
    )
    attribution(c, ctx, trial, [], [], out)
    want = {"better": 1, "worse": -1, "no_difference": 0}[v["direction"]]
    if want == 0:
        f.fit(
            not sig,
            "no difference fits a non-significant result",
            f"the claim says no difference, but p = {p:.2g}",
        )
    else:
        f.fit(
            side == want,
            f"direction '{v['direction']}' fits {measure} {est:.3g}",
            f"the claim says {v['direction']}, but the data favour {'treatment' if side > 0 else 'control'}",
        )
    return out


KIND = Kind(
    name=NAME,
    required={"direction": choice("better", "worse", "no_difference"), "significant": boolean},
    optional={"outcome_concept": text, "comparator": text},
    check=check,
    summary="a direction and whether it was significant, without numbers",
)
