"""junit.xml: the scan as test results, for CI systems that show JUnit (GitLab, Jenkins,
Azure DevOps, CircleCI) next to the unit tests of the change.

Suites, in order:

- ``findings``: **one testcase per finding**, fix-first order (``report.fix_first``), with
  ``classname`` the file (so a CI tests tab groups them by file) and ``name`` the rule and
  line; an open finding is a ``<failure>`` (type: its severity), a suppressed one
  ``<skipped>`` with its justification. A finding counts as one failure, once.
- one suite per compliance framework (a testcase per control). A control that failed
  *because of findings* is ``<skipped message="FAILED: ...">`` naming how many findings
  it rests on: those findings are already the failures of the ``findings`` suite, and one
  finding must not count as a failure in six frameworks (a secret fails SOC 2, ISO 27001,
  PCI DSS, NIST SSDF, OWASP and CIS controls at once). The control is still visibly
  FAILED, never passed. A control that failed with no finding as evidence stays a
  ``<failure>`` (nothing else counts it). Not assessed / not applicable: ``<skipped>``
  with the reason, as before.
- ``gate``: a testcase per rule, ``<failure>`` when it failed: the verdict.
- ``scanners``: a testcase per scanner, ``<error>`` when it failed, was missing or timed
  out: its checks were not assessed, which must never look like a pass.

ElementTree escapes ``<``, ``&`` and quotes, but happily writes characters XML 1.0 forbids
(most C0 controls, lone surrogates, U+FFFE/U+FFFF), which makes the whole file unparseable;
every string is cleaned of those first, after control, bidi and invisible characters are
made visible (``safe_text.visible``: ``\x1b``, ``<U+202E>``) as in every report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from shiftleft.model import NOT_ASSESSED_STATUSES, FrameworkResult, Report, ScanStatus
from shiftleft.report import fix_first
from shiftleft.safe_text import visible

#: characters that may not appear in an XML 1.0 document, even escaped
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FAILED_STATES = NOT_ASSESSED_STATUSES


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can hold: controls and bidi characters escaped visibly,
    the remaining forbidden characters (U+FFFE, U+FFFF) U+FFFD."""
    return _XML_INVALID.sub("\ufffd", visible(value, multiline=True))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text:
        child.text = xml_text(text)
    return child


class _Suite:
    """One ``<testsuite>`` and its counters (JUnit readers trust the attributes)."""

    def __init__(self, root: ET.Element, name: str, timestamp: str | None) -> None:
        attrs = {"name": name}
        if timestamp:
            attrs["timestamp"] = timestamp
        self.element = _element(root, "testsuite", **attrs)
        self.tests = self.failures = self.errors = self.skipped = 0
        self.time = 0.0

    def case(self, classname: str, name: str, seconds: float = 0.0) -> ET.Element:
        self.tests += 1
        self.time += seconds
        return _element(self.element, "testcase", classname=classname, name=name, time=f"{seconds:.3f}")

    def failure(self, case: ET.Element, message: str, text: str = "", kind: str = "failure") -> None:
        self.failures += 1
        _element(case, "failure", text or message, message=message, type=kind)

    def error(self, case: ET.Element, message: str, text: str = "", kind: str = "error") -> None:
        self.errors += 1
        _element(case, "error", text or message, message=message, type=kind)

    def skip(self, case: ET.Element, message: str) -> None:
        self.skipped += 1
        _element(case, "skipped", message=message)

    def close(self) -> None:
        for key in ("tests", "failures", "errors", "skipped"):
            self.element.set(key, str(getattr(self, key)))
        self.element.set("time", f"{self.time:.3f}")


def _framework_suite(root: ET.Element, fw: FrameworkResult, timestamp: str | None) -> _Suite:
    suite = _Suite(root, f"{fw.id}: {fw.name} {fw.version}".strip(), timestamp)
    for control in fw.controls:
        case = suite.case(f"shiftleft.compliance.{fw.id}", f"{control.control_id}: {control.title}")
        if control.state == "fail" and control.findings:
            count = len(control.findings)
            suite.skip(case, f"FAILED: {control.reason} ({count} finding(s), counted once each in the findings suite)")
        elif control.state == "fail":
            suite.failure(case, control.reason, control.reason, "control-failed")
        elif control.state == "not-assessed":
            scanners = f" (scanners: {', '.join(control.scanners)})" if control.scanners else ""
            suite.skip(case, f"NOT ASSESSED: {control.reason}{scanners}")
        elif control.state == "not-applicable":
            suite.skip(case, f"not applicable: {control.reason}")
    return suite


def _findings_suite(root: ET.Element, report: Report, timestamp: str | None) -> _Suite:
    suite = _Suite(root, "findings", timestamp)
    suppressed = [f for f in report.findings if f.suppressed]
    for f in [*fix_first.open_findings(report), *suppressed]:
        where = f" line {f.line}" if f.line else ""
        case = suite.case(f.path or "(no location)", f"{f.tool} {f.rule_id}{where}")
        if f.suppressed:
            suite.skip(case, f"suppressed: {f.suppression or 'no justification recorded'}")
            continue
        labels = fix_first.hints(f).labels
        tags = f" [{', '.join(labels)}]" if labels else ""
        text = "\n".join((
            f"{f.severity} {f.tool} {f.rule_id} at {fix_first.location(f)}{tags}", f.message,
            f"fix: {fix_first.fix_for(f)}", f"fingerprint: {f.fingerprint}" if f.fingerprint else "",
        )).strip()  # fmt: skip
        suite.failure(case, f"{f.severity}: {f.message[:300]}", text, f.severity)
    return suite


def to_element(report: Report) -> ET.Element:
    timestamp = report.meta.get("startTime")
    root = ET.Element("testsuites", {"name": "shiftleft"})
    suites = [_findings_suite(root, report, timestamp)]
    suites += [_framework_suite(root, fw, timestamp) for fw in report.frameworks]

    gate = _Suite(root, "gate", timestamp)
    props = _element(gate.element, "properties")
    overall = report.scorecard.overall
    for name, value in (
        ("grade", overall.grade), ("score", "—" if overall.score is None else f"{overall.score:g}"),
        ("coverage", f"{overall.coverage:.3f}"), ("verdict", report.gate.verdict.value),
        ("exitCode", report.gate.exit_code),
    ):  # fmt: skip
        _element(props, "property", name=name, value=value)
    for rule in report.gate.rules:
        case = gate.case("shiftleft.policy.gate", f"{rule.id}: {rule.description}")
        if not rule.passed:
            gate.failure(case, rule.detail, kind=f"gate-{rule.kind}")
    suites.append(gate)

    scanners = _Suite(root, "scanners", timestamp)
    for s in report.statuses:
        case = scanners.case(f"shiftleft.scanners.{s.stage}", s.name, s.seconds)
        if s.status in FAILED_STATES:
            why = s.reason or "no reason given"
            scanners.error(case, f"NOT ASSESSED: {s.name} {s.status}: {why}", kind=s.status)
        elif s.status is not ScanStatus.OK:
            scanners.skip(case, f"{s.status}: {s.reason or ''}".rstrip(": "))
        else:
            _element(case, "system-out", f"{s.name} {s.version or ''} ran: {s.results} result(s)")
    suites.append(scanners)

    for suite in suites:
        suite.close()
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(getattr(s, key) for s in suites)))
    root.set("time", f"{sum(s.time for s in suites):.3f}")
    return root


def render(report: Report) -> str:
    root = to_element(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), "utf-8")
    return path
