"""scorecard.json against its JSON Schema (draft 2020-12)."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from shiftleft.model import Report
from shiftleft.report import scorecard_json
from shiftleft.report.model import assemble_report
from tests.report.conftest import load_scan


def _validator() -> jsonschema.Draft202012Validator:
    schema = scorecard_json.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_real_scorecard_validates(tmp_path: Path) -> None:
    """A scorecard.json as `shiftleft scan` writes it, from a real scan's SARIF."""
    report = assemble_report(load_scan()).report
    path = scorecard_json.write(report, tmp_path / "scorecard.json")
    data = json.loads(path.read_text("utf-8"))
    _validator().validate(data)
    # assembled as a scan assembles it: every shipped framework judged; no history in a log
    assert {fw["id"] for fw in data["frameworks"]} >= {"soc2", "pci-dss-4.0"} and data["history"] is None


def test_scorecard_with_frameworks_and_history_validates(report: Report) -> None:
    data = json.loads(json.dumps(scorecard_json.to_json(report)))
    _validator().validate(data)
    assert data["frameworks"][0]["summary"] == {"pass": 1, "fail": 1, "notAssessed": 1, "notApplicable": 1}
    assert data["history"]["trend"][-1] == ["2026-11-22T10:00:00Z", 28]


def _broken(data: dict[str, Any], how: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    if how == "grade":
        out["scorecard"]["overall"]["grade"] = "Z"
    elif how == "status":
        out["scanners"][0]["status"] = "kinda-ran"
    elif how == "missing":
        del out["gate"]
    elif how == "extra":
        out["findings"][0]["secret_value"] = "x"
    elif how == "control":
        out["frameworks"][0]["controls"][0]["state"] = "passed"
    return out


@pytest.mark.parametrize("how", ["grade", "status", "missing", "extra", "control"])
def test_schema_rejects_drift(report: Report, how: str) -> None:
    data = json.loads(json.dumps(scorecard_json.to_json(report)))
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(_broken(data, how))


def test_no_score_is_null_not_zero(report: Report) -> None:
    report = replace(report, history=None)
    data = scorecard_json.to_json(report)
    build = next(a for a in data["scorecard"]["stages"] if a["name"] == "build")
    assert build["score"] is None and build["grade"] == "N/A"
    _validator().validate(json.loads(json.dumps(data)))
