"""Path, size and shape checks for reading untrusted image archives: the one place the
reader's limits are defined and enforced.

An image tarball is hostile input: member names may climb out of the root (``../``),
be absolute, links may point outside, device nodes may be planted, a small gzip layer
may claim terabytes, a tar header may claim a gigabyte of PAX data, a manifest may nest
JSON ten thousand levels deep, and ``--image-archive`` may name ``/dev/zero`` or a FIFO.
Everything the reader takes from an archive goes through this module first:

- :func:`open_regular` opens a file only if it is a regular file (never blocks on a
  FIFO, never reads a device);
- :class:`Budget` and :class:`CappedReader` count every byte inflated from the archive
  and its layers against :class:`Limits` while streaming;
- :func:`bounded_tarinfo` makes ``tarfile`` refuse oversized PAX/GNU extension headers,
  chains of them, and sparse members before it buffers them;
- :func:`member_path` / :func:`link_target` keep names inside the root and bound their
  length and depth; :func:`load_json` bounds JSON size and depth.

A violation is either a skipped member (recorded, with the reason: what a container
runtime would also refuse, such as ``../`` names) or an :class:`ImageError` when a limit
trips or the archive itself cannot be trusted. An ImageError makes the container scanner
fail (not assessed), never report a partial image as clean.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from shiftleft.advisories.jsonsafe import depth_exceeds


class ImageError(Exception):
    """The image could not be read; the message says why, for a human."""


_MiB = 1024**2
_CHUNK = _MiB
_GiB = 1024**3


@dataclass(frozen=True)
class Limits:
    """Ceilings against decompression bombs and absurd archives, documented in
    docs/test-deploy-stages.md. Defaults fit real images (the largest common images are a
    few GB, ~100k files and a few thousand packages); each trips with an ImageError."""

    #: bytes of the archive itself: a plain tarball's size, a compressed one's inflated
    #: size (it is inflated once, to a temporary file, while counting), a ``docker save``
    #: stream's length
    max_archive_bytes: int = 20 * _GiB
    #: entries of the archive itself (docker save: a few per layer)
    max_archive_members: int = 20_000
    #: bytes inflated from all layers together (every byte tarfile consumes, counted
    #: while streaming, and the sum of the sizes the headers declare)
    max_total_bytes: int = 20 * _GiB
    #: files, directories and links over all layers
    max_members: int = 1_000_000
    #: one PAX or GNU long-name extension header (tarfile would buffer it whole)
    max_header_bytes: int = 1 * _MiB
    #: one member path, in bytes, and in components
    max_path_bytes: int = 4096
    max_path_depth: int = 256
    #: layers in one image
    max_layers: int = 500
    #: one JSON document: manifest.json, index.json, an OCI manifest, the image config
    max_json_bytes: int = 8 * _MiB
    max_json_depth: int = 64
    #: one file whose content the inventory parses (dpkg status, METADATA, package.json)
    max_read_bytes: int = 32 * _MiB
    #: inventory files read over all layers (every version of each), and their bytes
    max_inventory_files: int = 200_000
    max_inventory_bytes: int = 256 * _MiB
    #: packages in one inventory (our reader's or syft's): each is matched and reported
    max_packages: int = 100_000
    #: one package name or version (each is repeated in findings, purls, notices)
    max_package_field: int = 512
    #: symlink hops while resolving one path
    max_link_hops: int = 40


class Budget:
    """A running count checked against one limit; ``take`` raises ImageError with
    ``what`` when the count would pass ``limit``."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.what = what
        self.used = 0

    def take(self, amount: int) -> None:
        self.used += amount
        if self.used > self.limit:
            raise ImageError(f"{self.what} more than {self.limit} bytes (limit against decompression bombs)")


