"""``shiftleft-container``: the container image's entry point (docs/docker.md).

It prepares what a CI container lacks, then runs ``shiftleft`` with the same arguments in
this process (``shiftleft-container scan .`` is ``shiftleft scan .``):

- **the mounted checkout belongs to another uid** (GitHub's runner is uid 1001, GitLab's
  clone is root's, the image runs as 10001): git refuses such a repository ("dubious
  ownership") and the scan's commit and ``--diff-base`` would be lost. When the workspace
  (``$SHIFTLEFT_WORKSPACE``, else the working directory) is owned by another uid,
  ``$SHIFTLEFT_GIT_SAFE_DIRECTORY`` is set to exactly its real path: shiftleft's own git calls
  (``gitinfo.run_git``, defanged: no hooks, fsmonitor, external diff or pager) accept that one
  directory. No global git config is written, ``*`` is never used, and no other program's git
  sees it.
- **reports must be writable**: ``scan``'s output directory (``--output``/``-o``, default
  ``shiftleft-report`` in the working directory) and ``--audit-out``'s directory are checked
  before the scan starts; one that this uid cannot write is exit 2 with the way out (run as the
  checkout's owner with ``--user "$(id -u):$(id -g)"``, or an output directory mounted
  writable) instead of a failure after a scan of minutes.
- **the data volume** (``/var/cache/shiftleft`` in the image: the advisory database, the
  result cache, the history) may be missing or belong to another uid: when the cache or state
  directory cannot be written, this run keeps its result cache and history in a temporary
  directory (said on stderr; the database is still read where it is).
- **data kept inside the checkout** (GitLab caches only paths inside the project directory):
  a database, cache or history location inside the workspace is used only when git shows the
  repository ships nothing there and no symbolic link or submodule leads to it; else exit 2. A merge
  request could otherwise commit an empty advisory database (a false "clean") or a history of
  its own.
- **the advisory database**: ``$SHIFTLEFT_DB_UPDATE`` = ``missing`` downloads it (``shiftleft db
  update``) when the file is absent, ``stale`` also when its newest advisory is over a day old
  (for a CI cache: the default gate fails on data older than 7 days), ``always`` before every
  command, ``never`` (the default) not at all; ``$SHIFTLEFT_DB_ECOSYSTEMS`` (comma list)
  narrows the download. Offline, the update fails in seconds with exit 2 and the reason.
  Without a database a ``scan`` says so on stderr, and the scan itself reports the advisory
  matchers as not assessed (never clean).

Everything printed here goes to stderr (stdout is the scan's), one line each, escaped.
The decisions are made by ``plan`` (no side effect but a temporary directory), so they are
tested without a container.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shiftleft.errors import EXIT_USAGE
from shiftleft.gitinfo import SAFE_DIRECTORY_ENV
from shiftleft.safe_text import write_line

PROG = "shiftleft-container"
#: the mounted checkout; default: the working directory (the image's WORKDIR is /src)
WORKSPACE_ENV = "SHIFTLEFT_WORKSPACE"
#: ``never`` | ``missing`` | ``stale`` | ``always``
#: (``0``/``false``/``no``/empty = never, ``1``/``true``/``yes`` = always)
DB_UPDATE_ENV = "SHIFTLEFT_DB_UPDATE"
#: comma-separated OSV ecosystems for the update (default: ``shiftleft db update``'s)
DB_ECOSYSTEMS_ENV = "SHIFTLEFT_DB_ECOSYSTEMS"
#: ``scan --output``'s default (cli.py)
DEFAULT_OUTPUT = "shiftleft-report"
#: days after which ``SHIFTLEFT_DB_UPDATE=stale`` refreshes the database (the default gate
#: calls data older than 7 days stale: a CI cache refreshed daily never gets there)
STALE_DAYS = 1.0
_DB_MODES = {"": "never", "0": "never", "false": "never", "no": "never", "never": "never", "missing": "missing",
             "stale": "stale", "1": "always", "true": "always", "yes": "always", "always": "always"}  # fmt: skip
#: an output ancestor chain is walked at most this far up (a path has far fewer parts)
_MAX_PARTS = 4096


@dataclass(frozen=True)
class Plan:
    """What ``run`` does before handing over to ``shiftleft``."""

    #: environment variables to set for this process (and so for the scan)
    env: dict[str, str] = field(default_factory=dict)
    #: information for stderr, one line each
    notes: tuple[str, ...] = ()
    #: the advisory database to download and import first (``SHIFTLEFT_DB_UPDATE``)
    update_db: Path | None = None
    #: the ecosystems of that update; empty: ``db update``'s default
    ecosystems: tuple[str, ...] = ()
    #: why the command must not run (exit 2): the one line to print
    error: str | None = None
    #: the mounted checkout (None: the working directory is not a directory we can stat)
    workspace: Path | None = None
    #: the temporary data directory this plan made (removed when the command is done)
    scratch: Path | None = None


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command (``scan``, ``db``...), None for ``--help``/``--version`` alone."""
    return argv[0] if argv and not argv[0].startswith("-") else None


