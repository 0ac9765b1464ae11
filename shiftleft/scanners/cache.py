"""The result cache: a scanner whose inputs did not change is not run again.

**The key** of one run is a SHA-256 over everything the run depends on:

* the cache format, shiftleft's own version (adapters, severity maps, normalization: an
  upgrade of shiftleft is a miss), the scanner's name and class, the tool's version;
* the effective options (config options and what the scan provides: the advisory database
  path...), whether the scan is offline, the target root, image and image archive
  (notifications may name absolute paths; the raw run never sees its stage, which is
  applied after the cache, by normalization);
* ``Scanner.cache_identity(ctx)``: the rule files' content for semgrep, the advisory
  database's identity for the dependency scanners, helper binaries found for checkov;
* the path and content digest of exactly the files ``Scanner.inputs(target)`` names, so
  an edit to a README is still a hit for semgrep.

**Never unsafe.**

* Only a complete, successful run is stored (``executionSuccessful`` true), or one whose
  adapter looked at its inputs and found nothing of its kind (not applicable: checkov on a
  tree without IaC, which would otherwise run again on every warm scan); a failed,
  timed-out or missing run is never stored, so a hit can never turn an outage into a pass.
  A stored run keeps its not-assessed items and tool errors: a hit
  is the stored run, processed by the pipeline exactly as a fresh one.
* What is stored is the run as the adapter returned it, *redacted by the scan's own
  redactor* after the whole log was redacted (``Session.commit``; credential results lose
  snippets and quoted literals, as in the log), so no secret value sits in the cache.
* A run that teaches the redactor something for the other runs - detect-secrets' or
  Betterleaks' secret hashes, the quoted literal of a credential result (bandit's
  "hardcoded password: '...'") - is *not stored*: a hit could not teach a later scan's
  redactor what a fresh run would, and keeping the hashes would put a brute-forceable
  form of each secret in the cache. Such a scanner simply runs again. Except for the
  quoted parts of a credential result's message when each one is found, verbatim, in the
  result's file: the entry then keeps *where* (line, column, length:
  ``QUOTED_REFS_KEY``), never what, and a hit reads them back from that file - the same
  bytes, since the file's digest is part of the key - so the run comes back exactly as the
  tool wrote it and the scan's redactor learns and masks the literals as on a fresh run.
  A part that cannot be placed keeps the run out of the cache; one that cannot be read
  back is a miss.
  The same for a secrets engine that says where each value is (Betterleaks:
  ``SECRET_AT``, the byte offset and length in the result's file): the entry keeps where,
  checked at store time to hash to the engine's hash, never the hash; a hit reads the
  bytes back and hashes them, so the scan's redactor gets the hashes a fresh run gives.
  A value that cannot be placed so (detect-secrets gives no offsets) keeps the run out.
* Beside the runs, ``clean-lines.bin`` keeps 16-byte digests of output lines detect-secrets'
  plugins found nothing in (``Redactor.clean_digests``: keyed by the detectors' code and
  versions and the file type), so a later scan skips the detectors - never the rewriting
  - on them. Only lines that every output shows as they are, with no learnt value, secret
  hash or URL credential in them and no private key in the scan, are kept: a digest says
  nothing the reports do not.
* A scanner whose ``health`` fails is run (and reported missing), never looked up.
* A run that wrote a file (the SBOM: ``Scanner.writes_artifact``) is stored with the file's
  text when the scan's redactor leaves that text as it is (else not stored); a hit writes
  it again through the scanner
  (``restore_artifact``: the SBOM gets a serial number and timestamp of its own), and one
  it cannot write is a miss.
* A scanner that is not ``cacheable`` (plugins unless they say so, the image scanner), a
  ``cache_identity`` of None, or an input file that cannot be read within the bounds: no
  lookup, no store.

**The store** is one SQLite file in the user cache directory (platformdirs, like the
advisory database; ``$SHIFTLEFT_CACHE_DIR`` for the user to move it; no config key, so a
repository config cannot point it anywhere), opened through ``sqlite_safe`` (our schema
only, bounded statements), in WAL mode with a busy timeout and ``BEGIN IMMEDIATE`` writes,
so two shiftleft processes share it. Entries are read back through the bounded JSON
checks of ``sarif.readback``; an entry that does not parse is a miss (and deleted), never
a crash; a store that cannot be used at all turns the cache off for that scan. The total
size of the entries is bounded (``cache.max_mb``, default ``DEFAULT_MAX_MB``): the least
recently used entries are evicted first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import sarif_om

from shiftleft import __version__, sqlite_safe
from shiftleft.model import ScanContext
from shiftleft.sarif import om
from shiftleft.sarif.dedup import SECRET_AT, SECRET_IDENTITY
from shiftleft.sarif.readback import MAX_DEPTH, ReadBackError, check_tree
from shiftleft.sarif.redact import (
    QUOTED,
    REDACTED,
    Redactor,
    is_credential_result,
    mask_quoted,
    quoted_literals,
    secret_hash,
)
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY

#: bump when what is stored changes meaning: every old entry is then a miss
FORMAT = 3  # 2: credential results may carry QUOTED_REFS_KEY; 3: secrets results SECRET_AT
#: the user's own override of the cache directory (an environment variable: never config)
ENV_DIR = "SHIFTLEFT_CACHE_DIR"
DB_FILENAME = "results.sqlite3"
#: the redactor's clean lines (``Redactor.clean_digests``): a header, then 16-byte digests,
#: oldest first, at most ``MAX_CLEAN_LINES`` of them
CLEAN_FILENAME = "clean-lines.bin"
CLEAN_HEADER = b"shiftleft-clean-lines/1\n"
MAX_CLEAN_LINES = 131_072  # 2 MiB: read by every scan, the hook included
DEFAULT_MAX_MB = 512.0
#: one entry larger than this is not stored (a run of hundreds of thousands of results)
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: the file may never grow past this, whatever ``max_mb`` says
MAX_FILE_BYTES = 8 * 1024 * 1024 * 1024
#: an input file larger than this is not hashed: that run is not cached (the safe list
#: already stops at 5 MiB)
MAX_INPUT_BYTES = 64 * 1024 * 1024
BUSY_TIMEOUT = 30.0
#: a stored credential result's property: where each quoted part of its message is in its
#: file ([line, column, length] each, in message order); taken off again on a hit
QUOTED_REFS_KEY = "shiftleftQuotedRefs"
#: a stored run's property: the text of the file the run wrote (``Scanner.writes_artifact``:
#: the SBOM), kept only as the redactor leaves it; taken off on a hit, which writes it again
ARTIFACT_KEY = "shiftleftArtifactText"
#: the longest secret value the cache places by offset (a private key block fits)
MAX_SECRET_BYTES = 64 * 1024
_MASKED = re.compile(r"""(['"`])""" + re.escape(REDACTED) + r"\1")
_NEWLINE = re.compile(r"\r\n|\r|\n")
SCHEMA = (
    "CREATE TABLE entries (key TEXT PRIMARY KEY, scanner TEXT NOT NULL, created REAL NOT NULL,"
    " used REAL NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL)",
    "CREATE INDEX entries_used ON entries (used)",
)
SCHEMA_VERSION = 1

Runner = Callable[[Scanner, ScanContext], sarif_om.Run]
#: runs scanners that share one run of their tool: one run per member, in order
GroupRunner = Callable[[Sequence[tuple[Scanner, ScanContext]]], list[sarif_om.Run]]


def cache_dir() -> Path:
    """``$SHIFTLEFT_CACHE_DIR``, else ``<user cache dir>/shiftleft/results``."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir("shiftleft", appauthor=False)) / "results"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=True)


def _input_chunks(root: Path, rel: str, max_bytes: int) -> Iterator[bytes] | None:
    """The content of one file of the target in chunks, read without following a link and
    without blocking on a FIFO; None when it is not a regular file inside the root or is
    larger than ``max_bytes`` (a file that grows past it while read ends in ``OSError``)."""
    if not rel or rel.startswith("/") or ".." in rel.split("/"):
        return None
    try:
        fd = os.open(root / rel, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        os.close(fd)
        return None

    def chunks() -> Iterator[bytes]:
        try:
            size = 0
            while chunk := os.read(fd, 1024 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise OSError("grew past the bound while read")
                yield chunk
        finally:
            os.close(fd)

    return chunks()


def file_digest(root: Path, rel: str, max_bytes: int = MAX_INPUT_BYTES) -> str | None:
    """SHA-256 of one file of the target (``_input_chunks``: no link followed, bounded)."""
    found = _input_chunks(root, rel, max_bytes)
    if found is None:
        return None
    digest = hashlib.sha256()
    try:
        for chunk in found:
            digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def path_identity(path: Path | str | None) -> dict[str, Any]:
    """A file's identity without reading it all (an advisory database of hundreds of MB):
    real path, size, modification time, inode, and the same of its SQLite ``-wal`` file, so
    any write (an import, an update) changes it."""
    if not path:
        return {"path": None}
    real = Path(path).expanduser()
    out: dict[str, Any] = {"path": str(real.resolve() if real.exists() else real)}
    for suffix in ("", "-wal"):
        try:
            st = os.stat(f"{real}{suffix}")
        except OSError:
            out[suffix or "main"] = None
            continue
        out[suffix or "main"] = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
    return out


def files_identity(paths: Iterable[Path]) -> list[list[str | None]]:
    """Path and content digest of each of ``paths`` (rule files: small, read whole)."""
    out: list[list[str | None]] = []
    for path in paths:
        try:
            out.append([str(path), hashlib.sha256(path.read_bytes()).hexdigest()])
        except OSError:
            out.append([str(path), None])
    return out


# --- the store ----------------------------------------------------------------------------


class CacheUnusable(Exception):
    """The store cannot be opened or used; the scan goes on without a cache."""


class ResultStore:
    """The SQLite file of cached runs. Each call opens its own connection (threads share
    an instance; processes share the file)."""

    def __init__(self, directory: Path | None = None, *, max_mb: float = DEFAULT_MAX_MB) -> None:
        self.directory = directory or cache_dir()
        self.path = self.directory / DB_FILENAME
        self.max_bytes = int(max(0.0, max_mb) * 1024 * 1024)

    def _open(self) -> sqlite3.Connection:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            conn = sqlite_safe.connect(
                self.path, expected=sqlite_safe.exactly(SCHEMA, (0, SCHEMA_VERSION), "result cache"),
                readonly=False, label="result cache", max_bytes=MAX_FILE_BYTES, max_value_bytes=MAX_ENTRY_BYTES + 1024,
                busy_timeout=BUSY_TIMEOUT, isolation_level=None, allow_new=True,
            )  # fmt: skip
        except (OSError, sqlite3.Error) as exc:
            raise CacheUnusable(str(exc)) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000):d}")
            deadline = time.monotonic() + BUSY_TIMEOUT
            while True:  # switching the journal mode is busy at once when another opener does it too
                try:
                    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                        conn.execute("PRAGMA journal_mode = WAL")
                    break
                except sqlite3.OperationalError as exc:
                    if ("locked" in str(exc) or "busy" in str(exc)) and time.monotonic() < deadline:
                        time.sleep(0.05)
                        continue
                    raise
            conn.execute("PRAGMA synchronous = NORMAL")
            if not conn.execute("SELECT name FROM sqlite_master WHERE name = 'entries'").fetchone():
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if not conn.execute("SELECT name FROM sqlite_master WHERE name = 'entries'").fetchone():
                        for statement in SCHEMA:
                            conn.execute(statement)
                        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.close()
            raise CacheUnusable(f"result cache {self.path} is unusable: {exc}") from exc
        return conn

    def clean_lines(self) -> frozenset[bytes]:
        """The digests of the lines earlier scans' detectors found nothing in (empty when
        the file is missing, too large or not ours: the detectors then just run)."""
        path = self.directory / CLEAN_FILENAME
        try:
            with path.open("rb") as fh:
                data = fh.read(len(CLEAN_HEADER) + 16 * MAX_CLEAN_LINES + 1)
        except OSError:
            return frozenset()
        body = data[len(CLEAN_HEADER):]
        if not data.startswith(CLEAN_HEADER) or len(body) % 16 or len(body) > 16 * MAX_CLEAN_LINES:
            return frozenset()
        return frozenset(body[i : i + 16] for i in range(0, len(body), 16))

    def add_clean_lines(self, known: frozenset[bytes], new: Iterable[bytes]) -> None:
        """Append this scan's new clean lines to ``known`` (what ``clean_lines`` read), the
        oldest dropped past the bound; written whole to a temporary file and renamed, so a
        reader sees the old file or the new one. Two scans writing at once: one's additions
        are lost, which only means detecting those lines once more."""
        added = [d for d in dict.fromkeys(new) if len(d) == 16 and d not in known]
        if not added:
            return
        path = self.directory / CLEAN_FILENAME
        try:
            with path.open("rb") as fh:
                old = fh.read(len(CLEAN_HEADER) + 16 * MAX_CLEAN_LINES + 1)
        except OSError:
            old = b""
        body = old[len(CLEAN_HEADER) :] if old.startswith(CLEAN_HEADER) else b""
        body = (body[: len(body) - len(body) % 16] + b"".join(added))[-16 * MAX_CLEAN_LINES :]
        tmp = path.with_name(f"{CLEAN_FILENAME}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp.write_bytes(CLEAN_HEADER + body)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def get(self, key: str, inputs: list[list[str]] | None = None) -> sarif_om.Run | None:
        """The stored run, or None: absent, or unreadable (then the entry is deleted).
        ``inputs``: the run's (path, digest) list (kept for the entry format's checks)."""
        conn = self._open()
        try:
            row = conn.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            run = _decode(row[0], inputs or [])
            if run is None:
                conn.execute("DELETE FROM entries WHERE key = ?", (key,))
                return None
            conn.execute("UPDATE entries SET used = ? WHERE key = ?", (time.time(), key))
            return run
        except sqlite3.Error as exc:
            raise CacheUnusable(f"result cache {self.path}: {exc}") from exc
        finally:
            conn.close()

    def contains(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (it may still be unreadable)."""
        conn = self._open()
        try:
            return conn.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error as exc:
            raise CacheUnusable(f"result cache {self.path}: {exc}") from exc
        finally:
            conn.close()

    def put(self, key: str, scanner: str, data: bytes) -> bool:
        """Store one entry, then evict the least recently used ones past the size bound.
        False when it was not stored (too large for the bound)."""
        if len(data) > MAX_ENTRY_BYTES or len(data) > self.max_bytes:
            return False
        conn = self._open()
        try:
            now = time.time()
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(
                    "INSERT OR REPLACE INTO entries (key, scanner, created, used, size, data)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (key, scanner, now, now, len(data), data),
                )
                self._evict(conn, keep=key)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return True
        except sqlite3.Error as exc:
            raise CacheUnusable(f"result cache {self.path}: {exc}") from exc
        finally:
            conn.close()

    def _evict(self, conn: sqlite3.Connection, keep: str) -> None:
        total = int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0])
        if total <= self.max_bytes:
            return
        for key, size in conn.execute("SELECT key, size FROM entries ORDER BY used ASC, created ASC").fetchall():
            if total <= self.max_bytes:
                break
            if key == keep:
                continue
            conn.execute("DELETE FROM entries WHERE key = ?", (key,))
            total -= int(size)

    def stats(self) -> tuple[int, int]:
        """(entries, bytes of entries)."""
        conn = self._open()
        try:
            row = conn.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries").fetchone()
            return int(row[0]), int(row[1])
        finally:
            conn.close()


