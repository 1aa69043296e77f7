"""``duration``: a span of time that is not a median — a course, an infusion, follow-up,
time to onset or to wearing off, the interval between doses ("2 weeks", "40 minutes",
"2 to 4 hours", "twice weekly").

Compared in days, units converted (minutes, hours, days, weeks, months; a month is 28 to 31
days), first with the structured schedule of the arm in ``data/schedules.csv``:

- course → ``course_days``; infusion → ``administration_minutes``;
- follow_up → ``follow_up_days`` (after the last dose), or the whole observed span: the course
  plus that follow-up, or the latest time of the schedule's ``timepoints`` ("baseline to end
  point (12 weeks)") — a page's "followed for 12 weeks" may mean either; the working says which;
- interval → ``course_days / n_administrations`` (derived, said so);
- wearing_off → the relapse table's medians; onset → the timepoints of the outcome rows
  (an assessment time in a schedule alone is not an onset).

Only where the schedule holds nothing for that ``what`` are the texts of the arms and the
trial read ("over 2 weeks", "two weeks later"), and the working says so.
"""

from __future__ import annotations

import math
import re

from ..context import Context, present
from ..figures import frequency_interval, parse_duration, to_days, words_to_digits
from ..model import Claim, Number
from ._kind import Kind, Outcome, choice, text
from ._shared import cite, num

NAME = "duration"
WHAT = ("course", "infusion", "follow_up", "onset", "wearing_off", "interval")
_SPAN = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?))?[\s-]*(minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b"
)
_CUE = {
    "course": r"\bover\b|\bcourse\b|\bconsecutive\b",
    "infusion": r"\bover\b|\binfus|\bmin",
    "follow_up": r"\bfollow|\bfor\b|\bafter\b",
    "onset": r"\bwithin\b|\bafter\b|\bhours?\b|\bday\b|\bweek\b",
    "interval": r"\bevery\b|\bapart\b|\binterval\b|\blater\b",
}


def spans(text_: str, what: str) -> list[tuple[float, float, str]]:
    """Every span of time in a text (in days: low, high) with the phrase it came from."""
    t, _ = words_to_digits(str(text_).lower())
    out = []
    if what == "interval":
        freq = frequency_interval(t)
        if freq is not None:
            m = re.search(
                r"(once|twice|thrice|\d+ times)?\s*(?:a |per |each |every )?"
                r"(daily|weekly|monthly|day|week|month)",
                t,
            )
            out.append((freq[0], freq[0], m.group(0).strip() if m else "a frequency"))
    for m in _SPAN.finditer(t):
        before = t[max(0, m.start() - 25) : m.start()]
        after = t[m.end() : m.end() + 8]  # "two weeks later", "40 minutes apart"
        if what in _CUE and not re.search(_CUE[what], before + m.group(0) + after):
            continue
        unit = m.group(3)
        lo = to_days(float(m.group(1)), unit)
        hi = to_days(float(m.group(2)), unit) if m.group(2) else lo
        out.append((lo, hi, m.group(0).strip()))
    return out


_COLUMN = {"course": "course_days", "infusion": "administration_minutes", "follow_up": "follow_up_days"}


def _arm_ids(c: Claim, ctx: Context, trial: str) -> list[str]:
    return ctx.arm_ids_for(trial, "treatment", c.values.get("arm"))


def from_schedule(c: Claim, ctx: Context, trial: str, what: str) -> list[tuple]:
    """Candidate spans (low, high, phrase, Number, label) from ``data/schedules.csv``."""
    rows = ctx.schedule_rows(trial, _arm_ids(c, ctx, trial))
    found = []
    for _, r in rows.iterrows():
        label = f"{trial} {r['arm_id']} schedule"
        course, minutes, after = (
            num(r.get(k)) for k in ("course_days", "administration_minutes", "follow_up_days")
        )
        if what == "course" and math.isfinite(course):
            found.append(
                (
                    course,
                    course,
                    f"course {course:g} days",
                    ctx.field_number(f"{label} course_days", course, r, "course_days"),
                    label,
                )
            )
        elif what == "infusion" and math.isfinite(minutes):
            d = minutes / 1440
            found.append(
                (
                    d,
                    d,
                    f"{minutes:g} minutes per administration",
                    ctx.field_number(f"{label} administration_minutes", minutes, r, "administration_minutes"),
                    label,
                )
            )
        elif what == "follow_up":
            if math.isfinite(after):
                found.append(
                    (
                        after,
                        after,
                        f"follow-up {after:g} days after the last dose",
                        ctx.field_number(f"{label} follow_up_days", after, r, "follow_up_days"),
                        label,
                    )
                )
                if math.isfinite(course):
                    total = course + after
                    n = ctx.field_number(f"{label} course_days + follow_up_days", total, r, "follow_up_days")
                    found.append(
                        (
                            total,
                            total,
                            f"observed {total:g} days (course {course:g} + follow-up {after:g})",
                            n,
                            label,
                        )
                    )
            if present(r.get("timepoints")):
                last = [x for x in spans(r["timepoints"], "") if x[1] >= 1]
                if last:
                    _, hi, phrase = max(last, key=lambda x: x[1])
                    found.append(
                        (
                            hi,
                            hi,
                            f"last timepoint '{phrase}'",
                            ctx.field_number(f"{label} timepoints", hi, r, "timepoints"),
                            label,
                        )
                    )
        elif what == "interval":
            k = num(r.get("n_administrations"))
            if math.isfinite(course) and math.isfinite(k) and k > 1:
                d = course / k
                n = ctx.field_number(f"{label} course_days / n_administrations", d, r, "course_days")
                n = Number(
                    n.label,
                    d,
                    n.source_id,
                    n.location,
                    "derived",
                    f"{course:g} days / {k:g} administrations",
                    n.secondary,
                )
                found.append(
                    (d, d, f"{k:g} administrations over {course:g} days, one every {d:.3g} days", n, label)
                )
    return found


