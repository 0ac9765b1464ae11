"""``shiftleft report``: write reports again from files of an earlier scan, and merge the
SARIF logs of per-stage CI jobs. Nothing here runs a scanner.

    shiftleft report --from shiftleft.sarif -f html -f markdown -o out/
    shiftleft report --from scorecard.json -f junit
    shiftleft report merge code/shiftleft.sarif build/shiftleft.sarif -o merged/ [--gate]

Mounted by the main CLI as ``app.add_typer(report_app, name="report")``. Exit codes: 0 done
(or, with ``--gate``, the gate's own 0/1/3); 2 bad input: a missing or unreadable file, a
file shiftleft did not write, a format the input cannot give.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from shiftleft.cli_common import console as make_console
from shiftleft.cli_common import fail, line, warn
from shiftleft.config import GateConfig
from shiftleft.errors import ShiftleftError
from shiftleft.model import Report
from shiftleft.policy.engine import PolicyOptions
from shiftleft.report import FORMATS, write_reports
from shiftleft.report.model import ReportInputError, assemble_report
from shiftleft.report.rebuild import load_json, load_report, trusted_log
from shiftleft.sarif.merge import MergeError, merge_logs
from shiftleft.sarif.profiles import PROFILES, check_profile
from shiftleft.severity import SEVERITIES

DEFAULT_OUTPUT = Path("shiftleft-report")
MERGE_FORMATS = ("sarif", "json")

app = typer.Typer(
    name="report",
    help="Write reports from an earlier scan's SARIF or scorecard.json, or merge per-stage SARIF logs.",
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _check_formats(formats: list[str]) -> None:
    for name in formats:
        if name not in FORMATS:
            close = difflib.get_close_matches(name, list(FORMATS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(f"unknown format {name!r}{hint}; choose from: {', '.join(FORMATS)}")


def _policy_options(fail_on: str | None) -> PolicyOptions:
    """The policies a log is assembled again with: the default gate (``--fail-on`` over it),
    every shipped framework, no waiver file (none is looked for where a log points)."""
    if fail_on is None:
        return PolicyOptions(no_target_waivers=True)
    if fail_on not in SEVERITIES:
        fail(f"unknown severity {fail_on!r}; choose from: {', '.join(SEVERITIES)}")
    return PolicyOptions(no_target_waivers=True, gate_config=GateConfig(fail_on=fail_on),
                         gate_explicit=frozenset({"fail_on"}))  # fmt: skip


def _profile(value: str | None) -> str | None:
    try:
        return check_profile(value)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)


def _write(report: Report, formats: list[str], output: Path, sarif_profile: str | None = None) -> list[Path]:
    notices: list[str] = []
    try:
        written = write_reports(report, formats, output, sarif_profile=sarif_profile, notices=notices)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)
    for notice in notices:
        warn(notice)
    return written


def _done(report: Report, written: list[Path], gate: bool) -> NoReturn:
    console = make_console(soft_wrap=True)
    for path in written:
        console.print(line(f"wrote {path}"))
    grade, code = report.scorecard.overall.grade, report.gate.exit_code
    console.print(line(f"gate {report.gate.verdict} (grade {grade}, exit code {code})"))
    raise typer.Exit(report.gate.exit_code if gate else 0)


FormatOption = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", help=f"Report format, repeatable: {', '.join(FORMATS)}."),
]
OutputOption = Annotated[Path, typer.Option("--output", "-o", help="Directory for report files.")]
GateOption = Annotated[
    bool, typer.Option("--gate", help="Exit with the gate's code (0 passed, 1 failed, 3 incomplete), as scan does.")
]
SarifProfileOption = Annotated[
    str | None,
    typer.Option("--sarif-profile", metavar="PROFILE",
                 help=f"Also write shiftleft.PROFILE.sarif shaped for one consumer: {', '.join(PROFILES)}."),
]  # fmt: skip
FailOnOption = Annotated[
    str | None,
    typer.Option("--fail-on", help="Gate severity when the gate is recomputed from SARIF (default: high)."),
]


@app.callback(invoke_without_command=True)
def report_from(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", help="A shiftleft SARIF log or scorecard.json from an earlier scan.", show_default=False
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = DEFAULT_OUTPUT,
    fail_on: FailOnOption = None,
    gate: GateOption = False,
    sarif_profile: SarifProfileOption = None,
) -> None:
    """Re-render reports from an earlier scan (--from FILE), without scanning again.

    From SARIF: the report is assembled again as a scan assembles it - policies, compliance
    frameworks, gate (default gate unless --fail-on) and scorecard; history is not in a SARIF
    log. From scorecard.json: everything is re-read as the scan decided it, but a SARIF log
    cannot be written back (default: html).
    """
    if ctx.invoked_subcommand is not None:
        if source is not None:
            fail("--from is for re-rendering; give it without a subcommand")
        return
    if source is None:
        typer.echo(ctx.get_help(), err=True)
        fail("give --from FILE (a shiftleft SARIF log or scorecard.json), or a subcommand: merge")
    formats = fmt or ["html"]
    _check_formats(formats)
    sarif_profile = _profile(sarif_profile)
    options = _policy_options(fail_on)
    notes: list[str] = []
    try:
        report, kind = load_report(source, options, notes)
    except ShiftleftError as exc:  # unreadable input, or a policy that cannot be used
        fail(exc.message, exc.exit_code)
    for note in notes:
        warn(note)
    if kind == "scorecard":
        if "sarif" in formats or sarif_profile:
            fail(f"{source}: a scorecard.json holds no SARIF log to write back; re-render SARIF from shiftleft.sarif")
        if fail_on is not None:
            fail(f"{source}: --fail-on recomputes the gate, which needs the SARIF log; scorecard.json keeps the "
                  "scan's own gate")  # fmt: skip
    _done(report, _write(report, formats, output, sarif_profile), gate)


@app.command("merge")
def merge(
    logs: Annotated[list[Path], typer.Argument(help="shiftleft SARIF logs of separate jobs (e.g. one per stage).")],
    fmt: FormatOption = None,
    output: OutputOption = DEFAULT_OUTPUT,
    fail_on: FailOnOption = None,
    gate: GateOption = False,
    sarif_profile: SarifProfileOption = None,
) -> None:
    """Merge the SARIF logs of per-stage CI jobs into one log and one scorecard.

    Runs are kept (an automation id already taken gets a /N/ suffix), the scanners' health
    lists are united (a scanner that failed in any job is NOT ASSESSED), and the policies,
    compliance frameworks, gate and scorecard are computed on the whole, as a scan does.
    Logs not written by shiftleft are refused (exit 2).
    """
    formats = fmt or list(MERGE_FORMATS)
    _check_formats(formats)
    sarif_profile = _profile(sarif_profile)
    options = _policy_options(fail_on)
    loaded = []
    for path in logs:
        try:
            loaded.append((path.name, load_json(path)))
        except ReportInputError as exc:
            fail(str(exc))
    notes: list[str] = []
    try:
        merged = merge_logs([(name, trusted_log(log, name, notes)) for name, log in loaded])
        # round-trip through JSON: the merged log must be exactly what gets written
        assembled = assemble_report(json.loads(json.dumps(merged)), options)
        report = assembled.report
        notes += assembled.notices
    except (ShiftleftError, MergeError) as exc:
        fail(str(exc))
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        fail(f"malformed shiftleft SARIF log ({type(exc).__name__}: {exc})")
    for note in notes:
        warn(note)
    _done(report, _write(report, formats, output, sarif_profile), gate)
