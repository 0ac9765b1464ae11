"""Reporters: one module per output format, all reading the same ``Report``.

Each format is one module with ``write(report, path) -> path`` and one line here; the CLI
(``scan --format``, ``report --from``, ``report merge``) only looks formats up in FORMATS.
A format's module is imported when it is first written (the pre-commit hook writes only
SARIF: jinja2 and jsonschema are not loaded for it).
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from shiftleft.errors import ShiftleftError
from shiftleft.model import Report

Writer = Callable[[Report, Path], Path]


def _writer(module: str, function: str = "write") -> Writer:
    """``shiftleft.report.<module>.<function>``, imported on the first call."""

    def write(report: Report, path: Path) -> Path:
        found: Writer = getattr(importlib.import_module(f"shiftleft.report.{module}"), function)
        return found(report, path)

    write.__qualname__ = f"{module}.{function}"
    return write


#: format name -> (file name in the output directory, writer)
FORMATS: dict[str, tuple[str, Writer]] = {
    "sarif": ("shiftleft.sarif", _writer("sarif_report")),
    "json": ("scorecard.json", _writer("scorecard_json")),
    "html": ("report.html", _writer("html_report")),
    "markdown": ("report.md", _writer("markdown_report")),
    #: short, new findings first, the rest folded: for a pull-request comment
    "pr-comment": ("pr-comment.md", _writer("pr_comment")),
    "junit": ("junit.xml", _writer("junit_report")),
    "csv": ("findings.csv", _writer("csv_report")),
    # GitLab's file names are fixed by GitLab (``gitlab_report.Kind``; a test checks they agree)
    "gitlab-sast": ("gl-sast-report.json", _writer("gitlab_report", "write_sast")),
    "gitlab-secrets": ("gl-secret-detection-report.json", _writer("gitlab_report", "write_secrets")),
    "gitlab-dependencies": ("gl-dependency-scanning-report.json", _writer("gitlab_report", "write_dependencies")),
    "gitlab-container": ("gl-container-scanning-report.json", _writer("gitlab_report", "write_container")),
    "gitlab-codequality": ("gl-code-quality-report.json", _writer("codequality_report")),
    "sonarqube": ("sonarqube-issues.json", _writer("sonarqube_report")),
    #: NIST OSCAL 1.1.2 Assessment Results (docs/oscal.md)
    "oscal": ("shiftleft.oscal.json", _writer("oscal")),
}
DEFAULT_FORMATS = ("sarif", "json")
#: the file name that means standard output (``--sarif-file -``)
STDOUT = Path("-")


class ReportWriteError(ShiftleftError):
    """The report directory cannot be written."""


def write_reports(
    report: Report, formats: Iterable[str], output: Path, files: Mapping[str, Path] | None = None, *,
    sarif_profile: str | None = None, notices: list[str] | None = None,
) -> list[Path]:  # fmt: skip
    """Write each format (once, in the order asked) into ``output``, creating it; the one
    way ``scan``, ``report --from`` and ``report merge`` write their files. ``files``: format ->
    a file of its own (``--sarif-file PATH``; parents created), written after the directory's;
    ``-`` is standard output. No format for the directory (and no profile): it is not created.
    ``sarif_profile`` (``sarif.profiles.PROFILES``) also writes ``shiftleft.<profile>.sarif`` into
    ``output`` (with or without the ``sarif`` format); what shaping changed or left out is
    appended to ``notices``."""
    written: list[Path] = []
    names = list(dict.fromkeys(formats))
    if names or sarif_profile:
        if output.exists() and not output.is_dir():
            raise ReportWriteError(f"{output}: exists and is not a directory")
        try:
            output.mkdir(parents=True, exist_ok=True)
            written += [FORMATS[name][1](report, output / FORMATS[name][0]) for name in names]
            if sarif_profile:
                from shiftleft.report import sarif_report

                path, changes = sarif_report.write_profile(report, output, sarif_profile)
                written.append(path)
                if notices is not None:
                    notices.extend(f"{path.name}: {change}" for change in changes)
        except OSError as exc:
            raise ReportWriteError(f"cannot write reports to {output}: {exc.strerror or exc}") from None
    for name, path in (files or {}).items():
        written.append(_write_file(report, name, path))
    return written


def _write_file(report: Report, name: str, path: Path) -> Path:
    if path == STDOUT:
        with tempfile.TemporaryDirectory(prefix="shiftleft-") as tmp:  # writers write files
            data = FORMATS[name][1](report, Path(tmp) / FORMATS[name][0]).read_bytes()
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return STDOUT
    if path.is_dir():
        raise ReportWriteError(f"{path}: is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return FORMATS[name][1](report, path)
    except OSError as exc:
        raise ReportWriteError(f"cannot write {path}: {exc.strerror or exc}") from None
