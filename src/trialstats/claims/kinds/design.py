"""``design``: what kind of trial it was — randomized, blinding, parallel/crossover/single
arm, type of control, number of arms, the comparator — against the trial's row of
``trial_design`` in data/, each fact with the row's source and place (or the extra source the
row names for that field).

Rules
-----
- ``blinding``: "double" is satisfied by a double- or triple-blind trial (triple masking
  includes the participant and the investigator); "open", "single" and "triple" only by
  themselves.
- ``control``: "placebo" named for a trial whose control was an active placebo or an active
  drug, or that had no control, is ``misattributed`` (the numbers exist, but not against
  what the claim says); "active" is satisfied by an active placebo (an active drug used as a
  control); any other mismatch is ``inconsistent``.
- ``comparator`` (text) is matched with the row's ``control_agent`` and the control arms'
  interventions; "placebo" for an active (placebo) control is ``misattributed``.
- A field the row records as ``not_reported`` or ``not_applicable`` (or leaves blank) makes
  that stated field unverifiable, named in the explanation — never consistent.
- A trial without a ``trial_design`` row: every stated field is unverifiable.
"""

from __future__ import annotations

from typing import Any

from ..context import Context, present
from ..lexicon import names_match
from ..model import Claim
from ._kind import Kind, Outcome, boolean, choice, text, whole
from ._shared import cite

NAME = "design"

_UNKNOWN = ("not_reported", "not_applicable")
#: stated blinding -> the recorded levels that satisfy it
_BLINDING = {"open": ("open",), "single": ("single",), "double": ("double", "triple"), "triple": ("triple",)}
#: stated control -> the recorded control types that satisfy it
_CONTROL = {
    "placebo": ("placebo",),
    "active_placebo": ("active_placebo",),
    "active": ("active", "active_placebo"),
    "none": ("none",),
    "waitlist": ("waitlist",),
    "usual_care": ("usual_care",),
}
#: stated field -> the trial_design column holding it
_COLUMN = {
    "randomized": "randomized",
    "blinding": "blinding",
    "structure": "structure",
    "control": "control_type",
    "arms": "n_arms",
}


def _recorded(row: Any, column: str) -> Any:
    v = row.get(column)
    if not present(v) or (isinstance(v, str) and v in _UNKNOWN):
        return None
    return v


def _fits(key: str, stated: Any, recorded: Any) -> bool:
    if key == "blinding":
        return recorded in _BLINDING[stated]
    if key == "control":
        return recorded in _CONTROL[stated]
    if key == "randomized":
        return bool(recorded) == stated
    if key == "arms":
        return int(recorded) == int(stated)
    return recorded == stated


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=["stated: " + ", ".join(f"{k} {v[k]}" for k in v)])
    f = out.findings
    if len(c.trials) != 1:
        f.missing.append("a design claim needs one trial in data/")
        return out
    trial = c.trials[0]
    if ctx.trial_row(trial) is None:
        f.missing.append(f"data/ has no trial {trial}")
        return out
    row = ctx.design_row(trial)
    if row is None:
        for key in v:
            f.missing.append(f"{key} {v[key]}: data/trial_design.csv has no row for {trial}")
        return out
    out.steps.append(
        f"{trial} in trial_design: "
        + ", ".join(f"{col} {row.get(col)}" for col in (*_COLUMN.values(), "control_agent"))
    )
    recomputed = []
    for key, column in _COLUMN.items():
        if key not in v:
            continue
        stated = v[key]
        raw = row.get(column)
        recorded = _recorded(row, column)
        if recorded is None:
            why = raw if isinstance(raw, str) and raw in _UNKNOWN else "blank"
            f.missing.append(f"{key} {stated}: the {column} of {trial} is {why} in data/trial_design.csv")
            continue
        n = ctx.field_number(
            f"{trial} {column} ({recorded})", recorded if key == "arms" else 1.0, row, column
        )
        out.use(n)
        recomputed.append(f"{key} {recorded}")
        where = f"{trial} {column} {recorded} [{cite(n)}]"
        if _fits(key, stated, recorded):
            f.compared.append(f"{key} {stated} fits {where}")
            if key == "blinding" and stated != recorded:
                f.notes.append(f"a {recorded}-blind design is also double-blind")
        elif key == "control" and stated == "placebo" and recorded in ("active_placebo", "active", "none"):
            agent = row.get("control_agent")
            what = {"active_placebo": "an active placebo", "active": "an active drug", "none": "no control"}
            f.misattributions.append(
                f"the claim names a placebo control, but {trial}'s control was {what[recorded]}"
                + (f" ({agent})" if present(agent) else "")
                + f" [{cite(n)}]"
            )
        else:
            f.failures.append(f"{trial}'s {column} is {recorded}, not {stated} [{cite(n)}]")
    if "comparator" in v:
        _comparator(v["comparator"], trial, row, ctx, out)
    out.recomputed = ", ".join(recomputed)
    return out


def _comparator(stated: str, trial: str, row: Any, ctx: Context, out: Outcome) -> None:
    f = out.findings
    arms = ctx.arms(trial)
    ctrl = list(arms.loc[arms["role"] == "control", "intervention"].dropna())
    agent = row.get("control_agent")
    names = ([str(agent)] if present(agent) else []) + ctrl
    kind = row.get("control_type")
    if not names:
        if kind in ("none",):
            f.misattributions.append(f"{trial} had no control, yet the claim names the comparator '{stated}'")
        else:
            f.missing.append(f"comparator '{stated}': data/ do not name {trial}'s control")
        return
    n = ctx.field_number(f"{trial} control_agent ({agent})", 1.0, row, "control_agent")
    if any(names_match(stated, x) for x in names):
        f.compared.append(f"comparator '{stated}' fits {trial}'s control {' / '.join(names)} [{cite(n)}]")
    elif "placebo" in stated.lower() and kind in ("active_placebo", "active"):
        f.misattributions.append(
            f"the claim calls the comparator '{stated}', whereas {trial}'s control was "
            f"{' / '.join(names)} ({str(kind).replace('_', ' ')}) [{cite(n)}]"
        )
    else:
        f.failures.append(f"{trial}'s control was {' / '.join(names)}, not '{stated}' [{cite(n)}]")


KIND = Kind(
    name=NAME,
    required={},
    optional={
        "randomized": boolean,
        "blinding": choice("open", "single", "double", "triple"),
        "structure": choice("parallel", "crossover", "single_arm"),
        "control": choice("placebo", "active_placebo", "active", "none", "waitlist", "usual_care"),
        "arms": whole,
        "comparator": text,
    },
    check=check,
    validate=lambda v: (
        None
        if v
        else (
            "stated",
            "a design claim states at least one of randomized, blinding, "
            "structure, control, arms, comparator",
        )
    ),
    summary="randomized, blinding, parallel/crossover/single arm, control, arms (from trial_design)",
)
