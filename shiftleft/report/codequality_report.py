"""gl-code-quality-report.json: GitLab Code Quality (a subset of the Code Climate issue
format), uploaded with ``artifacts:reports:codequality`` and shown in the merge request's
Code Quality widget and the changed lines of its diff.

GitLab documents the fields it requires of each issue: ``description``, ``check_name``,
``fingerprint`` (unique, stable across pipelines: GitLab compares the branch's issues with
the target branch's by it), ``severity`` (``info``, ``minor``, ``major``, ``critical``,
``blocker``), ``location.path`` (relative to the repository root) and
``location.lines.begin``. We add ``type``, ``engine_name`` and ``categories`` from the Code
Climate format.

The file is a bare array, with no place for scanner health, so a scanner that was not
assessed (failed, missing, timed out) is one issue of its own (``check_name``
``shiftleft/not-assessed``, severity ``critical``, at the repository root ``.``): an empty
file must never read as "no problems" when a scanner did not run. Waived and suppressed
findings are left out (Code Quality cannot mark one accepted); a finding with no file in
the repository (an image finding on its ``image/<name>`` stand-in) has no line to
annotate and is left out too; both stay in shiftleft.sarif and in the GitLab security
reports.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from shiftleft.model import Finding, Report, ScannerStatus
from shiftleft.report import native
from shiftleft.safe_text import one_line

SEVERITY = {"critical": "blocker", "high": "critical", "medium": "major", "low": "minor", "info": "info"}
DESCRIPTION_MAX = 4000
NOT_ASSESSED_CHECK = "shiftleft/not-assessed"
#: the location of an issue that concerns the whole scan, not a file
ROOT = "."


def issue(f: Finding, path: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": one_line(f.rule_id or "unknown-rule", 255),
        "description": native.text(f.message or f.rule_name, DESCRIPTION_MAX),
        "fingerprint": native.finding_key(f),
        "severity": SEVERITY.get(f.severity, "major"),
        "engine_name": one_line(f.tool or "shiftleft", 100),
        "categories": ["Security"],
        "location": {"path": path, "lines": {"begin": max(f.line, 1)}},
    }


def not_assessed_issue(s: ScannerStatus) -> dict[str, Any]:
    key = "\0".join(("not-assessed", s.name, s.stage))
    return {
        "type": "issue",
        "check_name": NOT_ASSESSED_CHECK,
        "description": native.status_line(s),
        "fingerprint": hashlib.sha256(key.encode()).hexdigest()[:32],
        "severity": "critical",
        "engine_name": "shiftleft",
        "categories": ["Security"],
        "location": {"path": ROOT, "lines": {"begin": 1}},
    }


def document(report: Report) -> list[dict[str, Any]]:
    out = [not_assessed_issue(s) for s in native.not_assessed(report.statuses)]
    seen = {i["fingerprint"] for i in out}
    for f in native.shown_findings(report.findings):
        path = native.repo_file(f)
        if path is None:
            continue
        item = issue(f, path)
        if item["fingerprint"] in seen:  # one fingerprint, one issue: GitLab would merge them
            item["fingerprint"] = hashlib.sha256(f"{item['fingerprint']}\0{len(out)}".encode()).hexdigest()[:32]
        seen.add(item["fingerprint"])
        out.append(item)
    return out


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), "utf-8")
    return path
