"""One verdict in every output: a scan that exits 3 (only coverage rules failed: something
was not assessed) says INCOMPLETE everywhere - terminal, ``-q``, ``report``, HTML,
Markdown, JUnit, scorecard.json - never "FAILED" in one place and "INCOMPLETE" in another.
Each output reads ``GateResult.verdict`` (shiftleft.model)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console

from shiftleft.config import GateConfig
from shiftleft.errors import EXIT_INCOMPLETE
from shiftleft.model import Report, Verdict
from shiftleft.policy.gate import evaluate
from shiftleft.report import html_report, junit_report, markdown_report, scorecard_json, terminal
from shiftleft.scorecard import compute
from tests.helpers import status

ROOT = Path(__file__).resolve().parents[2]


def incomplete_report() -> Report:
    """No finding; a required scanner timed out: the gate is incomplete, not failed."""
    statuses = [status("semgrep"), status("bandit", "timeout", reason="too slow")]
    meta = {"version": "0.1", "target": "/src", "stages": ["code"], "filesScanned": 3, "filesSkipped": 0}
    report = Report({"version": "2.1.0", "runs": []}, (), tuple(statuses), evaluate([], statuses, GateConfig()),
                    compute([], statuses), meta)  # fmt: skip
    assert report.gate.verdict is Verdict.INCOMPLETE and report.gate.exit_code == EXIT_INCOMPLETE
    return report


def test_terminal_says_incomplete() -> None:
    buf = io.StringIO()
    terminal.render(incomplete_report(), Console(file=buf, width=120, color_system=None))
    lines = buf.getvalue().splitlines()
    assert "Gate INCOMPLETE" in lines
    assert not any(line.startswith("Gate FAILED") for line in lines)


def test_html_says_incomplete() -> None:
    html = html_report.render(incomplete_report())
    assert 'id="verdict">INCOMPLETE<' in html


def test_markdown_says_incomplete() -> None:
    text = markdown_report.render(incomplete_report())
    assert "INCOMPLETE" in text
    assert "FAILED" not in text.replace("NOT ASSESSED", "")


def test_junit_says_incomplete() -> None:
    root = ET.fromstring(junit_report.render(incomplete_report()))
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["verdict"] == "INCOMPLETE"
    assert props["exitCode"] == str(EXIT_INCOMPLETE)


def test_json_says_incomplete() -> None:
    gate = scorecard_json.to_json(incomplete_report())["gate"]
    assert gate["passed"] is False and gate["exitCode"] == EXIT_INCOMPLETE and gate["verdict"] == "INCOMPLETE"


def _scan_empty(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A scan of an empty directory: nothing to assess, so the gate is incomplete (exit 3)."""
    target = tmp_path / "empty"
    target.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "shiftleft", "scan", str(target), "--stage", "code", "-o", str(tmp_path / "out"), *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300, check=False,
    )  # fmt: skip


def test_cli_terminal_and_quiet_say_incomplete(tmp_path: Path) -> None:
    full = _scan_empty(tmp_path / "a")
    assert full.returncode == EXIT_INCOMPLETE, full.stderr
    assert "Gate INCOMPLETE" in full.stdout and "Gate FAILED" not in full.stdout
    quiet = _scan_empty(tmp_path / "b", "-q")
    assert quiet.returncode == EXIT_INCOMPLETE, quiet.stderr
    assert quiet.stdout.startswith("shiftleft gate INCOMPLETE")


def test_report_command_says_incomplete(tmp_path: Path) -> None:
    scan = _scan_empty(tmp_path)
    assert scan.returncode == EXIT_INCOMPLETE, scan.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    again = subprocess.run(
        [sys.executable, "-m", "shiftleft", "report", "--from", str(tmp_path / "out" / "shiftleft.sarif"),
         "-o", str(tmp_path / "again"), "--gate"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert again.returncode == EXIT_INCOMPLETE, again.stderr
    assert "gate INCOMPLETE" in again.stdout
    assert json.loads((tmp_path / "out" / "scorecard.json").read_text("utf-8"))["gate"]["exitCode"] == EXIT_INCOMPLETE
