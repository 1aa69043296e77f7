"""The check behind each claim kind: recompute from ``data/`` and decide the verdict.

Each ``check_<kind>(claim, data)`` returns a :class:`~trialstats.claims.ClaimResult` whose
``steps`` spell out the working. Engine functions are looked up through
:func:`trialstats.claims.engine`, so a missing engine makes the claim ``unverifiable``
with that reason instead of failing the whole run.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from .claims import Claim, ClaimResult, DataTables, Point, engine
from .claims_figures import Figure, evaluate_expression

__all__ = [
    "check_arithmetic",
    "check_citation",
    "check_count",
    "check_effect",
    "check_median_time",
    "check_proportion",
    "check_two_proportions",
    "journals_match",
    "names_match",
    "pages_match",
]

_RATIO_MEASURES = ("OR", "RR", "HR")
_TO_DAYS = {"hours": 1 / 24, "days": 1.0, "weeks": 7.0, "months": 365.25 / 12}


# -- small helpers ---------------------------------------------------------------------------


def _present(v: Any) -> bool:
    if v is None or v is pd.NA:
        return False
    if isinstance(v, float) and math.isnan(v):
        return False
    return not (isinstance(v, str) and not v.strip())


def _num(v: Any) -> float:
    return float(v) if _present(v) else math.nan


def _pct(p: float, digits: int = 1) -> str:
    return "NA" if p is None or math.isnan(p) else f"{100 * p:.{digits}f}%"


def _rows(frame: pd.DataFrame, **equal: Any) -> pd.DataFrame:
    for col, value in equal.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            frame = frame[frame[col].isin(list(value))]
        else:
            frame = frame[frame[col] == value]
    return frame


def _arms(data: DataTables, trial: str) -> pd.DataFrame:
    return _rows(data.table("arms"), trial_id=trial)


def _arm_ids(data: DataTables, trial: str, role: str, stated: str | None) -> list[str]:
    if stated:
        return [stated]
    arms = _arms(data, trial)
    ids = list(arms.loc[arms["role"] == role, "arm_id"])
    if not ids and role == "treatment":
        ids = list(arms.loc[arms["role"] == "single", "arm_id"])
    return ids


def _arm_text(data: DataTables, trial: str, arm_id: str) -> str:
    arm = _rows(_arms(data, trial), arm_id=arm_id)
    if arm.empty:
        return arm_id
    r = arm.iloc[0]
    return str(r.get("intervention") or r.get("label") or arm_id)


def _result(c: Claim, verdict: str, explanation: str, steps: list[str], **kw: Any) -> ClaimResult:
    sources = tuple(dict.fromkeys(s for s in kw.pop("sources", ()) if _present(s)))
    return ClaimResult(c, verdict, explanation, steps=tuple(steps), sources=sources, **kw)


def _fraction_point(
    label: str, fig: Figure, p: float, low: float = math.nan, high: float = math.nan
) -> Point:
    return Point(
        label, 100 * fig.low, 100 * min(fig.high, 1.0), 100 * fig.value, 100 * p, 100 * low, 100 * high, "%"
    )


_GENERIC = {
    "control",
    "group",
    "arm",
    "arms",
    "infusion",
    "infusions",
    "repeated",
    "single",
    "dose",
    "doses",
    "intravenous",
    "iv",
    "treatment",
    "condition",
    "the",
    "a",
    "an",
    "of",
    "with",
    "standard",
    "low",
    "high",
    "drug",
    "and",
    "or",
    "mg",
    "kg",
    "mg/kg",
    "patients",
    "those",
    "receiving",
    "given",
    "on",
}
_PLACEBO_WORDS = {
    "placebo",
    "a placebo",
    "placebo group",
    "inactive placebo",
    "saline placebo",
    "saline",
    "sugar pill",
    "dummy",
}
_ACTIVE_WORDS = {
    "active control",
    "active placebo",
    "psychoactive control",
    "active comparator",
    "active placebo control",
    "active psychoactive control",
}


# A document may name a drug class where data/ names the drug: the class fits any member.
_DRUG_CLASSES = {
    "ssri": ("sertraline", "paroxetine", "fluoxetine", "fluvoxamine", "citalopram", "escitalopram"),
    "snri": ("venlafaxine", "desvenlafaxine", "duloxetine", "levomilnacipran", "milnacipran"),
}
_DRUG_CLASSES["ssris"] = _DRUG_CLASSES["ssri"]
_DRUG_CLASSES["snris"] = _DRUG_CLASSES["snri"]
_DRUG_CLASSES["selective serotonin reuptake inhibitor"] = _DRUG_CLASSES["ssri"]
_DRUG_CLASSES["selective serotonin reuptake inhibitors"] = _DRUG_CLASSES["ssri"]


def _is_placebo_arm(text: str) -> bool:
    t = text.lower()
    return ("placebo" in t or "saline" in t) and "active" not in t


def names_match(stated: str, arm_text: str) -> bool:
    """Whether the document's name for an arm ('placebo', 'midazolam') fits the arm in data/.

    "placebo" fits only an arm whose intervention is an (inactive) placebo or saline;
    "active control"/"active placebo" fits any arm that is not; any other name must have
    each of its distinctive words (drug names, not 'dose' or 'group') in the arm's text.

    Examples
    --------
    >>> names_match("placebo", "midazolam 0.045 mg/kg"), names_match("midazolam", "midazolam 0.045 mg/kg")
    (False, True)
    >>> names_match("SSRI", "sertraline hydrochloride 50-200 mg/day"), names_match("SSRI", "ketamine IV")
    (True, False)
    """
    s = re.sub(r"\s+", " ", stated.lower().strip())
    if s in _PLACEBO_WORDS:
        return _is_placebo_arm(arm_text)
    if s in _ACTIVE_WORDS:
        return not _is_placebo_arm(arm_text)
    if s in _DRUG_CLASSES:
        return any(drug in arm_text.lower() for drug in _DRUG_CLASSES[s])
    words = [
        w for w in re.findall(r"[a-z0-9/.-]+", s) if w not in _GENERIC and not re.fullmatch(r"[\d.]+", w)
    ]
    text = arm_text.lower()
    return all(w in text for w in words)


def _attribution(
    c: Claim, data: DataTables, trial: str, treatment: list[str], control: list[str], steps: list[str]
) -> list[str]:
    """Compare the stated intervention/comparator with the trial's arms; return the mismatches."""
    problems = []
    for key, arm_ids, role in (("intervention", treatment, "treatment"), ("comparator", control, "control")):
        stated = c.stated.get(key)
        if not stated:
            continue
        if not arm_ids:
            arm_ids = _arm_ids(data, trial, role, None)
        texts = [_arm_text(data, trial, a) for a in arm_ids]
        if not texts:
            steps.append(f"the document names the {key} '{stated}', but {trial} has no {role} arm in data/")
            problems.append(f"{trial} has no {role} arm, yet the document names a {key} '{stated}'")
            continue
        if any(names_match(str(stated), t) for t in texts):
            steps.append(
                f"{key}: the document says '{stated}'; {trial}'s {role} arm is {' / '.join(texts)} — fits"
            )
        else:
            steps.append(
                f"{key}: the document says '{stated}'; {trial}'s {role} arm is {' / '.join(texts)} — "
                "does not fit"
            )
            problems.append(
                f"the document calls the {key} '{stated}', whereas in {trial} it was {' / '.join(texts)}"
            )
    return problems


