"""One fact, one computation: the advisory database age, ISO times and the orchestrator run
are each computed by one helper, so every output states the same thing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from shiftleft import audit, isotime
from shiftleft.advisories.freshness import AGE_DECIMALS, age_at_scan
from shiftleft.model import ScannerStatus
from shiftleft.policy.engine import advisory_ages
from shiftleft.report.model import advisory_database
from shiftleft.sarif import limits, orchestrator

END = "2023-06-15T07:12:00Z"  # 10.3 days after the newest advisory


def _log() -> dict[str, Any]:
    summary = {"path": "/db", "ecosystems": {"PyPI": {"count": 17, "newestModified": "2023-06-05T00:00:00.123456789Z"}}}
    osv = {"properties": {"shiftleft": {"scanner": "osv", "stage": "build", "advisoryDatabase": summary}},
           "automationDetails": {"id": "shiftleft/build/osv/"}}  # fmt: skip
    return {"runs": [osv, {"automationDetails": {"id": orchestrator.ORCHESTRATOR_ID}}],
            "properties": {"shiftleft": {"endTime": END}}}  # fmt: skip


def test_the_gate_the_report_and_the_audit_state_one_age() -> None:
    log = _log()
    summary = log["runs"][0]["properties"]["shiftleft"]["advisoryDatabase"]
    gate = dict(advisory_ages(log, [ScannerStatus("osv", "build", "dependencies", "ok", True)]))["osv"]
    report = advisory_database(log, END)
    evidence = audit._runs_by_scanner(log)[("osv", "build")]["advisoryDatabase"]["ageDays"]
    assert report is not None
    assert gate == report["ageDays"] == evidence == age_at_scan(summary, END) == 10.3
    assert AGE_DECIMALS == 1


@given(st.text(max_size=40))
def test_iso_parse_never_raises_and_is_always_aware(text: str) -> None:
    moment = isotime.parse(text)
    assert moment is None or moment.tzinfo is not None


@given(st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=st.just(UTC)), st.integers(0, 9))
def test_iso_parse_reads_every_spelling_of_one_time(moment: datetime, digits: int) -> None:
    moment = moment.replace(microsecond=0)
    base = moment.replace(tzinfo=None).isoformat(timespec="seconds")
    fraction = ("." + "0" * digits) if digits else ""
    for spelled in (f"{base}{fraction}Z", f"{base}{fraction}+00:00", f"{base}{fraction}", f" {base}z "):
        assert isotime.parse(spelled) == moment, spelled
    assert isotime.parse(f"{base}+02:00") == moment - timedelta(hours=2)


def test_the_orchestrator_run_is_found_by_its_id_alone() -> None:
    log = _log()
    assert orchestrator.find(log) is log["runs"][1]
    forged = {"properties": {"shiftleft": {"scanner": "shiftleft"}}, "automationDetails": "not an object"}
    assert not orchestrator.is_orchestrator(forged) and orchestrator.find({"runs": [forged]}) is None


def test_github_limits_keep_the_orchestrator_run_wherever_it_is() -> None:
    tools = [{"tool": {"driver": {"name": f"t{i}"}}, "results": []} for i in range(limits.MAX_RUNS + 3)]
    runs = [{"tool": {"driver": {"name": "shiftleft"}}, "automationDetails": {"id": orchestrator.ORCHESTRATOR_ID}},
            *tools]  # fmt: skip
    capped, _ = limits.github_copy({"version": "2.1.0", "runs": runs})
    assert len(capped["runs"]) == limits.MAX_RUNS and orchestrator.find(capped) is not None
