"""SARIF imports through the whole scan: real tools' logs (tests/fixtures/imports, made by
bandit, semgrep and checkov), a hand-made log with absolute URIs and no fingerprints, and
imports that must be NOT ASSESSED (malformed, empty, not 2.1.0, failed, stale)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import jsonschema
import pytest

from shiftleft.config import ImportConfig
from shiftleft.errors import EXIT_PASS
from shiftleft.findings import iter_findings
from shiftleft.model import ScanStatus
from shiftleft.report.scorecard_json import to_json
from shiftleft.sarif import om, profiles
from tests.imports.builders import FIXTURES, now_iso, project, result, scan_imports, statuses, tool_run, write_log

FRESH = 36_500  # the committed fixtures' own dates must not make these tests stale one day


def _fixture(name: str, **kw: object) -> ImportConfig:
    return ImportConfig(str(FIXTURES / name), max_age_days=FRESH, **kw)  # type: ignore[arg-type]


def test_real_tool_logs_each_become_a_scanner_of_their_stage(tmp_path: Path) -> None:
    root = project(tmp_path)
    scanned = scan_imports(root, _fixture("bandit.sarif"), _fixture("semgrep.sarif"), _fixture("checkov.sarif"))
    found = statuses(scanned)
    assert {n: (s.stage, s.category, s.status) for n, s in found.items()} == {
        "import:bandit": ("code", "sast", ScanStatus.OK),
        "import:semgrep-oss": ("code", "sast", ScanStatus.OK),
        "import:checkov": ("deploy", "iac", ScanStatus.OK),
    }
    by_tool: dict[str, list[object]] = {}
    for f in scanned.report.findings:
        by_tool.setdefault(f.tool, []).append(f)
    # semgrep's two results are bandit's B602 / B301 problems (same line, same CWE): deduplicated
    assert len(by_tool["import:checkov"]) == 8 and len(by_tool["import:bandit"]) == 4
    assert "import:semgrep-oss" not in by_tool
    b602 = next(f for f in scanned.report.findings if f.rule_id == "B602")
    assert (b602.path, b602.line, b602.severity, b602.stage) == ("app/app.py", 6, "high", "code")
    assert {"CWE-78"} <= set(b602.cwe)  # from semgrep's folded result, and bandit's own tags
    assert all(f.fingerprint and f.path for f in scanned.report.findings)
    # provenance: the file's sha256 and the producing tool in the log, scorecard.json and the runs
    meta = {m["scanner"]: m for m in to_json(scanned.report)["scan"]["imports"]}
    bandit_bytes = (FIXTURES / "bandit.sarif").read_bytes()
    assert meta["import:bandit"]["sha256"] == hashlib.sha256(bandit_bytes).hexdigest()
    assert (meta["import:bandit"]["tool"], meta["import:bandit"]["version"]) == ("Bandit", "1.9.4")
    assert meta["import:bandit"]["reportTimeFrom"] == "run" and meta["import:checkov"]["reportTimeFrom"] == "file mtime"
    runs = {r["properties"]["shiftleft"]["scanner"]: r for r in scanned.report.sarif["runs"]}
    assert runs["import:checkov"]["properties"]["shiftleft"]["import"]["sha256"] == meta["import:checkov"]["sha256"]
    assert runs["import:checkov"]["automationDetails"]["id"] == "shiftleft/deploy/import:checkov/"
    assert list(jsonschema.Draft4Validator(om.sarif_schema()).iter_errors(scanned.report.sarif)) == []


def test_stage_and_category_overrides(tmp_path: Path) -> None:
    root = project(tmp_path)
    scanned = scan_imports(root, _fixture("checkov.sarif", stage="build"), _fixture("bandit.sarif", category="secrets"))
    found = statuses(scanned)
    assert (found["import:checkov"].stage, found["import:checkov"].category) == ("build", "iac")
    assert (found["import:bandit"].stage, found["import:bandit"].category) == ("code", "secrets")


def _hand_made(root: Path) -> dict[str, object]:
    """A log the way many tools write one: absolute URIs, no fingerprints, rules in a
    CodeQL-like extension, CWE as taxa and relationships, severity as GitHub's property."""
    src = root / "app" / "app.py"
    rules = [{"id": "py/cmd", "properties": {"security-severity": "9.1"},
              "relationships": [{"target": {"id": "78", "toolComponent": {"name": "CWE"}}}]}]  # fmt: skip
    results = [
        result("py/cmd", src.as_uri(), 6, "command built from input", rule={"id": "py/cmd", "index": 0,
                                                                            "toolComponent": {"index": 0}}),
        result("py/pickle", str(root / "app" / "app.py"), 10, "unpickling", level="warning",
               taxa=[{"id": "502", "toolComponent": {"name": "CWE"}}]),
        result("py/base", "app.py", 1, "based", rank=95.0),
        result("py/out", "/etc/passwd", 1, "outside the root", level="error"),
        result("py/up", "../../outside.py", 3, "climbs out", level="note"),
        result("py/web", "https://example.test/x.js", 3, "a URL", level="note"),
    ]
    results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] = "SRC"
    run = tool_run("Hand Made", results, [], originalUriBaseIds={"SRC": {"uri": (root / "app").as_uri() + "/"}})
    run["tool"]["extensions"] = [{"name": "pack", "rules": rules}]
    return run


