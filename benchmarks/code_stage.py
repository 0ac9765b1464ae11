"""Wall time of `shiftleft scan --stage code` against running semgrep, bandit and
detect-secrets one after another by hand on the same folder.

    python benchmarks/code_stage.py [PATH] [--repeat N] [--record]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import compare_to_baseline, median_seconds, run_quiet

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RULES = ROOT / "shiftleft" / "rules" / "semgrep"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=str(ROOT / "examples" / "vulnerable-app"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record", action="store_true", help="store these figures as the baseline")
    args = parser.parse_args()
    target = Path(args.path).resolve()
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    out = Path(tempfile.mkdtemp())

    def raw_tools() -> None:
        run_quiet([str(BIN / "semgrep"), "scan", "--sarif", "--metrics=off", "--disable-version-check", "--quiet",
                   "--config", str(RULES / "python.yaml"), "--config", str(RULES / "javascript.yaml"), str(target)],
                  env=env)  # fmt: skip
        run_quiet([str(BIN / "bandit"), "-r", str(target), "-f", "sarif", "-q", "-o", str(out / "b.sarif")])
        run_quiet([str(BIN / "detect-secrets"), "scan", "--no-verify", "--all-files", str(target)], cwd=target)

    def shiftleft() -> None:
        run_quiet([sys.executable, "-m", "shiftleft", "scan", str(target), "--stage", "code", "-o", str(out / "r")],
                  env=env)  # fmt: skip

    raw = median_seconds(raw_tools, args.repeat)
    ours = median_seconds(shiftleft, args.repeat)
    print(f"target: {target} (median of {args.repeat}, {os.cpu_count()} cores)")
    print(f"raw tools one after another: {raw:.2f} s")
    print(f"shiftleft scan --stage code: {ours:.2f} s")
    print(f"ratio shiftleft / raw sum:   {ours / raw:.2f}")
    compare_to_baseline("code_stage", {"raw_seconds": raw, "shiftleft_seconds": ours, "ratio": ours / raw},
                        args.record)  # fmt: skip


if __name__ == "__main__":
    main()
