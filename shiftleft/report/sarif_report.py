"""The merged SARIF log, as written to disk: always complete in ``shiftleft.sarif``, plus a
copy cut to GitHub code scanning's upload limits beside it when the full log exceeds them."""

from __future__ import annotations

import json
from pathlib import Path

from shiftleft.model import Report
from shiftleft.sarif import limits


def write(report: Report, path: Path) -> Path:
    path.write_text(json.dumps(report.sarif, indent=2) + "\n", "utf-8")
    github = path.with_name(limits.GITHUB_FILE_NAME)
    if limits.problems(report.sarif):
        capped, _changes = limits.github_copy(report.sarif)
        github.write_text(json.dumps(capped) + "\n", "utf-8")
    elif github.exists():
        github.unlink()  # a stale cut copy from an earlier scan must not be uploaded instead
    return path
