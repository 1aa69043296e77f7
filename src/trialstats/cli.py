"""The ``trialstats`` command line.

Each sub-command has a parser block and a ``_cmd_<name>`` handler; handlers import the
package lazily so that ``trialstats --help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


class UsageError(Exception):
    """A malformed command-line argument: one line on stderr, exit code 2."""


def _cmd_report(args: argparse.Namespace) -> int:
    from .claims import ClaimFileError, verify_claims
    from .report import write_report

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    data = _data_option(args)
    progress("verifying the bundled claims ...")
    try:
        results = verify_claims(results=True, **({"data": data} if data is not None else {}))
    except ClaimFileError as exc:
        print(f"trialstats report: {exc}", file=sys.stderr)
        return 2
    progress(f"  {len(results)} claims verified")
    index = write_report(Path(args.out), claims=results, progress=progress)
    print(f"report written to {index}")
    errors = [r for r in results if r.verdict == "error"]
    if errors:
        print(f"trialstats report: {len(errors)} bundled claim(s) could not be read: "
              + "; ".join(r.explanation for r in errors), file=sys.stderr)
        return 1
    return 0


def _cmd_trials(args: argparse.Namespace) -> int:
    from .data import sources, trials

    frame = trials()
    src = sources().set_index("source_id")
    cited = frame["primary_source_id"].map(
        lambda s: f"{src.at[s, 'first_author']} {src.at[s, 'year']}, {src.at[s, 'journal']}"
        if s in src.index
        else s
    )
    table = frame.assign(n=frame["n_randomized"].astype("string").fillna(""), source=cited)[
        ["trial_id", "design", "condition", "n", "source"]
    ]
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        print(table.to_string(index=False))
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .data import load_trial

    trial = load_trial(args.trial_id)
    print(trial._repr_html_() if args.format == "html" else trial)
    return 0


def _parse_arm(name: str, text: str) -> tuple[int, int]:
    """'10/15' -> (10, 15); anything else is a UsageError naming the argument."""
    import re

    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if match is None:
        raise UsageError(f"{name} must be EVENTS/TOTAL in whole numbers, e.g. 10/15; got {text!r}")
    events, total = int(match.group(1)), int(match.group(2))
    if total == 0:
        raise UsageError(f"{name} must have a total of at least 1; got {text!r}")
    if events > total:
        raise UsageError(f"{name} has more events ({events}) than patients ({total}): {text!r}")
    return events, total


def _cmd_compare(args: argparse.Namespace) -> int:
    import json
    import warnings

    from .comparisons import compare_proportions

    x1, n1 = _parse_arm("treatment", args.treatment)
    x2, n2 = _parse_arm("control", args.control)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = compare_proportions(
            x1, n1, x2, n2,
            confidence_level=args.confidence_level,
            method=args.method or "newcombe",
            outcome=args.outcome,
        )
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result)
    for w in caught:
        print(f"trialstats compare: note: {w.message}", file=sys.stderr)
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .claims import ClaimFileError, verify_claims
    from .report import atomic_write_text
    from .verdict_render import render

    data = _data_option(args)
    try:
        extra = {"data": data} if data is not None else {}
        results = verify_claims(args.paths or None, results=True, **extra)
    except ClaimFileError as exc:
        print(f"trialstats verify: {exc}", file=sys.stderr)
        return 2
    text = render(results, args.format)
    if args.out:
        atomic_write_text(Path(args.out), text)
    else:
        sys.stdout.write(text)
    if args.fail_on:
        found = [r for r in results if r.verdict in args.fail_on]
        if found:
            shown = ", ".join(f"{r.claim.document}/{r.claim.id}" for r in found[:10])
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            print(f"trialstats verify: {len(found)} claim(s) {'/'.join(args.fail_on)}: {shown}{more}",
                  file=sys.stderr)
            return 1
    return 0


def _data_option(args: argparse.Namespace):  # -> DataPackage | None
    """The packages of ``--data DIR`` (repeatable) layered over the bundled data, or None."""
    folders = getattr(args, "data", None)
    if not folders:
        return None
    from .data import DataValidationError, load_data

    try:
        return load_data(*folders)
    except DataValidationError as exc:
        raise UsageError(f"--data: {exc}") from None


def _cmd_data(args: argparse.Namespace) -> int:
    from .data import DataValidationError, init_package, validate_data

    folder = Path(args.folder)
    if args.action == "init":
        try:
            init_package(folder)
        except (ValueError, OSError) as exc:
            raise UsageError(f"cannot write a package in {str(folder)!r}: {exc}") from None
        print(f"empty data package written to {folder} (see {folder / 'README.md'})")
        return 0
    from ._datapackage import read_package

    if not folder.is_dir():
        raise UsageError(f"{str(folder)!r} is not a data package folder (no such directory)")
    try:
        read_package(folder)
    except DataValidationError as exc:
        raise UsageError(f"{folder}: " + "; ".join(str(p) for p in exc.problems)) from None
    problems = validate_data(folder, layered=True)
    for p in problems:
        print(p)
    if problems:
        print(f"trialstats data validate: {len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: no problems (checked layered over the bundled data)")
    return 0


def _cmd_import_ctgov(args: argparse.Namespace) -> int:
    from .ctgov import CtgovError, fetch_record, from_ctgov

    source = args.record
    try:
        record = fetch_record(source) if not Path(source).exists() else Path(source)
        package = from_ctgov(record, trial_id=args.trial_id)
    except CtgovError as exc:
        raise UsageError(str(exc)) from None
    for note in package.notes:
        print(f"trialstats import-ctgov: note: {note}", file=sys.stderr)
    if args.out:
        try:
            folder = package.write(args.out)
        except (ValueError, OSError) as exc:
            raise UsageError(f"cannot write to {args.out!r}: {exc}") from None
        print(f"data package written to {folder}")
    else:
        for name in package.table_names:
            frame = package.table(name)
            if len(frame):
                print(f"## {name} ({len(frame)} rows)")
                print(frame.to_csv(index=False), end="")
    malformed = [n for n in package.notes if n.startswith("malformed:")]
    if malformed:
        print(f"trialstats import-ctgov: {len(malformed)} malformed element(s) were not imported",
              file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trialstats",
        description="Recompute and verify statistics quoted about clinical trials.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    # -- verify (claims) --
    p = sub.add_parser("verify", help="verify quoted claims (bundled ones by default)")
    p.add_argument("paths", nargs="*", help="claim files (YAML); none = the bundled claims")
    p.add_argument("--format", choices=["table", "markdown", "json", "html"], default="table")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument(
        "--fail-on",
        choices=["inconsistent", "misattributed", "unverifiable", "error"],
        action="append",
        help="exit 1 when a claim has this verdict (may repeat)",
    )
    p.add_argument("--data", action="append", metavar="DIR", help="a data package layered over the bundled")
    p.set_defaults(handler=_cmd_verify)

    # -- report (the main job) --
    p = sub.add_parser("report", help="verify every bundled claim, run the analyses, write HTML")
    p.add_argument("--out", default="report", help="output folder (default: report)")
    p.add_argument("--data", action="append", metavar="DIR", help="a data package layered over the bundled")
    p.set_defaults(handler=_cmd_report)

    # -- compare (two proportions) --
    p = sub.add_parser("compare", help="compare two proportions, e.g. 10/15 3/15")
    p.add_argument("treatment", help="events/total in the treatment arm, e.g. 10/15")
    p.add_argument("control", help="events/total in the comparator arm, e.g. 3/15")
    p.add_argument("--confidence-level", type=float, default=0.95)
    p.add_argument("--method", default=None, help="risk-difference (and NNT) interval method")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--outcome",
        choices=["desirable", "undesirable"],
        default="desirable",
        help="is the event good (response; default) or bad (relapse)? sets the NNT direction",
    )
    p.set_defaults(handler=_cmd_compare)

    # -- data --
    p = sub.add_parser("trials", help="list the bundled trials")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.set_defaults(handler=_cmd_trials)
    p = sub.add_parser("show", help="show one trial: citation, arms, outcomes")
    p.add_argument("trial_id", help="a trial id from `trialstats trials`, e.g. feder2021")
    p.add_argument("--format", choices=["text", "html"], default="text")
    p.set_defaults(handler=_cmd_show)

    # -- the user's own data packages, and registry import --
    p = sub.add_parser("data", help="write (init) or check (validate) a data package of your own")
    p.add_argument("action", choices=["init", "validate"])
    p.add_argument("folder", help="the package folder")
    p.set_defaults(handler=_cmd_data)
    p = sub.add_parser("import-ctgov", help="a ClinicalTrials.gov results record as a data package")
    p.add_argument("record", help="a study record (API v2 JSON file) or an NCT id to fetch")
    p.add_argument("--out", help="write the package to this (new or empty) folder")
    p.add_argument("--trial-id", help="trial id for the imported rows (default: investigator + year)")
    p.set_defaults(handler=_cmd_import_ctgov)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UsageError as exc:
        print(f"trialstats {args.command}: {exc}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        print(f"trialstats {args.command}: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
