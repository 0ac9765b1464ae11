"""zizmor's JSON output read as hostile input: forged types, huge and deep documents, paths
outside what it was given; its severities and confidences through policies/severity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shiftleft import severity as sev
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.model import ScanTarget
from shiftleft.process import ToolError
from shiftleft.sarif import om
from shiftleft.scanners import zizmor
from shiftleft.scanners.inputs import Copied, copy_inputs


@pytest.fixture
def copied(tmp_path: Path) -> Copied:
    root = tmp_path / "repo"
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/ci.yml").write_text("on: push\n")
    (root / "act/action.yml").parent.mkdir()
    (root / "act/action.yml").write_text("runs: {}\n")
    target = ScanTarget(root=root, files=(".github/workflows/ci.yml", "act/action.yml"))
    return copy_inputs(target, zizmor.select(target), tmp_path / "mirror")


def finding(copied: Copied, ident: str = "template-injection", row: int = 11, **extra: Any) -> dict[str, Any]:
    """One finding as zizmor 1.32 prints it (``--format json-v1``), trimmed."""
    path = str(copied.root / ".github/workflows/ci.yml")

    def loc(kind: str, line: int, annotation: str) -> dict[str, Any]:
        return {
            "symbolic": {"key": {"Local": {"verbatim_path": path}}, "annotation": annotation,
                         "route": {"route": [{"Key": "jobs"}, {"Key": "build"}, {"Key": "steps"}, {"Index": 1}]},
                         "feature_kind": "Normal", "kind": kind},
            "concrete": {"location": {"start_point": {"row": line, "column": 8}, "end_point": {"row": line,
                                                                                            "column": 40}},
                         "feature": "run: echo", "comments": []},
        }  # fmt: skip

    data: dict[str, Any] = {
        "ident": ident,
        "desc": "code injection via template expansion",
        "url": "https://docs.zizmor.sh/audits/#template-injection",
        "determinations": {"confidence": "High", "severity": "High", "persona": "Regular"},
        "locations": [loc("Hidden", 0, "this step"), loc("Primary", row, "may expand into attacker-controllable code"),
                      loc("Related", row - 1, "github.event.issue.title")],
        "ignored": False,
        "fixes": [],
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_finding_becomes_a_result_on_the_primary_location(copied: Copied) -> None:
    rules, results, unreadable = zizmor.convert([finding(copied)], copied)
    assert unreadable == 0
    assert [r.id for r in rules] == ["zizmor/template-injection"]
    assert rules[0].help_uri == "https://docs.zizmor.sh/audits/#template-injection"
    assert rules[0].properties["cwe"] == ["CWE-94"]
    (res,) = results
    region = res.locations[0].physical_location.region
    assert res.locations[0].physical_location.artifact_location.uri == ".github/workflows/ci.yml"
    assert (region.start_line, region.start_column, region.end_line, region.end_column) == (12, 9, 12, 41)
    assert res.message.text == "code injection via template expansion: may expand into attacker-controllable code"
    assert res.properties["precision"] == "high"
    assert [loc.message.text for loc in res.related_locations] == ["github.event.issue.title"]
    assert res.suppressions is None
    assert set(res.partial_fingerprints) == {"zizmorFinding/v1"}


def test_the_fingerprint_survives_lines_moving_but_not_another_route(copied: Copied) -> None:
    (a,), (b,) = (zizmor.convert([finding(copied, row=r)], copied)[1] for r in (11, 40))
    assert a.partial_fingerprints == b.partial_fingerprints
    other = finding(copied)
    other["locations"][1]["symbolic"]["route"]["route"][-1] = {"Index": 2}
    (c,) = zizmor.convert([other], copied)[1]
    assert c.partial_fingerprints != a.partial_fingerprints


def test_an_ignore_comment_is_an_in_source_suppression_and_the_finding_is_kept(copied: Copied) -> None:
    (res,) = zizmor.convert([finding(copied, ignored=True)], copied)[1]
    assert [s.kind for s in res.suppressions] == ["inSource"]


@pytest.mark.parametrize(
    "forged",
    [
        "not a finding",
        {"ident": 7},
        {"ident": "../../etc"},
        {"ident": "x" * 500},
        {"ident": "template-injection", "locations": "everywhere"},
        {"ident": "template-injection", "locations": [{"symbolic": {"kind": "Primary", "key": "Local"}}]},
        {"ident": "template-injection",
         "locations": [{"symbolic": {"kind": "Primary", "key": {"Local": {"verbatim_path": "/etc/shadow"}}}}]},
        {"ident": "template-injection",
         "locations": [{"symbolic": {"kind": "Related", "key": {"Local": {"verbatim_path": "x"}}}}]},
    ],
)  # fmt: skip
def test_unreadable_findings_are_counted_never_crash(copied: Copied, forged: Any) -> None:
    _rules, results, unreadable = zizmor.convert([forged, finding(copied)], copied)
    assert unreadable == 1
    assert len(results) == 1


def test_wrong_types_inside_a_finding_fall_back(copied: Copied) -> None:
    data = finding(copied, determinations={"severity": ["High"], "confidence": {"x": 1}, "persona": 3},
                   desc=None, url="javascript:alert(1)")  # fmt: skip
    data["locations"][1]["concrete"]["location"]["start_point"] = {"row": "eleven", "column": True}
    data["locations"][1]["symbolic"]["annotation"] = ["x"]
    rules, (res,), _ = zizmor.convert([data], copied)
    assert res.properties["zizmor/severity"] == "Unknown" and res.properties["zizmor/confidence"] == "Unknown"
    assert res.locations[0].physical_location.region.start_line == 1
    assert rules[0].help_uri is None
    assert res.message.text


def test_output_that_is_not_a_list_or_too_long_is_a_failed_run(copied: Copied) -> None:
    with pytest.raises(ToolError, match="not a list"):
        zizmor.convert({"findings": []}, copied)
    with pytest.raises(ToolError, match="more than"):
        zizmor.convert([None] * (zizmor.MAX_FINDINGS + 1), copied)


def test_deep_output_is_refused_before_conversion() -> None:
    with pytest.raises(ValueError, match="deeper"):
        loads_bounded("[" * 100_000 + "]" * 100_000)


def test_huge_text_fields_are_bounded(copied: Copied) -> None:
    data = finding(copied, desc="d" * 10_000_000)
    data["locations"][1]["symbolic"]["annotation"] = "a" * 10_000_000
    rules, (res,), _ = zizmor.convert([data], copied)
    assert len(res.message.text) < 2000
    assert len(json.dumps(om.to_dict(rules[0]))) < 5000


def test_completed_lines_name_the_audited_files(copied: Copied) -> None:
    log = (
        " INFO zizmor: 🌈 zizmor v1.32.0\n"
        " WARN collect_inputs: failed to parse input: did not find expected ','\n"
        f" INFO audit: zizmor: 🌈 completed {copied.root}/.github/workflows/ci.yml\n"
        " INFO audit: zizmor: 🌈 completed /etc/passwd\n"
    )
    assert zizmor.audited_files(log, copied) == {".github/workflows/ci.yml"}


def test_selection_workflows_and_composite_actions() -> None:
    assert zizmor.is_workflow(".github/workflows/ci.yml")
    assert zizmor.is_workflow("pkg/.github/workflows/release.yaml")
    assert not zizmor.is_workflow(".github/workflows/README.md")
    assert not zizmor.is_workflow(".github/dependabot.yml")
    assert not zizmor.is_workflow("workflows/ci.yml")
    assert zizmor.is_action("action.yml") and zizmor.is_action(".github/actions/setup/action.yaml")
    assert not zizmor.is_action("my-action.yml")
    assert zizmor.is_dependabot(".github/dependabot.yml") and zizmor.is_dependabot("pkg/.github/dependabot.yaml")
    assert not zizmor.is_dependabot("dependabot.yml")
    assert zizmor.is_pre_commit(".pre-commit-config.yaml") and zizmor.is_pre_commit("sub/.pre-commit-hooks.yaml")


@pytest.mark.parametrize(
    ("severity", "confidence", "expected"),
    [
        ("High", "High", "high"), ("High", "Medium", "high"), ("High", "Low", "medium"),
        ("Medium", "High", "medium"), ("Medium", "Low", "low"), ("Low", "High", "low"),
        ("Informational", "High", "info"), ("Unknown", "Unknown", "medium"),
    ],
)  # fmt: skip
def test_severity_and_confidence_map(severity: str, confidence: str, expected: str) -> None:
    smap = sev.map_for("zizmor")
    assert smap.for_word(f"{severity}/{confidence}") == expected


def test_every_pair_of_words_is_mapped() -> None:
    smap = sev.map_for("zizmor")
    for s in zizmor.SEVERITIES:
        for c in zizmor.CONFIDENCES:
            assert smap.for_word(f"{s}/{c}") in sev.SEVERITIES, (s, c)
    assert smap.rules["zizmor/unpinned-uses"] == "medium"


def test_native_severity_reads_the_pair(copied: Copied) -> None:
    (res,) = zizmor.convert([finding(copied, determinations={"severity": "Medium", "confidence": "Low"})], copied)[1]
    assert zizmor.Zizmor().native_severity(res, None) == "Medium/Low"
    res.properties = {"zizmor/severity": "Catastrophic"}
    assert zizmor.Zizmor().native_severity(res, None) == "Unknown/Unknown"
