"""The SARIF run shiftleft builds from semgrep's JSON report (``scanners/semgrep_sarif.py``) is
the one semgrep's own formatter writes: semgrep is run twice on the same files with the same
rules, once for each format, and the two runs compared whole (rule descriptors, results with
regions and snippets, notifications). The files are the bundled pack's own test files (every
rule matches there) and a file of line-ending and encoding cases; the rules are the whole
bundled pack, and a rule file of other shapes (metadata as strings, ``source``,
``security-severity``, no metadata, the newer severities)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from shiftleft.process import find_executable, tool_env
from shiftleft.resources import semgrep_rules_dir
from shiftleft.scanners.semgrep import load_rules, osemgrep_command
from shiftleft.scanners.semgrep_pack import PACK_LANGUAGES, write_pack_json
from shiftleft.scanners.semgrep_sarif import sarif_run, strip_prefix
from tests.conftest import require

pytestmark = pytest.mark.e2e

OTHER_SHAPES = """\
rules:
- id: bare
  languages: [python]
  severity: INFO
  message: bare rule $X
  pattern: eval($X)
- id: strings
  languages: [python]
  severity: ERROR
  message: metadata given as strings
  metadata:
    cwe: "CWE-95: eval"
    owasp: "A03:2021 - Injection"
    confidence: LOW
    references: "https://example.com/ref"
    source: https://example.com/source
    security-severity: 7.5
    tags: [custom-tag, security]
  pattern: exec(...)
- id: newer-severity
  languages: [python]
  severity: CRITICAL
  message: a newer severity
  metadata: {category: correctness, references: []}
  pattern: compile(...)
- id: low-severity
  languages: [python]
  severity: LOW
  message: low
  metadata: {owasp: [A01, A02], cwe: []}
  pattern: input(...)
"""
#: CRLF lines, a match over two lines, non-ASCII text before a match, a last line without LF
LINE_CASES = 'eval(a)\r\nexec(b)\ncompile(c)\ninput(d)\nx = "\u00e9\u4e2d"; eval(\n  bb)\r\neval(q)'


def _semgrep(config: Path, files: list[Path], fmt: str, cwd: Path) -> dict[str, Any]:
    exe = find_executable("semgrep")
    assert exe is not None
    command, executable = osemgrep_command(exe)
    argv = [*command, fmt, "--metrics=off", "--quiet", "--no-git-ignore", "--disable-nosem", "--jobs", "1",
            "--config", str(config), "--", *map(str, files)]  # fmt: skip
    env = tool_env({"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"})
    out = subprocess.run(argv, executable=executable, cwd=cwd, capture_output=True, check=False, env=env)
    assert out.returncode in (0, 1), out.stderr[-800:]
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def _semgreps_own(sarif: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """semgrep's SARIF run with the rule ids as declared (it prefixes the config's path)."""
    run: dict[str, Any] = sarif["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        rule["id"] = rule["name"] = strip_prefix(rule["id"], known)
        rule["shortDescription"]["text"] = f"Semgrep Finding: {rule['id']}"
    run["tool"]["driver"]["rules"].sort(key=lambda rule: rule["id"])
    for result in run["results"]:
        result["ruleId"] = strip_prefix(result["ruleId"], known)
    return run


def _compare(config: Path, rules: list[dict[str, Any]], files: list[Path], root: Path) -> int:
    known = {str(rule["id"]) for rule in rules}
    expected = _semgreps_own(_semgrep(config, files, "--sarif", root), known)
    ours = sarif_run(_semgrep(config, files, "--json", root), rules, root)
    assert ours["tool"]["driver"]["rules"] == expected["tool"]["driver"]["rules"]
    assert ours["results"] == expected["results"]
    assert ours["invocations"] == expected["invocations"]
    assert ours == expected
    return len(ours["results"])


def test_the_bundled_pack_on_its_own_test_files(tmp_path: Path) -> None:
    require(find_executable("semgrep") is not None, "semgrep is not installed")
    pack = tmp_path / "pack.json"
    rules: list[dict[str, Any]] = write_pack_json(None, pack)  # type: ignore[assignment]
    suffixes = {s for values in PACK_LANGUAGES.values() for s in values}
    files = sorted(p for p in semgrep_rules_dir().rglob("*") if p.suffix in suffixes)
    assert {p.parent.name for p in files} == set(PACK_LANGUAGES)
    found = _compare(pack, rules, files, semgrep_rules_dir())
    assert found >= len(rules), "every rule matches at least once in its test file"


def test_rules_of_other_shapes_and_line_endings(tmp_path: Path) -> None:
    require(find_executable("semgrep") is not None, "semgrep is not installed")
    config = tmp_path / "rules.yaml"
    config.write_text(OTHER_SHAPES)
    source = tmp_path / "cases.py"
    source.write_bytes(LINE_CASES.encode("utf-8"))
    rules = load_rules([config])
    assert _compare(config, rules, [source], tmp_path) == 6


def test_a_file_semgrep_cannot_parse_is_a_notification_in_both(tmp_path: Path) -> None:
    require(find_executable("semgrep") is not None, "semgrep is not installed")
    pack = tmp_path / "pack.json"
    rules: list[dict[str, Any]] = write_pack_json(["javascript"], pack)  # type: ignore[assignment]
    broken = tmp_path / "broken.js"
    broken.write_text("function (( {{{ <<<\n eval(x)\n")
    _compare(pack, rules, [broken], tmp_path)


def test_semgreps_version_is_the_drivers(tmp_path: Path) -> None:
    require(find_executable("semgrep") is not None, "semgrep is not installed")
    (tmp_path / "a.py").write_text("x = 1\n")
    report = _semgrep(_rules(tmp_path), [tmp_path / "a.py"], "--json", tmp_path)
    env = tool_env({"SEMGREP_ENABLE_VERSION_CHECK": "0"})
    argv = [str(find_executable("semgrep")), "--version"]
    version = subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert sarif_run(report, [], tmp_path)["tool"]["driver"]["semanticVersion"] == version


def _rules(tmp_path: Path) -> Path:
    config = tmp_path / "rules.yaml"
    config.write_text(OTHER_SHAPES)
    return config
