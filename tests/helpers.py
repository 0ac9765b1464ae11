"""Shared builders for the unit tests: fake scanners, tiny targets, hand-made findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import sarif_om

from shiftleft.model import Finding, Report, ScanContext, ScannerStatus, ScanTarget
from shiftleft.sarif import om
from shiftleft.scanners.base import Scanner


class FakeScanner(Scanner):
    """A scanner that never runs a tool; subclasses override ``run`` as needed."""

    name: ClassVar[str] = "fake"
    category: ClassVar[str] = "sast"
    stages: ClassVar[tuple[str, ...]] = ("code",)

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        return "1.0.0"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        raise NotImplementedError


class CleanScanner(FakeScanner):
    """Runs and finds nothing."""

    name: ClassVar[str] = "clean"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        return make_run([])


class HighScanner(FakeScanner):
    """One high finding (security-severity 8.5) at app.py:1."""

    name: ClassVar[str] = "high"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        return make_run([result_dict("R1", "app.py", 1, properties={"security-severity": "8.5"})])


def target_for(root: Path, files: Sequence[str] | None = None) -> ScanTarget:
    if files is None:
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return ScanTarget(root=root.resolve(), files=tuple(files))


def run_dict(
    results: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None, name: str = "fake"
) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": name}
    if rules is not None:
        driver["rules"] = rules
    return {"tool": {"driver": driver}, "results": results}


def result_dict(rule_id: str, uri: str, line: int, text: str = "problem", **extra: Any) -> dict[str, Any]:
    return {
        "ruleId": rule_id,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
        **extra,
    }


def make_run(results: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None) -> sarif_om.Run:
    return om.run_from_dict(run_dict(results, rules))


def finding(
    severity: str = "high",
    *,
    category: str = "sast",
    stage: str = "code",
    suppressed: bool = False,
    tool: str = "fake",
    rule_id: str = "R1",
    message: str = "a problem",
    path: str = "app.py",
    line: int = 1,
) -> Finding:
    return Finding(
        tool=tool,
        rule_id=rule_id,
        rule_name=rule_id,
        message=message,
        path=path,
        line=line,
        severity=severity,
        category=category,
        stage=stage,
        fingerprint=f"fp-{rule_id}-{line}",
        suppressed=suppressed,
    )


def status(
    name: str = "fake",
    status: str = "ok",
    *,
    stage: str = "code",
    category: str = "sast",
    required: bool = True,
    reason: str | None = None,
) -> ScannerStatus:
    return ScannerStatus(name, stage, category, status, required, reason)


def report_of(
    findings: Sequence[Finding], statuses: Sequence[ScannerStatus], meta: dict[str, Any] | None = None
) -> Report:
    """A Report of hand-made findings and scanner health, as a reporter receives it: an
    empty gate, the scorecard computed from them, no SARIF behind it."""
    from shiftleft.model import GateResult
    from shiftleft.scorecard import compute

    return Report(
        sarif={"version": "2.1.0", "runs": []},
        findings=tuple(findings),
        statuses=tuple(statuses),
        gate=GateResult(rules=()),
        scorecard=compute(list(findings), list(statuses)),
        meta={
            "version": "0.1.0",
            "startTime": "2026-11-22T02:54:04.590Z",
            "endTime": "2026-11-22T02:54:18.506Z",
            **(meta or {}),
        },
    )
