"""A result's ``contextRegion`` that a validator accepts, or none.

SARIF (3.29.5) makes ``contextRegion`` a *proper superset* of ``region``: it contains it and
is larger. Tools get this wrong (bandit, on real projects, gives a context that starts
below the flagged line, or equals it), and GitHub's validator rejects the log (SARIF1008).
The context only helps a viewer show surrounding lines; the finding is in ``region``. So a
context that is not a proper superset of its region, or that has no region, is dropped,
never guessed at (its snippet belongs to the lines the tool named).

The comparison is the SARIF SDK's: a region given by lines and columns (end line defaults
to the start line, start column to 1, end column to the end of the line), one given by
character offsets, one by byte offsets; regions expressed in different ways cannot be
compared without the file and are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: an end column past any line: "to the end of the line"
_LINE_END = 1 << 62


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _line_span(region: Mapping[str, Any]) -> tuple[int, int, int, int] | None:
    start = _int(region.get("startLine"), 0)
    if start < 1:
        return None
    end = _int(region.get("endLine"), start)
    return start, _int(region.get("startColumn"), 1), max(end, start), _int(region.get("endColumn"), _LINE_END)


def _offset_span(region: Mapping[str, Any], offset: str, length: str) -> tuple[int, int] | None:
    start = _int(region.get(offset), -1)
    if start < 0:
        return None
    return start, max(0, _int(region.get(length), 0))


def is_proper_superset(context: Mapping[str, Any], region: Mapping[str, Any]) -> bool:
    """Does ``context`` contain ``region`` and exceed it, in every way both are given in?
    (SARIF camelCase keys; a way only one of them uses cannot be judged and passes.)"""
    outer, inner = _line_span(context), _line_span(region)
    if outer is not None and inner is not None:
        (osl, osc, oel, oec), (isl, isc, iel, iec) = outer, inner
        if osl > isl or oel < iel:
            return False
        if osl == isl and osc > isc:
            return False
        if oel == iel and oec < iec:
            return False
        if outer == inner:
            return False
    for offset, length in (("charOffset", "charLength"), ("byteOffset", "byteLength")):
        o, i = _offset_span(context, offset, length), _offset_span(region, offset, length)
        if o is not None and i is not None:
            if o[0] > i[0] or o[0] + o[1] < i[0] + i[1]:
                return False
            if o[0] == i[0] and o[1] <= i[1]:
                return False
    return True


def repair_physical(physical: dict[str, Any]) -> bool:
    """Drop ``physical["contextRegion"]`` when a validator would reject it (no region beside
    it, not a mapping, or not a proper superset of the region); True when it was dropped."""
    if "contextRegion" not in physical:
        return False
    context, region = physical.get("contextRegion"), physical.get("region")
    if isinstance(context, Mapping) and isinstance(region, Mapping) and is_proper_superset(context, region):
        return False
    del physical["contextRegion"]
    return True


def repair_log(log: Mapping[str, Any]) -> int:
    """``repair_physical`` on every location of every result of a SARIF log (as a dict):
    locations, related locations and code-flow steps; returns how many contexts were
    dropped. Linear in the log's size."""
    dropped = 0
    for run in log.get("runs") or []:
        for result in (run.get("results") if isinstance(run, Mapping) else None) or []:
            if isinstance(result, Mapping):
                for physical in physical_locations(result):
                    dropped += repair_physical(physical)
    return dropped


def physical_locations(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every ``physicalLocation`` object of one result (as dicts): its locations, related
    locations and the steps of its code flows."""
    locations: list[Any] = [*(result.get("locations") or []), *(result.get("relatedLocations") or [])]
    for flow in result.get("codeFlows") or []:
        for thread in (flow.get("threadFlows") if isinstance(flow, Mapping) else None) or []:
            for step in (thread.get("locations") if isinstance(thread, Mapping) else None) or []:
                if isinstance(step, Mapping):
                    locations.append(step.get("location"))
    out: list[dict[str, Any]] = []
    for loc in locations:
        physical = loc.get("physicalLocation") if isinstance(loc, Mapping) else None
        if isinstance(physical, dict):
            out.append(physical)
    return out
