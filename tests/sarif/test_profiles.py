"""sarif/profiles.py: SARIF shaped for GitHub, GitLab, SonarQube, DefectDojo and Azure,
never leaving anything out without saying so."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from shiftleft.sarif import limits, om, orchestrator, profiles
from shiftleft.sarif.profiles import PROFILES, ProfileError, apply, check_profile

WAIVER = {"kind": "external", "status": "accepted", "justification": "accepted: legacy endpoint",
          "properties": {"shiftleft": {"suppressedBy": "waivers", "waiver": "W-1", "owner": "sec",
                                       "expires": "2027-01-01"}}}  # fmt: skip
INLINE = {"kind": "inSource", "status": "accepted", "justification": "nosec: test fixture"}


def result(rule: str, level: str, uri: str | None = "app.py", **extra: Any) -> dict[str, Any]:
    locations = ([{"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                        "region": {"startLine": 3}}}] if uri else [])  # fmt: skip
    return {"ruleId": rule, "level": level, "message": {"text": f"{rule} here"}, "locations": locations,
            "partialFingerprints": {"primaryLocationLineHash": "abc:1"}, **extra}  # fmt: skip


def tool_run(name: str, stage: str, results: list[dict[str, Any]], rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tool": {"driver": {"name": name, "version": "1.0", "informationUri": "https://example.org/", "rules": rules}},
        "results": results,
        "automationDetails": {"id": f"shiftleft/{stage}/{name}/"},
        "invocations": [{"executionSuccessful": True}],
        "properties": {"shiftleft": {"scanner": name, "stage": stage, "category": "iac", "status": "ok"}},
    }


def rule(rule_id: str, level: str | None = None, score: str = "5.0", tags: int = 1) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule_id, "shortDescription": {"text": rule_id}, "fullDescription": {"text": rule_id},
        "help": {"text": rule_id}, "properties": {"security-severity": score, "tags": [f"t{i}" for i in range(tags)]},
    }  # fmt: skip
    if level:
        out["defaultConfiguration"] = {"level": level}
    return out


def make_log() -> dict[str, Any]:
    shiftleft_run = {
        "tool": {"driver": {"name": "shiftleft", "version": "0.1", "informationUri": "https://shiftleft.invalid/"}},
        "results": [],
        "automationDetails": {"id": orchestrator.ORCHESTRATOR_ID},
        "invocations": [{"executionSuccessful": True}],
        "properties": {"shiftleft": {"scanner": "shiftleft", "stage": "all", "category": "orchestrator",
                                     "status": "ok"}},
    }  # fmt: skip
    return {
        "$schema": om.SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            tool_run("checkov", "build", [result("CKV_DOCKER_2", "note", "Dockerfile")], [rule("CKV_DOCKER_2")]),
            tool_run("checkov", "deploy", [result("CKV_K8S_1", "warning", "k8s.yaml")], [rule("CKV_K8S_1")]),
            tool_run("bandit", "code", [
                result("B602", "error", suppressions=[WAIVER]),
                result("B101", "note", suppressions=[INLINE]),
                result("B105", "warning", uri=None),
            ], [rule("B602", tags=25), rule("B101"), rule("B105", score="2.0")]),
            shiftleft_run,
        ],
        "properties": {"shiftleft": {"version": "0.1", "scanners": []}},
    }


def runs_of(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in log["runs"] if not orchestrator.is_orchestrator(r)]


def schema() -> dict[str, Any]:
    return om.sarif_schema()


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_is_schema_valid_records_itself_and_keeps_the_input(profile: str) -> None:
    log = make_log()
    before = copy.deepcopy(log)
    shaped = apply(log, profile)
    assert log == before  # a copy: shiftleft.sarif stays complete
    jsonschema.validate(shaped.log, schema())
    assert shaped.log["properties"]["shiftleft"]["sarifProfile"] == profile
    recorded = orchestrator.find(shaped.log)["properties"]["shiftleft"]["sarifProfile"]  # type: ignore[index]
    assert recorded == {"name": profile, "changes": list(shaped.changes)}
    for run in runs_of(shaped.log):
        for r in run["tool"]["driver"]["rules"]:
            assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert all(res["level"] in ("error", "warning", "note") for res in run["results"])


def test_rule_levels_are_filled_from_results_then_scores() -> None:
    log = make_log()
    runs_of(log)[2]["tool"]["driver"]["rules"].append(rule("B999", score="8.1"))
    shaped = apply(log, "sonarqube").log
    levels = {r["id"]: r["defaultConfiguration"]["level"] for run in runs_of(shaped)
              for r in run["tool"]["driver"]["rules"]}  # fmt: skip
    assert levels["B602"] == "error" and levels["CKV_DOCKER_2"] == "note" and levels["B999"] == "error"
    assert levels["B105"] == "warning"  # its one result is a warning (its score says note)


def test_a_rule_level_already_set_is_kept() -> None:
    log = make_log()
    runs_of(log)[0]["tool"]["driver"]["rules"][0]["defaultConfiguration"] = {"level": "warning"}
    shaped = apply(log, "azure").log
    assert runs_of(shaped)[0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "warning"


def test_defectdojo_distinct_driver_names_per_stage() -> None:
    shaped = apply(make_log(), "defectdojo")
    names = [r["tool"]["driver"]["name"] for r in runs_of(shaped.log)]
    assert names == ["checkov (build)", "checkov (deploy)", "bandit (code)"]
    assert orchestrator.find(shaped.log)["tool"]["driver"]["name"] == "shiftleft"  # type: ignore[index]
    assert any("DefectDojo" in c for c in shaped.changes)
    again = apply(shaped.log, "defectdojo").log  # idempotent: no "checkov (build) (build)"
    assert [r["tool"]["driver"]["name"] for r in runs_of(again)] == names


def test_defectdojo_reads_a_waiver_as_accepted_risk_and_an_inline_ignore_as_false_positive() -> None:
    shaped = apply(make_log(), "defectdojo").log
    waived, inline, _ = runs_of(shaped)[2]["results"]
    assert "suppressions" not in waived  # DefectDojo: any suppression is a false positive
    assert waived["properties"]["riskAccepted"][0]["waiver"] == "W-1"
    assert waived["properties"]["riskAccepted"][0]["justification"] == WAIVER["justification"]
    assert inline["suppressions"] == [INLINE]


@pytest.mark.parametrize("profile", ["sonarqube", "gitlab"])
def test_results_without_a_physical_location_are_left_out_and_said(profile: str) -> None:
    shaped = apply(make_log(), profile)
    bandit = runs_of(shaped.log)[2]
    assert [r["ruleId"] for r in bandit["results"]] == ["B602", "B101"]
    assert shaped.cut and any("left out 1 result" in c for c in shaped.changes)
    notes = orchestrator.find(shaped.log)["invocations"][0]["toolExecutionNotifications"]  # type: ignore[index]
    assert any("left out 1 result" in n["message"]["text"] for n in notes)


def test_github_caps_tags_locations_and_repeated_categories() -> None:
    log = make_log()
    many = result("B602", "error")
    many["locations"] = many["locations"] * (profiles.MAX_LOCATIONS_PER_RESULT + 5)
    runs_of(log)[2]["results"].append(many)
    log["runs"].insert(1, copy.deepcopy(log["runs"][0]))  # the same tool and category twice
    shaped = apply(log, "github")
    bandit = next(r for r in runs_of(shaped.log) if r["tool"]["driver"]["name"] == "bandit")
    assert len(bandit["tool"]["driver"]["rules"][0]["properties"]["tags"]) == profiles.MAX_TAGS_PER_RULE
    assert len(bandit["results"][-1]["locations"]) == profiles.MAX_LOCATIONS_PER_RESULT
    ids = [r["automationDetails"]["id"] for r in shaped.log["runs"]]
    assert len(ids) == len(set(ids))
    text = " ".join(shaped.changes)
    assert "5 rule tag(s)" in text and "5 location(s)" in text and "repeated" in text
    assert shaped.cut


def test_github_results_cap_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_RESULTS_PER_RUN", 1)
    shaped = apply(make_log(), "github")
    assert all(len(r["results"]) <= 1 for r in runs_of(shaped.log))
    assert any("least severe" in c for c in shaped.changes)
    notes = orchestrator.find(shaped.log)["invocations"][0]["toolExecutionNotifications"]  # type: ignore[index]
    assert any("shaped for github" in n["message"]["text"] for n in notes)


def test_a_bad_context_region_in_a_log_read_back_is_dropped() -> None:
    log = make_log()
    physical = runs_of(log)[0]["results"][0]["locations"][0]["physicalLocation"]
    physical["contextRegion"] = {"startLine": 4, "endLine": 9}  # starts below the region's line 3
    shaped = apply(log, "azure")
    assert "contextRegion" not in runs_of(shaped.log)[0]["results"][0]["locations"][0]["physicalLocation"]
    assert any("contextRegion" in c for c in shaped.changes)


def test_check_profile() -> None:
    assert check_profile(None) is None
    assert check_profile("GitHub") == "github"
    with pytest.raises(ProfileError) as exc:
        check_profile("jira")
    assert exc.value.exit_code == 2


def test_profile_file_names_are_distinct_and_beside_the_log() -> None:
    assert len(set(profiles.FILE_NAMES)) == len(PROFILES)
    assert profiles.file_name("github") == limits.GITHUB_FILE_NAME


def test_write_reports_writes_the_profile_copy_and_its_notices(tmp_path: Path) -> None:
    from shiftleft.report import write_reports
    from shiftleft.report.model import assemble_report

    log = make_log()
    report = assemble_report(json.loads(json.dumps(log))).report
    notices: list[str] = []
    written = write_reports(report, ["json"], tmp_path, sarif_profile="sonarqube", notices=notices)
    assert [p.name for p in written] == ["scorecard.json", "shiftleft.sonarqube.sarif"]
    assert not (tmp_path / "shiftleft.sarif").exists()  # only the formats asked for, and the profile's copy
    shaped = json.loads((tmp_path / "shiftleft.sonarqube.sarif").read_text())
    assert shaped["properties"]["shiftleft"]["sarifProfile"] == "sonarqube"
    assert any(n.startswith("shiftleft.sonarqube.sarif: left out 1 result") for n in notices)
