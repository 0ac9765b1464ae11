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

from typing import Any, ClassVar

import sarif_om

from shiftleft import __version__, config
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.dependencies import (
    INVENTORY_OPTIONS,
    database_severity,
    dependency_identity,
    dependency_inputs,
    dependency_run,
    inventory_for,
    issues_as_not_assessed,
    open_database,
)


def python_engine(option: object) -> str:
    """Who checks PyPI packages: "pip-audit" or "osv"."""
    choice = str(option or "auto")
    if choice in ("osv", "pip-audit"):
        return choice
    from shiftleft.scanners.pip_audit import PipAudit

    return "pip-audit" if PipAudit().health() is None else "osv"


class OsvScanner(Scanner):
    name = "osv"
    information_uri = "https://osv.dev"
    category = "sca"
    stages = ("build",)
    severity_map = "osv"
    description = "Dependency vulnerabilities from lockfiles, matched offline against a local OSV database"
    worker_process = True  # pure Python: bounded by a killable worker process
    options = {**INVENTORY_OPTIONS, "python_engine": config.one_of(("auto", "osv", "pip-audit"))}
    needs = frozenset({"advisory_db"})
    #: pip-audit is the Python engine; with it off, the OSV matcher covers PyPI itself
    options_when_disabled: ClassVar[dict[str, dict[str, Any]]] = {"pip-audit": {"python_engine": "osv"}}
    cacheable = True

    def inputs(self, ctx: ScanContext) -> list[str]:
        return dependency_inputs(ctx)

    def cache_identity(self, ctx: ScanContext) -> dict[str, Any] | None:
        identity = dependency_identity(ctx)
        return None if identity is None else {**identity, "engine": python_engine(ctx.options.get("python_engine"))}

    def health(self) -> str | None:
        return None  # pure Python; a missing database is a failed run, reported by run()

    def version(self) -> str | None:
        return __version__

    def applies(self, target: ScanTarget) -> str | None:
        from shiftleft.inventory.collect import manifests  # imported by a scan that may need it

        return None if manifests(target.files) else "no dependency manifest or lockfile"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        return database_severity(result)

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        from shiftleft.inventory.vulns import audit

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
