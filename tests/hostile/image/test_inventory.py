"""The inventory's files are hostile too: how many are read, how large each is, how
many packages they list. Over a limit the image is not read (an ImageError: the
container run fails), never reported with the packages that happened to fit."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.image.inventory import parse_dpkg
from shiftleft.image.reader import read_image
from shiftleft.image.safety import ImageError, Limits

from . import builders as b

MiB = 1024**2


def test_metadata_files_are_bounded_in_memory(tmp_path: Path) -> None:
    """24 METADATA files of 1 MiB (the review: 24 x 64 MiB held 1.66 GB): the read
    budget trips after a few, and memory stays near the budget."""
    archive = b.metadata_image(tmp_path / "m.tar", files=24, size=MiB)
    tracemalloc.start()
    try:
        with pytest.raises(ImageError, match="package metadata files hold more than"):
            read_image(archive, Limits(max_inventory_bytes=4 * MiB))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_one_oversized_metadata_file_fails_the_read(tmp_path: Path) -> None:
    """It used to be skipped with a warning: its package vanished from the inventory, and
    the image could pass as clean without it."""
    archive = b.metadata_image(tmp_path / "m.tar", files=1, size=2 * MiB)
    with pytest.raises(ImageError, match="larger than the package metadata read limit"):
        read_image(archive, Limits(max_read_bytes=MiB))


def test_inventory_file_count(tmp_path: Path) -> None:
    archive = b.metadata_image(tmp_path / "m.tar", files=50, size=10)
    with pytest.raises(ImageError, match="more than 20 package metadata files"):
        read_image(archive, Limits(max_inventory_files=20))


def test_duplicate_members_of_one_database(tmp_path: Path) -> None:
    """The status file 200 times in one layer: every copy is counted against the budget,
    the last one wins (as when docker extracts the layer)."""
    members = [("var/lib/dpkg/status", b.dpkg_status(3, prefix=f"v{i}-")) for i in range(200)]
    report = read_image(b.docker_archive(tmp_path / "dup.tar", [b.layer_tar(members)]))
    assert {p.name for p in report.inventory.packages} == {"v199-0", "v199-1", "v199-2"}
    with pytest.raises(ImageError, match="more than 100 package metadata files"):
        read_image(b.docker_archive(tmp_path / "dup2.tar", [b.layer_tar(members)]), Limits(max_inventory_files=100))


def test_hard_links_to_a_database_count_every_time(tmp_path: Path) -> None:
    """300 hard links to one status file (as distroless ``status.d/`` entries): each is
    another file to parse, counted against the budget like a copy."""
    members: list[b.Member] = [("var/lib/dpkg/status", b.dpkg_status(50))]
    members += [b.hardlink(f"var/lib/dpkg/status.d/x{i}", "var/lib/dpkg/status") for i in range(300)]
    archive = b.docker_archive(tmp_path / "links.tar", [b.layer_tar(members)])
    with pytest.raises(ImageError, match="more than 100 package metadata files"):
        read_image(archive, Limits(max_inventory_files=100))
    report = read_image(archive)  # within the defaults: every link is read, once
    assert len(report.inventory.packages) == 50 * 301


def test_package_count(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="lists more than 100 packages"):
        read_image(b.dpkg_image(tmp_path / "p.tar", 500), Limits(max_packages=100))


def test_absurdly_long_package_name(tmp_path: Path) -> None:
    """One 1 MB name would be copied into every notice, purl and finding."""
    status = b"Package: " + b"x" * 1_000_000 + b"\nStatus: install ok installed\nVersion: 1\n\n"
    archive = b.docker_archive(tmp_path / "p.tar", [b.layer_tar([("var/lib/dpkg/status", status)])])
    with pytest.raises(ImageError, match="longer than 512 characters"):
        read_image(archive)


def test_unparsable_package_json_is_listed_not_dropped(tmp_path: Path) -> None:
    nested = b.nested_json(100_000)  # json.loads raised RecursionError here
    members = [
        ("app/node_modules/evil/package.json", nested),
        ("app/node_modules/ok/package.json", json.dumps({"name": "ok", "version": "1.0.0"}).encode()),
    ]
    report = read_image(b.docker_archive(tmp_path / "npm.tar", [b.layer_tar(members)]))
    assert [p.name for p in report.inventory.packages] == ["ok"]
    assert report.inventory.unparsed == ("app/node_modules/evil/package.json",)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=4096))
def test_package_keys_never_crash(data: bytes) -> None:
    """Whatever bytes a status file holds, attribution gets a set of (name, version)."""
    from shiftleft.image.inventory import package_keys

    keys = package_keys("var/lib/dpkg/status", data)
    assert keys == {(n, v) for n, v, _ in parse_dpkg(data.decode("utf-8", "replace"))}