def _counts(fig: Figure, n: int) -> list[int]:
    """The counts k of n whose k/n the figure covers (engine's counts_for_percent for printed %)."""
    if fig.form == "percent" and fig.relation == "=" and fig.printed is not None:
        counts_for_percent = engine("consistency", "counts_for_percent")
        return [int(k) for k in counts_for_percent(fig.printed.text, n)]
    k = np.arange(n + 1)
    p = k / n
    return [int(v) for v in k[[fig.contains(float(x)) for x in p]]]


def _smallest_n(fig: Figure, max_n: int = 1000) -> tuple[int, int] | None:
    """The smallest n (and a count k) that can produce the figure."""
    if fig.form == "percent" and fig.relation == "=" and fig.printed is not None:
        sizes = engine("consistency", "sample_sizes_for_percent")(fig.printed.text, max_n=max_n)
        if len(sizes) == 0:
            return None
        n = int(sizes[0])
        return n, _counts(fig, n)[0]
    n = np.arange(1, max_n + 1)
    k_lo = np.maximum(np.ceil(fig.low * n - 1e-9), 0 if fig.relation != ">" else np.floor(fig.low * n) + 1)
    k_hi = np.minimum(np.floor(fig.high * n + 1e-9), n if fig.relation != "<" else np.ceil(fig.high * n) - 1)
    ok = np.flatnonzero(k_lo <= k_hi)
    if ok.size == 0:
        return None
    i = int(ok[0])
    return int(n[i]), int(k_lo[i])


def _what_can_be_said(fig: Figure) -> tuple[str, Point | None]:
    if fig.form == "verbal":
        # The smallest n behind a word such as "half" is 2, which says nothing: give the range instead.
        return f"'{fig.text}' stands for {fig.covers}; without a denominator no interval can be given", None
    found = _smallest_n(fig)
    if found is None:
        return f"no group of up to 1,000 people gives {fig.text}", None
    n, k = found
    ci = engine("proportions", "proportion_ci")(k, n)
    text = (
        f"{fig.text} needs at least {n} people ({k} of {n} = {_pct(k / n)}); at that n the 95% Wilson "
        f"interval is {_pct(ci.low)} to {_pct(ci.high)}"
    )
    return text, _fraction_point(f"{fig.text} (smallest n = {n})", fig, k / n, ci.low, ci.high)


def _binary_rows(data: DataTables, trial: str, outcome: str | None, arm_ids: list[str]) -> pd.DataFrame:
    return _rows(data.table("binary_outcomes"), trial_id=trial, outcome_id=outcome, arm_id=arm_ids or None)


def _proportion_of(row: pd.Series) -> tuple[float, int | None, int | None]:
    events, n = _num(row.get("events")), _num(row.get("n"))
    if not math.isnan(events) and not math.isnan(n) and n > 0:
        return events / n, int(events), int(n)
    return _num(row.get("percent")) / 100, None, None


def _show_row(row: pd.Series) -> str:
    p, k, n = _proportion_of(row)
    shown = f"{_pct(p)} ({k}/{n})" if k is not None else f"{_pct(p)} (printed {row.get('printed')})"
    return f"{row['trial_id']} {row['arm_id']} {row['outcome_id']}: {shown}"


# -- proportion ------------------------------------------------------------------------------


