"""The one rule for paths: which files shiftleft may read because something named them, and
where it writes by default.

Two kinds of names reach shiftleft. A name the *user* gave (a command-line argument, an
environment variable, a key of a config file passed with ``--config``) is trusted as given:
absolute, relative, through links, anywhere. A name the *scanned repository* gave (a key
of a ``shiftleft.yaml`` found in the scanned directory, a file it ships under a well-known
name) is hostile: it may only name a regular file inside the scan root, written as a
relative path without ``..``, and every component of it is checked on the way down, so a
link to ``/etc`` in the middle of the path is refused like one at its end.
``repository_file`` is that check, and every reader of a repository-named file goes through
it. A path read from a log or a report (SARIF ``artifacts``, scorecard ``inputs``) is data,
never a file to open: callers list it, they do not read it.

Writing: by default shiftleft writes nothing into the scanned tree and nothing through a
link the repository controls. The history database lives in the user's state directory,
one file per scanned root (``default_history_path``).

Why a walk and not ``Path.resolve()`` plus a prefix test: ``resolve`` follows every link
and only the end is checked, so ``a/../x`` through ``a -> /elsewhere`` or a link that
leaves the root and a second one that comes back both pass. The walk also refuses
devices, pipes and directories where a file is expected, which would otherwise block a
read forever (a FIFO) or read without end (``/dev/zero``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath

import platformdirs

#: at most this many links are followed inside one repository path (a loop ends here)
MAX_LINKS = 40
#: ``history/<name>-<hash>.db`` under the user's state directory
HISTORY_DIR = "history"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class PathRefused(Exception):
    """A repository-named path breaks the rule. The message says why, in words of our own:
    it never quotes the path's target or the file's content."""


def is_within(path: Path, root: Path) -> bool:
    """``path`` is ``root`` or below it (both already resolved)."""
    return path == root or root in path.parents


def _lexical_parts(value: str) -> tuple[str, ...]:
    if not value or "\x00" in value:
        raise PathRefused("is empty or holds a NUL character")
    if value.startswith("~"):
        raise PathRefused("starts with '~': name a file inside the scanned directory")
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive:
        raise PathRefused("is an absolute path: name a file inside the scanned directory, relative to it")
    if "\\" in value:
        raise PathRefused("holds a backslash: use '/' between the parts of a relative path")
    parts = tuple(p for p in PurePosixPath(value).parts if p not in {"", "."})
    if ".." in parts:
        raise PathRefused("holds a '..' component: name a file inside the scanned directory")
    if not parts:
        raise PathRefused("names the scanned directory itself, not a file")
    return parts


def lexical_relative(value: str) -> str:
    """``value`` as a plain relative POSIX path (``./a//b`` -> ``a/b``) when it may name a
    file inside a root at all; PathRefused when it is absolute, climbs with ``..``, is empty.
    Nothing is looked up: ``repository_file`` checks what is there."""
    return "/".join(_lexical_parts(value))


def _follow(link: Path, root: Path, budget: list[int]) -> Path:
    """Where a link inside the root leads, when every step of it stays inside."""
    budget[0] -= 1
    if budget[0] < 0:
        raise PathRefused("passes through too many symbolic links (a loop?)")
    try:
        real = Path(os.path.realpath(link, strict=True))
    except (OSError, RuntimeError):
        raise PathRefused("passes through a broken or looping symbolic link") from None
    if not is_within(real, root):
        raise PathRefused("passes through a symbolic link that leaves the scanned directory")
    return real


def repository_file(root: Path, value: str) -> Path:
    """The real path of the regular file ``value`` names inside ``root``; PathRefused when
    it is absolute, climbs with ``..``, passes through a link (at any component) that leads
    out of the root, does not exist or is not a regular file."""
    parts = _lexical_parts(value)
    top = root.resolve()
    current = top
    budget = [MAX_LINKS]
    for index, part in enumerate(parts):
        candidate = current / part
        try:
            st = os.lstat(candidate)
        except FileNotFoundError:
            raise PathRefused("does not exist") from None
        except OSError as exc:
            raise PathRefused(f"cannot be read ({exc.strerror})") from None
        if stat.S_ISLNK(st.st_mode):
            candidate = _follow(candidate, top, budget)
            st = os.stat(candidate)
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(st.st_mode):
            raise PathRefused("has a component that is not a directory")
        if last and not stat.S_ISREG(st.st_mode):
            raise PathRefused("is not a regular file (a directory, device, pipe or socket)")
        current = candidate
    return current


def plain_file_in(directory: Path, name: str) -> Path | None:
    """``directory/name`` when it is a regular file and not a link, else None. For files
    shiftleft looks for under a fixed name (a waiver file, a report it wrote) in a directory
    it was given: the name comes from us, the file must not lead elsewhere."""
    if not name or "/" in name or "\\" in name or name in {".", ".."}:
        return None
    candidate = directory / name
    try:
        st = os.lstat(candidate)
    except OSError:
        return None
    return candidate if stat.S_ISREG(st.st_mode) else None


class FileRefused(OSError):
    """``read_bounded`` would not read the file: ``why`` is ``not-regular`` or ``too-large``."""

    def __init__(self, why: str, message: str) -> None:
        super().__init__(0, message)
        self.why = why


def read_bounded(path: Path, limit: int, *, follow_final_link: bool = False) -> tuple[bytes, os.stat_result]:
    """The bytes and status of a regular file, checked to be regular *after* opening
    (non-blocking), so a file swapped for a FIFO or a device between a check and the read is
    refused unread; a final link is not followed unless ``follow_final_link`` (a path the
    user named). FileRefused when not regular or larger than ``limit`` bytes; OSError when
    it cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_final_link:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused("not-regular", "not a regular file")
        if st.st_size > limit:
            raise FileRefused("too-large", f"larger than {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused("too-large", f"larger than {limit} bytes")
        return b"".join(chunks), st
    finally:
        os.close(fd)


def read_plain_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file opened without following a final link (``O_NOFOLLOW``)
    and checked to be regular *after* opening, so a file swapped for a link or a FIFO
    between the check and the read is refused, not followed. OSError when refused or larger
    than ``limit`` bytes."""
    return read_bounded(path, limit)[0]


def state_dir() -> Path:
    """The user's state directory for shiftleft (platformdirs): history lives here, never in
    the scanned tree, so a repository can neither ship the database nor redirect it."""
    return Path(platformdirs.user_state_dir("shiftleft", appauthor=False))


def default_history_path(target_root: Path) -> Path:
    """``<state dir>/history/<root name>-<sha256 of the resolved root path, 16 hex>.db``:
    one database per scanned directory, the same one for every scan of that directory
    (whatever the working directory or the spelling of PATH), outside the tree."""
    real = target_root.resolve()
    digest = hashlib.sha256(os.fsencode(str(real))).hexdigest()[:16]
    label = _SAFE_NAME.sub("_", real.name)[:40].strip("._") or "root"
    return state_dir() / HISTORY_DIR / f"{label}-{digest}.db"


def cache_dir() -> Path:
    """The user's cache directory for shiftleft (platformdirs)."""
    return Path(platformdirs.user_cache_dir("shiftleft", appauthor=False))


def hook_output_dir(target_root: Path) -> Path:
    """Where the pre-commit hook writes its report when no ``-o`` is given:
    ``<cache dir>/hook/<root name>-<sha256 of the resolved root, 16 hex>``, outside the
    working tree (a hook must leave ``git status`` as it found it)."""
    real = target_root.resolve()
    digest = hashlib.sha256(os.fsencode(str(real))).hexdigest()[:16]
    label = _SAFE_NAME.sub("_", real.name)[:40].strip("._") or "root"
    return cache_dir() / "hook" / f"{label}-{digest}"


def check_output_dir(output: Path, root: Path, names: Iterable[str]) -> None:
    """PathRefused when writing the files ``names`` into ``output`` could go through a link
    the repository controls: an output directory inside the scan root (the default
    ``shiftleft-report`` when the scan runs from the repository) reached through a link, or
    a report file there that already exists as a link or a special file (a committed
    ``shiftleft-report/shiftleft.sarif -> ~/.ssh/authorized_keys`` would be overwritten)."""
    lexical = Path(os.path.abspath(output))
    for base in dict.fromkeys((Path(os.path.abspath(root)), root.resolve())):
        if not is_within(lexical, base):
            continue
        current = base
        for part in lexical.relative_to(base).parts:
            current = current / part
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                break
            except OSError as exc:
                raise PathRefused(f"cannot be checked ({exc.strerror})") from None
            if stat.S_ISLNK(st.st_mode):
                raise PathRefused("lies inside the scanned directory and passes through a symbolic link there: "
                                  "choose another --output")  # fmt: skip
    for name in names:
        try:
            st = os.lstat(lexical / name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PathRefused(f"{name} cannot be checked ({exc.strerror})") from None
        if not stat.S_ISREG(st.st_mode):
            raise PathRefused(f"{name} already exists there as a symbolic link or a special file: not overwritten "
                              "(remove it, or choose another --output)")  # fmt: skip
