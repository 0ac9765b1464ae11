"""CycloneDX SBOM of the target's dependency inventory (cyclonedx-python-lib).

The SBOM is an artifact, not a finding list: the run has no results and records the file
in ``run.properties.shiftleft.artifacts``. It lists exactly what the build-stage
inventory found (the same parsers the osv and pip-audit adapters use), one component per
purl, with every declaring manifest as a property. Declarations that could not be pinned
appear without a version and with a ``shiftleft:notAssessed`` property, so the SBOM does
not silently omit them. Output: CycloneDX 1.6 JSON (``spec_version`` option: 1.5 or 1.6),
written to ``ctx.options["output_dir"]`` or the scan's workdir.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sarif_om

from shiftleft import config
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.dependencies import INVENTORY_OPTIONS, inventory_for

if TYPE_CHECKING:
    from cyclonedx.model.bom import Bom

    from shiftleft.inventory.model import Inventory

SBOM_FILENAME = "sbom.cdx.json"


def make_bom(inv: Inventory, project: str) -> Bom:
    """``cyclonedx_bom.make_bom`` (the library is imported when an SBOM is made)."""
    from shiftleft.scanners import cyclonedx_bom

    return cyclonedx_bom.make_bom(inv, project)


def write_bom(bom: Bom, path: Path, spec_version: str = "1.6") -> Path:
    """``cyclonedx_bom.write_bom``."""
    from shiftleft.scanners import cyclonedx_bom

    return cyclonedx_bom.write_bom(bom, path, spec_version)


class CycloneDxSbom(Scanner):
    name = "cyclonedx"
    information_uri = "https://cyclonedx.org"
    category = "sbom"
    stages = ("build",)
    description = "CycloneDX JSON SBOM of the dependency inventory"
    worker_process = True  # pure Python: bounded by a killable worker process
    required = False
    needs = frozenset({"output_dir"})
    cacheable = False  # its run writes the SBOM file: a cache hit would not
    startup_seconds = 0.3
    seconds_per_mib = 0.0  # it reads the manifests its inputs name, whatever their size
    options = {
        **INVENTORY_OPTIONS,
        "output_dir": config.text,
        "spec_version": config.one_of(("1.5", "1.6")),
    }

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        try:
            from importlib.metadata import version

            return version("cyclonedx-python-lib")
        except Exception:  # noqa: BLE001
            return None

    def applies(self, target: ScanTarget) -> str | None:
        from shiftleft.inventory.collect import manifests  # imported by a scan that may need it

        return None if manifests(target.files) else "no dependency manifest or lockfile"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        inv = inventory_for(ctx)
        out_dir = Path(ctx.options.get("output_dir") or ctx.workdir)
        spec = str(ctx.options.get("spec_version", "1.6"))
        path = write_bom(make_bom(inv, ctx.target.root.name or "project"), out_dir / SBOM_FILENAME, spec)
        notes = [
            build.notification(f"manifest skipped: {i.manifest}: {i.message}", "warning", build.NOT_ASSESSED)
            for i in inv.issues
        ]
        run = build.run(self.name, version=self.version(), notifications=notes, information_uri="https://cyclonedx.org")
        run.properties = {
            "shiftleft": {
                "artifacts": [{"kind": "sbom", "format": f"CycloneDX {spec} JSON", "path": str(path)}],
                "components": len({p.purl for p in inv.packages}),
                "manifests": list(inv.manifests),
            }
        }
        build.record_not_assessed(run, ({"subject": i.manifest, "reason": i.message} for i in inv.issues))
        return run
