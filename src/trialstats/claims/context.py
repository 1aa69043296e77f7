"""The data a claim is checked against, and the queries checks (and notebooks) need.

:class:`Context` wraps any object with ``.table(name) -> DataFrame`` (a
:class:`~trialstats.data` DataPackage, or a small stand-in built in a test); ``None`` means
the bundled data. Tables are read once per context, restricted to the rows analyses use
(``used``) where a table has that flag.

Examples
--------
>>> ctx = Context()
>>> ctx.arm_ids_for("feder2021", "treatment")
['ketamine']
"""

from __future__ import annotations

import difflib
import math
from typing import Any

import pandas as pd

from .. import data as _data
from .model import Number

__all__ = ["BundledData", "Context", "did_you_mean", "present"]

#: Source kinds whose figures are second-hand (a review, a web page, a synopsis).
SECONDARY_KINDS = ("review", "web", "synopsis", "blog", "news")


class BundledData:
    """The bundled data package, read through :func:`trialstats.data.load_table`."""

    def table(self, name: str) -> pd.DataFrame:
        return _data.load_table(name)


def present(v: Any) -> bool:
    """Whether a cell holds a value (not None, NA, NaN or blank)."""
    if v is None or v is pd.NA:
        return False
    if isinstance(v, float) and math.isnan(v):
        return False
    return not (isinstance(v, str) and not v.strip())


