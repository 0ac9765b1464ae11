"""Audit an inventory against the local advisory database.

Each distinct (ecosystem, package, version) is matched once, however many manifests
declare it: the result is one finding per (package, version, vulnerability), located at
every declaring line. Whatever cannot be checked is returned as ``NotAssessed`` with the
reason - an ecosystem with no imported advisories, a version the ecosystem's scheme
cannot order, an advisory with only GIT ranges - so it can never read as clean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shiftleft.advisories.errors import UnknownVersionScheme
from shiftleft.advisories.names import base_ecosystem, canonical_name
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.inventory.model import Package, Unassessed

if TYPE_CHECKING:  # matching (univers) is imported by an audit, not by the scanners' registry
    from shiftleft.advisories.matching import Match


@dataclass(frozen=True)
class VulnerablePackage:
    """One vulnerability in one package version, as the matcher found it (the SARIF result
    made from it becomes a ``model.Finding``); ``declarations`` are every manifest line
    declaring that version (the first is the primary location)."""

    match: Match
    package: Package
    declarations: tuple[Package, ...]


@dataclass(frozen=True)
class NotAssessed:
    """A package (or manifest) that was not checked, and why."""

    package: str
    version: str | None
    ecosystem: str
    manifest: str
    line: int
    reason: str

    @classmethod
    def from_unassessed(cls, u: Unassessed) -> NotAssessed:
        return cls(u.name, u.version, u.ecosystem, u.manifest, u.line, u.reason)

    def as_dict(self) -> dict[str, object]:
        return {
            "package": self.package,
            "version": self.version,
            "ecosystem": self.ecosystem,
            "manifest": self.manifest,
            "line": self.line,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class AuditResult:
    findings: tuple[VulnerablePackage, ...]
    not_assessed: tuple[NotAssessed, ...]
    checked: int


def group_packages(packages: Iterable[Package]) -> dict[tuple[str, str, str], list[Package]]:
    """Declarations grouped by (ecosystem, canonical name, version), in file order."""
    groups: dict[tuple[str, str, str], list[Package]] = {}
    for pkg in sorted(packages, key=lambda p: (p.manifest, p.line)):
        groups.setdefault((pkg.ecosystem, canonical_name(pkg.ecosystem, pkg.name), pkg.version), []).append(pkg)
    return groups


def audit(packages: Iterable[Package], store: AdvisoryStore) -> AuditResult:
    from shiftleft.advisories.matching import match_package

    available = store.ecosystems()
    findings: list[VulnerablePackage] = []
    unknown: list[NotAssessed] = []
    checked = 0
    for (eco, _name, version), decls in group_packages(packages).items():
        first = decls[0]
        if base_ecosystem(eco) not in available:
            reason = (
                f"no {eco} advisories in the database: "
                f"run `shiftleft db import` or `shiftleft db update --ecosystem {eco}`"
            )
            unknown += [NotAssessed(d.name, d.version, eco, d.manifest, d.line, reason) for d in decls]
            continue
        try:
            report = match_package(store.advisories_for(eco, first.name), eco, first.name, version)
        except UnknownVersionScheme as exc:
            unknown += [
                NotAssessed(d.name, d.version, eco, d.manifest, d.line, f"unknown version scheme: {exc}") for d in decls
            ]
            continue
        checked += 1
        if report.not_assessed:
            reason = "could not evaluate " + "; ".join(report.not_assessed)
            unknown.append(NotAssessed(first.name, version, eco, first.manifest, first.line, reason))
        findings += [VulnerablePackage(m, first, tuple(decls)) for m in report.matches]
    return AuditResult(tuple(findings), tuple(unknown), checked)
