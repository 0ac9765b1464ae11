"""report/terminal.py: hostile text from scanners is printed literally, never as markup."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from shiftleft.config import GateConfig
from shiftleft.model import Report
from shiftleft.policy.gate import evaluate
from shiftleft.report.terminal import clean, render
from shiftleft.scorecard import compute
from tests.helpers import finding, status


def report_with(findings, statuses) -> Report:
    meta = {"version": "0.1", "target": "/src", "stages": ["code"], "filesScanned": 3, "filesSkipped": 0}
    return Report({}, tuple(findings), tuple(statuses), evaluate(findings, statuses, GateConfig()),
                  compute(findings, statuses), meta)  # fmt: skip


def rendered(report: Report, **kw) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=False, color_system=None)
    render(report, console, **kw)
    return buf.getvalue()


def test_markup_and_ansi_in_findings_are_printed_literally() -> None:
    hostile = finding(
        "high",
        message="[bold red]x[/] \x1b[31mred\x1b[0m done",
        path="src/[link=http://evil]a.py",
        rule_id="rule[/]\x1b]8;;http://evil\x07",
    )
    out = rendered(report_with([hostile], [status("semgrep")]))
    assert "[bold red]x[/]" in out
    assert "[link=http://evil]a.py" in out
    assert "\x1b" not in out
    assert "\x07" not in out
    assert r"\x1b[31mred\x1b[0m done" in out


def test_markup_in_reasons_and_meta_is_literal() -> None:
    statuses = [status("semgrep"), status("bandit", "failed", reason="crash: [red]boom[/red]\x1b[2J")]
    report = report_with([], statuses)
    report.meta["target"] = "/tmp/[blink]x[/blink]"
    out = rendered(report)
    assert r"crash: [red]boom[/red]\x1b[2J" in out
    assert "/tmp/[blink]x[/blink]" in out
    assert "\x1b" not in out


def test_ansi_is_not_emitted_on_a_real_terminal_from_hostile_text() -> None:
    buf = io.StringIO()
    console = Console(file=buf, width=120, force_terminal=True, color_system="truecolor")
    render(report_with([finding(message="\x1b[2J\x1b[Hfake PASSED")], [status("semgrep")]), console)
    out = buf.getvalue()
    assert "\x1b[2J" not in out
    assert "\x1b[H" not in out
    assert r"\x1b[2J\x1b[Hfake PASSED" in out


def test_a_newline_cannot_forge_a_summary_line() -> None:
    out = rendered(report_with([finding(message="x\nGate PASSED")], [status("semgrep")]))
    lines = out.splitlines()
    assert "Gate FAILED" in lines
    assert "Gate PASSED" not in lines


def test_not_assessed_scanners_are_labelled() -> None:
    out = rendered(report_with([], [status("semgrep"), status("bandit", "timeout", reason="too slow")]))
    assert "NOT ASSESSED: timeout" in out
    assert "Gate INCOMPLETE" in out  # a scanner did not run: incomplete, not failed on findings
    assert "required scanner" in out or "every required scanner" in out


@given(st.text())
def test_clean_removes_every_control_character(text: str) -> None:
    cleaned = clean(text, limit=10_000)
    assert not any(ord(c) < 32 and c != "\t" for c in cleaned)
    assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert "\n" not in cleaned


def test_clean_truncates() -> None:
    assert clean("abcdef", limit=4) == "abc…"
    assert clean("abcd", limit=4) == "abcd"


def test_no_path_is_cut_in_a_file_or_a_ci_log() -> None:
    """Not a terminal: every path and message whole on its line, whatever the width."""
    deep = "src/" + "/".join(f"package_{i:02d}" for i in range(20)) + "/handlers.py"
    long = finding("high", message="m" * 300, path=deep)
    out = rendered(report_with([long], [status("semgrep")]))
    assert f"{deep}:" in out and "m" * 300 in out
    assert "…" not in out.split("Scorecard")[0]


def test_a_terminal_still_cuts_to_its_width() -> None:
    deep = "src/" + "/".join(f"package_{i:02d}" for i in range(20)) + "/handlers.py"
    buf = io.StringIO()
    render(report_with([finding("high", path=deep)], [status("semgrep")]),
           Console(file=buf, width=100, force_terminal=True, color_system=None))  # fmt: skip
    assert deep not in buf.getvalue()


def test_new_findings_are_listed_first_and_groups_show_a_fix() -> None:
    from dataclasses import replace

    old = [finding("high", rule_id=f"OLD{i}", path=f"old{i}.py") for i in range(40)]
    new = [replace(finding("low", rule_id=f"NEW{i}", path=f"new{i}.py"), baseline_state="new") for i in range(3)]
    out = rendered(report_with([*old, *new], [status("fake")]))
    listing = out.split("Findings (43, 3 new, fix-first order)", 1)[1]
    shown = [line for line in listing.splitlines() if line.startswith(" HIGH") or line.startswith(" LOW")]
    assert len(shown) == 25 and all("NEW" in line for line in shown[:3])
    assert "Fix first (43 group(s) of 43 finding(s))" in out and "fix: " in out


def test_a_not_assessed_reason_is_whole_below_the_table_in_a_log() -> None:
    """Not a terminal: a long reason is not folded word by word into the note column (the
    database path came out as ``/tmp/ux…``); the table says "below" and the reason follows."""
    why = "no advisory database at /home/ci/.cache/shiftleft/advisories.sqlite3: run `shiftleft db import`"
    out = rendered(report_with([], [status("semgrep"), status("osv", "failed", stage="build", reason=why)]))
    assert f"  osv (build) NOT ASSESSED: {why}" in out.splitlines()
    assert "/home/ci/.cache/shiftleft/advisories.sqlite3" in out


def test_a_cache_hit_says_cached_not_a_time() -> None:
    statuses = [status("semgrep"), status("bandit")]
    report = report_with([], statuses)
    report.meta["cache"] = {"enabled": True, "hits": ["semgrep", 7], "misses": ["bandit"]}
    lines = rendered(report).splitlines()
    rows = {line.split()[0]: line for line in lines if line.split()[:1] in (["semgrep"], ["bandit"])}
    assert "cached" in rows["semgrep"] and "cached" not in rows["bandit"]
    report.meta["cache"] = "forged"
    assert "cached" not in rendered(report)
