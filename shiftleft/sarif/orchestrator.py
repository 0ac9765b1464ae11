"""The orchestrator run: the one run of a shiftleft log that belongs to shiftleft itself.

Its notifications say which files no scanner saw and which scanners could not assess, so
the SARIF alone tells the whole story; a log without it is not a complete shiftleft scan.
It is known by one thing only, its automation id: the pipeline writes it, the read-back,
the merge, the policy engine and GitHub's size limits find it, all through this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: the automation id of the orchestrator run (``runs[].automationDetails.id``)
ORCHESTRATOR_ID = "shiftleft/orchestrator/"


def run_id(run: dict[str, Any]) -> object:
    """A SARIF run's automation id as written (any JSON type: the log is read back)."""
    details = run.get("automationDetails")
    return details.get("id") if isinstance(details, dict) else None


def is_orchestrator(run: dict[str, Any]) -> bool:
    return run_id(run) == ORCHESTRATOR_ID


def orchestrator_runs(runs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every orchestrator run among ``runs`` (one in a scan's log; a merge combines theirs)."""
    return [r for r in runs if isinstance(r, dict) and is_orchestrator(r)]


def find(log: dict[str, Any]) -> dict[str, Any] | None:
    """The orchestrator run of a SARIF log (as a dict), None when it has none."""
    found = orchestrator_runs(log.get("runs") or [])
    return found[0] if found else None
