"""The archive reader: docker-save (docker and podman layer names), OCI layouts (dir and
tar, gzip layers), whiteouts, layer attribution, and the inventory parsers."""

from __future__ import annotations

from pathlib import Path

import pytest
from image_helpers import Layer, Member, base_layer, docker_archive, files, oci_layout, tar_directory, upper_layer

from shiftleft.image.inventory import Distro, Package, parse_apk, parse_dpkg
from shiftleft.image.reader import read_image


def names(report) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(p.type, p.name, p.version) for p in report.inventory.packages}


EXPECTED = {
    ("deb", "bash", "5.2.15-2+b2"),
    ("deb", "libssl3", "3.0.11-1~deb12u1"),
    ("pypi", "urllib3", "1.26.4"),
    ("npm", "lodash", "4.17.20"),
    ("npm", "@acme/widget", "1.2.3"),
}


def test_docker_archive_inventory_honours_whiteouts(fixture_archive: Path) -> None:
    report = read_image(fixture_archive)
    assert names(report) == EXPECTED
    # curl was purged in layer 1 (status rewritten); requests removed by a .wh. whiteout
    assert not {n for n in names(report) if n[1] in {"curl", "requests", "removed-thing"}}
    assert report.inventory.distro == Distro("debian", "12", "Debian GNU/Linux 12 (bookworm)")
    assert report.manifest.repo_tags == ("shiftleft/fixture:latest",)
    assert report.manifest.layout == "docker-archive"
    assert report.skipped == ()


def test_layer_attribution(fixture_archive: Path) -> None:
    report = read_image(fixture_archive)
    by_name = {p.name: p for p in report.inventory.packages}
    assert by_name["bash"].layer == 0  # installed in the base, status rewritten later
    assert by_name["@acme/widget"].layer == 1
    assert by_name["libssl3"].source_name == "openssl"
    assert report.manifest.layers[1].digest.startswith("sha256:")


def test_podman_layer_names(tmp_path: Path) -> None:
    report = read_image(docker_archive(tmp_path / "p.tar", [base_layer(), upper_layer()], podman_names=True))
    assert names(report) == EXPECTED


@pytest.mark.parametrize("as_tar", [False, True])
def test_oci_layout(tmp_path: Path, as_tar: bool) -> None:
    layout = oci_layout(tmp_path / "oci", [base_layer(), upper_layer()])
    path = tar_directory(layout, tmp_path / "oci.tar") if as_tar else layout
    report = read_image(path)
    assert report.manifest.layout == "oci"
    assert report.manifest.repo_tags == ("shiftleft/fixture:1.0",)
    assert names(report) == EXPECTED


def test_opaque_whiteout_clears_lower_directory(tmp_path: Path) -> None:
    lower = Layer(files({"app/node_modules/left-pad/package.json": '{"name":"left-pad","version":"1.0.0"}'}))
    upper = Layer(
        [
            Member("app/node_modules/.wh..wh..opq"),
            *files({"app/node_modules/right-pad/package.json": '{"name":"right-pad","version":"2.0.0"}'}),
        ]
    )
    report = read_image(docker_archive(tmp_path / "o.tar", [lower, upper]))
    assert names(report) == {("npm", "right-pad", "2.0.0")}


def test_os_release_symlink_is_followed_inside_the_image(tmp_path: Path) -> None:
    layer = Layer(
        [
            Member("etc/os-release", kind="symlink", link="../usr/lib/os-release"),
            *files(
                {
                    "usr/lib/os-release": "ID=alpine\nVERSION_ID=3.19.1\n",
                    "lib/apk/db/installed": "P:musl\nV:1.2.4-r2\no:musl\n\nP:busybox\nV:1.36.1-r15\n",
                }
            ),
        ]
    )
    report = read_image(docker_archive(tmp_path / "a.tar", [layer]))
    assert report.inventory.distro is not None
    assert report.inventory.distro.osv_ecosystem == "Alpine:v3.19"
    assert names(report) == {("apk", "musl", "1.2.4-r2"), ("apk", "busybox", "1.36.1-r15")}


def test_docker_duplicate_layer_symlink_in_outer_archive(tmp_path: Path) -> None:
    """docker save writes an identical layer once and links the second to it."""
    import io
    import json
    import tarfile

    blob = base_layer().tar_bytes()
    cfg = json.dumps({"config": {}, "rootfs": {"diff_ids": []}}).encode()
    path = tmp_path / "dup.tar"
    with tarfile.open(path, "w") as tar:
        for name, data in (("c.json", cfg), ("aaa/layer.tar", blob)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("bbb/layer.tar")
        link.type = tarfile.SYMTYPE
        link.linkname = "../aaa/layer.tar"
        tar.addfile(link)
        manifest = json.dumps([{"Config": "c.json", "RepoTags": None, "Layers": ["aaa/layer.tar", "bbb/layer.tar"]}])
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest.encode()))
    report = read_image(path)
    assert ("deb", "bash", "5.2.15-2+b2") in names(report)


def test_parsers() -> None:
    assert parse_dpkg("Package: a\nStatus: install ok installed\nVersion: 1\nSource: b (2)\n") == [("a", "1", "b")]
    assert parse_dpkg("Package: a\nStatus: deinstall ok config-files\nVersion: 1\n") == []
    assert parse_apk("P:x\nV:1-r0\n") == [("x", "1-r0", "x")]


def test_purls() -> None:
    d = Distro("debian", "12")
    assert (
        Package("libssl3", "3.0.11-1~deb12u1", "deb", "", 0).purl(d)
        == "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?distro=debian-12"
    )
    assert Package("@acme/widget", "1.2.3", "npm", "", 0).purl() == "pkg:npm/%40acme/widget@1.2.3"
    assert Package("urllib3", "1.26.4", "pypi", "", 0).purl() == "pkg:pypi/urllib3@1.26.4"
