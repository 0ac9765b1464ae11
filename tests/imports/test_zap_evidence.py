"""A ZAP report as compliance and scorecard evidence: through the normalizer, the findings
view, the shipped frameworks and the scoring model, as an imported run goes (category dast,
stage test). PCI DSS 6.4.1 fails or passes on it, and is not assessed without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sarif_om

from shiftleft.findings import iter_findings
from shiftleft.imports import zap
from shiftleft.model import Finding, ScannerStatus
from shiftleft.policy import loader
from shiftleft.policy.frameworks import evaluate_framework
from shiftleft.sarif import om
from shiftleft.sarif.normalize import RunInfo, normalize_run
from shiftleft.scorecard import compute
from tests.helpers import target_for
from tests.policy.helpers import all_ok, status

FIXTURES = Path(__file__).parent / "fixtures"


class _ZapInfo:
    """What normalization needs of the importer (``normalize.ToolInfo``)."""

    name = "zap"
    severity_map = "zap"
    information_uri = zap.INFORMATION_URI

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        return None


def zap_findings(raw: bytes, tmp_path: Path) -> list[Finding]:
    log = zap.to_sarif(raw, source="zap.json")
    run = om.run_from_dict(log["runs"][0])
    info = RunInfo("zap", zap.STAGE, zap.CATEGORY, "ok", None, 0.1, run.tool.driver.version)
    normalized = normalize_run(run, _ZapInfo(), info, target_for(tmp_path, []))
    return list(iter_findings({"version": "2.1.0", "runs": [om.to_dict(normalized)]}))


def control(framework: str, control_id: str, findings: list[Finding], statuses: list[ScannerStatus]) -> Any:
    fw = loader.shipped_frameworks()[framework]
    return next(c for c in evaluate_framework(fw, findings, statuses).controls if c.control_id == control_id)


def low_only() -> bytes:
    doc = json.loads((FIXTURES / "zap-baseline.json").read_text())
    for site in doc["site"]:
        site["alerts"] = [a for a in site["alerts"] if a["riskcode"] in ("0", "1")]
    return json.dumps(doc).encode()


def test_normalized_zap_findings_carry_stage_category_severity_and_cwe(tmp_path: Path) -> None:
    findings = zap_findings((FIXTURES / "zap-full.xml").read_bytes(), tmp_path)
    assert {f.stage for f in findings} == {"test"}
    assert {f.category for f in findings} == {"dast"}
    xss = next(f for f in findings if f.rule_id == "40012")
    assert xss.severity == "high" and xss.cwe == ("CWE-79",) and xss.path == "" and xss.line == 0
    assert len({f.fingerprint for f in findings}) == len(findings)
    again = zap_findings((FIXTURES / "zap-full.xml").read_bytes(), tmp_path)
    assert [f.fingerprint for f in again] == [f.fingerprint for f in findings]  # new-only gating matches


def test_pci_641_fails_on_a_zap_report_with_medium_findings(tmp_path: Path) -> None:
    findings = zap_findings((FIXTURES / "zap-baseline.json").read_bytes(), tmp_path)
    result = control("pci-dss-4.0", "6.4.1", findings, [*all_ok(), status("zap")])
    assert result.state == "fail"
    assert "10038-1" in result.reason  # the CSP header alert (medium)
    assert result.scanners == ("zap",)


def test_pci_641_passes_on_a_zap_report_with_low_findings_only(tmp_path: Path) -> None:
    findings = zap_findings(low_only(), tmp_path)
    assert findings and {f.severity for f in findings} <= {"low", "info"}
    result = control("pci-dss-4.0", "6.4.1", findings, [*all_ok(), status("zap")])
    assert result.state == "pass", result.reason
    assert result.scanners == ("zap",)


def test_pci_641_is_not_assessed_without_a_dast_import_or_when_it_failed() -> None:
    assert control("pci-dss-4.0", "6.4.1", [], all_ok()).state == "not-assessed"
    failed = control("pci-dss-4.0", "6.4.1", [], [*all_ok(), status("zap", "failed", reason="could not parse")])
    assert failed.state == "not-assessed"
    assert "zap failed" in failed.reason


def test_the_false_positive_never_fails_a_control(tmp_path: Path) -> None:
    findings = zap_findings((FIXTURES / "zap-baseline.json").read_bytes(), tmp_path)
    csrf = next(f for f in findings if f.rule_id == "10202")
    assert csrf.severity == "info" and csrf.cwe == ("CWE-352",)
    a01 = control("owasp-top10-2021", "A01:2021", [csrf], [*all_ok(), status("zap")])
    assert a01.state == "pass"


@pytest.mark.parametrize(
    ("framework", "control_id", "rule_id"),
    [
        ("owasp-top10-2021", "A03:2021", "40012"),  # reflected XSS, CWE-79
        ("owasp-top10-2021", "A03:2021", "40018"),  # SQL injection, CWE-89
        ("owasp-top10-2021", "A01:2021", "90022"),  # error disclosure, CWE-200
        ("owasp-top10-2021", "A04:2021", "10020-1"),  # clickjacking, CWE-1021
        ("owasp-top10-2021", "A06:2021", "10003"),  # vulnerable JS library
        ("pci-dss-4.0", "11.3.1", "40018"),  # a high finding of the running application
    ],
)
def test_zap_findings_fail_the_controls_of_their_class(tmp_path: Path, framework: str, control_id: str,
                                                       rule_id: str) -> None:  # fmt: skip
    findings = [f for f in zap_findings((FIXTURES / "zap-full.xml").read_bytes(), tmp_path) if f.rule_id == rule_id]
    result = control(framework, control_id, findings, [*all_ok(), status("zap")])
    assert result.state == "fail", result.reason


def test_missing_headers_fail_a05(tmp_path: Path) -> None:
    findings = zap_findings((FIXTURES / "zap-baseline.json").read_bytes(), tmp_path)
    headers = [f for f in findings if f.rule_id == "10021"]  # X-Content-Type-Options, CWE-693, low
    assert control("owasp-top10-2021", "A05:2021", headers, [*all_ok(), status("zap")]).state == "fail"


def test_dast_counts_in_the_scorecard_test_stage(tmp_path: Path) -> None:
    findings = zap_findings((FIXTURES / "zap-full.xml").read_bytes(), tmp_path)
    statuses = [*all_ok(), status("zap")]
    card = compute(findings, statuses)
    test = next(a for a in card.stages if a.name == "test")
    assert set(test.scanners_ran) == {"container", "zap"}
    assert test.counts["high"] == 3
    assert any(i.stage == "test" and i.category == "dast" and i.raw_score is not None for i in card.inputs)
    dast = next(a for a in card.categories if a.name == "dast")
    assert dast.state == "assessed" and dast.score is not None and dast.score < 100
    clean = next(a for a in compute([], statuses).stages if a.name == "test")
    assert test.score is not None and clean.score is not None and test.score < clean.score


def test_a_failed_dast_import_lowers_the_test_stage_coverage() -> None:
    ok = next(a for a in compute([], [*all_ok(), status("zap")]).stages if a.name == "test")
    failed = next(a for a in compute([], [*all_ok(), status("zap", "failed")]).stages if a.name == "test")
    assert ok.state == "assessed" and ok.coverage == 1.0
    assert failed.state == "partial" and failed.coverage < 1.0 and "zap" in failed.scanners_not_run
