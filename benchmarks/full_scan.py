"""Full-scan budgets (issue 14): ``shiftleft scan`` against its own scanners, side by side
in one run, on real projects fetched from the package registries into a work directory
(never committed):

- python: ``scrapy==2.11.2`` (PyPI sdist: 556 files, 347 of them Python);
- terraform: ``ragleap-terraform==0.1.1`` (PyPI sdist: a Terraform module and example;
  small — pass ``--terraform DIR`` for a larger tree);
- node: ``typeorm@0.3.20`` (npm tarball: ~3,000 files, 20 MB of TypeScript/JavaScript).

For each: the wall time and peak memory (the whole process tree, sampled from /proc: the
sum of its processes' RSS, which counts a page the forked worker processes share in each of
them, and the sum of their PSS, which counts it once: the memory the scan takes) of
``python -m shiftleft scan DIR -q``; then every scanner that scan ran, each run *alone*
(its adapter, in this process, on the same safe file list); the parallel floor (the
slowest alone) and the sequential sum; the ratios scan/floor (budget <= 1.15) and
scan/sequential (budget <= 0.6). detect-secrets is being replaced by Betterleaks, so its
share is printed separately and the ratios are also given without it. Beside each wall time,
CPU seconds (the scan's whole process tree; a scanner alone: its tools and this process, not
the worker process of a pure-Python adapter); the scan's timeline (shiftleft's own work
before the first scanner and after the last, from the SARIF log's times); and "scan minus
slowest", the part of the scan the rule packs do not decide.

    python benchmarks/full_scan.py [--work /tmp/shiftleft-bench] [--only python,node]
        [--label after] [--terraform DIR]

Run it with ``PYTHONPATH`` at another checkout (``git archive <rev> | tar -x -C DIR``) and
``--label before`` to measure that version the same way. Run it once: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import run_sampled

if TYPE_CHECKING:
    from shiftleft.scanners.base import Scanner

PROJECTS = {
    "python": ("pip", "scrapy==2.11.2"),
    "terraform": ("pip", "ragleap-terraform==0.1.1"),
    "node": ("npm", "typeorm@0.3.20"),
}
SECRETS = "detect-secrets"


def fetch(kind: str, spec: str, work: Path) -> Path:
    """The project's tree under ``work`` (downloaded and unpacked once)."""
    dest = work / spec.replace("==", "-").replace("@", "-").replace("/", "_")
    if dest.is_dir():
        return dest
    dl = work / "downloads"
    dl.mkdir(parents=True, exist_ok=True)
    if kind == "pip":
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        "-d", str(dl), spec], check=True)  # fmt: skip
        name = spec.split("==")[0].replace("-", "_").lower()
        archive = next(p for p in dl.iterdir() if p.name.lower().replace("-", "_").startswith(name))
    else:
        out = subprocess.run(["npm", "pack", spec, "--pack-destination", str(dl)], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]  # fmt: skip
        archive = dl / out
    tmp = Path(tempfile.mkdtemp(dir=work))
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    (inner,) = list(tmp.iterdir())
    inner.rename(dest)
    tmp.rmdir()
    return dest


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Scan = tuple[float, tuple[int, int], float, "dict[str, float] | None"]


def timed_scan(root: Path, out: Path, without: list[str]) -> Scan:
    """Wall seconds, peak tree memory (summed RSS, summed PSS), CPU seconds (the whole process tree) and ``timeline`` of
    one ``shiftleft scan`` (``without`` those scanners)."""
    argv = [sys.executable, "-m", "shiftleft", "scan", str(root), "-q", "--no-history", "--no-cache", "-o", str(out),
            "-f", "sarif"]  # fmt: skip
    if without:
        cfg = out.parent / "shiftleft.yaml"
        cfg.write_text("scanners:\n" + "".join(f"  {name}:\n    enabled: false\n" for name in without))
        argv += ["--config", str(cfg)]
    before, began = _cpu_children(), time.time()
    wall, rss, pss = run_sampled(argv)
    return wall, (rss, pss), _cpu_children() - before, timeline(out / "shiftleft.sarif", began, began + wall)


def _epoch(stamp: object) -> float | None:
    from datetime import datetime

    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() if isinstance(stamp, str) else None