def check_proportion(c: Claim, data: DataTables) -> ClaimResult:
    fig = c.figure("value", proportion=True)
    steps = [f"stated '{fig.text}' covers {fig.covers} ({fig.tolerance})"]
    if "n" in c.stated:
        n = int(float(str(c.stated["n"]).replace(",", "")))
        ks = _counts(fig, n)
        if not ks:
            near = round(fig.value * n)
            steps.append(f"no whole count out of {n} gives {fig.text}: {near}/{n} = {_pct(near / n)}")
            return _result(
                c,
                "inconsistent",
                f"No count out of n = {n} gives {fig.text} (nearest: {near}/{n} = {_pct(near / n)}).",
                steps,
                recomputed=f"{near}/{n} = {_pct(near / n)}",
            )
        k = min(ks, key=lambda v: abs(v / n - fig.value))
        ci = engine("proportions", "proportion_ci")(k, n)
        steps.append(f"counts out of {n} that give {fig.text}: {ks}; {k}/{n} = {_pct(k / n)}")
        steps.append(f"95% Wilson interval for {k}/{n}: {_pct(ci.low)} to {_pct(ci.high)}")
        return _result(
            c,
            "consistent",
            f"{k} of {n} = {_pct(k / n)} gives {fig.text}.",
            steps,
            recomputed=f"{k}/{n} = {_pct(k / n)}",
            interval=f"{_pct(ci.low)} to {_pct(ci.high)}",
            points=(_fraction_point(c.id, fig, k / n, ci.low, ci.high),),
        )
    if not c.trials:
        said, point = _what_can_be_said(fig)
        steps.append(f"no denominator and no trial: {said}")
        return _result(
            c,
            "unverifiable",
            f"No denominator is given and no trial or source is named, so "
            f"{fig.text} cannot be checked. What can be said: {said}.",
            steps,
            points=(point,) if point else (),
        )
    proportion_ci = engine("proportions", "proportion_ci")
    failures, missing, matches, recomputed, points, sources, problems = [], [], [], [], [], [], []
    for trial in c.trials:
        arm_ids = _arm_ids(data, trial, "treatment", c.stated.get("arm"))
        outcome = c.outcome_for(trial)
        rows = _binary_rows(data, trial, outcome, arm_ids)
        if rows.empty:
            missing.append(f"{trial} ({outcome or 'any binary outcome'}, arm {', '.join(arm_ids) or '?'})")
            steps.append(f"{trial}: data/ holds no binary outcome {outcome or ''} for arm(s) {arm_ids}")
            continue
        # Without an outcome id, the claim is consistent if one outcome fits on every arm.
        groups = list(rows.groupby("outcome_id", sort=True))
        best: tuple[str, list[tuple[pd.Series, float, bool]]] | None = None
        for out_id, g in groups:
            checked = [(r, _proportion_of(r)[0], fig.contains(_proportion_of(r)[0])) for _, r in g.iterrows()]
            if best is None or all(ok for *_, ok in checked):
                best = (str(out_id), checked)
                if all(ok for *_, ok in checked):
                    break
        assert best is not None
        for r, p, ok in best[1]:
            sources.append(r.get("source_id"))
            _, k, n = _proportion_of(r)
            interval = ""
            lo = hi = math.nan
            if k is not None:
                ci = proportion_ci(k, n)
                lo, hi = ci.low, ci.high
                interval = f"{_pct(lo)} to {_pct(hi)}"
            steps.append(
                f"{_show_row(r)}"
                + (f", 95% Wilson {interval}" if interval else "")
                + (" — fits" if ok else f" — outside {fig.covers}")
            )
            recomputed.append(
                _show_row(r)
                if len(c.trials) > 1 or len(best[1]) > 1
                else (f"{_pct(p)} ({k}/{n})" if k is not None else _pct(p))
            )
            points.append(_fraction_point(f"{trial} {r['arm_id']}", fig, p, lo, hi))
            (matches if ok else failures).append(_show_row(r))
        problems += _attribution(c, data, trial, arm_ids, [], steps)
    rec = "; ".join(recomputed)
    interval = (
        ""
        if len(points) != 1
        else ("" if math.isnan(points[0].low) else f"{points[0].low:.1f}% to {points[0].high:.1f}%")
    )
    kw = dict(recomputed=rec, interval=interval, points=tuple(points), sources=sources)
    if failures:
        return _result(
            c,
            "inconsistent",
            f"{fig.text} (covering {fig.covers}) does not fit {'; '.join(failures)}.",
            steps,
            **kw,
        )
    if missing:
        said = ""
        if not matches:
            said_text, _ = _what_can_be_said(fig)
            said = f" What can be said: {said_text}."
        return _result(
            c,
            "unverifiable",
            f"data/ holds no figure for {'; '.join(missing)}"
            + (f" (the others fit: {'; '.join(matches)})" if matches else "")
            + "."
            + said,
            steps,
            **kw,
        )
    if problems:
        return _result(
            c,
            "misattributed",
            f"The figure fits ({'; '.join(matches)}), but {'; '.join(problems)}.",
            steps,
            **kw,
        )
    return _result(c, "consistent", f"{fig.text} fits {'; '.join(matches)}.", steps, **kw)


# -- two proportions -------------------------------------------------------------------------


