"""INDEX.md and index.html of an audit bundle: what an auditor reads first, without shiftleft.

Both are rendered from one view (plain data built by ``shiftleft.audit`` from the redacted
Report and the bundle's own members) through the report templates' environments: the Markdown
one escapes every value (``markdown_report.escape``), the HTML one autoescapes. Nothing here
reads a file: what the index says is what the other members hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shiftleft.policy.model import Control, Selector

MARKDOWN_TEMPLATE = "audit-index.md.j2"
HTML_TEMPLATE = "audit-index.html.j2"
INDEX_MD = "INDEX.md"
INDEX_HTML = "index.html"
#: findings listed per control in the index (every one is in evidence/<framework>.json)
MAX_FINDINGS_PER_CONTROL = 20

#: what each member proves, by name or by prefix (first match wins)
PROVES: tuple[tuple[str, str], ...] = (
    ("manifest.json", "sha256 and size of every other member, the scan identity (SARIF sha256, commit, start time) "
     "and whether the bundle is signed: with the zip's sha256 recorded at export, that nothing was changed"),
    (INDEX_MD, "this index (derived from the other members; it proves nothing by itself)"),
    (INDEX_HTML, "this index as a web page (derived from the other members)"),
    ("scan.json", "what was scanned and when: target, stages, start and end, commit and dirty tree, gate verdict, "
     "score"),
    ("sarif/", "every result of every scanner run (SARIF 2.1.0), with suppressions and each run's invocation: "
     "the raw evidence every other file is derived from"),
    ("scorecard/", "the scorecard as the scan's own reports showed it"),
    ("evidence/scanners.json", "which scanners ran, their versions, start and end, success, and whether they "
     "assessed their stage (a scanner that did not is 'not assessed', never clean)"),
    ("evidence/", "per control of one framework: its state, the findings that decided it, the scanner runs it "
     "depends on"),
    ("frameworks/", "the control definitions and selectors that mapped findings to controls"),
    ("inputs/config/", "the configuration the scan ran with"),
    ("inputs/policy/", "a gate or framework file the scan judged with"),
    ("inputs/waivers/", "the waiver file: who accepted which finding, why, until when"),
    ("inputs/baseline/", "the baseline log that decided which findings were new"),
    ("inputs/import/", "a report file of a tool shiftleft did not run (--import, imports:), entered into the "
     "scan as that tool's results"),
    ("artifacts/sbom/", "the software bill of materials the build stage produced"),
    ("artifacts/", "an artifact a scanner run produced"),
    ("attestations/vulns-", "in-toto vulns statement (DSSE): one scanner's results with severities about the "
     "subject, the scanner's version and digests, the advisory database's last update"),
    ("attestations/test-result-", "in-toto test-result statement (DSSE): the gate's verdict and the rules "
     "that passed and failed"),
    ("attestations/verification-summary", "SLSA verification summary (DSSE): the policy decision and the "
     "controls that passed"),
    ("attestations/", "an in-toto statement (DSSE) about the subject"),
)


def proves(name: str) -> str:
    if "oscal" in name.lower():
        return "NIST OSCAL Assessment Results of the scan, the form a GRC tool imports"
    for key, text in PROVES:
        if name == key or name.startswith(key):
            return text
    return "a report of the scan"


def selector_text(selector: Selector) -> str:
    """One selector as its YAML keys read: every key must match, any listed value may."""
    parts: list[str] = []
    for label, value in (
        ("category", sorted(selector.categories)), ("cwe", sorted(selector.cwes)), ("owasp", sorted(selector.owasp)),
        ("rule", list(selector.rules)), ("not rule", list(selector.exclude_rules)), ("path", list(selector.paths)),
        ("severity", sorted(selector.severities)), ("stage", sorted(selector.stages)), ("tool", sorted(selector.tools)),
    ):  # fmt: skip
        if value:
            parts.append(f"{label}: {', '.join(value)}")
    if selector.min_severity:
        parts.append(f"severity at least {selector.min_severity}")
    return "; ".join(parts) or "every finding"


def requirement_text(control: Control) -> str:
    req = control.requires
    parts = [f"scanner {' or '.join(group)}" for group in req.scanners]
    parts += [f"every applicable {c} scanner" for c in req.categories]
    parts += [f"every applicable scanner of stage {s}" for s in req.stages]
    parts += [f"{name} assessed {' or '.join(kinds)}" for name, kinds in req.evidence]
    if req.applicable_if:
        parts.append(f"applicable only where {' or '.join(req.applicable_if)} applies")
    return "; ".join(parts) or "nothing named"


def render_markdown(view: Mapping[str, Any]) -> str:
    from shiftleft.report import markdown_report

    return markdown_report.environment().get_template(MARKDOWN_TEMPLATE).render(view=view, cap=MAX_FINDINGS_PER_CONTROL)


def render_html(view: Mapping[str, Any]) -> str:
    from shiftleft.report import html_report

    return html_report.environment().get_template(HTML_TEMPLATE).render(view=view, cap=MAX_FINDINGS_PER_CONTROL)


__all__ = [
    "INDEX_HTML",
    "INDEX_MD",
    "MAX_FINDINGS_PER_CONTROL",
    "proves",
    "render_html",
    "render_markdown",
    "requirement_text",
    "selector_text",
]
