"""Reports built from a real scan of examples/vulnerable-app (its SARIF is stored in
data/ so the tests stay fast), plus hostile values a scanner or a repository could put
in front of a reader, plus compliance and history results added by hand."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from shiftleft.model import ControlResult, FrameworkResult, HistorySummary, Report
from shiftleft.report.model import assemble_report

DATA = Path(__file__).resolve().parent / "data"
#: written by `python -m shiftleft scan examples/vulnerable-app` (paths made machine-neutral)
SCAN_SARIF = DATA / "vulnerable-app.sarif"

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
JS_URI = "javascript:alert(document.domain)"
MD_HOSTILE = "pipe | here `tick` @octocat <b>bold</b> [link](http://x) *star* _u_ #1"


def load_scan() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCAN_SARIF.read_text("utf-8"))
    return data


def hostile_log() -> dict[str, Any]:
    """The real scan plus: a semgrep result whose message is an XSS payload and whose rule
    has a javascript: helpUri; a file path with Markdown/CSV specials; a build-stage
    scanner that timed out (NOT ASSESSED)."""
    log = copy.deepcopy(load_scan())
    run = next(r for r in log["runs"] if r["properties"]["shiftleft"]["scanner"] == "semgrep")
    rules = run["tool"]["driver"]["rules"]
    rules.append({
        "id": "evil.rule", "name": "evil", "helpUri": JS_URI,
        "shortDescription": {"text": "evil rule"}, "fullDescription": {"text": "evil"}, "help": {"text": "evil"},
    })  # fmt: skip
    result = copy.deepcopy(run["results"][0])
    result["ruleId"] = "evil.rule"
    result["ruleIndex"] = len(rules) - 1
    result["message"] = {"text": XSS}
    result["properties"] = {**result["properties"], "severity": "critical"}
    result["fingerprints"] = {"shiftleft/v1": "xss0000000000000"}
    run["results"].append(result)
    md = copy.deepcopy(run["results"][0])
    md["message"] = {"text": MD_HOSTILE}
    md["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "=cmd|' /C calc'!A0.py"
    md["fingerprints"] = {"shiftleft/v1": "md00000000000000"}
    run["results"].append(md)
    log["properties"]["shiftleft"]["stages"] = ["code", "build"]
    log["properties"]["shiftleft"]["scanners"].append({
        "name": "osv", "stage": "build", "category": "sca", "status": "timeout", "required": True,
        "reason": "osv did not finish within 900 s", "version": None, "seconds": 900.0, "results": 0,
    })  # fmt: skip
    return log


def frameworks() -> tuple[FrameworkResult, ...]:
    controls = (
        ControlResult("soc2", "CC6.1", "Logical access: no committed credentials", "fail",
                      "5 secret(s) found", ("b8edd74a529433105fa6e6459b18993a",), ("detect-secrets",)),
        ControlResult("soc2", "CC7.1", "Vulnerabilities in code are detected", "pass", "SAST ran", (), ("semgrep",)),
        ControlResult("soc2", "CC8.1", "Dependencies are free of known vulnerabilities", "not-assessed",
                      "osv timed out", (), ("osv",)),
        ControlResult("soc2", "CC6.8", "Container images are hardened", "not-applicable", "no image", ()),
    )  # fmt: skip
    return (FrameworkResult("soc2", "SOC 2 <Trust> Services", "2017", controls),)


def history() -> HistorySummary:
    return HistorySummary(
        previous_scan="2026-11-15T10:00:00Z", new=4, fixed=6, still_open=24,
        trend=(("2026-10-01T10:00:00Z", 41), ("2026-10-15T10:00:00Z", 35), ("2026-11-01T10:00:00Z", 30),
               ("2026-11-15T10:00:00Z", 26), ("2026-11-22T10:00:00Z", 28)),
        mttr_days={"critical": 2.5, "high": 9.0, "medium": None},
        open_by_age={"<7d": 4, "7-30d": 10, "30-90d": 12, ">90d": 2},
    )  # fmt: skip


def full_report(log: dict[str, Any] | None = None) -> Report:
    report = assemble_report(log if log is not None else hostile_log()).report
    return replace(report, frameworks=frameworks(), history=history())


@pytest.fixture
def report() -> Report:
    return full_report()
