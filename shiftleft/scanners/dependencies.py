"""What the dependency scanners (osv, pip-audit, cyclonedx, container) share, once.

* the inventory of a scan (``inventory_for``): built once per target and reused by every
  adapter that reads it, even when they run in parallel;
* the advisory database of a scan (``open_database``, ``try_open_database``): one lookup of
  the path (``db`` option, else ``$SHIFTLEFT_DB``, else the cache dir) and one set of
  reasons when it cannot be used, so a missing database is a failed run (not assessed) in
  every adapter, never a clean one;
* the SARIF of a matched advisory (``advisory_rule``, ``advisory_properties``,
  ``dependency_run``), so one advisory reads the same wherever it was matched: one result
  per (package, version, vulnerability) at the declaring lines, the CVSS base score as
  ``security-severity`` when the advisory has a vector, and every not-assessed package
  both as a warning notification and in ``properties.shiftleft``.

The adapters run in worker processes (``scanners/worker.py``): the inventory cache is per
process, so each worker builds its own; nothing here may rely on state shared between them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sarif_om

from shiftleft import config
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError
from shiftleft.sarif import build
from shiftleft.scanners.cache import path_identity

if TYPE_CHECKING:  # matching (univers) and scoring (cvss) are imported by a run, not by the registry
    from shiftleft.advisories.matching import Match

    # the inventory (every manifest parser, packaging) and the advisory store are imported
    # by a dependency run, not by the registry: a scan or pre-commit hook that stages no
    # manifest never pays for them (benchmarks/hook.py)
    from shiftleft.advisories.store import AdvisoryStore
    from shiftleft.inventory.model import Inventory
    from shiftleft.inventory.vulns import NotAssessed, VulnerablePackage

#: options of every scanner that reads the dependency inventory (osv, pip-audit, cyclonedx)
INVENTORY_OPTIONS = {
    "db": config.text,
    "resolve": config.boolean,
    "max_manifest_mb": config.positive_number,
}

#: per scan (keyed by the identity of its ScanTarget, which the entry keeps alive): a later
#: scan of the same path builds a new target and so reads the files again
_INVENTORIES: dict[tuple[int, int, bool, bool], tuple[ScanTarget, Inventory]] = {}
_INVENTORY_LOCK = threading.Lock()


def inventory_for(ctx: ScanContext) -> Inventory:
    """The target's inventory, with unpinned Python requirements resolved when asked.

    The first adapter of a scan to ask builds it (and runs the resolver at most once), the
    others in the same process wait and reuse it."""
    from shiftleft.inventory.collect import DEFAULT_MAX_BYTES, collect
    from shiftleft.inventory.resolve import resolve_unpinned

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


def dependency_inputs(ctx: ScanContext) -> list[str]:
    """The files the inventory reads (the result cache hashes them): the manifests."""
    from shiftleft.inventory.collect import manifests

    return manifests(ctx.target.files)


def dependency_identity(ctx: ScanContext) -> dict[str, Any] | None:
    """What an inventory scan depends on besides the manifests' content: which files exist
    (a lockfile beside a manifest changes what is reported) and the advisory database's
    identity. None (not cached) when unpinned requirements are resolved online."""
    from shiftleft.advisories.store import resolve_db_path

    identity = inventory_identity(ctx)
    if identity is None:
        return None
    return {**identity, "db": path_identity(resolve_db_path(database_path_option(ctx)))}


def inventory_identity(ctx: ScanContext) -> dict[str, Any] | None:
    """What the inventory depends on besides the manifests' content: which files exist (a
    lockfile beside a manifest changes what is reported). None (not cached) when unpinned
    requirements are resolved online."""
    if ctx.options.get("resolve") and not ctx.offline:
        return None
    return {"files": list(ctx.target.files)}


def issues_as_not_assessed(inv: Inventory, ecosystems: set[str] | None = None) -> list[NotAssessed]:
    """Manifest-level problems and unassessed declarations, as NotAssessed values."""
    from shiftleft.inventory.vulns import NotAssessed

    out = [NotAssessed("*", None, "-", i.manifest, 1, f"manifest skipped: {i.message}") for i in inv.issues]
    out += [NotAssessed.from_unassessed(u) for u in inv.unassessed if ecosystems is None or u.ecosystem in ecosystems]
    return out


def database_path_option(ctx: ScanContext) -> str | None:
    """The database path the scan gave (``db``; the container adapter also accepts
    ``advisory_db``), None for the default location."""
    value = ctx.options.get("db") or ctx.options.get("advisory_db")
    return str(value) if value else None


def no_database(ctx: ScanContext) -> str:
    """Why there is no usable database, for a run that needed one."""
    from shiftleft.advisories.store import resolve_db_path

    path = resolve_db_path(database_path_option(ctx))
    return f"no advisory database at {path}: run `shiftleft db import` or `shiftleft db update`"


def try_open_database(
    ctx: ScanContext, ecosystem: str | None = None, *, nonempty: bool = True
) -> tuple[AdvisoryStore | None, str]:
    """The scan's advisory database, or (None, why not): none there, a file refused, or
    (``nonempty``) no advisory at all, or none for ``ecosystem`` when given. The caller
    closes the store. The container adapter passes ``nonempty=False``: it reports each
    package whose ecosystem the database lacks as not assessed, one by one."""
    from shiftleft.advisories.errors import AdvisoryError
    from shiftleft.advisories.store import AdvisoryStore, resolve_db_path

    try:
        store = AdvisoryStore.open_existing(resolve_db_path(database_path_option(ctx)))
    except AdvisoryError as exc:
        return None, str(exc)
    try:
        available = store.ecosystems() if nonempty or ecosystem is not None else None
    except AdvisoryError as exc:  # refused while reading (a statement over its time bound)
        store.close()
        return None, str(exc)
    if available is not None and not available:
        store.close()
        return None, no_database(ctx)
    if available is not None and ecosystem is not None and ecosystem not in available:
        store.close()
        path = resolve_db_path(database_path_option(ctx))
        return None, (f"the advisory database at {path} holds no {ecosystem} advisories: "
                      "run `shiftleft db import` or `shiftleft db update`")  # fmt: skip
    return store, ""


def open_database(ctx: ScanContext) -> AdvisoryStore:
    """The advisory database for a scan; ToolError (failed run, never a clean one) when
    there is none or it is empty."""
    store, problem = try_open_database(ctx)
    if store is None:
        raise ToolError(problem, "failed")
    return store


def database_severity(result: sarif_om.Result) -> str | None:
    """The advisory's own severity word (``database_specific.severity``), else the one
    derived from its CWE ids or text (``severity_properties``), which a dependency
    adapter's ``native_severity`` returns: normalization uses it only when the result has
    no CVSS ``security-severity``."""
    props = result.properties or {}
    value = props.get("databaseSeverity") or props.get("derivedSeverity")
    return str(value).upper() if value else None


OSV_VULN_URL = "https://osv.dev/vulnerability/"


def fix_text(fixed: Iterable[str]) -> str:
    fixes = list(fixed)
    return f"upgrade to {', '.join(fixes)} or later" if fixes else "no fixed version is known"


def finding_properties(f: VulnerablePackage) -> dict[str, Any]:
    p = f.package
    props = advisory_properties(f.match, p.name, p.version, p.ecosystem, p.purl)
    scopes = sorted({d.scope for d in f.declarations if d.scope})
    if scopes and all(d.scope for d in f.declarations):  # only where every declaration says so
        props["scope"] = scopes[0] if len(scopes) == 1 else scopes
    return props


def advisory_properties(m: Match, name: str, version: str, ecosystem: str, purl: str) -> dict[str, Any]:
    """The result properties of one matched advisory, shared by the dependency and image
    scanners: package, purl, advisory and aliases, fixes, CWE, CVSS or the database's word."""
    props: dict[str, Any] = {
        "package": name,
        "version": version,
        "ecosystem": ecosystem,
        "purl": purl,
        "advisory": m.id,
        "aliases": list(m.aliases),
        "fixedVersions": list(m.fixed),
        "cwe": list(m.cwes),
    }
    props.update(severity_properties(m))
    return props


