"""Pinning unpinned Python requirements, only when the user asks (``resolve: true``).

Resolution asks pip which version it *would* install (``pip install --dry-run --report``)
with ``--only-binary=:all:`` (no sdist build, so no code from any package runs) and
``--no-deps`` (only the declared requirement is pinned, at its own line). It needs the
package index, so an offline scan leaves the requirement not assessed, with that reason.
The resolved version is today's answer, not necessarily what was deployed: the finding's
location is still the unpinned line, which is what the user should pin. pip runs isolated
(``shiftleft.process``): a private cwd and HOME, ``--isolated``, no ``PIP_*`` variable of
ours and no pip.conf, so only the default index answers.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from packaging.utils import canonicalize_name

from shiftleft.inventory.model import Inventory, Package
from shiftleft.process import PIP_VARS, ToolError, run_isolated

#: pip reads no config file (``os.devnull`` switches them all off), asks nothing, checks no update
PIP_ENV = {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INPUT": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def pip_report_argv(requirements: list[str], report: Path) -> list[str]:
    return [
        sys.executable,
        "-I",
        "-m",
        "pip",
        "--isolated",
        "install",
        "--dry-run",
        "--ignore-installed",
        "--no-deps",
        "--only-binary=:all:",
        "--quiet",
        "--report",
        str(report),
        "--",
        *requirements,
    ]


def resolve_unpinned(inv: Inventory, *, offline: bool, timeout: float, workdir: Path) -> Inventory:
    todo = [u for u in inv.unassessed if u.unpinned and u.ecosystem == "PyPI" and u.requirement]
    if not todo:
        return inv
    keep = [u for u in inv.unassessed if u not in todo]
    if offline:
        why = "not pinned; `resolve: true` needs the package index but the scan is offline"
        return replace(inv, unassessed=tuple(keep + [replace(u, reason=why) for u in todo]))
    report = workdir.resolve() / "pip-resolve-report.json"
    try:
        # isolated: PIP_* variables and pip.conf files (an index, constraints) are not ours to inherit
        run_isolated(pip_report_argv([u.requirement or u.name for u in todo], report), timeout=timeout,
                     workdir=workdir, tool_vars=PIP_VARS, env=PIP_ENV)  # fmt: skip
        data = json.loads(report.read_text("utf-8"))
        installed = {
            canonicalize_name(str(item["metadata"]["name"])): str(item["metadata"]["version"])
            for item in data.get("install", [])
        }
    except (ToolError, OSError, ValueError, KeyError, TypeError) as exc:
        why = f"not pinned; resolution with pip failed ({str(exc)[:160]})"
        return replace(inv, unassessed=tuple(keep + [replace(u, reason=why) for u in todo]))
    packages = list(inv.packages)
    for u in todo:
        version = installed.get(canonicalize_name(u.name))
        if version is None:
            keep.append(replace(u, reason="not pinned; pip did not resolve it"))
        else:
            packages.append(Package.create(u.name, version, u.ecosystem, u.manifest, u.line))
    return replace(inv, packages=tuple(packages), unassessed=tuple(keep))
