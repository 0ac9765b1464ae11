"""``shiftleft report``: write reports again from files of an earlier scan, and merge the
SARIF logs of per-stage CI jobs. Nothing here runs a scanner.

    shiftleft report --from shiftleft.sarif -f html -f markdown -o out/
    shiftleft report --from scorecard.json -f junit
    shiftleft report merge code/shiftleft.sarif build/shiftleft.sarif -o merged/ [--gate]
    shiftleft report merge */shiftleft.sarif --config ci.yaml --preset strict --sarif-file merged.sarif --gate

Mounted by the main CLI as ``app.add_typer(report_app, name="report")``. Exit codes: 0 done
(or, with ``--gate``, the gate's own 0/1/3); 2 bad input: a missing or unreadable file, a
file shiftleft did not write, a format the input cannot give.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from shiftleft.cli_common import (
    check_output_dir,
    dir_formats,
    fail,
    file_option,
    line,
    report_files,
    severity,
    to_stdout,
    warn,
)
from shiftleft.cli_common import console as make_console
from shiftleft.config import Config, load
from shiftleft.errors import ShiftleftError
from shiftleft.model import Report
from shiftleft.policy.engine import PolicyOptions
from shiftleft.policy.inputs import policy_options
from shiftleft.report import FORMATS, write_reports
from shiftleft.report.model import ReportInputError, assemble_report
from shiftleft.report.rebuild import load_json, load_report, report_in, trusted_log
from shiftleft.sarif.merge import MergeError, merge_logs
from shiftleft.sarif.profiles import PROFILES, check_profile

DEFAULT_OUTPUT = Path("shiftleft-report")
MERGE_FORMATS = ("sarif", "json")

app = typer.Typer(
    name="report",
    help="Write reports from an earlier scan's SARIF or scorecard.json, or merge per-stage SARIF logs.",
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _policy_options(
    fail_on: str | None, config_file: Path | None = None, preset: str | None = None, policies: list[Path] | None = None
) -> PolicyOptions:
    """The policies a log is assembled again with, as ``scan`` applies them
    (``policy.inputs.policy_options``): ``--config``'s gate, policies, frameworks and waiver file
    (no config: the defaults; none is looked for, neither here nor where a log points),
    ``--preset``, ``--policy``, ``--fail-on`` over them; every shipped framework unless the
    config names some; no waiver file looked for in a scanned directory."""
    threshold = severity(fail_on)
    config = Config()
    if config_file is not None:
        try:
            config = load(config_file, Path.cwd())
        except ShiftleftError as exc:
            fail(exc.message, exc.exit_code)
    options = policy_options(config, preset=preset, policy_files=tuple(policies or ()), fail_on=threshold)
    return replace(options, no_target_waivers=True)


def _profile(value: str | None) -> str | None:
    try:
        return check_profile(value)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)


def _write(
    report: Report, formats: list[str], output: Path, files: dict[str, Path], sarif_profile: str | None = None
) -> list[Path]:
    notices: list[str] = []
    try:
        written = write_reports(report, formats, output, files, sarif_profile=sarif_profile, notices=notices)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)
    for notice in notices:
        warn(notice)
    return written


def _done(report: Report, written: list[Path], gate: bool, stdout: bool) -> NoReturn:
    console = make_console(stderr=stdout, soft_wrap=True)  # a report on stdout: the rest on stderr
    for path in written:
        if str(path) != "-":
            console.print(line(f"wrote {path}"))
    grade, code = report.scorecard.overall.grade, report.gate.exit_code
    console.print(line(f"gate {report.gate.verdict} (grade {grade}, exit code {code})"))
    raise typer.Exit(report.gate.exit_code if gate else 0)


FormatOption = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", metavar="FORMAT",
                 help=f"Report format written to --output, a comma list or repeated: {', '.join(FORMATS)}."),
]  # fmt: skip
OutputOption = Annotated[
    Path,
    typer.Option("--output", "-o", metavar="DIR",
                 help="Directory for the report files; created if missing. Not a file name: for one file use "
                 "--sarif-file PATH (or --json-file...)."),
]  # fmt: skip
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
    typer.Option("--fail-on", metavar="SEVERITY",
                 help="Gate severity when the gate is recomputed from SARIF, any case (default: high)."),
]  # fmt: skip
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", metavar="FILE",
                 help="Config file whose gate, policies, frameworks and waivers apply, as for scan (default: none; "
                 "no config is looked for)."),
]  # fmt: skip
PresetOption = Annotated[
    str | None,
    typer.Option("--preset", metavar="NAME|FILE",
                 help="Gate preset: default, strict, audit-only, or a gate policy file (over --config's)."),
]  # fmt: skip
PolicyOption = Annotated[
    list[Path] | None,
    typer.Option("--policy", metavar="FILE",
                 help="Extra policy file (gate rules or a compliance framework); repeatable."),
]  # fmt: skip
SarifFile = Annotated[Path | None, file_option("sarif")]
JsonFile = Annotated[Path | None, file_option("json")]
HtmlFile = Annotated[Path | None, file_option("html")]
MarkdownFile = Annotated[Path | None, file_option("markdown")]
JunitFile = Annotated[Path | None, file_option("junit")]
CsvFile = Annotated[Path | None, file_option("csv")]


@app.callback(invoke_without_command=True)
def report_from(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="DIR|FILE",
            help="An earlier scan's output directory (its shiftleft.sarif, else its scorecard.json), or one of "
                 "those files.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = DEFAULT_OUTPUT,
    fail_on: FailOnOption = None,
    gate: GateOption = False,
    config_file: ConfigOption = None,
    preset: PresetOption = None,
    policy_files: PolicyOption = None,
    sarif_file: SarifFile = None,
    json_file: JsonFile = None,
    html_file: HtmlFile = None,
    markdown_file: MarkdownFile = None,
    junit_file: JunitFile = None,
    csv_file: CsvFile = None,
    sarif_profile: SarifProfileOption = None,
) -> None:
    """Re-render reports from an earlier scan (--from DIR|FILE), without scanning again.

    From SARIF: the report is assembled again as a scan assembles it - policies, compliance
    frameworks, gate (the default gate, or --config, --preset, --policy and --fail-on) and
    scorecard; history is not in a SARIF log. From scorecard.json: everything is re-read as
    the scan decided it, but a SARIF log cannot be written back (default: html).
    """
    if ctx.invoked_subcommand is not None:
        if source is not None:
            fail("--from is for re-rendering; give it without a subcommand")
        given = [max(p.opts, key=len) for p in ctx.command.params
                 if p.name and getattr(ctx.get_parameter_source(p.name), "name", "") == "COMMANDLINE"]  # fmt: skip
        if given:  # ``report -f html merge ...``: the options belong after the subcommand
            fail(f"give {', '.join(given)} after the subcommand: shiftleft report {ctx.invoked_subcommand} ...")
        return
    if source is None:
        typer.echo(ctx.get_help(), err=True)
        fail("give --from DIR|FILE (a scan's output directory, a shiftleft SARIF log or scorecard.json), "
             "or a subcommand: merge")
    files = report_files({"sarif": sarif_file, "json": json_file, "html": html_file, "markdown": markdown_file,
                          "junit": junit_file, "csv": csv_file})  # fmt: skip
    formats = dir_formats(ctx, fmt, ["html"], files, list(FORMATS))
    check_output_dir(output)
    sarif_profile = _profile(sarif_profile)
    options = _policy_options(fail_on, config_file, preset, policy_files)
    notes: list[str] = []
    try:
        source = report_in(source)
        report, kind = load_report(source, options, notes)
    except ShiftleftError as exc:  # unreadable input, or a policy that cannot be used
        fail(exc.message, exc.exit_code)
    for note in notes:
        warn(note)
    if kind == "scorecard":
        if "sarif" in formats or "sarif" in files or sarif_profile:
            fail(f"{source}: a scorecard.json holds no SARIF log to write back; re-render SARIF from shiftleft.sarif")
        given = [name for name, value in (("--fail-on", fail_on), ("--config", config_file), ("--preset", preset),
                                          ("--policy", policy_files)) if value]  # fmt: skip
        if given:
            fail(f"{source}: {', '.join(given)} recompute the gate, which needs the SARIF log; scorecard.json keeps "
                  "the scan's own gate")  # fmt: skip
    _done(report, _write(report, formats, output, files, sarif_profile), gate, to_stdout(files))


@app.command("merge")
def merge(
    ctx: typer.Context,
    logs: Annotated[
        list[Path],
        typer.Argument(metavar="SARIF...", help="shiftleft SARIF logs of separate jobs (e.g. one per stage)."),
    ],
    fmt: FormatOption = None,
    output: OutputOption = DEFAULT_OUTPUT,
    fail_on: FailOnOption = None,
    gate: GateOption = False,
    config_file: ConfigOption = None,
    preset: PresetOption = None,
    policy_files: PolicyOption = None,
    sarif_file: SarifFile = None,
    json_file: JsonFile = None,
    html_file: HtmlFile = None,
    markdown_file: MarkdownFile = None,
    junit_file: JunitFile = None,
    csv_file: CsvFile = None,
    sarif_profile: SarifProfileOption = None,
) -> None:
    """Merge the SARIF logs of per-stage CI jobs into one log and one scorecard.

    Runs are kept (an automation id already taken gets a /N/ suffix), the scanners' health
    lists are united (a scanner that failed in any job is NOT ASSESSED), and the policies,
    compliance frameworks, gate and scorecard are computed on the whole, as a scan does,
    with --config, --preset, --policy and --fail-on as scan applies them.
    Logs not written by shiftleft are refused (exit 2).
    """
    files = report_files({"sarif": sarif_file, "json": json_file, "html": html_file, "markdown": markdown_file,
                          "junit": junit_file, "csv": csv_file})  # fmt: skip
    formats = dir_formats(ctx, fmt, MERGE_FORMATS, files, list(FORMATS))
    check_output_dir(output)
    sarif_profile = _profile(sarif_profile)
    options = _policy_options(fail_on, config_file, preset, policy_files)
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
    _done(report, _write(report, formats, output, files, sarif_profile), gate, to_stdout(files))
