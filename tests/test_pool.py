"""pipeline.run_scan's one pool: every stage's scanners share it, bounded, slowest first,
deadlines counted from each scanner's start, output independent of completion order;
scanners that share one run of their tool (``Scanner.shared_run``) start it once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import pytest
import sarif_om

from shiftleft import pipeline
from shiftleft.config import Config
from shiftleft.model import ScanContext, ScanProgress, ScanStatus
from shiftleft.pipeline import run_scan
from shiftleft.process import ToolError
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner
from shiftleft.target import collect
from tests.helpers import FakeScanner

_lock = threading.Lock()
_log: list[str] = []
_live = [0, 0]  # running now, most at once


def _result_run(name: str, ctx: ScanContext) -> sarif_om.Run:
    res = build.result("R1", f"{name} says", [build.location(str(ctx.target.root / "app.py"), 1)], level="error")
    return build.run(name, version="1.0", rules=[build.rule("R1", short="r")], results=[res])


class Recording(FakeScanner):
    """Records its start, counts how many run at once, waits for ``gate`` when set."""

    gate: ClassVar[threading.Event | threading.Barrier | None] = None

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        with _lock:
            _log.append(f"{ctx.workdir.name}")
            _live[0] += 1
            _live[1] = max(_live)
        try:
            gate = type(self).gate
            if isinstance(gate, threading.Barrier):
                gate.wait(timeout=20)  # broken (an error) unless its peers run at the same time
            elif isinstance(gate, threading.Event):
                gate.wait(timeout=20)
            else:
                threading.Event().wait(0.05)
        finally:
            with _lock:
                _live[0] -= 1
        return _result_run(self.name, ctx)


def _make(name: str, stage: str, cost: int = 1, base: type[Recording] = Recording) -> type[Scanner]:
    attrs = {"name": name, "stages": (stage,), "startup_seconds": float(cost)}
    return type(name.title().replace("-", ""), (base,), attrs)


@pytest.fixture
def target(tmp_path: Path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    _log.clear()
    _live[:] = [0, 0]
    return collect(root)


def _by_name(*classes: type[Scanner]) -> dict[str, type[Scanner]]:
    return {c.name: c for c in classes}


def test_scanners_of_different_stages_run_at_the_same_time(target) -> None:
    """The code and deploy scanners meet at a barrier: one after the other, it breaks."""
    barrier = threading.Barrier(2)
    code = type("C", (Recording,), {"name": "c", "stages": ("code",), "gate": barrier})
    deploy = type("D", (Recording,), {"name": "d", "stages": ("deploy",), "gate": barrier})
    outcome = run_scan(target, Config(timeout=30), _by_name(code, deploy), max_workers=2)
    assert [(s.name, s.stage, s.status) for s in outcome.statuses] == [
        ("c", "code", ScanStatus.OK),
        ("d", "deploy", ScanStatus.OK),
    ]


def test_pool_is_bounded_and_starts_the_slowest_first(target) -> None:
    scanners = _by_name(
        _make("a-cheap", "code", 1), _make("b-dear", "build", 5), _make("c-mid", "deploy", 3),
        _make("d-dear", "code", 5), _make("e-cheap", "test", 1),
    )  # fmt: skip
    run_scan(target, Config(timeout=30), scanners, max_workers=1)
    # costliest first; equal costs in stage order, then by name
    assert _log == ["code-d-dear", "build-b-dear", "deploy-c-mid", "code-a-cheap", "test-e-cheap"]
    assert _live[1] == 1
    _log.clear()
    run_scan(target, Config(timeout=30), scanners, max_workers=2)
    assert _live[1] <= 2 and len(_log) == 5


def test_the_estimate_weighs_a_scanners_start_up_and_the_bytes_it_reads(tmp_path: Path) -> None:
    """A tool that reads many bytes outranks one that only starts slowly, and the other way
    round on a small tree: on a 13-file Terraform tree checkov (2 s to start) went third,
    behind bandit and semgrep, and the scan waited for it."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / "big.py").write_bytes(b"x = 1\n" * (2**20 // 6))
    (root / "main.tf").write_text("resource \"x\" \"y\" {}\n")
    small = collect(root)

    class ReadsPython(Recording):
        name, stages, startup_seconds, seconds_per_mib = "reads", ("code",), 0.2, 3.0

        def inputs(self, ctx: ScanContext) -> list[str]:
            return ctx.target.files_with_suffix(".py")

    class SlowStart(Recording):
        name, stages, startup_seconds, seconds_per_mib = "slow-start", ("deploy",), 2.0, 1.0

        def inputs(self, ctx: ScanContext) -> list[str]:
            return ctx.target.files_with_suffix(".tf")

    class Broken(Recording):
        name, stages, startup_seconds = "broken", ("build",), 0.5

        def inputs(self, ctx: ScanContext) -> list[str]:
            raise RuntimeError("inputs failed")

    def estimate(cls: type[Scanner], target: object) -> float:
        member = pipeline._Member("code", cls(), ScanContext(target, tmp_path), True)  # type: ignore[arg-type]
        return pipeline._estimate([member], {})

    assert estimate(ReadsPython, small) == pytest.approx(0.2 + 3.0, rel=0.01)  # 1 MiB of Python
    assert estimate(SlowStart, small) == pytest.approx(2.0, rel=0.01)
    assert estimate(Broken, small) == 0.5
    (root / "big.py").write_text("x = 1\n")
    assert estimate(ReadsPython, collect(root)) < estimate(SlowStart, collect(root))


