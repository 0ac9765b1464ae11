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


# --- repo_state: commit, branch and prefix from one git process ----------------------------


def _separately(root: Path) -> tuple[object, object]:
    from shiftleft.gitinfo import git_info

    return git_info(root), repository_prefix(root)


def _git_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    import shiftleft.gitinfo as gitinfo

    calls: list[tuple[str, ...]] = []
    real = gitinfo.run_git

    def spy(root: Path, *args: str, **kwargs: object) -> object:
        calls.append(args)
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gitinfo, "run_git", spy)
    return calls


def test_repo_state_is_the_separate_answers_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shiftleft.gitinfo import repo_state

    repo = tmp_path / "repo"
    sub = repo / "services" / "api"
    sub.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "HEAD").write_text("a file named like the ref: never read as a path\n")
    git(repo, "add", ".")
    git(repo, "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "one")
    for where in (repo, sub):
        expected = _separately(where)
        calls = _git_calls(monkeypatch)
        state = repo_state(where)
        assert (state.info, state.prefix) == expected
        assert state.info.commit is not None and state.info.branch == "main"
        assert len(calls) == 1
        monkeypatch.undo()
    git(repo, "checkout", "-q", "--detach")
    state = repo_state(sub)
    assert (state.info, state.prefix) == _separately(sub) and state.info.branch is None


def test_repo_state_without_a_commit_or_outside_a_repository(tmp_path: Path) -> None:
    from shiftleft.gitinfo import GitInfo, repo_state

    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    git(repo, "init", "-q")
    state = repo_state(repo / "src")  # no commit yet: the separate calls answer
    assert (state.info, state.prefix) == _separately(repo / "src")
    assert state.info.commit is None and state.prefix == "src/"
    plain = tmp_path / "plain"
    plain.mkdir()
    assert repo_state(plain).info == GitInfo() and repo_state(plain).prefix is None
    assert repo_state(tmp_path / "missing").prefix is None
