"""``arithmetic``: a figure the document computes ("6 × $350 = $2,100"), recomputed.

``expression`` is one expression, or two for the ends of a range; ``value`` the stated
result. The expression is walked with :mod:`ast` (numbers, + − × /, parentheses only).
"""

from __future__ import annotations

from ..context import Context
from ..figures import evaluate_expression, parse_figure
from ..model import Claim, Point
from ._kind import Kind, Outcome

NAME = "arithmetic"


def _expressions(value, name):
    exprs = value if isinstance(value, list) else [value]
    if len(exprs) not in (1, 2):
        raise ValueError(f"{name}: one expression, or two (the ends of a range)")
    return [
        (e, evaluate_expression(e, field=f"{name}[{i}]" if len(exprs) > 1 else name))
        for i, e in enumerate(exprs)
    ]


def _value(value, name):
    return parse_figure(value, field=name)


def _validate(v):
    if len(v["expression"]) == 2 and v["value"].form != "range":
        return "stated.value", "two expressions need a range value such as '$2,100 to $3,600'"
    return None


def check(c: Claim, ctx: Context) -> Outcome:
    exprs = c.values["expression"]
    fig = c.values["value"]
    values = [x for _, x in exprs]
    out = Outcome(steps=[f"{e} = {x:,.6g}" for e, x in exprs])
    out.steps.append(f"stated '{fig.text}' covers {fig.covers}")
    texts = " and ".join(str(e) for e, _ in exprs)
    if len(values) == 2:
        ok = fig.end_contains(0, values[0]) and fig.end_contains(1, values[1])
        out.recomputed = f"{values[0]:,.6g} to {values[1]:,.6g}"
    else:
        ok = fig.contains(values[0])
        out.recomputed = f"{values[0]:,.6g}"
    out.findings.fit(
        ok,
        f"{texts} gives {out.recomputed}, which fits '{fig.text}'",
        f"{texts} gives {out.recomputed}, not '{fig.text}'",
    )
    out.points = [Point(f"{c.id} [{i}]", fig.low, fig.high, fig.value, x) for i, x in enumerate(values)]
    out.values = {"estimate": values[0]} if len(values) == 1 else {"low": values[0], "high": values[1]}
    return out


KIND = Kind(
    name=NAME,
    required={"expression": _expressions, "value": _value},
    optional={},
    check=check,
    validate=_validate,
    summary="a figure the document computes, recomputed from its expression",
)
