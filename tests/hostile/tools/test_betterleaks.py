"""Betterleaks takes no configuration, ignore list or allow marker from the repository or from
our environment, prints no secret, and an engine that crashes, hangs or prints garbage is a
failed run, never "no secrets"."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError
from shiftleft.sarif import om
from shiftleft.scanners import betterleaks as bl
from shiftleft.scanners.betterleaks import Betterleaks, convert
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY
from shiftleft.scanners.inputs import Copied

from . import builders
from .conftest import RunScanner, not_assessed, text_of


def _by_file(run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in run.get("results") or []:
        out.setdefault(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], []).append(r)
    return out


@pytest.mark.usefixtures("betterleaks")
def test_repository_configs_ignore_files_and_markers_hide_nothing(tmp_path: Path, run_scanner: RunScanner) -> None:
    """.gitleaks.toml / .betterleaks.toml allowlisting everything, .gitleaksignore listing every
    finding, a gitleaks:allow marker: every planted secret is still reported; the marked one
    as an inSource suppression (visible, countable), not dropped."""
    root = tmp_path / "repo"
    planted = builders.betterleaks_repo(root)
    run = run_scanner(Betterleaks, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    found = _by_file(run)
    assert set(planted) <= set(found), sorted(found)
    assert {r["properties"]["secretType"] for r in found["app/config.py"]} == {"github-pat"}
    assert any(r["ruleId"] == "betterleaks/shiftleft-netrc-password" for r in found[".netrc"])
    marked = found["app/allowed.py"][0]
    assert marked["suppressions"] == [{"kind": "inSource", "justification": "gitleaks:allow"}]
    assert "suppressions" not in found["app/config.py"][0]
    assert not not_assessed(run)


@pytest.mark.usefixtures("betterleaks")
def test_environment_configs_and_native_library_are_not_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    for key, value in builders.betterleaks_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / ".gitleaks.toml").write_text(builders.BL_ALLOW_ALL)
    (cwd / ".betterleaks.toml").write_text(builders.BL_ALLOW_ALL)
    monkeypatch.chdir(cwd)
    root = tmp_path / "repo"
    planted = builders.betterleaks_repo(root)
    run = run_scanner(Betterleaks, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert set(planted) <= set(_by_file(run))


@pytest.mark.usefixtures("betterleaks")
def test_no_value_nor_fragment_in_the_run_and_hashes_go_to_the_redactor(
    tmp_path: Path, run_scanner: RunScanner
) -> None:
    root = tmp_path / "repo"
    planted = builders.betterleaks_repo(root)
    run = run_scanner(Betterleaks, root)
    hashes = run["properties"].pop(SECRET_HASHES_KEY)
    assert len(hashes) >= 3
    dumped = text_of(run)
    for secret in planted.values():
        for i in range(len(secret) - 4):
            assert secret[i : i + 5] not in dumped or secret[i : i + 5].isalpha(), secret[i : i + 5]


def test_a_file_outside_the_root_or_too_large_is_not_assessed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              run_scanner: RunScanner) -> None:  # fmt: skip
    """Neither the link nor the large file is given to the engine; both are listed."""
    monkeypatch.setattr(bl, "engine_python", lambda: _fake_engine(tmp_path, '{"findings": [], "errors": []}'))
    monkeypatch.setattr(bl, "MAX_FILE_BYTES", 1024)
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "outside.txt").write_text(f"TOKEN={builders.BL_GITHUB}\n")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    (root / "big.txt").write_text("x" * 4096)
    (root / "ok.txt").write_text("nothing here\n")
    run = run_scanner(Betterleaks, root, ("link.txt", "big.txt", "ok.txt"))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert {n["subject"] for n in not_assessed(run)} == {"link.txt", "big.txt"}


# --- forged driver output (the engine's process is hostile too) ------------------------------


def _copied(tmp_path: Path, *files: str) -> Copied:
    copied = Copied(tmp_path / "copy")
    for f in files:
        copied.add(f)
    return copied


def _finding(**over: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"rule_id": "github-pat", "file": "app.py", "line": 3, "end_line": 3, "column": 9,
                            "end_column": 48, "description": "GitHub token", "hashed_secret": "a" * 40}  # fmt: skip
    item.update(over)
    return item


@pytest.mark.parametrize(
    "data",
    [None, [], "findings", 7, {"findings": {}}, {"findings": "x"}, {"errors": [{"message": "bad config"}]}],
)
def test_output_that_is_not_the_document_is_a_tool_error(tmp_path: Path, data: Any) -> None:
    with pytest.raises(ToolError):
        convert(data, _copied(tmp_path, "app.py"))


def test_wrong_types_and_foreign_paths_are_counted_never_trusted(tmp_path: Path) -> None:
    copied = _copied(tmp_path, "app.py")
    findings = [
        _finding(),
        "not a finding",
        _finding(rule_id=["list"]),
        _finding(rule_id="x" * 500),
        _finding(rule_id="bad id\u001b[31m"),
        _finding(file="/etc/shadow"),
        _finding(file="../outside.py"),
        _finding(file=None),
        _finding(line="3", column=True, end_column=-4, end_line=10**12, hashed_secret="not-hex"),
        _finding(description={"deep": ["x"]}),
    ]
    rules, results, hashes, unreadable = convert({"findings": findings}, copied)
    assert unreadable == 7
    assert len(results) == 3
    assert hashes == {"a" * 40}
    region = results[1].locations[0].physical_location.region
    assert (region.start_line, region.start_column, region.end_column) == (1, None, None)
    assert [r.id for r in rules] == ["betterleaks/github-pat"]


def test_a_forged_value_in_the_output_never_reaches_the_run(tmp_path: Path) -> None:
    """A driver (or something posing as one) that prints the secret and its match: the
    adapter reads neither field."""
    secret = builders.BL_GITHUB
    forged = _finding(secret=secret, match=f"TOKEN = {secret}", Secret=secret, raw={"Match": secret})
    _rules, results, _hashes, _ = convert({"findings": [forged]}, _copied(tmp_path, "app.py"))
    dumped = json.dumps([om.to_dict(r) for r in results])
    assert secret not in dumped and secret[4:12] not in dumped
    assert results[0].properties["secretType"] == "github-pat"


def test_huge_and_deep_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="more than"):
        convert({"findings": [{}] * (bl.MAX_FINDINGS + 1)}, _copied(tmp_path, "app.py"))
    deep = '{"findings": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(ValueError):
        bl.loads_bounded(deep)


def _fake_engine(tmp_path: Path, stdout: str, *, sleep: float = 0) -> str:
    """An executable posing as the engine's interpreter: prints ``stdout`` whatever it is given."""
    script = tmp_path / "fake-python"
    body = f"sleep {sleep}\n" if sleep else ""
    script.write_text(f"#!/bin/sh\n{body}cat <<'EOF'\n{stdout}\nEOF\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.mark.parametrize(
    "stdout",
    ["garbage, not JSON", '{"findings": [], "errors": [{"code": "config", "message": "cannot load"}]}', "null",
     "[" * 100_000],
)  # fmt: skip
def test_an_engine_printing_garbage_is_a_failed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    stdout: str) -> None:  # fmt: skip
    monkeypatch.setattr(bl, "engine_python", lambda: _fake_engine(tmp_path, stdout))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.py").write_text("x = 1\n")
    run = Betterleaks().execute(ScanContext(ScanTarget(root=root, files=("a.py",)), tmp_path / "w", 30))
    assert run.invocations[0].execution_successful is False
    assert not run.results


