"""``pooled``: a figure from a meta-analysis (claim-level ``meta`` and optionally
``analysis``, ids of ``meta_pooled``), or a class-level statement (claim-level ``class``,
e.g. SSRI) checked against the trials whose arms belong to the class.

With ``meta``: estimate, low, high, k, n_participants and ``value`` (a proportion, against a
pooled proportion's estimate) are compared with the pooled row (several analyses of the
meta-analysis and none named → unverifiable, naming them). With ``class`` and ``value`` and
no ``meta``: each trial with an arm of the class and an outcome of the claim's concept
(stated, or named by its words) is compared, and the explanation says which fit.
"""

from __future__ import annotations

from ..context import Context
from ..model import Claim
from ._kind import Kind, Outcome, figure, proportion, single, text
from ._shared import class_level, num, pct

NAME = "pooled"


def check(c: Claim, ctx: Context) -> Outcome:
    v = c.values
    out = Outcome(steps=["stated: " + ", ".join(f"{k} {c.stated[k]}" for k in v)])
    f = out.findings
    if c.meta is None:
        if c.drug_class:
            class_level(c, ctx, out)
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
        est = num(r.get("estimate"))
        if str(r.get("scale")) != "proportion":
            f.missing.append(
                f"value {c.stated['value']}: a proportion, but {label} is a {r['measure']} "
                f"({r.get('scale')} scale); state it as estimate, low, high"
            )
        elif est != est:
            f.missing.append(f"value {c.stated['value']}: {label} holds no estimate")
        else:
            out.use(ctx.number(f"{label} estimate", est, r))
            f.fit(
                v["value"].contains(est),
                f"value {c.stated['value']} fits {label} {pct(est)}",
                f"value {c.stated['value']} (covering {v['value'].covers}) vs {label} {pct(est)}",
            )
            shown.append(f"estimate {pct(est)}")
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
