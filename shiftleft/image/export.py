"""Getting an image out of a Docker-API engine (Docker, or Podman's compatible service)
as a docker-save tarball, so an image reference and an image archive are read the same
way. ``DOCKER_HOST`` (and the other DOCKER_* variables) are honoured by the SDK.

The ``docker save`` stream gets the archive's limits: at most ``max_archive_bytes``
are written, within the scanner's timeout; a stream over either leaves no partial file
and fails the run with the reason."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from shiftleft.image.safety import ImageError, Limits


def copy_stream(chunks: Iterable[bytes], dest: Path, *, cap: int, deadline: float, what: str) -> int:
    """Write an iterable of byte chunks to ``dest``, refusing more than ``cap`` bytes or
    a stream still running at ``deadline`` (time.monotonic); the partial file is removed."""
    written = 0
    try:
        with dest.open("wb") as handle:
            for chunk in chunks:
                written += len(chunk)
                if written > cap:
                    raise ImageError(f"{what} is larger than {cap} bytes")
                if time.monotonic() > deadline:
                    raise ImageError(f"{what} took longer than the scanner's timeout to export")
                handle.write(chunk)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return written


def export_image(ref: str, dest: Path, *, timeout: float, pull: bool = False, limits: Limits | None = None) -> Path:
    """Save ``ref`` to ``dest`` (a .tar path). Pulls only when ``pull`` is true (never
    offline); the byte count is capped like any archive we read."""
    import docker
    from docker.errors import DockerException, ImageNotFound

    cap = (limits or Limits()).max_archive_bytes
    deadline = time.monotonic() + timeout
    try:
        client = docker.from_env(timeout=int(timeout))
    except DockerException as exc:
        raise ImageError(f"no Docker-API engine reachable (set DOCKER_HOST): {exc}") from exc
    try:
        try:
            image = client.images.get(ref)
        except ImageNotFound:
            if not pull:
                raise ImageError(f"image {ref} is not present in the engine (offline: not pulled)") from None
            image = client.images.pull(ref)
        copy_stream(image.save(named=True), dest, cap=cap, deadline=deadline, what=f"image {ref}")
    except DockerException as exc:
        dest.unlink(missing_ok=True)
        raise ImageError(f"could not export image {ref}: {exc}") from exc
    finally:
        client.close()
    return dest
