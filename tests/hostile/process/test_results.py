"""A scanner cannot flood the scan with results: past the cap the most severe are kept,
the run is failed (not assessed, exit 3), the number left out recorded; memory grows
linearly with the results kept."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from shiftleft import pipeline
from shiftleft.config import Config
from shiftleft.errors import EXIT_INCOMPLETE
from shiftleft.findings import iter_findings
from shiftleft.policy.gate import evaluate
from shiftleft.sarif import limits, om
from shiftleft.target import collect

from .builders import ManyNotes, ManyResults


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir(parents=True)
    (root / "app.py").write_text("".join(f"x{i} = {i}\n" for i in range(50)), encoding="utf-8")
    return root


def _scan(root: Path, scanner: type) -> pipeline.ScanOutcome:
    return pipeline.run_scan(collect(root), Config(timeout=120), {scanner.name: scanner})


def test_past_the_cap_the_most_severe_are_kept_and_the_run_is_not_assessed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_RESULTS_PER_SCANNER", 1000)
    monkeypatch.setattr(ManyResults, "count", 3000)
    outcome = _scan(_repo(tmp_path), ManyResults)
    (status,) = outcome.statuses
    (run,) = [r for r in outcome.log.runs if r.tool.driver.name == "many-results"]
    assert status.status == "failed" and not status.assessed
    assert status.results == 1000 and status.not_assessed == 1
    assert "3000 results" in (status.reason or "") and "2000 left out" in (status.reason or "")
    assert sum(r.rule_id == "M1" for r in run.results) == 300  # every error kept
    assert run.properties["shiftleft"]["resultsDropped"] == 2000
    notes = run.invocations[0].tool_execution_notifications
    assert any("NOT ASSESSED" in n.message.text for n in notes)


def test_a_capped_run_cannot_pass_the_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_RESULTS_PER_SCANNER", 500)
    monkeypatch.setattr(ManyNotes, "count", 800)
    outcome = _scan(_repo(tmp_path), ManyNotes)
    findings = list(iter_findings(om.log_to_dict(outcome.log)))
    assert evaluate(findings, outcome.statuses).exit_code == EXIT_INCOMPLETE


def test_under_the_cap_nothing_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ManyNotes, "count", 200)
    outcome = _scan(_repo(tmp_path), ManyNotes)
    assert outcome.statuses[0].status == "ok" and outcome.statuses[0].results == 200


def _peak(tmp_path: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(ManyNotes, "count", count)
    root = _repo(tmp_path / str(count))
    tracemalloc.start()
    try:
        outcome = _scan(root, ManyNotes)
        om.log_to_dict(outcome.log)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_linearly_with_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scaled down from 300,000 (4.2 GB): 1,000 and 4,000 results; and a hard bound per
    result, generous (measured ~6 KB through the scan and the SARIF dict)."""
    small = _peak(tmp_path, 1000, monkeypatch)
    large = _peak(tmp_path, 4000, monkeypatch)
    assert large < 6 * small, (small, large)
    assert large < 4000 * 40 * 1024, large
