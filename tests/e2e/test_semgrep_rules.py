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


def test_the_scanner_gives_semgrep_the_pack_as_one_json_file_and_extra_rules_beside_it(tmp_path: Path) -> None:
    """A scan writes the bundled rules of the languages present into its workdir as one JSON
    rule file (semgrep parses it much faster than the YAML files) and passes configured rule
    files as they are: findings of both come back under the ids the rules declare."""
    from shiftleft.model import ScanContext, ScanTarget
    from shiftleft.sarif import om
    from shiftleft.scanners.semgrep import Semgrep
    from shiftleft.scanners.semgrep_pack import bundled_rules

    require(find_executable("semgrep") is not None, "semgrep is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n", "utf-8")
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "rules:\n  - id: my.own-rule\n    languages: [python]\n    severity: INFO\n"
        "    message: mine\n    pattern: pickle.loads(...)\n",
        "utf-8",
    )
    workdir = tmp_path / "work"
    workdir.mkdir()
    ctx = ScanContext(ScanTarget(root=root, files=("app.py",)), workdir, 300, options={"rules": [str(extra)]})
    run = om.to_dict(Semgrep().execute(ctx))
    found = {r["ruleId"] for r in run.get("results") or []}
    assert {"shiftleft.python.pickle-loads", "my.own-rule"} <= found, found
    pack = json.loads((workdir / "shiftleft-rules.json").read_text("utf-8"))
    assert pack == {"rules": bundled_rules(["python"])}
    declared = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {r["id"] for r in pack["rules"]} | {"my.own-rule"} == declared
