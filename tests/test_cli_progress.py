"""The live scan display: on a terminal a line per running scanner, cleared at the end;
nothing live in a file or CI log (with -v: one whole line per step); nothing with -q."""

from __future__ import annotations

import io

from shiftleft.cli_common import SafeConsole
from shiftleft.cli_progress import ScanDisplay
from shiftleft.model import ScanProgress, ScanStatus

STEPS = [
    ScanProgress("started", "semgrep", "code", "code: semgrep started"),
    ScanProgress("started", "checkov", "deploy", "deploy: checkov started"),
    ScanProgress("finished", "semgrep", "code", "code: semgrep ok", ScanStatus.OK, 1.5),
    ScanProgress("finished", "checkov", "deploy", "deploy: checkov failed", ScanStatus.FAILED, 2.0),
]


def _show(*, terminal: bool, quiet: bool = False, verbose: bool = False) -> tuple[str, ScanDisplay]:
    buf = io.StringIO()
    con = SafeConsole(file=buf, force_terminal=terminal, width=100, highlight=False, markup=False)
    display = ScanDisplay(con, quiet=quiet, verbose=verbose)
    with display:
        for step in STEPS:
            display(step)
            if display._progress is not None:
                display._progress.refresh()
    return buf.getvalue(), display


def test_terminal_shows_each_running_scanner_live() -> None:
    out, display = _show(terminal=True)
    assert display.live
    assert "code   semgrep" in out and "deploy checkov" in out
    assert "code   semgrep ok" in out and "deploy checkov failed" in out


def test_quiet_shows_nothing_even_on_a_terminal() -> None:
    out, display = _show(terminal=True, quiet=True, verbose=True)
    assert not display.live and out == ""


def test_a_file_or_ci_log_gets_no_live_display() -> None:
    out, display = _show(terminal=False)
    assert not display.live and out == ""
    out, _ = _show(terminal=False, verbose=True)
    assert out.splitlines() == [s.message for s in STEPS]
