"""The format dispatch table (``shiftleft.imports.FORMATS``): a format's recogniser picks its
converter, its category and stage are the runs' defaults, and a converter that refuses its
input or breaks is a failed import, never a crash or a clean scan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shiftleft import imports
from shiftleft.errors import ShiftleftError
from shiftleft.imports import Format
from shiftleft.model import ScanStatus
from tests.imports.builders import now_iso, project, scan_imports, statuses


class _Refused(ShiftleftError):
    pass


def _looks_like(raw: bytes) -> bool:
    return raw.startswith(b"FAKE")


def _to_sarif(raw: bytes, *, source: str) -> dict[str, Any]:
    if b"refuse" in raw:
        raise _Refused(f"{source}: not a fake report")
    if b"crash" in raw:
        raise KeyError("site")
    alert = {"ruleId": "10016", "message": {"text": "alert"}, "webRequest": {"method": "GET", "target": "https://x/"}}
    return {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Fake DAST"}}, "results": [alert],
                                          "invocations": [{"executionSuccessful": True, "endTimeUtc": now_iso()}]}]}


@pytest.fixture
def fake_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "FORMATS", (Format("fake", _looks_like, _to_sarif, "dast", "test"),
                                             *imports.FORMATS))  # fmt: skip


@pytest.mark.usefixtures("fake_format")
def test_a_format_of_the_table_converts_and_sets_category_and_stage(tmp_path: Path) -> None:
    report = tmp_path / "fake.txt"
    report.write_bytes(b"FAKE report")
    scanned = scan_imports(project(tmp_path), report)
    status = statuses(scanned)["import:fake-dast"]
    assert (status.status, status.stage, status.category, status.results) == (ScanStatus.OK, "test", "dast", 1)
    assert scanned.report.meta["imports"][0]["format"] == "fake"


@pytest.mark.usefixtures("fake_format")
@pytest.mark.parametrize(("content", "why"), [(b"FAKE refuse", "not a fake report"),
                                              (b"FAKE crash", "cannot convert the fake report (KeyError)")])
def test_a_converter_that_refuses_or_breaks_is_a_failed_import(tmp_path: Path, content: bytes, why: str) -> None:
    report = tmp_path / "fake.txt"
    report.write_bytes(content)
    scanned = scan_imports(project(tmp_path), report)
    (status,) = scanned.report.statuses
    assert (status.name, status.status, status.stage, status.category) == ("import:fake", ScanStatus.FAILED, "test",
                                                                           "dast")  # fmt: skip
    assert why in (status.reason or "")
    assert scanned.report.gate.exit_code != 0


def test_sarif_is_the_fallback_and_recognised_by_its_keys() -> None:
    assert imports.detect(b'\xef\xbb\xbf  {"$schema": "https://json.schemastore.org/sarif-2.1.0.json"}').name == "sarif"
    assert imports.detect(b"<html><body>not a report</body></html>").name == "sarif"  # SARIF says what is wrong
    fixtures = Path(__file__).parent / "fixtures"
    assert imports.detect((fixtures / "zap-baseline.json").read_bytes()).name == "zap"  # before SARIF: first match wins
    assert imports.detect((fixtures / "zap-full.xml").read_bytes()).name == "zap"
