"""sarif/prefix.py: repository-root relative URIs in the SARIF written, the scan's own
paths everywhere else, and fingerprints / baselines unchanged by it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from shiftleft.policy.baseline import set_baseline_state
from shiftleft.report.rebuild import trusted_log
from shiftleft.sarif import prefix
from shiftleft.sarif.merge import merge_logs
from shiftleft.sarif.prefix import PathPrefixError, add_prefix, check_prefix, strip_prefix
from tests.sarif.test_profiles import make_log, runs_of


@pytest.mark.parametrize(("value", "expected"), [
    ("", ""), ("services/api", "services/api/"), ("services/api/", "services/api/"), ("a b/ü", "a b/ü/"),
])  # fmt: skip
def test_check_prefix_accepts_relative_posix_paths(value: str, expected: str) -> None:
    assert check_prefix(value) == expected


@pytest.mark.parametrize("value", [
    "/abs", "/", "~/x", "a/../b", "..", "./a", "a//b", "C:/x", "file:///x", "a\\b", "a\nb", "a\x1b[31m", "x" * 2000,
])  # fmt: skip
def test_check_prefix_refuses_what_is_not_a_relative_path(value: str) -> None:
    with pytest.raises(PathPrefixError) as exc:
        check_prefix(value)
    assert exc.value.exit_code == 2
    assert "\n" not in exc.value.message and "\x1b" not in exc.value.message


def prefixed_log(value: str = "services/api/") -> dict[str, Any]:
    log = make_log()
    log["properties"]["shiftleft"][prefix.PREFIX_KEY] = value
    for run in log["runs"]:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": "file:///work/repo/services/api/"}}
        for result in run["results"]:
            result["fingerprints"] = {"shiftleft/v1": f"fp-{result['ruleId']}"}
            result["relatedLocations"] = copy.deepcopy(result["locations"])
    return log


def uris(log: dict[str, Any]) -> list[str]:
    return [loc["physicalLocation"]["artifactLocation"]["uri"] for run in log["runs"] for r in run["results"]
            for loc in [*r["locations"], *r["relatedLocations"]]]  # fmt: skip


def test_add_prefix_rebases_every_uri_and_the_root_and_nothing_else() -> None:
    log = prefixed_log()
    out = add_prefix(log)
    assert log == prefixed_log()  # a copy
    assert uris(out) == ["services/api/" + u for u in uris(log)]
    assert all(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/repo/" for run in out["runs"])
    fps = [r["fingerprints"] for run in out["runs"] for r in run["results"]]
    assert fps == [r["fingerprints"] for run in log["runs"] for r in run["results"]]
    assert out["properties"]["shiftleft"][prefix.APPLIED_KEY] is True
    assert add_prefix(out) is out  # never twice


@pytest.mark.parametrize("value", ["services/api/", "odd dir/x%y/"])
def test_strip_prefix_is_the_inverse_and_a_rewrite_is_the_same_file(value: str) -> None:
    log = prefixed_log(value)
    on_disk = add_prefix(log)
    back = strip_prefix(on_disk)
    assert uris(back) == uris(log)
    assert back["properties"] == log["properties"]
    assert add_prefix(back) == on_disk
    assert strip_prefix(log) is log  # not applied: nothing to take off


def test_no_prefix_no_change() -> None:
    log = make_log()
    assert add_prefix(log) is log


def test_a_forged_prefix_in_a_log_read_back_is_not_used() -> None:
    log = prefixed_log("../../etc/")
    assert add_prefix(log) is log
    log["properties"]["shiftleft"][prefix.APPLIED_KEY] = True
    stripped = strip_prefix(log)
    assert uris(stripped) == uris(log)


def test_a_baseline_from_before_matches_a_prefixed_scan_and_the_other_way() -> None:
    before = prefixed_log()
    del before["properties"]["shiftleft"][prefix.PREFIX_KEY]  # a baseline written before prefixes
    now = prefixed_log()
    summary = set_baseline_state(now, before)
    assert summary.new == 0 and summary.absent == 0
    written = json.loads(json.dumps(add_prefix(prefixed_log())))  # a baseline written with the prefix
    summary = set_baseline_state(prefixed_log(), written)
    assert summary.new == 0 and summary.absent == 0


def _trustable(log: dict[str, Any]) -> dict[str, Any]:
    log["properties"]["shiftleft"].update(stages=["code"], target="x", scanners=[
        {"name": r["properties"]["shiftleft"]["scanner"], "stage": r["properties"]["shiftleft"]["stage"],
         "category": "iac", "status": "ok", "required": False} for r in runs_of(log)])  # fmt: skip
    return log


def test_a_log_read_back_has_the_scan_paths_and_merge_keeps_the_prefix() -> None:
    internal = _trustable(prefixed_log())
    on_disk = json.loads(json.dumps(add_prefix(internal)))
    back = trusted_log(on_disk, "shiftleft.sarif")
    assert uris(back) == uris(internal)
    assert prefix.APPLIED_KEY not in back["properties"]["shiftleft"]
    merged = merge_logs([("a.sarif", back), ("b.sarif", trusted_log(copy.deepcopy(on_disk), "b.sarif"))])
    assert merged["properties"]["shiftleft"][prefix.PREFIX_KEY] == "services/api/"
    assert uris(add_prefix(merged))[0].startswith("services/api/")


def test_the_sarif_writer_applies_the_prefix(tmp_path: Path) -> None:
    from shiftleft.report import write_reports
    from shiftleft.report.model import assemble_report

    report = assemble_report(_trustable(prefixed_log())).report
    write_reports(report, ["sarif"], tmp_path, sarif_profile="github")
    for name in ("shiftleft.sarif", "shiftleft.github.sarif"):
        data = json.loads((tmp_path / name).read_text())
        assert all(u.startswith("services/api/") for u in uris(data)), name
    assert not uris(report.sarif)[0].startswith("services/")  # the report itself keeps the scan's paths


def test_a_log_read_back_loses_a_context_region_validators_reject() -> None:
    log = _trustable(prefixed_log())
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    physical["contextRegion"] = {"startLine": 4, "endLine": 8}  # below the region's line 3: SARIF1008
    back = trusted_log(json.loads(json.dumps(log)), "old.sarif")
    assert "contextRegion" not in back["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