def timeline(sarif: Path, began: float, ended: float) -> dict[str, float] | None:
    """Where the scan's wall time went, from its SARIF log (the pipeline's start and end,
    each scanner run's invocation times) and the process's start and end: shiftleft's own
    work before the pipeline (start-up, config, the file list), from the pipeline's start to
    the first scanner's, the scanners' span, after the last scanner (normalize, dedup,
    redaction) and after the pipeline (policy, reports, exit). None without a readable log."""
    try:
        log = json.loads(sarif.read_text("utf-8"))
        props = log["properties"]["shiftleft"]
        start, end = _epoch(props["startTime"]), _epoch(props["endTime"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    spans = []
    for run in log.get("runs") or []:
        inv = (run.get("invocations") or [{}])[0]
        first, last = _epoch(inv.get("startTimeUtc")), _epoch(inv.get("endTimeUtc"))
        if run.get("tool", {}).get("driver", {}).get("name") != "shiftleft" and first and last:
            spans.append((first, last))
    if start is None or end is None or not spans:
        return None
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    return {"start-up": start - began, "to first scanner": first - start, "scanners": last - first,
            "after last scanner": end - last, "after pipeline": ended - end}  # fmt: skip


def alone(
    root: Path, work: Path, scanners: Mapping[str, type[Scanner]] | None = None
) -> dict[str, tuple[float, float]]:
    """Each scanner the scan would run (of ``scanners``, default: the registry), by itself,
    on the same safe file list, without the result cache: its wall and CPU seconds (its
    tools' and this process's; a ``worker_process`` adapter's worker is not counted). Alone
    it has the machine: the pool's other slots are lent to it (``shiftleft.slots``), as a
    scan lends them once the other scanners are done."""
    from shiftleft import config as config_mod
    from shiftleft import pipeline, scan
    from shiftleft.model import ScanContext
    from shiftleft.scanners import cache
    from shiftleft.scanners.registry import discover
    from shiftleft.slots import SpareSlots
    from shiftleft.target import collect

    scanners = scanners or discover()
    config = config_mod.load(None, root, {n: c.options for n, c in scanners.items()})
    target = collect(root, exclude=config.exclude, use_default_excludes=config.default_excludes)
    options = scan._scanner_options(config, scanners, None, work / "out")
    pipeline_execute = pipeline._execute
    seconds: dict[str, tuple[float, float]] = {}
    for name in sorted(scanners):
        cls = scanners[name]
        if not set(cls.stages) & set(config.stages or ("code", "build", "test", "deploy")):
            continue
        cfg = config.scanner(name)
        if not cls.is_enabled(cfg.enabled, cfg.required) or cls().applies(target):
            continue
        wd = Path(tempfile.mkdtemp(dir=work))
        spare = SpareSlots(pipeline.cores())
        spare.open(spare.workers - 1)
        ctx = ScanContext(target, wd, 1800.0, {**config.scanner(name).options, **options.get(name, {})}, spare=spare)
        cpu, start = _cpu_children() + time.process_time(), time.perf_counter()
        pipeline_execute(cls(), ctx, cache.disabled())  # cold, as the timed scan (--no-cache)
        seconds[name] = (time.perf_counter() - start, _cpu_children() + time.process_time() - cpu)
    return seconds


def report(label: str, name: str, files: int, scan: Scan, timed: dict[str, tuple[float, float]]) -> None:
    scan_s, peak, scan_cpu, parts = scan
    each = {k: v[0] for k, v in timed.items()}
    floor = max(each.values(), default=0.0)
    serial = sum(each.values())
    rest = {k: v for k, v in each.items() if k != SECRETS}
    floor_rest, serial_rest = max(rest.values(), default=0.0), sum(rest.values())
    print(f"[{label}] {name}: {files} files")
    print(f"  shiftleft scan        {scan_s:7.2f} s   cpu {scan_cpu:7.2f} s   peak RSS {peak[0] / 2**20:7.0f} MB"
          f"   peak PSS {peak[1] / 2**20:7.0f} MB")  # fmt: skip
    if parts:
        print("    timeline: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))
    for scanner, (s, cpu) in sorted(timed.items(), key=lambda kv: -kv[1][0]):
        print(f"    {scanner:<20} alone {s:7.2f} s   cpu {cpu:7.2f} s")
    to_floor, to_serial = (scan_s / floor if floor else 0.0), (scan_s / serial if serial else 0.0)
    print(f"  parallel floor        {floor:7.2f} s   scan/floor      {to_floor:5.2f}  (<= 1.15)")
    cores = len(os.sched_getaffinity(0))
    cpu_floor = sum(cpu for _s, cpu in timed.values()) / cores
    print(f"  CPU floor             {cpu_floor:7.2f} s   (the scanners' CPU alone over {cores} cores, a lower bound:"
          f" {cpu_floor / floor if floor else 0.0:.2f}x the parallel floor)")  # fmt: skip
    print(f"  one after another     {serial:7.2f} s   scan/sequential {to_serial:5.2f}  (<= 0.6; no scan can be"
          f" below floor/sequential = {floor / serial if serial else 0.0:.2f})")  # fmt: skip
    if name.startswith("node"):
        print(f"  absolute budget (node): <= 15 s and <= 400 MB peak: {scan_s:.1f} s, {peak[1] / 2**20:.0f} MB PSS"
              f" ({peak[0] / 2**20:.0f} MB summed RSS)")  # fmt: skip
    if each:
        print(f"  scan minus slowest    {scan_s - floor:7.2f} s   (shiftleft's own work and the other scanners' share)")
    if SECRETS in each:
        print(f"  {SECRETS} alone {each[SECRETS]:.2f} s = {each[SECRETS] / serial:.0%} of the sequential sum; "
              f"without it: floor {floor_rest:.2f} s, sequential {serial_rest:.2f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "shiftleft-bench")
    parser.add_argument("--only", default="python,terraform,node")
    parser.add_argument("--label", default="this tree")
    parser.add_argument("--terraform", type=Path, help="a Terraform tree to use instead of the default sdist")
    parser.add_argument("--scan-only", action="store_true", help="time the scan only (no scanner alone)")
    parser.add_argument("--without", default="", help="scanners to disable, comma-separated (e.g. detect-secrets)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SEMGREP_ENABLE_VERSION_CHECK", "0")
    for name in args.only.split(","):
        kind, spec = PROJECTS[name]
        root = args.terraform.resolve() if name == "terraform" and args.terraform else fetch(kind, spec, args.work)
        from shiftleft.target import collect

        files = len(collect(root).files)
        with tempfile.TemporaryDirectory(dir=args.work) as tmp:
            without = [n for n in args.without.split(",") if n]
            scan = timed_scan(root, Path(tmp) / "out", without)
            each = {} if args.scan_only else {k: v for k, v in alone(root, Path(tmp)).items() if k not in without}
        report(args.label, f"{name} ({spec if not (name == 'terraform' and args.terraform) else root})", files,
               scan, each)  # fmt: skip
        sys.stdout.flush()


if __name__ == "__main__":
    main()
