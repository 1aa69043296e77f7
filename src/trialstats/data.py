"""The bundled trial data package as tidy DataFrames.

Every published figure the package uses lives in ``data/`` (CSV tables described by a
Frictionless ``datapackage.json``). The loaders read each CSV with every cell as text and
convert it per its Table Schema type, so that a printed ``"0.360"`` keeps its zeros in the
``printed_*`` columns while ``estimate`` is a float. Tables are parsed once and cached;
every loader returns a fresh copy that callers may modify.

Examples
--------
>>> import trialstats as ts
>>> ts.trials()["trial_id"].head(2).tolist()  # doctest: +SKIP
['abdallah2022', 'albott2018']
>>> trial = ts.load_trial("feder2021")
>>> trial.arms[["arm_id", "n_randomized"]].to_dict("records")  # doctest: +SKIP
[{'arm_id': 'ketamine', 'n_randomized': 15}, {'arm_id': 'midazolam', 'n_randomized': 15}]
"""

from __future__ import annotations

import functools
import html
import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._datapackage import (
    DataProblem,
    DataValidationError,
    convert_table,
    read_package,
    read_raw,
    resource_schema,
    validate_package,
)

__all__ = [
    "DataProblem",
    "DataValidationError",
    "Trial",
    "arms",
    "binary_outcomes",
    "continuous_outcomes",
    "data_dir",
    "load_table",
    "load_trial",
    "relapse",
    "reported_effects",
    "sources",
    "trials",
    "validate_data",
]


def data_dir() -> Path:
    """The folder holding ``datapackage.json``.

    An installed wheel carries the data as ``trialstats/data``; an editable install (a
    checkout) has them in the repository's top-level ``data/``.
    """
    try:
        packaged = importlib.resources.files("trialstats") / "data"
        if packaged.is_dir() and (packaged / "datapackage.json").is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - namespace or zip oddities
        pass
    return Path(__file__).resolve().parents[2] / "data"


@functools.lru_cache(maxsize=4)
def _package(root: Path) -> dict[str, Any]:
    return read_package(root)


@functools.lru_cache(maxsize=64)
def _table(root: Path, name: str) -> pd.DataFrame:
    resource = resource_schema(_package(root), name)
    return convert_table(read_raw(root / resource["path"]), resource)


def load_table(name: str) -> pd.DataFrame:
    """Any table (resource) of the data package by name, typed per its schema.

    Parameters
    ----------
    name : str
        The resource name in ``datapackage.json`` (``"arms"``, ``"sources"``, ...).

    Returns
    -------
    pandas.DataFrame
        A copy: integer columns are ``Int64``, numbers float, booleans bool, text object
        with None for blanks.

    Raises
    ------
    KeyError
        If there is no such table; the message lists the tables there are.

    Examples
    --------
    >>> import trialstats.data as d
    >>> "source_id" in d.load_table("sources").columns
    True
    """
    return _table(data_dir(), name).copy()


def _filtered(name: str, trial_id: str | None, **equal: Any) -> pd.DataFrame:
    frame = load_table(name)
    if trial_id is not None:
        _check_trial_id(trial_id)
        frame = frame[frame["trial_id"] == trial_id]
    for col, value in equal.items():
        if value is not None:
            frame = frame[frame[col] == value]
    return frame.reset_index(drop=True)


def _known_trials() -> list[str]:
    return sorted(_table(data_dir(), "trials")["trial_id"])


def _check_trial_id(trial_id: Any) -> None:
    if not isinstance(trial_id, str):
        raise TypeError(f"trial_id must be a string such as 'feder2021', got {trial_id!r}")
    known = _known_trials()
    if trial_id not in known:
        raise KeyError(f"unknown trial_id {trial_id!r}; known trial ids: {', '.join(known)}")


def trials() -> pd.DataFrame:
    """One row per trial: id, title, design, condition, arms compared, n, primary source.

    Examples
    --------
    >>> import trialstats as ts
    >>> "feder2021" in set(ts.trials()["trial_id"])
    True
    """
    return load_table("trials")


def sources(source_id: str | None = None) -> pd.DataFrame:
    """Every source (article, registry record, review) a figure or citation comes from.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.sources("feder2021-ajp")["journal"].item()
    'Am J Psychiatry'
    """
    return _filtered("sources", None, source_id=source_id)


