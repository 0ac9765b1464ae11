"""OSCAL Assessment Results (``-f oscal``): valid for compliance-trestle's OSCAL 1.1 model,
never satisfied without evidence, one observation per finding, byte-identical from identical
inputs, no secret and no host path, stable through ``report --from``, in the audit bundle."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from shiftleft import audit
from shiftleft.audit import export_bundle
from shiftleft.errors import EXIT_USAGE
from shiftleft.gitinfo import GitInfo
from shiftleft.model import ControlResult, FrameworkResult, Report
from shiftleft.policy.loader import shipped_frameworks
from shiftleft.report import FORMATS, oscal, write_reports
from shiftleft.report.model import assemble_report
from tests.conftest import require
from tests.hostile.redact.builders import forged_log, parts
from tests.report.conftest import SCAN_SARIF, full_report, load_scan
from tests.report.test_report_cli import invoke

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
#: OSCAL's token datatype (control ids, target ids, prop names)
TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def _trestle() -> Any:
    require(importlib.util.find_spec("trestle") is not None,
            "compliance-trestle is not installed (pip install -e '.[test]')")  # fmt: skip
    from trestle.oscal.assessment_results import AssessmentResults

    return AssessmentResults


def _validate(document: dict[str, Any]) -> Any:
    """compliance-trestle's pydantic model of OSCAL 1.1 Assessment Results, then all of its
    registered validators (``trestle validate -a``: no duplicate uuid, references...)."""
    model = _trestle().parse_obj(document["assessment-results"])
    import trestle.core.validator_factory as factory

    for validator in factory.validator_factory.get_all():
        assert validator.model_is_valid(model, True, None), validator.error_msg()
    return model


def _write(report: Report, directory: Path) -> dict[str, Any]:
    path = write_reports(report, ["oscal"], directory)[0]
    assert path.name == "shiftleft.oscal.json"
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _result(document: dict[str, Any]) -> dict[str, Any]:
    results = document["assessment-results"]["results"]
    assert len(results) == 1  # one result per scan
    result: dict[str, Any] = results[0]
    return result


def _prop(item: dict[str, Any], name: str) -> str | None:
    return next((p["value"] for p in item.get("props", []) if p["name"] == name), None)


@pytest.fixture
def scanned() -> Report:
    """The real scan with every shipped framework evaluated (as ``scan`` does)."""
    return assemble_report(load_scan()).report


def test_validates_with_compliance_trestle(tmp_path: Path, scanned: Report) -> None:
    document = _write(scanned, tmp_path)
    model = _validate(document)
    assert model.metadata.oscal_version.__root__ == oscal.OSCAL_VERSION == "1.1.2"
    assert document["assessment-results"]["results"][0]["start"] == "2026-11-22T02:54:04.590Z"  # the scan's times
    assert document["assessment-results"]["results"][0]["end"] == "2026-11-22T02:54:18.506Z"
    assert document["assessment-results"]["metadata"]["last-modified"] == "2026-11-22T02:54:18.506Z"
    _validate(_write(full_report(), tmp_path / "hostile"))  # XSS, Markdown specials, a timed-out scanner


@pytest.mark.parametrize("breaks", ["no result uuid", "bad objective status", "control id not a token",
                                    "risk status not a token", "observation uuid not a uuid",
                                    "observation without collected", "duplicate uuid"])  # fmt: skip
def test_a_malformed_document_is_rejected(tmp_path: Path, scanned: Report, breaks: str) -> None:
    document = _write(scanned, tmp_path)
    _validate(document)  # the good one passes, so the failure below is the change's
    bad = copy.deepcopy(document)
    result = _result(bad)
    if breaks == "no result uuid":
        del result["uuid"]
    elif breaks == "bad objective status":
        result["findings"][0]["target"]["status"]["state"] = "not-assessed"  # not an OSCAL state
    elif breaks == "control id not a token":
        result["reviewed-controls"]["control-selections"][0]["include-controls"][0]["control-id"] = "4.1"
    elif breaks == "risk status not a token":
        result["risks"][0]["status"] = "open, maybe"
    elif breaks == "observation uuid not a uuid":
        result["observations"][0]["uuid"] = "observation-1"
    elif breaks == "observation without collected":
        del result["observations"][0]["collected"]
    else:
        result["observations"][1]["uuid"] = result["observations"][0]["uuid"]
    from pydantic.v1 import ValidationError

    with pytest.raises((ValidationError, AssertionError)):
        _validate(bad)


def test_not_assessed_or_not_applicable_is_never_satisfied(tmp_path: Path, scanned: Report) -> None:
    states = {"pass", "fail", "not-assessed", "not-applicable", "bogus"}
    controls = tuple(ControlResult("soc2", f"CC9.{i}", f"control {state}", state, "why", (), ("semgrep",))
                     for i, state in enumerate(sorted(states)))  # fmt: skip
    report = replace(scanned, frameworks=(*scanned.frameworks, FrameworkResult("mine", "Mine", "1", controls)))
    result = _result(_write(report, tmp_path))
    seen = set()
    for finding in result["findings"]:
        state = _prop(finding, "control-state")
        status = finding["target"]["status"]
        seen.add(state)
        assert (status["state"] == "satisfied") == (state == "pass"), finding["title"]
        assert status["reason"] == {"pass": "pass", "fail": "fail"}.get(str(state), "other")
        if state == "not-assessed":
            assert "NOT ASSESSED" in status["remarks"]
    assert seen == states
    # the real scan: every control it left not assessed (no image or Dockerfile scanner ran) stays so
    not_assessed = [f for f in result["findings"] if _prop(f, "control-state") == "not-assessed"]
    assert len(not_assessed) == 1 + sum(fw.count("not-assessed") for fw in scanned.frameworks)
    assert {f["target"]["status"]["state"] for f in not_assessed} == {"not-satisfied"}


def test_one_observation_per_finding_with_tool_time_and_evidence(tmp_path: Path, scanned: Report) -> None:
    document = _write(scanned, tmp_path)
    result = _result(document)
    observations = result["observations"]
    assert len(observations) == len(scanned.findings) > 0
    fingerprints = sorted(_prop(o, "fingerprint") or "" for o in observations)
    assert fingerprints == sorted(f.fingerprint for f in scanned.findings)
    tools = {c["uuid"]: c for c in result["local-definitions"]["assessment-assets"]["components"]}
    resources = {r["uuid"]: r for r in document["assessment-results"]["back-matter"]["resources"]}
    for obs in observations:
        assert obs["methods"] == ["TEST"]
        [actor] = obs["origins"][0]["actors"]
        assert actor["type"] == "tool" and _prop(tools[actor["actor-uuid"]], "tool-name") == _prop(obs, "tool")
        assert _prop(tools[actor["actor-uuid"]], "version")  # the tool with its version
        assert "2026-11-22T02:54:04.590Z" <= obs["collected"] <= "2026-11-22T02:54:18.506Z"  # scan time, not now
        [evidence] = obs["relevant-evidence"]
        sarif = resources[evidence["href"].removeprefix("#")]
        assert sarif["rlinks"][0]["href"] == "shiftleft.sarif"
        assert _prop(evidence, "fingerprint") == _prop(obs, "fingerprint")
    # every reference resolves; every uuid is a uuid5 and unique
    uuids = re.findall(r'"uuid": "([^"]+)"', json.dumps(document))
    assert len(uuids) == len(set(uuids)) and all(UUID.match(u) for u in uuids)
    risks = {r["uuid"]: r for r in result["risks"]}
    obs_ids = {o["uuid"] for o in observations}
    assert len(risks) == sum(1 for f in scanned.findings if not f.suppressed)
    assert all(r["status"] == "open" and r["related-observations"][0]["observation-uuid"] in obs_ids
               for r in risks.values())  # fmt: skip
    for finding in result["findings"]:
        assert all(o["observation-uuid"] in obs_ids for o in finding.get("related-observations", []))
        assert all(r["risk-uuid"] in risks for r in finding.get("related-risks", []))
        if _prop(finding, "control-state") == "fail":
            assert finding["related-observations"]


def test_sarif_hash_is_the_written_file_and_shipped_frameworks_are_hashed(tmp_path: Path, scanned: Report) -> None:
    write_reports(scanned, ["sarif", "json", "oscal"], tmp_path)
    document = json.loads((tmp_path / "shiftleft.oscal.json").read_text("utf-8"))
    import hashlib

    by_href = {link["href"]: link for r in document["assessment-results"]["back-matter"]["resources"]
               for link in r.get("rlinks", [])}  # fmt: skip
    for name in ("shiftleft.sarif", "scorecard.json"):
        assert by_href[name]["hashes"][0]["value"] == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
    for fw in shipped_frameworks().values():
        assert fw.source is not None
        link = by_href[f"policies/frameworks/{fw.source.name}"]
        assert link["hashes"][0]["value"] == hashlib.sha256(fw.source.read_bytes()).hexdigest()


def test_control_ids_are_tokens_mapped_to_the_catalog_ids(tmp_path: Path, scanned: Report) -> None:
    result = _result(_write(scanned, tmp_path))
    selections = {_prop(s, "framework"): s for s in result["reviewed-controls"]["control-selections"]}
    assert set(selections) == {fw.id for fw in scanned.frameworks} == set(shipped_frameworks())
    for fw in scanned.frameworks:
        tokens = [c["control-id"] for c in selections[fw.id]["include-controls"]]
        assert all(TOKEN.match(t) for t in tokens) and len(set(tokens)) == len(fw.controls)
        assert tokens == [oscal.control_token(fw.id, c.control_id) for c in fw.controls]
    by_target = {f["target"]["target-id"]: f for f in result["findings"]}
    owasp = by_target["owasp-top10-2021_A01-2021_obj"]
    assert _prop(owasp, "control-id") == "A01:2021" and _prop(owasp, "framework") == "owasp-top10-2021"
    assert _prop(by_target["pci-dss-4.0_6.2.4_obj"], "control-id") == "6.2.4"
    assert _prop(by_target["cis-docker_5.32_obj"], "control-id") == "5.32"  # CIS Docker v1.6.0 numbering
    assert oscal.control_token("27001-mine", "A.5.1") == "_27001-mine_A.5.1"  # a user's framework id
    assert TOKEN.match(oscal.control_token("-x", "é:1"))


def test_identical_inputs_give_identical_bytes(tmp_path: Path) -> None:
    first = write_reports(assemble_report(load_scan()).report, ["oscal"], tmp_path / "a")[0].read_bytes()
    second = write_reports(assemble_report(load_scan()).report, ["oscal"], tmp_path / "b")[0].read_bytes()
    assert first == second
    later = load_scan()  # another scan (other times): other uuids
    later["properties"]["shiftleft"]["endTime"] = "2026-11-22T03:00:00.000Z"
    third = write_reports(assemble_report(later).report, ["oscal"], tmp_path / "c")[0].read_bytes()
    assert json.loads(third)["assessment-results"]["uuid"] != json.loads(first)["assessment-results"]["uuid"]


def test_stable_on_a_report_rebuilt_from_sarif(tmp_path: Path) -> None:
    """``report --from`` the SARIF a report wrote gives the same assessment results (the
    SARIF file's own hash aside: the rebuilt log records the policy it was judged with)."""
    assert invoke("--from", SCAN_SARIF, "-o", tmp_path / "one", "-f", "sarif", "-f", "oscal").exit_code == 0
    assert invoke("--from", tmp_path / "one" / "shiftleft.sarif", "-o", tmp_path / "two",
                  "-f", "sarif", "-f", "oscal").exit_code == 0  # fmt: skip
    one, two = (json.loads((tmp_path / d / "shiftleft.oscal.json").read_text("utf-8")) for d in ("one", "two"))
    assert one == two
    direct = oscal.assessment_results(assemble_report(load_scan()).report)
    assert _result(direct)["findings"] == _result(one)["findings"]
    assert _result(direct)["observations"] == _result(one)["observations"]


def test_no_planted_secret_and_no_host_path(tmp_path: Path) -> None:
    log, secrets = forged_log(tmp_path / "forged.sarif")
    data = json.loads(log.read_text("utf-8"))
    data["properties"]["shiftleft"]["target"] = "/home/alice/secret-project"
    data["properties"]["shiftleft"]["imageArchive"] = "/home/alice/images/app.tar"
    for run in data["runs"]:
        run.setdefault("properties", {}).setdefault("shiftleft", {}).setdefault(
            "artifacts", [{"kind": "sbom", "format": "CycloneDX 1.6 JSON", "path": "/home/alice/out/sbom.cdx.json"}]
        )
    report = assemble_report(data).report
    text = write_reports(report, ["oscal"], tmp_path / "out")[0].read_text("utf-8")
    for secret in secrets:
        found = [p for p in parts(secret) if p in text]
        assert not found, f"a part of a planted secret was written: {found[:3]}"
    assert "/home/alice" not in text and "secret-project" not in text
    assert '"href": "sbom.cdx.json"' in text  # the artifact by its file name
    assert "query built with key" in text  # the planted result is there, redacted


def test_scanner_provenance_goes_into_the_tool_component(tmp_path: Path) -> None:
    log = load_scan()
    entry = log["properties"]["shiftleft"]["scanners"][0]
    entry["provenance"] = {
        "tool": {"name": entry["name"], "version": entry["version"], "kind": "python-distribution",
                 "sha256": "a" * 64, "digestOf": "RECORD"},
        "rulePack": {"name": "bandit-builtin", "sha256": "b" * 64},
        "advisoryDatabase": {"sha256": "c" * 64, "updated": "2026-11-20T00:00:00Z"}, "pinned": True,
    }  # fmt: skip
    report = assemble_report(log).report
    result = _result(_write(report, tmp_path))
    tool = next(c for c in result["local-definitions"]["assessment-assets"]["components"]
                if _prop(c, "tool-name") == entry["name"])  # fmt: skip
    assert _prop(tool, "tool-sha256") == "a" * 64 and _prop(tool, "rule-pack-sha256") == "b" * 64
    assert _prop(tool, "advisory-database-sha256") == "c" * 64 and _prop(tool, "pinned") == "true"
    others = [c for c in result["local-definitions"]["assessment-assets"]["components"] if c is not tool]
    assert all(_prop(c, "tool-sha256") is None for c in others)  # absent: tolerated, not invented


def test_a_report_without_scan_times_is_bad_input(scanned: Report, tmp_path: Path) -> None:
    meta = {k: v for k, v in scanned.meta.items() if k != "startTime"}
    with pytest.raises(oscal.OscalInputError, match="start time") as info:
        _write(replace(scanned, meta=meta), tmp_path)
    assert info.value.exit_code == EXIT_USAGE


def test_the_audit_bundle_holds_the_oscal_document(tmp_path: Path, scanned: Report) -> None:
    assert "oscal" in audit.SCORECARD_FORMATS and "oscal" in FORMATS
    git = GitInfo("0123456789abcdef0123456789abcdef01234567", "main")
    bundle = export_bundle(scanned, tmp_path / "audit.zip", git=git)
    with zipfile.ZipFile(bundle.path) as zf:
        names = set(zf.namelist())
        document = json.loads(zf.read("scorecard/shiftleft.oscal.json"))
    _validate(document)
    sarif = document["assessment-results"]["back-matter"]["resources"][0]
    assert sarif["rlinks"][1]["href"] == "../sarif/shiftleft.sarif" and "sarif/shiftleft.sarif" in names
    assert not bundle.unavailable.get("scorecard.oscal")


def test_the_commit_names_the_subject(tmp_path: Path) -> None:
    log = load_scan()
    log["properties"]["shiftleft"]["git"] = {"commit": "0123456789abcdef0123456789abcdef01234567", "branch": "main"}
    result = _result(_write(assemble_report(log).report, tmp_path))
    assert result["title"] == "shiftleft scan of commit 0123456789ab (main)"
    assert _prop(result, "git-commit") == "0123456789abcdef0123456789abcdef01234567"
    [subject] = result["local-definitions"]["components"]
    assert {s["subject-uuid"] for o in result["observations"] for s in o["subjects"]} == {subject["uuid"]}


def test_hostile_text_is_inert_markdown_and_odd_log_shapes_do_not_break_it(tmp_path: Path) -> None:
    from tests.report.conftest import JS_URI, XSS

    report = full_report()  # an XSS message, a javascript: helpUri, Markdown and CSV specials in a path
    text = (write_reports(report, ["oscal"], tmp_path)[0]).read_text("utf-8")
    assert XSS not in text and "<script" not in text and "&lt;script&gt;" in text
    assert JS_URI not in text
    odd = copy.deepcopy(report.sarif)
    odd["runs"] = [
        *odd["runs"],
        "not a run",
        {"invocations": {"endTimeUtc": 1}, "properties": []},
        {"properties": {"shiftleft": {"artifacts": [{"path": "../../we ird?.json"}, {"path": 7}]}}},
    ]
    odd["properties"]["shiftleft"]["scanners"] = [
        *odd["properties"]["shiftleft"]["scanners"],
        "x",
        {"name": "bandit", "provenance": {"tool": "nope", "pinned": 1}},
    ]
    document = oscal.assessment_results(replace(report, sarif=odd))
    _validate(document)
    links = [link["href"] for r in document["assessment-results"]["back-matter"]["resources"]
             for link in r.get("rlinks", [])]  # fmt: skip
    assert "we%20ird%3F.json" in links


def test_a_result_of_a_tool_not_in_the_health_table_has_the_platform_as_origin(tmp_path: Path, scanned: Report) -> None:
    imported = replace(scanned.findings[0], tool="zap-import", fingerprint="f" * 32)
    document = _write(replace(scanned, findings=(*scanned.findings, imported)), tmp_path)
    _validate(document)
    result = _result(document)
    platform = result["local-definitions"]["assessment-assets"]["assessment-platforms"][0]["uuid"]
    obs = next(o for o in result["observations"] if _prop(o, "fingerprint") == "f" * 32)
    assert obs["origins"][0]["actors"] == [{"type": "assessment-platform", "actor-uuid": platform}]
    assert all(f["origins"][0]["actors"] for f in result["findings"])