def _encode(run_dict: dict[str, Any]) -> bytes:
    return json.dumps({"format": FORMAT, "run": run_dict}, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _decode(data: object, inputs: list[list[str]]) -> sarif_om.Run | None:
    """A stored entry back as a run, within the read-back bounds; None for anything that
    is not exactly what ``_encode`` writes (a run with secret hashes never is)."""
    if not isinstance(data, bytes | str) or len(data) > MAX_ENTRY_BYTES:
        return None
    try:
        value = json.loads(data)
        check_tree(value, max_depth=MAX_DEPTH, where="result cache entry")
        if not isinstance(value, dict) or value.get("format") != FORMAT or not isinstance(value.get("run"), dict):
            return None
        # as the adapter returned it, its own verdicts included (``run_from_dict`` would strip
        # them as a tool's claims: these are shiftleft's, written by ``commit``)
        run: sarif_om.Run = om.from_dict(sarif_om.Run, value["run"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, ReadBackError):
        return None
    if not _complete(run):
        return None  # only successful runs were ever stored: anything else is not ours
    props = run.properties if isinstance(run.properties, dict) else {}
    if SECRET_HASHES_KEY in props:
        return None  # never stored with what it taught the redactor: not an entry of ours
    return run


def _complete(run: sarif_om.Run) -> bool:
    """A run the cache may keep: its invocation succeeded (the pipeline's own test), or the
    adapter looked at its inputs and found nothing of its kind there (checkov on a tree
    without IaC: ``build.failed_run`` with status "not-applicable", which the pipeline
    reports as not applicable, never as assessed). Both are decided by the inputs, the
    tool and its options alone, all in the key; a failure, a timeout or a missing tool is
    never kept."""
    invocation = run.invocations[0] if run.invocations else None
    if invocation is None:
        return False
    if invocation.execution_successful is True:
        return True
    props = run.properties if isinstance(run.properties, dict) else {}
    found = props.get("shiftleft")
    health: dict[str, Any] = found if isinstance(found, dict) else {}
    return invocation.execution_successful is False and not run.results and health.get("status") == "not-applicable"


# --- one scan -------------------------------------------------------------------------------


@dataclass
class _Pending:
    key: str
    inputs: list[list[str]]
    scanner: str
    raw: dict[str, Any]
    results: list[sarif_om.Result]
    hashes: list[str]
    #: the scanned root: the quoted parts of credential results are placed in its files
    root: Path | None = None


@dataclass
class Session:
    """The cache as one scan uses it: ``execute`` around each scanner's run, ``commit``
    once the log is redacted. Disabled (``store`` None): ``execute`` only runs."""

    store: ResultStore | None
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    #: successful runs not stored because they taught the redactor (secret hashes, literals)
    unstored: list[str] = field(default_factory=list)
    problem: str | None = None
    _digests: dict[str, str | None] = field(default_factory=dict)
    _clean: frozenset[bytes] | None = None
    _redactor: Redactor | None = None
    _pending: list[_Pending] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def enabled(self) -> bool:
        return self.store is not None

    def _disable(self, why: str) -> None:
        with self._lock:
            self.store = None
            self.problem = self.problem or why

    def _inputs(self, scanner: Scanner, ctx: ScanContext) -> list[list[str]] | None:
        root = ctx.target.root
        out: list[list[str]] = []
        for rel in sorted(set(scanner.inputs(ctx))):
            if rel not in self._digests:
                self._digests[rel] = file_digest(root, rel)
            digest = self._digests[rel]
            if digest is None:
                return None
            out.append([rel, digest])
        return out

    def key(self, scanner: Scanner, ctx: ScanContext) -> tuple[str, list[list[str]]] | None:
        """The run's key and its inputs (path, digest), or None when it must not be cached."""
        if not type(scanner).cacheable:
            return None
        try:
            if scanner.health() is not None:
                return None  # a tool that cannot run now is reported so, never served from the cache
            identity = scanner.cache_identity(ctx)
            if identity is None:
                return None
            inputs = self._inputs(scanner, ctx)
            if inputs is None:
                return None
            target = ctx.target
            parts = {
                "format": FORMAT,
                "shiftleft": __version__,
                "scanner": scanner.name,
                "class": f"{type(scanner).__module__}.{type(scanner).__qualname__}",
                "version": scanner.version(),
                "options": {k: v for k, v in ctx.options.items() if k not in type(scanner).options_outside_key},
                "offline": ctx.offline,
                "root": str(target.root),
                "image": target.image,
                "imageArchive": str(target.image_archive) if target.image_archive else None,
                "identity": identity,
                "inputs": inputs,
            }
            return hashlib.sha256(_canonical(parts).encode("ascii")).hexdigest(), inputs
        except Exception:  # noqa: BLE001 - a key that cannot be made is no caching, never a failure
            return None

    def has(self, scanner: Scanner, ctx: ScanContext) -> bool:
        """Whether ``execute`` will likely be a hit (an entry is stored under the run's key):
        the pipeline starts no worker process for a scan whose pure-Python adapters all are."""
        store = self.store
        keyed = self.key(scanner, ctx) if store is not None else None
        if store is None or keyed is None:
            return False
        try:
            return store.contains(keyed[0])
        except CacheUnusable as exc:
            self._disable(str(exc))
            return False

    def execute(self, scanner: Scanner, ctx: ScanContext, runner: Runner) -> sarif_om.Run:
        """The stored run when the key is known, else ``runner(scanner, ctx)`` (remembered
        for ``commit`` when it succeeded)."""
        store = self.store
        keyed = self.key(scanner, ctx) if store is not None else None
        if store is not None and keyed is not None:
            try:
                found = store.get(keyed[0], keyed[1])
            except CacheUnusable as exc:
                self._disable(str(exc))
                found = None
            if found is not None and _restored(found, scanner, ctx, keyed[1]):
                with self._lock:
                    self.hits.append(scanner.name)
                return found
        run = runner(scanner, ctx)
        if keyed is not None and self.store is not None:
            with self._lock:
                self.misses.append(scanner.name)
            if _complete(run) and self._unchanged(keyed[1], ctx.target.root):
                self._remember(keyed, scanner, run, ctx.target.root)
        return run

    def execute_group(
        self, members: Sequence[tuple[Scanner, ScanContext]], runner: GroupRunner
    ) -> list[sarif_om.Run]:
        """One run per member, in order, for scanners that share one run of their tool
        (``Scanner.shared_run``): the stored run of each member the cache has, and
        ``runner`` once for the others (all of them on any miss of a key that cannot be
        made); each successful fresh run is remembered as ``execute`` would."""
        found: list[sarif_om.Run | None] = []
        keys: list[tuple[str, list[list[str]]] | None] = []
        for scanner, ctx in members:
            keyed = self.key(scanner, ctx) if self.store is not None else None
            run = None
            if self.store is not None and keyed is not None:
                try:
                    run = self.store.get(keyed[0], keyed[1])
                except CacheUnusable as exc:
                    self._disable(str(exc))
                if run is not None and not _restored(run, scanner, ctx, keyed[1]):
                    run = None  # what it taught the redactor cannot be read back: a miss, as in ``execute``
            keys.append(keyed)
            found.append(run)
        missing = [i for i, run in enumerate(found) if run is None]
        fresh = runner([members[i] for i in missing]) if missing else []
        if len(fresh) != len(missing):
            raise RuntimeError(f"shared run returned {len(fresh)} run(s) for {len(missing)} scanner(s)")
        for i, run in zip(missing, fresh, strict=True):
            found[i] = run
        with self._lock:
            self.hits.extend(members[i][0].name for i, run in enumerate(found) if i not in missing)
        for i, run in zip(missing, fresh, strict=True):
            keyed, (scanner, ctx) = keys[i], members[i]
            if keyed is None or self.store is None:
                continue
            with self._lock:
                self.misses.append(scanner.name)
            if _complete(run) and self._unchanged(keyed[1], ctx.target.root):
                self._remember(keyed, scanner, run, ctx.target.root)
        return [run for run in found if run is not None]

    @staticmethod
    def _unchanged(inputs: list[list[str]], root: Path) -> bool:
        """The inputs still hold what was hashed before the run: a file edited while the
        tool ran is not stored under the digest of its earlier content."""
        return all(file_digest(root, rel) == digest for rel, digest in inputs)

    def _remember(self, keyed: tuple[str, list[list[str]]], scanner: Scanner, run: sarif_om.Run,
                  root: Path | None = None) -> None:  # fmt: skip
        """Keep a copy of the run as returned, before the pipeline changes it."""
        try:
            raw = om.to_dict(run)
        except Exception:  # noqa: BLE001 - not storable is not stored
            return
        props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
        found = props.pop(SECRET_HASHES_KEY, None) if isinstance(props, dict) else None
        hashes = [str(h) for h in found] if isinstance(found, list) else []
        if type(scanner).writes_artifact:  # the file it wrote goes with it (``_stored_form`` checks it)
            text = scanner.artifact_text(run)
            if text is None:
                return
            raw["properties"] = {**props, ARTIFACT_KEY: text}
        with self._lock:
            self._pending.append(_Pending(keyed[0], keyed[1], scanner.name, raw, list(run.results or []), hashes, root))

    def known_clean(self) -> frozenset[bytes]:
        """For the scan's redactor: the lines earlier scans found clean (``Redactor.known_clean``),
        read once per scan."""
        with self._lock:
            if self._clean is None:
                store = self.store
                self._clean = store.clean_lines() if store is not None else frozenset()
            return self._clean

    def knows_clean_lines(self) -> bool:
        return bool(self.known_clean())

    def commit(self, redactor: Redactor) -> None:
        """Store the successful runs of this scan, redacted with the scan's redactor (which
        has learnt from the whole log). A run that taught the redactor anything (secret
        hashes, the quoted literals of its credential results) is not stored: a hit could
        not teach a later scan's redactor the same, and the cache keeps no form of a secret.
        ``finish`` keeps the lines it found clean, once the scan's last output is redacted."""
        store = self.store
        pending, self._pending = self._pending, []
        self._redactor = redactor
        if store is None:
            return
        for item in pending:
            try:
                run, taught = _stored_form(item, redactor)
                if taught:
                    self.unstored.append(item.scanner)
                    continue
                if run is None:  # the file it wrote holds what the redactor rewrites
                    continue
                if store.put(item.key, item.scanner, _encode(run)):
                    self.stored.append(item.scanner)
            except CacheUnusable as exc:
                self._disable(str(exc))
                return
            except (TypeError, ValueError, AttributeError):
                continue

    def finish(self) -> None:
        """Keep the lines the scan's redactor found clean and left as they are
        (``Redactor.clean_digests``; called when every output of the scan is redacted), so
        a later scan does not run the detectors on them again."""
        store, redactor, self._redactor = self.store, self._redactor, None
        if store is not None and redactor is not None:
            store.add_clean_lines(self.known_clean(), redactor.clean_digests())

    def summary(self) -> dict[str, Any]:
        """For the log's ``properties.shiftleft.cache``."""
        return {
            "enabled": self.enabled or self.problem is not None,
            "hits": sorted(self.hits),
            "misses": sorted(self.misses),
            "stored": sorted(self.stored),
            "notStored": sorted(self.unstored),
            **({"problem": self.problem} if self.problem else {}),
        }


def _restored(run: sarif_om.Run, scanner: Scanner, ctx: ScanContext, inputs: list[list[str]]) -> bool:
    """Make a stored run the one a fresh run would return: the quoted literals and secret
    hashes it taught the redactor read back from its files, the file it wrote
    (``Scanner.writes_artifact``) written again. False: a miss."""
    root = ctx.target.root
    if not (restore_quoted(run, root, inputs) and restore_secrets(run, root, inputs)):
        return False
    props = run.properties if isinstance(run.properties, dict) else {}
    text = props.pop(ARTIFACT_KEY, None)
    if not type(scanner).writes_artifact:
        return text is None
    return isinstance(text, str) and scanner.restore_artifact(run, ctx, text)


def _stored_form(item: _Pending, redactor: Redactor) -> tuple[dict[str, Any] | None, list[str]]:
    """The raw run as it may be stored (None: not at all), and the secret hashes it taught
    the redactor.
    Credential results lose their snippets and their messages' quoted literals (as the log
    did), then every string goes through the scan's redactor."""
    taught = set(item.hashes)
    raw_results = item.raw.get("results") or []
    inputs = {rel for rel, _digest in item.inputs}
    lines: dict[str, list[str] | None] = {}
    contents: dict[str, bytes | None] = {}
    for result, raw in zip(item.results, raw_results, strict=False):
        if not isinstance(raw, dict):
            continue
        placed = _placed_secret(raw, item.root, inputs, contents)
        if placed is not None:
            taught.discard(placed)
        if not is_credential_result(result):
            continue
        message = raw.get("message")
        if isinstance(message, dict) and isinstance(message.get("text"), str):
            refs = _quoted_refs(raw, message["text"], item.root, inputs, lines)
            if refs is None:
                taught.update(secret_hash(v) for v in quoted_literals(message["text"]))
            elif refs:
                props = raw.get("properties")
                raw["properties"] = {**(props if isinstance(props, dict) else {}), QUOTED_REFS_KEY: refs}
            message["text"] = mask_quoted(message["text"])
        for loc in raw.get("locations") or []:
            physical = loc.get("physicalLocation") if isinstance(loc, dict) else None
            for region_key in ("region", "contextRegion"):
                region = physical.get(region_key) if isinstance(physical, dict) else None
                if isinstance(region, dict):
                    region.pop("snippet", None)
    props = item.raw.get("properties")
    artifact = props.pop(ARTIFACT_KEY, None) if isinstance(props, dict) else None
    stored: dict[str, Any] | None = redactor.walk(item.raw)
    if isinstance(artifact, str):
        # the file is kept only as the run wrote it: one the redactor would rewrite (a
        # secret, or a lockfile's hex digest it takes for one) is not stored, since a hit
        # must give back the file a fresh run writes and the cache holds no secret
        if redactor.text(artifact) != artifact:
            stored = None
        elif isinstance(props, dict):
            props[ARTIFACT_KEY] = artifact
    return stored, sorted(taught)


def _file_bytes(root: Path | None, rel: str, inputs: set[str], contents: dict[str, bytes | None]) -> bytes | None:
    """The content of one of the run's input files (read as the digest reads it, once)."""
    if rel not in contents:
        found = _input_chunks(root, rel, MAX_INPUT_BYTES) if root is not None and rel in inputs else None
        try:
            contents[rel] = b"".join(found) if found is not None else None
        except OSError:
            contents[rel] = None
    return contents[rel]


def _secret_span(value: object, size: int) -> tuple[int, int] | None:
    """A result's ``SECRET_AT`` as (start, end) inside a file of ``size`` bytes."""
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        return None
    start, length = value
    if start < 0 or not 1 <= length <= MAX_SECRET_BYTES or start + length > size:
        return None
    return start, start + length


def _placed_secret(raw: dict[str, Any], root: Path | None, inputs: set[str],
                   contents: dict[str, bytes | None]) -> str | None:  # fmt: skip
    """Take the secret's hash (``SECRET_IDENTITY``) off a raw result before it is stored,
    keeping only where the value is (``SECRET_AT``), and return the hash when the bytes
    there hash to it (a hit reads them back: the file's digest is in the key). A result
    whose value cannot be placed keeps no ``SECRET_AT``, and its hash keeps the run out."""
    props = raw.get("properties")
    if not isinstance(props, dict):
        return None
    identity, at = props.pop(SECRET_IDENTITY, None), props.pop(SECRET_AT, None)
    where = _region_of(raw)
    data = _file_bytes(root, where[0], inputs, contents) if where is not None else None
    span = _secret_span(at, len(data)) if data is not None else None
    if not isinstance(identity, str) or data is None or span is None:
        return None
    if hashlib.sha1(data[span[0] : span[1]], usedforsecurity=False).hexdigest() != identity:
        return None
    props[SECRET_AT] = at
    return identity


def restore_secrets(run: sarif_om.Run, root: Path, inputs: list[list[str]]) -> bool:
    """Put back, from their files, the secret hashes of a stored secrets engine's run (each
    result's ``SECRET_AT``): the run is then the one the engine returned, hashes included,
    and the scan's redactor learns them as from a fresh run. False (a miss) when one
    cannot be read back."""
    names = {rel for rel, _digest in inputs}
    contents: dict[str, bytes | None] = {}
    hashes: set[str] = set()
    for result in run.results or []:
        props = result.properties if isinstance(result.properties, dict) else None
        if props is None or SECRET_AT not in props:
            continue
        uri = None
        if result.locations and result.locations[0].physical_location is not None:
            art = result.locations[0].physical_location.artifact_location
            uri = str(art.uri) if art is not None and art.uri else None
        data = _file_bytes(root, uri, names, contents) if uri is not None else None
        span = _secret_span(props.get(SECRET_AT), len(data)) if data is not None else None
        if data is None or span is None:
            return False
        identity = hashlib.sha1(data[span[0] : span[1]], usedforsecurity=False).hexdigest()
        props[SECRET_IDENTITY] = identity
        hashes.add(identity)
    if hashes:
        props_run = run.properties if isinstance(run.properties, dict) else {}
        run.properties = {**props_run, SECRET_HASHES_KEY: sorted(hashes)}
    return True


def _file_lines(root: Path | None, rel: str, inputs: set[str]) -> list[str] | None:
    """The lines of one of the run's input files (the key hashed it), read as the digest
    reads it (no link followed, bounded); None when it is not an input or cannot be read."""
    if root is None or rel not in inputs:
        return None
    found = _input_chunks(root, rel, MAX_INPUT_BYTES)
    if found is None:
        return None
    try:
        data = b"".join(found)
    except OSError:
        return None
    return _NEWLINE.split(data.decode("utf-8", "surrogateescape"))


def _region_of(raw: dict[str, Any]) -> tuple[str, int, int] | None:
    """(file, first line, last line) of a raw result's first location."""
    locations = raw.get("locations")
    first = locations[0] if isinstance(locations, list) and locations else None
    physical = first.get("physicalLocation") if isinstance(first, dict) else None
    if not isinstance(physical, dict):
        return None
    artifact, region = physical.get("artifactLocation"), physical.get("region")
    uri = artifact.get("uri") if isinstance(artifact, dict) else None
    start = region.get("startLine") if isinstance(region, dict) else None
    if not isinstance(uri, str) or not isinstance(start, int) or isinstance(start, bool) or start < 1:
        return None
    end = region.get("endLine") if isinstance(region, dict) else None
    end = end if isinstance(end, int) and not isinstance(end, bool) and start <= end <= start + 50 else start
    return uri, start, end


def _quoted_refs(raw: dict[str, Any], text: str, root: Path | None, inputs: set[str],
                 cache: dict[str, list[str] | None]) -> list[list[int]] | None:  # fmt: skip
    """Where each quoted part of a credential result's message (what ``mask_quoted``
    replaces) is, verbatim, in the result's file (its own lines first): ``[line, column,
    length]`` in message order; [] when the message quotes nothing; None when a part is
    not in the file (a literal split over lines, an escaped one)."""
    parts = [m.group(0)[1:-1] for m in QUOTED.finditer(text)]
    if not parts:
        return []
    where = _region_of(raw)
    if where is None:
        return None
    rel, start, end = where
    if rel not in cache:
        cache[rel] = _file_lines(root, rel, inputs)
    lines = cache[rel]
    if lines is None:
        return None
    refs: list[list[int]] = []
    # the result's own lines first, then the rest of the file (bandit's lines can be one
    # off): any place holding the same characters gives back the same part
    order = [*range(start, min(end, len(lines)) + 1), *range(1, len(lines) + 1)]
    for part in parts:
        found = next(([n, col, len(part)] for n in order if (col := lines[n - 1].find(part)) >= 0), None)
        if found is None or part == REDACTED:
            return None
        refs.append(found)
    return refs


def restore_quoted(run: sarif_om.Run, root: Path, inputs: list[list[str]]) -> bool:
    """Put back, from their files, the quoted parts of a stored run's credential results
    (``QUOTED_REFS_KEY``): the run is then the one the tool wrote, and the scan's redactor
    learns the literals from it as from a fresh run. False (a miss) when one cannot be."""
    names = {rel for rel, _digest in inputs}
    lines: dict[str, list[str] | None] = {}
    for result in run.results or []:
        props = result.properties if isinstance(result.properties, dict) else None
        if props is None or QUOTED_REFS_KEY not in props:
            continue
        refs = props.pop(QUOTED_REFS_KEY)
        uri = None
        if result.locations and result.locations[0].physical_location is not None:
            art = result.locations[0].physical_location.artifact_location
            uri = str(art.uri) if art is not None and art.uri else None
        text = result.message.text if result.message is not None else None
        if uri is None or not isinstance(text, str) or not isinstance(refs, list):
            return False
        if uri not in lines:
            lines[uri] = _file_lines(root, uri, names)
        source = lines[uri]
        masked = list(_MASKED.finditer(text))
        if source is None or len(masked) != len(refs):
            return False
        parts: list[str] = []
        for ref in refs:
            if not (isinstance(ref, list) and len(ref) == 3 and all(isinstance(v, int) for v in ref)):
                return False
            line, col, length = ref
            if not (1 <= line <= len(source) and 0 <= col and length >= 1 and col + length <= len(source[line - 1])):
                return False
            parts.append(source[line - 1][col : col + length])
        out, last = [], 0
        for match, part in zip(masked, parts, strict=True):
            out += [text[last : match.start()], match.group(1), part, match.group(1)]
            last = match.end()
        result.message.text = "".join([*out, text[last:]])
    return True


def session(enabled: bool, max_mb: float | None = None, directory: Path | None = None) -> Session:
    """A scan's cache: off when not ``enabled``."""
    if not enabled:
        return Session(None)
    return Session(ResultStore(directory, max_mb=DEFAULT_MAX_MB if max_mb is None else max_mb))


def disabled() -> Session:
    return Session(None)


def digests(root: Path, files: Sequence[str]) -> dict[str, str | None]:
    """Content digests of ``files`` (for tests and the benchmark)."""
    return {f: file_digest(root, f) for f in files}
