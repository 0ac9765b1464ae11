"""Reporters: one module per output format, all reading the same ``Report``.

Each format is one module with ``write(report, path) -> path`` and one line here; the CLI
(``scan --format``, ``report --from``, ``report merge``) only looks formats up in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shiftleft.model import Report
from shiftleft.report import csv_report, html_report, junit_report, markdown_report, sarif_report, scorecard_json

Writer = Callable[[Report, Path], Path]

#: format name -> (file name in the output directory, writer)
FORMATS: dict[str, tuple[str, Writer]] = {
    "sarif": ("shiftleft.sarif", sarif_report.write),
    "json": ("scorecard.json", scorecard_json.write),
    "html": ("report.html", html_report.write),
    "markdown": ("report.md", markdown_report.write),
    "junit": ("junit.xml", junit_report.write),
    "csv": ("findings.csv", csv_report.write),
}
DEFAULT_FORMATS = ("sarif", "json")
