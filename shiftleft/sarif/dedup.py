"""One result where two scanners report the same problem on the same line.

hadolint and checkov both lint Dockerfiles in the build stage, and several of their rules
are the same check (a base image tagged ``latest``, the last ``USER`` being root, ``ADD``
for local files...). Reported twice, one problem counts twice in the scorecard and shows
twice in code scanning. ``EQUIVALENT`` lists the pairs; where both scanners flag a pair on
the same file and line, in the same stage, with the same suppression state, one result is
kept and the other removed from its run.

Which one is kept: **checkov's**. The compliance frameworks (policies/frameworks: CIS Docker
4.1, 4.2, 4.9; ISO 27001; SOC 2) select these problems by checkov's rule ids and require
``checkov-dockerfile`` to have run: dropping checkov's result would leave those controls
with nothing to find, a false pass. Nothing is lost: the kept result's
``properties.alsoReportedBy`` holds the other tool's rule id, message, severity and
fingerprint; its severity is raised to the other's if that was higher (the severity maps
keep pairs equal, see policies/severity/hadolint.yaml); and the run the result left counts
its removals in ``properties.shiftleft.deduplicated`` (rule id -> count). When only one of
the two scanners ran, nothing is removed.

HEALTHCHECK: checkov's CKV_DOCKER_2 ("no HEALTHCHECK") has no hadolint equivalent in
hadolint's default rule set (DL3057 is off by default), so it is not a pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sarif_om

from shiftleft import severity as sev
from shiftleft.sarif.normalize import LEVEL_FOR


@dataclass(frozen=True)
class Pair:
    """Two rules of two scanners that check the same thing at the same place."""

    #: the scanner and rule whose result is kept
    kept_scanner: str
    kept_rule: str
    #: the scanner and rule whose result is removed (recorded on the kept one)
    dropped_scanner: str
    dropped_rule: str
    what: str


EQUIVALENT: tuple[Pair, ...] = (
    Pair("checkov-dockerfile", "CKV_DOCKER_7", "hadolint", "DL3007", "base image tagged latest"),
    Pair("checkov-dockerfile", "CKV_DOCKER_8", "hadolint", "DL3002", "last USER is root"),
    Pair("checkov-dockerfile", "CKV_DOCKER_4", "hadolint", "DL3020", "ADD instead of COPY"),
    Pair("checkov-dockerfile", "CKV_DOCKER_9", "hadolint", "DL3027", "apt instead of apt-get"),
    Pair("checkov-dockerfile", "CKV_DOCKER_10", "hadolint", "DL3000", "relative WORKDIR"),
    Pair("checkov-dockerfile", "CKV_DOCKER_6", "hadolint", "DL4000", "MAINTAINER (deprecated)"),
    Pair("checkov-dockerfile", "CKV_DOCKER_11", "hadolint", "DL3024", "duplicate FROM alias"),
    Pair("checkov-dockerfile", "CKV2_DOCKER_1", "hadolint", "DL3004", "sudo in RUN"),
)

Key = tuple[str, str, str, int]  # stage, kept scanner + rule, uri, line


def _health(run: sarif_om.Run) -> dict[str, Any]:
    props = run.properties if isinstance(run.properties, dict) else {}
    health = props.get("shiftleft")
    return health if isinstance(health, dict) else {}


def _place(result: sarif_om.Result) -> tuple[str, int] | None:
    for loc in result.locations or []:
        physical = loc.physical_location
        if physical is None or physical.artifact_location is None or not physical.artifact_location.uri:
            continue
        line = physical.region.start_line if physical.region is not None and physical.region.start_line else 1
        return str(physical.artifact_location.uri), int(line)
    return None


def _suppressed(result: sarif_om.Result) -> bool:
    return bool(result.suppressions)


def _props(result: sarif_om.Result) -> dict[str, Any]:
    if not isinstance(result.properties, dict):
        result.properties = {}
    props: dict[str, Any] = result.properties
    return props


def _absorb(kept: sarif_om.Result, kept_run: sarif_om.Run, dropped: sarif_om.Result, scanner: str) -> None:
    """Record ``dropped`` on ``kept``; raise ``kept``'s severity to ``dropped``'s if higher."""
    props, other = _props(kept), _props(dropped)
    entry = {
        "tool": scanner,
        "ruleId": dropped.rule_id,
        "message": dropped.message.text if dropped.message else None,
        "severity": other.get("severity"),
        "security-severity": other.get("security-severity"),
        "fingerprint": (dropped.fingerprints or {}).get("shiftleft/v1"),
    }
    props.setdefault("alsoReportedBy", []).append({k: v for k, v in entry.items() if v is not None})
    mine, theirs = str(props.get("severity") or "info"), str(other.get("severity") or "info")
    if theirs in sev.RANK and sev.RANK[theirs] > sev.RANK.get(mine, 0):
        props["severity"] = theirs
        props["security-severity"] = other.get("security-severity") or f"{sev.SCORE_FOR[theirs]:.1f}"
        kept.level = LEVEL_FOR[theirs]
        rules = kept_run.tool.driver.rules or []
        index = kept.rule_index
        if isinstance(index, int) and 0 <= index < len(rules):
            rule_props = rules[index].properties if isinstance(rules[index].properties, dict) else {}
            try:
                current = float(rule_props.get("security-severity") or 0.0)
            except (TypeError, ValueError):
                current = 0.0
            rule_props["security-severity"] = f"{max(current, float(props['security-severity'])):.1f}"
            rules[index].properties = rule_props


def deduplicate(runs: Iterable[sarif_om.Run], pairs: Iterable[Pair] = EQUIVALENT) -> dict[tuple[str, str], int]:
    """Remove, from normalized runs, results that an ``EQUIVALENT`` pair's kept scanner also
    reported on the same line (see the module docstring). Returns how many results left each
    (scanner, stage). Linear in the number of results."""
    runs = list(runs)
    by_dropped: dict[tuple[str, str], Pair] = {(p.dropped_scanner, p.dropped_rule): p for p in pairs}
    kept_rules = {(p.kept_scanner, p.kept_rule) for p in by_dropped.values()}
    index: dict[tuple[Key, bool], tuple[sarif_om.Result, sarif_om.Run]] = {}
    for run in runs:
        health = _health(run)
        scanner, stage = str(health.get("scanner") or ""), str(health.get("stage") or "")
        for result in run.results or []:
            if (scanner, str(result.rule_id)) not in kept_rules:
                continue
            place = _place(result)
            if place is not None:
                key = (stage, f"{scanner}\0{result.rule_id}", place[0], place[1])
                index.setdefault((key, _suppressed(result)), (result, run))
    removed: dict[tuple[str, str], int] = {}
    if not index:
        return removed
    for run in runs:
        health = _health(run)
        scanner, stage = str(health.get("scanner") or ""), str(health.get("stage") or "")
        kept_results: list[sarif_om.Result] = []
        counts: dict[str, int] = {}
        for result in run.results or []:
            pair = by_dropped.get((scanner, str(result.rule_id)))
            place = _place(result) if pair is not None else None
            match = None
            if pair is not None and place is not None:
                key = (stage, f"{pair.kept_scanner}\0{pair.kept_rule}", place[0], place[1])
                match = index.get((key, _suppressed(result)))
            if match is None:
                kept_results.append(result)
                continue
            _absorb(match[0], match[1], result, scanner)
            counts[str(result.rule_id)] = counts.get(str(result.rule_id), 0) + 1
        if counts:
            run.results = kept_results
            health["deduplicated"] = dict(sorted(counts.items()))
            removed[(scanner, stage)] = sum(counts.values())
    return removed
