"""``significance``: a direction and whether it was significant, without numbers
("ketamine significantly reduced symptoms"; "no difference in relapse").

Checked against the trial's reported effect of the ``outcome`` (or ``outcome_concept``): its
p (or the p its interval or SE imply) at 0.05, and its direction with the sign convention of
the concept: for a symptom score, relapse, dropout or adverse event, lower in the treatment
arm is better; for response, remission or treatment seeking higher is better. Each row's own
sign convention is applied: checked against the two arms' counts or means where data/ hold
them (a CAPS-2 "difference in change" of +9.8 when the arms' changes are -33.0 and -23.2 is
improvement-positive, favouring arm1), else read from the row's notes ("positive = more
improvement"), else arm1 − arm2; a standardized difference (d, g, SMD) is positive when it
favours arm1. A reported p without an estimate takes its direction from the two arms' counts
or means (said so). Without a reported effect, the binary counts are tested (Fisher exact).
The comparator is checked first, whatever the data hold.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ...consistency import from_se, p_from_ci
from ...significance import two_proportion_test
from ..context import Context, present
from ..model import Claim
from ._kind import Kind, Outcome, boolean, choice, text
from ._shared import attribution, claim_concept, num, pct, proportion_of

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


def _side(concept: str, diff: float) -> int:
    """+1 if a treatment − control difference of ``concept`` favours treatment."""
    if diff == 0:
        return 0
    return (1 if diff < 0 else -1) if concept in LOWER_IS_BETTER else (1 if diff > 0 else -1)


def _arm_values(ctx: Context, r: Any) -> tuple[float, float, str] | None:
    """(arm1 value, arm2 value, what) of a reported effect's outcome: the two arms' binary
    proportions, or their means, as data/ hold them; None when they hold neither."""
    trial, out_id, a1, a2 = r["trial_id"], r["outcome_id"], r.get("arm1"), r.get("arm2")
    b = ctx.rows(ctx.table("binary_outcomes"), trial_id=trial, outcome_id=out_id)
    r1, r2 = b[b["arm_id"] == a1], b[b["arm_id"] == a2]
    if not r1.empty and not r2.empty:
        p1, p2 = proportion_of(r1.iloc[0])[0], proportion_of(r2.iloc[0])[0]
        if not (math.isnan(p1) or math.isnan(p2)):
            return p1, p2, f"{out_id} {a1} {pct(p1)} vs {a2} {pct(p2)} (binary_outcomes)"
    m = ctx.rows(ctx.table("continuous_outcomes"), trial_id=trial, outcome_id=out_id)
    m1, m2 = m[m["arm_id"] == a1], m[m["arm_id"] == a2]
    if not m1.empty and not m2.empty:
        x1, x2 = num(m1.iloc[0].get("mean")), num(m2.iloc[0].get("mean"))
        if not (math.isnan(x1) or math.isnan(x2)):
            return x1, x2, f"{out_id} mean {a1} {x1:g} vs {a2} {x2:g} (continuous_outcomes)"
    return None


def arms_direction(ctx: Context, r: Any, concept: str) -> tuple[int | None, str]:
    """The direction of a reported effect that has a p but no estimate, read from the two
    arms' counts or means in data/ (with the concept's convention), and how."""
    vals = _arm_values(ctx, r)
    if vals is None:
        return None, ""
    x1, x2, what = vals
    side = _side(concept, x1 - x2)
    verdict = "favours treatment" if side > 0 else "favours control" if side < 0 else "no difference"
    better = "lower" if concept in LOWER_IS_BETTER else "higher"
    return side, f"{what}: {verdict} ({better} is better for {concept})"


_POSITIVE_FAVOURS_ARM1 = re.compile(
    r"positive\s*(?:=|means|indicates|is)\s*(?:more |greater |larger )?(?:improvement|benefit|favou?rs?)",
    re.I,
)
_NEGATIVE_FAVOURS_ARM1 = re.compile(
    r"negative\s*(?:=|means|indicates|is)\s*(?:more |greater |larger )?(?:improvement|benefit|favou?rs?)",
    re.I,
)


def row_direction(ctx: Context, r: Any, concept: str, measure: str, est: float) -> tuple[int, str]:
    """Which arm a reported effect favours, by the row's own sign convention: checked against
    the arms' counts or means where data/ hold them (an estimate of the opposite sign to
    arm1 − arm2 is an improvement-positive row), else the row's notes ('positive = more
    improvement on sertraline'), else arm1 − arm2 with the concept's convention."""
    if measure in ("d", "g", "SMD"):
        return _better(measure, concept, est), "a standardized difference is positive when it favours arm1"
    null = 1.0 if measure in ("OR", "RR", "HR") else 0.0
    vals = _arm_values(ctx, r)
    if vals is not None and measure not in ("NNT",):
        x1, x2, what = vals
        raw = x1 - x2
        if raw != 0 and est != null:
            same = (raw > 0) == (est > null)
            side = _better(measure, concept, est) if same else -_better(measure, concept, est)
            how = "arm1 − arm2" if same else "arm2 − arm1 (improvement positive)"
            return side, f"{how}, checked against {what}"
    notes = str(r.get("notes") or "")
    if est != null and _POSITIVE_FAVOURS_ARM1.search(notes):
        return (1 if est > null else -1), "the row's notes: positive favours arm1"
    if est != null and _NEGATIVE_FAVOURS_ARM1.search(notes):
        return (1 if est < null else -1), "the row's notes: negative favours arm1"
    lower = "lower" if concept in LOWER_IS_BETTER else "higher"
    return _better(measure, concept, est), f"arm1 − arm2, {lower} is better for {concept}"


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=[f"stated: {v['direction']}, significant {v['significant']}"])
    f = out.findings
    if len(c.trials) != 1:
        f.missing.append("a significance claim needs one trial in data/")
        return out
    trial = c.trials[0]
    # the comparator is checked whatever the data hold: a wrong comparator is misattributed
    attribution(c, ctx, trial, [], [], out)
    concept = claim_concept(c, out, trial)
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
        r = reported = rows.iloc[0]
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
        reported = None
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
        if v["direction"] == "no_difference":
            f.fit(
                not sig,
                "no difference fits a non-significant result",
                f"the claim says no difference, but p = {p:.2g}",
            )
        else:
            side, how = arms_direction(ctx, r, concept)
            if side is None:
                f.missing.append(
                    f"direction '{v['direction']}': {label} gives a p but no estimate, and data/ hold "
                    "no two-arm counts or means of that outcome to read the direction from"
                )
            else:
                out.steps.append(f"direction from the data: {how}")
                want = {"better": 1, "worse": -1}[v["direction"]]
                f.fit(
                    side == want,
                    f"direction '{v['direction']}' fits {how}",
                    f"the claim says {v['direction']}, but {how}",
                )
        out.recomputed = f"p = {p:.2g} ({label})"
        return out
    sig = p < ALPHA
    if reported is not None:
        side, convention = row_direction(ctx, reported, concept, measure, est)
    else:
        side, convention = _better(measure, concept, est), "treatment − control of the counts"
    out.steps.append(
        f"{label}: {measure} {est:.4g}, p = {p:.3g} ({concept}; sign: {convention}: "
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
            f"the claim says {v['direction']}, but the data favour {'treatment' if side > 0 else 'control'} "
            f"({measure} {est:.3g}; sign: {convention})",
        )
    return out


KIND = Kind(
    name=NAME,
    required={"direction": choice("better", "worse", "no_difference"), "significant": boolean},
    optional={"outcome_concept": text, "comparator": text},
    check=check,
    summary="a direction and whether it was significant, without numbers",
)
