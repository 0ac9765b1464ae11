"""The history database schema and its migrations.

The schema version is SQLite's own ``PRAGMA user_version`` (0 for a new file), and
``MIGRATIONS[i]`` takes a database from version ``i`` to ``i + 1``. A migration is applied
inside the caller's ``BEGIN IMMEDIATE`` transaction together with the new version number,
so two scans that open an old database at once migrate it once, and a migration that
fails half-way leaves the old version intact. Migrations are append-only: a released one
is never edited, because databases in the field were built by it.

Version 1 kept scans and finding episodes. Version 2 adds what the "not assessed is not
fixed" rule and the audit trail need: the stage of each finding (a scanner such as checkov
runs in two stages, and only its run in the finding's stage can declare the finding
fixed), suppression state, the per-scan scanner health, and per-scan counts.
"""

from __future__ import annotations

import sqlite3

from shiftleft import sqlite_safe

V1 = """
CREATE TABLE scans (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    target TEXT NOT NULL,
    started TEXT,
    finished TEXT,
    recorded_at TEXT NOT NULL,
    git_commit TEXT,
    git_branch TEXT,
    grade TEXT,
    score REAL,
    open_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scans_by_target ON scans (target, seq);

-- one row per episode of a finding: opened when first seen, closed (fixed_at) when a scan
-- that assessed it no longer reports it; a finding that comes back opens a new episode
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    severity TEXT NOT NULL,
    path TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    first_scan TEXT NOT NULL REFERENCES scans (id),
    last_seen TEXT NOT NULL,
    last_scan TEXT NOT NULL REFERENCES scans (id),
    fixed_at TEXT,
    fixed_scan TEXT REFERENCES scans (id)
);
CREATE UNIQUE INDEX findings_open ON findings (target, fingerprint) WHERE fixed_at IS NULL;
CREATE INDEX findings_by_target ON findings (target, fixed_at);
"""

V2 = """
ALTER TABLE findings ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN line INTEGER NOT NULL DEFAULT 0;
ALTER TABLE findings ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN shiftleft_version TEXT;
ALTER TABLE scans ADD COLUMN new_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN fixed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scans ADD COLUMN not_assessed_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE scan_scanners (
    scan_id TEXT NOT NULL REFERENCES scans (id),
    name TEXT NOT NULL,
    stage TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    version TEXT,
    PRIMARY KEY (scan_id, name, stage)
) WITHOUT ROWID;
"""

#: MIGRATIONS[i] upgrades version i to i + 1; append only
MIGRATIONS: tuple[str, ...] = (V1, V2)
SCHEMA_VERSION = len(MIGRATIONS)


def expected_schema(version: int) -> sqlite_safe.Schema:
    """The schema objects a history file of ``version`` holds, exactly: what our own
    migrations up to it create (run in memory, cached). A file whose ``sqlite_master``
    differs (a trigger, a view, an extra table or column) is refused before any statement
    of ours runs against it; a version above ours is refused with the reason."""
    if version > SCHEMA_VERSION:
        raise sqlite_safe.SqliteRefused(
            f"has schema version {version}, newer than this shiftleft understands"
            f" ({SCHEMA_VERSION}): upgrade shiftleft or use another --history path"
        )
    if version < 0:
        raise sqlite_safe.SqliteRefused(f"has schema version {version}, which shiftleft never writes")
    return sqlite_safe.Schema.of(s for script in MIGRATIONS[:version] for s in _statements(script))


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Bring the schema to ``upto``; the caller holds the write transaction. Returns the
    version found. Statements are run one by one (``executescript`` would commit the
    caller's transaction)."""
    found = user_version(conn)
    for version in range(found, upto):
        for statement in _statements(MIGRATIONS[version]):
            conn.execute(statement)
        # PRAGMA takes no parameters; the value is our own integer
        conn.execute(f"PRAGMA user_version = {version + 1:d}")
    return found


def _statements(script: str) -> list[str]:
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
