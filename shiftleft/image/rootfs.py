"""The image's final filesystem, squashed from its layers in memory, with whiteouts.

Nothing is written to disk: each layer is streamed once (inflated bytes counted against
the limits while streaming), every member name is checked (``safety.member_path``),
device nodes and FIFOs are skipped (recorded), and only the small files the inventory
needs are kept in memory (``wanted``, within the inventory's file and byte limits).
OCI/AUFS whiteouts are honoured: ``.wh.NAME`` removes NAME (and everything under it)
from the layers below; ``.wh..wh..opq`` empties its directory of everything the layers
below put there; a file or link written over a directory replaces the whole directory,
as docker does. So a package removed in a later layer is not reported.

Every operation is linear: the tree keeps a children index, so removing a directory
costs the size of what it removes, never a scan of every path (20,000 whiteouts over
20,000 files used to take 20 s).
"""

from __future__ import annotations

import posixpath
import tarfile
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field

from shiftleft.image.archive import CORRUPT, ArchiveSource, LayerRef
from shiftleft.image.safety import Budget, ImageError, Limits, link_target, member_path, read_capped

WHITEOUT_PREFIX = ".wh."
OPAQUE = ".wh..wh..opq"
#: skipped members kept with their path and reason (all are counted)
MAX_SKIPPED_KEPT = 1000

#: the identities a package database lists (name, version), per file version
Keys = Callable[[str, bytes], Iterable[Hashable]]


@dataclass(frozen=True, slots=True)
class Entry:
    """One path of the squashed filesystem."""

    #: "file", "dir", "symlink", "hardlink"
    kind: str
    #: the layer that last wrote it
    layer: int
    size: int = 0
    #: the link target (symlink: as written; hardlink: a safe member path)
    linkname: str = ""
    #: the content, only for wanted files under the read limit
    content: bytes | None = None


@dataclass(frozen=True)
class SkippedMember:
    """An archive member the reader refused, and why (never silently dropped)."""

    layer: int
    path: str
    reason: str


