"""report.md: the scorecard as GitHub-flavoured Markdown, for a job summary
(``cat report.md >> "$GITHUB_STEP_SUMMARY"``) or a pull-request comment.

A PR comment holds at most 65,536 characters, so the findings list is cut to fit, with a
note saying how many were left out (``pr_comment``, format ``pr-comment``, is the short
one made for a pull request). Findings and the "Fix first" table are in fix-first order
(``report.fix_first``), new ones first under --baseline / --diff-base.

Every value that came from a scanner or the scanned repository is escaped by the template
environment itself (jinja2 ``finalize``), so a message cannot break a table with ``|``,
open HTML with ``<``, start code with a
backtick, ping someone with ``@name``, start a line of its own, or reorder what a reviewer
reads with a bidi override: control, bidi and invisible characters are shown escaped
(``safe_text.visible``: ``\x1b``, ``<U+202E>``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from shiftleft.model import Report
from shiftleft.report import fix_first, view
from shiftleft.resources import templates_dir
from shiftleft.safe_text import visible

TEMPLATE = "report.md.j2"
#: GitHub's limit for a comment body is 65,536 characters; leave room for a bot's header
MAX_CHARS = 65_000
#: longest message shown in a table cell (the full text is in the SARIF)
CELL_LIMIT = 300
ZWJ = "\u200d"

_SPECIAL = re.compile(r"([\\`*_{}\[\]|~!#])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


class Raw(str):
    """Markdown the template or this module wrote itself; ``escape`` leaves it alone."""


def escape(value: Any) -> str:
    """Make ``value`` inert inline Markdown: one line, no HTML, no Markdown syntax, no
    @mention, and never a table-cell separator."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return ""
    text = visible(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub("@" + ZWJ, text)


def clip(value: Any, limit: int = CELL_LIMIT) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:g}"


def counts_text(counts: dict[str, int]) -> str:
    return " · ".join(f"{n} {sev}" for sev, n in counts.items() if n) or "none"


@cache
def environment(directory: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory or templates_dir())),
        autoescape=False,  # noqa: S701 - Markdown, not HTML: ``finalize`` escapes every value instead
        finalize=escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(score=score_text, counts=counts_text, clip=clip)
    return env


#: rows of the "Fix first" table (one per rule or package)
MAX_GROUPS = 30


def _render(report: Report, shown: int, controls: bool, plan: fix_first.FixFirst | None = None) -> str:
    plan = plan or fix_first.build(report)
    active = list(plan.findings)
    return environment().get_template(TEMPLATE).render(
        report=report,
        verdict=report.gate.verdict.value,
        totals=view.severity_totals(report),
        scanners=[s for s in view.scanner_rows(report) if s.status not in {"not-applicable", "disabled"}],
        skipped=[s for s in view.scanner_rows(report) if s.status in {"not-applicable", "disabled"}],
        frameworks=view.framework_views(report.frameworks),
        history=view.history_view(report.history),
        plan=plan,
        groups=plan.groups[:MAX_GROUPS],
        hidden_groups=max(0, len(plan.groups) - MAX_GROUPS),
        findings=active[:shown],
        hidden=len(active) - min(shown, len(active)),
        suppressed=len(report.findings) - len(active),
        controls=controls,
        limit=MAX_CHARS,
    )


def render(report: Report, *, max_chars: int = MAX_CHARS) -> str:
    """The largest report that fits ``max_chars``: every finding if possible, else as
    many as fit (binary search), else without the per-control tables, else cut."""
    plan = fix_first.build(report)
    total = len(plan.findings)
    for controls in (True, False):
        text = _render(report, total, controls, plan)
        if len(text) <= max_chars:
            return text
        if len(_render(report, 0, controls, plan)) > max_chars:
            continue
        low, high = 0, total  # invariant: low fits, high does not
        while high - low > 1:
            mid = (low + high) // 2
            if len(_render(report, mid, controls, plan)) <= max_chars:
                low = mid
            else:
                high = mid
        return _render(report, low, controls, plan)
    note = "\n\n_… cut here: this summary exceeded the size of a GitHub comment; see shiftleft.sarif._\n"
    text = _render(report, 0, False, plan)
    cut = text.rfind("\n", 0, max_chars - len(note))
    return text[: max(cut, 0)] + note


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), "utf-8")
    return path
