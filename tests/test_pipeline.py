"""pipeline.run_scan: each scanner isolated, failures are NOT ASSESSED, never clean."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pytest
import sarif_om

from shiftleft.config import Config, ScannerConfig
from shiftleft.findings import iter_findings
from shiftleft.model import ScanContext
from shiftleft.pipeline import run_scan
from shiftleft.process import ToolError, run_tool
from shiftleft.sarif import build, om
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY
from shiftleft.target import collect
from tests.helpers import FakeScanner

PID_FILE = "child.pid"


class Good(FakeScanner):
    name = "good"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        assert ctx.target.files == ("app.py",)
        result = build.result(
            "G1", "eval of input", [build.location(str(ctx.target.root / "app.py"), 2)], level="error"
        )
        return build.run("good", version="1.0.0", rules=[build.rule("G1", short="eval")], results=[result])


class Sleeper(FakeScanner):
    name = "sleeper"
    #: the sleeping child's pid, read from its pid file before the pipeline deletes the workdir
    child_pid: int | None = None

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        pid_file = ctx.workdir / PID_FILE
        code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
        try:
            run_tool([sys.executable, "-c", code], timeout=ctx.timeout)
        finally:
            if pid_file.exists():
                Sleeper.child_pid = int(pid_file.read_text())
        raise AssertionError("unreachable: the tool must time out")


class Missing(FakeScanner):
    name = "missing"

    def health(self) -> str | None:
        return "missing-tool is not installed (pip install missing-tool)"


class Crasher(FakeScanner):
    name = "crasher"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        raise RuntimeError("adapter bug")


class Garbage(FakeScanner):
    name = "garbage"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        raise ToolError("garbage printed output that is not its JSON: 'Traceback...'")


class NotApplicable(FakeScanner):
    name = "nothing-to-do"

    def applies(self, target) -> str | None:
        return "no Dockerfile"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        raise AssertionError("must not run")


class DeployOnly(FakeScanner):
    name = "deployer"
    stages = ("deploy",)

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        raise AssertionError("deploy stage not selected")


SCANNERS = {c.name: c for c in (Good, Sleeper, Missing, Crasher, Garbage, NotApplicable, DeployOnly)}


@pytest.fixture
def target(tmp_path: Path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("import sys\neval(sys.argv[1])\n")
    return collect(root)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    root = tmp_path_factory.mktemp("iso") / "proj"
    root.mkdir()
    (root / "app.py").write_text("import sys\neval(sys.argv[1])\n")
    start = time.monotonic()
    result = run_scan(collect(root), Config(timeout=2.0), SCANNERS, stages=("code",), max_workers=6)
    elapsed = time.monotonic() - start
    return result, elapsed, Sleeper.child_pid


def statuses_by_name(outcome) -> dict:
    return {s.name: s for s in outcome.statuses}


def test_finishes_long_before_the_sleeping_child(outcome) -> None:
    _, elapsed, _ = outcome
    assert elapsed < 15


def test_sleeping_child_is_killed(outcome) -> None:
    _, _, pid = outcome
    assert pid is not None, "the child never started"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_each_bad_scanner_has_its_status_and_reason(outcome) -> None:
    result, _, _ = outcome
    by_name = statuses_by_name(result)
    assert set(by_name) == {"good", "sleeper", "missing", "crasher", "garbage", "nothing-to-do"}
    assert by_name["good"].status == "ok"
    assert by_name["good"].results == 1
    assert by_name["sleeper"].status == "timeout"
    assert "timed out after 2 s" in by_name["sleeper"].reason
    assert by_name["missing"].status == "missing"
    assert by_name["missing"].reason == "missing-tool is not installed (pip install missing-tool)"
    assert by_name["crasher"].status == "failed"
    assert by_name["crasher"].reason == "adapter error: RuntimeError: adapter bug"
    assert by_name["garbage"].status == "failed"
    assert by_name["garbage"].reason.startswith("garbage printed output")
    assert by_name["nothing-to-do"].status == "not-applicable"
    assert by_name["nothing-to-do"].reason == "no Dockerfile"
    assert not by_name["nothing-to-do"].applicable
    assert result.stages == ("code",)


def test_good_result_is_kept_and_normalized(outcome) -> None:
    result, _, _ = outcome
    findings = list(iter_findings(result.log))
    assert [(f.tool, f.rule_id, f.path, f.line) for f in findings] == [("good", "G1", "app.py", 2)]
    runs = {r.automation_details.id: r for r in result.log.runs}
    good = runs["shiftleft/code/good/"]
    assert good.invocations[0].execution_successful is True


def test_failed_runs_have_no_results_and_failed_invocations(outcome) -> None:
    result, _, _ = outcome
    runs = {r.automation_details.id: r for r in result.log.runs}
    assert set(runs) == {
        "shiftleft/code/good/",
        "shiftleft/code/sleeper/",
        "shiftleft/code/missing/",
        "shiftleft/code/crasher/",
        "shiftleft/code/garbage/",
        "shiftleft/orchestrator/",
    }
    for name in ("sleeper", "missing", "crasher", "garbage"):
        run = runs[f"shiftleft/code/{name}/"]
        assert run.results == []
        assert run.invocations[0].execution_successful is False
        assert run.invocations[0].tool_execution_notifications[0].level == "error"


def test_orchestrator_run_says_not_assessed(outcome) -> None:
    result, _, _ = outcome
    last = result.log.runs[-1]
    assert last.automation_details.id == "shiftleft/orchestrator/"
    notes = last.invocations[0].tool_execution_notifications
    texts = {n.message.text.split(" ", 1)[0]: n for n in notes}
    assert set(texts) == {"sleeper", "missing", "crasher", "garbage"}
    for name, note in texts.items():
        assert "NOT ASSESSED" in note.message.text
        assert note.level == "error"  # required scanners
        status = statuses_by_name(result)[name].status
        assert note.descriptor.id == f"shiftleft/scanner-{status}"
    assert texts["sleeper"].message.text.startswith("sleeper (code) timeout: ")
    assert "timed out after 2 s" in texts["sleeper"].message.text


def test_log_is_schema_valid_and_records_health(outcome) -> None:
    import jsonschema

    result, _, _ = outcome
    data = om.log_to_dict(result.log)
    assert list(jsonschema.Draft4Validator(om.sarif_schema()).iter_errors(data)) == []
    meta = data["properties"]["shiftleft"]
    assert meta["stages"] == ["code"]
    assert meta["filesScanned"] == 1
    assert {s["name"]: s["status"] for s in meta["scanners"]}["sleeper"] == "timeout"
    ids = [r["automationDetails"]["id"] for r in data["runs"]]
    assert len(ids) == len(set(ids))


def test_optional_scanner_failure_is_a_warning(target) -> None:
    class Optional(Crasher):
        name = "optional"
        required = False

    result = run_scan(target, Config(), {"optional": Optional, "good": Good}, stages=("code",))
    note = result.log.runs[-1].invocations[0].tool_execution_notifications[0]
    assert note.level == "warning"
    assert "optional (code) failed" in note.message.text


def test_config_can_disable_and_require(target) -> None:
    config = Config(scanners={"crasher": ScannerConfig(enabled=False), "good": ScannerConfig(required=False)})
    result = run_scan(target, config, {"crasher": Crasher, "good": Good}, stages=("code",))
    by_name = statuses_by_name(result)
    assert by_name["crasher"].status == "disabled"
    assert not by_name["crasher"].applicable
    assert by_name["good"].required is False
    assert result.log.runs[-1].invocations[0].tool_execution_notifications is None


def test_secret_hashes_are_popped_and_failure_reasons_redacted(target) -> None:
    """A secret that one scanner found must not come back through another scanner's failure
    reason (tool stderr), which the orchestrator run and the log properties repeat."""
    secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"

    class Secrets(FakeScanner):
        name = "secrets"
        category = "secrets"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            run = build.run("secrets", version="1")
            run.properties = {SECRET_HASHES_KEY: [hashlib.sha1(secret.encode()).hexdigest()]}
            return run

    class Leaky(FakeScanner):
        name = "leaky"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            raise ToolError(f"leaky exited with code 2: cannot parse line: api_key = {secret}")

    result = run_scan(target, Config(), {"secrets": Secrets, "leaky": Leaky}, stages=("code",))
    text = json.dumps(om.log_to_dict(result.log))
    assert secret not in text
    assert SECRET_HASHES_KEY not in text
    assert "api_key = [REDACTED]" in text


# --- run_tool, the subprocess wrapper every adapter uses ------------------------------


def _gone(pid: int) -> bool:
    """Dead, or a zombie waiting for a reaper that is not us (killed either way)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return True
    return fields[0] in {"Z", "X"}


