"""History across scans: new / fixed / still open, MTTR and ages with an injected clock,
and the rule that a scanner that did not run cannot fix anything."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from shiftleft.gitinfo import GitInfo, git_info
from shiftleft.history import HistoryError, HistoryStore, default_history_path
from shiftleft.history.schema import SCHEMA_VERSION
from shiftleft.history.store import iso
from tests.history.helpers import day, finding, report, status

NO_GIT = GitInfo()


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "h" / "history.db")


def test_three_scans_new_fixed_still_open_mttr_and_ages(store: HistoryStore) -> None:
    first = store.record(report([finding("a", "high"), finding("b", "medium"), finding("c", "critical")]),
                         now=day(0), git=NO_GIT)
    assert (first.previous_scan, first.new, first.fixed, first.still_open) == (None, 3, 0, 0)
    assert first.trend == ((iso(day(0)), 3),)
    assert first.mttr_days == {"critical": None, "high": None, "medium": None, "low": None, "info": None}
    assert first.open_by_age == {"<7d": 3, "7-30d": 0, "30-90d": 0, ">90d": 0}

    second = store.record(report([finding("a", "high"), finding("c", "critical"), finding("d", "low")]),
                          now=day(10), git=NO_GIT)
    assert (second.previous_scan, second.new, second.fixed, second.still_open) == (iso(day(0)), 1, 1, 2)
    assert second.mttr_days["medium"] == 10.0
    assert second.mttr_days["high"] is None
    assert second.open_by_age == {"<7d": 1, "7-30d": 2, "30-90d": 0, ">90d": 0}

    third = store.record(report([finding("d", "low"), finding("e", "high")]), now=day(40.5), git=NO_GIT)
    assert (third.previous_scan, third.new, third.fixed, third.still_open) == (iso(day(10)), 1, 2, 1)
    assert third.trend == ((iso(day(0)), 3), (iso(day(10)), 3), (iso(day(40.5)), 2))
    assert third.mttr_days == {"critical": 40.5, "high": 40.5, "medium": 10.0, "low": None, "info": None}
    # d first seen on day 10 -> 30.5 days old; e brand new
    assert third.open_by_age == {"<7d": 1, "7-30d": 0, "30-90d": 1, ">90d": 0}

    rows = store.scans("/repo")
    assert [r.open_count for r in rows] == [2, 3, 3]  # newest first
    assert [(r.new_count, r.fixed_count) for r in rows] == [(1, 2), (1, 1), (3, 0)]


def test_trend_is_limited_to_the_last_n_scans(store: HistoryStore) -> None:
    for n in range(5):
        summary = store.record(report([finding(str(i)) for i in range(n + 1)]), now=day(n), git=NO_GIT,
                               trend_scans=3)
    assert summary.trend == ((iso(day(2)), 3), (iso(day(3)), 4), (iso(day(4)), 5))


def test_finding_of_a_scanner_that_did_not_run_is_not_fixed(store: HistoryStore) -> None:
    both = [status("bandit"), status("semgrep")]
    store.record(report([finding("a"), finding("s", tool="semgrep")], both), now=day(0), git=NO_GIT)

    # semgrep failed: its finding is absent from the log but NOT fixed
    failed = [status("bandit"), status("semgrep", "failed")]
    recorded = store.record_scan(report([finding("a")], failed), now=day(1), git=NO_GIT)
    assert (recorded.summary.new, recorded.summary.fixed, recorded.summary.still_open) == (0, 0, 2)
    assert recorded.not_assessed == 1
    assert recorded.summary.trend[-1] == (iso(day(1)), 2)

    # semgrep not part of this scan at all (stage not selected, scanner disabled): same
    only_bandit = [status("bandit"), status("semgrep", "disabled")]
    summary = store.record(report([finding("a")], only_bandit), now=day(2), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (0, 2)
    summary = store.record(report([finding("a")], [status("bandit")]), now=day(3), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (0, 2)

    # semgrep ran and no longer reports it: now it is fixed, with its true age
    summary = store.record(report([finding("a")], both), now=day(4), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (1, 1)
    assert summary.mttr_days["high"] == 4.0


def test_only_the_run_in_the_findings_stage_can_fix_it(store: HistoryStore) -> None:
    """checkov runs in build and deploy: a successful build run says nothing about IaC."""
    ran = [status("checkov", stage="build"), status("checkov", stage="deploy")]
    store.record(report([finding("iac", tool="checkov", stage="deploy")], ran), now=day(0), git=NO_GIT)
    half = [status("checkov", stage="build"), status("checkov", "timeout", stage="deploy")]
    summary = store.record(report([], half), now=day(1), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (0, 1)
    summary = store.record(report([], ran), now=day(2), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (1, 0)


def test_suppressed_findings_are_neither_open_nor_fixed(store: HistoryStore) -> None:
    store.record(report([finding("a"), finding("w", suppressed=True)]), now=day(0), git=NO_GIT)
    summary = store.record(report([finding("a")]), now=day(1), git=NO_GIT)
    assert (summary.new, summary.fixed, summary.still_open) == (0, 0, 1)
    assert summary.mttr_days["high"] is None  # waiving is not remediating


def test_a_finding_that_comes_back_is_new_again(store: HistoryStore) -> None:
    store.record(report([finding("a")]), now=day(0), git=NO_GIT)
    store.record(report([]), now=day(2), git=NO_GIT)
    summary = store.record(report([finding("a")]), now=day(50), git=NO_GIT)
    assert (summary.new, summary.fixed, summary.still_open) == (1, 0, 0)
    assert summary.open_by_age["<7d"] == 1  # its age restarts
    assert summary.mttr_days["high"] == 2.0  # the first episode's fix is kept


def test_targets_are_independent(store: HistoryStore) -> None:
    store.record(report([finding("a")], target="/one"), now=day(0), git=NO_GIT)
    summary = store.record(report([finding("b")], target="/two"), now=day(1), git=NO_GIT)
    assert (summary.previous_scan, summary.new, summary.fixed) == (None, 1, 0)
    summary = store.record(report([], target="/one"), now=day(2), git=NO_GIT)
    assert (summary.previous_scan, summary.fixed) == (iso(day(0)), 1)
    assert summary.trend == ((iso(day(0)), 1), (iso(day(2)), 0))


def test_duplicate_fingerprints_count_once_at_the_highest_severity(store: HistoryStore) -> None:
    summary = store.record(report([finding("a", "low"), finding("a", "critical")]), now=day(0), git=NO_GIT)
    assert summary.new == 1
    store.record(report([]), now=day(1), git=NO_GIT)
    assert store.record(report([]), now=day(2), git=NO_GIT).mttr_days["critical"] == 1.0


def test_naive_clock_is_refused(store: HistoryStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record(report([]), now=datetime(2026, 1, 1), git=NO_GIT)


def test_default_path_is_outside_the_target_and_keyed_by_its_root(tmp_path: Path) -> None:
    from shiftleft.paths import state_dir

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    path = default_history_path(a)
    assert path.parent == state_dir() / "history" and path.suffix == ".db"
    assert tmp_path not in path.parents  # never inside the scanned tree
    assert default_history_path(a / ".") == path and default_history_path(b) != path


def test_git_commit_and_branch_are_recorded(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q", "-b", "trunk"], ["commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    info = git_info(repo)
    assert info.branch == "trunk" and info.commit is not None and len(info.commit) == 40
    store = HistoryStore(default_history_path(repo))
    store.record(report([], target=str(repo)), now=day(0))
    (row,) = store.scans()
    assert (row.git_commit, row.git_branch) == (info.commit, "trunk")


def test_no_repository_or_no_git_gives_no_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert git_info(tmp_path) == GitInfo()
    assert git_info(tmp_path / "missing") == GitInfo()
    monkeypatch.setattr("shiftleft.gitinfo.shutil.which", lambda _name: None)
    assert git_info(Path.cwd()) == GitInfo()


def test_newer_schema_is_refused_not_damaged(store: HistoryStore) -> None:
    store.record(report([finding("a")]), now=day(0), git=NO_GIT)
    with sqlite3.connect(store.path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryError, match="newer than this shiftleft"):
        store.record(report([]), now=day(1), git=NO_GIT)
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM scans").fetchone()[0] == 1


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(b"this is not sqlite at all, just text " * 100)
    with pytest.raises(HistoryError, match=r"history\.db is not an SQLite database"):
        HistoryStore(path).record(report([]), now=day(0), git=NO_GIT)
