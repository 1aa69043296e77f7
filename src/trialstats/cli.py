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
    from .report import write_report

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    index = write_report(Path(args.out), progress=progress)
    print(f"report written to {index}")
    return 0


def _cmd_trials(args: argparse.Namespace) -> int:
    from .data import trials

    frame = trials()
    print(frame.to_string(index=False))
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .data import load_trial

    print(load_trial(args.trial_id))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    raise UsageError("compare is not available yet")


def _cmd_verify(args: argparse.Namespace) -> int:
    raise UsageError("verify is not available yet")


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
        choices=["inconsistent", "misattributed", "unverifiable"],
        action="append",
        help="exit 1 when a claim has this verdict (may repeat)",
    )
    p.set_defaults(handler=_cmd_verify)

    # -- report (the main job) --
    p = sub.add_parser("report", help="verify every bundled claim, run the analyses, write HTML")
    p.add_argument("--out", default="report", help="output folder (default: report)")
    p.set_defaults(handler=_cmd_report)

    # -- compare (two proportions) --
    p = sub.add_parser("compare", help="compare two proportions, e.g. 10/15 3/15")
    p.add_argument("treatment", help="events/total in the treatment arm, e.g. 10/15")
    p.add_argument("control", help="events/total in the comparator arm, e.g. 3/15")
    p.add_argument("--confidence-level", type=float, default=0.95)
    p.add_argument("--method", default=None, help="risk-difference interval method")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(handler=_cmd_compare)

    # -- data --
    p = sub.add_parser("trials", help="list the bundled trials")
    p.set_defaults(handler=_cmd_trials)
    p = sub.add_parser("show", help="show one trial: citation, arms, outcomes")
    p.add_argument("trial_id")
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
