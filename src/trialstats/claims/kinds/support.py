"""``support``: a cited source offered as evidence for a statement — does it study that
condition, population, intervention, outcome and design?

The source is the claim's ``trial`` (or the trial whose primary source is the claim's
``source``). Each stated aspect is compared, word by word after normalisation and common
synonyms (PTSD = posttraumatic stress disorder), with the trial's condition, population,
intervention and comparator, design, and the outcomes the data hold. A source that studied
something else (a depression trial cited for PTSD) is ``misattributed``, saying what it did
study. ``statement`` is shown, not parsed.
"""

from __future__ import annotations

import re

from ..context import Context, present
from ..lexicon import norm
from ..model import Claim
from ._kind import Kind, Outcome, text

NAME = "support"
_SYNONYMS = {
    "ptsd": "posttraumatic stress disorder",
    "post traumatic stress disorder": "posttraumatic stress disorder",
    "mdd": "major depression",
    "major depressive disorder": "major depression",
    "depressive": "depression",
    "trd": "treatment resistant depression",
    "rct": "randomized",
    "randomised": "randomized",
    "iv": "intravenous",
    "veteran": "veterans",
}
_STOP = {
    "the",
    "a",
    "an",
    "of",
    "with",
    "and",
    "or",
    "in",
    "for",
    "to",
    "on",
    "people",
    "patients",
    "adults",
    "participants",
    "who",
    "had",
    "have",
    "disorder",
    "symptoms",
    "treatment",
    "trial",
    "study",
}


def _canon(t: str) -> str:
    s = " " + norm(t) + " "
    for a, b in _SYNONYMS.items():
        s = re.sub(rf"\b{a}\b", b, s)
    return s


def _covers(stated: str, actual: str) -> bool:
    words = [w for w in _canon(stated).split() if w not in _STOP]
    have = _canon(actual)
    return bool(words) and all(re.search(rf"\b{re.escape(w)}", have) for w in words)


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=[f"statement: {v['statement']}"])
    f = out.findings
    trials = list(c.trials)
    if not trials and c.source:
        t = ctx.table("trials")
        trials = list(t.loc[t["primary_source_id"] == c.source, "trial_id"])
    if not trials:
        f.missing.append("no trial in data/ is linked to the cited source, so what it studied is unknown")
        return out
    aspects = [k for k in ("condition", "population", "intervention", "outcome", "design") if k in v]
    if not aspects:
        f.missing.append(
            "the claim states no condition, population, intervention, outcome or design to compare"
        )
        return out
    for trial in trials:
        t = ctx.trial_row(trial)
        if t is None:
            f.missing.append(f"data/ has no trial {trial}")
            continue
        arms = ctx.arms(trial)
        outcomes = []
        for name in ("binary_outcomes", "continuous_outcomes", "reported_effects"):
            rows = ctx.rows(ctx.table(name), trial_id=trial)
            for col in ("definition", "scale", "analysis", "outcome_id", "concept"):
                if col in rows.columns:
                    outcomes += [str(x) for x in rows[col].dropna()]
        fields = {
            "condition": " ".join(str(t.get(k)) for k in ("condition", "short_title") if present(t.get(k))),
            "population": " ".join(str(t.get(k)) for k in ("population", "condition") if present(t.get(k))),
            "intervention": " ".join(
                [str(t.get("intervention") or ""), *map(str, arms["intervention"].dropna())]
            ),
            "outcome": " ".join(outcomes),
            "design": " ".join(
                str(t.get(k)) for k in ("design", "short_title", "notes") if present(t.get(k))
            ),
        }
        out.use(ctx.number(f"{trial} (what it studied)", 1.0, t, source_col="primary_source_id"))
        for k in aspects:
            ok = _covers(v[k], fields[k])
            shown = fields[k] if len(fields[k]) < 160 else fields[k][:157] + "..."
            out.steps.append(
                f"{k}: stated '{v[k]}'; {trial} studied '{shown}' — " + ("fits" if ok else "does not fit")
            )
            if ok:
                f.compared.append(f"{k} '{v[k]}' fits {trial}")
            else:
                f.misattributions.append(f"{trial} studied {k} '{shown}', not '{v[k]}'")
    out.recomputed = "; ".join(
        f"{tr}: {ctx.trial_row(tr).get('condition')}" for tr in trials if ctx.trial_row(tr) is not None
    )
    return out


KIND = Kind(
    name=NAME,
    required={"statement": text},
    optional={k: text for k in ("condition", "population", "intervention", "outcome", "design")},
    check=check,
    summary="a cited source offered as evidence: does it study that condition, population, intervention?",
    claim_fields=("source",),
)
