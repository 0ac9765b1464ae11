"""Geometry of the HTML report's bar charts, computed here (tested), drawn as inline SVG by
the template: no script, no external asset, nothing for the CSP to allow.

Every chart is a horizontal bar chart, one row per label, each bar a stack of segments
(severities, or pass / fail / not assessed). Coordinates are in viewBox units; the SVG
scales to its container, so the same chart fits a laptop and a 390 px phone. Labels are
hostile text (file paths, rule ids): they are cut here to a length that fits and escaped
by the template like every other value; the full label is the row's ``<title>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shiftleft.model import Finding
from shiftleft.report import fix_first
from shiftleft.report.fix_first import FileGroup, Group
from shiftleft.report.view import FrameworkView
from shiftleft.severity import SEVERITIES

#: rows of a "top" chart
TOP = 10
LABEL_CHARS = 22


@dataclass(frozen=True)
class Segment:
    css: str  # class of the rect: "sev-high", "st-pass", ...
    name: str  # what it counts, for the tooltip
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class Row:
    label: str  # cut to fit
    full: str  # the whole label (tooltip)
    y: float
    total: int
    segments: tuple[Segment, ...]
    #: the text after the bar (a count, or "n/a" ...)
    note: str
    note_x: float


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    label_width: int
    bar_height: int
    rows: tuple[Row, ...]
    #: (class, name) of each segment kind, for the legend
    legend: tuple[tuple[str, str], ...]

    @property
    def empty(self) -> bool:
        return not self.rows


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    """Keep the end of a long path (the file name), the start of anything else."""
    if len(text) <= limit:
        return text
    if "/" in text and " " not in text:  # a path: its file name matters most
        return "…" + text[-(limit - 1):]
    return text[: limit - 1] + "…"


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, str, int]]]],
    *,
    notes: Sequence[str] | None = None,
    shown: Sequence[str] | None = None,
    width: int = 480,
    label_width: int = 180,
    bar_height: int = 18,
    gap: int = 8,
    scale_to: int | None = None,
) -> BarChart:
    """``rows``: (label, [(css class, name, value), ...]). The longest bar spans the plot
    (or ``scale_to``, e.g. 100 for percentages). ``shown``: shorter labels to draw (the
    full ones stay the tooltips)."""
    # room for the note after the bar: a count, or the longest note given (7 px a character)
    room = max([44, *(7 * len(n) + 10 for n in notes or ())])
    plot = width - label_width - room
    largest = scale_to or max((sum(v for _, _, v in segs) for _, segs in rows), default=0) or 1
    out = []
    used: set[tuple[str, str]] = set()
    for i, (label, segs) in enumerate(rows):
        y = gap / 2 + i * (bar_height + gap)
        x = float(label_width)
        segments = []
        for css, name, value in segs:
            if value <= 0:
                continue
            w = plot * value / largest
            segments.append(Segment(css, name, value, x, w))
            used.add((css, name))
            x += w
        total = sum(v for _, _, v in segs)
        note = notes[i] if notes is not None else str(total)
        out.append(Row(_cut(shown[i] if shown is not None else label), label, y, total, tuple(segments), note, x + 6))
    height = int(gap + len(out) * (bar_height + gap))
    kinds = dict.fromkeys((css, name) for _, segs in rows for css, name, _ in segs)  # in segment order
    legend = tuple(k for k in kinds if k in used)
    return BarChart(title, width, max(height, 1), label_width, bar_height, tuple(out), legend)


def _severity_segments(findings: Iterable[Finding]) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity if f.severity in counts else "info"] += 1
    return [(f"sev-{s}", s, n) for s, n in counts.items()]


def severity_by(findings: Sequence[Finding], attr: str, title: str, order: Sequence[str] = ()) -> BarChart:
    """Open findings per stage (or category), stacked by severity."""
    keys = list(dict.fromkeys([*[k for k in order if any(getattr(f, attr) == k for f in findings)],
                               *sorted({str(getattr(f, attr)) for f in findings})]))  # fmt: skip
    by_key: dict[str, list[Finding]] = {k: [] for k in keys}
    for f in findings:
        by_key[str(getattr(f, attr))].append(f)
    return bar_chart(title, [(k, _severity_segments(by_key[k])) for k in keys])


def frameworks_chart(frameworks: Sequence[FrameworkView]) -> BarChart:
    """Controls per framework: passed, failed, not assessed (not applicable left out)."""
    rows = [
        (fw.result.name, [("st-pass", "pass", fw.passed), ("st-fail", "fail", fw.failed),
                          ("st-not-assessed", "not assessed", fw.not_assessed)])
        for fw in frameworks
    ]  # fmt: skip
    # "5/8 pass", not "100%" of the assessed ones beside a bar that is partly not assessed:
    # a chart must not read as compliant where controls were not assessed
    notes = [f"{fw.passed}/{fw.assessed + fw.not_assessed} pass" if fw.assessed + fw.not_assessed else "n/a"
             for fw in frameworks]  # fmt: skip
    return bar_chart("Compliance controls: pass / fail / not assessed", rows, notes=notes)


def top_files(files: Sequence[FileGroup]) -> BarChart:
    ranked = sorted(files, key=lambda g: -g.count)[:TOP]  # stable: ties keep the fix-first order
    rows = [(g.path, [(f"sev-{s}", s, g.counts.get(s, 0)) for s in SEVERITIES]) for g in ranked]
    return bar_chart(f"Top {len(ranked)} files by open findings", rows)


def top_rules(groups: Sequence[Group]) -> BarChart:
    ranked = sorted(groups, key=lambda g: -g.count)[:TOP]  # stable: ties keep the fix-first order
    shown = [g.rule_name if fix_first.is_dependency(g.first) else g.rule_id for g in ranked]
    rows = [
        (f"{g.tool}: {label}", [(f"sev-{s}", s, sum(1 for f in g.findings if f.severity == s)) for s in SEVERITIES])
        for g, label in zip(ranked, shown, strict=True)
    ]
    return bar_chart(f"Top {len(ranked)} rules by open findings", rows, shown=shown)


STAGE_ORDER = ("code", "build", "test", "deploy")
