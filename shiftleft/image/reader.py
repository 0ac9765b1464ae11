"""One call from an archive path to everything the container adapter needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shiftleft.image.archive import ArchiveSource, ImageManifest, read_manifest
from shiftleft.image.inventory import Inventory, package_keys, read_inventory, wanted
from shiftleft.image.rootfs import SkippedMember, squash
from shiftleft.image.safety import Limits


@dataclass(frozen=True)
class ImageReport:
    """An image as read: its manifest (config, tags, layers), its inventory, and the
    members refused by the safety checks."""

    archive: Path
    manifest: ImageManifest
    inventory: Inventory
    #: the first refused members (at most rootfs.MAX_SKIPPED_KEPT), and how many in all
    skipped: tuple[SkippedMember, ...]
    skipped_count: int = 0
    #: what another reader (syft) should be given: the archive, or the plain tarball a
    #: compressed archive was inflated to in the workdir
    readable: Path | None = None


def read_image(path: Path, limits: Limits | None = None, *, workdir: Path | None = None) -> ImageReport:
    """Read a docker-save tarball (plain or compressed) or an OCI layout (directory or
    tarball). Raises ImageError with a human reason for anything unreadable, unsafe, or
    over one of the limits (:class:`shiftleft.image.safety.Limits`): never a partial
    inventory. ``workdir`` keeps the inflated copy of a compressed archive for syft."""
    source = ArchiveSource(path, limits or Limits(), workdir)
    try:
        manifest = read_manifest(source)
        fs = squash(source, manifest.layers, wanted, package_keys)
    finally:
        source.close()
    return ImageReport(
        path, manifest, read_inventory(fs), tuple(fs.skipped), fs.skipped_count, readable=source.readable
    )
