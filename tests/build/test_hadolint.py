"""hadolint, the real tool, on a Dockerfile fixture (FROM x:latest, ADD, apt-get without
pinning, USER root), and next to checkov in the build stage: same-line pairs are one result,
checkov's, with hadolint's id recorded; nothing else is lost."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import sarif_om

from shiftleft import tools
from shiftleft.config import Config
from shiftleft.findings import iter_findings
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.pipeline import run_scan
from shiftleft.sarif.om import to_dict
from shiftleft.scanners.checkov import CheckovDockerfile
from shiftleft.scanners.hadolint import Hadolint
from tests.conftest import require

DOCKER = Path(__file__).resolve().parent / "fixtures" / "dockerfile"


def _target(root: Path) -> ScanTarget:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return ScanTarget(root=root.resolve(), files=tuple(files))


@pytest.fixture(scope="session")
def hadolint_path() -> str:
    path = tools.find_tool("hadolint")
    require(path is not None, "hadolint is not installed: run `shiftleft tools install hadolint`")
    assert path is not None
    return path


@pytest.fixture(scope="module")
def hadolint_run(tmp_path_factory: pytest.TempPathFactory, hadolint_path: str) -> sarif_om.Run:
    return Hadolint().execute(ScanContext(_target(DOCKER), tmp_path_factory.mktemp("hl"), 120.0))


def _found(run: sarif_om.Run) -> set[tuple[str, int]]:
    return {(r.rule_id, r.locations[0].physical_location.region.start_line) for r in run.results or []}


def test_findings_of_the_fixture(hadolint_run: sarif_om.Run) -> None:
    assert {("DL3007", 1), ("DL3020", 2), ("DL3008", 3), ("DL3002", 5)} <= _found(hadolint_run)
    data = to_dict(hadolint_run)
    assert data["invocations"][0]["executionSuccessful"] is True
    assert data["tool"]["driver"]["version"] == "2.15.1"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["results"]} == {
        "app/Dockerfile"
    }


def test_a_dockerfile_hadolint_cannot_parse_is_not_assessed(tmp_path: Path, hadolint_path: str) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text("FROM alpine:3.19\nCOPY --chown= a b\n")
    (root / "ok.Dockerfile").write_text("FROM alpine:latest\n")
    run = to_dict(Hadolint().execute(ScanContext(_target(root), tmp_path / "w", 120.0)))
    assert [r["ruleId"] for r in run["results"]] == ["DL3007"]
    assert [i["subject"] for i in run["properties"]["shiftleft"]["notAssessed"]] == ["Dockerfile"]


@pytest.fixture(scope="module")
def build_outcome(hadolint_path: str) -> object:
    require(tools.find_tool("checkov") is not None, "checkov is not installed: run `shiftleft tools install checkov`")
    scanners = {"checkov-dockerfile": CheckovDockerfile, "hadolint": Hadolint}
    return run_scan(_target(DOCKER), Config(), scanners, stages=("build",))


def test_checkov_and_hadolint_pairs_are_one_result(build_outcome: object, hadolint_run: sarif_om.Run) -> None:
    findings = list(iter_findings(build_outcome.log))  # type: ignore[attr-defined]
    by_tool = Counter(f.tool for f in findings)
    hadolint_rules = {f.rule_id for f in findings if f.tool == "hadolint"}
    # DL3007 (CKV_DOCKER_7), DL3020 (CKV_DOCKER_4) and DL3002 (CKV_DOCKER_8): kept as checkov's
    assert not hadolint_rules & {"DL3007", "DL3020", "DL3002"}
    assert {"DL3008", "DL3015", "DL3009"} <= hadolint_rules
    kept = {f.rule_id: f for f in findings if f.tool == "checkov-dockerfile"}
    for checkov_id, hadolint_id in (("CKV_DOCKER_7", "DL3007"), ("CKV_DOCKER_4", "DL3020"), ("CKV_DOCKER_8", "DL3002")):
        also = kept[checkov_id].properties["alsoReportedBy"]
        assert [a["ruleId"] for a in also] == [hadolint_id] and also[0]["tool"] == "hadolint"
    # nothing lost: hadolint alone found exactly what is left plus what was folded in
    assert by_tool["hadolint"] + 3 == len(hadolint_run.results)
    statuses = {s.name: s for s in build_outcome.statuses}  # type: ignore[attr-defined]
    assert statuses["hadolint"].results == by_tool["hadolint"]
    assert statuses["checkov-dockerfile"].results == by_tool["checkov-dockerfile"]
    run = next(r for r in to_dict(build_outcome.log)["runs"]  # type: ignore[attr-defined]
               if r["properties"]["shiftleft"]["scanner"] == "hadolint")  # fmt: skip
    assert run["properties"]["shiftleft"]["deduplicated"] == {"DL3002": 1, "DL3007": 1, "DL3020": 1}