def test_run_tool_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    code = (
        "import subprocess, sys, time\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid))\n"
        "time.sleep(60)\n"
    )
    start = time.monotonic()
    with pytest.raises(ToolError) as err:
        run_tool([sys.executable, "-c", code], timeout=1.5)
    assert time.monotonic() - start < 10
    assert err.value.status == "timeout"
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while not _gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(grandchild)


def test_run_tool_missing_executable() -> None:
    with pytest.raises(ToolError) as err:
        run_tool(["/nonexistent/definitely-not-a-tool"], timeout=5)
    assert err.value.status == "missing"
    assert "is not installed" in str(err.value)


def test_run_tool_bad_exit_code_quotes_stderr_tail() -> None:
    code = "import sys; sys.stderr.write('one\\ntwo\\nthree\\nfour\\n'); sys.exit(3)"
    with pytest.raises(ToolError) as err:
        run_tool([sys.executable, "-c", code], timeout=10)
    assert err.value.status == "failed"
    assert str(err.value).endswith("exited with code 3: two | three | four")
    out = run_tool([sys.executable, "-c", code], timeout=10, ok_codes=(0, 3))
    assert out.returncode == 3
    assert out.stderr == "one\ntwo\nthree\nfour\n"


def test_run_tool_environment_is_offline() -> None:
    out = run_tool([sys.executable, "-c", "import os; print(os.environ['SEMGREP_SEND_METRICS'])"], timeout=10)
    assert out.stdout.strip() == "off"


class NothingToJudge(FakeScanner):
    name = "nothing-to-judge"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        from shiftleft.scanners.base import NotApplicable as FoundNothing

        raise FoundNothing("no resources of its kind in 2 candidate files")


def test_scanner_that_finds_nothing_to_judge_is_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    outcome = run_scan(collect(tmp_path), Config(), {"nothing-to-judge": NothingToJudge, "good": Good})
    status = next(s for s in outcome.statuses if s.name == "nothing-to-judge")
    assert status.status == "not-applicable" and not status.applicable
    assert status.reason == "no resources of its kind in 2 candidate files"
    tools = [r.tool.driver.name for r in outcome.log.runs]
    assert "nothing-to-judge" not in tools
