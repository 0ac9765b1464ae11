"""Reporters: one module per output format, all reading the same ``Report``.

Each format is one module with ``write(report, path) -> path`` and one line here; the CLI
(``scan --format``, ``report --from``, ``report merge``) only looks formats up in FORMATS.
A format's module is imported when it is first written (the pre-commit hook writes only
SARIF: jinja2 and jsonschema are not loaded for it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

from shiftleft.errors import ShiftleftError
from shiftleft.model import Report

Writer = Callable[[Report, Path], Path]


def _writer(module: str) -> Writer:
    """``shiftleft.report.<module>.write``, imported on the first call."""

    def write(report: Report, path: Path) -> Path:
        found: Writer = importlib.import_module(f"shiftleft.report.{module}").write
        return found(report, path)

    write.__qualname__ = f"{module}.write"
    return write


#: format name -> (file name in the output directory, writer)
FORMATS: dict[str, tuple[str, Writer]] = {
    "sarif": ("shiftleft.sarif", _writer("sarif_report")),
    "json": ("scorecard.json", _writer("scorecard_json")),
    "html": ("report.html", _writer("html_report")),
    "markdown": ("report.md", _writer("markdown_report")),
    "junit": ("junit.xml", _writer("junit_report")),
    "csv": ("findings.csv", _writer("csv_report")),
}
DEFAULT_FORMATS = ("sarif", "json")


class ReportWriteError(ShiftleftError):
    """The report directory cannot be written."""


def write_reports(report: Report, formats: Iterable[str], output: Path) -> list[Path]:
    """Write each format (once, in the order asked) into ``output``, creating it; the one
    way ``scan``, ``report --from`` and ``report merge`` write their files."""
    if output.exists() and not output.is_dir():
        raise ReportWriteError(f"{output}: exists and is not a directory")
    try:
        output.mkdir(parents=True, exist_ok=True)
        return [FORMATS[name][1](report, output / FORMATS[name][0]) for name in dict.fromkeys(formats)]
    except OSError as exc:
        raise ReportWriteError(f"cannot write reports to {output}: {exc.strerror or exc}") from None
