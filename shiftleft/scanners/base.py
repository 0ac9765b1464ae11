"""The scanner adapter contract and shared subprocess handling (the registry of
adapters is ``scanners/registry.py``).

Like pre-commit's ``lang_base``: every tool is one small module implementing the same few
methods; what they all need (run a subprocess with a timeout in an offline environment,
turn a crash or garbage into a failed invocation) lives here once.

An adapter never decides pass/fail and never raises into the pipeline: ``Scanner.execute``
always returns one SARIF run, and a run whose ``executionSuccessful`` is false makes the
checks that depend on it *not assessed*, never clean.
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
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import sarif_om

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif import build, normalize

STAGES = ("code", "build", "test", "deploy")

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


class NotApplicable(Exception):
    """Raised from ``run`` when the tool found nothing of its kind to judge (e.g. YAML files
    that hold no Kubernetes or CloudFormation resource): the scanner is then reported *not
    applicable*, like one whose ``applies`` said so, rather than "ran, no findings"."""


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
    the tool must not inherit (its own config variables: see scanners.isolation)."""
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
) -> ToolOutput:
    """Run a tool as an argument list (never a shell) in its own process group so that a
    timeout kills it and every child it started. Raises ToolError on timeout, a missing
    executable, more than ``max_stdout`` bytes of output, or an exit code outside
    ``ok_codes``.

    Bounded whatever the tool does: the deadline covers reading its output, not only its
    run; once it has exited (or been killed) the pipes are read for ``PIPE_GRACE_SECONDS``
    more at most, so a grandchild holding them open cannot hang the scan; whatever is left
    in its process group is killed."""
    start = time.monotonic()
    name = Path(argv[0]).name
    try:
        proc = subprocess.Popen(
            list(argv),
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
    from shiftleft.scanners.isolation import run_isolated

    try:  # in a private cwd and HOME too: a config of the directory shiftleft runs in is not read
        out = run_isolated([exe, *argv], workdir=None, timeout=60)
    except ToolError:
        return None
    text = (out.stdout.strip() or out.stderr.strip()).splitlines()
    return text[0].strip() if text else None


class Scanner(ABC):
    """One adapter. Subclasses set the class attributes and implement ``run``."""

    name: ClassVar[str]
    category: ClassVar[str]  # sast | secrets | sca | sbom | container | iac
    stages: ClassVar[tuple[str, ...]]
    description: ClassVar[str] = ""
    #: the ``tool`` key of a map in policies/severity/*.yaml
    severity_map: ClassVar[str | None] = None
    #: the ``scanners.<name>.options`` keys it accepts, each with its validator from
    #: shiftleft.config; a misspelt option is then a config error with its line. None: not
    #: declared (a plugin's options are passed through unchecked)
    options: ClassVar[Mapping[str, Any] | None] = None
    #: where a reader learns about the tool (SARIF tool.driver.informationUri)
    information_uri: ClassVar[str | None] = None
    #: rough relative run time; the pipeline starts the slowest first so a long scanner does
    #: not wait for a free core behind short ones (longest-processing-time-first)
    relative_cost: ClassVar[int] = 1
    #: True when a gate should require it whenever it applies
    required: ClassVar[bool] = True
    #: True when the adapter does its work in Python rather than in a tool's process: the
    #: pipeline then runs it in a worker process killed at its timeout (a thread cannot
    #: be stopped). The scanner and its context must pickle (a module-level class).
    worker_process: ClassVar[bool] = False
    #: what the scan itself provides that this scanner needs (``scanners.needs.PROVIDED``):
    #: "advisory_db" (the advisory database), "output_dir" (where reports are written). The
    #: scan fills them into its options, so no caller names the scanners that want them
    needs: ClassVar[frozenset[str]] = frozenset()
    #: options this scanner takes when another scanner is disabled in config, by that
    #: scanner's name: a relation between two scanners declared by the one it changes
    options_when_disabled: ClassVar[Mapping[str, Mapping[str, Any]]] = {}

    @abstractmethod
    def health(self) -> str | None:
        """None when the tool can run; otherwise a sentence saying what is missing."""

    @abstractmethod
    def version(self) -> str | None:
        """The tool's version, or None when it cannot be read."""

    def applies(self, target: ScanTarget) -> str | None:
        """None when there is something for this scanner in the target; otherwise why not
        (the scanner is then *not applicable*, which is different from not assessed)."""
        return None

    @abstractmethod
    def run(self, ctx: ScanContext) -> sarif_om.Run:
        """Run the tool and return its SARIF run (native, or converted). May raise
        ToolError; any exception becomes a failed invocation in ``execute``."""

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        """The tool's own severity word for a result, looked up in the severity map: its
        SARIF level, which when absent is the rule's default level, else "warning" (§3.27.10)."""
        if result.level:
            return str(result.level)
        if rule is not None and rule.default_configuration is not None and rule.default_configuration.level:
            return str(rule.default_configuration.level)
        return "warning"

    def execute(self, ctx: ScanContext) -> sarif_om.Run:
        """Health check, run, and turn every failure into a failed invocation."""
        start = time.time()
        problem = self.health()
        if problem:
            return build.failed_run(self.name, problem, "missing", start=start)
        try:
            run = self.run(ctx)
        except NotApplicable as exc:
            return build.failed_run(self.name, str(exc), "not-applicable", version=self.version(), start=start)
        except ToolError as exc:
            return build.failed_run(self.name, str(exc), exc.status, version=self.version(), start=start)
        except Exception as exc:  # noqa: BLE001 - an adapter bug must not stop the scan
            return build.failed_run(
                self.name, f"adapter error: {type(exc).__name__}: {exc}", "failed", version=self.version(), start=start
            )
        build.stamp_invocation(run, start=start)
        normalize.cap_results(run, self)  # a bounded number of results leaves the adapter
        return run
