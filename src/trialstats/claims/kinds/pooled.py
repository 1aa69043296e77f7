"""``pooled``: a figure from a meta-analysis (claim-level ``meta`` and optionally
``analysis``, ids of ``meta_pooled``), or a class-level statement (claim-level ``class``,
e.g. SSRI) checked against the trials whose arms belong to the class.

With ``meta``: estimate, low, high, k and n_participants are compared with the pooled row
(several analyses of the meta-analysis and none named → unverifiable, naming them). With
``class`` and ``value`` (a proportion): each trial with an arm of the class and a response
outcome is compared, and the explanation says which fit.
"""

from __future__ import annotations

from ..context import Context
from ..lexicon import names_match
from ..model import Claim
from ._kind import Kind, Outcome, figure, proportion, single, text
from ._shared import num, pct, proportion_of

NAME = "pooled"


def _class_level(c: Claim, ctx: Context, out: Outcome) -> None:
    f = out.findings
    fig = c.values.get("value")
    if fig is None:
        f.missing.append(f"a class-level claim about {c.drug_class} needs a 'value' to compare")
        return
    arms = ctx.table("arms")
    members = arms[arms["intervention"].map(lambda x: names_match(c.drug_class, str(x)))]
    trials = list(c.trials) or sorted(set(members["trial_id"]))
    fits, misses = [], []
    for trial in trials:
        arm_ids = list(members.loc[members["trial_id"] == trial, "arm_id"])
        rows = ctx.binary_rows(trial, c.outcome_for(trial), arm_ids, concept="response")
        if rows.empty or rows["outcome_id"].nunique() != 1:
            f.missing.append(f"{trial}: no single response outcome of a {c.drug_class} arm in data/")
            continue
        for _, r in rows.iterrows():
            p, _, _ = proportion_of(r)
            out.use(ctx.number(f"{trial} {r['arm_id']} {r['outcome_id']}", p * 100, r))
            (fits if fig.contains(p) else misses).append(f"{trial} {pct(p)}")
    out.steps.append(
        f"{c.drug_class} trials in data/: fit {', '.join(fits) or 'none'}; "
        f"outside {', '.join(misses) or 'none'}"
    )
    if fits:
        f.compared.append(f"'{fig.text}' fits {', '.join(fits)}")
    if misses:
        f.failures.append(
            f"'{fig.text}' (covering {fig.covers}) does not fit {', '.join(misses)}"
            + (f" (it fits {', '.join(fits)})" if fits else "")
        )
    out.recomputed = "; ".join(fits + misses)


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=["stated: " + ", ".join(f"{k} {c.stated[k]}" for k in v)])
    f = out.findings
    if c.meta is None:
        if c.drug_class:
            _class_level(c, ctx, out)
        else:
            f.missing.append("a pooled claim needs the claim's 'meta' (a meta_pooled id) or 'class'")
        return out
    rows = ctx.rows(ctx.table("meta_pooled"), meta_id=c.meta, analysis_id=c.analysis)
    if "measure" in v:
        rows = rows[rows["measure"] == v["measure"]]
    if rows.empty:
        f.missing.append(f"meta_pooled holds no row for {c.meta}" + (f" {c.analysis}" if c.analysis else ""))
        return out
    if len(rows) > 1:
        f.missing.append(
            f"{c.meta} has several analyses ({', '.join(rows['analysis_id'])}); name one with 'analysis'"
        )
        return out
    r = rows.iloc[0]
    label = f"{c.meta} {r['analysis_id']}"
    shown = []
    for k in ("estimate", "low", "high", "k", "n_participants"):
        if k not in v:
            continue
        actual = num(r.get(k))
        if actual != actual:
            f.missing.append(f"{k}: {label} holds no {k}")
            continue
        out.use(ctx.number(f"{label} {k}", actual, r))
        fig = v[k]
        ok = fig.contains(actual) if hasattr(fig, "contains") else fig == actual
        f.fit(ok, f"{k} {c.stated[k]} fits {label} {actual:g}", f"{k} {c.stated[k]} vs {label} {actual:g}")
        shown.append(f"{k} {actual:g}")
    if "value" in v:
        f.missing.append(f"value {c.stated['value']}: compared only for a class-level claim")
    out.recomputed = f"{r['measure']} " + ", ".join(shown)
    return out


KIND = Kind(
    name=NAME,
    required={},
    optional={
        "measure": text,
        "estimate": single("estimate alone; the interval's ends in low and high"),
        "low": single("low and high"),
        "high": single("low and high"),
        "k": figure,
        "n_participants": figure,
        "value": proportion,
    },
    check=check,
    summary="a figure from a meta-analysis in meta_pooled, or a class-level figure",
    claim_fields=("meta", "analysis", "class"),
    validate=lambda v: None if v else ("stated", "a pooled claim states at least one figure"),
)
