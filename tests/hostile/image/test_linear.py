"""Quadratic work on image contents: whiteouts, opaque directories, layer attribution of
package databases, OSV matching of many packages. Work is measured in function calls
(``builders.calls``), which a loaded CI machine does not change: a linear reader makes a
bounded number of calls per member, a quadratic one a number that grows with the image."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from shiftleft.advisories.model import parse_advisory
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.image.reader import read_image
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.scanners.container import ContainerImage

from . import builders as b

#: calls per tar member of a linear squash (tarfile's own parsing is most of it)
CALLS_PER_MEMBER = 400


def test_whiteouts_are_linear(tmp_path: Path) -> None:
    """3,000 files, each removed by a whiteout: was one scan of every path per whiteout."""
    count = 3000
    archive = b.whiteout_image(tmp_path / "w.tar", count)
    with b.calls() as work:
        report = read_image(archive)
    assert work[0] < CALLS_PER_MEMBER * 2 * count, f"{work[0]} calls for {2 * count} members"
    assert report.inventory.distro is not None  # os-release survived, data/ is gone


def test_opaque_directories_are_linear(tmp_path: Path) -> None:
    count = 3000
    archive = b.opaque_image(tmp_path / "o.tar", count)
    with b.calls() as work:
        read_image(archive)
    assert work[0] < CALLS_PER_MEMBER * 2 * count, f"{work[0]} calls for {2 * count} members"


def test_whiteouts_remove_exactly_their_subtree(tmp_path: Path) -> None:
    """The children index must not remove siblings sharing a prefix (d1 vs d10)."""
    base = b.layer_tar(
        [
            ("etc/os-release", b.OS_RELEASE),
            ("usr/lib/python3/site-packages/a-1.dist-info/METADATA", b"Name: a\nVersion: 1\n\n"),
            ("usr/lib/python3/site-packages/a-10.dist-info/METADATA", b"Name: a\nVersion: 10\n\n"),
            ("usr/lib/python3/site-packages/b-1.dist-info/METADATA", b"Name: b\nVersion: 1\n\n"),
        ]
    )
    upper = b.layer_tar(
        [
            ("usr/lib/python3/site-packages/.wh.a-1.dist-info", b""),
            ("usr/lib/python3/site-packages/b-1.dist-info/.wh..wh..opq", b""),
        ]
    )
    report = read_image(b.docker_archive(tmp_path / "w.tar", [base, upper]))
    assert {(p.name, p.version) for p in report.inventory.packages} == {("a", "10")}


def test_file_over_directory_replaces_it(tmp_path: Path) -> None:
    """A later layer writing a symlink where a directory was hides what was under it."""
    base = b.layer_tar([("usr/lib/python3/site-packages/x-1.dist-info/METADATA", b"Name: x\nVersion: 1\n\n")])
    import tarfile

    link = tarfile.TarInfo("usr/lib/python3/site-packages")
    link.type = tarfile.SYMTYPE
    link.linkname = "/opt/empty"
    report = read_image(b.docker_archive(tmp_path / "r.tar", [base, b.layer_tar([(link, b"")])]))
    assert report.inventory.packages == ()


def test_dpkg_attribution_is_linear(tmp_path: Path) -> None:
    """6,000 packages from a few hundred KB: attribution re-parsed the whole status file
    once per package (50 s in the review)."""
    archive = b.dpkg_image(tmp_path / "p.tar", 6000)
    start = time.monotonic()
    report = read_image(archive)
    assert time.monotonic() - start < 20  # ~0.5 s; the quadratic reader took minutes
    assert len(report.inventory.packages) == 6000
    assert {p.layer for p in report.inventory.packages} == {0}


def test_dpkg_rewritten_by_many_layers(tmp_path: Path) -> None:
    """The status file rewritten by 30 layers, one package added by each: every version
    is parsed once, and each package is attributed to the layer that added it."""
    archive = b.dpkg_image(tmp_path / "p.tar", 500, layers=30)
    with b.calls() as work:
        report = read_image(archive)
    packages = {p.name: p.layer for p in report.inventory.packages}
    assert packages["pkg0"] == 0 and packages["pkg510"] == 11 and packages["pkg528"] == 29
    assert work[0] < 200 * 30 * 530, f"{work[0]} calls"


ADVISORY: dict[str, Any] = {
    "id": "GHSA-test-many-pkgs",
    "modified": "2024-01-01T00:00:00Z",
    "summary": "flaw",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "victim"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}],
        }
    ],
}


def test_osv_matching_queries_once_per_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 copies of one package in an image: one database query, one evaluation."""
    db = tmp_path / "adv.sqlite3"
    store = AdvisoryStore(db)
    with store.transaction() as conn:
        AdvisoryStore.put(conn, parse_advisory(ADVISORY), ADVISORY)
        AdvisoryStore.mark_imported(conn, ["PyPI"], "2024-01-02T00:00:00Z", "test")
    store.close()
    copies = 2000
    members = [
        (f"usr/lib/python3/site-packages/victim-{i}.dist-info/METADATA", b"Name: victim\nVersion: 1.0\n\n")
        for i in range(copies)
    ]
    archive = b.docker_archive(tmp_path / "many.tar", [b.layer_tar(members)])
    queries: list[str] = []
    original = AdvisoryStore.advisories_for

    def counting(self: AdvisoryStore, ecosystem: str, name: str) -> Any:
        queries.append(name)
        return original(self, ecosystem, name)

    monkeypatch.setattr(AdvisoryStore, "advisories_for", counting)
    work = tmp_path / "work"
    work.mkdir()
    target = ScanTarget(root=tmp_path, image_archive=archive)
    run = ContainerImage().execute(ScanContext(target=target, workdir=work, options={"db": str(db), "syft": False}))
    assert run.invocations[0].execution_successful is True
    assert len(queries) == 1
    found = [r for r in run.results if r.rule_id == "GHSA-test-many-pkgs"]
    assert len({r.properties["path"] for r in found}) == copies  # every copy reported, at its own path
