"""Running a tool: the only place shiftleft starts a process.

Every subprocess - a scanner's tool, syft, ``git``, ``go``/``npm`` resolvers, a version
probe - goes through ``run_tool``: an argument list (never a shell), its own process group
killed at the deadline, bounded output, the offline environment (no telemetry, no update
checks, no repository git hooks). Below the scanners in the layer order
(docs/architecture.md), so the image reader, the inventory resolvers and git lookups use it
without importing the scanner package.

Isolation (bottom of this module, ``run_isolated``): run a tool with a configuration
shiftleft controls, never one the scanned repository ships.

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

import contextlib
import functools
import importlib.metadata
import os
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Environment applied to every tool: no telemetry, no update checks, no prompts.
OFFLINE_ENV: Mapping[str, str] = {
    "SEMGREP_ENABLE_VERSION_CHECK": "0",
    "SEMGREP_SEND_METRICS": "off",
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE",
    "BC_SKIP_MAPPING": "TRUE",
    "SYFT_CHECK_FOR_APP_UPDATE": "false",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_INPUT": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "NO_COLOR": "1",
    # tools that call git on the scanned repository (semgrep probes it) must not run the
    # repository's own fsmonitor hook, hooks or external diff from its .git/config
    "GIT_CONFIG_COUNT": "3",
    "GIT_CONFIG_KEY_0": "core.fsmonitor",
    "GIT_CONFIG_VALUE_0": "false",
    "GIT_CONFIG_KEY_1": "core.hooksPath",
    "GIT_CONFIG_VALUE_1": "/dev/null",
    "GIT_CONFIG_KEY_2": "diff.external",
    "GIT_CONFIG_VALUE_2": "",
    "GIT_TERMINAL_PROMPT": "0",
}


class ToolError(Exception):
    """The tool could not give a usable answer; the message says why, for a human."""

    def __init__(self, message: str, status: str = "failed") -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ToolOutput:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    #: stdout as printed (``stdout`` is its UTF-8 decoding): for byte-exact output (git blobs)
    stdout_bytes: bytes = field(default=b"", repr=False)


def tool_env(extra: Mapping[str, str] | None = None, drop: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Our environment with the offline settings on top; ``drop`` names variables of ours
    the tool must not inherit (its own config variables: see ``ToolVars`` below)."""
    env = {k: v for k, v in os.environ.items() if drop is None or not drop(k)}
    env.update(OFFLINE_ENV)
    if extra:
        env.update(extra)
    return env


#: bytes of a tool's standard output read into memory; a tool printing more is a failed run
#: (a tool printing gigabytes must not exhaust memory). Adapters whose tool legitimately
#: prints more pass ``max_stdout``.
MAX_STDOUT_BYTES = 128 * 1024 * 1024
#: bytes of a report file a tool writes (``bandit -o``, checkov's output directory) read
#: into memory: the same bound as its standard output
MAX_OUTPUT_FILE_BYTES = MAX_STDOUT_BYTES
#: bytes of standard error kept (its end: where the reason for a failure is)
MAX_STDERR_BYTES = 1024 * 1024
#: seconds the pipes are still read after the tool exited or was killed: a grandchild that
#: inherited them (and perhaps left the process group with setsid) must not keep shiftleft
#: waiting for an end of file that never comes
PIPE_GRACE_SECONDS = 2.0
_READ_CHUNK = 1024 * 1024

#: process groups of the tools running now, so a worker process that is being stopped can
#: take its tools with it (see ``kill_live_tools``)
_LIVE_GROUPS: set[int] = set()


def read_tool_file(path: Path, tool: str, max_bytes: int | None = None) -> str:
    """The text of a report file ``tool`` wrote, read through a byte cap: a tool writing
    gigabytes into its report must not exhaust memory any more than one printing them.
    ToolError (a failed run, with the reason) past ``max_bytes`` or when it is not a regular
    file; OSError (FileNotFoundError...) and UnicodeDecodeError as reading it would raise.
    ``max_bytes``: default ``MAX_OUTPUT_FILE_BYTES``."""
    max_bytes = MAX_OUTPUT_FILE_BYTES if max_bytes is None else max_bytes
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ToolError(f"{tool} wrote {path.name}, which is not a regular file: its output not used")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ToolError(f"{tool} wrote more than {max_bytes:,} bytes to {path.name}: its output not used")
    return data.decode("utf-8")