def test_hand_made_log_absolute_uris_outside_root_and_computed_fingerprints(tmp_path: Path) -> None:
    root = project(tmp_path)
    log = write_log(tmp_path / "hand.sarif", [_hand_made(root)])
    first = scan_imports(root, log)
    found = {f.rule_id: f for f in first.report.findings}
    assert (found["py/cmd"].path, found["py/cmd"].line) == ("app/app.py", 6)
    assert (found["py/pickle"].path, found["py/pickle"].line) == ("app/app.py", 10)
    assert (found["py/base"].path, found["py/base"].line) == ("app/app.py", 1)
    assert found["py/cmd"].severity == "critical" and found["py/cmd"].cwe == ("CWE-78",)  # rule's security-severity
    assert found["py/pickle"].severity == "medium" and found["py/pickle"].cwe == ("CWE-502",)
    assert found["py/base"].severity == "critical"  # rank 95 / 10 = 9.5, no level
    for rule in ("py/out", "py/up", "py/web"):  # never a file location, marked, kept
        assert found[rule].properties["outsideRoot"] is True
        assert found[rule].line == 0 and not found[rule].path.startswith("app/")
    sarif = json.dumps(first.report.sarif)
    assert '"uri": "/etc/passwd"' not in sarif and "file://" + str(root / "app") not in sarif.replace("%SRCROOT%", "")
    assert all(f.fingerprint for f in first.report.findings)
    assert list(jsonschema.Draft4Validator(om.sarif_schema()).iter_errors(first.report.sarif)) == []
    again = scan_imports(root, log, out=tmp_path / "out2")
    assert sorted(f.fingerprint for f in again.report.findings) == sorted(f.fingerprint for f in first.report.findings)
    for res in (r for run in first.report.sarif["runs"] for r in run.get("results") or []):
        assert "primaryLocationLineHash" in res["partialFingerprints"]


def test_github_profile_leaves_out_results_without_a_file_and_says_so(tmp_path: Path) -> None:
    root = project(tmp_path)
    scanned = scan_imports(root, write_log(tmp_path / "hand.sarif", [_hand_made(root)]))
    shaped = profiles.apply(scanned.report.sarif, "github")
    kept = [f.rule_id for f in iter_findings(shaped.log)]
    assert sorted(kept) == ["py/base", "py/cmd", "py/pickle"]
    assert shaped.cut and any("GitHub code scanning" in c and "3 result(s)" in c for c in shaped.changes)
    orchestrator = shaped.log["runs"][-1]
    assert orchestrator["properties"]["shiftleft"]["sarifProfile"]["changes"] == list(shaped.changes)
    for other in ("azure", "defectdojo"):  # kept everywhere else
        assert len(list(iter_findings(profiles.apply(scanned.report.sarif, other).log))) == 6


def _failed(tmp_path: Path, name: str, content: str | bytes) -> tuple[ScanStatus, str, int]:
    root = tmp_path / name
    root.mkdir()
    path = tmp_path / f"{name}.sarif"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    scanned = scan_imports(root, path)
    (status,) = scanned.report.statuses
    return status.status, status.reason or "", scanned.report.gate.exit_code


@pytest.mark.parametrize(("name", "content", "why"), [
    ("garbage", "not json at all", "not valid JSON"),
    ("empty-runs", '{"version": "2.1.0", "runs": []}', "an empty log is not a clean one"),
    ("empty-file", "", "not valid JSON"),
    ("old-version", '{"version": "2.0.0", "runs": [{"tool": {"driver": {"name": "x"}}}]}', "not a SARIF 2.1.0 log"),
    ("no-driver", '{"version": "2.1.0", "runs": [{"tool": {}}]}', "no tool.driver.name"),
    ("top-list", "[1, 2]", "top level is not an object"),
    ("not-utf8", b"\xff\xfe{}", "not UTF-8"),
])  # fmt: skip
def test_unusable_file_is_a_failed_scanner_and_the_gate_does_not_pass(tmp_path: Path, name: str, content: str,
                                                                       why: str) -> None:  # fmt: skip
    status, reason, code = _failed(tmp_path, name, content)
    assert status is ScanStatus.FAILED and why in reason
    assert code != EXIT_PASS


