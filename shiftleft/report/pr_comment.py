"""pr-comment.md: the scan as a pull-request comment a reviewer reads in ten seconds.

``--format markdown`` (report.md) stays the complete report for a job summary; this one is
short on purpose. What it holds, in order: the verdict, grade and counts (how many are new
under ``--baseline`` / ``--diff-base``), a NOT ASSESSED warning when a scanner did not
run, the failed gate rules, one compact "Fix first" table (one row per rule or package,
``report.fix_first``, with its one-line fix), the new findings, then, folded in
``<details>``: the other open findings, compliance per framework, the gate rules and the
scanners.

Size: at most ``MAX_BYTES`` (10,000 bytes of UTF-8: well under GitHub's 65,536-character
comment limit, and short enough to read). Rows are cut to fit, the other findings first,
then the new ones, then the fix-first groups, and a line says how many were left out;
past that the text is cut with a note. Escaping is report.md's (``markdown_report.escape``,
jinja2 ``finalize``): no value can break a table, open HTML, or @mention anyone.
"""

from __future__ import annotations

from pathlib import Path

from shiftleft.model import Report
from shiftleft.report import fix_first, markdown_report, view

TEMPLATE = "pr-comment.md.j2"
MAX_BYTES = 10_000
#: rows of the "Fix first" table at most
MAX_GROUPS = 15
CUT_NOTE = "\n\n_… cut here to stay under the size of a short comment; see report.md and shiftleft.sarif._\n"


def _render(report: Report, plan: fix_first.FixFirst, groups: int, new: int, other: int, budget: int) -> str:
    new_all = plan.new_findings() if plan.baseline else []
    other_all = [f for f in plan.findings if f.baseline_state != "new"] if plan.baseline else list(plan.findings)
    scanners = [s for s in view.scanner_rows(report) if s.status not in {"not-applicable", "disabled"}]
    return markdown_report.environment().get_template(TEMPLATE).render(
        report=report,
        plan=plan,
        verdict=report.gate.verdict.value,
        totals=view.severity_totals(report),
        suppressed=len(report.findings) - len(plan.findings),
        failed_rules=[r for r in report.gate.rules if not r.passed],
        groups=plan.groups[:groups],
        hidden_groups=len(plan.groups) - min(groups, len(plan.groups)),
        new_rows=new_all[:new],
        hidden_new=len(new_all) - min(new, len(new_all)),
        other_rows=other_all[:other],
        hidden_other=len(other_all) - min(other, len(other_all)),
        frameworks=view.framework_views(report.frameworks),
        scanners=scanners,
        not_run=[s for s in scanners if s.not_assessed],
        budget=budget,
    )


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def render(report: Report, *, max_bytes: int = MAX_BYTES) -> str:
    """The largest comment that fits ``max_bytes``: all groups (up to ``MAX_GROUPS``), new
    findings and other findings if possible; else as many other findings as fit, then new
    ones, then groups (each by binary search); else the text cut with a note."""
    plan = fix_first.build(report)
    counts = [min(MAX_GROUPS, len(plan.groups)), len(plan.findings), len(plan.findings)]

    def fits(trial: list[int]) -> bool:
        return _size(_render(report, plan, trial[0], trial[1], trial[2], max_bytes)) <= max_bytes

    # shrink the least important list first: other findings, then new ones, then groups
    for index in (2, 1, 0):
        if fits(counts):
            break
        trial = list(counts)
        trial[index] = 0
        if not fits(trial):
            counts = trial
            continue
        low, high = 0, counts[index]  # invariant: low fits, high does not
        while high - low > 1:
            mid = (low + high) // 2
            trial[index] = mid
            if fits(trial):
                low = mid
            else:
                high = mid
        counts[index] = low
        break
    text = _render(report, plan, counts[0], counts[1], counts[2], max_bytes)
    if _size(text) <= max_bytes:
        return text
    room = max_bytes - _size(CUT_NOTE)
    cut = text.encode("utf-8")[:room].decode("utf-8", "ignore")
    return cut[: max(cut.rfind("\n"), 0)] + CUT_NOTE


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), "utf-8")
    return path
