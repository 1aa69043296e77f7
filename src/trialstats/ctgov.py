"""ClinicalTrials.gov results records (API v2) as rows of a data package.

A study record of the registry's API v2 (``GET /api/v2/studies/NCT…``; the modules and
their fields are those of the registry's data-model documentation, "Study Data
Structure") becomes tables of the bundled schema:

- ``trials`` and ``sources`` from ``protocolSection`` (identification, status, design,
  conditions); the record itself is the source (kind ``registry``);
- ``arms`` from ``protocolSection.armsInterventionsModule.armGroups`` and the groups of
  ``resultsSection.participantFlowModule`` (n started in the first period, n completed
  in the last), plus a ``dropout`` row per arm from the ``NOT COMPLETED`` milestone;
- ``binary_outcomes`` from outcome measures counted in participants
  (``paramType`` ``COUNT_OF_PARTICIPANTS``, or ``NUMBER`` in percent of participants);
- ``continuous_outcomes`` from means (``MEAN``, ``LEAST_SQUARES_MEAN``) with their
  dispersion (``STANDARD_DEVIATION`` → sd, ``STANDARD_ERROR`` → se, ``CONFIDENCE_*`` →
  low/high and the level; the ``dispersion`` column says which);
- ``reported_effects`` from each measure's ``analyses`` (estimate, CI, p, the
  dispersion of the estimate when it is a standard error, and the method as the record
  names it: ``statisticalMethod`` and ``paramType``);
- ``binary_outcomes`` with concept ``adverse_event`` per group from
  ``resultsSection.adverseEventsModule`` (any serious, any other, deaths, and each term).

Every row's ``location`` is the JSON path of the record element it came from (e.g.
``resultsSection.outcomeMeasuresModule.outcomeMeasures[0].classes[0].categories[0]
.measurements[1]``). What cannot be imported (a record without results, a withdrawn
study, a measure of a type with no table here such as a median, a value ``NA``) is
named in the package's ``notes`` and the rest is imported; an element of the wrong
shape is named by its JSON path. The registry's group ids (``FG000``, ``OG000``,
``EG000``) are per module; groups are matched to arms by title.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .data import DataPackage, DataValidationError, bundled

__all__ = ["DEFAULT_BASE_URL", "CtgovError", "compare_import", "fetch_record", "from_ctgov"]

#: The registry's API; ``TRIALSTATS_CTGOV_URL`` overrides it (a mirror, or a test server).
DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
_MAX_BYTES = 50 * 1024 * 1024
_NCT = re.compile(r"^NCT\d{8}$", re.IGNORECASE)
_CONCEPTS = (
    ("remission", "remission"),
    ("relapse", "relapse"),
    ("respon", "response"),
    ("discontinu", "dropout"),
    ("withdr", "dropout"),
    ("adverse", "adverse_event"),
    ("side effect", "adverse_event"),
    ("prevalen", "prevalence"),
)
_MEASURES = (
    (re.compile(r"odds ratio", re.I), "OR"),
    (re.compile(r"hazard ratio", re.I), "HR"),
    (re.compile(r"risk ratio|relative risk", re.I), "RR"),
    (re.compile(r"risk difference", re.I), "RD"),
    (re.compile(r"standardi[sz]ed mean|cohen", re.I), "SMD"),
    (
        re.compile(
            r"mean difference|difference (?:of|in) (?:the )?(?:ls |least[- ]squares? )?means?|"
            r"(?:ls|least[- ]squares?) mean difference|treatment difference",
            re.I,
        ),
        "MD",
    ),
)
_CI_LEVELS = {
    "CONFIDENCE_80": 0.8,
    "CONFIDENCE_90": 0.9,
    "CONFIDENCE_95": 0.95,
    "CONFIDENCE_975": 0.975,
    "CONFIDENCE_99": 0.99,
}
_ROLE_WORDS = re.compile(
    r"^(?:experimental|active comparator|placebo comparator|sham comparator|active control|"
    r"no intervention|other)\s*[:\-]?\s*",
    re.I,
)


class CtgovError(ValueError):
    """A registry record that cannot be read or fetched; the message is one line."""


# --------------------------------------------------------------------------- fetching


def fetch_record(nct_id: str, *, timeout: float = 20.0, base_url: str | None = None) -> dict[str, Any]:
    """Fetch a study record (JSON) from the ClinicalTrials.gov API v2.

    Parameters
    ----------
    nct_id : str
        The registry id, ``NCT`` and eight digits.
    timeout : float
        Seconds to wait for the registry.
    base_url : str, optional
        The API root; default the environment's ``TRIALSTATS_CTGOV_URL`` or
        :data:`DEFAULT_BASE_URL`.

    Raises
    ------
    CtgovError
        A one-line reason: not an NCT id, no such study, the registry unreachable
        (offline), or an answer that is not a JSON record.

    Examples
    --------
    >>> from trialstats.ctgov import fetch_record
    >>> fetch_record("NCT123")
    Traceback (most recent call last):
    ...
    trialstats.ctgov.CtgovError: 'NCT123' is neither a record file nor an NCT id (NCT and 8 digits)
    """
    if not isinstance(nct_id, str) or not _NCT.match(nct_id.strip()):
        raise CtgovError(f"{nct_id!r} is neither a record file nor an NCT id (NCT and 8 digits)")
    nct = nct_id.strip().upper()
    base = (base_url or os.environ.get("TRIALSTATS_CTGOV_URL") or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/studies/{nct}?format=json"
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "trialstats"})
    try:
        # a local registry (a mirror, a test) is reached directly, whatever proxy is configured
        local = urllib.parse.urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({})) if local else None
        with (opener.open if opener else urllib.request.urlopen)(request, timeout=timeout) as answer:
            body = answer.read(_MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise CtgovError(f"ClinicalTrials.gov has no study {nct} ({url})") from None
        raise CtgovError(f"ClinicalTrials.gov answered HTTP {exc.code} for {nct} ({url})") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CtgovError(
            f"cannot reach ClinicalTrials.gov at {base} ({reason}); offline? save the record as JSON "
            f"and pass the file instead"
        ) from None
    if len(body) > _MAX_BYTES:
        raise CtgovError(f"the record for {nct} is larger than {_MAX_BYTES} bytes; refused")
    try:
        record = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CtgovError(f"the answer for {nct} is not a JSON record: {exc}") from None
    if not isinstance(record, dict):
        raise CtgovError(f"the answer for {nct} is not a JSON object")
    return record


def _read_record(record: Any) -> dict[str, Any]:
    if isinstance(record, str | os.PathLike):
        path = Path(record)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CtgovError(f"cannot read the record file {str(path)!r}: {exc}") from None
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise CtgovError(f"{str(path)!r} is not JSON: {exc}") from None
    if isinstance(record, Mapping) and "studies" in record and "protocolSection" not in record:
        studies = record["studies"]
        if not isinstance(studies, list) or len(studies) != 1:
            raise CtgovError("studies: expected a list holding exactly one study record")
        record = studies[0]
    if not isinstance(record, Mapping):
        raise CtgovError(f"(record): expected a JSON object (a study record), got {type(record).__name__}")
    return dict(record)


# --------------------------------------------------------------------------- reading the record


class _Reader:
    """Typed access to the record: a wrong shape names its JSON path."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def get(
        self, obj: Any, path: str, key: str, kind: type | tuple[type, ...], *, required: bool = False
    ) -> Any:
        if not isinstance(obj, Mapping):
            raise CtgovError(f"{path}: expected an object, got {type(obj).__name__}")
        value = obj.get(key)
        if value is None:
            if required:
                raise CtgovError(f"{path}.{key}: missing")
            return None
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            shown = repr(value)
            raise CtgovError(f"{path}.{key}: expected {names}, got {type(value).__name__} {shown[:40]}")
        return value

    def items(self, obj: Any, path: str, key: str) -> list[tuple[str, Any]]:
        values = self.get(obj, path, key, list) or []
        return [(f"{path}.{key}[{i}]", v) for i, v in enumerate(values)]

    def malformed(self, exc: CtgovError, what: str) -> None:
        self.notes.append(f"malformed: {exc} ({what} not imported)")


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:limit].rstrip("_") or "x"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _ROLE_WORDS.sub("", text.lower())).strip()


