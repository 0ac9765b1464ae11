"""Ecosystem and package-name normalisation shared by the importer, the index and inventory.

Lookups are by (base ecosystem, canonical name). Names are canonicalised the way each
registry treats them as equal: PEP 503 for PyPI (``Django_Rest.Framework`` ==
``django-rest-framework``), case-insensitive for NuGet/Packagist/Hex/Pub, exact otherwise
(Go module paths, npm and crates.io names are case-sensitive as written in lockfiles).
"""

from __future__ import annotations

from packaging.utils import canonicalize_name

_CASE_INSENSITIVE = frozenset({"NuGet", "Packagist", "Hex", "Pub"})

#: OSV ecosystem names for purl types (packageurl "type" -> OSV ecosystem).
PURL_TYPES = {
    "PyPI": "pypi",
    "npm": "npm",
    "Go": "golang",
    "crates.io": "cargo",
    "Maven": "maven",
    "NuGet": "nuget",
    "RubyGems": "gem",
    "Packagist": "composer",
}


def base_ecosystem(ecosystem: str) -> str:
    """``Debian:12`` -> ``Debian``; OSV suffixes a release after a colon."""
    return ecosystem.split(":", 1)[0]


def canonical_name(ecosystem: str, name: str) -> str:
    eco = base_ecosystem(ecosystem)
    if eco == "PyPI":
        return str(canonicalize_name(name))
    if eco in _CASE_INSENSITIVE:
        return name.lower()
    return name
