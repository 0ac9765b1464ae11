"""NuGet ``packages.lock.json``: the resolved packages of every target framework.

``dependencies`` maps each target framework (``net8.0``, ``net8.0/linux-x64``) to the
packages restored for it: ``Direct``, ``Transitive`` and ``CentralTransitive`` entries carry
the ``resolved`` version and a ``contentHash`` (base64 SHA-512 of the .nupkg, which the SBOM
keeps); ``Project`` entries are the solution's own projects and are left out. NuGet
package ids compare case-insensitively.
"""

from __future__ import annotations

from collections.abc import Mapping

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError, json_key_lines, json_object

ECO = "NuGet"


def parse_packages_lock(manifest: str, text: str) -> ParseResult:
    data = json_object(text)
    frameworks = data.get("dependencies")
    if not isinstance(frameworks, Mapping):
        raise ManifestError("no `dependencies` object: not a NuGet packages.lock.json")
    lines = json_key_lines(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    seen: set[tuple[str, str]] = set()
    for deps in frameworks.values():
        if not isinstance(deps, Mapping):
            continue
        for name, info in deps.items():
            if not isinstance(name, str) or not isinstance(info, Mapping) or info.get("type") == "Project":
                continue
            version = info.get("resolved")
            key = (name.lower(), str(version))
            if key in seen:
                continue
            seen.add(key)
            line = lines.get(name, 1)
            if not isinstance(version, str) or not version:
                unassessed.append(Unassessed(name, None, ECO, manifest, line, "no resolved version in lockfile"))
                continue
            pinned = hashes.unique([hashes.from_base64("sha512", info.get("contentHash"))])
            packages.append(Package.create(name, version, ECO, manifest, line, hashes=pinned))
    return ParseResult(tuple(packages), tuple(unassessed))
