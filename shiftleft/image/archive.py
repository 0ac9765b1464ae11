"""Reading the structure of an image archive: docker-save tarballs and OCI layouts.

Formats understood:
- ``docker save`` / ``podman save`` tarballs: ``manifest.json`` lists the config and the
  layer paths (Docker writes ``<id>/layer.tar`` — sometimes a symlink to an identical
  layer —, Podman ``<diffid>.tar``, Docker 25+ ``blobs/sha256/<hex>``);
- OCI image layouts, as a directory or a tarball: ``index.json`` -> manifest (or nested
  index) -> config and layer blobs, possibly gzip-compressed.

Every path taken from a manifest is checked with :mod:`shiftleft.image.safety`; the
archive's own symlinks are resolved inside the archive only.
"""

from __future__ import annotations

import json
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from shiftleft.image.safety import ImageError, Limits, blob_path, digest_path, link_target, member_path

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
    """Uniform, safe access to the files of an archive, whether a tarball or a directory."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self._tar: tarfile.TarFile | None = None
        self._members: dict[str, tarfile.TarInfo] = {}
        if path.is_dir():
            self._root: Path | None = path.resolve()
            return
        self._root = None
        try:
            self._tar = tarfile.open(path, mode="r:*")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ImageError(f"{path.name} is not a readable image archive (tar or OCI layout): {exc}") from exc
        count = 0
        try:
            for info in self._tar:
                count += 1
                if count > limits.max_members:
                    raise ImageError(f"{path.name} has more than {limits.max_members} entries")
                safe = member_path(info.name)
                if safe:  # unsafe top-level names are never looked up
                    self._members[safe] = info
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ImageError(f"{path.name} is a corrupt tar archive: {exc}") from exc

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()

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
        candidate = (self._root / name).resolve()
        if not candidate.is_relative_to(self._root) or not candidate.is_file():
            return None
        return candidate

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """A binary stream of one file of the archive; ImageError if missing or unsafe."""
        if self._root is not None:
            found = self._dir_file(name)
            if found is None:
                raise ImageError(f"{name} is missing from the image layout (or leaves it)")
            with found.open("rb") as handle:
                yield handle
            return
        assert self._tar is not None
        info = self._resolve_member(name)
        stream = self._tar.extractfile(info) if info is not None else None
        if stream is None:
            raise ImageError(f"{name} is missing from {self.path.name}")
        with stream:
            yield stream

    def size(self, name: str) -> int:
        if self._root is not None:
            found = self._dir_file(name)
            return os.stat(found).st_size if found else 0
        info = self._resolve_member(name)
        return info.size if info else 0

    def read_json(self, name: str) -> Any:
        if self.size(name) > self.limits.max_json_bytes:
            raise ImageError(f"{name} is larger than {self.limits.max_json_bytes} bytes")
        with self.open(name) as handle:
            raw = handle.read(self.limits.max_json_bytes + 1)
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise ImageError(f"{name} is not valid JSON: {exc}") from exc


def read_manifest(source: ArchiveSource) -> ImageManifest:
    """The first image of the archive: docker ``manifest.json`` when present, else OCI
    ``index.json``."""
    if source.exists("manifest.json"):
        return _docker_manifest(source)
    if source.exists("index.json"):
        return _oci_manifest(source)
    raise ImageError(f"{source.path.name} has neither manifest.json (docker save) nor index.json (OCI layout)")


def _layers(config: dict[str, Any], paths: list[str], limits: Limits) -> tuple[LayerRef, ...]:
    if len(paths) > limits.max_layers:
        raise ImageError(f"the image has {len(paths)} layers, more than the limit of {limits.max_layers}")
    rootfs = config.get("rootfs") if isinstance(config.get("rootfs"), dict) else {}
    diff_ids = rootfs.get("diff_ids") if isinstance(rootfs, dict) else None
    ids = [str(d) for d in diff_ids] if isinstance(diff_ids, list) and len(diff_ids) == len(paths) else []
    return tuple(LayerRef(i, ids[i] if ids else path, path) for i, path in enumerate(paths))


def _docker_manifest(source: ArchiveSource) -> ImageManifest:
    data = source.read_json("manifest.json")
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        raise ImageError("manifest.json does not list any image")
    entry = data[0]
    config_name = blob_path(str(entry.get("Config", "")))
    if not config_name:
        raise ImageError(f"manifest.json names an unsafe or empty config path: {entry.get('Config')!r}")
    config = source.read_json(config_name)
    if not isinstance(config, dict):
        raise ImageError("the image config is not a JSON object")
    raw_layers = entry.get("Layers")
    if not isinstance(raw_layers, list):
        raise ImageError("manifest.json has no Layers list")
    paths: list[str] = []
    for raw in raw_layers:
        path = blob_path(str(raw))
        if not path:
            raise ImageError(f"manifest.json names an unsafe layer path: {raw!r}")
        paths.append(path)
    tags = entry.get("RepoTags") or []
    repo_tags = tuple(str(t) for t in tags) if isinstance(tags, list) else ()
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
            raise ImageError(f"index.json has an invalid digest: {descriptor.get('digest')!r}")
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
    paths: list[str] = []
    for layer in manifest.get("layers") or []:
        path = digest_path(str(layer.get("digest", ""))) if isinstance(layer, dict) else None
        if not path:
            raise ImageError(f"the OCI manifest has an invalid layer digest: {layer!r}")
        paths.append(path)
    # a ref.name alone ("latest") is a tag without a repository
    repo_tags = tuple(t for t in tags if ":" in t or "/" in t) or tuple(tags)
    return ImageManifest(config, repo_tags, _layers(config, paths, source.limits), "oci")
