"""The history store: every scan of a target, and every finding's life from first seen to fixed.

Why SQLite: one file in the standard library, next to the code it describes (default
``<target>/.shiftleft/history.db``), and it gives the three guarantees a CI history needs:

* **two scans at once** (two CI jobs on one runner, a pre-commit hook during a full scan):
  WAL journal, a busy timeout, and every write in ``BEGIN IMMEDIATE``, so the second scan
  waits for the first instead of failing or interleaving, and "the previous scan" is
  well defined;
* **a scan killed half-way** records nothing: one transaction per scan, so the database
  holds either the whole scan or none of it, and it still opens;
* **old databases keep working**: the schema is versioned (``PRAGMA user_version``) and
  upgraded by the migrations in :mod:`shiftleft.history.schema`;
* **a hostile file does nothing**: the file may have been committed to the scanned
  repository, so it is opened through :mod:`shiftleft.sqlite_safe` (header magic, exactly
  our schema for its version, no triggers or views, a deadline on every statement, size
  caps); anything wrong with it, or with a value in it, is a ``HistoryError`` and the scan
  says "history not recorded".

A finding is identified by its ``shiftleft/v1`` fingerprint (rule, tool, path, line text),
so it survives lines moving. It is *fixed* only when the scanner that reported it ran
successfully in the same stage and did not report it again. When that scanner was missing,
failed, timed out, disabled, not applicable or not selected (``--stage``), the finding is
*not assessed*: it stays open and keeps its age; so is every finding of a scan of part of
the tree (``ScanTarget.subset``, the log's ``properties.shiftleft.subset``: a pre-commit
run on staged files). A history must never read an outage or a partial scan as a fix.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from shiftleft import __version__, isotime, sqlite_safe
from shiftleft.errors import ShiftleftError
from shiftleft.gitinfo import GitInfo, git_info
from shiftleft.history.schema import SCHEMA_VERSION, apply_migrations, expected_schema, user_version
from shiftleft.model import Finding, HistorySummary, Report, ScannerStatus
from shiftleft.severity import RANK, SEVERITIES

#: where the store lives by default, relative to the scanned target's root
DEFAULT_RELATIVE_PATH = Path(".shiftleft") / "history.db"
#: scans shown in the trend (this one included)
DEFAULT_TREND_SCANS = 10
#: seconds a scan waits for another scan's write to finish before giving up
DEFAULT_BUSY_TIMEOUT = 60.0
#: bytes: years of daily scans of a large repository stay far below; a bigger file is
#: refused, and the file cannot grow past it
MAX_HISTORY_BYTES = 1024 * 1024 * 1024
#: bytes of one stored value or row (ids, paths, rule ids: short)
MAX_VALUE_BYTES = 1024 * 1024
#: (label, lower bound in days inclusive, upper bound exclusive)
AGE_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("<7d", 0.0, 7.0),
    ("7-30d", 7.0, 30.0),
    ("30-90d", 30.0, 90.0),
    (">90d", 90.0, float("inf")),
)


class HistoryError(ShiftleftError):
    """The history database cannot be used (unreadable, newer than this shiftleft, locked
    for longer than the busy timeout), phrased for the user with the file's path."""


def default_history_path(target_root: Path) -> Path:
    return target_root / DEFAULT_RELATIVE_PATH


def iso(moment: datetime) -> str:
    """UTC, millisecond precision, ``Z``: the format SARIF uses, and sortable as text."""
    if moment.tzinfo is None:
        raise ValueError("history times must be timezone-aware (got a naive datetime)")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """A time this store wrote (``iso``); ValueError when the row holds something else."""
    moment = isotime.parse(text)
    if moment is None:
        raise ValueError(f"not an ISO time: {str(text)[:40]!r}")
    return moment


def _days(start: str, end: datetime) -> float:
    return (end - parse_iso(start)).total_seconds() / 86400.0


@dataclass(frozen=True)
class RecordedScan:
    """What ``record_scan`` wrote: the summary reporters show, plus what only the caller
    needs (the scan's id, and how many open findings could not be re-checked)."""

    scan_id: str
    summary: HistorySummary
    #: open findings whose scanner did not run successfully this time: kept open, not fixed
    not_assessed: int


