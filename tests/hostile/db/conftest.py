"""Helpers of the database suite: the real CLI in a child process, bounded in time."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import shiftleft

#: seconds; every command here finishes in a few seconds, a hang would run forever
BOUND = 60.0


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``shiftleft`` with a wall-clock bound: a hang fails the test instead of the suite."""
    try:
        return shiftleft(*args, cwd=cwd, timeout=BOUND)
    except subprocess.TimeoutExpired as exc:  # pragma: no cover - the defect this suite guards against
        raise AssertionError(f"shiftleft {' '.join(args)} did not finish within {BOUND:g} s") from exc


def scan(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """A build-stage scan of ``root``, outputs in ``out`` (never in the scanned tree)."""
    return cli("scan", str(root), "--stage", "build", "-o", str(out), "-f", "json", *extra)
