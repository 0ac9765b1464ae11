"""zizmor takes no configuration, ignore list or token from the repository or from our
environment, never goes online, reads nothing outside the root, and a zizmor that crashes,
hangs or prints garbage is a failed run, never a clean one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shiftleft import tools
from shiftleft.scanners.zizmor import Zizmor

from . import builders
from .conftest import RunScanner, not_assessed, rule_ids, text_of, uris


def _results_on(run: dict[str, object], uri: str) -> set[str]:
    return {
        str(r["ruleId"]) for r in run.get("results") or []  # type: ignore[attr-defined]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    }  # fmt: skip


@pytest.mark.usefixtures("zizmor")
def test_repository_zizmor_configs_and_gitignore_disable_nothing(tmp_path: Path, run_scanner: RunScanner) -> None:
    """zizmor.yml / .github/zizmor.yml disabling template-injection and unpinned-uses, and a
    .gitignore hiding the workflows. Without --no-config (and our private copy) zizmor
    honours the config: no template-injection at all."""
    root = tmp_path / "repo"
    builders.zizmor_config(root)
    run = run_scanner(Zizmor, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert {"zizmor/template-injection", "zizmor/unpinned-uses"} <= _results_on(run, ".github/workflows/triage.yml")
    assert "zizmor/template-injection" in _results_on(run, "act/action.yml")
    assert not not_assessed(run)


@pytest.mark.usefixtures("zizmor")
def test_user_config_tokens_and_zizmor_variables_are_not_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """ZIZMOR_CONFIG pointing at a disabling config, a ~/.config/zizmor config, GitHub
    tokens, GH_HOST, RUST_LOG=off (which would silence the log lines that say what was
    audited): none changes what zizmor reports."""
    for key, value in builders.zizmor_home_config(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    cwd = tmp_path / "cwd"
    (cwd / ".github").mkdir(parents=True)
    (cwd / "zizmor.yml").write_text(builders.ZIZMOR_DISABLING)
    (cwd / ".github" / "zizmor.yml").write_text(builders.ZIZMOR_DISABLING)
    monkeypatch.chdir(cwd)
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/triage.yml").write_text(builders.INJECTED_WORKFLOW)
    run = run_scanner(Zizmor, root)
    assert {"zizmor/template-injection", "zizmor/unpinned-uses"} <= rule_ids(run)
    assert not not_assessed(run)


def test_zizmor_is_run_offline_without_config_and_without_our_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """What zizmor is given, seen by a stand-in: --offline --no-config --no-ignores, a private
    cwd and HOME, none of GH_*/GITHUB_*/ZIZMOR_*/RUST_* of our environment."""
    for key, value in builders.zizmor_home_config(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    probe = tmp_path / "probe.json"
    fake = builders.probe_tool(tmp_path / "zizmor", probe, stdout="[]")
    monkeypatch.setattr(tools, "find_tool", lambda name: str(fake))
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(builders.INJECTED_WORKFLOW)
    run = run_scanner(Zizmor, root)
    seen = json.loads(probe.read_text())
    assert {"--offline", "--no-config", "--no-ignores"} <= set(seen["argv"])
    leaked = sorted(k for k in seen["env"] if k.startswith(("GH_", "GITHUB_", "ZIZMOR_", "RUST_")))
    assert not leaked, leaked
    assert seen["env"]["HOME"] != str(tmp_path / "home") and os.listdir(seen["cwd"]) == []
    assert "ghp_" not in text_of(run)
    # the stand-in printed no "completed" line: nothing was audited, which is a failed run
    assert run["invocations"][0]["executionSuccessful"] is False


@pytest.mark.usefixtures("zizmor")
def test_a_workflow_linked_outside_the_root_is_never_read(tmp_path: Path, run_scanner: RunScanner) -> None:
    """Even when the file list given to the adapter names it (the safe list never does: it
    skips links), a workflow that is a link to a file outside the root is not copied, not
    audited, and nothing of it reaches the output."""
    planted = "OUTSIDE-THE-ROOT-5c1d"
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ok.yml").write_text(builders.INJECTED_WORKFLOW)
    builders.link_out(root, tmp_path / "elsewhere", ".github/workflows/evil.yml",
                      builders.INJECTED_WORKFLOW.replace("labeler@main", f"{planted}@main"))  # fmt: skip
    run = run_scanner(Zizmor, root, (".github/workflows/evil.yml", ".github/workflows/ok.yml"))
    assert planted not in text_of(run)
    assert uris(run) == {".github/workflows/ok.yml"}
    assert [i["subject"] for i in not_assessed(run)] == [".github/workflows/evil.yml"]


@pytest.mark.usefixtures("zizmor")
def test_a_huge_workflow_is_not_assessed_the_others_are(tmp_path: Path, run_scanner: RunScanner) -> None:
    root = tmp_path / "repo"
    builders.huge_file(root, ".github/workflows/huge.yml", builders.INJECTED_WORKFLOW, 2 * 1024 * 1024)
    (root / ".github/workflows/ok.yml").write_text(builders.INJECTED_WORKFLOW)
    run = run_scanner(Zizmor, root)
    assert uris(run) == {".github/workflows/ok.yml"}
    (item,) = not_assessed(run)
    assert item["subject"] == ".github/workflows/huge.yml" and "larger than" in item["reason"]


@pytest.mark.parametrize(
    ("stdout", "code", "sleep", "why"),
    [
        ("this is not json", 0, 0.0, "not JSON"),
        ('{"findings": []}', 0, 0.0, "not a list"),
        ("[" * 50_000 + "]" * 50_000, 0, 0.0, "not JSON"),
        ("", 1, 0.0, "exited with code 1"),
        ("[]", 0, 30.0, "timed out"),
    ],
    ids=["garbage", "wrong-shape", "deep", "crash", "hang"],
)
def test_a_broken_zizmor_is_a_failed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner, stdout: str, code: int, sleep: float,
    why: str,
) -> None:
    fake = builders.fake_tool(tmp_path / "zizmor", stdout=stdout, code=code, sleep=sleep, stderr="boom\n")
    monkeypatch.setattr(tools, "find_tool", lambda name: str(fake))
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(builders.INJECTED_WORKFLOW)
    run = run_scanner(Zizmor, root, timeout=3)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert why in " ".join(n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    assert not run.get("results")


def test_zizmor_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            run_scanner: RunScanner) -> None:  # fmt: skip
    monkeypatch.setattr(tools, "find_tool", lambda name: None)
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text(builders.INJECTED_WORKFLOW)
    run = run_scanner(Zizmor, root)
    assert run["properties"]["shiftleft"]["status"] == "missing"
    assert "shiftleft tools install zizmor" in run["properties"]["shiftleft"]["reason"]


@pytest.mark.usefixtures("zizmor", "hadolint")
def test_the_cli_runs_both_whatever_the_repository_configures(tmp_path: Path) -> None:
    """The real CLI on a repository that ships zizmor and hadolint configs and a
    shiftleft.yaml disabling both scanners and asking zizmor for another persona: both run,
    the injection and the root user are reported, the gate fails."""
    import subprocess
    import sys

    root = tmp_path / "repo"
    builders.zizmor_config(root)
    builders.hadolint_config(root)
    (root / "shiftleft.yaml").write_text("scanners:\n  zizmor: false\n  hadolint: {enabled: false}\n"
                                         "  checkov: false\n  checkov-dockerfile: false\n")  # fmt: skip
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "shiftleft", "scan", str(root), "--stage", "build", "--stage", "deploy", "-o", str(out),
         "--no-history"],
        capture_output=True, text=True, timeout=600, cwd=root, check=False,
    )  # fmt: skip
    sarif = json.loads((out / "shiftleft.sarif").read_text("utf-8"))
    ran = {r["properties"]["shiftleft"]["scanner"]: r for r in sarif["runs"]}
    assert "zizmor/template-injection" in rule_ids(ran["zizmor"])
    linted = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
              for r in ran["hadolint"]["results"]}  # fmt: skip
    assert {("svc/Dockerfile", "DL3007"), ("svc/Dockerfile", "DL3002")} <= linted  # under the pragmas: kept
    folded = {a["ruleId"] for r in ran["checkov-dockerfile"]["results"]
              for a in r["properties"].get("alsoReportedBy", [])}  # fmt: skip
    assert {"DL3007", "DL3002"} <= folded  # the root Dockerfile: one result per problem, checkov's
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Gate FAILED" in proc.stdout and "ignored" in proc.stderr


@pytest.mark.usefixtures("zizmor")
def test_only_unreadable_workflows_is_a_failed_run_never_clean(tmp_path: Path, run_scanner: RunScanner) -> None:
    """zizmor exits 3 ("no inputs collected") when nothing it was given parses."""
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/broken.yml").write_text("on: [push\njobs: {\n")
    run = run_scanner(Zizmor, root)
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "audited none of the 1" in run["properties"]["shiftleft"]["reason"]
