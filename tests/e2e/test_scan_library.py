"""End to end in-process: ``shiftleft.scan.scan`` gives the report ``shiftleft scan`` prints
and writes, without spawning a process (the real scanners still run)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from shiftleft.config import ConfigError
from shiftleft.errors import EXIT_USAGE, ShiftleftError
from shiftleft.model import Verdict
from shiftleft.report import write_reports
from shiftleft.scan import ScanRequest, ScanResult, scan
from shiftleft.target import TargetError
from tests.conftest import FIXTURES, require, shiftleft

pytestmark = pytest.mark.e2e

PROJECT = FIXTURES / "code-project"


def _require_code_tools() -> None:
    for tool in ("semgrep", "bandit", "detect-secrets"):
        require(shutil.which(tool) is not None or (Path(sys.executable).parent / tool).exists(),
                f"{tool} is not installed")  # fmt: skip


@pytest.fixture(scope="module")
def library_scan(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    _require_code_tools()
    out = tmp_path_factory.mktemp("library")
    return scan(PROJECT, ScanRequest(stages=("code",), output=out, record_history=False))


def test_library_and_cli_give_the_same_report(library_scan: ScanResult, tmp_path: Path) -> None:
    proc = shiftleft("scan", str(PROJECT), "--stage", "code", "-o", str(tmp_path), "-f", "json", "--no-history")
    card = json.loads((tmp_path / "scorecard.json").read_text("utf-8"))
    report = library_scan.report
    assert proc.returncode == report.gate.exit_code == 1
    assert report.gate.verdict is Verdict.FAILED and card["gate"]["verdict"] == "FAILED"
    cli_findings = {(f["tool"], f["ruleId"], f["path"], f["line"], f["fingerprint"]) for f in card["findings"]}
    lib_findings = {(f.tool, f.rule_id, f.path, f.line, f.fingerprint) for f in report.findings}
    assert lib_findings == cli_findings and lib_findings
    assert report.scorecard.overall.grade == card["scorecard"]["overall"]["grade"]
    assert [fw.id for fw in report.frameworks] == [fw["id"] for fw in card["frameworks"]]


def test_library_result_writes_every_format(library_scan: ScanResult, tmp_path: Path) -> None:
    written = write_reports(library_scan.report, ["sarif", "json", "html", "markdown"], tmp_path / "out")
    assert [p.name for p in written] == ["shiftleft.sarif", "scorecard.json", "report.html", "report.md"]
    assert all(p.stat().st_size > 0 for p in written)


def test_bad_input_is_a_shiftleft_error_before_any_scanner(tmp_path: Path) -> None:
    with pytest.raises(TargetError) as missing:
        scan(tmp_path / "nope", ScanRequest(record_history=False, output=tmp_path / "out"))
    assert missing.value.exit_code == EXIT_USAGE
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages: [nope]\n", "utf-8")
    with pytest.raises(ConfigError):
        scan(PROJECT, ScanRequest(config_file=bad, record_history=False, output=tmp_path / "out"))
    not_dir = tmp_path / "file"
    not_dir.write_text("x", "utf-8")
    with pytest.raises(ShiftleftError, match="not a directory"):
        scan(PROJECT, ScanRequest(output=not_dir, record_history=False))
    assert not (tmp_path / "out").exists()  # nothing was written: refused before the scan
