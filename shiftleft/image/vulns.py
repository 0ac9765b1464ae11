"""Image packages matched against the offline OSV database (``shiftleft.advisories``).

The matching engine is the build stage's (``advisories.matching.match_package``); what
is image-specific lives here: which OSV ecosystem a package of an image belongs to (a
distro package belongs to its *release*: ``Debian:12``, ``Alpine:v3.19``), the name
advisories are keyed by (Debian and Alpine advisories name the *source* package), and
restricting distro advisories to the image's release, so a Debian 11 fix is never
applied to a Debian 12 package.

Anything that cannot be checked is a :class:`Unchecked` with the reason.

Linear in packages: the database is queried once per distinct (ecosystem, name) and a
version is matched once per distinct (ecosystem, name, version), so an image listing
one package thousands of times costs one evaluation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from shiftleft.advisories.errors import AdvisoryError
from shiftleft.advisories.matching import Match, PackageReport, match_package
from shiftleft.advisories.model import Advisory
from shiftleft.advisories.names import base_ecosystem
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.image.inventory import Distro, Inventory, Package

_LANGUAGE_ECOSYSTEMS = {
    "pypi": "PyPI",
    "npm": "npm",
    "golang": "Go",
    "cargo": "crates.io",
    "maven": "Maven",
    "gem": "RubyGems",
}
_DISTRO_TYPES = frozenset({"deb", "apk", "rpm"})


@dataclass(frozen=True)
class ImageVuln:
    package: Package
    ecosystem: str
    match: Match


@dataclass(frozen=True)
class Unchecked:
    """A package not checked against advisories, and why."""

    package: Package
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "package": self.package.name,
            "version": self.package.version,
            "type": self.package.type,
            "path": self.package.path,
            "reason": self.reason,
        }


def osv_ecosystem(package: Package, distro: Distro | None) -> str | None:
    if package.type in _DISTRO_TYPES:
        return distro.osv_ecosystem if distro else None
    return _LANGUAGE_ECOSYSTEMS.get(package.type)


def _release_only(advisories: list[Advisory], ecosystem: str) -> list[Advisory]:
    """Keep only the affected entries of this distro release (``Debian:12``)."""
    out = []
    for adv in advisories:
        entries = tuple(a for a in adv.affected if a.ecosystem == ecosystem)
        if entries:
            out.append(dataclasses.replace(adv, affected=entries))
    return out


def match_inventory(
    inventory: Inventory, store: AdvisoryStore | None, store_problem: str = ""
) -> tuple[list[ImageVuln], list[Unchecked]]:
    """Every package matched, or listed as unchecked with the reason."""
    found: list[ImageVuln] = []
    unchecked: list[Unchecked] = []
    available = store.ecosystems() if store is not None else frozenset()
    candidates: dict[tuple[str, str], list[Advisory] | str] = {}
    reports: dict[tuple[str, str, str], PackageReport | str] = {}
    for pkg in inventory.packages:
        eco = osv_ecosystem(pkg, inventory.distro)
        if eco is None:
            distro = f"{inventory.distro.id} {inventory.distro.version_id}" if inventory.distro else "an unknown distro"
            why = (
                f"OSV has no advisory ecosystem for {pkg.type} packages of {distro}"
                if pkg.type in _DISTRO_TYPES
                else f"no advisory ecosystem for {pkg.type} packages"
            )
            unchecked.append(Unchecked(pkg, why))
            continue
        if store is None:
            unchecked.append(Unchecked(pkg, store_problem or "no advisory database"))
            continue
        base = base_ecosystem(eco)
        if base not in available:
            unchecked.append(Unchecked(pkg, f"no {base} advisories in the database: run `shiftleft db import`"))
            continue
        name = pkg.source_name or pkg.name if pkg.type in _DISTRO_TYPES else pkg.name
        key = (eco, name, pkg.version)
        outcome = reports.get(key)
        if outcome is None:
            outcome = reports[key] = _match(store, candidates, base, eco, name, pkg)
        if isinstance(outcome, str):
            unchecked.append(Unchecked(pkg, outcome))
            continue
        if outcome.not_assessed:
            unchecked.append(Unchecked(pkg, "could not evaluate " + "; ".join(outcome.not_assessed)))
        found += [ImageVuln(pkg, eco, m) for m in outcome.matches]
    return found, unchecked


def _match(
    store: AdvisoryStore,
    candidates: dict[tuple[str, str], list[Advisory] | str],
    base: str,
    eco: str,
    name: str,
    pkg: Package,
) -> PackageReport | str:
    """One package version's report, or why it could not be evaluated; the advisories of
    each (ecosystem, name) are fetched once into ``candidates``."""
    advisories = candidates.get((eco, name))
    if advisories is None:
        try:
            advisories = store.advisories_for(base, name)
            if pkg.type in _DISTRO_TYPES:
                advisories = _release_only(advisories, eco)
        except AdvisoryError as exc:
            advisories = f"could not evaluate: {exc}"
        candidates[(eco, name)] = advisories
    if isinstance(advisories, str):
        return advisories
    try:
        return match_package(advisories, eco, name, pkg.version)
    except AdvisoryError as exc:
        return f"could not evaluate: {exc}"
