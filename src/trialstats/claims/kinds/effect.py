"""``effect``: an effect size with any of its estimate, interval, SE and p.

Always checked, with or without a trial (the claim's own numbers against each other): the
estimate inside its interval; the interval centred on the estimate on its own scale (log for
OR/RR/HR, reciprocal for NNT, linear for MD/SMD/d/g and changes; RD intervals are exempt)
after the rounding of the printed digits; p against the interval and against the
SE; the SE against the limits; an SMD interval against the stated n.

With a trial, every stated figure is compared with the data: the reported effect (the one
named by ``outcome``, or the trial's only effect of that measure), a p or SE the data imply
from their interval or SE, or an effect recomputed from the counts the data hold (RR, OR,
RD, NNT). A stated figure with no counterpart is named as not compared. A figure with a
direction word ("11.88 points lower") carries that sign (arm1 − arm2, the data's stated
convention); one with neither sign nor direction word is compared by its size.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd

from ...comparisons import nnt
from ...consistency import from_se, p_from_ci, printed_range, range_matches_printed, smd_ci
from ...continuous import mean_difference, smd
from ...two_proportions import odds_ratio, risk_difference, risk_ratio
from ..context import Context, present
from ..figures import Figure, parse_level
from ..model import Claim
from ._kind import Kind, Outcome, choice, p_value, single, text, whole
from ._shared import attribution, claim_concept, num, proportion_of

NAME = "effect"
MEASURES = ("MD", "SMD", "d", "g", "OR", "RR", "RD", "HR", "NNT", "change", "mean change")
#: the data's name for a stated measure (a within-group change is "mean change" in data/)
_DATA_MEASURE = {"change": "mean change"}
RATIO = ("OR", "RR", "HR")
#: Largest distance of the estimate from the interval's centre on its scale, as a share of
#: the half-width, before the interval counts as placed off-centre (after rounding).
OFF_CENTRE = 0.25
FIGURES = ("estimate", "low", "high", "se", "p")
#: The scale on which each measure's interval is symmetric: log for ratios; reciprocal for an
#: NNT (its interval is 1/the RD interval, so 1/limits are centred on 1/estimate); linear else.
SCALE = {"OR": "log", "RR": "log", "HR": "log", "NNT": "reciprocal"}
_TRANSFORMS = {
    "log": (np.log, np.exp),
    "reciprocal": (lambda x: 1.0 / x, lambda y: 1.0 / y),
    "linear": (lambda x: x, lambda y: y),
}


def _level(value, name):
    return parse_level(value, field=name)


def _printed_text(fig: Figure) -> str:
    """The printed number of a figure, signed, for the engine's printed_range."""
    p = fig.printed
    if p is None:
        return f"{fig.value:g}"
    t = str(p.text).strip()
    if fig.direction == -1 and not t.startswith("-"):
        t = "-" + t
    return t


