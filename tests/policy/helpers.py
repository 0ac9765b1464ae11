"""Builders for the policy tests: findings, scanner statuses and small SARIF logs."""

from __future__ import annotations

from typing import Any

from shiftleft.model import Finding, ScannerStatus
from shiftleft.sarif.orchestrator import ORCHESTRATOR_ID


def finding(
    severity: str = "high",
    *,
    tool: str = "semgrep",
    rule_id: str = "R1",
    category: str = "sast",
    stage: str = "code",
    path: str = "app.py",
    line: int = 1,
    cwe: tuple[str, ...] = (),
    owasp: tuple[str, ...] = (),
    suppressed: bool = False,
    baseline_state: str | None = None,
    fingerprint: str | None = None,
) -> Finding:
    return Finding(
        tool=tool, rule_id=rule_id, rule_name=rule_id, message="m", path=path, line=line, severity=severity,
        category=category, stage=stage, fingerprint=fingerprint or f"fp-{tool}-{rule_id}-{path}-{line}",
        cwe=cwe, owasp=owasp, suppressed=suppressed, baseline_state=baseline_state,
    )  # fmt: skip


SCANNERS = {
    "semgrep": ("code", "sast"),
    "bandit": ("code", "sast"),
    "detect-secrets": ("code", "secrets"),
    "osv": ("build", "sca"),
    "pip-audit": ("build", "sca"),
    "cyclonedx": ("build", "sbom"),
    "checkov-dockerfile": ("build", "iac"),
    "container": ("test", "container"),
    "checkov": ("deploy", "iac"),
}
#: imported reports (``shiftleft scan --import``): not part of ``all_ok``, a scan has them only when asked
IMPORTS = {"zap": ("test", "dast")}


def status(name: str, state: str = "ok", *, required: bool = True, reason: str | None = None) -> ScannerStatus:
    stage, category = SCANNERS.get(name) or IMPORTS.get(name, ("code", "sast"))
    return ScannerStatus(name, stage, category, state, required, reason)


def all_ok(**overrides: str) -> list[ScannerStatus]:
    """Every known scanner ok, except the given name=state overrides (use _ for -)."""
    states = {name.replace("_", "-"): state for name, state in overrides.items()}
    return [status(n, states.get(n, "ok")) for n in SCANNERS]


def result(
    rule_id: str,
    path: str = "app.py",
    line: int = 1,
    *,
    severity: str = "high",
    fp: str | None = None,
    line_hash: str | None = None,
    category: str = "sast",
    stage: str = "code",
    tool: str = "semgrep",
    **props: Any,
) -> dict[str, Any]:
    return {
        "ruleId": rule_id,
        "message": {"text": f"{rule_id} problem"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
                                            "region": {"startLine": line}}}],
        "partialFingerprints": {"primaryLocationLineHash": line_hash or f"{rule_id}-{path}-{line}:1"},
        "fingerprints": {"shiftleft/v1": fp or f"{tool}{rule_id}{path}{line}".encode().hex()[:32]},
        "properties": {"severity": severity, "category": category, "stage": stage, "tool": tool, "cwe": [],
                       "owasp": [], **props},
    }  # fmt: skip


def run(tool: str, results: list[dict[str, Any]], *, stage: str = "code", category: str = "sast",
        status: str = "ok", **health: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "tool": {"driver": {"name": tool, "rules": [{"id": r["ruleId"]} for r in results]}},
        "invocations": [{"executionSuccessful": status == "ok"}],
        "results": results,
        "properties": {"shiftleft": {"scanner": tool, "stage": stage, "category": category, "status": status,
                                     **health}},
    }  # fmt: skip


def log(*runs: dict[str, Any]) -> dict[str, Any]:
    # as the pipeline writes it: the orchestrator run is known by its automation id
    orchestrator = {**run("shiftleft", [], stage="all", category="orchestrator"),
                    "automationDetails": {"id": ORCHESTRATOR_ID}}  # fmt: skip
    return {"version": "2.1.0", "runs": [*runs, orchestrator], "properties": {"shiftleft": {"scanners": []}}}
