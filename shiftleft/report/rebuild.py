"""Rebuild a ``Report`` from files written earlier, without rescanning.

Two inputs, two different promises:

* a shiftleft SARIF log holds every result and the scanners' health, so the findings,
  scorecard and gate are *recomputed* from it (the gate with the config given, by default
  the default gate). It holds no compliance or history results: those are left empty.
* ``scorecard.json`` holds what the scan decided (gate, scores, framework results,
  history) and every finding without its raw SARIF, so it is *re-read* as it was: the gate
  is not re-evaluated, and a SARIF log cannot be written back from it.

``merge_logs`` combines the SARIF logs of separate per-stage CI jobs into one log, as if
one scan had run every stage, so one scorecard and one gate judge all of them.

Every file read here is hostile input (``shiftleft.sarif.readback``): read within size and
depth bounds, refused when a field has the wrong type, and a SARIF log's scanner health
is believed only where its runs back it (``trusted_log``), so a truncated or edited log
cannot re-render as a complete clean scan. What is read back is re-redacted
(``redact.redact_read_back``) before any report is written from it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from shiftleft import __version__
from shiftleft.config import GateConfig
from shiftleft.findings import Finding
from shiftleft.gate import GateResult, GateRule
from shiftleft.pipeline import ScannerStatus
from shiftleft.report.model import (
    ControlResult,
    FrameworkResult,
    HistorySummary,
    Report,
    ReportInputError,
    build_report,
    statuses_from_log,
)
from shiftleft.sarif import readback
from shiftleft.sarif.redact import redact_read_back
from shiftleft.scorecard import Area, Scorecard

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "scorecard.schema.json"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
ORCHESTRATOR_ID = readback.ORCHESTRATOR_ID


@cache
def scorecard_schema() -> dict[str, Any]:
    """The JSON Schema of scorecard.json (draft 2020-12), shipped inside the package."""
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return data


def load_json(path: Path) -> dict[str, Any]:
    """Read a report file within the read-back bounds (size, depth), turning every way it
    can be unreadable into one input error."""
    try:
        return readback.read_json(path)
    except readback.ReadBackError as exc:
        raise ReportInputError(str(exc)) from None


def trusted_log(data: dict[str, Any], name: str, notes: list[str] | None = None) -> dict[str, Any]:
    """A SARIF log read back, checked (types, counts) and with its scanner health taken
    back where its runs do not support it (``readback.reconcile``); a note per claim taken
    back is appended to ``notes``. ReportInputError when it cannot be a shiftleft log."""
    if kind_of_quiet(data) != "sarif":
        raise ReportInputError(f"{name}: not a SARIF 2.1.0 log")
    try:
        readback.check_sarif(data)
        log, taken_back = readback.reconcile(data, name)
    except readback.ReadBackError as exc:
        raise ReportInputError(str(exc) if str(exc).startswith(name) else f"{name}: {exc}") from None
    if notes is not None:
        notes.extend(taken_back)
    # re-redacted: a forged or older log may carry a secret into every report written from it
    redacted: dict[str, Any] = redact_read_back(log)
    return redacted


def kind_of(data: dict[str, Any]) -> str:
    """``sarif`` or ``scorecard``; anything else is refused rather than guessed at."""
    if isinstance(data.get("runs"), list) and data.get("version") == "2.1.0":
        return "sarif"
    tool = data.get("tool")
    if "schemaVersion" in data and isinstance(tool, dict) and tool.get("name") == "shiftleft":
        return "scorecard"
    raise ReportInputError("not a shiftleft SARIF log (SARIF 2.1.0) nor a shiftleft scorecard.json")


def load_report(
    path: Path, gate_config: GateConfig | None = None, notes: list[str] | None = None
) -> tuple[Report, str]:
    """The report stored in ``path`` and which kind of file it was (``notes``: see
    ``trusted_log``)."""
    data = load_json(path)
    try:
        kind = kind_of(data)
        if kind == "sarif":
            return build_report(trusted_log(data, str(path), notes), gate_config or GateConfig()), kind
        return from_scorecard(data), kind
    except ReportInputError as exc:
        raise ReportInputError(f"{path}: {exc}") from None
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        # a log that claims to be ours but is malformed: an input problem, not a crash
        raise ReportInputError(f"{path}: malformed shiftleft report ({type(exc).__name__}: {exc})") from None


def _tuple_fields(cls: type, item: dict[str, Any]) -> dict[str, Any]:
    """Keep the dataclass' own keys, and give back tuples where JSON could only store lists."""
    names = {f.name for f in fields(cls)}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in item.items() if k in names}