def option_value(argv: Sequence[str], long: str, short: str | None = None) -> str | None:
    """The last value of ``--long X``, ``--long=X``, ``-s X`` or ``-sX`` before ``--``."""
    found: str | None = None
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        if arg == long or (short is not None and arg == short):
            if i + 1 < len(args):
                found = args[i + 1]
            i += 2
            continue
        if arg.startswith(long + "="):
            found = arg[len(long) + 1 :]
        elif short is not None and arg.startswith(short) and not arg.startswith("--") and len(arg) > len(short):
            found = arg[len(short) :]
        i += 1
    return found


def writable_dir(path: Path) -> tuple[bool, Path]:
    """Whether this process can create ``path`` (or write into it, when it exists): the
    nearest existing ancestor must be a directory it may write and enter (a read-only mount
    is not). Returns that ancestor too, for the message."""
    current = path
    for _ in range(_MAX_PARTS):
        if current.exists() or current.parent == current:
            break
        current = current.parent
    effective = os.access in os.supports_effective_ids  # the uid that will write, under sudo or setuid too
    return current.is_dir() and os.access(current, os.W_OK | os.X_OK, effective_ids=effective), current


def _owner(path: Path) -> int | None:
    try:
        return path.stat().st_uid
    except OSError:
        return None


def _not_writable(what: Path, ancestor: Path, euid: int) -> str:
    owner = _owner(ancestor)
    whose = f" (owned by uid {owner})" if owner is not None and owner != euid else ""
    return (
        f"cannot write reports to {what}: {ancestor}{whose} is not writable by uid {euid}. Run the container as "
        'the checkout\'s owner (docker run --user "$(id -u):$(id -g)" ...) or pass --output a directory mounted '
        "writable; see docs/docker.md"
    )


def _git_trust(workspace: Path, euid: int) -> tuple[dict[str, str], list[str]]:
    if os.environ.get(SAFE_DIRECTORY_ENV):  # the user named it: theirs wins
        return {}, []
    owner = _owner(workspace)
    if owner is None or owner == euid:
        return {}, []
    real = os.path.realpath(workspace)
    note = (f"{real} belongs to uid {owner}, this container runs as uid {euid}: shiftleft's git calls trust "
            f"exactly that directory (safe.directory), nothing else")  # fmt: skip
    return {SAFE_DIRECTORY_ENV: real}, [note]


def _data_dirs(euid: int, scratch: Callable[[], Path]) -> tuple[dict[str, str], list[str]]:
    """A temporary cache and state directory when the configured ones are not writable."""
    from shiftleft.advisories.store import ENV_VAR as DB_ENV
    from shiftleft.advisories.store import resolve_db_path
    from shiftleft.paths import cache_dir, state_dir
    from shiftleft.scanners.cache import ENV_DIR as RESULT_CACHE_ENV

    results = os.environ.get(RESULT_CACHE_ENV)
    wanted = [cache_dir(), state_dir(), *([Path(results)] if results else [])]
    blocked = [p for p in wanted if not writable_dir(p)[0]]
    if not blocked:
        return {}, []
    tmp = scratch()
    env = {"XDG_CACHE_HOME": str(tmp / "cache"), "XDG_STATE_HOME": str(tmp / "state")}
    if results:
        env[RESULT_CACHE_ENV] = str(tmp / "cache" / "shiftleft" / "results")
    if not os.environ.get(DB_ENV):  # keep reading the database where it was
        env[DB_ENV] = str(resolve_db_path())
    shown = ", ".join(str(p) for p in blocked)
    note = (f"{shown} not writable by uid {euid}: this run's result cache and history are kept in {tmp} and lost "
            "with the container (mount a volume this uid may write; see docs/docker.md)")  # fmt: skip
    return env, [note]


def _stale(db: Path) -> bool:
    """The database's newest advisory is more than ``STALE_DAYS`` old, or it cannot be read."""
    from shiftleft.advisories.errors import AdvisoryError
    from shiftleft.advisories.freshness import database_age_days

    try:
        age = database_age_days(db)
    except AdvisoryError:
        return True
    return age is None or age > STALE_DAYS


def _database(argv: Sequence[str], command: str | None, euid: int) -> Plan:
    from shiftleft.advisories.store import resolve_db_path

    raw = os.environ.get(DB_UPDATE_ENV, "")
    mode = _DB_MODES.get(raw.strip().lower())
    if mode is None:
        return Plan(error=f"{DB_UPDATE_ENV}={raw!r}: choose never, missing, stale or always")
    db = resolve_db_path(option_value(argv, "--db") if command == "scan" else None)
    present = db.is_file()
    if command not in (None, "db") and (mode == "always" or (mode != "never" and not present)
                                        or (mode == "stale" and _stale(db))):  # fmt: skip
        ok, ancestor = writable_dir(db.parent)
        if not ok:
            why = f"{ancestor} is not writable by uid {euid} (mount a volume this uid may write; see docs/docker.md)"
            return Plan(error=f"{DB_UPDATE_ENV}={mode}: cannot write the advisory database {db}: {why}")
        ecosystems = tuple(e.strip() for e in os.environ.get(DB_ECOSYSTEMS_ENV, "").split(",") if e.strip())
        return Plan(update_db=db, ecosystems=ecosystems)
    if command == "scan" and not present:
        hint = f"mount one there or set {DB_UPDATE_ENV}=missing (needs network)"
        return Plan(notes=(f"no advisory database at {db}: osv, pip-audit and container will be not assessed; {hint}",))
    return Plan()


def _outputs(argv: Sequence[str], cwd: Path, euid: int) -> str | None:
    out = option_value(argv, "--output", "-o") or os.environ.get("SHIFTLEFT_OUTPUT") or DEFAULT_OUTPUT
    checks: list[Path] = []
    if out != "-":  # `-` and a file in the way are the CLI's own errors
        checks.append(cwd / out)
    audit = option_value(argv, "--audit-out")
    if audit:
        checks.append((cwd / audit).parent)
    for path in checks:
        if path.exists() and not path.is_dir():
            continue
        ok, ancestor = writable_dir(path)
        if not ok:
            return _not_writable(path, ancestor, euid)
    return None


def plan(argv: Sequence[str], *, cwd: Path, euid: int, scratch: Callable[[], Path] | None = None) -> Plan:
    """Decide what to set up for ``shiftleft ARGV`` run as ``euid`` in ``cwd``, from the
    process environment. ``scratch`` makes the fallback data directory (default: a new
    private temporary directory)."""
    command = command_of(argv)
    raw_ws = os.environ.get(WORKSPACE_ENV)
    workspace = Path(raw_ws) if raw_ws else cwd
    if raw_ws and not (workspace.is_absolute() and workspace.is_dir()):
        return Plan(error=f"{WORKSPACE_ENV}={raw_ws}: not an absolute path of a directory")
    env: dict[str, str] = {}
    notes: list[str] = []
    if workspace.is_dir():
        more, said = _git_trust(workspace, euid)
        env.update(more)
        notes += said
    db = _database(argv, command, euid)
    if db.error:
        return Plan(notes=tuple(notes), error=db.error)
    if command == "scan":
        error = _outputs(argv, cwd, euid)
        if error:
            return Plan(env=env, notes=(*notes, *db.notes), error=error)
    made: list[Path] = []

    def make_scratch() -> Path:
        made.append(scratch() if scratch else Path(tempfile.mkdtemp(prefix="shiftleft-container-")))
        return made[-1]

    more, said = _data_dirs(euid, make_scratch)
    env.update(more)
    notes += [*said, *db.notes]
    return Plan(env=env, notes=tuple(notes), update_db=db.update_db, ecosystems=db.ecosystems,
                workspace=workspace if workspace.is_dir() else None,
                scratch=made[0] if made and scratch is None else None)  # fmt: skip


def data_locations(argv: Sequence[str]) -> list[Path]:
    """Where ``shiftleft ARGV`` reads and writes its own data, in the current environment:
    the advisory database, the cache and state directories, the result cache, ``--history``."""
    from shiftleft.advisories.store import resolve_db_path
    from shiftleft.paths import cache_dir, state_dir
    from shiftleft.scanners.cache import ENV_DIR as RESULT_CACHE_ENV

    scan = command_of(argv) == "scan"
    found = [resolve_db_path(option_value(argv, "--db") if scan else None), cache_dir(), state_dir()]
    results = os.environ.get(RESULT_CACHE_ENV)
    if results:
        found.append(Path(results))
    history = option_value(argv, "--history") if scan else None
    if history:
        found.append(Path(history))
    return found


