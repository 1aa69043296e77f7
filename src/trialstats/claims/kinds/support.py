"""``support``: a cited source offered as evidence for a statement — does it study that
condition, population, intervention, outcome and design?

What the source studied is read from the data: the claim's ``trial`` (or the trial whose
primary source is the claim's ``source``) with its condition, population, intervention,
comparator and design (``trials.csv`` and ``trial_design``), the number of administrations
(``schedules``) and the concepts of its outcome rows; for a source that is not a trial in
data/ (a review, a survey), its title. The explanation of what it studied is built from those
fields only (never from arm labels or flow notes). Each
stated aspect is compared:

* condition and population: every distinctive word (after synonyms: PTSD = posttraumatic
  stress disorder, MDD = major depression) must appear in what the source studied;
* intervention: the drug names and any psychotherapy the claim names must be there
  ("ketamine added to psychotherapy" does not fit a trial without a therapy arm); "repeated"
  needs more than one infusion, "single" exactly one;
* outcome: a word naming a concept (symptoms → symptom score, side effects → adverse event,
  relapse, response, remission) needs an outcome of that concept; the other distinctive words
  ("PTSD symptoms", "depressive symptoms") must be in its outcomes or the condition it
  studied; time words ("24 hours after infusion") are not compared; a source whose outcomes
  data/ do not hold is not compared;
* design: randomized, crossover, parallel, open-label, double-blind, review or
  meta-analysis, as far as data/ record them.

A source that studied something else (a depression trial cited for PTSD) is
``misattributed``, saying what it did study. ``statement`` is shown, not parsed.
"""

from __future__ import annotations

import re

from ..context import Context, present
from ..lexicon import norm
from ..model import Claim
from ._kind import Kind, Outcome, text
from .count import schedule_number

NAME = "support"
_SYNONYMS = {
    "ptsd": "posttraumatic stress disorder",
    "post traumatic stress disorder": "posttraumatic stress disorder",
    "mdd": "major depression",
    "major depressive disorder": "major depression",
    "depressive": "depression",
    "trd": "treatment resistant depression",
    "randomised": "randomized",
    "veteran": "veterans",
    "therapy": "psychotherapy",
    "psychotherapy psychotherapy": "psychotherapy",
}
_STOP = {
    "the", "a", "an", "of", "with", "and", "or", "in", "for", "to", "on", "people", "patients", "adults",
    "participants", "who", "had", "have", "disorder", "symptoms", "treatment", "trial", "study", "chronic",
    "self", "perceived", "severe", "those", "living",
}  # fmt: skip
_THERAPY = ("psychotherapy", "cbt", "exposure", "emdr", "timber", "counselling", "counseling")
_INTERVENTION_GENERIC = {
    "added",
    "combined",
    "alongside",
    "together",
    "plus",
    "sessions",
    "session",
    "infusions",
    "infusion",
    "iv",
    "intravenous",
    "dose",
    "doses",
    "used",
    "given",
    "focused",
    "trauma",
}
#: Symptom rating scales: a trial whose record names one measured a symptom score.
_SCALES = re.compile(r"\b(?:caps|ies ?r|madrs|ham ?d|hdrs|hrsd|pcl|bdi|phq|qids|cgi|bprs|cades|bssi?)\b")
_OUTCOME_CONCEPTS = {
    "symptom": "symptom_score", "symptoms": "symptom_score", "severity": "symptom_score",
    "score": "symptom_score",
    "side": "adverse_event", "adverse": "adverse_event", "relapse": "relapse", "response": "response",
    "remission": "remission", "dropout": "dropout", "prevalence": "prevalence",
}  # fmt: skip


def _canon(t: str) -> str:
    s = " " + norm(t).replace("post traumatic", "posttraumatic") + " "
    for a, b in _SYNONYMS.items():
        s = re.sub(rf"\b{a}\b", b, s)
    return s


def _words(t: str, drop: set[str] = frozenset()) -> list[str]:
    return [w for w in _canon(t).split() if w not in _STOP and w not in drop]


def _has(word: str, text_: str) -> bool:
    return re.search(rf"\b{re.escape(word)}", _canon(text_)) is not None


def _condition(stated: str, studied: str) -> bool | None:
    words = _words(stated)
    return all(_has(w, studied) for w in words) if words else None


def _intervention(stated: str, studied: str, schedule: str, n_admin: float | None = None) -> bool | None:
    words = _words(stated, _INTERVENTION_GENERIC)
    ok = True
    n = n_admin if n_admin is not None else schedule_number(schedule, "infusions")
    for w in words:
        if w == "repeated":
            ok &= n is not None and n > 1
        elif w == "single":
            ok &= n == 1
        elif w in _THERAPY:
            ok &= any(_has(t, studied) for t in _THERAPY)
        else:
            ok &= _has(w, studied)
    return ok if words else None


