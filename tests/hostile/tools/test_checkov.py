"""checkov takes no configuration, checks or paths from the repository (or from our
environment), and nothing it reads outside the root reaches an output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shiftleft.scanners.checkov import Checkov

from . import builders
from .conftest import RunScanner, not_assessed, rule_ids, text_of, uris

pytestmark = pytest.mark.usefixtures("checkov")


def test_repository_checkov_config_neither_runs_code_nor_skips_checks(tmp_path: Path, marker: Path) -> None:
    """The real CLI: a repository .checkov.yaml with external-checks-dir (Python of the
    repository) and skip-check of every failing check. Before: marker written, Gate PASSED."""
    root = builders.checkov_config(tmp_path / "repo", marker)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "shiftleft", "scan", str(root), "--stage", "deploy", "-o", str(out)],
        capture_output=True, text=True, timeout=600, cwd=root, check=False,
    )  # fmt: skip
    assert not marker.exists(), "the repository's external check ran"
    sarif = json.loads((out / "shiftleft.sarif").read_text("utf-8"))
    run = next(r for r in sarif["runs"] if r["tool"]["driver"]["name"] == "checkov")
    assert "CKV_AWS_20" in rule_ids(run), "skip-check from the repository hid the critical finding"
    assert {"main.tf", "infra/main.tf"} <= uris(run)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Gate FAILED" in proc.stdout


def test_home_config_and_checkov_variables_are_not_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """~/.checkov.yaml, CKV_SKIP_CHECK and CKV_FRAMEWORK of our environment (and a
    .checkov.yaml in our cwd) do not configure checkov either."""
    for key, value in builders.checkov_home_config(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / ".checkov.yaml").write_text((tmp_path / "home" / ".checkov.yaml").read_text())
    monkeypatch.chdir(cwd)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text(builders.PUBLIC_BUCKET)
    run = run_scanner(Checkov, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert set(builders.BUCKET_CHECKS) & rule_ids(run) >= {"CKV_AWS_20"}


def test_modules_outside_the_root_never_reach_an_output(tmp_path: Path, run_scanner: RunScanner) -> None:
    """A module source outside the root: checkov reads it. Before: results on
    "../outside/main.tf" with its content; after: dropped, said so, nothing of it printed."""
    planted = "OUTSIDE-THE-ROOT-7f3a"
    outside = tmp_path / "elsewhere"
    root = tmp_path / "repo"
    builders.module_outside(root, outside, planted)
    # checkov names an outside file relative to the common ancestor of its -d directory and
    # the file; a repository file of that same name must not lend it its place in the output
    collision = f"{tmp_path.name}/elsewhere/main.tf"
    (root / collision).parent.mkdir(parents=True)
    (root / collision).write_text('resource "aws_s3_bucket" "mine" {\n  bucket = "mine"\n}\n')
    run = run_scanner(Checkov, root)
    text = text_of(run)
    assert planted not in text
    assert uris(run) <= {"main.tf", collision}
    assert any("outside the scanned root" in item["reason"] for item in not_assessed(run))


def test_kustomize_results_never_point_at_temporary_files(tmp_path: Path, run_scanner: RunScanner) -> None:
    """checkov renders kustomizations into /tmp/tmpXXXX/...; results must name a file of the
    repository. Before: "tmpk0_flle7/.../Deployment-default-prod-web.yaml"."""
    if not any(
        Path(d, exe).exists() for d in os.environ.get("PATH", "").split(os.pathsep) for exe in ("kustomize", "kubectl")
    ):
        pytest.skip("neither kustomize nor kubectl is installed: checkov does not render kustomizations")
    root = tmp_path / "repo"
    builders.kustomize_overlay(root)
    run = run_scanner(Checkov, root)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert uris(run), "no kustomize/kubernetes result at all"
    assert uris(run) <= files, uris(run) - files
    assert "tmp" not in text_of([u for u in uris(run)])
    rendered = [r for r in run["results"] if (r.get("properties") or {}).get("renderedBy") == "kustomize"]
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("kustomization.yaml")
               for r in rendered)  # fmt: skip


def test_other_frameworks_and_hidden_directories_are_assessed(tmp_path: Path, run_scanner: RunScanner) -> None:
    """openapi and Bitbucket Pipelines files, and Terraform in a hidden directory. Before:
    dropped without a note (frameworks not run; checkov skips hidden directories)."""
    root = tmp_path / "repo"
    builders.other_frameworks(root)
    run = run_scanner(Checkov, root)
    assessed = set(run["properties"]["shiftleft"]["assessedFrameworks"])
    assert {"openapi", "bitbucket_pipelines", "terraform"} <= assessed
    assert {"api/openapi.yaml", "bitbucket-pipelines.yml", ".infra/main.tf"} <= uris(run)


def test_serverless_files_are_not_assessed_never_not_applicable(tmp_path: Path, run_scanner: RunScanner) -> None:
    """A framework shiftleft does not run: before, "not applicable" (nothing to check);
    after, the run failed with the reason, so the deploy stage is not assessed."""
    root = tmp_path / "repo"
    builders.serverless_only(root)
    run = run_scanner(Checkov, root)
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["properties"]["shiftleft"]["status"] == "failed"
    assert "serverless.yml" in run["properties"]["shiftleft"]["reason"]


def test_serverless_next_to_terraform_is_a_not_assessed_item(tmp_path: Path, run_scanner: RunScanner) -> None:
    root = tmp_path / "repo"
    builders.serverless_only(root)
    (root / "main.tf").write_text(builders.PUBLIC_BUCKET)
    run = run_scanner(Checkov, root)
    assert "CKV_AWS_20" in rule_ids(run)
    assert [i["subject"] for i in not_assessed(run)] == ["serverless.yml"]
