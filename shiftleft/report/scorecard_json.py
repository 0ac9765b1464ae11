"""scorecard.json, writer and reader side by side: one contract, one casing (camelCase).

The file holds the scorecard, gate, scanner health and findings of one scan, with the
inputs of the scoring formula so anyone can recompute the numbers, and what the scan
decided (gate, framework results, history), so ``report --from scorecard.json`` re-reads
it as it was: ``from_json(to_json(report)) == report`` for a report without its SARIF.

Versions: 2 (written) names every field in camelCase, as SARIF does; 1 (read, never
written) named the fields of the records as the Python fields are named (``rule_id``).
Each version is validated against its own schema (``schema/``) before anything is read:
the file is hostile input, and a wrong or hand-edited file is refused with the first
problem instead of half-rendered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from shiftleft import __version__
from shiftleft.jsoncase import camel, from_record, record, snake
from shiftleft.model import (
    Area,
    ControlResult,
    Finding,
    FrameworkResult,
    GateResult,
    GateRule,
    HistorySummary,
    Report,
    ScannerStatus,
    Scorecard,
    ScoreInput,
)
from shiftleft.report.model import ReportInputError
from shiftleft.report.sarif_report import readable_dumps
from shiftleft.scorecard import GRADES, WEIGHTS

SCHEMA_VERSION = 2
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
#: schemaVersion -> (its JSON Schema file, how it spelled a record's field names)
VERSIONS: dict[int, tuple[str, Callable[[str], str]]] = {
    1: ("scorecard.v1.schema.json", snake),
    2: ("scorecard.schema.json", camel),
}
STATES = ("pass", "fail", "not-assessed", "not-applicable")
FORMULA_TEXT = (
    "per (stage, category) in scorecard.inputs: raw = max(0, 100 - penalty), penalty = sum(weights of unsuppressed "
    "findings); coverage = scanners ran / applicable * items checked / items given; weight = coverage * "
    "(1 + penalty / 25), 0 for an inventory (sbom) or nothing to judge; area score = round(weighted mean(raw of its "
    "scored pairs) * mean(coverage of its pairs), 1) (plain mean when every weight is 0)"
)


# --- writing ---------------------------------------------------------------------------------


def gate_json(gate: GateResult) -> dict[str, Any]:
    """The gate as scorecard.json and the audit bundle write it."""
    return {"passed": gate.passed, "verdict": gate.verdict.value, "exitCode": gate.exit_code, "policy": gate.policy,
            "rules": [record(r) for r in gate.rules]}  # fmt: skip


def scanner_json(status: ScannerStatus) -> dict[str, Any]:
    return record(status)


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding without its raw SARIF properties (they stay in the SARIF log)."""
    return record(finding, skip=("properties",))


def control_json(control: ControlResult) -> dict[str, Any]:
    return record(control)


def framework_json(fw: FrameworkResult) -> dict[str, Any]:
    return {"id": fw.id, "name": fw.name, "version": fw.version, "summary": summary_json(fw),
            "controls": [control_json(c) for c in fw.controls]}  # fmt: skip


def summary_json(fw: FrameworkResult) -> dict[str, int]:
    """Controls per state, keyed ``pass``, ``fail``, ``notAssessed``, ``notApplicable``."""
    return {camel(state): fw.count(state) for state in STATES}


def history_json(history: HistorySummary | None) -> dict[str, Any] | None:
    return None if history is None else record(history)


def to_json(report: Report) -> dict[str, Any]:
    """The scorecard.json object of ``report`` (schemaVersion 2)."""
    card = report.scorecard
    return {
        "schemaVersion": SCHEMA_VERSION,
        "tool": {"name": "shiftleft", "version": __version__},
        "scan": dict(report.meta),
        "gate": gate_json(report.gate),
        "scorecard": {
            "overall": record(card.overall),
            "stages": [record(a) for a in card.stages],
            "categories": [record(a) for a in card.categories],
            "inputs": [record(i) for i in card.inputs],
            "formula": {
                "weights": WEIGHTS,
                "grades": [{"min": m, "grade": g} for m, g in GRADES],
                "text": FORMULA_TEXT,
            },
        },
        "scanners": [scanner_json(s) for s in report.statuses],
        "findings": [finding_json(f) for f in report.findings],
        # compliance and history: empty / null when the scan evaluated none, so a reader can
        # tell "nothing evaluated" from an old file
        "frameworks": [framework_json(fw) for fw in report.frameworks],
        "history": history_json(report.history),
    }


