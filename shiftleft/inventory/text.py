"""Text helpers shared by the manifest parsers: conflict markers and declaring lines.

Structured parsers (json, tomllib, yaml) do not report line numbers, yet a finding must
point at the line declaring the package; these helpers find it in the raw text. When a
line cannot be found, 1 is used (the file still locates the finding).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

_CONFLICT = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)


class ManifestError(ValueError):
    """A manifest is unusable; the message says why in one line."""


def check_conflicts(text: str) -> None:
    """Raise ManifestError when the file holds unresolved git merge-conflict markers:
    either side may be the one that gets installed, so neither can be trusted."""
    m = _CONFLICT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise ManifestError(f"unresolved merge-conflict markers (line {line}); file skipped")


class LineFinder:
    """Finds the first line (1-based) on which a regex matches, at or after a line."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def find(self, pattern: re.Pattern[str] | str, start: int = 1) -> int | None:
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        for i in range(max(0, start - 1), len(self.lines)):
            if rx.search(self.lines[i]):
                return i + 1
        return None

    def find_literal(self, needles: Iterable[str], start: int = 1) -> int | None:
        wanted = tuple(needles)
        for i in range(max(0, start - 1), len(self.lines)):
            if any(n in self.lines[i] for n in wanted):
                return i + 1
        return None


def toml_package_lines(text: str) -> dict[tuple[str, str], int]:
    """For ``[[package]]`` lockfiles (poetry.lock, uv.lock, Cargo.lock): (name, version)
    -> line of the entry's ``name =`` key."""
    out: dict[tuple[str, str], int] = {}
    name: str | None = None
    name_line = 0
    in_package = False
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            in_package = line == "[[package]]"
            name = None
            continue
        if not in_package:
            continue
        m = re.match(r'^(name|version)\s*=\s*"([^"]*)"', line)
        if not m:
            continue
        if m.group(1) == "name":
            name, name_line = m.group(2), i
        elif name is not None:
            out.setdefault((name, m.group(2)), name_line)
    return out


def json_key_lines(text: str) -> dict[str, int]:
    """Line of the first occurrence of each ``"key": {`` object key (package-lock.json,
    Pipfile.lock), enough to locate entries of a pretty-printed lockfile."""
    out: dict[str, int] = {}
    for i, raw in enumerate(text.splitlines(), 1):
        for m in re.finditer(r'"((?:[^"\\]|\\.)*)"\s*:\s*\{', raw):
            out.setdefault(m.group(1), i)
    return out


def json_object(text: str) -> Mapping[str, Any]:
    """A JSON lockfile's top-level object, or ManifestError saying what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ManifestError(f"not valid JSON ({exc})") from exc
    if not isinstance(data, Mapping):
        raise ManifestError("top level is not an object")
    return data
