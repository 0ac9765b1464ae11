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


def verify_scanners(pins_file: str | None = None) -> int:
    """``shiftleft scanners --verify``: each installed built-in tool's digest against the pins
    of this release (every file RECORD lists re-hashed), one line per tool; 1 on any
    mismatch, 0 otherwise (unpinned and missing tools are listed, not failures). A pins
    file that cannot be used: exit 2, one line."""
    from pathlib import Path

    from shiftleft import provenance as prov
    from shiftleft.scanners import provenance as scanner_prov
    from shiftleft.scanners import registry

    try:
        pins = prov.load_pins(Path(pins_file) if pins_file else None)
    except prov.PinsError as exc:
        fail(str(exc))
    seen: set[str] = set()
    mismatches = 0
    echo(f"pins: {len(pins)} for {prov.platform_tag()} and others; this Python {prov.python_tag()}")
    for cls in registry.BUILTIN_SCANNERS:
        scanner = cls()
        tool = scanner_prov.tool_name(scanner)
        if tool in seen:
            continue
        seen.add(tool)
        if scanner.health() is not None:
            echo(f"{tool:<15} {'-':<10} {'-':<10} {'-':<12} missing")
            continue
        record, refused = scanner_prov.provenance(scanner, None, pins, deep=True)
        info = record["tool"]
        state = record["pinned"]
        mismatches += state == "mismatch"
        if info.get("kind") == "builtin":
            echo(f"{tool:<15} {info.get('version') or '-':<10} {'builtin':<10} {'-':<12} part of shiftleft")
        else:
            echo(f"{tool:<15} {info.get('version') or '-':<10} {info.get('digestOf') or '-':<10} "
                 f"{prov.short(info.get('sha256')):<12} {state}")  # fmt: skip
        for helper in record.get("helpers") or []:
            echo(f"  {helper['name']:<13} {helper.get('version') or '-':<10} {helper.get('digestOf') or '-':<10} "
                 f"{prov.short(helper.get('sha256')):<12} {helper['pinned']} (run by {tool})")  # fmt: skip
        if refused:
            echo(f"  {refused}")
    if mismatches:
        echo(f"{mismatches} tool(s) are not the builds this release pins: their scans are FAILED (not assessed)")
        return 1
    return 0