def did_you_mean(name: str, known: Any) -> str:
    """' (did you mean 'x'?)' for the closest known name, else ''."""
    close = difflib.get_close_matches(str(name), sorted(map(str, known)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Context:
    """Queries over one data package (default: the bundled data)."""

    def __init__(self, data: Any = None):
        if data is not None and not callable(getattr(data, "table", None)):
            raise TypeError(
                f"data must be a DataPackage (an object with .table(name)) or None, got {type(data).__name__}"
            )
        self.data = data if data is not None else BundledData()
        self._tables: dict[str, pd.DataFrame] = {}

    def table(self, name: str) -> pd.DataFrame:
        """A table, restricted to the rows analyses use (``used``) where it has that flag."""
        if name not in self._tables:
            frame = self.data.table(name)
            if "used" in frame.columns:
                frame = frame[frame["used"].fillna(False).astype(bool)]
            self._tables[name] = frame
        return self._tables[name]

    # -- ids ---------------------------------------------------------------------------------

    def trial_ids(self) -> set[str]:
        return set(self.table("trials")["trial_id"].dropna())

    def source_ids(self) -> set[str]:
        return set(self.table("sources")["source_id"].dropna())

    def arm_ids(self, trial_id: str) -> set[str]:
        arms = self.table("arms")
        return set(arms.loc[arms["trial_id"] == trial_id, "arm_id"])

    def outcome_ids(self, trial_id: str) -> set[str]:
        ids: set[str] = set()
        for name, col in (
            ("binary_outcomes", "outcome_id"),
            ("continuous_outcomes", "outcome_id"),
            ("reported_effects", "effect_id"),
            ("reported_effects", "outcome_id"),
            ("relapse", "relapse_id"),
        ):
            frame = self.table(name)
            ids |= set(frame.loc[frame["trial_id"] == trial_id, col].dropna())
        return ids

    def meta_ids(self) -> set[str]:
        return set(self.table("meta_pooled")["meta_id"].dropna())

    # -- rows --------------------------------------------------------------------------------

    @staticmethod
    def rows(frame: pd.DataFrame, **equal: Any) -> pd.DataFrame:
        """Rows where each column equals the value (a list: is in it; None: any)."""
        for col, value in equal.items():
            if value is None:
                continue
            if isinstance(value, list | tuple | set):
                frame = frame[frame[col].isin(list(value))]
            else:
                frame = frame[frame[col] == value]
        return frame

    def trial_row(self, trial_id: str) -> pd.Series | None:
        t = self.rows(self.table("trials"), trial_id=trial_id)
        return None if t.empty else t.iloc[0]

    def arms(self, trial_id: str) -> pd.DataFrame:
        return self.rows(self.table("arms"), trial_id=trial_id)

    def optional_table(self, name: str) -> pd.DataFrame:
        """A table that older data packages may lack (``trial_design``, ``schedules``): empty then."""
        try:
            return self.table(name)
        except KeyError:
            return pd.DataFrame(columns=["trial_id", "arm_id"])

    def design_row(self, trial_id: str) -> pd.Series | None:
        """The trial's row of ``trial_design`` (randomized, blinding, structure, control ...)."""
        d = self.rows(self.optional_table("trial_design"), trial_id=trial_id)
        return None if d.empty else d.iloc[0]

    def schedule_rows(self, trial_id: str, arm_ids: list[str] | None = None) -> pd.DataFrame:
        """The trial's rows of ``schedules`` (one per arm; ``all`` for a single-arm or pooled row),
        restricted to ``arm_ids`` (plus ``all``) when given."""
        s = self.rows(self.optional_table("schedules"), trial_id=trial_id)
        if arm_ids:
            s = s[s["arm_id"].isin([*arm_ids, "all"])]
        return s

    def arm_ids_for(self, trial_id: str, role: str, stated: str | None = None) -> list[str]:
        """The arm named, or the trial's arms of ``role`` (a single arm counts as treatment)."""
        if stated:
            return [stated]
        arms = self.arms(trial_id)
        ids = list(arms.loc[arms["role"] == role, "arm_id"])
        if not ids and role == "treatment":
            ids = list(arms.loc[arms["role"] == "single", "arm_id"])
        return ids

    def arm_text(self, trial_id: str, arm_id: str) -> str:
        arm = self.rows(self.arms(trial_id), arm_id=arm_id)
        if arm.empty:
            return arm_id
        r = arm.iloc[0]
        return str(r.get("intervention") or r.get("label") or arm_id)

    def binary_rows(
        self,
        trial_id: str,
        outcome: str | None = None,
        arm_ids: list[str] | None = None,
        concept: str | None = None,
    ) -> pd.DataFrame:
        """Binary outcome rows of a trial (optionally one outcome, some arms, one concept)."""
        rows = self.rows(
            self.table("binary_outcomes"), trial_id=trial_id, outcome_id=outcome, arm_id=arm_ids or None
        )
        if concept and "concept" in rows.columns:
            rows = rows[rows["concept"] == concept]
        return rows

    def two_arm_table(
        self, trial_id: str, outcome: str | None = None, concept: str | None = None
    ) -> pd.DataFrame:
        """One row per (outcome, treatment arm, control arm): x1, n1, x2, n2 and both rows' sources."""
        rows = self.binary_rows(trial_id, outcome, concept=concept)
        t_arms = self.arm_ids_for(trial_id, "treatment")
        c_arms = self.arm_ids_for(trial_id, "control")
        t = rows[rows["arm_id"].isin(t_arms)]
        c = rows[rows["arm_id"].isin(c_arms)]
        return t.merge(c, on=["trial_id", "outcome_id"], suffixes=("_t", "_c"))

    # -- provenance ----------------------------------------------------------------------------

    def source_row(self, source_id: Any) -> pd.Series | None:
        if not present(source_id):
            return None
        s = self.rows(self.table("sources"), source_id=source_id)
        return None if s.empty else s.iloc[0]

    def is_secondary(self, source_id: Any) -> bool:
        """Whether a source is second-hand: a review, web page or synopsis, or read via a mirror."""
        row = self.source_row(source_id)
        if row is None:
            return False
        via = str(row.get("read_via") or "").lower()
        return str(row.get("kind")) in SECONDARY_KINDS or "mirror" in via

    def number(self, label: str, value: Any, row: Any, *, source_col: str = "source_id") -> Number:
        """A :class:`Number` for ``value`` read from a data row (its source, place and basis)."""
        sid = row.get(source_col) if row is not None else None
        basis = str(row.get("basis")) if row is not None and present(row.get("basis")) else "reported"
        deriv = row.get("derivation") if row is not None and present(row.get("derivation")) else None
        loc = row.get("location") if row is not None and present(row.get("location")) else None
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = math.nan
        return Number(label, v, str(sid) if present(sid) else None, loc, basis, deriv, self.is_secondary(sid))

    def field_number(self, label: str, value: Any, row: Any, column: str) -> Number:
        """A :class:`Number` for one column of a ``trial_design``/``schedules`` row: the row's
        own source and place, or its ``extra_source_id``/``extra_location`` when that column is
        listed in ``extra_fields``; ``derived`` when listed in ``derived_fields``; secondary when
        the row (or the extra source) says so or the source is second-hand."""

        def listed(col: str) -> bool:
            return present(row.get(col)) and column in str(row.get(col)).replace(",", " ").split()

        extra = listed("extra_fields")
        sid = row.get("extra_source_id") if extra else row.get("source_id")
        loc = row.get("extra_location") if extra else row.get("location")
        flag = row.get("extra_secondary") if extra else row.get("secondary")
        # the row's own flag, set by whoever read the source, outranks the guess from sources.csv
        secondary = bool(flag) if present(flag) else self.is_secondary(sid)
        derived = listed("derived_fields") or (extra and str(row.get("basis")) == "derived")
        deriv = row.get("derivation") if derived and present(row.get("derivation")) else None
        try:
            v = float(value)
        except (TypeError, ValueError):
            v = math.nan
        return Number(
            label,
            v,
            str(sid) if present(sid) else None,
            str(loc) if present(loc) else None,
            "derived" if derived else "reported",
            deriv,
            secondary,
        )
