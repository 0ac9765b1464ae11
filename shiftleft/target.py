"""Turn the user's PATH into the safe list of files the scanners may read.

The scanned repository is hostile: we never follow a symbolic link (a link to a file
inside the root is scanned at its real path; a link out of the root, a broken link or a
loop is skipped with a notification), skip special files, unreadable and binary files, and
apply the user's exclusions with .gitignore semantics. Scanners get only this list.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

import pathspec

from shiftleft.scanners.base import ScanTarget, SkippedFile

DEFAULT_EXCLUDES = (".git/", ".hg/", ".svn/", "node_modules/", ".venv/", "venv/", "__pycache__/", ".tox/",
                    ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".shiftleft/", "shiftleft-report/")  # fmt: skip
MAX_FILE_BYTES = 5 * 1024 * 1024
BINARY_SNIFF_BYTES = 8192


class TargetError(Exception):
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
) -> ScanTarget:
    if not path.exists() and not path.is_symlink():
        raise TargetError(f"{path}: no such file or directory")
    if path.is_symlink():
        raise TargetError(f"{path}: the scan root is a symbolic link; pass the real directory")
    if not path.is_dir():
        raise TargetError(f"{path}: not a directory (shiftleft scans a project directory)")
    if not os.access(path, os.R_OK | os.X_OK):
        raise TargetError(f"{path}: permission denied")
    root = path.resolve()
    quiet = pathspec.PathSpec.from_lines("gitignore", DEFAULT_EXCLUDES if use_default_excludes else ())
    told = pathspec.PathSpec.from_lines("gitignore", list(exclude))
    files: list[str] = []
    skipped: list[SkippedFile] = []
    _walk(root, root, _Excludes(quiet, told), files, skipped, max_file_bytes)
    return ScanTarget(
        root=root,
        files=tuple(sorted(files)),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        image=image,
        image_archive=image_archive,
    )


class _Excludes:
    """The default excludes (VCS and dependency folders) drop paths silently; the user's
    patterns (config or --exclude) are listed as skipped, because a config file inside a
    hostile repository could otherwise hide every file and still read as a clean scan."""

    def __init__(self, quiet: pathspec.PathSpec, told: pathspec.PathSpec) -> None:  # type: ignore[type-arg]
        self.quiet = quiet
        self.told = told

    def match_file(self, rel: str, skipped: list[SkippedFile] | None = None) -> bool:
        if self.quiet.match_file(rel):
            return True
        if self.told.match_file(rel):
            if skipped is not None:
                skipped.append(SkippedFile(rel, "excluded by the exclude patterns of the config or --exclude"))
            return True
        return False


def _walk(
    directory: Path,
    root: Path,
    spec: _Excludes,
    files: list[str],
    skipped: list[SkippedFile],
    max_bytes: int,
) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        rel_dir = directory.relative_to(root).as_posix() + "/"
        skipped.append(SkippedFile(rel_dir, f"unreadable directory: {exc.strerror}"))
        return
    for entry in entries:
        entry_path = Path(entry.path)
        rel = entry_path.relative_to(root).as_posix()
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            skipped.append(SkippedFile(rel, f"cannot stat: {exc.strerror}"))
            continue
        if stat.S_ISLNK(st.st_mode):
            if not spec.match_file(rel):
                skipped.append(SkippedFile(rel, _link_reason(entry_path, root)))
            continue
        if stat.S_ISDIR(st.st_mode):
            if spec.match_file(rel + "/", skipped):
                continue
            _walk(entry_path, root, spec, files, skipped, max_bytes)
            continue
        if spec.match_file(rel, skipped):
            continue
        if not stat.S_ISREG(st.st_mode):
            skipped.append(SkippedFile(rel, "not a regular file (device, pipe or socket)"))
            continue
        if st.st_size > max_bytes:
            limit = f"{max_bytes // (1024 * 1024)} MiB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
            skipped.append(SkippedFile(rel, f"larger than {limit}"))
            continue
        try:
            if _is_binary(entry_path):
                skipped.append(SkippedFile(rel, "binary file"))
                continue
        except OSError as exc:
            skipped.append(SkippedFile(rel, f"unreadable: {exc.strerror}"))
            continue
        files.append(rel)
