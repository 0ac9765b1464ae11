"""PEP 751 ``pylock.toml`` (and ``pylock.<name>.toml``): ``[[packages]]`` with ``name`` and
``version``, and the hashes of the files the lock accepts (``sdist``, ``wheels``,
``archive``).

A package installed from ``vcs`` or a ``directory`` is not a registry release (not
assessed); so is a direct-URL ``archive`` and an entry without a version. The lock records
no licenses.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError

ECO = "PyPI"
NAME = re.compile(r"^pylock\.([^.]+\.)?toml$")


def _file_hashes(entry: Mapping[str, Any]) -> tuple[hashes.Hash, ...]:
    files: list[object] = [entry.get("sdist"), entry.get("archive")]
    wheels = entry.get("wheels")
    if isinstance(wheels, list):
        files += wheels
    out: list[hashes.Hash | None] = []
    for f in files:
        table = f.get("hashes") if isinstance(f, Mapping) else None
        if isinstance(table, Mapping):
            out += [hashes.from_hex(str(alg), digest) for alg, digest in table.items()]
    return hashes.unique(out)


def _name_lines(text: str) -> dict[str, int]:
    """Line of the ``name =`` key of each ``[[packages]]`` table."""
    out: dict[str, int] = {}
    in_package = False
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            in_package = line == "[[packages]]"
            continue
        m = re.match(r'^name\s*=\s*"([^"]*)"', line) if in_package else None
        if m:
            out.setdefault(m.group(1), i)
            in_package = False
    return out


def _entries(data: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    entries = data.get("packages", [])
    if not isinstance(entries, list):
        raise ManifestError("`packages` is not an array of tables")
    return (e for e in entries if isinstance(e, Mapping))


def parse_pylock(manifest: str, text: str) -> ParseResult:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"not valid TOML ({exc})") from exc
    if "lock-version" not in data:
        raise ManifestError("no `lock-version`: not a PEP 751 lockfile")
    lines = _name_lines(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    for entry in _entries(data):
        name, version = entry.get("name"), entry.get("version")
        if not isinstance(name, str) or not name:
            continue
        line = lines.get(name, 1)
        if "vcs" in entry or "directory" in entry:
            kind = "VCS" if "vcs" in entry else "local directory"
            unassessed.append(Unassessed(name, None, ECO, manifest, line, f"{kind} source: no registry version"))
            continue
        if "archive" in entry and not entry.get("index"):
            unassessed.append(Unassessed(name, None, ECO, manifest, line, "direct URL archive: no registry version"))
            continue
        if not isinstance(version, str) or not version:
            unassessed.append(Unassessed(name, None, ECO, manifest, line, "no version in lockfile"))
            continue
        packages.append(Package.create(name, version, ECO, manifest, line, hashes=_file_hashes(entry)))
    return ParseResult(tuple(packages), tuple(unassessed))
