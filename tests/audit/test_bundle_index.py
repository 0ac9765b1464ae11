"""INDEX.md / index.html: a bundle an auditor can read without shiftleft."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path

from shiftleft.audit import InputFile, export_bundle
from shiftleft.audit_index import proves
from shiftleft.gitinfo import GitInfo
from shiftleft.model import Report
from shiftleft.policy import waivers
from shiftleft.policy.loader import parse_yaml
from shiftleft.report.model import assemble_report

GIT = GitInfo("0123456789abcdef0123456789abcdef01234567", "main", True)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_the_index_names_every_member_with_its_hash_and_what_it_proves(report: Report, tmp_path: Path) -> None:
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT).path)
    index, html = members["INDEX.md"].decode(), members["index.html"].decode()
    listed = {json.dumps(f["path"]) for f in json.loads(members["manifest.json"])["files"]}
    assert {json.dumps(n) for n in members} - {'"manifest.json"'} == listed  # the index files are in the manifest
    for name, data in members.items():
        if name in {"INDEX.md", "index.html", "manifest.json"}:
            assert name in index and name in html  # named (an index cannot carry its own hash)
            continue
        row = next(line for line in index.splitlines() if line.startswith(f"| {name.replace('_', chr(92) + '_')} |"))
        assert hashlib.sha256(data).hexdigest() in row and f"| {len(data)} |" in row
        assert proves(name) in row
        assert name in html and hashlib.sha256(data).hexdigest() in html
    assert "a report of the scan" not in index  # every member this shiftleft writes has its own sentence


def test_the_index_holds_the_scan_identity(report: Report, tmp_path: Path) -> None:
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT).path)
    index = members["INDEX.md"].decode()
    sarif_sha = hashlib.sha256(members["sarif/shiftleft.sarif"]).hexdigest()
    assert f"| **Commit** | {GIT.commit} |" in index
    assert "| **Working tree** | DIRTY: uncommitted changes" in index
    assert f"| **SARIF log** | sha256 {sarif_sha} |" in index
    assert "2026-11-22T02:54:00.369Z to 2026-11-22T02:54:12.645Z" in index
    assert "| **Gate** | FAILED" in index and "shiftleft 0.1.0" in index
    assert "UNSIGNED (integrity only)" in index
    clean = _members(export_bundle(report, tmp_path / "b.zip", git=replace(GIT, dirty=False)).path)
    assert "| **Working tree** | clean" in clean["INDEX.md"].decode()
    unknown = _members(export_bundle(report, tmp_path / "c.zip", git=GitInfo()).path)
    assert "| **Working tree** | unknown" in unknown["INDEX.md"].decode()


def test_control_selector_evidence_state(sarif: dict[str, object], tmp_path: Path) -> None:
    """Each control of a shipped framework: its definition file (sha256), selectors, what
    must have run, the findings and scanner runs, the state."""
    report = assemble_report(copy.deepcopy(sarif)).report
    members = _members(export_bundle(report, tmp_path / "a.zip", framework="soc2", git=GIT).path)
    index = members["INDEX.md"].decode()
    fw_sha = hashlib.sha256(members["frameworks/soc2.yaml"]).hexdigest()
    assert f"Definition: frameworks/soc2.yaml (sha256 {fw_sha})" in index
    cc66 = next(line for line in index.splitlines() if line.startswith("| CC6.6 "))
    assert "CKV\\_DOCKER\\_1" in cc66  # the rule that counts as CC6.6 evidence, from the file
    assert "severity at least medium" in cc66 and "cwe: CWE-295, CWE-319, CWE-918" in cc66
    cc61 = next(line for line in index.splitlines() if line.startswith("| CC6.1 "))
    assert "| fail:" in cc61 and "category: secrets" in cc61 and "detect-secrets 1.5.0 assessed" in cc61
    assert "### soc2 CC6.1: findings" in index
    not_assessed = [line for line in index.splitlines() if line.startswith("| CC") and "| not-assessed:" in line]
    assert not_assessed and all("NOT ASSESSED" in line or "finding(s)" in line for line in not_assessed)


def test_a_framework_without_its_file_says_so(report: Report, tmp_path: Path) -> None:
    """conftest's iso27001 is not a shipped id: its selectors cannot be shown, and the bundle says it."""
    out = export_bundle(report, tmp_path / "a.zip", git=GIT)
    assert "framework iso27001 definition" in out.unavailable
    index = _members(out.path)["INDEX.md"].decode()
    assert "Definition: not in this bundle" in index
    # soc2 is shipped, but conftest's soc2 result has other controls: not passed off as the same
    assert "its controls differ from those the scan evaluated" in index


def test_waivers_are_listed_with_owner_reason_ticket_expiry(sarif: dict[str, object], tmp_path: Path) -> None:
    log = copy.deepcopy(sarif)
    text = (
        "version: 1\n"
        "waivers:\n"
        "  - id: SEC-7\n    rule: B608\n    owner: alice@example.invalid\n"
        "    reason: parameterised by the ORM layer\n    ticket: JIRA-7\n    expires: 2099-12-31\n"
        "  - id: OLD-1\n    rule: B105\n    owner: bob@example.invalid\n    reason: legacy\n    expires: 2020-01-01\n"
    )
    file = tmp_path / ".shiftleft-waivers.yaml"
    file.write_text(text, "utf-8")
    parsed = waivers.parse(parse_yaml(text), text, file)
    waivers.apply(log, parsed, dt.date(2026, 11, 22))  # type: ignore[arg-type]
    report = assemble_report(log).report
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT,
                                     inputs=[InputFile("waivers", file)]).path)  # fmt: skip
    index = members["INDEX.md"].decode().replace("\u200d", "")  # Markdown escapes @ (no mention)
    row = next(line for line in index.splitlines() if line.startswith("| SEC-7 |"))
    assert "alice@example.invalid" in row and "parameterised by the ORM layer" in row and "JIRA-7" in row
    assert "2099-12-31" in row and row.rstrip().endswith("| 2 |")  # two B608 findings in the example app
    old = next(line for line in index.splitlines() if line.startswith("| OLD-1 |"))
    assert "EXPIRED" in old and "| none |" in old
    html = members["index.html"].decode()
    assert "alice@example.invalid" in html and "JIRA-7" in html

    # without the file, the log's suppressions still say who waived what
    alone = _members(export_bundle(report, tmp_path / "b.zip", git=GIT).path)["INDEX.md"].decode().replace("\u200d", "")
    row = next(line for line in alone.splitlines() if line.startswith("| SEC-7 |"))
    assert "alice@example.invalid" in row and "JIRA-7" in row and "2099-12-31" in row
