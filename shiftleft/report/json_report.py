"""scorecard.json: the scorecard, gate, scanner health and findings, with the inputs of
the scoring formula so anyone can recompute the numbers."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from shiftleft import __version__
from shiftleft.report.model import FrameworkResult, HistorySummary, Report
from shiftleft.scorecard import GRADES, WEIGHTS

SCHEMA_VERSION = 1


def to_data(report: Report) -> dict[str, Any]:
    return {
        "schemaVersion": SCHEMA_VERSION,
        "tool": {"name": "shiftleft", "version": __version__},
        "scan": report.meta,
        "gate": {
            "passed": report.gate.passed,
            "exitCode": report.gate.exit_code,
            "rules": [asdict(r) for r in report.gate.rules],
        },
        "scorecard": {
            "overall": asdict(report.scorecard.overall),
            "stages": [asdict(a) for a in report.scorecard.stages],
            "categories": [asdict(a) for a in report.scorecard.categories],
            "formula": {
                "weights": WEIGHTS,
                "grades": [{"min": m, "grade": g} for m, g in GRADES],
                "text": "category = max(0, 100 - sum(weights of unsuppressed findings)); "
                "overall = round(mean(scored categories) * coverage, 1); coverage = ran / applicable scanners",
            },
        },
        "scanners": [asdict(s) for s in report.statuses],
        "findings": [
            {k: v for k, v in asdict(f).items() if k != "properties"} | {"cwe": list(f.cwe), "owasp": list(f.owasp)}
            for f in report.findings
        ],
        # compliance and history: empty / null when the scan evaluated none, so a reader can
        # tell "nothing evaluated" from an old file (schema: shiftleft/report/schema/)
        "frameworks": [_framework(fw) for fw in report.frameworks],
        "history": _history(report.history),
    }


def _framework(fw: FrameworkResult) -> dict[str, Any]:
    states = ("pass", "fail", "not-assessed", "not-applicable")
    return {
        "id": fw.id,
        "name": fw.name,
        "version": fw.version,
        "summary": {state: fw.count(state) for state in states},
        "controls": [asdict(c) | {"findings": list(c.findings), "scanners": list(c.scanners)} for c in fw.controls],
    }


def _history(history: HistorySummary | None) -> dict[str, Any] | None:
    if history is None:
        return None
    data = asdict(history)
    data["trend"] = [[when, count] for when, count in history.trend]
    return data


def write(report: Report, path: Path) -> Path:
    path.write_text(json.dumps(to_data(report), indent=2, sort_keys=False) + "\n", "utf-8")
    return path
