"""Recall and false positives of the secrets engines on shiftleft's own secrets fixture, and
(with --tree) their time and peak memory through shiftleft's code stage on a real tree.

    python benchmarks/secrets_score.py [--fixture DIR] [--tree PATH] [--repeat N]

The fixture (benchmarks/secrets/fixture, labels in benchmarks/secrets/expected.csv) plants
FAKE credentials of 38 kinds in 24 files of varied kinds (source, YAML, .env, Terraform,
credential files: .netrc, .git-credentials, .pgpass, .htpasswd, wp-config.php, master.key,
credentials.xml, Docker config.json, .npmrc, .pypirc, private keys) and 20 look-alikes that
are not secrets (hashes, UUIDs, commit ids, placeholders, env lookups, a lockfile integrity,
the AWS documentation key, a public key). A planted secret is found when an engine reports a
result on its line; a false positive is a reported line that holds no planted secret.

Engines: betterleaks alone (the default: its rules and shiftleft's credential-file rules),
betterleaks with its own rules only (what our rule file adds; note that the fixture and our
rules were written by the same hand), detect-secrets alone, both (the union: what a user
gets with `scanners.detect-secrets.enabled: true`).

--tree: `shiftleft scan --stage code` on PATH with only one secrets engine enabled, for each
engine: wall time (median of --repeat) and the peak resident memory of the largest process
(shiftleft or the engine it runs). Take a real project, e.g. two npm packages unpacked
(`npm pack lodash@4.17.21 rxjs@7.8.1`: lodash's 1,054 files and rxjs' src, 1,314 files).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shiftleft.model import ScanContext  # noqa: E402
from shiftleft.scanners import betterleaks  # noqa: E402
from shiftleft.scanners.base import Scanner  # noqa: E402
from shiftleft.scanners.betterleaks import Betterleaks  # noqa: E402
from shiftleft.scanners.detect_secrets import DetectSecrets  # noqa: E402
from shiftleft.target import collect  # noqa: E402

ENGINES: dict[str, type[Scanner]] = {"betterleaks": Betterleaks, "detect-secrets": DetectSecrets}


def labels(fixture: Path) -> tuple[set[tuple[str, int]], set[tuple[str, int]], dict[tuple[str, int], str]]:
    secrets: set[tuple[str, int]] = set()
    lookalikes: set[tuple[str, int]] = set()
    kinds: dict[tuple[str, int], str] = {}
    with (fixture.parent / "expected.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["file"], int(row["line"]))
            (secrets if row["secret"] == "yes" else lookalikes).add(key)
            kinds[key] = row["kind"]
    return secrets, lookalikes, kinds


def reported(cls: type[Scanner], fixture: Path, rules: Path | None = None) -> tuple[set[tuple[str, int]], float]:
    if rules is not None:  # Betterleaks with another config (its default rules only)
        saved, betterleaks.RULES = betterleaks.RULES, rules
        try:
            return reported(cls, fixture)
        finally:
            betterleaks.RULES = saved
    target = collect(fixture, use_default_excludes=False)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run = cls().execute(ScanContext(target, Path(tmp), 300))
        seconds = time.perf_counter() - start
    if not (run.invocations and run.invocations[0].execution_successful):
        notes = run.invocations[0].tool_execution_notifications if run.invocations else None
        sys.exit(f"{cls.name} did not run: {notes[0].message.text if notes else 'no reason'}")
    lines = set()
    for result in run.results or []:
        loc = result.locations[0].physical_location
        lines.add((str(loc.artifact_location.uri), int(loc.region.start_line if loc.region else 1)))
    return lines, seconds


def score(fixture: Path) -> None:
    secrets, lookalikes, kinds = labels(fixture)
    found: dict[str, set[tuple[str, int]]] = {}
    times: dict[str, float] = {}
    for name, cls in ENGINES.items():
        found[name], times[name] = reported(cls, fixture)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "default-rules.toml"
        plain.write_text("[extend]\nuseDefault = true\n")
        own = "betterleaks, its rules only"
        found[own], times[own] = reported(Betterleaks, fixture, plain)
    found["default (betterleaks)"] = found["betterleaks"]
    times["default (betterleaks)"] = times["betterleaks"]
    found["both"] = found["betterleaks"] | found["detect-secrets"]
    times["both"] = max(times["betterleaks"], times["detect-secrets"])  # they run in parallel
    print(f"fixture: {fixture} ({len(secrets)} planted secrets, {len(lookalikes)} look-alikes)")
    print(f"{'engine':<22} {'recall':>12} {'false pos.':>10} {'look-alikes hit':>16} {'seconds':>8}")
    for name, lines in found.items():
        hit = len(lines & secrets)
        fp = len(lines - secrets)
        print(f"{name:<22} {hit:>3}/{len(secrets)} {hit / len(secrets):>6.0%} {fp:>10} "
              f"{len(lines & lookalikes):>16} {times[name]:>8.2f}")  # fmt: skip
    print("\nplanted secrets missed:")
    for name in ("betterleaks", "detect-secrets", "both"):
        missed = sorted(kinds[k] for k in secrets - found[name])
        print(f"  {name}: {', '.join(missed) or 'none'}")
    print("false positives:")
    for name in ("betterleaks", "detect-secrets"):
        extra = sorted(f"{f}:{n} ({kinds.get((f, n), 'unlabelled')})" for f, n in found[name] - secrets)
        print(f"  {name}: {', '.join(extra) or 'none'}")


_MEASURE = """
import resource, subprocess, sys, time, json
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "seconds": seconds,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def tree(path: Path, repeat: int) -> None:
    files = len(collect(path).files)
    print(f"\ntree: {path} ({files} files): shiftleft scan --stage code, one secrets engine, semgrep/bandit off")
    print(f"{'engine':<16} {'median s':>9} {'peak RSS MB':>12}")
    for name in ENGINES:
        with tempfile.TemporaryDirectory() as tmp:
            cfg = Path(tmp) / "shiftleft.yaml"
            other = next(n for n in ENGINES if n != name)
            cfg.write_text(json.dumps({"scanners": {"semgrep": False, "bandit": False, name: True, other: False},
                                       "history": {"enabled": False}}))  # fmt: skip
            argv = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "shiftleft", "scan", str(path),
                    "--stage", "code", "--config", str(cfg), "-o", str(Path(tmp) / "out"), "-q"]  # fmt: skip
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            samples = [json.loads(subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout)
                       for _ in range(repeat)]  # fmt: skip
        seconds = statistics.median(s["seconds"] for s in samples)
        rss = max(s["max_rss_kb"] for s in samples) / 1024
        print(f"{name:<16} {seconds:>9.2f} {rss:>12.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixture", default=str(ROOT / "benchmarks" / "secrets" / "fixture"))
    parser.add_argument("--tree", help="a real project to time both engines on through the code stage")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    score(Path(args.fixture).resolve())
    if args.tree:
        tree(Path(args.tree).resolve(), args.repeat)


if __name__ == "__main__":
    main()
