"""`shiftleft report --from FILE` and `shiftleft report merge`, through a Typer app that
mounts the report app the way the main CLI does."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from shiftleft.report import FORMATS, scorecard_json
from shiftleft.report.cli import app as report_app
from shiftleft.report.model import assemble_report
from shiftleft.report.rebuild import trusted_log
from shiftleft.sarif.merge import STATUS_DEFAULTS, merge_logs
from shiftleft.sarif.readback import REQUIRED_STATUS_FIELDS
from tests.conftest import ROOT
from tests.report.conftest import SCAN_SARIF, full_report, load_scan

main = typer.Typer()


@main.callback()
def _root() -> None:
    """Stands in for the shiftleft app."""


main.add_typer(report_app, name="report")
runner = CliRunner()


def invoke(*args: str | Path) -> Any:
    return runner.invoke(main, ["report", *map(str, args)])


def test_from_sarif_writes_every_format(tmp_path: Path) -> None:
    args: list[str | Path] = ["--from", SCAN_SARIF, "-o", tmp_path]
    for name in FORMATS:
        args += ["-f", name]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    for file_name, _ in FORMATS.values():
        assert (tmp_path / file_name).stat().st_size > 0
    written, scanned = json.loads((tmp_path / "shiftleft.sarif").read_text()), load_scan()
    # assembled again: the policy section and compliance results describe this assembly
    props = written["properties"]["shiftleft"]
    assert props.pop("policy")["gate"] == "default" and props.pop("compliance")
    assert written == scanned
    assert "gate FAILED" in result.output


def test_from_sarif_default_is_html_and_gate_option(tmp_path: Path) -> None:
    result = invoke("--from", SCAN_SARIF, "-o", tmp_path, "--gate")
    assert result.exit_code == 1  # the scan's findings fail the default gate
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    relaxed = invoke("--from", SCAN_SARIF, "-o", tmp_path, "--gate", "--fail-on", "critical")
    assert relaxed.exit_code == 1  # secrets still fail it
    assert invoke("--from", SCAN_SARIF, "-o", tmp_path, "--fail-on", "severe").exit_code == 2


def test_from_scorecard_round_trips_everything(tmp_path: Path) -> None:
    report = full_report()
    src = scorecard_json.write(report, tmp_path / "in.json")
    rebuilt = scorecard_json.from_json(json.loads(src.read_text()))
    assert scorecard_json.to_json(rebuilt) == scorecard_json.to_json(report)
    assert rebuilt.frameworks == report.frameworks and rebuilt.history == report.history
    out = tmp_path / "out"
    result = invoke("--from", src, "-f", "html", "-f", "markdown", "-f", "junit", "-f", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text()
    assert "SOC 2 &lt;Trust&gt; Services" in html and '<svg class="chart"' in html


def test_from_scorecard_cannot_give_sarif(tmp_path: Path) -> None:
    src = scorecard_json.write(full_report(), tmp_path / "scorecard.json")
    result = invoke("--from", src, "-f", "sarif", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "holds no SARIF" in result.output
    assert not (tmp_path / "out").exists()


def test_from_a_scan_output_directory_reads_its_sarif_log_else_its_scorecard(tmp_path: Path) -> None:
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    scorecard_json.write(full_report(), scan_dir / "scorecard.json")
    (scan_dir / "report.html").write_text("<p>never read</p>")
    only_card = invoke("--from", scan_dir, "-f", "sarif", "-o", tmp_path / "o1")
    assert only_card.exit_code == 2 and "holds no SARIF" in only_card.output  # the scorecard was read
    (scan_dir / "shiftleft.sarif").write_text(SCAN_SARIF.read_text())
    both = invoke("--from", scan_dir, "-f", "sarif", "-o", tmp_path / "o2")
    assert both.exit_code == 0, both.output  # the SARIF log wins: the gate can be recomputed
    assert json.loads((tmp_path / "o2" / "shiftleft.sarif").read_text())["runs"] == load_scan()["runs"]


def test_from_a_directory_without_a_report_exits_2(tmp_path: Path) -> None:
    (tmp_path / "shiftleft.sarif").mkdir()  # a directory by that name is not the log
    result = invoke("--from", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "holds neither shiftleft.sarif nor scorecard.json" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_merge_writes_every_scanner_health_key() -> None:
    """sarif.merge handles scanner health as JSON: its key table is the record's fields."""
    from dataclasses import fields

    from shiftleft.jsoncase import camel
    from shiftleft.model import ScannerStatus

    assert [*REQUIRED_STATUS_FIELDS, *STATUS_DEFAULTS] == [camel(f.name) for f in fields(ScannerStatus)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "top level is not an object"),
        ('{"version": "2.1.0", "runs": []}', "not written by shiftleft"),
        ('{"hello": "world"}', "nor a shiftleft scorecard.json"),
        ('{"schemaVersion": 1, "tool": {"name": "shiftleft", "version": "0"}}', "does not match the scorecard.json"),
        ('{"schemaVersion": 3, "tool": {"name": "shiftleft", "version": "0"}}', "is not one this shiftleft reads"),
    ],
)
def test_bad_inputs_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content)
    result = invoke("--from", path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_no_source_and_no_subcommand_is_a_usage_error() -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "--from" in result.output


def test_unknown_format_suggests(tmp_path: Path) -> None:
    result = invoke("--from", SCAN_SARIF, "-f", "htm", "-o", tmp_path)
    assert result.exit_code == 2 and "did you mean 'html'" in result.output


# --- merge ------------------------------------------------------------------------------

def build_job_log() -> dict[str, Any]:
    """What a separate `shiftleft scan --stage build` job would write: one osv run with the
    real scan's bandit results relabelled, and its own orchestrator run."""
    log = copy.deepcopy(load_scan())
    source = next(r for r in log["runs"] if r["properties"]["shiftleft"]["scanner"] == "bandit")
    run = copy.deepcopy(source)
    run["automationDetails"] = {"id": "shiftleft/build/osv/"}
    run["properties"] = {"shiftleft": {"scanner": "osv", "stage": "build", "category": "sca", "status": "ok"}}
    for result in run["results"]:
        result["properties"] = {**result["properties"], "stage": "build", "category": "sca", "tool": "osv"}
    orchestrator = copy.deepcopy(log["runs"][-1])
    orchestrator["invocations"][0]["toolExecutionNotifications"] = [
        {"message": {"text": "pip-audit (build) missing: not installed; its checks are NOT ASSESSED"},
         "level": "warning"}
    ]  # fmt: skip
    log["runs"] = [run, orchestrator]
    meta = log["properties"]["shiftleft"]
    meta["stages"] = ["build"]
    meta["scanners"] = [
        {"name": "osv", "stage": "build", "category": "sca", "status": "ok", "required": True, "seconds": 1.0,
         "results": len(run["results"]), "version": "1", "reason": None},
        {"name": "pip-audit", "stage": "build", "category": "sca", "status": "missing", "required": False,
         "reason": "not installed", "seconds": 0.0, "results": 0, "version": None},
    ]  # fmt: skip
    return log


def test_merge_two_stage_jobs(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    code, build = tmp_path / "code.sarif", tmp_path / "build.sarif"
    code_log = load_scan()
    code_log["properties"]["shiftleft"]["stages"] = ["code"]  # as `scan --stage code` writes it
    code.write_text(json.dumps(code_log))
    build.write_text(json.dumps(build_job_log()))
    out = tmp_path / "merged"
    result = invoke("merge", code, build, "-o", out, "-f", "sarif", "-f", "json", "-f", "html")
    assert result.exit_code == 0, result.output
    merged = json.loads((out / "shiftleft.sarif").read_text())
    jsonschema.validators.validator_for(sarif_schema)(sarif_schema).validate(merged)
    ids = [r["automationDetails"]["id"] for r in merged["runs"]]
    assert len(ids) == len(set(ids))
    assert ids.count("shiftleft/orchestrator/") == 1
    notes = merged["runs"][-1]["invocations"][0]["toolExecutionNotifications"]
    assert any("pip-audit" in n["message"]["text"] for n in notes)
    meta = merged["properties"]["shiftleft"]
    assert meta["stages"] == ["code", "build"]
    assert meta["mergedFrom"] == ["code.sarif", "build.sarif"]
    assert {(s["name"], s["stage"]) for s in meta["scanners"]} == {
        ("bandit", "code"), ("detect-secrets", "code"), ("semgrep", "code"), ("osv", "build"), ("pip-audit", "build"),
    }
    card = json.loads((out / "scorecard.json").read_text())
    assert [s["name"] for s in card["scorecard"]["stages"]] == ["code", "build"]
    total = sum(len(r.get("results") or []) for r in load_scan()["runs"]) + len(build_job_log()["runs"][0]["results"])
    assert len(card["findings"]) == total
    assert "pip-audit" in card["scorecard"]["overall"]["scannersNotRun"]


def test_merge_keeps_run_ids_distinct_and_failure_wins() -> None:
    failed = copy.deepcopy(load_scan())
    for s in failed["properties"]["shiftleft"]["scanners"]:
        if s["name"] == "semgrep":
            s.update(status="timeout", reason="semgrep did not finish", results=0)
    merged = merge_logs([(n, trusted_log(log, n)) for n, log in (("a.sarif", load_scan()), ("b.sarif", failed))])
    ids = [r["automationDetails"]["id"] for r in merged["runs"]]
    assert len(ids) == len(set(ids)) and "shiftleft/code/semgrep/2/" in ids
    semgrep = next(s for s in merged["properties"]["shiftleft"]["scanners"] if s["name"] == "semgrep")
    assert semgrep["status"] == "timeout"  # part of the code was not assessed: never a false clean
    bandit = next(s for s in merged["properties"]["shiftleft"]["scanners"] if s["name"] == "bandit")
    assert bandit["status"] == "ok" and bandit["results"] == 22
    report = assemble_report(merged).report
    assert not report.gate.passed and "semgrep" in report.scorecard.overall.scanners_not_run


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "bandit"}}, "results": []}]}',
         "not written by shiftleft"),
        ('{"schemaVersion": 1}', "not a SARIF 2.1.0 log"),
        ("garbage", "not valid JSON"),
    ],
)
def test_merge_refuses_foreign_logs(tmp_path: Path, content: str, message: str) -> None:
    foreign = tmp_path / "bandit.sarif"
    foreign.write_text(content)
    result = invoke("merge", SCAN_SARIF, foreign, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_schema_ships_inside_the_package() -> None:
    assert (ROOT / "shiftleft/report/schema/scorecard.schema.json").is_file()
