"""``shiftleft tools``: install and list the isolated scanner environments (``shiftleft.tools``)."""

from __future__ import annotations

import typer

from shiftleft.cli_common import echo, fail
from shiftleft.errors import EXIT_OPERATION_FAILED
from shiftleft.tools import (
    TOOLS,
    ToolInstallError,
    find_tool,
    install,
    installed_version,
    pinned_requirements,
    tools_dir,
)

app = typer.Typer(help="Install and list the scanners shiftleft keeps in isolated environments.", no_args_is_help=True)


@app.command("install")
def install_command(
    name: str = typer.Argument("all", metavar="NAME", help="checkov, syft, zizmor, hadolint, betterleaks, or all"),
) -> None:
    """Install the pinned version of a tool (or all) into its own environment."""
    if name != "all" and name not in TOOLS:
        fail(f"unknown tool {name!r}; known: {', '.join(sorted(TOOLS))}, all")
    names = sorted(TOOLS) if name == "all" else [name]
    problems: list[str] = []
    for tool in names:
        try:
            path = install(tool)
        except ToolInstallError as exc:
            problems.append(str(exc))
            continue
        echo(f"{tool}: {path}")
    if problems:
        fail("; ".join(problems), code=EXIT_OPERATION_FAILED)


@app.command("list")
def list_command() -> None:
    """Show each tool, where it was found, its version, and what it is for."""
    typer.echo(f"tools dir: {tools_dir()}")
    pins = pinned_requirements()
    for spec in TOOLS.values():
        path = find_tool(spec.name)
        version = installed_version(path, spec.package) if path else None
        where = path or "not installed"
        pin = pins.get(spec.package, "unpinned")
        echo(f"{spec.name:<11} {version or '-':<10} {pin:<24} {where}  ({spec.purpose})")
