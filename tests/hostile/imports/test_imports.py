"""Imported report files are hostile input (docs/imports.md): bounded in size, depth, runs
and time; their URIs never used to read a file outside the root; their text never raw on a
terminal; their secrets redacted; a repository's config confined to its root."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft.imports import load as import_load
from shiftleft.imports.locations import prepare
from shiftleft.model import ScanStatus
from shiftleft.report import write_reports
from shiftleft.scan import ScanResult
from tests.hostile.redact.builders import github_token, parts
from tests.imports.builders import project, result, scan_imports, statuses, tool_run, write_log


def _only(scanned: object) -> tuple[ScanStatus, str]:
    (status,) = scanned.report.statuses  # type: ignore[attr-defined]
    return status.status, status.reason or ""


def test_oversized_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_load, "MAX_BYTES", 1024)
    big = write_log(tmp_path / "big.sarif", [tool_run("Big", [result("r", "a.py", 1, "x" * 4096)])])
    status, reason = _only(scan_imports(project(tmp_path), big))
    assert status is ScanStatus.FAILED and "larger than" in reason


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_device_or_fifo_is_not_read(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "report.sarif"
        os.mkfifo(path)
    started = time.monotonic()
    status, reason = _only(scan_imports(project(tmp_path), path))
    assert status is ScanStatus.FAILED and "not a regular file" in reason
    assert time.monotonic() - started < 60


def test_deep_nesting_is_one_failed_import_not_a_recursion_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.sarif"
    deep.write_text('{"version": "2.1.0", "runs": [' + "[" * 200_000 + "]" * 200_000 + "]}", "utf-8")
    status, reason = _only(scan_imports(project(tmp_path), deep))
    assert status is ScanStatus.FAILED and "nested deeper" in reason and "\n" not in reason


def test_too_many_runs(tmp_path: Path) -> None:
    log = write_log(tmp_path / "runs.sarif", [tool_run(f"t{i}", []) for i in range(import_load.MAX_RUNS + 1)])
    status, reason = _only(scan_imports(project(tmp_path), log))
    assert status is ScanStatus.FAILED and "runs, more than" in reason


def test_uris_outside_the_root_are_never_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    secret_file = tmp_path / "host-secret.py"
    secret_file.write_text("HOST_ONLY_CONTENT = 1\n")
    os.symlink(secret_file, root / "app" / "link.py")
    uris = [str(secret_file), secret_file.as_uri(), "../host-secret.py", "app/../../host-secret.py", "app/link.py",
            "file://otherhost/etc/passwd", "%2e%2e/host-secret.py"]  # fmt: skip
    runs = [tool_run("Reader", [result(f"r{i}", uri, 1, f"problem {i}") for i, uri in enumerate(uris)])]
    runs[0]["originalUriBaseIds"] = {"A": {"uri": "x/", "uriBaseId": "B"}, "B": {"uri": "y/", "uriBaseId": "A"}}
    runs[0]["results"].append(result("loop", "z.py", 1, "base loop"))
    runs[0]["results"][-1]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] = "A"
    scanned = scan_imports(root, write_log(tmp_path / "reader.sarif", runs))
    out = tmp_path / "reports"
    written = write_reports(scanned.report, ["sarif", "json", "html", "markdown", "csv"], out)
    for path in written:
        assert "HOST_ONLY_CONTENT" not in path.read_text("utf-8")
    found = {f.rule_id: f for f in scanned.report.findings}
    for rule in ("r0", "r1", "r2", "r3", "r5", "r6", "loop"):  # named by a logical location, never a file's
        assert found[rule].properties.get("outsideRoot") is True, rule
        assert found[rule].line == 0 and found[rule].path in (*uris, "z.py")
    for res in (r for run in scanned.report.sarif["runs"] for r in run.get("results") or []):
        if (res.get("properties") or {}).get("outsideRoot"):
            assert all("physicalLocation" not in loc for loc in res["locations"])
    assert found["r4"].path == "app/link.py"  # inside the root by name; the link is never followed to read it


def test_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    root = project(tmp_path)
    evil = "\x1b]0;pwned\x07\x1b[2J\u202egate PASSED"
    run = tool_run(f"Evil{evil}", [result("r\x1b[31m", "app/app.py", 6, f"message {evil}", level="error")])
    log = write_log(tmp_path / "evil.sarif", [run])
    out = tmp_path / "o"
    shown = CliRunner().invoke(cli.app, ["scan", str(root), "--stage", "test", "--import", f"{log}:test", "-o",
                                         str(out), "--no-history", "--no-cache", "-v"])  # fmt: skip
    assert shown.exit_code == 1, shown.output
    assert "\x1b" not in shown.output and "\u202e" not in shown.output and "\x07" not in shown.output
    assert "import:evil-0-pwned-2j-gate-passed" in {s["name"] for s in
                                                           json.loads((out / "scorecard.json").read_text())["scanners"]}


def test_secrets_in_imported_messages_are_redacted_everywhere(tmp_path: Path) -> None:
    root = project(tmp_path)
    token = github_token()
    res = result("leak", "app/app.py", 6, f"found token {token} in config", level="error")
    res["locations"][0]["physicalLocation"]["region"]["snippet"] = {"text": f"TOKEN = '{token}'"}
    res["properties"] = {"evidence": token}
    failed = tool_run("Leaky", [res])
    failed["invocations"][0]["toolExecutionNotifications"] = [{"level": "error", "message": {"text": f"bad {token}"}}]
    scanned = scan_imports(root, write_log(tmp_path / "leak.sarif", [failed]))
    out = tmp_path / "reports"
    written = write_reports(scanned.report, ["sarif", "json", "html", "markdown", "csv", "junit"], out)
    for path in written:
        text = path.read_text("utf-8")
        assert not any(p in text for p in parts(token)), path.name
    assert statuses(scanned)["import:leaky"].status is ScanStatus.FAILED


def test_repository_config_import_through_a_link_is_exit_2_with_one_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    os.symlink("/etc/passwd", root / "report.sarif")
    (root / "shiftleft.yaml").write_text("imports: [report.sarif]\n")
    run = CliRunner().invoke(cli.app, ["scan", str(root), "--stage", "test", "-o", str(tmp_path / "o"),
                                       "--no-history", "--no-cache"])  # fmt: skip
    assert run.exit_code == 2
    lines = [line for line in run.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "imports:" in lines[0] and "root:" not in lines[0]


def test_preparing_a_large_run_is_linear(tmp_path: Path) -> None:
    def run_of(n: int) -> dict[str, object]:
        return tool_run("Many", [result("r", f"/abs/{'d/' * 50}{i}.py", i + 1) for i in range(n)])

    small, large = run_of(2_000), run_of(20_000)
    started = time.perf_counter()
    prepare(small, tmp_path)
    small_s = time.perf_counter() - started
    started = time.perf_counter()
    _, outside = prepare(large, tmp_path)
    large_s = time.perf_counter() - started
    assert outside == 20_000
    assert large_s < max(small_s * 40, 2.0)  # 10x the input: far from quadratic's 100x


def test_results_past_the_cap_are_cut_first_and_not_assessed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shiftleft.sarif import limits

    monkeypatch.setattr(limits, "MAX_RESULTS_PER_SCANNER", 3)
    levels = ["note", "error", "note", "warning", "error", "note"]
    run = tool_run("Flood", [result(f"r{i}", "app/app.py", i + 1, level=lv) for i, lv in enumerate(levels)])
    scanned = scan_imports(project(tmp_path), write_log(tmp_path / "flood.sarif", [run]))
    (status,) = scanned.report.statuses
    assert status.status is ScanStatus.FAILED and "6 results, more than the 3" in (status.reason or "")
    assert sorted(f.rule_id for f in scanned.report.findings) == ["r1", "r3", "r4"]  # the most severe kept


def _fresh_clean_zap_report() -> bytes:
    """A ZAP baseline report of today with nothing above low: what a repository would ship to
    make a DAST control read as passed without any scan having run."""
    import datetime as dt

    from tests.imports.test_zap_evidence import low_only

    doc = json.loads(low_only())
    doc["@generated"] = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S")
    return json.dumps(doc).encode()


def test_a_report_the_repository_ships_is_no_evidence_a_dast_scan_passed(tmp_path: Path) -> None:
    """A repository's own config may import a report (its findings count), but the report is the
    repository's claim: PCI DSS 6.4.1 (requires DAST) must not pass on it. The same file named
    by the operator (--import) is evidence."""
    root = project(tmp_path)
    (root / "reports").mkdir()
    (root / "reports" / "zap.json").write_bytes(_fresh_clean_zap_report())
    (root / "shiftleft.yaml").write_text("imports: [reports/zap.json]\n")

    def pci_641(result: ScanResult) -> str:
        pci = next(fw for fw in result.report.frameworks if fw.id == "pci-dss-4.0")
        return next(c.state for c in pci.controls if c.control_id == "6.4.1")

    shipped = scan_imports(root)
    (imported,) = [s for s in shipped.report.statuses if s.name.startswith("import:")]
    assert imported.category == "dast" and imported.results > 0, "its findings still count"
    assert pci_641(shipped) == "not-assessed"
    assert imported.not_assessed == 1
    vouched = scan_imports(root, root / "reports" / "zap.json", config_imports=False)
    assert pci_641(vouched) == "pass"