class CappedReader:
    """A read-only stream that counts the bytes it returns against a :class:`Budget`, so
    whoever consumes it (tarfile, a copy loop) can never inflate past the limit."""

    def __init__(self, raw: IO[bytes], budget: Budget) -> None:
        self._raw = raw
        self._budget = budget

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(_CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        # never more than one byte past what the budget allows, so a read cannot balloon
        data = self._raw.read(min(size, max(self._budget.limit - self._budget.used + 1, 0)))
        self._budget.take(len(data))
        return data


def read_capped(handle: IO[bytes], cap: int) -> bytes:
    """At most ``cap + 1`` bytes of ``handle``, read in chunks (``read(cap)`` would
    allocate the whole cap up front, however small the file)."""
    chunks: list[bytes] = []
    left = cap + 1
    while left > 0 and (chunk := handle.read(min(left, _CHUNK))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def describe_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def archive_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an image archive at all, or None. An archive is a regular
    file (a tarball) or a directory (an OCI layout); a symlink the user named is followed.
    What it *contains* is the reader's business (a failed container run, with reason)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"{path}: no such file or directory"
    except OSError as exc:
        return f"{path}: cannot be read as an image archive: {exc.strerror or exc}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"{path}: {describe_kind(mode)}, not an image archive (a tarball or an OCI layout directory)"


def open_regular(path: Path) -> IO[bytes]:
    """Open ``path`` for reading only if it is a regular file: a FIFO is opened without
    blocking and refused, a device is refused before any byte is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ImageError(f"{path.name}: cannot be opened: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ImageError(f"{path.name} is {describe_kind(mode)}, not an image archive")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


_EXTENSIONS = (
    tarfile.GNUTYPE_LONGNAME,
    tarfile.GNUTYPE_LONGLINK,
    tarfile.XHDTYPE,
    tarfile.XGLTYPE,
    tarfile.SOLARIS_XHDTYPE,
)
#: extension headers in a row before one real member (PAX + long name + long link is 3)
_MAX_CHAIN = 8


@functools.lru_cache(maxsize=8)
def bounded_tarinfo(limits: Limits) -> type[tarfile.TarInfo]:
    """A TarInfo class for ``tarfile.open(..., tarinfo=...)`` that checks an extension
    header's size before tarfile buffers it, bounds chains of them (tarfile recurses once
    per header), and refuses GNU sparse members (their maps are read unbounded)."""

    class BoundedTarInfo(tarfile.TarInfo):
        def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:  # type: ignore[override]
            if self.type == tarfile.GNUTYPE_SPARSE:
                raise ImageError(f"member {self.name[:100]!r} is a GNU sparse file, which this reader refuses")
            if self.type not in _EXTENSIONS:
                return super()._proc_member(tarfile_)  # type: ignore[misc,no-any-return]
            if self.size > limits.max_header_bytes:
                raise ImageError(
                    f"a tar extension header of {self.size} bytes is larger than {limits.max_header_bytes}"
                )
            depth: int = getattr(tarfile_, "_shiftleft_chain", 0) + 1
            if depth > _MAX_CHAIN:
                raise ImageError(f"more than {_MAX_CHAIN} tar extension headers in a row")
            tarfile_._shiftleft_chain = depth  # type: ignore[attr-defined]
            try:
                return super()._proc_member(tarfile_)  # type: ignore[misc,no-any-return]
            finally:
                tarfile_._shiftleft_chain = depth - 1  # type: ignore[attr-defined]

        def _proc_gnusparse_10(self, next: tarfile.TarInfo, pax_headers: Any, tarfile_: tarfile.TarFile) -> None:
            raise ImageError(f"member {next.name[:100]!r} is a GNU sparse file, which this reader refuses")

    return BoundedTarInfo


def member_path(name: str, limits: Limits | None = None) -> str | None:
    """The normalized relative POSIX path of an archive member, or None when the name
    is unsafe: empty, absolute, containing a NUL or backslash-absolute form, or climbing
    above the root at any point. ``./`` prefixes and ``a/./b`` are normalized away.
    With ``limits``, a name longer or deeper than the limits is an ImageError.

    The result never starts with ``/``, never contains a ``..`` component, and is ``""``
    only for the root itself (``.`` or ``./``)."""
    if not name or "\x00" in name:
        return None
    if name.startswith("/"):
        return None
    if limits is not None and len(name) > limits.max_path_bytes:
        raise ImageError(f"a member path of {len(name)} characters is longer than {limits.max_path_bytes}")
    depth = 0
    parts: list[str] = []
    for part in name.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if depth == 0:
                return None
            depth -= 1
            parts.pop()
            continue
        depth += 1
        parts.append(part)
    if limits is not None and depth > limits.max_path_depth:
        raise ImageError(f"a member path {depth} directories deep is deeper than {limits.max_path_depth}")
    # Windows-absolute forms ("\\server", "c:") are refused wherever they end up first
    if parts and (parts[0].startswith("\\") or (len(parts[0]) >= 2 and parts[0][1] == ":")):
        return None
    return "/".join(parts)


def link_target(link_path: str, target: str) -> str | None:
    """Where a symlink at ``link_path`` (a safe member path) points, as a safe member
    path, or None when it leaves the root. Absolute targets are relative to the image
    root, as inside a container; a relative target that climbs above the root escapes."""
    if "\x00" in target or not target:
        return None
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(link_path), target)
    return member_path(joined) if joined else ""


def blob_path(reference: str) -> str | None:
    """A path named inside manifest.json / index.json (``<id>/layer.tar``,
    ``blobs/sha256/<hex>``): must be a safe relative member path."""
    path = member_path(reference)
    return path or None


def digest_path(digest: str) -> str | None:
    """``sha256:<hex>`` -> ``blobs/sha256/<hex>``; None for anything else."""
    algo, _, hexpart = digest.partition(":")
    if algo not in {"sha256", "sha512"} or not hexpart or not all(c in "0123456789abcdef" for c in hexpart):
        return None
    return f"blobs/{algo}/{hexpart}"


def load_json(raw: bytes | str, what: str, limits: Limits, *, max_bytes: int | None = None) -> Any:
    """Parse a JSON document from the archive (or a tool reading it) within the size and
    depth limits; ImageError (never RecursionError) otherwise."""
    cap = limits.max_json_bytes if max_bytes is None else max_bytes
    if len(raw) > cap:
        raise ImageError(f"{what} is larger than {cap} bytes")
    try:
        data = json.loads(raw)
    except RecursionError:
        raise ImageError(f"{what} nests JSON deeper than {limits.max_json_depth} levels") from None
    except ValueError as exc:
        raise ImageError(f"{what} is not valid JSON: {exc}") from exc
    if depth_exceeds(data, limits.max_json_depth):
        raise ImageError(f"{what} nests JSON deeper than {limits.max_json_depth} levels")
    return data