def _internal(c: Claim, v: dict, out: Outcome) -> None:
    measure = v["measure"]
    ratio = measure in RATIO
    cl = v.get("confidence_level", 0.95)
    n1, n2 = v.get("n1"), v.get("n2")
    f = out.findings
    txt = {k: _printed_text(v[k]) for k in ("estimate", "low", "high", "se") if k in v}
    if "p" in v:
        txt["p"] = v["p"].printed.text if v["p"].printed is not None else str(v["p"].value)
        if v["p"].relation != "=" and not any(ch in txt["p"] for ch in "<>≤≥"):
            txt["p"] = ("< " if v["p"].relation in ("<", "<=") else "> ") + txt["p"]
    has_ci = all(k in v for k in ("estimate", "low", "high"))
    if has_ci:
        e, lo, hi = v["estimate"], v["low"], v["high"]
        scale = SCALE.get(measure, "linear")
        tr, back = _TRANSFORMS[scale]
        if scale == "reciprocal":
            if 0 in (e.low, e.high, lo.low, lo.high, hi.low, hi.high):
                f.failures.append(f"an NNT and its limits cannot be 0 ({e.text}, {lo.text} to {hi.text})")
                return
            # On 1/NNT (the risk difference) the interval is one piece, even when it runs
            # through 'no effect' (NNTH 20 to infinity to NNTB 4 is RD -0.05 to 0.25).
            r_e = sorted((tr(e.low), tr(e.high)))
            r_ends = [tr(x) for x in (lo.low, lo.high, hi.low, hi.high)]
            outside = r_e[1] < min(r_ends) or r_e[0] > max(r_ends)
        else:
            outside = e.high < lo.low or e.low > hi.high
        if outside:
            f.failures.append(f"the estimate {e.text} lies outside its interval {lo.text} to {hi.text}")
            out.steps.append(f.failures[-1])
            return
        f.compared.append("estimate inside its interval")
        if ratio and min(lo.low, e.low) <= 0:
            f.failures.append(f"a {measure} and its limits must be above 0")
            return
        ends = [(tr(a), tr(b)) for a in (lo.low, lo.high) for b in (hi.low, hi.high)]
        mids = [(a + b) / 2 for a, b in ends]
        half = max(abs(b - a) / 2 for a, b in ends)
        e_lo, e_hi = sorted((tr(e.low), tr(e.high)))
        gap = max(0.0, min(mids) - e_hi, e_lo - max(mids))
        if measure == "RD":
            out.steps.append(
                "risk-difference intervals (Newcombe, Wilson) need not be centred: not checked for symmetry"
            )
        elif half > 0 and gap / half > OFF_CENTRE:
            f.failures.append(
                f"the interval {lo.text} to {hi.text} is not centred on {e.text} on the {scale} scale "
                f"(its centre is {float(back(np.mean(mids))):.3g})"
            )
            out.steps.append(f.failures[-1])
        else:
            out.steps.append(
                f"the interval is centred on the estimate on the {scale} scale (within rounding)"
            )
            f.compared.append(f"interval centred on the {scale} scale")
    if has_ci and "p" in v and measure not in ("NNT",):
        lo_p, hi_p = printed_range(
            p_from_ci,
            txt["estimate"],
            txt["low"],
            txt["high"],
            ratio=ratio,
            confidence_level=cl,
            attr="pvalue",
        )
        ok = range_matches_printed(txt["p"], lo_p, hi_p)
        alt = ""
        if not ok and n1 and n2 and not ratio:
            lo_t, hi_t = printed_range(
                p_from_ci,
                txt["estimate"],
                txt["low"],
                txt["high"],
                confidence_level=cl,
                df=n1 + n2 - 2,
                attr="pvalue",
            )
            ok = range_matches_printed(txt["p"], lo_t, hi_t)
            alt = f"; t on {n1 + n2 - 2} df: {lo_t:.3g} to {hi_t:.3g}"
        out.steps.append(
            f"p from the interval (Altman & Bland 2011, normal): {lo_p:.3g} to {hi_p:.3g}{alt} vs stated "
            f"p {txt['p']} — " + ("fits" if ok else "does not fit")
        )
        f.fit(
            ok,
            f"p {txt['p']} fits the interval",
            f"the interval implies p = {lo_p:.3g} to {hi_p:.3g}, not {txt['p']}",
        )
    if "se" in v and "estimate" in v:
        for lim in ("low", "high", "p"):
            if lim not in v:
                continue
            attr = "pvalue" if lim == "p" else lim
            rng = printed_range(
                from_se, txt["estimate"], txt["se"], ratio=ratio, confidence_level=cl, attr=attr
            )
            ok = range_matches_printed(txt[lim], *rng)
            if not ok and n1 and n2 and not ratio:
                rng_t = printed_range(
                    from_se, txt["estimate"], txt["se"], n1 + n2 - 2, confidence_level=cl, attr=attr
                )
                ok = range_matches_printed(txt[lim], *rng_t)
            out.steps.append(
                f"{lim} from estimate and SE: {rng[0]:.4g} to {rng[1]:.4g} vs stated {txt[lim]} — "
                + ("fits" if ok else "does not fit")
            )
            f.fit(
                ok, f"{lim} fits the SE", f"the SE implies {lim} {rng[0]:.4g} to {rng[1]:.4g}, not {txt[lim]}"
            )
    if measure in ("SMD", "d", "g") and "estimate" in v and n1 and n2:
        for lim in ("low", "high"):
            if lim not in v:
                continue
            rng = printed_range(smd_ci, txt["estimate"], n1, n2, confidence_level=cl, attr=lim)
            ok = range_matches_printed(txt[lim], *rng)
            out.steps.append(
                f"{lim} of a {measure} of {txt['estimate']} with n = {n1} + {n2} (metafor SMD variance): "
                f"{rng[0]:.3f} to {rng[1]:.3f} vs stated {txt[lim]} — " + ("fits" if ok else "does not fit")
            )
            f.fit(
                ok,
                f"{lim} fits n = {n1} + {n2}",
                f"with n = {n1} + {n2} the {lim} limit is {rng[0]:.3f} to {rng[1]:.3f}, not {txt[lim]}",
            )


