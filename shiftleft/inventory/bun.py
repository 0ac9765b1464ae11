"""Bun's text lockfile ``bun.lock`` (bun 1.2+): JSON with comments and trailing commas.

``packages`` maps an install path (``lodash``, ``parent/lodash`` for a nested copy) to an
array whose first item is the resolution ``name@version`` and whose last string item, for
registry packages, is the SRI ``integrity``. Workspace, link, file, git and tarball
resolutions are not registry releases: workspaces are the project itself and left out, the
others are not assessed. The binary ``bun.lockb`` is not read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from shiftleft.advisories.jsonsafe import depth_exceeds
from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError

ECO = "npm"
MAX_DEPTH = 64
_SEMVERISH = re.compile(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]*)?$")
_LOCAL = ("workspace:", "link:")
_ARRAY_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*\[')


def _key_lines(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, raw in enumerate(text.splitlines(), 1):
        for m in _ARRAY_KEY.finditer(raw):
            out.setdefault(m.group(1), i)
    return out


#: one scan, left to right: a string (kept; an unterminated one runs to the end), a line or
#: block comment (dropped; an unterminated block comment keeps its ``/*`` so the JSON parser
#: refuses it), or a comma followed only by blanks and a closing bracket (dropped). Every
#: alternative consumes what it matches and the replacement is a template (no Python call
#: per token): linear, and fast on a large lockfile.
_JSONC_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*"?)|//[^\n]*|/\*.*?\*/|(/\*).*|,(?=\s*[}\]])', re.DOTALL)


def strip_jsonc(text: str) -> str:
    """JSONC -> JSON: ``//`` and ``/* */`` comments and trailing commas removed outside
    strings; text inside strings is untouched."""
    return _JSONC_TOKEN.sub(r"\1\2", text)


def _split_resolution(value: str) -> tuple[str, str] | None:
    at = value.rfind("@")
    if at <= 0:
        return None
    return value[:at], value[at + 1 :]


def parse_bun_lock(manifest: str, text: str) -> ParseResult:
    try:
        data = json.loads(strip_jsonc(text))
    except ValueError as exc:
        raise ManifestError(f"not valid JSONC ({str(exc)[:120]})") from exc
    except RecursionError:
        raise ManifestError(f"nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(data, Mapping) or depth_exceeds(data, MAX_DEPTH):
        raise ManifestError(f"top level is not an object, or it nests deeper than {MAX_DEPTH} levels")
    entries = data.get("packages")
    if entries is None:
        entries = {}
    if not isinstance(entries, Mapping):
        raise ManifestError("`packages` is not an object")
    lines = _key_lines(text)
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    seen: set[tuple[str, str]] = set()
    for key, info in entries.items():
        if not isinstance(info, list) or not info or not isinstance(info[0], str):
            continue
        parsed = _split_resolution(info[0])
        if parsed is None or parsed in seen:
            continue
        seen.add(parsed)
        name, version = parsed
        line = lines.get(str(key), 1)
        if version.startswith(_LOCAL):
            continue
        if not _SEMVERISH.match(version):
            why = f"non-registry version {version[:60]!r} (git, URL or path)"
            unassessed.append(Unassessed(name, version, ECO, manifest, line, why))
            continue
        integrity = next((x for x in reversed(info[1:]) if isinstance(x, str) and x.startswith("sha")), None)
        packages.append(Package.create(name, version, ECO, manifest, line, hashes=hashes.from_sri(integrity)))
    return ParseResult(tuple(packages), tuple(unassessed))
