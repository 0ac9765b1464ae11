"""The ``shiftleft`` command. Thin: it parses, calls the pipeline, picks reporters.

Exit codes: 0 gate passed; 1 gate failed on findings; 2 usage or configuration error;
3 scan incomplete (a required scanner was missing, failed or timed out, and no finding
failed the gate); 4 internal error.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from shiftleft import __version__, paths
from shiftleft.cli_common import (
    FILE_OPTIONS,
    Group,
    check_output_dir,
    choices,
    dir_formats,
    error,
    fail,
    file_option,
    line,
    names,
    report_files,
    severity,
    to_stdout,
    warn,
)
from shiftleft.cli_common import console as make_console
from shiftleft.cli_progress import ScanDisplay
from shiftleft.config import STAGE_NAMES, ImportConfig
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

app = typer.Typer(
    name="shiftleft",
    help="Run the real security scanners of every pipeline stage, merge their findings into one SARIF log, "
    "gate on policy and print one scorecard.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=Group,
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


@app.command()
def scan(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Project directory to scan.", metavar="PATH")] = Path("."),
    stage: Annotated[
        list[str] | None,
        typer.Option(
            "--stage", "-s", metavar="STAGE", envvar="SHIFTLEFT_STAGE",
            help="Stage to run (code, build, test, deploy); a comma list or repeated. Default: all.",
        ),
    ] = None,
    scanner: Annotated[
        list[str] | None,
        typer.Option(
            "--scanner", metavar="NAME", envvar="SHIFTLEFT_SCANNER",
            help="Run only this scanner (names: shiftleft scanners), even one off by default; a comma list or "
            "repeated. Default: every scanner of the stages.",
        ),
    ] = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            envvar="SHIFTLEFT_FORMAT",
            help=f"Report format written to --output, a comma list or repeated: {', '.join(FORMATS)}. "
            "Default: sarif, json (none when only --sarif-file and the like are given).",
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", envvar="SHIFTLEFT_OUTPUT",
            help="Directory for the report files and scanner artifacts (the SBOM); created if missing. Not a file "
            "name: for one file use --sarif-file PATH (or --json-file...).",
        ),
    ] = Path("shiftleft-report"),
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", metavar="SEVERITY", envvar="SHIFTLEFT_FAIL_ON",
            help="Fail the gate on findings at or above this severity: critical, high, medium, low, info; any "
            "case (default: high).",
        ),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config", "-c", metavar="FILE", envvar="SHIFTLEFT_CONFIG",
                     help="Config file (default: shiftleft.yaml or pyproject.toml)."),
    ] = None,
    image: Annotated[
        str | None,
        typer.Option("--image", metavar="REF", envvar="SHIFTLEFT_IMAGE",
                     help="Container image to scan through the Docker API (test stage)."),
    ] = None,
    image_archive: Annotated[
        Path | None,
        typer.Option("--image-archive", metavar="FILE", envvar="SHIFTLEFT_IMAGE_ARCHIVE",
                     help="docker save tarball or OCI layout to scan (test stage)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", "-e", metavar="PATTERN", envvar="SHIFTLEFT_EXCLUDE",
            help="Path pattern to skip (.gitignore syntax); repeatable (never split at commas).",
        ),
    ] = None,
    online: Annotated[
        bool,
        typer.Option("--online", envvar="SHIFTLEFT_ONLINE",
                     help="Allow scanners to use online services (advisory APIs)."),
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", metavar="FILE",
            help="Advisory database (default: the config's, then $SHIFTLEFT_DB, else the user cache directory).",
        ),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset", metavar="NAME|FILE", envvar="SHIFTLEFT_PRESET",
            help="Gate preset: default, strict, audit-only, or a gate policy file.",
        ),
    ] = None,
    policy_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--policy", metavar="FILE", envvar="SHIFTLEFT_POLICY",
            help="Extra policy file (gate rules or a compliance framework); repeatable.",
        ),
    ] = None,
    framework: Annotated[
        list[str] | None,
        typer.Option(
            "--framework", metavar="ID", envvar="SHIFTLEFT_FRAMEWORK",
            help="Compliance framework id to evaluate; a comma list or repeated (default: all shipped).",
        ),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option("--waivers", metavar="FILE", envvar="SHIFTLEFT_WAIVERS",
                     help="Waiver file (default: .shiftleft-waivers.yaml in PATH)."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", metavar="SARIF", envvar="SHIFTLEFT_BASELINE",
            help="Earlier shiftleft SARIF: only findings new since then fail the gate.",
        ),
    ] = None,
    import_files: Annotated[
        list[str] | None,
        typer.Option(
            "--import", metavar="FILE[:STAGE]", envvar="SHIFTLEFT_IMPORT",
            help="Report file of another tool to import (SARIF 2.1.0, or an OWASP ZAP JSON/XML report: stage "
            "test, category dast; each run becomes the scanner import:<tool>), optionally with the stage its "
            "results belong to (code, build, test, deploy); "
            "repeatable (never split at commas). Missing, failed, empty or stale (older than 7 days) imports are "
            "NOT ASSESSED.",
        ),
    ] = None,
    diff_base: Annotated[
        str | None,
        typer.Option(
            "--diff-base", metavar="REF", envvar="SHIFTLEFT_DIFF_BASE",
            help="Git ref: only findings on lines changed since it fail the gate.",
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option("--history", metavar="FILE", envvar="SHIFTLEFT_HISTORY",
                     help="History database (default: one per scanned directory in the user state directory)."),
    ] = None,
    no_history: Annotated[
        bool,
        typer.Option("--no-history", envvar="SHIFTLEFT_NO_HISTORY",
                     help="Do not record this scan (e.g. a pre-commit scan of staged files)."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", envvar="SHIFTLEFT_NO_CACHE",
                     help="Run every scanner, even when the result cache has its run."),
    ] = False,
    audit_out: Annotated[
        Path | None,
        typer.Option("--audit-out", metavar="FILE", envvar="SHIFTLEFT_AUDIT_OUT",
                     help="Also write a compliance audit bundle (zip) to this file."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", envvar="SHIFTLEFT_QUIET", help="Print only the gate verdict.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", envvar="SHIFTLEFT_VERBOSE", help="Show progress, every finding and reasons."),
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", envvar="SHIFTLEFT_NO_COLOR", help="No colors (NO_COLOR is honoured too).")
    ] = False,
    sarif_file: Annotated[Path | None, file_option("sarif", env=True)] = None,
    json_file: Annotated[Path | None, file_option("json", env=True)] = None,
    html_file: Annotated[Path | None, file_option("html", env=True)] = None,
    markdown_file: Annotated[Path | None, file_option("markdown", env=True)] = None,
    junit_file: Annotated[Path | None, file_option("junit", env=True)] = None,
    csv_file: Annotated[Path | None, file_option("csv", env=True)] = None,
    sarif_profile: Annotated[str | None, typer.Option(
        "--sarif-profile", metavar="PROFILE", envvar="SHIFTLEFT_SARIF_PROFILE",
        help=f"Also write shiftleft.PROFILE.sarif shaped for one consumer: {', '.join(PROFILES)}.",
    )] = None,
    path_prefix: Annotated[str | None, typer.Option(
        "--path-prefix", metavar="PREFIX", envvar="SHIFTLEFT_PATH_PREFIX",
        help="Prefix of every SARIF URI (default: where PATH lies in its git repository; '' for none).",
    )] = None,
) -> None:  # fmt: skip
    """Scan PATH with every scanner that applies and write the reports."""
    stages = choices(stage, STAGE_NAMES, "stage", "-s/--stage")
    files = report_files({"sarif": sarif_file, "json": json_file, "html": html_file, "markdown": markdown_file,
                          "junit": junit_file, "csv": csv_file})  # fmt: skip
    formats = dir_formats(ctx, fmt, DEFAULT_FORMATS, files, list(FORMATS))
    fail_on = severity(fail_on)
    check_output_dir(output)
    _check_report_files(files, path)
    if audit_out is not None and str(audit_out) == "-":
        fail("--audit-out names the zip file to write; standard output ('-') is not supported")
    err = make_console(stderr=True, no_color=no_color)
    try:
        sarif_profile = check_profile(sarif_profile)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)

    display = ScanDisplay(err, quiet=quiet, verbose=verbose)
    request = ScanRequest(
        stages=tuple(stages), config_file=config_file, fail_on=fail_on, exclude=tuple(exclude or ()), image=image,
        image_archive=image_archive, online=online, db=db, preset=preset, policy_files=tuple(policy_files or ()),
        frameworks=tuple(names(framework)), waivers=waivers, baseline=baseline, diff_base=diff_base, history=history,
        record_history=not no_history, use_cache=not no_cache, output=output, scanners=tuple(names(scanner)),
        output_names=tuple(_output_names(formats)), progress=display, path_prefix=path_prefix,
        imports=tuple(_imports(import_files)),
    )  # fmt: skip
    try:
        with display:
            result = run(path, request)
        notices = list(result.notices)  # warnings for stderr
        written = write_reports(result.report, formats, output, files, sarif_profile=sarif_profile, notices=notices)
        notes: list[str] = []  # information for the summary
        # the github profile's file is the over-limits copy's name: it is that copy then
        sarif_files = [output / FORMATS["sarif"][0]] if "sarif" in formats and sarif_profile != "github" else []
        sarif_files += [p for f, p in files.items() if f == "sarif"]
        for sarif_path in sarif_files:
            notices += _github_copy(sarif_path, written, result.report.sarif)
        if audit_out is not None:
            bundle, digest, lacks = export_audit(result, audit_out, output)
            written.append(bundle)
            notices += lacks
            notes.append(f"audit bundle sha256 {digest}: keep it apart from the zip to detect a re-made bundle")
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)
    report = result.report
    # a report on standard output: the summary and everything else on stderr
    console = err if to_stdout(files) else make_console(no_color=no_color)
    if quiet:
        console.print(Text(f"shiftleft gate {report.gate.verdict} (grade {report.scorecard.overall.grade})"))
    else:
        terminal.render(report, console, artifacts=[p for p in written if str(p) != "-"], verbose=verbose)
    for note in notes:  # with -q, stdout is only the verdict: information goes to stderr
        (err if quiet else console).print(line(redact_text(note), "dim"), soft_wrap=True)
    for notice in notices:
        warn(notice, err)
    raise typer.Exit(report.gate.exit_code)


def _imports(values: list[str] | None) -> list[ImportConfig]:
    """``--import FILE[:STAGE]`` values (a file option: repeated, never split at commas,
    docs/cli.md): a ``:STAGE`` suffix naming a stage (any case) sets the stage; any other
    colon is part of the file name."""
    out = []
    for value in (v.strip() for v in values or ()):
        path, sep, stage = value.rpartition(":")
        if sep and path and stage.strip().lower() in STAGE_NAMES:
            out.append(ImportConfig(path, stage=stage.strip().lower()))
        elif value:
            out.append(ImportConfig(value))
    return out


def _check_report_files(files: dict[str, Path], root: Path) -> None:
    """A single report file may not be written through a link the scanned repository
    controls, as for the files of --output (``paths.check_output_dir``)."""
    for fmt, file in files.items():
        if str(file) == "-":
            continue
        try:
            extra = [GITHUB_FILE_NAME] if fmt == "sarif" else []
            paths.check_output_dir(file.parent, root, [file.name, *extra])
        except paths.PathRefused as exc:
            fail(f"{FILE_OPTIONS[fmt]} {file}: {exc}")


def _github_copy(sarif_path: Path, written: list[Path], sarif: dict[str, Any]) -> list[str]:
    """The notice (and the file listed) when a SARIF log exceeds GitHub's upload limits."""
    if str(sarif_path) == "-":
        from shiftleft.sarif import limits

        if not limits.problems(sarif):
            return []
        return ["the SARIF log on standard output exceeds GitHub code scanning's upload limits: write it with "
                f"--sarif-file PATH (or -o DIR) to get the cut copy {GITHUB_FILE_NAME} beside it"]  # fmt: skip
    github = sarif_path.with_name(GITHUB_FILE_NAME)
    if not github.exists():
        return []
    written.append(github)
    return [f"{sarif_path.name} exceeds GitHub code scanning's upload limits: upload {github}"]


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
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print a JSON list instead: name, stages, category, available, version, "
                     "enabledByDefault, required, reason (why unavailable), status (found, missing, broken), "
                     "provenance (digests)."),
    ] = False,
    verify: Annotated[
        bool,
        typer.Option("--verify", help="Compare each installed tool's sha256 (every file of its RECORD re-hashed) with "
                     "the digests this release pins: match / mismatch / unpinned per tool; exit 1 on any mismatch."),
    ] = False,
    pins: Annotated[
        str | None,
        typer.Option("--pins", metavar="FILE", help="With --verify: a pins file other than the release's "
                     "(default $SHIFTLEFT_SCANNER_PINS, else the one shipped)."),
    ] = None,
) -> None:
    """List every scanner adapter: found or missing, version, sha256, stages, category."""
    if verify:
        from shiftleft.tools_cli import verify_scanners

        raise typer.Exit(verify_scanners(pins))
    if as_json:
        typer.echo(json.dumps(_scanners_json(), indent=2))  # JSON escapes every control character
        return
    console = make_console(no_color=no_color)
    table = Table(show_edge=False, pad_edge=False)
    # the short columns never wrap (a name cut to "checkov-do…" names nothing); on a narrow
    # terminal the digest and category give way to the notes, which fold
    wide = console.width >= WIDE_SCANNERS_TABLE
    shown = ("scanner", "status", "version", "sha256", "stages", "category", "notes") if wide else (
        "scanner", "status", "version", "stages", "notes")  # fmt: skip
    for col in shown:
        table.add_column(col, no_wrap=col != "notes", overflow="fold" if col == "notes" else "ellipsis")
    missing = 0
    found = registry.load()
    for name, cls in sorted(found.scanners.items()):
        scanner = cls()
        problem = scanner.health()
        missing += bool(problem)
        record = None if problem else _provenance_of(scanner)
        cells = {
            "scanner": line(name, "bold"),
            "status": _found(problem, record),
            "version": line((None if problem else scanner.version()) or "—"),
            "sha256": line(_short_digest(record)),
            "stages": line(", ".join(cls.stages)),
            "category": line(cls.category),
            "notes": line(problem or cls.description + ("" if cls.enabled_by_default else " (off by default)"),
                          "red" if problem else "dim"),
        }  # fmt: skip
        table.add_row(*(cells[col] for col in shown))
    for name, why in sorted(found.broken.items()):
        missing += 1
        cells = {"scanner": line(name, "bold"), "status": Text("broken", style="bold red"),
                 "notes": line(f"plugin failed to load: {why}", "red")}  # fmt: skip
        table.add_row(*(cells.get(col, Text("—")) for col in shown))
    for name, why in sorted(found.conflicts.items()):
        cells = {"scanner": line(name, "bold"), "status": Text("conflict", style="bold yellow"),
                 "notes": line(why, "yellow")}  # fmt: skip
        table.add_row(*(cells.get(col, Text("—")) for col in shown))
    console.print(table)
    if not wide:
        console.print(Text("sha256 and category: a wider terminal, or --json", style="dim"))
    if missing:
        console.print(Text(f"{missing} scanner(s) missing: their checks will be NOT ASSESSED in a scan.", style="red"))


