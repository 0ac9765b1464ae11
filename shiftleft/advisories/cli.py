"""``shiftleft db``: import, update and inspect the local advisory database.

Mounted by the main CLI with ``app.add_typer(advisories_cli.app, name="db")``. Bad input
(missing path, corrupt zip, offline update, no database) exits with code 2 and a single
line on stderr; skipped entries of an otherwise good import are counted on stdout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from shiftleft.advisories.errors import AdvisoryError
from shiftleft.advisories.freshness import age_days_from_summary
from shiftleft.advisories.importer import ImportReport, import_path
from shiftleft.advisories.store import ENV_VAR, AdvisoryStore, resolve_db_path
from shiftleft.advisories.update import CONNECT_TIMEOUT, DEFAULT_ECOSYSTEMS, update
from shiftleft.cli_common import echo, fail

app = typer.Typer(help="Manage the local OSV advisory database used by the build stage.", no_args_is_help=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help=f"Database file (default: ${ENV_VAR}, else the user cache directory).", show_default=False
    ),
]


def _print_report(report: ImportReport) -> None:
    ecos = ", ".join(f"{eco} {count}" for eco, count in report.per_ecosystem.items())
    echo(f"imported {report.imported} advisories from {report.source} ({ecos})")
    if report.skipped:
        typer.echo(f"skipped {len(report.skipped)} entries:")
        for s in report.skipped[:20]:
            echo(f"  {s.entry}: {s.reason}")
        if len(report.skipped) > 20:
            typer.echo(f"  ... and {len(report.skipped) - 20} more")


@app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="A folder of OSV JSON files or an OSV all.zip.")],
    db: DbOption = None,
) -> None:
    """Import advisories from a folder or all.zip (works offline)."""
    try:
        with AdvisoryStore(resolve_db_path(db)) as store:
            _print_report(import_path(store, path))
    except AdvisoryError as exc:
        fail(str(exc))


@app.command("update")
def update_cmd(
    ecosystem: Annotated[
        list[str] | None,
        typer.Option(
            "--ecosystem",
            "-e",
            help=f"OSV ecosystem to download (repeatable; default: {', '.join(DEFAULT_ECOSYSTEMS)}).",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Connect/read timeout in seconds.")] = CONNECT_TIMEOUT,
    db: DbOption = None,
) -> None:
    """Download the OSV project's all.zip per ecosystem and import it (needs network)."""
    try:
        with AdvisoryStore(resolve_db_path(db)) as store:
            for report in update(store, tuple(ecosystem or DEFAULT_ECOSYSTEMS), timeout=timeout):
                _print_report(report)
    except AdvisoryError as exc:
        fail(str(exc))


@app.command("status")
def status_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Show per ecosystem: advisory count, newest `modified`, import time and age."""
    try:
        with AdvisoryStore.open_existing(resolve_db_path(db)) as store:
            summary = store.summary()
    except AdvisoryError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    echo(f"database: {summary['path']}")
    if not summary["ecosystems"]:
        typer.echo("no advisories: run `shiftleft db import PATH` or `shiftleft db update`")
        return
    typer.echo(f"{'ecosystem':<12} {'advisories':>10}  {'newest modified':<28} {'imported at':<25} age (days)")
    for eco, info in summary["ecosystems"].items():
        age = age_days_from_summary(summary, ecosystems=[eco])
        echo(
            f"{eco:<12} {info['count']:>10}  {info['newestModified'] or '-':<28} "
            f"{info['importedAt'] or '-':<25} {'-' if age is None else f'{age:.0f}'}"
        )
