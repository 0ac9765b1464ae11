"""The summary a person reads in a terminal or a CI log.

Everything that came from a scanner, the scanned repository or a file read back is
printed as plain ``Text`` (never parsed as rich markup) made ``safe_text.visible`` on one
line: control, escape and bidi characters are shown escaped (``\x1b``, ``<U+202E>``), never
passed to the terminal nor dropped, so a hostile file name or message cannot restyle the
terminal, write the clipboard, or forge lines of the summary ("Gate PASSED").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from shiftleft.model import NOT_ASSESSED, Area, Finding, Report, ScannerStatus, ScanStatus, Verdict
from shiftleft.report import fix_first
from shiftleft.safe_text import one_line

SEVERITY_STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
STATUS_STYLE = {"ok": "green", "not-applicable": "dim", "disabled": "dim"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "F": "bold red", "N/A": "bold magenta"}
VERDICT_STYLE = {Verdict.PASSED: "bold green", Verdict.FAILED: "bold red", Verdict.INCOMPLETE: "bold magenta"}
DEFAULT_FINDINGS_SHOWN = 25
#: groups in the "Fix first" list
DEFAULT_GROUPS_SHOWN = 10


#: a path printed whole where nothing cuts lines (a file, a CI log): the longest a path may be
PATH_LIMIT = 4096


def clean(value: object, limit: int = 160) -> str:
    """``value`` on one line, escaped (``safe_text``), cut to ``limit`` characters."""
    return one_line(value, limit)


def _plain(value: object, style: str = "", limit: int = 160) -> Text:
    return Text(clean(value, limit), style=style)


def _area_cells(area: Area) -> list[Text]:
    score = "—" if area.score is None else f"{area.score:g}"
    state = area.state.replace("-", " ")
    counts = " ".join(f"{k[0].upper()}:{v}" for k, v in area.counts.items() if v)
    return [
        _plain(area.name, "bold", 60),
        _plain(area.grade, GRADE_STYLE.get(area.grade, ""), 8),
        Text(score),
        Text(f"{area.coverage:.0%}"),
        _plain(state, "" if area.state == "assessed" else "bold magenta", 40),
        _plain(counts or "—", limit=80),
    ]


def _note(s: ScannerStatus) -> Text:
    if s.assessed and s.not_assessed:
        return Text(f"{s.not_assessed} item(s) NOT ASSESSED (see the SARIF notifications)", style="bold magenta")
    return _plain(s.reason or (s.version or ""), "dim")


def render(
    report: Report,
    console: Console,
    *,
    artifacts: Sequence[Path] = (),
    verbose: bool = False,
    max_findings: int | None = DEFAULT_FINDINGS_SHOWN,
) -> None:
    """The whole summary, in the order a reader needs it: what was scanned and with which
    config, which scanners ran (and which did not), the findings, the scorecard, compliance,
    the advisory data's age, history, then the verdict and the files written."""
    _header(report, console)
    _config(report, console)
    _scanners(report, console, verbose)
    _findings(report, console, verbose, max_findings)
    _scorecard(report, console, verbose)
    _compliance(report, console)
    _advisory_database(report, console)
    _history(report, console)
    _gate(report, console)
    for path in artifacts:
        console.print(_plain(f"wrote {path}", "dim", 400 if console.is_terminal else PATH_LIMIT), soft_wrap=True)


def _header(report: Report, console: Console) -> None:
    meta = report.meta
    console.print(
        Text.assemble(
            ("shiftleft ", "bold"),
            (clean(meta.get("version", "")), "dim"),
            "  target ",
            _plain(meta.get("target", ""), limit=160 if console.is_terminal else PATH_LIMIT),
            f"  stages {clean(', '.join(str(s) for s in meta.get('stages') or []), 80)}",
            f"  files {meta.get('filesScanned', 0)} scanned, {meta.get('filesSkipped', 0)} skipped",
        ),
        soft_wrap=not console.is_terminal,
    )


def _config(report: Report, console: Console) -> None:
    """Which config decided the scan, and whether it was trusted to relax anything."""
    meta = report.meta
    config_file = meta.get("config")
    provenance = meta.get("configOrigin")
    if config_file:
        inside = str(config_file).startswith(str(meta.get("target", "")).rstrip("/") + "/")
        if provenance == "explicit":
            origin = " (passed explicitly with --config: applied in full)"
        elif provenance == "repository" or inside:
            origin = " (from the scanned directory: it may only tighten the gate; pass a trusted one with --config)"
        else:
            origin = ""
        console.print(Text(f"config {clean(config_file, 200)}{origin}", style="dim"), soft_wrap=True)
    config_notices = meta.get("configNotices") or []
    if config_notices:
        console.print(Text(f"config: {len(config_notices)} setting(s) ignored or refused (see the warnings)",
                           style="yellow"), soft_wrap=True)  # fmt: skip


