"""The target walk: code hidden under default-excluded directories is listed as skipped (one
entry per directory, bounded), and a hostile tree shape - thousands of nested directories,
too many entries - is bounded and listed, never a crash (exit 4)."""

from __future__ import annotations

import time
from pathlib import Path

from shiftleft.target import MAX_DEPTH, MAX_LISTED_EXCLUDES, collect
from tests.hostile.coverage import builders
from tests.hostile.coverage.conftest import scan


def test_code_under_default_excludes_is_listed_once_per_directory(tmp_path: Path) -> None:
    """Before: "0 skipped", so a reader could not know venv/ and node_modules/ went unscanned."""
    root = builders.hidden_code(tmp_path, dirs=3, files=20)
    target = collect(root)
    assert target.files == ("app.py",)
    listed = {s.path: s.reason for s in target.skipped}
    assert set(listed) == {"venv/", "node_modules/", ".venv/", ".tox/"}
    assert all("default exclude" in why for why in listed.values())


def test_the_skipped_list_of_default_excludes_is_bounded(tmp_path: Path) -> None:
    root = builders.many_node_modules(tmp_path, MAX_LISTED_EXCLUDES + 30)
    target = collect(root)
    assert len(target.skipped) == MAX_LISTED_EXCLUDES + 1
    assert any("and 30 more" in s.reason for s in target.skipped)


def test_default_excludes_are_listed_through_the_cli(repo: Path, tmp_path: Path) -> None:
    builders.hidden_code(repo, dirs=1, files=5)
    res = scan(repo, tmp_path / "out", "-s", "build")
    assert "2 skipped" in res.proc.stdout
    assert res.scorecard["scan"]["filesSkipped"] == 2
    notes = [n for n in res.notes() if "default exclude" in n]
    assert sorted(n.split(":")[0] for n in notes) == ["node_modules/", "venv/"]


def test_a_thousand_nested_directories_is_bounded_not_a_crash(repo: Path, tmp_path: Path) -> None:
    """Before: RecursionError, exit 4."""
    builders.nested(repo, 1000)
    try:
        _assert_nested_is_bounded(repo, tmp_path)
    finally:
        builders.remove_nested(repo)


def _assert_nested_is_bounded(repo: Path, tmp_path: Path) -> None:
    start = time.monotonic()
    target = collect(repo)
    assert time.monotonic() - start < 30
    assert target.files == ("top.py",)
    deep = [s for s in target.skipped if "nested deeper" in s.reason]
    assert len(deep) == 1 and deep[0].path.count("/") == MAX_DEPTH + 1
    res = scan(repo, tmp_path / "out", "-s", "build")
    assert res.code not in (2, 4), res.proc.stderr
    assert any("nested deeper" in n for n in res.notes())


def test_the_entry_limit_stops_the_walk_with_a_note(tmp_path: Path) -> None:
    root = builders.wide(tmp_path, 300)
    target = collect(root, max_entries=100)
    assert len(target.files) == 100
    stop = [s for s in target.skipped if "limit of 100 entries" in s.reason]
    assert len(stop) == 1 and "not scanned" in stop[0].reason
    # a single huge directory is not read whole: at most the limit (+1) entries are looked at
    assert len(target.files) + len(target.skipped) <= 101
