"""report/fix_first.py: the one order and grouping every writer uses."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from shiftleft.model import Finding, Report
from shiftleft.report import fix_first
from tests.helpers import finding


def dep(package: str, version: str, advisory: str, fixed: list[str], severity: str = "medium", **kw: Any) -> Finding:
    props = {"package": package, "version": version, "ecosystem": "PyPI", "advisory": advisory,
             "aliases": [f"CVE-{advisory}"], "fixedVersions": fixed, **kw}  # fmt: skip
    return replace(finding(severity, category="sca", stage="build", tool="osv", rule_id=advisory,
                           path="requirements.txt"), properties=props, fingerprint=advisory)  # fmt: skip


def test_new_findings_come_before_any_older_one_whatever_the_severity() -> None:
    old_critical = replace(finding("critical", rule_id="A"), baseline_state="unchanged")
    new_low = replace(finding("low", rule_id="B"), baseline_state="new")
    new_high = replace(finding("high", rule_id="C"), baseline_state="new")
    order = fix_first.ordered([old_critical, new_low, new_high])
    assert [f.rule_id for f in order] == ["C", "B", "A"]


def test_then_severity_then_hints_then_fix_availability() -> None:
    plain = finding("high", rule_id="plain", path="a.py")
    secret = finding("high", category="secrets", rule_id="secret", path="z.py")
    exploited = replace(dep("pkg", "1.0", "KEV-1", [], severity="high"), properties={
        "package": "pkg", "version": "1.0", "advisory": "KEV-1", "knownExploited": True})  # fmt: skip
    shipped = finding("high", stage="test", rule_id="image", path="b.py")
    fixable = dep("lib", "1.0", "FIX-1", ["1.1"], severity="high")
    unfixable = dep("lib2", "1.0", "NOFIX-1", [], severity="high")
    critical = finding("critical", rule_id="crit", path="zz.py")
    suppressed = replace(finding("critical", rule_id="quiet"), suppressed=True)
    mixed = [suppressed, unfixable, plain, fixable, shipped, exploited, secret, critical]
    got = [f.rule_id for f in fix_first.ordered(mixed)]
    assert got == ["crit", "secret", "KEV-1", "image", "FIX-1", "plain", "NOFIX-1", "quiet"]
    assert fix_first.hints(exploited).labels == ("known exploited",)
    assert fix_first.hints(fixable).labels == ("fix available",)
    # only where the data says so: no property, no "known exploited"
    assert not fix_first.hints(fixable).known_exploited


def test_upgrade_text_and_package_group_fix() -> None:
    a = dep("flask", "0.12.2", "PYSEC-1", ["0.12.3"])
    b = dep("flask", "0.12.2", "PYSEC-2", ["2.2.5", "2.3.2"])
    c = dep("flask", "0.12.2", "PYSEC-3", ["1.0"])
    none = dep("flask", "0.12.2", "PYSEC-4", [])
    assert fix_first.upgrade_text(a) == "upgrade flask 0.12.2 to 0.12.3 or later"
    assert fix_first.upgrade_text(b) == "upgrade flask 0.12.2 to 2.2.5 or later (also fixed in 2.3.2)"
    groups = fix_first.group_by_rule(fix_first.ordered([a, b, c, none]))
    assert len(groups) == 1  # one package version: one upgrade to do
    g = groups[0]
    assert g.count == 4 and g.rule_name == "flask 0.12.2" and g.rule_id.count("PYSEC-") == 4
    # the highest of the lowest fixes, in the ecosystem's own ordering (2.2.5 > 1.0 > 0.12.3)
    assert g.fix == "Upgrade flask 0.12.2 to 2.2.5 or later: fixes 3 of 4 advisories; 1 have no fixed version."


def test_grouping_counts_by_rule_and_by_file() -> None:
    findings = [
        finding("medium", rule_id="R1", path="a.py", line=1),
        finding("medium", rule_id="R1", path="a.py", line=9),
        finding("high", rule_id="R1", path="b.py", line=3),
        replace(finding("low", rule_id="R2", path="b.py", line=4), baseline_state="new"),
        finding("low", rule_id="R2", path="c.py", line=5, tool="other"),  # another tool: another group
    ]
    groups = fix_first.group_by_rule(fix_first.ordered(findings))
    by_key = {(g.tool, g.rule_id): g for g in groups}
    assert len(groups) == 3
    r1 = by_key[("fake", "R1")]
    assert (r1.count, r1.files, r1.severity, r1.new) == (3, 2, "high", 0)
    assert r1.locations == ("b.py:3", "a.py:1", "a.py:9")  # the group's own fix-first order
    assert groups[0].rule_id == "R2" and groups[0].new == 1  # the group holding a new finding first
    files = {g.path: g for g in fix_first.group_by_file(fix_first.ordered(findings))}
    assert (files["a.py"].count, files["b.py"].count, files["c.py"].count) == (2, 2, 1)
    assert files["b.py"].counts == {"high": 1, "low": 1} and files["b.py"].rules == 2 and files["b.py"].new == 1
    assert next(g.path for g in fix_first.group_by_file(fix_first.ordered(findings))) == "b.py"


def test_results_without_a_file_are_counted_by_url_not_as_a_file() -> None:
    """An imported DAST alert has no path: its group says where by request, never "in 1 file(s)"."""

    def alert(url: str) -> Finding:
        base = finding("medium", tool="import:owasp-zap", rule_id="10038-1", path="", line=0)
        return replace(base, properties={"url": url, "method": "GET"})

    dast = fix_first.group_by_rule([alert("https://a.test/"), alert("https://a.test/login"), alert("https://a.test/")])
    assert (dast[0].count, dast[0].files, dast[0].spread) == (3, 0, "at 2 URL(s)")
    mixed = fix_first.group_by_rule([alert("https://a.test/"), replace(finding("medium", path="a.py"),
                                                                        tool="import:owasp-zap", rule_id="10038-1")])
    assert mixed[0].spread == "in 1 file(s) and at 1 URL(s)"
    assert fix_first.group_by_rule([finding(path="a.py"), finding(path="b.py")])[0].spread == "in 2 file(s)"
    # as read back from SARIF, an imported alert's path is its logical location, the URL
    by_url = [replace(alert(u), path=u) for u in ("https://a.test/", "https://a.test/login")]
    assert fix_first.group_by_rule(by_url)[0].spread == "at 2 URL(s)"


def test_every_group_has_a_fix_and_snippets_come_from_the_log_never_for_secrets(report: Report) -> None:
    plan = fix_first.build(report)
    assert plan.groups and all(g.fix for g in plan.groups)
    assert sum(g.count for g in plan.groups) == len(plan.findings)
    assert any(g.snippet for g in plan.groups)  # bandit/semgrep/checkov carry region snippets
    for g in plan.groups:
        if any(fix_first.about_credential(f) for f in g.findings):
            assert g.snippet == ""
    secrets = [g for g in plan.groups if "secret" in g.hints]
    assert secrets and all(g.fix == fix_first.SECRET_FIX for g in secrets)


def test_snippet_is_the_redacted_log_text_and_is_clipped() -> None:
    f = replace(finding(), fingerprint="fp1")
    long = "\n".join(f"line {i} " + "x" * 200 for i in range(20))
    log = {"runs": [{"tool": {"driver": {"name": "t", "rules": []}}, "results": [
        {"ruleId": "R1", "fingerprints": {"shiftleft/v1": "fp1"},
         "locations": [{"physicalLocation": {"region": {"snippet": {"text": long}}}}]}]}]}  # fmt: skip
    ev = fix_first.evidence_index(log, {"fp1"})
    g = fix_first.group_by_rule([f], ev)[0]
    assert g.snippet.startswith("line 0") and len(g.snippet) <= fix_first.SNIPPET_CHARS
    assert g.snippet.count("\n") < fix_first.SNIPPET_LINES


def test_fix_sentence_from_message_and_cwe_fallback() -> None:
    sql = finding(message="SQL built from input. Use parameterized queries (cursor.execute(sql, params)).")
    assert fix_first.fix_for(sql) == "Use parameterized queries (cursor.execute(sql, params))."
    weak = replace(finding(message="Use of weak MD5 hash for security."), cwe=("CWE-327",))
    assert fix_first.fix_for(weak) == fix_first.CWE_FIX["CWE-327"]  # "Use of" is not advice
    bare = finding(message="something odd", rule_id="R9")
    assert fix_first.fix_for(bare) == "R9"
    text = "Use of assert detected. The enclosed code will be removed when compiling to optimised byte code."
    assert_used = replace(finding(message=text, tool="bandit", rule_id="B101"), cwe=("CWE-703",))
    assert fix_first.fix_for(assert_used) == fix_first.RULE_FIX[("bandit", "B101")]
    other_tool = replace(assert_used, tool="semgrep")
    assert fix_first.fix_for(other_tool) != fix_first.RULE_FIX[("bandit", "B101")]


def test_assembled_reports_are_in_fix_first_order(report: Report) -> None:
    open_findings = [f for f in report.findings if not f.suppressed]
    assert open_findings == fix_first.ordered(open_findings)
