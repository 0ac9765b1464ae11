"""findings.csv: formula injection and a round trip through the csv module."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from shiftleft.model import Report
from shiftleft.report import csv_report
from tests.report.conftest import XSS


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_formula_starts_get_an_apostrophe(start: str) -> None:
    assert csv_report.cell(f"{start}HYPERLINK(\"http://x\")") == f"'{start}HYPERLINK(\"http://x\")"


def test_a_carriage_return_is_shown_escaped_so_it_starts_no_formula() -> None:
    assert csv_report.cell("\r=HYPERLINK(1)") == "\\r=HYPERLINK(1)"
    assert csv_report.cell("\u202e=cmd") == "<U+202E>=cmd"


@pytest.mark.parametrize("value", ["app/db.py", "a=b", " =x", "'quoted", "", "5"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert csv_report.cell(value) == value


def _read(report: Report, tmp_path: Path) -> list[dict[str, str]]:
    path = csv_report.write(report, tmp_path / "findings.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_round_trip_and_injection_in_a_real_report(report: Report, tmp_path: Path) -> None:
    first = report.findings[0]
    hostile = replace(first, message="-2+3\nsecond line, \"quoted\"", rule_name="@SUM(A1)", path="=cmd|' /C calc'!A0")
    rows = _read(replace(report, findings=(hostile, *report.findings)), tmp_path)
    assert len(rows) == len(report.findings) + 1
    assert tuple(rows[0]) == csv_report.COLUMNS
    assert rows[0]["path"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["rule_name"] == "'@SUM(A1)"
    assert rows[0]["message"] == "'-2+3\nsecond line, \"quoted\""
    assert any(r["message"] == XSS for r in rows)  # kept verbatim: a CSV is data, not markup
    assert all(not r[c].startswith(csv_report.FORMULA_STARTS) for r in rows for c in csv_report.COLUMNS)
    assert rows[1]["cwe"] and rows[1]["suppressed"] in {"true", "false"}


def test_dependency_columns_and_fix_first_order(report: Report, tmp_path: Path) -> None:
    base = report.findings[0]
    dep = replace(base, tool="osv", rule_id="PYSEC-1", category="sca", stage="build", severity="low",
                  path="requirements.txt", fingerprint="dep1", properties={
                      "package": "flask", "version": "0.12.2", "advisory": "PYSEC-1",
                      "aliases": ["CVE-2018-1000656", "GHSA-562c"], "fixedVersions": ["0.12.3", "1.0"]})  # fmt: skip
    new = replace(base, severity="info", baseline_state="new", fingerprint="new1", path="new.py")
    rows = _read(replace(report, findings=(*report.findings, dep, new)), tmp_path)
    for column in ("package", "installed_version", "fixed_version", "advisory_ids", "fix"):
        assert column in csv_report.COLUMNS
    row = next(r for r in rows if r["fingerprint"] == "dep1")
    assert (row["package"], row["installed_version"], row["fixed_version"]) == ("flask", "0.12.2", "0.12.3;1.0")
    assert row["advisory_ids"] == "PYSEC-1;CVE-2018-1000656;GHSA-562c"
    assert row["fix"] == "Upgrade flask 0.12.2 to 0.12.3 or later (also fixed in 1.0)."
    other = next(r for r in rows if r["fingerprint"] != "dep1" and r["category"] == "sast")
    assert other["package"] == other["fixed_version"] == other["advisory_ids"] == "" and other["fix"]
    assert rows[0]["fingerprint"] == "new1"  # new first, whatever its severity
