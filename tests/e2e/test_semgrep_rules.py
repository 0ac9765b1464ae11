"""The bundled semgrep rule pack passes semgrep's own rule tests (ruleid/ok annotations)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

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


def test_scrapy_requests_are_not_request_data(tmp_path: Path) -> None:
    """In a module that imports scrapy, `request` is the crawler's outgoing Request: its headers
    and body are no client input. The same code in a Django view is still found."""
    exe = find_executable("semgrep")
    require(exe is not None, "semgrep is not installed")
    assert exe is not None
    body = (
        "def process_request(self, request, spider):\n"
        "    referer = request.headers.get('Referer')\n"
        "    subprocess.call('echo ' + referer, shell=True)\n"
    )
    (tmp_path / "crawler.py").write_text("import subprocess\nimport scrapy\n\n\n" + body, encoding="utf-8")
    (tmp_path / "views.py").write_text("import subprocess\n\n\n" + body, encoding="utf-8")
    config = semgrep_rules_dir() / "python" / "injection.yaml"
    proc = subprocess.run(
        [exe, "scan", "--metrics=off", "--json", "--config", str(config), str(tmp_path)],
        capture_output=True, text=True, env=tool_env(), timeout=600, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    found = {(Path(r["path"]).name, r["check_id"].rsplit(".", 1)[-1]) for r in json.loads(proc.stdout)["results"]}
    assert ("views.py", "command-injection-shell-request-data") in found
    assert not {f for f in found if f[0] == "crawler.py"}, found
