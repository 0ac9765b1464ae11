"""Hostile image archives, one builder per attack class, built with tarfile/gzip in
tmp_path. Resource bombs are scaled down: the tests lower the matching limit instead of
writing gigabytes."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

OS_RELEASE = b'ID=debian\nVERSION_ID="12"\n'
CONFIG: dict[str, Any] = {"architecture": "amd64", "os": "linux", "config": {"User": "app"}}

#: one tar member: (name, data) for a file, or a ready TarInfo with its data
Member = tuple[str, bytes] | tuple[tarfile.TarInfo, bytes]


def layer_tar(members: Iterable[Member], *, fmt: int = tarfile.PAX_FORMAT) -> bytes:
    """The bytes of one uncompressed layer tarball."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        for head, data in members:
            info = head if isinstance(head, tarfile.TarInfo) else tarfile.TarInfo(head)
            if info.isreg():
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return buf.getvalue()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def docker_archive(
    path: Path,
    layers: list[bytes],
    *,
    config: bytes | None = None,
    manifest: bytes | None = None,
    layer_names: list[str] | None = None,
    extra: Iterable[tuple[tarfile.TarInfo, bytes]] = (),
) -> Path:
    """A ``docker save`` tarball of the given layer blobs; ``config``/``manifest`` replace
    the generated JSON, ``extra`` members are appended (hard links, duplicates)."""
    cfg = dict(CONFIG, rootfs={"type": "layers", "diff_ids": [_digest(b) for b in layers]})
    cfg_bytes = config if config is not None else json.dumps(cfg).encode()
    names = layer_names or [f"{i:04d}/layer.tar" for i in range(len(layers))]
    man = (
        manifest
        if manifest is not None
        else json.dumps([{"Config": "config.json", "RepoTags": ["hostile/image:1"], "Layers": names}]).encode()
    )
    with tarfile.open(path, "w") as tar:
        _add(tar, "config.json", cfg_bytes)
        for name, blob in zip(names, layers, strict=False):
            _add(tar, name, blob)
        for info, data in extra:
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
        _add(tar, "manifest.json", man)
    return path


def hardlink(name: str, target: str) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type = tarfile.LNKTYPE
    info.linkname = target
    return info, b""


def whiteout_image(path: Path, count: int) -> Path:
    """``count`` files in a base layer, every one deleted by a whiteout in the next: the
    quadratic whiteout case (each whiteout used to scan every path)."""
    base = layer_tar([("etc/os-release", OS_RELEASE), *((f"data/d{i}/f", b"") for i in range(count))])
    upper = layer_tar((f"data/.wh.d{i}", b"") for i in range(count))
    return docker_archive(path, [base, upper])


def opaque_image(path: Path, count: int) -> Path:
    """``count`` directories each emptied by an opaque whiteout in the next layer."""
    base = layer_tar((f"d{i}/f", b"") for i in range(count))
    upper = layer_tar((f"d{i}/.wh..wh..opq", b"") for i in range(count))
    return docker_archive(path, [base, upper])


def dpkg_status(count: int, prefix: str = "pkg") -> bytes:
    return "".join(
        f"Package: {prefix}{i}\nStatus: install ok installed\nVersion: 1.{i}\n\n" for i in range(count)
    ).encode()


def dpkg_image(path: Path, count: int, layers: int = 1) -> Path:
    """A dpkg status of ``count`` packages, rewritten by ``layers`` layers (each adds one):
    a tiny archive whose attribution used to re-parse the whole file per package."""
    blobs = [
        layer_tar([("etc/os-release", OS_RELEASE), ("var/lib/dpkg/status", dpkg_status(count + i))])
        for i in range(layers)
    ]
    return docker_archive(path, blobs)


def metadata_image(path: Path, files: int, size: int) -> Path:
    """``files`` Python METADATA files of ``size`` bytes each: every one used to be kept
    in memory whole (24 x 64 MiB = 1.66 GB)."""
    body = b"Metadata-Version: 2.1\nName: p\nVersion: 1\n\n" + b"x" * size
    members = [(f"usr/lib/python3/site-packages/p{i}-1.dist-info/METADATA", body) for i in range(files)]
    return docker_archive(path, [layer_tar(members)])


def gzip_file(src: Path, dest: Path) -> Path:
    with src.open("rb") as raw, gzip.open(dest, "wb", compresslevel=1) as out:
        while chunk := raw.read(1 << 20):
            out.write(chunk)
    return dest


def zero_layer(size: int, compress: bool = True) -> bytes:
    """A layer holding one file of ``size`` zero bytes (gzip makes it ~1000x smaller)."""
    raw = layer_tar([("zeros", b"\0" * size)])
    return gzip.compress(raw, compresslevel=9, mtime=0) if compress else raw