_DESIGN_WORDS = (
    ("random", "randomized"), ("rct", "randomized"), ("crossover", "crossover"), ("parallel", "parallel"),
    ("open label", "open-label"), ("double blind", "double-blind"), ("systematic review", "review"),
    ("review", "review"), ("meta analysis", "meta-analysis"), ("survey", "survey"),
    ("qualitative", "qualitative"), ("retrospective", "retrospective"), ("forum", "qualitative"),
    ("cohort", "cohort"),
)  # fmt: skip


#: Words of an outcome phrase that say when or how, not what ("24 hours after infusion").
_OUTCOME_GENERIC = {
    "hours", "hour", "days", "day", "weeks", "week", "minutes", "after", "within", "later", "baseline",
    "infusion", "infusions", "dose", "change", "changes", "reduced", "reduction", "improvement",
    "improved", "total", "measured", "relief", "rapid", "fast", "quick", "lower", "higher", "level",
    "levels", "rating", "scale",
}  # fmt: skip


def _outcome(stated: str, s: dict) -> bool | None:
    """Whether the trial measured the stated outcome: a concept word (symptoms, side effects,
    relapse ...) must be among the concepts of its outcome rows; the other distinctive words
    (the disorder: 'PTSD symptoms', 'depressive symptoms') must be in its outcomes or in the
    condition it studied. None when data/ hold none of its outcomes."""
    raw = norm(stated).split()
    concepts = {_OUTCOME_CONCEPTS[w] for w in raw if w in _OUTCOME_CONCEPTS}
    words = [w for w in _words(stated, _OUTCOME_GENERIC) if not w.isdigit() and w not in _OUTCOME_CONCEPTS]
    where = f"{s['outcome']} {s['condition']}"
    if words and s["has_outcomes"] and not all(_has(w, where) for w in words):
        return False  # e.g. PTSD symptoms from a trial of depression: positive evidence
    if concepts:
        # outcome rows are a partial record: a concept they lack is not compared, never refuted
        return True if concepts & s["concepts"] else None
    return True if words and s["has_outcomes"] else None


def _design_text(d) -> str:
    """The words of a trial_design row, for matching ('randomized double blind crossover')."""
    if d is None:
        return ""
    parts = []
    if present(d.get("randomized")):
        parts.append("randomized" if bool(d["randomized"]) else "nonrandom")
    blinding = d.get("blinding")
    if blinding in ("double", "triple"):
        parts.append("double blind")
    elif blinding == "open":
        parts.append("open label")
    structure = str(d.get("structure") or "")
    parts.append({"meta_analysis": "meta analysis", "single_arm": "single arm"}.get(structure, structure))
    control = str(d.get("control_type") or "")
    if control not in ("not_reported", "not_applicable", ""):
        parts.append(f"{control.replace('_', ' ')} control")
    return " ".join(p for p in parts if p and p != "not_reported")


def _summary(t, d, n_admin) -> str:
    """What a trial studied, in one line, from trials.csv and trial_design only."""
    cond = str(t.get("condition") or "condition not recorded")
    pop = t.get("population")
    inter = str(t.get("intervention") or "intervention not recorded")
    comp = t.get("comparator")
    design = " ".join(x for x in (str(t.get("design") or ""), _design_text(d)) if x)
    out = cond + (f" ({pop})" if present(pop) else "") + f": {inter}"
    if present(comp):
        out += f" vs {comp}"
    if n_admin is not None:
        out += f", {n_admin:g} administration(s)"
    return out + (f"; {design}" if design else "")


def _design_facts(text_: str) -> set[str]:
    t = _canon(text_)
    facts = set()
    for word, fact in _DESIGN_WORDS:
        if word in t:
            facts.add(fact)
    return facts