def severity_properties(m: Match) -> dict[str, Any]:
    """The best severity data of an advisory and where it came from (``severitySource``):
    a CVSS vector of it or of an alias merged with it (``cvss:CVSS_V3``...), else its
    database's own word (``database_specific.severity``), else its CWE ids or the impact its
    text states (``derivedSeverity``: ``advisories.severity.derived_severity``), else
    ``default`` (the scanner's severity map decides, medium)."""
    from shiftleft.advisories.severity import base_score, derived_severity

    props: dict[str, Any] = {}
    score = base_score(m.severity)
    if m.database_severity:
        props["databaseSeverity"] = m.database_severity.upper()
    if score is not None:
        props["security-severity"] = score.security_severity
        props["cvssVector"] = score.vector
        props["severitySource"] = f"cvss:{score.version}"
    elif m.database_severity:
        props["severitySource"] = "database_specific.severity"
    elif (derived := derived_severity(m.cwes, m.summary, m.details)) is not None:
        props["derivedSeverity"] = derived[0]
        props["severitySource"] = derived[1]
    else:
        props["severitySource"] = "default"
    return props


def _rule(f: VulnerablePackage) -> sarif_om.ReportingDescriptor:
    return advisory_rule(f.match, f.package.name, "dependency")


def advisory_rule(m: Match, package_name: str, kind_tag: str) -> sarif_om.ReportingDescriptor:
    """The SARIF rule for one advisory, shared by the dependency and image scanners so an
    advisory reads the same wherever it was matched."""
    from shiftleft.advisories.severity import base_score

    short = m.summary or f"{m.id} in {package_name}"
    also = f" (also {', '.join(m.aliases)})" if m.aliases else ""
    props: dict[str, Any] = {"tags": ["security", "vulnerability", kind_tag, *m.cwes]}
    score = base_score(m.severity)
    if score is not None:
        props["security-severity"] = score.security_severity
    return build.rule(
        m.id,
        name=m.id,
        short=short[:1000],
        full=(m.details or short)[:4000],
        help_text=f"{short}{also}. Fix: {fix_text(m.fixed)}. Details: {OSV_VULN_URL}{m.id}",
        help_uri=f"{OSV_VULN_URL}{m.id}",
        properties=props,
    )


