"""What a tool's own SARIF may not say: the verdicts that only shiftleft gives.

A scanner's output is hostile input (the repository controls what the tool sees, and a
plugin or a wrapper can write anything). Some parts of a SARIF run are read downstream as
shiftleft's own decisions, so a tool that wrote them would decide its own health or hide its
own findings:

- ``properties.shiftleft`` of the run (status ``not-applicable``/``ok``, ``notAssessed``,
  ``assessedFrameworks``...), of a result, or of a suppression (``suppressedBy``, ``waiver``);
- ``invocations[].executionSuccessful``: whether the run counts is the adapter's call (it
  raised ``ToolError`` or it did not). A tool that says it failed is believed as far as it
  hurts: its claim becomes an error notification, so its items count as not assessed;
- ``baselineState``: new / unchanged is computed against the user's baseline, never taken;
- a result's ``properties.alsoReportedBy``: the tools ``sarif.dedup`` folded into it, by which
  waivers, the baseline and compliance selectors also match it (a tool that wrote one would
  borrow another tool's waiver or baseline fingerprint);
- suppressions other than ``inSource``: a tool only knows of comments in the source (which
  shiftleft records as in-source suppressions); external ones are the waiver file's job.

``discard_tool_claims`` removes them; ``om.run_from_dict``, the one way an adapter turns a
tool's SARIF into a run, calls it, so every adapter gets it. The adapter adds its own
``properties.shiftleft`` afterwards.
"""

from __future__ import annotations

from typing import Any

import sarif_om

from shiftleft.sarif import build

#: the property-bag key that belongs to shiftleft
OURS = "shiftleft"
#: result properties only ``sarif.dedup`` writes
DEDUP_KEYS = frozenset({"alsoReportedBy"})
#: descriptor of the notification that records a tool's own claim of an unsuccessful run
TOOL_SAID_FAILED = "shiftleft/tool-reported-failure"


def _drop_ours(obj: Any) -> None:
    props = getattr(obj, "properties", None)
    if isinstance(props, dict) and OURS in props:
        obj.properties = {k: v for k, v in props.items() if k != OURS} or None


def discard_tool_claims(run: sarif_om.Run) -> sarif_om.Run:
    """Remove from a tool's run everything only shiftleft decides (see the module docstring);
    returns the same run."""
    _drop_ours(run)
    for result in run.results or []:
        _drop_ours(result)
        props = result.properties
        if isinstance(props, dict) and DEDUP_KEYS & props.keys():
            result.properties = {k: v for k, v in props.items() if k not in DEDUP_KEYS} or None
        result.baseline_state = None
        kept = []
        for sup in result.suppressions or []:
            if getattr(sup, "kind", None) != "inSource":
                continue
            _drop_ours(sup)
            kept.append(sup)
        result.suppressions = kept or None
    claimed_failure = False
    for inv in run.invocations or []:
        if inv.execution_successful is False:
            claimed_failure = True
        inv.execution_successful = True
        _drop_ours(inv)
    if claimed_failure:
        inv = run.invocations[0]
        inv.tool_execution_notifications = [
            *(inv.tool_execution_notifications or []),
            build.notification(
                f"{run.tool.driver.name} reported its own execution as unsuccessful: its results are kept, "
                "and what it covers counts as not assessed",
                "error",
                TOOL_SAID_FAILED,
            ),
        ]
    return run