def test_a_hanging_engine_is_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bl, "engine_python", lambda: _fake_engine(tmp_path, "{}", sleep=30))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.py").write_text("x = 1\n")
    run = Betterleaks().execute(ScanContext(ScanTarget(root=root, files=("a.py",)), tmp_path / "w", 2))
    assert run.invocations[0].execution_successful is False
    assert run.properties["shiftleft"]["status"] == "timeout"


def test_missing_engine_is_missing_not_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bl, "engine_python", lambda: None)
    assert "tools install betterleaks" in (Betterleaks().health() or "")


@pytest.mark.usefixtures("betterleaks")
def test_files_the_engine_would_skip_by_name_are_scanned(tmp_path: Path, run_scanner: RunScanner) -> None:
    """Betterleaks' default prefilter skips lockfiles, node_modules, go.sum, gitleaks.toml...
    by path, silently; shiftleft's safe list decides what is scanned, so our config turns it off."""
    root = tmp_path / "repo"
    names = ("package-lock.json", "yarn.lock", "node_modules/a/index.js", "go.sum", "gitleaks.toml",
             "poetry.lock", "gradlew", "vendor/modules.txt")  # fmt: skip
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f'token = "{builders.BL_GITHUB}"\n')
    run = run_scanner(Betterleaks, root)
    assert set(names) <= set(_by_file(run))
