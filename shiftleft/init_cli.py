"""``shiftleft init``: write a starter ``shiftleft.yaml`` and a CI file (``ci_init``).

    shiftleft init                          # shiftleft.yaml only
    shiftleft init --ci github              # and .github/workflows/shiftleft.yml
    shiftleft init --ci gitlab --single-job --path ../service --force

Mounted by the main CLI as one command. Exit codes: 0 written; 2 refused (an unknown CI
system, a file that exists without --force, a symbolic link on the way, no such directory),
with one line saying which file and why, and nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shiftleft.ci_init import CI_SYSTEMS, CONFIG_FILE, render, write
from shiftleft.cli_common import console, fail, line
from shiftleft.errors import ShiftleftError


def init(
    ci: Annotated[
        str | None,
        typer.Option(
            "--ci", metavar="SYSTEM", help=f"Also write the CI file of: {', '.join(CI_SYSTEMS)}.", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that already exist.")] = False,
    path: Annotated[
        Path,
        typer.Option("--path", metavar="DIR", help="Project directory to write into (default: .).", show_default=False),
    ] = Path("."),
    single_job: Annotated[
        bool, typer.Option("--single-job", help="One CI job scanning every stage, instead of one job per stage.")
    ] = False,
    no_config: Annotated[bool, typer.Option("--no-config", help=f"Write only the CI file, not {CONFIG_FILE}.")] = False,
) -> None:
    """Write a starter shiftleft.yaml (commented) and, with --ci, the CI file that runs the scan."""
    if ci is not None:
        ci = ci.lower()
    if no_config and ci is None:
        fail("--no-config leaves nothing to write: give --ci SYSTEM")
    try:
        files = render(ci, single_job=single_job, config=not no_config)
        written = write(path, files, force=force)
    except ShiftleftError as exc:
        fail(exc.message, exc.exit_code)
    out = console(soft_wrap=True)
    for item in written:
        out.print(line(f"wrote {item}"))
    if ci is not None:
        out.print(line(f"next: {CI_SYSTEMS[ci].next_step}", "dim"))