def from_text(c: Claim, ctx: Context, trial: str, what: str) -> list[tuple]:
    """Candidate spans read from the texts of the arms, the trial and the relapse/outcome rows
    (the fallback where the schedule holds nothing)."""
    found = []
    if what in ("course", "infusion", "interval"):
        arm_ids = _arm_ids(c, ctx, trial)
        arms = ctx.arms(trial)
        if what == "interval":
            # the gap between the two periods of a crossover is printed on its sequence rows
            arm_ids = [*arm_ids, *arms.loc[arms["role"] == "sequence", "arm_id"]]
        for _, r in ctx.rows(arms, arm_id=arm_ids).iterrows():
            for col in ("dose", "intervention"):
                if present(r.get(col)):
                    found += [
                        (
                            lo,
                            hi,
                            s,
                            ctx.number(f"{trial} arm {r['arm_id']} {col}", lo, r),
                            f"{trial} arm {r['arm_id']} {col}",
                        )
                        for lo, hi, s in spans(r[col], what)
                    ]
        t = ctx.trial_row(trial)
        if not found and t is not None and present(t.get("intervention")):
            found += [
                (lo, hi, s, None, f"{trial} intervention") for lo, hi, s in spans(t["intervention"], what)
            ]
    elif what in ("follow_up", "wearing_off", "onset"):
        rel = ctx.rows(ctx.table("relapse"), trial_id=trial)
        for _, r in rel.iterrows():
            label = f"{trial} {r['relapse_id']}"
            if what == "follow_up" and present(r.get("follow_up")):
                found += [
                    (lo, hi, s, ctx.number(f"{label} follow-up", lo, r), f"{label} follow-up")
                    for lo, hi, s in spans(r["follow_up"], what)
                ]
            if what == "wearing_off" and r.get("statistic") == "median" and present(r.get("value")):
                d = to_days(float(r["value"]), str(r["unit"]))
                found.append(
                    (
                        d,
                        d,
                        f"median {r['value']:g} {r['unit']}",
                        ctx.number(f"{label} median", d, r),
                        f"{label} median",
                    )
                )
        if what == "onset":
            for name in ("binary_outcomes", "continuous_outcomes", "reported_effects"):
                for _, r in ctx.rows(ctx.table(name), trial_id=trial).iterrows():
                    if present(r.get("timepoint")):
                        label = f"{trial} {r.get('outcome_id')} timepoint"
                        found += [
                            (lo, hi, s, ctx.number(label, lo, r), label)
                            for lo, hi, s in spans(r["timepoint"], "")
                        ]
    return found


def check(c: Claim, ctx: Context) -> Outcome:
    fig = c.values["value"]
    what = c.values["what"]
    out = Outcome(
        steps=[f"stated '{fig.text}' ({what}) covers {fig.low:.4g} to {fig.high:.4g} days ({fig.tolerance})"]
    )
    f = out.findings
    if not c.trials:
        f.missing.append(
            f"no trial is named, so the {what.replace('_', ' ')} of '{fig.text}' cannot be compared"
        )
        return out
    for trial in c.trials:
        found = from_schedule(c, ctx, trial, what)
        if found:
            out.steps.append(f"{trial}: read from data/schedules.csv")
        else:
            found = from_text(c, ctx, trial, what)
            if found:
                out.steps.append(
                    f"{trial}: data/schedules.csv holds no {what.replace('_', ' ')}; read from "
                    "the texts of the arms, the trial and the outcome rows"
                )
        if not found:
            f.missing.append(f"data/ holds no {what.replace('_', ' ')} span for {trial}")
            continue
        fits = [x for x in found if fig.contains(x[0]) or fig.contains(x[1]) or (x[0] <= fig.value <= x[1])]
        if what == "onset" and not fits:
            # outcome rows are assessment times: an effect seen at 1 week does not contradict an
            # onset within 2 hours; only a row at the stated time could confirm it
            times = ", ".join(sorted({f"'{x[2]}'" for x in found}))
            f.missing.append(
                f"{trial}: data/ hold outcomes assessed at {times}, none at '{fig.text}', so the onset "
                "cannot be compared"
            )
            continue
        best = fits[0] if fits else found[0]
        lo, hi, phrase, number, label = best
        if number is not None:
            out.use(number)
        out.steps += [
            f"{lab}: '{s}' = {a:.4g}" + (f" to {b:.4g}" if b != a else "") + " days"
            for a, b, s, _, lab in found
        ]
        src = f" [{cite(number)}]" if number is not None else ""
        f.fit(
            bool(fits),
            f"{label} '{phrase}' fits '{fig.text}'{src}",
            f"{label} says '{phrase}', not '{fig.text}'{src}",
        )
        out.recomputed = f"{phrase} ({label})"
        out.values = {"estimate": lo} if lo == hi else {"low": lo, "high": hi}
    return out


def _duration(value, name):
    return parse_duration(value, field=name)


KIND = Kind(
    name=NAME,
    required={"value": _duration, "what": choice(*WHAT)},
    optional={"arm": text},
    check=check,
    summary="a course, infusion, follow-up, onset or wearing-off time, with its unit",
)
