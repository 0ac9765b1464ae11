"""The image's final filesystem, squashed from its layers in memory, with whiteouts.

Nothing is written to disk: each layer is streamed once, every member name is checked
(``safety.member_path``), device nodes and FIFOs are skipped (recorded), sizes are
summed against the limits, and only the small files the inventory needs are kept in
memory (``wanted``). OCI/AUFS whiteouts are honoured: ``.wh.NAME`` removes NAME (and
everything under it) from the layers below; ``.wh..wh..opq`` empties its directory of
everything the layers below put there. So a package removed in a later layer is not
reported.
"""

from __future__ import annotations

import posixpath
import tarfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from shiftleft.image.archive import ArchiveSource, LayerRef
from shiftleft.image.safety import ImageError, Limits, link_target, member_path

WHITEOUT_PREFIX = ".wh."
OPAQUE = ".wh..wh..opq"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True)
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


@dataclass
class RootFS:
    """The squashed view. ``history`` keeps every version of each wanted file with the
    layer that wrote it, so a package can be attributed to the layer that added it."""

    entries: dict[str, Entry] = field(default_factory=dict)
    history: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)
    skipped: list[SkippedMember] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)

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


def _remove_tree(entries: dict[str, Entry], path: str) -> None:
    entries.pop(path, None)
    prefix = path + "/"
    for key in [k for k in entries if k.startswith(prefix)]:
        del entries[key]


def _check_layer(source: ArchiveSource, layer: LayerRef) -> None:
    with source.open(layer.path) as probe:
        magic = probe.read(4)
    if magic == _ZSTD_MAGIC:
        raise ImageError(f"layer {layer.index} is zstd-compressed, which this reader does not support")


def squash(source: ArchiveSource, layers: tuple[LayerRef, ...], wanted: Callable[[str], bool]) -> RootFS:
    """Apply the layers bottom-up and return the final filesystem."""
    fs = RootFS(limits=source.limits)
    members = 0
    total = 0
    for layer in layers:
        added: dict[str, Entry] = {}
        removed: list[str] = []
        opaque: list[str] = []
        _check_layer(source, layer)
        try:
            with source.open(layer.path) as handle, tarfile.open(fileobj=handle, mode="r|*") as tar:
                for info in tar:
                    members += 1
                    if members > source.limits.max_members:
                        raise ImageError(f"the image has more than {source.limits.max_members} files")
                    total += max(info.size, 0)
                    if total > source.limits.max_total_bytes:
                        raise ImageError(
                            f"the image unpacks to more than {source.limits.max_total_bytes} bytes "
                            "(limit against decompression bombs)"
                        )
                    path = member_path(info.name)
                    if path is None:
                        fs.skipped.append(SkippedMember(layer.index, info.name[:200], "unsafe path (absolute or ../)"))
                        continue
                    if not path:
                        continue
                    base = posixpath.basename(path)
                    parent = posixpath.dirname(path)
                    if base == OPAQUE:
                        opaque.append(parent)
                        continue
                    if base.startswith(WHITEOUT_PREFIX):
                        hidden = base[len(WHITEOUT_PREFIX) :]
                        if hidden:
                            removed.append(f"{parent}/{hidden}" if parent else hidden)
                        continue
                    if info.isdev():
                        fs.skipped.append(SkippedMember(layer.index, path, "device file or FIFO"))
                        continue
                    if info.isdir():
                        added[path] = Entry("dir", layer.index)
                    elif info.issym():
                        if link_target(path, info.linkname) is None:
                            fs.skipped.append(SkippedMember(layer.index, path, "symlink leaves the image root"))
                        added[path] = Entry("symlink", layer.index, linkname=info.linkname)
                    elif info.islnk():
                        target = member_path(info.linkname)
                        if not target:
                            fs.skipped.append(SkippedMember(layer.index, path, "hard link to an unsafe path"))
                            continue
                        previous = added.get(target) or fs.entries.get(target)
                        content = previous.content if previous is not None else None
                        added[path] = Entry("file", layer.index, info.size, content=content)
                        if content is not None and wanted(path):
                            fs.history.setdefault(path, []).append((layer.index, content))
                    elif info.isfile():
                        content = None
                        if wanted(path) and info.size <= source.limits.max_read_bytes:
                            stream = tar.extractfile(info)
                            content = stream.read(source.limits.max_read_bytes + 1) if stream else None
                            if content is not None:
                                fs.history.setdefault(path, []).append((layer.index, content))
                        elif wanted(path):
                            fs.skipped.append(SkippedMember(layer.index, path, "larger than the read limit"))
                        added[path] = Entry("file", layer.index, info.size, content=content)
                    else:
                        fs.skipped.append(SkippedMember(layer.index, path, "unsupported member type"))
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise ImageError(f"layer {layer.index} ({layer.path}) is corrupt or not a tar stream: {exc}") from exc
        for directory in opaque:
            prefix = directory + "/" if directory else ""
            for key in [k for k in fs.entries if k.startswith(prefix)]:
                del fs.entries[key]
        for path in removed:
            _remove_tree(fs.entries, path)
        fs.entries.update(added)
    return fs
