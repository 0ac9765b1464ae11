"""SARIF for dependency findings, shared by the osv and pip-audit adapters so both report
the same shape: one result per (package, version, vulnerability) at the declaring lines,
the CVSS base score as ``security-severity`` when the advisory has a vector, and every
not-assessed package both as a warning notification and in ``properties.shiftleft``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import sarif_om

from shiftleft.advisories.audit import Finding, NotAssessed
from shiftleft.advisories.matching import Match
from shiftleft.advisories.severity import base_score
from shiftleft.sarif import build

OSV_VULN_URL = "https://osv.dev/vulnerability/"


def _fix_text(fixed: Iterable[str]) -> str:
    fixes = list(fixed)
    return f"upgrade to {', '.join(fixes)} or later" if fixes else "no fixed version is known"


def finding_properties(f: Finding) -> dict[str, Any]:
    p = f.package
    return advisory_properties(f.match, p.name, p.version, p.ecosystem, p.purl)


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
    score = base_score(m.severity)
    if score is not None:
        props["security-severity"] = score.security_severity
        props["cvssVector"] = score.vector
    if m.database_severity:
        props["databaseSeverity"] = m.database_severity.upper()
    return props


def _rule(f: Finding) -> sarif_om.ReportingDescriptor:
    return advisory_rule(f.match, f.package.name, "dependency")


def advisory_rule(m: Match, package_name: str, kind_tag: str) -> sarif_om.ReportingDescriptor:
    """The SARIF rule for one advisory, shared by the dependency and image scanners so an
    advisory reads the same wherever it was matched."""
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
        help_text=f"{short}{also}. Fix: {_fix_text(m.fixed)}. Details: {OSV_VULN_URL}{m.id}",
        help_uri=f"{OSV_VULN_URL}{m.id}",
        properties=props,
    )


def _result(f: Finding) -> sarif_om.Result:
    m, p = f.match, f.package
    also = f" ({', '.join(m.aliases)})" if m.aliases else ""
    summary = f": {m.summary}" if m.summary else ""
    text = f"{p.name} {p.version} is affected by {m.id}{also}{summary}. Fix: {_fix_text(m.fixed)}."
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
    findings: Iterable[Finding],
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
