"""Cargo.lock: every crate of the resolved build graph.

Entries without a ``source`` are the workspace's own crates (not published packages) and
are left out; registry and git crates are inventoried with their locked version.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult
from shiftleft.inventory.text import ManifestError, toml_package_lines

ECO = "crates.io"


def parse_cargo_lock(manifest: str, text: str) -> ParseResult:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"not valid TOML ({exc})") from exc
    entries = data.get("package", [])
    if not isinstance(entries, list):
        raise ManifestError("`package` is not an array of tables")
    lines = toml_package_lines(text)
    packages: list[Package] = []
    for entry in entries:
        if not isinstance(entry, Mapping) or not entry.get("source"):
            continue
        name, version = entry.get("name"), entry.get("version")
        if isinstance(name, str) and name and isinstance(version, str) and version:
            line = lines.get((name, version), 1)
            pins = hashes.unique([hashes.from_hex("sha256", entry.get("checksum"))])  # Cargo.lock states no license
            packages.append(Package.create(name, version, ECO, manifest, line, hashes=pins))
    return ParseResult(tuple(packages))
