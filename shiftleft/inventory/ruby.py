"""Bundler ``Gemfile.lock`` / ``gems.locked``: the gems of every ``GEM`` section's specs.

A spec line is ``    name (version)`` at four spaces (its own dependencies follow at six).
A platform-specific gem (``nokogiri (1.15.4-x86_64-linux)``) is the version before the
platform. Gems from ``GIT`` sections are not registry releases (not assessed); ``PATH``
gems are local code (the project's own gemspec at ``remote: .`` is left out, others are not
assessed). Bundler 2.5+ writes a ``CHECKSUMS`` section (``name (version) sha256=...``):
those hashes go to the SBOM.
"""

from __future__ import annotations

import re

from shiftleft.inventory import hashes
from shiftleft.inventory.model import Package, ParseResult, Unassessed
from shiftleft.inventory.text import ManifestError

ECO = "RubyGems"
_SECTION = re.compile(r"^([A-Z][A-Z ]*)$")
_SPEC = re.compile(r"^    ([^\s(]+) \(([^)\s]+)\)$")
_REMOTE = re.compile(r"^  remote: (.*)$")
_CHECKSUM = re.compile(r"^  ([^\s(]+) \(([^)\s]+)\)((?: [a-z0-9]+=[0-9a-fA-F]+)+)$")


def _version(raw: str) -> str:
    """``1.15.4-x86_64-linux`` -> ``1.15.4`` (a gem version never contains ``-``)."""
    return raw.split("-", 1)[0]


def parse_gemfile_lock(manifest: str, text: str) -> ParseResult:
    section = ""
    remote = ""
    found: list[tuple[str, str, str, str, int]] = []  # section, remote, name, raw version, line
    sums: dict[tuple[str, str], list[hashes.Hash]] = {}
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        head = _SECTION.match(line)
        if head:
            section, remote = head.group(1), ""
            continue
        if section in ("GEM", "GIT", "PATH"):
            m = _REMOTE.match(line)
            if m:
                remote = m.group(1).strip()
                continue
            m = _SPEC.match(line)
            if m:
                found.append((section, remote, m.group(1), m.group(2), i))
        elif section == "CHECKSUMS":
            m = _CHECKSUM.match(line)
            if m:
                got = [hashes.from_prefixed(part) for part in m.group(3).split()]
                sums[(m.group(1), m.group(2))] = [h for h in got if h is not None]
    if not found and text.strip() and "GEM" not in text and "PATH" not in text and "GIT" not in text:
        raise ManifestError("no GEM, GIT or PATH section: not a Gemfile.lock")
    packages: list[Package] = []
    unassessed: list[Unassessed] = []
    seen: set[tuple[str, str]] = set()
    for section, remote, name, raw_version, lineno in found:
        version = _version(raw_version)
        if (name, version) in seen:
            continue  # one gem for several platforms
        seen.add((name, version))
        if section == "GIT":
            why = f"git source {remote[:80]}: not a registry release"
            unassessed.append(Unassessed(name, version, ECO, manifest, lineno, why))
        elif section == "PATH":
            if remote not in (".", "./"):
                why = f"local path {remote[:80]}: not a registry release"
                unassessed.append(Unassessed(name, version, ECO, manifest, lineno, why))
        else:
            pinned = hashes.unique(sums.get((name, raw_version), ()))
            packages.append(Package.create(name, version, ECO, manifest, lineno, hashes=pinned))
    return ParseResult(tuple(packages), tuple(unassessed))
