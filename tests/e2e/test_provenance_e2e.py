"""End to end: provenance of the real semgrep and bandit in the SARIF a scan writes, checked
against the pins this release ships, and ``shiftleft scanners --verify`` on the installed tools."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from shiftleft import provenance as prov
from tests.conftest import require, shiftleft

pytestmark = pytest.mark.e2e

HEX64 = re.compile(r"[0-9a-f]{64}")


def _installed(tool: str) -> bool:
    return shutil.which(tool) is not None or (Path(sys.executable).parent / tool).exists()


@pytest.fixture(scope="module")
def sarif(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    for tool in ("semgrep", "bandit"):
        require(_installed(tool), f"{tool} is not installed")
    root = tmp_path_factory.mktemp("repo")
    (root / "app.py").write_text("import subprocess\n\nsubprocess.call(input(), shell=True)\n")
    out = tmp_path_factory.mktemp("out")
    config = out.parent / "only-sast.yaml"
    config.write_text("scanners:\n  betterleaks: false\n  detect-secrets: false\n")
    proc = shiftleft("scan", str(root), "--stage", "code", "--config", str(config), "-o", str(out), "-f", "sarif")
    assert proc.returncode in (0, 1), proc.stderr
    data: dict[str, Any] = json.loads((out / "shiftleft.sarif").read_text())
    return data


def _provenance(sarif: dict[str, Any], scanner: str) -> dict[str, Any]:
    run = next(r for r in sarif["runs"] if r["properties"]["shiftleft"].get("scanner") == scanner)
    record: dict[str, Any] = run["properties"]["shiftleft"]["provenance"]
    entry = next(s for s in sarif["properties"]["shiftleft"]["scanners"] if s["name"] == scanner)
    assert entry["provenance"] == record  # the log-level scanner health carries the same record
    return record


@pytest.mark.parametrize("scanner", ["semgrep", "bandit"])
def test_real_tools_provenance_in_the_sarif(sarif: dict[str, Any], scanner: str) -> None:
    record = _provenance(sarif, scanner)
    tool = record["tool"]
    assert tool["name"] == scanner and tool["kind"] == "distribution" and tool["digestOf"] == "RECORD"
    assert HEX64.fullmatch(tool["sha256"]) and tool["version"] == tool["package"]["version"]
    assert record["pinned"] in ("match", "unpinned")  # never mismatch: the scan ran it
    pins = prov.load_pins()
    state, _ = prov.pin_state(pins, scanner, tool["package"]["version"], "RECORD", tool["sha256"])
    assert record["pinned"] == state
    text = json.dumps(record)
    assert "/" not in text.replace("\\/", "") and str(Path.home()) not in text and os.getcwd() not in text


def test_semgrep_rule_pack_digest(sarif: dict[str, Any]) -> None:
    from shiftleft.scanners.semgrep_pack import pack_digest

    pack = _provenance(sarif, "semgrep")["rulePack"]
    assert pack["name"] == "shiftleft-semgrep" and pack["sha256"] == pack_digest() and pack["languages"] == ["python"]


def test_verify_on_the_installed_tools() -> None:
    for tool in ("semgrep", "bandit"):
        require(_installed(tool), f"{tool} is not installed")
    proc = shiftleft("scanners", "--verify", timeout=900)
    assert proc.returncode in (0, 1), proc.stderr
    lines = {ln.split()[0]: ln for ln in proc.stdout.splitlines() if ln.strip() and not ln.startswith(" ")}
    for tool in ("semgrep", "bandit"):
        assert re.search(r" [0-9a-f]{12} (match|mismatch|unpinned)$", lines[tool]), lines[tool]
    assert proc.returncode == (1 if " mismatch" in proc.stdout else 0)