@dataclass(frozen=True)
class ScanRow:
    """One recorded scan, as ``scans()`` lists them."""

    id: str
    target: str
    recorded_at: str
    started: str | None
    finished: str | None
    git_commit: str | None
    git_branch: str | None
    grade: str | None
    score: float | None
    open_count: int
    new_count: int
    fixed_count: int
    not_assessed_count: int


@dataclass(frozen=True)
class _Open:
    id: int
    fingerprint: str
    tool: str
    stage: str
    severity: str
    suppressed: bool
    first_seen: str


def finding_key(finding: Finding) -> str:
    """The finding's ``shiftleft/v1`` fingerprint; for a log that lacks one (not written
    by shiftleft's normalizer), a stand-in from what identifies it, marked as such."""
    if finding.fingerprint:
        return finding.fingerprint
    text = "\x00".join((finding.tool, finding.rule_id, finding.path, finding.message))
    return "derived:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _assessed_runs(statuses: Iterable[ScannerStatus]) -> tuple[set[tuple[str, str]], set[str]]:
    ok = [s for s in statuses if s.assessed]
    return {(s.name, s.stage) for s in ok}, {s.name for s in ok}


class HistoryStore:
    """One history database file. Cheap to create; each call opens and closes its own
    connection, so one instance may be used from several threads."""

    def __init__(self, path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout

    # -- connection and schema -----------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so BEGIN IMMEDIATE is honoured
            conn = sqlite_safe.connect(
                self.path, expected=expected_schema, readonly=False, label="history database",
                max_bytes=MAX_HISTORY_BYTES, max_value_bytes=MAX_VALUE_BYTES, busy_timeout=self.busy_timeout,
                isolation_level=None, allow_new=True,
            )  # fmt: skip
        except sqlite_safe.SqliteRefused as exc:
            raise HistoryError(str(exc)) from exc
        except (OSError, sqlite3.Error) as exc:
            raise HistoryError(f"cannot open history database {self.path}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000):d}")
            self._use_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except sqlite3.DatabaseError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise HistoryError(
                    f"history database {self.path} stayed locked by another scan for over {self.busy_timeout:g} s"
                ) from exc
            raise HistoryError(f"history database {self.path} is unusable: {exc}") from exc
        except (ValueError, TypeError, OverflowError) as exc:
            # our schema, hand-made values: a first_seen that is no date, a count that is text
            raise HistoryError(f"history database {self.path} holds a malformed value: {str(exc)[:200]}") from exc
        finally:
            conn.close()

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        """Switch to WAL once. Changing the journal mode returns SQLITE_BUSY at once, without
        the busy handler, when another connection is switching it too (two first scans of a
        new database), so retry here until the busy timeout."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if ("locked" in str(exc) or "busy" in str(exc)) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise

    @contextmanager
    def _write(self) -> Iterator[tuple[sqlite3.Connection, int]]:
        """One write transaction, schema brought up to date inside it; yields the connection
        and the schema version found. Anything raised rolls the whole transaction back; a
        killed process leaves uncommitted WAL frames that SQLite discards on next open."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._check_version(conn)
                found = apply_migrations(conn)
                yield conn, found
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _check_version(self, conn: sqlite3.Connection) -> None:
        found = user_version(conn)
        if found > SCHEMA_VERSION:
            raise HistoryError(
                f"history database {self.path} has schema version {found}, newer than this shiftleft "
                f"({__version__}) understands ({SCHEMA_VERSION}): upgrade shiftleft or use another --history path"
            )

    def migrate(self) -> int:
        """Create or upgrade the schema now (``record`` does it too); returns the version it
        found (0 for a new file)."""
        with self._write() as (_conn, found):
            return found

    def schema_version(self) -> int:
        with self._connect() as conn:
            return user_version(conn)

    # -- recording -------------------------------------------------------------------------
    def record(
        self,
        report: Report,
        *,
        now: datetime | None = None,
        target: str | None = None,
        git: GitInfo | None = None,
        trend_scans: int = DEFAULT_TREND_SCANS,
    ) -> HistorySummary:
        """Record one scan and compare it with the previous scan of the same target.

        ``now``: the scan's time (first-seen / fixed-at times; injectable for tests),
        default the wall clock. ``target``: the key that says which scans are "the same
        target", default the scanned root from the SARIF metadata. ``git``: default read
        from the target directory when it exists.
        """
        return self.record_scan(report, now=now, target=target, git=git, trend_scans=trend_scans).summary

    def record_scan(
        self,
        report: Report,
        *,
        now: datetime | None = None,
        target: str | None = None,
        git: GitInfo | None = None,
        trend_scans: int = DEFAULT_TREND_SCANS,
    ) -> RecordedScan:
        """``record``, also returning the scan id and the not-assessed count."""
        at = now or datetime.now(UTC)
        at_text = iso(at)
        key = target or str(report.meta.get("target") or ".")
        if git is None:
            root = Path(key)
            git = git_info(root) if root.is_dir() else GitInfo()
        scan_id = uuid.uuid4().hex
        current: dict[str, Finding] = {}
        for f in report.findings:  # one fingerprint reported twice: keep the most severe
            k = finding_key(f)
            old = current.get(k)
            if old is None or RANK.get(f.severity, -1) > RANK.get(old.severity, -1):
                current[k] = f
        with self._write() as (conn, _found):
            previous = conn.execute(
                "SELECT recorded_at FROM scans WHERE target = ? ORDER BY seq DESC LIMIT 1", (key,)
            ).fetchone()
            overall = report.scorecard.overall
            conn.execute(
                "INSERT INTO scans (id, target, started, finished, recorded_at, git_commit, git_branch, grade, score,"
                " shiftleft_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (scan_id, key, report.meta.get("startTime"), report.meta.get("endTime"), at_text, git.commit,
                 git.branch, overall.grade, overall.score, __version__),
            )  # fmt: skip
            conn.executemany(
                "INSERT OR REPLACE INTO scan_scanners (scan_id, name, stage, category, status, version)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(scan_id, s.name, s.stage, s.category, s.status, s.version) for s in report.statuses],
            )
            open_rows = {row.fingerprint: row for row in _open_episodes(conn, key)}
            new, still_open = _upsert_seen(conn, key, scan_id, at_text, current, open_rows)
            # a scan of part of the tree (some files) looked for nothing outside that part
            statuses = () if report.meta.get("subset") else report.statuses
            fixed, not_assessed, carried = _close_episodes(
                conn, scan_id, at_text, [row for fp, row in open_rows.items() if fp not in current], statuses
            )
            still_open += carried
            open_count = new + still_open
            conn.execute(
                "UPDATE scans SET open_count = ?, new_count = ?, fixed_count = ?, not_assessed_count = ? WHERE id = ?",
                (open_count, new, fixed, not_assessed, scan_id),
            )
            summary = HistorySummary(
                previous_scan=previous[0] if previous else None,
                new=new,
                fixed=fixed,
                still_open=still_open,
                trend=_trend(conn, key, trend_scans),
                mttr_days=_mttr(conn, key),
                open_by_age=_ages(conn, key, at),
            )
        return RecordedScan(scan_id, summary, not_assessed)

    # -- reading ----------------------------------------------------------------------------
    def scans(self, target: str | None = None, limit: int = 100) -> tuple[ScanRow, ...]:
        """Recorded scans, newest first (of one target when given)."""
        if not self.path.exists():
            return ()
        if self.schema_version() < SCHEMA_VERSION:
            self.migrate()
        with self._connect() as conn:
            self._check_version(conn)
            sql = (
                "SELECT id, target, recorded_at, started, finished, git_commit, git_branch, grade, score, open_count,"
                " new_count, fixed_count, not_assessed_count FROM scans"
            )
            args: tuple[object, ...] = ()
            if target is not None:
                sql += " WHERE target = ?"
                args = (target,)
            rows = conn.execute(sql + " ORDER BY seq DESC LIMIT ?", (*args, limit)).fetchall()
        return tuple(ScanRow(*row) for row in rows)


