"""Everything a reporter needs, derived once from the SARIF log.

Built from a fresh scan or from a SARIF file written earlier (the scanner health lives in
the log's ``properties.shiftleft``), so every format shows the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shiftleft.config import GateConfig
from shiftleft.findings import Finding, iter_findings
from shiftleft.gate import GateContext, GateResult, evaluate, item_coverage
from shiftleft.pipeline import ScannerStatus
from shiftleft.scorecard import Scorecard, compute


@dataclass(frozen=True)
class ControlResult:
    """One compliance control judged against this scan."""

    framework: str
    control_id: str
    title: str
    state: str  # pass | fail | not-assessed | not-applicable
    reason: str
    #: shiftleft/v1 fingerprints of the findings that made it fail
    findings: tuple[str, ...] = ()
    #: scanners whose runs are the evidence (or that were required and did not run)
    scanners: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameworkResult:
    id: str
    name: str
    version: str
    controls: tuple[ControlResult, ...]

    def count(self, state: str) -> int:
        return sum(1 for c in self.controls if c.state == state)


@dataclass(frozen=True)
class HistorySummary:
    """What changed since the previous scan of the same target, from the history store."""

    previous_scan: str | None  # ISO time of the scan compared against
    new: int
    fixed: int
    still_open: int
    #: (ISO time, open findings) oldest first, this scan last
    trend: tuple[tuple[str, int], ...] = ()
    #: severity -> mean days from first seen to fixed (None when nothing fixed yet)
    mttr_days: dict[str, float | None] = field(default_factory=dict)
    #: age bucket ("<7d", "7-30d", "30-90d", ">90d") -> open findings
    open_by_age: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    sarif: dict[str, Any]
    findings: tuple[Finding, ...]
    statuses: tuple[ScannerStatus, ...]
    gate: GateResult
    scorecard: Scorecard
    meta: dict[str, Any]
    frameworks: tuple[FrameworkResult, ...] = ()
    history: HistorySummary | None = None


class ReportInputError(ValueError):
    pass


def statuses_from_log(data: dict[str, Any]) -> tuple[ScannerStatus, ...]:
    meta = (data.get("properties") or {}).get("shiftleft") or {}
    items = meta.get("scanners")
    if not isinstance(items, list):
        raise ReportInputError("this SARIF file was not written by shiftleft (no scanner health in its properties)")
    fields = set(ScannerStatus.__dataclass_fields__)
    return tuple(ScannerStatus(**{k: v for k, v in item.items() if k in fields}) for item in items)


def advisory_database(sarif: dict[str, Any], scan_end: str | None) -> dict[str, Any] | None:
    """The advisory database the build and test stages matched against, with its age at
    the time of the scan (not of the rendering): offline scans must say how old their
    knowledge was."""
    from shiftleft.advisories.freshness import age_at_scan, scan_moment, untrusted_reason

    for run in sarif.get("runs") or []:
        summary = ((run.get("properties") or {}).get("shiftleft") or {}).get("advisoryDatabase")
        if isinstance(summary, dict) and summary.get("ecosystems"):
            counts = {eco: info.get("count") for eco, info in summary["ecosystems"].items() if isinstance(info, dict)}
            untrusted = untrusted_reason(summary, now=scan_moment(scan_end))  # a future date: forged, not fresh
            return {"path": summary.get("path"), "ecosystems": counts, "ageDays": age_at_scan(summary, scan_end),
                    **({"untrusted": untrusted} if untrusted else {})}  # fmt: skip
    return None


def build_report(sarif: dict[str, Any], gate_config: GateConfig) -> Report:
    statuses = statuses_from_log(sarif)
    findings = tuple(iter_findings(sarif))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    findings = tuple(sorted(findings, key=lambda f: (order.get(f.severity, 5), f.path, f.line, f.rule_id)))
    meta = dict((sarif.get("properties") or {}).get("shiftleft") or {})
    meta.pop("scanners", None)
    database = advisory_database(sarif, meta.get("endTime"))
    if database:
        meta["advisoryDatabase"] = database
    gate = evaluate(findings, statuses, gate_config, context=GateContext(items=item_coverage(sarif, statuses)))
    return Report(sarif, findings, statuses, gate, compute(findings, statuses), meta)