def _text(obj: Any, *keys: str) -> str:
    """A nested string of the record, or "" when any step is missing or not of that shape."""
    for key in keys:
        obj = obj.get(key) if isinstance(obj, Mapping) else None
    return obj if isinstance(obj, str) else ""


def _number(text: Any) -> float | None:
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        try:
            value = float(text)
        except OverflowError:
            return None
        return value if math.isfinite(value) else None
    cleaned = str(text).strip().replace(",", "")
    if cleaned.startswith("."):
        cleaned = "0" + cleaned
    if cleaned.startswith("-."):
        cleaned = "-0" + cleaned[1:]
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _count(text: Any) -> int | None:
    value = _number(text)
    return int(value) if value is not None and value >= 0 and value == int(value) else None


def _fmt(value: float | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else repr(float(value))


def _concept(*texts: str) -> str:
    joined = " ".join(t for t in texts if t).lower()
    for needle, concept in _CONCEPTS:
        if needle in joined:
            return concept
    return "other"


def _p_value(text: str) -> tuple[str, str]:
    """'<0.05' -> ('<', '0.05'); '=0.059' -> ('=', '0.059'); '.002' -> ('=', '0.002')."""
    m = re.match(r"^\s*(p\s*)?(<=|>=|≤|≥|<|>|=)?\s*([0-9.eE+-]+)\s*$", text)
    if not m:
        return "", ""
    rel = {"≤": "<=", "≥": ">="}.get(m.group(2) or "=", m.group(2) or "=")
    value = _number(m.group(3))
    if value is None or not 0 <= value <= 1:
        return "", ""
    return rel, _fmt(value)


class _Import:
    """Rows built from one record."""

    def __init__(self, record: dict[str, Any], trial_id: str | None):
        self.r = _Reader()
        self.record = record
        self.rows: dict[str, list[dict[str, str]]] = {}
        self.arms: dict[str, dict[str, str]] = {}
        self.titles: dict[str, str] = {}  # normalised group title -> arm id
        self.given_trial_id = trial_id

    # -- helpers --

    def add(self, table: str, **row: Any) -> None:
        self.rows.setdefault(table, []).append({k: "" if v is None else str(v) for k, v in row.items()})

    def common(self, location: str) -> dict[str, str]:
        return {
            "trial_id": self.trial_id,
            "source_id": self.source_id,
            "location": location,
            "basis": "reported",
        }

    def arm_for(self, title: str, path: str, description: str = "") -> str:
        key = _norm(title)
        if key in self.titles:
            return self.titles[key]
        # a title that contains, or is contained in, exactly one arm's title is that arm
        # ("Experimental Ketamine Group" and "Ketamine"); more than one is ambiguous
        matches = {
            arm_id
            for known, arm_id in self.titles.items()
            if key and known and (key in known or known in key)
        }
        if len(matches) == 1:
            self.titles[key] = arm_id = matches.pop()
            return arm_id
        return self.new_arm(title, path, description, role=self.role_from_title(title))

    def role_from_title(self, title: str) -> str:
        if self.single_group:
            return "single"
        if self.crossover:
            return "sequence"
        return "control" if re.search(r"placebo|control|sham|usual care|wait", title, re.I) else "treatment"

    def new_arm(self, title: str, path: str, description: str, *, role: str, intervention: str = "") -> str:
        base = _slug(_ROLE_WORDS.sub("", title).replace(" group", "").replace(" Group", "") or title, 30)
        arm_id, k = base, 2
        while arm_id in self.arms:
            arm_id, k = f"{base}_{k}", k + 1
        self.arms[arm_id] = dict(
            self.common(path),
            arm_id=arm_id,
            role=role,
            label=title,
            intervention=intervention or title,
            dose="",
            n_randomized="",
            n_analyzed="",
            n_completed="",
            derivation="",
            notes="the record describes this group" if description else "",
        )
        self.titles[_norm(title)] = arm_id
        return arm_id

    # -- the parts --

    def run(self) -> None:
        r, rec = self.r, self.record
        proto = r.get(rec, "(record)", "protocolSection", Mapping, required=True)
        ident = r.get(proto, "protocolSection", "identificationModule", Mapping, required=True)
        nct = r.get(ident, "protocolSection.identificationModule", "nctId", str, required=True)
        if not _NCT.match(nct):
            raise CtgovError(f"protocolSection.identificationModule.nctId: {nct!r} is not an NCT id")
        self.nct = nct.upper()
        self.source_id = f"ctgov-{self.nct.lower()}"
        status = r.get(proto, "protocolSection", "statusModule", Mapping) or {}
        design = r.get(proto, "protocolSection", "designModule", Mapping) or {}
        info = r.get(design, "protocolSection.designModule", "designInfo", Mapping) or {}
        model = r.get(info, "protocolSection.designModule.designInfo", "interventionModel", str) or ""
        allocation = r.get(info, "protocolSection.designModule.designInfo", "allocation", str) or ""
        self.crossover = model == "CROSSOVER"
        self.single_group = model == "SINGLE_GROUP"
        overall = r.get(status, "protocolSection.statusModule", "overallStatus", str) or ""
        results = r.get(rec, "(record)", "resultsSection", Mapping)
        self.trial_id = self.given_trial_id or self.derive_trial_id(proto, status)
        self.trial_and_source(proto, ident, status, design, info, allocation, model, overall)
        self.protocol_arms(proto)
        self.design(allocation, model, info, study_type=_text(design, "studyType"))
        if overall == "WITHDRAWN":
            self.r.notes.append(
                f"{self.nct} was withdrawn (no participants): only the trial and its source are imported"
            )
        if not results:
            if overall != "WITHDRAWN":
                self.r.notes.append(
                    f"{self.nct} has no posted results (no resultsSection): only the trial, its "
                    "source and the planned arms are imported"
                )
            return
        for name, part in (
            ("participantFlowModule", self.flow),
            ("outcomeMeasuresModule", self.outcomes),
            ("adverseEventsModule", self.adverse_events),
        ):
            module = results.get(name)
            if module is None:
                self.r.notes.append(f"resultsSection.{name}: absent, nothing imported from it")
                continue
            try:
                part(module, f"resultsSection.{name}")
            except CtgovError as exc:
                self.r.malformed(exc, f"resultsSection.{name}")

    def derive_trial_id(self, proto: Mapping, status: Mapping) -> str:
        r = self.r
        sponsor = r.get(proto, "protocolSection", "sponsorCollaboratorsModule", Mapping) or {}
        party = (
            r.get(sponsor, "protocolSection.sponsorCollaboratorsModule", "responsibleParty", Mapping) or {}
        )
        name = (
            r.get(
                party,
                "protocolSection.sponsorCollaboratorsModule.responsibleParty",
                "investigatorFullName",
                str,
            )
            or ""
        )
        if not name:
            contacts = r.get(proto, "protocolSection", "contactsLocationsModule", Mapping) or {}
            for _, official in r.items(
                contacts, "protocolSection.contactsLocationsModule", "overallOfficials"
            ):
                if isinstance(official, Mapping) and isinstance(official.get("name"), str):
                    name = official["name"]
                    break
        name = re.sub(
            r"\b(?:dr|prof|md|phd|mph|ms|msc|do|mbbs|frcpc?)\b\.?", " ", name.split(",")[0], flags=re.I
        )
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        words = [w for w in re.findall(r"[A-Za-z]+", ascii_name) if len(w) > 1]
        surname = words[-1].lower() if words else "ctgov"
        year = ""
        for key in ("resultsFirstPostDateStruct", "completionDateStruct", "startDateStruct"):
            struct = status.get(key) if isinstance(status, Mapping) else None
            if (
                isinstance(struct, Mapping)
                and isinstance(struct.get("date"), str)
                and re.match(r"^\d{4}", struct["date"])
            ):
                year = struct["date"][:4]
                break
        return f"{surname}{year or '0000'}"

    def trial_and_source(self, proto, ident, status, design, info, allocation, model, overall) -> None:
        r = self.r
        brief = r.get(ident, "protocolSection.identificationModule", "briefTitle", str)
        official = r.get(ident, "protocolSection.identificationModule", "officialTitle", str)
        conditions = (
            r.get(
                r.get(proto, "protocolSection", "conditionsModule", Mapping) or {},
                "protocolSection.conditionsModule",
                "conditions",
                list,
            )
            or []
        )
        enrollment = r.get(design, "protocolSection.designModule", "enrollmentInfo", Mapping) or {}
        count = _count(enrollment.get("count")) if enrollment.get("type", "ACTUAL") == "ACTUAL" else None
        study_type = r.get(design, "protocolSection.designModule", "studyType", str) or ""
        perspective = r.get(info, "protocolSection.designModule.designInfo", "timePerspective", str) or ""
        if allocation == "RANDOMIZED":
            kind = "crossover RCT" if model == "CROSSOVER" else "parallel RCT"
        elif study_type == "OBSERVATIONAL" and perspective == "RETROSPECTIVE":
            kind = "retrospective"
        else:
            kind = "open-label"
        posted_date = _text(status, "resultsFirstPostDateStruct", "date")
        lead = _text(proto, "sponsorCollaboratorsModule", "leadSponsor", "name")
        investigator = _text(proto, "sponsorCollaboratorsModule", "responsibleParty", "investigatorFullName")
        self.add(
            "sources",
            source_id=self.source_id,
            kind="registry",
            first_author=(investigator.split()[-1] if investigator else lead) or "",
            authors=f"{investigator} (responsible party)" if investigator else lead,
            year=posted_date[:4] if re.match(r"^\d{4}", posted_date or "") else "",
            title=official or brief or "",
            url=f"https://clinicaltrials.gov/study/{self.nct}",
            registry_id=self.nct,
            read_via="ClinicalTrials.gov API v2 study record (JSON), imported by trialstats.from_ctgov",
            notes=f"overall status {overall or 'not given'}; "
            f"results first posted {posted_date or 'not given'}",
        )
        self.add(
            "trials",
            trial_id=self.trial_id,
            short_title=(brief or official or f"ClinicalTrials.gov {self.nct}")[:200],
            design=kind,
            condition="; ".join(str(c) for c in conditions) or "not given in the record",
            population="",
            intervention="",
            comparator="",
            n_randomized=_fmt(count),
            primary_source_id=self.source_id,
            registry_id=self.nct,
            notes=f"Imported from the registry record {self.nct} (protocolSection); overall status "
            f"{overall or 'not given'}." + ("" if count is not None else " Enrollment not given as actual."),
        )

    def design(self, allocation: str, model: str, info: Mapping, *, study_type: str) -> None:
        """A ``trial_design`` row read from ``designInfo`` and the protocol's arm types."""
        masking = _text(info, "maskingInfo", "masking")
        blinding = {
            "NONE": "open",
            "SINGLE": "single",
            "DOUBLE": "double",
            "TRIPLE": "triple",
            "QUADRUPLE": "triple",
        }.get(masking, "not_reported")
        if study_type == "OBSERVATIONAL":
            structure = "observational"
        else:
            structure = {"PARALLEL": "parallel", "CROSSOVER": "crossover", "SINGLE_GROUP": "single_arm"}.get(
                model, "not_reported"
            )
        kinds = [a["_type"] for a in self.arms.values() if a.get("_type")]
        if structure == "single_arm":
            control = "none"
        elif "PLACEBO_COMPARATOR" in kinds or "SHAM_COMPARATOR" in kinds:
            control = "placebo"
        elif "ACTIVE_COMPARATOR" in kinds:
            control = "active"
        elif "NO_INTERVENTION" in kinds:
            control = "none"
        else:
            control = "not_reported"
        agents = [a["label"] for a in self.arms.values() if a["role"] == "control" and a.get("_type")]
        printed = "; ".join(
            f"{k} {v}"
            for k, v in (
                ("allocation", allocation),
                ("interventionModel", model),
                ("masking", masking),
                ("arm types", ", ".join(kinds)),
            )
            if v
        )
        self.add(
            "trial_design",
            trial_id=self.trial_id,
            randomized={"RANDOMIZED": "true", "NON_RANDOMIZED": "false"}.get(allocation, ""),
            blinding=blinding,
            structure=structure,
            control_type=control,
            control_agent="; ".join(agents),
            n_arms=str(len(kinds)) if kinds else "",
            source_id=self.source_id,
            location="protocolSection.designModule.designInfo"
            + ("; protocolSection.armsInterventionsModule.armGroups" if kinds else ""),
            secondary="false",
            basis="reported",
            printed=printed or "not given in the record",
            notes="QUADRUPLE masking is stored as triple (the schema's widest)"
            if masking == "QUADRUPLE"
            else "",
        )

    def protocol_arms(self, proto: Mapping) -> None:
        r = self.r
        module = r.get(proto, "protocolSection", "armsInterventionsModule", Mapping) or {}
        base = "protocolSection.armsInterventionsModule"
        for path, group in r.items(module, base, "armGroups"):
            try:
                label = r.get(group, path, "label", str, required=True)
                kind = r.get(group, path, "type", str) or ""
                names = r.get(group, path, "interventionNames", list) or []
                description = r.get(group, path, "description", str) or ""
            except CtgovError as exc:
                r.malformed(exc, path)
                continue
            if self.single_group:
                role = "single"
            elif self.crossover:
                role = "sequence"
            elif kind in ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION"):
                role = "control"
            elif kind == "ACTIVE_COMPARATOR":
                role = self.role_from_title(label)
            else:
                role = "treatment"
            arm_id = self.new_arm(
                label, path, description, role=role, intervention="; ".join(map(str, names)) or label
            )
            self.arms[arm_id]["_type"] = kind
        trial = self.rows["trials"][0]
        trial["intervention"] = "; ".join(a["label"] for a in self.arms.values() if a["role"] == "treatment")
        trial["comparator"] = "; ".join(a["label"] for a in self.arms.values() if a["role"] == "control")

    def flow(self, module: Mapping, base: str) -> None:
        r = self.r
        groups = {}
        for path, group in r.items(module, base, "groups"):
            gid = r.get(group, path, "id", str, required=True)
            title = r.get(group, path, "title", str, required=True)
            groups[gid] = self.arm_for(title, path, r.get(group, path, "description", str) or "")
        periods = r.items(module, base, "periods")
        for index, (ppath, period) in enumerate(periods):
            ptitle = r.get(period, ppath, "title", str) or f"period {index + 1}"
            for mpath, milestone in r.items(period, ppath, "milestones"):
                mtype = (r.get(milestone, mpath, "type", str) or "").upper()
                for apath, ach in r.items(milestone, mpath, "achievements"):
                    try:
                        gid = r.get(ach, apath, "groupId", str, required=True)
                        n = _count(r.get(ach, apath, "numSubjects", (str, int), required=True))
                    except CtgovError as exc:
                        r.malformed(exc, apath)
                        continue
                    arm = self.arms.get(groups.get(gid, ""))
                    if arm is None or n is None:
                        r.notes.append(f"{apath}: group {gid!r} or count not usable, not imported")
                        continue
                    if mtype == "STARTED" and index == 0:
                        arm["n_randomized"] = str(n)
                        arm["location"] += f"; n started: {apath}"
                    elif mtype == "COMPLETED" and index == len(periods) - 1:
                        arm["n_completed"] = str(n)
                        arm["location"] += f"; n completed: {apath}"
                    elif mtype == "NOT COMPLETED" and index == len(periods) - 1:
                        self.pending_dropout.append((arm["arm_id"], n, apath, ptitle))
        for arm_id, events, path, ptitle in self.pending_dropout:
            started = self.arms[arm_id]["n_randomized"]
            if not started or int(started) < events:
                r.notes.append(f"{path}: not completed count without a usable started count; not imported")
                continue
            self.add(
                "binary_outcomes",
                **self.common(path),
                outcome_id="not_completed",
                concept="dropout",
                arm_id=arm_id,
                definition=f"did not complete ({ptitle}), as counted in the participant flow",
                timepoint=ptitle,
                events=events,
                n=started,
                percent="",
                printed=str(events),
                derivation="",
                used="true",
                notes="n is the number started in the first period of the participant flow",
            )

    pending_dropout: list[tuple[str, int, str, str]]

    def outcomes(self, module: Mapping, base: str) -> None:
        r = self.r
        for j, (path, om) in enumerate(r.items(module, base, "outcomeMeasures")):
            try:
                self.outcome(j, path, om)
            except CtgovError as exc:
                r.malformed(exc, path)

    def outcome(self, j: int, path: str, om: Any) -> None:
        r = self.r
        title = r.get(om, path, "title", str, required=True)
        status = r.get(om, path, "reportingStatus", str) or "POSTED"
        if status != "POSTED":
            r.notes.append(f"{path} ({title!r}): reporting status {status}, no values to import")
            return
        param = r.get(om, path, "paramType", str) or ""
        dispersion = r.get(om, path, "dispersionType", str) or "NA"
        unit = r.get(om, path, "unitOfMeasure", str) or ""
        timeframe = r.get(om, path, "timeFrame", str) or "not given"
        description = r.get(om, path, "description", str) or ""
        concept = _concept(title, description)
        groups = {}
        for gpath, group in r.items(om, path, "groups"):
            gid = r.get(group, gpath, "id", str, required=True)
            groups[gid] = self.arm_for(
                r.get(group, gpath, "title", str, required=True),
                gpath,
                r.get(group, gpath, "description", str) or "",
            )
        denoms = self.denoms(om, path)
        outcome_id = f"om{j + 1}_{_slug(title, 32)}"
        percent = (
            param == "NUMBER"
            and re.search(r"percent|%", unit, re.I)
            and re.search(r"particip|patient|subject", unit, re.I)
        )
        if param == "COUNT_OF_PARTICIPANTS" or percent:
            kind = "binary"
        elif param in ("MEAN", "LEAST_SQUARES_MEAN"):
            kind = "continuous"
            if dispersion not in ("STANDARD_DEVIATION", "STANDARD_ERROR", "NA", *_CI_LEVELS):
                r.notes.append(
                    f"{path} ({title!r}): dispersion {dispersion} has no column here (sd, se or a "
                    "confidence interval); not imported"
                )
                return
        else:
            known = (
                "MEDIAN",
                "GEOMETRIC_MEAN",
                "GEOMETRIC_LEAST_SQUARES_MEAN",
                "LOG_MEAN",
                "NUMBER",
                "COUNT_OF_UNITS",
            )
            why = "is not a type the tables hold" if param in known else "is an unknown measure type"
            r.notes.append(f"{path} ({title!r}): paramType {param or '(none)'} {why}; not imported")
            return
        classes = r.items(om, path, "classes")
        self.measure_denoms = {}
        for cpath, klass in classes:
            ctitle = r.get(klass, cpath, "title", str) or ""
            cdenoms = self.denoms(klass, cpath) or denoms
            categories = r.items(klass, cpath, "categories")
            for kpath, category in categories:
                ktitle = r.get(category, kpath, "title", str) or ""
                suffix = "_".join(
                    _slug(t, 16) for t in (ctitle, ktitle) if t and len(classes) + len(categories) > 2
                )
                oid = f"{outcome_id}_{suffix}" if suffix else outcome_id
                for mpath, m in r.items(category, kpath, "measurements"):
                    try:
                        gid = r.get(m, mpath, "groupId", str, required=True)
                        value = r.get(m, mpath, "value", (str, int, float), required=True)
                    except CtgovError as exc:
                        r.malformed(exc, mpath)
                        continue
                    arm_id = groups.get(gid)
                    if arm_id is None:
                        r.notes.append(
                            f"{mpath}: group {gid!r} is not among the measure's groups; not imported"
                        )
                        continue
                    number = _number(value)
                    if number is None:
                        comment = m.get("comment", "") if isinstance(m, Mapping) else ""
                        r.notes.append(
                            f"{mpath}: value {value!r} is not a number{f' ({comment})' if comment else ''}; "
                            "not imported"
                        )
                        continue
                    n = cdenoms.get(gid)
                    self.measure_denoms[gid] = n
                    where = " ".join(t for t in (ctitle, ktitle) if t)
                    if kind == "binary":
                        self.binary(
                            oid, concept, arm_id, title, where, timeframe, number, n, percent, value, mpath
                        )
                    else:
                        self.continuous(
                            oid,
                            concept,
                            arm_id,
                            title,
                            unit,
                            where,
                            timeframe,
                            param,
                            dispersion,
                            number,
                            n,
                            value,
                            m,
                            mpath,
                        )
        for apath, analysis in r.items(om, path, "analyses"):
            try:
                self.analysis(outcome_id, concept, groups, denoms, timeframe, kind, apath, analysis)
            except CtgovError as exc:
                r.malformed(exc, apath)

    measure_denoms: dict[str, int | None]

    def denoms(self, obj: Any, path: str) -> dict[str, int | None]:
        r = self.r
        out: dict[str, int | None] = {}
        for dpath, denom in r.items(obj, path, "denoms"):
            units = r.get(denom, dpath, "units", str) or "Participants"
            if units.lower() not in ("participants", "patients", "subjects"):
                continue
            for cpath, c in r.items(denom, dpath, "counts"):
                gid = r.get(c, cpath, "groupId", str, required=True)
                out[gid] = _count(r.get(c, cpath, "value", (str, int), required=True))
        return out

    def binary(self, oid, concept, arm_id, title, where, timeframe, number, n, percent, value, mpath) -> None:
        events = "" if percent else (str(int(number)) if number == int(number) and number >= 0 else "")
        if not percent and events == "":
            self.r.notes.append(f"{mpath}: count {value!r} is not a whole number; not imported")
            return
        self.add(
            "binary_outcomes",
            **self.common(mpath),
            outcome_id=oid,
            concept=concept,
            arm_id=arm_id,
            definition=(title + (f" ({where})" if where else ""))[:300],
            timepoint=timeframe[:200],
            events=events,
            n=_fmt(n),
            percent=str(value) if percent else "",
            printed=f"{value}%" if percent else str(value),
            derivation="",
            used="true",
            notes="" if n is not None else "the record gives no number analysed for this group",
        )

    def continuous(
        self,
        oid,
        concept,
        arm_id,
        title,
        unit,
        where,
        timeframe,
        param,
        dispersion,
        number,
        n,
        value,
        m,
        mpath,
    ) -> None:
        spread = m.get("spread") if isinstance(m, Mapping) else None
        low, high = (m.get("lowerLimit"), m.get("upperLimit")) if isinstance(m, Mapping) else (None, None)
        sd = se = lo = hi = level = ""
        kind = {"STANDARD_DEVIATION": "sd", "STANDARD_ERROR": "se", "NA": "none"}.get(dispersion, "ci")
        if kind == "sd":
            sd = spread
        elif kind == "se":
            se = spread
        elif kind == "ci":
            lo, hi, level = low, high, _CI_LEVELS[dispersion]
        missing_spread = kind in ("sd", "se") and _number(spread) is None
        missing_limits = kind == "ci" and (_number(lo) is None or _number(hi) is None)
        if missing_spread or missing_limits:
            self.r.notes.append(f"{mpath}: the {dispersion} is missing or not a number (kept blank)")
            sd = se = lo = hi = level = ""
            kind = "none"
        statistic = (
            "least-squares mean"
            if param == "LEAST_SQUARES_MEAN"
            else ("change from baseline" if re.search(r"change", title, re.I) else "mean")
        )
        self.add(
            "continuous_outcomes",
            **self.common(mpath),
            outcome_id=oid,
            concept=concept,
            arm_id=arm_id,
            scale=(title + (f" [{unit}]" if unit else ""))[:300],
            timepoint=(timeframe + (f"; {where}" if where else ""))[:300],
            statistic=statistic,
            mean=_fmt(number),
            sd=_fmt(_number(sd)) if sd else "",
            se=_fmt(_number(se)) if se else "",
            n=_fmt(n),
            dispersion=kind,
            low=_fmt(_number(lo)) if lo else "",
            high=_fmt(_number(hi)) if hi else "",
            confidence_level=level,
            printed_mean=str(value),
            printed_sd=str(sd or ""),
            printed_se=str(se or ""),
            derivation="",
            used="true",
            notes=(f"interval printed {lo} to {hi}" if kind == "ci" else ""),
        )

    def analysis(self, outcome_id, concept, groups, denoms, timeframe, kind, apath, an) -> None:
        r = self.r
        gids = r.get(an, apath, "groupIds", list) or []
        for i, gid in enumerate(gids):
            if not isinstance(gid, str):
                kind = type(gid).__name__
                raise CtgovError(f"{apath}.groupIds[{i}]: expected a group id (str), got {kind}")
        arms = [groups.get(g) for g in gids]
        param = r.get(an, apath, "paramType", str) or ""
        method = r.get(an, apath, "statisticalMethod", str) or ""
        value = r.get(an, apath, "paramValue", (str, int, float))
        p_text = r.get(an, apath, "pValue", (str, int, float))
        if value is None and p_text is None:
            r.notes.append(f"{apath}: no estimate and no p-value; not imported")
            return
        measure = next((m for rx, m in _MEASURES if rx.search(param)), "other")
        rel, p = _p_value(str(p_text)) if p_text is not None else ("", "")
        if p_text is not None and not p:
            r.notes.append(f"{apath}.pValue: {p_text!r} is not a p-value; kept as printed only")
        sides = r.get(an, apath, "ciNumSides", str) or ""
        pct = _number(r.get(an, apath, "ciPctValue", (str, int, float)))
        low = _number(r.get(an, apath, "ciLowerLimit", (str, int, float)))
        high = _number(r.get(an, apath, "ciUpperLimit", (str, int, float)))
        dtype = r.get(an, apath, "dispersionType", str) or ""
        dvalue = r.get(an, apath, "dispersionValue", (str, int, float))
        notes = []
        if sides == "ONE_SIDED":
            notes.append("the interval is one-sided")
        if dtype == "STANDARD_DEVIATION" and dvalue is not None:
            notes.append(f"the record gives a standard deviation of {dvalue} with the estimate")
        if r.get(an, apath, "groupDescription", str):
            notes.append("the record describes the comparison (groupDescription)")
        if len(arms) != 2 or None in arms:
            notes.append(f"compares groups {', '.join(map(str, gids))}")
        level = (
            pct / 100 if pct is not None and 0 < pct < 100 and (low is not None or high is not None) else None
        )
        index = apath.rsplit("[", 1)[-1].rstrip("]")
        self.add(
            "reported_effects",
            **self.common(apath),
            effect_id=f"{outcome_id}_a{int(index) + 1}",
            outcome_id=outcome_id,
            concept=concept,
            measure=measure,
            arm1=arms[0] if len(arms) > 0 and arms[0] else "",
            arm2=arms[1] if len(arms) > 1 and arms[1] else "",
            timepoint=timeframe[:200],
            analysis=" ".join(t for t in (method, f"({param})" if param else "") if t),
            estimate=_fmt(_number(value)),
            low=_fmt(low),
            high=_fmt(high),
            confidence_level=_fmt(level) if level is not None else "",
            se=_fmt(_number(dvalue))
            if dtype == "STANDARD_ERROR_OF_MEAN" and _number(dvalue) is not None
            else "",
            statistic="",
            df="",
            p=p,
            p_relation=rel if p else "",
            n1=_fmt(denoms.get(gids[0])) if len(gids) > 0 else "",
            n2=_fmt(denoms.get(gids[1])) if len(gids) > 1 else "",
            printed_estimate="" if value is None else str(value),
            printed_low=str(r.get(an, apath, "ciLowerLimit", (str, int, float)) or ""),
            printed_high=str(r.get(an, apath, "ciUpperLimit", (str, int, float)) or ""),
            printed_se=str(dvalue) if dtype == "STANDARD_ERROR_OF_MEAN" and dvalue is not None else "",
            printed_p="" if p_text is None else str(p_text),
            derivation="",
            used="true",
            notes="; ".join(notes),
        )

    def adverse_events(self, module: Mapping, base: str) -> None:
        r = self.r
        timeframe = r.get(module, base, "timeFrame", str) or "adverse-event reporting period"
        groups = {}
        for gpath, group in r.items(module, base, "eventGroups"):
            try:
                gid = r.get(group, gpath, "id", str, required=True)
                title = r.get(group, gpath, "title", str, required=True)
            except CtgovError as exc:
                r.malformed(exc, gpath)
                continue
            arm_id = groups[gid] = self.arm_for(title, gpath, r.get(group, gpath, "description", str) or "")
            for what, label in (
                ("serious", "any serious adverse event"),
                ("other", "any other adverse event (not serious, above the reporting threshold)"),
                ("deaths", "death (all causes)"),
            ):
                affected = _count(group.get(f"{what}NumAffected"))
                at_risk = _count(group.get(f"{what}NumAtRisk"))
                if affected is None or at_risk is None:
                    continue
                self.ae_row(
                    f"ae_{what}_any",
                    arm_id,
                    label,
                    timeframe,
                    affected,
                    at_risk,
                    f"{gpath}.{what}NumAffected",
                )
        for kind in ("seriousEvents", "otherEvents"):
            seen: dict[str, int] = {}
            for epath, event in r.items(module, base, kind):
                try:
                    term = r.get(event, epath, "term", str, required=True)
                    organ = r.get(event, epath, "organSystem", str) or ""
                    stats = r.items(event, epath, "stats")
                except CtgovError as exc:
                    r.malformed(exc, epath)
                    continue
                slug = _slug(term, 30)
                seen[slug] = seen.get(slug, 0) + 1
                if seen[slug] > 1:
                    slug = f"{slug}_{seen[slug]}"
                label = f"{term} ({organ}; {'serious' if kind == 'seriousEvents' else 'other, not serious'})"
                for spath, s in stats:
                    gid = s.get("groupId") if isinstance(s, Mapping) else None
                    gid = gid if isinstance(gid, str) else None
                    affected = _count(s.get("numAffected")) if isinstance(s, Mapping) else None
                    at_risk = _count(s.get("numAtRisk")) if isinstance(s, Mapping) else None
                    if gid not in groups or affected is None or at_risk is None:
                        r.notes.append(f"{spath}: group or counts not usable; not imported")
                        continue
                    prefix = "ae_serious_" if kind == "seriousEvents" else "ae_other_"
                    self.ae_row(prefix + slug, groups[gid], label, timeframe, affected, at_risk, spath)

    def ae_row(self, oid, arm_id, label, timeframe, affected, at_risk, path) -> None:
        if affected > at_risk:
            self.r.notes.append(
                f"{path}: {affected} affected of {at_risk} at risk is impossible; not imported"
            )
            return
        self.add(
            "binary_outcomes",
            **self.common(path),
            outcome_id=oid,
            concept="adverse_event",
            arm_id=arm_id,
            definition=f"participants with {label}"[:300],
            timepoint=timeframe[:200],
            events=affected,
            n=at_risk,
            percent="",
            printed=str(affected),
            derivation="",
            used="true",
            notes="",
        )


def from_ctgov(record: Any, *, trial_id: str | None = None) -> DataPackage:
    """A ClinicalTrials.gov API v2 study record with posted results as a data package.

    Parameters
    ----------
    record : dict, str or Path
        The study record (as ``GET /api/v2/studies/NCT…`` returns it, or a
        ``{"studies": [record]}`` page of one), or the path of its JSON file. Fetch one
        with :func:`fetch_record`.
    trial_id : str, optional
        The id for the imported trial; default the responsible investigator's surname
        and the year results were first posted (``feder2021``). Use another id when the
        trial is already in the bundled data under that id.

    Returns
    -------
    DataPackage
        Standalone (not layered over the bundled data; pass it to
        :func:`trialstats.load_data` to layer it, or ``.write(folder)`` it). Every row
        is sourced to ``ctgov-<nct id>`` with the JSON path of its element as
        ``location``. ``.notes`` lists what was not imported and why (a record without
        results, a withdrawn study, unknown measure types, malformed elements by JSON
        path); a row that breaks the schema's checks is left out and named there.

    Raises
    ------
    CtgovError
        When the record is not a study record: the message names the JSON path that is
        wrong (``protocolSection.identificationModule.nctId: missing``).

    Examples
    --------
    >>> import trialstats as ts
    >>> record = {"protocolSection": {
    ...     "identificationModule": {"nctId": "NCT02397889", "briefTitle": "Ketamine for PTSD"},
    ...     "statusModule": {"overallStatus": "COMPLETED",
    ...                      "resultsFirstPostDateStruct": {"date": "2021-02-11"}},
    ...     "designModule": {"designInfo": {"allocation": "RANDOMIZED", "interventionModel": "PARALLEL"}}},
    ...   "resultsSection": {"participantFlowModule": {
    ...     "groups": [{"id": "FG000", "title": "Experimental Ketamine Group"},
    ...                {"id": "FG001", "title": "Active Control Midazolam Group"}],
    ...     "periods": [{"title": "Overall Study", "milestones": [
    ...         {"type": "STARTED", "achievements": [{"groupId": "FG000", "numSubjects": "15"},
    ...                                              {"groupId": "FG001", "numSubjects": "15"}]},
    ...         {"type": "COMPLETED", "achievements": [{"groupId": "FG000", "numSubjects": "14"},
    ...                                                {"groupId": "FG001", "numSubjects": "15"}]}]}]}}}
    >>> pkg = ts.from_ctgov(record, trial_id="feder2021")
    >>> pkg.arms()[["arm_id", "n_randomized", "n_completed"]].values.tolist()
    [['ketamine', 15, 14], ['midazolam', 15, 15]]
    """
    data = _read_record(record)
    if trial_id is not None and (
        not isinstance(trial_id, str) or not re.match(r"^[a-z]+[0-9]{4}[a-z]?$", trial_id)
    ):
        raise CtgovError(f"trial_id must be lower-case author + year such as 'smith2024', got {trial_id!r}")
    job = _Import(data, trial_id)
    job.pending_dropout = []
    job.run()
    for arm in job.arms.values():
        job.add("arms", **{k: v for k, v in arm.items() if not k.startswith("_")})
    tables = {name: pd.DataFrame(rows) for name, rows in job.rows.items()}
    notes = list(job.r.notes)
    label = f"import of {job.nct}"
    for _ in range(3):  # drop the rows the checks refuse, name them, keep the rest
        try:
            package = DataPackage.from_text_tables(tables, label=label)
            break
        except DataValidationError as exc:
            bad: dict[str, set[int]] = {}
            for problem in exc.problems:
                table = problem.file.split(": ", 1)[-1].removesuffix(".csv")
                if problem.row is None or table in ("trials", "sources", "arms"):
                    raise CtgovError(f"the import of {job.nct} does not fit the schema: {problem}") from None
                bad.setdefault(table, set()).add(problem.row - 1)
                frame = tables[table]
                where = frame.iloc[problem.row - 1]["location"]
                notes.append(f"malformed: {where}: {problem.message} (row not imported)")
            for table, rows in bad.items():
                tables[table] = tables[table].drop(index=sorted(rows)).reset_index(drop=True)
    else:  # pragma: no cover - each round removes the rows named
        raise CtgovError(f"the import of {job.nct} does not fit the schema")
    package.notes = notes
    return package


def compare_import(
    imported: DataPackage,
    trial_id: str,
    *,
    data: DataPackage | None = None,
    imported_trial_id: str | None = None,
) -> pd.DataFrame:
    """Compare an import's arms and enrollment with the hand-entered rows of the same trial.

    Parameters
    ----------
    imported : DataPackage
        From :func:`from_ctgov`.
    trial_id : str
        The trial's id in ``data``.
    data : DataPackage, optional
        The hand-entered package; None = the bundled one.
    imported_trial_id : str, optional
        The trial's id in the import (default the same id).

    Returns
    -------
    DataFrame
        One row per compared figure: ``table``, ``arm_id``, ``field``, ``imported``,
        ``entered``, ``status`` (``agree``, ``disagree``, or ``only imported`` /
        ``only entered`` when one side is blank: not compared). Disagreements first.

    Examples
    --------
    >>> import trialstats as ts
    >>> from trialstats.ctgov import compare_import
    >>> pkg = ts.from_ctgov({"protocolSection": {"identificationModule": {"nctId": "NCT02397889"}},
    ...     "resultsSection": {"participantFlowModule": {
    ...     "groups": [{"id": "FG000", "title": "Ketamine"}],
    ...     "periods": [{"milestones": [{"type": "STARTED",
    ...         "achievements": [{"groupId": "FG000", "numSubjects": "15"}]}]}]}}}, trial_id="feder2021")
    >>> table = compare_import(pkg, "feder2021")
    >>> table.query("table == 'arms' and field == 'n_randomized'")[["arm_id", "status"]].values.tolist()
    [['midazolam', 'only entered'], ['ketamine', 'agree']]
    """
    data = data if data is not None else bundled()
    mine = imported_trial_id or trial_id
    rows = []

    def compare(table: str, arm: str, fieldname: str, a: Any, b: Any) -> None:
        a = None if a is None or pd.isna(a) else a
        b = None if b is None or pd.isna(b) else b
        if a is None and b is None:
            return
        status = (
            "only entered"
            if a is None
            else "only imported"
            if b is None
            else ("agree" if str(a) == str(b) else "disagree")
        )
        rows.append(
            {"table": table, "arm_id": arm, "field": fieldname, "imported": a, "entered": b, "status": status}
        )

    ti = imported.trials().set_index("trial_id")
    te = data.trials().set_index("trial_id")
    if mine in ti.index and trial_id in te.index:
        for col in ("n_randomized", "registry_id", "design"):
            compare("trials", "", col, ti.at[mine, col], te.at[trial_id, col])
    if "trial_design" in imported.table_names and "trial_design" in data.table_names:
        di = imported.table("trial_design").set_index("trial_id")
        de = data.table("trial_design").set_index("trial_id")
        for col in ("randomized", "blinding", "structure", "control_type", "n_arms"):
            a = di.at[mine, col] if mine in di.index else None
            b = de.at[trial_id, col] if trial_id in de.index else None
            # "not_reported" is no figure: the side that has one is then the only one compared
            a, b = (None if v is None or pd.isna(v) or v == "not_reported" else v for v in (a, b))
            compare("trial_design", "", col, a, b)
    ai = imported.arms(mine).set_index("arm_id") if mine in set(ti.index) else pd.DataFrame()
    ae = data.arms(trial_id).set_index("arm_id")
    for arm in sorted(set(ai.index) | set(ae.index)):
        for col in ("n_randomized", "n_analyzed", "n_completed"):
            compare(
                "arms",
                arm,
                col,
                ai.at[arm, col] if arm in ai.index else None,
                ae.at[arm, col] if arm in ae.index else None,
            )
    bi = imported.binary_outcomes(mine) if mine in set(ti.index) else pd.DataFrame(columns=["outcome_id"])
    be = data.binary_outcomes(trial_id)
    # outcomes pair by id, else by concept when each side has exactly one unpaired outcome of it
    pairs: list[tuple[str | None, str | None]] = [
        (oid, oid) for oid in sorted(set(bi["outcome_id"]) & set(be["outcome_id"]))
    ]
    left_ids = sorted(set(bi["outcome_id"]) - set(be["outcome_id"]))
    right_ids = sorted(set(be["outcome_id"]) - set(bi["outcome_id"]))

    def concept_of(frame: pd.DataFrame, oid: str) -> Any:
        return frame.loc[frame["outcome_id"] == oid, "concept"].iloc[0]

    for oid in list(left_ids):
        same = [r for r in right_ids if concept_of(be, r) == concept_of(bi, oid)]
        mine_same = [x for x in left_ids if concept_of(bi, x) == concept_of(bi, oid)]
        if len(same) == 1 and len(mine_same) == 1:
            pairs.append((oid, same[0]))
            left_ids.remove(oid)
            right_ids.remove(same[0])
    pairs += [(oid, None) for oid in left_ids] + [(None, oid) for oid in right_ids]
    for a, b in pairs:
        left = bi[bi["outcome_id"] == a].set_index("arm_id")
        right = be[be["outcome_id"] == b].set_index("arm_id")
        label = f"binary_outcomes:{a or b}" if a == b or None in (a, b) else f"binary_outcomes:{a}={b}"
        for arm in sorted(set(left.index) | set(right.index)):
            for col in ("events", "n"):
                compare(
                    label,
                    arm,
                    col,
                    left.loc[[arm], col].iloc[0] if arm in left.index else None,
                    right.loc[[arm], col].iloc[0] if arm in right.index else None,
                )
    out = pd.DataFrame(rows, columns=["table", "arm_id", "field", "imported", "entered", "status"])
    order = {"disagree": 0, "only imported": 1, "only entered": 2, "agree": 3}
    return out.sort_values("status", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
