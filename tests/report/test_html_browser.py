"""The HTML report in a real browser (headless Chromium): the hostile message stays text,
our script runs under our own CSP (no "Refused to ..." violation, no uncaught error), and
the page renders at laptop and phone widths. .ci/run installs chromium; a user's machine
without it skips, CI fails."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from shiftleft.model import Report
from shiftleft.report import html_report
from tests.conftest import require

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
#: what Chromium logs for a CSP violation or a script error on the page
PAGE_PROBLEMS = re.compile(r"Refused to|violates the following Content Security Policy|Uncaught|SyntaxError|TypeError")


def _browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    require(found is not None, "headless Chromium is not installed (apt-get install -y chromium)")
    assert found is not None
    return found


def _run(browser: str, page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    args = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
        *extra, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(args, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture
def page(report: Report, tmp_path: Path) -> Path:
    """The hostile report with one suppressed finding, so the default 'open' filter has
    something to hide: proof that our script ran."""
    first = report.findings[-1]
    findings = (*report.findings[:-1], replace(first, suppressed=True, suppression="accepted risk"))
    path = tmp_path / "report.html"
    path.write_text(html_report.render(replace(report, findings=findings)), "utf-8")
    return path


def test_dom_in_chromium(page: Path, report: Report, tmp_path: Path) -> None:
    browser = _browser()
    result = _run(browser, page, tmp_path, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert len(re.findall(r"<script\b", dom)) == 1  # ours; the message's did not become one
    assert "<img" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in dom
    assert re.search(rf'id="grade"[^>]*>{report.scorecard.overall.grade}<', dom)
    total = len(report.findings)
    assert f"showing {total - 1} of {total}" in dom  # the filter script ran, under the CSP
    assert not PAGE_PROBLEMS.search(result.stderr), PAGE_PROBLEMS.findall(result.stderr)


@pytest.mark.parametrize(("name", "size"), [("laptop", "1280,2000"), ("phone", "390,1600")])
def test_screenshots(page: Path, tmp_path: Path, name: str, size: str) -> None:
    browser = _browser()
    shot = tmp_path / f"{name}.png"
    result = _run(browser, page, tmp_path, f"--screenshot={shot}", f"--window-size={size}", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a rendered page, not a blank one
    assert not PAGE_PROBLEMS.search(result.stderr), PAGE_PROBLEMS.findall(result.stderr)
