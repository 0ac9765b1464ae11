"""End to end: the real semgrep, bandit and both secrets engines (Betterleaks, the default,
and detect-secrets, turned on alongside) on a fixture project, through the CLI, asserting
specific findings, valid SARIF, gate exit codes and no leaked secret."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from shiftleft.scanners.betterleaks import engine_python
from tests.conftest import FIXTURES, require, shiftleft

pytestmark = pytest.mark.e2e

PROJECT = FIXTURES / "code-project"
FAKE_TOKEN = "ghp_4Fx9QwErTy8UiOp2AsDfGhJkL5zXcVbNm7Q1"


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    for tool in ("semgrep", "bandit", "detect-secrets"):
        require(shutil.which(tool) is not None or (Path(__import__("sys").executable).parent / tool).exists(),
                f"{tool} is not installed")
    require(engine_python() is not None, "betterleaks is not installed (shiftleft tools install betterleaks)")
    out = tmp_path_factory.mktemp("report")
    config = out.parent / "both-engines.yaml"
    config.write_text("scanners:\n  detect-secrets: true\n")
    proc = shiftleft("scan", str(PROJECT), "--stage", "code", "--config", str(config), "-o", str(out),
                     "-f", "sarif", "-f", "json")  # fmt: skip
    return {
        "proc": proc,
        "out": out,
        "sarif": json.loads((out / "shiftleft.sarif").read_text()),
        "scorecard": json.loads((out / "scorecard.json").read_text()),
    }


def _findings(scan: dict[str, Any]) -> set[tuple[str, str, str, int, str]]:
    return {(f["tool"], f["ruleId"], f["path"], f["line"], f["severity"]) for f in scan["scorecard"]["findings"]}


def test_specific_findings_of_each_tool(scan: dict[str, Any]) -> None:
    found = _findings(scan)
    expected = {
        ("semgrep", "shiftleft.python.subprocess-shell-true", "src/handlers.py", 6, "high"),
        ("semgrep", "shiftleft.python.sql-injection-string-format", "src/handlers.py", 10, "high"),
        ("semgrep", "shiftleft.js.dom-xss-innerhtml", "web/page.js", 3, "medium"),
        ("betterleaks", "betterleaks/github-pat", "src/config.py", 3, "critical"),
    }
    assert expected <= found, expected - found
    # bandit and detect-secrets found the same problems: one finding each, both tools named
    # on it (sarif.dedup), never counted twice
    assert not {f for f in found if (f[0], f[2], f[3]) in
                {("bandit", "src/handlers.py", 6), ("bandit", "src/handlers.py", 10),
                 ("detect-secrets", "src/config.py", 3)}}  # fmt: skip
    assert ("bandit", "B105", "src/config.py", 3, "low") in found  # CWE-259, not the token's CWE-798: its own
    also = {
        (r["ruleId"], a["tool"], a["ruleId"])
        for run in scan["sarif"]["runs"] for r in run.get("results") or []
        for a in (r.get("properties") or {}).get("alsoReportedBy") or []
    }  # fmt: skip
    assert {("shiftleft.python.subprocess-shell-true", "bandit", "B602"),
            ("shiftleft.python.sql-injection-string-format", "bandit", "B608"),
            ("betterleaks/github-pat", "detect-secrets", "detect-secrets/github-token")} <= also, also  # fmt: skip
    assert "secretIdentity" not in json.dumps(scan["sarif"])
    # the parameterized query on line 14 is not flagged by our rule
    assert not any(f[2] == "src/handlers.py" and f[3] == 14 for f in found)


def test_gate_fails_with_exit_1_and_summary(scan: dict[str, Any]) -> None:
    proc = scan["proc"]
    assert proc.returncode == 1, proc.stderr
    assert "Gate FAILED" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert scan["scorecard"]["gate"]["passed"] is False
    assert scan["scorecard"]["gate"]["exitCode"] == 1


def test_sarif_is_schema_valid_and_follows_conventions(scan: dict[str, Any], sarif_schema: dict[str, Any]) -> None:
    log = scan["sarif"]
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    ids = [run["automationDetails"]["id"] for run in log["runs"]]
    assert len(ids) == len(set(ids))
    for run in log["runs"]:
        rules = {r["id"]: r for r in run["tool"]["driver"].get("rules", [])}
        for rule in rules.values():
            assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
            assert 0.0 <= float(rule["properties"]["security-severity"]) <= 10.0
        for result in run.get("results", []):
            assert result["ruleId"] in rules
            assert result["message"]["text"]
            loc = result["locations"][0]["physicalLocation"]
            assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
            assert loc["region"]["startLine"] >= 1
            assert result["partialFingerprints"]["primaryLocationLineHash"]
            assert result["properties"]["severity"] in {"critical", "high", "medium", "low", "info"}
            assert result["properties"]["stage"] == "code"


def test_no_secret_value_in_any_output(scan: dict[str, Any]) -> None:
    for path in scan["out"].iterdir():
        assert FAKE_TOKEN not in path.read_text(), path
    assert FAKE_TOKEN not in scan["proc"].stdout + scan["proc"].stderr


def test_scanner_health_recorded(scan: dict[str, Any]) -> None:
    statuses = {s["name"]: s for s in scan["scorecard"]["scanners"]}
    for name in ("semgrep", "bandit", "betterleaks", "detect-secrets"):
        assert statuses[name]["status"] == "ok"
        assert statuses[name]["version"]
    assert scan["scorecard"]["scorecard"]["overall"]["coverage"] == 1.0


def test_clean_project_passes_with_exit_0(tmp_path: Path) -> None:
    project = tmp_path / "clean"
    project.mkdir()
    (project / "ok.py").write_text("def add(a: int, b: int) -> int:\n    return a + b\n")
    proc = shiftleft("scan", str(project), "--stage", "code", "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Gate PASSED" in proc.stdout


def test_fail_on_critical_lets_highs_through_but_not_secrets(tmp_path: Path) -> None:
    proc = shiftleft("scan", str(PROJECT), "--stage", "code", "--fail-on", "critical", "-o", str(tmp_path))
    data = json.loads((tmp_path / "scorecard.json").read_text())
    rules = {r["id"]: r["passed"] for r in data["gate"]["rules"]}
    assert rules["no-critical-or-above"] is False  # the GitHub token is critical
    assert rules["no-secrets"] is False
    assert proc.returncode == 1


def test_missing_scanner_is_not_assessed_and_exit_3(tmp_path: Path) -> None:
    """With semgrep's executable hidden, the scan still runs bandit and detect-secrets,
    reports semgrep as missing, and never passes."""
    project = tmp_path / "clean"
    project.mkdir()
    (project / "ok.py").write_text("x = 1\n")
    # a copy of the running virtualenv's layout whose bin/ lacks semgrep
    import os
    import subprocess
    import sys

    real = Path(sys.prefix)
    fake = tmp_path / "venv"
    bindir = fake / "bin"
    bindir.mkdir(parents=True)
    (fake / "pyvenv.cfg").write_text((real / "pyvenv.cfg").read_text())
    (fake / "lib").symlink_to(real / "lib")
    for tool in ("bandit", "detect-secrets"):
        (bindir / tool).symlink_to(real / "bin" / tool)
    py = bindir / "python"
    py.symlink_to(Path(sys.executable).resolve())
    env = {**os.environ, "PATH": f"{bindir}:/usr/bin:/bin", "NO_COLOR": "1"}
    proc = subprocess.run(
        [str(py), "-m", "shiftleft", "scan", str(project), "--stage", "code", "-o", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "NOT ASSESSED" in proc.stdout
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    semgrep = next(s for s in data["scanners"] if s["name"] == "semgrep")
    assert semgrep["status"] == "missing"
    assert data["gate"]["passed"] is False
    assert data["scorecard"]["overall"]["coverage"] < 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "/nonexistent/shiftleft-test"], "no such file or directory"),
        (["scan", str(PROJECT / "README.md")], "not a directory"),
        (["scan", str(PROJECT), "--stage", "biuld"], "did you mean 'build'"),
        (["scan", str(PROJECT), "--format", "sarf"], "did you mean 'sarif'"),
        (["scan", str(PROJECT), "--fail-on", "urgent"], "unknown severity"),
        (["scan", str(PROJECT), "--config", "/nonexistent/shiftleft.yaml"], "config file not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    proc = shiftleft(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_invalid_config_reports_line(tmp_path: Path) -> None:
    cfg = tmp_path / "shiftleft.yaml"
    cfg.write_text("gate:\n  fail_on: high\nstagse: [code]\n")
    proc = shiftleft("scan", str(PROJECT), "--config", str(cfg), "-o", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert f"{cfg}:3:" in proc.stderr
    assert "did you mean 'stages'" in proc.stderr


def test_hostile_tree_symlinks_and_binary_are_skipped_with_notifications(tmp_path: Path) -> None:
    project = tmp_path / "hostile"
    project.mkdir()
    outside = tmp_path / "outside.py"
    outside.write_text("import pickle\npickle.loads(b'')\n")
    (project / "escape.py").symlink_to(outside)
    (project / "loop1").symlink_to(project / "loop2")
    (project / "loop2").symlink_to(project / "loop1")
    (project / "blob.py").write_bytes(b"\x00\x01binary")
    (project / "real.py").write_text("x = 1\n")
    out = tmp_path / "out"
    proc = shiftleft("scan", str(project), "--stage", "code", "-o", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = json.loads((out / "shiftleft.sarif").read_text())
    orchestrator = log["runs"][-1]
    texts = [n["message"]["text"] for n in orchestrator["invocations"][0]["toolExecutionNotifications"]]
    assert any("escape.py" in t and "outside" in t for t in texts)
    assert any("loop1" in t for t in texts)
    assert any("blob.py" in t and "binary" in t for t in texts)
    # the file outside the root was never read by any scanner
    for run in log["runs"]:
        for result in run.get("results", []):
            assert "escape" not in json.dumps(result["locations"])


def test_scanners_command_lists_adapters() -> None:
    proc = shiftleft("scanners")
    assert proc.returncode == 0
    for name in ("semgrep", "bandit", "betterleaks", "detect-secrets"):
        assert name in proc.stdout
    assert "found" in proc.stdout


def test_version() -> None:
    from shiftleft import __version__

    proc = shiftleft("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"shiftleft {__version__}"


def test_long_error_stays_on_one_line_in_a_narrow_terminal() -> None:
    long_path = "/nonexistent/" + "deeply-nested-directory/" * 6
    proc = shiftleft("scan", long_path, env={"COLUMNS": "40"})
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0, proc.stderr


def test_file_bandit_cannot_parse_is_not_assessed(tmp_path: Path) -> None:
    project = tmp_path / "py2"
    project.mkdir()
    (project / "old.py").write_text('import subprocess\nprint "python 2"\nsubprocess.call(x, shell=True)\n')
    out = tmp_path / "out"
    shiftleft("scan", str(project), "--stage", "code", "-o", str(out), "--no-history")
    data = json.loads((out / "scorecard.json").read_text())
    bandit = next(s for s in data["scanners"] if s["name"] == "bandit")
    assert bandit["status"] == "ok" and bandit["notAssessed"] == 1
    assert data["scorecard"]["overall"]["state"] == "partial"
