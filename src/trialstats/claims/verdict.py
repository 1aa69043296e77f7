"""One function decides a claim's verdict from what its check found.

A check records findings in four lists: figures that fit (``compared``), figures the data
or the claim's own numbers contradict (``failures``), names that do not fit the source
(``misattributions``), and figures that could not be compared (``missing``). The
precedence, here and nowhere else:

1. any failure → ``inconsistent``;
2. else any misattribution → ``misattributed``;
3. else anything not compared, or nothing compared at all → ``unverifiable``;
4. else ``consistent`` (every stated figure was compared and fits).

The explanation lists them in that order: failures first, then what was not compared,
then what was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Findings", "decide"]


@dataclass
class Findings:
    """What a check found, in words (one short clause each)."""

    compared: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    misattributions: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fit(self, ok: bool, passed: str, failed: str) -> bool:
        """Record one comparison: ``passed`` if ok, else ``failed``; return ok."""
        (self.compared if ok else self.failures).append(passed if ok else failed)
        return ok


def _sentence(items: list[str]) -> str:
    text = "; ".join(dict.fromkeys(i.strip().rstrip(".") for i in items if i.strip()))
    if not text:
        return ""
    first = text.split(" ", 1)[0]
    # an id such as 'feder2021' keeps its case
    return (text[:1].upper() + text[1:] if first.isalpha() else text) + "."


def decide(f: Findings) -> tuple[str, str]:
    """The verdict and its explanation.

    Examples
    --------
    >>> decide(Findings(compared=["67% fits 10/15"]))
    ('consistent', 'Compared: 67% fits 10/15.')
    >>> decide(Findings(compared=["67% fits"], missing=["no control arm in data/"]))[0]
    'unverifiable'
    """
    if f.failures:
        verdict = "inconsistent"
    elif f.misattributions:
        verdict = "misattributed"
    elif f.missing or not f.compared:
        verdict = "unverifiable"
    else:
        verdict = "consistent"
    parts = [_sentence(f.failures), _sentence(f.misattributions)]
    if f.missing:
        parts.append("Not compared: " + _sentence(f.missing))
    elif not f.compared and not f.failures and not f.misattributions:
        parts.append("Nothing could be compared.")
    if f.compared:
        parts.append("Compared: " + _sentence(f.compared))
    parts.append(_sentence(f.notes))
    return verdict, " ".join(p for p in parts if p)
