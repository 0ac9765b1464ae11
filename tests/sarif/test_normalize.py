"""sarif/normalize.py: every tool's run brought to our SARIF conventions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import sarif_om

from shiftleft import severity as sev
from shiftleft.sarif import om
from shiftleft.sarif.normalize import RunInfo, normalize_run, relative_uri
from tests.helpers import FakeScanner, make_run, result_dict, target_for

CODE = "import os\n\n\ndef handler(cmd):\n    os.system(cmd)\n    return 1\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / "app.py").write_text(CODE)
    (root / "pkg" / "mod.py").write_text("x = 1\ny = 2\n")
    return root


def info(scanner: str = "fake", stage: str = "code", status: str = "ok", reason: str | None = None) -> RunInfo:
    return RunInfo(scanner, stage, "sast", status, reason, 1.23456, "1.2.3")


def normalize(project: Path, results: list[dict], rules: list[dict] | None = None, **kw) -> sarif_om.Run:
    scanner = kw.pop("scanner", FakeScanner())
    return normalize_run(make_run(results, rules), scanner, kw.pop("info", info()), target_for(project))


def only_result(run: sarif_om.Run) -> sarif_om.Result:
    assert len(run.results) == 1
    return run.results[0]


def physical(result: sarif_om.Result) -> sarif_om.PhysicalLocation:
    return result.locations[0].physical_location


# --- URIs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_uri",
    [
        lambda root: str(root / "pkg" / "mod.py"),
        lambda root: (root / "pkg" / "mod.py").as_uri(),
        lambda root: "./pkg/mod.py",
        lambda root: "././pkg/mod.py",
        lambda root: "pkg/mod.py",
    ],
    ids=["absolute", "file-uri", "dot-slash", "double-dot-slash", "relative"],
)
def test_uris_become_relative_under_srcroot(project: Path, make_uri) -> None:
    run = normalize(project, [result_dict("R1", make_uri(project.resolve()), 2)])
    art = physical(only_result(run)).artifact_location
    assert art.uri == "pkg/mod.py"
    assert art.uri_base_id == "%SRCROOT%"
    assert run.original_uri_base_ids == {"%SRCROOT%": {"uri": project.resolve().as_uri() + "/"}}


def test_file_uri_with_percent_escapes(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    assert relative_uri((root / "my file.py").as_uri(), root) == "my file.py"


def test_absolute_uri_through_unresolved_root_alias(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    alias = tmp_path / "alias"
    alias.symlink_to(real)
    # the tool saw the real path, we were handed the alias
    assert relative_uri(str(real / "a.py"), alias) == "a.py"


def test_each_uri_of_a_run_is_made_relative_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results of one file share its URI: ``relative_uri`` (path objects, the largest part of
    normalizing a result) runs once per distinct URI, and every result gets the same path
    as when each was made relative by itself."""
    from shiftleft.sarif import normalize as normalize_mod

    calls: list[str] = []
    real = normalize_mod.relative_uri
    monkeypatch.setattr(normalize_mod, "relative_uri", lambda uri, root: calls.append(uri) or real(uri, root))
    absolute, as_uri = str(project.resolve() / "pkg" / "mod.py"), (project.resolve() / "app.py").as_uri()
    results = [result_dict("R1", absolute, 1 + i % 2) for i in range(50)] + [result_dict("R1", as_uri, 5)] * 3
    run = normalize(project, results)
    assert len(calls) == 2
    assert [physical(r).artifact_location.uri for r in run.results] == ["pkg/mod.py"] * 50 + ["app.py"] * 3


# --- rules ---------------------------------------------------------------------------


def test_missing_rules_are_created_with_texts_and_index(project: Path) -> None:
    run = normalize(project, [result_dict("R-missing", "app.py", 5, "os.system with user input")], rules=[])
    rules = run.tool.driver.rules
    assert [r.id for r in rules] == ["R-missing"]
    rule = rules[0]
    assert rule.short_description.text == "R-missing"
    assert rule.full_description.text == "R-missing"
    assert rule.help.text == "R-missing"
    result = only_result(run)
    assert result.rule_index == 0
    assert result.rule is None


