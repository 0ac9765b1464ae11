"""The semgrep adapter with its rules split into groups by their text gates (semgrep_gates)
finds exactly what one semgrep run of the whole pack finds, on the bundled rules' own test
files (every language) and on files no gated rule can match."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import find_executable
from shiftleft.resources import semgrep_rules_dir
from shiftleft.sarif import om
from shiftleft.scanners import semgrep_gates
from shiftleft.scanners.semgrep import Semgrep
from shiftleft.slots import SpareSlots
from tests.conftest import require

pytestmark = pytest.mark.e2e


def _tree(root: Path) -> list[str]:
    files = []
    for source in sorted(semgrep_rules_dir().rglob("*")):
        if source.is_file() and source.suffix not in (".yaml", ".yml"):
            rel = f"{source.parent.name}/{source.name}"
            (root / source.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / rel)
            files.append(rel)
    # files no gated rule can match, and one (non-ASCII) the gates are not evaluated on
    (root / "plain.js").write_text("const a = require('a');\nmodule.exports = a.b(1);\n", "utf-8")
    (root / "accent.ts").write_text("// caf\u00e9\nexport const x = eval(input);\n", "utf-8")
    return [*files, "plain.js", "accent.ts"]


def _scan(root: Path, files: list[str], work: Path, spare: SpareSlots | None = None) -> dict[str, Any]:
    work.mkdir()
    ctx = ScanContext(ScanTarget(root=root, files=tuple(files)), work, 600, spare=spare)
    return om.to_dict(Semgrep().execute(ctx))


def _findings(run: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    found = []
    for result in run.get("results") or []:
        loc = result["locations"][0]["physicalLocation"]
        found.append((result["ruleId"], loc["artifactLocation"]["uri"], loc["region"]["startLine"],
                      loc["region"].get("startColumn", 0)))  # fmt: skip
    return sorted(found)


def test_grouped_runs_find_what_one_run_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(find_executable("semgrep") is not None, "semgrep is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    files = _tree(root)

    planned: list[list[semgrep_gates.Group]] = []
    real_plan = semgrep_gates.plan

    def recording(*args: Any) -> list[semgrep_gates.Group]:
        planned.append(real_plan(*args))
        return planned[-1]

    monkeypatch.setattr(semgrep_gates, "plan", recording)
    monkeypatch.setattr(semgrep_gates, "SECONDS_PER_RUN", 0.0)
    monkeypatch.setattr(semgrep_gates, "MAX_GROUPS", 1000)
    grouped = _scan(root, files, tmp_path / "grouped")
    assert len(planned[-1]) >= 3, "the gates split nothing: the test would compare one run with itself"
    assert all(g.rule_ids for g in planned[-1])
    spare = SpareSlots(2)
    spare.open(1)  # the groups also run two at a time, on a slot the pool lends
    in_parallel = _scan(root, files, tmp_path / "parallel", spare)
    assert spare.borrowed == 0
    assert in_parallel["results"] == grouped["results"], "the output depends on how many groups ran at once"

    def one_group(root: Path, files: list[str], rules: list[dict[str, Any]]) -> list[semgrep_gates.Group]:
        return [semgrep_gates.Group(frozenset(str(r["id"]) for r in rules), tuple(files))]

    monkeypatch.setattr(semgrep_gates, "plan", one_group)
    whole = _scan(root, files, tmp_path / "whole")

    found = _findings(grouped)
    assert len(found) > 100, "the rules' test files should give many findings"
    assert found == _findings(whole)
    assert {r["id"] for r in grouped["tool"]["driver"]["rules"]} == {r["id"] for r in whole["tool"]["driver"]["rules"]}
    assert grouped["invocations"][0]["executionSuccessful"] is True
    assert (grouped.get("properties") or {}).get("shiftleft", {}).get("notAssessed") == (
        (whole.get("properties") or {}).get("shiftleft", {}).get("notAssessed")
    )
