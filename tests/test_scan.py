"""``shiftleft.scan.scan`` in-process with fake scanners: the verdict, exit code and report
come from the one assembly, and a scanner that cannot run makes the scan INCOMPLETE."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
import sarif_om

from shiftleft import scan as scan_module
from shiftleft.errors import EXIT_GATE_FAILED, EXIT_INCOMPLETE, EXIT_PASS
from shiftleft.model import ScanContext, ScanStatus, Verdict
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


@pytest.mark.parametrize("field, value, expected", [
    ("policy_files", (Path("nosuch.yaml"),), "policy file not found"),
    ("waivers", Path("nosuch-waivers.yaml"), "not found"),
    ("frameworks", ("no-such-framework",), "unknown framework"),
])  # fmt: skip
def test_a_bad_policy_input_is_refused_before_any_scanner_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: object, expected: str
) -> None:
    """A typo in --policy, --waivers or --framework is exit 2 at once, not after minutes of scanning."""
    from shiftleft.errors import ShiftleftError

    ran: list[str] = []

    class Recording(CleanScanner):
        def run(self, ctx: ScanContext) -> sarif_om.Run:
            ran.append(self.name)
            return super().run(ctx)

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(scan_module, "discover", lambda: {Recording.name: Recording})
    request = ScanRequest(stages=("code",), output=tmp_path / "out", record_history=False, **{field: value})
    with pytest.raises(ShiftleftError, match=expected) as caught:
        scan(repo, request)
    assert caught.value.exit_code == 2
    assert ran == [], "the scanners ran before the bad input was refused"