_QUIET_STATUSES = {ScanStatus.NOT_APPLICABLE, ScanStatus.DISABLED}


def _scanners(report: Report, console: Console, verbose: bool) -> None:
    """One row per scanner that applied (every scanner with -v); a scanner that gave no
    answer says NOT ASSESSED in its status; a result-cache hit says "cached" for its time
    (the run is the stored one: its seconds would read as a scan that took none)."""
    scanners = Table(title="Scanners", title_justify="left", show_edge=False, pad_edge=False)
    for col in ("scanner", "stage", "status", "findings", "time", "note"):
        scanners.add_column(col, no_wrap=col != "note")
    # in a file or a CI log a long reason is not folded into the note column (a path cut
    # word by word): the table says "below" and the reason follows it, whole
    below: list[ScannerStatus] = []
    found = report.meta.get("cache")
    hits = found.get("hits") if isinstance(found, dict) else None
    cached = {h for h in hits if isinstance(h, str)} if isinstance(hits, list) else set()
    for s in report.statuses:
        if not verbose and s.status in _QUIET_STATUSES:
            continue
        status = f"NOT ASSESSED: {s.status}" if s.not_assessed_run else str(s.status)
        style = STATUS_STYLE.get(s.status, "bold magenta")
        note = _note(s)
        if not console.is_terminal and s.not_assessed_run and s.reason and len(s.reason) > 30:
            below.append(s)
            note = Text("below", style="dim")
        scanners.add_row(
            _plain(s.name, limit=60), _plain(s.stage, limit=20), _plain(status, style, 60),
            Text(str(s.results) if s.assessed else "—"),
            Text("cached", style="dim") if s.name in cached and s.assessed else
            Text(f"{s.seconds:.1f}s" if s.seconds else ""), note,
        )  # fmt: skip
    console.print(scanners)
    for s in below:
        console.print(Text(f"  {clean(s.name, 60)} ({clean(s.stage, 20)}) NOT ASSESSED: {clean(s.reason, 2000)}",
                           style="bold magenta"), soft_wrap=True)  # fmt: skip
    hidden = [s for s in report.statuses if s.status in _QUIET_STATUSES]
    if hidden and not verbose:
        names = ", ".join(sorted({f"{s.name} ({s.stage})" for s in hidden}))
        console.print(Text(f"not applicable or disabled: {clean(names, 400)} (-v for reasons)", style="dim"))


def _findings(report: Report, console: Console, verbose: bool, max_findings: int | None) -> None:
    """The fix-first groups (``report.fix_first``), then the findings in the same order: new
    ones first under --baseline / --diff-base, so they are never cut from the list."""
    plan = fix_first.build(report)
    active = list(plan.findings)
    suppressed = len(report.findings) - len(active)
    if active:
        _fix_first(plan, console, None if verbose else DEFAULT_GROUPS_SHOWN)
        shown = active if max_findings is None or verbose else active[:max_findings]
        new = f", {plan.new} new" if plan.baseline else ""
        console.print(Text(f"Findings ({len(active)}{new}, fix-first order)", style="bold"))
        width = max(40, console.width - 11)
        for f in shown:
            _finding(f, console, width)
        if len(shown) < len(active):
            console.print(Text(f"… {len(active) - len(shown)} more findings (-v shows all; see the report files)"))
    else:
        console.print(Text("No unsuppressed findings from the scanners that ran.", style="green"))
    if suppressed:
        note = f"{suppressed} suppressed finding(s) kept in the SARIF with their justification."
        console.print(Text(note, style="dim"))


def _fix_first(plan: fix_first.FixFirst, console: Console, limit: int | None) -> None:
    """The top groups, each on three lines: cut to the width on a terminal, whole (no path or
    fix cut) in a file or a CI log, like the findings below."""
    groups = plan.groups if limit is None else plan.groups[:limit]
    console.print(Text(f"Fix first ({len(plan.groups)} group(s) of {len(plan.findings)} finding(s))", style="bold"))
    term = console.is_terminal
    width = max(40, console.width - 6) if term else PATH_LIMIT
    cut: dict[str, Any] = {"overflow": "ellipsis", "no_wrap": True} if term else {"soft_wrap": True}
    for i, g in enumerate(groups, 1):
        new = f", {g.new} new" if g.new else ""
        hints = [h for h in g.hints if h != "new"]
        console.print(
            Text.assemble(
                (f" {i:>2}. ", ""),
                (f"{g.severity.upper():<9}", SEVERITY_STYLE.get(g.severity, "")),
                (clean(g.rule_name, 70 if term else 400), "bold"),
                f"  {g.count} {g.spread}{new}",
                (f"  [{clean(', '.join(hints), 60)}]" if hints else "", "dim"),
            ),
            **cut,
        )
        console.print(Text("      fix: " + clean(g.fix, width), style="green"), **cut)
        where = clean(", ".join(g.locations[:3]) + (f" +{g.count - 3} more" if g.count > 3 else ""), width)
        console.print(Text(f"      {clean(g.tool, 40)} {clean(g.rule_id, 80 if term else 400)}: {where}", style="dim"),
                      **cut)  # fmt: skip
    if len(groups) < len(plan.groups):
        console.print(Text(f"  … {len(plan.groups) - len(groups)} more group(s) (-v shows all)", style="dim"))


