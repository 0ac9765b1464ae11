"""Hostile OSV import sources for ``shiftleft db import``: zip bombs (scaled down: the cap
trips long before anything big is inflated), deep JSON, huge entries, symlinks out of a
folder, special files. Exit 2 with one line or a skipped entry with its reason, never 4,
never a hang, nothing read from outside the source."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.advisories.errors import ImportFailed
from shiftleft.advisories.importer import Limits, import_path
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.advisories.store import AdvisoryStore
from tests.hostile.db import builders as b
from tests.hostile.db.conftest import cli


def _ids(db: Path) -> set[str]:
    with AdvisoryStore.open_existing(db) as store:
        return {a.id for a in store.advisories_for("PyPI", b.PACKAGE)}


def test_overlapping_entries_zip_bomb_is_refused(tmp_path: Path) -> None:
    """200 entries sharing one 1 MB deflated blob (4 KB on disk). Before: 200 MB inflated
    and imported; at full scale (the review's file) 32 GB."""
    bomb = b.overlapping_zip(tmp_path / "all.zip")
    assert bomb.stat().st_size < 64 * 1024
    start = time.monotonic()
    res = cli("db", "import", str(bomb), "--db", str(tmp_path / "db.sqlite3"))
    assert time.monotonic() - start < 30
    assert res.returncode == 2, res.stdout + res.stderr
    assert "overlapping" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_high_ratio_member_is_refused(tmp_path: Path) -> None:
    bomb = b.ratio_bomb_zip(tmp_path / "all.zip")
    res = cli("db", "import", str(bomb), "--db", str(tmp_path / "db.sqlite3"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "zip bomb" in res.stderr


def test_total_inflated_bytes_are_capped(tmp_path: Path) -> None:
    """Scaled down: a 200 KB total budget against 50 members of 10 KB."""
    members = {f"A-{i}.json": json.dumps(b.advisory(f"A-{i}")).encode().ljust(10_000) for i in range(50)}
    source = b.zip_of(tmp_path / "all.zip", members)
    with AdvisoryStore(tmp_path / "db.sqlite3") as store, pytest.raises(ImportFailed, match="more than 200000 bytes"):
        import_path(store, source, limits=Limits(max_total_bytes=200_000))
    with AdvisoryStore(tmp_path / "db.sqlite3") as store:
        assert not store.ecosystems()  # one transaction: nothing half-imported


def test_member_count_is_capped_before_reading_the_directory(tmp_path: Path) -> None:
    members = {f"A-{i}.json": json.dumps(b.advisory(f"A-{i}")).encode() for i in range(30)}
    source = b.zip_of(tmp_path / "all.zip", members)
    with AdvisoryStore(tmp_path / "db.sqlite3") as store, pytest.raises(ImportFailed, match="declares 30 members"):
        import_path(store, source, limits=Limits(max_members=20))


def test_a_member_that_lies_about_its_size_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    big = json.dumps(b.advisory("BIG-1")).encode().ljust(50_000)
    source = b.zip_of(tmp_path / "all.zip", {"BIG-1.json": big, "OK-1.json": json.dumps(b.advisory("OK-1")).encode()})
    with AdvisoryStore(tmp_path / "db.sqlite3") as store:
        result = import_path(store, source, limits=Limits(max_entry_bytes=10_000))
    assert result.imported == 1
    assert [s.entry for s in result.skipped] == ["BIG-1.json"] and "larger than" in result.skipped[0].reason


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_deeply_nested_json_is_a_skipped_entry(tmp_path: Path, container: str) -> None:
    """Depth 100,000. Before: RecursionError, exit 4."""
    good = json.dumps(b.advisory()).encode()
    members = {"NESTED-1.json": b.nested_json(100_000), f"{b.ADVISORY_ID}.json": good}
    if container == "zip":
        source = b.zip_of(tmp_path / "all.zip", members)
    else:
        source = tmp_path / "osv"
        source.mkdir()
        for name, data in members.items():
            (source / name).write_bytes(data)
    db = tmp_path / "db.sqlite3"
    res = cli("db", "import", str(source), "--db", str(db))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "skipped 1 entries" in res.stdout and "nested deeper than" in res.stdout
    assert _ids(db) == {b.ADVISORY_ID}


def test_only_nested_json_is_exit_2(tmp_path: Path) -> None:
    source = tmp_path / "osv"
    source.mkdir()
    (source / "NESTED-1.json").write_bytes(b.nested_json(100_000))
    res = cli("db", "import", str(source), "--db", str(tmp_path / "db.sqlite3"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "nested deeper than" in res.stderr and "internal error" not in res.stderr


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    outside = b.osv_folder(tmp_path / "outside", [b.advisory("OUTSIDE-1")])
    source = b.osv_folder(tmp_path / "osv")
    (source / "escape.json").symlink_to(outside / "OUTSIDE-1.json")
    (source / "escape-dir").symlink_to(outside, target_is_directory=True)
    db = tmp_path / "db.sqlite3"
    res = cli("db", "import", str(source), "--db", str(db))
    assert res.returncode == 0, res.stdout + res.stderr
    assert _ids(db) == {b.ADVISORY_ID}  # nothing from outside the source folder
    assert "escape.json: not a regular file" in res.stdout and "escape-dir" in res.stdout


def test_special_files_and_huge_files_in_a_folder(tmp_path: Path) -> None:
    source = b.osv_folder(tmp_path / "osv")
    os.mkfifo(source / "fifo.json")  # opening it for reading would block forever
    with (source / "huge.json").open("wb") as handle:  # sparse: 20 MB, nothing written
        handle.truncate(20 * 1024 * 1024)
    db = tmp_path / "db.sqlite3"
    start = time.monotonic()
    res = cli("db", "import", str(source), "--db", str(db))
    assert time.monotonic() - start < 30
    assert res.returncode == 0, res.stdout + res.stderr
    assert "fifo.json: not a regular file" in res.stdout and "huge.json" in res.stdout
    assert _ids(db) == {b.ADVISORY_ID}


def test_deep_folders_are_exit_2_not_a_recursion_error(tmp_path: Path) -> None:
    source = tmp_path / "osv"
    deep = source
    for _ in range(800):  # before: RecursionError in the folder walk, exit 4
        deep = deep / "d"
    deep.mkdir(parents=True)
    b.osv_folder(deep)
    res = cli("db", "import", str(source), "--db", str(tmp_path / "db.sqlite3"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "deeper than" in res.stderr


def test_hostile_entry_names_do_not_reach_the_terminal(tmp_path: Path) -> None:
    name = "\x1b]52;c;cHduZWQ=\x07\x1b[2J.json"
    source = b.zip_of(tmp_path / "all.zip", {name: b"not json", "OK.json": json.dumps(b.advisory()).encode()})
    res = cli("db", "import", str(source), "--db", str(tmp_path / "db.sqlite3"))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "\x1b" not in res.stdout + res.stderr and "\x07" not in res.stdout + res.stderr


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(min_value=1, max_value=200_000), kind=st.sampled_from(["[", '{"a":']))
def test_any_nesting_depth_is_a_value_or_a_value_error(depth: int, kind: str) -> None:
    close = "]" if kind == "[" else "}"
    text = kind * depth + "0" + close * depth
    try:
        loads_bounded(text)
    except ValueError as exc:
        assert "nested deeper" in str(exc)
        assert depth > 64
    else:
        assert depth <= 64
