"""Resource bombs in image archives: every byte inflated, every header buffered, every
member, path and JSON document is bounded; a limit that trips is an ImageError with the
reason (the container run fails), never a partial image. Bombs are scaled down by
lowering the matching limit."""

from __future__ import annotations

import gzip
import json
import tarfile
import tracemalloc
from pathlib import Path

import pytest

from shiftleft.image.reader import read_image
from shiftleft.image.safety import ImageError, Limits

from . import builders as b

MiB = 1024**2


@pytest.fixture
def inflated_bytes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes every gzip stream in the process produced (what a bomb costs in CPU)."""
    total = [0]
    original = gzip._GzipReader.read  # type: ignore[attr-defined]

    def read(self: object, size: int = -1) -> bytes:
        data: bytes = original(self, size)
        total[0] += len(data)
        return data

    monkeypatch.setattr(gzip._GzipReader, "read", read)  # type: ignore[attr-defined]
    return total


def test_compressed_outer_archive_is_inflated_once_and_capped(tmp_path: Path, inflated_bytes: list[int]) -> None:
    """`docker save | gzip`: 12 MiB of layers in a ~12 KiB file. The cap trips while
    inflating, after at most the cap (it used to inflate everything, once per seek)."""
    inner = b.docker_archive(tmp_path / "inner.tar", [b.zero_layer(4 * MiB, compress=False) for _ in range(3)])
    outer = b.gzip_file(inner, tmp_path / "image.tar.gz")
    with pytest.raises(ImageError, match="inflates to more than"):
        read_image(outer, Limits(max_archive_bytes=2 * MiB))
    assert inflated_bytes[0] <= 3 * MiB
    assert not list(tmp_path.glob("**/image-archive-*"))  # no scratch copy left behind


def test_compressed_outer_archive_within_limits_reads_once(tmp_path: Path, inflated_bytes: list[int]) -> None:
    layers = [b.layer_tar([("etc/os-release", b.OS_RELEASE)]), b.zero_layer(2 * MiB, compress=False)]
    inner = b.docker_archive(tmp_path / "inner.tar", layers)
    outer = b.gzip_file(inner, tmp_path / "image.tar.gz")
    work = tmp_path / "work"
    work.mkdir()
    report = read_image(outer, workdir=work)
    assert report.inventory.distro is not None and report.inventory.distro.id == "debian"
    assert inflated_bytes[0] <= inner.stat().st_size + MiB  # one pass, not one per member
    assert report.readable is not None and report.readable.parent == work  # syft reads the vetted copy


def test_gzip_layer_bomb_stops_at_the_streamed_cap(tmp_path: Path, inflated_bytes: list[int]) -> None:
    """A layer whose gzip inflates ~1000x; the declared size trips first."""
    layout = b.oci_layout(tmp_path / "oci", [b.zero_layer(8 * MiB)])
    with pytest.raises(ImageError, match="decompression bombs"):
        read_image(layout, Limits(max_total_bytes=1 * MiB))
    assert inflated_bytes[0] <= 2 * MiB


def test_headers_that_declare_nothing_still_count(tmp_path: Path) -> None:
    """Every member declares 0 bytes, but each carries a PAX record: only counting the
    bytes actually streamed catches it (the sum of declared sizes stays 0)."""
    archive = b.pax_flood_image(tmp_path / "flood.tar", members=400, header=8192)
    with pytest.raises(ImageError, match="unpack to more than"):
        read_image(archive, Limits(max_total_bytes=1 * MiB))


def test_pax_header_bomb_is_refused_before_it_is_buffered(tmp_path: Path) -> None:
    archive = b.pax_header_bomb(tmp_path / "pax.tar", 4 * MiB)
    tracemalloc.start()
    try:
        with pytest.raises(ImageError, match="extension header"):
            read_image(archive, Limits(max_header_bytes=64 * 1024))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * MiB  # the 4 MiB header was never read into memory


def test_chain_of_long_name_headers_is_bounded(tmp_path: Path) -> None:
    """tarfile recurses once per extension header: 3,000 in a row was a RecursionError."""
    with pytest.raises(ImageError, match="extension headers in a row"):
        read_image(b.long_name_chain_image(tmp_path / "chain.tar", 3000))


def test_sparse_members_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="sparse"):
        read_image(b.sparse_member_image(tmp_path / "sparse.tar"))


def test_layer_hard_linked_many_times_counts_every_read(tmp_path: Path) -> None:
    """One 512 KiB layer, listed 40 times through hard links: 20 MiB of reading."""
    names = ["0000/layer.tar"] + [f"link{i}/layer.tar" for i in range(39)]
    links = [b.hardlink(name, "0000/layer.tar") for name in names[1:]]
    archive = b.docker_archive(
        tmp_path / "links.tar", [b.zero_layer(512 * 1024, compress=False)], layer_names=names, extra=links
    )
    with pytest.raises(ImageError, match="more than"):
        read_image(archive, Limits(max_total_bytes=4 * MiB))


def test_duplicate_archive_entries_are_refused(tmp_path: Path) -> None:
    """Two manifest.json: one reader would take the first, another the last."""
    other = tarfile.TarInfo("manifest.json")
    other.size = 2
    archive = b.docker_archive(tmp_path / "dup.tar", [b.layer_tar([])], extra=[(other, b"[]")])
    with pytest.raises(ImageError, match=r"two entries named 'manifest\.json'"):
        read_image(archive)


def test_member_count(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="more than 500 files"):
        read_image(b.many_members_image(tmp_path / "many.tar", 2000), Limits(max_members=500))


def test_archive_entry_count(tmp_path: Path) -> None:
    extra = [(tarfile.TarInfo(f"junk{i}"), b"") for i in range(300)]
    archive = b.docker_archive(tmp_path / "entries.tar", [b.layer_tar([])], extra=extra)
    with pytest.raises(ImageError, match="more than 100 entries"):
        read_image(archive, Limits(max_archive_members=100))


@pytest.mark.parametrize(("depth", "match"), [(300, "directories deep"), (3000, "characters is longer")])
def test_deep_and_long_paths(tmp_path: Path, depth: int, match: str) -> None:
    with pytest.raises(ImageError, match=match):
        read_image(b.deep_path_image(tmp_path / "deep.tar", depth))


def test_archive_too_large(tmp_path: Path) -> None:
    archive = b.docker_archive(tmp_path / "big.tar", [b.zero_layer(MiB, compress=False)])
    with pytest.raises(ImageError, match="larger than"):
        read_image(archive, Limits(max_archive_bytes=MiB // 2))


@pytest.mark.parametrize("where", ["manifest", "config"])
def test_deeply_nested_json_is_a_clear_error(tmp_path: Path, where: str) -> None:
    """100,000 levels: json.loads raised RecursionError (an internal error, exit 4)."""
    nested = b.nested_json(100_000)
    archive = b.docker_archive(tmp_path / "n.tar", [b.layer_tar([])], **{where: nested})  # type: ignore[arg-type]
    with pytest.raises(ImageError, match="nests JSON deeper than 64"):
        read_image(archive)


def test_moderately_nested_config_is_refused_too(tmp_path: Path) -> None:
    """Under the interpreter's recursion limit but deeper than any real config: refused
    before any later walk (or report writer) can trip on it."""
    config = json.dumps({"config": {"Labels": json.loads(b.nested_json(500))}}).encode()
    with pytest.raises(ImageError, match="nests JSON"):
        read_image(b.docker_archive(tmp_path / "n.tar", [b.layer_tar([])], config=config))


def test_nested_oci_index(tmp_path: Path) -> None:
    layout = b.oci_layout(tmp_path / "oci", [b.layer_tar([])], index=b.nested_json(50_000))
    with pytest.raises(ImageError, match=r"index\.json nests JSON"):
        read_image(layout)


def test_huge_json_is_refused_unread(tmp_path: Path) -> None:
    config = json.dumps({"config": {"Labels": {"x": "y" * (2 * MiB)}}}).encode()
    with pytest.raises(ImageError, match="larger than"):
        read_image(b.docker_archive(tmp_path / "big.tar", [b.layer_tar([])], config=config), Limits(max_json_bytes=MiB))


def test_zstd_layer_is_a_clear_error(tmp_path: Path) -> None:
    layout = b.oci_layout(tmp_path / "oci", [b"\x28\xb5\x2f\xfd" + b"\0" * 64])
    with pytest.raises(ImageError, match="zstd"):
        read_image(layout)


def test_special_files_inside_a_layout_are_never_opened(tmp_path: Path) -> None:
    """A blob that is a FIFO (would block) or a symlink to /dev/zero (endless)."""
    import os

    layout = b.oci_layout(tmp_path / "oci", [b.layer_tar([])])
    manifest = json.loads((layout / "index.json").read_text())["manifests"][0]["digest"].split(":")[1]
    blob = json.loads((layout / "blobs" / "sha256" / manifest).read_text())["layers"][0]["digest"].split(":")[1]
    target = layout / "blobs" / "sha256" / blob
    target.unlink()
    os.mkfifo(target)
    with pytest.raises(ImageError, match="missing"):
        read_image(layout)
    target.unlink()
    target.symlink_to("/dev/zero")
    with pytest.raises(ImageError, match="missing"):
        read_image(layout)
