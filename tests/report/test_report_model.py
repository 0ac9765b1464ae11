"""report/model.py: the advisory database age is the age at scan time, from the SARIF."""

from __future__ import annotations

from shiftleft.report.model import advisory_database


def _log(end: str) -> dict[str, object]:
    summary = {"path": "/db", "ecosystems": {"PyPI": {"count": 17, "newestModified": "2023-06-05T00:00:00Z"}}}
    return {"runs": [{"properties": {"shiftleft": {"advisoryDatabase": summary}}}], "properties": {}}


def test_age_is_measured_at_the_scan_end_not_now() -> None:
    info = advisory_database(_log("2023-06-15T00:00:00Z"), "2023-06-15T00:00:00Z")
    assert info == {"path": "/db", "ecosystems": {"PyPI": 17}, "ageDays": 10.0}


def test_no_database_in_the_log() -> None:
    assert advisory_database({"runs": [{"properties": {}}]}, None) is None
