"""Container image adapter (test stage): inventory, configuration checks, and OSV
matching of the built image.

Input: ``--image REF`` (exported through the Docker API — Docker, or Podman's service —
to a tarball in the workdir) or ``--image-archive FILE`` (docker-save tarball, OCI layout
directory or tarball). The archive is always read first by our own hostile-input-safe
reader (``shiftleft.image``); syft, when installed, then catalogs the accepted archive
for a richer inventory (RPM, Go, Java).

Locations: GitHub code scanning requires a physical location, but an image finding has
no source line. The result is placed on the target's root ``Dockerfile`` (or
``Containerfile``) when there is one, line 1; otherwise on the stable pseudo-path
``image/<name>`` (the image's first tag with ``/`` and ``:`` made ``_``). The real
position is in ``logicalLocations``: the image (kind ``module``), the layer (kind
``namespace``, digest and index) and the package (kind ``resource``, its purl).

Options read from ``ctx.options``: ``db`` (advisory database path, the osv adapter's
key; ``advisory_db`` is accepted too; else ``$SHIFTLEFT_DB`` or the default location),
``pull`` (bool, pull a missing image when online), ``syft`` (bool, default true).

Limits: one :class:`shiftleft.image.safety.Limits` (``LIMITS``) bounds the engine export,
the archive, its layers and the inventory; a limit that trips fails the run with the
reason (not assessed), never a partial inventory reported clean.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import sarif_om

from shiftleft import config, tools
from shiftleft.image.safety import ImageError, Limits
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner

if TYPE_CHECKING:  # the image engine and the advisory matching are imported by a run, not by the registry
    from shiftleft.image.config_checks import ConfigFinding
    from shiftleft.image.inventory import Inventory, Package
    from shiftleft.image.reader import ImageReport
    from shiftleft.image.vulns import ImageVuln, Unchecked

#: the reader's limits for every image this adapter reads (documented in
#: docs/test-deploy-stages.md); not configurable from the scanned repository
LIMITS = Limits()
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def image_name(report: ImageReport) -> str:
    return report.manifest.repo_tags[0] if report.manifest.repo_tags else report.archive.name


def pseudo_path(name: str) -> str:
    """``image/<name>``: the stable physical location of image findings without a Dockerfile."""
    return "image/" + (_UNSAFE.sub("_", name).strip("_") or "unnamed")


def physical_uri(target: ScanTarget, name: str) -> str:
    for candidate in ("Dockerfile", "Containerfile"):
        if candidate in target.files:
            return candidate
    return pseudo_path(name)


def _logical(
    image: str, layer: tuple[int, str] | None = None, package: str | None = None
) -> list[sarif_om.LogicalLocation]:
    out = [sarif_om.LogicalLocation(fully_qualified_name=image, name=image, kind="module")]
    if layer is not None:
        index, digest = layer
        out.append(
            sarif_om.LogicalLocation(
                fully_qualified_name=f"{image}//layer/{index}",
                name=digest,
                kind="namespace",
                properties={"layerIndex": index, "layerDigest": digest},
            )
        )
    if package is not None:
        out.append(sarif_om.LogicalLocation(fully_qualified_name=package, name=package, kind="resource"))
    return out


def _location(uri: str, logical: list[sarif_om.LogicalLocation]) -> sarif_om.Location:
    loc = build.location(uri, 1)
    loc.logical_locations = logical
    return loc


def _fingerprint(*parts: str) -> dict[str, str]:
    return {"imageFinding/v1": hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]}


def config_rule(rule_id: str) -> sarif_om.ReportingDescriptor:
    from shiftleft.image.config_checks import RULES

    r = RULES[rule_id]
    cis = [f"CIS Docker Benchmark {c}" for c in r.cis]
    return build.rule(
        r.id,
        name=r.name,
        short=r.short,
        full=r.short + (f" ({', '.join(cis)})" if cis else ""),
        help_text=r.help,
        properties={"cis": list(r.cis), "cwe": list(r.cwe), "tags": ["security", "container"]},
    )


def config_result(f: ConfigFinding, uri: str, image: str) -> sarif_om.Result:
    from shiftleft.image.config_checks import RULES

    res = build.result(
        f.rule,
        f.message,
        [_location(uri, _logical(image))],
        level=RULES[f.rule].level,
        properties={"cis": list(RULES[f.rule].cis), "image": image, "configPath": f.where},
    )
    if "CWE-798" in RULES[f.rule].cwe:
        # a secret baked into the image counts for the gate's secrets rule like a committed one
        res.properties["secretType"] = f.message.split("(", 1)[-1].split(")", 1)[0]
    res.partial_fingerprints = _fingerprint(image, f.rule, f.where)
    return res


def vuln_rule(v: ImageVuln) -> sarif_om.ReportingDescriptor:
    from shiftleft.scanners.dependencies import advisory_rule

    return advisory_rule(v.match, v.package.name, "container")


def vuln_result(v: ImageVuln, report: ImageReport, uri: str, image: str) -> sarif_om.Result:
    from shiftleft.scanners.dependencies import advisory_properties, fix_text

    m, p = v.match, v.package
    purl = p.purl(report.inventory.distro)
    layer = report.manifest.layers[p.layer] if p.layer is not None and p.layer < len(report.manifest.layers) else None
    where = f", layer {layer.index}" if layer else ""
    fix = fix_text(m.fixed)
    also = f" ({', '.join(m.aliases)})" if m.aliases else ""
    text = f"{p.name} {p.version} ({p.type}{where}) in {image} is affected by {m.id}{also}. Fix: {fix}."
    props = advisory_properties(m, p.name, p.version, v.ecosystem, purl)
    props.update({"path": p.path, "image": image})
    if layer:
        props["layerDigest"] = layer.digest
    loc = _location(uri, _logical(image, (layer.index, layer.digest) if layer else None, purl))
    res = build.result(m.id, text, [loc], level="warning", properties=props)
    res.partial_fingerprints = _fingerprint(image, p.type, p.name, p.version, m.id)
    return res


def _not_assessed(items: list[Unchecked]) -> tuple[list[dict[str, str]], list[sarif_om.Notification]]:
    """One notification per distinct reason (an image has hundreds of packages), and the
    full per-package list in properties."""
    by_reason: dict[str, list[Unchecked]] = {}
    for u in items:
        by_reason.setdefault(u.reason, []).append(u)
    notes = []
    for reason, group in by_reason.items():
        names = ", ".join(f"{u.package.name} {u.package.version}" for u in group[:5])
        more = f" and {len(group) - 5} more" if len(group) > 5 else ""
        notes.append(
            build.notification(
                f"not assessed: {len(group)} package(s) ({names}{more}): {reason}", "warning", build.NOT_ASSESSED
            )
        )
    return [u.as_dict() for u in items], notes


def attribute_layers(packages: tuple[Package, ...], own: Inventory) -> tuple[Package, ...]:
    """syft attributes a dpkg/apk package to the last layer that rewrote the database;
    our reader knows the layer that first listed that version: prefer ours."""
    layers = {(p.type, p.name, p.version): p.layer for p in own.packages}
    out = []
    for p in packages:
        layer = layers.get((p.type, p.name, p.version), p.layer)
        out.append(dataclasses.replace(p, layer=layer) if layer != p.layer else p)
    return tuple(out)


class ContainerImage(Scanner):
    """The built image: what is in it, how it is configured, which known vulnerabilities
    its packages have."""

    name: ClassVar[str] = "container"
    information_uri: ClassVar[str | None] = build.SHIFTLEFT_URI
    category: ClassVar[str] = "container"
    stages: ClassVar[tuple[str, ...]] = ("test",)
    description: ClassVar[str] = "image inventory (own reader + syft), OSV matching, CIS Docker configuration checks"
    severity_map: ClassVar[str | None] = "container"
    worker_process: ClassVar[bool] = True  # pure Python: bounded by a killable worker process
    #: an image named by reference is whatever the daemon holds now: not cached
    cacheable: ClassVar[bool] = False
    startup_seconds: ClassVar[float] = 3.0  # an image's size is not known before it is read
    seconds_per_mib: ClassVar[float] = 0.0
    needs: ClassVar[frozenset[str]] = frozenset({"advisory_db"})
    options: ClassVar[dict[str, Any] | None] = {
        "db": config.text,
        "advisory_db": config.text,
        "pull": config.boolean,
        "syft": config.boolean,
    }

    def health(self) -> str | None:
        return None  # pure Python; syft and the engine are optional and reported per run

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        """An advisory's own or derived word (``dependencies.database_severity``), else the level."""
        from shiftleft.scanners.dependencies import database_severity

        return database_severity(result) or super().native_severity(result, rule)

    def version(self) -> str | None:
        from shiftleft import __version__

        return __version__

    def applies(self, target: ScanTarget) -> str | None:
        if target.image is None and target.image_archive is None:
            return "no image given (--image REF or --image-archive FILE)"
        return None

    def _archive(self, ctx: ScanContext) -> Path:
        from shiftleft.image.export import export_image

        target = ctx.target
        if target.image_archive is not None:
            return target.image_archive
        assert target.image is not None
        dest = ctx.workdir / "image.tar"
        pull = bool(ctx.options.get("pull", False)) and not ctx.offline
        return export_image(target.image, dest, timeout=ctx.timeout, pull=pull, limits=LIMITS)

    def _inventory(self, ctx: ScanContext, report: ImageReport) -> tuple[Inventory, list[sarif_om.Notification], str]:
        from shiftleft.image.inventory import Inventory
        from shiftleft.image.syft import syft_inventory

        notes: list[sarif_om.Notification] = []
        if ctx.options.get("syft", True) and tools.find_tool("syft"):
            try:
                inv = syft_inventory(
                    report.readable or report.archive,
                    report.manifest,
                    timeout=ctx.timeout,
                    workdir=ctx.workdir,
                    limits=LIMITS,
                )
                distro = inv.distro or report.inventory.distro
                return Inventory(distro, attribute_layers(inv.packages, report.inventory)), notes, "syft"
            except ToolError as exc:
                notes.append(build.notification(f"syft failed, using shiftleft's own reader: {exc}", "warning"))
        return report.inventory, notes, "shiftleft"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        from shiftleft.image.config_checks import MAX_SECRET_BYTES, MAX_SECRET_STRINGS, check_config_bounded
        from shiftleft.image.inventory import Package
        from shiftleft.image.reader import read_image
        from shiftleft.image.vulns import Unchecked, match_inventory
        from shiftleft.scanners.dependencies import try_open_database

        try:
            report = read_image(self._archive(ctx), LIMITS, workdir=ctx.workdir)
        except ImageError as exc:
            raise ToolError(f"the image could not be read: {exc}") from exc
        image = image_name(report)
        uri = physical_uri(ctx.target, image)
        inventory, notes, reader = self._inventory(ctx, report)
        store, problem = try_open_database(ctx, nonempty=False)
        try:
            vulns, unchecked = match_inventory(inventory, store, problem)
        finally:
            if store is not None:
                store.close()
        unchecked += [
            Unchecked(
                Package(db, "", "rpm", db, None),
                "RPM database found but syft is not installed: run `shiftleft tools install syft`",
            )
            for db in inventory.unread
        ]
        unchecked += [
            Unchecked(
                Package(path, "", "pypi" if path.endswith(("METADATA", "PKG-INFO")) else "npm", path, None),
                "package metadata file could not be parsed (no name and version)",
            )
            for path in report.inventory.unparsed
        ]
        findings, unchecked_strings = check_config_bounded(report.manifest.config, report.manifest.repo_tags,
                                                           ctx.workdir)  # fmt: skip
        if unchecked_strings:  # past the secrets engine's budget: not assessed, never clean
            unchecked.append(Unchecked(
                Package("image config", "", "config", "config", None),
                f"{unchecked_strings} ENV/label/history string(s) past the first {MAX_SECRET_STRINGS} "
                f"({MAX_SECRET_BYTES // (1024 * 1024)} MiB) not checked for secrets",
            ))  # fmt: skip
        rules: dict[str, sarif_om.ReportingDescriptor] = {}
        results: list[sarif_om.Result] = []
        for f in findings:
            rules.setdefault(f.rule, config_rule(f.rule))
            results.append(config_result(f, uri, image))
        for v in sorted(vulns, key=lambda v: (v.package.type, v.package.name, v.match.id)):
            rules.setdefault(v.match.id, vuln_rule(v))
            results.append(vuln_result(v, report, uri, image))
        not_assessed, na_notes = _not_assessed(unchecked)
        skipped = [{"layer": s.layer, "path": s.path, "reason": s.reason} for s in report.skipped]
        if skipped:
            notes.append(
                build.notification(
                    f"{report.skipped_count} archive member(s) refused by the safety checks "
                    f"(first: {skipped[0]['path']}: {skipped[0]['reason']})",
                    "warning",
                )
            )
        run = build.run(
            "shiftleft-container",
            version=self.version(),
            information_uri=build.SHIFTLEFT_URI,
            rules=rules.values(),
            results=results,
            notifications=notes + na_notes,
        )
        distro = inventory.distro
        run.properties = {
            "shiftleft": {
                "scanner": self.name,
                "image": image,
                "layout": report.manifest.layout,
                "layers": [{"index": layer.index, "digest": layer.digest} for layer in report.manifest.layers],
                "distro": {"id": distro.id, "versionId": distro.version_id} if distro else None,
                "inventoryReader": reader,
                "packages": len(inventory.packages),
                "notAssessed": not_assessed,
                "skippedMembers": skipped[:100],
            }
        }
        if store is None:
            # the configuration findings stand, but no package was checked for known
            # vulnerabilities: the run failed, as the osv scanner's does without a database
            run.invocations[0].execution_successful = False
            reason = f"vulnerabilities not assessed: {problem}"
            run.properties["shiftleft"].update({"status": "failed", "reason": reason})
        return run
