"""``design``: what kind of trial it was — randomized, blinding, parallel/crossover/single
arm, type of control, number of arms — against the trial's ``design``, ``comparator``,
title and notes and its arms in data/. A stated feature the data do not record is named
as not compared.
"""

from __future__ import annotations

import re

from ..context import Context, present
from ..lexicon import names_match
from ..model import Claim
from ._kind import Kind, Outcome, boolean, choice, text, whole

NAME = "design"


def _control(comparator: str | None) -> str:
    if not comparator:
        return "none"
    t = comparator.lower()
    if "active placebo" in t or "psychoactive" in t or "midazolam" in t:
        return "active_placebo"
    if "placebo" in t or "saline" in t:
        return "placebo"
    if "waitlist" in t or "wait-list" in t:
        return "waitlist"
    if "usual care" in t or "treatment as usual" in t:
        return "usual_care"
    return "active"


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=["stated: " + ", ".join(f"{k} {v[k]}" for k in v)])
    f = out.findings
    if len(c.trials) != 1:
        f.missing.append("a design claim needs one trial in data/")
        return out
    trial = c.trials[0]
    t = ctx.trial_row(trial)
    if t is None:
        f.missing.append(f"data/ has no trial {trial}")
        return out
    words = " ".join(str(t.get(k)) for k in ("design", "short_title", "notes") if present(t.get(k))).lower()
    arms = ctx.arms(trial)
    n_arms = len(arms)
    design = str(t.get("design") or "").lower()
    out.steps.append(
        f"{trial}: design '{t.get('design')}', comparator '{t.get('comparator')}', {n_arms} arm(s) in data/"
    )
    facts = {}
    if "rct" in design or (re.search(r"(?<!non)(?<!non-)(?<!not )randomi[sz]ed", words) and n_arms > 1):
        facts["randomized"] = True
    elif "open-label" in design or "single-arm" in words or n_arms == 1 or "survey" in design:
        facts["randomized"] = False
    if "crossover" in design or "crossover" in words:
        facts["structure"] = "crossover"
    elif "parallel" in design:
        facts["structure"] = "parallel"
    elif n_arms == 1 or "open-label" in design:
        facts["structure"] = "single_arm"
    for level in ("triple", "double", "single"):
        if re.search(rf"\b{level}[- ]blind", words):
            facts["blinding"] = level
            break
    else:
        if "open-label" in words or "open label" in words:
            facts["blinding"] = "open"
    facts["control"] = _control(t.get("comparator") if present(t.get("comparator")) else None)
    if n_arms:
        facts["arms"] = n_arms
    for key in ("randomized", "blinding", "structure", "control", "arms"):
        if key not in v:
            continue
        if key not in facts:
            f.missing.append(f"{key} {v[key]}: data/ do not record the {key} of {trial}")
            continue
        f.fit(
            facts[key] == v[key],
            f"{key} {v[key]} fits {trial}",
            f"{trial}'s {key} is {facts[key]}, not {v[key]}",
        )
        out.use(
            ctx.number(
                f"{trial} {key}", float(n_arms) if key == "arms" else 1.0, t, source_col="primary_source_id"
            )
        )
    if "comparator" in v:
        ctrl = list(arms.loc[arms["role"] == "control", "intervention"].dropna())
        fits = any(names_match(v["comparator"], x) for x in ctrl)
        f.fit(
            fits,
            f"comparator '{v['comparator']}' fits",
            f"the comparator was {' / '.join(ctrl) or 'none'}, not '{v['comparator']}'",
        )
    out.recomputed = ", ".join(f"{k} {facts[k]}" for k in facts)
    return out


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
    summary="randomized, blinding, parallel/crossover/single arm, control, arms",
)
