"""pip-audit as the Python dependency engine, through its ``VulnerabilityService`` seam.

pip-audit checks every pinned PyPI package of the inventory (requirements files,
poetry.lock, Pipfile.lock, uv.lock, pyproject pins). The osv scanner leaves PyPI to it
(see ``scanners/osv.py``), so a Python vulnerability is reported once.

Services:
* offline (``ctx.offline``, the default): ``LocalOsvService``, a pip-audit
  ``VulnerabilityService`` answering from shiftleft's local advisory database;
* online: pip-audit's own ``OsvService``, guarded by a *canary*: a package version
  known to be vulnerable is queried first, and an empty answer means the service is not
  really answering (a proxy, a captive portal, a sandbox: pip-audit would then report
  "No known vulnerabilities found" for everything). The scan then falls back to the local
  database with a warning, or fails - it never turns an unreachable service into a clean
  result.

pip-audit's service interfaces are private (``pip_audit._service``): this adapter is
tested against pip-audit 2.10.1 and ``health()`` reports a clear message when the seam
is not importable. Results are enriched from the local database (CVSS vector, CWE,
severity word) when it has the advisory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sarif_om

from shiftleft import config
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.dependencies import (
    INVENTORY_OPTIONS,
    database_severity,
    dependency_identity,
    dependency_inputs,
    dependency_run,
    inventory_for,
    issues_as_not_assessed,
    try_open_database,
)

if TYPE_CHECKING:  # matching (univers) is imported by a run, not by the scanners' registry
    # nor the inventory, the advisory records and packaging: a scan (or pre-commit hook)
    # that has no Python manifest never imports them
    from shiftleft.advisories.model import Advisory
    from shiftleft.advisories.store import AdvisoryStore
    from shiftleft.inventory.model import Package
    from shiftleft.inventory.vulns import NotAssessed, VulnerablePackage

TESTED_PIP_AUDIT = "2.10.1"
#: a release with several published advisories (PYSEC-2014-8, PYSEC-2019-217, ...)
CANARY = ("jinja2", "2.4.1")
ONLINE_TIMEOUT = 10


def _seam() -> Any:
    """pip-audit's private service module (import isolated so health() can report it)."""
    from pip_audit._service import interface

    return interface


def local_service_class() -> type:
    """Build the LocalOsvService class lazily: it subclasses pip-audit's private ABC."""
    from packaging.version import InvalidVersion
    from packaging.version import Version as PepVersion

    from shiftleft.advisories.errors import UnknownVersionScheme
    from shiftleft.advisories.matching import match_package

    interface = _seam()

    class LocalOsvService(interface.VulnerabilityService):  # type: ignore[misc, name-defined]
        """A pip-audit VulnerabilityService answering from the local advisory database."""

        def __init__(self, store: AdvisoryStore) -> None:
            self.store = store
            self.unassessed: dict[str, str] = {}

        def query(self, spec: Any) -> tuple[Any, list[Any]]:
            if spec.is_skipped():
                return spec, []
            version = str(spec.version)
            try:
                report = match_package(self.store.advisories_for("PyPI", spec.name), "PyPI", spec.name, version)
            except UnknownVersionScheme as exc:
                self.unassessed[spec.canonical_name] = f"unknown version scheme: {exc}"
                return spec, []
            if report.not_assessed:
                self.unassessed[spec.canonical_name] = "could not evaluate " + "; ".join(report.not_assessed)
            results = []
            for m in report.matches:
                fixes = []
                for f in m.fixed:
                    try:
                        fixes.append(PepVersion(f))
                    except InvalidVersion:
                        continue
                results.append(
                    interface.VulnerabilityResult(
                        id=m.id, description=m.summary or m.details, fix_versions=fixes, aliases=set(m.aliases)
                    )
                )
            return spec, results

    return LocalOsvService


def _advisories_for(result: Any, store: AdvisoryStore | None) -> list[Advisory]:
    """The local records of a pip-audit result and of its aliases (CVSS, CWE, severity
    word), or one record synthesised from the result when the database has none."""
    from shiftleft.advisories.model import Advisory

    found: list[Advisory] = []
    if store is not None:
        for adv_id in (str(result.id), *sorted(str(a) for a in result.aliases)):
            local = store.get(adv_id)
            if local is not None:
                found.append(local)
    synthesized = Advisory(
        id=str(result.id),
        modified="",
        published=None,
        withdrawn=None,
        aliases=tuple(sorted(str(a) for a in result.aliases)),
        summary=str(result.description or "").split("\n", 1)[0][:300],
        details=str(result.description or ""),
        severity=(),
        database_severity=None,
        cwes=(),
        affected=(),
    )
    return found if any(a.id == synthesized.id for a in found) else [synthesized, *found]


def to_findings(
    decls: Sequence[Package], results: Iterable[Any], store: AdvisoryStore | None
) -> list[VulnerablePackage]:
    """pip-audit results for one package version -> findings, aliases merged (pip-audit's
    online answer may hold a PYSEC and a GHSA record of one vulnerability)."""
    from shiftleft.advisories.matching import Status, Verdict, merge_aliases
    from shiftleft.advisories.versions import scheme_for
    from shiftleft.inventory.vulns import VulnerablePackage

    first = decls[0]
    hits = [
        (adv, Verdict(Status.AFFECTED, tuple(str(v) for v in r.fix_versions)))
        for r in results
        for adv in _advisories_for(r, store)
    ]
    matches = merge_aliases(hits, first.version, scheme_for("PyPI"))
    return [VulnerablePackage(m, first, tuple(decls)) for m in matches]


