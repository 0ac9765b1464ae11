"""report.html: one self-contained page (no network at all) a person reads on a laptop or a
phone, and a reviewer attaches to an audit.

Everything in it that came from a scanner or the scanned repository is hostile input:
jinja2 escapes every value (autoescape on, for a template not named ``*.html``), links are
made only from plain http(s) URLs, and a Content-Security-Policy allowing only our own
inline style and script (by their SHA-256, computed while rendering) stops anything that
might still slip through from running or loading. Escaping markup does not stop a bidi
override from reordering what a reviewer reads, so every value also goes through
``safe_text.visible`` (jinja2 ``finalize``): control, bidi and invisible characters show
as ``\x1b`` / ``<U+202E>``.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from shiftleft import __version__
from shiftleft.model import Report
from shiftleft.report import charts, fix_first, view
from shiftleft.resources import templates_dir
from shiftleft.safe_text import visible
from shiftleft.severity import SEVERITIES

TEMPLATE = "report.html.j2"
#: rows beyond this stay in the SARIF / CSV: a browser tab with 25,000 rows is unusable
MAX_FINDINGS = 5000
#: groups in the "fix first" block (the rest are in the findings table), and how many open
MAX_GROUPS = 150
OPEN_GROUPS = 5
#: groups shown before the "more groups" fold
TOP_GROUPS = 10
#: locations listed in one group
GROUP_LOCATIONS = 25


def csp_source(content: str) -> Markup:
    """The CSP source expression allowing exactly this inline ``<style>``/``<script>`` body
    (Markup: it is quotes around base64, nothing from the scan)."""
    digest = hashlib.sha256(str(content).encode("utf-8")).digest()
    return Markup(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")  # noqa: S704 - our own hash, no input


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:g}"


def percent(value: float) -> str:
    return f"{value:.0%}"


def shown(value: object) -> object:
    """jinja2 ``finalize``: text of ours (``Markup``) and numbers pass; any other string
    is made ``visible`` before autoescape escapes it."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value, multiline=True)
    return value


@cache
def environment(directory: Path | None = None) -> jinja2.Environment:
    """The jinja2 environment; ``autoescape=True`` explicitly, because jinja's
    extension-based default would leave a ``.j2`` template unescaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory or templates_dir())),
        autoescape=True,
        finalize=shown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(csp_source=csp_source, safe_url=view.safe_url, score=score_text, percent=percent)
    return env


def render(report: Report, *, max_findings: int = MAX_FINDINGS) -> str:
    plan = fix_first.build(report)
    suppressed_findings = [f for f in report.findings if f.suppressed]
    shown = [*plan.findings, *suppressed_findings][:max_findings]
    frameworks = view.framework_views(report.frameworks)
    active = plan.findings

    def choices(attr: str) -> list[str]:
        return sorted({str(getattr(f, attr)) for f in shown})

    return environment().get_template(TEMPLATE).render(
        report=report,
        version=__version__,
        verdict=report.gate.verdict.value,
        totals=view.severity_totals(report),
        scanners=view.scanner_rows(report),
        frameworks=frameworks,
        history=view.history_view(report.history),
        plan=plan,
        groups=plan.groups[:MAX_GROUPS],
        hidden_groups=max(0, len(plan.groups) - MAX_GROUPS),
        open_groups=OPEN_GROUPS,
        top_groups=TOP_GROUPS,
        group_locations=GROUP_LOCATIONS,
        hints=fix_first.hints,
        charts=[
            charts.severity_by(active, "stage", "Open findings by stage", charts.STAGE_ORDER),
            charts.severity_by(active, "category", "Open findings by category"),
            charts.top_files(plan.files),
            charts.top_rules(plan.groups),
        ],
        frameworks_chart=charts.frameworks_chart(frameworks),
        findings=shown,
        hidden_findings=len(report.findings) - len(shown),
        severities=[s for s in SEVERITIES if any(f.severity == s for f in shown)],
        stages=choices("stage"),
        tools=choices("tool"),
        suppressed=sum(1 for f in report.findings if f.suppressed),
    )


def write(report: Report, path: Path) -> Path:
    path.write_text(render(report), "utf-8")
    return path
