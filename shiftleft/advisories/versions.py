"""Per-ecosystem version ordering, delegated to ``univers`` (never hand-rolled).

OSV ``ECOSYSTEM`` ranges are ordered with the ecosystem's own scheme; ``SEMVER`` ranges
always with SemVer 2.0, whatever the ecosystem (OSV schema, "Evaluation"). An ecosystem
not listed here has an *unknown version scheme*: its packages are reported not assessed
rather than compared with a guess.
"""

from __future__ import annotations

from univers import versions as uv

from shiftleft.advisories.errors import UnknownVersionScheme
from shiftleft.advisories.names import base_ecosystem

_SCHEMES: dict[str, type[uv.Version]] = {
    "PyPI": uv.PypiVersion,
    "Go": uv.GolangVersion,
    "crates.io": uv.SemverVersion,
    "npm": uv.SemverVersion,
    "Maven": uv.MavenVersion,
    "NuGet": uv.NugetVersion,
    "RubyGems": uv.RubygemsVersion,
    "Packagist": uv.ComposerVersion,
    "Hex": uv.SemverVersion,
    "Pub": uv.SemverVersion,
    "Debian": uv.DebianVersion,
    "Alpine": uv.AlpineLinuxVersion,
}

#: The sentinel OSV uses for "since the first version".
ZERO = "0"


def scheme_for(ecosystem: str, range_type: str = "ECOSYSTEM") -> type[uv.Version]:
    """The univers Version class ordering versions of one ecosystem (or SemVer for SEMVER
    ranges). Raises UnknownVersionScheme for an ecosystem we cannot order."""
    if range_type == "SEMVER":
        return uv.SemverVersion
    try:
        return _SCHEMES[base_ecosystem(ecosystem)]
    except KeyError:
        raise UnknownVersionScheme(f"no version ordering known for ecosystem {ecosystem!r}") from None


_CACHE: dict[tuple[str, str], uv.Version | str] = {}
_CACHE_MAX = 200_000


def parse(scheme: type[uv.Version], version: str) -> uv.Version:
    """A comparable version; raises UnknownVersionScheme when the string is not valid in
    that scheme (e.g. a legacy non-PEP 440 Python version). Cached (failures too): a scan
    parses the same advisory bounds for many packages."""
    key = (scheme.__name__, version)
    hit = _CACHE.get(key)
    if hit is None:
        try:
            hit = scheme(version)
        except (uv.InvalidVersion, ValueError, TypeError):
            hit = f"{version!r} is not a valid {scheme.__name__.removesuffix('Version')} version"
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[key] = hit
    if isinstance(hit, str):
        raise UnknownVersionScheme(hit)
    return hit


def try_parse(scheme: type[uv.Version], version: str) -> uv.Version | None:
    try:
        return parse(scheme, version)
    except UnknownVersionScheme:
        return None
