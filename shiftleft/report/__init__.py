"""Reporters: one module per output format, all reading the same ``Report``.

Each format is one module with ``write(report, path) -> path`` and one line here; the CLI
(``scan --format``, ``report --from``, ``report merge``) only looks formats up in FORMATS.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from shiftleft.errors import ShiftleftError
from shiftleft.model import Report
from shiftleft.report import (
    codequality_report,
    csv_report,
    gitlab_report,
    html_report,
    junit_report,
    markdown_report,
    pr_comment,
    sarif_report,
    scorecard_json,
    sonarqube_report,
)

Writer = Callable[[Report, Path], Path]

#: format name -> (file name in the output directory, writer)
FORMATS: dict[str, tuple[str, Writer]] = {
    "sarif": ("shiftleft.sarif", sarif_report.write),
    "json": ("scorecard.json", scorecard_json.write),
    "html": ("report.html", html_report.write),
    "markdown": ("report.md", markdown_report.write),
    #: short, new findings first, the rest folded: for a pull-request comment
    "pr-comment": ("pr-comment.md", pr_comment.write),
    "junit": ("junit.xml", junit_report.write),
    "csv": ("findings.csv", csv_report.write),
    "gitlab-sast": (gitlab_report.Kind.SAST.file_name, gitlab_report.write_sast),
    "gitlab-secrets": (gitlab_report.Kind.SECRETS.file_name, gitlab_report.write_secrets),
    "gitlab-dependencies": (gitlab_report.Kind.DEPENDENCIES.file_name, gitlab_report.write_dependencies),
    "gitlab-container": (gitlab_report.Kind.CONTAINER.file_name, gitlab_report.write_container),
    "gitlab-codequality": ("gl-code-quality-report.json", codequality_report.write),
    "sonarqube": ("sonarqube-issues.json", sonarqube_report.write),
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
