"""hadolint and checkov on the same Dockerfile line: one result kept (checkov's), the other
recorded on it; nothing removed when the lines, stages or suppression states differ."""

from __future__ import annotations

from typing import Any

import sarif_om

from shiftleft import severity as sev
from shiftleft.sarif import dedup, om
from tests.helpers import result_dict, run_dict


def _run(scanner: str, stage: str, results: list[dict[str, Any]]) -> sarif_om.Run:
    """A run as normalize_run leaves it: the scanner's health, severities on results."""
    for r in results:
        r.setdefault("properties", {}).setdefault("severity", "medium")
        r["properties"].setdefault("security-severity", "5.5")
        r.setdefault("fingerprints", {"shiftleft/v1": f"fp-{scanner}-{r['ruleId']}"})
    rules = [{"id": r["ruleId"], "properties": {"security-severity": r["properties"]["security-severity"]}}
             for r in results]  # fmt: skip
    run = om.run_from_dict(run_dict(results, rules, name=scanner))
    for i, res in enumerate(run.results):
        res.rule_index = i
    run.properties = {"shiftleft": {"scanner": scanner, "stage": stage, "status": "ok"}}
    return run


def test_same_problem_same_line_keeps_checkovs_result_and_records_hadolints() -> None:
    checkov = _run("checkov-dockerfile", "build", [result_dict("CKV_DOCKER_7", "Dockerfile", 1, "latest tag"),
                                                   result_dict("CKV_DOCKER_2", "Dockerfile", 1, "no healthcheck")])
    hadolint = _run("hadolint", "build", [result_dict("DL3007", "Dockerfile", 1, "Using latest"),
                                          result_dict("DL3008", "Dockerfile", 3, "pin versions")])  # fmt: skip
    removed = dedup.deduplicate([checkov, hadolint])
    assert removed == {("hadolint", "build"): 1}
    assert [r.rule_id for r in hadolint.results] == ["DL3008"]
    assert [r.rule_id for r in checkov.results] == ["CKV_DOCKER_7", "CKV_DOCKER_2"]
    (also,) = checkov.results[0].properties["alsoReportedBy"]
    assert also == {"tool": "hadolint", "ruleId": "DL3007", "message": "Using latest", "severity": "medium",
                    "security-severity": "5.5", "fingerprint": "fp-hadolint-DL3007"}  # fmt: skip
    assert hadolint.properties["shiftleft"]["deduplicated"] == {"DL3007": 1}


def test_other_line_file_stage_or_suppression_state_keeps_both() -> None:
    def pair(h_uri: str, h_line: int, h_stage: str = "build", suppressed: bool = False) -> int:
        checkov = _run("checkov-dockerfile", "build", [result_dict("CKV_DOCKER_8", "Dockerfile", 5)])
        extra = {"suppressions": [{"kind": "inSource", "justification": "# hadolint ignore"}]} if suppressed else {}
        hadolint = _run("hadolint", h_stage, [result_dict("DL3002", h_uri, h_line, **extra)])
        dedup.deduplicate([checkov, hadolint])
        return len(hadolint.results)

    assert pair("Dockerfile", 5) == 0
    assert pair("Dockerfile", 6) == 1
    assert pair("other/Dockerfile", 5) == 1
    assert pair("Dockerfile", 5, "deploy") == 1
    assert pair("Dockerfile", 5, suppressed=True) == 1


def test_nothing_removed_when_only_one_tool_ran_or_the_rule_is_not_a_pair() -> None:
    hadolint = _run("hadolint", "build", [result_dict("DL3007", "Dockerfile", 1)])
    assert dedup.deduplicate([hadolint]) == {}
    checkov = _run("checkov-dockerfile", "build", [result_dict("CKV_DOCKER_7", "Dockerfile", 1)])
    other = _run("hadolint", "build", [result_dict("DL3006", "Dockerfile", 1)])
    assert dedup.deduplicate([checkov, other]) == {} and len(other.results) == 1
    # the same rule ids from another scanner are not a pair
    plugin = _run("my-linter", "build", [result_dict("DL3007", "Dockerfile", 1)])
    assert dedup.deduplicate([checkov, plugin]) == {}


def test_a_more_severe_dropped_result_raises_the_kept_one() -> None:
    checkov = _run("checkov-dockerfile", "build", [result_dict("CKV_DOCKER_4", "Dockerfile", 2,
                                                               properties={"severity": "low",
                                                                           "security-severity": "2.0"})])
    hadolint = _run("hadolint", "build", [result_dict("DL3020", "Dockerfile", 2,
                                                      properties={"severity": "high", "security-severity": "8.0"})])
    dedup.deduplicate([checkov, hadolint])
    kept = checkov.results[0]
    assert kept.properties["severity"] == "high" and kept.properties["security-severity"] == "8.0"
    assert kept.level == "error"
    assert checkov.tool.driver.rules[0].properties["security-severity"] == "8.0"


def test_two_dropped_results_on_one_kept_result() -> None:
    checkov = _run("checkov-dockerfile", "build", [result_dict("CKV_DOCKER_7", "Dockerfile", 1)])
    twice = [result_dict("DL3007", "Dockerfile", 1), result_dict("DL3007", "Dockerfile", 1)]
    hadolint = _run("hadolint", "build", twice)
    assert dedup.deduplicate([checkov, hadolint]) == {("hadolint", "build"): 2}
    assert len(checkov.results[0].properties["alsoReportedBy"]) == 2


def test_pairs_have_the_same_severity_in_both_maps() -> None:
    """So the kept result is as severe whichever tool reported it."""
    checkov, hadolint = sev.map_for("checkov"), sev.map_for("hadolint")
    for pair in dedup.EQUIVALENT:
        assert pair.kept_scanner == "checkov-dockerfile" and pair.dropped_scanner == "hadolint"
        kept = checkov.rules.get(pair.kept_rule, checkov.default)
        dropped = hadolint.rules.get(pair.dropped_rule, hadolint.default)
        assert kept == dropped, (pair, kept, dropped)


def test_linear_in_results() -> None:
    n = 20_000
    many = [result_dict("CKV_DOCKER_7", f"d{i}/Dockerfile", 1) for i in range(n)]
    checkov = _run("checkov-dockerfile", "build", many)
    hadolint = _run("hadolint", "build", [result_dict("DL3007", f"d{i}/Dockerfile", 1) for i in range(n)])
    assert dedup.deduplicate([checkov, hadolint]) == {("hadolint", "build"): n}
