"""GitHub code scanning's upload limits, and a capped copy of a log that fits them.

GitHub rejects a SARIF file with more than 20 runs, a run with more than 25,000 results,
or more than 10 MB once gzipped. ``shiftleft.sarif`` always stays complete; when it would
be rejected, ``shiftleft.github.sarif`` is written beside it with the most severe results
kept and a notification saying what was left out and where the full log is.
"""

from __future__ import annotations

import copy
import gzip
import json
from typing import Any

from shiftleft.sarif import orchestrator

#: results one scanner run may hand to the pipeline. Each costs a few KB on its way through
#: normalization, the SARIF log and the reports (300,000 took 4.2 GB): past this, the most
#: severe are kept and the run is marked failed (not assessed), never silently cut
#: (``normalize.cap_results``, applied by ``Scanner.execute``)
MAX_RESULTS_PER_SCANNER = 100_000
MAX_RUNS = 20
MAX_RESULTS_PER_RUN = 25_000
MAX_GZIP_BYTES = 10 * 1024 * 1024
GITHUB_FILE_NAME = "shiftleft.github.sarif"


def gzip_size(data: dict[str, Any]) -> int:
    return len(gzip.compress(json.dumps(data).encode("utf-8"), compresslevel=6))


def problems(data: dict[str, Any]) -> list[str]:
    """Why GitHub would reject this log (empty when it would not)."""
    out: list[str] = []
    runs = data.get("runs") or []
    if len(runs) > MAX_RUNS:
        out.append(f"{len(runs)} runs (GitHub takes {MAX_RUNS})")
    for run in runs:
        count = len(run.get("results") or [])
        if count > MAX_RESULTS_PER_RUN:
            name = run.get("tool", {}).get("driver", {}).get("name", "?")
            out.append(f"{count} results in the {name} run (GitHub takes {MAX_RESULTS_PER_RUN})")
    size = gzip_size(data)
    if size > MAX_GZIP_BYTES:
        out.append(f"{size / 1048576:.1f} MB gzipped (GitHub takes {MAX_GZIP_BYTES // 1048576} MB)")
    return out


def _score(result: dict[str, Any]) -> float:
    try:
        return float((result.get("properties") or {}).get("security-severity", 0.0))
    except (TypeError, ValueError):
        return 0.0


def _keep(run: dict[str, Any], limit: int) -> int:
    """Keep the ``limit`` most severe results of a run (stable within a severity);
    returns how many were dropped."""
    results = run.get("results") or []
    if len(results) <= limit:
        return 0
    ranked = sorted(range(len(results)), key=lambda i: -_score(results[i]))
    kept = sorted(ranked[:limit])
    run["results"] = [results[i] for i in kept]
    return len(results) - limit


def _drop_snippets(data: dict[str, Any]) -> None:
    for run in data.get("runs") or []:
        for result in run.get("results") or []:
            for loc in result.get("locations") or []:
                physical = loc.get("physicalLocation") or {}
                physical.pop("contextRegion", None)
                (physical.get("region") or {}).pop("snippet", None)


def github_copy(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of ``data`` within GitHub's limits, and what was changed to get there."""
    capped = copy.deepcopy(data)
    changes: list[str] = []
    runs = capped.get("runs") or []
    if len(runs) > MAX_RUNS:
        # keep the orchestrator run (last), drop the emptiest tool runs first
        kept = orchestrator.orchestrator_runs(runs)
        tools = [r for r in runs if not orchestrator.is_orchestrator(r)]
        tools.sort(key=lambda r: -len(r.get("results") or []))
        dropped = tools[MAX_RUNS - len(kept) :]
        capped["runs"] = runs = tools[: MAX_RUNS - len(kept)] + kept
        changes.append(f"left out {len(dropped)} run(s) with the fewest results")
    for run in runs:
        gone = _keep(run, MAX_RESULTS_PER_RUN)
        if gone:
            changes.append(f"left out the {gone} least severe result(s) of {run['tool']['driver']['name']}")
    if gzip_size(capped) > MAX_GZIP_BYTES:
        _drop_snippets(capped)
        changes.append("removed code snippets")
    limit = max(len(r.get("results") or []) for r in runs) if runs else 0
    while gzip_size(capped) > MAX_GZIP_BYTES and limit > 1:
        limit //= 2
        gone = sum(_keep(run, limit) for run in runs)
        changes.append(f"kept at most {limit} results per run ({gone} more left out)")
    if changes and runs:
        note = {
            "level": "warning",
            "message": {
                "text": "This copy was cut to fit GitHub code scanning's limits: "
                + "; ".join(changes)
                + ". The complete log is shiftleft.sarif."
            },
        }
        target = orchestrator.find(capped) or runs[-1]  # a log not written by shiftleft: its last run
        invocation = (target.setdefault("invocations", [{"executionSuccessful": True}]) or [{}])[0]
        invocation.setdefault("toolExecutionNotifications", []).append(note)
    return capped, changes