def _compare(name: str, fig: Figure, actual: float, label: str, out: Outcome) -> None:
    signed = fig.direction is not None or (
        fig.printed is not None and str(fig.printed.text).strip()[:1] in "-−+"
    )
    ok = fig.contains(actual)
    how = ""
    if not ok and not signed and name in ("estimate", "low", "high") and fig.contains(-actual):
        ok, how = True, " (compared by size: the claim gives no sign or direction word)"
    out.steps.append(
        f"{name}: stated {fig.text} vs {label} {actual:.4g} — " + ("fits" if ok else "does not fit") + how
    )
    out.findings.fit(
        ok, f"{name} {fig.text} fits {label} {actual:.4g}{how}", f"{name} {fig.text} vs {label} {actual:.4g}"
    )


_RELATIVE_CHANGE = re.compile(r"relative (?:benefit|risk) (?:increase|reduction)|\b(?:rbi|rri|rrr)\b", re.I)


def relative_changes_as_rr(rows: pd.DataFrame) -> pd.DataFrame:
    """Reported relative benefit/risk increases (RBI, RRI = RR − 1) and relative risk
    reductions (RRR = 1 − RR) restated as RR rows (derived, saying how); in percent when the
    printed estimate carries a % sign.

    Examples
    --------
    Brady 2000 per the EBMH synopsis: RBI 64% (16% to 135%) is RR 1.64 (1.16 to 2.35).
    """
    text = rows["analysis"].fillna("").astype(str) + " " + rows["effect_id"].fillna("").astype(str)
    mask = (rows["measure"] == "other") & text.str.contains(_RELATIVE_CHANGE)
    found = rows[mask].copy()
    if found.empty:
        return found
    scale = np.where(found["printed_estimate"].fillna("").astype(str).str.contains("%"), 100.0, 1.0)
    reduction = text[mask].str.contains(r"reduction|\brrr\b", case=False).to_numpy()
    sign = np.where(reduction, -1.0, 1.0)
    est, lo, hi = (1 + sign * found[k].astype(float).to_numpy() / scale for k in ("estimate", "low", "high"))
    found["estimate"] = est
    found["low"] = np.where(reduction, hi, lo)
    found["high"] = np.where(reduction, lo, hi)
    found["measure"] = "RR"
    found["basis"] = "derived"
    found["derivation"] = np.where(
        reduction, "RR = 1 − the reported relative risk reduction", "RR = 1 + the reported relative increase"
    )
    for k in ("se", "p", "printed_estimate", "printed_low", "printed_high"):
        if k in found:
            found[k] = None
    return found


