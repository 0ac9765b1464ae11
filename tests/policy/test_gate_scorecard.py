"""gate.py and scorecard.py over hand-made findings and scanner statuses."""

from __future__ import annotations

import pytest

from shiftleft.config import GateConfig
from shiftleft.errors import EXIT_GATE_FAILED, EXIT_INCOMPLETE, EXIT_PASS
from shiftleft.policy.gate import evaluate
from shiftleft.scorecard import category_score, compute, grade_for
from tests.helpers import finding, status

OK = [status("semgrep"), status("detect-secrets", category="secrets")]


def rules_by_id(result) -> dict:
    return {r.id: r for r in result.rules}


# --- gate ----------------------------------------------------------------------------


def test_gate_passes_with_nothing() -> None:
    result = evaluate([], OK, GateConfig())
    assert result.passed
    assert result.exit_code == EXIT_PASS
    assert [r.id for r in result.rules] == ["no-high-or-above", "no-secrets", "required-scanners-ran", "coverage"]


def test_gate_fails_on_high_finding() -> None:
    result = evaluate([finding("high"), finding("low")], OK, GateConfig())
    assert not result.passed
    assert result.exit_code == EXIT_GATE_FAILED
    rule = rules_by_id(result)["no-high-or-above"]
    assert not rule.passed
    assert rule.detail == "1 finding(s) at or above high"


def test_gate_fails_on_critical_too_and_passes_on_medium() -> None:
    assert evaluate([finding("critical")], OK, GateConfig()).exit_code == EXIT_GATE_FAILED
    assert evaluate([finding("medium")], OK, GateConfig()).exit_code == EXIT_PASS


def test_suppressed_finding_does_not_fail() -> None:
    result = evaluate([finding("critical", suppressed=True)], OK, GateConfig())
    assert result.passed
    assert result.exit_code == EXIT_PASS


def test_fail_on_threshold() -> None:
    assert evaluate([finding("medium")], OK, GateConfig(fail_on="medium")).exit_code == EXIT_GATE_FAILED
    assert evaluate([finding("high")], OK, GateConfig(fail_on="critical")).exit_code == EXIT_PASS
    assert rules_by_id(evaluate([], OK, GateConfig(fail_on="low")))["no-low-or-above"].passed


def test_secret_fails_even_when_low() -> None:
    result = evaluate([finding("low", category="secrets")], OK, GateConfig())
    assert result.exit_code == EXIT_GATE_FAILED
    assert rules_by_id(result)["no-secrets"].detail == "1 secret(s) found"
    assert evaluate([finding("low", category="secrets")], OK, GateConfig(fail_on_secrets=False)).passed
    assert evaluate([finding("low", category="secrets", suppressed=True)], OK, GateConfig()).passed


@pytest.mark.parametrize("bad", ["timeout", "failed", "missing"])
def test_required_scanner_not_run_is_incomplete(bad: str) -> None:
    statuses = [status("semgrep"), status("bandit", bad, reason="why")]
    result = evaluate([finding("medium")], statuses, GateConfig())
    assert not result.passed
    assert result.exit_code == EXIT_INCOMPLETE
    rule = rules_by_id(result)["required-scanners-ran"]
    assert rule.kind == "coverage"
    assert rule.detail == f"not assessed: bandit ({bad})"


def test_failed_finding_wins_over_incomplete() -> None:
    statuses = [status("semgrep"), status("bandit", "timeout")]
    assert evaluate([finding("high")], statuses, GateConfig()).exit_code == EXIT_GATE_FAILED


def test_not_applicable_disabled_and_optional_scanners_do_not_count() -> None:
    statuses = [
        status("semgrep"),
        status("checkov", "not-applicable", required=False, stage="deploy", category="iac"),
        status("trivy", "disabled", required=False),
        status("optional", "failed", required=False),
    ]
    result = evaluate([], statuses, GateConfig())
    assert result.passed
    assert result.exit_code == EXIT_PASS


def test_required_scanners_rule_can_be_turned_off() -> None:
    statuses = [status("bandit", "timeout"), status("semgrep")]
    result = evaluate([], statuses, GateConfig(require_scanners=False))
    assert result.exit_code == EXIT_PASS
    assert "required-scanners-ran" not in rules_by_id(result)
    # but a scan in which nothing at all was assessed never passes
    nothing = evaluate([], [status("bandit", "timeout")], GateConfig(require_scanners=False))
    assert nothing.exit_code == EXIT_INCOMPLETE


