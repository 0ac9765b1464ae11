"""gitinfo.repository_prefix and the scan's automatic URI prefix: where a scanned
directory lies in its repository, read without running anything the repository controls."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from shiftleft.gitinfo import repository_prefix
from shiftleft.scan import _repository_prefix

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root), "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_prefix_of_a_subdirectory_and_of_the_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    sub = repo / "services" / "api"
    sub.mkdir(parents=True)
    git(repo, "init", "-q")
    assert repository_prefix(repo) == ""
    assert repository_prefix(sub) == "services/api/"
    assert _repository_prefix(sub) == "services/api/"
    assert _repository_prefix(repo) == ""


def test_outside_a_repository(tmp_path: Path) -> None:
    assert _repository_prefix(tmp_path) == ""
    assert repository_prefix(tmp_path / "missing") is None


def test_the_repository_config_runs_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    git(repo, "init", "-q")
    marker = tmp_path / "ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(hook))
    git(repo, "config", "core.hooksPath", str(tmp_path))
    (tmp_path / "post-checkout").write_text(hook.read_text())
    assert _repository_prefix(repo / "src") == "src/"
    assert not marker.exists()


def test_a_directory_name_that_is_not_a_plain_path_gives_no_prefix(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    odd = repo / "a\x1bb"
    odd.mkdir(parents=True)
    git(repo, "init", "-q")
    assert _repository_prefix(odd) == ""
