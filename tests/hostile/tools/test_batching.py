"""Argument batching by bytes and the concatenation of batch runs: complete, ordered,
bounded, linear."""

from __future__ import annotations

import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.process import ARGV_BUDGET, PYTHON_VARS, ToolVars, batches
from shiftleft.sarif import om
from shiftleft.sarif.concat import concat_runs

_names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), min_size=1, max_size=300)


def _cost(arg: str) -> int:
    return len(os.fsencode(arg)) + 9


@settings(max_examples=200, deadline=None)
@given(st.lists(_names, max_size=200), st.integers(min_value=1, max_value=4096))
def test_batches_keep_every_argument_in_order_within_the_budget(args: list[str], budget: int) -> None:
    groups = list(batches(args, budget))
    assert [a for g in groups for a in g] == args
    for group in groups:
        assert group
        assert len(group) == 1 or sum(_cost(a) for a in group) <= budget


def test_twenty_thousand_files_batch_in_linear_time() -> None:
    args = [f"/work/checkout/{'d' * 80}/{i:06d}/module_{i}.py" for i in range(20_000)]
    start = time.monotonic()
    groups = list(batches(args))
    assert time.monotonic() - start < 2.0
    assert sum(len(g) for g in groups) == 20_000
    assert all(sum(_cost(a) for a in g) <= ARGV_BUDGET for g in groups)
    assert ARGV_BUDGET * 2 <= 2 * 1024 * 1024  # room for the environment under ARG_MAX


def test_concat_keeps_every_result_and_resolves_rule_indexes() -> None:
    def run(rule: str, n: int, failed: bool = False) -> dict[str, object]:
        return {
            "tool": {"driver": {"name": "t", "rules": [{"id": "OTHER"}, {"id": rule}]}},
            "results": [{"ruleIndex": 1, "message": {"text": f"{rule}{i}"}} for i in range(n)],
            "invocations": [{"executionSuccessful": not failed,
                             "toolExecutionNotifications": [{"message": {"text": rule}, "level": "error"}]}],
        }  # fmt: skip

    merged = concat_runs([om.run_from_dict(run("A", 2)), om.run_from_dict(run("B", 3, failed=True))])
    assert [r.rule_id for r in merged.results] == ["A", "A", "B", "B", "B"]
    assert [r.id for r in merged.tool.driver.rules] == ["OTHER", "A", "B"]
    notes = merged.invocations[0].tool_execution_notifications
    assert {n.message.text for n in notes} >= {"A", "B"}  # plus "reported its own execution as unsuccessful"


def test_python_and_tool_variables_are_dropped() -> None:
    drop = ToolVars(prefixes=("CKV_",), names=frozenset({"WORKDIR"})).inherited_is_dropped
    assert all(drop(v) for v in PYTHON_VARS)
    assert drop("CKV_SKIP_CHECK") and drop("WORKDIR")
    assert not drop("PATH") and not drop("LANG")
