"""SARIF artifact URIs are URI references: ``my file.py`` is written ``my%20file.py``.
Tools disagree (bandit encodes, semgrep does not), so normalization writes every URI
encoded, and everything that matches a result to a file, a waiver glob or a source line
reads it back as a plain relative path through this module."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

#: RFC 3986 pchar sub-delimiters and "/", left as they are
_SAFE = "/:@!$&'()*+,;="


def to_uri(path: str) -> str:
    return quote(path, safe=_SAFE)


def to_path(uri: str) -> str:
    return unquote(uri)


def result_location(result: dict[str, Any]) -> tuple[str, int, int]:
    """(relative path, start line, end line) of a result's first physical location, or
    ("", 0, 0) when it has none (an image finding may have only logical locations)."""
    for loc in result.get("locations") or []:
        physical = loc.get("physicalLocation") or {}
        uri = (physical.get("artifactLocation") or {}).get("uri")
        if uri:
            region = physical.get("region") or {}
            start = int(region.get("startLine") or 0)
            return to_path(str(uri)), start, max(start, int(region.get("endLine") or start))
    return "", 0, 0