def check_two_proportions(c: Claim, data: DataTables) -> ClaimResult:
    tf = c.figure("treatment", proportion=True)
    cf = c.figure("control", proportion=True)
    steps = [f"stated treatment '{tf.text}' covers {tf.covers}; control '{cf.text}' covers {cf.covers}"]
    if len(c.trials) != 1:
        parts = []
        for fig in (tf, cf):
            said, _ = _what_can_be_said(fig)
            parts.append(said)
        steps.append("no single trial named: " + "; ".join(parts))
        return _result(
            c,
            "unverifiable",
            "The claim names no single trial in data/, so the figures cannot be "
            f"checked. What can be said: {'; '.join(parts)}.",
            steps,
        )
    trial = c.trials[0]
    t_arms = _arm_ids(data, trial, "treatment", c.stated.get("treatment_arm"))
    c_arms = _arm_ids(data, trial, "control", c.stated.get("control_arm"))
    table = _rows(data.table("binary_outcomes"), trial_id=trial, outcome_id=c.outcome_for(trial))
    candidates = []
    for out_id, g in table.groupby("outcome_id", sort=True):
        for ta in t_arms:
            for ca in c_arms:
                rt, rc = _rows(g, arm_id=ta), _rows(g, arm_id=ca)
                if rt.empty or rc.empty:
                    continue
                rt, rc = rt.iloc[0], rc.iloc[0]
                p1, p2 = _proportion_of(rt)[0], _proportion_of(rc)[0]
                candidates.append((tf.contains(p1) + cf.contains(p2), str(out_id), ta, ca, rt, rc, p1, p2))
    if not candidates:
        what = c.outcome_for(trial) or "a binary outcome"
        steps.append(
            f"data/ holds no {what} for both a treatment arm {t_arms} and a control arm {c_arms} of {trial}"
        )
        return _result(
            c,
            "unverifiable",
            f"data/ holds no {what} of {trial} for both arms, so the figures cannot be checked.",
            steps,
        )
    candidates.sort(key=lambda t: -t[0])
    _, out_id, ta, ca, rt, rc, p1, p2 = candidates[0]
    steps.append(f"{trial}, outcome {out_id}: treatment {_show_row(rt)}; control {_show_row(rc)}")
    ok1, ok2 = tf.contains(p1), cf.contains(p2)
    steps.append(
        f"treatment {_pct(p1)} {'fits' if ok1 else 'does not fit'} '{tf.text}'; control {_pct(p2)} "
        f"{'fits' if ok2 else 'does not fit'} '{cf.text}'"
    )
    _, x1, n1 = _proportion_of(rt)
    _, x2, n2 = _proportion_of(rc)
    interval = ""
    points = [_fraction_point(f"{trial} {ta}", tf, p1), _fraction_point(f"{trial} {ca}", cf, p2)]
    if x1 is not None and x2 is not None:
        ci1 = engine("proportions", "proportion_ci")(x1, n1)
        ci2 = engine("proportions", "proportion_ci")(x2, n2)
        points = [
            _fraction_point(f"{trial} {ta}", tf, p1, ci1.low, ci1.high),
            _fraction_point(f"{trial} {ca}", cf, p2, ci2.low, ci2.high),
        ]
        rd = engine("two_proportions", "risk_difference")(x1, n1, x2, n2)
        interval = (
            f"difference {100 * rd.estimate:.1f} points, 95% CI {100 * rd.low:.1f} to "
            f"{100 * rd.high:.1f} ({rd.method})"
        )
        steps.append(f"risk difference {x1}/{n1} − {x2}/{n2}: {interval}")
    recomputed = (
        f"{_pct(p1)}"
        + (f" ({x1}/{n1})" if x1 is not None else "")
        + f" vs {_pct(p2)}"
        + (f" ({x2}/{n2})" if x2 is not None else "")
    )
    problems = _attribution(c, data, trial, [ta], [ca], steps)
    kw = dict(
        recomputed=recomputed,
        interval=interval,
        points=tuple(points),
        sources=[rt.get("source_id"), rc.get("source_id")],
    )
    if not (ok1 and ok2):
        bad = [
            f"{label} '{f.text}' vs {_pct(p)}"
            for label, f, p, ok in (("treatment", tf, p1, ok1), ("control", cf, p2, ok2))
            if not ok
        ]
        extra = f" Also, {'; '.join(problems)}." if problems else ""
        return _result(c, "inconsistent", f"{trial} {out_id}: {'; '.join(bad)}.{extra}", steps, **kw)
    if problems:
        return _result(
            c,
            "misattributed",
            f"The numbers are {trial}'s ({recomputed}), but {'; '.join(problems)}.",
            steps,
            **kw,
        )
    return _result(
        c, "consistent", f"{trial} {out_id}: {recomputed} fits '{tf.text}' vs '{cf.text}'.", steps, **kw
    )


# -- median time -----------------------------------------------------------------------------


def check_median_time(c: Claim, data: DataTables) -> ClaimResult:
    fig = c.figure("value")
    unit = fig.unit or "days"
    steps = [f"stated '{fig.text}' covers {fig.covers} {unit} ({fig.tolerance})"]
    if len(c.trials) != 1:
        steps.append("no single trial named")
        return _result(
            c,
            "unverifiable",
            "The claim names no single trial in data/, so the median cannot be checked.",
            steps,
        )
    trial = c.trials[0]
    arm_ids = _arm_ids(data, trial, "treatment", c.stated.get("arm"))
    rows = _rows(
        data.table("relapse"), trial_id=trial, relapse_id=c.outcome_for(trial), arm_id=arm_ids or None
    )
    rows = rows[rows["statistic"] == "median"]
    if rows.empty:
        steps.append(f"data/ holds no median time for {trial} arm(s) {arm_ids}")
        return _result(
            c,
            "unverifiable",
            f"data/ holds no median time for {trial} (arm {', '.join(arm_ids)}), so "
            f"{fig.text} cannot be checked.",
            steps,
        )
    results = []
    for _, r in rows.iterrows():
        factor = _TO_DAYS[str(r["unit"])] / _TO_DAYS.get(unit, 1.0)
        value = _num(r["value"]) * factor
        lo, hi = _num(r.get("low")) * factor, _num(r.get("high")) * factor
        how = "as printed in the source"
        if math.isnan(lo) and _present(r.get("events")) and _num(r.get("events")) >= 1:
            est = engine("survival", "exponential_median")(value, int(_num(r["events"])))
            lo, hi, how = (
                est.low,
                est.high,
                f"exponential model on {int(_num(r['events']))} events ({est.method})",
            )
        ok = fig.contains(value)
        printed = r.get("printed_value") if _present(r.get("printed_value")) else f"{_num(r['value']):g}"
        steps.append(
            f"{trial} {r['arm_id']} ({r['population']}): median {printed} {r['unit']}"
            + (f" = {value:.4g} {unit}" if factor != 1 else "")
            + ("" if math.isnan(lo) else f"; 95% interval {lo:.1f} to {hi:.1f} {unit} ({how})")
            + (" — fits" if ok else f" — outside {fig.covers}")
        )
        results.append((ok, r, value, lo, hi))
    results.sort(key=lambda t: not t[0])
    ok, r, value, lo, hi = results[0]
    problems = _attribution(c, data, trial, [str(r["arm_id"])], [], steps)
    kw = dict(
        recomputed=f"{value:g} {unit} ({r['arm_id']}, {r['population']})",
        interval="" if math.isnan(lo) else f"{lo:.1f} to {hi:.1f} {unit}",
        points=(Point(c.id, fig.low, fig.high, fig.value, value, lo, hi, unit),),
        sources=[r.get("source_id")],
    )
    if not ok:
        return _result(
            c, "inconsistent", f"{trial}'s median is {value:g} {unit}, not {fig.text}.", steps, **kw
        )
    if problems:
        return _result(c, "misattributed", f"The median fits, but {'; '.join(problems)}.", steps, **kw)
    return _result(
        c,
        "consistent",
        f"{trial}'s median of {value:g} {unit} ({r['population']}) fits {fig.text}.",
        steps,
        **kw,
    )