def test_default_pool_is_the_cores_of_this_process(monkeypatch) -> None:
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda _pid: {0, 3, 5}, raising=False)
    assert pipeline.cores() == 3


def test_output_does_not_depend_on_completion_order(target) -> None:
    """The first scanner (by stage and name) finishes last; the log and statuses are in the
    same order as a one-at-a-time scan's, and the same apart from timing."""
    release = threading.Event()

    class Late(Recording):
        name = "a-late"
        stages = ("code",)
        gate = release

    class Early(Recording):
        name = "z-early"
        stages = ("code",)

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            try:
                return super().run(ctx)
            finally:
                release.set()  # only now may the first one finish

    scanners = _by_name(Late, Early, _make("m-build", "build"), _make("deploy-x", "deploy"))
    parallel = run_scan(target, Config(timeout=30), scanners, max_workers=4)
    release.clear()
    release.set()  # one at a time: nothing to wait for
    serial = run_scan(target, Config(timeout=30), scanners, max_workers=1)

    def shape(outcome) -> list[tuple[str, str, str, int]]:
        return [(s.name, s.stage, str(s.status), s.results) for s in outcome.statuses]

    assert shape(parallel) == shape(serial) == [
        ("a-late", "code", "ok", 1), ("z-early", "code", "ok", 1), ("m-build", "build", "ok", 1),
        ("deploy-x", "deploy", "ok", 1),
    ]  # fmt: skip
    names = [r.tool.driver.name for r in parallel.log.runs]
    assert names == [r.tool.driver.name for r in serial.log.runs] == ["a-late", "z-early", "m-build", "deploy-x",
                                                                       "shiftleft"]  # fmt: skip


def test_a_queued_scanner_does_not_time_out_behind_a_hung_one(target, monkeypatch) -> None:
    """A plugin that ignores its timeout holds its slot until the pipeline gives up on it;
    the scanner queued behind it then gets the slot and its own full time."""
    monkeypatch.setattr(pipeline, "GRACE_SECONDS", 0.2)
    never = threading.Event()

    class Hung(Recording):
        name = "hung"
        startup_seconds = 9.0
        gate = never

    try:
        outcome = run_scan(target, Config(timeout=0.3), _by_name(Hung, _make("after", "code")), max_workers=1)
    finally:
        never.set()
    status = {s.name: s for s in outcome.statuses}
    assert status["hung"].status == ScanStatus.TIMEOUT
    assert status["after"].status == ScanStatus.OK and status["after"].results == 1


