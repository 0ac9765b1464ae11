"""The composite GitHub Action (``action.yml``): its run steps are executed in order with
bash, as the runner would, with its ``${{ }}`` expressions expanded (inputs, step outputs),
and with recording stand-ins for shiftleft, python, pip and git on the PATH; every
``shiftleft`` command they run is then resolved against the real CLI (``ci_commands``). No
package is installed and nothing is downloaded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci_commands import Resolved, resolve, shiftleft_commands
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"

_STUB = r"""#!/bin/sh
name="$(basename "$0")"
{ printf '%s' "$name"; for a in "$@"; do printf '\037%s' "$a"; done; printf '\n'; } >> "$FAKE_LOG"
if [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin"
  for tool in python shiftleft; do cp "$0" "$3/bin/$tool"; done
  exit 0
fi
if [ "$name" = shiftleft ] && [ "$1" = scan ]; then
  prev=""
  for a in "$@"; do
    if [ "$prev" = -o ]; then mkdir -p "$a"; : > "$a/shiftleft.sarif"; echo "# shiftleft report" > "$a/report.md"; fi
    prev="$a"
  done
  exit "$FAKE_EXIT"
fi
if [ "$name" = git ]; then echo false; fi
exit 0
"""


def _action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


class Runner:
    """Runs the action's steps the way the runner does, minus the ``uses:`` steps."""

    def __init__(self, tmp: Path, inputs: dict[str, str], event: str = "push", scan_exit: int = 0) -> None:
        action = _action()
        self.inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
        unknown = set(inputs) - set(self.inputs)
        assert not unknown, f"no such inputs: {unknown}"
        self.inputs.update(inputs)
        self.steps = action["runs"]["steps"]
        self.outputs: dict[str, dict[str, str]] = {"python": {"python-path": "python3", "python-version": "3.12.9"}}
        self.tmp = tmp
        self.results: dict[str, subprocess.CompletedProcess[str]] = {}
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        for name in ("python3", "python", "git", "pip"):
            (bin_dir / name).write_text(_STUB, "utf-8")
            (bin_dir / name).chmod(0o755)
        self.log = tmp / "calls.log"
        self.summary = tmp / "summary.md"
        (tmp / "runner").mkdir()
        self.env = {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(tmp / "home"),
            "FAKE_LOG": str(self.log),
            "FAKE_EXIT": str(scan_exit),
            "RUNNER_TEMP": str(tmp / "runner"),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_EVENT_NAME": event,
            "GITHUB_BASE_REF": "main" if event == "pull_request" else "",
        }

    def expression(self, text: str) -> str:
        text = text.strip()
        if match := re.fullmatch(r"inputs\.([\w-]+)", text):
            return self.inputs[match.group(1)]
        if match := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", text):
            return self.outputs.get(match.group(1), {}).get(match.group(2), "")
        if text == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"no value for the expression {text!r} in a step's env")

    def expand(self, value: str) -> str:
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: self.expression(m.group(1)), str(value))

    def condition(self, text: str) -> bool:
        """A step's ``if:``: the few forms action.yml uses."""
        python = text.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
        python = re.sub(r"(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+)", lambda m: repr(self.expression(m.group(1))),
                        python)  # fmt: skip
        assert re.fullmatch(r"[\w\s'.=!()-]*", python), python
        return bool(eval(python, {"__builtins__": {}}))  # our own file's conditions, reduced to literals

    def run(self) -> Runner:
        for index, step in enumerate(self.steps):
            if "run" not in step or ("if" in step and not self.condition(step["if"])):
                continue
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "an expression spliced into a script (use env:)"
            output = self.tmp / f"output-{index}"
            output.touch()
            env = {**self.env, **{k: self.expand(v) for k, v in step.get("env", {}).items()}}
            env["GITHUB_OUTPUT"] = str(output)
            done = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, cwd=self.tmp, capture_output=True,
                                  text=True, timeout=60, check=False)  # fmt: skip
            self.results[step["name"]] = done
            values = dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines() if "=" in line)
            if "id" in step:
                self.outputs[step["id"]] = values
            if done.returncode:
                assert step["name"] == "Gate", f"{step['name']} failed: {done.stdout}{done.stderr}"
        return self

    def calls(self, program: str = "shiftleft") -> list[list[str]]:
        if not self.log.exists():
            return []
        rows = [line.split("\x1f") for line in self.log.read_text("utf-8").splitlines()]
        return [row[1:] for row in rows if row[0] == program]

    def commands(self) -> list[Resolved]:
        return [resolve(argv) for argv in self.calls()]


