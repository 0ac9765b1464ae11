"""go.mod: the module requirements (direct and ``// indirect``) and their replacements.

Go's minimal version selection makes go.mod's ``require`` list the versions that are
built, so go.sum is not needed. ``replace`` to another module version is applied; a
replacement by a local directory is not a registry module and is reported not assessed.
The ``go`` directive is a minimum language version, not the toolchain used to build, so the
standard library is not inventoried here.
"""

from __future__ import annotations

import re

from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError

ECO = "Go"
_MODULE = r'"?([^\s"]+)"?'
_REQUIRE = re.compile(rf"^{_MODULE}\s+(v[^\s]+)$")
_REPLACE = re.compile(rf"^{_MODULE}(?:\s+(v[^\s]+))?\s+=>\s+{_MODULE}(?:\s+(v[^\s]+))?$")


def _strip_comment(line: str) -> str:
    return line.split("//", 1)[0].strip()


def parse_go_mod(manifest: str, text: str) -> ParseResult:
    requires: list[tuple[str, str, int]] = []
    replaces: dict[tuple[str, str | None], tuple[str, str | None]] = {}
    block: str | None = None
    saw_module = False
    for i, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        if not line:
            continue
        if block:
            if line == ")":
                block = None
                continue
            body = line
        else:
            verb, _, body = line.partition(" ")
            body = body.strip()
            if verb == "module":
                saw_module = True
                continue
            if verb in ("require", "replace", "exclude", "retract", "tool", "godebug", "ignore") and body == "(":
                block = verb
                continue
            if verb not in ("require", "replace"):
                continue
            _collect(verb, body, i, requires, replaces)
            continue
        _collect(block, body, i, requires, replaces)
    if not saw_module and not requires:
        raise ManifestError("no `module` directive: not a go.mod file")
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for module, version, lineno in requires:
        target = replaces.get((module, version)) or replaces.get((module, None))
        if target is not None:
            new_module, new_version = target
            if new_version is None:
                why = f"replaced by local path {new_module}"
                unassessed.append(Unassessed(module, version, ECO, manifest, lineno, why))
                continue
            module, version = new_module, new_version
        packages.append(Package.create(module, version, ECO, manifest, lineno))
    return ParseResult(tuple(packages), tuple(unassessed))


def _collect(
    verb: str,
    body: str,
    line: int,
    requires: list[tuple[str, str, int]],
    replaces: dict[tuple[str, str | None], tuple[str, str | None]],
) -> None:
    if verb == "require":
        m = _REQUIRE.match(body)
        if m:
            requires.append((m.group(1), m.group(2), line))
    elif verb == "replace":
        m = _REPLACE.match(body)
        if m:
            replaces[(m.group(1), m.group(2))] = (m.group(3), m.group(4))
