"""sarif/limits.py: a log over GitHub's limits gets a capped copy that keeps the most
severe results and says what it left out; the full log is untouched."""

from __future__ import annotations

import copy
from typing import Any

from shiftleft.sarif import limits


def _result(i: int, score: float) -> dict[str, Any]:
    return {
        "ruleId": "R",
        "message": {"text": f"finding {i}"},
        "properties": {"security-severity": f"{score:.1f}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"f{i}.py"},
                                            "region": {"startLine": 1, "snippet": {"text": "x" * 50}}}}],
    }  # fmt: skip


def _log(n: int) -> dict[str, Any]:
    results = [_result(i, 9.5 if i % 1000 == 0 else 2.0) for i in range(n)]
    tool_run = {"tool": {"driver": {"name": "semgrep"}}, "results": results}
    orchestrator = {
        "tool": {"driver": {"name": "shiftleft"}}, "results": [], "invocations": [{"executionSuccessful": True}],
    }  # fmt: skip
    return {"version": "2.1.0", "runs": [tool_run, orchestrator]}


def test_small_log_fits() -> None:
    assert limits.problems(_log(10)) == []


def test_too_many_results_are_cut_keeping_the_most_severe() -> None:
    data = _log(limits.MAX_RESULTS_PER_RUN + 500)
    before = copy.deepcopy(data)
    assert any("results in the semgrep run" in p for p in limits.problems(data))
    capped, changes = limits.github_copy(data)
    assert data == before  # the full log is not modified
    kept = capped["runs"][0]["results"]
    assert len(kept) == limits.MAX_RESULTS_PER_RUN
    critical = [r for r in kept if r["properties"]["security-severity"] == "9.5"]
    assert len(critical) == 26  # every critical of the 25,500 survives
    assert changes and "500 least severe" in changes[0]
    note = capped["runs"][-1]["invocations"][0]["toolExecutionNotifications"][-1]["message"]["text"]
    assert "shiftleft.sarif" in note
    assert limits.problems(capped) == []
