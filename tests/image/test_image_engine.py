"""``--image REF`` through the Docker API, against a real engine: Podman's Docker-API
service (started here with .ci/podman.sh when DOCKER_HOST is not already set)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from image_helpers import base_layer, docker_archive, upper_layer

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.scanners.container import ContainerImage

REPO = Path(__file__).resolve().parents[2]
REF = "localhost/shiftleft/fixture:1.0"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: CI installs podman)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A DOCKER_HOST with the fixture image loaded."""
    import docker

    started = False
    state = tmp_path_factory.mktemp("podman")
    host = os.environ.get("DOCKER_HOST")
    if not host:
        if shutil.which("podman") is None:
            _unavailable("no Docker-API engine: DOCKER_HOST is unset and podman is not installed")
        env = dict(os.environ, SHIFTLEFT_PODMAN_STATE=str(state))
        out = subprocess.run(
            ["bash", str(REPO / ".ci" / "podman.sh"), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if out.returncode != 0:
            _unavailable(f"podman service did not start: {out.stderr.strip()}")
        host = out.stdout.strip().split("=", 1)[1]
        started = True
    os.environ["DOCKER_HOST"] = host
    archive = docker_archive(state / "fixture.tar", [base_layer(), upper_layer()], tags=[REF])
    client = docker.from_env()
    with archive.open("rb") as handle:
        client.images.load(handle.read())
    client.close()
    try:
        yield host
    finally:
        if started:
            subprocess.run(
                ["bash", str(REPO / ".ci" / "podman.sh"), "stop"],
                env=dict(os.environ, SHIFTLEFT_PODMAN_STATE=str(state)),
                check=False,
                timeout=60,
            )
            os.environ.pop("DOCKER_HOST", None)


def _run(tmp_path: Path, ref: str) -> object:
    from shiftleft.advisories.importer import import_path
    from shiftleft.advisories.store import AdvisoryStore

    work = tmp_path / "work"
    work.mkdir()
    db = tmp_path / "osv.sqlite3"
    store = AdvisoryStore(db)
    import_path(store, REPO / "examples" / "advisories" / "PyPI")
    store.close()
    target = ScanTarget(root=tmp_path, image=ref)
    return ContainerImage().execute(ScanContext(target=target, workdir=work, options={"syft": False, "db": str(db)}))


def test_image_ref_through_the_docker_api(engine: str, tmp_path: Path) -> None:
    run = _run(tmp_path, REF)
    assert run.invocations[0].execution_successful is True  # type: ignore[attr-defined]
    props = run.properties["shiftleft"]  # type: ignore[attr-defined]
    assert props["image"] == REF
    assert props["packages"] == 5
    assert props["distro"] == {"id": "debian", "versionId": "12"}
    rule_ids = {r.rule_id for r in run.results}  # type: ignore[attr-defined]
    assert {"SL-IMG-001", "SL-IMG-003", "SL-IMG-006"} <= rule_ids
    assert "SL-IMG-008" not in rule_ids  # tagged 1.0
    assert (tmp_path / "work" / "image.tar").is_file()


def test_missing_image_is_a_failed_run(engine: str, tmp_path: Path) -> None:
    run = _run(tmp_path, "localhost/does-not-exist:0")
    inv = run.invocations[0]  # type: ignore[attr-defined]
    assert inv.execution_successful is False
    assert "not present in the engine" in inv.tool_execution_notifications[0].message.text
