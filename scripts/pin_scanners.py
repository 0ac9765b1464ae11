"""Regenerate ``scanner-pins.json``: the sha256 of every scanner this release pins.

Run it on each platform (and, for wheels that are not pure Python, each CPython) a release
supports, in the environment CI installs with the pinned versions and their hashes::

    python -m venv .venv && .venv/bin/pip install --require-hashes --only-binary :all: -r requirements.lock
    .venv/bin/pip install --no-deps --no-build-isolation .   # or -c constraints.txt -e '.[dev]'
    SHIFTLEFT_TOOLS_DIR=.ci-tools .venv/bin/shiftleft tools install all   # tools-constraints.txt
    SHIFTLEFT_TOOLS_DIR=.ci-tools .venv/bin/python scripts/pin_scanners.py

Only a tool whose installed version is the one ``constraints.txt`` / ``tools-constraints.txt``
pins is recorded (another version is refused, exit 1): a pin says "this release's version,
these bytes". Pins of other platforms and Pythons already in the file are kept; those of
this platform and Python are replaced. ``--check``: write nothing, exit 1 when the file
would change (CI: the committed pins are those of the installed tools).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shiftleft import provenance as prov  # noqa: E402
from shiftleft.scanners import provenance as scanner_prov  # noqa: E402
from shiftleft.scanners import registry  # noqa: E402


def pinned_versions() -> dict[str, str]:
    """Package name (normalised) -> version, from constraints.txt and tools-constraints.txt."""
    out: dict[str, str] = {}
    for name in ("constraints.txt", "tools-constraints.txt"):
        path = ROOT / name
        if not path.is_file():
            continue
        for raw in path.read_text("utf-8").splitlines():
            words = raw.split("#", 1)[0].split()
            if words and "==" in words[0]:
                package, version = words[0].split("==", 1)
                out[package.replace("-", "_").replace(".", "_").lower()] = version.strip()
    return out


def current_pins() -> tuple[list[prov.Pin], list[str]]:
    """This machine's pins, and what could not be pinned (with why)."""
    versions = pinned_versions()
    pins: dict[tuple[str, str], prov.Pin] = {}
    problems: list[str] = []
    subjects = []
    for _name, cls in sorted((c.name, c) for c in registry.BUILTIN_SCANNERS):
        scanner = cls()
        subjects.append((scanner.name, scanner_prov.tool_name(scanner), scanner_prov.subject_of(scanner)))
        subjects += [(scanner.name, helper, subject) for helper, subject in scanner_prov.helpers_of(scanner, None)]
    for name, tool, subject in subjects:
        if subject is None or subject.kind == "builtin":
            continue
        if subject.distribution is None:
            problems.append(f"{name}: no installed distribution found for its executable: not pinned")
            continue
        package = subject.distribution.name.replace("-", "_").replace(".", "_").lower()
        wanted = versions.get(package)
        if wanted != subject.distribution.version:
            problems.append(f"{name}: installed {subject.distribution.name} {subject.distribution.version}, "
                            f"the constraints pin {wanted or 'no version'}")
            continue
        digest = prov.digest_subject(subject, deep=True)
        if digest.problem or digest.sha256 is None or digest.digest_of is None:
            problems.append(f"{name}: {digest.problem or 'no digest'}")
            continue
        python = None if (subject.kind == "executable" or subject.distribution.pure()) else prov.python_tag()
        pin = prov.Pin(tool, subject.distribution.version, digest.digest_of, prov.platform_tag(), python,
                       digest.sha256)
        pins[(tool, digest.digest_of)] = pin
    return list(pins.values()), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / prov.PINS_FILE)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file would change; write nothing")
    args = parser.parse_args(argv)
    mine, problems = current_pins()
    for problem in problems:
        print(f"pin_scanners: {problem}", file=sys.stderr)
    if problems:
        return 1
    old: tuple[prov.Pin, ...] = prov.load_pins(args.output) if args.output.is_file() else ()
    keys = {(p.tool, p.platform, p.python) for p in mine}
    here = (prov.platform_tag(), prov.python_tag())
    kept = [p for p in old if not (p.platform == here[0] and (p.python in (None, here[1])) and
                                   any(k[0] == p.tool for k in keys))]  # fmt: skip
    text = json.dumps(prov.pins_json([*kept, *mine]), indent=2) + "\n"
    if args.check:
        same = args.output.is_file() and args.output.read_text("utf-8") == text
        print("pins up to date" if same else f"{args.output.name} differs from the installed tools")
        return 0 if same else 1
    args.output.write_text(text, "utf-8")
    for pin in mine:
        print(f"{pin.tool:<15} {pin.version:<10} {pin.digest_of:<10} {pin.platform} {pin.python or 'any':<6} "
              f"{pin.sha256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