def oci_layout(root: Path, layers: list[bytes], *, index: bytes | None = None, config: bytes | None = None) -> Path:
    """An OCI layout directory; ``index``/``config`` replace the generated JSON."""
    blobs = root / "blobs" / "sha256"
    blobs.mkdir(parents=True)

    def put(data: bytes) -> str:
        digest = _digest(data)
        (blobs / digest.split(":")[1]).write_bytes(data)
        return digest

    cfg = config if config is not None else json.dumps(dict(CONFIG, rootfs={"diff_ids": []})).encode()
    manifest = {
        "schemaVersion": 2,
        "config": {"digest": put(cfg), "size": len(cfg)},
        "layers": [{"digest": put(b), "size": len(b)} for b in layers],
    }
    man = json.dumps(manifest).encode()
    default_index = {"schemaVersion": 2, "manifests": [{"digest": put(man), "size": len(man)}]}
    (root / "index.json").write_bytes(index if index is not None else json.dumps(default_index).encode())
    (root / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    return root


def nested_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_path_image(path: Path, depth: int) -> Path:
    return docker_archive(path, [layer_tar([("/".join(["d"] * depth) + "/f", b"")])])


def many_members_image(path: Path, count: int) -> Path:
    return docker_archive(path, [layer_tar(((f"f{i}", b"") for i in range(count)), fmt=tarfile.GNU_FORMAT)])


def pax_header_bomb(path: Path, size: int) -> Path:
    """A member whose PAX extended header alone is ``size`` bytes: tarfile reads such a
    header into memory whole before the reader sees the member."""
    info = tarfile.TarInfo("x")
    info.pax_headers = {"comment": "A" * size}
    return docker_archive(path, [layer_tar([(info, b"")])])


def special_files(root: Path) -> dict[str, Path]:
    """What ``--image-archive`` may be pointed at that is not an archive."""
    fifo = root / "fifo"
    os.mkfifo(fifo)
    link = root / "zero-link"
    link.symlink_to("/dev/zero")
    loop = root / "loop"
    loop.symlink_to(loop)
    empty_dir = root / "not-a-layout"
    empty_dir.mkdir()
    return {"dev-zero": Path("/dev/zero"), "fifo": fifo, "symlink-to-dev-zero": link, "symlink-loop": loop}


def sparse_member_image(path: Path) -> Path:
    """An old-GNU sparse member: tarfile reads its maps in an unbounded loop."""
    info = tarfile.TarInfo("sparse")
    info.type = tarfile.GNUTYPE_SPARSE
    return docker_archive(path, [layer_tar([(info, b"")], fmt=tarfile.GNU_FORMAT)])


def long_name_chain_image(path: Path, links: int) -> Path:
    """``links`` GNU long-name headers in a row: tarfile recurses once per header."""
    block = 512
    out = io.BytesIO()
    for _ in range(links):
        info = tarfile.TarInfo("././@LongLink")
        info.type = tarfile.GNUTYPE_LONGNAME
        name = b"n" * 10 + b"\0"
        info.size = len(name)
        out.write(info.tobuf(format=tarfile.GNU_FORMAT))
        out.write(name + b"\0" * (block - len(name)))
    final = tarfile.TarInfo("f")
    out.write(final.tobuf(format=tarfile.GNU_FORMAT))
    out.write(b"\0" * block * 2)
    return docker_archive(path, [out.getvalue()])


def pax_flood_image(path: Path, members: int, header: int) -> Path:
    """Many members that each declare 0 bytes but carry a ``header``-byte PAX record: the
    sum of declared sizes is 0, the bytes streamed are members x header."""
    infos = []
    for i in range(members):
        info = tarfile.TarInfo(f"f{i}")
        info.pax_headers = {"comment": "A" * header}
        infos.append((info, b""))
    return docker_archive(path, [gzip.compress(layer_tar(infos), mtime=0)])


@contextmanager
def calls() -> Iterator[list[int]]:
    """Count the Python and builtin function calls made inside the block: a measure of
    work that does not depend on how loaded the machine is (a quadratic loop shows as
    calls per item growing with the number of items)."""
    count = [0]

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        if event in ("call", "c_call"):
            count[0] += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield count
    finally:
        sys.setprofile(previous)


def env_flood_image(path: Path, entries: int, secret_at: int | None = None, secret: str = "") -> Path:
    """An image whose config carries ``entries`` ENV entries (and as many labels), with a
    secret planted at ENV ``secret_at``: the secrets engine must not be run on all of them."""
    env = [f"VAR_{i}=value-{i}" for i in range(entries)]
    if secret_at is not None:
        env[secret_at] = f"AWS_SECRET_ACCESS_KEY={secret}"
    labels = {f"label.{i}": f"v{i}" for i in range(entries)}
    layer = layer_tar([("etc/hostname", b"x\n")])
    cfg = dict(CONFIG, config={"Env": env, "Labels": labels, "User": "app"},
               rootfs={"type": "layers", "diff_ids": [_digest(layer)]})  # fmt: skip
    return docker_archive(path, [layer], config=json.dumps(cfg).encode())
