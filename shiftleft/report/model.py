"""Everything a reporter needs, derived once from the SARIF log.

Built from a fresh scan or from a SARIF file written earlier (the scanner health lives in
the log's ``properties.shiftleft``), so every format shows the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shiftleft.config import GateConfig
from shiftleft.findings import Finding, iter_findings
from shiftleft.gate import GateResult, evaluate
from shiftleft.pipeline import ScannerStatus
from shiftleft.scorecard import Scorecard, compute


@dataclass(frozen=True)
class Report:
    sarif: dict[str, Any]
    findings: tuple[Finding, ...]
    statuses: tuple[ScannerStatus, ...]
    gate: GateResult
    scorecard: Scorecard
    meta: dict[str, Any]


class ReportInputError(ValueError):
    pass


def statuses_from_log(data: dict[str, Any]) -> tuple[ScannerStatus, ...]:
    meta = (data.get("properties") or {}).get("shiftleft") or {}
    items = meta.get("scanners")
    if not isinstance(items, list):
        raise ReportInputError("this SARIF file was not written by shiftleft (no scanner health in its properties)")
    fields = set(ScannerStatus.__dataclass_fields__)
    return tuple(ScannerStatus(**{k: v for k, v in item.items() if k in fields}) for item in items)


def build_report(sarif: dict[str, Any], gate_config: GateConfig) -> Report:
    statuses = statuses_from_log(sarif)
    findings = tuple(iter_findings(sarif))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    findings = tuple(sorted(findings, key=lambda f: (order.get(f.severity, 5), f.path, f.line, f.rule_id)))
    meta = dict((sarif.get("properties") or {}).get("shiftleft") or {})
    meta.pop("scanners", None)
    gate = evaluate(findings, statuses, gate_config)
    return Report(sarif, findings, statuses, gate, compute(findings, statuses), meta)
