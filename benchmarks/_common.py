"""Helpers for the benchmark scripts: repeated wall-clock timing and baseline files.

Timings live here, never in tests: machines are noisy, so each figure is the median of
several runs and is printed as a ratio (to the raw tools, and to a recorded baseline)."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BASELINES = Path(__file__).resolve().parent / "baselines"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def median_wall_cpu(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + system of the child processes the
    action waited for) of ``repeat`` runs: on a loaded machine the wall figure grows with
    the load, the CPU figure much less."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def run_quiet(
    argv: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None, executable: str | None = None
) -> int:
    return subprocess.run(list(argv), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          check=False, executable=executable).returncode  # fmt: skip


def compare_to_baseline(name: str, figures: dict[str, float], record: bool) -> None:
    path = BASELINES / f"{name}.json"
    if record:
        BASELINES.mkdir(exist_ok=True)
        path.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"baseline recorded in {path}")
        return
    if not path.exists():
        print(f"no baseline at {path} (run with --record to make one)")
        return
    base = json.loads(path.read_text())
    for key, value in figures.items():
        if base.get(key):
            print(f"  {key}: {value:.3f} vs baseline {base[key]:.3f} -> x{value / base[key]:.2f}")


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` in bytes (each shared page counted once across the
    processes that share it), from /proc/PID/smaps_rollup; 0 when unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_memory(root_pid: int) -> tuple[int, int]:
    """Resident bytes of ``root_pid`` and all its descendants (from /proc), summed as RSS
    (a page shared by forked workers counted in each) and as PSS (counted once)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, proportional, todo = 0, 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        proportional += _pss(pid)
        todo.extend(children.get(pid, []))
    return total, proportional


def run_sampled(
    argv: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, int]:
    """Wall seconds and peak resident bytes of the process tree of one run of ``argv``
    (sampled every 0.1 s: summed RSS, and summed PSS, which counts the pages forked
    processes share once), output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            rss, pss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak[0], peak[1]