def _against_reported(c: Claim, ctx: Context, trial: str, v: dict, out: Outcome) -> bool:
    measure = v["measure"]
    every = ctx.rows(ctx.table("reported_effects"), trial_id=trial)
    rows = every[every["measure"] == _DATA_MEASURE.get(measure, measure)]
    if measure == "RR":
        rows = pd.concat([rows, relative_changes_as_rr(every)])
    outcome = c.outcome_for(trial)
    if outcome:
        rows = rows[(rows["effect_id"] == outcome) | (rows["outcome_id"] == outcome)]
    if rows.empty:
        return False
    if len(rows) > 1:
        ids = ", ".join(sorted(rows["effect_id"]))
        out.findings.missing.append(
            f"{trial} reports several {measure} effects ({ids}); name one with 'outcome'"
        )
        return True
    r = rows.iloc[0]
    ratio = measure in RATIO
    label = f"{trial} {r['effect_id']} ({'reported' if r.get('basis') != 'derived' else 'derived'})"
    cl = num(r.get("confidence_level"))
    cl = 0.95 if math.isnan(cl) else cl
    data = {k: num(r.get(k)) for k in FIGURES}
    for k in FIGURES:
        if not math.isnan(data[k]):
            out.use(ctx.number(f"{label} {k}", data[k], r))
    if (
        "confidence_level" in v
        and abs(v["confidence_level"] - cl) > 1e-9
        and any(k in v for k in ("low", "high"))
    ):
        out.findings.failures.append(
            f"the claim's {v['confidence_level']:.0%} interval is compared with a {cl:.0%} interval"
        )
    implied: dict[str, tuple[float, str]] = {}
    est, se, lo, hi = data["estimate"], data["se"], data["low"], data["high"]
    p_range: tuple[float, float] | None = None
    if math.isnan(data["p"]) and not math.isnan(est):
        shown = {
            k: str(r.get(f"printed_{k}")) if present(r.get(f"printed_{k}")) else f"{data[k]!r}"
            for k in FIGURES
        }
        if est < 0 and not shown["estimate"].lstrip().startswith(("-", "−")):
            shown["estimate"] = "-" + shown["estimate"]  # printed as a size, stored signed
        if not math.isnan(se):
            p_range = printed_range(from_se, shown["estimate"], shown["se"], ratio=ratio, attr="pvalue")
            implied["p"] = (
                float(from_se(est, se, ratio=ratio).pvalue),
                "p implied by the data's estimate and SE",
            )
        elif not math.isnan(lo) and not math.isnan(hi):
            p_range = printed_range(
                p_from_ci,
                shown["estimate"],
                shown["low"],
                shown["high"],
                ratio=ratio,
                confidence_level=cl,
                attr="pvalue",
            )
            implied["p"] = (
                float(p_from_ci(est, lo, hi, ratio=ratio, confidence_level=cl).pvalue),
                "p implied by the data's interval",
            )
    if math.isnan(se) and not math.isnan(lo) and not math.isnan(hi) and not ratio:
        from scipy.stats import norm

        implied["se"] = ((hi - lo) / (2 * norm.ppf(0.5 + cl / 2)), "SE implied by the data's interval")
    if math.isnan(lo) and not math.isnan(est) and not math.isnan(se):
        e = from_se(est, se, ratio=ratio, confidence_level=v.get("confidence_level", cl))
        implied["low"], implied["high"] = (
            (float(e.low), "lower limit implied by the data's SE"),
            (float(e.high), "upper limit implied by the data's SE"),
        )
    shown = []
    for k in FIGURES:
        if k not in v:
            continue
        if not math.isnan(data[k]):
            if k == "p":
                rel = str(r.get("p_relation")) if present(r.get("p_relation")) else "="
                if rel in ("<", "<="):  # the data say only p < bound: the stated p must reach below it
                    ok = v["p"].low < data[k] and v["p"].relation not in (">", ">=")
                elif rel in (">", ">="):
                    ok = v["p"].high > data[k] and v["p"].relation not in ("<", "<=")
                else:
                    ok = v["p"].contains(data[k])
                out.steps.append(
                    f"p: stated {v['p'].text} vs {label} {data[k]:.3g} — "
                    + ("fits" if ok else "does not fit")
                )
                out.findings.fit(
                    ok, f"p {v['p'].text} fits {label}", f"p {v['p'].text} vs {label} p = {data[k]:.3g}"
                )
            else:
                _compare(k, v[k], data[k], label, out)
            shown.append(f"{k} {data[k]:g}")
        elif k in implied:
            value, how = implied[k]
            if k == "p":
                lo_p, hi_p = p_range if p_range is not None else (value, value)
                # the data's own rounding moves the implied p: any p in [lo_p, hi_p] will do
                ok = v["p"].contains(value) or (v["p"].low <= hi_p and lo_p <= v["p"].high)
                out.steps.append(
                    f"p: stated {v['p'].text} vs {how}: {value:.3g} — " + ("fits" if ok else "does not fit")
                )
                out.findings.fit(
                    ok,
                    f"p {v['p'].text} fits the {how} ({value:.2g})",
                    f"p {v['p'].text} vs the {how}: {value:.2g}",
                )
            else:
                _compare(k, v[k], value, how, out)
            shown.append(f"{k} {value:.3g} (derived)")
        else:
            out.findings.missing.append(
                f"{k} {v[k].text}: {trial} {r['effect_id']} holds no {k} to compare with"
            )
    out.recomputed = f"{measure} " + ", ".join(shown) + f" ({trial} {r['effect_id']})"
    out.values = {k: data[k] for k in FIGURES if not math.isnan(data[k])}
    arm1 = [str(r["arm1"])] if present(r.get("arm1")) else []
    arm2 = [str(r["arm2"])] if present(r.get("arm2")) else []
    attribution(c, ctx, trial, arm1, arm2, out)
    if present(r.get("notes")):
        out.steps.append(f"data note on the sign convention and source: {r['notes']}")
    return True


