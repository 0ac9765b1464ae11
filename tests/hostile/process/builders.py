"""Fixture builders of the process boundary: tools and adapters that do not stop, hold
their pipes, print without end or return too much, and inputs whose naive handling is
quadratic. Scanners are module-level classes: a worker process must unpickle them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import sarif_om

from shiftleft.model import ScanContext
from shiftleft.process import run_tool
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner

# --- fake tools (Python scripts run as the tool through run_tool) -------------------------


def tool_script(tmp_path: Path, name: str, body: str) -> list[str]:
    """The argv of a fake tool: ``body`` as a Python script."""
    path = tmp_path / f"{name}.py"
    path.write_text(body, encoding="utf-8")
    return [sys.executable, str(path)]


def sleeper(tmp_path: Path, pid_file: Path, seconds: float = 60) -> list[str]:
    """A tool that outlives any timeout, with a child of its own in its process group."""
    return tool_script(
        tmp_path,
        "sleeper",
        "import os, subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep({seconds})'])\n"
        f"open({str(pid_file)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        f"time.sleep({seconds})\n",
    )


def escaping_grandchild(tmp_path: Path, pid_file: Path, seconds: float = 60) -> list[str]:
    """A tool that prints its answer and exits at once, leaving a grandchild that called
    setsid (out of the process group, out of reach of a group kill) holding stdout open."""
    return tool_script(
        tmp_path,
        "escaper",
        "import os, sys, time\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.setsid()\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        f"    time.sleep({seconds})\n"
        "    os._exit(0)\n"
        "while not os.path.exists(" + repr(str(pid_file)) + "):\n"
        "    time.sleep(0.01)\n"
        "print('{\"ok\": true}', flush=True)\n",
    )


def flood(tmp_path: Path, megabytes: int, stream: str = "stdout", code: int = 0) -> list[str]:
    """A tool printing ``megabytes`` MiB (its last line says where it ended)."""
    return tool_script(
        tmp_path,
        f"flood-{stream}",
        "import sys\n"
        f"out = sys.{stream}.buffer\n"
        "line = b'x' * 1023 + b'\\n'\n"
        f"for _ in range({megabytes} * 1024):\n"
        "    out.write(line)\n"
        "out.write(b'LAST LINE\\n')\n"
        f"sys.exit({code})\n",
    )


def alive(pid: int) -> bool:
    """Is ``pid`` a running process (zombies count as gone)?"""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_gone(pids: list[int], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return not any(alive(p) for p in pids)


def kill_quietly(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def read_pids(pid_file: Path, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pid_file.exists() and pid_file.read_text().strip():
            return [int(p) for p in pid_file.read_text().split()]
        time.sleep(0.05)
    return []


# --- fake in-process adapters -------------------------------------------------------------


class _PureFake(Scanner):
    category: ClassVar[str] = "sca"
    stages: ClassVar[tuple[str, ...]] = ("build",)
    worker_process: ClassVar[bool] = True

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        return "1.0"


class LoopsForever(_PureFake):
    """A pure-Python adapter stuck in a loop over hostile input (never returns)."""

    name: ClassVar[str] = "loops-forever"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        Path(str(ctx.options["pid_file"])).write_text(str(os.getpid()))
        n = 0
        while True:
            n += 1


class ToolInWorker(_PureFake):
    """A pure-Python adapter that also runs a tool which never ends (its pid in a file)."""

    name: ClassVar[str] = "tool-in-worker"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        pid_file = Path(str(ctx.options["pid_file"]))
        run_tool(sleeper(ctx.workdir, pid_file), timeout=3600)
        raise AssertionError("unreachable")


class Answers(_PureFake):
    """A pure-Python adapter that answers: the worker returns its run intact."""

    name: ClassVar[str] = "answers"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        result = build.result("A1", "found", [build.location("app.py", 1)], level="error", properties={"k": None})
        run = build.run("answers", version="1.0", rules=[build.rule("A1", short="a")], results=[result])
        run.properties = {"shiftleft": {"pid": os.getpid()}, "env": os.environ.get("HOSTILE_PROCESS_TEST")}
        return run


#: released by tests when done, so a thread-mode loop does not spin for the whole session
STOP_THREAD_LOOP = threading.Event()


class ThreadLoops(Scanner):
    """An adapter without ``worker_process`` (a plugin) that ignores its timeout."""

    name: ClassVar[str] = "thread-loops"
    category: ClassVar[str] = "sast"
    stages: ClassVar[tuple[str, ...]] = ("code",)

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        return "1.0"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        STOP_THREAD_LOOP.wait(120)
        return build.run(self.name, version="1.0")


class ManyResults(Scanner):
    """A scanner returning ``count`` results: one in ``error_every`` an error, the rest notes."""

    name: ClassVar[str] = "many-results"
    category: ClassVar[str] = "sast"
    stages: ClassVar[tuple[str, ...]] = ("code",)
    count: ClassVar[int] = 1000
    #: one result in this many is an error (0: none)
    error_every: ClassVar[int] = 10

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        return "1.0"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        results = [
            build.result(
                "M1" if self.error_every and i % self.error_every == 0 else "M2",
                f"finding {i}",
                [build.location("app.py", i % 50 + 1)],
                level="error" if self.error_every and i % self.error_every == 0 else "note",
            )
            for i in range(self.count)
        ]
        rules = [build.rule("M1", short="bad"), build.rule("M2", short="minor")]
        return build.run(self.name, version="1.0", rules=rules, results=results)


# --- inputs ------------------------------------------------------------------------------


def requirements(root: Path, lines: int) -> Path:
    """A requirements.txt of ``lines`` distinct pinned packages."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "requirements.txt"
    path.write_text("".join(f"package-{i}=={i % 17}.{i}.0\n" for i in range(lines)), encoding="utf-8")
    return path


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def repeated_code(lines: int, changed_every: int | None = None) -> str:
    """Code made of few distinct lines (what makes a naive diff quadratic); with
    ``changed_every``, every n-th line is a new, distinct one."""
    out = []
    for i in range(lines):
        if changed_every and i % changed_every == changed_every - 1:
            out.append(f"eval(input())  # change {i}")
        else:
            out.append(("    pass", "    return x", "", "x = 1", "def f():")[i % 5])
    return "\n".join(out) + "\n"


def diff_repo(root: Path, base_text: str, new_text: str, name: str = "big.py") -> Path:
    """A git repository whose commit has ``base_text`` and whose working tree ``new_text``."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    (root / name).write_text(base_text, encoding="utf-8")
    git(root, "add", name)
    git(root, "commit", "-q", "-m", "base")
    (root / name).write_text(new_text, encoding="utf-8")
    return root


@contextmanager
def env_var(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


class ManyNotes(ManyResults):
    """Only notes: nothing that fails the gate by severity."""

    name: ClassVar[str] = "many-notes"
    error_every: ClassVar[int] = 0


class DiesHard(_PureFake):
    """A pure-Python adapter whose process dies (a crash in a C extension, the OOM killer)."""

    name: ClassVar[str] = "dies-hard"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        os._exit(3)


class Unreturnable(_PureFake):
    """A pure-Python adapter whose run holds an object that cannot cross processes."""

    name: ClassVar[str] = "unreturnable"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        run = build.run(self.name, version="1.0")
        run.properties = {"callback": lambda: None}
        return run
