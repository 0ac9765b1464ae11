"""The ``shiftleft`` command. Thin: it parses, calls the pipeline, picks reporters.

Exit codes: 0 gate passed; 1 gate failed on findings; 2 usage or configuration error;
3 scan incomplete (a required scanner was missing, failed or timed out, and no finding
failed the gate); 4 internal error.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from shiftleft import __version__, paths, repo_config
from shiftleft.audit import AuditError, InputFile, export_bundle
from shiftleft.cli_common import console as make_console
from shiftleft.cli_common import error, fail, line, warn
from shiftleft.config import REPOSITORY, STAGE_NAMES, Config, ConfigError, load, shipped_preset
from shiftleft.errors import EXIT_INTERNAL, ShiftleftError
from shiftleft.gitinfo import GitInfo, git_info
from shiftleft.image.safety import archive_problem
from shiftleft.model import Report, ScannerStatus
from shiftleft.pipeline import run_scan
from shiftleft.policy import PolicyError
from shiftleft.policy.baseline import load_baseline
from shiftleft.policy.engine import PolicyOptions, apply_policies
from shiftleft.policy.waivers import find_file as find_waiver_file
from shiftleft.report import DEFAULT_FORMATS, FORMATS, terminal
from shiftleft.report.model import build_report
from shiftleft.safe_text import visible
from shiftleft.sarif import om
from shiftleft.sarif.limits import GITHUB_FILE_NAME
from shiftleft.sarif.redact import redact_text, redact_value
from shiftleft.scanners import needs, registry
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.registry import discover
from shiftleft.severity import SEVERITIES
from shiftleft.target import TargetError, collect

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
    audit_out: Annotated[
        Path | None,
        typer.Option("--audit-out", metavar="FILE", help="Also write a compliance audit bundle (zip) to this file."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the gate verdict.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show progress, every finding and reasons.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colors (NO_COLOR is honoured too).")] = False,
) -> None:
    """Scan PATH with every scanner that applies and write the reports."""
    stages = stage or []
    formats = fmt or list(DEFAULT_FORMATS)
    _check_choices(stages, STAGE_NAMES, "stage")
    _check_choices(formats, list(FORMATS), "format")
    if fail_on is not None:
        _check_choices([fail_on], SEVERITIES, "severity")
    if image_archive is not None and (problem := archive_problem(image_archive)):
        fail(problem)  # not a regular file or directory (/dev/zero, a FIFO): before anything runs
    if output.exists() and not output.is_dir():
        fail(f"{output}: exists and is not a directory")

    scanners = discover()
    try:
        known = {name: scanners[name].options for name in sorted(scanners)}
        config = load(config_file, path if path.is_dir() else Path.cwd(), known)
        # a config found in the scanned directory may tighten the gate, never relax it
        limited = repo_config.limit(config, {name: cls.required for name, cls in scanners.items()}, preset)
    except ConfigError as exc:
        fail(str(exc))
    except PolicyError as exc:  # the --preset file given on the command line
        fail(str(exc))
    config = limited.config
    config_notices = [*config.warnings, *limited.ignored]
    if fail_on:
        config = replace(config, gate=replace(config.gate, fail_on=fail_on))
    try:
        target = collect(
            path, exclude=[*config.exclude, *(exclude or [])], use_default_excludes=config.default_excludes,
            image=image, image_archive=image_archive.resolve() if image_archive else None,
        )  # fmt: skip
    except TargetError as exc:
        fail(str(exc))
    try:  # nothing this scan writes may go through a link the repository controls
        paths.check_output_dir(output, target.root, _output_names(formats))
    except paths.PathRefused as exc:
        fail(f"{output}: {exc}")

    try:  # a bad baseline is exit 2 now, not after the whole scan has run
        baseline_log = load_baseline(baseline) if baseline is not None else None
    except PolicyError as exc:
        fail(str(exc))

    console = make_console(no_color=no_color)
    err = make_console(stderr=True, no_color=no_color)

    def progress(message: str, status: ScannerStatus | None) -> None:
        if verbose:
            err.print(line(message, "dim"))

    outcome = run_scan(
        target, config, scanners, stages=tuple(stages) or None, offline=not (online or _online(config)),
        progress=progress, extra_options=_scanner_options(config, scanners, db, output),
    )  # fmt: skip
    sarif = om.log_to_dict(outcome.log)
    meta = sarif.setdefault("properties", {}).setdefault("shiftleft", {})
    meta["configOrigin"] = config.origin  # explicit (--config) | repository (found in PATH) | None
    meta["configNotices"] = config_notices
    git = git_info(target.root)  # at scan time, of the directory scanned: a log's readers never run git
    meta["git"] = git.as_meta()
    options = PolicyOptions(
        preset=preset or _config_preset(config) or "default",
        policies=(*(_relative(config, p) for p in config.policies), *(policy_files or [])),
        frameworks=tuple(framework) if framework else config.frameworks,
        waivers=waivers or (_relative(config, config.waivers) if config.waivers else None),
        baseline=baseline,
        baseline_log=baseline_log,
        diff_base=diff_base,
        gate_config=config.gate,
        gate_explicit=config.gate_keys | ({"fail_on"} if fail_on else set()),
    )
    try:
        policy = apply_policies(sarif, outcome.statuses, outcome.target, options)
    except PolicyError as exc:
        fail(str(exc))
    # after the policies: the findings and scorecard must see their suppressions
    report = replace(build_report(sarif, config.gate), gate=policy.gate, frameworks=policy.frameworks)
    # the scan's redactor over everything policies added (waiver texts...): reports and history get only this
    report = redact_value(report)
    notices: list[str] = [*config_notices, *policy.notices]  # warnings for stderr
    notes: list[str] = []  # information for the summary
    if not no_history and config.history.get("enabled", True):
        report = _record_history(report, history or _config_path(config, "history"), target.root, notices, git)
    try:
        output.mkdir(parents=True, exist_ok=True)
        written = [FORMATS[name][1](report, output / FORMATS[name][0]) for name in dict.fromkeys(formats)]
    except OSError as exc:
        fail(f"cannot write reports to {output}: {exc.strerror}")
    if "sarif" in formats and (output / GITHUB_FILE_NAME).exists():
        written.append(output / GITHUB_FILE_NAME)
        notices.append(f"shiftleft.sarif exceeds GitHub code scanning's upload limits: upload {GITHUB_FILE_NAME}")
    if audit_out is not None:
        inputs = _input_files(config, options, target.root, preset_from_cli=preset is not None,
                              waivers_from_cli=waivers is not None)  # fmt: skip
        bundle, digest = _export_audit(report, audit_out, inputs, notices, output, git)
        written.append(bundle)
        notes.append(f"audit bundle sha256 {digest}: keep it apart from the zip to detect a re-made bundle")
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

    return [*(FORMATS[name][0] for name in formats), GITHUB_FILE_NAME, SBOM_FILENAME]


def _relative(config: Config, value: str) -> Path:
    """A path written in a config file is relative to that file. (A repository config's
    paths were already checked and resolved inside the scan root by ``config.load``.)"""
    path = Path(value)
    if not path.is_absolute() and config.source is not None:
        path = config.source.parent / path
    return path


def _config_preset(config: Config) -> str | None:
    """The config's gate preset: a shipped name, or a gate file relative to the config."""
    value = config.gate.preset
    if not value or shipped_preset(value):
        return value
    return str(_relative(config, value))


