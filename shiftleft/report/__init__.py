"""Reporters: one module per output format, all reading the same ``Report``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shiftleft.report import json_report, sarif_report
from shiftleft.report.model import Report

Writer = Callable[[Report, Path], Path]

#: format name -> (file name in the output directory, writer)
FORMATS: dict[str, tuple[str, Writer]] = {
    "sarif": ("shiftleft.sarif", sarif_report.write),
    "json": ("scorecard.json", json_report.write),
}
DEFAULT_FORMATS = ("sarif", "json")