def arms(trial_id: str | None = None) -> pd.DataFrame:
    """Arms (or analysed groups) with n randomized, analysed and completed.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.arms("feder2021")["n_randomized"].sum()
    np.int64(30)
    """
    return _filtered("arms", trial_id)


def binary_outcomes(
    trial_id: str | None = None, *, outcome_id: str | None = None, used: bool | None = None
) -> pd.DataFrame:
    """Events out of n per arm (responders, remitters), with the printed figure.

    Parameters
    ----------
    trial_id, outcome_id : str, optional
        Keep only these rows.
    used : bool, optional
        True keeps the rows the analyses use (where sources disagree, one row is used).

    Examples
    --------
    >>> import trialstats as ts
    >>> df = ts.binary_outcomes("feder2021", outcome_id="caps5_response", used=True)
    >>> df.set_index("arm_id")["printed"].to_dict()
    {'ketamine': '67%', 'midazolam': '20%'}
    """
    return _filtered("binary_outcomes", trial_id, outcome_id=outcome_id, used=used)


def continuous_outcomes(
    trial_id: str | None = None, *, outcome_id: str | None = None, used: bool | None = None
) -> pd.DataFrame:
    """Means with SD or SE per arm, scale and time point.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.continuous_outcomes("murrough2013")[["arm_id", "mean", "n"]].to_dict("records")
    [{'arm_id': 'ketamine', 'mean': -16.5, 'n': 47}, {'arm_id': 'midazolam', 'mean': -8.8, 'n': 25}]
    """
    return _filtered("continuous_outcomes", trial_id, outcome_id=outcome_id, used=used)


def reported_effects(
    trial_id: str | None = None, *, effect_id: str | None = None, used: bool | None = None
) -> pd.DataFrame:
    """The papers' own between-arm (or pre-post) results: estimate, CI, SE, p, as printed.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.reported_effects("feder2021", effect_id="caps5_week2_md")["printed_se"].item()
    '3.96'
    """
    return _filtered("reported_effects", trial_id, effect_id=effect_id, used=used)


def relapse(
    trial_id: str | None = None, *, relapse_id: str | None = None, used: bool | None = None
) -> pd.DataFrame:
    """Durability: medians (or means) of time to relapse / loss of response, who was at risk.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.relapse("feder2021")["printed_value"].tolist()
    ['27.5']
    """
    return _filtered("relapse", trial_id, relapse_id=relapse_id, used=used)


def validate_data(path: str | Path | None = None, *, raise_: bool = False) -> list[DataProblem]:
    """Check a data package against the rules in its ``datapackage.json``.

    Parameters
    ----------
    path : str or Path, optional
        A folder holding ``datapackage.json`` (or the file itself); None checks the
        bundled data.
    raise_ : bool
        Raise :class:`DataValidationError` listing every problem instead of returning them.

    Returns
    -------
    list of DataProblem
        Each with ``file``, ``row`` (data rows counted from 1), ``field`` and ``message``;
        empty when the data are valid. Checked: columns present and described, types,
        required values, enum and pattern constraints, minimum/maximum (negative counts,
        percent outside 0–100), unique and primary keys, foreign keys to trials, arms and
        sources, events not above n, and percents that no count out of n rounds to or
        that disagree with events/n.

    Examples
    --------
    >>> import trialstats as ts
    >>> ts.validate_data()
    []
    """
    if path is None:
        root = data_dir()
    else:
        root = Path(path)
        if root.is_file():
            root = root.parent
    problems = validate_package(root)
    if raise_ and problems:
        raise DataValidationError(problems)
    return problems


# --------------------------------------------------------------------------- Trial


