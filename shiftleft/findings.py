"""A flat, read-only view of the results in a (normalized) SARIF log.

Gate, scorecard and reporters read findings through this view, so every one of them reads
the same data, and a scorecard can be rebuilt from a SARIF file alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sarif_om

from shiftleft.model import Finding
from shiftleft.sarif import om
from shiftleft.sarif.uris import result_location


def _first_location(result: dict[str, Any]) -> tuple[str, int]:
    path, start, _end = result_location(result)
    if path:
        return path, start
    for loc in result.get("locations") or []:
        for logical in loc.get("logicalLocations") or []:
            name = logical.get("fullyQualifiedName") or logical.get("name")
            if name:
                return str(name), 0
    return "", 0


def iter_findings(log: dict[str, Any] | sarif_om.SarifLog) -> Iterator[Finding]:
    data = om.log_to_dict(log) if isinstance(log, sarif_om.SarifLog) else log
    for run in data.get("runs") or []:
        rules = (run.get("tool") or {}).get("driver", {}).get("rules") or []
        by_id = {r.get("id"): r for r in rules}
        run_props = (run.get("properties") or {}).get("shiftleft") or {}
        for result in run.get("results") or []:
            props = result.get("properties") or {}
            rule = by_id.get(result.get("ruleId")) or {}
            path, line = _first_location(result)
            suppressions = [s for s in result.get("suppressions") or [] if s.get("status", "accepted") == "accepted"]
            yield Finding(
                tool=str(props.get("tool") or run_props.get("scanner") or run["tool"]["driver"]["name"]),
                rule_id=str(result.get("ruleId") or ""),
                rule_name=str((rule.get("shortDescription") or {}).get("text") or result.get("ruleId") or ""),
                message=str((result.get("message") or {}).get("text") or ""),
                path=path,
                line=line,
                severity=str(props.get("severity") or "medium"),
                category=str(props.get("category") or run_props.get("category") or "unknown"),
                stage=str(props.get("stage") or run_props.get("stage") or "unknown"),
                fingerprint=str((result.get("fingerprints") or {}).get("shiftleft/v1") or ""),
                cwe=tuple(props.get("cwe") or ()),
                owasp=tuple(props.get("owasp") or ()),
                help_uri=rule.get("helpUri"),
                suppressed=bool(suppressions),
                suppression=(suppressions[0].get("justification") if suppressions else None),
                baseline_state=result.get("baselineState"),
                properties=props,
            )
