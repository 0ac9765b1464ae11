"""Getting an image out of a Docker-API engine (Docker, or Podman's compatible service)
as a docker-save tarball, so an image reference and an image archive are read the same
way. ``DOCKER_HOST`` (and the other DOCKER_* variables) are honoured by the SDK."""

from __future__ import annotations

from pathlib import Path

from shiftleft.image.safety import ImageError, Limits


def export_image(ref: str, dest: Path, *, timeout: float, pull: bool = False, limits: Limits | None = None) -> Path:
    """Save ``ref`` to ``dest`` (a .tar path). Pulls only when ``pull`` is true (never
    offline); the byte count is capped like any archive we read."""
    import docker
    from docker.errors import DockerException, ImageNotFound

    cap = (limits or Limits()).max_total_bytes
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
        written = 0
        with dest.open("wb") as handle:
            for chunk in image.save(named=True):
                written += len(chunk)
                if written > cap:
                    raise ImageError(f"image {ref} is larger than {cap} bytes")
                handle.write(chunk)
    except DockerException as exc:
        raise ImageError(f"could not export image {ref}: {exc}") from exc
    finally:
        client.close()
    return dest
