"""``FindingIndex.select`` is the old matcher, only faster: property tests against
``[f for f in findings if select(selectors, f)]`` on random findings and selectors."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.model import Finding
from shiftleft.policy.frameworks import evaluate_framework
from shiftleft.policy.loader import shipped_frameworks
from shiftleft.policy.model import FindingIndex, Selector, select
from shiftleft.severity import SEVERITIES
from tests.policy.helpers import finding

TOOLS = ("semgrep", "bandit", "checkov", "osv", "")
RULES = ("R1", "R2", "B101", "CKV_AWS_1", "a.b.c", "")
RULE_PATTERNS = (*RULES, "R*", "B1?1", "*", "CKV_*", "a.*.c")
CATEGORIES = ("sast", "secrets", "iac", "sca", "dast")
STAGES = ("code", "build", "deploy", "test")
CWES = ("CWE-79", "CWE-89", "CWE-798", "CWE-22")
OWASP = ("A01:2021", "A03:2021", "A05:2021")
PATHS = ("app.py", "src/a.py", "tests/test_a.py", "infra/main.tf", "")
PATH_GLOBS = ("*.py", "src/**", "tests/*", "**/*.tf")
# a severity no map gives, as a finding read back from a forged log may carry
SEVERITY_VALUES = (*SEVERITIES, "unknown")


def _some(values: tuple[str, ...], max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), max_size=max_size).map(tuple)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    made = finding(
        draw(st.sampled_from(SEVERITY_VALUES)), tool=draw(st.sampled_from(TOOLS)), rule_id=draw(st.sampled_from(RULES)),
        category=draw(st.sampled_from(CATEGORIES)), stage=draw(st.sampled_from(STAGES)),
        path=draw(st.sampled_from(PATHS)), cwe=draw(_some(CWES)), owasp=draw(_some(OWASP)),
        suppressed=draw(st.booleans()),
    )  # fmt: skip
    also = draw(st.lists(st.fixed_dictionaries({"tool": st.sampled_from(TOOLS), "ruleId": st.sampled_from(RULES)}),
                         max_size=2))  # fmt: skip
    if also:
        made.properties["alsoReportedBy"] = also
    return made


@st.composite
def selectors(draw: st.DrawFn) -> Selector:
    return Selector(
        categories=frozenset(draw(_some(CATEGORIES))), cwes=frozenset(draw(_some(CWES))),
        owasp=frozenset(draw(_some(OWASP))), rules=draw(_some(RULE_PATTERNS, 2)),
        exclude_rules=draw(_some(RULE_PATTERNS, 1)), paths=draw(_some(PATH_GLOBS, 2)),
        severities=frozenset(draw(_some(SEVERITIES))),
        min_severity=draw(st.one_of(st.none(), st.sampled_from(SEVERITIES))),
        stages=frozenset(draw(_some(STAGES))), tools=frozenset(draw(_some(TOOLS))),
    )  # fmt: skip


@st.composite
def sparse_selectors(draw: st.DrawFn) -> Selector:
    """Selectors with one or two keys, as the shipped frameworks write them (most
    random selectors of ``selectors`` match nothing)."""
    full = draw(selectors())
    keep = draw(st.sets(st.sampled_from([f.name for f in dataclasses.fields(Selector)]), min_size=1, max_size=2))
    return Selector(**{f.name: getattr(full, f.name) for f in dataclasses.fields(Selector) if f.name in keep})


def _old(selected: tuple[Selector, ...], items: list[Finding]) -> list[Finding]:
    return [f for f in items if select(selected, f)]


@settings(max_examples=150, deadline=None)
@given(st.lists(findings(), max_size=30), st.lists(st.one_of(selectors(), sparse_selectors()), max_size=4))
def test_index_selects_what_the_old_matcher_selects(items: list[Finding], chosen: list[Selector]) -> None:
    got = FindingIndex(items).select(tuple(chosen))
    want = _old(tuple(chosen), items)
    assert [id(f) for f in got] == [id(f) for f in want]  # the same findings, in the same order, once each


@settings(max_examples=50, deadline=None)
@given(st.lists(findings(), max_size=30), st.lists(sparse_selectors(), min_size=1, max_size=3), st.integers(0, 2))
def test_one_index_serves_many_selector_sets(items: list[Finding], chosen: list[Selector], repeat: int) -> None:
    index = FindingIndex(items)
    for _ in range(repeat + 1):  # asking twice changes nothing (no state kept between calls)
        assert [id(f) for f in index.select(tuple(chosen))] == [id(f) for f in _old(tuple(chosen), items)]


def test_empty_selector_tuple_selects_everything() -> None:
    items = [finding(rule_id="R1"), finding(rule_id="R2")]
    assert FindingIndex(items).select(()) == items


def test_a_finding_matched_by_two_selectors_is_selected_once() -> None:
    items = [finding(cwe=("CWE-89",), category="sast")]
    chosen = (Selector(cwes=frozenset({"CWE-89"})), Selector(categories=frozenset({"sast"})))
    assert FindingIndex(items).select(chosen) == items


def test_alsoreportedby_tool_and_rule_are_indexed() -> None:
    merged = finding(tool="bandit", rule_id="B105")
    merged.properties["alsoReportedBy"] = [{"tool": "semgrep", "ruleId": "py.hardcoded"}]
    assert FindingIndex([merged]).select((Selector(tools=frozenset({"semgrep"})),)) == [merged]
    assert FindingIndex([merged]).select((Selector(rules=("py.hardcoded",)),)) == [merged]


@settings(max_examples=60, deadline=None)
@given(st.lists(findings(), max_size=40))
def test_shipped_frameworks_judge_the_same_with_the_index(items: list[Finding]) -> None:
    """Every control of every built-in framework: the old matcher's findings are the index's."""
    for framework in shipped_frameworks().values():
        for control in framework.controls:
            assert FindingIndex(items).select(control.select) == _old(control.select, items), control.id
        # and a framework judged from a list or from one shared index gives the same result
        assert evaluate_framework(framework, items, ()) == evaluate_framework(framework, FindingIndex(items), ())
