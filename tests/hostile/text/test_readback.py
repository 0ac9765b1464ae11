"""SARIF logs and scorecards read back (``report --from``, ``report merge``, ``scan
--baseline``, ``audit export --from``) are hostile input: bounded, typed, exit 2 with one
line for bad input (never 4), and a forged or truncated log never reads as a complete
clean scan."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shiftleft.sarif import om, readback
from tests.conftest import shiftleft
from tests.hostile.text.builders import (
    ALL,
    WRONG_TYPES,
    assert_no_raw,
    log_with,
    nested_in_properties,
    nested_json,
    scan_config,
    tool_run,
    write,
)
from tests.report.conftest import SCAN_SARIF

#: generous: a refusal takes well under a second; 10x the normal start-up of the CLI
BOUND_SECONDS = 20.0
Command = Callable[[Path, Path], list[str]]


def _report_from(bad: Path, tmp: Path) -> list[str]:
    return ["report", "--from", str(bad), "-o", str(tmp / "out"), "-f", "html", "-f", "markdown", "-f", "json"]


def _merge(bad: Path, tmp: Path) -> list[str]:
    return ["report", "merge", str(SCAN_SARIF), str(bad), "-o", str(tmp / "out")]


def _audit(bad: Path, tmp: Path) -> list[str]:
    return ["audit", "export", "--from", str(bad), "-o", str(tmp / "audit.zip")]


def _baseline(bad: Path, tmp: Path) -> list[str]:
    repo = tmp / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "app.py").write_text("import os\n", "utf-8")
    return ["scan", str(repo), "--stage", "code", "--config", str(scan_config(tmp)), "--baseline", str(bad),
            "-o", str(tmp / "out")]  # fmt: skip


COMMANDS: dict[str, Command] = {"report-from": _report_from, "merge": _merge, "audit-export": _audit,
                                "scan-baseline": _baseline}  # fmt: skip


def refused(args: list[str]) -> str:
    """Run the CLI; it must refuse with exit 2 and one line on stderr, in bounded time."""
    start = time.monotonic()
    result = shiftleft(*args, timeout=120)
    elapsed = time.monotonic() - start
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shiftleft: error:"), result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert_no_raw(result.stdout, result.stderr)
    assert elapsed < BOUND_SECONDS
    return lines[0]


# --- depth ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_nested_100000_deep_is_exit_2(tmp_path: Path, command: str) -> None:
    bad = write(tmp_path / "deep.sarif", nested_json(100_000))
    assert "nested deeper than" in refused(COMMANDS[command](bad, tmp_path))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_nested_800_deep_inside_a_valid_log_is_exit_2(tmp_path: Path, command: str) -> None:
    """Deep enough for the JSON parser, then bounded before anything recurses over it."""
    bad = write(tmp_path / "deep.sarif", nested_in_properties(800))
    assert "nested deeper than" in refused(COMMANDS[command](bad, tmp_path))


def test_deep_scorecard_is_exit_2(tmp_path: Path) -> None:
    bad = write(tmp_path / "scorecard.json", '{"schemaVersion": 1, "tool": {"name": "shiftleft"}, "x": '
                + "[" * 50_000 + "]" * 50_000 + "}")  # fmt: skip
    assert "nested deeper than" in refused(_report_from(bad, tmp_path))


# --- size and special files ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["report-from", "scan-baseline", "audit-export"])
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, command: str) -> None:
    bad = tmp_path / "huge.sarif"
    with bad.open("wb") as fh:  # sparse: costs no disk, and must not be read
        fh.truncate(readback.MAX_BYTES + 1)
    assert "larger than 256 MiB" in refused(COMMANDS[command](bad, tmp_path))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused(tmp_path: Path) -> None:
    assert "not a regular file" in refused(_report_from(Path("/dev/zero"), tmp_path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "log.sarif"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(_report_from(fifo, tmp_path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", ["report-from", "audit-export"])
def test_a_fifo_named_like_the_log_in_an_output_directory_is_refused_not_passed_over(
    tmp_path: Path, command: str
) -> None:
    """The directory's log is a FIFO beside a real scorecard.json: refused without blocking,
    never quietly replaced by the scorecard (before, ``report --from DIR`` took the scorecard)."""
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    os.mkfifo(scan_dir / "shiftleft.sarif")
    from shiftleft.report import scorecard_json
    from tests.report.conftest import full_report

    scorecard_json.write(full_report(), scan_dir / "scorecard.json")
    assert "not a regular file" in refused(COMMANDS[command](scan_dir, tmp_path))
    assert not (tmp_path / "out").exists() and not (tmp_path / "audit.zip").exists()


@pytest.mark.parametrize("command", ["report-from", "audit-export"])
def test_a_log_linked_to_a_host_file_in_an_output_directory_leaks_nothing(tmp_path: Path, command: str) -> None:
    host = tmp_path / "host-secret.txt"
    host.write_text("root:AKIAIOSFODNN7EXAMPLE:0:0\n", "utf-8")
    scan_dir = tmp_path / "scan"
    scan_dir.mkdir()
    (scan_dir / "shiftleft.sarif").symlink_to(host)
    line = refused(COMMANDS[command](scan_dir, tmp_path))
    assert "not valid JSON" in line and "AKIA" not in line and "root:" not in line


def test_too_many_runs_is_refused(tmp_path: Path) -> None:
    def many(log: dict[str, Any]) -> None:
        log["runs"] = [{"tool": {"driver": {"name": "x"}}}] * (readback.MAX_RUNS + 1) + log["runs"]

    bad = write(tmp_path / "many.sarif", log_with(many))
    assert "runs: more than" in refused(_report_from(bad, tmp_path))


# --- wrong types ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "mutate"), WRONG_TYPES, ids=[n for n, _ in WRONG_TYPES])
def test_wrong_types_are_exit_2_with_where(tmp_path: Path, name: str, mutate: Any) -> None:
    bad = write(tmp_path / f"{name}.sarif", log_with(mutate))
    args = [*_report_from(bad, tmp_path), "-f", "junit", "-f", "csv", "-f", "sarif"]
    refused(args)


@pytest.mark.parametrize("command", ["merge", "audit-export", "scan-baseline"])
@pytest.mark.parametrize("name", ["result-not-object", "start-line-string", "fingerprints-list"])
def test_wrong_types_in_other_readers(tmp_path: Path, command: str, name: str) -> None:
    mutate = dict(WRONG_TYPES)[name]
    bad = write(tmp_path / f"{name}.sarif", log_with(mutate))
    refused(COMMANDS[command](bad, tmp_path))


# --- forged health -------------------------------------------------------------------------


def _clean(log: dict[str, Any]) -> None:
    """Every result removed, health untouched: a log that reads as a passing scan."""
    for run in log["runs"]:
        run["results"] = []


def _without_run(scanner: str) -> Callable[[dict[str, Any]], None]:
    def mutate(log: dict[str, Any]) -> None:
        _clean(log)
        log["runs"].remove(tool_run(log, scanner))

    return mutate


def test_a_clean_log_still_passes(tmp_path: Path) -> None:
    """The control: an honest clean log re-renders as passed (so the tests below fail
    only because of what was forged)."""
    good = write(tmp_path / "clean.sarif", log_with(_clean))
    result = shiftleft("report", "--from", str(good), "-o", str(tmp_path / "out"), "-f", "json", "--gate")
    assert result.returncode == 0, result.stdout + result.stderr


def test_status_ok_without_its_run_is_not_assessed(tmp_path: Path) -> None:
    """The semgrep run (holding its results) is cut out, its health still says ok."""
    forged = write(tmp_path / "forged.sarif", log_with(_without_run("semgrep")))
    out = tmp_path / "out"
    result = shiftleft("report", "--from", str(forged), "-o", str(out), "-f", "json", "-f", "markdown", "--gate")
    assert result.returncode == 3, result.stdout + result.stderr  # incomplete, not passed
    assert "semgrep (code) is claimed ok but has no run in the log: NOT ASSESSED" in result.stderr
    card = json.loads((out / "scorecard.json").read_text("utf-8"))
    semgrep = next(s for s in card["scanners"] if s["name"] == "semgrep")
    assert semgrep["status"] == "failed" and not card["gate"]["passed"]
    assert "NOT ASSESSED" in (out / "report.md").read_text("utf-8")


def test_status_ok_with_a_failed_run_is_not_assessed(tmp_path: Path) -> None:
    def mutate(log: dict[str, Any]) -> None:
        _clean(log)
        tool_run(log, "bandit")["invocations"][0]["executionSuccessful"] = False

    forged = write(tmp_path / "forged.sarif", log_with(mutate))
    result = shiftleft("report", "--from", str(forged), "-o", str(tmp_path / "out"), "-f", "json", "--gate")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "bandit (code) is claimed ok but has no successful run" in result.stderr


def test_merge_of_a_log_missing_a_run_is_not_assessed(tmp_path: Path) -> None:
    forged = write(tmp_path / "forged.sarif", log_with(_without_run("bandit")))
    clean = write(tmp_path / "clean.sarif", log_with(_clean))
    result = shiftleft("report", "merge", str(forged), str(clean), "-o", str(tmp_path / "out"), "--gate")
    assert result.returncode == 3, result.stdout + result.stderr


@pytest.mark.parametrize("command", ["report-from", "merge", "audit-export"])
def test_a_log_without_its_orchestrator_run_is_refused(tmp_path: Path, command: str) -> None:
    def mutate(log: dict[str, Any]) -> None:
        _clean(log)
        log["runs"] = [r for r in log["runs"] if r.get("automationDetails", {}).get("id") != readback.ORCHESTRATOR_ID]

    forged = write(tmp_path / "forged.sarif", log_with(mutate))
    assert "no shiftleft orchestrator run" in refused(COMMANDS[command](forged, tmp_path))


def test_a_failed_orchestrator_run_is_refused(tmp_path: Path) -> None:
    def mutate(log: dict[str, Any]) -> None:
        _clean(log)
        orchestrator = next(r for r in log["runs"] if r["automationDetails"]["id"] == readback.ORCHESTRATOR_ID)
        orchestrator["invocations"][0]["executionSuccessful"] = False

    forged = write(tmp_path / "forged.sarif", log_with(mutate))
    assert "orchestrator run did not execute successfully" in refused(_report_from(forged, tmp_path))


# --- text in a log read back -----------------------------------------------------------------


def test_escapes_in_a_log_read_back_reach_no_report_raw(tmp_path: Path) -> None:
    def mutate(log: dict[str, Any]) -> None:
        run = tool_run(log, "semgrep")
        result = run["results"][0]
        result["message"]["text"] = ALL
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "src/" + ALL.replace("\n", "")
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": ALL}]
        run["results"].append({**run["results"][1], "ruleId": ALL})
        log["properties"]["shiftleft"]["target"] = ALL
        log["properties"]["shiftleft"]["scanners"][0]["reason"] = ALL

    hostile = write(tmp_path / "hostile.sarif", log_with(mutate))
    out = tmp_path / "out"
    args = ["report", "--from", str(hostile), "-o", str(out)]
    for fmt in ("markdown", "html", "junit", "csv", "json", "sarif"):
        args += ["-f", fmt]
    result = shiftleft(*args)
    assert result.returncode == 0, result.stderr
    assert_no_raw(result.stdout, result.stderr)
    for name in ("report.md", "report.html", "junit.xml", "findings.csv"):
        text = (out / name).read_text("utf-8-sig").replace("\r\n", "\n").replace("\t", " ")
        assert_no_raw(text)
        assert "U+202E" in text or name == "junit.xml", name  # JUnit holds no finding messages


def test_om_reading_refuses_non_objects_and_unbounded_nesting() -> None:
    with pytest.raises(TypeError):
        om.run_from_dict("not a run")  # type: ignore[arg-type]
    deep: dict[str, Any] = {"message": {"text": "x"}}
    for _ in range(om.MAX_DEPTH + 5):
        deep = {"message": {"text": "x"}, "innerExceptions": [deep]}
    run = {"tool": {"driver": {"name": "t"}}, "invocations": [{"executionSuccessful": True,
           "toolExecutionNotifications": [{"message": {"text": "n"}, "exception": deep}]}]}  # fmt: skip
    with pytest.raises(ValueError, match="nested deeper"):
        om.run_from_dict(run)
    kept = om.run_from_dict({"tool": {"driver": {"name": "t"}}, "properties": ["not", "a", "bag"]})
    assert kept.properties == {"unrecognized": {"properties": ["not", "a", "bag"]}}
