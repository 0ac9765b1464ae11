"""Every --sarif-profile of a real scan of the example app passes Microsoft's SARIF
Multitool with GitHub's ingestion rules and the SARIF authoring rules (0 errors), and
the URIs are relative to the repository root (the example lies in this repository).
The multitool runs where SARIF_MULTITOOL points to it (CI); elsewhere those tests skip."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from shiftleft.sarif.profiles import PROFILES, file_name
from tests.conftest import ROOT, require, shiftleft

pytestmark = pytest.mark.e2e
EXAMPLE = ROOT / "examples" / "vulnerable-app"


def _multitool() -> str | None:
    path = os.environ.get("SARIF_MULTITOOL")
    return path if path and Path(path).is_file() else None


def validation_errors(tool: str, sarif: Path, work: Path) -> list[str]:
    proc = subprocess.run(
        [tool, "validate", "--rule-kind", "Gh;Sarif", "-o", str(work / f"{sarif.name}.validation"), str(sarif)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )  # fmt: skip
    assert "validate" in proc.stdout.lower() or proc.returncode == 0, proc.stdout + proc.stderr
    return [line for line in proc.stdout.splitlines() if re.search(r": error [A-Z]+\d+", line)]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scan of the example app (every stage that applies), then one ``report --from``
    per other profile: each profile's file in the scan's output directory."""
    out = tmp_path_factory.mktemp("profiles")
    proc = shiftleft("scan", str(EXAMPLE), "-o", str(out), "--no-history", "--no-cache", "--sarif-profile", "github")
    assert proc.returncode in (0, 1, 3), proc.stderr
    for profile in PROFILES[1:]:
        again = shiftleft("report", "--from", str(out / "shiftleft.sarif"), "-f", "json", "-o", str(out),
                          "--sarif-profile", profile)  # fmt: skip
        assert again.returncode == 0, again.stderr
    return out


def test_the_scan_of_a_subdirectory_writes_repository_root_uris(scanned: Path) -> None:
    data = json.loads((scanned / "shiftleft.sarif").read_text())
    found = [loc["physicalLocation"]["artifactLocation"]["uri"] for run in data["runs"] for r in run["results"]
             for loc in r.get("locations") or [] if "physicalLocation" in loc]  # fmt: skip
    assert found and all(u.startswith("examples/vulnerable-app/") for u in found), found[:5]
    checkov = [run for run in data["runs"] if run["tool"]["driver"]["name"] == "checkov"]
    assert checkov and all(r.get("helpUri") for run in checkov for r in run["tool"]["driver"]["rules"])
    for run in data["runs"]:
        assert run["tool"]["driver"].get("informationUri"), run["tool"]["driver"]["name"]
        for rule in run["tool"]["driver"].get("rules") or []:
            assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note"), rule["id"]


def test_a_rerendered_log_keeps_the_scan_paths_and_is_not_prefixed_twice(scanned: Path) -> None:
    first = json.loads((scanned / "shiftleft.sarif").read_text())
    second = json.loads((scanned / file_name("azure")).read_text())
    uris = [[loc["physicalLocation"]["artifactLocation"]["uri"] for run in log["runs"] for r in run["results"]
             for loc in r.get("locations") or [] if "physicalLocation" in loc] for log in (first, second)]  # fmt: skip
    assert uris[0] == uris[1]


@pytest.mark.parametrize("profile", ["default", *PROFILES])
def test_multitool_reports_no_errors_for_every_profile(scanned: Path, profile: str, tmp_path: Path) -> None:
    tool = _multitool()
    require(tool is not None, "SARIF_MULTITOOL is not set to the Sarif.Multitool binary")
    assert tool is not None
    sarif = scanned / ("shiftleft.sarif" if profile == "default" else file_name(profile))
    assert sarif.is_file()
    errors = validation_errors(tool, sarif, tmp_path)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(("args", "needle"), [
    (["--sarif-profile", "jira"], "unknown SARIF profile"),
    (["--path-prefix", "../up"], "--path-prefix"),
    (["--path-prefix", "/abs"], "--path-prefix"),
])  # fmt: skip
def test_bad_profile_or_prefix_is_one_line_and_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    proc = shiftleft("scan", str(tmp_path), "-o", str(tmp_path / "out"), "--no-history", *args)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("command", [["merge", "missing.sarif"], ["--from", "missing.sarif"]])
def test_report_refuses_a_bad_profile_before_reading(tmp_path: Path, command: list[str]) -> None:
    proc = shiftleft("report", *command, "--sarif-profile", "nope", "-o", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2 and "unknown SARIF profile" in proc.stderr, proc.stderr
