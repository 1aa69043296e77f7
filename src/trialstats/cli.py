"""The ``trialstats`` command line.

Each sub-command has a parser block and a ``_cmd_<name>`` handler; handlers import the
package lazily so that ``trialstats --help`` is instant.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class UsageError(Exception):
    """A malformed command-line argument: one line on stderr, exit code 2."""


class Stopped(BaseException):
    """SIGTERM arrived: unwind (kernels stopped, temporary folders removed), then exit non-zero."""


# Terminal escape sequences and other control characters (tab and newline kept): user text
# in data or claim files must not move the cursor, recolour or retitle the reader's terminal.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # the remaining C0/C1 controls, ESC included
)


def _clean_text(text: str) -> str:
    return _CONTROL.sub("", text)


def _emit(text: str) -> None:
    """Write results to stdout with control characters removed."""
    sys.stdout.write(_clean_text(text))


def _safe_csv_cell(value: object) -> object:
    """Defuse spreadsheet formulas: text beginning with = + - @ (or tab/CR) gets a leading '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _write_out(path: str, text: str) -> None:
    """Write ``--out FILE`` atomically; an unusable path is a one-line UsageError."""
    from .report import OutputPathError, atomic_write_text, check_out_file

    try:
        check_out_file(Path(path))
        atomic_write_text(Path(path), text)
    except OutputPathError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"--out {path}: {exc.strerror or exc}") from None


def _cmd_report(args: argparse.Namespace) -> int:
    from .claims import ClaimFileError, verify_claims
    from .report import OutputPathError, build_report, check_out_dir, check_out_file

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    out = Path(args.out or ("report.html" if args.single_file else "report"))
    try:  # refuse an unusable destination before any work
        (check_out_file if args.single_file else check_out_dir)(out)
    except OutputPathError as exc:
        raise UsageError(str(exc)) from None
    data = _data_option(args)
    progress("verifying the bundled claims ...")
    try:
        results = verify_claims(results=True, **({"data": data} if data is not None else {}))
    except ClaimFileError as exc:
        print(f"trialstats report: {exc}", file=sys.stderr)
        return 2
    progress(f"  {len(results)} claims verified")
    try:
        built = build_report(out, claims=results, progress=progress, single_file=args.single_file)
    except OutputPathError as exc:
        raise UsageError(str(exc)) from None
    for note in built.notes:
        print(f"trialstats report: note: {note}", file=sys.stderr)
    print(f"report written to {built.index}")
    code = 0
    if built.failed_notebooks:
        print("trialstats report: notebooks failed: " + ", ".join(built.failed_notebooks), file=sys.stderr)
        code = 1
    errors = [r for r in results if r.verdict == "error"]
    if errors:
        print(f"trialstats report: {len(errors)} bundled claim(s) could not be read: "
              + _clean_text("; ".join(r.explanation for r in errors)), file=sys.stderr)
        code = 1
    return code


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
        _emit(table.map(_safe_csv_cell).to_csv(index=False))
    else:
        _emit(table.to_string(index=False) + "\n")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .data import load_trial

    trial = load_trial(args.trial_id)
    _emit((trial._repr_html_() if args.format == "html" else str(trial)) + "\n")
    return 0


def _parse_arm(name: str, text: str) -> tuple[int, int]:
    """'10/15' -> (10, 15); anything else is a UsageError naming the argument."""
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
        _emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _emit(str(result) + "\n")
    for w in caught:
        print(f"trialstats compare: note: {w.message}", file=sys.stderr)
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .claims import ClaimFileError, claim_results
    from .claims.render import render

    data = _data_option(args)
    try:
        extra = {"data": data} if data is not None else {}
        results = claim_results(args.paths or None, **extra)
    except ClaimFileError as exc:
        print(f"trialstats verify: {exc}", file=sys.stderr)
        return 2
    text = render(results, args.format)
    if args.out:
        _write_out(args.out, text)
    else:
        _emit(text)
    errors = [r for r in results if r.verdict == "error"]
    if errors:
        for r in errors:
            print(f"trialstats verify: error: {_clean_text(r.explanation)}", file=sys.stderr)
        print(f"trialstats verify: {len(errors)} claim(s) malformed or failed to check", file=sys.stderr)
        return 1
    if args.fail_on:
        found = [r for r in results if r.verdict in args.fail_on]
        if found:
            shown = _clean_text(", ".join(f"{r.claim.document}/{r.claim.id}" for r in found[:10]))
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