class Tree:
    """Paths to entries, with an index of each directory's children (directories the
    archive never listed included), so a subtree is removed in time proportional to its
    size."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._children: dict[str, set[str]] = {}

    def __contains__(self, path: object) -> bool:
        return path in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, path: str) -> Entry | None:
        return self._entries.get(path)

    def set(self, path: str, entry: Entry) -> None:
        if entry.kind != "dir":
            self.clear_dir(path)  # a file over a directory replaces all of it
        self._entries[path] = entry
        child = path
        while child:  # register in each ancestor until one already knows it
            parent = posixpath.dirname(child)
            names = self._children.setdefault(parent, set())
            base = posixpath.basename(child)
            if base in names:
                break
            names.add(base)
            child = parent

    def remove(self, path: str) -> None:
        """``path`` and everything under it."""
        self.clear_dir(path)
        self._entries.pop(path, None)
        if path:
            siblings = self._children.get(posixpath.dirname(path))
            if siblings is not None:
                siblings.discard(posixpath.basename(path))

    def clear_dir(self, path: str) -> None:
        """Everything under ``path``, not ``path`` itself (an opaque whiteout)."""
        stack = [path]
        while stack:
            current = stack.pop()
            names = self._children.pop(current, None)
            if not names:
                continue
            for name in names:
                child = f"{current}/{name}" if current else name
                self._entries.pop(child, None)
                stack.append(child)


@dataclass
class RootFS:
    """The squashed view. ``first_layer`` remembers, for each package database, the
    earliest layer from which every later version of the file lists each (name, version),
    so a package is attributed to the layer that installed it."""

    entries: Tree = field(default_factory=Tree)
    first_layer: dict[str, dict[Hashable, int]] = field(default_factory=dict)
    skipped: list[SkippedMember] = field(default_factory=list)
    skipped_count: int = 0
    limits: Limits = field(default_factory=Limits)

    def skip(self, layer: int, path: str, reason: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED_KEPT:
            self.skipped.append(SkippedMember(layer, path[:200], reason))

    def record_version(self, path: str, layer: int, keys: Iterable[Hashable]) -> None:
        """One more version of a package database: a key keeps its first layer only while
        every version since lists it (linear in the keys of this version)."""
        before = self.first_layer.get(path, {})
        self.first_layer[path] = {key: before.get(key, layer) for key in keys}

    def resolve(self, path: str) -> str | None:
        """``path`` with symlinks followed inside the image (absolute targets are relative
        to the image root); None if missing, looping, or leaving the root."""
        current = path
        for _ in range(self.limits.max_link_hops):
            # resolve links in parent directories first
            parts = current.split("/") if current else []
            rebuilt = ""
            changed = False
            for i, part in enumerate(parts):
                candidate = f"{rebuilt}/{part}" if rebuilt else part
                entry = self.entries.get(candidate)
                if entry is not None and entry.kind == "symlink" and i < len(parts) - 1:
                    target = link_target(candidate, entry.linkname)
                    if target is None:
                        return None
                    rest = "/".join(parts[i + 1 :])
                    current = f"{target}/{rest}" if target else rest
                    changed = True
                    break
                rebuilt = candidate
            if changed:
                continue
            entry = self.entries.get(current)
            if entry is None:
                return None
            if entry.kind == "symlink":
                target = link_target(current, entry.linkname)
                if target is None:
                    return None
                current = target
                continue
            if entry.kind == "hardlink":
                current = entry.linkname
                continue
            return current
        return None

    def read(self, path: str) -> bytes | None:
        """The content of a wanted file (following links), or None."""
        real = self.resolve(path)
        entry = self.entries.get(real) if real is not None else None
        return entry.content if entry is not None else None

    def layer_of(self, path: str) -> int | None:
        real = self.resolve(path)
        entry = self.entries.get(real) if real is not None else None
        return entry.layer if entry is not None else None

    def paths(self) -> list[str]:
        return sorted(self.entries)


class _Squasher:
    """The per-image counters of :func:`squash`, checked against the limits."""

    def __init__(self, source: ArchiveSource, wanted: Callable[[str], bool], keys: Keys | None) -> None:
        self.source = source
        self.limits = source.limits
        self.wanted = wanted
        self.keys = keys
        self.fs = RootFS(limits=source.limits)
        self.members = 0
        self.declared = 0
        self.inflated = Budget(self.limits.max_total_bytes, "the image's layers unpack to")
        self.inventory_files = 0
        self.inventory_bytes = 0

    def keep(self, layer: int, path: str, content: bytes) -> None:
        """Account for one version of an inventory file read into memory."""
        self.inventory_files += 1
        self.inventory_bytes += len(content)
        if self.inventory_files > self.limits.max_inventory_files:
            raise ImageError(f"the image has more than {self.limits.max_inventory_files} package metadata files")
        if self.inventory_bytes > self.limits.max_inventory_bytes:
            raise ImageError(
                f"the image's package metadata files hold more than {self.limits.max_inventory_bytes} bytes"
            )
        if self.keys is not None:
            self.fs.record_version(path, layer, self.keys(path, content))

    def layer(self, layer: LayerRef) -> None:
        fs, limits = self.fs, self.limits
        added: dict[str, Entry] = {}
        removed: list[str] = []
        opaque: list[str] = []
        try:
            with self.source.open_layer(layer, self.inflated) as tar:
                for info in tar:
                    self.member(layer.index, tar, info, added, removed, opaque)
        except CORRUPT as exc:
            raise ImageError(f"layer {layer.index} ({layer.path}) is corrupt or not a tar stream: {exc}") from exc
        for directory in opaque:
            fs.entries.clear_dir(directory)
        for path in removed:
            fs.entries.remove(path)
        for path, entry in added.items():
            fs.entries.set(path, entry)
        if len(fs.entries) > limits.max_members:
            raise ImageError(f"the image has more than {limits.max_members} files")

    def member(
        self,
        index: int,
        tar: tarfile.TarFile,
        info: tarfile.TarInfo,
        added: dict[str, Entry],
        removed: list[str],
        opaque: list[str],
    ) -> None:
        fs, limits = self.fs, self.limits
        self.members += 1
        if self.members > limits.max_members:
            raise ImageError(f"the image has more than {limits.max_members} files")
        self.declared += max(info.size, 0)
        if self.declared > limits.max_total_bytes:
            raise ImageError(
                f"the image unpacks to more than {limits.max_total_bytes} bytes (limit against decompression bombs)"
            )
        path = member_path(info.name, limits)
        if path is None:
            fs.skip(index, info.name, "unsafe path (absolute or ../)")
            return
        if not path:
            return
        base = posixpath.basename(path)
        parent = posixpath.dirname(path)
        if base == OPAQUE:
            opaque.append(parent)
            return
        if base.startswith(WHITEOUT_PREFIX):
            hidden = base[len(WHITEOUT_PREFIX) :]
            if hidden:
                removed.append(f"{parent}/{hidden}" if parent else hidden)
            return
        if info.isdev():
            fs.skip(index, path, "device file or FIFO")
            return
        if info.isdir():
            added[path] = Entry("dir", index)
        elif info.issym():
            if len(info.linkname) > limits.max_path_bytes:
                raise ImageError(f"a symlink target is longer than {limits.max_path_bytes} characters")
            if link_target(path, info.linkname) is None:
                fs.skip(index, path, "symlink leaves the image root")
            added[path] = Entry("symlink", index, linkname=info.linkname)
        elif info.islnk():
            target = member_path(info.linkname, limits)
            if not target:
                fs.skip(index, path, "hard link to an unsafe path")
                return
            previous = added.get(target) or fs.entries.get(target)
            content = previous.content if previous is not None else None
            added[path] = Entry("file", index, info.size, content=content)
            if content is not None and self.wanted(path):
                self.keep(index, path, content)
        elif info.isfile():
            content = None
            if self.wanted(path):
                if info.size > limits.max_read_bytes:
                    raise ImageError(
                        f"{path[:200]} ({info.size} bytes) is larger than the package metadata read limit "
                        f"of {limits.max_read_bytes} bytes"
                    )
                stream = tar.extractfile(info)
                content = read_capped(stream, info.size) if stream else b""
                self.keep(index, path, content)
            added[path] = Entry("file", index, info.size, content=content)
        else:
            fs.skip(index, path, "unsupported member type")


def squash(
    source: ArchiveSource, layers: tuple[LayerRef, ...], wanted: Callable[[str], bool], keys: Keys | None = None
) -> RootFS:
    """Apply the layers bottom-up and return the final filesystem. ``keys`` names what a
    wanted file lists (package identities), for layer attribution."""
    squasher = _Squasher(source, wanted, keys)
    for layer in layers:
        squasher.layer(layer)
    return squasher.fs
