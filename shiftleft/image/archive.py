"""Reading the structure of an image archive: docker-save tarballs and OCI layouts.

Formats understood:
- ``docker save`` / ``podman save`` tarballs: ``manifest.json`` lists the config and the
  layer paths (Docker writes ``<id>/layer.tar`` — sometimes a symlink to an identical
  layer —, Podman ``<diffid>.tar``, Docker 25+ ``blobs/sha256/<hex>``), plain or
  compressed as a whole (``docker save | gzip``: inflated once to a temporary file, with
  the byte count capped, then read as a plain tar);
- OCI image layouts, as a directory or a tarball: ``index.json`` -> manifest (or nested
  index) -> config and layer blobs, possibly gzip-compressed.

Every path taken from a manifest is checked with :mod:`shiftleft.image.safety`; the
archive's own symlinks are resolved inside the archive only; every file is opened only
if it is a regular file; every byte inflated is counted against :class:`Limits`.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from shiftleft.image.safety import (
    Budget,
    CappedReader,
    ImageError,
    Limits,
    archive_problem,
    blob_path,
    bounded_tarinfo,
    digest_path,
    link_target,
    load_json,
    member_path,
    open_regular,
    read_capped,
)

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (_ZSTD_MAGIC, "zstd"))
_DECOMPRESSORS: dict[str, Callable[[IO[bytes]], Any]] = {
    "gzip": lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"),
    "bzip2": lambda raw: bz2.BZ2File(raw, mode="rb"),
    "xz": lambda raw: lzma.LZMAFile(raw, mode="rb"),
}
#: errors a decompressor or tarfile raises on corrupt input
CORRUPT = (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)
#: a tag longer than this is no image reference (docker: 255 for the name, 128 for the tag)
_MAX_TAG = 512
_MAX_TAGS = 100


def compression(magic: bytes) -> str | None:
    """The compression a stream starts with ("gzip", "bzip2", "xz", "zstd"), or None."""
    return next((name for prefix, name in _MAGIC if magic.startswith(prefix)), None)


@contextmanager
def inflated(handle: IO[bytes], what: str, budget: Budget) -> Iterator[CappedReader]:
    """``handle`` (seekable, at its start) as an uncompressed stream whose every byte is
    counted against ``budget``. zstd is refused: the standard library cannot read it."""
    magic = handle.read(6)
    handle.seek(0)
    kind = compression(magic)
    if kind == "zstd":
        raise ImageError(f"{what} is zstd-compressed, which this reader does not support")
    if kind is None:
        yield CappedReader(handle, budget)
        return
    with _DECOMPRESSORS[kind](handle) as stream:
        yield CappedReader(stream, budget)


_PLATFORM_PREFERENCE = ("amd64", "arm64")


@dataclass(frozen=True)
class LayerRef:
    """One layer of the image, bottom first."""

    #: position, 0 = base layer
    index: int
    #: the uncompressed digest (``rootfs.diff_ids``), which syft and docker show; the
    #: blob path when the config has none
    digest: str
    #: where its bytes are, relative to the archive root
    path: str


@dataclass(frozen=True)
class ImageManifest:
    """What an archive says about one image."""

    config: dict[str, Any]
    repo_tags: tuple[str, ...]
    layers: tuple[LayerRef, ...]
    #: "docker-archive" or "oci"
    layout: str


class ArchiveSource:
    """Uniform, safe access to the files of an archive, whether a tarball or a directory.

    ``readable`` is the path another reader (syft) should be given: the archive itself,
    or the plain tarball a compressed one was inflated to when ``workdir`` was given (it
    stays there, with the scan's other scratch files)."""

    def __init__(self, path: Path, limits: Limits, workdir: Path | None = None) -> None:
        self.path = path
        self.limits = limits
        self.readable = path
        self._tar: tarfile.TarFile | None = None
        self._file: IO[bytes] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._members: dict[str, tarfile.TarInfo] = {}
        problem = archive_problem(path)
        if problem:
            raise ImageError(problem)
        if path.is_dir():
            self._root: Path | None = path.resolve()
            return
        self._root = None
        try:
            self._open_tar(workdir)
        except BaseException:
            self.close()
            raise

    def _open_tar(self, workdir: Path | None) -> None:
        handle = self._file = open_regular(self.path)
        kind = compression(handle.read(6))
        handle.seek(0)
        if kind is not None:
            handle = self._file = self._inflate(handle, workdir)
        size = os.fstat(handle.fileno()).st_size
        if size > self.limits.max_archive_bytes:
            raise ImageError(f"{self.path.name} is larger than {self.limits.max_archive_bytes} bytes")
        try:
            self._tar = tarfile.open(fileobj=handle, mode="r:", tarinfo=bounded_tarinfo(self.limits))
        except CORRUPT as exc:
            raise ImageError(f"{self.path.name} is not a readable image archive (tar or OCI layout): {exc}") from exc
        count = 0
        try:
            for info in self._tar:
                count += 1
                if count > self.limits.max_archive_members:
                    raise ImageError(f"{self.path.name} has more than {self.limits.max_archive_members} entries")
                safe = member_path(info.name, self.limits)
                if not safe:  # unsafe top-level names are never looked up
                    continue
                previous = self._members.get(safe)
                if previous is not None and not (previous.isdir() and info.isdir()):
                    # readers disagree on which copy counts: refuse rather than guess
                    raise ImageError(f"{self.path.name} has two entries named {_quote(safe)}")
                self._members[safe] = info
        except CORRUPT as exc:
            raise ImageError(f"{self.path.name} is a corrupt tar archive: {exc}") from exc

    def _inflate(self, handle: IO[bytes], workdir: Path | None) -> IO[bytes]:
        """Inflate a compressed archive once to a plain tarball (tar needs random access;
        seeking backwards in a gzip stream re-inflates it from the start every time)."""
        if workdir is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="shiftleft-image-")
            folder = Path(self._scratch.name)
        else:
            folder = workdir
        fd, name = tempfile.mkstemp(prefix="image-archive-", suffix=".tar", dir=folder)
        budget = Budget(self.limits.max_archive_bytes, f"{self.path.name} inflates to")
        try:
            with os.fdopen(fd, "w+b") as out, inflated(handle, self.path.name, budget) as stream:
                shutil.copyfileobj(stream, out, 1024**2)
        except CORRUPT as exc:
            Path(name).unlink(missing_ok=True)
            raise ImageError(f"{self.path.name} is a corrupt compressed archive: {exc}") from exc
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        finally:
            handle.close()
        if workdir is not None:
            self.readable = Path(name)
        return open_regular(Path(name))

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()
            self._tar = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def _resolve_member(self, name: str) -> tarfile.TarInfo | None:
        """The regular-file member at ``name``, following in-archive symlinks and hard
        links a bounded number of times; None if absent or leaving the archive."""
        current = name
        for _ in range(self.limits.max_link_hops):
            info = self._members.get(current)
            if info is None:
                return None
            if info.isfile():
                return info
            if info.issym():
                nxt = link_target(current, info.linkname)
            elif info.islnk():
                nxt = member_path(info.linkname)
            else:
                return None
            if not nxt:
                return None
            current = nxt
        return None

    def exists(self, name: str) -> bool:
        if self._root is not None:
            return self._dir_file(name) is not None
        return self._resolve_member(name) is not None

    def _dir_file(self, name: str) -> Path | None:
        assert self._root is not None
        try:
            candidate = (self._root / name).resolve()
            if not candidate.is_relative_to(self._root) or not candidate.is_file():
                return None
        except (OSError, RuntimeError):  # a symlink loop, a name too long
            return None
        return candidate

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """A binary stream of one file of the archive; ImageError if missing or unsafe."""
        if self._root is not None:
            found = self._dir_file(name)
            if found is None:
                raise ImageError(f"{name} is missing from the image layout (or leaves it)")
            with open_regular(found) as handle:
                yield handle
            return
        assert self._tar is not None
        info = self._resolve_member(name)
        stream = self._tar.extractfile(info) if info is not None else None
        if stream is None:
            raise ImageError(f"{name} is missing from {self.path.name}")
        with stream:
            yield stream

    @contextmanager
    def open_layer(self, layer: LayerRef, budget: Budget) -> Iterator[tarfile.TarFile]:
        """The layer as a streaming tar reader: decompressed if it is, every inflated byte
        counted against ``budget``, extension headers bounded."""
        what = f"layer {layer.index}"
        with (
            self.open(layer.path) as handle,
            inflated(handle, what, budget) as stream,
            # read() is all tarfile's stream mode uses
            tarfile.open(  # type: ignore[call-overload]
                fileobj=stream,
                mode="r|",
                tarinfo=bounded_tarinfo(self.limits),
            ) as tar,
        ):
            yield tar

    def size(self, name: str) -> int:
        if self._root is not None:
            found = self._dir_file(name)
            return os.stat(found).st_size if found else 0
        info = self._resolve_member(name)
        return info.size if info else 0

    def read_json(self, name: str) -> Any:
        cap = self.limits.max_json_bytes
        if self.size(name) > cap:
            raise ImageError(f"{name} is larger than {cap} bytes")
        with self.open(name) as handle:
            raw = read_capped(handle, cap)
        return load_json(raw, name, self.limits)