#: containers nested deeper are written on one line (``sarif_report.readable_dumps``); a
#: record of scalars is one line at any depth: a finding, a scanner, a control per line
READABLE_DEPTH = 6


def encode(report: Report) -> str:
    """The text of scorecard.json (what ``write`` writes; the OSCAL export states its sha256):
    the document ``json.dumps`` gives, indented down to ``READABLE_DEPTH`` (``indent=2``
    took 0.35 s of a 5,000-finding warm scan: its encoder is pure Python)."""
    return readable_dumps(to_json(report), READABLE_DEPTH, flat_records=True) + "\n"


def write(report: Report, path: Path) -> Path:
    path.write_text(encode(report), "utf-8")
    return path


# --- reading ---------------------------------------------------------------------------------


@cache
def schema(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scorecard.json version, shipped in the package."""
    data: dict[str, Any] = json.loads((SCHEMA_DIR / VERSIONS[version][0]).read_text("utf-8"))
    return data


def _validate(data: dict[str, Any]) -> Callable[[str], str]:
    version = data.get("schemaVersion")
    if type(version) is not int or version not in VERSIONS:
        known = ", ".join(str(v) for v in VERSIONS)
        shown = repr(version)[:40]  # repr: a hostile string's control characters come out escaped
        raise ReportInputError(f"scorecard.json schemaVersion {shown} is not one this shiftleft reads ({known})")
    import jsonschema  # for reading only: writing a scorecard does not load it

    validator = jsonschema.Draft202012Validator(schema(version))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise ReportInputError(f"does not match the scorecard.json schema at {where}: {errors[0].message}")
    return VERSIONS[version][1]


def _area(item: dict[str, Any], key: Callable[[str], str]) -> Area:
    return Area(**from_record(Area, item, key))


def _history(item: dict[str, Any] | None, key: Callable[[str], str]) -> HistorySummary | None:
    if not item:
        return None
    values = from_record(HistorySummary, item, key)
    values["trend"] = tuple((str(when), int(count)) for when, count in item.get("trend") or [])
    return HistorySummary(**values)


def from_json(data: dict[str, Any]) -> Report:
    """The report a scorecard.json holds (version 1 or 2), validated first. It has no
    SARIF: an empty dict tells the SARIF writer there is nothing to write."""
    key = _validate(data)
    card, gate = data["scorecard"], data["gate"]
    scorecard = Scorecard(
        _area(card["overall"], key), tuple(_area(a, key) for a in card["stages"]),
        tuple(_area(a, key) for a in card["categories"]),
        tuple(ScoreInput(**from_record(ScoreInput, i, key)) for i in card.get("inputs") or []),
    )  # fmt: skip
    frameworks = tuple(
        FrameworkResult(fw["id"], fw["name"], fw["version"],
                        tuple(ControlResult(**from_record(ControlResult, c, key)) for c in fw["controls"]))
        for fw in data.get("frameworks") or []
    )  # fmt: skip
    return Report(
        {},
        tuple(Finding(**from_record(Finding, f, key)) for f in data["findings"]),
        tuple(ScannerStatus(**from_record(ScannerStatus, s, key)) for s in data["scanners"]),
        GateResult(tuple(GateRule(**from_record(GateRule, r, key)) for r in gate["rules"]),
                   **({"policy": gate["policy"]} if "policy" in gate else {})),
        scorecard,
        dict(data["scan"]),
        frameworks,
        _history(data.get("history"), key),
    )  # fmt: skip
