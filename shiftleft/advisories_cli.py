"""``shiftleft db``: import, update and inspect the local advisory database.

Mounted by the main CLI with ``app.add_typer(advisories_cli.app, name="db")``. Bad input
(missing path, corrupt zip, a zip bomb, a database file shiftleft did not create, offline
update, no database) exits with code 2 and a single line on stderr; skipped entries of an
otherwise good import are counted on stdout. Entry names and database values are the
archive's or the file's text: printed with control characters replaced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from shiftleft.advisories.errors import AdvisoryError
from shiftleft.advisories.freshness import DEFAULT_MAX_AGE_DAYS, age_at_scan, untrusted_reason
from shiftleft.advisories.importer import ImportReport, import_path
from shiftleft.advisories.store import ENV_VAR, AdvisoryStore, resolve_db_path
from shiftleft.advisories.update import CONNECT_TIMEOUT, DEFAULT_ECOSYSTEMS, update
from shiftleft.cli_common import echo, fail, names
from shiftleft.report.terminal import clean

app = typer.Typer(help="Manage the local OSV advisory database used by the build stage.", no_args_is_help=True)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", metavar="FILE", help=f"Database file (default: ${ENV_VAR}, else the user cache directory).",
        show_default=False,
    ),
]


def _print_report(report: ImportReport) -> None:
    ecos = ", ".join(f"{eco} {count}" for eco, count in report.per_ecosystem.items())
    echo(f"imported {report.imported} advisories from {clean(report.source, 300)} ({clean(ecos, 300)})")
    if report.skipped:
        echo(f"skipped {len(report.skipped)} entries:")
        for s in report.skipped[:20]:
            echo(f"  {clean(s.entry, 400)}: {clean(s.reason, 200)}")
        if len(report.skipped) > 20:
            typer.echo(f"  ... and {len(report.skipped) - 20} more")


@app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A folder of OSV JSON files or an OSV all.zip.")],
    db: DbOption = None,
) -> None:
    """Import advisories from a folder or all.zip (works offline)."""
    try:
        with AdvisoryStore(resolve_db_path(db)) as store:
            _print_report(import_path(store, path))
    except AdvisoryError as exc:
        fail(clean(exc, 400))


@app.command("update")
def update_cmd(
    ecosystem: Annotated[
        list[str] | None,
        typer.Option(
            "--ecosystem",
            "-e",
            metavar="ECOSYSTEM",
            help=f"OSV ecosystem to download, a comma list or repeated (default: {', '.join(DEFAULT_ECOSYSTEMS)}).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", help="Connect/read timeout in seconds.")
    ] = CONNECT_TIMEOUT,
    db: DbOption = None,
) -> None:
    """Download the OSV project's all.zip per ecosystem and import it (needs network)."""
    try:
        with AdvisoryStore(resolve_db_path(db)) as store:
            for report in update(store, tuple(names(ecosystem) or DEFAULT_ECOSYSTEMS), timeout=timeout):
                _print_report(report)
    except AdvisoryError as exc:
        fail(clean(exc, 400))


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
        fail(clean(exc, 400))
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    echo(f"database: {clean(summary['path'], 300)}")
    if not summary["ecosystems"]:
        typer.echo("no advisories: run `shiftleft db import PATH` or `shiftleft db update`")
        return
    typer.echo(f"{'ecosystem':<12} {'advisories':>10}  {'newest modified':<28} {'imported at':<25} age (days)")
    for eco, info in summary["ecosystems"].items():
        age = age_at_scan(summary, ecosystems=[eco])  # now: no scan here
        untrusted = untrusted_reason(summary, ecosystems=[eco])
        shown = untrusted if untrusted else f"{age:g}" if age is not None else "-"
        if age is not None and age > DEFAULT_MAX_AGE_DAYS:
            shown += f" (stale: over the default gate's {DEFAULT_MAX_AGE_DAYS} days)"
        typer.echo(
            f"{clean(eco, 12):<12} {info['count']:>10}  {clean(info['newestModified'] or '-', 28):<28} "
            f"{clean(info['importedAt'] or '-', 25):<25} {clean(shown, 120)}"
        )