@pytest.fixture(autouse=True)
def _bash() -> None:
    require(shutil.which("bash") is not None, "bash runs the action's steps")


def test_the_action_declares_the_common_flags_and_its_outputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"path", "stages", "preset", "fail-on", "formats", "output", "diff-base", "config", "allow-incomplete",
            "upload-sarif"} <= set(action["inputs"])  # fmt: skip
    assert {"exit-code", "verdict", "sarif-file"} <= set(action["outputs"])
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]  # pinned to a commit
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install shiftleft")
    assert '--require-hashes --only-binary :all: -r "$ACTION_PATH/requirements.lock"' in install["run"]
    assert '--no-deps --no-build-isolation "$ACTION_PATH"' in install["run"]
    assert "-c " not in install["run"]  # an install by version only (constraints.txt): nothing checks the bytes
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    upload = next(s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["category"] == "${{ steps.scan.outputs.category }}"


def test_defaults_on_a_push_scan_every_stage(tmp_path: Path) -> None:
    runner = Runner(tmp_path, {}).run()
    commands = runner.commands()
    assert [c.path for c in commands] == [("tools", "install")] * 4 + [("db", "update"), ("scan",)]
    assert [c.params["name"] for c in commands[:4]] == ["betterleaks", "checkov", "hadolint", "zizmor"]
    scan = commands[-1].params
    assert not scan["stage"] and scan["diff_base"] is None and scan["preset"] is None
    assert list(scan["fmt"]) == ["sarif", "json", "html", "markdown"] and str(scan["output"]) == "shiftleft-report"
    assert str(scan["history"]).startswith(str(tmp_path / "runner" / "shiftleft" / "history"))
    assert runner.outputs["scan"]["verdict"] == "PASSED" and runner.outputs["scan"]["category"] == "shiftleft"
    assert runner.summary.read_text("utf-8") == "# shiftleft report\n"  # the job summary
    pip = [argv for argv in runner.calls("python") if argv[:3] == ["-m", "pip", "install"]]
    # the hashed dependencies first, then shiftleft itself with nothing more
    assert len(pip) == 2
    assert "--require-hashes" in pip[0] and pip[0][-2:] == ["-r", f"{ROOT}/requirements.lock"]
    assert "--no-deps" in pip[1] and "--no-build-isolation" in pip[1] and pip[1][-1] == str(ROOT)


def test_a_pull_request_with_every_flag(tmp_path: Path) -> None:
    inputs = {"path": "svc", "stages": "code,build", "preset": "strict", "fail-on": "critical", "formats": "sarif html",
              "output": "out/sl", "config": "ci/shiftleft.yaml", "job-summary": "true"}  # fmt: skip
    (tmp_path / "svc").mkdir()
    runner = Runner(tmp_path, inputs, event="pull_request").run()
    commands = runner.commands()
    installed = [c.params["name"] for c in commands if c.path == ("tools", "install")]
    assert installed == ["betterleaks", "checkov", "hadolint"]
    scan = next(c for c in commands if c.path == ("scan",)).params
    assert list(scan["stage"]) == ["code", "build"] and scan["diff_base"] == "origin/main"
    assert scan["preset"] == "strict" and scan["fail_on"] == "critical"
    assert str(scan["config_file"]) == "ci/shiftleft.yaml"
    assert list(scan["fmt"]) == ["sarif", "html", "markdown"] and str(scan["path"]) == "svc"
    assert runner.outputs["scan"]["category"] == "shiftleft-code-build"
    assert runner.outputs["scan"]["sarif-file"] == "out/sl/shiftleft.sarif"


def test_no_diff_base_and_no_advisories_when_not_asked(tmp_path: Path) -> None:
    runner = Runner(tmp_path, {"stages": "deploy", "diff-base": "", "upload-sarif": "false", "job-summary": "false",
                               "formats": "json"}, event="pull_request").run()  # fmt: skip
    commands = runner.commands()
    assert ("db", "update") not in {c.path for c in commands}
    assert [c.params["name"] for c in commands if c.path == ("tools", "install")] == ["checkov", "zizmor"]
    scan = next(c for c in commands if c.path == ("scan",)).params
    assert scan["diff_base"] is None and list(scan["fmt"]) == ["json"] and list(scan["stage"]) == ["deploy"]
    assert not runner.summary.exists()


@pytest.mark.parametrize(("scan_exit", "allow", "verdict", "step_exit"), [
    (0, "false", "PASSED", 0), (1, "true", "FAILED", 1), (3, "false", "INCOMPLETE", 3), (3, "true", "INCOMPLETE", 0),
    (2, "true", "ERROR", 2), (4, "false", "ERROR", 4),
])  # fmt: skip
def test_the_gate_step_maps_the_exit_code(tmp_path: Path, scan_exit: int, allow: str, verdict: str,
                                          step_exit: int) -> None:  # fmt: skip
    runner = Runner(tmp_path, {"allow-incomplete": allow, "stages": "code"}, scan_exit=scan_exit).run()
    assert runner.outputs["scan"]["exit-code"] == str(scan_exit) and runner.outputs["scan"]["verdict"] == verdict
    gate = runner.results["Gate"]
    assert gate.returncode == step_exit
    if scan_exit == 3:
        assert ("::warning::" if allow == "true" else "::error::") in gate.stdout and "NOT ASSESSED" in gate.stdout
    assert runner.summary.exists()  # the summary is written whatever the verdict


def test_the_static_lines_resolve_too() -> None:
    """The lines that name a sub-command literally, read without running them."""
    samples = {"tool": "checkov", "SHIFTLEFT_DB": "/tmp/db"}
    found = [resolve(argv) for step in _action()["runs"]["steps"] if "run" in step
             for argv in shiftleft_commands(step["run"].replace('"${args[@]}"', "scan ."), samples)]  # fmt: skip
    assert {c.path for c in found} == {("tools", "install"), ("db", "update"), ("scan",)}


def test_docs_show_the_action_and_readme_links_it() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", docs, flags=re.S)
    workflows = [yaml.safe_load(block) for block in blocks]
    uses = [step for wf in workflows if isinstance(wf, dict) and "jobs" in wf for job in wf["jobs"].values()
            for step in job["steps"]]  # fmt: skip
    action_steps = [s for s in uses if "shiftleft" in s.get("uses", "")]
    assert action_steps, "docs/ci.md has a workflow that uses the action"
    inputs = set(_action()["inputs"])
    for step in action_steps:
        assert set(step.get("with", {})) <= inputs, step
    checkout = [s for s in uses if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout and all(s["with"]["fetch-depth"] == 0 for s in checkout)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/ci.md" in readme and "shiftleft init" in readme


@pytest.mark.e2e
def test_zizmor_finds_nothing_in_the_action_nor_the_generated_workflows(tmp_path: Path) -> None:
    """shiftleft's own deploy stage runs zizmor on workflows and composite actions: what we
    ship and generate must pass it (pinned actions, no expression in a script, no write to
    GITHUB_PATH / GITHUB_ENV from the action)."""
    from shiftleft import ci_init, tools

    zizmor = tools.find_tool("zizmor")
    require(zizmor is not None, "zizmor (shiftleft tools install zizmor)")
    assert zizmor is not None
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    for single in (False, True):
        text = ci_init.render("github", single_job=single, config=False)[0].text
        (workflows / f"shiftleft-{'single' if single else 'stages'}.yml").write_text(text, "utf-8")
    shutil.copy(ACTION, tmp_path / "action.yml")
    done = subprocess.run([zizmor, "--offline", "--persona", "auditor", "--format", "plain", "--no-progress",
                           str(workflows), str(tmp_path / "action.yml")], capture_output=True, text=True,
                          timeout=300, check=False, env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr
