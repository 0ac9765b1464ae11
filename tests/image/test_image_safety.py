"""Hostile archives: path escapes, absolute names, links out of the root, device files,
decompression bombs, unsafe manifests, garbage. Plus property tests of the path checks."""

from __future__ import annotations

import io
import json
import posixpath
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from image_helpers import Layer, Member, base_layer, docker_archive, files

from shiftleft.image.reader import read_image
from shiftleft.image.safety import ImageError, Limits, digest_path, link_target, member_path

SEGMENT = st.sampled_from(["..", ".", "", "a", "b", "etc", "..a", ".wh.x", "...", "~", "\\", "c:"])
NAMES = st.lists(SEGMENT, min_size=0, max_size=8).map("/".join) | st.text(max_size=40)


def escapes(path: str) -> bool:
    """An independent oracle: does joining ``path`` under a root leave it?"""
    root = "/r/o/o/t"
    return not posixpath.normpath(posixpath.join(root, path)).startswith(root)


@settings(max_examples=500)
@given(NAMES)
def test_member_path_never_escapes(name: str) -> None:
    safe = member_path(name)
    if safe is None:
        return
    assert not safe.startswith("/")
    assert ".." not in safe.split("/")
    assert "" not in safe.split("/") or safe == ""
    assert not escapes(safe)
    if safe:
        assert member_path(safe) == safe  # normalized form is a fixed point


@settings(max_examples=500)
@given(NAMES)
def test_member_path_rejects_every_escape(name: str) -> None:
    if name.startswith("/") or "\x00" in name:
        assert member_path(name) is None
    elif escapes(name):
        assert member_path(name) is None


@settings(max_examples=500)
@given(st.lists(SEGMENT.filter(lambda s: s not in ("..", ".", "")), min_size=1, max_size=5).map("/".join), NAMES)
def test_link_target_stays_inside(link: str, target: str) -> None:
    resolved = link_target(link, target)
    if resolved is not None:
        assert not resolved.startswith("/") and ".." not in resolved.split("/")


def test_examples() -> None:
    assert member_path("./etc/passwd") == "etc/passwd"
    assert member_path("a/../b") == "b"
    assert member_path("../etc/passwd") is None
    assert member_path("a/../../etc") is None
    assert member_path("/etc/passwd") is None
    assert link_target("etc/os-release", "../usr/lib/os-release") == "usr/lib/os-release"
    assert link_target("etc/x", "/usr/lib/x") == "usr/lib/x"
    assert link_target("etc/x", "../../../../etc/shadow") is None
    assert digest_path("sha256:abc") == "blobs/sha256/abc"
    assert digest_path("sha256:../../x") is None


def test_escaping_members_are_refused_and_recorded(tmp_path: Path) -> None:
    evil = Layer(
        [
            *files({"../../escape.txt": "x", "/abs/evil": "y"}),
            Member("dev/null", kind="chr"),
            Member("etc/os-release", kind="symlink", link="../../../../../etc/os-release"),
        ]
    )
    report = read_image(docker_archive(tmp_path / "evil.tar", [base_layer(), evil]))
    reasons = {(s.path, s.reason) for s in report.skipped}
    assert ("../../escape.txt", "unsafe path (absolute or ../)") in reasons
    assert ("/abs/evil", "unsafe path (absolute or ../)") in reasons
    assert ("dev/null", "device file or FIFO") in reasons
    assert ("etc/os-release", "symlink leaves the image root") in reasons
    # the escaping link replaced os-release: it is not followed out, so no distro
    assert report.inventory.distro is None
    assert not (tmp_path / "escape.txt").exists()


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    """The limit is checked on each header's claimed size before reading the data."""
    big = Layer(files({"big.bin": b"\0" * 200_000}))
    archive = docker_archive(tmp_path / "bomb.tar", [big])
    with pytest.raises(ImageError, match="decompression bombs"):
        read_image(archive, Limits(max_total_bytes=100_000))


def test_member_count_limit(tmp_path: Path) -> None:
    many = Layer(files({f"f{i}": "x" for i in range(50)}))
    with pytest.raises(ImageError, match="more than 20"):
        read_image(docker_archive(tmp_path / "many.tar", [many]), Limits(max_members=20))


@pytest.mark.parametrize("layer_path", ["../../etc/passwd", "/etc/passwd", ""])
def test_unsafe_manifest_layer_path(tmp_path: Path, layer_path: str) -> None:
    manifest = [{"Config": None, "RepoTags": [], "Layers": [layer_path]}]
    archive = docker_archive(tmp_path / "m.tar", [base_layer()], manifest_override=manifest)
    with pytest.raises(ImageError, match="unsafe"):
        read_image(archive)


def test_garbage_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"this is not a tarball" * 100)
    with pytest.raises(ImageError, match=r"not a readable image archive"):
        read_image(junk)


def test_tar_without_manifest(tmp_path: Path) -> None:
    path = tmp_path / "plain.tar"
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("hello.txt")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(ImageError, match=r"neither manifest\.json"):
        read_image(path)


def test_layer_that_is_not_a_tar(tmp_path: Path) -> None:
    path = tmp_path / "badlayer.tar"
    cfg = json.dumps({"config": {}}).encode()
    with tarfile.open(path, "w") as tar:
        for name, data in (
            ("c.json", cfg),
            ("l/layer.tar", b"\x1f\x8b garbage gzip"),
            ("manifest.json", json.dumps([{"Config": "c.json", "Layers": ["l/layer.tar"]}]).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ImageError, match="layer 0"):
        read_image(path)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_fuzzed_bytes_never_crash(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "x.tar"
    path.write_bytes(data)
    try:
        read_image(path)
    except ImageError:
        pass