def _config_path(config: Config, section: str) -> Path | None:
    """A path from a config section, relative to the config file that named it. Only an
    explicit config has one: ``config.load`` drops a repository config's host paths."""
    key = "db" if section == "advisories" else "path"
    value = getattr(config, section).get(key)
    return _relative(config, str(value)) if value else None


def _record_history(report: Report, path: Path | None, root: Path, notices: list[str], git: GitInfo) -> Report:
    """Record the scan and attach what changed; a broken history store warns but never
    blocks the gate. ``path``: the operator's (--history, an explicit config); else the
    user's state directory, keyed by the resolved root, never inside the scanned tree."""
    from shiftleft.history import HistoryError, HistoryStore, default_history_path

    try:
        summary = HistoryStore(path or default_history_path(root)).record(report, git=git)
    except (HistoryError, OSError) as exc:
        notices.append(f"history not recorded: {exc}")
        return report
    return replace(report, history=summary)


def _input_files(config: Config, options: PolicyOptions, root: Path, *, preset_from_cli: bool,
                 waivers_from_cli: bool) -> list[InputFile]:  # fmt: skip
    """The files that decided this scan's verdict, for the audit bundle: config, gate file,
    extra policies, waivers (given or found in the target), baseline. A file the repository
    named (its config, the files that config names, its waiver file) carries the scan root,
    so the bundle re-checks it against the path rule when it reads it; a file the user named
    on the command line or in an explicit config is read as named."""
    repository = root if config.origin == REPOSITORY else None
    from_cli = set(options.policies[len(config.policies):])
    preset_file = Path(options.preset) if options.preset.endswith((".yaml", ".yml")) else None
    if waivers_from_cli:
        waiver_file, waiver_root = options.waivers, None
    elif options.waivers is not None:  # named by the config
        waiver_file, waiver_root = options.waivers, repository
    else:  # found in the scanned directory, if there is one
        waiver_file, waiver_root = find_waiver_file(root), root
    candidates: list[tuple[str, Path | None, Path | None]] = [
        ("config", config.source, repository),
        ("policy", preset_file, None if preset_from_cli else repository),
        *(("policy", p, None if p in from_cli else repository) for p in options.policies),
        ("waivers", waiver_file, waiver_root),
        ("baseline", options.baseline, None),
    ]
    return [InputFile(kind, path, inside) for kind, path, inside in candidates if path is not None]