def _control(item: dict[str, Any]) -> ControlResult:
    return ControlResult(**_tuple_fields(ControlResult, item))


def from_scorecard(data: dict[str, Any]) -> Report:
    """Re-read a scorecard.json (validated against its schema first, so a wrong or
    hand-edited file is refused with the first problem instead of half-rendered)."""
    errors = sorted(
        jsonschema.Draft202012Validator(scorecard_schema()).iter_errors(data), key=lambda e: list(e.absolute_path)
    )
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise ReportInputError(f"does not match the scorecard.json schema at {where}: {errors[0].message}")
    findings = tuple(Finding(**_tuple_fields(Finding, f)) for f in data["findings"])
    statuses = tuple(ScannerStatus(**_tuple_fields(ScannerStatus, s)) for s in data["scanners"])
    gate = GateResult(
        tuple(GateRule(**_tuple_fields(GateRule, r)) for r in data["gate"]["rules"]),
        **{k: v for k, v in data["gate"].items() if k == "policy" and k in {f.name for f in fields(GateResult)}},
    )
    card = data["scorecard"]

    def area(item: dict[str, Any]) -> Area:
        values = _tuple_fields(Area, item)
        values["counts"] = dict(item.get("counts") or {})
        return Area(**values)

    scorecard = Scorecard(
        area(card["overall"]), tuple(area(a) for a in card["stages"]), tuple(area(a) for a in card["categories"])
    )
    frameworks = tuple(
        FrameworkResult(fw["id"], fw["name"], fw["version"], tuple(_control(c) for c in fw["controls"]))
        for fw in data.get("frameworks") or []
    )
    history = None
    if data.get("history"):
        h = data["history"]
        history = HistorySummary(
            previous_scan=h.get("previous_scan"), new=h["new"], fixed=h["fixed"], still_open=h["still_open"],
            trend=tuple((str(when), int(count)) for when, count in h.get("trend") or []),
            mttr_days=dict(h.get("mttr_days") or {}), open_by_age=dict(h.get("open_by_age") or {}),
        )  # fmt: skip
    # no SARIF in a scorecard: an empty dict tells the SARIF writer there is nothing to write
    report = Report({}, findings, statuses, gate, scorecard, dict(data["scan"]), frameworks, history)
    rebuilt: Report = redact_read_back(report)  # like a log read back: re-redacted before any report
    return rebuilt


# --- merging per-stage logs -------------------------------------------------------------

_STATE_RANK = {"disabled": 0, "not-applicable": 1, "ok": 2}  # anything else (failed...) ranks 3


def _merge_status(items: Sequence[ScannerStatus]) -> ScannerStatus:
    """One scanner in one stage seen by several jobs: a failure anywhere wins (part of
    the code went unassessed: never a false clean); otherwise ran beats did-not-apply."""
    worst = max(items, key=lambda s: _STATE_RANK.get(s.status, 3))
    if worst.status != "ok":
        return worst
    ran = [s for s in items if s.status == "ok"]
    return ScannerStatus(
        worst.name, worst.stage, worst.category, "ok", any(s.required for s in items), None,
        worst.version, round(sum(s.seconds for s in ran), 3), sum(s.results for s in ran),
        sum(s.not_assessed for s in ran),
    )  # fmt: skip


def _run_id(run: dict[str, Any]) -> str | None:
    details = run.get("automationDetails") or {}
    value = details.get("id")
    return str(value) if value else None


