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

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sarif_om

from shiftleft import config, paths
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.dependencies import INVENTORY_OPTIONS, dependency_inputs, inventory_for, inventory_identity

if TYPE_CHECKING:
    from cyclonedx.model.bom import Bom

    from shiftleft.inventory.model import Inventory

SBOM_FILENAME = "sbom.cdx.json"
#: the largest SBOM the result cache keeps with its run (a larger one is made afresh): the
#: stored text goes through the scan's redactor, detectors on every distinct line, on the
#: cold scan that stores it (~1.3 s per MiB measured on 2 cores), where a hit saves the
#: ~0.7 s of starting a worker process
MAX_CACHED_SBOM_BYTES = 512 * 1024


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
    #: a hit writes the stored SBOM again, with a serial number and timestamp of its own
    #: (a warm scan then starts no worker process: ~0.7 s)
    cacheable = True
    writes_artifact = True
    options_outside_key = frozenset({"output_dir"})
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

    def inputs(self, ctx: ScanContext) -> list[str]:
        return dependency_inputs(ctx)

    def cache_identity(self, ctx: ScanContext) -> dict[str, Any] | None:
        return inventory_identity(ctx)

    def artifact_text(self, run: sarif_om.Run) -> str | None:
        artifact = _artifact(run)
        path = artifact.get("path") if artifact is not None else None
        if not (isinstance(path, str) and path):
            return None
        try:
            data, _st = paths.read_bounded(Path(path), MAX_CACHED_SBOM_BYTES)
            return data.decode("utf-8")
        except (OSError, UnicodeDecodeError):  # FileRefused (a link, too large) is an OSError
            return None

    def restore_artifact(self, run: sarif_om.Run, ctx: ScanContext, text: str) -> bool:
        renewed, artifact = renew_sbom(text), _artifact(run)
        if renewed is None or artifact is None:
            return False
        path = Path(ctx.options.get("output_dir") or ctx.workdir) / SBOM_FILENAME  # this scan's, not the entry's
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(renewed, encoding="utf-8")
        except OSError:
            return False
        artifact["path"] = str(path)
        return True

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


def _artifact(run: sarif_om.Run) -> dict[str, Any] | None:
    """The one artifact a run recorded (``run.properties.shiftleft.artifacts``: the SBOM)."""
    props = run.properties.get("shiftleft") if isinstance(run.properties, dict) else None
    artifacts = props.get("artifacts") if isinstance(props, dict) else None
    if isinstance(artifacts, list) and len(artifacts) == 1 and isinstance(artifacts[0], dict):
        return artifacts[0]
    return None


def renew_sbom(text: str) -> str | None:
    """A stored SBOM as a new one: the same document with a serial number and timestamp of
    its own (CycloneDX: every BOM generated has a unique serial number, even when its
    content did not change). Replaced in the text, so the rest stays byte for byte what
    the library wrote; None when the text is not such an SBOM (one serial number, one
    metadata timestamp)."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None
    serial = doc.get("serialNumber") if isinstance(doc, dict) else None
    metadata = doc.get("metadata") if isinstance(doc, dict) else None
    stamp = metadata.get("timestamp") if isinstance(metadata, dict) else None
    if not (isinstance(serial, str) and isinstance(stamp, str)):
        return None
    old_serial, old_stamp = f'"serialNumber": {json.dumps(serial)}', f'"timestamp": {json.dumps(stamp)}'
    if text.count(old_serial) != 1 or text.count(old_stamp) != 1:
        return None
    new_serial = f'"serialNumber": {json.dumps(uuid.uuid4().urn)}'
    new_stamp = f'"timestamp": {json.dumps(datetime.now(UTC).isoformat())}'
    return text.replace(old_serial, new_serial).replace(old_stamp, new_stamp)