def _tracked(base: Path, rel: Path) -> list[str] | None:
    """What git's index holds at or under ``rel`` (relative to ``base``) or exactly at one of
    its parents (a submodule or a link there would fill it), None when git cannot say (no
    repository, no git, over its bounds)."""
    from shiftleft.gitinfo import run_git
    from shiftleft.process import ToolError

    wanted = rel.as_posix()
    parents = {p.as_posix() for p in rel.parents if p != Path(".")}
    specs = [f":(literal){name}" for name in (wanted, *sorted(parents))]
    try:
        proc = run_git(base, "ls-files", "-z", "--", *specs)
    except ToolError:
        return None
    names = [name for name in proc.stdout_bytes.decode("utf-8", "replace").split("\0") if name]
    if wanted == ".":
        return names
    return [n for n in names if n == wanted or n.startswith(wanted + "/") or n in parents]


def shipped_data(workspace: Path | None, locations: Sequence[Path], cwd: Path) -> str | None:
    """Why a data location inside the checkout cannot be trusted (it passes through a
    symbolic link there, or the repository ships files at it, or git cannot tell), else None."""
    if workspace is None:
        return None
    bases = dict.fromkeys((Path(os.path.realpath(workspace)), Path(os.path.abspath(workspace))))
    for location in locations:
        path = Path(os.path.abspath(cwd / location))  # not resolved: a link on the way is what is looked for
        base = next((b for b in bases if path == b or b in path.parents), None)
        if base is None:
            continue
        rel = path.relative_to(base)
        current = base
        for part in rel.parts:
            current = current / part
            if current.is_symlink():
                return f"{location}: a symbolic link inside the scanned checkout leads to it ({current}): refused"
        tracked = _tracked(base, rel)
        keep_out = "keep the advisory database, cache and history outside the checkout (see docs/docker.md)"
        if tracked is None:
            return f"{location} lies inside the checkout {base}, git cannot tell what the repository ships: {keep_out}"
        if tracked:
            return (f"{location} lies inside the checkout and the repository ships {tracked[0]} there (it could be an "
                    f"empty advisory database or a history of its own): refused; remove it from the repository or "
                    f"{keep_out}")  # fmt: skip
    return None


def update_database(path: Path, ecosystems: Sequence[str] = (), *, base_url: str | None = None,
                    timeout: float | None = None) -> str | None:  # fmt: skip
    """``shiftleft db update`` into ``path``: None when done, else the one-line reason."""
    from shiftleft.advisories.errors import AdvisoryError
    from shiftleft.advisories.store import AdvisoryStore
    from shiftleft.advisories.update import CONNECT_TIMEOUT, DEFAULT_ECOSYSTEMS, OSV_BUCKET_URL, update

    try:
        with AdvisoryStore(path) as store:
            reports = update(store, tuple(ecosystems) or DEFAULT_ECOSYSTEMS, base_url=base_url or OSV_BUCKET_URL,
                             timeout=CONNECT_TIMEOUT if timeout is None else timeout)  # fmt: skip
    except AdvisoryError as exc:
        return f"{DB_UPDATE_ENV}: the advisory database update failed (it needs network): {exc}"
    except OSError as exc:
        return f"{DB_UPDATE_ENV}: cannot write the advisory database {path}: {exc.strerror or exc}"
    for report in reports:
        write_line(f"{PROG}: advisory database {path}: imported {report.imported} advisories from {report.source}",
                   err=True)  # fmt: skip
    return None


def run(argv: Sequence[str]) -> int:
    """Prepare, then run ``shiftleft ARGV`` in this process; its exit status (2 when the
    preparation failed)."""
    prepared = plan(argv, cwd=Path.cwd(), euid=os.geteuid())
    try:
        return _run(prepared, argv)
    finally:
        if prepared.scratch is not None:
            shutil.rmtree(prepared.scratch, ignore_errors=True)


def _run(prepared: Plan, argv: Sequence[str]) -> int:
    for note in prepared.notes:
        write_line(f"{PROG}: {note}", err=True)
    if prepared.error:
        write_line(f"{PROG}: error: {prepared.error}", err=True)
        return EXIT_USAGE
    os.environ.update(prepared.env)
    shipped = shipped_data(prepared.workspace, data_locations(argv), Path.cwd())
    if shipped:
        write_line(f"{PROG}: error: {shipped}", err=True)
        return EXIT_USAGE
    if prepared.update_db is not None:
        failed = update_database(prepared.update_db, prepared.ecosystems)
        if failed:
            write_line(f"{PROG}: error: {failed}", err=True)
            return EXIT_USAGE
    from shiftleft.entry import main as shiftleft_main

    sys.argv = ["shiftleft", *argv]
    try:
        shiftleft_main()
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        write_line(code, err=True)  # sys.exit("text") prints its text and exits 1
        return 1
    return 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":  # pragma: no cover
    main()