def python_manifest(path: str) -> bool:
    from shiftleft.inventory.collect import parser_for

    parser = parser_for(path)
    return parser is not None and parser.__module__ in ("shiftleft.inventory.python", "shiftleft.inventory.pylock")


class PipAudit(Scanner):
    name = "pip-audit"
    information_uri = "https://github.com/pypa/pip-audit"
    category = "sca"
    stages = ("build",)
    severity_map = "osv"
    description = "Python dependency vulnerabilities (pip-audit; local OSV database offline, OSV service online)"
    worker_process = True  # pure Python: bounded by a killable worker process
    options = {**INVENTORY_OPTIONS, "local_only": config.boolean}
    needs = frozenset({"advisory_db"})
    cacheable = True

    def inputs(self, ctx: ScanContext) -> list[str]:
        return dependency_inputs(ctx)

    def cache_identity(self, ctx: ScanContext) -> dict[str, Any] | None:
        if not ctx.offline and not ctx.options.get("local_only"):
            return None  # asks the online service: its answer changes without our inputs changing
        return dependency_identity(ctx)

    def health(self) -> str | None:
        try:
            interface = _seam()
            interface.VulnerabilityService  # noqa: B018 - the seam we subclass
            interface.ResolvedDependency  # noqa: B018
            from pip_audit._service import OsvService  # noqa: F401
        except (ImportError, AttributeError):
            return f"pip-audit is not installed or its service API changed (tested with {TESTED_PIP_AUDIT})"
        return None

    def version(self) -> str | None:
        try:
            from importlib.metadata import version

            return version("pip-audit")
        except Exception:  # noqa: BLE001
            return None

    def applies(self, target: ScanTarget) -> str | None:
        from shiftleft.inventory.collect import manifests

        found = [m for m in manifests(target.files) if python_manifest(m)]
        return None if found else "no Python manifest or lockfile"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        return database_severity(result)

    def _online_service(self, ctx: ScanContext) -> tuple[Any | None, str]:
        """pip-audit's OsvService if it passes the canary, else (None, why not)."""
        from packaging.version import Version as PepVersion
        from pip_audit._service import OsvService

        interface = _seam()
        service = OsvService(cache_dir=ctx.workdir / "pip-audit-cache", timeout=ONLINE_TIMEOUT)
        canary = interface.ResolvedDependency(name=CANARY[0], version=PepVersion(CANARY[1]))
        try:
            _, vulns = service.query(canary)
        except Exception as exc:  # noqa: BLE001 - any service failure means "not answering"
            return None, f"pip-audit's OSV service failed ({type(exc).__name__}: {str(exc)[:120]})"
        if not vulns:
            return (
                None,
                f"pip-audit's OSV service found nothing for the known-vulnerable canary {CANARY[0]} {CANARY[1]}",
            )
        return service, ""

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        interface = _seam()
        store, problem = try_open_database(ctx, "PyPI")
        try:
            return self._run(ctx, interface, store, problem)
        finally:
            if store is not None:
                store.close()

    def _run(self, ctx: ScanContext, interface: Any, store: AdvisoryStore | None, problem: str) -> sarif_om.Run:
        from packaging.version import InvalidVersion
        from packaging.version import Version as PepVersion

        from shiftleft.inventory.vulns import NotAssessed, group_packages

        inv = inventory_for(ctx)
        unknown: list[NotAssessed] = issues_as_not_assessed(inv, {"PyPI"})
        notes: list[str] = []
        service: Any = None
        mode = "local"
        if not ctx.offline and not ctx.options.get("local_only"):
            service, why = self._online_service(ctx)
            if service is not None:
                mode = "online"
            else:
                notes.append(why + "; using the local advisory database")
        if service is None:
            if store is None:
                raise ToolError("; ".join([*notes, problem]), "failed")
            service = local_service_class()(store)

        groups = group_packages(p for p in inv.packages if p.ecosystem == "PyPI")
        specs: dict[str, list[Package]] = {}
        deps = []
        for (_eco, canon, version), decls in groups.items():
            try:
                dep = interface.ResolvedDependency(name=decls[0].name, version=PepVersion(version))
            except InvalidVersion:
                unknown += [
                    NotAssessed(d.name, d.version, "PyPI", d.manifest, d.line, "not a PEP 440 version") for d in decls
                ]
                continue
            specs[f"{canon}=={dep.version}"] = decls
            deps.append(dep)
        findings: list[VulnerablePackage] = []
        try:
            answers = list(service.query_all(iter(deps)))
        except Exception as exc:
            raise ToolError(f"pip-audit service failed: {type(exc).__name__}: {str(exc)[:200]}", "failed") from exc
        for dep, results in answers:
            decls = specs[f"{dep.canonical_name}=={dep.version}"]
            findings += to_findings(decls, results, store)
        for canon, reason in getattr(service, "unassessed", {}).items():
            unknown += [
                NotAssessed(d.name, d.version, "PyPI", d.manifest, d.line, reason)
                for key, ds in specs.items()
                if key.split("==")[0] == canon
                for d in ds[:1]
            ]
        run = dependency_run(
            self.name,
            version=self.version(),
            findings=findings,
            not_assessed=unknown,
            extra_properties={
                "service": mode,
                "advisoryDatabase": store.summary() if store is not None and mode == "local" else None,
                "manifests": list(inv.manifests),
                "packagesChecked": len(deps),
            },
            information_uri="https://github.com/pypa/pip-audit",
        )
        if notes and run.invocations:
            from shiftleft.sarif import build

            run.invocations[0].tool_execution_notifications = [
                *(run.invocations[0].tool_execution_notifications or []),
                *(build.notification(n, "warning", "shiftleft/service-fallback") for n in notes),
            ]
        return run
