"""Tools run through run_tool cannot hang the scan nor exhaust its memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from shiftleft.process import MAX_STDOUT_BYTES, PIPE_GRACE_SECONDS, ToolError, run_tool

from .builders import alive, escaping_grandchild, flood, kill_quietly, read_pids, sleeper, wait_gone


def test_a_tool_past_its_timeout_is_killed_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    start = time.monotonic()
    with pytest.raises(ToolError) as err:
        run_tool(sleeper(tmp_path, pid_file), timeout=1.5)
    assert err.value.status == "timeout" and "timed out after 1.5 s" in str(err.value)
    assert time.monotonic() - start < 1.5 + 10
    pids = read_pids(pid_file)
    try:
        assert pids and wait_gone(pids), "the tool or its child survived the timeout"
    finally:
        kill_quietly(pids)


def test_a_grandchild_holding_stdout_does_not_keep_the_scan_waiting(tmp_path: Path) -> None:
    """Before: communicate() waited for EOF, i.e. for the grandchild (here 60 s; forever
    for a real one)."""
    pid_file = tmp_path / "grandchild.pid"
    start = time.monotonic()
    try:
        out = run_tool(escaping_grandchild(tmp_path, pid_file, seconds=60), timeout=120)
        elapsed = time.monotonic() - start
    finally:
        pids = read_pids(pid_file, seconds=1)
        grandchild_alive = bool(pids) and alive(pids[0])
        kill_quietly(pids)
    assert out.returncode == 0 and out.stdout.strip() == '{"ok": true}'
    assert elapsed < PIPE_GRACE_SECONDS + 10
    assert grandchild_alive  # it escaped the group: the bound comes from the pipes, not a kill


def test_a_grandchild_holding_stdout_past_the_timeout_is_a_timeout(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    body = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(60)\n"
    )
    argv_path = tmp_path / "hang.py"
    argv_path.write_text(body, encoding="utf-8")
    start = time.monotonic()
    try:
        with pytest.raises(ToolError) as err:
            run_tool(["python3", str(argv_path)], timeout=1)
    finally:
        kill_quietly(read_pids(pid_file, seconds=1))
    assert err.value.status == "timeout"
    assert time.monotonic() - start < 1 + 10


def test_a_tool_printing_without_end_is_a_failed_run_in_bounded_memory(tmp_path: Path) -> None:
    """200 MiB on stdout: beyond the cap, a failed run with its reason; memory stays near
    the cap (before: all of it read, then decoded - twice its size - and used)."""
    argv = flood(tmp_path, 200)
    tracemalloc.start()
    try:
        with pytest.raises(ToolError) as err:
            run_tool(argv, timeout=120)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.status == "failed"
    assert f"more than {MAX_STDOUT_BYTES // 1048576} MiB on standard output" in str(err.value)
    assert peak < 2 * MAX_STDOUT_BYTES + 64 * 1048576


def test_stderr_is_bounded_and_keeps_its_end(tmp_path: Path) -> None:
    """A tool flooding stderr and failing: the reason still shows its last line."""
    with pytest.raises(ToolError) as err:
        run_tool(flood(tmp_path, 8, stream="stderr", code=3), timeout=60)
    assert "exited with code 3" in str(err.value) and "LAST LINE" in str(err.value)


def test_output_within_the_cap_is_returned_whole(tmp_path: Path) -> None:
    out = run_tool(flood(tmp_path, 3), timeout=60)
    assert len(out.stdout) == 3 * 1024 * 1024 + len("LAST LINE\n")
