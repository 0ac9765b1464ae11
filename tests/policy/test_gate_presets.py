"""gate.py driven by presets: default is the historical gate, strict and audit-only do what
their files say, the config overrides them, and new-only gating counts only new findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft.config import GateConfig
from shiftleft.errors import EXIT_GATE_FAILED, EXIT_INCOMPLETE, EXIT_PASS
from shiftleft.model import ExpiredWaiver, GateContext, GateResult
from shiftleft.policy import loader
from shiftleft.policy.gate import apply_config, evaluate

from .helpers import all_ok, finding, status

OK = [status("semgrep"), status("detect-secrets")]


def rules(result: GateResult) -> dict[str, object]:
    return {r.id: r for r in result.rules}


def preset(name: str):  # type: ignore[no-untyped-def]
    return loader.gate_preset(name)


# --- default: byte-compatible with the gate before presets ---------------------------------


def test_default_preset_is_the_historical_gate() -> None:
    for kwargs in ({}, {"policy": preset("default")}):
        result = evaluate([], OK, GateConfig(), **kwargs)  # type: ignore[arg-type]
        assert [(r.id, r.description, r.passed, r.detail, r.kind) for r in result.rules] == [
            ("no-high-or-above", "no unsuppressed finding of severity high or above", True, "none", "findings"),
            ("no-secrets", "no unsuppressed committed secret", True, "none", "findings"),
            ("required-scanners-ran", "every required scanner that applies ran successfully", True, "all ran",
             "coverage"),
            ("coverage", "nothing left unassessed in bulk: no unread manifest, each stage 50%+ of items checked", True,
             "every recognised manifest read; no stage mostly not assessed", "coverage"),
        ]  # fmt: skip
        assert result.policy == "default"


def test_default_without_config_argument_is_the_same() -> None:
    assert evaluate([finding("high")], OK).rules == evaluate([finding("high")], OK, GateConfig()).rules


def test_default_details() -> None:
    result = evaluate(
        [finding("high"), finding("low", category="secrets")], [status("bandit", "timeout")], GateConfig()
    )
    by_id = rules(result)
    assert by_id["no-high-or-above"].detail == "1 finding(s) at or above high"  # type: ignore[attr-defined]
    assert by_id["no-secrets"].detail == "1 secret(s) found"  # type: ignore[attr-defined]
    assert by_id["required-scanners-ran"].detail == "not assessed: bandit (timeout)"  # type: ignore[attr-defined]
    assert result.exit_code == EXIT_GATE_FAILED


def test_config_overrides_the_default() -> None:
    result = evaluate([finding("medium")], OK, GateConfig(fail_on="medium"))
    assert "no-medium-or-above" in rules(result)
    assert result.exit_code == EXIT_GATE_FAILED
    assert [r.id for r in evaluate([], OK, GateConfig(fail_on_secrets=False, require_scanners=False)).rules] == [
        "no-high-or-above",
        "coverage",  # never removed by config: nothing assessed must never pass
    ]


# --- strict --------------------------------------------------------------------------------


def test_strict_fails_on_medium() -> None:
    result = evaluate([finding("medium")], OK, policy=preset("strict"))
    assert result.exit_code == EXIT_GATE_FAILED
    assert not rules(result)["no-medium-or-above"].passed  # type: ignore[attr-defined]


def test_strict_forbids_inline_suppressions_at_high_and_above() -> None:
    high = finding("high", suppressed=True, fingerprint="fp-high")
    medium = finding("medium", suppressed=True, fingerprint="fp-med", line=2)
    ctx = GateContext(inline_suppressed=frozenset({"fp-high", "fp-med"}))
    result = evaluate([high, medium], OK, policy=preset("strict"), context=ctx)
    rule = rules(result)["no-inline-suppression-high-or-above"]
    assert not rule.passed  # type: ignore[attr-defined]
    assert "1 inline suppression(s)" in rule.detail  # type: ignore[attr-defined]
    assert result.exit_code == EXIT_GATE_FAILED
    # a waiver (external suppression) is fine: it is not in the inline set
    assert evaluate([high], OK, policy=preset("strict"), context=GateContext()).exit_code == EXIT_PASS


@pytest.mark.parametrize(("age", "exit_code"), [(0.5, EXIT_PASS), (3.0, EXIT_INCOMPLETE), (None, EXIT_INCOMPLETE)])
def test_strict_needs_a_fresh_advisory_database(age: float | None, exit_code: int) -> None:
    ctx = GateContext(advisory_ages=(("osv", age),))
    result = evaluate([], OK, policy=preset("strict"), context=ctx)
    assert result.exit_code == exit_code
    assert rules(result)["advisory-db-fresh"].kind == "coverage"  # type: ignore[attr-defined]


def test_strict_fails_on_an_expired_waiver_default_only_reports_it() -> None:
    ctx = GateContext(waivers_in_use=True, expired_waivers=(ExpiredWaiver("W-1", "alice", "2024-01-01", 2),))
    strict = rules(evaluate([], OK, policy=preset("strict"), context=ctx))["waivers-in-date"]
    assert not strict.passed  # type: ignore[attr-defined]
    default = evaluate([], OK, context=ctx)
    rule = rules(default)["waivers-in-date"]
    assert rule.passed and "W-1 (alice, expired 2024-01-01, matches 2)" in rule.detail  # type: ignore[attr-defined]
    assert default.exit_code == EXIT_PASS
    in_use = rules(evaluate([], OK, context=GateContext(waivers_in_use=True)))["waivers-in-date"]
    assert in_use.detail == "none expired"  # type: ignore[attr-defined]


def test_strict_can_be_relaxed_only_explicitly() -> None:
    strict = preset("strict")
    # fail_on: high equals the built-in default, so without `explicit` it does not override
    assert apply_config(strict, GateConfig(fail_on="high")).rules[0].fail_on == "medium"
    relaxed = apply_config(strict, GateConfig(fail_on="high"), explicit={"fail_on"})
    assert relaxed.rules[0].fail_on == "high"
    assert relaxed.rules[0].id == "no-high-or-above"
    tighter = apply_config(strict, GateConfig(fail_on="low"))
    assert tighter.rules[0].id == "no-low-or-above"
    aged = apply_config(strict, GateConfig(max_advisory_age_days=7))
    assert next(r for r in aged.rules if r.type == "advisory-age").max_days == 7.0


# --- audit-only ----------------------------------------------------------------------------


def test_audit_only_never_fails_on_findings() -> None:
    findings = [finding("critical"), finding("high", category="secrets")]
    assert evaluate(findings, OK, GateConfig(), policy=preset("audit-only")).exit_code == EXIT_PASS


def test_audit_only_reports_an_incomplete_scan() -> None:
    result = evaluate([finding("critical")], [status("semgrep", "missing")], GateConfig(), policy=preset("audit-only"))
    assert result.exit_code == EXIT_INCOMPLETE
    partly = [status("semgrep", "missing"), status("bandit")]
    off = evaluate([], partly, GateConfig(require_scanners=False), policy=preset("audit-only"))
    assert off.exit_code == EXIT_PASS
    # with nothing assessed at all, even require_scanners: false does not make it pass
    none = evaluate([], [status("semgrep", "missing")], GateConfig(require_scanners=False), policy=preset("audit-only"))
    assert none.exit_code == EXIT_INCOMPLETE


def test_audit_only_with_an_explicit_fail_on_gains_a_severity_rule() -> None:
    result = evaluate([finding("critical")], OK, GateConfig(fail_on="critical"), policy=preset("audit-only"))
    assert result.rules[0].id == "no-critical-or-above"
    assert result.exit_code == EXIT_GATE_FAILED


# --- new-only gating -----------------------------------------------------------------------


def test_only_new_findings_fail_the_gate() -> None:
    old = finding("critical", baseline_state="unchanged")
    assert evaluate([old], OK).exit_code == EXIT_PASS
    assert "1 pre-existing not counted" in rules(evaluate([old], OK))["no-high-or-above"].detail  # type: ignore[attr-defined]
    new = finding("high", baseline_state="new", line=2)
    assert evaluate([old, new], OK).exit_code == EXIT_GATE_FAILED
    old_secret = finding("low", category="secrets", baseline_state="unchanged")
    assert evaluate([old_secret], OK).exit_code == EXIT_PASS


def test_scope_all_counts_pre_existing_findings(tmp_path: Path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text("kind: gate\nid: legacy\ntitle: t\nrules:\n  - {type: severity, fail_on: critical, scope: all}\n")
    policy = loader.gate_preset(str(path))
    assert evaluate([finding("critical", baseline_state="unchanged")], OK, policy=policy).exit_code == EXIT_GATE_FAILED


# --- custom rules --------------------------------------------------------------------------


def test_findings_rule_with_max(tmp_path: Path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text(
        "kind: gate\nid: budget\ntitle: t\nrules:\n"
        "  - {type: findings, id: max-2-medium, select: {severity: medium}, max: 2}\n"
        "  - {type: required-scanners, scanners: [semgrep, osv]}\n"
    )
    policy = loader.gate_preset(str(path))
    two = [finding("medium", line=1), finding("medium", line=2)]
    result = evaluate(two, [status("semgrep"), status("osv")], policy=policy)
    assert result.exit_code == EXIT_PASS
    assert rules(result)["max-2-medium"].detail == "2 matching finding(s) (max 2)"  # type: ignore[attr-defined]
    assert evaluate([*two, finding("medium", line=3)], [status("semgrep"), status("osv")],
                    policy=policy).exit_code == EXIT_GATE_FAILED  # fmt: skip
    named = evaluate([], [status("semgrep")], policy=policy)
    assert named.exit_code == EXIT_INCOMPLETE
    assert rules(named)["required-scanners-ran"].detail == "not assessed: osv (did not run)"  # type: ignore[attr-defined]
    disabled = evaluate([], [status("semgrep"), status("osv", "disabled")], policy=policy)
    assert disabled.exit_code == EXIT_INCOMPLETE


def test_a_full_clean_scan_passes_every_preset() -> None:
    for name in ("default", "strict", "audit-only"):
        assert evaluate([], all_ok(), GateConfig(), policy=preset(name)).exit_code == EXIT_PASS, name
