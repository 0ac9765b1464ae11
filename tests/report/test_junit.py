"""junit.xml: structure CI systems read, and XML that stays parseable whatever a scanner said."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from shiftleft.model import ControlResult, FrameworkResult, Report
from shiftleft.report import junit_report


def _suites(report: Report) -> dict[str, ET.Element]:
    root = ET.fromstring(junit_report.render(report).encode())
    assert root.tag == "testsuites"
    return {s.get("name") or "": s for s in root.findall("testsuite")}


def test_structure(report: Report) -> None:
    root = ET.fromstring(junit_report.render(report).encode())
    suites = _suites(report)
    assert list(suites) == ["findings", "soc2: SOC 2 <Trust> Services 2017", "gate", "scanners"]
    soc2 = suites["soc2: SOC 2 <Trust> Services 2017"]
    cases = {c.get("name", "").split(":")[0]: c for c in soc2.findall("testcase")}
    # CC6.1 failed because of a finding: that finding is the failure (findings suite), the
    # control says FAILED in a skip, so one finding is not a failure in every framework
    assert cases["CC6.1"].find("failure") is None
    assert (cases["CC6.1"].find("skipped").get("message") or "").startswith("FAILED: ")  # type: ignore[union-attr]
    assert cases["CC7.1"].find("failure") is None and cases["CC7.1"].find("skipped") is None
    assert (cases["CC8.1"].find("skipped").get("message") or "").startswith("NOT ASSESSED")  # type: ignore[union-attr]
    assert (cases["CC6.8"].find("skipped").get("message") or "").startswith("not applicable")  # type: ignore[union-attr]
    assert (soc2.get("tests"), soc2.get("failures"), soc2.get("skipped")) == ("4", "0", "3")

    gate = suites["gate"]
    rules = gate.findall("testcase")
    assert len(rules) == len(report.gate.rules)
    assert sum(c.find("failure") is not None for c in rules) == sum(not r.passed for r in report.gate.rules)
    props = {p.get("name"): p.get("value") for p in gate.iter("property")}
    assert props["grade"] == report.scorecard.overall.grade

    scanners = suites["scanners"]
    by_name = {c.get("name"): c for c in scanners.findall("testcase")}
    assert set(by_name) == {s.name for s in report.statuses}
    assert by_name["osv"].find("error").get("type") == "timeout"  # type: ignore[union-attr]
    assert by_name["semgrep"].find("error") is None
    total = sum(int(s.get("tests") or 0) for s in suites.values())
    assert root.get("tests") == str(total)
    assert root.get("errors") == "1"


def test_failed_and_missing_scanners_are_errors_not_passes(report: Report) -> None:
    statuses = tuple(
        replace(s, status=status, reason=f"{s.name} {status}")
        for s, status in zip(report.statuses, ["failed", "missing", "not-applicable", "ok"], strict=False)
    )
    cases = {c.get("name"): c for c in _suites(replace(report, statuses=statuses))["scanners"].findall("testcase")}
    kinds = [(c.find("error") is not None, c.find("skipped") is not None) for c in cases.values()]
    assert kinds.count((True, False)) == 2 and kinds.count((False, True)) == 1


def test_control_characters_and_markup_survive_as_text(report: Report) -> None:
    nasty = 'a\x00b\x1b[31mred\x0b <tag> & "quote" \ud800 \ufffe end'
    fw = FrameworkResult("x", "X", "1", (ControlResult("x", "C-1", nasty, "fail", nasty),))
    statuses = (replace(report.statuses[0], status="failed", reason=nasty), *report.statuses[1:])
    hostile = replace(report.findings[0], message=nasty, path=nasty)
    findings = (hostile, *report.findings[1:])
    text = junit_report.render(replace(report, frameworks=(fw,), statuses=statuses, findings=findings))
    root = ET.fromstring(text.encode())  # would raise on any XML 1.0-forbidden character
    finding_case = root.find("testsuite[@name='findings']/testcase")
    assert finding_case is not None and "<tag>" in (finding_case.get("classname") or "")
    assert "<tag>" in (finding_case.find("failure").text or "")  # type: ignore[union-attr]
    case = root.find("testsuite[@name='x: X 1']/testcase")
    assert case is not None
    name = case.get("name") or ""
    assert "<tag> & \"quote\"" in name and "\x00" not in name and "\ufffd" in name
    failure = case.find("failure")
    assert failure is not None and "<tag>" in (failure.text or "")
    assert "<tag>" not in text  # escaped on the wire


def test_no_frameworks_still_has_gate_and_scanners(report: Report) -> None:
    assert list(_suites(replace(report, frameworks=()))) == ["findings", "gate", "scanners"]


def test_one_case_per_finding_classname_is_the_file(report: Report) -> None:
    first = report.findings[-1]
    findings = (*report.findings[:-1], replace(first, suppressed=True, suppression="accepted risk"))
    suite = _suites(replace(report, findings=findings))["findings"]
    cases = suite.findall("testcase")
    assert len(cases) == len(findings)
    assert {c.get("classname") for c in cases} == {f.path for f in findings}
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == len(findings) - 1 == int(suite.get("failures") or 0)
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert len(skipped) == 1 and "accepted risk" in (skipped[0].find("skipped").get("message") or "")  # type: ignore[union-attr]
    # the most urgent first (fix-first order), its failure typed by severity, with a fix line
    top = failures[0].find("failure")
    assert top is not None and top.get("type") == "critical" and "fix: " in (top.text or "")


def test_a_control_failed_without_findings_is_still_a_failure(report: Report) -> None:
    fw = FrameworkResult("x", "X", "1", (ControlResult("x", "C-1", "title", "fail", "policy says no"),))
    case = _suites(replace(report, frameworks=(fw,)))["x: X 1"].find("testcase")
    assert case is not None and case.find("failure") is not None
