"""Reports for the consumer-native formats (GitLab, Code Quality, SonarQube): a finding of
every category, a waived one, hostile text, a scanner that failed; and the checks every
such output must pass (no secret value, nothing a reader would not see)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from shiftleft.model import Finding, Report, ScannerStatus
from tests.helpers import finding, report_of, status

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "gitlab-schemas"
#: a value that must never reach an output: put where a careless writer would copy it from
SECRET = "ghp_uYxix4LQjyYyPdg6kWwJyildB8NLuEFCVgyc"
ANSI = "\x1b[2J\x1b]52;c;Y2xpcGJvYXJk\x07\u202eevil"
HUGE = "A" * 1_100_000
ESCAPING_PATH = "../../etc/passwd"
#: the secret values of examples/vulnerable-app (fake), none of which may be in any output
EXAMPLE_SECRETS = (
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "hunter2-not-a-real-password",
    SECRET,
)


def _f(rule_id: str, *, props: dict[str, Any] | None = None, **kw: Any) -> Finding:
    cwe = kw.pop("cwe", ())
    owasp = kw.pop("owasp", ())
    help_uri = kw.pop("help_uri", None)
    base = finding(rule_id=rule_id, **kw)
    return replace(base, cwe=tuple(cwe), owasp=tuple(owasp), help_uri=help_uri, properties=dict(props or {}))


def findings() -> list[Finding]:
    vuln_props = {
        "package": "requests", "version": "2.19.1", "ecosystem": "PyPI", "purl": "pkg:pypi/requests@2.19.1",
        "advisory": "GHSA-x84v-xcm2-53pg", "aliases": ["CVE-2018-18074"], "fixedVersions": ["2.20.0"],
        "cwe": ["CWE-522"], "snippet": SECRET,
    }  # fmt: skip
    image_props = {
        "package": "openssl", "version": "3.0.11-1", "ecosystem": "Debian:12",
        "purl": "pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12", "advisory": "CVE-2024-0727",
        "aliases": [], "fixedVersions": [], "image": "demo:latest", "path": "/var/lib/dpkg/status",
    }  # fmt: skip
    return [
        _f("shiftleft.python.sql-injection-string-format", tool="semgrep", path="app/db.py", line=9,
           message="SQL built with string formatting", cwe=["CWE-89"], owasp=["A03:2021"],
           help_uri="https://example.org/rules/sqli"),
        _f("B608", tool="bandit", severity="medium", path="app/db.py", line=8, cwe=["CWE-89"]),
        _f("CKV_AWS_20", tool="checkov", category="iac", stage="deploy", path="deploy/main.tf", line=3),
        _f("DL3002", tool="hadolint", category="iac", stage="build", severity="low", path="Dockerfile", line=5),
        _f("zizmor/template-injection", tool="zizmor", category="iac", stage="deploy",
           path=".github/workflows/ci.yml", line=12),
        _f("detect-secrets/github-token", tool="detect-secrets", category="secrets", severity="critical",
           path="app/settings.py", line=14, message="GitHub Token found in app/settings.py at line 14 (redacted).",
           cwe=["CWE-798"], props={"secretType": "GitHub Token", "snippet": SECRET, "secret": SECRET}),
        _f("GHSA-x84v-xcm2-53pg", tool="osv", category="sca", stage="build", severity="medium",
           path="requirements.txt", line=2, message="requests 2.19.1 is affected by GHSA-x84v-xcm2-53pg",
           help_uri="https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg", cwe=["CWE-522"], props=vuln_props),
        _f("CVE-2024-0727", tool="container", category="container", stage="test", severity="low",
           path="Dockerfile", line=1, message="openssl 3.0.11-1 in demo:latest is affected by CVE-2024-0727",
           props=image_props),
        _f("SL-IMG-001", tool="container", category="container", stage="test", severity="high",
           path="image/demo_latest", line=1, message="the image runs as root", props={"image": "demo:latest"}),
        _f("B105", tool="bandit", severity="low", path="app/settings.py", line=10, suppressed=True),
        _f("shiftleft.python.eval", tool="semgrep", path="app/evil.py", line=3, message=ANSI + HUGE),
        _f("shiftleft.python.exec", tool="semgrep", path=ESCAPING_PATH, line=1, message="escaping path"),
    ]  # fmt: skip


def statuses() -> list[ScannerStatus]:
    return [
        status("semgrep"),
        status("bandit", "failed", reason="bandit exited 2: \x1b[31mcrash\x1b[0m"),
        status("checkov", stage="deploy", category="iac"),
        status("hadolint", stage="build", category="iac"),
        status("zizmor", stage="deploy", category="iac"),
        status("detect-secrets", category="secrets"),
        replace(status("osv", stage="build", category="sca"), not_assessed=3),
        status("container", stage="test", category="container"),
        status("cyclonedx", stage="build", category="sbom"),
    ]


def mixed_report() -> Report:
    return report_of(findings(), statuses(), {"stages": ["code", "build", "test", "deploy"]})


def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}-report-format.json").read_text("utf-8"))
    return data


def strings(value: Any) -> list[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def assert_safe(text: str) -> None:
    """No secret value, nor control or bidi character (once JSON is decoded) in an output."""
    from shiftleft.safe_text import is_visible

    for secret in EXAMPLE_SECRETS:
        assert secret not in text
        assert secret[4:24] not in text  # nor a recognisable part of one
    for s in strings(json.loads(text)):
        # the one invisible character allowed: the joiner that breaks an @mention in Markdown
        assert is_visible(s.replace("@\u200d", "@"), multiline=True), repr(s[:80])
