"""Importing OSV records from a folder of JSON files or an OSV ``all.zip``.

A bad source as a whole (missing path, not a zip, corrupt zip directory) is an
``ImportFailed`` with a one-line reason. A bad *entry* (truncated member, not JSON,
nested too deeply, missing ``id``/``modified``) is skipped and counted with its reason: one
broken advisory must not cost the user the other ten thousand, and must not pass
unnoticed either.

The archive is hostile input (a copied file, a download): every source is read within
:class:`Limits`. A zip is refused whole when it declares more members than the limit,
when two members overlap (the "overlapping entries" zip bomb inflates one compressed
blob once per member), or when a member inflates more than ``max_ratio`` times its
compressed size; each member is read streaming, at most ``max_entry_bytes``; and the
bytes inflated in total stop at ``max_total_bytes``. A folder is walked without
following symlinks (a symlinked file or folder is skipped, never read), iteratively and
to a bounded depth, with the same count and byte limits.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shiftleft.advisories.errors import ImportFailed, InvalidAdvisory
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.advisories.model import parse_advisory
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.sarif.build import utc_iso

#: A single OSV record is a few KB (the largest of PyPI, Go and crates.io: 25 KB); anything
#: far bigger is not an advisory.
MAX_ENTRY_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on one import source; the defaults sit far above every OSV ecosystem's
    ``all.zip`` (PyPI: 2,661 members, 7 MB inflated, ratio at most 12)."""

    #: bytes of one entry, read streaming (a larger entry is skipped, with its reason)
    max_entry_bytes: int = MAX_ENTRY_BYTES
    #: bytes inflated or read from the whole source
    max_total_bytes: int = 4 * 1024 * 1024 * 1024
    #: members of a zip, files of a folder
    max_members: int = 1_000_000
    #: uncompressed / compressed size of a member larger than ``ratio_floor`` bytes
    max_ratio: float = 200.0
    ratio_floor: int = 1024 * 1024
    #: folder levels below the source folder
    max_depth: int = 32


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Skipped:
    entry: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What one import did: counts per ecosystem and every skipped entry with its reason."""

    source: str
    imported: int
    per_ecosystem: dict[str, int] = field(default_factory=dict)
    skipped: tuple[Skipped, ...] = ()


def _zip_entries(path: Path, limits: Limits) -> Iterator[tuple[str, bytes | Skipped]]:
    try:
        _check_declared_members(path, limits)
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ImportFailed(f"{path} is not a readable zip archive ({exc})") from exc
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror or exc}") from exc
    with archive:
        infos = archive.infolist()
        _check_layout(path, archive, infos, limits)
        budget = _Budget(path, limits)
        for info in infos:
            if info.is_dir() or not info.filename.lower().endswith(".json"):
                continue
            if info.file_size > limits.max_entry_bytes:
                yield info.filename, Skipped(info.filename, f"entry larger than {limits.max_entry_bytes} bytes")
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(limits.max_entry_bytes + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                yield info.filename, Skipped(info.filename, f"unreadable zip member ({exc})")
                continue
            budget.spend(len(data))
            if len(data) > limits.max_entry_bytes:
                yield info.filename, Skipped(info.filename, f"entry larger than {limits.max_entry_bytes} bytes")
                continue
            yield info.filename, data


def _check_declared_members(path: Path, limits: Limits) -> None:
    """Refuse an archive whose end record declares more members than the limit, before
    zipfile reads (and holds in memory) its whole central directory."""
    with path.open("rb") as handle:
        end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]  # stable since Python 2
    if end is None:
        raise zipfile.BadZipFile("File is not a zip file")
    declared = int(end[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]
    if declared > limits.max_members:
        raise ImportFailed(f"{path} declares {declared} members, more than the limit of {limits.max_members}")


def _check_layout(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Members must not overlap (each one's local header and data lie before the next
    member starts, and all before the central directory), and none may inflate more
    than ``max_ratio`` times."""
    if len(infos) > limits.max_members:
        raise ImportFailed(f"{path} has {len(infos)} members, more than the limit of {limits.max_members}")
    end_of_data = 0
    previous = ""
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end_of_data:
            raise ImportFailed(
                f"{path} has overlapping members ({_short(previous)} and {_short(info.filename)}): refusing a zip bomb"
            )
        # 30 bytes of local header, then the name: a lower bound of the member's extent
        end_of_data = info.header_offset + 30 + len(info.orig_filename.encode("utf-8", "replace")) + info.compress_size
        previous = info.filename
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(1, info.compress_size):
            raise ImportFailed(
                f"{path}: member {_short(info.filename)} inflates {info.file_size} bytes from {info.compress_size}"
                f" (more than {limits.max_ratio:g} times): refusing a zip bomb"
            )
    start_dir = getattr(archive, "start_dir", None)
    if isinstance(start_dir, int) and infos and end_of_data > start_dir:
        raise ImportFailed(f"{path}: member data overlaps the central directory: refusing a zip bomb")