WIDE_SCANNERS_TABLE = 110
"""Terminal width from which ``shiftleft scanners`` shows every column."""


def _provenance_of(scanner: Any) -> dict[str, Any] | None:
    """A scanner's provenance outside a scan (no rule-pack languages, no database); a pins
    file that cannot be used is exit 2, one line."""
    from shiftleft.provenance import PinsError, load_pins
    from shiftleft.scanners.provenance import provenance

    try:
        return provenance(scanner, None, load_pins())[0]
    except PinsError as exc:
        fail(str(exc))


def _found(problem: str | None, record: dict[str, Any] | None) -> Text:
    if problem:
        return Text("missing", style="bold red")
    if record and record.get("pinned") == "mismatch":  # a scan will not run it: FAILED
        return Text("mismatch", style="bold red")
    return Text("found", style="green")


def _short_digest(record: dict[str, Any] | None) -> str:
    """12 hex digits of the tool's sha256 for the table; ``builtin`` for shiftleft's own engines."""
    from shiftleft.provenance import short

    if not record:
        return "—"
    tool = record.get("tool") or {}
    if tool.get("kind") == "builtin":
        return "builtin"
    return short(tool.get("sha256"))


def _scanners_json() -> list[dict[str, Any]]:
    """``shiftleft scanners --json``: one object per scanner adapter (``conflict``: a plugin
    refused for its name, or the plugin that replaced it), then each plugin that failed to
    load (status broken)."""
    found = registry.load()
    items: list[dict[str, Any]] = []
    for name, cls in sorted(found.scanners.items()):
        scanner = cls()
        problem = scanner.health()
        items.append({
            "name": name, "stages": list(cls.stages), "category": cls.category, "available": not problem,
            "status": "missing" if problem else "found", "version": None if problem else scanner.version(),
            "enabledByDefault": cls.enabled_by_default, "required": cls.required, "reason": problem or None,
            "description": cls.description, "conflict": found.conflicts.get(name),
            "provenance": None if problem else _provenance_of(scanner),
        })  # fmt: skip
    for name, why in sorted(found.broken.items()):
        items.append({"name": name, "stages": [], "category": None, "available": False, "status": "broken",
                      "version": None, "enabledByDefault": False, "required": False,
                      "reason": f"plugin failed to load: {why}", "description": None, "conflict": None})  # fmt: skip
    return items


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
