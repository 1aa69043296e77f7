"""``count``: a number of people, events, infusions, weeks or studies.

``what`` = randomized (default) | participants | analyzed | completed (arm or trial sizes) |
events (a binary outcome's count) | infusions | weeks (``n_administrations`` and
``course_days`` of the arm's row in ``data/schedules.csv``; the arm's printed schedule only
where that row is silent) |
studies (``k`` of the claim's ``meta`` analysis in ``meta_pooled``).
"""

from __future__ import annotations

import math
import re

from ..context import Context, present
from ..figures import words_to_digits
from ..model import Claim, Point
from ._kind import Kind, Outcome, choice, figure, text
from ._shared import attribution, cite, concept_rows, num

NAME = "count"
WHAT = ("randomized", "analyzed", "completed", "events", "infusions", "weeks", "studies", "participants")


def schedule_number(schedule: str, what: str) -> float | None:
    """The number of infusions ('6 infusions', 'six infusions') or the course length in weeks
    ('over 2 weeks', 'over 12 days') in an arm's printed schedule."""
    t, _ = words_to_digits(schedule.lower().replace("-", " "))
    if what == "infusions":
        m = re.search(r"\b(\d+) (?:\w+ )?infusions?\b", t)
        if m:
            return float(m.group(1))
        if re.search(r"\b(single|1|a) (?:\w+ )?infusion\b", t):
            return 1.0
        return None
    m = re.search(r"\bover (\d+) (?:consecutive )?(weeks?|days?)\b", t)
    if m:
        n = float(m.group(1))
        return n if m.group(2).startswith("week") else n / 7
    return None


def _one_trial(c: Claim, ctx: Context, trial: str, what: str, out: Outcome) -> tuple[float, str]:
    """The count of ``what`` the data hold for one trial, and where it was read (NaN if none)."""
    arm = c.values.get("arm")
    if what in ("infusions", "weeks"):
        arm_ids = ctx.arm_ids_for(trial, "treatment", arm)
        column = "n_administrations" if what == "infusions" else "course_days"
        for _, r in ctx.schedule_rows(trial, arm_ids).iterrows():
            if present(r.get(column)):
                found = num(r[column]) if what == "infusions" else num(r[column]) / 7
                where = f"{what} in {trial} arm {r['arm_id']} (data/schedules.csv {column} {r[column]:g})"
                n = ctx.field_number(where, found, r, column)
                out.use(n)
                return found, f"{where} [{cite(n)}]"
        # the structured schedule is silent: read the arm's (or trial's) printed schedule
        trow = ctx.trial_row(trial)
        trial_text = (
            str(trow["intervention"]) if trow is not None and present(trow.get("intervention")) else ""
        )
        for _, r in ctx.rows(ctx.arms(trial), arm_id=arm_ids).iterrows():
            schedule = " ".join(str(r.get(k)) for k in ("dose", "intervention") if present(r.get(k)))
            if schedule_number(schedule, what) is None and trial_text:
                schedule = f"{schedule}; {trial_text}"  # the trial's own description of the schedule
            found = schedule_number(schedule, what)
            if found is not None:
                where = f"{what} in {trial} arm {r['arm_id']} (schedule '{schedule}')"
                out.use(ctx.number(where, found, r))
                return found, where
        return math.nan, ""
    if what == "events":
        arm_ids = ctx.arm_ids_for(trial, "treatment", arm)
        rows = concept_rows(c, ctx, trial, arm_ids, out)
        if rows is None:
            return math.nan, "ambiguous"
        if rows["outcome_id"].nunique() > 1:
            ids = ", ".join(sorted(set(rows["outcome_id"])))
            out.findings.missing.append(
                f"{trial} has several binary outcomes ({ids}); name one with 'outcome'"
            )
            return math.nan, "ambiguous"
        if not rows.empty and present(rows.iloc[0].get("events")):
            r = rows.iloc[0]
            where = f"events in {trial} {r['arm_id']} {r['outcome_id']}"
            out.use(ctx.number(where, r["events"], r))
            return num(r["events"]), where
        return math.nan, ""
    col = "n_randomized" if what == "participants" else f"n_{what}"
    arms = ctx.arms(trial)
    if arm:
        row = ctx.rows(arms, arm_id=arm)
        if not row.empty and present(row.iloc[0].get(col)):
            where = f"{what} in {trial} arm {arm}"
            out.use(ctx.number(where, row.iloc[0][col], row.iloc[0]))
            return num(row.iloc[0][col]), where
        return math.nan, ""
    trow = ctx.trial_row(trial)
    if col == "n_randomized" and trow is not None and present(trow.get("n_randomized")):
        where = f"{trial}: randomized (trials table)"
        out.use(ctx.number(where, trow["n_randomized"], trow, source_col="primary_source_id"))
        return num(trow["n_randomized"]), where
    # a whole-sample row (arm "all") holds the trial's own total; other arms are summed only
    # when every one of them has the count
    whole = ctx.rows(arms, arm_id="all") if not arms.empty else arms
    if not whole.empty and present(whole.iloc[0].get(col)):
        where = f"{what} in {trial} (whole sample)"
        out.use(ctx.number(where, whole.iloc[0][col], whole.iloc[0]))
        return num(whole.iloc[0][col]), where
    arms = arms[arms["arm_id"] != "all"] if not arms.empty else arms
    if not arms.empty and arms[col].notna().all():
        where = f"{trial}: {what}, summed over arms " + " + ".join(
            f"{a} {int(v)}" for a, v in zip(arms["arm_id"], arms[col], strict=True)
        )
        for _, r in arms.iterrows():
            out.use(ctx.number(f"{trial} {r['arm_id']} {col}", r[col], r))
        return float(arms[col].sum()), where
    return math.nan, ""


