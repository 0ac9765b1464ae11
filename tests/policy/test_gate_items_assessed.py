"""The items-assessed gate rule and the scorecard's partial state: a scanner that ran but
could not judge some items (unpinned dependencies, no advisory data) never reads as complete."""

from __future__ import annotations

from shiftleft.config import GateConfig
from shiftleft.errors import EXIT_INCOMPLETE, EXIT_PASS
from shiftleft.model import ScannerStatus
from shiftleft.policy.gate import evaluate
from shiftleft.policy.loader import gate_preset
from shiftleft.scorecard import compute


def _statuses(not_assessed: int) -> list[ScannerStatus]:
    return [ScannerStatus("osv", "build", "sca", "ok", True, None, "1", 0.1, 0, not_assessed)]


def test_strict_gate_is_incomplete_when_items_were_not_assessed() -> None:
    result = evaluate([], _statuses(3), GateConfig(), policy=gate_preset("strict"))
    rule = next(r for r in result.rules if r.id == "items-assessed")
    assert not rule.passed and rule.kind == "coverage" and "3 item(s)" in rule.detail
    assert result.exit_code == EXIT_INCOMPLETE


def test_strict_gate_passes_that_rule_when_everything_was_judged() -> None:
    result = evaluate([], _statuses(0), GateConfig(), policy=gate_preset("strict"))
    assert next(r for r in result.rules if r.id == "items-assessed").passed


def test_default_gate_has_no_such_rule_but_the_scorecard_says_partial() -> None:
    result = evaluate([], _statuses(3), GateConfig())
    assert all(r.id != "items-assessed" for r in result.rules)
    assert result.exit_code == EXIT_PASS
    card = compute([], _statuses(3))
    assert card.overall.state == "partial"
    assert compute([], _statuses(0)).overall.state == "assessed"


def test_a_control_is_not_passed_when_its_scanner_could_not_judge_items() -> None:
    from shiftleft.policy.frameworks import evaluate_framework
    from shiftleft.policy.loader import shipped_frameworks

    owasp = shipped_frameworks()["owasp-top10-2021"]
    statuses = [
        *_statuses(2),
        ScannerStatus("pip-audit", "build", "sca", "ok", True, None, "1", 0.1, 0, 0),
        ScannerStatus("semgrep", "code", "sast", "ok", True, None, "1", 0.1, 0, 0),
        ScannerStatus("bandit", "code", "sast", "ok", True, None, "1", 0.1, 0, 0),
        ScannerStatus("container", "test", "container", "not-applicable", False, "no image given"),
    ]
    a06 = next(c for c in evaluate_framework(owasp, [], statuses).controls if c.control_id.startswith("A06"))
    assert a06.state == "not-assessed" and "could not judge 2 item(s)" in a06.reason
    complete = [*_statuses(0), *statuses[1:]]
    a06 = next(c for c in evaluate_framework(owasp, [], complete).controls if c.control_id.startswith("A06"))
    assert a06.state == "pass"


def test_a_scan_that_assessed_nothing_does_not_pass() -> None:
    """An empty target, or a config in the scanned repository that excludes every file:
    every scanner is not applicable, and that must not read as a pass."""
    statuses = [ScannerStatus("semgrep", "code", "sast", "not-applicable", False, "no source files")]
    rule = next(r for r in evaluate([], statuses, GateConfig()).rules if r.id == "required-scanners-ran")
    assert not rule.passed and "no scanner assessed anything" in rule.detail
