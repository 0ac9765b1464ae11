"""apply_policies end to end on a small SARIF log: one call, everything applied, findings kept."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest

from shiftleft.config import GateConfig
from shiftleft.errors import EXIT_GATE_FAILED, EXIT_PASS
from shiftleft.model import ScanTarget
from shiftleft.policy import PolicyError
from shiftleft.policy.engine import PolicyOptions, advisory_ages, apply_policies

from .helpers import all_ok, log, result, run

TODAY = dt.date(2025, 6, 1)
SHARED_SCHEMA = Path(os.environ.get("SHIFTLEFT_SHARED", Path(__file__).resolve().parents[3] / "shared")) / (
    "schemas/sarif-schema-2.1.0.json"
)


def scan(tmp_path: Path) -> tuple[dict, ScanTarget]:  # type: ignore[type-arg]
    (tmp_path / "app.py").write_text("import pickle\npickle.loads(x)  # nosec\nrun(cmd, shell=True)\n")
    target = ScanTarget(root=tmp_path, files=("app.py",))
    sarif = log(
        run("bandit", [result("B301", "app.py", 2, tool="bandit", cwe=["CWE-502"]),
                       result("B602", "app.py", 3, tool="bandit", severity="high", cwe=["CWE-78"])]),
        run("detect-secrets", [result("detect-secrets/aws-access-key", "app.py", 3, tool="detect-secrets",
                                      category="secrets", severity="critical", cwe=["CWE-798"])],
            category="secrets"),
    )  # fmt: skip
    return sarif, target


def options(**kw: object) -> PolicyOptions:
    return PolicyOptions(today=TODAY, **kw)  # type: ignore[arg-type]


def test_default_run(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    out = apply_policies(sarif, all_ok(), target, options())
    assert out.sarif is sarif
    nosec = sarif["runs"][0]["results"][0]
    assert nosec["suppressions"][0]["kind"] == "inSource"
    assert out.gate.exit_code == EXIT_GATE_FAILED
    assert [r.id for r in out.gate.rules] == ["no-high-or-above", "no-secrets", "required-scanners-ran", "coverage"]
    assert {fw.id for fw in out.frameworks} >= {"soc2", "owasp-top10-2021", "cis-docker"}
    props = sarif["properties"]["shiftleft"]
    assert props["policy"]["gate"] == "default"
    assert props["policy"]["inlineSuppressions"] == {"nosec": 1}
    assert {fw["id"] for fw in props["compliance"]} == {fw.id for fw in out.frameworks}
    a08 = next(c for fw in out.frameworks for c in fw.controls if c.control_id == "A08:2021")
    assert a08.state == "pass"  # the only deserialization finding is suppressed in source


def test_waiver_file_in_the_target_root_and_expiry_notices(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    (tmp_path / ".shiftleft-waivers.yaml").write_text("""
waivers:
  - id: W-secret
    rule: "detect-secrets/*"
    owner: alice
    reason: test credential
    expires: 2025-12-31
  - id: W-old
    rule: B602
    owner: bob
    reason: legacy
    ticket: SEC-9
    expires: 2025-01-31
  - id: W-unused
    rule: B999
    owner: carol
    reason: gone
    expires: 2025-12-31