def _result(f: VulnerablePackage) -> sarif_om.Result:
    m, p = f.match, f.package
    also = f" ({', '.join(m.aliases)})" if m.aliases else ""
    summary = f": {m.summary}" if m.summary else ""
    text = f"{p.name} {p.version} is affected by {m.id}{also}{summary}. Fix: {fix_text(m.fixed)}."
    locations = [build.location(d.manifest, d.line, logical=d.purl) for d in f.declarations]
    res = build.result(m.id, text, locations, level="warning", properties=finding_properties(f))
    key = "\0".join((p.ecosystem, p.name.lower(), p.version, m.id))
    res.partial_fingerprints = {"dependencyAdvisory/v1": hashlib.sha256(key.encode()).hexdigest()[:32]}
    return res


def not_assessed_notification(n: NotAssessed) -> sarif_om.Notification:
    what = f"{n.package} {n.version}" if n.version else n.package
    return build.notification(
        f"not assessed: {what} ({n.ecosystem}, {n.manifest}:{n.line}): {n.reason}", "warning", build.NOT_ASSESSED
    )


def dependency_run(
    tool_name: str,
    *,
    version: str | None,
    findings: Iterable[VulnerablePackage],
    not_assessed: Iterable[NotAssessed],
    extra_properties: Mapping[str, Any] | None = None,
    information_uri: str | None = "https://osv.dev",
) -> sarif_om.Run:
    """A successful run: results, rules, not-assessed notifications and properties."""
    ordered = sorted(findings, key=lambda f: (f.package.manifest, f.package.line, f.match.id))
    rules: dict[str, sarif_om.ReportingDescriptor] = {}
    for f in ordered:
        rules.setdefault(f.match.id, _rule(f))
    unknown = list(not_assessed)
    run = build.run(
        tool_name,
        version=version,
        rules=rules.values(),
        results=[_result(f) for f in ordered],
        information_uri=information_uri,
        notifications=[not_assessed_notification(n) for n in unknown],
    )
    shiftleft: dict[str, Any] = {"notAssessed": [n.as_dict() for n in unknown]}
    shiftleft.update(extra_properties or {})
    run.properties = {"shiftleft": shiftleft}
    return run
