"""Our SARIF passes Microsoft's SARIF Multitool with GitHub's ingestion rules and the
SARIF authoring rules (0 errors). .ci/run installs the multitool from npm and sets
SARIF_MULTITOOL; elsewhere the test skips unless it is there."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, require, shiftleft

pytestmark = pytest.mark.e2e


def _multitool() -> str | None:
    path = os.environ.get("SARIF_MULTITOOL")
    return path if path and Path(path).is_file() else None


def test_multitool_reports_no_errors(tmp_path: Path) -> None:
    tool = _multitool()
    require(tool is not None, "SARIF_MULTITOOL is not set to the Sarif.Multitool binary")
    assert tool is not None
    out = tmp_path / "out"
    shiftleft("scan", str(FIXTURES / "code-project"), "--stage", "code", "-o", str(out))
    sarif = out / "shiftleft.sarif"
    assert sarif.is_file()
    proc = subprocess.run(
        [tool, "validate", "--rule-kind", "Gh;Sarif", "-o", str(tmp_path / "validation.sarif"), str(sarif)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    errors = [line for line in proc.stdout.splitlines() if re.search(r": error [A-Z]+\d+", line)]
    assert not errors, "\n".join(errors)
    assert "validate" in proc.stdout.lower() or proc.returncode == 0, proc.stdout + proc.stderr
