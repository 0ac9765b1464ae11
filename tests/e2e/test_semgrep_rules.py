"""The bundled semgrep rule pack passes semgrep's own rule tests (ruleid/ok annotations)."""

from __future__ import annotations

import subprocess

import pytest

from shiftleft.process import find_executable, tool_env
from shiftleft.resources import semgrep_rules_dir
from tests.conftest import require

pytestmark = pytest.mark.e2e


def test_rule_pack_passes_semgrep_test() -> None:
    exe = find_executable("semgrep")
    require(exe is not None, "semgrep is not installed")
    assert exe is not None
    proc = subprocess.run(
        [exe, "--test", "--metrics=off", str(semgrep_rules_dir())],
        capture_output=True, text=True, env=tool_env(), timeout=1200, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All tests passed" in proc.stdout + proc.stderr
