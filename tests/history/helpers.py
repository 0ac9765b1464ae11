"""Hand-built Reports for the history tests: a few findings and scanner statuses, the
gate and scorecard computed by the real code, as a scan would produce them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from shiftleft.config import GateConfig
from shiftleft.model import Finding, Report, ScannerStatus
from shiftleft.policy.gate import evaluate
from shiftleft.scorecard import compute

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def finding(fp: str, severity: str = "high", *, tool: str = "bandit", stage: str = "code",
            suppressed: bool = False, path: str = "app.py") -> Finding:
    return Finding(
        tool=tool, rule_id=f"R-{fp}", rule_name=f"R-{fp}", message=f"problem {fp}", path=path, line=1,
        severity=severity, category="sast", stage=stage, fingerprint=fp, suppressed=suppressed,
    )


def status(name: str = "bandit", state: str = "ok", stage: str = "code") -> ScannerStatus:
    return ScannerStatus(name=name, stage=stage, category="sast", status=state, required=True, version="1.0")


def report(findings: Sequence[Finding], statuses: Sequence[ScannerStatus] | None = None,
           target: str = "/repo") -> Report:
    sts = tuple(statuses if statuses is not None else [status()])
    fs = tuple(findings)
    return Report(
        sarif={"version": "2.1.0", "runs": []}, findings=fs, statuses=sts, gate=evaluate(fs, sts, GateConfig()),
        scorecard=compute(fs, sts), meta={"target": target, "startTime": "2026-01-01T12:00:00.000Z"},
    )