_FROM_COUNTS = {"RR": risk_ratio, "OR": odds_ratio, "RD": risk_difference}


def _against_counts(c: Claim, ctx: Context, trial: str, v: dict, out: Outcome) -> bool:
    measure = v["measure"]
    if measure not in (*_FROM_COUNTS, "NNT"):
        return False
    table = ctx.two_arm_table(trial, c.outcome_for(trial), concept=claim_concept(c, out, trial))
    if table.empty:
        return False
    if table["outcome_id"].nunique() > 1:
        ids = ", ".join(sorted(set(table["outcome_id"])))
        out.findings.missing.append(
            f"{trial} holds counts for several outcomes ({ids}); name one with 'outcome'"
        )
        return True
    r = table.iloc[0]
    _, x1, n1 = proportion_of(r, "_t")
    _, x2, n2 = proportion_of(r, "_c")
    if x1 is None or x2 is None:
        return False
    if measure == "NNT":
        res = nnt(x1, n1, x2, n2)
        est, lo, hi = float(res.estimate), math.nan, math.nan
        method = "1 / risk difference"
    else:
        res = _FROM_COUNTS[measure](x1, n1, x2, n2)
        est, lo, hi, method = float(res.estimate), float(res.low), float(res.high), res.method
    label = f"{measure} recomputed from {x1}/{n1} vs {x2}/{n2} ({trial} {r['outcome_id']}, {method})"
    out.steps.append(f"{label}: {est:.4g}" + ("" if math.isnan(lo) else f" ({lo:.4g} to {hi:.4g})"))
    for side in ("_t", "_c"):
        row = {k[: -len(side)]: r[k] for k in r.index if k.endswith(side)}
        out.use(ctx.number(f"{trial} {row.get('arm_id')} {r['outcome_id']} events", row.get("events"), row))
    rec = {"estimate": est, "low": lo, "high": hi}
    for k in FIGURES:
        if k not in v:
            continue
        if k in rec and not math.isnan(rec[k]):
            _compare(k, v[k], rec[k], "recomputed", out)
        else:
            out.findings.missing.append(f"{k} {v[k].text}: not recomputed from counts")
    out.recomputed = (
        f"{measure} {est:.3g}"
        + ("" if math.isnan(lo) else f" ({lo:.3g} to {hi:.3g})")
        + f" from {x1}/{n1} vs {x2}/{n2}"
    )
    out.values = {k: x for k, x in rec.items() if not math.isnan(x)}
    attribution(c, ctx, trial, [str(r["arm_id_t"])], [str(r["arm_id_c"])], out)
    return True


