"""GitLab security reports: ``gl-sast-report.json``, ``gl-secret-detection-report.json``,
``gl-dependency-scanning-report.json`` and ``gl-container-scanning-report.json``, in the
format of GitLab's security report schemas, version 15.2.1 (the copy GitLab validates
uploads against is in tests/fixtures/gitlab-schemas/, and every report is checked against it).

Which finding goes where (``kind_of``), as GitLab's own analyzers do:

- SAST: the code scanners (semgrep, bandit), and infrastructure as code (checkov, hadolint,
  zizmor): GitLab's IaC scanning writes the SAST format, uploaded as ``reports:sast``;
  image *configuration* findings (no package: root user, secrets in ENV...) too, since the
  container scanning format has room only for a vulnerable package;
- secret detection: the secrets engine (location with the scanned commit, never the value);
- dependency scanning: advisories matched on a manifest's packages (osv, pip-audit);
- container scanning: advisories matched on an image's packages.

``scan.status`` is ``success`` only when every scanner of the report's kind that applied
gave its answer and at least one ran (or had nothing to judge; the image scanner counts for
SAST too, whose image configuration findings it makes): a scanner that failed, was
missing or timed out makes it ``failure``, with a ``fatal`` message naming it and why; a
report whose kind no scanner covered in this scan (its stage not run, its scanner
disabled) is a ``failure`` too, never an empty success. Items a scanner could not judge
(packages with no advisory data) are a ``warn`` message. Waived and suppressed findings are
left out (GitLab's format has no "accepted" state), with an ``info`` message counting them;
they stay in shiftleft.sarif with their justification.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shiftleft.model import Finding, Report, ScannerStatus, ScanStatus
from shiftleft.report import native
from shiftleft.report.markdown_report import escape as markdown_escape
from shiftleft.safe_text import one_line

SCHEMA_VERSION = "15.2.1"
#: GitLab's limits (schema maxLength) and ours (a description cut before escaping)
NAME_MAX = 255
SOLUTION_MAX = 7000
DESCRIPTION_RAW_MAX = 20_000
MESSAGE_MAX = 2000
#: identifiers kept per vulnerability (GitLab's ingestion keeps no more), the primary first
MAX_IDENTIFIERS = 20
#: the commit GitLab's own secret detection writes when it scans a tree, not a history
NO_COMMIT = "0000000"

SEVERITY = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "Info"}


class Kind(enum.Enum):
    """One GitLab security report: (scan type, file name, what it is called in text)."""

    SAST = ("sast", "gl-sast-report.json", "SAST")
    SECRETS = ("secret_detection", "gl-secret-detection-report.json", "secret detection")
    DEPENDENCIES = ("dependency_scanning", "gl-dependency-scanning-report.json", "dependency scanning")
    CONTAINER = ("container_scanning", "gl-container-scanning-report.json", "container scanning")

    @property
    def scan_type(self) -> str:
        return self.value[0]

    @property
    def file_name(self) -> str:
        return self.value[1]

    @property
    def title(self) -> str:
        return self.value[2]


#: scanner category -> the reports whose findings it gives (so whose status it decides): a
#: category not named (an imported tool's) is SAST's; the image scanner gives package
#: advisories (container scanning) and configuration findings (SAST); the SBOM writer none
CATEGORY_KINDS: dict[str, tuple[Kind, ...]] = {
    "sast": (Kind.SAST,),
    "iac": (Kind.SAST,),
    "secrets": (Kind.SECRETS,),
    "sca": (Kind.DEPENDENCIES,),
    "container": (Kind.CONTAINER, Kind.SAST),
    "sbom": (),
    "all": (),
}


def kind_of(f: Finding) -> Kind:
    if f.category == "secrets":
        return Kind.SECRETS
    if f.category == "sca":
        return Kind.DEPENDENCIES
    if f.category == "container" and native.prop_text(f, "package"):
        return Kind.CONTAINER
    return Kind.SAST


def status_kinds(s: ScannerStatus) -> tuple[Kind, ...]:
    return CATEGORY_KINDS.get(s.category, (Kind.SAST,))


# --- one vulnerability ------------------------------------------------------------------


def identifiers(f: Finding) -> list[dict[str, str]]:
    """The primary identifier first (what GitLab tracks a vulnerability by across
    pipelines): the advisory for a package finding, else the tool's rule; then aliases,
    the rule, CWEs and OWASP categories."""
    out: list[dict[str, str]] = []

    def add(kind: str, name: str, value: str, url: str | None = None) -> None:
        if value and all((i["type"], i["value"]) != (kind, value) for i in out):
            item = {"type": kind, "name": one_line(name, 255), "value": one_line(value, 255)}
            if url:
                item["url"] = url
            out.append(item)

    for advisory in native.advisory_ids(f) if kind_of(f) in (Kind.DEPENDENCIES, Kind.CONTAINER) else []:
        upper = advisory.upper()
        kind = "cve" if upper.startswith("CVE-") else "ghsa" if upper.startswith("GHSA-") else "osv"
        add(kind, advisory, advisory, native.http_url(f.help_uri) if advisory == f.rule_id else None)
    rule = f.rule_id or "unknown-rule"
    add(native.identifier_type(f.tool or "tool"), f"{f.tool} {rule}".strip(), rule, native.http_url(f.help_uri))
    for number in native.cwe_numbers(f):
        add("cwe", f"CWE-{number}", number, f"https://cwe.mitre.org/data/definitions/{number}.html")
    for category in f.owasp[: native.MAX_ALIASES]:
        if isinstance(category, str) and category.strip():
            add("owasp", f"OWASP {category.strip()}", category.strip())
    return out[:MAX_IDENTIFIERS]


def description(f: Finding, file: str | None) -> str:
    """The message as inert Markdown (GitLab renders it: a repository's text must not
    become links, images or mentions), saying where the finding is when that is not a
    repository file."""
    body = markdown_escape(native.text(f.message or f.rule_name, DESCRIPTION_RAW_MAX, multiline=True))
    if file is None and kind_of(f) is not Kind.CONTAINER:
        body += f" (location: {markdown_escape(native.where(f))})"
    return body


def solution(f: Finding) -> str | None:
    """How to fix a package finding, as inert Markdown (a lockfile names the package)."""
    fixes = native.fixed_versions(f)
    package = native.prop_text(f, "package")
    if package and fixes:
        text = markdown_escape(f"Upgrade {package} to {', '.join(fixes)} or later.")
        return text if len(text) <= SOLUTION_MAX else text[: SOLUTION_MAX - 1] + "…"
    if package:
        return "No fixed version is known."
    return None


def location(f: Finding, kind: Kind, commit: str) -> dict[str, Any]:
    file = native.repo_file(f)
    loc: dict[str, Any] = {}
    if kind in (Kind.SAST, Kind.SECRETS):
        if file:
            loc["file"] = file
            if f.line > 0:
                loc["start_line"] = f.line
                loc["end_line"] = f.line
        if kind is Kind.SECRETS:
            loc["commit"] = {"sha": commit}
        return loc
    dependency = {
        "package": {"name": native.prop_text(f, "package") or "unknown"},
        "version": native.prop_text(f, "version") or "",
    }
    if kind is Kind.DEPENDENCIES:
        return {"file": file or "unknown", "dependency": dependency}
    image = native.prop_text(f, "image", 255) or one_line(f.path, 255) or "unknown"
    return {"dependency": dependency, "operating_system": operating_system(f), "image": image}


def operating_system(f: Finding) -> str:
    """The distribution an image package came from: the purl's ``distro`` qualifier
    (``debian-12``), else an OS ecosystem (``Debian:12``), else ``unknown``."""
    purl = native.prop_text(f, "purl", 500) or ""
    for part in purl.partition("?")[2].split("&"):
        key, _, value = part.partition("=")
        if key == "distro" and value:
            return one_line(value, 100)
    ecosystem = native.prop_text(f, "ecosystem", 100) or ""
    return ecosystem if ":" in ecosystem else "unknown"


def vulnerability(f: Finding, kind: Kind, commit: str) -> dict[str, Any]:
    file = native.repo_file(f)
    vuln: dict[str, Any] = {
        "id": native.stable_id(f),
        "name": one_line(f.rule_name or f.rule_id or "finding", NAME_MAX),
        "description": description(f, file),
        "severity": SEVERITY.get(f.severity, "Unknown"),
        "identifiers": identifiers(f),
        "location": location(f, kind, commit),
    }
    fix = solution(f)
    if fix:
        vuln["solution"] = fix
    url = native.http_url(f.help_uri)
    if url:
        vuln["links"] = [{"name": "rule documentation", "url": url}]
    return vuln


# --- the report -------------------------------------------------------------------------


def _message(level: str, value: str) -> dict[str, str]:
    return {"level": level, "value": one_line(value, MESSAGE_MAX)}


def messages(kind: Kind, statuses: list[ScannerStatus], waived: int) -> list[dict[str, str]]:
    """What GitLab shows about the scan: scanners not assessed (``fatal``: the report is a
    failure), items not assessed (``warn``), scanners with nothing to do, and the waived."""
    out = [_message("fatal", native.status_line(s)) for s in native.not_assessed(statuses)]
    if not any(s.status in (ScanStatus.OK, ScanStatus.NOT_APPLICABLE) or s.not_assessed_run for s in statuses):
        out.append(
            _message(
                "fatal",
                f"NOT ASSESSED: no {kind.title} scanner ran in this scan: no vulnerability listed here "
                "means nothing was checked, not that nothing was found",
            )
        )
    for s in statuses:
        if s.status is ScanStatus.OK and s.not_assessed:
            out.append(
                _message(
                    "warn",
                    f"{s.name} ({s.stage}): {s.not_assessed} item(s) could not be assessed "
                    "(not assessed, listed in shiftleft.sarif)",
                )
            )
        elif not s.applicable:
            out.append(_message("info", f"{s.name} ({s.stage}) {s.status}" + (f": {s.reason}" if s.reason else "")))
    if waived:
        out.append(
            _message(
                "info",
                f"{waived} waived or suppressed finding(s) not listed; "
                "shiftleft.sarif keeps them with their justification",
            )
        )
    return out


def commit_of(report: Report) -> str:
    from shiftleft.gitinfo import from_meta

    return from_meta(report.meta.get("git")).commit or NO_COMMIT


def document(report: Report, kind: Kind) -> dict[str, Any]:
    """The GitLab security report of one kind, as a JSON-ready dict."""
    findings = [f for f in report.findings if kind_of(f) is kind]
    shown = list(native.shown_findings(findings))
    statuses = [s for s in report.statuses if kind in status_kinds(s)]
    msgs = messages(kind, statuses, len(findings) - len(shown))
    failed = any(m["level"] == "fatal" for m in msgs)
    version = native.version(report)
    vendor = {"name": native.ANALYZER}
    commit = commit_of(report)
    scan: dict[str, Any] = {
        "analyzer": {"id": native.ANALYZER, "name": native.ANALYZER, "version": version, "vendor": vendor},
        "scanner": {
            "id": f"{native.ANALYZER}-{kind.scan_type}",
            "vendor": vendor,
            "version": version,
            "name": one_line(f"shiftleft ({native.ran(statuses)})", 255),
        },
        "type": kind.scan_type,
        "start_time": native.scan_time(report, "startTime"),
        "end_time": native.scan_time(report, "endTime"),
        "status": "failure" if failed else "success",
        "messages": msgs,
    }
    return {
        "version": SCHEMA_VERSION,
        "scan": scan,
        "vulnerabilities": [vulnerability(f, kind, commit) for f in shown],
    }


def render(report: Report, kind: Kind) -> str:
    return json.dumps(document(report, kind), indent=2, ensure_ascii=False) + "\n"


def _writer(kind: Kind) -> Callable[[Report, Path], Path]:
    def write(report: Report, path: Path) -> Path:
        path.write_text(render(report, kind), "utf-8")
        return path

    write.__name__ = f"write_{kind.name.lower()}"
    write.__doc__ = f"Write GitLab's {kind.title} report ({kind.file_name}) to ``path``."
    return write


write_sast = _writer(Kind.SAST)
write_secrets = _writer(Kind.SECRETS)
write_dependencies = _writer(Kind.DEPENDENCIES)
write_container = _writer(Kind.CONTAINER)