def _merge_orchestrator(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The shiftleft run of each log (skipped files, scanners that could not assess)
    becomes one run, so the merged log still has one run per automation id."""
    merged: dict[str, Any] = copy.deepcopy(runs[0])
    invocation = (merged.get("invocations") or [{}])[0]
    notes: list[Any] = []
    starts, ends, ok = [], [], True
    for run in runs:
        for inv in run.get("invocations") or []:
            notes.extend(inv.get("toolExecutionNotifications") or [])
            if inv.get("startTimeUtc"):
                starts.append(inv["startTimeUtc"])
            if inv.get("endTimeUtc"):
                ends.append(inv["endTimeUtc"])
            ok = ok and bool(inv.get("executionSuccessful", True))
    invocation["executionSuccessful"] = ok
    if notes:
        invocation["toolExecutionNotifications"] = notes
    if starts:
        invocation["startTimeUtc"] = min(starts)
    if ends:
        invocation["endTimeUtc"] = max(ends)
    merged["invocations"] = [invocation]
    return merged


def merge_logs(logs: Sequence[tuple[str, dict[str, Any]]], notes: list[str] | None = None) -> dict[str, Any]:
    """One SARIF log from several shiftleft logs (``(name, log)`` pairs, name for errors),
    each of them a ``trusted_log`` first.

    Runs are kept as they are; a tool run whose automation id is already taken (the same
    stage scanned by two jobs) gets ``/<n>/`` appended so GitHub sees distinct categories.
    Scanner health is the union of every log's, with ``_merge_status`` for duplicates.
    """
    if not logs:
        raise ReportInputError("nothing to merge")
    runs: list[dict[str, Any]] = []
    orchestrators: list[dict[str, Any]] = []
    statuses: dict[tuple[str, str], list[ScannerStatus]] = {}
    metas: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, (name, raw) in enumerate(logs, start=1):
        log = trusted_log(raw, name, notes)
        try:
            for status in statuses_from_log(log):
                statuses.setdefault((status.name, status.stage), []).append(status)
        except (ReportInputError, TypeError, AttributeError) as exc:
            raise ReportInputError(f"{name}: {exc}") from None
        metas.append(dict(log["properties"]["shiftleft"]))
        for run in log["runs"]:
            run_id = _run_id(run)
            if run_id == ORCHESTRATOR_ID:
                orchestrators.append(run)
                continue
            run = copy.deepcopy(run)
            if run_id is not None and run_id in seen:
                run_id = f"{run_id.rstrip('/')}/{index}/"
                run["automationDetails"] = {**run["automationDetails"], "id": run_id}
            if run_id is not None:
                seen.add(run_id)
            runs.append(run)
    if orchestrators:
        runs.append(_merge_orchestrator(orchestrators))
    merged_statuses = [_merge_status(items) for items in statuses.values()]
    stages: dict[str, None] = {}
    for meta in metas:
        stages.update(dict.fromkeys(meta.get("stages") or []))
    targets = list(dict.fromkeys(str(m.get("target", "")) for m in metas))
    meta_out: dict[str, Any] = {
        "version": __version__,
        "target": targets[0] if len(targets) == 1 else ", ".join(targets),
        "stages": list(stages),
        "scanners": [asdict(s) for s in merged_statuses],
        "filesScanned": max(int(m.get("filesScanned") or 0) for m in metas),
        "filesSkipped": max(int(m.get("filesSkipped") or 0) for m in metas),
        "mergedFrom": [name for name, _ in logs],
    }
    starts = [m["startTime"] for m in metas if m.get("startTime")]
    ends = [m["endTime"] for m in metas if m.get("endTime")]
    if starts:
        meta_out["startTime"] = min(starts)
    if ends:
        meta_out["endTime"] = max(ends)
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": runs,
        "properties": {"shiftleft": meta_out},
    }


def kind_of_quiet(data: dict[str, Any]) -> str | None:
    """``kind_of`` without the exception, for callers that report their own error."""
    try:
        return kind_of(data)
    except ReportInputError:
        return None
