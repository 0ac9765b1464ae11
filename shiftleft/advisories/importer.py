"""Importing OSV records from a folder of JSON files or an OSV ``all.zip``.

A bad source as a whole (missing path, not a zip, corrupt zip directory) is an
``ImportFailed`` with a one-line reason. A bad *entry* (truncated member, not JSON,
missing ``id``/``modified``) is skipped and counted with its reason: one broken advisory
must not cost the user the other ten thousand, and must not pass unnoticed either.
"""

from __future__ import annotations

import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shiftleft.advisories.errors import ImportFailed, InvalidAdvisory
from shiftleft.advisories.model import parse_advisory
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.sarif.build import utc_iso

#: A single OSV record is a few KB; anything far bigger is not an advisory.
MAX_ENTRY_BYTES = 16 * 1024 * 1024


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


def _zip_entries(path: Path) -> Iterator[tuple[str, bytes | Skipped]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ImportFailed(f"{path} is not a readable zip archive ({exc})") from exc
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror or exc}") from exc
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".json"):
                continue
            if info.file_size > MAX_ENTRY_BYTES:
                yield info.filename, Skipped(info.filename, f"entry larger than {MAX_ENTRY_BYTES} bytes")
                continue
            try:
                yield info.filename, archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
                yield info.filename, Skipped(info.filename, f"unreadable zip member ({exc})")


def _dir_entries(path: Path) -> Iterator[tuple[str, bytes | Skipped]]:
    for file in sorted(path.rglob("*.json")):
        rel = file.relative_to(path).as_posix()
        if file.is_symlink() or not file.is_file():
            yield rel, Skipped(rel, "not a regular file (symlinks are not followed)")
            continue
        if file.stat().st_size > MAX_ENTRY_BYTES:
            yield rel, Skipped(rel, f"file larger than {MAX_ENTRY_BYTES} bytes")
            continue
        yield rel, file.read_bytes()


def entries(path: Path) -> Iterator[tuple[str, bytes | Skipped]]:
    """(entry name, raw bytes or the reason it was unreadable) for every JSON entry."""
    if path.is_dir():
        return _dir_entries(path)
    if path.is_file():
        return _zip_entries(path)
    raise ImportFailed(f"{path} does not exist (expected a folder of OSV JSON files or an all.zip)")


def import_path(store: AdvisoryStore, path: Path, *, origin: str | None = None) -> ImportReport:
    """Import every advisory under ``path`` in one transaction. Raises ImportFailed when
    the source is unusable or yields no valid advisory at all."""
    skipped: list[Skipped] = []
    per_eco: dict[str, int] = {}
    imported = 0
    with store.transaction() as conn:
        for name, payload in entries(path):
            if isinstance(payload, Skipped):
                skipped.append(payload)
                continue
            try:
                raw = json.loads(payload)
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
