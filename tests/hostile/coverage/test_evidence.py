"""A control passes only when its evidence kind was assessed: CIS Docker 5.x on a repository
without a single Kubernetes manifest is "not applicable" (checkov ran on Terraform), "not
assessed" when checkov failed - never "pass". A forged evidence record of a scanner that did
not succeed is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft import tools
from shiftleft.model import ScannerStatus
from shiftleft.policy import loader
from shiftleft.policy.frameworks import evaluate_framework, evidence_from_log
from tests.conftest import require
from tests.hostile.coverage import builders
from tests.hostile.coverage.conftest import scan

RUNTIME = ("5.4", "5.5", "5.10", "5.11", "5.13", "5.16", "5.17", "5.26", "5.32")


def _status(name: str, state: str = "ok", stage: str = "deploy") -> ScannerStatus:
    return ScannerStatus(name, stage, "iac", state, True, None if state == "ok" else "boom")


def _run(scanner: str, kinds: list[str], stage: str = "deploy") -> dict[str, object]:
    return {"properties": {"shiftleft": {"scanner": scanner, "stage": stage, "assessedFrameworks": kinds}}}


def _cis(statuses: list[ScannerStatus], sarif: dict[str, object]) -> dict[str, tuple[str, str]]:
    fw = loader.shipped_frameworks()["cis-docker"]
    result = evaluate_framework(fw, [], statuses, evidence_from_log(sarif, statuses))
    return {c.control_id: (c.state, c.reason) for c in result.controls}


def test_checkov_on_terraform_only_is_not_applicable_for_runtime_controls() -> None:
    """Before: "checkov ran" was enough, so all nine runtime controls passed."""
    got = _cis([_status("checkov")], {"runs": [_run("checkov", ["terraform"])]})
    for control in RUNTIME:
        state, reason = got[control]
        assert state == "not-applicable", (control, reason)
        assert "none in the target" in reason and "terraform" in reason


def test_checkov_on_kubernetes_passes_runtime_controls() -> None:
    got = _cis([_status("checkov")], {"runs": [_run("checkov", ["kubernetes", "terraform"])]})
    assert {got[c][0] for c in RUNTIME} == {"pass"}


@pytest.mark.parametrize("state", ["failed", "timeout", "missing"])
def test_a_failed_checkov_is_not_assessed_even_with_a_forged_record(state: str) -> None:
    """A run that claims it assessed Kubernetes, from a scanner whose adapter failed, is no
    evidence (the record is read only from successful runs)."""
    got = _cis([_status("checkov", state)], {"runs": [_run("checkov", ["kubernetes"])]})
    assert {got[c][0] for c in RUNTIME} == {"not-assessed"}


def test_a_record_from_another_scanner_or_stage_is_not_evidence() -> None:
    statuses = [_status("checkov"), _status("imported", stage="deploy")]
    sarif = {"runs": [_run("checkov", ["terraform"]), _run("imported", ["kubernetes"]),
                      _run("checkov", ["kubernetes"], stage="code")]}  # fmt: skip
    assert {_cis(statuses, sarif)[c][0] for c in RUNTIME} == {"not-applicable"}


def test_no_evidence_record_is_not_assessed() -> None:
    """A log without the record (or a caller that cannot tell) never passes the control."""
    fw = loader.shipped_frameworks()["cis-docker"]
    for evidence in (None, {}):
        result = evaluate_framework(fw, [], [_status("checkov")], evidence)
        assert {c.state for c in result.controls if c.control_id in RUNTIME} == {"not-assessed"}


def test_every_shipped_control_on_a_single_kind_scanner_names_its_evidence() -> None:
    """Review of the shipped frameworks: a control that selects only checkov's Kubernetes or
    CI-workflow checks must name that evidence kind, or it passes on Terraform alone."""
    for fw in loader.shipped_frameworks().values():
        for c in fw.controls:
            rules = [r for s in c.select for r in s.rules]
            if rules and all(r.startswith(("CKV_K8S_", "CKV_GHA_", "CKV2_GHA_", "CKV_GITLABCI_", "CKV2_GITLABCI_"))
                             for r in rules):  # fmt: skip
                assert c.requires.evidence, (fw.id, c.id)


def test_terraform_only_repository_through_the_cli(repo: Path, tmp_path: Path) -> None:
    require(tools.find_tool("checkov") is not None, "checkov is not installed (shiftleft tools install checkov)")
    builders.terraform_only(repo)
    res = scan(repo, tmp_path / "out", "-s", "deploy", "--framework", "cis-docker", "--framework", "nist-ssdf")
    assert res.status("checkov")["status"] == "ok"
    controls = {(fw["id"], c["controlId"]): c for fw in res.scorecard["frameworks"] for c in fw["controls"]}
    for control in RUNTIME:
        c = controls[("cis-docker", control)]
        assert c["state"] == "not-applicable", (control, c["reason"])
        assert "kubernetes" in c["reason"]
    assert controls[("nist-ssdf", "PO.3.2")]["state"] == "not-applicable"  # no CI workflow either
