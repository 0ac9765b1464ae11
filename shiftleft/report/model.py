"""Everything a reporter needs, derived once from the SARIF log.

Built from a fresh scan or from a SARIF file written earlier (the scanner health lives in
the log's ``properties.shiftleft``), so every format shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shiftleft.errors import ShiftleftError
from shiftleft.findings import iter_findings
from shiftleft.jsoncase import from_record
from shiftleft.model import Report, ScannerStatus, ScanTarget
from shiftleft.policy.engine import PolicyOptions, apply_policies
from shiftleft.policy.gate import item_coverage
from shiftleft.report import fix_first
from shiftleft.sarif.readback import status_entry
from shiftleft.scorecard import compute


class ReportInputError(ShiftleftError, ValueError):
    """A file given to ``shiftleft report`` that cannot be read as a shiftleft report."""


def statuses_from_log(data: dict[str, Any]) -> tuple[ScannerStatus, ...]:
    meta = (data.get("properties") or {}).get("shiftleft") or {}
    items = meta.get("scanners")
    if not isinstance(items, list):
        raise ReportInputError("this SARIF file was not written by shiftleft (no scanner health in its properties)")
    return tuple(ScannerStatus(**from_record(ScannerStatus, status_entry(item))) for item in items)


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


@dataclass(frozen=True)
class AssembledReport:
    report: Report
    #: sentences for the user from applying the policies (expired or unused waivers,
    #: refused inline ignores, baseline counts), already redacted
    notices: tuple[str, ...] = ()


def assemble_report(
    sarif: dict[str, Any],
    options: PolicyOptions | None = None,
    *,
    target: ScanTarget | None = None,
    statuses: Sequence[ScannerStatus] | None = None,
) -> AssembledReport:
    """The one way a ``Report`` is made from a SARIF log: by ``shiftleft scan``, ``report
    --from``, ``report merge`` and ``audit export`` alike. The policies are applied once
    (suppressions, waivers, baseline, frameworks, the gate: ``policy.engine``), then the
    findings and scorecard are read from the log they marked, and the whole report goes
    through the log's redactor (policy files add text: waiver reasons...).

    ``target``: the scanned target, when the log comes from a scan just run (inline
    suppression comments are read from its safe files); None for a log read back, whose
    suppressions are taken as recorded. ``statuses``: the scanners' health, by default the
    one recorded in the log. Modifies ``sarif`` in place, as the policies do."""
    from shiftleft.sarif.redact import redact_value

    health = tuple(statuses) if statuses is not None else statuses_from_log(sarif)
    policy = apply_policies(sarif, health, target, options or PolicyOptions(no_target_waivers=True))
    findings = tuple(fix_first.ordered(iter_findings(sarif)))  # every writer reads them fix-first
    meta = dict((sarif.get("properties") or {}).get("shiftleft") or {})
    meta.pop("scanners", None)
    database = advisory_database(sarif, meta.get("endTime"))
    if database:
        meta["advisoryDatabase"] = database
    scorecard = compute(findings, health, item_coverage(sarif, health))  # items: coverage counts packages too
    report = Report(sarif, findings, health, policy.gate, scorecard, meta, policy.frameworks)
    return AssembledReport(redact_value(report), tuple(redact_value(list(policy.notices))))
