"""shiftleft.slots: a scanner's independent tasks run in its own slot and in the slots the
pool lends once no job waits; results keep the order given, failures are raised, nothing is
lent that the pool did not open."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sarif_om

from shiftleft.config import Config
from shiftleft.model import ScanContext
from shiftleft.pipeline import run_scan
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner
from shiftleft.slots import SpareSlots, run_spread
from shiftleft.target import collect
from tests.helpers import FakeScanner


def _tracked(live: list[int], lock: threading.Lock, value: int, gate: threading.Barrier | None = None):
    def task() -> int:
        with lock:
            live[0] += 1
            live[1] = max(live[1], live[0])
        try:
            if gate is not None:
                gate.wait(timeout=10)
            else:
                time.sleep(0.02)
            return value
        finally:
            with lock:
                live[0] -= 1

    return task


def test_without_spare_slots_the_tasks_run_one_after_another_in_order() -> None:
    live, lock = [0, 0], threading.Lock()
    assert run_spread([_tracked(live, lock, i) for i in range(4)], None) == [0, 1, 2, 3]
    assert live[1] == 1


def test_an_open_slot_runs_a_second_task_at_the_same_time() -> None:
    """Two tasks that each wait for the other (a barrier) finish only if both run at once."""
    live, lock = [0, 0], threading.Lock()
    spare = SpareSlots(2)
    spare.open(1)
    gate = threading.Barrier(2)
    assert run_spread([_tracked(live, lock, i, gate) for i in range(2)], spare) == [0, 1]
    assert live[1] == 2
    assert spare.borrowed == 0


def test_nothing_is_borrowed_that_the_pool_did_not_open() -> None:
    live, lock = [0, 0], threading.Lock()
    spare = SpareSlots(4)  # four cores, but every slot held or waited for
    assert run_spread([_tracked(live, lock, i) for i in range(5)], spare) == [0, 1, 2, 3, 4]
    assert live[1] == 1
    spare.open(1)
    live[:] = [0, 0]
    run_spread([_tracked(live, lock, i) for i in range(6)], spare)
    assert live[1] <= 2  # one lent slot: at most this thread and one borrower


def test_a_failure_is_raised_and_no_task_starts_after_it() -> None:
    started: list[int] = []

    def task(i: int):
        def run() -> int:
            started.append(i)
            if i == 1:
                raise RuntimeError("semgrep failed")
            return i

        return run

    with pytest.raises(RuntimeError, match="semgrep failed"):
        run_spread([task(i) for i in range(5)], None)
    assert started == [0, 1]


def test_borrowers_stop_when_no_task_is_left_and_when_the_pool_closes() -> None:
    """A borrower waiting for a slot that never opens does not hold up the caller."""
    spare = SpareSlots(2)
    start = time.monotonic()
    assert run_spread([lambda: 1, lambda: 2], spare) == [1, 2]
    spare.close()
    assert not spare.borrow(5.0)
    assert time.monotonic() - start < 4.0  # not the 5 s wait: close() answers at once


def test_the_pool_lends_a_free_core_to_a_running_scanner_once_nothing_waits(tmp_path: Path) -> None:
    """In a scan, a scanner's two tasks that need each other (a barrier) complete once the
    pool's other scanner is done and its slot is lent; alone in a 1-slot pool they could not."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    target = collect(root)

    class Splits(FakeScanner):
        name, stages, category = "splits", ("code",), "sast"
        startup_seconds = 10.0

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            gate = threading.Barrier(2, timeout=3)

            def part() -> int:
                gate.wait()
                return 1

            done = run_spread([part, part], ctx.spare)
            assert done == [1, 1]
            return build.run(self.name, version="1.0.0")

    class Short(FakeScanner):
        name, stages, category = "short", ("build",), "sca"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            time.sleep(0.05)
            return build.run(self.name, version="1.0.0")

    scanners: dict[str, type[Scanner]] = {"splits": Splits, "short": Short}
    outcome = run_scan(target, Config(timeout=30), scanners, max_workers=2)
    status = {s.name: s.status for s in outcome.statuses}
    assert status == {"splits": "ok", "short": "ok"}, [(s.name, s.reason) for s in outcome.statuses]
    failed = run_scan(target, Config(timeout=30), {"splits": Splits}, max_workers=1)
    assert [s.status for s in failed.statuses] == ["failed"]  # no core to lend: the barrier breaks


class InWorker(FakeScanner):
    """A pure-Python adapter: it runs in a worker process, to which its context is pickled."""

    name, stages, category = "in-worker", ("build",), "sbom"
    worker_process = True

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        assert ctx.spare is None  # the slots stay with the pool
        return build.run(self.name, version="1.0.0")


def test_a_worker_process_adapter_gets_its_context_without_the_pools_slots(tmp_path: Path) -> None:
    """The spare slots (a lock) do not pickle: sent along, every worker-process adapter
    (cyclonedx, osv, pip-audit, container) failed to start."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n")
    outcome = run_scan(collect(root), Config(timeout=60), {"in-worker": InWorker}, max_workers=2)
    assert [(s.name, s.status, s.reason) for s in outcome.statuses] == [("in-worker", "ok", None)]
