"""The CycloneDX document itself (cyclonedx-python-lib): an inventory as a Bom, written as
JSON. Imported by the SBOM scanner (``scanners.cyclonedx``) when it runs, so that a scan
which writes no SBOM (the pre-commit hook, the code stage) never loads the library."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cyclonedx.model import Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.bom_ref import BomRef
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.dependency import Dependable, Dependency
from cyclonedx.output.json import JsonV1Dot5, JsonV1Dot6
from packageurl import PackageURL

from shiftleft import __version__
from shiftleft.inventory.model import Inventory, make_purl
from shiftleft.sarif.redact import Redactor
from shiftleft.scanners import cyclonedx_fields

_OUTPUTTERS: dict[str, Any] = {"1.5": JsonV1Dot5, "1.6": JsonV1Dot6}


def _index_dependencies(bom: Bom) -> None:
    """Make ``bom.register_dependency`` find a ref's entry in a dict.

    cyclonedx-python-lib looks the entry up by scanning every entry of the graph, and its
    ``validate()`` (run by every outputter) registers each component once more: quadratic,
    4.5 minutes for 8,000 requirement lines. Same behaviour, linear: the lookup goes through
    an index of the entries registered so far (a BomRef hashes and compares by value)."""
    index: dict[BomRef, Dependency] = {d.ref: d for d in bom.dependencies}

    def register_dependency(target: Dependable, depends_on: Iterable[Dependable] | None = None) -> None:
        wanted = list(depends_on or ())
        entry = index.get(target.bom_ref)
        if entry is None:
            entry = index[target.bom_ref] = Dependency(ref=target.bom_ref)
            entry.dependencies.update(Dependency(ref=d.bom_ref) for d in wanted)
            bom.dependencies.add(entry)
        elif wanted:
            entry.dependencies.update(Dependency(ref=d.bom_ref) for d in wanted)
        for dependee in wanted:
            if dependee.bom_ref not in index:
                register_dependency(dependee)

    bom.register_dependency = register_dependency  # type: ignore[method-assign]


def make_bom(inv: Inventory, project: str) -> Bom:
    """A CycloneDX Bom of an inventory; components keyed (and bom-ref'd) by purl. The file is
    written before the scan's redaction, so its texts go through the redactor here: names
    as identifiers, notes as free text (credentials in URLs, what detect-secrets recognises)."""
    redactor = Redactor()
    bom = Bom()
    _index_dependencies(bom)
    root_licenses = [lic for manifest, lic in inv.project_licenses if "/" not in manifest]
    bom.metadata.component = Component(
        name=project,
        type=ComponentType.APPLICATION,
        bom_ref="project",
        licenses=cyclonedx_fields.licenses(root_licenses, redactor),
        properties=[
            Property(name="shiftleft:declaredLicense", value=redactor.text(f"{manifest}: {lic}"))
            for manifest, lic in inv.project_licenses
            if "/" in manifest
        ],
    )
    bom.metadata.tools.components.add(
        Component(name="shiftleft", version=__version__, type=ComponentType.APPLICATION, bom_ref="tool-shiftleft")
    )
    found: dict[str, tuple[str, str, str | None, set[str], str | None]] = {}
    stated: dict[str, tuple[list[str], list[tuple[str, str]], list[str | None]]] = {}
    for p in inv.packages:
        entry = found.setdefault(p.purl, (p.ecosystem, p.name, p.version, set(), None))
        entry[3].add(f"{p.manifest}:{p.line}")
        extra = stated.setdefault(p.purl, ([], [], []))
        extra[0].extend(p.licenses)
        extra[1].extend(p.hashes)
        extra[2].append(p.scope)
    for u in inv.unassessed:
        purl = make_purl(u.ecosystem, u.name, None) if u.name and " " not in u.name else None
        if purl is None or purl in found:
            continue
        found[purl] = (u.ecosystem, u.name, None, {f"{u.manifest}:{u.line}"}, u.reason)
    components: list[Component] = []
    for purl, (eco, name, version, where, why) in sorted(found.items()):
        props = [Property(name="shiftleft:manifest", value=redactor.identifier(w)) for w in sorted(where)]
        props.append(Property(name="shiftleft:ecosystem", value=eco))
        if why:
            props.append(Property(name="shiftleft:notAssessed", value=redactor.text(why)))
        lics, pins, scopes = stated.get(purl, ([], [], []))
        props += [Property(name="shiftleft:scope", value=s) for s in sorted({s for s in scopes if s})]
        components.append(
            Component(
                name=redactor.identifier(name),
                version=redactor.identifier(version) if version else version,
                type=ComponentType.LIBRARY,
                purl=PackageURL.from_string(purl),
                bom_ref=purl,
                properties=props,
                licenses=cyclonedx_fields.licenses(lics, redactor),
                hashes=cyclonedx_fields.hashes(pins),
                scope=cyclonedx_fields.scope(scopes),
            )
        )
        bom.components.add(components[-1])  # in purl order: each insertion appends
    # lockfiles do not all say which packages are direct: the graph is flat (every
    # component hangs off the project), which is complete if not deep. The components'
    # own (empty) entries go in first: every insertion into the sorted graph compares
    # with the largest entry, and the project's, holding every component, compares in O(n)
    for component in components:
        bom.register_dependency(component)
    bom.register_dependency(bom.metadata.component, components)
    return bom


def write_bom(bom: Bom, path: Path, spec_version: str = "1.6") -> Path:
    outputter = _OUTPUTTERS.get(spec_version)
    if outputter is None:
        raise ValueError(f"unsupported CycloneDX version {spec_version!r} (use 1.5 or 1.6)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(outputter(bom).output_as_string(indent=2), encoding="utf-8")
    return path
