"""Turn the user's PATH into the safe list of files the scanners may read.

The scanned repository is hostile: we never follow a symbolic link (a link to a file
inside the root is scanned at its real path; a link out of the root, a broken link or a
loop is skipped with a notification), skip special files, unreadable and binary files, and
apply the user's exclusions with .gitignore semantics. The walk is iterative and bounded in
depth and entries; what a bound or a default exclude leaves out is listed as skipped.
Scanners get only this list.

``collect_files`` builds the same list from files named by the caller (the pre-commit hook:
the files pre-commit passes) instead of a walk, under the same rules: a name that is
absolute or climbs out of the root (``..``) is refused (TargetError, exit 2) before
anything is read; a named link, a name passing through a linked directory, a missing name,
a directory, a special, binary or oversized file is skipped and listed; the default and
the user's excludes apply as in a walk.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from shiftleft.errors import ShiftleftError
from shiftleft.model import ScanTarget, SkippedFile
from shiftleft.safe_text import visible

if TYPE_CHECKING:  # imported when a list is built: the hook's fast path only checks names
    import pathspec

DEFAULT_EXCLUDES = (".git/", ".hg/", ".svn/", "node_modules/", ".venv/", "venv/", "__pycache__/", ".tox/",
                    ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".shiftleft/", "shiftleft-report/")  # fmt: skip
#: default excludes that can hold code (installed dependencies, virtual environments): each
#: such directory is listed as skipped, so a reader knows it was not scanned. The others are
#: VCS metadata, byte-code caches and shiftleft's own output, never the project's code.
LISTED_EXCLUDES = ("node_modules/", ".venv/", "venv/", ".tox/")
MAX_FILE_BYTES = 5 * 1024 * 1024
BINARY_SNIFF_BYTES = 8192
#: directories nested deeper than this are not entered (one skipped entry each): real
#: projects stay far below it, and it keeps every path well under PATH_MAX
MAX_DEPTH = 64
#: the walk stops after this many entries (files and skipped items) with one skipped
#: entry saying so: a tree with millions of files is a resource attack, not a project
MAX_ENTRIES = 500_000
#: default-excluded directories listed one by one before a single "and N more" entry
MAX_LISTED_EXCLUDES = 100


class TargetError(ShiftleftError):
    """The target cannot be scanned at all (the message is one line, for the user)."""


def _is_binary(path: Path) -> bool:
    with path.open("rb") as fh:
        return b"\0" in fh.read(BINARY_SNIFF_BYTES)


def _link_reason(path: Path, root: Path) -> str:
    try:
        real = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13
        return "symbolic link loop: not followed"
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # Python >= 3.13 raises OSError for a loop
            return "symbolic link loop: not followed"
        return "broken symbolic link: not followed"
    try:
        real.relative_to(root)
    except ValueError:
        return "symbolic link pointing outside the scan root: not followed"
    return "symbolic link inside the scan root: not followed (its target is scanned at its own path)"


def collect(
    path: Path,
    *,
    exclude: Iterable[str] = (),
    use_default_excludes: bool = True,
    max_file_bytes: int = MAX_FILE_BYTES,
    image: str | None = None,
    image_archive: Path | None = None,
    max_depth: int = MAX_DEPTH,
    max_entries: int = MAX_ENTRIES,
) -> ScanTarget:
    import pathspec

    root = _root(path)
    quiet = pathspec.PathSpec.from_lines("gitignore", DEFAULT_EXCLUDES if use_default_excludes else ())
    listed = pathspec.PathSpec.from_lines("gitignore", LISTED_EXCLUDES if use_default_excludes else ())
    told = pathspec.PathSpec.from_lines("gitignore", list(exclude))
    walk = _Walk(root, _Excludes(quiet, listed, told), max_file_bytes, max_depth, max_entries)
    walk.run()
    return ScanTarget(
        root=root,
        files=tuple(sorted(walk.files)),
        skipped=tuple(sorted(walk.skipped, key=lambda s: s.path)),
        image=image,
        image_archive=image_archive,
    )


#: names given to ``collect_files`` past this count are refused: pre-commit splits long
#: file lists into several calls, so only a runaway caller reaches it
MAX_NAMED_FILES = MAX_ENTRIES


def _root(path: Path) -> Path:
    if not path.exists() and not path.is_symlink():
        raise TargetError(f"{path}: no such file or directory")
    if path.is_symlink():
        raise TargetError(f"{path}: the scan root is a symbolic link; pass the real directory")
    if not path.is_dir():
        raise TargetError(f"{path}: not a directory (shiftleft scans a project directory)")
    if not os.access(path, os.R_OK | os.X_OK):
        raise TargetError(f"{path}: permission denied")
    return path.resolve()


def relative_name(root: Path, name: str) -> str:
    """``name`` (as a caller passed it: relative to ``root``, or absolute inside it) as a
    POSIX path relative to ``root``; TargetError for a name that is empty, has a NUL,
    climbs with ``..`` or lies outside the root. Purely lexical: nothing is read."""
    if not name or "\0" in name:
        raise TargetError(f"{visible(name)}: not a file name")
    pure = Path(name)
    if pure.is_absolute():
        for base in dict.fromkeys((Path(os.path.abspath(root)), root.resolve())):
            try:
                pure = pure.relative_to(base)
                break
            except ValueError:
                continue
        else:
            raise TargetError(f"{visible(name)}: outside the scanned directory {visible(str(root))}: refused")
    parts = [p for p in pure.parts if p not in ("", ".")]
    if ".." in parts:
        raise TargetError(f"{visible(name)}: a path with '..' may leave the scanned directory: refused")
    if not parts:
        raise TargetError(f"{visible(name)}: names the scanned directory itself, not a file")
    return "/".join(parts)


def collect_files(
    path: Path,
    names: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    use_default_excludes: bool = True,
    max_file_bytes: int = MAX_FILE_BYTES,
    skipped: Iterable[SkippedFile] = (),
) -> ScanTarget:
    """The safe file list of exactly the files ``names`` (relative to ``path``, the scan
    root), under the walk's rules (module docstring). ``skipped``: entries the caller
    already decided to leave out (untracked files), listed with the rest."""
    import pathspec

    root = _root(path)
    rels = list(dict.fromkeys(relative_name(root, n) for n in itertools.islice(names, MAX_NAMED_FILES + 1)))
    if len(rels) > MAX_NAMED_FILES:
        raise TargetError(f"more than {MAX_NAMED_FILES} files named: refused")
    quiet = pathspec.PathSpec.from_lines("gitignore", DEFAULT_EXCLUDES if use_default_excludes else ())
    told = pathspec.PathSpec.from_lines("gitignore", list(exclude))
    spec = _Excludes(quiet, pathspec.PathSpec.from_lines("gitignore", ()), told)
    walk = _Walk(root, spec, max_file_bytes, MAX_DEPTH, MAX_ENTRIES)
    walk.skipped.extend(skipped)
    for rel in rels:
        walk.named(rel)
    # a subset of the project (a pre-commit run): its history never marks absent findings fixed
    return ScanTarget(root=root, files=tuple(sorted(set(walk.files))),
                      skipped=tuple(sorted(walk.skipped, key=lambda s: s.path)), subset=True)  # fmt: skip


class _Excludes:
    """The default excludes (VCS and dependency folders) drop paths without scanning them;
    those that can hold code (``node_modules/``, virtual environments) are listed as skipped,
    one entry per directory. The user's patterns (config or --exclude) are always listed,
    because a config file inside a hostile repository could otherwise hide every file and
    still read as a clean scan."""

    def __init__(self, quiet: pathspec.PathSpec, listed: pathspec.PathSpec,  # type: ignore[type-arg]
                 told: pathspec.PathSpec) -> None:  # type: ignore[type-arg]  # fmt: skip
        self.quiet = quiet
        self.listed = listed
        self.told = told
        self.listed_count = 0

    def match_file(self, rel: str, skipped: list[SkippedFile] | None = None) -> bool:
        if self.quiet.match_file(rel):
            if skipped is not None and rel.endswith("/") and self.listed.match_file(rel):
                self.listed_count += 1
                if self.listed_count <= MAX_LISTED_EXCLUDES:
                    skipped.append(
                        SkippedFile(rel, "default exclude (dependencies or virtual environment): not scanned")
                    )
            return True
        if self.told.match_file(rel):
            if skipped is not None:
                skipped.append(SkippedFile(rel, "excluded by the exclude patterns of the config or --exclude"))
            return True
        return False


class _Walk:
    """An iterative walk of the tree (an explicit stack, never recursion: a hostile tree of
    thousands of nested directories must not crash the scan), bounded in depth and in the
    number of entries it looks at; whatever a bound leaves out is listed as skipped."""

    def __init__(self, root: Path, spec: _Excludes, max_bytes: int, max_depth: int, max_entries: int) -> None:
        self.root = root
        self.spec = spec
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.max_entries = max_entries
        self.files: list[str] = []
        self.skipped: list[SkippedFile] = []
        self.seen = 0

    def run(self) -> None:
        stack: list[tuple[Path, int]] = [(self.root, 0)]
        while stack:
            directory, depth = stack.pop()
            subdirs = self._directory(directory, depth)
            if subdirs is None:  # the entry limit was reached
                break
            stack.extend((d, depth + 1) for d in reversed(subdirs))
        more = self.spec.listed_count - MAX_LISTED_EXCLUDES
        if more > 0:
            self.skipped.append(SkippedFile("(default excludes)", f"and {more} more default-excluded directories"))

    def _full(self, rel: str) -> bool:
        self.seen += 1
        if self.seen <= self.max_entries:
            return False
        self.skipped.append(SkippedFile(rel, f"the walk stopped at its limit of {self.max_entries} entries: "
                                             "this path and every path not listed yet were not scanned"))  # fmt: skip
        return True

    def _directory(self, directory: Path, depth: int) -> list[Path] | None:
        """Handle one directory's entries; returns its subdirectories to walk (None: stop)."""
        root = self.root
        try:
            with os.scandir(directory) as it:
                # read at most what the entry limit still allows (a directory of millions
                # of entries is not loaded whole), then sort for a stable result
                budget = self.max_entries - self.seen + 1
                entries = sorted(itertools.islice(it, max(budget, 1)), key=lambda e: e.name)
        except OSError as exc:
            rel_dir = directory.relative_to(root).as_posix() + "/"
            self.skipped.append(SkippedFile(rel_dir, f"unreadable directory: {exc.strerror}"))
            return []
        subdirs: list[Path] = []
        for entry in entries:
            entry_path = Path(entry.path)
            rel = entry_path.relative_to(root).as_posix()
            if self._full(rel):
                return None
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                self.skipped.append(SkippedFile(rel, f"cannot stat: {exc.strerror}"))
                continue
            if stat.S_ISLNK(st.st_mode):
                if not self.spec.match_file(rel):
                    self.skipped.append(SkippedFile(rel, _link_reason(entry_path, root)))
                continue
            if stat.S_ISDIR(st.st_mode):
                if self.spec.match_file(rel + "/", self.skipped):
                    continue
                if depth + 1 > self.max_depth:
                    self.skipped.append(SkippedFile(rel + "/", f"nested deeper than {self.max_depth} directories: "
                                                               "not scanned"))  # fmt: skip
                    continue
                subdirs.append(entry_path)
                continue
            self._file(entry_path, rel, st)
        return subdirs

    def named(self, rel: str) -> None:
        """One file named by the caller: every directory on its way is checked as the walk
        would (never entered through a link, excludes applied), then the file itself."""
        parts = rel.split("/")
        if len(parts) > self.max_depth + 1:
            self.skipped.append(SkippedFile(rel, f"nested deeper than {self.max_depth} directories: not scanned"))
            return
        current = self.root
        for n, part in enumerate(parts[:-1]):
            current = current / part
            prefix = "/".join(parts[: n + 1])
            try:
                st = os.lstat(current)
            except OSError as exc:
                self.skipped.append(SkippedFile(rel, f"cannot stat {prefix}/: {exc.strerror}"))
                return
            if stat.S_ISLNK(st.st_mode):
                if not self.spec.match_file(prefix + "/"):
                    self.skipped.append(SkippedFile(rel, f"passes through {prefix}/, a symbolic link: not followed"))
                return
            if not stat.S_ISDIR(st.st_mode):
                self.skipped.append(SkippedFile(rel, f"{prefix} is not a directory"))
                return
            if self.spec.match_file(prefix + "/", self.skipped if self.spec.told.match_file(prefix + "/") else None):
                return
        entry = self.root / rel
        try:
            st = os.lstat(entry)
        except FileNotFoundError:
            self.skipped.append(SkippedFile(rel, "no such file (deleted?): not scanned"))
            return
        except OSError as exc:
            self.skipped.append(SkippedFile(rel, f"cannot stat: {exc.strerror}"))
            return
        if stat.S_ISLNK(st.st_mode):
            if not self.spec.match_file(rel):
                self.skipped.append(SkippedFile(rel, _link_reason(entry, self.root)))
            return
        if stat.S_ISDIR(st.st_mode):
            self.skipped.append(SkippedFile(rel + "/", "a directory: name the files to scan"))
            return
        self._file(entry, rel, st)

    def _file(self, entry_path: Path, rel: str, st: os.stat_result) -> None:
        if self.spec.match_file(rel, self.skipped):
            return
        if not stat.S_ISREG(st.st_mode):
            self.skipped.append(SkippedFile(rel, "not a regular file (device, pipe or socket)"))
            return
        if st.st_size > self.max_bytes:
            limit = (
                f"{self.max_bytes // (1024 * 1024)} MiB" if self.max_bytes >= 1024 * 1024 else f"{self.max_bytes} bytes"
            )
            self.skipped.append(SkippedFile(rel, f"larger than {limit}"))
            return
        try:
            if _is_binary(entry_path):
                self.skipped.append(SkippedFile(rel, "binary file"))
                return
        except OSError as exc:
            self.skipped.append(SkippedFile(rel, f"unreadable: {exc.strerror}"))
            return
        self.files.append(rel)
