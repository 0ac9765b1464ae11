"""Path and size checks for reading untrusted image archives.

An image tarball is hostile input: member names may climb out of the root (``../``),
be absolute, links may point outside, device nodes may be planted, and a small gzip
layer may claim terabytes. Everything the reader takes from an archive goes through
these functions first; a violation is either a skipped member (recorded, with the
reason) or an :class:`ImageError` when the archive structure itself cannot be trusted.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


class ImageError(Exception):
    """The image could not be read; the message says why, for a human."""


@dataclass(frozen=True)
class Limits:
    """Ceilings against decompression bombs and absurd archives. Defaults fit real
    images (the largest common base images are a few GB and ~100k files)."""

    #: files, directories and links over all layers
    max_members: int = 1_000_000
    #: sum of uncompressed member sizes over all layers
    max_total_bytes: int = 20 * 1024**3
    #: one file whose content the inventory reads (dpkg status, METADATA...)
    max_read_bytes: int = 64 * 1024**2
    #: layers in one image
    max_layers: int = 500
    #: the image config and manifests (JSON)
    max_json_bytes: int = 16 * 1024**2
    #: symlink hops while resolving one path
    max_link_hops: int = 40


def member_path(name: str) -> str | None:
    """The normalized relative POSIX path of an archive member, or None when the name
    is unsafe: empty, absolute, containing a NUL or backslash-absolute form, or climbing
    above the root at any point. ``./`` prefixes and ``a/./b`` are normalized away.

    The result never starts with ``/``, never contains a ``..`` component, and is ``""``
    only for the root itself (``.`` or ``./``)."""
    if not name or "\x00" in name:
        return None
    if name.startswith("/"):
        return None
    depth = 0
    parts: list[str] = []
    for part in name.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if depth == 0:
                return None
            depth -= 1
            parts.pop()
            continue
        depth += 1
        parts.append(part)
    # Windows-absolute forms ("\\server", "c:") are refused wherever they end up first
    if parts and (parts[0].startswith("\\") or (len(parts[0]) >= 2 and parts[0][1] == ":")):
        return None
    return "/".join(parts)


def link_target(link_path: str, target: str) -> str | None:
    """Where a symlink at ``link_path`` (a safe member path) points, as a safe member
    path, or None when it leaves the root. Absolute targets are relative to the image
    root, as inside a container; a relative target that climbs above the root escapes."""
    if "\x00" in target or not target:
        return None
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(link_path), target)
    return member_path(joined) if joined else ""


def blob_path(reference: str) -> str | None:
    """A path named inside manifest.json / index.json (``<id>/layer.tar``,
    ``blobs/sha256/<hex>``): must be a safe relative member path."""
    path = member_path(reference)
    return path or None


def digest_path(digest: str) -> str | None:
    """``sha256:<hex>`` -> ``blobs/sha256/<hex>``; None for anything else."""
    algo, _, hexpart = digest.partition(":")
    if algo not in {"sha256", "sha512"} or not hexpart or not all(c in "0123456789abcdef" for c in hexpart):
        return None
    return f"blobs/{algo}/{hexpart}"