def _against_means(c: Claim, ctx: Context, trial: str, v: dict, out: Outcome) -> bool:
    """MD, SMD, d, g from the arms' means and SDs; a within-group change from the arm's row."""
    measure = v["measure"]
    if measure not in ("MD", "SMD", "d", "g", "change", "mean change"):
        return False
    rows = ctx.rows(ctx.table("continuous_outcomes"), trial_id=trial, outcome_id=c.outcome_for(trial))
    if v.get("concept"):
        rows = rows[rows["concept"] == v["concept"]]
    if rows.empty:
        return False
    if rows["outcome_id"].nunique() > 1:
        ids = ", ".join(sorted(set(rows["outcome_id"])))
        out.findings.missing.append(
            f"{trial} holds means for several outcomes ({ids}); name one with 'outcome'"
        )
        return True
    t_arms, c_arms = ctx.arm_ids_for(trial, "treatment"), ctx.arm_ids_for(trial, "control")
    rt, rc = rows[rows["arm_id"].isin(t_arms)], rows[rows["arm_id"].isin(c_arms)]
    if measure in ("change", "mean change"):
        if rt.empty:
            return False
        r = rt.iloc[0]
        label = f"{trial} {r['arm_id']} {r['outcome_id']} {r['statistic']}"
        out.use(ctx.number(f"{label} mean", r["mean"], r))
        rec = {"estimate": num(r["mean"])}
    else:
        if rt.empty or rc.empty:
            return False
        a, b = rt.iloc[0], rc.iloc[0]
        m1, s1, n1, m2, s2, n2 = (
            num(x) for x in (a["mean"], a.get("sd"), a.get("n"), b["mean"], b.get("sd"), b.get("n"))
        )
        label = f"{measure} recomputed from the means of {trial} {a['arm_id']} vs {b['arm_id']}"
        label += f" ({a['outcome_id']})"
        for r in (a, b):
            out.use(ctx.number(f"{trial} {r['arm_id']} {r['outcome_id']} mean", r["mean"], r))
        if all(not math.isnan(x) for x in (s1, n1, s2, n2)):
            func = mean_difference if measure == "MD" else smd
            e = func(m1, s1, int(n1), m2, s2, int(n2))
            rec = {"estimate": float(e.estimate), "low": float(e.low), "high": float(e.high)}
            if getattr(e, "pvalue", None) is not None and measure == "MD":
                rec["p"] = float(e.pvalue)
        elif measure == "MD":
            rec = {"estimate": m1 - m2}
        else:
            return False
    out.steps.append(f"{label}: " + ", ".join(f"{k} {x:.4g}" for k, x in rec.items()))
    for k in FIGURES:
        if k not in v:
            continue
        if k in rec:
            if k == "p":
                ok = v["p"].contains(rec["p"])
                out.findings.fit(
                    ok,
                    f"p {v['p'].text} fits the recomputed t-test",
                    f"p {v['p'].text} vs recomputed {rec['p']:.2g}",
                )
            else:
                _compare(k, v[k], rec[k], "recomputed", out)
        else:
            out.findings.missing.append(f"{k} {v[k].text}: the data hold no SDs to recompute it from")
    out.recomputed = label + ": " + ", ".join(f"{k} {x:.3g}" for k, x in rec.items())
    out.values = rec
    return True


