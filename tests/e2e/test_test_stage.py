"""End to end: the test stage through the CLI on an image tarball the test builds itself,
with a real (sample) advisory database: specific findings, the gate's secrets rule for a
token baked into the image, and packages without advisory data counted as not assessed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, shiftleft

sys.path.insert(0, str(ROOT / "tests" / "image"))
from image_helpers import base_layer, docker_archive, upper_layer

pytestmark = pytest.mark.e2e
TOKEN = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"


def test_image_archive_scan(tmp_path: Path) -> None:
    archive = docker_archive(tmp_path / "image.tar", [base_layer(), upper_layer()])
    db = tmp_path / "osv.sqlite3"
    imported = shiftleft("db", "import", str(ROOT / "examples" / "advisories" / "PyPI"), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    project = tmp_path / "project"
    project.mkdir()
    out = tmp_path / "out"
    proc = shiftleft(
        "scan", str(project), "--stage", "test", "--image-archive", str(archive), "--db", str(db),
        "-o", str(out), "--no-history", "-f", "json", "-f", "sarif", "-f", "html",
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    data = json.loads((out / "scorecard.json").read_text())
    found = {(f["ruleId"], f["severity"]) for f in data["findings"]}
    assert {("SL-IMG-003", "critical"), ("SL-IMG-006", "high"), ("SL-IMG-001", "medium")} <= found
    rules = {r["id"]: r["passed"] for r in data["gate"]["rules"]}
    assert rules["no-secrets"] is False  # the GitHub token in ENV counts as a committed secret
    container = next(s for s in data["scanners"] if s["name"] == "container")
    # Debian and npm packages have no advisories in the sample database: not assessed, visibly
    assert container["status"] == "ok" and container["notAssessed"] >= 3
    assert "NOT ASSESSED" in proc.stdout
    for name in ("scorecard.json", "shiftleft.sarif", "report.html"):
        assert TOKEN not in (out / name).read_text()


def test_image_scan_without_advisory_database_is_not_assessed(tmp_path: Path) -> None:
    """The configuration findings stand, but with no database nothing was checked for
    known vulnerabilities: the container scanner failed, never "ok"."""
    archive = docker_archive(tmp_path / "image.tar", [base_layer(), upper_layer()])
    project = tmp_path / "project"
    project.mkdir()
    out = tmp_path / "out"
    proc = shiftleft(
        "scan", str(project), "--stage", "test", "--image-archive", str(archive),
        "--db", str(tmp_path / "missing.sqlite3"), "-o", str(out), "--no-history",
    )  # fmt: skip
    data = json.loads((out / "scorecard.json").read_text())
    container = next(s for s in data["scanners"] if s["name"] == "container")
    assert container["status"] == "failed" and "not assessed" in container["reason"]
    assert any(f["ruleId"] == "SL-IMG-003" for f in data["findings"])
    rules = {r["id"]: r["passed"] for r in data["gate"]["rules"]}
    assert rules["required-scanners-ran"] is False
    assert proc.returncode == 1  # the findings fail it; without them it would be 3