def read_manifest(source: ArchiveSource) -> ImageManifest:
    """The first image of the archive: docker ``manifest.json`` when present, else OCI
    ``index.json``."""
    if source.exists("manifest.json"):
        return _docker_manifest(source)
    if source.exists("index.json"):
        return _oci_manifest(source)
    raise ImageError(f"{source.path.name} has neither manifest.json (docker save) nor index.json (OCI layout)")


def _quote(value: Any) -> str:
    """A value from the archive quoted in an error message: escaped by repr, cut short."""
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _check_layer_count(count: int, limits: Limits) -> None:
    if count > limits.max_layers:
        raise ImageError(f"the image has {count} layers, more than the limit of {limits.max_layers}")


def _layers(config: dict[str, Any], paths: list[str], limits: Limits) -> tuple[LayerRef, ...]:
    _check_layer_count(len(paths), limits)
    rootfs = config.get("rootfs") if isinstance(config.get("rootfs"), dict) else {}
    diff_ids = rootfs.get("diff_ids") if isinstance(rootfs, dict) else None
    ids = [str(d) for d in diff_ids] if isinstance(diff_ids, list) and len(diff_ids) == len(paths) else []
    # a diff_id is copied into every finding: only a real digest, else the blob path
    return tuple(LayerRef(i, ids[i] if ids and digest_path(ids[i]) else path, path) for i, path in enumerate(paths))


