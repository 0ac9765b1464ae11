"""Rule levels consistent with their results, driver informationUri, checkov help links:
what SonarQube, DefectDojo and GitHub read from a rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import sarif_om

from shiftleft.sarif import build
from shiftleft.sarif.normalize import RunInfo, normalize_run
from shiftleft.scanners import checkov
from shiftleft.scanners.registry import discover
from tests.helpers import FakeScanner, make_run, result_dict, target_for


class Mapped(FakeScanner):
    severity_map: ClassVar[str | None] = "bandit"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        return str((result.properties or {}).get("issue_severity", "LOW"))


def _normalize(tmp_path: Path, results: list[dict], rules: list[dict] | None = None) -> sarif_om.Run:
    (tmp_path / "a.py").write_text("x = 1\n" * 10)
    info = RunInfo("fake", "code", "sast", "ok", None, 0.1, "1.0")
    return normalize_run(make_run(results, rules), Mapped(), info, target_for(tmp_path))


def _levels(run: sarif_om.Run) -> dict[str, str]:
    return {r.id: r.default_configuration.level for r in run.tool.driver.rules}


def test_every_rule_gets_the_most_severe_level_of_its_results(tmp_path: Path) -> None:
    results = [
        result_dict("B1", "a.py", 1, properties={"issue_severity": "LOW"}),
        result_dict("B1", "a.py", 2, properties={"issue_severity": "HIGH"}),
        result_dict("B2", "a.py", 3, properties={"issue_severity": "MEDIUM"}),
    ]
    tool_rules = [{"id": "B1", "defaultConfiguration": {"level": "note"}}, {"id": "B3"}]  # B3: no result
    run = _normalize(tmp_path, results, tool_rules)
    levels = _levels(run)
    assert levels["B1"] == "error" and levels["B2"] == "warning" and levels["B3"] in ("error", "warning", "note")
    assert [r.level for r in run.results] == ["note", "error", "warning"]  # a milder result says its own level
    by_id = {r.id: r for r in run.tool.driver.rules}
    for res in run.results:  # never milder than any result of the rule
        rank = {"error": 0, "warning": 1, "note": 2}
        assert rank[by_id[res.rule_id].default_configuration.level] <= rank[res.level]


def test_a_tool_rule_saying_error_for_note_results_is_corrected(tmp_path: Path) -> None:
    # checkov's rules all say "error"; its results are mapped to note/warning by policy
    run = _normalize(tmp_path, [result_dict("C1", "a.py", 1, properties={"issue_severity": "LOW"})],
                     [{"id": "C1", "defaultConfiguration": {"level": "error", "rank": 5.0}}])  # fmt: skip
    rule = run.tool.driver.rules[0]
    assert rule.default_configuration.level == run.results[0].level == "note"
    assert rule.default_configuration.rank == 5.0  # the rest of the tool's configuration kept


def test_levels_are_written_even_at_the_schema_default(tmp_path: Path) -> None:
    from shiftleft.sarif import om

    run = _normalize(tmp_path, [result_dict("B2", "a.py", 3, properties={"issue_severity": "MEDIUM"})])
    data = json.loads(json.dumps(om.to_dict(run)))
    assert data["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "warning"


def test_every_built_in_scanner_and_shiftleft_itself_has_an_information_uri() -> None:
    missing = [name for name, cls in discover().items() if not cls.information_uri]
    assert not missing
    assert build.SHIFTLEFT_URI.startswith("https://")


def test_checkov_rules_link_to_their_documentation() -> None:
    run = make_run([], [{"id": "CKV_K8S_12"}, {"id": "CKV_AWS_24"}, {"id": "CKV_DOCKER_2"}, {"id": "CKV_GHA_1"},
                        {"id": "CKV_X", "helpUri": "https://example.org/x"}])  # fmt: skip
    checkov.link_rules(run, {"CKV_AWS_24": "https://docs.example.org/aws-24"})
    links = {r.id: r.help_uri for r in run.tool.driver.rules}
    assert links == {
        "CKV_K8S_12": "https://www.checkov.io/5.Policy%20Index/kubernetes.html",
        "CKV_AWS_24": "https://docs.example.org/aws-24",
        "CKV_DOCKER_2": "https://www.checkov.io/5.Policy%20Index/dockerfile.html",
        "CKV_GHA_1": "https://www.checkov.io/5.Policy%20Index/github_actions.html",
        "CKV_X": "https://example.org/x",
    }


def test_checkov_guidelines_are_read_from_its_json_and_checked(tmp_path: Path) -> None:
    report = [{"check_type": "terraform", "results": {"failed_checks": [
        {"check_id": "CKV_AWS_1", "guideline": "https://docs.example.org/aws-1"},
        {"check_id": "CKV_AWS_2", "guideline": "javascript:alert(1)"},
        {"check_id": "CKV_AWS_3", "guideline": "https://x\n\x1b[31m"},
        {"check_id": "CKV_AWS_4", "guideline": None},
    ]}}, {"check_type": "kubernetes", "results": None}]  # fmt: skip
    path = tmp_path / "results_json.json"
    path.write_text(json.dumps(report))
    assert checkov.guidelines(path) == {"CKV_AWS_1": "https://docs.example.org/aws-1"}
    assert checkov.guidelines(tmp_path / "missing.json") == {}
