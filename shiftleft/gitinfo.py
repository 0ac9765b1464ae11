"""Which commit and branch a scan looked at, for the history store and the audit bundle.

Read with the ``git`` executable (argument lists, no shell) rather than by parsing ``.git``
ourselves: packed refs, worktrees and submodules all have their own layouts and git knows
them. The scanned repository is treated as hostile, so only plumbing commands that read
refs are run (``rev-parse``, ``symbolic-ref``: they never run hooks, filters or the
fsmonitor, which are the ways a repository's own config can execute code), with
``core.fsmonitor`` forced off anyway, no prompts, no optional locks, and a timeout. A
missing git, a directory that is not a repository, a repository git refuses to trust
("dubious ownership") or a repository without commits all give ``None``: the commit is
unknown, never guessed.

One exception to that refusal, named by the user, never by the repository: in a container the
mounted checkout belongs to another uid than the container's user, and git would refuse it
("dubious ownership"). ``$SHIFTLEFT_GIT_SAFE_DIRECTORY`` (set by the image's entry point,
``shiftleft.container_entry``, to exactly the mounted workspace) names ONE absolute directory
that shiftleft's own git calls trust, as ``-c safe.directory=<it>``: a command-line value, which
git honours as protected configuration, for these calls only (no global config is written and
nothing else that runs git sees it). ``*``, a trailing ``/*``, a relative path or a value with a
control character is ignored: the check is never switched off wholesale. The defanged options
above still apply, so a trusted checkout's hooks, fsmonitor and external diff never run.

Git is run only on the directory a scan is scanning, at scan time (``cli scan`` records the
result in the log's ``properties.shiftleft.git``). Anything that reads a log later (``audit
export --from``) takes the commit and branch from there, through ``from_meta``, and never runs
git on a directory a log names: a crafted log could name any directory on this machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shiftleft.process import ToolOutput

#: seconds for each git call; reading a ref is instant, a hung filesystem is not our problem to wait on
GIT_TIMEOUT = 10.0
#: the scanned repository's config that could run a command or page the output, switched off
SAFE_CONFIG = ("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "diff.external=",
               "-c", "core.pager=cat")  # fmt: skip
#: no system or global config (the sandbox HOME has none either), no prompts, no locks
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0",
           "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}  # fmt: skip

#: the one directory (absolute, exact) shiftleft's git calls accept though another uid owns it
SAFE_DIRECTORY_ENV = "SHIFTLEFT_GIT_SAFE_DIRECTORY"

#: a full SHA-1 or SHA-256 object id, lower case as git prints it
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
#: a plain branch name: ASCII letters, digits and ``._/+-``, at most 200 characters, not
#: starting with ``-`` or ``.`` (anything else is not kept: it could be terminal or markup
#: text from a crafted log, and git itself never needs more)
_BRANCH = re.compile(r"[A-Za-z0-9_+][A-Za-z0-9._/+-]{0,199}")


@dataclass(frozen=True)
class GitInfo:
    """The commit and branch of the working tree a scan read."""

    #: full object id of HEAD; None outside a repository or before the first commit
    commit: str | None = None
    #: short branch name; None when HEAD is detached (as in most CI checkouts) or unknown
    branch: str | None = None
    #: whether the scanned directory differed from ``commit`` (staged, unstaged or untracked
    #: files; see ``worktree_dirty``); None when unknown (not measured, or not measurable)
    dirty: bool | None = None

    def as_meta(self) -> dict[str, str | bool | None]:
        """The form stored in a log's ``properties.shiftleft.git`` and in audit bundles
        (``dirty`` only when it is known)."""
        meta: dict[str, str | bool | None] = {"commit": self.commit, "branch": self.branch}
        if self.dirty is not None:
            meta["dirty"] = self.dirty
        return meta


def clean_commit(value: object) -> str | None:
    """``value`` if it is a full object id (40 or 64 lower-case hex digits), else None."""
    return value if isinstance(value, str) and _COMMIT.fullmatch(value) else None


def clean_branch(value: object) -> str | None:
    """``value`` if it is a plain branch name (see ``_BRANCH``; no ``..``, ``//``, trailing
    ``/`` or ``.lock``), else None."""
    if not isinstance(value, str) or not _BRANCH.fullmatch(value):
        return None
    if ".." in value or "//" in value or value.endswith(("/", ".lock", ".")):
        return None
    return value


def from_meta(value: object) -> GitInfo:
    """The git state a log recorded at scan time (``properties.shiftleft.git``), type-checked
    and sanitized: a field that is not a plain commit id or branch name is unknown (None).
    Never runs git."""
    if not isinstance(value, dict):
        return GitInfo()
    dirty = value.get("dirty")
    return GitInfo(commit=clean_commit(value.get("commit")), branch=clean_branch(value.get("branch")),
                   dirty=dirty if isinstance(dirty, bool) else None)  # fmt: skip


def safe_directory_option() -> tuple[str, ...]:
    """``("-c", "safe.directory=<dir>")`` for ``$SHIFTLEFT_GIT_SAFE_DIRECTORY`` when it names
    one absolute directory (see the module docstring), else ``()``."""
    value = os.environ.get(SAFE_DIRECTORY_ENV, "")
    if not value or not os.path.isabs(value) or value.endswith("*") or value.strip() != value:
        return ()
    if any(ord(c) < 0x20 or c == "\x7f" for c in value):
        return ()
    return ("-c", f"safe.directory={value}")


def run_git(root: Path, *args: str, timeout: float = GIT_TIMEOUT, max_stdout: int = 1024 * 1024) -> ToolOutput:
    """Run ``git -C root ARGS``, the one way shiftleft runs git (here and for ``--diff-base``):
    through ``run_isolated`` (its own process group, a deadline, bounded output, a private
    cwd and HOME, no inherited ``GIT_*`` variable, no system or global config), with the
    repository's own config defanged: no fsmonitor, hooks, external diff or pager; the one
    directory of ``$SHIFTLEFT_GIT_SAFE_DIRECTORY`` trusted despite its owner. ToolError when
    git is missing, fails, or is over its bounds."""
    from shiftleft.process import GIT_VARS, ToolError, run_isolated

    exe = shutil.which("git")
    if exe is None:
        raise ToolError("git is not installed", "missing")
    argv = [exe, "--no-pager", *SAFE_CONFIG, *safe_directory_option(), "-C", str(root), *args]
    return run_isolated(argv, workdir=None, timeout=timeout, tool_vars=GIT_VARS, env=GIT_ENV, max_stdout=max_stdout)


def _git(root: Path, *args: str) -> str | None:
    from shiftleft.process import ToolError

    try:
        proc = run_git(root, *args)
    except ToolError:
        return None
    out = proc.stdout.strip()
    return out or None


def git_info(root: Path) -> GitInfo:
    """Commit and branch of ``root`` (or of the repository it lies in); empty when unknown."""
    if not root.is_dir():
        return GitInfo()
    commit = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    branch = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    return GitInfo(commit=clean_commit(commit), branch=clean_branch(branch))


def repository_prefix(root: Path) -> str | None:
    """Where ``root`` lies in its git repository, as git prints it (``services/api/``; ``""``
    at the repository root); None outside a repository or when git is missing or refuses
    it. ``rev-parse --show-prefix`` reads no file of the working tree: no hook, filter or
    fsmonitor runs (``run_git``). The caller checks the text (a directory name is the
    repository's choice)."""
    from shiftleft.process import ToolError

    if not root.is_dir():
        return None
    try:
        proc = run_git(root, "rev-parse", "--show-prefix")
    except ToolError:
        return None
    out = proc.stdout.rstrip("\n")
    return None if "\n" in out else out


#: ``worktree_dirty`` compares at most this many tracked files and bytes; past it: unknown
DIRTY_MAX_FILES = 100_000
DIRTY_MAX_BYTES = 1024 * 1024 * 1024
_MODE_FILE = ("100644", "100755")


def _blob_id(algorithm: str, header: bytes, chunks: list[bytes]) -> str:
    digest = hashlib.new(algorithm, usedforsecurity=False)
    digest.update(header)
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _worktree_blob(path: Path, mode: str, algorithm: str) -> str | None:
    """git's object id of the file at ``path`` as its bytes are (no clean filter, no
    line-ending conversion, never following a link), None when it is not what the index
    says (gone, a directory, a link where a file was)."""
    try:
        st = os.lstat(path)
        if mode == "120000":
            if not stat.S_ISLNK(st.st_mode):
                return None
            target = os.fsencode(os.readlink(path))
            return _blob_id(algorithm, b"blob %d\0" % len(target), [target])
        if not stat.S_ISREG(st.st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            chunks = list(iter(lambda: fh.read(1024 * 1024), b""))
    except OSError:
        return None
    return _blob_id(algorithm, b"blob %d\0" % sum(map(len, chunks)), chunks)


def _git_z(root: Path, *args: str) -> list[bytes] | None:
    from shiftleft.process import ToolError

    try:
        proc = run_git(root, *args, max_stdout=256 * 1024 * 1024)
    except ToolError:
        return None
    return [part for part in proc.stdout_bytes.split(b"\0") if part]


def _inside(directory: Path, root: Path) -> bool:
    real = os.path.realpath(directory)
    return real == str(root) or real.startswith(str(root) + os.sep)


def worktree_dirty(root: Path) -> bool | None:
    """Whether the files under ``root`` differ from its repository's HEAD: a change staged in
    the index, a tracked file whose bytes are not the indexed blob, or an untracked file that
    is not ignored. None when unknown (no repository, no commit, git refuses it, or more than
    ``DIRTY_MAX_FILES`` files / ``DIRTY_MAX_BYTES`` bytes to compare).

    Nothing of the repository runs: ``diff-index --cached`` compares the index with HEAD
    without reading the working tree, ``ls-files`` reads the index and lists directories, and
    the working tree's bytes are hashed here as git hashes a blob, never through git (a
    racily-clean entry would make git re-read the file through the repository's clean
    filter, a command its config names). So a repository with clean filters or line-ending
    conversion reads as dirty, never as clean by mistake."""
    root = root.resolve()  # git runs in a private working directory: a relative root would mean another place
    if not root.is_dir() or _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
        return None
    staged = _git_z(root, "diff-index", "--cached", "--name-only", "-z", "--ignore-submodules=all", "HEAD", "--", ".")
    if staged is None:
        return None
    if staged:
        return True
    untracked = _git_z(root, "ls-files", "-z", "--others", "--exclude-standard", "--directory", "--no-empty-directory")
    if untracked is None:
        return None
    if untracked:
        return True
    entries = _git_z(root, "ls-files", "-z", "--stage")
    if entries is None or len(entries) > DIRTY_MAX_FILES:
        return None
    total = 0
    for entry in entries:
        meta, _, name = entry.partition(b"\t")
        fields = meta.decode("ascii", "replace").split()
        if len(fields) != 3 or fields[2] != "0":
            return True  # an unmerged entry (stage 1-3): a conflict in progress
        mode, oid = fields[0], fields[1]
        if mode == "160000":
            continue  # a submodule: its own repository, not read here
        if mode not in (*_MODE_FILE, "120000"):
            return None
        path = root / os.fsdecode(name)
        if path.parent != root and not _inside(path.parent, root):
            return True  # a directory the index holds is now a link: never followed out of the root
        try:
            total += os.lstat(path).st_size
        except OSError:
            return True  # a tracked file is gone
        if total > DIRTY_MAX_BYTES:
            return None
        if _worktree_blob(path, mode, "sha256" if len(oid) == 64 else "sha1") != oid:
            return True
    return False


@dataclass(frozen=True)
class RepoState:
    """What a scan asks git about the directory it scans: the commit and branch
    (``git_info``) and where the directory lies in its repository (``repository_prefix``)."""

    info: GitInfo = GitInfo()
    #: as ``repository_prefix`` gives it: None outside a repository or when git refuses it
    prefix: str | None = None


def repo_state(root: Path) -> RepoState:
    """``git_info(root)`` and ``repository_prefix(root)`` with one git process instead of
    three: ``rev-parse --show-prefix HEAD^{commit} --symbolic-full-name HEAD --`` prints the
    prefix, the commit and the ref HEAD names, one per line (``--``: the names are
    revisions, never paths of the working tree, which is not read). Any answer that is not
    exactly that (no commit yet, not a repository, a directory name with a line break, HEAD
    naming a ref outside ``refs/heads``) falls back to the separate calls, whose answers it
    would otherwise be: one result, the same as theirs, whichever path gave it."""
    if not root.is_dir():
        return RepoState()
    from shiftleft.process import ToolError

    try:
        out = run_git(root, "rev-parse", "--show-prefix", "HEAD^{commit}", "--symbolic-full-name", "HEAD", "--").stdout
    except ToolError as exc:
        if "not a git repository" in str(exc) or exc.status == "missing":
            return RepoState()
        out = ""
    lines = out.split("\n")
    if len(lines) == 5 and lines[3:] == ["--", ""] and _COMMIT.fullmatch(lines[1]):
        prefix, commit, ref = lines[0], lines[1], lines[2]
        if ref == "HEAD":  # detached
            return RepoState(GitInfo(commit=commit, branch=None), prefix)
        if ref.startswith("refs/heads/"):
            return RepoState(GitInfo(commit=commit, branch=clean_branch(ref.removeprefix("refs/heads/"))), prefix)
    return RepoState(git_info(root), repository_prefix(root))
