"""``shiftleft init``: the starter config loads through the real loader, every CI file parses
and every ``shiftleft`` command in it resolves against the real CLI, the exit codes are
mapped as documented, and nothing is overwritten or written through a link."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from shiftleft import __version__, ci_init, config, repo_config
from shiftleft.ci_init import CI_SYSTEMS, InitError, render, write
from shiftleft.errors import EXIT_USAGE
from shiftleft.scanners import registry
from tests.ci_commands import UsageError, resolve, shiftleft_commands
from tests.conftest import shiftleft

ROOT = Path(__file__).resolve().parents[1]

#: a value for every variable a generated script puts on a shiftleft command line
SAMPLES = {
    "STAGE": "build", "HISTORY_DB": "/tmp/h/build.db", "REPORT_DIR": "shiftleft-report/build",
    "DIFF_BASE": "origin/main", "HOME": "/home/ci", "SCAN_STATE": "/tmp/state", "state": "/home/ci/.shiftleft-ci",
}  # fmt: skip


def _known() -> dict[str, Any]:
    found = registry.load().scanners
    return {name: found[name].options for name in sorted(found)}


def _file(ci: str | None, single_job: bool = False) -> str:
    files = render(ci, single_job=single_job, config=False)
    assert len(files) == 1
    return files[0].text


# --- the starter config ------------------------------------------------------------------


def test_the_starter_config_loads_as_the_repository_config_without_a_warning(tmp_path: Path) -> None:
    (tmp_path / "shiftleft.yaml").write_text(render(None)[0].text, "utf-8")
    found = registry.load().scanners
    loaded = config.load(None, tmp_path, _known())
    assert loaded.origin == config.REPOSITORY and loaded.source == tmp_path / "shiftleft.yaml"
    assert loaded.warnings == ()
    limited = repo_config.limit(loaded, {name: cls.required for name, cls in found.items()})
    assert limited.ignored == ()  # nothing in it tries to relax the gate
    assert loaded.gate == config.GateConfig(preset="default")  # no key that would override a preset
    assert loaded.gate_keys == frozenset({"preset"})
    explicit = config.load(tmp_path / "shiftleft.yaml", tmp_path, _known())
    assert explicit.origin == config.EXPLICIT and explicit.warnings == ()


def _uncommented(text: str) -> str:
    """The starter config with its commented-out keys and list items turned on."""
    text = re.sub(r"^(\w+): (\{\}|\[\])$", r"\1:", text, flags=re.M)
    out = []
    for raw in text.splitlines():
        match = re.match(r"^(\s*)# ([\w-]+:.*)$", raw) or re.match(r"^()#( {2,}\S.*)$", raw)
        out.append(match.group(1) + match.group(2) if match else raw)
    return "\n".join(out) + "\n"


def test_every_commented_key_of_the_starter_config_is_valid_too() -> None:
    text = _uncommented(render(None)[0].text)
    data = yaml.safe_load(text)
    assert set(data) >= {"stages", "scanners", "policies", "frameworks", "waivers"}
    assert {"semgrep", "bandit", "detect-secrets", "osv", "zizmor"} <= set(data["scanners"])
    assert "db" in data["advisories"] and "path" in data["history"] and "fail_on" in data["gate"]
    parsed = config.parse(data, _known())
    assert parsed.scanners["semgrep"].options["jobs"] == 2


# --- the CI files: they parse, and every shiftleft command resolves ----------------------


def _scripts(ci: str, text: str) -> list[str]:
    if ci == "jenkins":
        return re.findall(r"'''(.*?)'''", text, flags=re.S)
    data = yaml.safe_load(text)
    scripts: list[str] = []
    if ci == "github":
        for job in data["jobs"].values():
            scripts += [step["run"] for step in job["steps"] if "run" in step]
    elif ci == "gitlab":
        for job in data.values():
            if isinstance(job, dict):
                for key in ("before_script", "script", "after_script"):
                    scripts += job.get(key, [])
    elif ci == "azure":
        for job in data["jobs"]:
            scripts += [step["script"] for step in job["steps"] if "script" in step]
    elif ci == "bitbucket":
        for item in data["definitions"]["steps"]:
            scripts += item["step"]["script"]
    return scripts


def _check_jenkinsfile(text: str) -> None:
    """No Groovy parser here: the declarative skeleton, balanced braces and parentheses
    outside strings and comments."""
    assert re.search(r"^pipeline \{$", text, flags=re.M) and "stages {" in text and "agent none" in text
    code = re.sub(r"'''.*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|//[^\n]*", "", text, flags=re.S)
    for opening, closing in ("{}", "()", "[]"):
        depth = 0
        for char in code:
            depth += (char == opening) - (char == closing)
            assert depth >= 0
        assert depth == 0, f"unbalanced {opening}{closing}"


@pytest.mark.parametrize("single_job", [False, True], ids=["per-stage", "single-job"])
@pytest.mark.parametrize("ci", list(CI_SYSTEMS))
def test_every_shiftleft_command_in_the_ci_file_is_one_the_cli_accepts(ci: str, single_job: bool) -> None:
    text = _file(ci, single_job)
    if ci == "jenkins":
        _check_jenkinsfile(text)
    commands = [resolve(argv) for script in _scripts(ci, text) for argv in shiftleft_commands(script, SAMPLES)]
    paths = {c.path for c in commands}
    assert {("scan",), ("tools", "install"), ("db", "update")} <= paths, paths
    scans = [c for c in commands if c.path == ("scan",)]
    assert all({"sarif", "json", "markdown", "html"} <= set(c.params["fmt"]) for c in scans)
    assert {c.params["diff_base"] for c in scans} == {None, "origin/main"}  # PRs gate on changed lines only
    assert all(bool(c.params["stage"]) != single_job for c in scans)  # per stage, or every stage at once
    history = {c.params["history"] is not None or c.params["no_history"] for c in scans}
    assert history == {True}  # history kept in a named place (or, Bitbucket, knowingly none)
    installed = {c.params["name"] for c in commands if c.path == ("tools", "install")}
    assert installed == {"betterleaks", "checkov", "hadolint", "zizmor"}
    assert "python -m shiftleft" not in text and "ALLOW_INCOMPLETE" in text
    assert f"shiftleft=={__version__}" in text  # the install is pinned to the shiftleft that wrote it


def test_an_unknown_option_in_a_ci_line_fails_the_check() -> None:
    """The check can fail: a made-up option, sub-command or format is caught."""
    for argv in (["scan", ".", "--sarif-fyle", "x"], ["db", "refresh"], ["scan", ".", "--history"]):
        with pytest.raises(UsageError):
            resolve(argv)
    with pytest.raises(AssertionError):
        resolve(["scan", ".", "-f", "sarif,json"])
    with pytest.raises(AssertionError, match="no sample"):
        shiftleft_commands('shiftleft scan . -o "$NOWHERE"', SAMPLES)
    with pytest.raises(AssertionError, match="not extracted"):
        shiftleft_commands('x="$(shiftleft scan .)"', SAMPLES)


def test_github_workflow_uploads_sarif_per_stage_and_writes_the_summary() -> None:
    data = yaml.safe_load(_file("github"))
    job = data["jobs"]["scan"]
    assert job["strategy"]["matrix"]["stage"] == list(ci_init.CI_STAGES)
    assert job["permissions"]["security-events"] == "write" and data["permissions"] == {}
    steps = {step.get("name") or step["uses"].split("@")[0]: step for step in job["steps"]}
    assert steps["actions/checkout"]["with"]["fetch-depth"] == 0
    assert all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", s["uses"]) for s in job["steps"] if "uses" in s)  # pinned
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["category"] == "shiftleft-${{ matrix.stage }}"
    assert "always()" in upload["if"]
    assert "$GITHUB_STEP_SUMMARY" in steps["Job summary"]["run"]
    artifact = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "${{ env.REPORT_DIR }}"
    caches = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert {s["with"]["path"] for s in caches} == {"~/.shiftleft-ci/tools", "~/.shiftleft-ci/osv",
                                                   "~/.shiftleft-ci/history"}  # fmt: skip
    single = yaml.safe_load(_file("github", single_job=True))["jobs"]["scan"]
    assert "strategy" not in single
    assert next(s for s in single["steps"] if "upload-sarif" in s.get("uses", ""))["with"]["category"] == "shiftleft"


def test_azure_publishes_sarif_as_code_analysis_logs() -> None:
    data = yaml.safe_load(_file("azure"))
    job = data["jobs"][0]
    assert set(job["strategy"]["matrix"]) == set(ci_init.CI_STAGES)
    assert job["steps"][0] == {"checkout": "self", "fetchDepth": 0, "persistCredentials": False}
    published = [s["inputs"]["ArtifactName"] for s in job["steps"] if s.get("task") == "PublishBuildArtifacts@1"]
    assert "CodeAnalysisLogs" in published
    assert any("##vso[task.uploadsummary]" in s.get("script", "") for s in job["steps"])


def test_gitlab_and_bitbucket_fetch_the_whole_history_and_keep_the_reports() -> None:
    gitlab = yaml.safe_load(_file("gitlab"))
    assert gitlab[".shiftleft"]["variables"]["GIT_DEPTH"] == "0"
    for stage in ci_init.CI_STAGES:
        job = gitlab[f"shiftleft-{stage}"]
        assert job["artifacts"]["when"] == "always" and job["artifacts"]["paths"] == [f"shiftleft-report/{stage}/"]
    bitbucket = yaml.safe_load(_file("bitbucket"))
    assert bitbucket["clone"]["depth"] == "full"
    assert set(bitbucket["pipelines"]) == {"default", "pull-requests"}


# --- the exit codes: 1 fails, 3 fails unless allowed, anything else fails ----------------

_FAKE = """#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_LOG"
case "$1" in scan) exit "$FAKE_EXIT" ;; esac
exit 0
"""


def _fake_path(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("shiftleft", "git", "curl", "python", "python3", "pip"):  # nothing real runs, nothing downloads
        (bin_dir / name).write_text(_FAKE, "utf-8")
        (bin_dir / name).chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_LOG": str(tmp_path / "calls.log"),
            "HOME": str(tmp_path / "home")}  # fmt: skip


EXPECTED = [(0, "false", 0), (1, "false", 1), (1, "true", 1), (3, "false", 3), (3, "true", 0), (2, "true", 2),
            (4, "false", 4)]  # fmt: skip


def _run(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-e", "-c", script], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip


@pytest.mark.parametrize(("scan_exit", "allow", "job_exit"), EXPECTED)
def test_github_gate_step_maps_the_exit_code(tmp_path: Path, scan_exit: int, allow: str, job_exit: int) -> None:
    job = yaml.safe_load(_file("github"))["jobs"]["scan"]
    gate = next(step for step in job["steps"] if step.get("name") == "Gate")
    env = {**_fake_path(tmp_path), "CODE": str(scan_exit), "ALLOW_INCOMPLETE": allow}
    done = _run(gate["run"], env, tmp_path)
    assert done.returncode == job_exit
    if scan_exit == 3:
        assert ("::warning::" if allow == "true" else "::error::") in done.stdout
        assert "NOT ASSESSED" in done.stdout  # where the reason is


@pytest.mark.parametrize(("scan_exit", "allow", "job_exit"), EXPECTED)
@pytest.mark.parametrize("ci", ["gitlab", "bitbucket"])
def test_the_scan_script_maps_the_exit_code(tmp_path: Path, ci: str, scan_exit: int, allow: str,
                                            job_exit: int) -> None:  # fmt: skip
    scripts = _scripts(ci, _file(ci))
    script = next(s for s in scripts if "shiftleft scan" in s)
    env = {**_fake_path(tmp_path), "FAKE_EXIT": str(scan_exit), "ALLOW_INCOMPLETE": allow, "STAGE": "code",
           "HISTORY_DB": str(tmp_path / "h.db"), "REPORT_DIR": "shiftleft-report/code"}  # fmt: skip
    done = _run(script, env, tmp_path)
    assert done.returncode == job_exit, done.stdout + done.stderr
    calls = Path(env["FAKE_LOG"]).read_text("utf-8").splitlines()
    scan = [line for line in calls if line.startswith("scan ")]
    assert len(scan) == 1 and resolve(scan[0].split()).params["stage"] == ["code"]


@pytest.mark.parametrize(("scan_exit", "allow", "job_exit"), EXPECTED)
def test_azure_gate_step_maps_the_exit_code(tmp_path: Path, scan_exit: int, allow: str, job_exit: int) -> None:
    steps = yaml.safe_load(_file("azure"))["jobs"][0]["steps"]
    gate = next(step for step in steps if step.get("displayName") == "Gate")
    env = {**_fake_path(tmp_path), "SCAN_EXIT": str(scan_exit), "ALLOW_INCOMPLETE": allow.capitalize()}
    done = _run(gate["script"], env, tmp_path)
    assert done.returncode == job_exit
    if scan_exit == 3 and allow == "true":
        assert "result=SucceededWithIssues" in done.stdout


def test_jenkins_maps_the_exit_codes() -> None:
    text = _file("jenkins")
    assert "returnStatus: true" in text
    assert re.search(r"code == 1\)\s*\{\s*error\(", text)
    assert re.search(r"code == 3 && params\.ALLOW_INCOMPLETE\)\s*\{\s*unstable\(", text)
    assert re.search(r"code == 3\)\s*\{\s*error\(", text) and re.search(r"\} else \{\s*error\(", text)


# --- writing: never over a file without --force, never through a link -------------------


def test_init_writes_the_config_and_the_ci_file(tmp_path: Path) -> None:
    done = shiftleft("init", "--ci", "github", "--path", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shiftleft.yaml").is_file() and (tmp_path / ".github/workflows/shiftleft.yml").is_file()
    assert "wrote" in done.stdout


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    (tmp_path / "shiftleft.yaml").write_text("timeout: 60\n", "utf-8")
    done = shiftleft("init", "--ci", "azure", "--path", str(tmp_path))
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip().count("\n") == 0 and "shiftleft.yaml: already exists" in done.stderr
    assert "--force" in done.stderr
    assert (tmp_path / "shiftleft.yaml").read_text("utf-8") == "timeout: 60\n"
    assert not (tmp_path / "azure-pipelines.yml").exists()  # all or nothing
    done = shiftleft("init", "--ci", "azure", "--path", str(tmp_path), "--force")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shiftleft.yaml").read_text("utf-8") == render(None)[0].text
    assert (tmp_path / "azure-pipelines.yml").read_text("utf-8") == _file("azure")


def test_no_config_writes_only_the_ci_file(tmp_path: Path) -> None:
    (tmp_path / "shiftleft.yaml").write_text("timeout: 60\n", "utf-8")
    written = write(tmp_path, render("gitlab", config=False))
    assert written == [tmp_path / ".gitlab/shiftleft.gitlab-ci.yml"]
    assert (tmp_path / "shiftleft.yaml").read_text("utf-8") == "timeout: 60\n"


def test_an_unknown_ci_system_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = shiftleft("init", "--ci", "travis", "--path", str(tmp_path))
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip().count("\n") == 0 and "unknown CI system 'travis'" in done.stderr
    assert "github, gitlab, azure, jenkins, bitbucket" in done.stderr and not any(tmp_path.iterdir())


def test_another_config_file_is_not_shadowed(tmp_path: Path) -> None:
    (tmp_path / ".shiftleft.yaml").write_text("timeout: 60\n", "utf-8")
    with pytest.raises(InitError, match=r"\.shiftleft\.yaml: .*--no-config") as caught:
        write(tmp_path, render("github"), force=True)
    assert caught.value.exit_code == EXIT_USAGE and not (tmp_path / "shiftleft.yaml").exists()
    (tmp_path / ".shiftleft.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", "utf-8")
    write(tmp_path, render(None))  # a pyproject.toml without [tool.shiftleft] is no config
    (tmp_path / "shiftleft.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.shiftleft]\ntimeout = 60\n", "utf-8")
    with pytest.raises(InitError, match=r"pyproject\.toml \[tool\.shiftleft\]"):
        write(tmp_path, render(None))


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
@pytest.mark.parametrize("force", [False, True])
def test_a_link_on_the_way_is_refused_even_with_force(tmp_path: Path, force: bool) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (project / ".github").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InitError, match=r"\.github: is a symbolic link"):
        write(project, render("github"), force=force)
    assert not any(outside.iterdir()) and not (project / "shiftleft.yaml").exists()

    (project / ".github").unlink()
    victim = outside / "bashrc"
    victim.write_text("mine\n", "utf-8")
    (project / "shiftleft.yaml").symlink_to(victim)
    with pytest.raises(InitError, match=r"shiftleft\.yaml: is a symbolic link"):
        write(project, render("github"), force=force)
    assert victim.read_text("utf-8") == "mine\n" and not (project / ".github").exists()

    (project / "shiftleft.yaml").unlink()
    (project / "shiftleft.yaml").symlink_to(outside / "absent")  # a dangling link: not created through
    with pytest.raises(InitError, match="symbolic link"):
        write(project, render(None), force=force)
    assert not (outside / "absent").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_link_swapped_in_after_the_check_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (project / ".github").symlink_to(outside, target_is_directory=True)
    (outside / "shiftleft.yml").write_text("mine\n", "utf-8")
    monkeypatch.setattr(ci_init, "_check", lambda root, files, force: None)  # the race: the check passed
    with pytest.raises(InitError, match="symbolic link"):
        write(project, render("github", config=False), force=True)
    assert sorted(p.name for p in outside.iterdir()) == ["shiftleft.yml"]
    (project / ".github").unlink()
    (project / "shiftleft.yaml").symlink_to(outside / "shiftleft.yml")
    with pytest.raises(InitError, match="symbolic link"):
        write(project, render(None), force=True)
    assert (outside / "shiftleft.yml").read_text("utf-8") == "mine\n"


def test_a_file_where_a_directory_goes_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".github").write_text("", "utf-8")
    with pytest.raises(InitError, match=r"\.github: exists and is not a directory"):
        write(tmp_path, render("github"), force=True)
    with pytest.raises(InitError, match="no such directory"):
        write(tmp_path / "absent", render(None))


def test_the_templates_ship_in_the_wheel() -> None:
    """Hatch puts every file under shiftleft/ in the wheel (``packages = ["shiftleft"]``); the
    templates must be there, and not ignored by git (hatch honours .gitignore)."""
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'packages = ["shiftleft"]' in pyproject
    assert ci_init.TEMPLATES.parent == ROOT / "shiftleft"
    names = {template for system in CI_SYSTEMS.values() for _, template in system.files} | {"shiftleft.yaml.j2"}
    assert names == {p.name for p in ci_init.TEMPLATES.iterdir() if p.suffix == ".j2"}
    ignored = subprocess.run(["git", "check-ignore", *sorted(names)], cwd=ci_init.TEMPLATES, capture_output=True,
                             text=True, check=False)  # fmt: skip
    assert ignored.stdout == ""


def test_without_dir_fd_the_check_still_refuses_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``open`` takes no ``dir_fd`` (Windows), files are written by path after the check."""
    monkeypatch.setattr(os, "supports_dir_fd", set())
    written = write(tmp_path, render("bitbucket"))
    assert [p.read_text("utf-8") for p in written] == [f.text for f in render("bitbucket")]
    with pytest.raises(InitError, match="already exists"):
        write(tmp_path, render("bitbucket"))
    if sys.platform != "win32":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / ".github").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        with pytest.raises(InitError, match="symbolic link"):
            write(tmp_path, render("github", config=False))
        assert not any((tmp_path / "elsewhere").iterdir())
