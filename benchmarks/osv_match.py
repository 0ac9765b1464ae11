"""Benchmark: match a 5,000-package synthetic PyPI inventory against the full PyPI snapshot.

Prints packages/second and peak memory (targets: < 2 s, < 300 MB) for the indexed
matcher, and its speed-up over a naive baseline that evaluates every advisory for every
package (measured on a sample and scaled, because the full baseline takes minutes).

    python benchmarks/osv_match.py [--zip ../shared/osv/PyPI/all.zip] [--packages 5000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from shiftleft.advisories.importer import import_path
from shiftleft.advisories.matching import evaluate
from shiftleft.advisories.model import Advisory
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.inventory.model import Package
from shiftleft.inventory.vulns import audit

DEFAULT_ZIP = Path(__file__).resolve().parents[2] / "shared" / "osv" / "PyPI" / "all.zip"


def synthetic_inventory(store: AdvisoryStore, n: int, seed: int = 7) -> list[Package]:
    """n packages: 60% names that have advisories (at listed or random versions), 40%
    names with none - roughly a real dependency tree, where most packages are clean."""
    rng = random.Random(seed)
    conn = store.connection()
    names = [r[0] for r in conn.execute("SELECT DISTINCT name FROM affected WHERE ecosystem = 'PyPI'")]
    listed: dict[str, list[str]] = {}
    for name in names:
        for adv in store.advisories_for("PyPI", name):
            for entry in adv.affected:
                listed.setdefault(name, []).extend(entry.versions)
    packages: list[Package] = []
    for i in range(n):
        if rng.random() < 0.6:
            name = rng.choice(names)
            versions = listed.get(name) or []
            version = (
                rng.choice(versions)
                if versions and rng.random() < 0.5
                else f"{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
            )
        else:
            name = f"clean-package-{i}"
            version = f"{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        packages.append(Package.create(name, version, "PyPI", "requirements.txt", i + 1))
    return packages


def naive(advisories: list[Advisory], packages: list[Package]) -> int:
    """The baseline: every advisory evaluated for every package (no index)."""
    hits = 0
    for p in packages:
        for adv in advisories:
            try:
                if evaluate(adv, "PyPI", p.name, p.version).status.value == "affected":
                    hits += 1
            except Exception:  # noqa: BLE001 - same tolerance as the real matcher
                continue
    return hits


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zip", type=Path, default=DEFAULT_ZIP)
    ap.add_argument("--packages", type=int, default=5000)
    ap.add_argument("--baseline-sample", type=int, default=250)
    args = ap.parse_args()
    if not args.zip.is_file():
        print(f"no OSV data at {args.zip}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        t0 = time.perf_counter()
        with AdvisoryStore(db) as store:
            report = import_path(store, args.zip)
        print(f"import: {report.imported} advisories in {time.perf_counter() - t0:.2f} s")
        with AdvisoryStore(db) as store:
            packages = synthetic_inventory(store, args.packages)
        # measured run: a fresh store (cold advisory cache), as in a real scan
        tracemalloc.start()
        t0 = time.perf_counter()
        with AdvisoryStore.open_existing(db) as store:
            result = audit(packages, store)
        elapsed = time.perf_counter() - t0
        _, peak_py = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        t0 = time.perf_counter()
        with AdvisoryStore.open_existing(db) as store:
            audit(packages, store)
        untraced = time.perf_counter() - t0
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"indexed matcher: {len(packages)} packages in {untraced:.2f} s "
            f"({len(packages) / untraced:,.0f} packages/s; {elapsed:.2f} s under tracemalloc), "
            f"{len(result.findings)} findings, {len(result.not_assessed)} not assessed"
        )
        print(f"peak memory: {peak_py / 1048576:.1f} MB Python heap (tracemalloc), {rss_mb:.0f} MB process RSS")
        with AdvisoryStore.open_existing(db) as store:
            rows = store.connection().execute("SELECT doc FROM advisory").fetchall()
        import json

        from shiftleft.advisories.model import parse_advisory

        advisories = [parse_advisory(json.loads(r[0])) for r in rows]
        sample = packages[: args.baseline_sample]
        t0 = time.perf_counter()
        naive(advisories, sample)
        base = (time.perf_counter() - t0) * len(packages) / len(sample)
        print(
            f"naive baseline (linear scan of {len(advisories)} advisories per package): "
            f"~{base:.1f} s for {len(packages)} packages (scaled from {len(sample)}); "
            f"indexed is {base / untraced:,.0f}x faster"
        )
        ok = untraced < 2.0 and rss_mb < 300
        print("targets (< 2 s, < 300 MB):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
