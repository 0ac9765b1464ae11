"""sonarqube-issues.json: SonarQube's generic external issue format (the one of SonarQube
Server 10.3 and later and SonarQube Cloud: ``rules`` + ``issues``), imported by the
scanner with ``sonar.externalIssuesReportPaths=sonarqube-issues.json``.

Each rule carries what Sonar's documentation requires: ``id``, ``name``, ``description``,
``engineId`` (the tool), ``cleanCodeAttribute`` and ``impacts`` (software quality
``SECURITY`` with a severity); and the deprecated ``type``/``severity`` pair too, which
Sonar still reads in its Standard Experience mode. Each issue has ``ruleId`` and a
``primaryLocation`` with ``message``, ``filePath`` (relative to ``sonar.projectBaseDir``:
run the Sonar scanner from the repository root) and ``textRange.startLine`` when the
line is known (else the issue is on the file).

Impact severities are ``HIGH`` (critical and high), ``MEDIUM`` and ``LOW`` (low and info):
the values every version since 10.3 accepts (``BLOCKER`` and ``INFO`` exist only from
10.8). A rule's severity is the highest of its findings'. Rule ids are unique in the file:
one id used by two tools is written ``tool:id``.

Sonar attaches an external issue to a file it indexes and skips (with a warning in its log)
one whose file it does not know, and it cannot mark one accepted: waived and suppressed
findings are left out, so are findings with no repository file (an image finding on its
``image/<name>`` stand-in). Scanner health has no place in this format: the scan's exit
status and shiftleft's other reports say what was not assessed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from shiftleft.model import Finding, Report
from shiftleft.report import native
from shiftleft.safe_text import one_line

IMPACT = {"critical": "HIGH", "high": "HIGH", "medium": "MEDIUM", "low": "LOW", "info": "LOW"}
LEGACY_SEVERITY = {"critical": "BLOCKER", "high": "CRITICAL", "medium": "MAJOR", "low": "MINOR", "info": "INFO"}
_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
#: Sonar's column limits: a rule key and name, an issue message
KEY_MAX = 200
NAME_MAX = 200
MESSAGE_MAX = 4000
DESCRIPTION_MAX = 10_000


def _key(value: str) -> str:
    """A rule key or engine id within Sonar's limit; a longer one keeps its start and a
    digest of the whole, so two long ids stay distinct."""
    text = one_line(value or "unknown", 10_000)
    if len(text) <= KEY_MAX:
        return text
    return text[: KEY_MAX - 17] + "~" + hashlib.sha256(text.encode()).hexdigest()[:16]


def rule_ids(findings: list[Finding]) -> dict[tuple[str, str], str]:
    """(tool, rule) -> the rule id written, unique in the file."""
    pairs = sorted({(f.tool, f.rule_id) for f in findings})
    tools_per_rule = Counter(rule for _tool, rule in pairs)
    return {(tool, rule): _key(f"{tool}:{rule}" if tools_per_rule[rule] > 1 else rule) for tool, rule in pairs}


def rule(f: Finding, rule_id: str, severity: str) -> dict[str, Any]:
    description = native.text(f.rule_name or f.rule_id, DESCRIPTION_MAX)
    url = native.http_url(f.help_uri)
    if url:
        description += f" ({url})"
    return {
        "id": rule_id,
        "name": one_line(f.rule_name or f.rule_id or "unknown rule", NAME_MAX),
        "description": description,
        "engineId": _key(f.tool or "shiftleft"),
        "cleanCodeAttribute": "TRUSTWORTHY",
        "type": "VULNERABILITY",
        "severity": LEGACY_SEVERITY.get(severity, "MAJOR"),
        "impacts": [{"softwareQuality": "SECURITY", "severity": IMPACT.get(severity, "MEDIUM")}],
    }


def issue(f: Finding, rule_id: str, path: str) -> dict[str, Any]:
    location: dict[str, Any] = {"message": native.text(f.message or f.rule_name, MESSAGE_MAX), "filePath": path}
    if f.line > 0:
        location["textRange"] = {"startLine": f.line}
    return {"ruleId": rule_id, "primaryLocation": location}


def document(report: Report) -> dict[str, Any]:
    findings = [f for f in native.shown_findings(report.findings) if native.repo_file(f)]
    ids = rule_ids(findings)
    worst: dict[str, Finding] = {}
    for f in findings:
        rid = ids[(f.tool, f.rule_id)]
        if rid not in worst or _RANK.get(f.severity, 2) < _RANK.get(worst[rid].severity, 2):
            worst[rid] = f
    rules = [rule(f, rid, f.severity) for rid, f in sorted(worst.items())]
    issues = [issue(f, ids[(f.tool, f.rule_id)], native.repo_file(f) or "") for f in findings]
    return {"rules": rules, "issues": issues}


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), "utf-8")
    return path
