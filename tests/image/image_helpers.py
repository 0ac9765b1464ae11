"""Build image archives for the tests with tarfile: docker-save and OCI layouts, with
whiteouts, plus hostile variants. No engine needed."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DPKG_BASE = """Package: bash
Status: install ok installed
Version: 5.2.15-2+b2

Package: libssl3
Status: install ok installed
Source: openssl
Version: 3.0.11-1~deb12u1

Package: curl
Status: install ok installed
Version: 7.88.1-10+deb12u4

Package: removed-thing
Status: deinstall ok config-files
Version: 1.0
"""
# layer 1 removes curl (apt-get purge): the status file is rewritten without it
DPKG_AFTER = DPKG_BASE.replace(
    """Package: curl
Status: install ok installed
Version: 7.88.1-10+deb12u4

""",
    "",
)
OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
PY_META = "Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nlong description\n"


@dataclass
class Member:
    """One tar member: file (data), dir, symlink/hardlink (link), or device (kind)."""

    name: str
    data: bytes = b""
    kind: str = "file"
    link: str = ""
    size: int | None = None


@dataclass
class Layer:
    members: list[Member] = field(default_factory=list)

    def tar_bytes(self) -> bytes:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for m in self.members:
                info = tarfile.TarInfo(m.name)
                if m.kind == "dir":
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                elif m.kind == "symlink":
                    info.type = tarfile.SYMTYPE
                    info.linkname = m.link
                    tar.addfile(info)
                elif m.kind == "hardlink":
                    info.type = tarfile.LNKTYPE
                    info.linkname = m.link
                    tar.addfile(info)
                elif m.kind == "chr":
                    info.type = tarfile.CHRTYPE
                    info.devmajor, info.devminor = 1, 3
                    tar.addfile(info)
                else:
                    info.size = len(m.data)
                    tar.addfile(info, io.BytesIO(m.data))
        raw = buf.getvalue()
        return raw


def files(mapping: dict[str, str | bytes]) -> list[Member]:
    return [Member(k, v.encode() if isinstance(v, str) else v) for k, v in mapping.items()]


def base_layer() -> Layer:
    return Layer(
        files(
            {
                "etc/os-release": OS_RELEASE,
                "var/lib/dpkg/status": DPKG_BASE,
                "usr/lib/python3/dist-packages/requests-2.19.0.dist-info/METADATA": PY_META.format(
                    name="requests", version="2.19.0"
                ),
                "usr/local/lib/python3.11/site-packages/urllib3-1.26.4.dist-info/METADATA": PY_META.format(
                    name="urllib3", version="1.26.4"
                ),
                "app/node_modules/lodash/package.json": json.dumps({"name": "lodash", "version": "4.17.20"}),
                "app/node_modules/lodash/node_modules/not-a-pkg/readme.txt": "x",
            }
        )
    )


def upper_layer() -> Layer:
    """Purges curl, deletes requests with a whiteout, adds a scoped npm package."""
    return Layer(
        [
            *files(
                {
                    "var/lib/dpkg/status": DPKG_AFTER,
                    "app/node_modules/@acme/widget/package.json": json.dumps(
                        {"name": "@acme/widget", "version": "1.2.3"}
                    ),
                }
            ),
            Member("usr/lib/python3/dist-packages/.wh.requests-2.19.0.dist-info"),
        ]
    )


DEFAULT_CONFIG: dict[str, Any] = {
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "User": "",
        "Env": [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "PYTHON_SHA256=bfb249609990220491a1b92850a07135ed0831e41738cf681d63cf01b2a8fbd1",
        ],
        "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}},
        "Labels": {"maintainer": "team@example.invalid"},
    },
    "history": [
        {"created_by": "/bin/sh -c #(nop) ADD file:1234 in / "},
        {"created_by": "ADD https://example.invalid/tool.tar.gz /opt/ # buildkit"},
    ],
}


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def docker_archive(
    path: Path,
    layers: Iterable[Layer],
    *,
    config: dict[str, Any] | None = None,
    tags: list[str] | None = None,
    podman_names: bool = False,
    manifest_override: list[dict[str, Any]] | None = None,
) -> Path:
    """A ``docker save`` tarball (``<id>/layer.tar``) or a podman one (``<diffid>.tar``)."""
    cfg = json.loads(json.dumps(config if config is not None else DEFAULT_CONFIG))
    blobs = [layer.tar_bytes() for layer in layers]
    diff_ids = [_digest(b) for b in blobs]
    cfg["rootfs"] = {"type": "layers", "diff_ids": diff_ids}
    cfg_bytes = json.dumps(cfg).encode()
    cfg_name = hashlib.sha256(cfg_bytes).hexdigest() + ".json"
    names = [
        (d.split(":")[1] + ".tar") if podman_names else f"{d.split(':')[1][:12]}{i}/layer.tar"
        for i, d in enumerate(diff_ids)
    ]
    for entry in manifest_override or []:
        entry["Config"] = entry.get("Config") or cfg_name
    manifest = manifest_override or [
        {"Config": cfg_name, "RepoTags": tags if tags is not None else ["shiftleft/fixture:latest"], "Layers": names}
    ]
    with tarfile.open(path, "w") as tar:

        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        add(cfg_name, cfg_bytes)
        for name, blob in zip(names, blobs, strict=True):
            add(name, blob)
        add("manifest.json", json.dumps(manifest).encode())
    return path


def oci_layout(
    root: Path, layers: Iterable[Layer], *, config: dict[str, Any] | None = None, ref: str = "shiftleft/fixture:1.0"
) -> Path:
    """An OCI image layout directory with gzip-compressed layers."""
    cfg = json.loads(json.dumps(config if config is not None else DEFAULT_CONFIG))
    blobs_dir = root / "blobs" / "sha256"
    blobs_dir.mkdir(parents=True)

    def put(data: bytes) -> str:
        d = _digest(data)
        (blobs_dir / d.split(":")[1]).write_bytes(data)
        return d

    raw = [layer.tar_bytes() for layer in layers]
    cfg["rootfs"] = {"type": "layers", "diff_ids": [_digest(r) for r in raw]}
    layer_descs = []
    for r in raw:
        gz = gzip.compress(r, mtime=0)
        layer_descs.append(
            {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": put(gz), "size": len(gz)}
        )
    cfg_bytes = json.dumps(cfg).encode()
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": put(cfg_bytes),
            "size": len(cfg_bytes),
        },
        "layers": layer_descs,
    }
    man_bytes = json.dumps(manifest).encode()
    index = {
        "schemaVersion": 2,
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": put(man_bytes),
                "size": len(man_bytes),
                "annotations": {"io.containerd.image.name": ref, "org.opencontainers.image.ref.name": "1.0"},
            }
        ],
    }
    (root / "index.json").write_text(json.dumps(index))
    (root / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    return root


def tar_directory(src: Path, dest: Path) -> Path:
    with tarfile.open(dest, "w") as tar:
        for dirpath, _dirs, names in os.walk(src):
            for n in names:
                full = Path(dirpath) / n
                tar.add(full, arcname=full.relative_to(src).as_posix())
    return dest
