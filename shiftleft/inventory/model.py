"""What the inventory knows about a target's dependencies: frozen values, no behaviour.

Three outcomes per declared dependency, each its own type (pip-audit's
Resolved/SkippedDependency idea): a ``Package`` with an exact version that can be checked;
an ``Unassessed`` declaration that cannot be checked, with the reason; and a file-level
``Issue`` for a manifest that could not be read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from packageurl import PackageURL

from shiftleft.advisories.names import PURL_TYPES, canonical_name


def make_purl(ecosystem: str, name: str, version: str | None) -> str:
    """The package URL (purl spec) of a package, built with packageurl-python."""
    ptype = PURL_TYPES.get(ecosystem, ecosystem.lower())
    namespace: str | None = None
    pname = name
    if ptype == "pypi":
        pname = canonical_name("PyPI", name)
    elif ptype == "npm" and name.startswith("@") and "/" in name:
        namespace, pname = name.split("/", 1)
    elif ptype == "golang" and "/" in name:
        namespace, pname = name.rsplit("/", 1)
    elif ptype == "maven" and ":" in name:
        namespace, pname = name.split(":", 1)
    elif ptype == "composer" and "/" in name:
        namespace, pname = name.split("/", 1)
    return str(PackageURL(type=ptype, namespace=namespace, name=pname, version=version).to_string())


@dataclass(frozen=True)
class Package:
    """A dependency at one exact version, declared at ``manifest``:``line`` (1-based)."""

    name: str
    version: str
    ecosystem: str
    purl: str
    manifest: str
    line: int
    #: licenses the lockfile/manifest states for this package (SPDX ids, expressions or names)
    licenses: tuple[str, ...] = ()
    #: (CycloneDX algorithm name, lower-case hex digest) the lockfile pins: of the artifact, or
    #: of each distribution file it accepts (poetry.lock, pylock.toml, ``--hash`` options)
    hashes: tuple[tuple[str, str], ...] = ()
    #: a dependency scope the manifest states when it is not the runtime one (``test``,
    #: ``provided``, ``dev``...); None for runtime or unknown
    scope: str | None = None

    @classmethod
    def create(
        cls,
        name: str,
        version: str,
        ecosystem: str,
        manifest: str,
        line: int,
        *,
        licenses: tuple[str, ...] = (),
        hashes: tuple[tuple[str, str], ...] = (),
        scope: str | None = None,
    ) -> Package:
        purl = make_purl(ecosystem, name, version)
        return cls(name, version, ecosystem, purl, manifest, max(1, line), licenses, hashes, scope)


@dataclass(frozen=True)
class Unassessed:
    """A declared dependency that will not be checked, and why (unpinned, local path, VCS
    URL...). ``requirement`` keeps the original spec so a resolver can pin it later."""

    name: str
    version: str | None
    ecosystem: str
    manifest: str
    line: int
    reason: str
    requirement: str | None = None
    #: True when the only problem is a missing pin (``resolve: true`` can fix it)
    unpinned: bool = False


@dataclass(frozen=True)
class Issue:
    """A manifest that could not be used (garbage, merge conflict, too big)."""

    manifest: str
    message: str


@dataclass(frozen=True)
class ParseResult:
    packages: tuple[Package, ...] = ()
    unassessed: tuple[Unassessed, ...] = ()
    issues: tuple[Issue, ...] = ()
    #: licenses a manifest states for the project itself (pom.xml <licenses>, the root entry
    #: of package-lock.json): (manifest, license)
    project_licenses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Inventory:
    """Every dependency found in a target, across all manifests."""

    packages: tuple[Package, ...] = ()
    unassessed: tuple[Unassessed, ...] = ()
    issues: tuple[Issue, ...] = ()
    manifests: tuple[str, ...] = field(default=())
    project_licenses: tuple[tuple[str, str], ...] = ()

    def ecosystems(self) -> frozenset[str]:
        return frozenset(p.ecosystem for p in self.packages) | frozenset(u.ecosystem for u in self.unassessed)
