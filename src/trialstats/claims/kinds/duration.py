"""``duration``: a span of time that is not a median — a course, an infusion, follow-up,
time to onset or to wearing off ("2 weeks", "40 minutes", "2 to 4 hours").

Compared in days with the spans the data print for that ``what``: the arm's schedule and
the trial's intervention (course: "over 2 weeks"; infusion: "over 40 minutes"), the relapse
table's follow-up (follow_up) and medians (wearing_off), and the timepoints of the outcomes
(onset). Units are converted (minutes, hours, days, weeks, months; a month is 28 to 31 days).
"""

from __future__ import annotations

import re

from ..context import Context, present
from ..figures import frequency_interval, parse_duration, to_days, words_to_digits
from ..model import Claim
from ._kind import Kind, Outcome, choice, text

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
    "interval": r"\bevery\b|\bapart\b|\binterval\b",
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
        if what in _CUE and not re.search(_CUE[what], before + m.group(0)):
            continue
        unit = m.group(3)
        lo = to_days(float(m.group(1)), unit)
        hi = to_days(float(m.group(2)), unit) if m.group(2) else lo
        out.append((lo, hi, m.group(0).strip()))
    return out


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
        found = []
        if what in ("course", "infusion", "interval"):
            arm_ids = ctx.arm_ids_for(trial, "treatment", c.values.get("arm"))
            for _, r in ctx.rows(ctx.arms(trial), arm_id=arm_ids).iterrows():
                for col in ("dose", "intervention"):
                    if present(r.get(col)):
                        found += [
                            (lo, hi, s, r, f"{trial} arm {r['arm_id']} {col}")
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
                if what == "follow_up" and present(r.get("follow_up")):
                    found += [
                        (lo, hi, s, r, f"{trial} {r['relapse_id']} follow-up")
                        for lo, hi, s in spans(r["follow_up"], what)
                    ]
                if what == "wearing_off" and r.get("statistic") == "median" and present(r.get("value")):
                    d = to_days(float(r["value"]), str(r["unit"]))
                    found.append(
                        (d, d, f"median {r['value']:g} {r['unit']}", r, f"{trial} {r['relapse_id']} median")
                    )
            if what == "onset":
                for name in ("binary_outcomes", "continuous_outcomes", "reported_effects"):
                    for _, r in ctx.rows(ctx.table(name), trial_id=trial).iterrows():
                        if present(r.get("timepoint")):
                            found += [
                                (lo, hi, s, r, f"{trial} {r.get('outcome_id')} timepoint")
                                for lo, hi, s in spans(r["timepoint"], "")
                            ]
        if not found:
            f.missing.append(f"data/ holds no {what.replace('_', ' ')} span for {trial}")
            continue
        fits = [x for x in found if fig.contains(x[0]) or fig.contains(x[1]) or (x[0] <= fig.value <= x[1])]
        best = fits[0] if fits else found[0]
        lo, hi, phrase, row, label = best
        if row is not None:
            out.use(ctx.number(f"{label} ('{phrase}')", lo, row))
        out.steps += [
            f"{lab}: '{s}' = {a:.4g}" + (f" to {b:.4g}" if b != a else "") + " days"
            for a, b, s, _, lab in found
        ]
        f.fit(
            bool(fits), f"{label} '{phrase}' fits '{fig.text}'", f"{label} says '{phrase}', not '{fig.text}'"
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
