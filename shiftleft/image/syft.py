"""Inventory by syft, when it is installed: it reads RPM databases, Go binaries, Java
archives and more than our own reader, fully offline on a docker-archive or OCI layout.

syft only ever sees an archive that :func:`shiftleft.image.reader.read_image` has
already accepted (paths, links, device files, size limits), and it squashes layers with
whiteouts itself (its default "squashed" scope), like our reader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shiftleft import tools
from shiftleft.image.archive import ImageManifest
from shiftleft.image.inventory import Distro, Inventory, Package
from shiftleft.scanners.base import ToolError, run_tool

#: syft artifact type -> purl type used in our Package
_TYPES = {
    "deb": "deb",
    "apk": "apk",
    "rpm": "rpm",
    "python": "pypi",
    "npm": "npm",
    "go-module": "golang",
    "java-archive": "maven",
    "gem": "gem",
    "rust-crate": "cargo",
    "binary": "generic",
}


def syft_source(archive: Path, manifest: ImageManifest) -> str:
    """syft's source scheme for the archive: an OCI layout directory or tarball, or a
    docker-archive."""
    if manifest.layout == "oci":
        return f"oci-dir:{archive}" if archive.is_dir() else f"oci-archive:{archive}"
    return f"docker-archive:{archive}"


def syft_inventory(archive: Path, manifest: ImageManifest, *, timeout: float, workdir: Path) -> Inventory:
    exe = tools.find_tool("syft")
    if exe is None:
        raise ToolError("syft is not installed: run `shiftleft tools install syft`", "missing")
    env = {"SYFT_CHECK_FOR_APP_UPDATE": "false", "TMPDIR": str(workdir)}
    out = run_tool(
        [exe, "scan", syft_source(archive, manifest), "-o", "syft-json", "-q"], timeout=timeout, env=env, cwd=workdir
    )
    try:
        data = json.loads(out.stdout)
    except ValueError as exc:
        raise ToolError(f"syft printed something that is not JSON: {exc}") from exc
    return parse_syft(data, manifest)


def parse_syft(data: Any, manifest: ImageManifest) -> Inventory:
    if not isinstance(data, dict):
        raise ToolError("syft's JSON is not an object")
    layer_index = {layer.digest: layer.index for layer in manifest.layers}
    packages: list[Package] = []
    for art in data.get("artifacts") or []:
        if not isinstance(art, dict) or not art.get("name") or not art.get("version"):
            continue
        kind = _TYPES.get(str(art.get("type")), str(art.get("type") or "generic"))
        locations = [loc for loc in art.get("locations") or [] if isinstance(loc, dict)]
        path = str(locations[0].get("path", "")).lstrip("/") if locations else ""
        layer = layer_index.get(str(locations[0].get("layerID", ""))) if locations else None
        meta = art.get("metadata") if isinstance(art.get("metadata"), dict) else {}
        source = ""
        if isinstance(meta, dict):
            source = str(meta.get("source") or meta.get("originPackage") or meta.get("sourceRpm") or "")
        packages.append(
            Package(str(art["name"]), str(art["version"]), kind, path, layer, source.split(" ")[0], found_by="syft")
        )
    distro_data = data.get("distro") if isinstance(data.get("distro"), dict) else None
    distro = None
    if distro_data and distro_data.get("id"):
        distro = Distro(
            str(distro_data["id"]).lower(),
            str(distro_data.get("versionID") or ""),
            str(distro_data.get("prettyName") or ""),
        )
    packages.sort(key=lambda p: (p.type, p.name.lower(), p.version, p.path))
    return Inventory(distro, tuple(packages))
