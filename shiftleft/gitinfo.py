"""Which commit and branch a scan looked at, for the history store and the audit bundle.

Read with the ``git`` executable (argument lists, no shell) rather than by parsing ``.git``
ourselves: packed refs, worktrees and submodules all have their own layouts and git knows
them. The scanned repository is treated as hostile, so only plumbing commands that read
refs are run (``rev-parse``, ``symbolic-ref``: they never run hooks, filters or the
fsmonitor, which are the ways a repository's own config can execute code), with
``core.fsmonitor`` forced off anyway, no prompts, no optional locks, and a timeout. A
missing git, a directory that is not a repository, a repository git refuses to trust
("dubious ownership") or a repository without commits all give ``None``: the commit is
unknown, never guessed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

#: seconds for each git call; reading a ref is instant, a hung filesystem is not our problem to wait on
GIT_TIMEOUT = 10.0


@dataclass(frozen=True)
class GitInfo:
    """The commit and branch of the working tree a scan read."""

    #: full object id of HEAD; None outside a repository or before the first commit
    commit: str | None = None
    #: short branch name; None when HEAD is detached (as in most CI checkouts) or unknown
    branch: str | None = None


def _git(root: Path, *args: str) -> str | None:
    exe = shutil.which("git")
    if exe is None:
        return None
    from shiftleft.scanners.base import ToolError, run_tool

    env = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        # run_tool: its own process group, a deadline on the output as well as the run,
        # bounded output (a ref is one line)
        proc = run_tool([exe, "-c", "core.fsmonitor=false", "-C", str(root), *args], timeout=GIT_TIMEOUT, env=env,
                        max_stdout=1024 * 1024)  # fmt: skip
    except ToolError:
        return None
    out = proc.stdout.strip()
    return out or None


def git_info(root: Path) -> GitInfo:
    """Commit and branch of ``root`` (or of the repository it lies in); empty when unknown."""
    if not root.is_dir():
        return GitInfo()
    commit = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    branch = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    return GitInfo(commit=commit, branch=branch)
