"""Repository text on its way to a terminal (and to the Markdown/HTML/JUnit/CSV reports),
through the real CLI: no planted control, escape or bidi character reaches stdout or
stderr raw, no forged "Gate PASSED" line, and what was there is shown, not dropped."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import shiftleft
from tests.hostile.text.builders import (
    assert_no_raw,
    hostile_advisory_dir,
    hostile_config_key,
    hostile_repo,
    scan_config,
)

REPORTS = ("report.md", "report.html", "junit.xml", "findings.csv")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    base = tmp_path_factory.mktemp("text")
    marker = tmp_path_factory.mktemp("marker") / "PWNED"
    repo = hostile_repo(base / "repo", marker)
    out = base / "out"
    args = ["scan", str(repo), "--stage", "code", "--config", str(scan_config(base)), "-o", str(out), "-v"]
    for fmt in ("sarif", "json", "markdown", "html", "junit", "csv"):
        args += ["-f", fmt]
    return shiftleft(*args, timeout=300), out, marker


def test_scan_prints_no_raw_escape(scanned: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    result, _out, marker = scanned
    assert result.returncode in (1, 3), result.stderr  # findings, not an internal error
    assert not marker.exists()
    assert_no_raw(result.stdout, result.stderr)
    # the planted "\r   Gate PASSED" is shown escaped inside its finding's line (whole, since
    # paths are not cut in a log); the only line that says the gate is the real one
    gate_lines = [line for line in result.stdout.splitlines() if line.lstrip().startswith("Gate ")]
    assert gate_lines == ["Gate FAILED"]
    assert all("\\r" in line for line in result.stdout.splitlines() if "Gate PASSED" in line)


def test_every_planted_place_is_shown_escaped(scanned: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    """The waiver owner (a warning), the refused ignore bracket (a warning), the file name
    (findings and progress): present, visibly escaped, never silently dropped."""
    result, _out, _marker = scanned
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("shiftleft: warning:")]
    owner = next(ln for ln in warnings if "nothing-matches" in ln)
    assert "\\x1b]52;c;" in owner and "<U+202E>" in owner and "\\x07" in owner and "\\n" in owner
    refused = next(ln for ln in warnings if "without a reason is not honoured" in ln)
    assert "\\x1b[2J" in refused and "\\x08" in refused and "<U+200B>" in refused and "\\x9b" in refused
    assert "evil\\x1b[2J" in result.stdout  # the file name in the findings list


@pytest.mark.parametrize("name", REPORTS)
def test_reports_hold_no_raw_escape(scanned: tuple[subprocess.CompletedProcess[str], Path, Path], name: str) -> None:
    _result, out, _marker = scanned
    text = (out / name).read_text("utf-8-sig")
    assert_no_raw(text.replace("\r\n", "\n").replace("\t", " "))
    assert "U+202E" in text  # the accepted ignore's reason and the file name, shown


def test_sarif_and_json_keep_the_data_escaped_as_json(
    scanned: tuple[subprocess.CompletedProcess[str], Path, Path],
) -> None:
    """Data formats keep the exact text (a consumer must see what the file is named), as
    JSON escapes: the file bytes hold no raw ESC."""
    _result, out, _marker = scanned
    for name in ("shiftleft.sarif", "scorecard.json"):
        raw = (out / name).read_text("utf-8")
        assert "\x1b" not in raw
        assert "\x1b" in repr(json.loads(raw)) or "\\x1b" in repr(json.loads(raw))


def test_config_key_in_an_error_is_escaped(tmp_path: Path) -> None:
    repo = hostile_config_key(tmp_path / "repo")
    result = shiftleft("scan", str(repo), "--stage", "code", "-o", str(tmp_path / "out"), timeout=120)
    assert result.returncode == 2
    assert_no_raw(result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
    # the key is not echoed at all (a value from the file is never quoted): nothing to escape
    assert "unknown key" in result.stderr and "not shown" in result.stderr


def test_quiet_scan_is_one_clean_line(tmp_path: Path, marker: Path) -> None:
    repo = hostile_repo(tmp_path / "repo", marker)
    result = shiftleft("scan", str(repo), "--stage", "code", "--config", str(scan_config(tmp_path)), "-q",
                       "-o", str(tmp_path / "out"), timeout=300)  # fmt: skip
    assert result.returncode in (1, 3)
    assert_no_raw(result.stdout, result.stderr)
    assert result.stdout.strip().splitlines() == [result.stdout.strip()]
    assert not marker.exists()


def test_db_import_prints_skipped_entry_names_escaped(tmp_path: Path) -> None:
    valid = Path(__file__).resolve().parents[3] / "examples/advisories/PyPI/PYSEC-2014-13.json"
    folder = hostile_advisory_dir(tmp_path / "osv", valid)
    result = shiftleft("db", "import", str(folder), "--db", str(tmp_path / "db.sqlite"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert_no_raw(result.stdout, result.stderr)
    assert "skipped 1 entries" in result.stdout and "bad\\x1b[2J" in result.stdout and "<U+202E>" in result.stdout
