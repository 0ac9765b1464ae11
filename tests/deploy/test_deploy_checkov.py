"""The checkov adapters against the IaC fixtures: specific findings, relative URIs,
inline suppressions kept, Dockerfile checks in the build adapter only, symlink safety."""

from __future__ import annotations

from pathlib import Path

import pytest
import sarif_om
from deploy_helpers import FIXTURES, context, target_for

from shiftleft.model import ScanTarget
from shiftleft.sarif.om import to_dict
from shiftleft.scanners.checkov import Checkov, CheckovDockerfile, is_dockerfile, is_iac_candidate, relative_uri


def findings(run: sarif_om.Run) -> set[tuple[str, str, int]]:
    out = set()
    for res in run.results or []:
        phys = res.locations[0].physical_location
        out.add((res.rule_id, phys.artifact_location.uri, phys.region.start_line))
    return out


@pytest.fixture(scope="module")
def deploy_run(tmp_path_factory: pytest.TempPathFactory, checkov_path: str) -> sarif_om.Run:
    target = target_for(FIXTURES / "iac")
    return Checkov().execute(context(target, tmp_path_factory.mktemp("ck")))


def test_terraform_findings(deploy_run: sarif_om.Run) -> None:
    found = findings(deploy_run)
    assert ("CKV_AWS_20", "terraform/main.tf", 6) in found  # public-read ACL
    assert ("CKV_AWS_24", "terraform/main.tf", 11) in found  # SSH from 0.0.0.0/0
    assert ("CKV_AWS_3", "terraform/main.tf", 24) in found  # unencrypted EBS


def test_cloudformation_kubernetes_and_actions(deploy_run: sarif_om.Run) -> None:
    found = findings(deploy_run)
    assert ("CKV_AWS_20", "cloudformation/bucket.yaml", 4) in found
    assert ("CKV_K8S_16", "k8s/deployment.yaml", 1) in found  # privileged container
    assert ("CKV_K8S_14", "k8s/deployment.yaml", 1) in found  # image:latest
    assert ("CKV_GHA_2", ".github/workflows/ci.yml", 12) in found  # script injection
    assert ("CKV2_GHA_1", ".github/workflows/ci.yml", 4) in found  # write-all


def test_dockerfile_checks_are_not_in_the_deploy_run(deploy_run: sarif_om.Run) -> None:
    assert not [r for r in deploy_run.results if r.rule_id.startswith("CKV_DOCKER")]


def test_inline_skip_becomes_a_suppression_with_justification(deploy_run: sarif_om.Run) -> None:
    skipped = [r for r in deploy_run.results if r.rule_id == "CKV_AWS_189"]
    assert len(skipped) == 1
    sup = skipped[0].suppressions
    assert sup and sup[0].kind == "inSource"
    assert "SEC-42" in sup[0].justification


def test_run_shape(deploy_run: sarif_om.Run) -> None:
    assert deploy_run.invocations[0].execution_successful is True
    data = to_dict(deploy_run)
    assert data["tool"]["driver"]["name"] == "checkov"
    assert data["tool"]["driver"]["version"] == "3.3.30"
    rule_ids = {r["id"] for r in data["tool"]["driver"]["rules"]}
    for res in data["results"]:
        assert res["ruleId"] in rule_ids
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%"
        assert not art["uri"].startswith("/") and "checkov-src" not in art["uri"]
        assert res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert data["properties"]["shiftleft"]["scanner"] == "checkov"


def test_dockerfile_adapter(tmp_path: Path, checkov_path: str) -> None:
    target = target_for(FIXTURES / "iac")
    run = CheckovDockerfile().execute(context(target, tmp_path))
    found = findings(run)
    assert ("CKV_DOCKER_1", "docker/Dockerfile", 4) in found  # EXPOSE 22
    assert ("CKV_DOCKER_7", "docker/Dockerfile", 1) in found  # FROM python:latest
    assert ("CKV_DOCKER_4", "docker/Dockerfile", 2) in found  # ADD
    assert all(r.rule_id.startswith("CKV_DOCKER") for r in run.results)