def _counts_note(c: Claim, ctx: Context, trial: str, v: dict, out: Outcome) -> None:
    """Where a reported RR/OR/RD/NNT and the counts both exist, show the recomputed value too."""
    if v["measure"] not in (*_FROM_COUNTS, "NNT"):
        return
    table = ctx.two_arm_table(trial, c.outcome_for(trial), concept=claim_concept(c, out, trial))
    if table.empty or table["outcome_id"].nunique() != 1:
        return
    r = table.iloc[0]
    _, x1, n1 = proportion_of(r, "_t")
    _, x2, n2 = proportion_of(r, "_c")
    if x1 is None or x2 is None:
        return
    res = nnt(x1, n1, x2, n2) if v["measure"] == "NNT" else _FROM_COUNTS[v["measure"]](x1, n1, x2, n2)
    out.steps.append(
        f"for comparison, {v['measure']} recomputed from {x1}/{n1} vs {x2}/{n2}: {float(res.estimate):.4g}"
        + ("" if v["measure"] == "NNT" else f" ({float(res.low):.4g} to {float(res.high):.4g}, {res.method})")
    )
    out.recomputed += f"; recomputed from counts {float(res.estimate):.3g}"


_SIGN_WORDS = (
    "lower",
    "decrease",
    "reduction",
    "reduced",
    "fewer",
    "less",
    "higher",
    "increase",
    "increased",
    "more",
    "greater",
)


def _apply_direction(v: dict) -> None:
    """A stated ``direction`` word signs an unsigned estimate (lower/decrease: negative)."""
    word = str(v.get("direction", "")).lower()
    sign = (
        -1
        if word in ("lower", "decrease", "reduction", "reduced", "fewer", "less")
        else (1 if word in ("higher", "increase", "increased", "more", "greater") else 0)
    )
    e = v.get("estimate")
    if sign and e is not None and e.direction is None and not str(e.text).strip().startswith(("-", "−", "+")):
        v["estimate"] = e if sign > 0 else replace(e, value=-e.value, low=-e.high, high=-e.low, direction=-1)


def check(c: Claim, ctx: Context) -> Outcome:
    v = dict(c.values)
    _apply_direction(v)
    if "direction" in v and (str(v["direction"]).lower() not in _SIGN_WORDS or "estimate" not in v):
        out_note = (
            f"direction '{v['direction']}': not compared (give the estimate a sign or a direction word)"
        )
    else:
        out_note = ""
    out = Outcome(
        steps=[f"stated {v['measure']}: " + ", ".join(f"{k} {v[k].text}" for k in FIGURES if k in v)]
    )
    if out_note:
        out.findings.missing.append(out_note)
    _internal(c, v, out)
    if not c.trials:
        if not out.findings.compared and not out.findings.failures:
            out.findings.missing.append(
                "no trial is named and the claim gives no interval, SE or p to check against each other"
            )
        else:
            out.findings.notes.append(
                "no trial is named: the claim's own numbers were checked against each other, not against data"
            )
        return out
    for trial in c.trials:
        if _against_reported(c, ctx, trial, v, out):
            _counts_note(c, ctx, trial, v, out)
        elif not (_against_counts(c, ctx, trial, v, out) or _against_means(c, ctx, trial, v, out)):
            out.findings.missing.append(
                f"data/ holds no reported {v['measure']} for {trial}, "
                "and no counts or means to recompute it from"
            )
    return out


def _validate(v):
    if not any(k in v for k in FIGURES):
        return "stated", "an effect states at least one of estimate, low, high, se, p"
    if ("low" in v) != ("high" in v):
        return ("stated.high" if "low" in v else "stated.low"), "an interval needs both low and high"
    return None


KIND = Kind(
    name=NAME,
    required={"measure": choice(*MEASURES)},
    optional={
        "estimate": single("estimate alone; the interval's ends in low and high"),
        "low": single("low and high (one figure each)"),
        "high": single("low and high (one figure each)"),
        "se": single(),
        "p": p_value,
        "n1": whole,
        "n2": whole,
        "confidence_level": _level,
        "direction": text,
        "concept": text,
    },
    check=check,
    validate=_validate,
    summary="an effect size with any of estimate, interval, SE and p",
)
