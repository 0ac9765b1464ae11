"""Audit bundle: what goes in, and verify catching every kind of alteration."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft import __version__
from shiftleft.audit import (
    AuditError,
    InputFile,
    NotAnAuditBundle,
    export_bundle,
    unsafe_member_reason,
    verify_bundle,
)
from shiftleft.audit_cli import app
from shiftleft.gitinfo import GitInfo
from shiftleft.model import Report
from shiftleft.report import FORMATS, scorecard_json
from tests.audit.conftest import NOW

GIT = GitInfo("0123456789abcdef0123456789abcdef01234567", "main")
runner = CliRunner()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _rewrite(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.fixture
def bundle(report: Report, tmp_path: Path) -> Path:
    config = tmp_path / "shiftleft.yaml"
    config.write_text("gate:\n  fail_on: high\n", "utf-8")
    policy = tmp_path / "soc2.yaml"
    policy.write_text("id: soc2\n", "utf-8")
    out = tmp_path / "out" / "audit.zip"
    result = export_bundle(report, out, framework="soc2", git=GIT, now=NOW, artifact_dirs=[tmp_path / "build"],
                           inputs=[InputFile("config", config), InputFile("policy", policy)])
    assert result.path == out and result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    return out


def test_bundle_holds_every_piece_of_evidence(bundle: Path, report: Report, tmp_path: Path) -> None:
    members = _members(bundle)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "shiftleft-audit" and manifest["shiftleft"]["version"] == __version__
    assert manifest["created"] == "2026-03-01T09:30:00Z"
    assert manifest["git"] == {"commit": GIT.commit, "branch": "main"}
    assert manifest["frameworks"] == ["soc2"]
    assert manifest["signed"] is False

    # every member but the manifest is listed with its true hash and size, and nothing else
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(members[name]).hexdigest()
        assert entry["size"] == len(members[name])
        assert unsafe_member_reason(name) is None

    # scorecards through the reporter registry, whichever of html/json/markdown exist
    for fmt in ("html", "json", "markdown"):
        if fmt in FORMATS:
            assert f"scorecard/{FORMATS[fmt][0]}" in members
        else:
            assert f"scorecard.{fmt}" in manifest["unavailable"]
    card = json.loads(members["scorecard/scorecard.json"])
    assert card["scorecard"]["overall"]["grade"] == report.scorecard.overall.grade
    assert json.loads(members["sarif/shiftleft.sarif"]) == report.sarif

    # the SBOM that exists is included, the one that vanished is named as unavailable
    assert members["artifacts/sbom/sbom.cdx.json"].startswith(b'{"bomFormat": "CycloneDX"')
    assert [a["member"] for a in manifest["artifacts"]] == ["artifacts/sbom/sbom.cdx.json", None]
    assert any("old.cdx.json" in k for k in manifest["unavailable"])

    # config and policy copied with their sha256
    inputs = {i["kind"]: i for i in manifest["inputs"]}
    assert members[inputs["config"]["member"]] == b"gate:\n  fail_on: high\n"
    assert inputs["config"]["sha256"] == hashlib.sha256(b"gate:\n  fail_on: high\n").hexdigest()
    assert inputs["policy"]["member"] == "inputs/policy/soc2.yaml"

    scan = json.loads(members["scan.json"])
    assert scan["git"] == {"commit": GIT.commit, "branch": "main"}
    assert scan["startTime"] == "2026-11-22T02:54:00.369Z" and scan["endTime"] == "2026-11-22T02:54:12.645Z"


def test_per_control_evidence(bundle: Path, report: Report) -> None:
    members = _members(bundle)
    assert "evidence/iso27001.json" not in members  # only the selected framework
    evidence = json.loads(members["evidence/soc2.json"])
    assert evidence["summary"] == {"pass": 1, "fail": 2, "notAssessed": 0, "notApplicable": 0}
    controls = {c["controlId"]: c for c in evidence["controls"]}
    cc71 = controls["CC7.1"]
    assert [f["tool"] for f in cc71["findings"]] == ["bandit", "bandit"]
    assert all(f["path"] and f["line"] >= 1 and f["ruleId"] for f in cc71["findings"])
    runs = {r["name"]: r for r in cc71["scannerRuns"]}
    assert runs["bandit"]["version"] == "1.9.4" and runs["semgrep"]["version"] == "1.182.0"
    assert runs["bandit"]["startTime"] == "2026-11-22T02:54:00.372Z"
    assert runs["bandit"]["endTime"] == "2026-11-22T02:54:01.268Z"
    # osv is named by the control but was not in this scan's health: said, not hidden
    assert controls["CC8.1"]["scannersNamedButAbsent"] == ["osv"]
    # the advisory database's age at scan time (scan ended 2026-11-22T02:54:12Z: 10 days)
    scanners = {(s["name"], s["stage"]): s for s in json.loads(members["evidence/scanners.json"])["scanners"]}
    assert ("osv", "build") not in scanners  # no health entry -> only the run properties know it
    secrets = controls["CC6.1"]["findings"]
    assert secrets and {f["tool"] for f in secrets} == {"detect-secrets"}


def test_advisory_database_age_is_measured_at_scan_time(report: Report, tmp_path: Path) -> None:
    from dataclasses import replace

    from shiftleft.model import ScannerStatus

    report = replace(report, statuses=(*report.statuses,
                                       ScannerStatus("osv", "build", "sca", "ok", True, None, "0.1.0")))
    out = export_bundle(report, tmp_path / "a.zip", framework="soc2", git=GIT, now=NOW).path
    scanners = {s["name"]: s for s in json.loads(_members(out)["evidence/scanners.json"])["scanners"]}
    assert scanners["osv"]["advisoryDatabase"]["ageDays"] == 10.0
    evidence = json.loads(_members(out)["evidence/soc2.json"])
    cc81 = next(c for c in evidence["controls"] if c["controlId"] == "CC8.1")
    assert cc81["scannerRuns"][0]["advisoryDatabase"]["ecosystems"]["PyPI"]["count"] == 10


def test_missing_reporters_are_listed_as_unavailable(report: Report, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shiftleft.audit.FORMATS", {"json": FORMATS["json"]})
    result = export_bundle(report, tmp_path / "a.zip", git=GIT, now=NOW)
    manifest = json.loads(_members(result.path)["manifest.json"])
    assert manifest["unavailable"]["scorecard.html"] == "no 'html' reporter is registered in this shiftleft"
    assert "scorecard.markdown" in manifest["unavailable"]
    assert manifest["frameworks"] == ["soc2", "iso27001"]  # no framework asked: all evaluated ones


def test_a_framework_that_was_not_evaluated_is_refused(report: Report, tmp_path: Path) -> None:
    with pytest.raises(AuditError, match=r"'pci-dss' was not evaluated .*evaluated: soc2, iso27001"):
        export_bundle(report, tmp_path / "a.zip", framework="pci-dss", git=GIT)
    assert not (tmp_path / "a.zip").exists()


def test_intact_bundle_verifies(bundle: Path) -> None:
    result = verify_bundle(bundle)
    assert result.intact and len(result.verified) >= 8 and result.created == "2026-03-01T09:30:00Z"
    cli = runner.invoke(app, ["verify", str(bundle)])
    assert cli.exit_code == 0, cli.output
    assert "intact" in cli.output


def test_a_modified_file_is_named_with_both_hashes(bundle: Path) -> None:
    members = _members(bundle)
    original = members["sarif/shiftleft.sarif"]
    members["sarif/shiftleft.sarif"] = original.replace(b'"high"', b'"low"', 1)
    _rewrite(bundle, members)
    cli = runner.invoke(app, ["verify", str(bundle)])
    assert cli.exit_code == 1
    expected = hashlib.sha256(original).hexdigest()
    got = hashlib.sha256(members["sarif/shiftleft.sarif"]).hexdigest()
    assert f"modified 'sarif/shiftleft.sarif': expected sha256 {expected}" in cli.output
    assert f"got {got}" in cli.output
    assert "ALTERED: 1 problem(s)" in cli.output


def test_a_longer_modified_file_is_caught_without_reading_all_of_it(bundle: Path) -> None:
    members = _members(bundle)
    members["scan.json"] += b" " * 5_000_000
    _rewrite(bundle, members)
    (problem,) = verify_bundle(bundle).problems
    assert problem.kind == "modified" and problem.member == "scan.json" and "got more" in problem.detail


def test_a_removed_file_is_reported(bundle: Path) -> None:
    members = _members(bundle)
    del members["evidence/soc2.json"]
    _rewrite(bundle, members)
    cli = runner.invoke(app, ["verify", "--json", str(bundle)])
    assert cli.exit_code == 1
    data = json.loads(cli.output)
    assert data["intact"] is False
    assert [(p["kind"], p["member"]) for p in data["problems"]] == [("missing", "evidence/soc2.json")]


def test_an_added_file_is_reported(bundle: Path) -> None:
    with zipfile.ZipFile(bundle, "a") as zf:
        zf.writestr("evidence/extra-proof.json", b"{}")
    cli = runner.invoke(app, ["verify", str(bundle)])
    assert cli.exit_code == 1
    assert "extra 'evidence/extra-proof.json': not in the manifest" in cli.output


@pytest.mark.parametrize("hostile", ["../../evil.txt", "/etc/evil", "a/../../evil", "C:/evil", "a\\..\\evil"])
def test_a_zip_slip_member_is_reported_never_extracted(bundle: Path, tmp_path: Path, hostile: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "deep" / "cwd"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    with zipfile.ZipFile(bundle, "a") as zf:
        zf.writestr(hostile, b"pwned")
    cli = runner.invoke(app, ["verify", str(bundle)])
    assert cli.exit_code == 1
    assert f"unsafe-name {hostile!r}" in cli.output
    assert not any(p.name == "evil.txt" or p.name == "evil" for p in tmp_path.rglob("*"))
    assert list(work.iterdir()) == []


def test_a_manifest_that_lists_an_unsafe_path_is_reported(bundle: Path) -> None:
    members = _members(bundle)
    manifest = json.loads(members["manifest.json"])
    manifest["files"].append({"path": "../outside", "sha256": "0" * 64, "size": 1})
    members["manifest.json"] = json.dumps(manifest).encode()
    _rewrite(bundle, members)
    problems = verify_bundle(bundle).problems
    assert [(p.kind, p.member) for p in problems] == [("bad-manifest-entry", "../outside")]


def test_duplicate_member_names_are_reported(bundle: Path) -> None:
    with zipfile.ZipFile(bundle, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("scan.json", b"{}")
    kinds = {(p.kind, p.member) for p in verify_bundle(bundle).problems}
    assert ("duplicate", "scan.json") in kinds


@pytest.mark.parametrize("content", ["not a zip", "zip without manifest", "foreign manifest", "future format"])
def test_not_an_audit_bundle_exits_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.zip"
    if content == "not a zip":
        path.write_bytes(b"PK\x03\x04 garbage")
    else:
        manifest = {"zip without manifest": None, "foreign manifest": {"files": []},
                    "future format": {"format": "shiftleft-audit", "formatVersion": 99, "files": []}}[content]
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", b"hi")
            if manifest is not None:
                zf.writestr("manifest.json", json.dumps(manifest))
    with pytest.raises(NotAnAuditBundle):
        verify_bundle(path)
    cli = runner.invoke(app, ["verify", str(path)])
    assert cli.exit_code == 2
    assert cli.exit_code == 2 and "shiftleft: error:" in cli.output


def test_export_refuses_to_write_an_unsafe_member_name(report: Report, tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x", "utf-8")
    with pytest.raises(AuditError, match=r"refusing to write bundle member 'inputs/\.\./x'"):
        export_bundle(report, tmp_path / "a.zip", git=GIT, inputs=[InputFile("..", tmp_path / "x")])
    assert not (tmp_path / "a.zip").exists()


def test_cli_export_from_a_scan_output_directory(report: Report, sarif: dict[str, object], tmp_path: Path) -> None:
    scan_out = tmp_path / "scan-out"
    scan_out.mkdir()
    (scan_out / "shiftleft.sarif").write_text(json.dumps(sarif), "utf-8")
    scorecard_json.write(report, scan_out / "scorecard.json")  # carries the scan's framework results
    out = tmp_path / "audit.zip"
    cli = runner.invoke(app, ["export", "--from", str(scan_out), "--framework", "soc2", "--out", str(out)])
    assert cli.exit_code == 0, cli.output
    assert f"wrote {out}" in cli.output
    members = _members(out)
    assert "evidence/soc2.json" in members and json.loads(members["sarif/shiftleft.sarif"]) == sarif
    assert runner.invoke(app, ["verify", str(out)]).exit_code == 0


def test_cli_export_from_a_bare_sarif_file(sarif: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "shiftleft.sarif"
    path.write_text(json.dumps(sarif), "utf-8")
    out = tmp_path / "audit.zip"
    cli = runner.invoke(app, ["export", "--from", str(path), "--out", str(out)])
    assert cli.exit_code == 0, cli.output
    # assembled as a scan assembles it: the shipped frameworks are judged on the log
    assert "soc2" in json.loads(_members(out)["manifest.json"])["frameworks"]
    cli = runner.invoke(app, ["export", "--from", str(path), "--out", str(out), "--framework", "no-such-fw"])
    assert cli.exit_code == 2 and "unknown framework 'no-such-fw'" in cli.output


def test_cli_export_usage_errors(tmp_path: Path) -> None:
    cli = runner.invoke(app, ["export", "--from", str(tmp_path / "nope"), "--out", str(tmp_path / "a.zip")])
    assert cli.exit_code == 2 and "no such file" in cli.output
    (tmp_path / "junk.json").write_text("[1, 2]", "utf-8")
    cli = runner.invoke(app, ["export", "--from", str(tmp_path / "junk.json")])
    assert cli.exit_code == 2


def test_cli_export_from_scorecard_json_alone(report: Report, tmp_path: Path) -> None:
    card = tmp_path / "scorecard.json"
    scorecard_json.write(report, card)
    out = tmp_path / "audit.zip"
    cli = runner.invoke(app, ["export", "--from", str(card), "--framework", "soc2", "--out", str(out)])
    assert cli.exit_code == 0, cli.output
    members = _members(out)
    assert "sarif/shiftleft.sarif" not in members and "evidence/soc2.json" in members
    assert "sarif" in json.loads(members["manifest.json"])["unavailable"]
    assert "not in the bundle: sarif" in cli.output


def test_directory_entries_of_a_repacked_bundle_are_not_alterations(bundle: Path) -> None:
    """An auditor who extracts the bundle and zips it again (`zip -r`) adds directory
    entries; they hold no content and must not read as tampering. A directory entry with
    a hostile name still does."""
    members = _members(bundle)
    dirs = sorted({name.rsplit("/", 1)[0] + "/" for name in members if "/" in name})
    with zipfile.ZipFile(bundle, "w") as zf:
        for d in dirs:
            zf.writestr(zipfile.ZipInfo(d), b"")
        for name, data in members.items():
            zf.writestr(name, data)
    assert verify_bundle(bundle).intact
    with zipfile.ZipFile(bundle, "a") as zf:
        zf.writestr(zipfile.ZipInfo("../escape/"), b"")
    result = verify_bundle(bundle)
    assert not result.intact
    assert any(p.kind == "unsafe-name" and p.member == "../escape/" for p in result.problems)


def test_bundle_json_uses_scorecard_json_names(report: Report, tmp_path: Path) -> None:
    """The same field has the same name in scorecard.json and in the bundle (camelCase)."""
    from tests.report.test_scorecard_json import CAMEL, _keys

    out = tmp_path / "bundle.zip"
    export_bundle(report, out, git=GIT, now=NOW)
    members = _members(out)
    for name, data in members.items():
        if name.endswith(".json") and not name.endswith(".oscal.json"):  # OSCAL's names are the standard's
            # manifest "unavailable" maps a member's name to why it is missing: data, not fields
            keys = _keys(json.loads(data))
            wrong = sorted({f"{w}/{k}" for w, k in keys if w != "/unavailable" and not CAMEL.match(k)})
            assert wrong == [], name
