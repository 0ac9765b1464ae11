"""The merged SARIF log, as written to disk."""

from __future__ import annotations

import json
from pathlib import Path

from shiftleft.report.model import Report


def write(report: Report, path: Path) -> Path:
    path.write_text(json.dumps(report.sarif, indent=2) + "\n", "utf-8")
    return path
