"""The store's guarantees: two scans at once, a scan killed half-way, an old schema."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import shiftleft.history.store as store_module
from shiftleft.gitinfo import GitInfo
from shiftleft.history import HistoryStore
from shiftleft.history.schema import SCHEMA_VERSION, V1, _statements
from shiftleft.history.store import iso
from tests.conftest import ROOT
from tests.history.helpers import day, finding, report, status

NO_GIT = GitInfo()


def _dump(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        scans = conn.execute("SELECT * FROM scans ORDER BY seq").fetchall()
        findings = conn.execute("SELECT * FROM findings ORDER BY id").fetchall()
    return scans, findings


# -- concurrency ---------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, timezone
    from pathlib import Path
    from shiftleft.gitinfo import GitInfo
    from shiftleft.history import HistoryStore
    from tests.history.helpers import finding, report

    db, go, names, rounds = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","), int(sys.argv[4])
    store = HistoryStore(db, busy_timeout=60)
    while not go.exists():
        time.sleep(0.005)
    for i in range(rounds):
        names_now = names[: 1 + i % len(names)]
        store.record(report([finding(n) for n in names_now]), now=datetime.now(timezone.utc), git=GitInfo())
    """
)


def _check_serialized(path: Path, expected_scans: int, writers: list[list[str]]) -> None:
    """Replay the recorded episodes scan by scan: what was open at scan k must be exactly
    what one writer reported then (a prefix of its names, every scanner having run), and
    the scan's new / fixed / open counts must match the difference with scan k-1. Two
    recordings that interleaved would break one of these."""
    allowed = {frozenset(names[:j]) for names in writers for j in range(1, len(names) + 1)}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        scans = conn.execute("SELECT seq, id, open_count, new_count, fixed_count FROM scans ORDER BY seq").fetchall()
        seq_of = {scan_id: seq for seq, scan_id, *_ in scans}
        episodes = [
            (fp, seq_of[first], seq_of[fixed] if fixed else None)
            for fp, first, fixed in conn.execute("SELECT fingerprint, first_scan, fixed_scan FROM findings")
        ]
    assert len(scans) == expected_scans
    before: frozenset[str] = frozenset()
    for seq, _id, open_count, new_count, fixed_count in scans:
        now = frozenset(fp for fp, first, fixed in episodes if first <= seq and (fixed is None or fixed > seq))
        assert now in allowed, (seq, sorted(now))
        assert (open_count, new_count, fixed_count) == (len(now), len(now - before), len(before - now))
        before = now


def test_two_processes_record_at_once(tmp_path: Path) -> None:
    db, go = tmp_path / "history.db", tmp_path / "go"
    rounds = 60
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(go), names, str(rounds)], cwd=ROOT,
                         stderr=subprocess.PIPE, text=True)
        for names in ("a,b,c", "b,c,d,e")
    ]
    time.sleep(0.5)  # both have imported shiftleft and wait on the start line
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    _check_serialized(db, 2 * rounds, [["a", "b", "c"], ["b", "c", "d", "e"]])


def test_threads_record_at_once_on_a_fresh_database(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(names: list[str]) -> None:
        store = HistoryStore(db)
        start.wait()
        try:
            for i in range(10):
                store.record(report([finding(n) for n in names[: 1 + i % len(names)]]), now=day(i), git=NO_GIT)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(list(n),)) for n in ("ab", "bcd", "x", "ay")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    _check_serialized(db, 40, [list(n) for n in ("ab", "bcd", "x", "ay")])


# -- crash safety --------------------------------------------------------------------------

def test_an_error_inside_the_transaction_leaves_the_database_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HistoryStore(tmp_path / "history.db")
    store.record(report([finding("a"), finding("b")]), now=day(0), git=NO_GIT)
    before = _dump(store.path)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_module, "_close_episodes", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.record(report([finding("c")]), now=day(1), git=NO_GIT)
    assert _dump(store.path) == before
    monkeypatch.undo()
    summary = store.record(report([finding("a")]), now=day(2), git=NO_GIT)
    assert (summary.previous_scan, summary.new, summary.fixed, summary.still_open) == (iso(day(0)), 0, 1, 1)


KILLED = textwrap.dedent(
    """
    import sys, time
    import shiftleft.history.store as m
    from shiftleft.gitinfo import GitInfo
    from tests.history.helpers import day, finding, report

    original = m._close_episodes
    def stall(*args, **kwargs):
        result = original(*args, **kwargs)  # the new scan and its findings are written, not committed
        print("inside", flush=True)
        time.sleep(60)
        return result
    m._close_episodes = stall
    m.HistoryStore(sys.argv[1]).record(report([finding("c"), finding("d")]), now=day(1), git=GitInfo())
    """
)


def test_a_scan_killed_half_way_records_nothing(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.db")
    store.record(report([finding("a"), finding("b")]), now=day(0), git=NO_GIT)
    before = _dump(store.path)
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(store.path)], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "inside", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert _dump(store.path) == before
    summary = store.record(report([finding("a")]), now=day(2), git=NO_GIT)
    assert (summary.previous_scan, summary.new, summary.fixed, summary.still_open) == (iso(day(0)), 0, 1, 1)
    assert len(store.scans()) == 2


# -- migrations ----------------------------------------------------------------------------

def test_a_version_1_database_is_upgraded_and_keeps_its_history(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    with sqlite3.connect(path) as conn:
        for statement in _statements(V1):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO scans (id, target, recorded_at, grade, score, open_count)"
                     " VALUES ('old', '/repo', ?, 'F', 10.0, 2)", (iso(day(0)),))
        for fp, tool in (("x", "bandit"), ("y", "semgrep")):
            conn.execute(
                "INSERT INTO findings (target, fingerprint, rule_id, tool, severity, path, first_seen, first_scan,"
                " last_seen, last_scan) VALUES ('/repo', ?, 'R', ?, 'high', 'app.py', ?, 'old', ?, 'old')",
                (fp, tool, iso(day(0)), iso(day(0))),
            )
    store = HistoryStore(path)
    assert store.schema_version() == 1
    both = [status("bandit"), status("semgrep")]
    summary = store.record(report([finding("x")], both), now=day(5), git=NO_GIT)
    assert store.schema_version() == SCHEMA_VERSION == 2
    assert (summary.previous_scan, summary.new, summary.fixed, summary.still_open) == (iso(day(0)), 0, 1, 1)
    assert summary.mttr_days["high"] == 5.0
    assert summary.trend == ((iso(day(0)), 2), (iso(day(5)), 1))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT stage FROM findings WHERE fingerprint = 'x'").fetchone() == ("code",)
        assert conn.execute("SELECT count(*) FROM scan_scanners").fetchone() == (2,)


def test_a_failed_migration_leaves_the_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "history.db"
    with sqlite3.connect(path) as conn:
        for statement in _statements(V1):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    monkeypatch.setattr("shiftleft.history.schema.MIGRATIONS", (V1, "ALTER TABLE findings ADD COLUMN z;\nBROKEN SQL"))
    with pytest.raises(Exception, match="syntax error"):
        HistoryStore(path).migrate()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        columns = [row[1] for row in conn.execute("PRAGMA table_info(findings)")]
        assert "z" not in columns


def test_a_new_database_is_created_at_the_current_version(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "deep" / "dir" / "history.db")
    assert store.migrate() == 0
    assert store.schema_version() == SCHEMA_VERSION
    assert store.scans() == ()