""")
    out = apply_policies(sarif, all_ok(), target, options())
    secret = sarif["runs"][1]["results"][0]
    assert secret["suppressions"][0]["justification"] == "test credential (alice, expires 2025-12-31)"
    assert "suppressions" not in sarif["runs"][0]["results"][1]  # expired waiver: still active
    rules = {r.id: r for r in out.gate.rules}
    assert rules["no-secrets"].passed
    assert not rules["no-high-or-above"].passed
    assert "W-old (bob, expired 2025-01-31, matches 1)" in rules["waivers-in-date"].detail
    assert any("W-old" in n and "expired" in n for n in out.notices)
    assert any("W-unused" in n for n in out.notices)
    notes = sarif["runs"][-1]["invocations"][0]["toolExecutionNotifications"]
    assert {n["descriptor"]["id"] for n in notes} >= {"shiftleft/waiver-expired", "shiftleft/waiver-unused"}
    assert len(sarif["runs"][0]["results"]) == 2 and len(sarif["runs"][1]["results"]) == 1  # nothing dropped


def test_explicit_waivers_path_and_no_target_waivers(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    (tmp_path / ".shiftleft-waivers.yaml").write_text(
        "waivers:\n  - {rule: '*', owner: attacker, reason: waive all, expires: 2099-01-01}\n"
    )
    out = apply_policies(sarif, all_ok(), target, options(no_target_waivers=True))
    assert out.gate.exit_code == EXIT_GATE_FAILED
    mine = tmp_path.parent / f"{tmp_path.name}-waivers.yaml"
    mine.write_text("waivers:\n  - {rule: B602, owner: me, reason: ok, expires: 2099-01-01}\n")
    sarif, target = scan(tmp_path)
    apply_policies(sarif, all_ok(), target, options(waivers=mine))
    assert sarif["runs"][0]["results"][1]["suppressions"][0]["justification"].startswith("ok (me")


def test_baseline_makes_the_gate_new_only(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    baseline = tmp_path.parent / f"{tmp_path.name}-base.sarif"
    baseline.write_text(json.dumps(scan(tmp_path)[0]))
    out = apply_policies(sarif, all_ok(), target, options(baseline=baseline))
    assert out.gate.exit_code == EXIT_PASS
    assert {r["baselineState"] for run_ in sarif["runs"] for r in run_["results"]} == {"unchanged"}
    assert any("new-only gating" in n for n in out.notices)


def test_preset_policy_files_and_framework_selection(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    extra = tmp_path.parent / f"{tmp_path.name}-acme.yaml"
    extra.write_text(
        "kind: framework\nid: acme\ntitle: ACME\nversion: '1'\ncontrols:\n"
        "  - {id: X1, title: no shell, select: {cwe: CWE-78}, requires: {scanners: [bandit]}}\n"
    )
    gate = tmp_path.parent / f"{tmp_path.name}-gate.yaml"
    gate.write_text(
        "kind: gate\nid: extra\ntitle: t\nrules:\n  - {type: findings, id: no-bandit, select: {tool: bandit}}\n"
    )
    out = apply_policies(sarif, all_ok(), target, options(preset="audit-only", policies=(extra, gate),
                                                          frameworks=("acme", "soc2")))  # fmt: skip
    assert [fw.id for fw in out.frameworks] == ["acme", "soc2"]
    assert out.frameworks[0].controls[0].state == "fail"
    assert [r.id for r in out.gate.rules] == ["required-scanners-ran", "coverage", "no-bandit"]
    assert out.gate.exit_code == EXIT_GATE_FAILED
    assert out.gate.policy == "audit-only"


def test_gate_config_overrides_the_preset(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    out = apply_policies(sarif, all_ok(), target,
                         options(gate_config=GateConfig(fail_on="critical", fail_on_secrets=False)))  # fmt: skip
    assert [r.id for r in out.gate.rules] == ["no-critical-or-above", "required-scanners-ran", "coverage"]
    # the secret rule is gone, but the critical secret is still a critical finding
    assert out.gate.exit_code == EXIT_GATE_FAILED
    assert out.gate.rules[0].detail == "1 finding(s) at or above critical"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"preset": "nope"}, "unknown gate preset"),
        ({"frameworks": ("soc3",)}, "unknown framework 'soc3'"),
        ({"baseline": Path("/nonexistent/base.sarif")}, "baseline file not found"),
        ({"waivers": Path("/nonexistent/w.yaml")}, "waiver file not found"),
        ({"policies": (Path("/nonexistent/p.yaml"),)}, "policy file not found"),
    ],
)
def test_bad_inputs_fail_before_touching_the_log(tmp_path: Path, kw: dict, message: str) -> None:  # type: ignore[type-arg]
    sarif, target = scan(tmp_path)
    before = json.dumps(sarif, sort_keys=True)
    with pytest.raises(PolicyError, match=message):
        apply_policies(sarif, all_ok(), target, options(**kw))
    assert json.dumps(sarif, sort_keys=True) == before


def test_without_a_target_only_native_suppressions_are_kept(tmp_path: Path) -> None:
    sarif, _ = scan(tmp_path)
    apply_policies(sarif, all_ok(), None, options())
    assert "suppressions" not in sarif["runs"][0]["results"][0]
    with pytest.raises(PolicyError, match="needs the scanned directory"):
        apply_policies(sarif, all_ok(), None, options(diff_base="main"))


def test_advisory_ages_come_from_successful_runs() -> None:
    now = dt.datetime(2025, 6, 3, tzinfo=dt.UTC)
    db = {"ecosystems": {"PyPI": {"newestModified": "2025-06-01T00:00:00Z"}}}
    sarif = log(run("osv", [], stage="build", category="sca", advisoryDatabase=db),
                run("pip-audit", [], stage="build", category="sca", advisoryDatabase=None))  # fmt: skip
    assert advisory_ages(sarif, all_ok(), now) == (("osv", 2.0),)
    assert advisory_ages(sarif, all_ok(osv="failed"), now) == ()


@pytest.mark.skipif(not SHARED_SCHEMA.is_file(), reason="../shared/schemas/sarif-schema-2.1.0.json is not available")
def test_the_modified_log_is_still_valid_sarif(tmp_path: Path) -> None:
    sarif, target = scan(tmp_path)
    (tmp_path / ".shiftleft-waivers.yaml").write_text(
        "waivers:\n  - {rule: B602, owner: me, reason: ok, ticket: T-1, expires: 2099-01-01}\n"
    )
    baseline = tmp_path.parent / f"{tmp_path.name}-b.sarif"
    baseline.write_text(json.dumps(log()))
    apply_policies(sarif, all_ok(), target, options(baseline=baseline))
    schema = json.loads(SHARED_SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
