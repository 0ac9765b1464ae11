"""Helpers for the benchmark scripts: repeated wall-clock timing and baseline files.

Timings live here, never in tests: machines are noisy, so each figure is the median of
several runs and is printed as a ratio (to the raw tools, and to a recorded baseline)."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
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


def run_quiet(argv: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> int:
    return subprocess.run(list(argv), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          check=False).returncode  # fmt: skip


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
