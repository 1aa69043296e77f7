"""Loading claim files: YAML read safely, within limits, every field parsed once.

Limits (hostile input; each refused with :class:`ClaimFileError` naming the file, and the
claim where there is one):

* a file of more than :data:`MAX_FILE_BYTES` bytes, or more than :data:`MAX_CLAIMS` claims;
* YAML nested more than :data:`MAX_DEPTH` levels;
* aliases that would expand to more than :data:`MAX_EXPANDED_NODES` nodes (an alias bomb);
* a YAML number of more than :data:`MAX_NUMBER_CHARS` characters;
* a mapping with the same key twice (a later value would silently win);
* a field over the size limits of :mod:`trialstats.claims.figures` (figures, expressions).

The YAML is first read as an event stream (no recursion, linear time) to enforce depth,
alias and number limits before any object is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import data as _data
from .context import Context, did_you_mean
from .figures import LimitExceeded
from .kinds import REGISTRY
from .kinds._kind import text as _text
from .model import Claim, ClaimFileError

__all__ = [
    "MAX_CLAIMS",
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "MAX_FILE_BYTES",
    "MAX_NUMBER_CHARS",
    "bundled_claims_dir",
    "load_claims",
]

MAX_FILE_BYTES = 256 * 1024
MAX_CLAIMS = 2000
MAX_DEPTH = 20
MAX_EXPANDED_NODES = 200_000
MAX_NUMBER_CHARS = 40

CLAIM_KEYS = (
    "id",
    "says",
    "kind",
    "trial",
    "outcome",
    "stated",
    "where",
    "notes",
    "source",
    "meta",
    "analysis",
    "class",
)
COMMON_STATED = {"intervention": _text, "comparator": _text}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CLAIM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_NUMBERLIKE = re.compile(r"^[-+]?[\d_.,]+(?:[eE][-+]?\d+)?$|^0[xob][0-9a-fA-F_]+$")


def bundled_claims_dir() -> Path:
    """The folder of the bundled claim files (``data/claims``)."""
    return Path(_data.data_dir()) / "claims"


def _claim_files(path: Any, data: Any = None) -> list[Path]:
    if path is None:
        # the claims of every layered package (the bundled one first), or the bundled ones
        package = data.data if isinstance(data, Context) else data
        folders = list(getattr(package, "claims_dirs", None) or [bundled_claims_dir()])
        if not folders[0].is_dir():
            raise ClaimFileError(f"the bundled claims folder {folders[0]} does not exist")
        return [f for folder in folders for f in sorted(folder.glob("*.yaml"))]
    if isinstance(path, str | Path):
        p = Path(path)
        if p.is_dir():
            return sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        if not p.exists():
            raise ClaimFileError(f"{p}: no such claim file")
        return [p]
    if isinstance(path, Iterable):
        files: list[Path] = []
        for item in path:
            files += _claim_files(item)
        return files
    raise TypeError(f"path must be a file, a folder or a list of them, got {type(path).__name__}")


def _screen(path: Path, text: str) -> None:
    """Walk the YAML events once: depth, alias expansion, number length, claim count."""
    import yaml

    stack: list[list[Any]] = []  # [is_mapping, size, anchor, expecting_key, key, is_claims_list]
    anchors: dict[str, int] = {}
    total = 0
    claim_no = 0

    def where() -> str:
        return f"{path}, claim #{claim_no}" if claim_no else str(path)

    def child_started() -> None:
        nonlocal claim_no
        if stack and stack[-1][5]:
            claim_no += 1
            if claim_no > MAX_CLAIMS:
                raise ClaimFileError(f"{path}: more than {MAX_CLAIMS} claims")

    def add(size: int) -> None:
        nonlocal total
        total += size
        if total > MAX_EXPANDED_NODES:
            raise ClaimFileError(
                f"{where()}: aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb?)"
            )
        if stack:
            stack[-1][1] += size

    def key_or_value(value: str | None) -> None:
        if stack and stack[-1][0]:
            frame = stack[-1]
            if frame[3]:
                frame[4] = value
            frame[3] = not frame[3]

    try:
        for ev in yaml.parse(text, Loader=_base_loader()):
            if isinstance(ev, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                is_claims = (
                    isinstance(ev, yaml.SequenceStartEvent) and len(stack) == 1 and stack[0][4] == "claims"
                )
                child_started()
                stack.append([isinstance(ev, yaml.MappingStartEvent), 1, ev.anchor, True, None, is_claims])
                if len(stack) > MAX_DEPTH:
                    raise ClaimFileError(f"{where()}: YAML nested more than {MAX_DEPTH} levels deep")
            elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                if frame[2]:
                    anchors[frame[2]] = frame[1]
                add(frame[1])
                key_or_value(None)
            elif isinstance(ev, yaml.ScalarEvent):
                child_started()
                if (
                    not ev.style
                    and len(ev.value) > MAX_NUMBER_CHARS
                    and _NUMBERLIKE.match(ev.value[:200] if len(ev.value) > 200 else ev.value)
                ):
                    raise ClaimFileError(
                        f"{where()}: a YAML number of {len(ev.value):,} characters "
                        f"(at most {MAX_NUMBER_CHARS})"
                    )
                if ev.anchor:
                    anchors[ev.anchor] = 1
                add(1)
                key_or_value(ev.value)
            elif isinstance(ev, yaml.AliasEvent):
                child_started()
                add(anchors.get(ev.anchor, 1))
                key_or_value(None)
    except yaml.YAMLError as exc:
        _yaml_error(path, exc)


def _base_loader() -> type:
    """libyaml's safe loader where PyYAML was built with it (several times faster), else PyYAML's."""
    try:
        from yaml import CSafeLoader as base
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        from yaml import SafeLoader as base
    return base


def _yaml_error(path: Path, exc: Exception) -> None:
    mark = getattr(exc, "problem_mark", None)
    at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    raise ClaimFileError(f"{path}: not valid YAML{at}: {problem}") from None


def _loader(path: Path):
    class Loader(_base_loader()):
        def construct_mapping(self, node, deep=False):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    hash(key)
                except TypeError:
                    raise ClaimFileError(
                        f"{path}: line {key_node.start_mark.line + 1}: a mapping key must be text"
                    ) from None
                if key in seen:
                    raise ClaimFileError(
                        f"{path}: line {key_node.start_mark.line + 1}: key {key!r} appears twice "
                        "in one mapping "
                        f"(first at line {seen[key] + 1}); a later value would silently replace the first"
                    )
                seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    return Loader


def _read(path: Path) -> Any:
    import yaml

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ClaimFileError(f"{path}: cannot be read: {exc}") from None
    if size > MAX_FILE_BYTES:
        raise ClaimFileError(f"{path}: {size:,} bytes; a claim file may hold at most {MAX_FILE_BYTES:,}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimFileError(f"{path}: cannot be read: {exc}") from None
    _screen(path, text)
    try:
        return yaml.load(text, Loader=_loader(path))
    except yaml.YAMLError as exc:
        _yaml_error(path, exc)
    except (RecursionError, MemoryError, OverflowError, ValueError) as exc:
        if isinstance(exc, ClaimFileError):
            raise
        raise ClaimFileError(f"{path}: cannot be read: {type(exc).__name__}: {exc}") from None


def load_claims(path: Any = None, *, data: Any = None) -> list[Claim]:
    """Load claim files.

    Parameters
    ----------
    path : str, Path, list of them, or None
        A claim file, a folder of ``*.yaml`` files, or a list; ``None`` = the bundled
        claims about the seed documents (``data/claims``), and with ``data`` a layered
        package also the files in each of its packages' ``claims/`` folders.
    data : DataPackage, optional
        The data trial, outcome, arm and source ids are checked against (default: the
        bundled data package).

    Returns
    -------
    list of Claim
        In file order (files sorted by name). A claim that breaks a rule is returned with
        ``error`` set (file, claim id, field and what was expected), so that the rest of
        the file is still verified.

    Raises
    ------
    ClaimFileError
        If a file is not YAML, is over a limit (size, nesting, aliases, number length,
        expression size), has a duplicate key, holds no ``document`` mapping, has a bad or
        duplicate document id, or no ``claims`` list.

    Examples
    --------
    >>> import trialstats as ts
    >>> claims = ts.load_claims()
    >>> len(claims) >= 30
    True
    """
    files = _claim_files(path, data)
    ctx = data if isinstance(data, Context) else Context(data)
    claims: list[Claim] = []
    seen_docs: dict[str, Path] = {}
    for f in files:
        doc_claims = _load_file(f, ctx)
        doc = doc_claims[0].document
        if doc in seen_docs:
            raise ClaimFileError(f"{f}: document id {doc!r} is already used by {seen_docs[doc]}")
        seen_docs[doc] = f
        claims += doc_claims
    return claims


def _load_file(path: Path, ctx: Context) -> list[Claim]:
    content = _read(path)
    if not isinstance(content, dict):
        raise ClaimFileError(
            f"{path}: expected a mapping with 'document' and 'claims', got {type(content).__name__}"
        )
    doc = content.get("document")
    if not isinstance(doc, dict):
        raise ClaimFileError(f"{path}: field 'document' is missing or not a mapping (id, title, url, file)")
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not _ID.match(doc_id):
        raise ClaimFileError(
            f"{path}: document.id must be lower-case letters, digits and hyphens ([a-z0-9-]), got {doc_id!r}"
        )
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ClaimFileError(f"{path}: document.title is required (a non-empty string)")
    unknown = sorted(map(str, set(doc) - {"id", "title", "url", "file"}))
    if unknown:
        raise ClaimFileError(
            f"{path}: document has unknown field(s) {unknown}; allowed: id, title, url, file"
        )
    extra = sorted(map(str, set(content) - {"document", "claims"}))
    if extra:
        raise ClaimFileError(f"{path}: unknown top-level field(s) {extra}; allowed: document, claims")
    raw_claims = content.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise ClaimFileError(f"{path}: field 'claims' must be a non-empty list of claims")
    ids: set[str] = set()
    return [
        _load_claim(path, doc_id, title, pos, raw, ids, ctx) for pos, raw in enumerate(raw_claims, start=1)
    ]


def _load_claim(
    path: Path, doc_id: str, title: str, pos: int, raw: Any, ids: set[str], ctx: Context
) -> Claim:
    cid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{pos}"
    label = f"claim {cid!r}" if not cid.startswith("#") else f"claim {cid}"
    base: dict[str, Any] = {"document": doc_id, "document_title": title, "file": path.name}

    def bad(field_name: str, expected: str) -> Claim:
        return Claim(
            **base,
            id=cid,
            says=str(raw.get("says", ""))[:1000] if isinstance(raw, dict) else "",
            kind=str(raw.get("kind", ""))[:100] if isinstance(raw, dict) else "",
            stated=raw.get("stated") if isinstance(raw, dict) and isinstance(raw.get("stated"), dict) else {},
            where=raw.get("where")
            if isinstance(raw, dict) and isinstance(raw.get("where"), str | dict)
            else None,
            error=f"{path.name}, {label}: {field_name}: {expected}",
        )

    if not isinstance(raw, dict):
        return bad("claim", f"expected a mapping with id, says, kind, stated; got {type(raw).__name__}")
    if not isinstance(raw.get("id"), str) or not _CLAIM_ID.match(raw["id"]):
        return bad("id", f"required, lower-case letters, digits, '-' or '_'; got {raw.get('id')!r}")
    if cid in ids:
        return bad("id", f"duplicate claim id {cid!r} (ids must be unique in the file)")
    ids.add(cid)
    for key in raw:
        if key not in CLAIM_KEYS:
            return bad(
                str(key),
                f"unknown field{did_you_mean(str(key), CLAIM_KEYS)}; allowed: {', '.join(CLAIM_KEYS)}",
            )
    says = raw.get("says")
    if not isinstance(says, str) or not says.strip():
        return bad("says", "required: the claim in your own words (a non-empty string)")
    kind_name = raw.get("kind")
    if not isinstance(kind_name, str) or kind_name not in REGISTRY:
        return bad(
            "kind",
            f"unknown kind {kind_name!r}{did_you_mean(str(kind_name), REGISTRY)}; "
            f"expected one of {', '.join(REGISTRY)}",
        )
    kind = REGISTRY[kind_name]
    for key in ("source", "meta", "analysis", "class"):
        if key in raw and key not in kind.claim_fields and not (key == "source" and kind_name != "citation"):
            return bad(key, f"not a claim-level field of kind {kind_name}")
        if key in raw and not isinstance(raw[key], str):
            return bad(key, f"an id (text), got {raw[key]!r}")
    where = raw.get("where")
    if where is not None and not isinstance(where, str | dict):
        return bad("where", "a place in the document (text) or {start, end, quote}")
    stated = raw.get("stated")
    if not isinstance(stated, dict) or not stated:
        return bad("stated", f"required: a mapping of the stated fields of kind {kind_name}")
    parsers = {**kind.required, **kind.optional, **COMMON_STATED}
    for key in stated:
        if key not in parsers:
            return bad(
                f"stated.{key}",
                f"not a field of kind {kind_name}{did_you_mean(str(key), parsers)}; "
                f"allowed: {', '.join(parsers)}",
            )
    for key in kind.required:
        if stated.get(key) in (None, ""):
            return bad(f"stated.{key}", f"required for kind {kind_name}")
    values: dict[str, Any] = {}
    for key, value in stated.items():
        if value is None:
            continue
        try:
            values[key] = parsers[key](value, f"stated.{key}")
        except LimitExceeded as exc:
            raise ClaimFileError(f"{path}, {label}: {exc}") from None
        except ValueError as exc:
            return bad(f"stated.{key}", str(exc))
    problem = kind.validate(values)
    if problem:
        return bad(*problem)
    trial = raw.get("trial")
    if isinstance(trial, list):
        if not trial or not all(isinstance(t, str) for t in trial):
            return bad("trial", "a trial id or a non-empty list of trial ids")
        trial = tuple(trial)
    elif trial is not None and not isinstance(trial, str):
        return bad("trial", f"a trial id such as 'feder2021', got {trial!r}")
    outcome = raw.get("outcome")
    if outcome is not None and not isinstance(outcome, str | dict):
        return bad("outcome", f"an outcome id (or a mapping trial -> outcome id), got {outcome!r}")
    claim = Claim(
        **base,
        id=cid,
        says=says.strip(),
        kind=kind_name,
        stated=dict(stated),
        trial=trial,
        outcome=outcome,
        where=where,
        source=raw.get("source"),
        meta=raw.get("meta"),
        analysis=raw.get("analysis"),
        drug_class=raw.get("class"),
        values=values,
    )
    problem = _check_ids(claim, ctx)
    return bad(*problem) if problem else claim


def _check_ids(c: Claim, ctx: Context) -> tuple[str, str] | None:
    known = ctx.trial_ids()
    for t in c.trials:
        if t not in known:
            listed = f"; known: {', '.join(sorted(known))}" if len(known) <= 40 else ""
            return "trial", f"unknown trial id {t!r}{did_you_mean(t, known)}{listed}"
        out = c.outcome_for(t)
        if out is not None:
            outcomes = ctx.outcome_ids(t)
            if out not in outcomes:
                return "outcome", (
                    f"unknown outcome id {out!r} for trial {t}{did_you_mean(out, outcomes)}; "
                    f"known: {', '.join(sorted(outcomes)) or 'none'}"
                )
        arms = ctx.arm_ids(t)
        for key in ("arm", "treatment_arm", "control_arm"):
            arm = c.values.get(key)
            if arm is not None and arm not in arms:
                return (
                    f"stated.{key}",
                    f"unknown arm {arm!r} of trial {t}{did_you_mean(arm, arms)}; "
                    f"known: {', '.join(sorted(arms))}",
                )
    if isinstance(c.outcome, dict):
        for t in c.outcome:
            if t not in c.trials:
                return "outcome", f"outcome names trial {t!r}, which is not in the claim's trial list"
    if c.outcome is not None and not c.trials:
        return "outcome", "an outcome needs the trial it belongs to ('trial')"
    for key, sid in (("source", c.source), ("stated.source", c.values.get("source"))):
        if sid is not None:
            sources = ctx.source_ids()
            if sid not in sources:
                return key, f"unknown source id {sid!r}{did_you_mean(sid, sources)} (not in data/sources.csv)"
    if c.meta is not None:
        metas = ctx.meta_ids()
        if c.meta not in metas:
            return "meta", f"unknown meta-analysis id {c.meta!r}{did_you_mean(c.meta, metas)}"
    return None