@dataclass(eq=False)
class Trial:
    """One trial with its citation, arms, outcomes, reported effects and relapse data.

    Attributes
    ----------
    trial_id : str
    info : pandas.Series
        The trial's row of :func:`trials`.
    source : pandas.Series
        The primary source's row of :func:`sources` (the citation).
    arms, binary_outcomes, continuous_outcomes, reported_effects, relapse : DataFrame
        The trial's rows of each table (every row names its ``source_id``).
    sources : pandas.DataFrame
        Every source the trial's rows cite, primary first.
    """

    trial_id: str
    info: pd.Series
    source: pd.Series
    arms: pd.DataFrame
    binary_outcomes: pd.DataFrame
    continuous_outcomes: pd.DataFrame
    reported_effects: pd.DataFrame
    relapse: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def citation(self) -> str:
        """The primary source as a Vancouver-style reference."""
        return format_citation(self.source)

    def arm(self, arm_id: str) -> pd.Series:
        """One arm's row; a KeyError lists the arm ids."""
        rows = self.arms[self.arms["arm_id"] == arm_id]
        if rows.empty:
            known = ", ".join(self.arms["arm_id"])
            raise KeyError(f"{self.trial_id} has no arm {arm_id!r}; arms: {known}")
        return rows.iloc[0]

    def _sections(self) -> list[tuple[str, list[str]]]:
        info = self.info
        head = [self.citation]
        design = f"{info['design']}; {info['condition']}"
        if _present(info.get("population")):
            design += f"; {info['population']}"
        head.append(design)
        if _present(info.get("n_randomized")):
            head.append(f"n randomized/enrolled: {info['n_randomized']}")
        if _present(info.get("registry_id")):
            head.append(f"registry: {info['registry_id']}")
        sections = [(f"{self.trial_id}: {info['short_title']}", head)]

        arm_lines = []
        for a in self.arms.itertuples(index=False):
            counts = [
                f"{label} {getattr(a, col)}"
                for col, label in (
                    ("n_randomized", "randomized"),
                    ("n_analyzed", "analyzed"),
                    ("n_completed", "completed"),
                )
                if _present(getattr(a, col))
            ]
            dose = f" ({a.dose})" if _present(a.dose) else ""
            arm_lines.append(f"{a.arm_id} [{a.role}]: {a.label}{dose}; {', '.join(counts) or 'n not given'}")
        sections.append(("Arms", arm_lines))

        lines = []
        for r in self.binary_outcomes.itertuples(index=False):
            counts = f"{r.events}/{r.n}" if _present(r.events) and _present(r.n) else ""
            shown = "; ".join(
                x for x in (counts, f"printed {r.printed!r}" if _present(r.printed) else "") if x
            )
            lines.append(f"{r.outcome_id} {r.arm_id} at {r.timepoint}: {shown} [{_basis(r)}]")
        sections.append(("Binary outcomes", lines))

        lines = []
        for r in self.continuous_outcomes.itertuples(index=False):
            parts = [f"{r.statistic} {_shown(r.mean, r.printed_mean)}"]
            if _present(r.sd):
                parts.append(f"SD {r.printed_sd or _fmt(r.sd)}")
            if _present(r.se):
                parts.append(f"SE {r.printed_se or _fmt(r.se)}")
            if _present(r.n):
                parts.append(f"n {r.n}")
            lines.append(f"{r.scale} {r.arm_id} at {r.timepoint}: {', '.join(parts)} [{_basis(r)}]")
        sections.append(("Continuous outcomes", lines))

        lines = []
        for r in self.reported_effects.itertuples(index=False):
            # A difference printed as "7.95 lower" is stored as treatment minus comparator (-7.95):
            # show the stored numbers, then the printed text they came from.
            flipped = _shown(r.estimate, r.printed_estimate) != (r.printed_estimate or _fmt(r.estimate))
            text = f"{r.effect_id}: {r.measure}"
            if _present(r.estimate):
                text += f" {_fmt(r.estimate) if flipped else _shown(r.estimate, r.printed_estimate)}"
            if _present(r.low) and _present(r.high):
                level = f"{r.confidence_level * 100:g}% " if _present(r.confidence_level) else ""
                low, high = (
                    (_fmt(r.low), _fmt(r.high))
                    if flipped
                    else (r.printed_low or _fmt(r.low), r.printed_high or _fmt(r.high))
                )
                text += f" ({level}CI {low} to {high})"
            if flipped:
                bounds = f", {r.printed_high} to {r.printed_low}" if _present(r.printed_low) else ""
                text += f" [printed {r.printed_estimate}{bounds}]"
            if _present(r.statistic):
                dof = f" (df {_fmt(r.df)})" if _present(r.df) else ""
                text += f", statistic {_fmt(r.statistic)}{dof}"
            if _present(r.se):
                text += f", SE {r.printed_se or _fmt(r.se)}"
            if _present(r.printed_p) and r.printed_p.lstrip()[:1] in "<>=≤≥":
                text += f", p {r.printed_p.strip()}"
            elif _present(r.p):
                text += f", p {r.p_relation or '='} {r.printed_p or _fmt(r.p)}"
            lines.append(f"{text} [{_basis(r)}]")
        sections.append(("Reported effects", lines))

        lines = []
        for r in self.relapse.itertuples(index=False):
            value = r.printed_value or _fmt(r.value)
            who = f"{r.population}, n={r.n_at_risk}" if _present(r.n_at_risk) else r.population
            follow = f"; follow-up {r.follow_up}" if _present(r.follow_up) else ""
            lines.append(f"{r.relapse_id}: {r.statistic} {value} {r.unit} ({who}){follow} [{_basis(r)}]")
        sections.append(("Relapse / durability", lines))
        return [(title, body) for title, body in sections if body]

    def __str__(self) -> str:
        out = []
        for title, body in self._sections():
            out.append(title)
            out.extend(f"  {line}" for line in body)
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"<Trial {self.trial_id}: {self.info['short_title']}>"

    def _repr_html_(self) -> str:
        parts = []
        for i, (title, body) in enumerate(self._sections()):
            tag = "h3" if i == 0 else "h4"
            parts.append(f"<{tag}>{html.escape(title)}</{tag}>")
            parts.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in body) + "</ul>")
        return "<div class='trialstats-trial'>" + "".join(parts) + "</div>"