def _tags(values: Any) -> tuple[str, ...]:
    """Image references named by the archive, as text of a sane length (each is repeated
    in every finding's message and location)."""
    if not isinstance(values, list):
        return ()
    return tuple(v for v in values if isinstance(v, str) and 0 < len(v) <= _MAX_TAG)[:_MAX_TAGS]


def _docker_manifest(source: ArchiveSource) -> ImageManifest:
    data = source.read_json("manifest.json")
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        raise ImageError("manifest.json does not list any image")
    entry = data[0]
    config_name = blob_path(str(entry.get("Config", "")))
    if not config_name:
        raise ImageError(f"manifest.json names an unsafe or empty config path: {_quote(entry.get('Config'))}")
    config = source.read_json(config_name)
    if not isinstance(config, dict):
        raise ImageError("the image config is not a JSON object")
    raw_layers = entry.get("Layers")
    if not isinstance(raw_layers, list):
        raise ImageError("manifest.json has no Layers list")
    _check_layer_count(len(raw_layers), source.limits)
    paths: list[str] = []
    for raw in raw_layers:
        path = blob_path(str(raw))
        if not path:
            raise ImageError(f"manifest.json names an unsafe layer path: {_quote(raw)}")
        paths.append(path)
    repo_tags = _tags(entry.get("RepoTags"))
    return ImageManifest(config, repo_tags, _layers(config, paths, source.limits), "docker-archive")


def _pick_manifest(index: dict[str, Any]) -> dict[str, Any]:
    manifests = [m for m in index.get("manifests") or [] if isinstance(m, dict)]
    if not manifests:
        raise ImageError("index.json lists no manifest")

    def rank(m: dict[str, Any]) -> int:
        platform = m.get("platform") if isinstance(m.get("platform"), dict) else {}
        arch = platform.get("architecture") if isinstance(platform, dict) else None
        return _PLATFORM_PREFERENCE.index(arch) if arch in _PLATFORM_PREFERENCE else len(_PLATFORM_PREFERENCE)

    return sorted(manifests, key=rank)[0]


def _oci_manifest(source: ArchiveSource) -> ImageManifest:
    index = source.read_json("index.json")
    if not isinstance(index, dict):
        raise ImageError("index.json is not a JSON object")
    tags: list[str] = []
    descriptor = _pick_manifest(index)
    manifest: dict[str, Any] = {}
    for _ in range(4):  # index -> (nested index ->) manifest
        annotations = descriptor.get("annotations") if isinstance(descriptor.get("annotations"), dict) else {}
        for key in ("io.containerd.image.name", "org.opencontainers.image.ref.name"):
            value = annotations.get(key) if isinstance(annotations, dict) else None
            if isinstance(value, str) and value and value not in tags:
                tags.append(value)
        path = digest_path(str(descriptor.get("digest", "")))
        if not path:
            raise ImageError(f"index.json has an invalid digest: {_quote(descriptor.get('digest'))}")
        doc = source.read_json(path)
        if not isinstance(doc, dict):
            raise ImageError(f"{path} is not a JSON object")
        if "manifests" in doc:
            descriptor = _pick_manifest(doc)
            continue
        manifest = doc
        break
    if not manifest:
        raise ImageError("index.json nests image indexes too deeply")
    config_desc = manifest.get("config") if isinstance(manifest.get("config"), dict) else {}
    config_path = digest_path(str(config_desc.get("digest", ""))) if isinstance(config_desc, dict) else None
    if not config_path:
        raise ImageError("the OCI manifest has no valid config digest")
    config = source.read_json(config_path)
    if not isinstance(config, dict):
        raise ImageError("the image config is not a JSON object")
    raw_layers = manifest.get("layers") or []
    if not isinstance(raw_layers, list):
        raise ImageError("the OCI manifest's layers is not a list")
    _check_layer_count(len(raw_layers), source.limits)
    paths: list[str] = []
    for layer in raw_layers:
        path = digest_path(str(layer.get("digest", ""))) if isinstance(layer, dict) else None
        if not path:
            raise ImageError(f"the OCI manifest has an invalid layer digest: {_quote(layer)}")
        paths.append(path)
    # a ref.name alone ("latest") is a tag without a repository
    tags = list(_tags(tags))
    repo_tags = tuple(t for t in tags if ":" in t or "/" in t) or tuple(tags)
    return ImageManifest(config, repo_tags, _layers(config, paths, source.limits), "oci")