def test_missing_file_is_missing_not_clean(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    scanned = scan_imports(root, tmp_path / "nowhere.sarif")
    (status,) = scanned.report.statuses
    assert (status.name, status.status) == ("import:nowhere", ScanStatus.MISSING)
    assert scanned.report.gate.exit_code != EXIT_PASS


def test_run_that_reports_failure_is_failed_and_keeps_its_results(tmp_path: Path) -> None:
    root = project(tmp_path)
    failed = tool_run("Crashy", [result("r1", "app/app.py", 6)])
    failed["invocations"][0]["executionSuccessful"] = False
    noted = tool_run("Noted", [result("r2", "app/app.py", 10)])
    noted["invocations"][0]["toolExecutionNotifications"] = [{"level": "error", "message": {"text": "parser died"}}]
    fine = tool_run("Fine", [])
    scanned = scan_imports(root, write_log(tmp_path / "mixed.sarif", [failed, noted, fine]))
    found = statuses(scanned)
    crashy = found["import:crashy"]
    assert crashy.status is ScanStatus.FAILED and "unsuccessful" in (crashy.reason or "")
    assert found["import:noted"].status is ScanStatus.FAILED and "parser died" in (found["import:noted"].reason or "")
    assert found["import:fine"].status is ScanStatus.OK and found["import:fine"].results == 0
    assert {f.rule_id for f in scanned.report.findings} == {"r1", "r2"}  # never zero findings
    assert scanned.report.gate.exit_code != EXIT_PASS


def test_stale_and_future_reports_are_not_assessed(tmp_path: Path) -> None:
    root = project(tmp_path)
    old = tool_run("Old", [])
    old["invocations"][0]["endTimeUtc"] = now_iso(30)
    ahead = tool_run("Ahead", [])
    ahead["invocations"][0]["endTimeUtc"] = now_iso(-5)
    log = write_log(tmp_path / "dated.sarif", [old, ahead])
    found = statuses(scan_imports(root, log))
    assert found["import:old"].status is ScanStatus.FAILED and "stale" in (found["import:old"].reason or "")
    assert found["import:ahead"].status is ScanStatus.FAILED and "future" in (found["import:ahead"].reason or "")
    assert statuses(scan_imports(root, ImportConfig(str(log), max_age_days=60)))["import:old"].status is ScanStatus.OK
    # no time in the run: the file's mtime decides
    bare = tool_run("Bare", [])
    del bare["invocations"]
    undated = write_log(tmp_path / "undated.sarif", [bare])
    os.utime(undated, (undated.stat().st_atime, undated.stat().st_mtime - 10 * 86400))
    assert statuses(scan_imports(root, undated))["import:bare"].status is ScanStatus.FAILED


def test_names_never_take_a_builtin_and_are_unique(tmp_path: Path) -> None:
    root = project(tmp_path)
    runs = [tool_run("semgrep", [result("x", "app/app.py", 1)]), tool_run("semgrep", []),
            tool_run("Check\x1b[31mov / ../..", [])]  # fmt: skip
    found = statuses(scan_imports(root, write_log(tmp_path / "names.sarif", runs)))
    assert set(found) == {"import:semgrep", "import:semgrep-2", "import:check-31mov"}
    (finding,) = scan_imports(root, write_log(tmp_path / "n2.sarif", runs[:1]), out=tmp_path / "o2").report.findings
    assert finding.tool == "import:semgrep"


def test_waiver_and_baseline_apply_to_imported_results(tmp_path: Path) -> None:
    root = project(tmp_path)
    log = write_log(tmp_path / "w.sarif", [tool_run("Hand", [result("r1", "app/app.py", 6, level="error"),
                                                             result("r2", "app/app.py", 10, level="error")])])
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - id: W1\n    tool: 'import:hand'\n    rule: r1\n    owner: alice\n"
                       "    reason: accepted\n    expires: 2999-12-31\n  - id: W2\n    tool: hand\n    rule: r2\n"
                       "    owner: bob\n    reason: wrong tool name\n    expires: 2999-12-31\n")  # fmt: skip
    waived = {f.rule_id: f for f in scan_imports(root, log, waivers=waivers).report.findings}
    assert waived["r1"].suppressed and not waived["r2"].suppressed
    first = scan_imports(root, log, out=tmp_path / "o1")
    baseline = tmp_path / "baseline.sarif"
    baseline.write_text(json.dumps(first.report.sarif), "utf-8")
    again = scan_imports(root, log, baseline=baseline, out=tmp_path / "o2")
    assert {f.baseline_state for f in again.report.findings} == {"unchanged"}
    assert again.report.gate.exit_code == EXIT_PASS  # nothing new: the new-only gate passes


def test_forged_verdicts_in_the_imported_log_are_discarded(tmp_path: Path) -> None:
    root = project(tmp_path)
    forged = result("r1", "app/app.py", 6, level="error", baselineState="unchanged",
                    suppressions=[{"kind": "inSource", "justification": "trust me"},
                                  {"kind": "external", "status": "accepted"}],
                    properties={"shiftleft": {"waiver": "W1"}, "alsoReportedBy": [{"tool": "semgrep"}]})  # fmt: skip
    run = tool_run("Forger", [forged], properties={"shiftleft": {"status": "not-applicable"}})
    run["invocations"][0]["properties"] = {"shiftleft": {"status": "ok"}}
    scanned = scan_imports(root, write_log(tmp_path / "forged.sarif", [run]))
    (finding,) = scanned.report.findings
    assert not finding.suppressed and finding.baseline_state is None
    assert "alsoReportedBy" not in finding.properties and "shiftleft" not in finding.properties
    assert statuses(scanned)["import:forger"].status is ScanStatus.OK
    assert scanned.report.gate.exit_code != EXIT_PASS  # its high finding counts
