"""Bring your own results: report files of tools shiftleft does not run, entered into the scan.

Each format is one module with the same two functions (like the scanner adapters)::

    def looks_like(raw: bytes) -> bool                          # is it this format?
    def to_sarif(raw: bytes, *, source: str) -> dict[str, Any]  # one SARIF 2.1.0 log

``to_sarif`` raises a ``ShiftleftError`` subclass on malformed input. ``FORMATS`` is the
dispatch table (adding a format is one module and one line here); a file no format
recognises is read as SARIF, whose checks then say what is wrong with it.

``shiftleft.imports.load`` reads an import (bounded, the path rule for a repository's
config), splits its log into runs and judges each run's health (failed, stale); the
``scanners.imported`` adapter turns each into a scanner of the scan. docs/imports.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from shiftleft.imports import sarif as sarif_format
from shiftleft.imports import zap


class Format(NamedTuple):
    """One import format: its name, its recogniser and converter, and the category and stage
    its runs default to (None: inferred from the tool, then sast at the code stage)."""

    name: str
    looks_like: Callable[[bytes], bool]
    to_sarif: Callable[..., dict[str, Any]]
    category: str | None = None
    stage: str | None = None


#: first match wins; SARIF last (and the fallback)
FORMATS: tuple[Format, ...] = (
    Format("zap", zap.looks_like, zap.to_sarif, category=zap.CATEGORY, stage=zap.STAGE),
    Format("sarif", sarif_format.looks_like, sarif_format.to_sarif),
)


def detect(raw: bytes) -> Format:
    """The format of ``raw``: the first whose ``looks_like`` says so, else SARIF."""
    for fmt in FORMATS:
        if fmt.looks_like(raw):
            return fmt
    return next(f for f in FORMATS if f.name == "sarif")
