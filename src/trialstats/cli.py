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

    progress("verifying the bundled claims ...")
    try:
        results = verify_claims(results=True)
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

    try:
        results = verify_claims(args.paths or None, results=True)
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


def _cmd_scan(args: argparse.Namespace) -> int:
    from .report import atomic_write_text
    from .scan import DocumentError, scan

    data = None
    if args.data:
        try:
            from .data import load_data
        except ImportError:
            print("trialstats scan: --data needs data packages (ts.load_data), not in this build",
                  file=sys.stderr)
            return 2
        data = load_data(*args.data)
    try:
        result = scan(args.document, data=data)
    except DocumentError as exc:
        print(f"trialstats scan: {exc}", file=sys.stderr)
        return 2
    if args.verify or args.format == "html":
        result.verify()
    if args.format == "html":
        from .report.review import review_html

        text = review_html(result)
    elif args.format == "json":
        text = result.to_json() + "\n"
    else:
        text = result.to_claims()
    if args.out:
        atomic_write_text(Path(args.out), text)
    else:
        sys.stdout.write(text)
    frame = result.items
    linked = int((frame["trial"].notna() | frame["source"].notna()).sum()) if len(frame) else 0
    print(f"trialstats scan: {len(frame)} statement(s), {linked} linked to a trial or source",
          file=sys.stderr)
    if result.verdicts is not None:
        bad = frame[frame["verdict"].isin(["inconsistent", "misattributed", "error"])]
        if len(bad):
            print(f"trialstats scan: {len(bad)} statement(s) inconsistent, misattributed or unreadable",
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
    p.set_defaults(handler=_cmd_verify)

    # -- scan (a page -> drafted, linked claims) --
    p = sub.add_parser("scan", help="find the checkable statements of a page and draft claims")
    p.add_argument("document", help="a .txt, .md or .html file, or an http(s) URL")
    p.add_argument("--data", action="append", metavar="DIR", help="a data package folder (may repeat)")
    p.add_argument("--format", choices=["yaml", "json", "html"], default="yaml")
    p.add_argument("--verify", action="store_true", help="verify each statement (html always does)")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(handler=_cmd_scan)

    # -- report (the main job) --
    p = sub.add_parser("report", help="verify every bundled claim, run the analyses, write HTML")
    p.add_argument("--out", default="report", help="output folder (default: report)")
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
