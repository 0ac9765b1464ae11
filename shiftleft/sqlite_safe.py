"""The one way shiftleft opens an SQLite file: every database file is hostile input.

An advisory database named in a repository's config, a ``.shiftleft/history.db`` committed
to the scanned repository: SQLite runs what such a file holds as soon as it is used. A
trigger fires on our ``INSERT``, a view or a generated column computes a recursive CTE that
never ends, a virtual table calls into a module. So before the first statement of ours:

* the file must be a regular file (a FIFO would block ``open``), within a size cap, and
  start with SQLite's header magic (anything else: "not an SQLite database", never an
  internal error);
* ``trusted_schema`` is off, memory mapping is off (a truncated file cannot raise SIGBUS),
  cell sizes are checked, a value (string, blob, row) and a statement have a size limit,
  ATTACH is impossible, and a writable file cannot grow past the cap (``max_page_count``);
* the schema objects in ``sqlite_master`` must be exactly those our own DDL creates for
  the file's ``user_version`` (built by running that DDL in memory and compared text for
  text): a trigger, a view, an extra table or column, a virtual table is refused by name;
* every statement has a time bound: a progress handler interrupts it after a deadline
  and the caller gets :class:`SqliteTimeout`, never a hang;
* a file we only read is opened read-only (``mode=ro`` and ``query_only``), and refused when
  it is in WAL mode (SQLite would create ``-wal``/``-shm`` files beside it to read it).

Every refusal is a :class:`SqliteRefused`, a ``sqlite3.DatabaseError`` subclass, so code that
already handles a damaged database handles a hostile one the same way, with a message that
names the file and the reason.
"""

from __future__ import annotations

import math
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

#: the first 16 bytes of every SQLite 3 database file
MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
#: seconds one statement may run (fetching its rows included) before it is interrupted
DEFAULT_STATEMENT_TIMEOUT = 20.0
#: VDBE instructions between two deadline checks
PROGRESS_STEPS = 2000
#: bytes of one string, blob or row
DEFAULT_MAX_VALUE_BYTES = 64 * 1024 * 1024
#: bytes of one SQL statement text (ours are short; parameters do not count)
MAX_SQL_BYTES = 1024 * 1024

#: a schema object as ``sqlite_master`` lists it: (type, name, tbl_name, normalized sql)
SchemaObject = tuple[str, str, str, str]


class SqliteRefused(sqlite3.DatabaseError):
    """The file cannot be used safely: not SQLite, too big, an unexpected schema object,
    a statement over its time bound. The message names the file and says why."""


class SqliteTimeout(SqliteRefused):
    """A statement ran past its deadline and was interrupted."""


@dataclass(frozen=True)
class Schema:
    """The schema objects a file may hold, as our own DDL creates them."""

    objects: frozenset[SchemaObject]

    @staticmethod
    def of(statements: Iterable[str]) -> Schema:
        """The schema ``statements`` (our DDL, run in order) create in a fresh database."""
        return _reference(tuple(statements))


@lru_cache(maxsize=32)
def _reference(statements: tuple[str, ...]) -> Schema:
    conn = sqlite3.connect(":memory:")
    try:
        for statement in statements:
            conn.execute(statement)
        return Schema(frozenset(_objects(conn, None)))
    finally:
        conn.close()


def _normalized(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _objects(conn: sqlite3.Connection, limit: int | None) -> list[SchemaObject]:
    sql = "SELECT type, name, tbl_name, sql FROM sqlite_master"
    rows = conn.execute(sql + " LIMIT ?", (limit,)).fetchall() if limit is not None else conn.execute(sql).fetchall()
    return [(str(t), str(n), str(tb), _normalized(s if isinstance(s, str) else None)) for t, n, tb, s in rows]


# -- the connection -------------------------------------------------------------------------


class BoundedCursor(sqlite3.Cursor):
    """A cursor whose statements and fetches are bounded by its connection's deadline and
    whose interruption is reported as :class:`SqliteTimeout`."""

    connection: BoundedConnection

    def execute(self, sql: str, parameters: Any = (), /) -> BoundedCursor:
        with self.connection.bounded(sql):
            super().execute(sql, parameters)
        return self

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> BoundedCursor:
        with self.connection.bounded(sql):
            super().executemany(sql, seq_of_parameters)
        return self

    def fetchone(self) -> Any:
        with self.connection.bounded(None):
            return super().fetchone()

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        with self.connection.bounded(None):
            return super().fetchmany(size if size is not None else self.arraysize)

    def fetchall(self) -> list[Any]:
        with self.connection.bounded(None):
            return super().fetchall()

    def __next__(self) -> Any:
        with self.connection.bounded(None):
            return super().__next__()


class _Bound:
    """Arms the deadline for a new statement (``sql`` given) and turns an interruption into
    :class:`SqliteTimeout`."""

    def __init__(self, conn: BoundedConnection, sql: str | None) -> None:
        self.conn = conn
        self.sql = sql

    def __enter__(self) -> None:
        if self.sql is not None:
            self.conn.arm(self.sql)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, sqlite3.OperationalError) and self.conn.timed_out:
            self.conn.timed_out = False
            raise SqliteTimeout(
                f"{self.conn.label}: a statement ran longer than {self.conn.statement_timeout:g} s and was stopped"
                " (a hostile or damaged database?)"
            ) from exc