# -- count -----------------------------------------------------------------------------------


def check_count(c: Claim, data: DataTables) -> ClaimResult:
    fig = c.figure("value")
    what = c.stated.get("what", "randomized")
    steps = [f"stated '{fig.text}' ({what}) covers {fig.covers}"]
    if len(c.trials) != 1:
        steps.append("no single trial named")
        return _result(
            c,
            "unverifiable",
            f"The claim names no trial or source in data/, so '{fig.text}' cannot be checked.",
            steps,
        )
    trial = c.trials[0]
    arm = c.stated.get("arm")
    value, where, sources = math.nan, "", []
    if what in ("infusions", "weeks"):
        arm_ids = _arm_ids(data, trial, "treatment", arm)
        arms = _rows(_arms(data, trial), arm_id=arm_ids)
        trow = _rows(data.table("trials"), trial_id=trial)
        trial_text = (
            str(trow.iloc[0]["intervention"])
            if not trow.empty and _present(trow.iloc[0].get("intervention"))
            else ""
        )
        for _, r in arms.iterrows():
            schedule = " ".join(str(r.get(k)) for k in ("dose", "intervention") if _present(r.get(k)))
            if _schedule_number(schedule, what) is None and trial_text:
                schedule = f"{schedule}; {trial_text}"  # the trial's own description of the schedule
            found = _schedule_number(schedule, what)
            if found is not None:
                value, where = found, f"{what} in {trial} arm {r['arm_id']} (schedule '{schedule}')"
                sources.append(r.get("source_id"))
                break
    elif what == "events":
        arm_ids = _arm_ids(data, trial, "treatment", arm)
        rows = _binary_rows(data, trial, c.outcome_for(trial), arm_ids)
        if not rows.empty and _present(rows.iloc[0].get("events")):
            value = _num(rows.iloc[0]["events"])
            where = f"events in {trial} {rows.iloc[0]['arm_id']} {rows.iloc[0]['outcome_id']}"
            sources.append(rows.iloc[0].get("source_id"))
    else:
        col = f"n_{what}"
        arms = _arms(data, trial)
        if arm:
            row = _rows(arms, arm_id=arm)
            if not row.empty and _present(row.iloc[0].get(col)):
                value, where = _num(row.iloc[0][col]), f"{what} in {trial} arm {arm}"
                sources.append(row.iloc[0].get("source_id"))
        else:
            trow = _rows(data.table("trials"), trial_id=trial)
            if what == "randomized" and not trow.empty and _present(trow.iloc[0].get("n_randomized")):
                value, where = _num(trow.iloc[0]["n_randomized"]), f"{trial}: randomized (trials table)"
                sources.append(trow.iloc[0].get("primary_source_id"))
            elif not arms.empty and arms[col].notna().all():
                value = float(arms[col].sum())
                where = f"{trial}: {what}, summed over arms " + " + ".join(
                    f"{a} {int(v)}" for a, v in zip(arms["arm_id"], arms[col], strict=True)
                )
                sources += list(arms["source_id"])
    if math.isnan(value):
        steps.append(f"data/ holds no count of {what} for {trial}" + (f" arm {arm}" if arm else ""))
        return _result(
            c,
            "unverifiable",
            f"data/ holds no count of {what} for {trial}" + (f" arm {arm}" if arm else "") + ".",
            steps,
        )
    ok = fig.contains(value)
    steps.append(
        f"{where}: {int(value) if value.is_integer() else value}" + (" — fits" if ok else " — does not fit")
    )
    problems = _attribution(c, data, trial, [arm] if arm else [], [], steps)
    kw = dict(
        recomputed=f"{value:g}",
        points=(Point(c.id, fig.low, fig.high, fig.value, value, unit=what),),
        sources=sources,
    )
    if not ok:
        return _result(c, "inconsistent", f"{where} is {value:g}, not {fig.text}.", steps, **kw)
    if problems:
        return _result(c, "misattributed", f"The count fits, but {'; '.join(problems)}.", steps, **kw)
    return _result(c, "consistent", f"{where} is {value:g}, which fits '{fig.text}'.", steps, **kw)