def test_existing_rule_without_texts_gets_them_from_name_and_help_uri(project: Path) -> None:
    rules = [{"id": "B1", "name": "shell_injection", "helpUri": "https://docs.test/b1"}]
    run = normalize(project, [result_dict("B1", "app.py", 5)], rules=rules)
    rule = run.tool.driver.rules[0]
    assert rule.short_description.text == "shell injection"
    assert rule.full_description.text == "shell injection"
    assert rule.help.text == "shell injection\n\nMore: https://docs.test/b1"


def test_rule_index_follows_rule_order(project: Path) -> None:
    rules = [{"id": "A", "shortDescription": {"text": "a"}}, {"id": "B", "shortDescription": {"text": "b"}}]
    run = normalize(project, [result_dict("B", "app.py", 1), result_dict("C", "app.py", 2)], rules=rules)
    assert [r.id for r in run.tool.driver.rules] == ["A", "B", "C"]
    assert [r.rule_index for r in run.results] == [1, 2]
    # an unused rule still gets a security-severity (the default of the map)
    assert run.tool.driver.rules[0].properties["security-severity"] == "5.5"


# --- severity ------------------------------------------------------------------------


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> sev.SeverityMap:
    smap = sev.SeverityMap(
        "fake", default="low", words={"error": "high", "warning": "medium", "note": "low"}, rules={"OVR": "critical"}
    )
    monkeypatch.setattr(sev, "map_for", lambda tool: smap)
    return smap


def _sev(project: Path, result: dict) -> tuple[str, str]:
    props = only_result(normalize(project, [result])).properties
    return props["severity"], props["security-severity"]


def test_severity_rule_override_beats_cvss_and_word(project: Path, fake_map: sev.SeverityMap) -> None:
    r = result_dict("OVR", "app.py", 5, level="note", properties={"security-severity": "2.0"})
    assert _sev(project, r) == ("critical", "9.5")


def test_severity_cvss_beats_word(project: Path, fake_map: sev.SeverityMap) -> None:
    r = result_dict("R", "app.py", 5, level="error", properties={"security-severity": "4.2"})
    assert _sev(project, r) == ("medium", "4.2")
    r = result_dict("R", "app.py", 5, level="note", properties={"security-severity": 9.8})
    assert _sev(project, r) == ("critical", "9.8")


def test_severity_word_map_then_default(project: Path, fake_map: sev.SeverityMap) -> None:
    assert _sev(project, result_dict("R", "app.py", 5, level="error")) == ("high", "8.0")
    # no level: sarif-om's default "warning" is the native word
    assert _sev(project, result_dict("R", "app.py", 5)) == ("medium", "5.5")
    assert _sev(project, result_dict("R", "app.py", 5, level="none")) == ("low", "2.0")


def test_unparsable_cvss_falls_back_to_word(project: Path, fake_map: sev.SeverityMap) -> None:
    r = result_dict("R", "app.py", 5, level="error", properties={"security-severity": "high-ish"})
    assert _sev(project, r) == ("high", "8.0")


@pytest.mark.parametrize("bogus", ["nan", "inf", "-inf", "11.5", "-1"])
def test_out_of_range_cvss_is_ignored(project: Path, fake_map: sev.SeverityMap, bogus: str) -> None:
    """security-severity is a 0.0-10.0 string; a NaN/inf/out-of-range tool value must not leak out."""
    r = result_dict("R", "app.py", 5, level="error", properties={"security-severity": bogus})
    assert _sev(project, r) == ("high", "8.0")


def test_real_severity_map_is_used_by_scanner_name(project: Path) -> None:
    class Bandit(FakeScanner):
        name = "bandit"

        def native_severity(self, result, rule):
            return result.properties.get("issue_severity")

    r = result_dict("B602", "app.py", 5, properties={"issue_severity": "HIGH"})
    run = normalize_run(make_run([r]), Bandit(), info("bandit"), target_for(project))
    assert only_result(run).properties["severity"] == "high"


