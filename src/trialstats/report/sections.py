"""Which section of which notebook is about which trial and outcome.

An explicit table, kept beside the notebooks' headings: a claim card links to the sections
about its trial (and outcome, when the section names one), never to every notebook that
happens to mention the trial id. A heading that changes in a notebook drops its link (the
report test checks that every heading listed here exists).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["SECTIONS", "section_links"]

# (notebook stem, heading text, trial id, outcome ids the section covers; () = any outcome)
SECTIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("01-response-rates", "Feder et al. 2021: ketamine vs midazolam, CAPS-5 responders at week 2",
     "feder2021", ("caps5_response",)),
    ("01-response-rates",
     "Murrough et al. 2013: 64% vs 28% responders at 24 hours, and the printed odds ratio",
     "murrough2013", ("madrs_response",)),
    ("01-response-rates", "Albott et al. 2018: single-arm rates after six infusions", "albott2018", ()),
    ("01-response-rates", "Davidson et al. 2001: sertraline vs placebo, responders at the 12-week end point",
     "davidson2001", ("response",)),
    ("02-symptom-scores", "Feder 2021 — CAPS-5 difference with its standard error, and d with its interval",
     "feder2021", ("caps5_week2", "caps5")),
    ("02-symptom-scores", "Feder 2014 — a crossover: what the reported difference and p imply",
     "feder2014", ()),
    ("02-symptom-scores", "Albott 2018 — the SD of change an interval implies", "albott2018", ()),
    ("02-symptom-scores", "Zarate 2006 — the interval of d for its size", "zarate2006", ()),
    ("02-symptom-scores", "Pradhan 2018 — which arm sizes reproduce p = 0.022", "pradhan2018", ()),
    ("03-time-to-relapse", "1. What the trials printed", "feder2021", ("loss_of_response",)),
    ("03-time-to-relapse", "2. An interval around a printed median", "feder2021", ("loss_of_response",)),
    ("03-time-to-relapse", "3. Pradhan 2018: mean durations and the printed p-value", "pradhan2018", ()),
    ("04-pooling", "3. Response after repeated ketamine infusions, pooled across single-arm data",
     "feder2021", ("caps5_response",)),
)


def section_links(
    trials: Sequence[str], outcome_for: Any, anchors: dict[str, dict[str, str]], hrefs: dict[str, str]
) -> list[tuple[str, str]]:
    """(text, href) of the notebook sections about these trials and their outcomes.

    ``outcome_for(trial)`` gives the claim's outcome id for a trial (or None: any section of
    the trial matches); ``anchors`` maps a notebook stem to its {heading: id}; ``hrefs`` maps a
    notebook stem to its page. Sections of notebooks that were not executed are left out.
    """
    out: list[tuple[str, str]] = []
    for stem, heading, trial, outcomes in SECTIONS:
        if trial not in trials or stem not in hrefs:
            continue
        outcome = outcome_for(trial)
        if outcomes and outcome is not None and outcome not in outcomes:
            continue
        ident = anchors.get(stem, {}).get(heading)
        href = hrefs[stem] + (f"#{ident}" if ident else "")
        out.append((f"{stem}: {heading}", href))
    return out
