"""Which scanners a scan can use: the built-ins, plus what third-party packages register.

The built-ins are this module's own list, not entry points, so no installed metadata (a
stale editable install, a tree that was never installed, another package's plugin) can make
one vanish. A plugin registers a ``Scanner`` class under the ``shiftleft.scanners`` entry
point group and *adds* a scanner. It never silently replaces one:

* a plugin that fails to import, or whose object is not a ``Scanner`` class, is *broken*;
* a plugin whose scanner name is already taken (a built-in, or an earlier plugin) is a
  *conflict*, and the scanner already there stays;
* a built-in is replaced only when the user names it in ``$SHIFTLEFT_REPLACE_BUILTINS``
  (comma-separated scanner names). That is an environment variable on purpose: the scanned
  repository's config must not be able to swap a built-in check for other code.

Broken plugins and conflicts are listed by ``shiftleft scanners``. Entry points that point
into shiftleft itself are ignored (metadata of an older shiftleft install, whose module
paths may no longer exist): the built-in list is the one source for those.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from shiftleft.scanners.bandit import Bandit
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.betterleaks import Betterleaks
from shiftleft.scanners.checkov import Checkov, CheckovDockerfile
from shiftleft.scanners.container import ContainerImage
from shiftleft.scanners.cyclonedx import CycloneDxSbom
from shiftleft.scanners.detect_secrets import DetectSecrets
from shiftleft.scanners.hadolint import Hadolint
from shiftleft.scanners.osv import OsvScanner
from shiftleft.scanners.pip_audit import PipAudit
from shiftleft.scanners.semgrep import Semgrep
from shiftleft.scanners.zizmor import Zizmor

ENTRY_POINT_GROUP = "shiftleft.scanners"
#: names the built-ins a plugin may replace (comma-separated); only the user sets it
REPLACE_ENV = "SHIFTLEFT_REPLACE_BUILTINS"

#: the scanners shipped with shiftleft; adding one is a module and a line here
BUILTIN_SCANNERS: tuple[type[Scanner], ...] = (
    Semgrep, Bandit, Betterleaks, DetectSecrets, OsvScanner, PipAudit, CycloneDxSbom, CheckovDockerfile, Hadolint,
    Checkov, Zizmor, ContainerImage,
)  # fmt: skip


@dataclass(frozen=True)
class Registry:
    """The scanners found, and what could not be used, each with why (for ``shiftleft scanners``)."""

    scanners: dict[str, type[Scanner]]
    #: entry point name -> why it could not be loaded
    broken: dict[str, str] = field(default_factory=dict)
    #: scanner name -> which plugin was refused (or which built-in it replaced, when asked)
    conflicts: dict[str, str] = field(default_factory=dict)


def replaceable_builtins(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """The built-ins the user allowed a plugin to replace (``$SHIFTLEFT_REPLACE_BUILTINS``)."""
    value = (os.environ if environ is None else environ).get(REPLACE_ENV, "")
    return frozenset(name.strip() for name in value.split(",") if name.strip())


def _ours(ep: importlib.metadata.EntryPoint) -> bool:
    """An entry point into shiftleft itself: the built-in list already has it."""
    module = ep.value.split(":", 1)[0].strip()
    return module == "shiftleft" or module.startswith("shiftleft.")


def _load(ep: importlib.metadata.EntryPoint) -> type[Scanner] | str:
    """The plugin's Scanner class, or why it cannot be one."""
    try:
        obj = ep.load()
    except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, never fatal
        return f"{type(exc).__name__}: {exc}"
    if not (isinstance(obj, type) and issubclass(obj, Scanner)):
        return f"{ep.value} is not a shiftleft Scanner class"
    if not isinstance(getattr(obj, "name", None), str) or not obj.name:
        return f"{ep.value} has no scanner name"
    return obj


def load(replace: Collection[str] | None = None) -> Registry:
    """The built-ins, then every plugin that adds a scanner (see the module docstring).
    ``replace``: built-ins a plugin may replace; by default ``$SHIFTLEFT_REPLACE_BUILTINS``."""
    allowed = replaceable_builtins() if replace is None else frozenset(replace)
    scanners: dict[str, type[Scanner]] = {cls.name: cls for cls in BUILTIN_SCANNERS}
    plugins: dict[str, str] = {}  # scanner name -> entry point value, for conflict messages
    broken: dict[str, str] = {}
    conflicts: dict[str, str] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if _ours(ep):
            continue
        cls = _load(ep)
        if isinstance(cls, str):
            broken[ep.name] = cls
        elif cls.name in plugins:
            conflicts[cls.name] = f"plugin {ep.value} refused: {plugins[cls.name]} already provides {cls.name!r}"
        elif cls.name in scanners and cls.name not in allowed:
            conflicts[cls.name] = (
                f"plugin {ep.value} refused: {cls.name!r} is built in (name it in ${REPLACE_ENV} to replace it)"
            )
        else:
            if cls.name in scanners:
                conflicts[cls.name] = f"built-in replaced by plugin {ep.value} (${REPLACE_ENV})"
            scanners[cls.name] = cls
            plugins[cls.name] = ep.value
    return Registry(scanners, broken, conflicts)


def discover() -> dict[str, type[Scanner]]:
    """Every scanner a scan can use, by name: the built-ins and the plugins that add one."""
    return load().scanners