def _present(value: Any) -> bool:
    if value is None or value is pd.NA:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


def _fmt(value: Any) -> str:
    return "" if not _present(value) else f"{value:g}" if isinstance(value, float) else str(value)


def _shown(value: Any, printed: Any) -> str:
    """The printed text; or the stored value with the printed text beside it when they differ (sign flip)."""
    if not _present(printed):
        return _fmt(value)
    try:
        same = _present(value) and float(printed) == float(value)
    except ValueError:
        same = True
    return printed if same or not _present(value) else f"{_fmt(value)} (printed {printed!r})"


def _basis(row: Any) -> str:
    text = f"{row.source_id}, {row.location}"
    if row.basis == "derived":
        text += "; derived"
    if hasattr(row, "used") and not row.used:
        text += "; not used"
    return text


def format_citation(src: pd.Series) -> str:
    """A source row as a reference: authors. title. journal. year;volume(issue):pages. PMID. doi."""
    parts = []
    if _present(src.get("authors")):
        parts.append(str(src["authors"]).rstrip(".") + ".")
    elif _present(src.get("first_author")):
        parts.append(f"{src['first_author']} et al.")
    if _present(src.get("title")):
        parts.append(str(src["title"]).rstrip(".") + ".")
    where = ""
    if _present(src.get("journal")):
        where = f"{src['journal']}."
    if _present(src.get("year")):
        where += f" {src['year']}"
    if _present(src.get("volume")):
        where += f";{src['volume']}"
        if _present(src.get("issue")):
            where += f"({src['issue']})"
    if _present(src.get("pages")):
        where += f":{src['pages']}"
    if where:
        parts.append(where.strip() + ".")
    if _present(src.get("pmid")):
        parts.append(f"PMID {src['pmid']}.")
    if _present(src.get("pmcid")):
        parts.append(f"{src['pmcid']}.")
    if _present(src.get("doi")):
        parts.append(f"doi:{src['doi']}")
    if _present(src.get("registry_id")) and src.get("kind") == "registry":
        parts.append(f"{src['registry_id']}.")
    if _present(src.get("url")) and not _present(src.get("doi")):
        parts.append(str(src["url"]))
    return " ".join(parts)


def load_trial(trial_id: str) -> Trial:
    """A trial with its citation, arms, outcomes, reported effects and relapse data.

    Parameters
    ----------
    trial_id : str
        Lower-case author+year id, e.g. ``"feder2021"`` (see :func:`trials`).

    Raises
    ------
    KeyError
        For an unknown id; the message lists the known ids.

    Examples
    --------
    >>> import trialstats as ts
    >>> t = ts.load_trial("feder2021")
    >>> t.source["pmid"]
    '33397139'
    """
    _check_trial_id(trial_id)
    info = trials().set_index("trial_id", drop=False).loc[trial_id]
    all_sources = load_table("sources").set_index("source_id", drop=False)
    tables = {
        name: _filtered(name, trial_id)
        for name in ("arms", "binary_outcomes", "continuous_outcomes", "reported_effects", "relapse")
    }
    cited = [info["primary_source_id"]]
    for frame in tables.values():
        cited += [s for s in frame["source_id"] if s not in cited]
    return Trial(
        trial_id=trial_id,
        info=info,
        source=all_sources.loc[info["primary_source_id"]],
        sources=all_sources.loc[[s for s in cited if s in all_sources.index]].reset_index(drop=True),
        **tables,
    )
