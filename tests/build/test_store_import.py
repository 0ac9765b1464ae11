"""Importing OSV data: folders, zips, bad entries, bad sources, status and freshness."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shiftleft.advisories.errors import DatabaseMissing, ImportFailed
from shiftleft.advisories.freshness import age_days_from_summary, database_age_days, parse_timestamp
from shiftleft.advisories.importer import import_path
from shiftleft.advisories.store import ENV_VAR, AdvisoryStore, default_db_path, resolve_db_path
from tests.build.conftest import FIXTURE_OSV

RECORD = {"id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "npm", "name": "a"}}]}


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def test_folder_import_counts_and_skips(tmp_path: Path) -> None:
    with AdvisoryStore(tmp_path / "db.sqlite3") as store:
        report = import_path(store, FIXTURE_OSV)
        assert report.imported == 8
        assert report.per_ecosystem == {"Go": 1, "PyPI": 3, "crates.io": 1, "npm": 3}
        reasons = {s.entry: s.reason for s in report.skipped}
        assert set(reasons) == {"not-json.json", "missing-fields.json"}
        assert reasons["not-json.json"].startswith("not JSON")
        assert "id" in reasons["missing-fields.json"]
        status = {s.ecosystem: s for s in store.status()}
        assert status["PyPI"].count == 3
        assert status["PyPI"].newest_modified == "2024-05-02T00:00:00Z"
        assert status["PyPI"].imported_at
        ids = {a.id for a in store.advisories_for("PyPI", "DEMO.pkg")}  # PEP 503 lookup
        assert ids == {"GHSA-aaaa-bbbb-cccc", "PYSEC-2099-1"}


def test_reimport_replaces_not_duplicates(tmp_path: Path) -> None:
    with AdvisoryStore(tmp_path / "db.sqlite3") as store:
        import_path(store, FIXTURE_OSV)
        import_path(store, FIXTURE_OSV)
        assert {s.ecosystem: s.count for s in store.status()}["npm"] == 3
        assert len(store.advisories_for("npm", "lodash")) == 2  # one withdrawn, kept but ignored by matching


def test_zip_with_bad_members_keeps_the_rest(tmp_path: Path) -> None:
    z = make_zip(
        tmp_path / "all.zip",
        {
            "X-1.json": json.dumps(RECORD).encode(),
            "bad.json": b"\xff\xfe not json",
            "list.json": b"[1, 2]",
            "nomod.json": json.dumps({"id": "X-2"}).encode(),
            "README.txt": b"ignored",
        },
    )
    with AdvisoryStore(tmp_path / "db.sqlite3") as store:
        report = import_path(store, z)
    assert report.imported == 1
    assert sorted(s.entry for s in report.skipped) == ["bad.json", "list.json", "nomod.json"]


def test_truncated_zip_is_a_clear_error(tmp_path: Path) -> None:
    good = make_zip(
        tmp_path / "good.zip", {f"X-{i}.json": json.dumps({**RECORD, "id": f"X-{i}"}).encode() for i in range(20)}
    )
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with AdvisoryStore(tmp_path / "db.sqlite3") as store, pytest.raises(ImportFailed, match="not a readable zip"):
        import_path(store, cut)


def test_corrupt_member_is_skipped(tmp_path: Path) -> None:
    data = bytearray(
        make_zip(
            tmp_path / "a.zip",
            {"X-1.json": json.dumps(RECORD).encode() * 50, "X-9.json": json.dumps({**RECORD, "id": "X-9"}).encode()},
        ).read_bytes()
    )
    # flip bytes inside the first member's compressed data (after its 30-byte local header + name)
    for i in range(45, 60):
        data[i] ^= 0xFF
    bad = tmp_path / "corrupt.zip"
    bad.write_bytes(bytes(data))
    with AdvisoryStore(tmp_path / "db.sqlite3") as store:
        report = import_path(store, bad)
    assert report.imported == 1
    assert report.skipped[0].entry == "X-1.json"


@pytest.mark.parametrize("content", [None, b"", b"PK\x03\x04garbage", b"plain text"])
def test_unusable_sources(tmp_path: Path, content: bytes | None) -> None:
    src = tmp_path / "src.zip"
    if content is not None:
        src.write_bytes(content)
    with AdvisoryStore(tmp_path / "db.sqlite3") as store, pytest.raises(ImportFailed):
        import_path(store, src)
    assert not AdvisoryStore(tmp_path / "db.sqlite3").ecosystems()  # nothing half-imported


def test_folder_with_only_bad_files_fails(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.json").write_text("nope")
    with AdvisoryStore(tmp_path / "db.sqlite3") as store, pytest.raises(ImportFailed, match="no valid OSV advisory"):
        import_path(store, tmp_path / "src")


def test_db_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_db_path() == default_db_path()
    assert "shiftleft" in str(default_db_path())
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert resolve_db_path() == tmp_path / "env.sqlite3"
    assert resolve_db_path(tmp_path / "flag.sqlite3") == tmp_path / "flag.sqlite3"


def test_open_missing_or_garbage_db(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="shiftleft db import"):
        AdvisoryStore.open_existing(tmp_path / "none.sqlite3")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(DatabaseMissing):
        AdvisoryStore.open_existing(junk)


def test_freshness(fixture_db: AdvisoryStore) -> None:
    now = datetime(2024, 6, 1, tzinfo=UTC)
    summary = fixture_db.summary()
    assert age_days_from_summary(summary, ecosystems=["PyPI"], now=now) == pytest.approx(30.0)
    # the stalest ecosystem decides; unknown ecosystems read as None (= stale for a gate)
    assert age_days_from_summary(summary, now=now) == pytest.approx(152.0)
    assert age_days_from_summary(summary, ecosystems=["Maven"], now=now) is None
    assert database_age_days(fixture_db, ecosystems=["npm"], now=now) == pytest.approx(121.0)
    assert database_age_days(fixture_db.path.parent / "missing.sqlite3") is None


def test_parse_timestamp_variants() -> None:
    assert parse_timestamp("2023-12-01T23:23:55.302348Z") == datetime(
        2023, 12, 1, 23, 23, 55, 302348, tzinfo=UTC
    )
    assert parse_timestamp("2024-01-01T00:00:00.1Z") is not None
    assert parse_timestamp("garbage") is None
