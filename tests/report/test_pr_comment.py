"""pr-comment.md: short, new findings first, the rest folded, a hard size cap that says
what it left out, and report.md's escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from shiftleft.model import Report
from shiftleft.report import FORMATS, pr_comment, write_reports
from shiftleft.report.markdown_report import ZWJ
from tests.report.conftest import MD_HOSTILE, XSS

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _many(report: Report, count: int, new: int = 0) -> Report:
    """``count`` findings over 40 files and 25 rules; the first ``new`` of them new."""
    base = next(f for f in report.findings if f.tool == "semgrep")
    findings = tuple(
        replace(base, message=f"finding {i} " + "x" * 150, path=f"src/pkg_{i % 40}/module_{i}.py", line=i + 1,
                rule_id=f"rule.{i % 25}", fingerprint=f"fp{i}", severity=("high", "medium", "low")[i % 3],
                baseline_state="new" if i < new else "unchanged")
        for i in range(count)
    )  # fmt: skip
    return replace(report, findings=findings)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def test_registered_as_a_format(tmp_path: Path, report: Report) -> None:
    assert FORMATS["pr-comment"][0] == "pr-comment.md"
    (path,) = write_reports(report, ["pr-comment"], tmp_path)
    assert path.name == "pr-comment.md" and path.read_text("utf-8").startswith("## ❌ shiftleft: gate FAILED")


def test_500_findings_stay_under_10_kb_and_say_how_many_were_left_out(report: Report) -> None:
    big = _many(report, 500)
    text = pr_comment.render(big)
    assert _size(text) <= pr_comment.MAX_BYTES <= 10_000
    listed = len(re.findall(r"^\| (?:high|medium|low) \| src/", text, re.M))
    note = re.search(r"… (\d+) more finding\(s\) not listed", text)
    assert note and int(note.group(1)) == 500 - listed and 0 < listed < 500
    assert "### Fix first" in text and "more group(s) not listed" in text  # 25 rules, 15 rows at most
    # the largest that fits: the budget is used, not wasted
    assert _size(text) > pr_comment.MAX_BYTES - 600


def test_new_findings_first_then_the_rest_folded(report: Report) -> None:
    text = pr_comment.render(_many(report, 60, new=3))
    assert "**3 new in this change**" in text
    new_at = text.index("### New in this change (3)")
    other_at = text.index("<details><summary>Other open findings (57)")
    fix_at = text.index("### Fix first")
    assert fix_at < new_at < other_at
    new_rows = re.findall(r"^\| \w+ \| (src/\S+)", text[new_at:other_at], re.M)
    assert new_rows == [f"src/pkg\\_{i}/module\\_{i}.py:{i + 1}" for i in range(3)]
    # compliance and the scanners are folded below the findings
    assert text.index("<details><summary>Compliance:") > other_at
    assert text.index("<details><summary>Gate and scanners") > other_at
    assert text.count("<details>") == text.count("</details>")


def test_a_typical_change_is_listed_whole(report: Report) -> None:
    text = pr_comment.render(_many(report, 20, new=2))
    assert "more finding(s) not listed" not in text and _size(text) <= pr_comment.MAX_BYTES


def test_hostile_text_is_escaped(report: Report) -> None:
    text = pr_comment.render(report)
    assert XSS not in text and "<script" not in text and "<img" not in text
    assert MD_HOSTILE not in text and f"@{ZWJ}octocat" in text
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith(("| |", "|---")):
            cells = len(UNESCAPED_PIPE.findall(line))
            assert cells in {5, 6}, line  # 4 or 5 cells, never more
    assert "**NOT ASSESSED:**" in text  # the timed-out osv of the hostile report


def test_hard_cap_holds_when_even_the_frame_is_too_big(report: Report) -> None:
    statuses = tuple(replace(report.statuses[0], name=f"scanner-{i}", reason="r" * 100) for i in range(400))
    text = pr_comment.render(replace(_many(report, 50), statuses=statuses))
    assert _size(text) <= pr_comment.MAX_BYTES
    assert text.rstrip().endswith("see report.md and shiftleft.sarif._")
