"""Control states: pass, fail, not assessed, not applicable — never a pass by absence of evidence."""

from __future__ import annotations

import pytest

from shiftleft.policy import loader
from shiftleft.policy.frameworks import coverage, evaluate_framework
from shiftleft.policy.model import Control, Framework, Requirement, Selector

from .helpers import all_ok, finding, status


def framework(*controls: Control) -> Framework:
    return Framework("t", "Test", "1", tuple(controls))


def control(select: Selector, requires: Requirement, max_: int = 0) -> Control:
    return Control("C1", "a control", (select,), requires, max=max_)


SQLI = Selector(cwes=frozenset({"CWE-89"}))
SAST = Requirement(categories=("sast",))


def state(fw: Framework, findings: list, statuses: list) -> str:  # type: ignore[type-arg]
    return evaluate_framework(fw, findings, statuses).controls[0].state


def test_pass_when_assessed_and_clean() -> None:
    result = evaluate_framework(framework(control(SQLI, SAST)), [finding(cwe=("CWE-79",))], all_ok()).controls[0]
    assert result.state == "pass"
    assert result.scanners == ("bandit", "semgrep")
    assert "no matching finding" in result.reason


def test_fail_names_the_findings() -> None:
    f = finding(cwe=("CWE-89",), rule_id="sqli", path="db.py", line=8)
    result = evaluate_framework(framework(control(SQLI, SAST)), [f], all_ok()).controls[0]
    assert result.state == "fail"
    assert result.findings == (f.fingerprint,)
    assert "sqli at db.py:8" in result.reason


@pytest.mark.parametrize("bad", ["failed", "timeout", "missing"])
def test_zero_findings_from_a_broken_scanner_is_not_assessed(bad: str) -> None:
    result = evaluate_framework(framework(control(SQLI, SAST)), [], all_ok(bandit=bad)).controls[0]
    assert result.state == "not-assessed"
    assert f"bandit {bad}" in result.reason
    assert result.scanners == ("bandit",)


def test_a_required_scanner_absent_from_the_scan_is_not_assessed() -> None:
    statuses = [s for s in all_ok() if s.name != "semgrep"]
    fw = framework(control(SQLI, Requirement(scanners=(("semgrep",),))))
    result = evaluate_framework(fw, [], statuses).controls[0]
    assert result.state == "not-assessed"
    assert "did not run" in result.reason
    assert state(fw, [], []) == "not-assessed"  # nothing ran at all


def test_findings_fail_a_control_even_when_coverage_is_incomplete() -> None:
    result = evaluate_framework(framework(control(SQLI, SAST)), [finding(cwe=("CWE-89",))],
                                all_ok(bandit="timeout")).controls[0]  # fmt: skip
    assert result.state == "fail"
    assert "coverage incomplete" in result.reason


def test_suppressed_findings_do_not_fail_but_are_mentioned() -> None:
    result = evaluate_framework(framework(control(SQLI, SAST)), [finding(cwe=("CWE-89",), suppressed=True)],
                                all_ok()).controls[0]  # fmt: skip
    assert result.state == "pass"
    assert "1 suppressed or waived" in result.reason


def test_max_tolerates_findings() -> None:
    fw = framework(control(SQLI, SAST, max_=1))
    assert state(fw, [finding(cwe=("CWE-89",))], all_ok()) == "pass"
    assert state(fw, [finding(cwe=("CWE-89",), line=1), finding(cwe=("CWE-89",), line=2)], all_ok()) == "fail"


def test_not_applicable_when_every_required_scanner_has_nothing_to_check() -> None:
    req = Requirement(scanners=(("checkov-dockerfile", "container"),))
    fw = framework(control(Selector(rules=("CKV_DOCKER_3",)), req))
    statuses = all_ok(checkov_dockerfile="not-applicable", container="not-applicable")
    result = evaluate_framework(fw, [], statuses).controls[0]
    assert result.state == "not-applicable"
    # one alternative applies and ran: assessed
    assert state(fw, [], all_ok(container="not-applicable")) == "pass"
    # the alternative that applies crashed: not assessed, even though the other is n/a
    assert state(fw, [], all_ok(container="not-applicable", checkov_dockerfile="failed")) == "not-assessed"


def test_any_of_tolerates_a_disabled_alternative_but_a_plain_entry_does_not() -> None:
    sca = Selector(categories=frozenset({"sca"}))
    alternatives = framework(control(sca, Requirement(scanners=(("osv", "pip-audit"),))))
    assert state(alternatives, [], all_ok(pip_audit="disabled")) == "pass"
    assert state(alternatives, [], all_ok(pip_audit="disabled", osv="disabled")) == "not-assessed"
    plain = framework(control(sca, Requirement(scanners=(("pip-audit",),))))
    assert state(plain, [], all_ok(pip_audit="disabled")) == "not-assessed"


def test_category_requirement_needs_every_applicable_scanner_of_it() -> None:
    fw = framework(control(SQLI, SAST))
    assert state(fw, [], all_ok(bandit="not-applicable")) == "pass"  # no Python files: semgrep alone
    assert state(fw, [], all_ok(bandit="missing")) == "not-assessed"
    assert state(fw, [], all_ok(bandit="not-applicable", semgrep="not-applicable")) == "not-applicable"
    assert state(fw, [], [s for s in all_ok() if s.category != "sast"]) == "not-assessed"


def test_stage_requirement() -> None:
    fw = framework(control(Selector(min_severity="high"), Requirement(stages=("code", "build"))))
    assert state(fw, [], all_ok()) == "pass"
    assert state(fw, [], all_ok(osv="timeout")) == "not-assessed"
    assert state(fw, [], [s for s in all_ok() if s.stage == "code"]) == "not-assessed"  # build never ran


