"""Artifact hashes as lockfiles state them, turned into (CycloneDX algorithm, hex digest).

Only what a file states is kept, and only when it is well formed: a digest of the right
length for its algorithm, in hex (or base64 for SRI ``integrity`` strings and NuGet's
``contentHash``). Anything else is dropped, never guessed or recomputed: the SBOM must
not claim a hash nobody pinned.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable

#: lockfile spelling -> (CycloneDX name, digest length in bytes)
_ALGORITHMS: dict[str, tuple[str, int]] = {
    "sha1": ("SHA-1", 20),
    "sha256": ("SHA-256", 32),
    "sha384": ("SHA-384", 48),
    "sha512": ("SHA-512", 64),
}
_HEX = re.compile(r"^[0-9a-fA-F]+$")
#: a lockfile entry carries a few hashes (one per distribution file); more is not a lockfile
MAX_HASHES = 64

Hash = tuple[str, str]


def from_hex(algorithm: str, digest: object) -> Hash | None:
    """``("sha256", "ab12...")`` -> ``("SHA-256", "ab12...")`` when well formed."""
    known = _ALGORITHMS.get(algorithm.strip().lower().replace("-", ""))
    if known is None or not isinstance(digest, str):
        return None
    digest = digest.strip()
    if len(digest) != 2 * known[1] or not _HEX.match(digest):
        return None
    return known[0], digest.lower()


def from_prefixed(value: object) -> Hash | None:
    """``sha256:ab12...`` (poetry.lock, ``--hash=``) or ``sha256=ab12...`` (Gemfile.lock)."""
    if not isinstance(value, str):
        return None
    m = re.match(r"^\s*([A-Za-z0-9-]+)[:=]([0-9a-fA-F]+)\s*$", value)
    return from_hex(m.group(1), m.group(2)) if m else None


def from_base64(algorithm: str, value: object) -> Hash | None:
    """A base64 digest (NuGet ``contentHash`` is SHA-512) as hex."""
    known = _ALGORITHMS.get(algorithm.lower())
    if known is None or not isinstance(value, str) or len(value) > 200:
        return None
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return (known[0], raw.hex()) if len(raw) == known[1] else None


def from_sri(value: object) -> tuple[Hash, ...]:
    """Subresource-integrity strings (package-lock ``integrity``, bun.lock):
    ``sha512-<base64> sha1-<base64>``, space-separated; unknown algorithms are dropped."""
    if not isinstance(value, str) or len(value) > 2000:
        return ()
    out: list[Hash] = []
    for part in value.split()[:MAX_HASHES]:
        alg, _, b64 = part.partition("-")
        got = from_base64(alg, b64.split("?", 1)[0])
        if got is not None:
            out.append(got)
    return unique(out)


def unique(hashes: Iterable[Hash | None]) -> tuple[Hash, ...]:
    """Distinct hashes in first-seen order, at most MAX_HASHES."""
    out = tuple(dict.fromkeys(h for h in hashes if h is not None))
    return out[:MAX_HASHES]
