"""``shiftleft.scan.scan`` in-process with fake scanners: the verdict, exit code and report
come from the one assembly, and a scanner that cannot run makes the scan INCOMPLETE."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from shiftleft import scan as scan_module
from shiftleft.errors import EXIT_GATE_FAILED, EXIT_INCOMPLETE, EXIT_PASS
from shiftleft.model import ScanStatus, Verdict
from shiftleft.scan import ScanRequest, scan
from shiftleft.scanners.base import Scanner
from tests.helpers import CleanScanner, FakeScanner, HighScanner

Clean, High = CleanScanner, HighScanner


class Missing(FakeScanner):
    name: ClassVar[str] = "missing"

    def health(self) -> str | None:
        return "missing is not installed"


def _scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *scanners: type[Scanner]) -> scan_module.ScanResult:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    monkeypatch.setattr(scan_module, "discover", lambda: {cls.name: cls for cls in scanners})
    return scan(repo, ScanRequest(stages=("code",), output=tmp_path / "out", record_history=False))


def test_clean_scan_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _scan(tmp_path, monkeypatch, Clean)
    assert result.report.gate.verdict is Verdict.PASSED and result.report.gate.exit_code == EXIT_PASS
    assert [s.status for s in result.report.statuses] == [ScanStatus.OK]


def test_a_finding_fails_the_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _scan(tmp_path, monkeypatch, Clean, High)
    assert result.report.gate.verdict is Verdict.FAILED and result.report.gate.exit_code == EXIT_GATE_FAILED
    assert [f.rule_id for f in result.report.findings] == ["R1"]
    assert result.report.frameworks, "the scan judges the compliance frameworks"


def test_a_missing_scanner_is_incomplete_never_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _scan(tmp_path, monkeypatch, Clean, Missing)
    assert result.report.gate.verdict is Verdict.INCOMPLETE and result.report.gate.exit_code == EXIT_INCOMPLETE
    assert {s.name: s.status for s in result.report.statuses}["missing"] is ScanStatus.MISSING


def test_the_gate_is_evaluated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shiftleft.policy import engine, gate

    calls: list[int] = []
    real = gate.evaluate

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "evaluate", counting)
    monkeypatch.setattr(gate, "evaluate", counting)
    _scan(tmp_path, monkeypatch, Clean)
    assert len(calls) == 1
