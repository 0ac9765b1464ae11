"""A refused advisory database is reported as refused, with the safe opener's reason, by
every scanner that reads it: "no advisory database" for a file that is there but untrusted
sends the user to import into a file shiftleft will refuse again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.db import builders as b
from tests.hostile.db.conftest import scan


def _reasons(out: Path) -> dict[str, str]:
    data = json.loads((out / "scorecard.json").read_text())
    assert data["gate"]["passed"] is False
    return {s["name"]: s.get("reason") or "" for s in data["scanners"] if s["status"] == "failed"}


@pytest.mark.parametrize(
    ("attack", "why"),
    [
        (("CREATE TABLE extra (x)",), "did not create"),
        (("CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END",), "did not create"),
    ],
    ids=["extra-table", "trigger"],
)
def test_pip_audit_passes_the_refusal_through(tmp_path: Path, attack: tuple[str, ...], why: str) -> None:
    db = b.tamper(b.advisory_db(tmp_path / "db" / "advisories.sqlite3"), *attack)
    out = tmp_path / "out"
    res = scan(b.project(tmp_path / "repo"), out, "--db", str(db), "--no-history")
    assert res.returncode == 3, res.stdout + res.stderr
    reasons = _reasons(out)
    assert why in reasons["pip-audit"] and "no advisory database at" not in reasons["pip-audit"]
    assert why in reasons["osv"]


def test_pip_audit_says_a_non_sqlite_file_is_not_a_database(tmp_path: Path) -> None:
    db = b.not_sqlite(tmp_path / "advisories.sqlite3")
    out = tmp_path / "out"
    res = scan(b.project(tmp_path / "repo"), out, "--db", str(db), "--no-history")
    assert res.returncode == 3, res.stdout + res.stderr
    reason = _reasons(out)["pip-audit"]
    assert "no advisory database at" not in reason and str(db) in reason


def test_a_database_without_pypi_data_says_so(tmp_path: Path) -> None:
    """The control for the wording: a trusted database without PyPI advisories is named as such."""
    db = b.advisory_db(tmp_path / "db" / "advisories.sqlite3", [b.advisory(package="left-pad") | {
        "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}, "versions": ["1.0.0"]}]}])
    out = tmp_path / "out"
    scan(b.project(tmp_path / "repo"), out, "--db", str(db), "--no-history")
    data = json.loads((out / "scorecard.json").read_text())
    pip = next(s for s in data["scanners"] if s["name"] == "pip-audit")
    assert pip["status"] == "failed" and "holds no PyPI advisories" in pip["reason"]
