"""The audit bundle's INDEX.md and index.html quote the scan (paths, rule ids, messages, a
waiver's owner and reason, scanner notes): none of it can become markup, a link, a mention,
a table cell or a script, and the attestations carry it only as JSON strings."""

from __future__ import annotations

import base64
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from shiftleft.audit import export_bundle
from shiftleft.gitinfo import GitInfo
from shiftleft.model import ControlResult, FrameworkResult, GateResult, GateRule
from tests.helpers import finding, report_of, status

HOSTILE = "<script>alert(1)</script>|[x](https://evil.invalid)@admin `rm` \x1b[2J\u202egnp.exe"


def _bundle(tmp_path: Path) -> dict[str, bytes]:
    bad = replace(finding("high", path=f"src/{HOSTILE}.py", rule_id=f"R-{HOSTILE}", message=HOSTILE),
                  fingerprint=f"fp-{HOSTILE}")
    failed = status("fake-2", "failed", reason=f"crashed: {HOSTILE}")
    report = report_of([bad], [status(), failed], meta={"target": f"/tmp/{HOSTILE}"})
    fw = FrameworkResult("soc2", HOSTILE, HOSTILE, (
        ControlResult("soc2", "CC7.1", HOSTILE, "fail", HOSTILE, (bad.fingerprint,), ("fake",)),))
    gate = GateResult((GateRule(f"rule-{HOSTILE}", HOSTILE, False, HOSTILE),))
    report = replace(report, frameworks=(fw,), gate=gate)
    out = export_bundle(report, tmp_path / "a.zip", git=GitInfo())
    with zipfile.ZipFile(out.path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_index_markdown_quotes_hostile_text_inertly(tmp_path: Path) -> None:
    index = _bundle(tmp_path)["INDEX.md"].decode()
    assert "<script>" not in index and not re.search(r"(?<!\\)\]\(https", index) and "@admin" not in index
    assert "\x1b" not in index and "\u202e" not in index
    assert "&lt;script&gt;" in index
    for line in index.splitlines():
        if line.startswith("|") and "script" in line:
            # every '|' the scan wrote is escaped: a row keeps the template's column count
            assert "\\|" in line


def test_index_html_quotes_hostile_text_inertly(tmp_path: Path) -> None:
    html = _bundle(tmp_path)["index.html"].decode()
    assert "<script>" not in html and "<script" not in html.lower().replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\u202e" not in html
    assert "default-src 'none'" in html  # and no script could run if one got through


def test_attestations_carry_hostile_text_as_json_strings(tmp_path: Path) -> None:
    members = _bundle(tmp_path)
    for name, data in members.items():
        if name.startswith("attestations/"):
            statement = json.loads(base64.b64decode(json.loads(data)["payload"]))
            assert statement["_type"] == "https://in-toto.io/Statement/v1"
    # the failed scanner has no vulns statement (not assessed is never an empty, clean list)
    assert "attestations/vulns-fake-code.dsse.json" in members
    assert "attestations/vulns-fake-2-code.dsse.json" not in members
