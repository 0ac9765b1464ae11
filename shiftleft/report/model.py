"""Everything a reporter needs, derived once from the SARIF log.

Built from a fresh scan or from a SARIF file written earlier (the scanner health lives in
the log's ``properties.shiftleft``), so every format shows the same numbers.
"""

from __future__ import annotations

from typing import Any

from shiftleft.config import GateConfig
from shiftleft.errors import ShiftleftError
from shiftleft.findings import iter_findings
from shiftleft.model import GateContext, Report, ScannerStatus
from shiftleft.policy.gate import evaluate, item_coverage
from shiftleft.scorecard import compute


class ReportInputError(ShiftleftError, ValueError):
    """A file given to ``shiftleft report`` that cannot be read as a shiftleft report."""


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