def _short(name: str, limit: int = 80) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in name)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class _Budget:
    """Bytes read from one source so far, against ``max_total_bytes``."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limit = limits.max_total_bytes
        self.spent = 0

    def spend(self, count: int) -> None:
        self.spent += count
        if self.spent > self.limit:
            raise ImportFailed(f"{self.path} holds more than {self.limit} bytes of advisories: refusing to read on")


def _walk(root: Path, limits: Limits) -> Iterator[tuple[str, Path | None]]:
    """(relative name, path or None when it is not a plain file) of every ``*.json`` under
    ``root``: iterative, sorted, never through a symlink, at most ``max_depth`` levels and
    ``max_members`` entries."""
    found: list[tuple[str, Path | None]] = []
    stack: list[tuple[Path, int]] = [(root, 0)]
    seen = 0
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries_here = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            raise ImportFailed(f"cannot read {folder}: {exc.strerror or exc}") from exc
        for entry in entries_here:
            seen += 1
            if seen > limits.max_members:
                raise ImportFailed(f"{root} holds more than {limits.max_members} entries: refusing to read on")
            here = Path(entry.path)
            rel = here.relative_to(root).as_posix()
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 > limits.max_depth:
                    raise ImportFailed(f"{root} nests folders deeper than {limits.max_depth} levels")
                stack.append((here, depth + 1))
            elif entry.name.lower().endswith(".json"):
                plain = entry.is_file(follow_symlinks=False) and not entry.is_symlink()
                found.append((rel, here if plain else None))
            elif entry.is_symlink() and entry.is_dir():
                found.append((rel, None))  # a symlinked folder: named, never entered
    return iter(sorted(found))


def _read_capped(file: Path, cap: int) -> bytes | None:
    """At most ``cap`` bytes of a regular file, opened without following a symlink; None
    when it is larger (or stopped being a regular file)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(file, flags)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        data = handle.read(cap + 1)
    return data if len(data) <= cap else None


def _dir_entries(path: Path, limits: Limits) -> Iterator[tuple[str, bytes | Skipped]]:
    budget = _Budget(path, limits)
    for rel, file in _walk(path, limits):
        if file is None:
            yield rel, Skipped(rel, "not a regular file (symlinks are not followed)")
            continue
        try:
            data = _read_capped(file, limits.max_entry_bytes)
        except OSError as exc:
            yield rel, Skipped(rel, f"unreadable ({exc.strerror or exc}; symlinks are not followed)")
            continue
        if data is None:
            yield rel, Skipped(rel, f"file larger than {limits.max_entry_bytes} bytes or not a regular file")
            continue
        budget.spend(len(data))
        yield rel, data


def entries(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, bytes | Skipped]]:
    """(entry name, raw bytes or the reason it was unreadable) for every JSON entry."""
    if path.is_dir():
        return _dir_entries(path, limits)
    if path.is_file():
        return _zip_entries(path, limits)
    raise ImportFailed(f"{path} does not exist (expected a folder of OSV JSON files or an all.zip)")


def import_path(
    store: AdvisoryStore, path: Path, *, origin: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ImportReport:
    """Import every advisory under ``path`` in one transaction. Raises ImportFailed when
    the source is unusable or yields no valid advisory at all."""
    skipped: list[Skipped] = []
    per_eco: dict[str, int] = {}
    imported = 0
    with store.transaction() as conn:
        for name, payload in entries(path, limits):
            if isinstance(payload, Skipped):
                skipped.append(payload)
                continue
            try:
                raw = loads_bounded(payload)
                advisory = parse_advisory(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                skipped.append(Skipped(name, f"not JSON ({str(exc)[:120]})"))
                continue
            except InvalidAdvisory as exc:
                skipped.append(Skipped(name, str(exc)))
                continue
            if not advisory.affected:
                skipped.append(Skipped(name, "no affected package to index"))
                continue
            store.put(conn, advisory, raw)
            imported += 1
            for eco in advisory.ecosystems:
                per_eco[eco] = per_eco.get(eco, 0) + 1
        if imported == 0:
            detail = (
                f" ({len(skipped)} entries skipped, first: {skipped[0].entry}: {skipped[0].reason})" if skipped else ""
            )
            raise ImportFailed(f"no valid OSV advisory found in {path}{detail}")
        store.mark_imported(conn, per_eco, utc_iso(), origin or str(path))
    return ImportReport(str(path), imported, dict(sorted(per_eco.items())), tuple(skipped))
