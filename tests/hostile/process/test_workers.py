"""Pure-Python adapters honour their timeout: they run in a worker process killed at the
deadline, and the scanner is then "timeout" (not assessed), never waited for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from shiftleft import pipeline
from shiftleft.config import Config, ScannerConfig
from shiftleft.scanners.cyclonedx import CycloneDxSbom
from shiftleft.scanners.osv import OsvScanner
from shiftleft.target import collect
from tests.build.conftest import FIXTURE_OSV

from .builders import (
    STOP_THREAD_LOOP,
    Answers,
    DiesHard,
    LoopsForever,
    ThreadLoops,
    ToolInWorker,
    Unreturnable,
    env_var,
    kill_quietly,
    read_pids,
    requirements,
    wait_gone,
)

ROOT = Path(__file__).resolve().parents[3]


def _scan(root: Path, scanners: dict[str, type], timeout: float, **options: object) -> pipeline.ScanOutcome:
    config = Config(timeout=timeout, scanners={n: ScannerConfig(options=dict(options)) for n in scanners})
    return pipeline.run_scan(collect(root), config, scanners)


def test_an_adapter_looping_forever_is_stopped_at_its_timeout(tmp_path: Path) -> None:
    requirements(tmp_path / "repo", 1)
    pid_file = tmp_path / "worker.pid"
    start = time.monotonic()
    outcome = _scan(tmp_path / "repo", {"loops-forever": LoopsForever}, timeout=2, pid_file=str(pid_file))
    elapsed = time.monotonic() - start
    pids = read_pids(pid_file, seconds=1)
    survived = bool(pids) and not wait_gone(pids, seconds=0.5)
    kill_quietly(pids)
    (status,) = outcome.statuses
    assert status.status == "timeout" and not status.assessed
    assert "did not finish within 2 s" in (status.reason or "")
    assert elapsed < 2 + 15  # worker start-up and stop grace, generously
    assert pids and pids[0] != os.getpid()  # it ran in a worker
    assert not survived, "the worker survived its deadline"


def test_tools_started_by_a_stopped_worker_are_killed_too(tmp_path: Path) -> None:
    requirements(tmp_path / "repo", 1)
    pid_file = tmp_path / "tool.pids"
    outcome = _scan(tmp_path / "repo", {"tool-in-worker": ToolInWorker}, timeout=3, pid_file=str(pid_file))
    pids = read_pids(pid_file, seconds=1)
    try:
        assert outcome.statuses[0].status == "timeout"
        assert pids and wait_gone(pids), "the worker's tool (own session) outlived the worker"
    finally:
        kill_quietly(pids)


def test_a_worker_returns_its_run_whole_with_the_parents_environment(tmp_path: Path) -> None:
    requirements(tmp_path / "repo", 1)
    (tmp_path / "repo" / "app.py").write_text("x = 1\n")
    with env_var("HOSTILE_PROCESS_TEST", "set-after-the-forkserver-started"):
        outcome = _scan(tmp_path / "repo", {"answers": Answers}, timeout=60)
    (run,) = [r for r in outcome.log.runs if r.tool.driver.name == "answers"]
    assert outcome.statuses[0].status == "ok"
    assert run.properties["shiftleft"]["pid"] != os.getpid()  # it did run elsewhere
    assert run.properties["env"] == "set-after-the-forkserver-started"
    assert run.results[0].rule_id == "A1" and run.results[0].properties["k"] is None


def test_a_thread_adapter_ignoring_its_timeout_does_not_block_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin without worker_process is abandoned after timeout + grace, on a daemon
    thread (before: a ThreadPoolExecutor thread, joined at interpreter exit)."""
    monkeypatch.setattr(pipeline, "GRACE_SECONDS", 1.0)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "app.py").write_text("x = 1\n")
    STOP_THREAD_LOOP.clear()
    try:
        start = time.monotonic()
        outcome = _scan(tmp_path / "repo", {"thread-loops": ThreadLoops}, timeout=1)
        assert time.monotonic() - start < 1 + 1 + 10
        assert outcome.statuses[0].status == "timeout"
        stuck = [t for t in threading.enumerate() if t.name.startswith("scanner") and t.is_alive()]
        assert stuck and all(t.daemon for t in stuck)
    finally:
        STOP_THREAD_LOOP.set()


@pytest.mark.parametrize("scanner", [OsvScanner, CycloneDxSbom])
def test_builtin_pure_python_adapters_run_in_workers(scanner: type) -> None:
    assert scanner.worker_process


def test_cli_a_slow_sbom_and_matcher_time_out_exit_3_promptly(tmp_path: Path) -> None:
    """The reported attack: 8,000 requirement lines, a short timeout. Before: the SBOM step
    ran for minutes in a thread, and the process waited for it at exit. After: the run
    ends shortly after the timeout, those scanners are "timeout", exit code 3."""
    repo = tmp_path / "repo"
    requirements(repo, 8000)
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SHIFTLEFT_DB": str(db)}
    subprocess.run([sys.executable, "-m", "shiftleft", "db", "import", str(FIXTURE_OSV), "--db", str(db)],
                   check=True, capture_output=True, env=env, timeout=120)  # fmt: skip
    config = tmp_path / "shiftleft.yaml"
    config.write_text("timeout: 0.2\nscanners:\n  pip-audit:\n    enabled: false\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = [sys.executable, "-m", "shiftleft", "scan", str(repo), "-s", "build", "-c", str(config),
            "-o", str(out), "--no-history", "--db", str(db), "-q"]  # fmt: skip
    start = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, env=env, timeout=300, text=True)
    elapsed = time.monotonic() - start
    assert proc.returncode == 3, proc.stdout + proc.stderr
    log = json.loads((out / "shiftleft.sarif").read_text())
    scanners = {s["name"]: s for s in log["properties"]["shiftleft"]["scanners"]}
    assert scanners["cyclonedx"]["status"] == "timeout"
    assert scanners["osv"]["status"] == "timeout"  # required: the gate is incomplete
    assert elapsed < 60, f"the CLI took {elapsed:.0f} s with timeout: 0.2"


@pytest.mark.parametrize(
    ("scanner", "reason"),
    [(DiesHard, "exited (code 3) without returning a run"), (Unreturnable, "could not be returned")],
)
def test_a_worker_that_dies_or_cannot_answer_is_a_failed_run(tmp_path: Path, scanner: type, reason: str) -> None:
    requirements(tmp_path / "repo", 1)
    outcome = _scan(tmp_path / "repo", {scanner.name: scanner}, timeout=60)
    (status,) = outcome.statuses
    assert status.status == "failed" and reason in (status.reason or "")
