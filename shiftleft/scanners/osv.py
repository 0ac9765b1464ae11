"""The offline OSV matcher: the target's lockfiles against the local advisory database.

Division of work with pip-audit (so one Python vulnerability is never reported twice):
pip-audit is the Python engine; this scanner covers every other ecosystem (npm, Go,
crates.io...) and covers PyPI too only when pip-audit cannot run (not installed) or
when the option ``python_engine: osv`` says so. ``python_engine: pip-audit`` leaves
PyPI to pip-audit even if it is missing, which then shows up as pip-audit *not run*.
Which engine took PyPI is written to ``run.properties.shiftleft.pythonEngine``.

Options (``ctx.options``): ``db`` (database path; else $SHIFTLEFT_DB, else the cache
dir), ``python_engine`` (auto | osv | pip-audit), ``resolve`` (pin unpinned Python
requirements with pip, online only), ``max_manifest_mb``.
"""

from __future__ import annotations

import threading

import sarif_om

from shiftleft import __version__, config
from shiftleft.advisories.audit import NotAssessed, audit
from shiftleft.advisories.errors import DatabaseMissing
from shiftleft.advisories.findings import dependency_run
from shiftleft.advisories.store import AdvisoryStore, resolve_db_path
from shiftleft.inventory.collect import DEFAULT_MAX_BYTES, collect, manifests
from shiftleft.inventory.model import Inventory
from shiftleft.inventory.resolve import resolve_unpinned
from shiftleft.scanners.base import ScanContext, Scanner, ScanTarget, ToolError


def open_database(ctx: ScanContext) -> AdvisoryStore:
    """The advisory database for a scan; ToolError (failed run, never a clean one) when
    there is none or it is empty."""
    path = resolve_db_path(ctx.options.get("db"))
    try:
        store = AdvisoryStore.open_existing(path)
    except DatabaseMissing as exc:
        raise ToolError(str(exc), "failed") from exc
    if not store.ecosystems():
        store.close()
        raise ToolError(f"no advisory database at {path}: run `shiftleft db import` or `shiftleft db update`", "failed")
    return store


#: per scan (keyed by the identity of its ScanTarget, which the entry keeps alive): a later
#: scan of the same path builds a new target and so reads the files again
_INVENTORIES: dict[tuple[int, int, bool, bool], tuple[ScanTarget, Inventory]] = {}
_INVENTORY_LOCK = threading.Lock()


def inventory_for(ctx: ScanContext) -> Inventory:
    """The target's inventory, with unpinned Python requirements resolved when asked.

    osv, pip-audit and cyclonedx all need it and run in parallel: the first builds it
    (and runs the resolver at most once), the others wait and reuse it."""
    max_bytes = int(float(ctx.options.get("max_manifest_mb", DEFAULT_MAX_BYTES / 1048576)) * 1048576)
    resolve = bool(ctx.options.get("resolve"))
    key = (id(ctx.target), max_bytes, resolve, ctx.offline)
    with _INVENTORY_LOCK:
        cached = _INVENTORIES.get(key)
        if cached is None or cached[0] is not ctx.target:
            inv = collect(ctx.target, max_bytes=max_bytes)
            if resolve:
                inv = resolve_unpinned(inv, offline=ctx.offline, timeout=ctx.timeout, workdir=ctx.workdir)
            if len(_INVENTORIES) > 8:  # a process scans a handful of targets at most
                _INVENTORIES.clear()
            cached = _INVENTORIES[key] = (ctx.target, inv)
        return cached[1]


def issues_as_not_assessed(inv: Inventory, ecosystems: set[str] | None = None) -> list[NotAssessed]:
    """Manifest-level problems and unassessed declarations, as NotAssessed values."""
    out = [NotAssessed("*", None, "-", i.manifest, 1, f"manifest skipped: {i.message}") for i in inv.issues]
    out += [NotAssessed.from_unassessed(u) for u in inv.unassessed if ecosystems is None or u.ecosystem in ecosystems]
    return out


def python_engine(option: object) -> str:
    """Who checks PyPI packages: "pip-audit" or "osv"."""
    choice = str(option or "auto")
    if choice in ("osv", "pip-audit"):
        return choice
    from shiftleft.scanners.pip_audit import PipAudit

    return "pip-audit" if PipAudit().health() is None else "osv"


#: options of every scanner that reads the dependency inventory (osv, pip-audit, cyclonedx)
INVENTORY_OPTIONS = {
    "db": config.text,
    "resolve": config.boolean,
    "max_manifest_mb": config.positive_number,
}


class OsvScanner(Scanner):
    name = "osv"
    category = "sca"
    stages = ("build",)
    severity_map = "osv"
    description = "Dependency vulnerabilities from lockfiles, matched offline against a local OSV database"
    worker_process = True  # pure Python: bounded by a killable worker process
    options = {**INVENTORY_OPTIONS, "python_engine": config.one_of(("auto", "osv", "pip-audit"))}

    def health(self) -> str | None:
        return None  # pure Python; a missing database is a failed run, reported by run()

    def version(self) -> str | None:
        return __version__

    def applies(self, target: ScanTarget) -> str | None:
        return None if manifests(target.files) else "no dependency manifest or lockfile"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        """The advisory's own severity word (``database_specific.severity``), used by
        normalization only when the result has no CVSS ``security-severity``."""
        props = result.properties or {}
        value = props.get("databaseSeverity")
        return str(value) if value else None

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        store = open_database(ctx)
        try:
            inv = inventory_for(ctx)
            engine = python_engine(ctx.options.get("python_engine"))
            skip = {"PyPI"} if engine == "pip-audit" else set()
            packages = [p for p in inv.packages if p.ecosystem not in skip]
            result = audit(packages, store)
            unknown = [n for n in issues_as_not_assessed(inv) if n.ecosystem not in skip]
            unknown += result.not_assessed
            summary = store.summary()
        finally:
            store.close()
        return dependency_run(
            self.name,
            version=self.version(),
            findings=result.findings,
            not_assessed=unknown,
            extra_properties={
                "advisoryDatabase": summary,
                "manifests": list(inv.manifests),
                "packagesChecked": result.checked,
                "pythonEngine": engine,
            },
        )
