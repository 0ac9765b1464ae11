"""Inventory by syft, when it is installed: it reads RPM databases, Go binaries, Java
archives and more than our own reader, fully offline on a docker-archive or OCI layout.

syft only ever sees an archive that :func:`shiftleft.image.reader.read_image` has
already accepted (paths, links, device files, size limits), and it squashes layers with
whiteouts itself (its default "squashed" scope), like our reader. It runs isolated
(``shiftleft.process``): a private cwd and HOME, no inherited ``SYFT_*`` variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from shiftleft import tools
from shiftleft.image.archive import ImageManifest
from shiftleft.image.inventory import Distro, Inventory, Package
from shiftleft.image.safety import ImageError, Limits, load_json
from shiftleft.process import SYFT_VARS, ToolError, run_isolated

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
    archive = Path(os.path.abspath(archive))  # syft runs in a private cwd: never relative
    if manifest.layout == "oci":
        return f"oci-dir:{archive}" if archive.is_dir() else f"oci-archive:{archive}"
    return f"docker-archive:{archive}"


def syft_inventory(
    archive: Path, manifest: ImageManifest, *, timeout: float, workdir: Path, limits: Limits | None = None
) -> Inventory:
    """syft's catalog of an archive our reader accepted; its JSON is parsed within the
    JSON depth limit and its package count within ``max_packages`` (ToolError beyond)."""
    limits = limits or Limits()
    exe = tools.find_tool("syft")
    if exe is None:
        raise ToolError("syft is not installed: run `shiftleft tools install syft`", "missing")
    env = {"SYFT_CHECK_FOR_APP_UPDATE": "false", "TMPDIR": str(Path(workdir).resolve())}
    # isolated: a .syft.yaml in the cwd or HOME, or SYFT_* variables, would change what it reports
    out = run_isolated(
        [exe, "scan", syft_source(archive, manifest), "-o", "syft-json", "-q"], timeout=timeout, env=env,
        workdir=workdir, tool_vars=SYFT_VARS,
    )  # fmt: skip
    try:
        # syft's catalog of a large image is legitimately big: only its depth is bounded
        data = load_json(out.stdout, "syft's output", limits, max_bytes=len(out.stdout))
    except ImageError as exc:
        raise ToolError(str(exc)) from exc
    return parse_syft(data, manifest, limits)


def parse_syft(data: Any, manifest: ImageManifest, limits: Limits | None = None) -> Inventory:
    if not isinstance(data, dict):
        raise ToolError("syft's JSON is not an object")
    limits = limits or Limits()
    artifacts = data.get("artifacts") or []
    if not isinstance(artifacts, list) or len(artifacts) > limits.max_packages:
        raise ToolError(f"syft listed more than {limits.max_packages} packages (or no list)")
    layer_index = {layer.digest: layer.index for layer in manifest.layers}
    packages: list[Package] = []
    for art in artifacts:
        if not isinstance(art, dict) or not art.get("name") or not art.get("version"):
            continue
        if max(len(str(art["name"])), len(str(art["version"]))) > limits.max_package_field:
            raise ToolError(f"syft listed a package name or version longer than {limits.max_package_field} characters")
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
