"""Fixture builders for the database boundary: advisory databases, history databases and
OSV archives, each a small hostile file built in a test's tmp_path.

One builder per attack class:

* ``advisory_db`` / ``history_db``: a good file built by shiftleft's own code, the base
  every tampering starts from;
* ``tamper``: raw SQL run on such a file (triggers, views, extra tables, a changed table,
  a wrong ``user_version``, forged dates, huge or malformed values);
* ``corrupt_pages``, ``not_sqlite``: damaged or foreign files at a database path;
* ``nested_json``, ``overlapping_zip``, ``ratio_bomb_zip``, ``zip_of``, ``osv_folder``:
  import sources (scaled-down bombs: the cap must trip long before anything is inflated).
"""

from __future__ import annotations

import json
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from shiftleft.advisories.importer import import_path
from shiftleft.advisories.store import AdvisoryStore

#: a package the fixture project pins and the fixture advisory marks as vulnerable (high)
PACKAGE, VERSION = "demo-pkg", "1.0.0"
ADVISORY_ID = "PYSEC-HOSTILE-1"

#: an infinite statement: what a hostile trigger or view would run
FOREVER = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fresh() -> str:
    """A ``modified`` time well inside every default age limit."""
    return stamp(datetime.now(UTC) - timedelta(hours=6))


def advisory(adv_id: str = ADVISORY_ID, *, modified: str | None = None, package: str = PACKAGE,
             **extra: Any) -> dict[str, Any]:  # fmt: skip
    """One OSV record: ``package`` before 2.0 is affected, CVSS 9.8."""
    return {
        "id": adv_id,
        "modified": modified or fresh(),
        "summary": "hostile-suite advisory",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": package},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}],
            }
        ],
        **extra,
    }


def osv_folder(folder: Path, records: Iterable[Mapping[str, Any]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for record in records if records is not None else [advisory()]:
        (folder / f"{record['id']}.json").write_text(json.dumps(record), "utf-8")
    return folder


def advisory_db(path: Path, records: Iterable[Mapping[str, Any]] | None = None) -> Path:
    """A database built by shiftleft's own importer."""
    with AdvisoryStore(path) as store:
        import_path(store, osv_folder(path.parent / f"{path.stem}-osv", records))
    return path


def project(root: Path) -> Path:
    """A repository pinning the vulnerable package: a real scan must never pass it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "requirements.txt").write_text(f"{PACKAGE}=={VERSION}\n", "utf-8")
    return root


def tamper(path: Path, *statements: str) -> Path:
    """Run raw SQL on a database file, as an attacker preparing it would."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return path


def history_db(path: Path) -> Path:
    """A history database at the current schema, one scan recorded."""
    from shiftleft.gitinfo import GitInfo
    from shiftleft.history import HistoryStore
    from tests.history.helpers import day, finding, report

    HistoryStore(path).record(report([finding("a")]), now=day(0), git=GitInfo())
    return path


def corrupt_pages(path: Path, *, keep: int = 100) -> Path:
    """Overwrite everything after the header's first ``keep`` bytes' page with garbage:
    the magic is right, the b-trees are not."""
    data = bytearray(path.read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    page = 65536 if page == 1 else page
    for offset in range(page, len(data), 7):
        data[offset] = (offset * 31 + 7) & 0xFF
    path.write_bytes(bytes(data))
    return path


def not_sqlite(path: Path, content: bytes = b"this is not a database\n" * 10) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def nested_json(depth: int = 100_000) -> bytes:
    """An advisory whose ``database_specific`` nests ``depth`` arrays."""
    record = json.dumps(advisory("NESTED-1", database_specific={"x": "@"}))
    return record.replace('"@"', "[" * depth + "]" * depth).encode()


def zip_of(path: Path, members: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def overlapping_zip(path: Path, copies: int = 200, inflated: int = 1024 * 1024) -> Path:
    """The overlapping-entries zip bomb, scaled down: one deflated member of ``inflated``
    bytes (a valid advisory padded with spaces) and ``copies`` central-directory entries
    that all point at it. Reading every entry inflates ``copies * inflated`` bytes from a
    file of a few KB."""
    record = json.dumps(advisory("BOMB-1")).encode()
    payload = record + b" " * (inflated - len(record))
    name = b"BOMB-1.json"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = comp.compress(payload) + comp.flush()
    crc = zlib.crc32(payload)
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), len(payload), len(name), 0)
    body = local + name + deflated
    central = b""
    for _ in range(copies):
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(deflated), len(payload), len(name), 0, 0, 0,
            0, 0, 0,
        ) + name  # fmt: skip
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, copies, copies, len(central), len(body), 0)
    path.write_bytes(body + central + end)
    return path


def ratio_bomb_zip(path: Path, inflated: int = 4 * 1024 * 1024) -> Path:
    """One member that inflates about a thousand times (spaces after a valid advisory)."""
    record = json.dumps(advisory("RATIO-1")).encode()
    return zip_of(path, {"RATIO-1.json": record + b" " * (inflated - len(record))})


def file_digest(path: Path) -> bytes:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest()


def siblings(path: Path) -> set[str]:
    """Names beside a database file (``-wal``, ``-shm``, ``-journal`` would show up here)."""
    return {p.name for p in path.parent.iterdir()}
