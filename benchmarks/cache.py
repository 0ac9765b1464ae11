"""Warm re-scan of an unchanged tree with the result cache, against the cold scan (budget:
warm <= 10% of cold), side by side in one run on a real ~300-file Python project.

    python benchmarks/cache.py [--project pydantic==2.7.1] [--workdir DIR] [--osv DIR] [--warm N]

The project is an sdist from the package index (``pip download --no-deps --no-binary
:all:``; pydantic 2.7.1: 314 files, 289 of them Python), unpacked into ``--workdir``
(never committed). The advisory database is imported from ``--osv`` (default
``../shared/osv`` beside the repository, one ``all.zip`` per ecosystem) into the work
directory, so the dependency scanners succeed and are cached too. Every scan is the real
CLI (``python -m shiftleft scan PATH``, all stages, no history) with a private result
cache: the cold scan starts from an empty cache, the warm scans reuse it, and the median
of ``--warm`` warm scans is compared. Then one Python file is edited and the scan re-run:
the scanners that read it run again, the others are hits.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.10


def fetch(project: str, workdir: Path) -> Path:
    """The unpacked sdist of ``project`` (``name==version``) in ``workdir``."""
    name, _, version = project.partition("==")
    tree = workdir / f"{name}-{version}"
    if tree.is_dir():
        return tree
    archive_dir = workdir / "sdist"
    archive_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d",
                    str(archive_dir), project], check=True)  # fmt: skip
    archive = next(archive_dir.glob(f"{name}-{version}.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(workdir, filter="data")
    return tree


def scan(tree: Path, out: Path, env: dict[str, str], db: Path | None) -> tuple[float, dict[str, Any]]:
    """Wall seconds of one CLI scan and the log's shiftleft properties."""
    argv = [sys.executable, "-m", "shiftleft", "scan", str(tree), "-o", str(out), "-q", "--no-history"]
    if db is not None:
        argv += ["--db", str(db)]
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - start
    meta = json.loads((out / "shiftleft.sarif").read_text("utf-8"))["properties"]["shiftleft"]
    return seconds, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", default="pydantic==2.7.1")
    parser.add_argument("--workdir", default="/tmp/shiftleft-bench-cache")
    parser.add_argument("--osv", default=str(ROOT.parent / "shared" / "osv"))
    parser.add_argument("--warm", type=int, default=3, help="warm scans (the median is compared)")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    tree = fetch(args.project, workdir)
    files = [p for p in tree.rglob("*") if p.is_file()]
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off",
           "SHIFTLEFT_CACHE_DIR": str(workdir / "result-cache"), "XDG_STATE_HOME": str(workdir / "state"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}  # fmt: skip
    shutil.rmtree(workdir / "result-cache", ignore_errors=True)
    db: Path | None = None
    if Path(args.osv).is_dir():
        db = workdir / "advisories.sqlite3"
        if not db.exists():
            for archive in sorted(Path(args.osv).glob("*/all.zip")):  # one OSV all.zip per ecosystem
                subprocess.run([sys.executable, "-m", "shiftleft", "db", "import", str(archive), "--db", str(db)],
                               env=env, stdout=subprocess.DEVNULL, check=True)  # fmt: skip
    out = workdir / "out"

    cold, cold_meta = scan(tree, out, env, db)
    warm_runs = [scan(tree, out, env, db) for _ in range(max(1, args.warm))]
    warm = statistics.median(s for s, _ in warm_runs)
    warm_meta = warm_runs[-1][1]
    edited = next(p for p in sorted(tree.rglob("*.py")) if p.stat().st_size > 200)
    edited.write_text(edited.read_text("utf-8") + "\n# edited by benchmarks/cache.py\n", "utf-8")
    one_edit, edit_meta = scan(tree, out, env, db)

    print(f"project: {args.project} ({len(files)} files, {sum(p.suffix == '.py' for p in files)} Python), "
          f"{os.cpu_count()} cores")  # fmt: skip
    ran = [f"{s['name']} {s['status']} {s['seconds']:.1f}s" for s in cold_meta["scanners"]
           if s["status"] != "not-applicable"]  # fmt: skip
    print(f"scanners (cold): {', '.join(ran)}")
    print(f"cold scan (empty cache):      {cold:7.2f} s   stored: {', '.join(cold_meta['cache']['stored'])}")
    print(f"warm scan (median of {len(warm_runs)}):      {warm:7.2f} s   hits: {', '.join(warm_meta['cache']['hits'])}"
          f"; ran: {', '.join(warm_meta['cache']['misses']) or '-'}")  # fmt: skip
    print(f"one .py file edited:          {one_edit:7.2f} s   hits: {', '.join(edit_meta['cache']['hits'])}"
          f"; ran: {', '.join(edit_meta['cache']['misses']) or '-'}")  # fmt: skip
    ratio = warm / cold
    print(f"ratio warm / cold: {ratio:.3f} (budget <= {BUDGET:.2f}: {'met' if ratio <= BUDGET else 'NOT met'})")


if __name__ == "__main__":
    main()