def _schedule_number(text: str, what: str) -> float | None:
    """The number of infusions ('6 infusions', 'six infusions') or the course length in weeks
    ('over 2 weeks', 'over 12 days') in an arm's printed schedule."""
    from .claims_figures import _word_number

    t = text.lower().replace("-", " ")
    if what == "infusions":
        m = re.search(r"\b(\w+) (?:\w+ )?infusions?\b", t)
        if m and _word_number(m.group(1)) is not None:
            return float(_word_number(m.group(1)))
        if re.search(r"\b(single|one) (?:\w+ )?infusion\b", t):
            return 1.0
        return None
    m = re.search(r"\bover (\w+) (?:consecutive )?(weeks?|days?)\b", t)
    if m and _word_number(m.group(1)) is not None:
        n = float(_word_number(m.group(1)))
        return n if m.group(2).startswith("week") else n / 7
    return None


# -- effect ----------------------------------------------------------------------------------


def check_effect(c: Claim, data: DataTables) -> ClaimResult:
    s = c.stated
    measure = s["measure"]
    ratio = measure in _RATIO_MEASURES
    cl = float(s.get("confidence_level", 0.95))
    scale = "log" if ratio else "linear"
    txt = {k: str(s[k]) for k in ("estimate", "low", "high", "se", "p") if k in s}
    fig = {k: c.figure(k) for k in txt}
    n1 = int(s["n1"]) if "n1" in s else None
    n2 = int(s["n2"]) if "n2" in s else None
    steps = [
        f"stated {measure}: "
        + ", ".join(f"{k} {v}" for k, v in txt.items())
        + (f"; n1 = {n1}, n2 = {n2}" if n1 else "")
    ]
    failures: list[str] = []
    passed: list[str] = []

    def cons(name: str) -> Any:
        return engine("consistency", name)

    has_ci = all(k in txt for k in ("estimate", "low", "high"))
    if has_ci:
        e, lo, hi = fig["estimate"], fig["low"], fig["high"]
        if e.high < lo.low or e.low > hi.high:
            failures.append(
                f"the estimate {txt['estimate']} lies outside its interval {txt['low']} to {txt['high']}"
            )
            steps.append(failures[-1])
        else:
            tr = np.log if ratio else (lambda v: v)
            with np.errstate(divide="ignore", invalid="ignore"):
                mids = [(tr(a) + tr(b)) / 2 for a in (lo.low, lo.high) for b in (hi.low, hi.high)]
                est_range = (tr(max(e.low, 1e-300)) if ratio else e.low, tr(e.high))
            mlo, mhi = min(mids), max(mids)
            sym = est_range[1] >= mlo - 1e-9 and est_range[0] <= mhi + 1e-9
            steps.append(
                f"estimate vs interval on the {scale} scale: the interval's midpoint is "
                f"{(np.exp(mlo) if ratio else mlo):.4g} to {(np.exp(mhi) if ratio else mhi):.4g}; "
                + (
                    "the estimate sits at it (a symmetric, Wald-type interval)"
                    if sym
                    else "the estimate is off-centre (an asymmetric interval: exact, score or t on another "
                    "scale; not an error by itself)"
                )
            )
            passed.append("estimate inside interval")
    if has_ci and "p" in txt and not failures:
        lo_p, hi_p = cons("printed_range")(
            cons("p_from_ci"),
            txt["estimate"],
            txt["low"],
            txt["high"],
            ratio=ratio,
            confidence_level=cl,
            attr="pvalue",
        )
        ok = cons("range_matches_printed")(txt["p"], lo_p, hi_p)
        alt = ""
        if not ok and n1 and n2 and not ratio:
            lo_t, hi_t = cons("printed_range")(
                cons("p_from_ci"),
                txt["estimate"],
                txt["low"],
                txt["high"],
                confidence_level=cl,
                df=n1 + n2 - 2,
                attr="pvalue",
            )
            ok = cons("range_matches_printed")(txt["p"], lo_t, hi_t)
            alt = f"; t on {n1 + n2 - 2} df: {lo_t:.3g} to {hi_t:.3g}"
        steps.append(
            f"p from the interval (Altman & Bland 2011, normal): {lo_p:.3g} to {hi_p:.3g}{alt} vs stated "
            f"p {txt['p']} — " + ("fits" if ok else "does not fit")
        )
        (passed if ok else failures).append(
            f"p {txt['p']} vs interval"
            if ok
            else f"the interval implies p = {lo_p:.3g} to {hi_p:.3g}, not {txt['p']}"
        )
    if "se" in txt and "estimate" in txt:
        for lim in ("low", "high", "p"):
            if lim not in txt:
                continue
            attr = "pvalue" if lim == "p" else lim
            rng = cons("printed_range")(
                cons("from_se"), txt["estimate"], txt["se"], ratio=ratio, confidence_level=cl, attr=attr
            )
            ok = cons("range_matches_printed")(txt[lim], *rng)
            if not ok and n1 and n2 and not ratio:
                rng_t = cons("printed_range")(
                    cons("from_se"), txt["estimate"], txt["se"], n1 + n2 - 2, confidence_level=cl, attr=attr
                )
                ok = cons("range_matches_printed")(txt[lim], *rng_t)
            steps.append(
                f"{lim} from estimate and SE ({scale} scale): {rng[0]:.4g} to {rng[1]:.4g} vs stated "
                f"{txt[lim]} — " + ("fits" if ok else "does not fit")
            )
            (passed if ok else failures).append(
                f"{lim} vs SE" if ok else f"the SE implies {lim} {rng[0]:.4g} to {rng[1]:.4g}, not {txt[lim]}"
            )
    if measure in ("SMD", "d", "g") and "estimate" in txt and n1 and n2:
        for lim in ("low", "high"):
            if lim not in txt:
                continue
            rng = cons("printed_range")(
                cons("smd_ci"), txt["estimate"], n1, n2, confidence_level=cl, attr=lim
            )
            ok = cons("range_matches_printed")(txt[lim], *rng)
            steps.append(
                f"{lim} of a {measure} of {txt['estimate']} with n = {n1} + {n2} (metafor SMD variance): "
                f"{rng[0]:.3f} to {rng[1]:.3f} vs stated {txt[lim]} — " + ("fits" if ok else "does not fit")
            )
            (passed if ok else failures).append(
                f"{lim} vs n"
                if ok
                else f"with n = {n1} + {n2} the {lim} limit is {rng[0]:.3f} to {rng[1]:.3f}, not {txt[lim]}"
            )
    data_note, sources, recomputed = "", [], ""
    problems: list[str] = []
    if c.trials:
        trial = c.trials[0]
        rows = _rows(data.table("reported_effects"), trial_id=trial)
        rows = rows[rows["measure"] == measure]
        if c.outcome_for(trial):
            out = c.outcome_for(trial)
            rows = rows[(rows["effect_id"] == out) | (rows["outcome_id"] == out)]
        if rows.empty:
            data_note = f"data/ holds no reported {measure} for {trial}"
            steps.append(data_note)
        else:
            checked = []
            for _, r in rows.iterrows():
                mism = [
                    k
                    for k in ("estimate", "low", "high", "se", "p")
                    if k in fig and _present(r.get(k)) and not fig[k].contains(_num(r[k]))
                ]
                checked.append((len(mism), r, mism))
            checked.sort(key=lambda t: t[0])
            _, r, mism = checked[0]
            shown = ", ".join(
                f"{k} {r[k]:g}" for k in ("estimate", "low", "high", "se", "p") if _present(r.get(k))
            )
            recomputed = f"{measure} {shown} ({trial} {r['effect_id']})"
            sources.append(r.get("source_id"))
            steps.append(
                f"{trial} {r['effect_id']} as reported: {shown}"
                + (f" — {', '.join(mism)} differ" if mism else " — fits")
            )
            if mism:
                failures.append(f"{trial} reports {shown} ({', '.join(mism)} differ)")
            else:
                passed.append(f"matches {trial} {r['effect_id']}")
            arm1 = [str(r["arm1"])] if _present(r.get("arm1")) else []
            arm2 = [str(r["arm2"])] if _present(r.get("arm2")) else []
            problems = _attribution(c, data, trial, arm1, arm2, steps)
    kw = dict(recomputed=recomputed, sources=sources)
    if failures:
        return _result(c, "inconsistent", "; ".join(failures).capitalize() + ".", steps, **kw)
    if not passed:
        return _result(
            c,
            "unverifiable",
            "Nothing could be checked: "
            + (data_note or "the claim gives no interval, SE or p to check against each other")
            + ".",
            steps,
            **kw,
        )
    if data_note:
        return _result(
            c, "unverifiable", f"Internally consistent ({'; '.join(passed)}), but {data_note}.", steps, **kw
        )
    if problems:
        return _result(c, "misattributed", f"The figures fit, but {'; '.join(problems)}.", steps, **kw)
    return _result(c, "consistent", f"Consistent: {'; '.join(passed)}.", steps, **kw)


