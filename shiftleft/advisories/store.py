"""The local advisory database: a SQLite index of OSV records.

Why SQLite: one file, in the standard library, an index on (ecosystem, package) so a scan
reads only the advisories of the packages it has (a few KB) instead of parsing 10^4
records, and safe to copy onto an air-gapped machine.

Location, first found wins: the ``--db`` flag (``path`` argument), env ``SHIFTLEFT_DB``,
then ``<platform user cache dir>/shiftleft/advisories.sqlite3`` (platformdirs).

The file may come from anywhere (a config names it, a colleague copied it): it is opened
only through :mod:`shiftleft.sqlite_safe`, read-only for a scan, and refused unless its
schema is exactly the one below. Every SQLite failure of a read is an ``AdvisoryError``
(``DatabaseUnusable``), so a scanner reports it as a failed run, never as no findings.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from shiftleft import sqlite_safe
from shiftleft.advisories.errors import DatabaseMissing, DatabaseUnusable, InvalidAdvisory
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.advisories.model import Advisory, parse_advisory
from shiftleft.advisories.names import base_ecosystem, canonical_name

ENV_VAR = "SHIFTLEFT_DB"
DB_FILENAME = "advisories.sqlite3"
SCHEMA_VERSION = "2"
#: bytes; every ecosystem of the OSV bucket imported together stays well below this
MAX_DB_BYTES = 8 * 1024 * 1024 * 1024
#: bytes of one stored value (an advisory's JSON is capped far below at import)
MAX_VALUE_BYTES = 64 * 1024 * 1024
#: seconds a scan waits while ``db import`` writes the same file (sqlite3's default)
BUSY_TIMEOUT = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS advisory (
    id TEXT PRIMARY KEY, modified TEXT NOT NULL, published TEXT, withdrawn TEXT, doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS affected (
    ecosystem TEXT NOT NULL, name TEXT NOT NULL, advisory_id TEXT NOT NULL,
    PRIMARY KEY (ecosystem, name, advisory_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS affected_by_advisory ON affected (advisory_id);
CREATE TABLE IF NOT EXISTS source (
    ecosystem TEXT PRIMARY KEY, imported_at TEXT NOT NULL, origin TEXT NOT NULL
);
"""


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


#: what a file must hold, exactly: the objects ``_SCHEMA`` creates, user_version 0
EXPECTED_SCHEMA = sqlite_safe.exactly(_statements(_SCHEMA), (0,), "advisory database")


def default_db_path() -> Path:
    return Path(platformdirs.user_cache_dir("shiftleft", appauthor=False)) / DB_FILENAME


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The database location: explicit path, then ``$SHIFTLEFT_DB``, then the cache dir."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()


@dataclass(frozen=True)
class EcosystemStatus:
    """Freshness of one ecosystem's data: what the gate's max-age check reads."""

    ecosystem: str
    count: int
    newest_modified: str | None
    #: newest ``published``: some feeds (the Go snapshot) write a placeholder ``modified``
    #: of 0001-01-01, so freshness takes the later of the two
    newest_published: str | None
    imported_at: str | None
    origin: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "newestModified": self.newest_modified,
            "newestPublished": self.newest_published,
            "importedAt": self.imported_at,
            "origin": self.origin,
        }


