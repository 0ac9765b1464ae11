"""hadolint's JSON output read as hostile input, its ignore pragmas as in-source
suppressions, DL1000 as not assessed, and its level map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shiftleft import severity as sev
from shiftleft.model import ScanTarget
from shiftleft.process import ToolError
from shiftleft.scanners import hadolint
from shiftleft.scanners.inputs import Copied, copy_inputs

DOCKERFILE = """FROM python:latest
# hadolint ignore=DL3008,DL3015
RUN apt-get install -y curl
USER root
"""


def _copied(tmp_path: Path, text: str = DOCKERFILE, name: str = "Dockerfile") -> Copied:
    root = tmp_path / "repo"
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)
    target = ScanTarget(root=root, files=(name,))
    return copy_inputs(target, hadolint.select(target), tmp_path / "mirror")


def finding(copied: Copied, code: str, line: int, level: str = "warning", **extra: Any) -> dict[str, Any]:
    return {"code": code, "column": 1, "file": str(copied.root / "Dockerfile"), "level": level, "line": line,
            "message": f"message of {code}", **extra}  # fmt: skip


def _convert(copied: Copied, data: Any) -> hadolint._Converter:
    converter = hadolint._Converter(copied)
    converter.add(data)
    return converter


def test_findings_become_results_with_rules_and_help(tmp_path: Path) -> None:
    copied = _copied(tmp_path)
    conv = _convert(copied, [finding(copied, "DL3007", 1), finding(copied, "SC2086", 3, "info")])
    assert [r.rule_id for r in conv.results] == ["DL3007", "SC2086"]
    assert conv.rules["DL3007"].help_uri.endswith("/wiki/DL3007")
    assert "shellcheck" in conv.rules["SC2086"].help_uri
    res = conv.results[0]
    assert res.locations[0].physical_location.artifact_location.uri == "Dockerfile"
    assert res.properties == {"hadolint/level": "warning"}
    assert set(res.partial_fingerprints) == {"hadolintFinding/v1"}


def test_an_ignore_pragma_is_an_in_source_suppression_the_finding_kept(tmp_path: Path) -> None:
    copied = _copied(tmp_path)
    conv = _convert(copied, [finding(copied, "DL3008", 3), finding(copied, "DL3009", 3), finding(copied, "DL3002", 4)])
    marked = {r.rule_id: r.suppressions for r in conv.results}
    assert [s.kind for s in marked["DL3008"]] == ["inSource"]
    assert "DL3008" in marked["DL3008"][0].justification
    assert marked["DL3009"] is None and marked["DL3002"] is None


def test_a_global_pragma_covers_the_file(tmp_path: Path) -> None:
    copied = _copied(tmp_path, "# hadolint global ignore=DL3002\nFROM x:1\nUSER root\n")
    (res,) = _convert(copied, [finding(copied, "DL3002", 3)]).results
    assert res.suppressions and "global" in res.suppressions[0].justification


def test_a_parse_error_is_not_assessed_not_a_finding(tmp_path: Path) -> None:
    copied = _copied(tmp_path)
    conv = _convert(copied, [finding(copied, "DL1000", 2, "error", message="unexpected 'SECRET-TEXT'")])
    assert conv.results == [] and conv.unparsed == {"Dockerfile": 2}
    items = list(hadolint._unparsed(conv.unparsed))
    assert items[0]["subject"] == "Dockerfile" and "SECRET-TEXT" not in items[0]["reason"]


def test_fingerprint_survives_lines_moving(tmp_path: Path) -> None:
    a = _copied(tmp_path / "a", "FROM python:latest\n")
    b = _copied(tmp_path / "b", "# a comment\n\nFROM python:latest\n")
    (ra,) = _convert(a, [finding(a, "DL3007", 1)]).results
    (rb,) = _convert(b, [finding(b, "DL3007", 3)]).results
    assert ra.partial_fingerprints == rb.partial_fingerprints


@pytest.mark.parametrize(
    "forged",
    [
        "DL3007",
        {"code": 3007, "file": "Dockerfile", "line": 1},
        {"code": "DL3007; rm -rf /", "file": "Dockerfile", "line": 1},
        {"code": "DL3007", "file": "/etc/shadow", "line": 1},
        {"code": "DL3007", "file": ["Dockerfile"], "line": 1},
        {"code": "DL3007", "file": "Dockerfile", "line": "1"},
        {"code": "DL3007", "file": "Dockerfile", "line": 10**12},
    ],
)
def test_unreadable_findings_are_counted_never_crash(tmp_path: Path, forged: Any) -> None:
    copied = _copied(tmp_path)
    if isinstance(forged, dict) and forged.get("file") == "Dockerfile":
        forged["file"] = str(copied.root / "Dockerfile")
    conv = _convert(copied, [forged, finding(copied, "DL3007", 1)])
    assert conv.unreadable == 1 and len(conv.results) == 1


def test_wrong_level_and_message_types_fall_back(tmp_path: Path) -> None:
    copied = _copied(tmp_path)
    forged = finding(copied, "DL3007", 1, level="catastrophic", message={"x": 1}, column="a")
    (res,) = _convert(copied, [forged]).results
    assert res.properties["hadolint/level"] == "warning"
    assert res.message.text == "hadolint DL3007"
    (res,) = _convert(copied, [finding(copied, "DL3007", 1, level=["error"])]).results
    assert hadolint.Hadolint().native_severity(res, None) == "warning"


def test_output_that_is_not_a_list_or_too_long_is_a_failed_run(tmp_path: Path) -> None:
    copied = _copied(tmp_path)
    with pytest.raises(ToolError, match="not a list"):
        _convert(copied, {"results": []})
    with pytest.raises(ToolError, match="more than"):
        _convert(copied, [None] * (hadolint.MAX_FINDINGS + 1))


def test_huge_message_is_bounded(tmp_path: Path) -> None:
    copied = _copied(tmp_path)
    (res,) = _convert(copied, [finding(copied, "DL3007", 1, message="m" * 5_000_000)]).results
    assert len(res.message.text) <= 1000


def test_selection_is_checkovs_dockerfile_naming() -> None:
    files = ("Dockerfile", "a/Dockerfile.prod", "b/app.Dockerfile", "Containerfile", "docker-compose.yml",
             "Dockerfile.md.txt")
    target = ScanTarget(root=Path("/x"), files=files)
    assert hadolint.select(target) == ["Dockerfile", "a/Dockerfile.prod", "b/app.Dockerfile", "Containerfile",
                                       "Dockerfile.md.txt"]  # fmt: skip


@pytest.mark.parametrize(("level", "expected"), [("error", "medium"), ("warning", "low"), ("info", "info"),
                                                 ("style", "info")])  # fmt: skip
def test_level_map(level: str, expected: str) -> None:
    assert sev.map_for("hadolint").for_word(level) == expected