# -- citation --------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]+", " ", t)).strip()


_JOURNAL_STOP = {"the", "of", "and", "for", "in", "on"}


def journals_match(a: str, b: str) -> bool:
    """Whether two journal names are the same journal, abbreviated (ISO 4 style) or in full.

    Words are compared in order after dropping 'the', 'of', 'and'; an abbreviated word must
    be a prefix of the full word ("Am J Psychiatry" = "The American Journal of Psychiatry").

    Examples
    --------
    >>> journals_match("Am J Psychiatry", "The American Journal of Psychiatry")
    True
    >>> journals_match("JAMA Psychiatry", "American Journal of Psychiatry")
    False
    """
    wa = [w for w in _norm(a.replace("&", " and ")).split() if w not in _JOURNAL_STOP]
    wb = [w for w in _norm(b.replace("&", " and ")).split() if w not in _JOURNAL_STOP]
    if len(wa) != len(wb) or not wa:
        return False
    return all(x.startswith(y) or y.startswith(x) for x, y in zip(wa, wb, strict=True))


def _page_range(text: str) -> tuple[str, str]:
    t = str(text).strip().translate(str.maketrans({"–": "-", "—": "-", "−": "-"}))
    first, _, last = (p.strip() for p in t.partition("-"))
    if last and len(last) < len(first) and first[: len(first) - len(last)].isdigit():
        last = first[: len(first) - len(last)] + last  # "681-8" means 681-688
    return first.lower(), (last or first).lower()


def pages_match(a: Any, b: Any) -> bool:
    """Whether two page ranges are the same, with abbreviated end pages expanded.

    Examples
    --------
    >>> pages_match("681-8", "681–688"), pages_match("621-630", "681-688")
    (True, False)
    """
    return _page_range(str(a)) == _page_range(str(b))


def _doi(text: Any) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", str(text).strip().lower())


def _field_matches(name: str, stated: Any, actual: Any) -> bool:
    if name == "journal":
        return journals_match(str(stated), str(actual))
    if name == "pages":
        return pages_match(stated, actual)
    if name == "doi":
        return _doi(stated) == _doi(actual)
    if name == "title":
        a, b = _norm(stated), _norm(actual)
        return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9
    if name == "author":
        return _norm(stated) == _norm(actual)
    if name == "year":
        return str(stated).strip() == str(int(float(actual))) if _present(actual) else False
    return _norm(stated) == _norm(actual)


_SOURCE_COLUMN = {"author": "first_author"}