def check(c: Claim, ctx: Context) -> Outcome:
    fig = c.values["value"]
    what = c.values.get("what", "randomized")
    out = Outcome(steps=[f"stated '{fig.text}' ({what}) covers {fig.covers}"])
    f = out.findings
    found: list[tuple[float, str]] = []
    if what == "studies":
        if c.meta is not None:
            rows = ctx.rows(ctx.table("meta_pooled"), meta_id=c.meta, analysis_id=c.analysis)
            rows = rows[rows["k"].notna()]
            if not rows.empty:
                r = rows.iloc[0]
                where = f"meta-analysis {c.meta} ({r['analysis_id']}): k"
                out.use(ctx.number(where, r["k"], r))
                found.append((num(r["k"]), where))
        elif c.trials:
            where = f"the trials the claim names: {', '.join(c.trials)}"
            found.append((float(len(c.trials)), where))
        if not found:
            f.missing.append("a count of studies needs the claim's 'meta' (a meta_pooled id) or its trials")
            return out
    elif not c.trials:
        f.missing.append(f"the claim names no trial or source in data/, so '{fig.text}' cannot be checked")
        return out
    else:
        for trial in c.trials:
            value, where = _one_trial(c, ctx, trial, what, out)
            if math.isnan(value):
                if where != "ambiguous":
                    arm = f" arm {c.values['arm']}" if "arm" in c.values else ""
                    f.missing.append(f"data/ holds no count of {what} for {trial}{arm}")
                continue
            found.append((value, where))
            attribution(c, ctx, trial, [c.values["arm"]] if "arm" in c.values else [], [], out)
    for value, where in found:
        ok = fig.contains(value)
        shown = int(value) if float(value).is_integer() else round(value, 3)
        out.steps.append(f"{where}: {shown}" + (" — fits" if ok else " — does not fit"))
        f.fit(ok, f"{where} is {shown}, which fits '{fig.text}'", f"{where} is {shown}, not {fig.text}")
        out.points.append(Point(c.id, fig.low, fig.high, fig.value, value, unit=what))
    out.recomputed = "; ".join(f"{v:g}" for v, _ in found)
    if len(found) == 1:
        out.values = {"estimate": found[0][0]}
    return out


KIND = Kind(
    name=NAME,
    required={"value": figure},
    optional={"what": choice(*WHAT), "arm": text, "concept": text},
    check=check,
    summary="a number of people, events, infusions, weeks or studies",
    claim_fields=("meta", "analysis"),
)
