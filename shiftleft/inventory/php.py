"""Composer ``composer.lock``: ``packages`` and ``packages-dev`` (marked ``scope="dev"``).

Packagist names are ``vendor/package``, compared lower-case. A development branch
(``dev-main``, ``1.x-dev``) has no release version and a ``path`` repository package is
the project's own code: both are not assessed. The lockfile states each package's
``license`` (an array: Composer reads several as a choice, so they become one ``OR``
expression when they are all SPDX identifiers) and, for dist archives, a ``shasum``
(SHA-1; often empty, then nothing is claimed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError, json_object

ECO = "Packagist"
_SPDX_ID = re.compile(r"^[A-Za-z0-9.+-]{1,80}$")
_NAME_LINE = re.compile(r'"name"\s*:\s*"([^"\\]{1,200})"')


def licenses_of(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    items = [v.strip()[:200] for v in value[:20] if isinstance(v, str) and v.strip()]
    if len(items) > 1 and all(_SPDX_ID.match(v) for v in items):
        return (f"({' OR '.join(items)})",)
    return tuple(items)


def parse_composer_lock(manifest: str, text: str) -> ParseResult:
    data = json_object(text)
    lines: dict[str, int] = {}
    for i, raw in enumerate(text.splitlines(), 1):
        for m in _NAME_LINE.finditer(raw):
            lines.setdefault(m.group(1), i)
    if "packages" not in data and "packages-dev" not in data:
        raise ManifestError("no `packages` array: not a composer.lock")
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for section, scope in (("packages", None), ("packages-dev", "dev")):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise ManifestError(f"`{section}` is not an array")
        for entry in entries:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
                continue
            name, version = entry["name"], entry.get("version")
            line = lines.get(name, 1)
            dist: Mapping[str, object] = entry["dist"] if isinstance(entry.get("dist"), Mapping) else {}
            if dist.get("type") == "path":
                unassessed.append(Unassessed(name, None, ECO, manifest, line, "path repository: local code"))
                continue
            if not isinstance(version, str) or not version:
                unassessed.append(Unassessed(name, None, ECO, manifest, line, "no version in lockfile"))
                continue
            if version.startswith("dev-") or version.endswith("-dev"):
                why = f"development branch {version[:60]!r}: no release version to check"
                unassessed.append(Unassessed(name, version, ECO, manifest, line, why))
                continue
            sha = hashes.from_hex("sha1", dist.get("shasum")) if dist.get("shasum") else None
            licenses = licenses_of(entry.get("license"))
            pinned = hashes.unique([sha])
            packages.append(
                Package.create(name, version, ECO, manifest, line, licenses=licenses, hashes=pinned, scope=scope)
            )
    return ParseResult(tuple(packages), tuple(unassessed))
