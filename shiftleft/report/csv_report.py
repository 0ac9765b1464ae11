"""findings.csv: every finding, one row each (fix-first order, ``report.fix_first``), for a
spreadsheet or a ticket import. Dependency and image-package findings fill the package,
installed_version, fixed_version (every fixed version, ``;``-separated) and advisory_ids
(the advisory and its aliases) columns; ``fix`` is the one-line fix of every finding.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and
some also after a leading tab or carriage return), so a file path or message chosen by
whoever wrote the scanned repository could run ``=HYPERLINK(...)`` or DDE commands on the
reviewer's machine. Every such cell gets a leading apostrophe (OWASP's advice): shown as
text, visibly changed. Control, bidi and invisible characters are shown escaped
(``safe_text.visible``: ``\x1b``, ``<U+202E>``; newlines and tabs inside a quoted cell
are kept). The file is UTF-8 with a BOM so Excel does not garble non-ASCII.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from shiftleft.model import Finding, Report
from shiftleft.report import fix_first
from shiftleft.safe_text import visible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "severity", "tool", "rule_id", "rule_name", "message", "path", "line", "stage", "category",
    "cwe", "owasp", "suppressed", "suppression", "baseline_state", "fingerprint", "help_uri",
    "package", "installed_version", "fixed_version", "advisory_ids", "fix",
)  # fmt: skip


def cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet will not evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = visible(value, multiline=True)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _dependency(finding: Finding) -> dict[str, object]:
    """The package columns, filled for dependency and image-package findings only."""
    if not fix_first.is_dependency(finding):
        return {"package": "", "installed_version": "", "fixed_version": "", "advisory_ids": ""}
    props = finding.properties
    aliases = props.get("aliases")
    ids = [_text(props.get("advisory")), *(aliases if isinstance(aliases, list) else ())]
    return {
        "package": _text(props.get("package")), "installed_version": _text(props.get("version")),
        "fixed_version": ";".join(fix_first.fixed_versions(finding)),
        "advisory_ids": ";".join(dict.fromkeys(i for i in ids if isinstance(i, str) and i)),
    }  # fmt: skip


def row(finding: Finding) -> list[str]:
    values: dict[str, object] = {
        "severity": finding.severity, "tool": finding.tool, "rule_id": finding.rule_id,
        "rule_name": finding.rule_name, "message": finding.message, "path": finding.path,
        "line": finding.line or "", "stage": finding.stage, "category": finding.category,
        "cwe": ";".join(finding.cwe), "owasp": ";".join(finding.owasp), "suppressed": finding.suppressed,
        "suppression": finding.suppression, "baseline_state": finding.baseline_state,
        "fingerprint": finding.fingerprint, "help_uri": finding.help_uri,
        **_dependency(finding), "fix": fix_first.fix_for(finding),
    }  # fmt: skip
    return [cell(values[column]) for column in COLUMNS]


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(f) for f in fix_first.ordered(report.findings))
    return buffer.getvalue()


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), encoding="utf-8-sig", newline="")
    return path
