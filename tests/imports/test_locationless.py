"""Results without a file (a DAST alert: a URL, a method, a parameter) through every report
format and profile; their fingerprints are placed by the request, not by their order."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
from rich.console import Console

from shiftleft.config import ImportConfig
from shiftleft.report import FORMATS, terminal, write_reports
from shiftleft.sarif import om, profiles
from tests.imports.builders import project, scan_imports, statuses, tool_run, write_log


def _alert(url: str, param: str) -> dict[str, object]:
    return {"ruleId": "10016", "level": "warning", "message": {"text": "Web Browser XSS Protection Not Enabled"},
            "webRequest": {"method": "GET", "target": url},
            "properties": {"url": url, "method": "GET", "param": param, "wascId": "14", "confidence": "2",
                           "riskcode": "1"}}  # fmt: skip


def _dast_log(tmp_path: Path, name: str, urls: list[str]) -> Path:
    rules = [{"id": "10016", "shortDescription": {"text": "XSS protection"}, "properties": {"tags": ["CWE-933"]}}]
    return write_log(tmp_path / name, [tool_run("OWASP ZAP", [_alert(u, "x-xss") for u in urls], rules)])


def test_dast_results_in_every_format_and_profile(tmp_path: Path) -> None:
    root = project(tmp_path)
    log = _dast_log(tmp_path, "zap.sarif", ["https://app.test/a", "https://app.test/b"])
    scanned = scan_imports(root, log)
    status = statuses(scanned)["import:owasp-zap"]
    assert (status.stage, status.category, status.results) == ("test", "dast", 2)
    findings = scanned.report.findings
    # the URL where a file would be (a logical location), never a file
    assert sorted(f.path for f in findings) == ["https://app.test/a", "https://app.test/b"]
    assert all(f.stage == "test" and f.line == 0 for f in findings)
    for res in (r for run in scanned.report.sarif["runs"] for r in run.get("results") or []):
        assert [list(loc) for loc in res["locations"]] == [["logicalLocations"]]
    assert list(jsonschema.Draft4Validator(om.sarif_schema()).iter_errors(scanned.report.sarif)) == []
    out = tmp_path / "reports"
    written = write_reports(scanned.report, list(FORMATS), out)
    assert len(written) == len(FORMATS)
    for path in written:
        assert path.stat().st_size > 0
    assert "10016" in (out / "findings.csv").read_text("utf-8")
    assert "10016" in (out / "report.html").read_text("utf-8")
    assert "app.test" not in (out / "sonarqube-issues.json").read_text("utf-8")  # no file: not a SonarQube issue
    assert "https:/app.test" not in (out / "gl-code-quality-report.json").read_text("utf-8")
    console = Console(file=io.StringIO(), width=120, force_terminal=False)
    terminal.render(scanned.report, console, verbose=True)
    assert "10016" in console.file.getvalue()  # type: ignore[attr-defined]
    for name in profiles.PROFILES:
        shaped = profiles.apply(scanned.report.sarif, name)
        kept = sum(len(r.get("results") or []) for r in shaped.log["runs"])
        assert kept == (0 if name in ("github", "gitlab", "sonarqube") else 2), name


def test_dast_fingerprints_follow_the_request_not_the_order(tmp_path: Path) -> None:
    root = project(tmp_path)
    urls = ["https://app.test/a", "https://app.test/b"]
    one = scan_imports(root, ImportConfig(str(_dast_log(tmp_path, "one.sarif", urls)), category="dast"))
    two = scan_imports(root, ImportConfig(str(_dast_log(tmp_path, "two.sarif", urls[::-1])), category="dast"),
                       out=tmp_path / "o2")  # fmt: skip
    by_url = {f.properties["url"]: f.fingerprint for f in one.report.findings}
    assert len(set(by_url.values())) == 2
    assert {f.properties["url"]: f.fingerprint for f in two.report.findings} == by_url
    assert json.dumps(one.report.sarif).count('"webRequest"') == 2
