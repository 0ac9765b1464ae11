"""sarif/om.py: JSON <-> sarif-om objects, driven by the SARIF schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import sarif_om

from shiftleft.sarif import om

SCHEMA_FILE = Path(om.__file__).parent / "schema" / "sarif-schema-2.1.0.json"


def realistic_run() -> dict:
    """A run shaped like semgrep/bandit output, with every nesting level we rely on."""
    return {
        "tool": {
            "driver": {
                "name": "semgrep",
                "semanticVersion": "1.100.0",
                "informationUri": "https://semgrep.dev",
                "contents": ["localizedData", "nonLocalizedData"],
                "rules": [
                    {
                        "id": "python.sqli",
                        "name": "python.sqli",
                        "shortDescription": {"text": "SQL injection"},
                        "fullDescription": {"text": "User data flows into a SQL query."},
                        "help": {"text": "Use parameters.", "markdown": "Use **parameters**."},
                        "helpUri": "https://example.test/sqli",
                        "defaultConfiguration": {"level": "error"},
                        "properties": {
                            "tags": ["security", "CWE-89: SQL Injection", "OWASP-A03:2021 - Injection"],
                            "precision": "high",
                            "security-severity": "8.1",
                            "vendor key with spaces": {"nested": [1, 2, {"deep": True}]},
                        },
                    },
                    {"id": "python.weak-hash", "shortDescription": {"text": "weak hash"}},
                ],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": "skipped 1 file"}, "descriptor": {"id": "skip"}}
                ],
            }
        ],
        "automationDetails": {"id": "semgrep/run-1/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///src/"}},
        "newlineSequences": ["\r\n", "\n"],
        "results": [
            {
                "ruleId": "python.sqli",
                "ruleIndex": 0,
                "level": "error",
                "message": {"text": "Tainted SQL string"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": "app/db.py", "uriBaseId": "%SRCROOT%"},
                            "region": {
                                "startLine": 12,
                                "startColumn": 5,
                                "endLine": 12,
                                "endColumn": 40,
                                "snippet": {"text": "cur.execute(q % x)"},
                            },
                            "contextRegion": {"startLine": 11, "endLine": 13},
                        },
                        "logicalLocations": [{"fullyQualifiedName": "app.db.query", "kind": "function"}],
                    }
                ],
                "relatedLocations": [
                    {
                        "id": 1,
                        "message": {"text": "source"},
                        "physicalLocation": {
                            "artifactLocation": {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": 3},
                        },
                    }
                ],
                "partialFingerprints": {"primaryLocationLineHash": "abc:1"},
                "fingerprints": {"matchBasedId/v1": "f00"},
                "suppressions": [{"kind": "inSource", "justification": "reviewed"}],
                "properties": {"exposure": "internal", "arbitrary": {"a": [1, "b"]}},
            },
            {
                "ruleId": "python.weak-hash",
                "kind": "review",
                "message": {"text": "md5"},
                "locations": [
                    {"physicalLocation": {"artifactLocation": {"uri": "app/h.py"}, "region": {"startLine": 1}}}
                ],
            },
        ],
    }


def test_round_trip_of_realistic_run_is_exact() -> None:
    data = realistic_run()
    run = om.run_from_dict(copy.deepcopy(data))
    assert om.to_dict(run) == data


def test_from_dict_builds_sarif_om_objects_and_keeps_property_bags_as_dicts() -> None:
    run = om.run_from_dict(realistic_run())
    assert isinstance(run, sarif_om.Run)
    rule = run.tool.driver.rules[0]
    assert isinstance(rule, sarif_om.ReportingDescriptor)
    assert isinstance(rule.short_description, sarif_om.MultiformatMessageString)
    assert isinstance(rule.default_configuration, sarif_om.ReportingConfiguration)
    assert rule.properties == realistic_run()["tool"]["driver"]["rules"][0]["properties"]
    assert type(rule.properties) is dict
    result = run.results[0]
    assert isinstance(result, sarif_om.Result)
    region = result.locations[0].physical_location.region
    assert isinstance(region, sarif_om.Region)
    assert (region.start_line, region.start_column, region.end_column) == (12, 5, 40)
    assert region.snippet.text == "cur.execute(q % x)"
    assert isinstance(result.locations[0].logical_locations[0], sarif_om.LogicalLocation)
    assert isinstance(result.related_locations[0].physical_location, sarif_om.PhysicalLocation)
    assert isinstance(result.suppressions[0], sarif_om.Suppression)
    assert result.partial_fingerprints == {"primaryLocationLineHash": "abc:1"}
    assert type(result.properties) is dict
    assert run.invocations[0].tool_execution_notifications[0].level == "note"


def test_unknown_keys_are_kept_under_properties_unrecognized() -> None:
    data = realistic_run()
    data["results"][0]["vendorExtra"] = {"x": 1}
    data["results"][0]["locations"][0]["physicalLocation"]["region"]["weirdOffset"] = 7
    data["tool"]["driver"]["rules"][1]["futureField"] = ["a"]
    out = om.to_dict(om.run_from_dict(data))

    result = out["results"][0]
    assert "vendorExtra" not in result
    assert result["properties"] == {
        "exposure": "internal",
        "arbitrary": {"a": [1, "b"]},
        "unrecognized": {"vendorExtra": {"x": 1}},
    }
    region = result["locations"][0]["physicalLocation"]["region"]
    assert "weirdOffset" not in region
    assert region["properties"] == {"unrecognized": {"weirdOffset": 7}}
    assert out["tool"]["driver"]["rules"][1]["properties"] == {"unrecognized": {"futureField": ["a"]}}


def test_defaults_are_omitted_and_non_defaults_kept() -> None:
    result = sarif_om.Result(message=sarif_om.Message(text="m"), rule_id="R")
    assert result.level == "warning" and result.rule_index == -1 and result.kind == "fail"
    # level is always written: an absent level would mean "the rule's default level"
    assert om.to_dict(result) == {"message": {"text": "m"}, "ruleId": "R", "level": "warning"}
    result.level = None
    assert om.to_dict(result) == {"message": {"text": "m"}, "ruleId": "R"}


def test_absent_defaults_stay_absent_through_a_round_trip() -> None:
    """A result with no level under a rule whose default is "error" must not come back
    with an explicit "warning" (that would downgrade it for every consumer)."""
    data = {"message": {"text": "m"}, "ruleId": "R"}
    result = om.from_dict(sarif_om.Result, data)
    assert result.level is None and result.rank is None
    assert om.to_dict(result) == data

    result.level, result.rule_index, result.kind = "error", 0, "review"
    assert om.to_dict(result) == {
        "message": {"text": "m"},
        "ruleId": "R",
        "level": "error",
        "ruleIndex": 0,
        "kind": "review",
    }
    art = sarif_om.ArtifactLocation(uri="a.py", index=-1)
    assert om.to_dict(art) == {"uri": "a.py"}


def test_to_dict_uses_camel_case_schema_names() -> None:
    loc = sarif_om.PhysicalLocation(
        artifact_location=sarif_om.ArtifactLocation(uri="a.py", uri_base_id="%SRCROOT%"),
        region=sarif_om.Region(start_line=2, start_column=3, end_line=4, end_column=5),
        context_region=sarif_om.Region(start_line=1),
    )
    assert om.to_dict(loc) == {
        "artifactLocation": {"uri": "a.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 3, "endLine": 4, "endColumn": 5},
        "contextRegion": {"startLine": 1},
    }
    text = json.dumps(om.to_dict(om.run_from_dict(realistic_run())))
    assert "_" not in "".join(k for k in _all_keys(json.loads(text)) if not _is_free_form(k))


def _is_free_form(key: str) -> bool:
    # keys chosen by tools inside property bags / fingerprint maps are not schema names
    return key in {"vendor key with spaces", "matchBasedId/v1", "security-severity", "%SRCROOT%"}


def _all_keys(obj: object, inside_bag: bool = False) -> list[str]:
    keys: list[str] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not inside_bag:
                keys.append(k)
            keys.extend(_all_keys(v, inside_bag or k in {"properties", "partialFingerprints", "fingerprints"}))
    elif isinstance(obj, list):
        for v in obj:
            keys.extend(_all_keys(v, inside_bag))
    return keys


def test_dict_values_that_are_none_are_dropped() -> None:
    result = sarif_om.Result(message=sarif_om.Message(text="m"), properties={"keep": 0, "drop": None, "f": False})
    assert om.to_dict(result)["properties"] == {"keep": 0, "f": False}


def test_log_to_dict_sets_schema_and_version_and_validates() -> None:
    log = sarif_om.SarifLog(version="2.1.0", runs=[om.run_from_dict(realistic_run())])
    data = om.log_to_dict(log)
    assert data["$schema"] == om.SARIF_SCHEMA_URI
    assert data["version"] == "2.1.0"
    assert next(iter(data)) == "$schema"
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(data), key=str)
    assert errors == []


def test_schema_validator_does_reject_bad_output() -> None:
    """Guard: the validation above could pass vacuously if the schema were not enforced."""
    log = sarif_om.SarifLog(version="2.1.0", runs=[om.run_from_dict(realistic_run())])
    data = om.log_to_dict(log)
    data["runs"][0]["results"][0]["level"] = "urgent"
    data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    errors = list(jsonschema.Draft4Validator(om.sarif_schema()).iter_errors(data))
    assert len(errors) == 2


def test_log_round_trip_through_json_text() -> None:
    log = sarif_om.SarifLog(version="2.1.0", runs=[om.run_from_dict(realistic_run())])
    text = json.dumps(om.log_to_dict(log))
    again = om.log_from_dict(json.loads(text))
    assert again.schema_uri is None
    assert om.log_to_dict(again) == json.loads(text)


@pytest.mark.parametrize("missing", ["tool", "message"])
def test_from_dict_requires_mandatory_members(missing: str) -> None:
    data = realistic_run()
    if missing == "tool":
        del data["tool"]
        with pytest.raises(TypeError):
            om.run_from_dict(data)
    else:
        del data["results"][0]["message"]
        with pytest.raises(TypeError):
            om.run_from_dict(data)
