"""Gradle: ``gradle.lockfile`` (dependency locking) and version catalogs
(``gradle/libs.versions.toml``). Both name Maven artifacts (OSV ecosystem ``Maven``).

A lockfile line is ``group:artifact:version=configuration,configuration``; it holds the
whole resolved graph of the locked configurations. A dependency locked only in test
configurations (``testCompileClasspath``...) is marked ``scope="test"``.

A version catalog declares libraries a build *may* use: ``[libraries]`` entries in the
string (``"g:a:1.0"``) or table form (``module``, or ``group`` + ``name``; ``version`` as a
string, a ``{ref = ...}``/``version.ref`` into ``[versions]``, or a rich-version table).
An exact version (``strictly``/``require``, or a plain string) is checked; an entry
without a version (its version comes from a platform/BOM) or with a range or a dynamic
version (``1.+``, ``latest.release``) is not assessed. Plugins are not inventoried.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError

ECO = "Maven"
_LOCK_LINE = re.compile(r"^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$")
_DYNAMIC = re.compile(r"[\[\]()+,]|^latest\.|^$")


def _test_only(configurations: list[str]) -> bool:
    return bool(configurations) and all(c.lower().startswith("test") for c in configurations)


def parse_gradle_lockfile(manifest: str, text: str) -> ParseResult:
    packages: list[Package] = []
    recognised = other = False
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("empty="):
            recognised = True
            continue
        m = _LOCK_LINE.match(line)
        if not m:
            other = True
            continue
        recognised = True
        group, artifact, version, configs = m.groups()
        names = [c.strip() for c in configs.split(",") if c.strip()]
        scope = "test" if _test_only(names) else None
        packages.append(Package.create(f"{group}:{artifact}", version, ECO, manifest, i, scope=scope))
    if other and not recognised:
        raise ManifestError("no `group:artifact:version=configurations` line: not a Gradle lockfile")
    return ParseResult(tuple(packages))


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"not valid TOML ({exc})") from exc


def _exact(value: object) -> str | None:
    """A plain exact version (not a range, not dynamic), or None."""
    if isinstance(value, str) and not _DYNAMIC.search(value.strip()):
        return value.strip()
    return None


def _rich(spec: object, versions: Mapping[str, Any]) -> tuple[str | None, str]:
    """(exact version or None, what was declared) of a catalog ``version`` value."""
    if isinstance(spec, str):
        return _exact(spec), spec
    if isinstance(spec, Mapping):
        if "ref" in spec:
            ref = spec.get("ref")
            target = versions.get(ref) if isinstance(ref, str) else None
            if target is None:
                return None, f"version.ref {str(ref)[:60]!r} not in [versions]"
            if isinstance(target, Mapping) and "ref" in target:
                return None, f"version.ref {str(ref)[:60]!r} is itself a reference"
            return _rich(target, versions)
        for key in ("strictly", "require"):
            if key in spec:
                return _exact(spec.get(key)), f"{key} {str(spec.get(key))[:60]!r}"
        if "prefer" in spec:
            return None, f"only a preferred version {str(spec.get('prefer'))[:60]!r}"
    return None, "no version"


_ALIAS = re.compile(r"""^\s*["']?([^"'=\s]+)["']?\s*=""")


def _alias_lines(text: str) -> tuple[int, dict[str, int]]:
    """(line of ``[libraries]``, alias -> line of its entry there), in one pass."""
    start = 1
    out: dict[str, int] = {}
    section = ""
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            section = line
            if line == "[libraries]":
                start = i
            continue
        m = _ALIAS.match(raw) if section == "[libraries]" else None
        if m:
            out.setdefault(m.group(1), i)
    return start, out


def parse_version_catalog(manifest: str, text: str) -> ParseResult:
    data = _toml(text)
    libraries = data.get("libraries") or {}
    versions = data.get("versions") or {}
    if not isinstance(libraries, Mapping) or not isinstance(versions, Mapping):
        raise ManifestError("[libraries] or [versions] is not a table")
    start, alias_lines = _alias_lines(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for alias, entry in libraries.items():
        line = alias_lines.get(str(alias), start)
        module: str | None = None
        spec: object = None
        if isinstance(entry, str):
            parts = entry.split(":")
            if len(parts) >= 2:
                module = f"{parts[0]}:{parts[1]}"
                spec = ":".join(parts[2:]) if len(parts) > 2 else None
        elif isinstance(entry, Mapping):
            if isinstance(entry.get("module"), str):
                module = entry["module"]
            elif isinstance(entry.get("group"), str) and isinstance(entry.get("name"), str):
                module = f"{entry['group']}:{entry['name']}"
            spec = entry.get("version")
        if not module or module.count(":") != 1:
            continue
        if spec is None:
            reason = "no version in the catalog (it comes from a platform/BOM or the build script): not assessed"
            unassessed.append(Unassessed(module, None, ECO, manifest, line, reason))
            continue
        version, declared = _rich(spec, versions)
        if version is None:
            reason = f"not an exact version ({declared}): the version Gradle picks is only known after resolution"
            unassessed.append(Unassessed(module, None, ECO, manifest, line, reason, requirement=declared))
            continue
        packages.append(Package.create(module, version, ECO, manifest, line))
    return ParseResult(tuple(packages), tuple(unassessed))
