"""One call from an archive path to everything the container adapter needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shiftleft.image.archive import ArchiveSource, ImageManifest, read_manifest
from shiftleft.image.inventory import Inventory, read_inventory, wanted
from shiftleft.image.rootfs import SkippedMember, squash
from shiftleft.image.safety import ImageError, Limits


@dataclass(frozen=True)
class ImageReport:
    """An image as read: its manifest (config, tags, layers), its inventory, and the
    members refused by the safety checks."""

    archive: Path
    manifest: ImageManifest
    inventory: Inventory
    skipped: tuple[SkippedMember, ...]


def read_image(path: Path, limits: Limits | None = None) -> ImageReport:
    """Read a docker-save tarball or an OCI layout (directory or tarball). Raises
    ImageError with a human reason for anything unreadable or unsafe."""
    if not path.exists():
        raise ImageError(f"image archive {path} does not exist")
    source = ArchiveSource(path, limits or Limits())
    try:
        manifest = read_manifest(source)
        fs = squash(source, manifest.layers, wanted)
    finally:
        source.close()
    return ImageReport(path, manifest, read_inventory(fs), tuple(fs.skipped))
