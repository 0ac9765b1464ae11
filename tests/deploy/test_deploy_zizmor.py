"""zizmor, the real tool, on the GitHub Actions fixtures: template injection, unpinned
actions, excessive permissions, a composite action; a broken workflow is not assessed; the
pipeline runs it in the deploy stage next to checkov."""

from __future__ import annotations

from pathlib import Path

import pytest
import sarif_om
from deploy_helpers import FIXTURES, context, require, target_for

from shiftleft import tools
from shiftleft.config import Config
from shiftleft.findings import iter_findings
from shiftleft.pipeline import run_scan
from shiftleft.sarif.om import to_dict
from shiftleft.scanners.zizmor import Zizmor

ACTIONS = FIXTURES / "actions"


@pytest.fixture(scope="session")
def zizmor_path() -> str:
    path = tools.find_tool("zizmor")
    require("zizmor", path is not None, "run `shiftleft tools install zizmor` (or set SHIFTLEFT_TOOLS_DIR)")
    assert path is not None
    return path


@pytest.fixture(scope="module")
def zizmor_run(tmp_path_factory: pytest.TempPathFactory, zizmor_path: str) -> sarif_om.Run:
    return Zizmor().execute(context(target_for(ACTIONS), tmp_path_factory.mktemp("zz")))


def findings(run: sarif_om.Run) -> set[tuple[str, str, int]]:
    out = set()
    for res in run.results or []:
        phys = res.locations[0].physical_location
        out.add((res.rule_id, phys.artifact_location.uri, phys.region.start_line))
    return out


def test_workflow_findings(zizmor_run: sarif_om.Run) -> None:
    found = findings(zizmor_run)
    workflow = ".github/workflows/triage.yml"
    assert ("zizmor/template-injection", workflow, 12) in found  # ${{ github.event.issue.title }} in run:
    assert ("zizmor/unpinned-uses", workflow, 10) in found  # some-org/issue-labeler@main
    assert ("zizmor/excessive-permissions", workflow, 5) in found  # permissions: write-all, two jobs
    assert not any(uri == ".github/workflows/pinned.yml" for _, uri, _ in found)  # SHA-pinned, read-only


def test_composite_action_findings(zizmor_run: sarif_om.Run) -> None:
    found = findings(zizmor_run)
    action = ".github/actions/setup/action.yml"
    assert ("zizmor/template-injection", action, 11) in found
    assert ("zizmor/unpinned-uses", action, 10) in found


def test_the_broken_workflow_is_not_assessed_the_run_succeeds(zizmor_run: sarif_om.Run) -> None:
    data = to_dict(zizmor_run)
    assert data["invocations"][0]["executionSuccessful"] is True
    items = data["properties"]["shiftleft"]["notAssessed"]
    assert [i["subject"] for i in items] == [".github/workflows/broken.yml"]
    assert data["tool"]["driver"]["version"] == "1.32.0"


def test_rules_carry_descriptions_help_and_cwe(zizmor_run: sarif_om.Run) -> None:
    rules = {r.id: r for r in zizmor_run.tool.driver.rules}
    rule = rules["zizmor/template-injection"]
    assert rule.short_description.text and rule.help_uri.startswith("https://docs.zizmor.sh/")
    assert rule.properties["cwe"] == ["CWE-94"]


def test_in_the_pipeline_severities_and_stage(tmp_path: Path, zizmor_path: str) -> None:
    outcome = run_scan(target_for(ACTIONS), Config(), {"zizmor": Zizmor}, stages=("deploy",))
    status = {s.name: s for s in outcome.statuses}["zizmor"]
    assert (status.status, status.stage, status.category, status.not_assessed) == ("ok", "deploy", "iac", 1)
    severities = {(f.rule_id, f.path): f.severity for f in iter_findings(outcome.log) if f.tool == "zizmor"}
    assert severities[("zizmor/template-injection", ".github/workflows/triage.yml")] == "high"
    assert severities[("zizmor/excessive-permissions", ".github/workflows/triage.yml")] == "high"
    assert severities[("zizmor/unpinned-uses", ".github/workflows/triage.yml")] == "medium"  # per-audit override


def test_missing_tool_is_not_assessed_with_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools, "find_tool", lambda name: None)
    outcome = run_scan(target_for(ACTIONS), Config(), {"zizmor": Zizmor}, stages=("deploy",))
    status = {s.name: s for s in outcome.statuses}["zizmor"]
    assert status.status == "missing" and not status.assessed and status.required
    assert "shiftleft tools install zizmor" in (status.reason or "")


def test_files_are_audited_in_groups_nothing_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zizmor_path: str, zizmor_run: sarif_om.Run
) -> None:
    """Groups of GROUP files, each its own zizmor run: the same findings as one run."""
    from shiftleft.scanners import zizmor

    monkeypatch.setattr(zizmor, "GROUP", 1)
    grouped = Zizmor().execute(context(target_for(ACTIONS), tmp_path))
    assert findings(grouped) == findings(zizmor_run)
    data = to_dict(grouped)
    assert data["properties"]["shiftleft"]["files"] == 4
    assert [i["subject"] for i in data["properties"]["shiftleft"]["notAssessed"]] == [".github/workflows/broken.yml"]
    assert sorted(r["id"] for r in data["tool"]["driver"]["rules"]) == sorted(
        r.id for r in zizmor_run.tool.driver.rules
    )
