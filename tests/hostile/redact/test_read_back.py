"""A SARIF log or scorecard read back (``report --from``, ``report merge``, ``audit export
--from``) is re-redacted before any report is written: a forged log, or one an older
shiftleft wrote, must not carry a secret into html, Markdown, CSV, JUnit, JSON or SARIF."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import shiftleft
from tests.hostile.redact.builders import forged_log, forged_scorecard, parts
from tests.report.conftest import SCAN_SARIF

ALL_FORMATS = ("sarif", "json", "html", "markdown", "junit", "csv")


def _written(*roots: Path) -> str:
    chunks: list[str] = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    chunks += [zf.read(i).decode("utf-8", "replace") for i in zf.infolist()]
            else:
                chunks.append(path.read_text("utf-8", "replace"))
    return "\n".join(chunks)


def _assert_absent(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        found = [p for p in parts(secret) if p in text]
        assert not found, f"a part of a planted secret was written: {found[:3]}"


def _fmt(formats: tuple[str, ...]) -> list[str]:
    return [a for f in formats for a in ("-f", f)]


def test_report_from_a_forged_log_is_redacted_in_every_format(tmp_path: Path) -> None:
    log, secrets = forged_log(tmp_path / "forged.sarif")
    out = tmp_path / "out"
    res = shiftleft("report", "--from", str(log), "-o", str(out), *_fmt(ALL_FORMATS), timeout=300)
    assert res.returncode in (0, 1, 3), res.stderr[-2000:]
    assert sorted(p.name for p in out.iterdir())  # something was written
    _assert_absent(_written(out) + res.stdout + res.stderr, secrets)
    assert "[REDACTED]" in (out / "shiftleft.sarif").read_text("utf-8")


def test_report_merge_of_a_forged_log_is_redacted(tmp_path: Path) -> None:
    log, secrets = forged_log(tmp_path / "forged.sarif")
    out = tmp_path / "out"
    res = shiftleft("report", "merge", str(SCAN_SARIF), str(log), "-o", str(out), *_fmt(("sarif", "json", "markdown")),
                    timeout=300)  # fmt: skip
    assert res.returncode in (0, 1, 3), res.stderr[-2000:]
    _assert_absent(_written(out) + res.stdout + res.stderr, secrets)


def test_audit_export_of_a_forged_log_is_redacted(tmp_path: Path) -> None:
    log, secrets = forged_log(tmp_path / "forged.sarif")
    bundle = tmp_path / "audit.zip"
    res = shiftleft("audit", "export", "--from", str(log), "-o", str(bundle), timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    _assert_absent(_zip(bundle) + res.stdout + res.stderr, secrets)


def _zip(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(i).decode("utf-8", "replace") for i in zf.infolist())


@pytest.mark.parametrize("formats", [("html", "markdown", "csv", "junit", "json")])
def test_report_from_a_forged_scorecard_is_redacted(tmp_path: Path, formats: tuple[str, ...]) -> None:
    card, secrets = forged_scorecard(tmp_path / "scorecard.json", SCAN_SARIF, tmp_path)
    out = tmp_path / "out"
    res = shiftleft("report", "--from", str(card), "-o", str(out), *_fmt(formats), timeout=300)
    assert res.returncode in (0, 1, 3), res.stderr[-2000:]
    _assert_absent(_written(out) + res.stdout + res.stderr, secrets)


def test_non_secret_text_of_a_log_read_back_survives(tmp_path: Path) -> None:
    """The control: re-redaction changes nothing in a clean log's messages and paths."""
    out = tmp_path / "out"
    res = shiftleft("report", "--from", str(SCAN_SARIF), "-o", str(out), "-f", "markdown", timeout=300)
    assert res.returncode in (0, 1, 3), res.stderr[-2000:]
    text = (out / "scorecard.md").read_text("utf-8") if (out / "scorecard.md").exists() else _written(out)
    assert "Possible SQL injection vector through string-based query construction." in text
    assert "app/db.py" in text
