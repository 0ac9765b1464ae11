"""Where shiftleft writes: nothing into the scanned tree and nothing outside it unless the
command line asked; a repository can neither ship the history database nor redirect it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from shiftleft import cli
from shiftleft.history import default_history_path

from .builders import HighSast, World, fake_registry, files_under, scan, world


def test_the_default_history_database_is_outside_the_scanned_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(tmp_path)
    before = files_under(w.repo)
    with fake_registry(monkeypatch, HighSast):
        result = scan(w)
    assert result.exit_code == 1, result.output
    assert files_under(w.repo) == before  # nothing written into the root
    db = default_history_path(w.repo)
    assert db.is_file() and Path(os.environ["XDG_STATE_HOME"]) in db.parents  # the tests' state directory
    assert "History (first recorded scan)" in result.stdout


def test_a_symlinked_dot_shiftleft_directory_does_not_redirect_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(tmp_path)
    (w.repo / ".shiftleft").symlink_to(w.host, target_is_directory=True)
    before = files_under(w.host)
    with fake_registry(monkeypatch, HighSast):
        scan(w)
    assert files_under(w.host) == before  # no history.db landed outside


def test_a_committed_history_database_with_triggers_is_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path
) -> None:
    w = world(tmp_path)
    (w.repo / ".shiftleft").mkdir()
    shipped = w.repo / ".shiftleft" / "history.db"
    with sqlite3.connect(shipped) as conn:
        conn.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute("CREATE TRIGGER t AFTER INSERT ON scans BEGIN "
                     "INSERT INTO scans(note) SELECT note FROM scans; END")  # fmt: skip
    conn.close()
    digest = hashlib.sha256(shipped.read_bytes()).hexdigest()
    with fake_registry(monkeypatch, HighSast):
        result = scan(w)
    assert result.exit_code == 1, result.output
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in (w.repo / ".shiftleft").iterdir()) == ["history.db"]  # no -wal, -shm, journal
    assert not marker.exists()


def test_history_path_in_repository_config_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(tmp_path)
    target = w.host / "planted.db"
    w.write_config(f"history:\n  path: {target}\nadvisories:\n  db: {w.host / 'osv.sqlite3'}\n")
    with fake_registry(monkeypatch, HighSast):
        result = scan(w)
    assert not target.exists() and not (w.host / "osv.sqlite3").exists()
    assert "history.path ignored" in result.stderr and "advisories.db ignored" in result.stderr
    assert default_history_path(w.repo).is_file()


def test_history_path_given_by_the_operator_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(tmp_path)
    chosen = tmp_path / "ci" / "history.db"
    explicit = tmp_path / "ci.yaml"
    explicit.write_text(f"history:\n  path: {chosen}\n", "utf-8")
    with fake_registry(monkeypatch, HighSast):
        scan(w, "--config", str(explicit))
        assert chosen.is_file()
        other = tmp_path / "flag.db"
        scan(w, "--history", str(other))
        assert other.is_file()
    assert not default_history_path(w.repo).exists()


def test_no_history_writes_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(tmp_path)
    with fake_registry(monkeypatch, HighSast):
        scan(w, "--no-history")
    assert not default_history_path(w.repo).exists()


def test_the_default_path_is_keyed_by_the_resolved_root(tmp_path: Path) -> None:
    w = world(tmp_path)
    (tmp_path / "alias").symlink_to(w.repo, target_is_directory=True)
    assert default_history_path(tmp_path / "alias") == default_history_path(w.repo)
    assert default_history_path(w.host) != default_history_path(w.repo)
    assert tmp_path not in default_history_path(w.repo).parents


def _scan_from_inside(w: World, monkeypatch: pytest.MonkeyPatch) -> Result:
    """``cd repo && shiftleft scan .``: the default output directory is inside the repository."""
    monkeypatch.chdir(w.repo)
    with fake_registry(monkeypatch, HighSast):
        return CliRunner().invoke(cli.app, ["scan", ".", "--no-history", "--no-color"])


def test_a_committed_report_link_is_not_written_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(tmp_path)
    (w.repo / "shiftleft-report").mkdir()
    (w.repo / "shiftleft-report" / "shiftleft.sarif").symlink_to(w.secret_file)
    before = w.secret_file.read_bytes()
    result = _scan_from_inside(w, monkeypatch)
    assert result.exit_code == 2, result.output
    assert "not overwritten" in result.stderr
    assert w.secret_file.read_bytes() == before


def test_a_committed_output_directory_link_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(tmp_path)
    (w.repo / "shiftleft-report").symlink_to(w.host, target_is_directory=True)
    before = files_under(w.host)
    result = _scan_from_inside(w, monkeypatch)
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.stderr
    assert files_under(w.host) == before


def test_a_plain_output_directory_inside_the_repository_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(tmp_path)
    result = _scan_from_inside(w, monkeypatch)
    assert result.exit_code == 1, result.output
    assert (w.repo / "shiftleft-report" / "shiftleft.sarif").is_file()
