"""The ``shiftleft`` command. Thin: it parses, calls the pipeline, picks reporters.

Exit codes: 0 gate passed; 1 gate failed on findings; 2 usage or configuration error;
3 scan incomplete (a required scanner was missing, failed or timed out, and no finding
failed the gate); 4 internal error.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from shiftleft import __version__
from shiftleft.cli_common import console as make_console
from shiftleft.cli_common import error, fail, line, warn
from shiftleft.cli_progress import ScanDisplay
from shiftleft.config import STAGE_NAMES
from shiftleft.errors import EXIT_INTERNAL, ShiftleftError
from shiftleft.report import DEFAULT_FORMATS, FORMATS, terminal, write_reports
from shiftleft.safe_text import visible
from shiftleft.sarif.limits import GITHUB_FILE_NAME
from shiftleft.sarif.profiles import FILE_NAMES as PROFILE_FILE_NAMES
from shiftleft.sarif.profiles import PROFILES, check_profile
from shiftleft.sarif.redact import redact_text
from shiftleft.scan import ScanRequest, export_audit
from shiftleft.scan import scan as run
from shiftleft.scanners import registry
from shiftleft.severity import SEVERITIES

app = typer.Typer(
    name="shiftleft",
    help="Run the real security scanners of every pipeline stage, merge their findings into one SARIF log, "
    "gate on policy and print one scorecard.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shiftleft {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """shiftleft: shift-left security scanning orchestrator."""


def _check_choices(values: list[str], choices: tuple[str, ...] | list[str], what: str) -> None:
    for value in values:
        if value not in choices:
            close = difflib.get_close_matches(value, list(choices), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(f"unknown {what} {value!r}{hint}; choose from: {', '.join(choices)}")


@app.command()
def scan(
    path: Annotated[Path, typer.Argument(help="Project directory to scan.", metavar="PATH")] = Path("."),
    stage: Annotated[
        list[str] | None,
        typer.Option(
            "--stage", "-s", metavar="STAGE", help="Stage to run (code, build, test, deploy); repeatable. Default: all."
        ),
    ] = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Report format, repeatable: {', '.join(FORMATS)}. Default: sarif, json.",
        ),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Directory for report files.")] = Path(
        "shiftleft-report"
    ),
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", metavar="SEVERITY", help="Fail the gate on findings at or above this severity (default: high)."
        ),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config", "-c", metavar="FILE", help="Config file (default: shiftleft.yaml or pyproject.toml)."),
    ] = None,
    image: Annotated[
        str | None,
        typer.Option("--image", metavar="REF", help="Container image to scan through the Docker API (test stage)."),
    ] = None,
    image_archive: Annotated[
        Path | None,
        typer.Option("--image-archive", metavar="FILE", help="docker save tarball or OCI layout to scan (test stage)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", "-e", metavar="PATTERN", help="Path pattern to skip (.gitignore syntax); repeatable."
        ),
    ] = None,
    online: Annotated[
        bool, typer.Option("--online", help="Allow scanners to use online services (advisory APIs).")
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", metavar="FILE", help="Advisory database (default: $SHIFTLEFT_DB, else the user cache directory)."
        ),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset", metavar="NAME|FILE", help="Gate preset: default, strict, audit-only, or a gate policy file."
        ),
    ] = None,
    policy_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--policy", metavar="FILE", help="Extra policy file (gate rules or a compliance framework); repeatable."
        ),
    ] = None,
    framework: Annotated[
        list[str] | None,
        typer.Option(
            "--framework", metavar="ID", help="Compliance framework id to evaluate; repeatable (default: all shipped)."
        ),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option("--waivers", metavar="FILE", help="Waiver file (default: .shiftleft-waivers.yaml in PATH)."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", metavar="SARIF", help="Earlier shiftleft SARIF: only findings new since then fail the gate."
        ),
    ] = None,
    diff_base: Annotated[
        str | None,
        typer.Option(
            "--diff-base", metavar="REF", help="Git ref: only findings on lines changed since it fail the gate."
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option("--history", metavar="FILE",
                     help="History database (default: one per scanned directory in the user state directory)."),
    ] = None,
    no_history: Annotated[
        bool, typer.Option("--no-history", help="Do not record this scan (e.g. a pre-commit scan of staged files).")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Run every scanner, even when the result cache has its run.")
    ] = False,
    audit_out: Annotated[
        Path | None,
        typer.Option("--audit-out", metavar="FILE", help="Also write a compliance audit bundle (zip) to this file."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the gate verdict.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show progress, every finding and reasons.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colors (NO_COLOR is honoured too).")] = False,
    sarif_profile: Annotated[str | None, typer.Option(
        "--sarif-profile", metavar="PROFILE",
        help=f"Also write shiftleft.PROFILE.sarif shaped for one consumer: {', '.join(PROFILES)}.",
    )] = None,
    path_prefix: Annotated[str | None, typer.Option(
        "--path-prefix", metavar="PREFIX",
        help="Prefix of every SARIF URI (default: where PATH lies in its git repository; '' for none).",
    )] = None,
) -> None:  # fmt: skip
    """Scan PATH with every scanner that applies and write the reports."""
    stages = stage or []
    formats = fmt or list(DEFAULT_FORMATS)
    _check_choices(stages, STAGE_NAMES, "stage")
    _check_choices(formats, list(FORMATS), "format")
    if fail_on is not None:
        _check_choices([fail_on], SEVERITIES, "severity")
    err = make_console(stderr=True, no_color=no_color)
    try:
        sarif_profile = check_profile(sarif_profile)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)

    display = ScanDisplay(err, quiet=quiet, verbose=verbose)
    request = ScanRequest(
        stages=tuple(stages), config_file=config_file, fail_on=fail_on, exclude=tuple(exclude or ()), image=image,
        image_archive=image_archive, online=online, db=db, preset=preset, policy_files=tuple(policy_files or ()),
        frameworks=tuple(framework or ()), waivers=waivers, baseline=baseline, diff_base=diff_base, history=history,
        record_history=not no_history, use_cache=not no_cache, output=output,
        output_names=tuple(_output_names(formats)), progress=display, path_prefix=path_prefix,
    )  # fmt: skip
    try:
        with display:
            result = run(path, request)
        notices = list(result.notices)  # warnings for stderr
        written = write_reports(result.report, formats, output, sarif_profile=sarif_profile, notices=notices)
        notes: list[str] = []  # information for the summary
        if "sarif" in formats and sarif_profile != "github" and (output / GITHUB_FILE_NAME).exists():
            written.append(output / GITHUB_FILE_NAME)
            notices.append(f"shiftleft.sarif exceeds GitHub code scanning's upload limits: upload {GITHUB_FILE_NAME}")
        if audit_out is not None:
            bundle, digest, lacks = export_audit(result, audit_out, output)
            written.append(bundle)
            notices += lacks
            notes.append(f"audit bundle sha256 {digest}: keep it apart from the zip to detect a re-made bundle")
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)
    report = result.report
    console = make_console(no_color=no_color)
    if quiet:
        console.print(Text(f"shiftleft gate {report.gate.verdict} (grade {report.scorecard.overall.grade})"))
    else:
        terminal.render(report, console, artifacts=written, verbose=verbose)
    for note in notes:  # with -q, stdout is only the verdict: information goes to stderr
        (err if quiet else console).print(line(redact_text(note), "dim"), soft_wrap=True)
    for notice in notices:
        warn(notice, err)
    raise typer.Exit(report.gate.exit_code)


def _output_names(formats: list[str]) -> list[str]:
    """Every file name a scan may write into the output directory."""
    from shiftleft.scanners.cyclonedx import SBOM_FILENAME

    return [*(FORMATS[name][0] for name in formats), GITHUB_FILE_NAME, *PROFILE_FILE_NAMES, SBOM_FILENAME]


@app.command(
    "hook",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
def hook(ctx: typer.Context) -> None:
    """Pre-commit hook: scan the staged FILES, block only on findings the commit adds (shiftleft hook --help)."""
    from shiftleft.hook_cli import entry

    raise typer.Exit(entry(ctx.args))


@app.command("scanners")
def list_scanners(
    no_color: Annotated[bool, typer.Option("--no-color", help="No colors.")] = False,
) -> None:
    """List every scanner adapter: found or missing, version, stages, category."""
    console = make_console(no_color=no_color)
    table = Table(show_edge=False, pad_edge=False)
    for col in ("scanner", "status", "version", "stages", "category", "notes"):
        table.add_column(col)
    missing = 0
    found = registry.load()
    for name, cls in sorted(found.scanners.items()):
        scanner = cls()
        problem = scanner.health()
        missing += bool(problem)
        table.add_row(
            line(name, "bold"),
            Text("missing" if problem else "found", style="bold red" if problem else "green"),
            line((None if problem else scanner.version()) or "—"),
            line(", ".join(cls.stages)),
            line(cls.category),
            line(problem or cls.description + ("" if cls.enabled_by_default else " (off by default)"),
                 "red" if problem else "dim"),
        )
    for name, why in sorted(found.broken.items()):
        missing += 1
        table.add_row(line(name, "bold"), Text("broken", style="bold red"), Text("—"), Text("—"), Text("—"),
                      line(f"plugin failed to load: {why}", "red"))  # fmt: skip
    for name, why in sorted(found.conflicts.items()):
        table.add_row(line(name, "bold"), Text("conflict", style="bold yellow"), Text("—"), Text("—"), Text("—"),
                      line(why, "yellow"))  # fmt: skip
    console.print(table)
    if missing:
        console.print(Text(f"{missing} scanner(s) missing: their checks will be NOT ASSESSED in a scan.", style="red"))


def _mount_subcommands() -> None:
    from shiftleft.advisories_cli import app as db_app
    from shiftleft.audit_cli import app as audit_app
    from shiftleft.init_cli import init
    from shiftleft.report.cli import app as report_app
    from shiftleft.tools_cli import app as tools_app

    app.add_typer(db_app, name="db", help="Manage the offline advisory database (import, update, status).")
    app.add_typer(tools_app, name="tools",
                  help="Install and list the isolated scanner environments (checkov, syft, zizmor, hadolint).")
    app.add_typer(report_app, name="report", help="Re-render reports from a SARIF or scorecard.json; merge CI jobs.")
    app.add_typer(audit_app, name="audit", help="Export and verify a compliance audit bundle.")
    app.command("init")(init)


_mount_subcommands()


def main() -> None:
    """Console entry point: a traceback only for internal errors, and then with a plea."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("shiftleft: interrupted\n")
        sys.exit(130)
    except ShiftleftError as exc:  # an error the user can fix, from any command: one line
        error(exc.message)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if os.environ.get("SHIFTLEFT_DEBUG"):
            raise
        sys.stderr.write(f"shiftleft: internal error: {type(exc).__name__}: {visible(redact_text(str(exc)))}\n"
                         "Set SHIFTLEFT_DEBUG=1 for the traceback and please report it.\n")  # fmt: skip
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