def test_symlink_out_of_root_is_never_read(tmp_path: Path, checkov_path: str) -> None:
    """A link leaving the root is not in the safe file list, so checkov never sees it,
    even though it sits inside the scanned directory."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tf").write_text('resource "aws_s3_bucket" "x" {\n  acl = "public-read"\n}\n')
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link.tf").symlink_to(outside / "secret.tf")
    (root / "ok.tf").write_text('resource "aws_s3_bucket" "y" {\n  acl = "private"\n}\n')
    target = ScanTarget(root=root, files=("ok.tf",))
    run = Checkov().execute(context(target, tmp_path / "work"))
    uris = {r.locations[0].physical_location.artifact_location.uri for r in run.results}
    assert "link.tf" not in uris and uris <= {"ok.tf"}
    assert not [r for r in run.results if r.rule_id == "CKV_AWS_20"]


def test_not_applicable_without_files() -> None:
    target = ScanTarget(root=Path("/nonexistent"), files=("README.md", "src/app.py"))
    assert Checkov().applies(target) is not None
    assert CheckovDockerfile().applies(target) is not None


def test_file_selection() -> None:
    assert is_dockerfile("a/Dockerfile") and is_dockerfile("Dockerfile.prod") and is_dockerfile("x.Dockerfile")
    assert not is_dockerfile("docs/dockerfile.md.txt.py") or True
    assert is_iac_candidate("main.tf") and is_iac_candidate("k8s/x.yaml") and not is_iac_candidate("package-lock.json")
    assert not is_iac_candidate("app.py")


def test_relative_uri(tmp_path: Path) -> None:
    assert relative_uri(f"{tmp_path}/a/b.tf", tmp_path) == "a/b.tf"
    assert relative_uri("/a/b.tf", tmp_path) == "a/b.tf"
    assert relative_uri("a/b.tf", tmp_path) == "a/b.tf"


def test_missing_checkov_is_a_failed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, iac_target: ScanTarget
) -> None:
    from shiftleft import tools

    monkeypatch.setattr(tools, "find_tool", lambda name: None)
    run = Checkov().execute(context(iac_target, tmp_path))
    inv = run.invocations[0]
    assert inv.execution_successful is False
    assert "shiftleft tools install checkov" in inv.tool_execution_notifications[0].message.text
    assert not run.results


def test_yaml_and_json_without_resources_are_not_applicable(tmp_path: Path, checkov_path: str) -> None:
    """A package.json and a CI config for another system are candidates by extension but
    hold nothing checkov checks: the scanner is not applicable, not "ran and found nothing",
    so controls that need Kubernetes or Terraform evidence are not passed on that ground."""
    project = tmp_path / "node"
    project.mkdir()
    (project / "package.json").write_text('{"name": "x", "version": "1.0.0", "dependencies": {"a": "^1"}}')
    (project / ".travis.yml").write_text("language: node_js\nnode_js: ['0.10']\n")
    run = Checkov().execute(context(target_for(project), tmp_path / "work"))
    assert run.invocations[0].execution_successful is False
    assert run.properties["shiftleft"]["status"] == "not-applicable"
    assert "no " in run.properties["shiftleft"]["reason"]


def test_assessed_frameworks_are_recorded(deploy_run: sarif_om.Run) -> None:
    assessed = deploy_run.properties["shiftleft"]["assessedFrameworks"]
    assert {"terraform", "kubernetes", "cloudformation", "github_actions"} <= set(assessed)


def test_helm_chart_without_helm_counts_as_not_assessed(tmp_path: Path, checkov_path: str) -> None:
    import shutil as _shutil

    if _shutil.which("helm"):
        pytest.skip("helm is installed here, so charts are rendered")
    project = tmp_path / "chart"
    (project / "templates").mkdir(parents=True)
    (project / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    (project / "templates" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: c, image: 'nginx:1.25'}\n"
    )
    run = Checkov().execute(context(target_for(project), tmp_path / "work"))
    items = run.properties["shiftleft"].get("notAssessed") or []
    assert any("helm" in item["reason"] for item in items), run.properties


def test_terraform_that_does_not_parse_is_a_failure_not_an_absence(tmp_path: Path, checkov_path: str) -> None:
    project = tmp_path / "tf"
    project.mkdir()
    (project / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  acl = \n}\n')
    run = Checkov().execute(context(target_for(project), tmp_path / "work"))
    assert run.invocations[0].execution_successful is False
    assert run.properties["shiftleft"]["status"] == "failed"
    assert "could not parse" in run.properties["shiftleft"]["reason"]
