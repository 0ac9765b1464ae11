"""GitLab Code Quality: every issue has the fields GitLab documents as required, of the
right types; fingerprints are unique and stable; a scanner not assessed is an issue of its
own; waived findings and paths outside the repository are left out; no secret value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shiftleft.report import FORMATS, codequality_report
from tests.helpers import report_of, status
from tests.report.conftest import full_report
from tests.report.native_cases import ESCAPING_PATH, assert_safe, findings, mixed_report

#: GitLab's documented severities of a Code Quality issue
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def check_documented_fields(issue: dict[str, Any]) -> None:
    """The fields GitLab's Code Quality documentation marks required."""
    assert isinstance(issue["description"], str) and issue["description"]
    assert isinstance(issue["check_name"], str) and issue["check_name"]
    assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
    assert issue["severity"] in SEVERITIES
    path = issue["location"]["path"]
    assert isinstance(path, str) and path and not path.startswith("/") and ".." not in path.split("/")
    begin = issue["location"]["lines"]["begin"]
    assert isinstance(begin, int) and begin >= 1


def test_every_issue_has_the_documented_required_fields(tmp_path: Path) -> None:
    for report in (mixed_report(), full_report()):
        path = FORMATS["gitlab-codequality"][1](report, tmp_path / FORMATS["gitlab-codequality"][0])
        assert path.name == "gl-code-quality-report.json"
        text = path.read_text("utf-8")
        issues = json.loads(text)
        assert isinstance(issues, list) and issues
        for issue in issues:
            check_documented_fields(issue)
        fingerprints = [i["fingerprint"] for i in issues]
        assert len(set(fingerprints)) == len(fingerprints)
        assert_safe(text)


def test_counts_severities_and_what_is_left_out() -> None:
    report = mixed_report()
    issues = codequality_report.document(report)
    by_check = {i["check_name"]: i for i in issues}
    # 12 findings - 1 waived - 1 outside the repository - 1 on an image stand-in path + 1 not-assessed scanner
    assert len(issues) == 10
    assert "SL-IMG-001" not in by_check and "CVE-2024-0727" in by_check  # the latter is on the Dockerfile
    assert "B105" not in by_check  # waived
    assert all(i["location"]["path"] != ESCAPING_PATH for i in issues)
    assert by_check["shiftleft.python.sql-injection-string-format"]["severity"] == "critical"
    assert by_check["detect-secrets/github-token"]["severity"] == "blocker"
    assert by_check["DL3002"]["severity"] == "minor"
    assert by_check["shiftleft.python.sql-injection-string-format"]["location"] == {
        "path": "app/db.py",
        "lines": {"begin": 9},
    }


def test_a_scanner_not_assessed_is_an_issue_so_an_empty_file_never_reads_clean() -> None:
    issues = codequality_report.document(report_of([], [status("bandit", "timeout", reason="over 600 s")]))
    assert len(issues) == 1
    check_documented_fields(issues[0])
    assert issues[0]["check_name"] == codequality_report.NOT_ASSESSED_CHECK
    assert issues[0]["description"] == "NOT ASSESSED: bandit (code) timeout: over 600 s; its checks were not made"
    assert codequality_report.document(report_of([], [status("bandit")])) == []


def test_fingerprints_are_stable_across_scans_and_when_lines_move() -> None:
    first = [i["fingerprint"] for i in codequality_report.document(mixed_report())]
    assert first == [i["fingerprint"] for i in codequality_report.document(mixed_report())]
    sqli = findings()[0]
    assert codequality_report.issue(sqli, "app/db.py")["fingerprint"] == sqli.fingerprint


def test_hostile_text_is_visible_and_bounded() -> None:
    evil = next(i for i in codequality_report.document(mixed_report()) if i["check_name"] == "shiftleft.python.eval")
    assert evil["description"].startswith("\\x1b[2J\\x1b]52;c;Y2xpcGJvYXJk\\x07<U+202E>evil")
    assert len(evil["description"]) <= codequality_report.DESCRIPTION_MAX
