"""The one SQLite opener: any bytes at a database path are a refusal or a usable
connection, never another exception; statements are bounded in time; a read is a read."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftleft import sqlite_safe
from shiftleft.advisories.store import EXPECTED_SCHEMA, MAX_DB_BYTES
from tests.hostile.db import builders as b

HEADER = sqlite_safe.MAGIC


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=4096), st.binary(max_size=4096).map(lambda d: HEADER + d)))
def test_any_bytes_are_refused_or_usable(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.sqlite3"
        path.write_bytes(data)
        try:
            conn = sqlite_safe.connect(path, expected=EXPECTED_SCHEMA, readonly=True, max_bytes=MAX_DB_BYTES)
        except sqlite_safe.SqliteRefused as exc:
            assert "\n" not in str(exc)
        else:  # only a database holding exactly our schema opens
            conn.close()
        assert path.read_bytes() == data


def test_a_long_statement_is_stopped_at_its_deadline(tmp_path: Path) -> None:
    conn = sqlite_safe.connect(tmp_path / "x.db", expected=sqlite_safe.exactly([]), readonly=False,
                               max_bytes=1 << 20, statement_timeout=0.3, allow_new=True)  # fmt: skip
    start = time.monotonic()
    with pytest.raises(sqlite_safe.SqliteTimeout, match=r"longer than 0\.3 s"):
        conn.execute(b.FOREVER).fetchall()
    with pytest.raises(sqlite_safe.SqliteTimeout):  # the deadline also covers fetching rows
        for _row in conn.execute("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r"):
            pass
    assert time.monotonic() - start < 10
    assert conn.execute("SELECT 1").fetchall() == [(1,)]  # the next statement gets a new deadline


def test_a_writable_file_cannot_grow_past_its_cap(tmp_path: Path) -> None:
    conn = sqlite_safe.connect(tmp_path / "x.db", expected=lambda _v: sqlite_safe.Schema.of(["CREATE TABLE t (x)"]),
                               readonly=False, max_bytes=256 * 1024, allow_new=True)  # fmt: skip
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(sqlite3.DatabaseError, match="full"):
        for _ in range(100):
            conn.execute("INSERT INTO t VALUES (zeroblob(10000))")
        conn.commit()


def test_a_wal_mode_file_is_not_read_in_place(tmp_path: Path) -> None:
    """Reading a WAL database would create -wal/-shm files beside it."""
    path = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3")
    b.tamper(path, "PRAGMA journal_mode = WAL")
    beside = b.siblings(path)
    with pytest.raises(sqlite_safe.SqliteRefused, match="WAL"):
        sqlite_safe.connect(path, expected=EXPECTED_SCHEMA, readonly=True, max_bytes=MAX_DB_BYTES)
    assert b.siblings(path) == beside


def test_an_oversized_file_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3")
    with pytest.raises(sqlite_safe.SqliteRefused, match="larger than"):
        sqlite_safe.connect(path, expected=EXPECTED_SCHEMA, readonly=True, max_bytes=1024)


def test_our_own_databases_open(tmp_path: Path) -> None:
    path = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3")
    sqlite_safe.connect(path, expected=EXPECTED_SCHEMA, readonly=True, max_bytes=MAX_DB_BYTES).close()
    from shiftleft.history import HistoryStore
    from shiftleft.history.schema import SCHEMA_VERSION

    hist = b.history_db(tmp_path / "history.db")
    assert HistoryStore(hist).schema_version() == SCHEMA_VERSION
