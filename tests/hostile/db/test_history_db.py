"""A hostile history database (a ``.shiftleft/history.db`` committed to the scanned
repository, a file at a configured history path): the scan warns "history not recorded"
and goes on; never a hang, never exit 4, never a statement of the file's running."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from shiftleft.gitinfo import GitInfo
from shiftleft.history import HistoryError, HistoryStore
from shiftleft.history.schema import V1, _statements
from tests.history.helpers import day, finding, report
from tests.hostile.db import builders as b
from tests.hostile.db.conftest import scan

NO_GIT = GitInfo()

ATTACKS = {
    "recursive trigger on our insert": (f"CREATE TRIGGER boom BEFORE INSERT ON scans BEGIN SELECT ({b.FOREVER}); END",),
    "trigger writing a marker row": (
        "CREATE TABLE pwned (x)",
        "CREATE TRIGGER mark AFTER INSERT ON findings BEGIN INSERT INTO pwned VALUES (1); END",
    ),
    "view in place of a table": ("DROP TABLE scan_scanners", f"CREATE VIEW scan_scanners AS SELECT ({b.FOREVER}) AS x"),
    "extra table": ("CREATE TABLE extra (x)",),
    "extra index": ("CREATE INDEX slow ON findings (length(zeroblob(1000000)))",),
    "wrong user_version (older than its schema)": ("PRAGMA user_version = 1",),
    "user_version from the future": ("PRAGMA user_version = 99",),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_tampered_history_is_refused_untouched(tmp_path: Path, attack: str) -> None:
    path = b.tamper(b.history_db(tmp_path / "history.db"), *ATTACKS[attack])
    before = b.file_digest(path)
    start = time.monotonic()
    with pytest.raises(HistoryError) as caught:
        HistoryStore(path).record(report([finding("b")]), now=day(1), git=NO_GIT)
    assert time.monotonic() - start < 10
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert b.file_digest(path) == before


def test_a_migration_never_runs_on_a_hostile_old_file(tmp_path: Path) -> None:
    """A version-1 file with a trigger that would fire during the upgrade's writes."""
    path = tmp_path / "history.db"
    with sqlite3.connect(path) as conn:
        for statement in _statements(V1):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("CREATE TABLE pwned (x)")
        conn.execute("CREATE TRIGGER t AFTER INSERT ON scans BEGIN INSERT INTO pwned VALUES (1); END")
    with pytest.raises(HistoryError, match="did not create"):
        HistoryStore(path).record(report([finding("a")]), now=day(0), git=NO_GIT)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM pwned").fetchone() == (0,)


@pytest.mark.parametrize(
    ("attack", "statement"),
    [
        ("malformed date", "UPDATE findings SET first_seen = 'not a date'"),
        ("text where a count belongs", "UPDATE scans SET open_count = 'many'"),
        ("huge row", "UPDATE findings SET path = hex(zeroblob(3000000))"),
    ],
)
def test_malformed_values_are_a_history_error(tmp_path: Path, attack: str, statement: str) -> None:
    """Our schema, hand-made values: before, a ValueError escaped (exit 4)."""
    path = b.tamper(b.history_db(tmp_path / "history.db"), statement)
    with pytest.raises(HistoryError):
        HistoryStore(path).record(report([finding("b")]), now=day(1), git=NO_GIT)


@pytest.mark.parametrize("kind", ["text", "fifo", "corrupt pages"])
def test_a_file_that_is_not_a_history_database(tmp_path: Path, kind: str) -> None:
    import os

    path = tmp_path / "history.db"
    if kind == "text":
        b.not_sqlite(path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        b.corrupt_pages(b.history_db(path))
    start = time.monotonic()
    with pytest.raises(HistoryError):
        HistoryStore(path).record(report([finding("b")]), now=day(1), git=NO_GIT)
    assert time.monotonic() - start < 10


def test_scan_of_a_repository_shipping_a_trigger_history(tmp_path: Path, marker: Path) -> None:
    """Before: the scan hung with no output. Now: "history not recorded", the gate's verdict
    stands (the vulnerable pin fails it), the file is unchanged."""
    root = b.project(tmp_path / "repo")
    (root / ".shiftleft").mkdir()
    hist = b.tamper(b.history_db(root / ".shiftleft" / "history.db"), *ATTACKS["recursive trigger on our insert"])
    before = b.file_digest(hist)
    db = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3")
    res = scan(root, tmp_path / "out", "--db", str(db), "--history", str(hist))
    assert res.returncode == 1, res.stdout + res.stderr
    assert "history not recorded" in res.stdout + res.stderr
    assert "did not create" in res.stdout + res.stderr
    assert b.file_digest(hist) == before
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert data["gate"]["passed"] is False
    assert not marker.exists()