def _open_episodes(conn: sqlite3.Connection, target: str) -> list[_Open]:
    rows = conn.execute(
        "SELECT id, fingerprint, tool, stage, severity, suppressed, first_seen FROM findings"
        " WHERE target = ? AND fixed_at IS NULL",
        (target,),
    ).fetchall()
    return [_Open(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows]


def _upsert_seen(
    conn: sqlite3.Connection,
    target: str,
    scan_id: str,
    at: str,
    current: dict[str, Finding],
    open_rows: dict[str, _Open],
) -> tuple[int, int]:
    """Open an episode for each finding not open yet; refresh the open ones. Returns
    (new, still open), counting unsuppressed findings only, as the scorecard does."""
    new = still_open = 0
    for fp, f in current.items():
        row = open_rows.get(fp)
        if row is None:
            conn.execute(
                "INSERT INTO findings (target, fingerprint, rule_id, tool, severity, path, first_seen, first_scan,"
                " last_seen, last_scan, stage, category, line, suppressed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (target, fp, f.rule_id, f.tool, f.severity, f.path, at, scan_id, at, scan_id, f.stage, f.category,
                 f.line, int(f.suppressed)),
            )  # fmt: skip
            new += not f.suppressed
        else:
            conn.execute(
                "UPDATE findings SET last_seen = ?, last_scan = ?, severity = ?, path = ?, line = ?, rule_id = ?,"
                " tool = ?, stage = ?, category = ?, suppressed = ? WHERE id = ?",
                (at, scan_id, f.severity, f.path, f.line, f.rule_id, f.tool, f.stage, f.category, int(f.suppressed),
                 row.id),
            )  # fmt: skip
            still_open += not f.suppressed
    return new, still_open


