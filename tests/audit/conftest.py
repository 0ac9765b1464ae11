"""A Report rebuilt from a real scan of examples/vulnerable-app (the SARIF it wrote is
the fixture), with a compliance framework result, an SBOM artifact and advisory data added
the way the policy engine and the build stage record them."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shiftleft.model import ControlResult, FrameworkResult, Report
from shiftleft.report.model import assemble_report

FIXTURE = Path(__file__).parent / "fixtures" / "vulnerable-app.sarif"
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def sarif() -> dict[str, object]:
    data: dict[str, object] = json.loads(FIXTURE.read_text("utf-8"))
    return data


@pytest.fixture
def report(sarif: dict[str, object], tmp_path: Path) -> Report:
    sarif = copy.deepcopy(sarif)
    sbom = tmp_path / "build" / "sbom.cdx.json"
    sbom.parent.mkdir()
    sbom.write_text('{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}\n', "utf-8")
    runs = sarif["runs"]
    assert isinstance(runs, list)
    runs.insert(0, {
        "tool": {"driver": {"name": "osv", "version": "0.1.0", "rules": []}},
        "invocations": [{"executionSuccessful": True, "startTimeUtc": "2026-11-22T02:54:01.000Z",
                         "endTimeUtc": "2026-11-22T02:54:02.000Z"}],
        "results": [],
        "properties": {"shiftleft": {
            "scanner": "osv", "stage": "build", "category": "sca", "status": "ok",
            "advisoryDatabase": {"path": "/db", "ecosystems": {"PyPI": {
                "count": 10, "newestModified": "2026-11-12T02:54:12Z", "newestPublished": None}}},
        }},
    })
    runs.insert(1, {
        "tool": {"driver": {"name": "cyclonedx", "version": "9.0", "rules": []}},
        "invocations": [{"executionSuccessful": True}],
        "results": [],
        "properties": {"shiftleft": {"scanner": "cyclonedx", "stage": "build", "category": "sbom", "artifacts": [
            {"kind": "sbom", "format": "CycloneDX 1.6 JSON", "path": str(sbom)},
            {"kind": "sbom", "format": "CycloneDX 1.6 JSON", "path": str(tmp_path / "gone" / "old.cdx.json")},
        ]}},
    })
    base = assemble_report(sarif).report
    bandit = [f for f in base.findings if f.tool == "bandit"]
    secrets = [f for f in base.findings if f.tool == "detect-secrets"]
    soc2 = FrameworkResult("soc2", "SOC 2", "2017", (
        ControlResult("soc2", "CC7.1", "Detect vulnerabilities", "fail", "2 finding(s)",
                      tuple(f.fingerprint for f in bandit[:2]), ("bandit", "semgrep")),
        ControlResult("soc2", "CC6.1", "Logical access: no secrets in code", "fail", "secrets",
                      tuple(f.fingerprint for f in secrets), ("detect-secrets",)),
        ControlResult("soc2", "CC8.1", "Change management: dependencies", "pass", "no matching finding",
                      (), ("osv",)),
    ))
    other = FrameworkResult("iso27001", "ISO 27001", "2022", ())
    return replace(base, frameworks=(soc2, other))