def test_progress_tells_each_start_and_finish_from_the_calling_thread(target) -> None:
    steps: list[tuple[str, str, str, ScanStatus | None]] = []
    threads: set[int] = set()

    def progress(step: ScanProgress) -> None:
        threads.add(threading.get_ident())
        steps.append((step.event, step.stage, step.scanner, step.status))

    class Broken(Recording):
        name = "broken"
        stages = ("build",)

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            raise ToolError("no")

    run_scan(target, Config(timeout=30), _by_name(_make("fine", "code"), Broken), progress=progress, max_workers=1)
    assert threads == {threading.get_ident()}
    assert sorted(steps, key=str) == sorted([
        ("started", "code", "fine", None), ("finished", "code", "fine", ScanStatus.OK),
        ("started", "build", "broken", None), ("finished", "build", "broken", ScanStatus.FAILED),
    ], key=str)  # fmt: skip
    for name in ("fine", "broken"):  # each starts before it finishes
        assert [s[0] for s in steps if s[2] == name] == ["started", "finished"]


# --- one run of a tool for several scanners ----------------------------------------------

_shared_calls: list[list[str]] = []


class Shared(FakeScanner):
    """Two scanners of two stages that one tool run serves (like checkov's two halves)."""

    shared_run: ClassVar[str | None] = "tool-x"
    fail: ClassVar[bool] = False

    @classmethod
    def execute_shared(cls, members: Sequence[tuple[Scanner, ScanContext]]) -> list[sarif_om.Run]:
        _shared_calls.append([s.name for s, _ in members])
        if cls.fail:
            return [build.failed_run(s.name, "tool-x crashed", "failed") for s, _ in members]
        return [_result_run(s.name, ctx) for s, ctx in members]

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        _shared_calls.append([self.name])
        return _result_run(self.name, ctx)


class SharedBuild(Shared):
    name = "x-build"
    stages = ("build",)


class SharedDeploy(Shared):
    name = "x-deploy"
    stages = ("deploy",)


def test_scanners_sharing_a_run_start_their_tool_once(target) -> None:
    _shared_calls.clear()
    scanners = _by_name(SharedBuild, SharedDeploy, _make("other", "code"))
    outcome = run_scan(target, Config(timeout=30), scanners, max_workers=2)
    assert _shared_calls == [["x-build", "x-deploy"]]
    assert [(s.name, s.stage, str(s.status), s.results) for s in outcome.statuses] == [
        ("other", "code", "ok", 1),
        ("x-build", "build", "ok", 1),
        ("x-deploy", "deploy", "ok", 1),
    ]
    stages = [r.properties["shiftleft"]["stage"] for r in outcome.log.runs[:-1]]
    assert stages == ["code", "build", "deploy"]


def test_a_shared_run_that_fails_leaves_every_stage_not_assessed(target, monkeypatch) -> None:
    monkeypatch.setattr(Shared, "fail", True)
    outcome = run_scan(target, Config(timeout=30), _by_name(SharedBuild, SharedDeploy))
    assert {(s.name, s.stage): (str(s.status), s.not_assessed_run) for s in outcome.statuses} == {
        ("x-build", "build"): ("failed", True),
        ("x-deploy", "deploy"): ("failed", True),
    }


def test_one_selected_member_runs_alone(target) -> None:
    """Only the build stage: the deploy half is not there, the build half runs by itself."""
    _shared_calls.clear()
    outcome = run_scan(target, Config(timeout=30), _by_name(SharedBuild, SharedDeploy), stages=("build",))
    assert _shared_calls == [["x-build"]]
    assert [(s.name, str(s.status)) for s in outcome.statuses] == [("x-build", "ok")]
