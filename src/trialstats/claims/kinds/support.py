"""``support``: a cited source offered as evidence for a statement — does it study that
condition, population, intervention, outcome and design?

What the source studied is read from the data: the claim's ``trial`` (or the trial whose
primary source is the claim's ``source``) with its condition, population, arms, outcomes and
design; for a source that is not a trial in data/ (a review, a survey), its title. Each
stated aspect is compared:

* condition and population: every distinctive word (after synonyms: PTSD = posttraumatic
  stress disorder, MDD = major depression) must appear in what the source studied;
* intervention: the drug names and any psychotherapy the claim names must be there
  ("ketamine added to psychotherapy" does not fit a trial without a therapy arm); "repeated"
  needs more than one infusion, "single" exactly one;
* outcome: a word naming a concept (symptoms → symptom score, side effects → adverse event,
  relapse, response, remission) fits an outcome of that concept; otherwise the words must
  appear in the outcomes; a source whose outcomes data/ do not hold is not compared;
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


def _intervention(stated: str, studied: str, schedule: str) -> bool | None:
    words = _words(stated, _INTERVENTION_GENERIC)
    ok = True
    for w in words:
        if w == "repeated":
            n = schedule_number(schedule, "infusions")
            ok &= n is not None and n > 1
        elif w == "single":
            n = schedule_number(schedule, "infusions")
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
        arm_text = " ".join(str(x) for x in [*arms["intervention"].dropna(), *arms["label"].dropna()])
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
                "outcome": " ".join(dict.fromkeys([*outcomes, str(t.get("notes") or "")])),
                "concepts": concepts,
                "has_outcomes": bool(outcomes or concepts),
                "design": " ".join(
                    str(t.get(k)) for k in ("design", "short_title", "notes") if present(t.get(k))
                ),
            }
        )
    if not out and c.source:
        s = ctx.source_row(c.source)
        if s is not None and present(s.get("title")):
            title = f"{s.get('title')} ({s.get('kind')})"
            aspects = dict.fromkeys(("condition", "population", "intervention", "outcome", "design"), title)
            out.append({"label": c.source, "row": s, "source_col": "source_id", **aspects, "schedule": "",
                        "concepts": set(), "has_outcomes": False, "title_only": True})  # fmt: skip
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
        if s.get("title_only"):
            out.steps.append(f"{label} is not a trial in data/: what it studied is read from its title")
        for k in aspects:
            stated = v[k]
            if k in ("condition", "population"):
                ok = _condition(stated, s[k])
            elif k == "intervention":
                ok = _intervention(stated, s[k], s["schedule"])
            elif k == "outcome":
                words = _words(stated)
                concepts = {_OUTCOME_CONCEPTS[w] for w in words if w in _OUTCOME_CONCEPTS}
                if concepts and s["concepts"]:
                    ok = bool(concepts & s["concepts"])
                elif not s["has_outcomes"]:
                    ok = None
                else:
                    ok = all(_has(w, s[k]) for w in words) if words else None
            else:
                want, have = _design_facts(stated), _design_facts(s[k])
                if s.get("title_only") and "review" in str(s["row"].get("kind", "")):
                    have.add("review")
                ok = None if not want else want <= have
                if ok is False and not (want & have) and not have:
                    ok = None
            shown = s[k] if len(s[k]) < 140 else s[k][:137] + "..."
            # a title names the condition; its silence on the rest is no evidence either way
            if ok is None or (ok is False and s.get("title_only") and k != "condition"):
                out.steps.append(
                    f"{k}: stated '{stated}'; data/ do not say whether {label} studied it — not compared"
                )
                f.missing.append(f"{k} '{stated}': data/ do not record it for {label}")
                continue
            out.steps.append(
                f"{k}: stated '{stated}'; {label}: '{shown}' — " + ("fits" if ok else "does not fit")
            )
            if ok:
                f.compared.append(f"{k} '{stated}' fits {label}")
            else:
                f.misattributions.append(f"{label} studied {shown}, not {k} '{stated}'")
    out.recomputed = "; ".join(f"{s['label']}: {s['condition']}" for s in studied)
    return out


KIND = Kind(
    name=NAME,
    required={"statement": text},
    optional={k: text for k in ("condition", "population", "intervention", "outcome", "design")},
    check=check,
    summary="a cited source offered as evidence: does it study that condition, population, intervention?",
    claim_fields=("source",),
)
