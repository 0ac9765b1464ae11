"""Run a pure-Python adapter in a worker process that is killed at its deadline.

An adapter that runs a tool is bounded by ``run_tool``: the tool is a process, killed at
the timeout. An adapter that does its work in Python (the osv matcher, pip-audit through
its service seam, the CycloneDX SBOM, the image reader) would run in a thread of the
shiftleft process, and a thread cannot be stopped: a hostile lockfile that makes it loop
would ignore the timeout and keep shiftleft from exiting. Such adapters set
``Scanner.worker_process`` and the pipeline runs them here instead:

- one process per adapter run, forked from a *forkserver* that has the adapters imported
  already, so a run costs a fork and not an interpreter start-up (measured: ~0.1 s for
  the first run of a scan, when the server starts, a few milliseconds after that);
- the worker gets the scanner and its context pickled, the parent's environment and working
  directory, and an address-space limit (``WORKER_MEMORY_BYTES``): a runaway structure is a
  ``MemoryError``, a failed run, not a machine out of memory;
- the run comes back pickled (sarif-om objects pickle as they are, nothing is lost);
- at the deadline the worker is sent SIGTERM (it kills the tools it started, which run in
  sessions of their own, and exits), then SIGKILL; the run is then "timeout": not assessed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import resource
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import sarif_om

from shiftleft.sarif import build

if TYPE_CHECKING:
    from shiftleft.model import ScanContext
    from shiftleft.scanners.base import Scanner

#: address space of one worker process (virtual memory, so generous: the interpreter and
#: its libraries map ~1 GiB before any work)
WORKER_MEMORY_BYTES = 6 * 1024 * 1024 * 1024
#: seconds a worker has to exit after SIGTERM before it is killed
STOP_GRACE_SECONDS = 2.0
#: imported once by the forkserver, so each worker starts with them loaded
PRELOAD = ("shiftleft.scanners.registry", "pip_audit._service")


def _context() -> Any:
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(list(PRELOAD))  # used when the server starts; missing modules are skipped
    return mp


def prestart() -> None:
    """Start the forkserver in the background (it imports the adapters, ~1 s), so that it
    is ready when the first worker is needed: called when a scan begins."""

    def start() -> None:
        with contextlib.suppress(Exception):  # a real failure shows when a worker starts
            _context()
            multiprocessing.forkserver.ensure_running()

    threading.Thread(target=start, name="shiftleft-forkserver", daemon=True).start()


def _on_sigterm(_signum: int, _frame: object) -> None:
    from shiftleft.process import kill_live_tools

    kill_live_tools()
    os._exit(124)


def _child(conn: Connection, scanner: Scanner, ctx: ScanContext, environ: dict[str, str], cwd: str) -> None:
    """The worker: same environment and directory as the parent, bounded memory, one run."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    os.environ.clear()
    os.environ.update(environ)
    with contextlib.suppress(OSError):
        os.chdir(cwd)
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        run = scanner.execute(ctx)
    except BaseException as exc:  # noqa: BLE001 - execute() catches Exception; MemoryError and the like land here
        run = build.failed_run(scanner.name, f"adapter error: {type(exc).__name__}: {exc}", "failed")
    try:
        conn.send(run)
    except Exception as exc:  # noqa: BLE001 - too large, or an object that does not pickle
        why = f"adapter error: its run could not be returned ({type(exc).__name__})"
        conn.send(build.failed_run(scanner.name, why, "failed"))
    finally:
        conn.close()


def execute_in_worker(scanner: Scanner, ctx: ScanContext) -> sarif_om.Run:
    """``scanner.execute(ctx)`` in a worker process; a failed run when the worker does not
    answer within ``ctx.timeout`` (status "timeout") or dies first (status "failed")."""
    start = time.time()
    mp = _context()
    receiver, sender = mp.Pipe(duplex=False)
    proc = mp.Process(
        target=_child,
        # the pool's spare slots stay in this process (a lock does not pickle; a worker runs
        # one adapter in one slot)
        args=(sender, scanner, dataclasses.replace(ctx, spare=None), dict(os.environ), os.getcwd()),
        name=f"shiftleft-{scanner.name}",
        daemon=True,
    )
    try:
        proc.start()
    except Exception as exc:  # noqa: BLE001 - e.g. a plugin's scanner that cannot be pickled
        receiver.close()
        sender.close()
        return build.failed_run(
            scanner.name, f"could not start its worker process: {type(exc).__name__}: {exc}", "failed", start=start
        )
    sender.close()
    try:
        ready = multiprocessing.connection.wait([receiver, proc.sentinel], timeout=ctx.timeout)
        if receiver in ready:
            with contextlib.suppress(EOFError, OSError):
                run: sarif_om.Run = receiver.recv()
                return run
        if not ready:
            why = f"{scanner.name} did not finish within {ctx.timeout:g} s: its worker process was stopped"
            return build.failed_run(scanner.name, why, "timeout", start=start)
        proc.join(STOP_GRACE_SECONDS)
        why = f"{scanner.name}'s worker process exited (code {proc.exitcode}) without returning a run"
        return build.failed_run(scanner.name, why, "failed", start=start)
    finally:
        receiver.close()
        _stop(proc)


def _stop(proc: Any) -> None:
    if proc.is_alive():
        proc.terminate()
        proc.join(STOP_GRACE_SECONDS)
    if proc.is_alive():
        proc.kill()
    proc.join(STOP_GRACE_SECONDS)
    with contextlib.suppress(ValueError):
        proc.close()
