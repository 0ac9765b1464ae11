"""The container adapter on hostile images: a limit that trips (in the archive, in the
``docker save`` stream, in syft's output) fails the run with the reason; nothing of the
image is reported as clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shiftleft.image import export
from shiftleft.image.archive import ImageManifest
from shiftleft.image.safety import ImageError, Limits
from shiftleft.image.syft import parse_syft
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError
from shiftleft.scanners import container
from shiftleft.scanners.container import ContainerImage

from . import builders as b

MiB = 1024**2


def run(tmp_path: Path, target: ScanTarget) -> Any:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return ContainerImage().execute(ScanContext(target=target, workdir=work, options={"syft": False}))


def test_limit_trip_is_a_failed_run_with_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "LIMITS", Limits(max_packages=10))
    archive = b.dpkg_image(tmp_path / "p.tar", 50)
    result = run(tmp_path, ScanTarget(root=tmp_path, image_archive=archive))
    invocation = result.invocations[0]
    assert invocation.execution_successful is False
    assert "lists more than 10 packages" in invocation.tool_execution_notifications[0].message.text
    assert not result.results  # no partial inventory, no "0 vulnerabilities"


def test_unparsed_metadata_is_not_assessed(tmp_path: Path) -> None:
    members = [("app/node_modules/evil/package.json", b"{not json")]
    archive = b.docker_archive(tmp_path / "npm.tar", [b.layer_tar(members)])
    result = run(tmp_path, ScanTarget(root=tmp_path, image_archive=archive))
    na = result.properties["shiftleft"]["notAssessed"]
    assert any(n["path"] == "app/node_modules/evil/package.json" and "could not be parsed" in n["reason"] for n in na)


class FakeImage:
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks

    def save(self, named: bool = False) -> Iterator[bytes]:
        return self.chunks


class FakeClient:
    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.images = self
        self.image = FakeImage(chunks)

    def get(self, ref: str) -> FakeImage:
        return self.image

    def close(self) -> None:
        pass


def endless() -> Iterator[bytes]:
    while True:
        yield b"\0" * 65536


def test_docker_save_stream_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine streaming without end (or a 40 GB image) stops at the archive cap and
    leaves no partial tarball."""
    docker = pytest.importorskip("docker")
    monkeypatch.setattr(docker, "from_env", lambda **_: FakeClient(endless()))
    dest = tmp_path / "image.tar"
    with pytest.raises(ImageError, match="larger than"):
        export.export_image("hostile:1", dest, timeout=60, limits=Limits(max_archive_bytes=MiB))
    assert not dest.exists()


def test_docker_save_stream_honours_the_timeout(tmp_path: Path) -> None:
    dest = tmp_path / "image.tar"
    with pytest.raises(ImageError, match="timeout"):
        export.copy_stream(endless(), dest, cap=10**12, deadline=0.0, what="image hostile:1")
    assert not dest.exists()


def test_docker_save_stream_cap_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docker = pytest.importorskip("docker")
    monkeypatch.setattr(docker, "from_env", lambda **_: FakeClient(endless()))
    monkeypatch.setattr(container, "LIMITS", Limits(max_archive_bytes=MiB))
    result = run(tmp_path, ScanTarget(root=tmp_path, image="hostile:1"))
    assert result.invocations[0].execution_successful is False
    assert "larger than" in result.invocations[0].tool_execution_notifications[0].message.text
    assert not (tmp_path / "work" / "image.tar").exists()


def test_syft_output_is_bounded() -> None:
    manifest = ImageManifest({}, (), (), "docker-archive")
    artifacts = [{"name": f"p{i}", "version": "1", "type": "npm"} for i in range(50)]
    with pytest.raises(ToolError, match="more than 10 packages"):
        parse_syft({"artifacts": artifacts}, manifest, Limits(max_packages=10))


def test_nested_syft_json_is_a_tool_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shiftleft.image import syft
    from shiftleft.process import ToolOutput

    monkeypatch.setattr(syft.tools, "find_tool", lambda name: "/bin/true")
    nested = b.nested_json(100_000).decode()
    monkeypatch.setattr(syft, "run_isolated", lambda *a, **k: ToolOutput(("syft",), 0, nested, "", 0.1))
    manifest = ImageManifest({}, (), (), "docker-archive")
    with pytest.raises(ToolError, match="nests JSON"):
        syft.syft_inventory(tmp_path / "x.tar", manifest, timeout=5, workdir=tmp_path)


def test_syft_reads_the_vetted_copy_of_a_compressed_archive(tmp_path: Path) -> None:
    """syft is given the plain tarball our reader inflated and accepted, never the
    original compressed file."""
    from shiftleft import tools

    if tools.find_tool("syft") is None:
        pytest.skip("syft is not installed: run `shiftleft tools install syft`")
    layer = b.layer_tar([("etc/os-release", b.OS_RELEASE), ("var/lib/dpkg/status", b.dpkg_status(3))])
    inner = b.docker_archive(tmp_path / "inner.tar", [layer])
    outer = b.gzip_file(inner, tmp_path / "image.tar.gz")
    work = tmp_path / "work"
    work.mkdir()
    target = ScanTarget(root=tmp_path, image_archive=outer)
    result = ContainerImage().execute(ScanContext(target=target, workdir=work, options={}))
    props = result.properties["shiftleft"]
    assert props["inventoryReader"] == "syft", result.invocations[0].tool_execution_notifications
    assert props["packages"] == 3
