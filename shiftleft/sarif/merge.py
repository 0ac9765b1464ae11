"""Merge the SARIF logs of separate per-stage CI jobs into one log, as if one scan had run
every stage, so one scorecard and one gate judge all of them.

A pure function over SARIF dicts: each log must already be a checked, reconciled
shiftleft log (``shiftleft.report.rebuild.trusted_log``); nothing is read or written here.
Scanner health (``properties.shiftleft.scanners``) is merged as the JSON it is in the log.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from shiftleft import __version__
from shiftleft.errors import ShiftleftError
from shiftleft.sarif import orchestrator
from shiftleft.sarif.om import SARIF_SCHEMA_URI
from shiftleft.sarif.prefix import PREFIX_KEY
from shiftleft.sarif.readback import REQUIRED_STATUS_FIELDS, status_entry

#: the optional keys of a scanner-health entry and the value an absent one means
STATUS_DEFAULTS: dict[str, Any] = {
    "reason": None, "version": None, "seconds": 0.0, "results": 0, "notAssessed": 0, "provenance": None,
}  # fmt: skip
_STATE_RANK = {"disabled": 0, "not-applicable": 1, "ok": 2}  # anything else (failed...) ranks 3


class MergeError(ShiftleftError, ValueError):
    """The logs cannot be merged (none given)."""


def _health(item: dict[str, Any]) -> dict[str, Any]:
    """A scanner-health entry with exactly the keys shiftleft writes, absent ones defaulted."""
    return {**{k: item[k] for k in REQUIRED_STATUS_FIELDS}, **{k: item.get(k, d) for k, d in STATUS_DEFAULTS.items()}}


def merge_status(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One scanner in one stage seen by several jobs: a failure anywhere wins (part of
    the code went unassessed: never a false clean); otherwise ran beats did-not-apply."""
    worst = max(items, key=lambda s: _STATE_RANK.get(s["status"], 3))
    if worst["status"] != "ok":
        return worst
    ran = [s for s in items if s["status"] == "ok"]
    return {
        **worst, "required": any(s["required"] for s in items), "reason": None,
        "seconds": round(sum(s["seconds"] for s in ran), 3), "results": sum(s["results"] for s in ran),
        "notAssessed": sum(s["notAssessed"] for s in ran),
    }  # fmt: skip


def _run_id(run: dict[str, Any]) -> str | None:
    value = orchestrator.run_id(run)
    return str(value) if value else None


def merge_orchestrators(runs: list[dict[str, Any]]) -> dict[str, Any]:
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


def _merged_meta(
    names: Sequence[str], metas: Sequence[dict[str, Any]], scanners: list[dict[str, Any]]
) -> dict[str, Any]:
    stages: dict[str, None] = {}
    for meta in metas:
        stages.update(dict.fromkeys(meta.get("stages") or []))
    targets = list(dict.fromkeys(str(m.get("target", "")) for m in metas))
    out: dict[str, Any] = {
        "version": __version__,
        "target": targets[0] if len(targets) == 1 else ", ".join(targets),
        "stages": list(stages),
        "scanners": scanners,
        "filesScanned": max(int(m.get("filesScanned") or 0) for m in metas),
        "filesSkipped": max(int(m.get("filesSkipped") or 0) for m in metas),
        "mergedFrom": list(names),
    }
    prefixes = {m.get(PREFIX_KEY) for m in metas}
    if len(prefixes) == 1 and isinstance(next(iter(prefixes)), str):
        out[PREFIX_KEY] = next(iter(prefixes))  # the jobs scanned the same directory: its URIs' prefix
    starts = [m["startTime"] for m in metas if m.get("startTime")]
    ends = [m["endTime"] for m in metas if m.get("endTime")]
    if starts:
        out["startTime"] = min(starts)
    if ends:
        out["endTime"] = max(ends)
    return out


def merge_logs(logs: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """One SARIF log from several trusted shiftleft logs (``(name, log)`` pairs).

    Runs are kept as they are; a tool run whose automation id is already taken (the same
    stage scanned by two jobs) gets ``/<n>/`` appended so GitHub sees distinct categories.
    Scanner health is the union of every log's, with ``merge_status`` for duplicates.
    """
    if not logs:
        raise MergeError("nothing to merge")
    runs: list[dict[str, Any]] = []
    orchestrators: list[dict[str, Any]] = []
    statuses: dict[tuple[str, str], list[dict[str, Any]]] = {}
    metas: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, (_name, log) in enumerate(logs, start=1):
        meta = dict(log["properties"]["shiftleft"])
        for item in meta["scanners"]:
            status = _health(status_entry(item))
            statuses.setdefault((status["name"], status["stage"]), []).append(status)
        metas.append(meta)
        for run in log["runs"]:
            if orchestrator.is_orchestrator(run):
                orchestrators.append(run)
                continue
            run_id = _run_id(run)
            run = copy.deepcopy(run)
            if run_id is not None and run_id in seen:
                run_id = f"{run_id.rstrip('/')}/{index}/"
                run["automationDetails"] = {**run["automationDetails"], "id": run_id}
            if run_id is not None:
                seen.add(run_id)
            runs.append(run)
    if orchestrators:
        runs.append(merge_orchestrators(orchestrators))
    scanners = [merge_status(items) for items in statuses.values()]
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": runs,
        "properties": {"shiftleft": _merged_meta([n for n, _ in logs], metas, scanners)},
    }
