"""``shiftleft hook [FILES...]``: the pre-commit hook's command line.

Parsed with argparse, not typer: the console entry point (``shiftleft.entry``) sends
``shiftleft hook`` here before the rest of the CLI is imported, so a commit that touches
nothing a scanner reads costs a Python start-up and a few name checks, not the scanners'
import time. Every line printed was escaped (``safe_text.visible``) by ``shiftleft.hook``;
findings' messages come from the report, after its redaction.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from shiftleft import cli_choices
from shiftleft.errors import EXIT_INTERNAL, EXIT_USAGE, ShiftleftError
from shiftleft.safe_text import write_line

DESCRIPTION = """\
Scan the files of a commit: exactly FILES (as pre-commit passes them, relative to the
repository root; without FILES, the files staged in git's index). Files not in git's index
(untracked, git-ignored) are listed and never scanned. Runs the code stage (secrets and SAST)
on them, and the dependency checks when a manifest or lockfile is among them. Only findings
the commit introduces block it (the staged files against HEAD); --all-findings gates on every
finding in those files. Writes nothing into the working tree: the SARIF report goes to the user
cache directory (or -o DIR), and no history is recorded.

exit status: 0 passed; 1 blocked by findings; 2 usage error (a file outside the repository,
a bad config); 3 a scanner could not assess the files (missing, failed, timed out)."""

EPILOG = """\
in .pre-commit-config.yaml:
  - repo: <shiftleft repository>
    rev: <tag or commit>
    hooks:
      - id: shiftleft-secrets   # secrets only, on every text file
      - id: shiftleft           # secrets, SAST, dependency checks when manifests are staged"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shiftleft hook", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("files", nargs="*", metavar="FILES", help="files to scan (default: the files staged in git)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--secrets-only", action="store_true", help="run only the secrets engines (fastest)")
    which.add_argument("--no-secrets", action="store_true",
                       help="SAST and dependency checks only (when another hook looks for secrets)")
    p.add_argument("--no-dependencies", action="store_true",
                   help="never run the dependency checks, even when a manifest or lockfile is staged")
    p.add_argument("--all-findings", action="store_true",
                   help="block on every finding in the files, not only on those the commit introduces")
    p.add_argument("-o", "--output", metavar="DIR", type=Path,
                   help="directory for shiftleft.sarif (default: the user cache directory)")
    p.add_argument("--fail-on", metavar="SEVERITY",
                   help="block on findings at or above this severity: critical, high, medium, low, info; any case "
                   "(default: the gate's, high)")
    p.add_argument("-c", "--config", metavar="FILE", type=Path, help="config file (default: found in the repository)")
    p.add_argument("-e", "--exclude", metavar="PATTERN", action="append", default=[],
                   help="path pattern to skip (.gitignore syntax); repeatable")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing when the commit passes")
    p.add_argument("--no-color", action="store_true", help="accepted for symmetry with scan (the hook prints no color)")
    return p


def _usage_error(args: argparse.Namespace) -> str | None:
    """The one-line error for option values argparse does not check (docs/cli.md)."""
    if args.output is not None and (str(args.output) == "-" or (args.output.exists() and not args.output.is_dir())):
        return f"-o/--output {args.output}: names a directory for shiftleft.sarif, not a file or '-'"
    try:
        args.fail_on = cli_choices.threshold(args.fail_on)
    except ShiftleftError as exc:
        return exc.message
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if problem := _usage_error(args):
        write_line(f"shiftleft: error: {problem}", err=True)
        return EXIT_USAGE
    from shiftleft import hook

    engines: list[str] = [hook.SECRETS, hook.SAST, hook.DEPENDENCIES]
    if args.secrets_only:
        engines = [hook.SECRETS]
    elif args.no_secrets:
        engines.remove(hook.SECRETS)
    if args.no_dependencies and hook.DEPENDENCIES in engines:
        engines.remove(hook.DEPENDENCIES)
    request = hook.HookRequest(
        files=tuple(args.files) if args.files else None, engines=tuple(engines), all_findings=args.all_findings,
        output=args.output, config_file=args.config, fail_on=args.fail_on, exclude=tuple(args.exclude),
    )  # fmt: skip
    try:
        outcome = hook.run(Path.cwd(), request)
    except ShiftleftError as exc:
        from shiftleft.sarif.redact import redact_text

        write_line(f"shiftleft: error: {redact_text(exc.message)}", err=True)
        return exc.exit_code
    for text in outcome.err:
        write_line(text, err=True)
    lines = outcome.out[-1:] if outcome.exit_code == 0 else outcome.out
    if not (args.quiet and outcome.exit_code == 0):
        for text in lines:
            write_line(text)
    return outcome.exit_code


def entry(argv: Sequence[str]) -> int:
    """``main`` for the console entry point: an unexpected error is one line and exit 4."""
    try:
        return main(argv)
    except KeyboardInterrupt:
        write_line("shiftleft: interrupted", err=True)
        return 130
    except Exception as exc:
        if os.environ.get("SHIFTLEFT_DEBUG"):
            raise
        write_line(f"shiftleft: internal error: {type(exc).__name__}: {str(exc)[:300]}", err=True)
        write_line("Set SHIFTLEFT_DEBUG=1 for the traceback and please report it.", err=True)
        return EXIT_INTERNAL