def test_rule_security_severity_is_max_of_its_results(project: Path, fake_map: sev.SeverityMap) -> None:
    results = [
        result_dict("R", "app.py", 1, properties={"security-severity": "3.1"}),
        result_dict("R", "app.py", 4, properties={"security-severity": "7.4"}),
        result_dict("R", "app.py", 5, properties={"security-severity": "5.0"}),
        result_dict("S", "app.py", 5, level="note"),
    ]
    run = normalize(project, results)
    by_id = {r.id: r for r in run.tool.driver.rules}
    assert by_id["R"].properties["security-severity"] == "7.4"
    assert by_id["S"].properties["security-severity"] == "2.0"
    assert [r.properties["severity"] for r in run.results] == ["low", "high", "medium", "low"]


# --- taxonomy, stage, region ---------------------------------------------------------


def test_cwe_and_owasp_are_normalized(project: Path) -> None:
    rules = [
        {
            "id": "sqli",
            "shortDescription": {"text": "sqli"},
            "properties": {"tags": ["CWE-89: Improper Neutralization", "A03:2021 - Injection"], "cwe": "cwe_564"},
        }
    ]
    run = normalize(project, [result_dict("sqli", "app.py", 5, properties={"cwe": ["CWE-89", "cwe-20"]})], rules)
    result = only_result(run)
    assert result.properties["cwe"] == ["CWE-89", "CWE-564", "CWE-20"]
    assert result.properties["owasp"] == ["A03:2021"]
    tags = run.tool.driver.rules[0].properties["tags"]
    assert tags == [
        "CWE-89: Improper Neutralization",
        "A03:2021 - Injection",
        "security",
        "external/cwe/cwe-89",
        "external/cwe/cwe-564",
        "external/cwe/cwe-20",
    ]


def test_stage_category_tool_recorded(project: Path) -> None:
    run = normalize(project, [result_dict("R", "app.py", 5)], info=info("fake", stage="build"))
    props = only_result(run).properties
    assert (props["stage"], props["category"], props["tool"]) == ("build", "sast", "fake")
    assert run.automation_details.id == "shiftleft/build/fake/"
    assert run.properties["shiftleft"] == {
        "scanner": "fake",
        "stage": "build",
        "category": "sast",
        "status": "ok",
        "seconds": 1.235,
        "version": "1.2.3",
    }
    assert run.invocations[0].execution_successful is True


def test_failed_status_marks_invocation_unsuccessful(project: Path) -> None:
    run = normalize(project, [], info=info(status="timeout", reason="took too long"))
    assert run.invocations[0].execution_successful is False
    assert run.properties["shiftleft"]["status"] == "timeout"
    assert run.properties["shiftleft"]["reason"] == "took too long"


def test_zero_line_and_column_fixed_to_one(project: Path) -> None:
    r = result_dict("R", "app.py", 0)
    r["locations"][0]["physicalLocation"]["region"].update({"startColumn": 0, "endColumn": 0, "endLine": -3})
    region = physical(only_result(normalize(project, [r]))).region
    assert (region.start_line, region.start_column, region.end_line, region.end_column) == (1, 1, 1, 1)


def test_empty_message_gets_rule_text(project: Path) -> None:
    r = result_dict("R", "app.py", 1, text="")
    rules = [{"id": "R", "shortDescription": {"text": "short text"}}]
    assert only_result(normalize(project, [r], rules)).message.text == "short text"


def test_normalized_run_is_schema_valid(project: Path) -> None:
    results = [result_dict("R", str(project / "app.py"), 0), result_dict("S", "./pkg/mod.py", 2)]
    run = normalize(project, results)
    log = om.log_to_dict(sarif_om.SarifLog(version="2.1.0", runs=[run]))
    assert list(jsonschema.Draft4Validator(om.sarif_schema()).iter_errors(log)) == []
    json.dumps(log)  # fully JSON-serializable