def _studied(ctx: Context, c: Claim) -> list[dict]:
    out = []
    trials = list(c.trials)
    if not trials and c.source:
        t = ctx.table("trials")
        trials = list(t.loc[t["primary_source_id"] == c.source, "trial_id"])
    for trial in trials:
        t = ctx.trial_row(trial)
        if t is None:
            continue
        arms = ctx.arms(trial)
        outcomes, concepts = [], set()
        for name in ("binary_outcomes", "continuous_outcomes", "reported_effects", "relapse"):
            rows = ctx.rows(ctx.table(name), trial_id=trial)
            concepts |= set(rows["concept"].dropna()) if "concept" in rows.columns else set()
            for col in ("definition", "scale", "analysis", "outcome_id"):
                if col in rows.columns:
                    outcomes += [str(x) for x in rows[col].dropna()]
        record = " ".join(str(t.get(k)) for k in ("short_title", "notes") if present(t.get(k)))
        if _SCALES.search(norm(" ".join([record, *outcomes]))):
            concepts.add("symptom_score")
        arm_text = " ".join(str(x) for x in arms["intervention"].dropna())
        d = ctx.design_row(trial)
        sched = ctx.schedule_rows(trial, ctx.arm_ids_for(trial, "treatment"))
        k = sched["n_administrations"].dropna() if "n_administrations" in sched else []
        n_admin = float(max(k)) if len(k) else None
        out.append(
            {  # what the trial studied, aspect by aspect
                "label": trial,
                "row": t,
                "source_col": "primary_source_id",
                "condition": " ".join(
                    str(t.get(k)) for k in ("condition", "short_title") if present(t.get(k))
                ),
                "population": " ".join(
                    str(t.get(k)) for k in ("population", "condition") if present(t.get(k))
                ),
                "intervention": f"{t.get('intervention') or ''} {arm_text}",
                "schedule": " ".join(str(x) for x in [t.get("intervention"), *arms["dose"].dropna()] if x),
                "outcome": " ".join(dict.fromkeys(outcomes)),
                "concepts": concepts,
                "has_outcomes": bool(outcomes or concepts),
                "design": " ".join(
                    [str(t.get(k)) for k in ("design", "short_title") if present(t.get(k))]
                    + [_design_text(d)]
                ),
                "n_admin": n_admin,
                "summary": _summary(t, d, n_admin),
                "design_row": d,
            }
        )
    if not out and c.source:
        s = ctx.source_row(c.source)
        if s is not None and present(s.get("title")):
            title = f"{s.get('title')} ({s.get('kind')})"
            aspects = dict.fromkeys(("condition", "population", "intervention", "outcome", "design"), title)
            out.append({"label": c.source, "row": s, "source_col": "source_id", **aspects, "schedule": "",
                        "concepts": set(), "has_outcomes": False, "title_only": True, "n_admin": None,
                        "summary": f"'{title}'", "design_row": None})  # fmt: skip
    return out


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=[f"statement: {v['statement']}"])
    f = out.findings
    aspects = [k for k in ("condition", "population", "intervention", "outcome", "design") if k in v]
    if not aspects:
        f.missing.append(
            "the claim states no condition, population, intervention, outcome or design to compare"
        )
        return out
    studied = _studied(ctx, c)
    if not studied:
        f.missing.append(
            "no trial or titled source in data/ is linked to the claim, so what it studied is unknown"
        )
        return out
    for s in studied:
        label = s["label"]
        out.use(ctx.number(f"{label} (what it studied)", 1.0, s["row"], source_col=s["source_col"]))
        if s.get("design_row") is not None:
            out.use(ctx.field_number(f"{label} design (trial_design)", 1.0, s["design_row"], "structure"))
        out.steps.append(f"{label} studied: {s['summary']}")
        if s.get("title_only"):
            out.steps.append(f"{label} is not a trial in data/: what it studied is read from its title")
        for k in aspects:
            stated = v[k]
            if k in ("condition", "population"):
                ok = _condition(stated, s[k])
            elif k == "intervention":
                ok = _intervention(stated, s[k], s["schedule"], s["n_admin"])
            elif k == "outcome":
                ok = _outcome(stated, s)
            else:
                want, have = _design_facts(stated), _design_facts(s[k])
                if s.get("title_only") and "review" in str(s["row"].get("kind", "")):
                    have.add("review")
                ok = None if not want else want <= have
                if ok is False and not (want & have) and not have:
                    ok = None
            shown = s["summary"]
            # a title names the condition; its silence on the rest is no evidence either way
            if ok is None or (ok is False and s.get("title_only") and k != "condition"):
                out.steps.append(
                    f"{k}: stated '{stated}'; data/ do not say whether {label} studied it — not compared"
                )
                f.missing.append(f"{k} '{stated}': data/ do not record it for {label}")
                continue
            out.steps.append(
                f"{k}: stated '{stated}'; {label}: {shown} — " + ("fits" if ok else "does not fit")
            )
            if ok:
                how = f" (outcome concepts: {', '.join(sorted(s['concepts']))})" if k == "outcome" else ""
                f.compared.append(f"{k} '{stated}' fits {label}{how}")
            else:
                f.misattributions.append(f"{label} studied {shown}, not {k} '{stated}'")
    out.recomputed = "; ".join(f"{s['label']}: {s['summary']}" for s in studied)
    return out


KIND = Kind(
    name=NAME,
    required={"statement": text},
    optional={k: text for k in ("condition", "population", "intervention", "outcome", "design")},
    check=check,
    summary="a cited source offered as evidence: does it study that condition, population, intervention?",
    claim_fields=("source",),
)
