"""Run a tool with a configuration shiftleft controls, never one the scanned repository ships.

semgrep, bandit and checkov each look for configuration beyond their command line: checkov
reads ``.checkov.yaml`` from the directory it scans, the working directory and ``$HOME``
(``external-checks-dir`` there runs arbitrary Python, ``skip-check`` hides findings), and its
``CKV_*``/``BC_*`` variables; semgrep its ``~/.semgrep`` settings and ``SEMGREP_*`` variables;
every Python tool imports modules from the working directory when ``PYTHONPATH`` has an empty
or ``.`` entry. So every tool runs here with:

- a private, empty working directory and ``HOME`` (and XDG directories) under the adapter's
  workdir: nothing of the repository is found by a relative lookup;
- none of the tool's configuration variables inherited from our environment, nor the Python
  variables that make an interpreter import code from elsewhere;
- file arguments in batches that fit the kernel's argument-size limit (``run_batched``),
  sharing one deadline, so a 20,000-file repository is scanned, not "Argument list too long".

What each tool reads by default and how it is switched off: docs/tool-configs.md.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from shiftleft.scanners.base import MAX_STDOUT_BYTES, ToolError, ToolOutput, run_tool

#: interpreter variables that load code or modules from elsewhere than the tool's own environment
PYTHON_VARS = frozenset(
    {
        "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONEXECUTABLE",
        "PYTHONPLATLIBDIR", "PYTHONINSPECT", "PYTHONBREAKPOINT", "PYTHONSAFEPATH",
    }
)  # fmt: skip
#: bytes of file arguments per invocation. Linux allows 2 MiB for argv and the environment
#: together (ARG_MAX) and 128 KiB per single argument; a quarter of it leaves room for any
#: environment and for the tool's own options, and costs a handful of runs per 20,000 files.
ARGV_BUDGET = 512 * 1024


@dataclass(frozen=True)
class ToolVars:
    """The environment variables through which one tool takes configuration: they are never
    inherited from our environment (shiftleft sets the few it needs itself)."""

    prefixes: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()

    def inherited_is_dropped(self, name: str) -> bool:
        return name in PYTHON_VARS or name in self.names or name.startswith(self.prefixes)


@dataclass(frozen=True)
class Sandbox:
    """A private working directory and home for one tool run: both empty, both ours."""

    cwd: Path
    home: Path

    def env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "USERPROFILE": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
        }


#: syft reads ``SYFT_*`` variables and ``.syft.yaml`` / ``.syft/config.yaml`` in the working
#: directory, ``$XDG_CONFIG_HOME/syft`` and ``$HOME``: a config there can drop catalogers,
#: exclude paths or write a log file anywhere
SYFT_VARS = ToolVars(prefixes=("SYFT_",))
#: pip reads ``PIP_*`` variables (an index URL, constraints) and pip.conf files; its config
#: files are switched off with ``PIP_CONFIG_FILE=os.devnull`` and ``--isolated``
PIP_VARS = ToolVars(prefixes=("PIP_",))
#: git reads ``GIT_*`` variables (``GIT_DIR``, ``GIT_CONFIG_*``, ``GIT_EXTERNAL_DIFF``...),
#: the system and global config; the repository's own config is defanged on the command line
GIT_VARS = ToolVars(prefixes=("GIT_",))


def sandbox(workdir: Path) -> Sandbox:
    """The sandbox of an adapter's workdir (created once, reused by every batch)."""
    root = workdir.resolve()
    cwd, home = root / "tool-cwd", root / "tool-home"
    cwd.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    return Sandbox(cwd, home)


def run_isolated(
    argv: Sequence[str],
    *,
    workdir: Path | None,
    timeout: float,
    tool_vars: ToolVars = ToolVars(),
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    max_stdout: int = MAX_STDOUT_BYTES,
) -> ToolOutput:
    """``run_tool`` in the sandbox of ``workdir``: private cwd and HOME, the tool's own
    configuration variables removed; ``env`` (ours) is applied last. ``workdir`` None (a
    caller outside a scanner: git, a version query): a temporary one for this run."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="shiftleft-tool-") as tmp:
            return run_isolated(argv, workdir=Path(tmp), timeout=timeout, tool_vars=tool_vars, env=env,
                                ok_codes=ok_codes, max_stdout=max_stdout)  # fmt: skip
    box = sandbox(workdir)
    return run_tool(
        argv,
        timeout=timeout,
        cwd=box.cwd,
        env={**box.env(), **(env or {})},
        ok_codes=ok_codes,
        drop_env=tool_vars.inherited_is_dropped,
        max_stdout=max_stdout,
    )


def batches(args: Sequence[str], budget: int | None = None) -> Iterator[list[str]]:
    """``args`` in consecutive groups whose total argv size (bytes, terminating NUL and the
    pointer) stays within ``budget`` (default ``ARGV_BUDGET``); one pass, so linear in the
    number of files. An argument larger than the budget on its own gets a batch of its own."""
    budget = ARGV_BUDGET if budget is None else budget
    batch: list[str] = []
    size = 0
    for arg in args:
        cost = len(os.fsencode(arg)) + 1 + 8
        if batch and size + cost > budget:
            yield batch
            batch, size = [], 0
        batch.append(arg)
        size += cost
    if batch:
        yield batch


def run_batched(
    files: Sequence[str],
    one_run: Callable[[int, list[str], float], None],
    *,
    timeout: float,
    budget: int | None = None,
    tool: str = "tool",
) -> int:
    """Call ``one_run(index, batch, seconds_left)`` for each batch of ``files``; all batches
    share one deadline of ``timeout`` seconds. Returns the number of batches."""
    deadline = time.monotonic() + timeout
    count = 0
    for index, batch in enumerate(batches(files, budget)):
        left = deadline - time.monotonic()
        if left <= 0:
            raise ToolError(f"{tool} timed out after {timeout:g} s ({index} batch(es) of files done)", "timeout")
        one_run(index, batch, left)
        count += 1
    return count
