"""What the HTML and Markdown templates show, computed once in Python.

Both templates read these rows, so a scanner that did not run is labelled NOT ASSESSED
the same way everywhere, and the trend chart's geometry is arithmetic done here (tested),
not script run in the reader's browser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shiftleft import isotime
from shiftleft.model import FrameworkResult, HistorySummary, Report
from shiftleft.severity import SEVERITIES

AGE_BUCKETS = ("<7d", "7-30d", "30-90d", ">90d")
_HTTP_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """The URL when it is a plain http(s) link, else None: a ``javascript:``/``data:`` or
    otherwise odd helpUri from a scanner's rule must never become a clickable link."""
    if not isinstance(value, str):
        return None
    return value if _HTTP_URL.fullmatch(value) else None


@dataclass(frozen=True)
class ScannerRow:
    name: str
    stage: str
    category: str
    status: str
    label: str  # what a reader sees: "ok", "NOT ASSESSED: timeout", "not applicable", ...
    not_assessed: bool
    required: bool
    version: str
    seconds: float
    results: int | None  # None when the scanner gave no answer (not "0 findings")
    reason: str


def _partly(count: int) -> str:
    return f"{count} item(s) NOT ASSESSED (no data to judge them: see the SARIF notifications)" if count else ""


def scanner_rows(report: Report) -> list[ScannerRow]:
    rows = []
    for s in report.statuses:
        not_assessed = s.not_assessed_run
        label = f"NOT ASSESSED: {s.status}" if not_assessed else s.status.replace("-", " ")
        results = s.results if s.assessed else None
        row = ScannerRow(
            s.name, s.stage, s.category, s.status, label, not_assessed, s.required, s.version or "", s.seconds,
            results, s.reason or (_partly(s.not_assessed) if s.assessed else ""),
        )  # fmt: skip
        rows.append(row)
    # the ones that need attention first, then by stage order of the scan
    return sorted(rows, key=lambda r: (not r.not_assessed, r.status in {"not-applicable", "disabled"}))


@dataclass(frozen=True)
class FrameworkView:
    result: FrameworkResult
    passed: int
    failed: int
    assessed: int  # pass + fail: controls the scan could judge
    not_assessed: int
    not_applicable: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.passed / self.assessed) if self.assessed else None


def framework_views(frameworks: Sequence[FrameworkResult]) -> list[FrameworkView]:
    views = []
    for fw in frameworks:
        passed, failed = fw.count("pass"), fw.count("fail")
        views.append(FrameworkView(fw, passed, failed, passed + failed, fw.count("not-assessed"),
                                   fw.count("not-applicable")))  # fmt: skip
    return views


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    when: str
    count: int


@dataclass(frozen=True)
class TrendChart:
    """An SVG line chart of open findings over time, in viewBox units."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: tuple[ChartPoint, ...]
    #: (y position, label) for horizontal grid lines
    y_ticks: tuple[tuple[float, int], ...]
    #: (x position, label, text-anchor) for the time axis
    x_labels: tuple[tuple[float, str, str], ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def area(self) -> str:
        """The polygon under the line, closed along the x axis."""
        if not self.points:
            return ""
        base = self.top + self.plot_height
        return f"{self.points[0].x:.1f},{base:.1f} {self.polyline} {self.points[-1].x:.1f},{base:.1f}"


def _nice_step(value: int, max_ticks: int = 5) -> int:
    """The smallest 1-2-5 x 10^n step that covers ``value`` in at most ``max_ticks`` steps,
    so the axis labels are whole, round numbers (0, 10, 20 ... rather than 0, 11, 22)."""
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if step * max_ticks >= value:
                return step
        magnitude *= 10


def trend_chart(trend: Sequence[tuple[str, int]], width: int = 720, height: int = 220) -> TrendChart | None:
    """Geometry for the open-findings trend; time-proportional x when every point has a
    parsable time (evenly spaced otherwise); None when there is nothing to draw."""
    if not trend:
        return None
    left, top, right, bottom = 44, 12, 16, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = _nice_step(max(count for _, count in trend))
    ticks = max(1, -(-max(count for _, count in trend) // step))  # ceil division
    y_max = step * ticks
    times = [isotime.parse(when) for when, _ in trend]
    stamps = [t.timestamp() for t in times if t is not None]
    if len(stamps) == len(trend) and len(trend) > 1 and max(stamps) > min(stamps):
        span = max(stamps) - min(stamps)
        xs = [left + plot_w * (s - min(stamps)) / span for s in stamps]
    elif len(trend) > 1:
        xs = [left + plot_w * i / (len(trend) - 1) for i in range(len(trend))]
    else:
        xs = [left + plot_w / 2]
    points = tuple(
        ChartPoint(x, top + plot_h * (1 - count / y_max), when, count)
        for x, (when, count) in zip(xs, trend, strict=True)
    )
    y_ticks = tuple((top + plot_h * (1 - i / ticks), step * i) for i in range(ticks + 1))

    def day(index: int) -> str:
        parsed = times[index]
        return parsed.strftime("%Y-%m-%d") if parsed else trend[index][0][:10]

    x_labels: tuple[tuple[float, str, str], ...]
    if len(points) == 1:
        x_labels = ((points[0].x, day(0), "middle"),)
    else:
        x_labels = ((points[0].x, day(0), "start"), (points[-1].x, day(len(points) - 1), "end"))
    return TrendChart(width, height, left, top, plot_w, plot_h, points, y_ticks, x_labels)


@dataclass(frozen=True)
class HistoryView:
    summary: HistorySummary
    chart: TrendChart | None
    mttr: tuple[tuple[str, float | None], ...]
    ages: tuple[tuple[str, int, float], ...]  # bucket, open findings, share of the largest (0-1)


def history_view(history: HistorySummary | None) -> HistoryView | None:
    if history is None:
        return None
    mttr = tuple((sev, history.mttr_days.get(sev)) for sev in SEVERITIES if sev in history.mttr_days)
    buckets = [b for b in AGE_BUCKETS if b in history.open_by_age] + [
        b for b in history.open_by_age if b not in AGE_BUCKETS
    ]
    largest = max(history.open_by_age.values(), default=0)
    ages = tuple((b, history.open_by_age[b], history.open_by_age[b] / largest if largest else 0.0) for b in buckets)
    return HistoryView(history, trend_chart(history.trend), mttr, ages)


def severity_totals(report: Report) -> dict[str, int]:
    totals = dict.fromkeys(SEVERITIES, 0)
    for f in report.findings:
        if not f.suppressed:
            totals[f.severity] = totals.get(f.severity, 0) + 1
    return totals
