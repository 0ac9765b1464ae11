"""A tool's report file is output like its stdout: read through a byte cap
(``base.read_tool_file``). A tool writing more (a flood of results, a tool gone wrong) is a
failed run with the reason, never read whole into memory, never a clean run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shiftleft import process as base
from shiftleft.process import ToolError, read_tool_file
from shiftleft.scanners.bandit import Bandit
from shiftleft.scanners.checkov import Checkov

from . import builders
from .conftest import RunScanner, files_of


def _failed_with(run: dict[str, object], text: str) -> None:
    invocation = run["invocations"][0]  # type: ignore[index]
    assert invocation["executionSuccessful"] is False
    messages = " ".join(n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    assert text in messages, messages
    assert not run.get("results")


@pytest.mark.usefixtures("bandit")
def test_a_bandit_report_over_the_cap_fails_the_run(
    tmp_path: Path, run_scanner: RunScanner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(builders.PICKLE, "utf-8")
    monkeypatch.setattr(base, "MAX_OUTPUT_FILE_BYTES", 1000, raising=False)
    _failed_with(run_scanner(Bandit, root, files_of(root)), "wrote more than 1,000 bytes")


@pytest.mark.usefixtures("checkov")
def test_a_checkov_report_over_the_cap_fails_the_run(
    tmp_path: Path, run_scanner: RunScanner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text(builders.PUBLIC_BUCKET, "utf-8")
    monkeypatch.setattr(base, "MAX_OUTPUT_FILE_BYTES", 1000, raising=False)
    _failed_with(run_scanner(Checkov, root, files_of(root)), "wrote more than 1,000 bytes")


def test_read_tool_file_reads_at_most_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "report.json"
    with big.open("wb") as fh:  # sparse: 4 GiB that must never be read
        fh.truncate(4 * 1024**3)
    with pytest.raises(ToolError, match="wrote more than"):
        read_tool_file(big, "tool", max_bytes=1024)
    small = tmp_path / "ok.json"
    small.write_text('{"runs": []}', "utf-8")
    assert read_tool_file(small, "tool") == '{"runs": []}'


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_read_tool_file_refuses_a_fifo_and_a_link_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "report.sarif"
    os.mkfifo(fifo)
    with pytest.raises(ToolError, match="not a regular file"):
        read_tool_file(fifo, "tool")
    link = tmp_path / "link.sarif"
    link.symlink_to(tmp_path / "ok")
    (tmp_path / "ok").write_text("{}", "utf-8")
    with pytest.raises(OSError):
        read_tool_file(link, "tool")