# --- fingerprints --------------------------------------------------------------------


def _hash(project: Path, line: int, rule: str = "R") -> str:
    run = normalize(project, [result_dict(rule, "app.py", line)])
    return only_result(run).partial_fingerprints["primaryLocationLineHash"]


def test_line_hash_survives_lines_inserted_above(project: Path) -> None:
    assert CODE.splitlines()[4] == "    os.system(cmd)"
    before = _hash(project, 5)
    (project / "app.py").write_text("# new\n" * 5 + CODE)
    after = _hash(project, 10)
    assert before == after
    assert before.endswith(":1")
    # and it really is content based: another line hashes differently
    assert _hash(project, 11) != before
    # whitespace-only reindentation does not change it either
    (project / "app.py").write_text(CODE.replace("    os.system(cmd)", "\t  os.system(cmd)  "))
    assert _hash(project, 5) == before


def test_line_hash_depends_on_rule(project: Path) -> None:
    assert _hash(project, 5, "R") != _hash(project, 5, "S")


def test_identical_lines_get_occurrence_counter(project: Path) -> None:
    (project / "dup.py").write_text("eval(x)\nok = 1\neval(x)\n")
    run = normalize(project, [result_dict("R", "dup.py", 1), result_dict("R", "dup.py", 3)])
    first, second = (r.partial_fingerprints["primaryLocationLineHash"] for r in run.results)
    assert first != second
    digest = first.split(":")[0]
    assert first == f"{digest}:1"
    assert second == f"{digest}:2"
    ids = {r.fingerprints["shiftleft/v1"] for r in run.results}
    assert len(ids) == 2


def test_existing_fingerprints_are_kept(project: Path) -> None:
    r = result_dict("R", "app.py", 5, partialFingerprints={"other": "x"}, fingerprints={"tool/v1": "y"})
    result = only_result(normalize(project, [r]))
    assert result.partial_fingerprints["other"] == "x"
    assert result.fingerprints["tool/v1"] == "y"
    assert len(result.fingerprints["shiftleft/v1"]) == 32


def test_files_outside_the_safe_list_are_not_read(project: Path) -> None:
    """A result pointing at a file that is not in target.files must not be read for hashing."""
    (project / "secret.txt").write_text("TOKEN=abc\n")
    target = target_for(project, ["app.py"])
    r1 = normalize_run(make_run([result_dict("R", "secret.txt", 1, "m")]), FakeScanner(), info(), target)
    (project / "secret.txt").write_text("TOKEN=something else\n")
    r2 = normalize_run(make_run([result_dict("R", "secret.txt", 1, "m")]), FakeScanner(), info(), target)
    h1 = only_result(r1).partial_fingerprints["primaryLocationLineHash"]
    assert h1 == only_result(r2).partial_fingerprints["primaryLocationLineHash"]


@pytest.mark.parametrize("written", ["dir/my file.py", "dir/my%20file.py"])
def test_paths_with_spaces_are_one_encoded_uri_whatever_the_tool_wrote(tmp_path: Path, written: str) -> None:
    """semgrep writes "my file.py", bandit "my%20file.py": both become the same valid URI
    reference, and the source line is still found for the fingerprint."""
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "my file.py").write_text("a = 1\nb = 2\n")
    run = normalize_run(
        make_run([result_dict("R", written, 2)]), FakeScanner(), info(), target_for(tmp_path, ["dir/my file.py"])
    )
    result = run.results[0]
    assert physical(result).artifact_location.uri == "dir/my%20file.py"
    other = normalize_run(
        make_run([result_dict("R", "x.py", 2)]), FakeScanner(), info(), target_for(tmp_path, ["dir/my file.py"])
    )
    # the hash came from the line "b = 2", not from the message (as for an unknown file)
    assert result.partial_fingerprints["primaryLocationLineHash"] != other.results[0].partial_fingerprints[
        "primaryLocationLineHash"
    ]