# --- scorecard -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severities", "score"),
    [
        ([], 100.0),
        (["critical"], 75.0),
        (["high"], 90.0),
        (["medium"], 97.0),
        (["low"], 99.0),
        (["info"], 100.0),
        (["critical", "high", "medium", "low", "info"], 61.0),
        (["critical"] * 5, 0.0),
        (["critical"] * 9, 0.0),
    ],
)
def test_category_score_weights(severities: list[str], score: float) -> None:
    assert category_score([finding(s) for s in severities]) == score


def test_suppressed_findings_do_not_lower_the_score() -> None:
    assert category_score([finding("critical", suppressed=True), finding("high")]) == 90.0


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, "A"), (90, "A"), (89.9, "B"), (80, "B"), (70, "C"), (60, "D"), (59.9, "F"), (None, "N/A")],
)
def test_grades(score: float | None, grade: str) -> None:
    assert grade_for(score) == grade


def test_all_assessed_overall_is_mean_of_categories() -> None:
    statuses = [status("semgrep"), status("detect-secrets", category="secrets")]
    card = compute([finding("high"), finding("medium", category="secrets")], statuses)
    assert card.overall.state == "assessed"
    assert card.overall.coverage == 1.0
    # weighted by what was found: (90 x 1.4 + 97 x 1.12) / 2.52 (weights 1 + penalty / 25)
    assert card.overall.score == 93.1
    assert card.overall.grade == "A"
    assert card.overall.counts == {"critical": 0, "high": 1, "medium": 1, "low": 0, "info": 0}
    cats = {a.name: a for a in card.categories}
    assert (cats["sast"].score, cats["secrets"].score) == (90.0, 97.0)


def test_stage_whose_only_scanner_failed_is_not_assessed() -> None:
    statuses = [
        status("semgrep"),
        status("checkov", "failed", stage="deploy", category="iac", reason="crashed"),
    ]
    card = compute([finding("low")], statuses)
    stages = {a.name: a for a in card.stages}
    deploy = stages["deploy"]
    assert deploy.state == "not-assessed"
    assert deploy.score is None
    assert deploy.grade == "N/A"
    assert deploy.coverage == 0.0
    assert deploy.scanners_not_run == ("checkov",)
    assert deploy.scanners_ran == ()
    iac = {a.name: a for a in card.categories}["iac"]
    assert (iac.state, iac.score, iac.grade) == ("not-assessed", None, "N/A")
    # code stays scored; overall is lowered by the coverage (1 of 2 scanners ran)
    assert stages["code"].score == 99.0
    assert card.overall.state == "partial"
    assert card.overall.coverage == 0.5
    assert card.overall.score == 49.5
    assert card.overall.grade == "F"


def test_nothing_assessed_is_never_a_clean_a() -> None:
    card = compute([], [status("semgrep", "timeout"), status("bandit", "missing")])
    assert card.overall.state == "not-assessed"
    assert card.overall.score is None
    assert card.overall.grade == "N/A"
    assert card.stages[0].grade == "N/A"


def test_partial_coverage_lowers_score() -> None:
    full = compute([], [status("semgrep"), status("bandit")])
    partial = compute([], [status("semgrep"), status("bandit", "timeout")])
    assert full.overall.score == 100.0
    assert partial.overall.score == 50.0
    code = partial.stages[0]
    assert code.state == "partial"
    assert code.score == 50.0
    assert code.scanners_ran == ("semgrep",)
    assert code.scanners_not_run == ("bandit",)


def test_not_applicable_scanners_do_not_lower_coverage() -> None:
    statuses = [status("semgrep"), status("checkov", "not-applicable", stage="deploy", category="iac")]
    card = compute([], statuses)
    assert card.overall.coverage == 1.0
    assert card.overall.score == 100.0
    deploy = {a.name: a for a in card.stages}["deploy"]
    assert deploy.state == "not-applicable"
    assert deploy.grade == "N/A"


def test_findings_of_a_not_assessed_category_do_not_score() -> None:
    """A failed run has no results, but if findings ever carried its category they must not
    produce a score for an area no scanner assessed."""
    statuses = [status("semgrep"), status("checkov", "timeout", stage="deploy", category="iac")]
    card = compute([finding("critical", stage="deploy", category="iac")], statuses)
    assert {a.name: a for a in card.stages}["deploy"].score is None
    assert card.overall.score == 50.0  # 100 (sast) x 1/2 coverage
