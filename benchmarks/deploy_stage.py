"""Wall time of the deploy-stage adapter (mirror + checkov + SARIF post-processing)
against checkov run alone on the same folder with the same frameworks. Prints a ratio.

Usage: python benchmarks/deploy_stage.py [FOLDER] [--repeat N]
Default folder: tests/deploy/fixtures/iac. Needs checkov (`shiftleft tools install checkov`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from shiftleft import tools
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import run_tool
from shiftleft.scanners.checkov import Checkov

ROOT = Path(__file__).resolve().parents[1]


def target_for(root: Path) -> ScanTarget:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    return ScanTarget(root=root, files=tuple(files))


def adapter_once(target: ScanTarget) -> float:
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        run = Checkov().execute(ScanContext(target=target, workdir=Path(work), timeout=1800))
        took = time.perf_counter() - start
    if not run.invocations[0].execution_successful:
        sys.exit(f"adapter failed: {run.invocations[0].tool_execution_notifications[0].message.text}")
    return took


def checkov_once(exe: str, root: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        argv = [
            exe,
            "-d",
            str(root),
            "--framework",
            *Checkov.frameworks,
            "--skip-framework",
            "secrets",
            "-o",
            "sarif",
            "--output-file-path",
            out,
            "--skip-download",
            "--soft-fail",
            "--quiet",
            "--compact",
        ]
        start = time.perf_counter()
        run_tool(argv, timeout=1800)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "deploy" / "fixtures" / "iac"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(args.folder).resolve()
    exe = tools.find_tool("checkov")
    if exe is None:
        sys.exit("checkov is not installed: run `shiftleft tools install checkov`")
    target = target_for(root)
    adapter = [adapter_once(target) for _ in range(args.repeat)]
    alone = [checkov_once(exe, root) for _ in range(args.repeat)]
    a, c = statistics.median(adapter), statistics.median(alone)
    print(f"folder: {root} ({len(target.files)} files)")
    print(f"deploy-stage adapter: median {a:.2f} s over {args.repeat} runs")
    print(f"checkov alone:        median {c:.2f} s over {args.repeat} runs")
    print(f"ratio adapter/checkov: {a / c:.2f}")


if __name__ == "__main__":
    main()
