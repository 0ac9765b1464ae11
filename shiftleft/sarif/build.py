"""Small constructors for the SARIF objects adapters create themselves (converted JSON
output, failed invocations), so every adapter builds them the same way."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import sarif_om

SRCROOT = "%SRCROOT%"
#: ``informationUri`` of shiftleft's own drivers (the orchestrator, the image reader): the
#: project's placeholder domain, as the scorecard schema ids use, until it has a public home
SHIFTLEFT_URI = "https://shiftleft.invalid/"
#: descriptor of the notification every scanner gives for something it could not judge
NOT_ASSESSED = "shiftleft/not-assessed"


def utc_iso(epoch: float | None = None) -> str:
    moment = datetime.fromtimestamp(epoch if epoch is not None else time.time(), tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def message(text: str) -> sarif_om.Message:
    return sarif_om.Message(text=text)


def rule(
    rule_id: str,
    *,
    name: str | None = None,
    short: str,
    full: str | None = None,
    help_text: str | None = None,
    help_uri: str | None = None,
    properties: Mapping[str, Any] | None = None,
) -> sarif_om.ReportingDescriptor:
    return sarif_om.ReportingDescriptor(
        id=rule_id,
        name=name,
        short_description=sarif_om.MultiformatMessageString(text=short),
        full_description=sarif_om.MultiformatMessageString(text=full or short),
        help=sarif_om.MultiformatMessageString(text=help_text or full or short),
        help_uri=help_uri,
        properties=dict(properties) if properties else None,
    )


def location(
    uri: str,
    start_line: int | None = None,
    *,
    start_column: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    logical: str | None = None,
) -> sarif_om.Location:
    region = None
    if start_line is not None:
        region = sarif_om.Region(
            start_line=max(1, int(start_line)),
            start_column=start_column,
            end_line=end_line,
            end_column=end_column,
        )
    physical = sarif_om.PhysicalLocation(
        artifact_location=sarif_om.ArtifactLocation(uri=uri, uri_base_id=SRCROOT),
        region=region,
    )
    logical_locations = [sarif_om.LogicalLocation(fully_qualified_name=logical)] if logical else None
    return sarif_om.Location(physical_location=physical, logical_locations=logical_locations)


def result(
    rule_id: str,
    text: str,
    locations: Iterable[sarif_om.Location],
    *,
    level: str = "warning",
    properties: Mapping[str, Any] | None = None,
) -> sarif_om.Result:
    return sarif_om.Result(
        rule_id=rule_id,
        message=message(text),
        locations=list(locations),
        level=level,
        properties=dict(properties) if properties else None,
    )


def notification(text: str, level: str = "error", descriptor: str | None = None) -> sarif_om.Notification:
    return sarif_om.Notification(
        message=message(text),
        level=level,
        descriptor=sarif_om.ReportingDescriptorReference(id=descriptor) if descriptor else None,
        time_utc=utc_iso(),
    )


def run(
    tool_name: str,
    *,
    version: str | None,
    rules: Iterable[sarif_om.ReportingDescriptor] = (),
    results: Iterable[sarif_om.Result] = (),
    information_uri: str | None = None,
    notifications: Iterable[sarif_om.Notification] = (),
    success: bool = True,
) -> sarif_om.Run:
    driver = sarif_om.ToolComponent(
        name=tool_name,
        version=version,
        information_uri=information_uri,
        rules=list(rules),
    )
    notes = list(notifications)
    invocation = sarif_om.Invocation(
        execution_successful=success,
        tool_execution_notifications=notes or None,
    )
    return sarif_om.Run(tool=sarif_om.Tool(driver=driver), results=list(results), invocations=[invocation])


def failed_run(
    tool_name: str,
    reason: str,
    status: str,
    *,
    version: str | None = None,
    start: float | None = None,
) -> sarif_om.Run:
    """The run of a scanner that could not give an answer: no results, and a failed
    invocation with the reason, so nothing downstream can read it as clean."""
    failed = run(
        tool_name,
        version=version,
        notifications=[notification(reason, "error", f"shiftleft/scanner-{status}")],
        success=False,
    )
    failed.properties = {"shiftleft": {"status": status, "reason": reason}}
    stamp_invocation(failed, start=start)
    return failed


def stamp_invocation(run_obj: sarif_om.Run, *, start: float | None) -> None:
    """Give the run an invocation with start/end times if the tool did not."""
    if not run_obj.invocations:
        run_obj.invocations = [sarif_om.Invocation(execution_successful=True)]
    inv = run_obj.invocations[0]
    if start is not None and not inv.start_time_utc:
        # our clock for both ends: a tool's own end time (often whole seconds) could
        # otherwise precede the start we measured, which consumers reject
        inv.start_time_utc = utc_iso(start)
        inv.end_time_utc = utc_iso()
    elif not inv.end_time_utc:
        inv.end_time_utc = utc_iso()


def record_not_assessed(run_obj: sarif_om.Run, items: Iterable[Mapping[str, Any]]) -> None:
    """Add items a scanner ran on but could not judge to ``properties.shiftleft.notAssessed``:
    the list the pipeline counts, so the scorecard says *partial* and the strict gate fails.
    Each item names at least what (``package`` or ``subject``) and ``reason``."""
    props = run_obj.properties if isinstance(run_obj.properties, dict) else {}
    health = props.setdefault("shiftleft", {})
    health.setdefault("notAssessed", []).extend(dict(i) for i in items)
    run_obj.properties = props
