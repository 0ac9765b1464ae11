"""Benchmark: the waiver glob matcher on patterns that make a backtracking regex
exponential. The tests bound its *work* (states stepped, tests/policy/test_waivers.py);
the wall-clock figures live here, never in tests.

    python benchmarks/glob_match.py [--repeat 5]
"""

from __future__ import annotations

import argparse

from _common import median_seconds

from shiftleft import globs

CASES = {
    "star-a x40 vs a x5000": ("*a" * 40 + "b", "a" * 5000),
    "globstar-dir x50 vs a/ x2000": ("**/" * 50 + "x", "a/" * 2000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, (pattern, text) in CASES.items():
        seconds = median_seconds(lambda p=pattern, t=text: globs.match(p, t, path=True), args.repeat)
        print(f"{name}: {seconds:.3f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