def _close_episodes(
    conn: sqlite3.Connection, scan_id: str, at: str, missing: Sequence[_Open], statuses: Sequence[ScannerStatus]
) -> tuple[int, int, int]:
    """Close the episodes this scan no longer reports, when it could have reported them.
    Returns (fixed, not assessed, not assessed and unsuppressed): the last are still open.

    A row from a version-1 database has no stage (''): then any successful run of its
    scanner counts, the best that old data allows."""
    by_stage, by_name = _assessed_runs(statuses)
    fixed = not_assessed = carried = 0
    for row in missing:
        assessed = (row.tool, row.stage) in by_stage if row.stage else row.tool in by_name
        if assessed:
            conn.execute("UPDATE findings SET fixed_at = ?, fixed_scan = ? WHERE id = ?", (at, scan_id, row.id))
            fixed += not row.suppressed
        else:
            not_assessed += 1
            carried += not row.suppressed
    return fixed, not_assessed, carried


def _trend(conn: sqlite3.Connection, target: str, limit: int) -> tuple[tuple[str, int], ...]:
    rows = conn.execute(
        "SELECT recorded_at, open_count FROM scans WHERE target = ? ORDER BY seq DESC LIMIT ?", (target, max(1, limit))
    ).fetchall()
    return tuple((str(r[0]), int(r[1])) for r in reversed(rows))


def _mttr(conn: sqlite3.Connection, target: str) -> dict[str, float | None]:
    """Mean days from first seen to fixed, per severity, over every fixed episode of the
    target (suppressed ones excluded: waiving is not remediating)."""
    totals: dict[str, list[float]] = {s: [] for s in SEVERITIES}
    rows = conn.execute(
        "SELECT severity, first_seen, fixed_at FROM findings WHERE target = ? AND fixed_at IS NOT NULL"
        " AND suppressed = 0",
        (target,),
    ).fetchall()
    for severity, first_seen, fixed_at in rows:
        totals.setdefault(severity, []).append(_days(first_seen, parse_iso(fixed_at)))
    return {s: (round(sum(v) / len(v), 2) if v else None) for s, v in totals.items()}


def _ages(conn: sqlite3.Connection, target: str, now: datetime) -> dict[str, int]:
    counts = {label: 0 for label, _, _ in AGE_BUCKETS}
    rows = conn.execute(
        "SELECT first_seen FROM findings WHERE target = ? AND fixed_at IS NULL AND suppressed = 0", (target,)
    ).fetchall()
    for (first_seen,) in rows:
        age = max(0.0, _days(first_seen, now))
        for label, low, high in AGE_BUCKETS:
            if low <= age < high:
                counts[label] += 1
                break
    return counts
