"""The container adapter end to end on built archives: configuration checks with CIS
refs, OSV matching of image packages (release-aware for distros), not-assessed values,
locations, redaction, syft, and failure as a failed run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import sarif_om
from image_helpers import base_layer, upper_layer

from shiftleft import tools
from shiftleft.advisories.model import parse_advisory
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif.om import to_dict
from shiftleft.scanners.container import ContainerImage, pseudo_path

CVSS_HIGH = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
ADVISORIES: list[dict[str, Any]] = [
    {
        "id": "DSA-TEST-1",
        "modified": "2024-01-01T00:00:00Z",
        "summary": "openssl flaw",
        "aliases": ["CVE-2099-0001"],
        "severity": [{"type": "CVSS_V3", "score": CVSS_HIGH}],
        "affected": [
            {
                "package": {"ecosystem": "Debian:12", "name": "openssl"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.13-1~deb12u1"}]}],
            }
        ],
    },
    # same package, another release: must NOT match a Debian 12 image
    {
        "id": "DSA-TEST-2",
        "modified": "2024-01-01T00:00:00Z",
        "summary": "bookworm-irrelevant",
        "affected": [
            {
                "package": {"ecosystem": "Debian:11", "name": "openssl"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "9.9"}]}],
            }
        ],
    },
    {
        "id": "GHSA-test-urll-ib3x",
        "modified": "2024-01-01T00:00:00Z",
        "summary": "urllib3 redirect leak",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "urllib3"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.26.5"}]}],
            }
        ],
    },
]


@pytest.fixture
def advisory_db(tmp_path: Path) -> Path:
    path = tmp_path / "adv.sqlite3"
    store = AdvisoryStore(path)
    with store.transaction() as conn:
        for raw in ADVISORIES:
            AdvisoryStore.put(conn, parse_advisory(raw), raw)
        AdvisoryStore.mark_imported(conn, ["Debian", "PyPI"], "2024-01-02T00:00:00Z", "test")
    store.close()
    return path


def run_adapter(tmp_path: Path, archive: Path, *, root_files: tuple[str, ...] = (), **options: Any) -> sarif_om.Run:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    target = ScanTarget(root=tmp_path, files=root_files, image_archive=archive)
    return ContainerImage().execute(ScanContext(target=target, workdir=work, options=options))


def results(run: sarif_om.Run) -> dict[str, list[sarif_om.Result]]:
    out: dict[str, list[sarif_om.Result]] = {}
    for r in run.results:
        out.setdefault(r.rule_id, []).append(r)
    return out


def test_config_checks(tmp_path: Path, fixture_archive: Path, advisory_db: Path) -> None:
    run = run_adapter(tmp_path, fixture_archive, advisory_db=str(advisory_db), syft=False)
    assert run.invocations[0].execution_successful is True
    found = results(run)
    assert {"SL-IMG-001", "SL-IMG-002", "SL-IMG-003", "SL-IMG-006", "SL-IMG-007", "SL-IMG-008"} <= set(found)
    assert "SL-IMG-004" not in found  # the maintainer label is no secret
    env = found["SL-IMG-003"]
    assert len(env) == 1 and "GITHUB_TOKEN" in env[0].message.text  # PYTHON_SHA256 is not flagged
    assert "port 22/tcp (SSH)" in found["SL-IMG-006"][0].message.text
    assert "https://example.invalid/" in found["SL-IMG-007"][0].message.text
    rules = {r.id: r for r in run.tool.driver.rules}
    assert rules["SL-IMG-001"].properties["cis"] == ["4.1"]
    assert rules["SL-IMG-003"].properties["cis"] == ["4.10"]


def test_secret_value_never_in_output(tmp_path: Path, fixture_archive: Path) -> None:
    run = run_adapter(tmp_path, fixture_archive, syft=False)
    text = json.dumps(to_dict(run))
    assert "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" not in text
    assert "tool.tar.gz" not in text  # remote ADD URL paths are cut to the host
    assert not list((tmp_path / "work").glob("image-strings-*"))  # the scratch file is deleted


def test_vulnerabilities_release_aware(tmp_path: Path, fixture_archive: Path, advisory_db: Path) -> None:
    run = run_adapter(tmp_path, fixture_archive, advisory_db=str(advisory_db), syft=False)
    found = results(run)
    assert "DSA-TEST-2" not in found  # Debian 11 advisory on a Debian 12 image
    (ssl,) = found["DSA-TEST-1"]
    assert ssl.properties["package"] == "libssl3" and ssl.properties["fixedVersions"] == ["3.0.13-1~deb12u1"]
    assert ssl.properties["security-severity"] == "7.5"
    assert ssl.properties["purl"] == "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?distro=debian-12"
    logical = {loc.kind: loc for loc in ssl.locations[0].logical_locations}
    assert logical["module"].fully_qualified_name == "shiftleft/fixture:latest"
    assert logical["namespace"].properties["layerIndex"] == 0
    assert logical["resource"].fully_qualified_name.startswith("pkg:deb/debian/libssl3")
    (py,) = found["GHSA-test-urll-ib3x"]
    assert py.properties["fixedVersions"] == ["1.26.5"]
    # npm has no advisories in this database: not assessed, with the reason
    na = run.properties["shiftleft"]["notAssessed"]
    assert {
        "package": "lodash",
        "version": "4.17.20",
        "type": "npm",
        "path": "app/node_modules/lodash/package.json",
        "reason": "no npm advisories in the database: run `shiftleft db import`",
    } in na
    notes = [n.message.text for n in run.invocations[0].tool_execution_notifications]
    assert any("not assessed: 2 package(s)" in t and "npm" in t for t in notes)


def test_no_database_is_not_assessed_not_clean(tmp_path: Path, fixture_archive: Path) -> None:
    run = run_adapter(tmp_path, fixture_archive, advisory_db=str(tmp_path / "missing.sqlite3"), syft=False)
    na = run.properties["shiftleft"]["notAssessed"]
    assert len(na) == 5 and all("no advisory database" in n["reason"] for n in na)
    assert not [r for r in run.results if not r.rule_id.startswith("SL-IMG")]


def test_location_pseudo_path_and_dockerfile(tmp_path: Path, fixture_archive: Path) -> None:
    run = run_adapter(tmp_path, fixture_archive, syft=False)
    uri = run.results[0].locations[0].physical_location.artifact_location.uri
    assert uri == pseudo_path("shiftleft/fixture:latest") == "image/shiftleft_fixture_latest"
    run = run_adapter(tmp_path, fixture_archive, root_files=("Dockerfile", "app.py"), syft=False)
    assert {r.locations[0].physical_location.artifact_location.uri for r in run.results} == {"Dockerfile"}
    assert all(r.locations[0].physical_location.region.start_line == 1 for r in run.results)


def test_bad_archive_is_a_failed_run(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"\x00garbage" * 64)
    run = run_adapter(tmp_path, junk)
    inv = run.invocations[0]
    assert inv.execution_successful is False
    assert "the image could not be read" in inv.tool_execution_notifications[0].message.text


def test_not_applicable_without_image() -> None:
    assert ContainerImage().applies(ScanTarget(root=Path("."))) is not None
    assert ContainerImage().applies(ScanTarget(root=Path("."), image="x")) is None


def test_syft_inventory_honours_whiteouts(tmp_path: Path, fixture_archive: Path, advisory_db: Path) -> None:
    if tools.find_tool("syft") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("syft is not installed (CI=true: run `shiftleft tools install syft`)")
        pytest.skip("syft is not installed: run `shiftleft tools install syft`")
    run = run_adapter(tmp_path, fixture_archive, advisory_db=str(advisory_db))
    props = run.properties["shiftleft"]
    assert props["inventoryReader"] == "syft"
    found = results(run)
    assert "DSA-TEST-1" in found and "GHSA-test-urll-ib3x" in found
    # layer of libssl3 comes from our reader (syft names the last layer rewriting status)
    logical = {loc.kind: loc for loc in found["DSA-TEST-1"][0].locations[0].logical_locations}
    assert logical["namespace"].properties["layerIndex"] == 0
    na_names = {n["package"] for n in props["notAssessed"]}
    assert "curl" not in na_names and "requests" not in na_names  # whiteouts honoured by syft too
    assert props["packages"] >= 5


def test_oci_archive_via_adapter(tmp_path: Path) -> None:
    from image_helpers import oci_layout

    layout = oci_layout(tmp_path / "oci", [base_layer(), upper_layer()])
    run = run_adapter(tmp_path, layout, syft=False)
    assert run.properties["shiftleft"]["layout"] == "oci"
    assert run.properties["shiftleft"]["image"] == "shiftleft/fixture:1.0"
    assert "SL-IMG-008" not in results(run)  # tagged 1.0
