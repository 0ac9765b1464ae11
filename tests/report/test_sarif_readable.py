"""The SARIF file's layout (``sarif_report.readable_dumps``): the document ``json.dumps``
writes - same values, key order, ASCII escapes - indented down to one item per line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.report.sarif_report import readable_dumps

SAMPLES: list[Any] = [
    {},
    [],
    "text \u202e with \x1b escapes and \u00e9",
    {"a": [], "b": {}, "c": [1, 2.5, None, True, False], "d": {"e": {"f": {"g": {"h": {"i": {"j": [1]}}}}}}},
    {"runs": [{"results": [{"locations": [{"physicalLocation": {"region": {"startLine": 3}}}]}]}]},
    {1: "an int key", "s": float("inf")},  # json's own conversions, on one line
    [[[[[[["deep"]]]]]]],
]


@pytest.mark.parametrize("flat_records", [False, True])
@pytest.mark.parametrize("value", SAMPLES)
def test_the_same_document_as_json_dumps(value: Any, flat_records: bool) -> None:
    text = readable_dumps(value, flat_records=flat_records)
    assert json.dumps(json.loads(text)) == json.dumps(value)  # values and key order
    assert text.isascii()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(value=_JSON, depth=st.integers(0, 8), flat_records=st.booleans())
def test_any_json_value_comes_back_the_same(value: Any, depth: int, flat_records: bool) -> None:
    text = readable_dumps(value, depth, flat_records=flat_records)
    assert json.dumps(json.loads(text)) == json.dumps(value)


def test_flat_records_are_one_line_at_any_depth() -> None:
    card = {"scan": {"stages": ["code", "build"], "cache": {"hits": ["semgrep"], "misses": []}},
            "findings": [{"ruleId": "B101", "line": 3, "cwe": ["CWE-703"]}, {"ruleId": "B105", "line": 9, "cwe": []}]}
    lines = readable_dumps(card, 6, flat_records=True).splitlines()
    assert '    "stages": ["code", "build"],' in lines
    assert '    "cache": {"hits": ["semgrep"], "misses": []}' in lines
    assert '    {"ruleId": "B101", "line": 3, "cwe": ["CWE-703"]},' in lines
    assert '    {"ruleId": "B105", "line": 9, "cwe": []}' in lines
    assert readable_dumps(card, 6).count("\n") > len(lines)  # without it, each key on a line


def test_one_result_location_per_line() -> None:
    log = {"version": "2.1.0", "runs": [{"results": [
        {"ruleId": "R1", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}}},
                                       {"physicalLocation": {"artifactLocation": {"uri": "b.py"}}}]},
    ]}]}  # fmt: skip
    lines = readable_dumps(log).splitlines()
    assert lines[0] == "{" and lines[1] == '  "version": "2.1.0",'
    assert '            {"physicalLocation": {"artifactLocation": {"uri": "a.py"}}},' in lines
    assert '            {"physicalLocation": {"artifactLocation": {"uri": "b.py"}}}' in lines
