"""``median_time``: a median time ("27.5 days"), against the trial's ``relapse`` medians.

Units are converted (hours, days, weeks, months); where the data hold the number of events,
an interval is added from the exponential model.
"""

from __future__ import annotations

import math

from ...survival import exponential_median
from ..context import Context, present
from ..figures import parse_duration, to_days
from ..model import Claim, Point
from ._kind import Kind, Outcome, text
from ._shared import attribution, num

NAME = "median_time"


def _duration(value, name):
    return parse_duration(value, field=name)


def check(c: Claim, ctx: Context) -> Outcome:
    fig = c.values["value"]
    unit = fig.unit or "days"
    per = to_days(1, unit)
    out = Outcome(
        steps=[
            f"stated '{fig.text}' covers {fig.low / per:.4g} to {fig.high / per:.4g} {unit} ({fig.tolerance})"
        ]
    )
    f = out.findings
    if len(c.trials) != 1:
        f.missing.append("the claim names no single trial in data/, so the median cannot be checked")
        return out
    trial = c.trials[0]
    arm_ids = ctx.arm_ids_for(trial, "treatment", c.values.get("arm"))
    rows = ctx.rows(
        ctx.table("relapse"), trial_id=trial, relapse_id=c.outcome_for(trial), arm_id=arm_ids or None
    )
    rows = rows[rows["statistic"] == "median"]
    if rows.empty:
        f.missing.append(f"data/ holds no median time for {trial} (arm {', '.join(arm_ids)})")
        return out
    if rows["relapse_id"].nunique() > 1:
        f.missing.append(
            f"{trial} has several medians ({', '.join(sorted(set(rows['relapse_id'])))}); "
            "name one with 'outcome'"
        )
        return out
    r = rows.iloc[0]
    days = to_days(num(r["value"]), str(r["unit"]))
    value = days / per
    lo, hi = num(r.get("low")), num(r.get("high"))
    lo, hi = (
        (to_days(lo, str(r["unit"])) / per, to_days(hi, str(r["unit"])) / per)
        if not math.isnan(lo)
        else (lo, hi)
    )
    how = "as printed in the source"
    if math.isnan(lo) and present(r.get("events")) and num(r.get("events")) >= 1:
        est = exponential_median(value, int(num(r["events"])))
        lo, hi, how = est.low, est.high, f"exponential model on {int(num(r['events']))} events ({est.method})"
    ok = fig.contains(days)
    printed = r.get("printed_value") if present(r.get("printed_value")) else f"{num(r['value']):g}"
    out.use(ctx.number(f"{trial} {r['arm_id']} {r['relapse_id']} median ({r['unit']})", num(r["value"]), r))
    out.steps.append(
        f"{trial} {r['arm_id']} ({r['population']}): median {printed} {r['unit']}"
        + (f" = {value:.4g} {unit}" if str(r["unit"]) != unit else "")
        + ("" if math.isnan(lo) else f"; 95% interval {lo:.1f} to {hi:.1f} {unit} ({how})")
        + (" — fits" if ok else " — does not fit")
    )
    f.fit(
        ok,
        f"{trial}'s median of {value:g} {unit} ({r['population']}) fits {fig.text}",
        f"{trial}'s median is {value:g} {unit}, not {fig.text}",
    )
    out.recomputed = f"{value:g} {unit} ({r['arm_id']}, {r['population']})"
    out.interval = "" if math.isnan(lo) else f"{lo:.1f} to {hi:.1f} {unit}"
    out.values = {"estimate": value, "low": lo, "high": hi}
    out.points.append(Point(c.id, fig.low / per, fig.high / per, fig.value / per, value, lo, hi, unit))
    attribution(c, ctx, trial, [str(r["arm_id"])], [], out)
    return out


KIND = Kind(
    name=NAME,
    required={"value": _duration},
    optional={"arm": text},
    check=check,
    summary="a median time with its unit, against the trial's relapse medians",
)
