"""One tool's runs over batches of files, concatenated into the single run its adapter returns.

A tool given its files in several invocations (argument-size limit, see
``shiftleft.process``) writes one SARIF run per invocation; downstream expects one
run per tool. Rules are merged by id (first description wins), results and notifications are
concatenated in batch order, and a result's rule reference by index is turned into its id
first, since indexes differ between batches. Linear in rules + results.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sarif_om

from shiftleft.sarif import build, normalize, uris


def _rule_id(result: sarif_om.Result, rules: Sequence[sarif_om.ReportingDescriptor]) -> str | None:
    if result.rule_id:
        return str(result.rule_id)
    ref = result.rule
    if ref is not None and getattr(ref, "id", None):
        return str(ref.id)
    index = result.rule_index if result.rule_index is not None and result.rule_index >= 0 else None
    if index is None and ref is not None and getattr(ref, "index", None) is not None and ref.index >= 0:
        index = ref.index
    if index is not None and index < len(rules):
        return str(rules[index].id)
    return None


def concat_runs(runs: Sequence[sarif_om.Run]) -> sarif_om.Run:
    """The runs of one tool as one: the first run's tool and properties, every rule once,
    every result and notification, and one invocation that succeeded only if all did."""
    if not runs:
        raise ValueError("no run to concatenate")
    if len(runs) == 1:
        return runs[0]
    first = runs[0]
    rules: dict[str, sarif_om.ReportingDescriptor] = {}
    results: list[sarif_om.Result] = []
    execution: list[sarif_om.Notification] = []
    configuration: list[sarif_om.Notification] = []
    success = True
    for run in runs:
        batch_rules = list(run.tool.driver.rules or [])
        for res in run.results or []:
            res.rule_id = _rule_id(res, batch_rules)
            res.rule_index = -1
            res.rule = None
            results.append(res)
        for rule in batch_rules:
            rules.setdefault(str(rule.id), rule)
        for inv in run.invocations or []:
            execution.extend(inv.tool_execution_notifications or [])
            configuration.extend(inv.tool_configuration_notifications or [])
            success = success and inv.execution_successful is not False
    first.tool.driver.rules = list(rules.values())
    first.results = results
    first.invocations = [
        sarif_om.Invocation(
            execution_successful=success,
            tool_execution_notifications=execution or None,
            tool_configuration_notifications=configuration or None,
        )
    ]
    return first


def relative_locations(run: sarif_om.Run, root: Path) -> sarif_om.Run:
    """Rebase the absolute paths a tool writes when it runs outside the target (in a private
    cwd, with absolute file arguments) to paths relative to ``root``, under %SRCROOT%."""
    for res in run.results or []:
        for loc in [*(res.locations or []), *(res.related_locations or [])]:
            physical = loc.physical_location
            art = physical.artifact_location if physical is not None else None
            if art is None or not art.uri:
                continue
            raw = str(art.uri)
            art.uri = normalize.relative_uri(raw if raw.startswith("file:") else uris.to_path(raw), root)
            art.uri_base_id = build.SRCROOT
    return run