def _finding(f: Finding, console: Console, width: int) -> None:
    """Two lines, cut to the width on a terminal; whole (no path cut) in a file or a CI log."""
    location = f"{f.path}:{f.line}" if f.line else f.path
    term = console.is_terminal
    cut = {"overflow": "ellipsis", "no_wrap": True} if term else {"soft_wrap": True}
    console.print(
        Text.assemble(
            (f" {f.severity.upper():<9}", SEVERITY_STYLE.get(f.severity, "")),
            ("NEW ", "bold cyan") if f.baseline_state == "new" else "",
            (clean(location, 70 if term else PATH_LIMIT), "bold"),
            "  ",
            (clean(f.tool), "dim"),
            " ",
            clean(f.rule_id, 70 if term else 400),
        ),
        **cut,  # type: ignore[arg-type]
    )
    console.print(Text("           " + clean(f.message, width if term else 400), style="dim"), **cut)  # type: ignore[arg-type]


def _scorecard(report: Report, console: Console, verbose: bool) -> None:
    score = Table(title="Scorecard", title_justify="left", show_edge=False, pad_edge=False)
    for col in ("area", "grade", "score", "coverage", "state", "open findings"):
        score.add_column(col)
    score.add_row(*_area_cells(report.scorecard.overall))
    for area in report.scorecard.stages:
        if area.state != "not-applicable" or verbose:
            score.add_row(*_area_cells(area))
    if verbose:
        for area in report.scorecard.categories:
            score.add_row(*_area_cells(area))
    console.print(score)


def _compliance(report: Report, console: Console) -> None:
    if not report.frameworks:
        return
    compliance = Table(title="Compliance", title_justify="left", show_edge=False, pad_edge=False)
    for col in ("framework", "pass", "fail", "not assessed", "n/a"):
        if col == "framework":
            compliance.add_column(col, no_wrap=True, overflow="ellipsis", max_width=36)
        else:
            compliance.add_column(col, justify="right")
    for fw in report.frameworks:
        not_assessed = fw.count(NOT_ASSESSED)
        compliance.add_row(
            _plain(fw.name, limit=50), Text(str(fw.count("pass")), style="green"),
            Text(str(fw.count("fail")), style="red" if fw.count("fail") else ""),
            Text(str(not_assessed), style="bold magenta" if not_assessed else ""),
            Text(str(fw.count("not-applicable")), style="dim"),
        )  # fmt: skip
    console.print(compliance)


def _advisory_database(report: Report, console: Console) -> None:
    """How old the advisory data was when the scan ran: offline scans must say it."""
    database = report.meta.get("advisoryDatabase")
    if not isinstance(database, dict):
        return
    counts = ", ".join(f"{eco} {n}" for eco, n in (database.get("ecosystems") or {}).items())
    age, untrusted = database.get("ageDays"), database.get("untrusted")
    when = f"of unknown age: {untrusted}" if untrusted else "of unknown age" if age is None else f"{age:g} days old"
    console.print(Text(
        f"Advisory database: {clean(counts, 200)} advisories; newest data {clean(when, 200)} at scan time",
        style="bold magenta" if untrusted else "dim",
    ))  # fmt: skip


def _history(report: Report, console: Console) -> None:
    if report.history is not None:
        h = report.history
        since = f"since {clean(h.previous_scan)}" if h.previous_scan else "first recorded scan"
        console.print(Text(f"History ({since}): {h.new} new, {h.fixed} fixed, {h.still_open} still open"))


def _gate(report: Report, console: Console) -> None:
    """The verdict (PASSED / FAILED / INCOMPLETE, from ``GateResult.verdict``) and each rule."""
    verdict = report.gate.verdict
    console.print(Text(f"Gate {verdict}", style=VERDICT_STYLE[verdict]))
    for rule in report.gate.rules:
        mark = "✓" if rule.passed else "✗"
        console.print(Text(f"  {mark} {clean(rule.description, 200)}: {clean(rule.detail, 300)}",
                           style="green" if rule.passed else "red"))  # fmt: skip
    partly = sum(s.not_assessed for s in report.statuses if s.assessed)
    if partly:
        console.print(Text(f"  note: {partly} item(s) could not be assessed (see the scanners above); "
                           "--preset strict fails the gate on that", style="bold magenta"))  # fmt: skip
