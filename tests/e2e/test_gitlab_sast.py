"""End to end: the real code and deploy scanners (semgrep, bandit, checkov) on
examples/vulnerable-app through the CLI, ``--format gitlab-sast``: the report is valid
against GitLab's SAST schema (15.2.1), holds every unsuppressed SAST and IaC finding of the
scan once, says ``success`` only when every such scanner ran, and holds no secret value."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, require, shiftleft
from tests.report.native_cases import EXAMPLE_SECRETS, load_schema

pytestmark = pytest.mark.e2e

APP = ROOT / "examples" / "vulnerable-app"


def _installed(tool: str) -> bool:
    return shutil.which(tool) is not None or (Path(sys.executable).parent / tool).exists()


def test_gitlab_sast_of_a_real_scan_is_valid_and_complete(tmp_path: Path) -> None:
    for tool in ("semgrep", "bandit"):
        require(_installed(tool), f"{tool} is not installed")
    out = tmp_path / "reports"
    proc = shiftleft("scan", str(APP), "--stage", "code", "--stage", "deploy", "--no-history",
                     "-o", str(out), "-f", "gitlab-sast", "-f", "json")  # fmt: skip
    assert proc.returncode in (1, 3), proc.stderr[-2000:]  # the app is vulnerable on purpose
    text = (out / "gl-sast-report.json").read_text("utf-8")
    report = json.loads(text)
    errors = list(jsonschema.Draft7Validator(load_schema("sast")).iter_errors(report))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]]

    scorecard = json.loads((out / "scorecard.json").read_text("utf-8"))
    expected = [f for f in scorecard["findings"] if f["category"] in ("sast", "iac") and not f["suppressed"]]
    assert len(report["vulnerabilities"]) == len(expected) > 0
    tools = {v["identifiers"][0]["type"] for v in report["vulnerabilities"]}
    assert {"semgrep_id", "bandit_id"} <= tools
    assert len({v["id"] for v in report["vulnerabilities"]}) == len(report["vulnerabilities"])
    files = {v["location"].get("file") for v in report["vulnerabilities"]}
    assert "app/db.py" in files and all(f and not f.startswith("/") for f in files)

    relevant = [s for s in scorecard["scanners"] if s["category"] in ("sast", "iac")]
    failed = [s["name"] for s in relevant if s["status"] in ("failed", "missing", "timeout")]
    assert report["scan"]["status"] == ("failure" if failed else "success"), failed
    if "checkov" not in failed:
        assert "checkov_id" in tools  # IaC findings are in the SAST report, as GitLab's IaC scanning does
    for secret in EXAMPLE_SECRETS:
        assert secret not in text