def test_applicable_if() -> None:
    req = Requirement(scanners=(("detect-secrets",),), applicable_if=("checkov-dockerfile", "container"))
    fw = framework(control(Selector(categories=frozenset({"secrets"}), paths=("**/Dockerfile",)), req))
    assert state(fw, [], all_ok(checkov_dockerfile="not-applicable", container="not-applicable")) == "not-applicable"
    assert state(fw, [], all_ok(container="not-applicable")) == "pass"
    assert state(fw, [], all_ok(container="not-applicable", detect_secrets="failed")) == "not-assessed"
    only_code = [status("detect-secrets")]  # did not run the stages that would tell: unknown, not "no"
    assert state(fw, [], only_code) == "not-assessed"
    leak = finding(category="secrets", tool="detect-secrets", path="docker/Dockerfile")
    assert state(fw, [leak], all_ok()) == "fail"


def test_coverage_reason_lists_every_gap() -> None:
    cov = coverage(Requirement(scanners=(("semgrep",), ("cyclonedx",)), categories=("sca",)),
                   all_ok(semgrep="timeout", osv="failed"))  # fmt: skip
    assert cov.state == "not-assessed"
    assert "semgrep timeout" in cov.reason and "osv failed" in cov.reason
    assert set(cov.not_run) == {"semgrep", "osv"}


# --- selectors ---------------------------------------------------------------------------


def test_selector_keys_and_globs() -> None:
    sel = Selector(rules=("CKV_DOCKER_*",), exclude_rules=("CKV_DOCKER_2",), stages=frozenset({"build"}))
    assert sel.matches(finding(rule_id="CKV_DOCKER_3", stage="build"))
    assert not sel.matches(finding(rule_id="CKV_DOCKER_2", stage="build"))
    assert not sel.matches(finding(rule_id="CKV2_DOCKER_3", stage="build"))
    assert not sel.matches(finding(rule_id="CKV_DOCKER_3", stage="code"))
    assert Selector(min_severity="high").matches(finding("critical"))
    assert not Selector(min_severity="high").matches(finding("medium"))
    assert Selector(severities=frozenset({"low"})).matches(finding("low"))
    assert Selector(owasp=frozenset({"A03:2021"})).matches(finding(owasp=("A03:2021",)))
    assert Selector(paths=("src/**",)).matches(finding(path="src/a/b.py"))
    assert not Selector(paths=("src/*",)).matches(finding(path="src/a/b.py"))
    assert Selector(tools=frozenset({"bandit"}), cwes=frozenset({"CWE-78"})).matches(
        finding(tool="bandit", cwe=("CWE-20", "CWE-78")))  # fmt: skip


# --- the shipped frameworks on realistic scans ------------------------------------------------


def test_shipped_frameworks_on_a_clean_full_scan_with_a_dast_import_all_pass() -> None:
    statuses = [*all_ok(), status("zap")]
    evidence = {"checkov": frozenset({"terraform", "kubernetes", "github_actions"})}
    for fw in loader.shipped_frameworks().values():
        for result in evaluate_framework(fw, [], statuses, evidence).controls:
            assert result.state == "pass", (fw.id, result.control_id, result.reason)


def test_without_a_dast_import_only_the_controls_that_need_one_are_not_assessed() -> None:
    evidence = {"checkov": frozenset({"terraform", "kubernetes", "github_actions"})}
    states = {(fw.id, c.control_id): c for fw in loader.shipped_frameworks().values()
              for c in evaluate_framework(fw, [], all_ok(), evidence).controls}  # fmt: skip
    missing = {key: c.reason for key, c in states.items() if c.state != "pass"}
    assert set(missing) == {("pci-dss-4.0", "6.4.1")}, missing
    assert "dast scanners: did not run" in missing[("pci-dss-4.0", "6.4.1")]


def test_shipped_frameworks_with_only_the_code_stage_never_pass_build_controls() -> None:
    statuses = [s for s in all_ok() if s.stage == "code"]
    results = {(fw.id, c.control_id): c for fw in loader.shipped_frameworks().values()
               for c in evaluate_framework(fw, [], statuses).controls}  # fmt: skip
    assert results[("owasp-top10-2021", "A06:2021")].state == "not-assessed"
    assert results[("pci-dss-4.0", "6.3.2")].state == "not-assessed"  # no SBOM run
    assert results[("cis-docker", "4.1")].state == "not-assessed"
    assert results[("owasp-top10-2021", "A03:2021")].state == "pass"


def test_cis_docker_without_dockerfile_or_image_is_not_applicable() -> None:
    statuses = all_ok(checkov_dockerfile="not-applicable", container="not-applicable", checkov="not-applicable")
    fw = loader.shipped_frameworks()["cis-docker"]
    states = {c.control_id: c.state for c in evaluate_framework(fw, [], statuses).controls}
    assert set(states.values()) == {"not-applicable"}, states


def test_owasp_a06_fails_on_an_image_vulnerability_but_not_on_an_image_config_check() -> None:
    fw = loader.shipped_frameworks()["owasp-top10-2021"]
    vuln = finding("high", tool="container", rule_id="CVE-2023-0001", category="container", stage="test")
    config = finding("medium", tool="container", rule_id="SL-IMG-001", category="container", stage="test")
    a06 = {c.control_id: c for c in evaluate_framework(fw, [config], all_ok()).controls}["A06:2021"]
    assert a06.state == "pass"
    a06 = {c.control_id: c for c in evaluate_framework(fw, [vuln, config], all_ok()).controls}["A06:2021"]
    assert a06.state == "fail"