class BoundedConnection(sqlite3.Connection):
    """A connection whose every statement has a deadline (see the module docstring)."""

    label: str = "SQLite database"
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT
    #: extra seconds a ``BEGIN`` may wait for another process's write lock
    lock_wait: float = 0.0
    timed_out: bool = False
    _deadline: float = math.inf

    def configure(self, label: str, statement_timeout: float, lock_wait: float) -> None:
        self.label = label
        self.statement_timeout = statement_timeout
        self.lock_wait = lock_wait
        self.set_progress_handler(self._progress, PROGRESS_STEPS)

    def _progress(self) -> int:
        if time.monotonic() > self._deadline:
            self.timed_out = True
            return 1
        return 0

    def arm(self, sql: str) -> None:
        extra = self.lock_wait if sql.lstrip()[:5].upper() == "BEGIN" else 0.0
        self.timed_out = False
        self._deadline = time.monotonic() + self.statement_timeout + extra

    def bounded(self, sql: str | None) -> _Bound:
        return _Bound(self, sql)

    def cursor(self, factory: Any = BoundedCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> BoundedCursor:
        cur: BoundedCursor = self.cursor()
        return cur.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> BoundedCursor:
        cur: BoundedCursor = self.cursor()
        return cur.executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        with self.bounded(sql_script):
            return super().executescript(sql_script)


# -- opening ---------------------------------------------------------------------------------


def check_file(path: Path, *, max_bytes: int, must_exist: bool, label: str) -> bool:
    """Refuse what is not a plain SQLite file within ``max_bytes``; True when the file
    exists and holds something, False when it is absent or empty (a new database)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if must_exist:
            raise SqliteRefused(f"{label} {path} does not exist") from None
        return False
    except OSError as exc:
        raise SqliteRefused(f"cannot read {label} {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise SqliteRefused(f"{label} {path} is not a regular file")
    if info.st_size > max_bytes:
        raise SqliteRefused(f"{label} {path} is larger than {max_bytes} bytes")
    if info.st_size == 0:
        if must_exist:
            raise SqliteRefused(f"{label} {path} is empty")
        return False
    try:
        with open(path, "rb") as handle:
            header = handle.read(HEADER_BYTES)
    except OSError as exc:
        raise SqliteRefused(f"cannot read {label} {path}: {exc.strerror or exc}") from exc
    if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
        raise SqliteRefused(f"{label} {path} is not an SQLite database")
    return True


def _header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(HEADER_BYTES)


def _page_size(header: bytes) -> int:
    raw = int.from_bytes(header[16:18], "big")
    return 65536 if raw == 1 else raw


def connect(
    path: Path,
    *,
    expected: Callable[[int], Schema],
    readonly: bool,
    label: str = "SQLite database",
    max_bytes: int,
    max_value_bytes: int = DEFAULT_MAX_VALUE_BYTES,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
    busy_timeout: float = 0.0,
    isolation_level: Literal["DEFERRED", "IMMEDIATE", "EXCLUSIVE"] | None = "DEFERRED",
    allow_new: bool = False,
) -> BoundedConnection:
    """Open ``path`` as described in the module docstring.

    ``expected(user_version)`` returns the schema a file of that version must hold (or
    raises :class:`SqliteRefused` for a version we do not know). A file with no schema
    object at all is a new database: accepted only with ``allow_new`` (a writer that is
    about to create its schema). ``readonly`` opens with ``mode=ro``; otherwise the file is
    created when missing and cannot grow past ``max_bytes``."""
    exists = check_file(path, max_bytes=max_bytes, must_exist=readonly, label=label)
    header = _header(path) if exists else b""
    if readonly and header[18:20] == b"\x02\x02":
        raise SqliteRefused(f"{label} {path} is in WAL journal mode; shiftleft only reads rollback-journal databases")
    uri = f"{Path(os.path.abspath(path)).as_uri()}?mode={'ro' if readonly else 'rwc'}"
    conn = sqlite3.connect(
        uri,
        uri=True,
        timeout=busy_timeout,
        isolation_level=isolation_level,
        factory=BoundedConnection,
    )
    assert isinstance(conn, BoundedConnection)
    try:
        conn.configure(f"{label} {path}", statement_timeout, busy_timeout)
        _harden(conn, readonly=readonly, max_bytes=max_bytes, max_value_bytes=max_value_bytes,
                page_size=_page_size(header) if exists else 4096)  # fmt: skip
        _check_schema(conn, expected, allow_new=allow_new, label=f"{label} {path}")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, SqliteRefused):
            raise
        raise SqliteRefused(f"{label} {path} is unusable: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


#: connection switches of Python 3.12+: no triggers, no views, no schema-defined functions at all
_DBCONFIG = (
    ("SQLITE_DBCONFIG_DEFENSIVE", True),
    ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
    ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
    ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
)


def _harden(conn: BoundedConnection, *, readonly: bool, max_bytes: int, max_value_bytes: int, page_size: int) -> None:
    setlimit = getattr(conn, "setlimit", None)  # Python 3.11+
    if setlimit is not None:
        setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max_value_bytes)  # type: ignore[attr-defined]
        setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)  # type: ignore[attr-defined]
        setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # type: ignore[attr-defined]
        setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1)  # type: ignore[attr-defined]
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    if setconfig is not None:
        for name, value in _DBCONFIG:
            option = getattr(sqlite3, name, None)
            if option is not None:
                setconfig(option, value)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA mmap_size = 0")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA recursive_triggers = OFF")
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    else:
        # the value is our own integer; PRAGMA takes no parameters
        conn.execute(f"PRAGMA max_page_count = {max(1, max_bytes // max(512, page_size)):d}")


def _check_schema(conn: BoundedConnection, expected: Callable[[int], Schema], *, allow_new: bool, label: str) -> None:
    # the version and the objects are read in one read transaction: another process creating
    # the schema between the two reads would otherwise show its tables with version 0
    conn.execute("BEGIN")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        try:
            want = expected(version)
        except SqliteRefused as exc:  # phrased as "has ... version N ...": the file's name goes first
            raise SqliteRefused(f"{label} {exc}") from None
        found = _objects(conn, len(want.objects) + 1)
    finally:
        conn.execute("COMMIT")
    if not found:
        if allow_new and version == 0:
            return
        raise SqliteRefused(f"{label} holds no tables (an empty database)")
    unexpected = sorted({obj for obj in found if obj not in want.objects})
    if unexpected:
        kind, name = unexpected[0][0], unexpected[0][1]
        known = {(t, n) for t, n, _tb, _s in want.objects}
        what = "a changed" if (kind, name) in known else "an unexpected"
        raise SqliteRefused(
            f"{label} has {what} {kind} {shown(name)} that shiftleft did not create (schema version {version});"
            " refusing to use it"
        )
    missing = want.objects - set(found)
    if missing:
        kind, name = sorted(missing)[0][:2]
        raise SqliteRefused(f"{label} lacks the {kind} {name} of schema version {version}; refusing to use it")


def shown(name: str, limit: int = 60) -> str:
    """A schema object's name from a hostile file, printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in name)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def exactly(
    schema_statements: Sequence[str], versions: Iterable[int] = (0,), label: str = "database"
) -> Callable[[int], Schema]:
    """``expected`` for a file with one schema, created by ``schema_statements``, and one of
    the ``user_version`` values in ``versions``. An ``expected`` callable refuses a version
    with a SqliteRefused phrased to follow the file's name ("has user_version 7, ...")."""
    allowed = frozenset(versions)

    def expected(version: int) -> Schema:
        if version not in allowed:
            raise SqliteRefused(f"has user_version {version}, which shiftleft never writes for a {label}")
        return Schema.of(schema_statements)

    return expected