def check_citation(c: Claim, data: DataTables) -> ClaimResult:
    s = {k: v for k, v in c.stated.items() if k not in ("intervention", "comparator")}
    sources = data.table("sources")
    label = " ".join(str(s[k]) for k in ("author", "year", "journal") if k in s) or c.id
    steps = ["cited: " + "; ".join(f"{k} {v}" for k, v in s.items())]
    if "source" in s:
        cand = _rows(sources, source_id=s["source"])
        how = f"source id {s['source']}"
    else:
        cand = sources.iloc[0:0]
        how = ""
        for key, col in (("pmid", "pmid"), ("doi", "doi")):
            if key in s and cand.empty:
                mask = sources[col].map(lambda v, key=key: _present(v) and _field_matches(key, s[key], v))
                cand = sources[mask]
                how = f"{key} {s[key]}"
        if "author" in s and "year" in s:
            mask = sources["first_author"].map(
                lambda v: _present(v) and _field_matches("author", s["author"], v)
            ) & (sources["year"].map(lambda v: _present(v) and _field_matches("year", s["year"], v)))
            by_author = sources[mask]
            if cand.empty:
                cand, how = by_author, f"first author {s['author']} and year {s['year']}"
    if cand.empty:
        steps.append("no source in data/sources.csv matches " + (how or "the citation"))
        near = ""
        if "author" in s:
            same = sources[
                sources["first_author"].map(
                    lambda v: _present(v) and _field_matches("author", s["author"], v)
                )
            ]
            if not same.empty:
                near = (
                    " data/ holds other work by "
                    + str(s["author"])
                    + ": "
                    + ", ".join(
                        f"{r.source_id} ({int(r.year) if _present(r.year) else 'n.d.'}, "
                        f"{r.journal or 'no journal'})"
                        for r in same.sort_values("source_id").itertuples()
                    )
                    + "."
                )
                steps.append(near.strip())
        return _result(
            c,
            "unverifiable",
            f"data/ holds no source for {label}"
            + (f" ({how})" if how else "")
            + ", so the citation cannot be checked."
            + near,
            steps,
        )
    fields = [k for k in s if k != "source"]
    scored = []
    for _, row in cand.iterrows():
        res = {}
        for k in fields:
            actual = row.get(_SOURCE_COLUMN.get(k, k))
            res[k] = None if not _present(actual) else (_field_matches(k, s[k], actual), actual)
        # The title identifies a work best: among same-author, same-year sources, the most similar
        # title wins, then the number of agreeing fields.
        title_sim = 0.0
        if "title" in s and _present(row.get("title")):
            title_sim = difflib.SequenceMatcher(None, _norm(s["title"]), _norm(row["title"])).ratio()
        scored.append((title_sim, sum(1 for v in res.values() if v and v[0]), row, res))
    scored.sort(key=lambda t: (-t[0], -t[1], str(t[2]["source_id"])))
    _, _, row, res = scored[0]
    steps.append(f"matched source {row['source_id']} by {how}")
    mismatches, matched, unchecked = [], [], []
    for k in fields:
        if res[k] is None:
            unchecked.append(k)
            steps.append(f"{k}: the document says '{s[k]}'; data/ has no {k} for this source — not checked")
            continue
        ok, actual = res[k]
        shown = int(actual) if k == "year" else actual
        steps.append(
            f"{k}: the document says '{s[k]}'; the source says '{shown}' — " + ("same" if ok else "differs")
        )
        (matched if ok else mismatches).append(k if ok else f"{k} '{s[k]}' (source: '{shown}')")
    kw = dict(recomputed=str(row.get("source_id")), sources=[row.get("source_id")])
    if mismatches:
        same = f" ({', '.join(matched)} agree)" if matched else ""
        verb = "differs" if len(mismatches) == 1 else "differ"
        return _result(
            c,
            "misattributed",
            f"The closest source in data/ is {row['source_id']}{same}, but the "
            f"citation's {'; '.join(mismatches)} {verb}.",
            steps,
            **kw,
        )
    if not matched:
        return _result(
            c,
            "unverifiable",
            f"{row['source_id']} in data/ has none of the cited fields ({', '.join(unchecked)}).",
            steps,
            **kw,
        )
    note = f" (not checked: {', '.join(unchecked)})" if unchecked else ""
    return _result(c, "consistent", f"Matches {row['source_id']}: {', '.join(matched)}{note}.", steps, **kw)


# -- arithmetic ------------------------------------------------------------------------------


def check_arithmetic(c: Claim, data: DataTables) -> ClaimResult:
    exprs = c.stated["expression"]
    exprs = exprs if isinstance(exprs, list) else [exprs]
    fig = c.figure("value")
    values = [evaluate_expression(e) for e in exprs]
    steps = [f"{e} = {v:,.6g}" for e, v in zip(exprs, values, strict=True)]
    steps.append(f"stated '{fig.text}' covers {fig.covers}")
    if len(values) == 2:
        oks = [fig.end_contains(0, values[0]), fig.end_contains(1, values[1])]
        ok = all(oks)
        recomputed = f"{values[0]:,.6g} to {values[1]:,.6g}"
    else:
        ok = fig.contains(values[0])
        recomputed = f"{values[0]:,.6g}"
    points = tuple(Point(f"{c.id} [{i}]", fig.low, fig.high, fig.value, v) for i, v in enumerate(values))
    if ok:
        return _result(
            c,
            "consistent",
            f"{' and '.join(exprs)} gives {recomputed}, which fits '{fig.text}'.",
            steps,
            recomputed=recomputed,
            points=points,
        )
    return _result(
        c,
        "inconsistent",
        f"{' and '.join(exprs)} gives {recomputed}, not '{fig.text}'.",
        steps,
        recomputed=recomputed,
        points=points,
    )
