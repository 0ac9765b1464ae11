"""Regenerate ``requirements.lock``: shiftleft's runtime dependencies and its build backend
(hatchling), each at the version ``constraints.txt`` pins, with the sha256 of every file the
package index holds for that version (all platforms and Pythons), for ``pip --require-hashes``.

Needs pip-tools (``pip-compile``) in any environment, e.g. ``python -m venv /tmp/lock &&
/tmp/lock/bin/pip install pip-tools``; then, from the repository root::

    python scripts/lock_requirements.py --pip-compile /tmp/lock/bin/pip-compile

It resolves ``pyproject.toml``'s dependencies and its ``build-system.requires`` with
``-c constraints.txt`` (so no version moves; ``constraints.txt`` is not changed), writes
``requirements.lock`` and checks it (every entry hashed, every version the one constraints.txt
pins; pip and setuptools, which constraints.txt cannot hold, are the only others allowed):
exit 1 and the reason when it is not. ``--check`` checks the committed lock only (offline).

Installing from it (the action, docs/ci.md)::

    pip install --require-hashes --only-binary :all: -r requirements.lock
    pip install --no-deps --no-build-isolation .      # shiftleft itself: a directory has no hash
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
CONSTRAINTS = ROOT / "constraints.txt"
# pip-compile pins these ("unsafe" packages, which `pip freeze` leaves out of constraints.txt)
NOT_IN_CONSTRAINTS = frozenset({"pip", "setuptools"})
_NAME_VERSION = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})\b")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_constraints(path: Path = CONSTRAINTS) -> dict[str, str]:
    """Normalised name -> version of every ``name==version`` line."""
    out: dict[str, str] = {}
    for raw in path.read_text("utf-8").splitlines():
        match = _NAME_VERSION.match(raw.split("#", 1)[0].strip())
        if match:
            out[normalise(match.group(1))] = match.group(2)
    return out


def read_lock(path: Path = LOCK) -> dict[str, tuple[str, list[str]]]:
    """Normalised name -> (version, sha256 digests) of every entry (continuation lines joined)."""
    out: dict[str, tuple[str, list[str]]] = {}
    logical = re.sub(r"\\\n", " ", path.read_text("utf-8"))
    for line in logical.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _NAME_VERSION.match(line)
        if not match:
            raise ValueError(f"{path.name}: not a name==version entry: {line[:80]}")
        out[normalise(match.group(1))] = (match.group(2), _HASH.findall(line))
    return out


def problems(lock: dict[str, tuple[str, list[str]]], constraints: dict[str, str]) -> list[str]:
    """Why the lock does not agree with constraints.txt (empty: it does)."""
    out: list[str] = []
    for name, (version, digests) in sorted(lock.items()):
        if not digests:
            out.append(f"{name}=={version} has no --hash")
        if name in constraints:
            if constraints[name] != version:
                out.append(f"{name}=={version} but constraints.txt pins {constraints[name]}")
        elif name not in NOT_IN_CONSTRAINTS:
            out.append(f"{name}=={version} is not pinned by constraints.txt")
    for name in ("hatchling",):  # the build backend: `pip install --no-build-isolation .` needs it
        if name not in lock:
            out.append(f"{name} (the build backend) is missing")
    return out


def compile_lock(pip_compile: str) -> None:
    env = dict(os.environ, CUSTOM_COMPILE_COMMAND="python scripts/lock_requirements.py")
    subprocess.run(
        [pip_compile, "--quiet", "--generate-hashes", "--allow-unsafe", "--strip-extras", "--no-emit-index-url",
         "--no-emit-trusted-host", "--no-emit-find-links", "--build-deps-for", "wheel",
         "--constraint", "constraints.txt", "--output-file", LOCK.name, "pyproject.toml"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--pip-compile", default=shutil.which("pip-compile") or "pip-compile")
    parser.add_argument("--check", action="store_true", help="only check the committed requirements.lock")
    args = parser.parse_args(argv)
    if not args.check:
        compile_lock(args.pip_compile)
    found = problems(read_lock(), read_constraints())
    for line in found:
        print(f"requirements.lock: {line}", file=sys.stderr)
    if not found:
        print(f"requirements.lock: {len(read_lock())} packages, all hashed, at constraints.txt's versions")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