def _export_audit(report: Report, out: Path, inputs: list[InputFile], notices: list[str],
                  output: Path, git: GitInfo) -> tuple[Path, str]:  # fmt: skip
    try:
        # artifacts (the SBOM) are bundled only from the output directory this scan wrote
        result = export_bundle(report, out, inputs=inputs, artifact_dirs=(output,), git=git)
    except (AuditError, OSError) as exc:
        fail(f"cannot write the audit bundle {out}: {exc}")
    for item, why in result.unavailable.items():
        notices.append(f"audit bundle lacks {item}: {why}")
    return result.path, result.sha256


def _scanner_options(
    config: Config, scanners: Mapping[str, type[Scanner]], db: Path | None, output: Path
) -> dict[str, dict[str, object]]:
    """What this scan provides (from the command line or shared config sections) to the
    scanners that declared a need for it."""
    provided = {"advisory_db": db or _config_path(config, "advisories"), "output_dir": output.resolve()}
    disabled = {name for name in scanners if not config.scanner(name).enabled}
    return needs.scan_options(scanners, provided, disabled)


def _online(config: Config) -> bool:
    return bool(config.advisories.get("online", False))


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
            line(problem or cls.description, "red" if problem else "dim"),
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
    from shiftleft.report.cli import app as report_app
    from shiftleft.tools_cli import app as tools_app

    app.add_typer(db_app, name="db", help="Manage the offline advisory database (import, update, status).")
    app.add_typer(tools_app, name="tools", help="Install and list isolated scanner environments (checkov, syft).")
    app.add_typer(report_app, name="report", help="Re-render reports from a SARIF or scorecard.json; merge CI jobs.")
    app.add_typer(audit_app, name="audit", help="Export and verify a compliance audit bundle.")


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
