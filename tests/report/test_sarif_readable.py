"""The SARIF file's layout (``sarif_report.readable_dumps``): the document ``json.dumps``
writes - same values, key order, ASCII escapes - indented down to one item per line."""

from __future__ import annotations

import json
from typing import Any

import pytest

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


@pytest.mark.parametrize("value", SAMPLES)
def test_the_same_document_as_json_dumps(value: Any) -> None:
    text = readable_dumps(value)
    assert json.dumps(json.loads(text)) == json.dumps(value)  # values and key order
    assert text.isascii()


def test_one_result_location_per_line() -> None:
    log = {"version": "2.1.0", "runs": [{"results": [
        {"ruleId": "R1", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}}},
                                       {"physicalLocation": {"artifactLocation": {"uri": "b.py"}}}]},
    ]}]}  # fmt: skip
    lines = readable_dumps(log).splitlines()
    assert lines[0] == "{" and lines[1] == '  "version": "2.1.0",'
    assert '            {"physicalLocation": {"artifactLocation": {"uri": "a.py"}}},' in lines
    assert '            {"physicalLocation": {"artifactLocation": {"uri": "b.py"}}}' in lines
