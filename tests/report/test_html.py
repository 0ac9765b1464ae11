"""The HTML report: escaping, links, CSP, sections, self-containment."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from shiftleft.model import Report
from shiftleft.report import fix_first, html_report, view
from tests.report.conftest import JS_URI, XSS


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script>/<style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.bodies:
            self._in = tag
            self.bodies[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None if tag == self._in else self._in

    def handle_data(self, data: str) -> None:
        if self._in:
            self.bodies[self._in][-1] += data


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hostile_message_is_text_not_markup(report: Report) -> None:
    html = html_report.render(report)
    doc = parse(html)
    assert [t for t, _ in doc.tags].count("script") == 1  # ours only
    assert not any(t == "img" for t, _ in doc.tags)
    assert not any(k.startswith("on") for _, attrs in doc.tags for k in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert XSS not in html


def test_javascript_help_uri_is_never_a_link(report: Report) -> None:
    html = html_report.render(report)
    hrefs = [a.get("href") or "" for t, a in parse(html).tags if t == "a"]
    assert not [h for h in hrefs if not (h.startswith("#") or h.startswith("https://") or h.startswith("http://"))]
    assert "help: javascript:alert(document.domain)" in html  # shown, as text
    assert any(h.startswith("https://") for h in hrefs)  # bandit's real helpUri stays a link


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://bandit.readthedocs.io/en/latest/plugins/b602.html", True),
        ("HTTP://example.com/x", True),
        (JS_URI, False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("https://x.example/\njavascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ('https://x.example/"onmouseover="alert(1)', False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert view.safe_url(url) == (url if ok else None)


def test_csp_allows_exactly_our_inline_style_and_script(report: Report) -> None:
    html = html_report.render(report)
    doc = parse(html)
    meta = [a for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(meta) == 1
    policy = {d.split()[0]: d.split()[1:] for d in (meta[0]["content"] or "").split(";") if d.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [sha256_source(doc.bodies["script"][0])]
    assert policy["style-src"] == [sha256_source(doc.bodies["style"][0])]
    assert "'unsafe-inline'" not in meta[0]["content"]  # type: ignore[operator]


def test_self_contained_no_network(report: Report) -> None:
    html = html_report.render(report)
    for tag, attrs in parse(html).tags:
        for key in ("src", "srcset", "data", "action", "poster"):
            assert key not in attrs, (tag, attrs)
        if tag == "link":
            assert (attrs.get("href") or "").startswith("data:")
    assert "@import" not in html and "url(" not in html


def test_summary_shows_grade_score_coverage_verdict(report: Report) -> None:
    html = html_report.render(report)
    overall = report.scorecard.overall
    assert re.search(rf'id="grade"[^>]*>{overall.grade}<', html)
    assert f"{overall.score:g}" in html and f"{overall.coverage:.0%}" in html
    assert 'id="verdict">FAILED<' in html


def test_not_assessed_scanner_is_visible(report: Report) -> None:
    html = html_report.render(report)
    assert "NOT ASSESSED: timeout" in html
    assert "osv did not finish within 900 s" in html


def test_frameworks_and_history_sections(report: Report) -> None:
    html = html_report.render(report)
    assert "SOC 2 &lt;Trust&gt; Services" in html
    assert "<b>1/2</b> controls passed" in html
    assert "No frameworks evaluated" not in html
    svg = re.search(r'<svg class="chart".*?</svg>', html, re.S)
    assert svg and svg.group(0).count("<circle") == 5 and "<polyline" in svg.group(0)
    bare = html_report.render(replace(report, frameworks=(), history=None))
    assert "No frameworks evaluated" in bare
    assert 'id="history"' not in bare


def test_findings_are_capped_with_a_note(report: Report) -> None:
    html = html_report.render(report, max_findings=5)
    assert html.count("<tr data-severity=") == 5
    assert f"{len(report.findings) - 5} more finding(s) are not listed here" in html


def test_trend_chart_geometry() -> None:
    chart = view.trend_chart([("2026-01-01T00:00:00Z", 10), ("2026-01-03T00:00:00Z", 0),
                              ("2026-01-11T00:00:00Z", 23)])  # fmt: skip
    assert chart is not None
    xs = [p.x for p in chart.points]
    assert xs[0] == chart.left and xs[-1] == chart.left + chart.plot_width
    assert xs[1] - xs[0] == pytest.approx((xs[2] - xs[0]) * 2 / 10)  # time-proportional
    bottom = chart.top + chart.plot_height
    assert chart.points[1].y == bottom  # 0 open sits on the axis
    assert [label for _, label in chart.y_ticks] == [0, 5, 10, 15, 20, 25]
    assert chart.points[2].y == pytest.approx(bottom - chart.plot_height * 23 / 25)
    assert view.trend_chart([]) is None
    single = view.trend_chart([("not a date", 3)])
    assert single is not None and len(single.points) == 1


def test_findings_filters_list_values_present(report: Report) -> None:
    html = html_report.render(report)
    assert '<option value="semgrep">semgrep</option>' in html
    assert '<option value="critical">critical</option>' in html


def _svgs(html: str) -> list[str]:
    return re.findall(r'<svg class="bars".*?</svg>', html, re.S)


def test_fix_first_block_and_charts_come_right_after_the_summary(report: Report) -> None:
    html = html_report.render(report)
    order = [html.index(f'<section id="{s}"') for s in ("summary", "fix-first", "charts", "findings", "gate",
                                                         "scanners", "compliance")]  # fmt: skip
    assert order == sorted(order)
    # compliance and scores folded; scanner health open because a scanner was not assessed
    assert re.search(r'<section id="compliance">\s*<details class="fold">', html)
    assert re.search(r'<section id="scanners">\s*<details class="fold" open>', html)
    assert html.count('<details class="grp"') == len({(f.tool, f.rule_id) for f in report.findings
                                                       if not f.suppressed and not f.properties.get("package")}) + len(
        {f.properties["package"] for f in report.findings if not f.suppressed and f.properties.get("package")})
    assert html.count("<b>Fix:</b>") >= 5


def test_inline_svg_charts_drawn_server_side(report: Report) -> None:
    html = html_report.render(report)
    svgs = _svgs(html)
    assert len(svgs) == 5  # stage, category, top files, top rules, frameworks
    by_stage = svgs[0]
    active = [f for f in report.findings if not f.suppressed]
    counts = {f.stage for f in active}
    assert by_stage.count('<text class="lbl"') == len(counts)
    # one rect per non-empty (row, severity), plus one track per row
    assert by_stage.count('<rect class="sev-') == len({(f.stage, f.severity) for f in active})
    for svg in svgs:
        assert "<script" not in svg and "href" not in svg and "style=" not in svg and "on" not in re.findall(
            r"<\w+ ([a-z]+)=", svg)


def test_no_external_url_loaded_and_no_script_but_ours(report: Report) -> None:
    html = html_report.render(report)
    doc = parse(html)
    assert [t for t, _ in doc.tags].count("script") == 1
    for tag, attrs in doc.tags:
        assert "style" not in attrs, (tag, attrs)  # the CSP forbids inline style attributes
        for key in ("src", "xlink:href"):
            assert key not in attrs
        if tag not in {"a"}:
            assert not (attrs.get("href") or "").startswith(("http", "//")), (tag, attrs)


def test_hostile_text_in_groups_snippets_and_chart_labels_is_escaped(report: Report) -> None:
    base = next(f for f in report.findings if f.tool == "semgrep" and not fix_first.about_credential(f))
    hostile = replace(base, path="<svg onload=alert(1)>/x.py", rule_id="<b>r</b>",
                      rule_name=XSS, fingerprint="hostile-fp")  # fmt: skip
    region = {"snippet": {"text": "</code></pre><script>x()</script>"}}
    sarif = {"runs": [{"tool": {"driver": {"name": "x", "rules": []}}, "results": [
        {"ruleId": "<b>r</b>", "fingerprints": {"shiftleft/v1": "hostile-fp"},
         "locations": [{"physicalLocation": {"region": region}}]}]}]}  # fmt: skip
    html = html_report.render(replace(report, findings=(hostile, *report.findings), sarif=sarif))
    doc = parse(html)
    clean = [t for t, _ in parse(html_report.render(report)).tags]
    assert [t for t, _ in doc.tags].count("script") == 1
    assert [t for t, _ in doc.tags].count("svg") == clean.count("svg")  # the path made no element
    assert "<svg onload" not in html and "&lt;svg onload=alert(1)&gt;" in html
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;" in html
    assert XSS not in html


def test_phone_navigation_wraps(report: Report) -> None:
    css = parse(html_report.render(report)).bodies["style"][0]
    phone = css[css.index("@media (max-width:700px)"):]
    assert "nav.sections{flex-wrap:wrap" in phone


def test_chart_labels_are_cut_to_fit() -> None:
    from shiftleft.report import charts

    rows = [("src/very/deep/directory/tree/of/the/project/file_name.py", [("sev-low", "low", 2)]),
            ("ISO/IEC 27001:2022 Annex A of something long", [("st-pass", "pass", 1)])]
    chart = charts.bar_chart("t", rows)
    labels = [r.label for r in chart.rows]
    assert labels[0].startswith("…") and labels[0].endswith("file_name.py")  # a path keeps its file name
    assert labels[1].startswith("ISO/IEC") and labels[1].endswith("…")
    assert all(len(label) <= charts.LABEL_CHARS for label in labels)
    assert chart.rows[0].full.startswith("src/very")  # the whole label is the tooltip
    assert chart.legend == (("sev-low", "low"), ("st-pass", "pass"))


def test_the_compliance_chart_does_not_read_as_compliant_where_controls_were_not_assessed() -> None:
    """5 controls passed and 3 were not assessed: the bar's note says 5/8 pass, not the 100%
    of the assessed ones it said before (beside a bar three-eighths not assessed)."""
    from shiftleft.model import ControlResult, FrameworkResult
    from shiftleft.report.charts import frameworks_chart
    from shiftleft.report.view import framework_views

    states = ["pass"] * 5 + ["not-assessed"] * 3 + ["not-applicable"]
    controls = tuple(ControlResult("x", f"C-{i}", "t", s, "r") for i, s in enumerate(states))
    chart = frameworks_chart(framework_views([FrameworkResult("x", "X", "1", controls)]))
    assert [row.note for row in chart.rows] == ["5/8 pass"]