def _sub(sub: Any, name: str, help: str, examples: str) -> argparse.ArgumentParser:
    """A sub-command parser whose --help ends with worked examples."""
    return sub.add_parser(
        name, help=help, description=help[:1].upper() + help[1:] + ".",
        epilog="examples:\n" + examples, formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _cmd_scan(args: argparse.Namespace) -> int:
    from .scanning import DocumentError, scan

    data = _data_option(args)
    try:
        result = scan(args.document, data=data)
    except DocumentError as exc:
        print(f"trialstats scan: {exc}", file=sys.stderr)
        return 2
    if args.verify or args.format == "html" or args.fail_on:
        result.verify()
    if args.format == "html":
        from .report.review import review_html

        text = review_html(result)
    elif args.format == "json":
        text = result.to_json() + "\n"
    else:
        text = result.to_claims()
    if args.out:
        _write_out(args.out, text)
    else:
        _emit(text)
    frame = result.items
    linked = int((frame["trial"].notna() | frame["source"].notna()).sum()) if len(frame) else 0
    print(f"trialstats scan: {len(frame)} statement(s), {linked} linked to a trial or source",
          file=sys.stderr)
    if result.verdicts is not None:
        counts = frame["verdict"].value_counts()
        print("trialstats scan: " + ", ".join(f"{n} {v}" for v, n in counts.items()), file=sys.stderr)
        failing = {"error", *(args.fail_on or ())}
        bad = frame[frame["verdict"].isin(failing)]
        if len(bad):
            print(f"trialstats scan: {len(bad)} statement(s) {'/'.join(sorted(failing))}", file=sys.stderr)
            return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .two_proportions import RISK_DIFFERENCE_METHODS

    parser = argparse.ArgumentParser(
        prog="trialstats",
        description="Recompute and verify statistics quoted about clinical trials.",
        epilog="exit codes: 0 done; 1 a check failed; 2 usage or unreadable input.\n"
        "Results go to standard output, progress and diagnostics to standard error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"trialstats {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # -- verify (claims) --
    p = _sub(sub, "verify", "verify quoted claims (the bundled ones by default)",
             "  trialstats verify\n"
             "  trialstats verify my-claims.yaml --format markdown --out verdicts.md\n"
             "  trialstats verify --fail-on inconsistent --fail-on error   # exit 1 if any\n")
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

    # -- scan (a page -> drafted, linked claims) --
    p = _sub(sub, "scan", "find the checkable statements of a page, link them to trials, draft claims",
             "  trialstats scan page.html --verify --format html --out review.html\n"
             "  trialstats scan page.txt --format yaml --out page-claims.yaml   # then edit and verify\n"
             "  trialstats scan https://example.org/article --verify --format json\n"
             "exit 1 when a drafted statement is `error` or matches --fail-on.\n")
    p.add_argument("document", help="a .txt, .md or .html file, or an http(s) URL")
    p.add_argument("--data", action="append", metavar="DIR", help="a data package folder (may repeat)")
    p.add_argument("--format", choices=["yaml", "json", "html"], default="yaml")
    p.add_argument("--verify", action="store_true", help="verify each statement (html always does)")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument(
        "--fail-on",
        choices=["inconsistent", "misattributed", "unverifiable"],
        action="append",
        help="with verification, exit 1 when a statement has this verdict (may repeat)",
    )
    p.set_defaults(handler=_cmd_scan)

    # -- report (the main job) --
    p = _sub(sub, "report", "verify every bundled claim, run the analyses, write the HTML report",
             "  trialstats report                       # writes report/index.html\n"
             "  trialstats report --out /tmp/ts-report\n"
             "  trialstats report --single-file --out report.html\n"
             "exit 1 when a notebook fails or a bundled claim is malformed (error).\n")
    p.add_argument("--out", default=None,
                   help="output folder (default: report), or file with --single-file (default: report.html); "
                   "an existing folder is replaced only if it holds an earlier report")
    p.add_argument("--single-file", action="store_true",
                   help="write one self-contained HTML file (notebooks embedded) instead of a folder")
    p.add_argument("--data", action="append", metavar="DIR", help="a data package layered over the bundled")
    p.set_defaults(handler=_cmd_report)

    # -- compare (two proportions) --
    methods = ", ".join(RISK_DIFFERENCE_METHODS)
    p = _sub(sub, "compare", "compare two proportions, e.g. 10/15 3/15",
             "  trialstats compare 10/15 3/15\n"
             "  trialstats compare 10/15 3/15 --method miettinen_nurminen --confidence-level 0.9\n"
             "  trialstats compare 4/30 9/30 --outcome undesirable --format json\n")
    p.add_argument("treatment", help="events/total in the treatment arm, e.g. 10/15")
    p.add_argument("control", help="events/total in the comparator arm, e.g. 3/15")
    p.add_argument("--confidence-level", type=float, default=0.95)
    p.add_argument("--method", default=None, metavar="METHOD",
                   help=f"risk-difference (and NNT) interval method, one of: {methods} (default newcombe)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--outcome",
        choices=["desirable", "undesirable"],
        default="desirable",
        help="is the event good (response; default) or bad (relapse)? sets the NNT direction",
    )
    p.set_defaults(handler=_cmd_compare)

    # -- data --
    p = _sub(sub, "trials", "list the bundled trials",
             "  trialstats trials\n  trialstats trials --format csv > trials.csv\n")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.set_defaults(handler=_cmd_trials)
    p = _sub(sub, "show", "show one trial: citation, arms, outcomes",
             "  trialstats show feder2021\n  trialstats show feder2021 --format html > feder2021.html\n")
    p.add_argument("trial_id", help="a trial id from `trialstats trials`, e.g. feder2021")
    p.add_argument("--format", choices=["text", "html"], default="text")
    p.set_defaults(handler=_cmd_show)

    # -- the user's own data packages, and registry import --
    p = _sub(sub, "data", "write (init) or check (validate) a data package of your own",
             "  trialstats data init my-trials          # an empty package with a README\n"
             "  trialstats data validate my-trials      # every problem, with file, row and field\n"
             "  trialstats verify my-claims.yaml --data my-trials\n"
             "validate exits 1 when there are problems, 2 when the folder is unreadable.\n")
    p.add_argument("action", choices=["init", "validate"])
    p.add_argument("folder", help="the package folder")
    p.set_defaults(handler=_cmd_data)
    p = _sub(sub, "import-ctgov", "a ClinicalTrials.gov results record (API v2) as a data package",
             "  trialstats import-ctgov NCT02397889 --trial-id feder2021r --out imported\n"
             "  trialstats import-ctgov record.json --out imported   # a record saved earlier\n"
             "TRIALSTATS_CTGOV_URL sets the API root (default https://clinicaltrials.gov/api/v2).\n")
    p.add_argument("record", help="a study record (API v2 JSON file) or an NCT id to fetch")
    p.add_argument("--out", help="write the package to this (new or empty) folder")
    p.add_argument("--trial-id", help="trial id for the imported rows (default: investigator + year)")
    p.set_defaults(handler=_cmd_import_ctgov)
    return parser


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Stopped()


def main(argv: Sequence[str] | None = None) -> int:
    import signal

    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        pass
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()
        return code
    except UsageError as exc:
        print(f"trialstats {args.command}: {_clean_text(str(exc))}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as exc:
        msg = exc.args[0] if exc.args else str(exc)
        print(f"trialstats {args.command}: {_clean_text(str(msg))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader closed the pipe (`trialstats show feder2021 | head -1`): end quietly, the
        # shell way (128 + SIGPIPE); point stdout at /dev/null so the final flush cannot fail
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Stopped:
        print(f"trialstats {args.command}: stopped by SIGTERM; nothing was replaced", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"trialstats {args.command}: interrupted; nothing was replaced", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
