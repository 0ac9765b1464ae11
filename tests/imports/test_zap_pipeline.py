"""A converted ZAP report through the whole real CLI (``shiftleft scan``), standing in for the
``--import`` machinery: a scanner of the test stage, category dast, whose run is the
converter's. Every output format keeps the ZAP findings without a file location, shows the
test stage and PCI 6.4.1 assessed, and holds no planted credential nor a recognisable part
of one; ZAP text never reaches the terminal raw."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
import sarif_om
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft import scan as scan_module
from shiftleft.imports import zap
from shiftleft.model import ScanContext
from shiftleft.report import scorecard_json
from shiftleft.sarif import om
from shiftleft.scanners.base import Scanner
from tests.hostile.redact.builders import parts
from tests.imports.test_zap import PLANTED

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = ("sarif", "json", "html", "markdown", "pr-comment", "csv", "junit")


def zap_scanner(raw: bytes) -> type[Scanner]:
    class ZapImport(Scanner):
        name: ClassVar[str] = "zap"
        category: ClassVar[str] = zap.CATEGORY
        stages: ClassVar[tuple[str, ...]] = (zap.STAGE,)
        severity_map: ClassVar[str | None] = "zap"

        def health(self) -> str | None:
            return None

        def version(self) -> str | None:
            return None

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            return om.run_from_dict(zap.to_sarif(raw, source="zap.json")["runs"][0])

    return ZapImport


def scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, *extra: str) -> tuple[Any, dict[str, str]]:
    scanner = zap_scanner(raw)
    monkeypatch.setattr(scan_module, "discover", lambda: {scanner.name: scanner})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    out = tmp_path / "out"
    args = ["scan", str(repo), "--stage", "test", "--no-history", "--no-color", "-o", str(out), "--framework",
            "pci-dss-4.0", *(a for f in FORMATS for a in ("-f", f)), *extra]  # fmt: skip
    result = CliRunner().invoke(cli.app, args)
    outputs = {p.name: p.read_text("utf-8", errors="replace") for p in out.rglob("*") if p.is_file()}
    return result, outputs


def test_zap_findings_through_every_report_without_a_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, outputs = scan(tmp_path, monkeypatch, (FIXTURES / "zap-baseline.json").read_bytes())
    assert result.exit_code in (0, 1, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    everything = "\n".join([result.stdout, result.stderr, *outputs.values()])
    leaks = {p for secret in PLANTED for p in parts(secret) if p in everything}
    assert leaks == set()
    sarif = json.loads(outputs["shiftleft.sarif"])
    run = next(r for r in sarif["runs"] if r["tool"]["driver"]["name"] == "OWASP ZAP")
    assert len(run["results"]) == 10
    assert all("locations" not in r or not r["locations"] for r in run["results"])
    assert {r["properties"]["category"] for r in run["results"]} == {"dast"}
    assert {r["properties"]["stage"] for r in run["results"]} == {"test"}
    assert run["properties"]["shiftleft"]["status"] == "ok"
    scorecard = json.loads(outputs["scorecard.json"])
    assert [c["name"] for c in scorecard["scorecard"]["categories"]] == ["dast"]
    schema = scorecard_json.schema()
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(scorecard)
    jsonschema.validate(json.loads(outputs["shiftleft.sarif"]), om.sarif_schema())


def test_pci_641_assessed_by_the_zap_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result, outputs = scan(tmp_path, monkeypatch, (FIXTURES / "zap-full.xml").read_bytes())
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    compliance = json.loads(outputs["shiftleft.sarif"])["properties"]["shiftleft"]["compliance"]
    control = next(c for c in _controls(compliance) if c["controlId"] == "6.4.1")
    assert control["state"] == "fail" and control["scanners"] == ["zap"]
    assert "40012 at https://review-42.app.test/search?q=" in control["reason"]  # a URL, not an empty path
    card = json.loads(outputs["scorecard.json"])["scorecard"]
    (test,) = card["stages"]
    assert test["name"] == "test" and test["state"] == "assessed" and test["scannersRan"] == ["zap"]
    assert test["counts"]["high"] == 3 and test["score"] < 100


def _controls(compliance: Any) -> list[dict[str, Any]]:
    """Every control result in the log's compliance record, whatever its nesting."""
    found: list[dict[str, Any]] = []
    stack = [compliance]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "controlId" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_zap_text_never_reaches_the_terminal_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads((FIXTURES / "zap-baseline.json").read_text())
    alert = doc["site"][0]["alerts"][0]
    alert["alert"] = alert["name"] = "CSP \u202eGate PASSED\u202c \x1b[2J\x1b]0;pwned\x07"
    alert["riskcode"] = "3"
    result, _ = scan(tmp_path, monkeypatch, json.dumps(doc).encode())
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
