"""A hostile advisory database: a scan never hangs, never passes on it, never writes to it;
``shiftleft db`` refuses it with exit 2 and one line, never 4."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from shiftleft.advisories.errors import DatabaseMissing, DatabaseUnusable
from shiftleft.advisories.store import AdvisoryStore
from tests.hostile.db import builders as b
from tests.hostile.db.conftest import cli, scan

#: (attack, SQL run on a good database)
SCHEMA_ATTACKS = {
    "recursive trigger on our insert": (f"CREATE TRIGGER boom BEFORE INSERT ON meta BEGIN SELECT ({b.FOREVER}); END",),
    "trigger writing a marker row": (
        "CREATE TABLE pwned (x)",
        "CREATE TRIGGER mark AFTER INSERT ON affected BEGIN INSERT INTO pwned VALUES (1); END",
    ),
    "view in place of a table": (
        "DROP TABLE source",
        f"CREATE VIEW source AS SELECT ({b.FOREVER}) AS ecosystem, '' AS imported_at, '' AS origin",
    ),
    "extra table": ("CREATE TABLE extra (x)",),
    "changed table (generated column)": (
        "DROP TABLE advisory",
        "CREATE TABLE advisory (id TEXT PRIMARY KEY, modified TEXT NOT NULL, published TEXT, withdrawn TEXT,"
        " doc TEXT NOT NULL, slow INTEGER GENERATED ALWAYS AS (length(zeroblob(100000000))) VIRTUAL)",
    ),
    "virtual table": ("CREATE VIRTUAL TABLE vt USING rtree(id, x0, x1)",),
    "wrong user_version": ("PRAGMA user_version = 7",),
    "foreign schema tag": ("UPDATE meta SET value = '99' WHERE key = 'schema'",),
}


@pytest.fixture
def good_db(tmp_path: Path) -> Path:
    return b.advisory_db(tmp_path / "dbdir" / "advisories.sqlite3")


@pytest.mark.parametrize("attack", sorted(SCHEMA_ATTACKS))
def test_schema_attack_is_refused_when_opened(good_db: Path, attack: str) -> None:
    b.tamper(good_db, *SCHEMA_ATTACKS[attack])
    before, beside = b.file_digest(good_db), b.siblings(good_db)
    start = time.monotonic()
    with pytest.raises(DatabaseMissing) as caught:
        AdvisoryStore.open_existing(good_db).advisories_for("PyPI", b.PACKAGE)
    assert time.monotonic() - start < 10
    assert isinstance(caught.value, DatabaseUnusable)
    assert "\n" not in str(caught.value) and str(good_db) in str(caught.value)
    assert b.file_digest(good_db) == before and b.siblings(good_db) == beside  # read-only: nothing written


@pytest.mark.parametrize("attack", ["recursive trigger on our insert", "view in place of a table", "extra table"])
def test_db_commands_refuse_it_with_exit_2(good_db: Path, attack: str, tmp_path: Path) -> None:
    b.tamper(good_db, *SCHEMA_ATTACKS[attack])
    before = b.file_digest(good_db)
    status = cli("db", "status", "--db", str(good_db))
    imported = cli("db", "import", str(b.osv_folder(tmp_path / "more")), "--db", str(good_db))
    for res in (status, imported):
        assert res.returncode == 2, res.stderr
        assert len(res.stderr.strip().splitlines()) == 1 and "internal error" not in res.stderr
        assert "shiftleft did not create" in res.stderr or "unexpected" in res.stderr
    assert b.file_digest(good_db) == before  # import did not write into a file it refused


def test_scan_with_a_trigger_database_fails_the_dependency_scanners(
    good_db: Path, tmp_path: Path, marker: Path
) -> None:
    """Before: the scan hung with no output. Now: osv and pip-audit fail (not assessed), the
    gate does not pass, nothing in the database ran or changed."""
    b.tamper(good_db, *SCHEMA_ATTACKS["recursive trigger on our insert"],
             *SCHEMA_ATTACKS["trigger writing a marker row"])  # fmt: skip
    before, beside = b.file_digest(good_db), b.siblings(good_db)
    root = b.project(tmp_path / "repo")
    res = scan(root, tmp_path / "out", "--db", str(good_db), "--no-history")
    assert res.returncode == 3, res.stdout + res.stderr
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    by_name = {s["name"]: s for s in data["scanners"]}
    assert by_name["osv"]["status"] == "failed" and "did not create" in by_name["osv"]["reason"]
    assert by_name["pip-audit"]["status"] == "failed"
    assert data["gate"]["passed"] is False
    assert b.file_digest(good_db) == before and b.siblings(good_db) == beside
    assert sqlite3.connect(good_db).execute("SELECT count(*) FROM pwned").fetchone() == (0,)
    assert not marker.exists()
    assert sorted(p.name for p in root.iterdir()) == ["requirements.txt"]  # nothing written into the repo


def test_scan_with_a_good_fresh_database_finds_the_vulnerability(good_db: Path, tmp_path: Path) -> None:
    """The control: the same project and database, untampered, fails on the finding."""
    res = scan(b.project(tmp_path / "repo"), tmp_path / "out", "--db", str(good_db), "--no-history")
    assert res.returncode == 1, res.stdout + res.stderr
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert any(f["ruleId"] == b.ADVISORY_ID or b.ADVISORY_ID in str(f) for f in data["findings"])


@pytest.mark.parametrize("kind", ["text", "magic only", "empty", "corrupt pages", "fifo", "directory"])
def test_a_file_that_is_not_a_usable_database(good_db: Path, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.sqlite3"
    if kind == "text":
        b.not_sqlite(path)
    elif kind == "magic only":
        b.not_sqlite(path, b"SQLite format 3\x00" + b"\xff" * 40)
    elif kind == "empty":
        b.not_sqlite(path, b"")
    elif kind == "corrupt pages":
        path = b.corrupt_pages(good_db)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    start = time.monotonic()
    res = cli("db", "status", "--db", str(path))
    assert time.monotonic() - start < 30
    assert res.returncode == 2, res.stdout + res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "internal error" not in res.stderr


def test_import_into_a_file_that_is_not_sqlite_exits_2(tmp_path: Path) -> None:
    """Before: exit 4 (DatabaseError: file is not a database). The file is left as it was."""
    target = b.not_sqlite(tmp_path / "notes.txt")
    before = b.file_digest(target)
    res = cli("db", "import", str(b.osv_folder(tmp_path / "osv")), "--db", str(target))
    assert res.returncode == 2, res.stderr
    assert "not an SQLite database" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert b.file_digest(target) == before


def test_scan_with_a_corrupt_database_is_not_assessed(good_db: Path, tmp_path: Path) -> None:
    b.corrupt_pages(good_db)
    res = scan(b.project(tmp_path / "repo"), tmp_path / "out", "--db", str(good_db), "--no-history")
    assert res.returncode == 3, res.stdout + res.stderr
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert {s["name"]: s["status"] for s in data["scanners"]}["osv"] == "failed"


def test_huge_value_is_refused_not_loaded(good_db: Path) -> None:
    """A 100 MB advisory document: over the per-value limit, refused by SQLite itself."""
    b.tamper(good_db, "UPDATE advisory SET doc = doc || zeroblob(100000000)")
    store = AdvisoryStore.open_existing(good_db)
    with pytest.raises(DatabaseUnusable, match="too big"):
        store.advisories_for("PyPI", b.PACKAGE)


def test_hostile_names_in_a_database_do_not_reach_the_terminal(good_db: Path) -> None:
    b.tamper(good_db, "UPDATE affected SET ecosystem = 'PyPI' || char(27) || ']52;c;cHduZWQ=' || char(7)",
             "UPDATE source SET ecosystem = 'PyPI' || char(27) || ']52;c;cHduZWQ=' || char(7)")  # fmt: skip
    res = cli("db", "status", "--db", str(good_db))
    assert res.returncode == 0, res.stderr
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
