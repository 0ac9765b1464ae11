"""The merged SARIF log, as written to disk: always complete in ``shiftleft.sarif``, plus a
copy cut to GitHub code scanning's upload limits beside it when the full log exceeds them,
and, with ``--sarif-profile``, a copy shaped for that consumer (``sarif.profiles``).

Both carry the repository prefix the scan recorded (``sarif.prefix``): URIs relative to
the repository root, as code-scanning consumers resolve them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shiftleft.model import Report
from shiftleft.sarif import limits, prefix, profiles


def encode(report: Report) -> str:
    """The text of ``shiftleft.sarif`` (what ``write`` writes; the OSCAL export states its sha256)."""
    return _encoded(prefix.add_prefix(report.sarif))


def _encoded(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2) + "\n"


def write(report: Report, path: Path) -> Path:
    data = prefix.add_prefix(report.sarif)
    path.write_text(_encoded(data), "utf-8")
    github = path.with_name(limits.GITHUB_FILE_NAME)
    if limits.problems(data):
        capped, _changes = limits.github_copy(data)
        github.write_text(json.dumps(capped) + "\n", "utf-8")
    elif github.exists():
        github.unlink()  # a stale cut copy from an earlier scan must not be uploaded instead
    return path


def write_profile(report: Report, directory: Path, profile: str) -> tuple[Path, tuple[str, ...]]:
    """``shiftleft.<profile>.sarif`` in ``directory``: the log shaped for one consumer;
    returns its path and what the shaping changed or left out (for the user's log)."""
    shaped = profiles.apply(prefix.add_prefix(report.sarif), profile)
    path = directory / profiles.file_name(profile)
    path.write_text(json.dumps(shaped.log) + "\n", "utf-8")
    return path, shaped.changes