class AdvisoryStore:
    """Read/write access to one database file. Lookups are cached per instance."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        #: a scan only reads: the file is opened ``mode=ro`` and never created or changed
        self.readonly = readonly
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[str, Advisory] = {}

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open_existing(cls, path: Path) -> AdvisoryStore:
        """Open for reading; DatabaseMissing when there is no database there, DatabaseUnusable
        (a DatabaseMissing too) when the file is not one shiftleft can trust."""
        if not path.exists():
            raise DatabaseMissing(f"no advisory database at {path}: run `shiftleft db import` or `shiftleft db update`")
        store = cls(path, readonly=True)
        store.connection()
        return store

    def connection(self) -> sqlite3.Connection:
        """The open connection; DatabaseUnusable when the file is refused."""
        if self._conn is None:
            try:
                if not self.readonly:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite_safe.connect(
                    self.path, expected=EXPECTED_SCHEMA, readonly=self.readonly, label="advisory database",
                    max_bytes=MAX_DB_BYTES, max_value_bytes=MAX_VALUE_BYTES, allow_new=not self.readonly,
                    busy_timeout=BUSY_TIMEOUT,
                )  # fmt: skip
            except sqlite3.DatabaseError as exc:
                raise DatabaseUnusable(f"{exc}: re-create it with `shiftleft db import`") from exc
            except OSError as exc:
                raise DatabaseUnusable(f"cannot open advisory database {self.path}: {exc.strerror or exc}") from exc
            try:
                if not self.readonly:
                    conn.executescript(_SCHEMA)
                    conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                    conn.commit()
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise DatabaseUnusable(f"advisory database {self.path} is unusable: {exc}") from exc
            if not row or row[0] != SCHEMA_VERSION:
                conn.close()
                found = "none" if not row else sqlite_safe.shown(str(row[0]))
                raise DatabaseUnusable(
                    f"advisory database {self.path} has schema {found}, not {SCHEMA_VERSION}: re-create it with"
                    " `shiftleft db import`"
                )
            self._conn = conn
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for a read; any SQLite failure (a damaged page, a statement over
        its time bound) becomes DatabaseUnusable."""
        conn = self.connection()
        try:
            yield conn
        except sqlite3.DatabaseError as exc:
            raise DatabaseUnusable(f"advisory database {self.path} could not be read: {exc}") from exc

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> AdvisoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; an SQLite failure (the size cap reached, a damaged file)
        rolls it back and is a DatabaseUnusable."""
        conn = self.connection()
        try:
            yield conn
            conn.commit()
        except sqlite3.DatabaseError as exc:
            conn.rollback()
            raise DatabaseUnusable(f"advisory database {self.path} could not be written: {exc}") from exc
        except BaseException:
            conn.rollback()
            raise
        self._cache.clear()

    @staticmethod
    def put(conn: sqlite3.Connection, advisory: Advisory, raw: Mapping[str, Any]) -> None:
        """Insert or replace one advisory and its (ecosystem, name) index rows."""
        conn.execute("DELETE FROM affected WHERE advisory_id = ?", (advisory.id,))
        conn.execute(
            "INSERT OR REPLACE INTO advisory (id, modified, published, withdrawn, doc) VALUES (?, ?, ?, ?, ?)",
            (
                advisory.id,
                advisory.modified,
                advisory.published,
                advisory.withdrawn,
                json.dumps(raw, separators=(",", ":")),
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO affected (ecosystem, name, advisory_id) VALUES (?, ?, ?)",
            {(*a.key, advisory.id) for a in advisory.affected},
        )

    @staticmethod
    def mark_imported(conn: sqlite3.Connection, ecosystems: Iterable[str], imported_at: str, origin: str) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO source (ecosystem, imported_at, origin) VALUES (?, ?, ?)",
            [(e, imported_at, origin) for e in ecosystems],
        )

    # -- reading -------------------------------------------------------------------------
    def advisories_for(self, ecosystem: str, name: str) -> list[Advisory]:
        """Every advisory indexed under (ecosystem, canonical name), withdrawn included
        (the matcher ignores those)."""
        eco = base_ecosystem(ecosystem)
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT a.id, a.doc FROM affected f JOIN advisory a ON a.id = f.advisory_id "
                "WHERE f.ecosystem = ? AND f.name = ?",
                (eco, canonical_name(eco, name)),
            ).fetchall()
        out: list[Advisory] = []
        for adv_id, doc in rows:
            cached = self._cache.get(adv_id)
            if cached is None:
                try:
                    cached = parse_advisory(loads_bounded(doc))
                except (InvalidAdvisory, ValueError, TypeError):
                    continue  # validated on import; a hand-edited row is skipped, not fatal
                self._cache[adv_id] = cached
            out.append(cached)
        return out

    def get(self, adv_id: str) -> Advisory | None:
        with self._reading() as conn:
            row = conn.execute("SELECT doc FROM advisory WHERE id = ?", (adv_id,)).fetchone()
        return parse_advisory(loads_bounded(row[0])) if row else None

    def status(self) -> list[EcosystemStatus]:
        """Per ecosystem: advisory count, newest ``modified``, when and from where imported.
        Values a hand-made file may have filled with anything are read as text."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT f.ecosystem, COUNT(DISTINCT f.advisory_id), MAX(a.modified), MAX(a.published), "
                "s.imported_at, s.origin "
                "FROM affected f JOIN advisory a ON a.id = f.advisory_id "
                "LEFT JOIN source s ON s.ecosystem = f.ecosystem GROUP BY f.ecosystem ORDER BY f.ecosystem"
            ).fetchall()
        return [EcosystemStatus(str(r[0]), int(r[1]), *(_text(v) for v in r[2:6])) for r in rows]

    def ecosystems(self) -> frozenset[str]:
        with self._reading() as conn:
            rows = conn.execute("SELECT DISTINCT ecosystem FROM affected").fetchall()
        return frozenset(str(r[0]) for r in rows)

    def summary(self) -> dict[str, Any]:
        """The ``run.properties.shiftleft.advisoryDatabase`` object."""
        return {"path": str(self.path), "ecosystems": {s.ecosystem: s.as_dict() for s in self.status()}}


def _text(value: object) -> str | None:
    return None if value is None else str(value)
