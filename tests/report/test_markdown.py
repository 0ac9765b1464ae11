"""The Markdown report: escaping of scanner values, the 65,536-character cap."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from shiftleft.model import Finding, Report
from shiftleft.report import markdown_report
from shiftleft.report.markdown_report import ZWJ, escape
from tests.report.conftest import MD_HOSTILE

GITHUB_COMMENT_LIMIT = 65_536
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a | b", r"a \| b"),
        ("`code`", r"\`code\`"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("@octocat and @org/team", f"@{ZWJ}octocat and @{ZWJ}org/team"),
        ("user@example.com", f"user@{ZWJ}example.com"),
        ("line1\nline2\r\n| row |", r"line1\\nline2\\r\\n\| row \|"),  # visible, one line
        ("\u202eevil\x1b[2J", r"&lt;U+202E&gt;evil\\x1b\[2J"),
        ("**bold** _it_ [x](y) ~~s~~ \\", r"\*\*bold\*\* \_it\_ \[x\](y) \~\~s\~\~ \\"),
        ("&lt;", "&amp;lt;"),
        (None, ""),
        (3.5, "3.5"),
    ],
)
def test_escape(raw: object, expected: str) -> None:
    assert escape(raw) == expected


def _findings_rows(text: str) -> list[str]:
    part = text.split("### Findings", 1)[1]
    return [line for line in part.splitlines() if line.startswith("| ") and not line.startswith("| severity")]


def test_hostile_values_cannot_break_the_table_or_ping(report: Report) -> None:
    text = markdown_report.render(report)
    rows = _findings_rows(text)
    assert len(rows) == sum(1 for f in report.findings if not f.suppressed)
    for row in rows:
        assert len(UNESCAPED_PIPE.findall(row)) == 5, row  # 4 cells, never more
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "@octocat" not in text and f"@{ZWJ}octocat" in text
    assert "`" not in text.replace("\\`", "")
    assert MD_HOSTILE not in text


def test_sections(report: Report) -> None:
    text = markdown_report.render(report)
    assert text.startswith("## ❌ shiftleft: grade F")
    assert "**NOT ASSESSED: timeout**" in text
    assert "1/2 controls passed (50%)" in text and "| CC8.1 |" in text
    assert "41 → 35 → 30 → 26 → 28" in text
    bare = markdown_report.render(replace(report, frameworks=(), history=None))
    assert "_No frameworks evaluated._" in bare and "### History" not in bare


def _many(report: Report, count: int) -> Report:
    base = report.findings[0]
    extra = tuple(
        replace(base, message=f"finding {i} " + "x" * 400, path=f"src/module_{i}.py", fingerprint=str(i))
        for i in range(count)
    )
    return replace(report, findings=extra)


def test_size_cap_truncates_findings_with_a_note(report: Report) -> None:
    big = _many(report, 3000)
    text = markdown_report.render(big)
    assert len(text) <= markdown_report.MAX_CHARS < GITHUB_COMMENT_LIMIT
    shown = len(_findings_rows(text))
    assert 10 < shown < 3000
    note = re.search(r"… (\d+) more finding\(s\) not shown", text)
    assert note and int(note.group(1)) == 3000 - shown
    # the cut is the largest that fits: one more row would not
    assert len(markdown_report._render(big, shown + 1, True)) > markdown_report.MAX_CHARS


def test_small_report_is_not_truncated(report: Report) -> None:
    assert "not shown" not in markdown_report.render(report)


def test_cap_holds_even_when_everything_else_is_huge(report: Report) -> None:
    many_scanners = tuple(
        replace(report.statuses[0], name=f"scanner-{i}", reason="r" * 150) for i in range(600)
    )
    text = markdown_report.render(replace(_many(report, 50), statuses=many_scanners))
    assert len(text) <= markdown_report.MAX_CHARS
    assert text.rstrip().endswith("see shiftleft.sarif._")


def test_suppressed_findings_are_counted_not_listed(report: Report) -> None:
    first: Finding = report.findings[0]
    findings = (replace(first, suppressed=True, suppression="accepted risk"), *report.findings[1:])
    text = markdown_report.render(replace(report, findings=findings))
    assert "1 suppressed" in text
    assert len(_findings_rows(text)) == len(findings) - 1