def run_tool(
    argv: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    ok_codes: Iterable[int] = (0,),
    drop_env: Callable[[str], bool] | None = None,
    max_stdout: int = MAX_STDOUT_BYTES,
    executable: str | None = None,
) -> ToolOutput:
    """Run a tool as an argument list (never a shell) in its own process group so that a
    timeout kills it and every child it started. Raises ToolError on timeout, a missing
    executable, more than ``max_stdout`` bytes of output, or an exit code outside
    ``ok_codes``. ``executable``: the program to start when it is not ``argv[0]`` (a
    multi-call binary that acts on the name it is called by).

    Bounded whatever the tool does: the deadline covers reading its output, not only its
    run; once it has exited (or been killed) the pipes are read for ``PIPE_GRACE_SECONDS``
    more at most, so a grandchild holding them open cannot hang the scan; whatever is left
    in its process group is killed."""
    start = time.monotonic()
    name = Path(argv[0]).name
    try:
        proc = subprocess.Popen(
            list(argv),
            executable=executable,
            cwd=cwd,
            env=tool_env(env, drop_env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise ToolError(f"{argv[0]} is not installed or not on PATH", "missing") from exc
    except OSError as exc:
        raise ToolError(f"could not start {argv[0]}: {exc.strerror}", "failed") from exc
    _LIVE_GROUPS.add(proc.pid)
    try:
        out, err, problem = _read_output(proc, start + timeout, max_stdout)
    finally:
        _kill_group(proc)
        _LIVE_GROUPS.discard(proc.pid)
    if problem == "timeout":
        raise ToolError(f"{name} timed out after {timeout:g} s", "timeout")
    if problem == "overflow":
        raise ToolError(
            f"{name} printed more than {max_stdout // (1024 * 1024)} MiB on standard output: run stopped, "
            "its output not used"
        )
    result = ToolOutput(
        tuple(argv),
        proc.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        time.monotonic() - start,
        out,
    )
    if proc.returncode not in set(ok_codes):
        tail = (result.stderr.strip() or result.stdout.strip()).splitlines()[-3:]
        raise ToolError(f"{name} exited with code {proc.returncode}: " + " | ".join(tail)[-500:])
    return result


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    """Has the tool exited? Asked without reaping it, so its process group id cannot be
    reused before ``_kill_group`` has signalled the group."""
    try:
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _read_output(proc: subprocess.Popen[bytes], deadline: float, max_stdout: int) -> tuple[bytes, bytes, str | None]:
    """Standard output and error of a running tool, read together until both close, the
    deadline passes ("timeout"), standard output exceeds ``max_stdout`` ("overflow"), or
    the tool has exited and ``PIPE_GRACE_SECONDS`` passed (descendants still hold the pipes)."""
    assert proc.stdout is not None and proc.stderr is not None
    out, err = bytearray(), bytearray()
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, out)
    sel.register(proc.stderr, selectors.EVENT_READ, err)
    exited_at: float | None = None
    try:
        while sel.get_map():
            now = time.monotonic()
            if exited_at is None and _exited(proc):
                exited_at = now
            if exited_at is not None and now >= exited_at + PIPE_GRACE_SECONDS:
                break
            if now >= deadline:
                return bytes(out), bytes(err), "timeout"
            wait = min(deadline - now, 0.2 if exited_at is None else exited_at + PIPE_GRACE_SECONDS - now)
            for key, _events in sel.select(timeout=max(0.0, wait)):
                data = os.read(key.fd, _READ_CHUNK)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                buf: bytearray = key.data
                buf += data
                if buf is out and len(out) > max_stdout:
                    return b"", bytes(err), "overflow"
                if buf is err and len(err) > 2 * MAX_STDERR_BYTES:
                    del err[:-MAX_STDERR_BYTES]
    finally:
        sel.close()
        proc.stdout.close()
        proc.stderr.close()
    return bytes(out), bytes(err[-MAX_STDERR_BYTES:]), None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the tool's process group (the tool, if still running, and every child it left
    behind), then reap the tool."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(OSError):
            proc.kill()
    proc.wait()


def kill_live_tools() -> None:
    """Kill the process group of every tool this process is running (a worker process
    being stopped at its deadline calls this: tools run in their own sessions, so killing
    the worker alone would leave them running)."""
    for pgid in list(_LIVE_GROUPS):
        with contextlib.suppress(OSError):
            os.killpg(pgid, signal.SIGKILL)


def find_executable(name: str) -> str | None:
    """An executable next to the running interpreter first (the venv shiftleft is
    installed in), then PATH."""
    local = Path(sys.executable).parent / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


@functools.cache
def tool_version(exe_name: str, distribution: str | None = None, argv: tuple[str, ...] = ("--version",)) -> str | None:
    """A tool's version, once per process. When the executable is the one installed beside
    shiftleft, the package metadata answers instantly (``semgrep --version`` takes ~2.5 s);
    otherwise ask the executable."""
    exe = find_executable(exe_name)
    if not exe:
        return None
    if distribution and Path(exe).parent == Path(sys.executable).parent:
        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            pass
    try:  # in a private cwd and HOME too: a config of the directory shiftleft runs in is not read
        out = run_isolated([exe, *argv], workdir=None, timeout=60)
    except ToolError:
        return None
    text = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return text[0].strip() if text else None




# --- isolation: a configuration shiftleft controls, never one the repository ships ---


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
