"""Pool slots a running scanner may borrow once no other scanner waits for one.

Why: the scan's pool gives each scanner one slot (a core). When the other scanners are done,
a long one that splits its work into independent tool runs (semgrep's rule groups:
``scanners/semgrep_gates.py``) would otherwise leave the other cores idle: on typeorm
(2 cores) semgrep ran alone for the last ~13 s of a 22 s scan. ``SpareSlots`` is what the
pool lends (``pipeline._run_pool`` opens the slots no job is waiting for); ``run_spread``
runs a scanner's tasks in its own slot and in whatever slots it can borrow, and returns
their results in the order given, so the output does not depend on how many ran at once.

Borrowing never delays another scanner (nothing is lent while one waits in the queue) and
never raises the scan's peak of concurrent tool processes above the pool's size.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: how long a borrower waits for a slot before it looks again whether tasks are left
_POLL_SECONDS = 0.25


class SpareSlots:
    """The pool's slots that no job holds or waits for (thread-safe)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._cond = threading.Condition()
        self._open = 0
        self._borrowed = 0
        self._closed = False

    def open(self, free: int) -> None:
        """The pool has ``free`` slots that no queued job needs (called by the pool only)."""
        with self._cond:
            self._open = max(0, free)
            self._cond.notify_all()

    def close(self) -> None:
        """The pool is done: nothing more is lent."""
        with self._cond:
            self._closed = True
            self._open = 0
            self._cond.notify_all()

    def borrow(self, timeout: float, stop: Callable[[], bool] = lambda: False) -> bool:
        """Take a slot, waiting at most ``timeout`` seconds for one; False: none came, the
        pool is done, or ``stop()`` became true (checked whenever ``wake`` is called)."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or stop() or self._open > self._borrowed, timeout)
            if self._closed or stop() or self._open <= self._borrowed:
                return False
            self._borrowed += 1
            return True

    def wake(self) -> None:
        """Make waiting borrowers look at their ``stop`` condition again."""
        with self._cond:
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        with self._cond:
            return self._closed

    def give_back(self) -> None:
        with self._cond:
            self._borrowed = max(0, self._borrowed - 1)
            self._cond.notify_all()

    @property
    def borrowed(self) -> int:
        with self._cond:
            return self._borrowed


def run_spread(tasks: Sequence[Callable[[], T]], spare: SpareSlots | None) -> list[T]:
    """Run ``tasks`` (costliest first, as given): in this thread one after another, and each
    slot ``spare`` lends takes the next one. Their results in the order given. The first
    exception is raised once the tasks already started have ended; no task starts after it."""
    results: list[T | None] = [None] * len(tasks)
    lock = threading.Lock()
    state = {"next": 0}
    failures: list[BaseException] = []

    def take() -> int | None:
        with lock:
            if failures or state["next"] >= len(tasks):
                return None
            index = state["next"]
            state["next"] += 1
            return index

    def run(index: int) -> None:
        try:
            results[index] = tasks[index]()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            with lock:
                failures.append(exc)

    def finished() -> bool:
        with lock:
            return bool(failures) or state["next"] >= len(tasks)

    def borrower() -> None:
        assert spare is not None
        while not finished() and not spare.closed:
            if not spare.borrow(_POLL_SECONDS, finished):
                continue
            try:
                index = take()
                if index is None:
                    return
                run(index)
            finally:
                spare.give_back()

    helpers: list[threading.Thread] = []
    if spare is not None and len(tasks) > 1:
        for n in range(min(len(tasks) - 1, spare.workers - 1)):
            helper = threading.Thread(target=borrower, name=f"spare-{n}", daemon=True)
            helper.start()
            helpers.append(helper)
    while (index := take()) is not None:
        run(index)
    if spare is not None:
        spare.wake()  # no task left: borrowers still waiting for a slot stop now
    for helper in helpers:
        helper.join()
    if failures:
        raise failures[0]
    return results  # type: ignore[return-value]
