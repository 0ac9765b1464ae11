"""SonarQube generic external issues (10.3+ format): the fields Sonar's documentation
requires, of the documented values; every issue's rule is in ``rules``, once; waived
findings and paths outside the repository are left out; no secret value."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from shiftleft.report import FORMATS, sonarqube_report
from tests.helpers import report_of, status
from tests.report.conftest import full_report
from tests.report.native_cases import assert_safe, findings, mixed_report

CLEAN_CODE_ATTRIBUTES = {
    "FORMATTED",
    "CONVENTIONAL",
    "IDENTIFIABLE",
    "CLEAR",
    "LOGICAL",
    "COMPLETE",
    "EFFICIENT",
    "FOCUSED",
    "DISTINCT",
    "MODULAR",
    "TESTED",
    "LAWFUL",
    "TRUSTWORTHY",
    "RESPECTFUL",
}
SOFTWARE_QUALITIES = {"SECURITY", "RELIABILITY", "MAINTAINABILITY"}
#: impact severities every server since 10.3 accepts (BLOCKER and INFO only from 10.8)
IMPACT_SEVERITIES = {"HIGH", "MEDIUM", "LOW"}
LEGACY_SEVERITIES = {"BLOCKER", "CRITICAL", "MAJOR", "MINOR", "INFO"}


def check_documented_fields(doc: dict[str, Any]) -> None:
    assert set(doc) == {"rules", "issues"}
    ids = [r["id"] for r in doc["rules"]]
    assert len(set(ids)) == len(ids)
    for r in doc["rules"]:
        for key in ("id", "name", "description", "engineId"):
            assert isinstance(r[key], str) and r[key], key
        assert len(r["id"]) <= 200 and len(r["name"]) <= 200
        assert r["cleanCodeAttribute"] in CLEAN_CODE_ATTRIBUTES
        assert r["type"] in {"BUG", "VULNERABILITY", "CODE_SMELL"} and r["severity"] in LEGACY_SEVERITIES
        assert r["impacts"] and all(
            i["softwareQuality"] in SOFTWARE_QUALITIES and i["severity"] in IMPACT_SEVERITIES for i in r["impacts"]
        )
    for issue in doc["issues"]:
        assert issue["ruleId"] in ids
        loc = issue["primaryLocation"]
        assert isinstance(loc["message"], str) and loc["message"] and len(loc["message"]) <= 4000
        assert isinstance(loc["filePath"], str) and loc["filePath"] and not loc["filePath"].startswith("/")
        assert ".." not in loc["filePath"].split("/")
        if "textRange" in loc:
            assert isinstance(loc["textRange"]["startLine"], int) and loc["textRange"]["startLine"] >= 1


def test_the_documented_fields_on_every_rule_and_issue(tmp_path: Path) -> None:
    for report in (mixed_report(), full_report()):
        path = FORMATS["sonarqube"][1](report, tmp_path / FORMATS["sonarqube"][0])
        text = path.read_text("utf-8")
        check_documented_fields(json.loads(text))
        assert_safe(text)


def test_counts_and_severities() -> None:
    doc = sonarqube_report.document(mixed_report())
    assert len(doc["issues"]) == 9  # 12 findings - 1 waived - 1 outside the repository - 1 on image/<name>
    rules = {r["id"]: r for r in doc["rules"]}
    assert "B105" not in rules
    assert rules["detect-secrets/github-token"]["impacts"] == [{"softwareQuality": "SECURITY", "severity": "HIGH"}]
    assert rules["detect-secrets/github-token"]["severity"] == "BLOCKER"
    assert rules["DL3002"]["impacts"][0]["severity"] == "LOW" and rules["DL3002"]["engineId"] == "hadolint"
    sqli = next(i for i in doc["issues"] if i["ruleId"] == "shiftleft.python.sql-injection-string-format")
    assert sqli["primaryLocation"] == {
        "message": "SQL built with string formatting",
        "filePath": "app/db.py",
        "textRange": {"startLine": 9},
    }
    assert "(https://example.org/rules/sqli)" in rules["shiftleft.python.sql-injection-string-format"]["description"]


def test_one_rule_id_of_two_tools_becomes_two_rules_and_a_rule_takes_its_worst_severity() -> None:
    base = findings()[0]
    same_id = [
        replace(base, tool="semgrep", severity="low"),
        replace(base, tool="other", fingerprint="x"),
        replace(base, tool="semgrep", severity="critical", fingerprint="y"),
    ]
    doc = sonarqube_report.document(report_of(same_id, [status("semgrep")]))
    check_documented_fields(doc)
    rules = {r["id"]: r for r in doc["rules"]}
    assert set(rules) == {f"semgrep:{base.rule_id}", f"other:{base.rule_id}"}
    assert rules[f"semgrep:{base.rule_id}"]["severity"] == "BLOCKER"


def test_long_ids_stay_within_sonars_limit_and_distinct() -> None:
    long_a, long_b = "r" * 300 + "a", "r" * 300 + "b"
    doc = sonarqube_report.document(
        report_of(
            [
                replace(findings()[0], rule_id=long_a, fingerprint="a"),
                replace(findings()[0], rule_id=long_b, fingerprint="b"),
            ],
            [],
        )
    )
    check_documented_fields(doc)
    assert len({r["id"] for r in doc["rules"]}) == 2


def test_hostile_message_is_visible_and_cut() -> None:
    issue = next(
        i for i in sonarqube_report.document(mixed_report())["issues"] if i["ruleId"] == "shiftleft.python.eval"
    )
    message = issue["primaryLocation"]["message"]
    assert message.startswith("\\x1b[2J") and "\x1b" not in message and len(message) <= 4000
    assert message.endswith("the full text is in shiftleft.sarif]")
