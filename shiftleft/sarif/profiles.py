"""SARIF shaped to one consumer's documented rules (``--sarif-profile``).

``shiftleft.sarif`` is always the complete log, valid for GitHub code scanning as it is
(and the one ``report --from`` / ``report merge`` read back). A profile writes a copy,
``shiftleft.<profile>.sarif``, shaped for one consumer. Every profile starts from the
same invariants (a rule level on every rule, the most severe of its results; no
``contextRegion`` a validator rejects), then:

- ``github``: code scanning's upload limits (runs per file, results / rules per run,
  locations per result, thread-flow locations, tags per rule, 10 MB gzipped); one run per
  tool and category (a distinct ``automationDetails.id``, whose category is per stage); a
  result without a physical first location (an imported DAST alert, an imported result
  outside the root) is left out: code scanning needs a file for every alert.
- ``gitlab``: GitLab's SARIF ingestion (``artifacts:reports:sarif``, behind its
  ``sarif_ingestion`` feature flag) drops a result without a physical location or ``ruleId``
  and fails the whole report when more than half are dropped: such results are left out. It
  takes the severity from ``security-severity``, else the result's or rule's ``level``.
- ``sonarqube``: SonarQube's SARIF import reads the severity from
  ``rules[].defaultConfiguration.level`` (MQR mode) and only the first location of a result,
  which must be physical: a result without a physical first location is left out.
- ``defectdojo``: DefectDojo makes one test per driver name, so every tool run is named
  ``<tool> (<stage>)`` (the build and deploy checkov runs no longer share ``checkov``); its
  parser reads any ``suppressions`` as a *false positive*, so a waiver (an accepted risk, not
  a false positive) is moved from ``suppressions`` to the result's
  ``properties.riskAccepted``, and the finding stays active there.
- ``azure``: the invariants only (the SARIF SAST Scans tab shows any ``*.sarif`` of the
  ``CodeAnalysisLogs`` build artifact: upload ``shiftleft.azure.sarif`` there).

Nothing is left out silently: every change is returned (the CLI prints it), recorded in
the orchestrator run's ``properties.shiftleft.sarifProfile`` and, when something was cut, in a
notification of its invocation.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shiftleft.errors import ShiftleftError
from shiftleft.sarif import limits, orchestrator, regions

PROFILES = ("github", "gitlab", "sonarqube", "defectdojo", "azure")
#: GitHub's hard limits beyond those in ``limits`` (docs: "SARIF results exceed hard limit")
MAX_RULES_PER_RUN = 25_000
MAX_LOCATIONS_PER_RESULT = 1_000
MAX_THREAD_FLOW_LOCATIONS = 10_000
MAX_TAGS_PER_RULE = 20
_LEVEL_RANK = {"error": 0, "warning": 1, "note": 2, "none": 3}


class ProfileError(ShiftleftError, ValueError):
    """A ``--sarif-profile`` that is not one of ``PROFILES``."""


def check_profile(value: str | None) -> str | None:
    """``value`` when it names a profile (case-insensitive), None for None; ProfileError
    (exit 2) otherwise."""
    if value is None:
        return None
    name = value.strip().lower()
    if name not in PROFILES:
        raise ProfileError(f"unknown SARIF profile {value[:40]!r}; choose from: {', '.join(PROFILES)}")
    return name


def file_name(profile: str) -> str:
    """The file a profile's copy is written to, beside ``shiftleft.sarif``."""
    return f"shiftleft.{profile}.sarif"


FILE_NAMES = tuple(file_name(p) for p in PROFILES)


@dataclass(frozen=True)
class Shaped:
    """A log shaped for a consumer, and what was changed to get there (sentences)."""

    log: dict[str, Any]
    changes: tuple[str, ...] = ()
    #: whether something was left out (results, runs, locations...), not only reshaped
    cut: bool = False


def _tool_runs(log: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in log.get("runs") or [] if isinstance(r, dict) and not orchestrator.is_orchestrator(r)]


def _driver(run: dict[str, Any]) -> dict[str, Any]:
    driver: dict[str, Any] = run.setdefault("tool", {}).setdefault("driver", {})
    return driver


def _score_level(rule: dict[str, Any]) -> str:
    try:
        score = float(str((rule.get("properties") or {}).get("security-severity")))
    except (TypeError, ValueError):
        return "warning"
    return "error" if score >= 7.0 else "warning" if score >= 4.0 else "note"


def rule_levels(log: dict[str, Any]) -> int:
    """Give every rule a ``defaultConfiguration.level``: the most severe level of its
    results, else the one its ``security-severity`` maps to (a log written before rules had
    levels); a result without a ``level`` gets its rule's. Returns how many rules changed."""
    changed = 0
    for run in _tool_runs(log):
        rules = _driver(run).get("rules") or []
        worst: dict[str, str] = {}
        for result in run.get("results") or []:
            level = result.get("level")
            rule_id = str(result.get("ruleId"))
            if level in _LEVEL_RANK and _LEVEL_RANK[level] < _LEVEL_RANK.get(worst.get(rule_id, "none"), 4):
                worst[rule_id] = level
        by_id = {}
        for rule in rules:
            if not isinstance(rule, dict):
                continue
            by_id[str(rule.get("id"))] = rule
            config = rule.setdefault("defaultConfiguration", {})
            if config.get("level") not in _LEVEL_RANK:
                config["level"] = worst.get(str(rule.get("id"))) or _score_level(rule)
                changed += 1
        for result in run.get("results") or []:
            if result.get("level") not in _LEVEL_RANK:
                rule = by_id.get(str(result.get("ruleId")))
                result["level"] = (rule or {}).get("defaultConfiguration", {}).get("level", "warning")
    return changed


def _base(log: dict[str, Any], changes: list[str]) -> None:
    dropped = regions.repair_log(log)
    if dropped:
        changes.append(f"dropped {dropped} contextRegion(s) that were not a proper superset of their region")
    fixed = rule_levels(log)
    if fixed:
        changes.append(f"gave {fixed} rule(s) a defaultConfiguration.level")


def _distinct_ids(log: dict[str, Any], changes: list[str]) -> None:
    """One run per tool and category: a repeated ``automationDetails.id`` gets ``N/``."""
    seen: set[str] = set()
    for index, run in enumerate(log.get("runs") or [], start=1):
        details = run.get("automationDetails")
        run_id = details.get("id") if isinstance(details, dict) else None
        if not isinstance(run_id, str):
            continue
        if run_id in seen:
            new = f"{run_id.rstrip('/')}/{index}/"
            details["id"] = new
            changes.append(f"run {run_id} repeated: renamed {new}")
            run_id = new
        seen.add(run_id)


def _cap_list(holder: dict[str, Any], key: str, limit: int) -> int:
    items = holder.get(key)
    if not isinstance(items, list) or len(items) <= limit:
        return 0
    holder[key] = items[:limit]
    return len(items) - limit


def _github(log: dict[str, Any], changes: list[str]) -> bool:
    _distinct_ids(log, changes)
    # an imported DAST alert (a URL, no file) or a result placed outside the root
    cut = _physical_only("GitHub code scanning", "requires a file location for every alert")(log, changes)
    for run in _tool_runs(log):
        name = str(_driver(run).get("name"))
        tags = sum(_cap_list(rule.setdefault("properties", {}), "tags", MAX_TAGS_PER_RULE)
                   for rule in _driver(run).get("rules") or [] if isinstance(rule, dict))  # fmt: skip
        if tags:
            changes.append(f"{name}: left out {tags} rule tag(s) past GitHub's {MAX_TAGS_PER_RULE} per rule")
        locations = flows = 0
        for result in run.get("results") or []:
            locations += _cap_list(result, "locations", MAX_LOCATIONS_PER_RESULT)
            for flow in result.get("codeFlows") or []:
                for thread in flow.get("threadFlows") or []:
                    flows += _cap_list(thread, "locations", MAX_THREAD_FLOW_LOCATIONS)
        if locations:
            changes.append(f"{name}: left out {locations} location(s) past GitHub's {MAX_LOCATIONS_PER_RESULT} "
                           "per result")  # fmt: skip
        if flows:
            changes.append(f"{name}: left out {flows} thread-flow location(s) past GitHub's "
                           f"{MAX_THREAD_FLOW_LOCATIONS}")  # fmt: skip
        rules = _driver(run).get("rules") or []
        if len(rules) > MAX_RULES_PER_RUN:
            used = {r.get("ruleId") for r in run.get("results") or []}
            kept = [r for r in rules if r.get("id") in used][:MAX_RULES_PER_RUN]
            _reindex(run, kept)
            changes.append(f"{name}: left out {len(rules) - len(kept)} rule(s) past GitHub's {MAX_RULES_PER_RUN} "
                           "per run (those without results first)")  # fmt: skip
        cut = cut or bool(tags or locations or flows or len(rules) > MAX_RULES_PER_RUN)
    if limits.problems(log):
        capped, cuts = limits.github_copy(log)
        log.clear()
        log.update(capped)
        changes.extend(cuts)
        cut = cut or bool(cuts)
    return cut


def _reindex(run: dict[str, Any], rules: list[dict[str, Any]]) -> None:
    _driver(run)["rules"] = rules
    index = {r.get("id"): i for i, r in enumerate(rules)}
    for result in run.get("results") or []:
        if result.get("ruleId") in index:
            result["ruleIndex"] = index[result["ruleId"]]
        else:
            result.pop("ruleIndex", None)


def _physical_only(consumer: str, why: str) -> Callable[[dict[str, Any], list[str]], bool]:
    """A shaper leaving out the results ``consumer`` cannot place in a file (``why``)."""

    def shape(log: dict[str, Any], changes: list[str]) -> bool:
        left = 0
        for run in _tool_runs(log):
            results = run.get("results") or []
            kept = [r for r in results if _first_physical(r)]
            if len(kept) < len(results):
                left += len(results) - len(kept)
                run["results"] = kept
        if left:
            changes.append(f"left out {left} result(s) without a physical first location ({consumer} {why}); "
                           "they are in shiftleft.sarif")  # fmt: skip
        return bool(left)

    return shape


def _first_physical(result: dict[str, Any]) -> bool:
    locations = result.get("locations") or []
    first = locations[0] if locations and isinstance(locations[0], dict) else {}
    art = (first.get("physicalLocation") or {}).get("artifactLocation") or {}
    return bool(art.get("uri"))


def _waiver(suppression: Any) -> bool:
    return isinstance(suppression, dict) and bool(((suppression.get("properties") or {}).get("shiftleft") or {})
                                                  .get("waiver"))  # fmt: skip


def _defectdojo(log: dict[str, Any], changes: list[str]) -> bool:
    renamed: dict[str, str] = {}
    for run in _tool_runs(log):
        driver = _driver(run)
        stage = ((run.get("properties") or {}).get("shiftleft") or {}).get("stage")
        name = str(driver.get("name") or "tool")
        if isinstance(stage, str) and stage and not name.endswith(f" ({stage})"):
            driver["name"] = renamed[f"{name}/{stage}"] = f"{name} ({stage})"
    if renamed:
        changes.append(f"named every tool run '<tool> (<stage>)' for DefectDojo's one test per driver name "
                       f"({len(renamed)} run(s))")  # fmt: skip
    moved = 0
    for run in _tool_runs(log):
        for result in run.get("results") or []:
            suppressions = result.get("suppressions") or []
            waivers = [s for s in suppressions if _waiver(s)]
            if not waivers:
                continue
            rest = [s for s in suppressions if not _waiver(s)]
            if rest:
                result["suppressions"] = rest
            else:
                result.pop("suppressions", None)
            props = result.setdefault("properties", {})
            props["riskAccepted"] = [
                {"justification": s.get("justification"), **((s.get("properties") or {}).get("shiftleft") or {})}
                for s in waivers
            ]
            moved += 1
    if moved:
        changes.append(f"{moved} waived result(s) kept active with properties.riskAccepted instead of a "
                       "suppression (DefectDojo reads any suppression as a false positive)")  # fmt: skip
    return False


def _nothing(log: dict[str, Any], changes: list[str]) -> bool:
    return False


_SHAPERS: dict[str, Callable[[dict[str, Any], list[str]], bool]] = {
    "github": _github,
    "gitlab": _physical_only("GitLab", "drops them, and fails the whole report when they are more than half"),
    "sonarqube": _physical_only("SonarQube", "imports only results placed in a file"),
    "defectdojo": _defectdojo,
    "azure": _nothing,
}


def apply(log: dict[str, Any], profile: str) -> Shaped:
    """A copy of ``log`` shaped for ``profile`` (one of ``PROFILES``; ValueError otherwise),
    with what was changed recorded in it and returned."""
    if profile not in _SHAPERS:
        raise ProfileError(f"unknown SARIF profile {profile!r}; choose from: {', '.join(PROFILES)}")
    shaped = copy.deepcopy(log)
    changes: list[str] = []
    _base(shaped, changes)
    cut = _SHAPERS[profile](shaped, changes)
    _record(shaped, profile, changes, cut)
    return Shaped(shaped, tuple(changes), cut)


def _record(log: dict[str, Any], profile: str, changes: list[str], cut: bool) -> None:
    meta = log.setdefault("properties", {}).setdefault("shiftleft", {})
    meta["sarifProfile"] = profile
    target = orchestrator.find(log)
    if target is None:
        return
    props = target.setdefault("properties", {}).setdefault("shiftleft", {})
    props["sarifProfile"] = {"name": profile, "changes": list(changes)}
    if cut:
        invocation = (target.setdefault("invocations", [{"executionSuccessful": True}]) or [{}])[0]
        text = (f"This copy is shaped for {profile}: " + "; ".join(changes)
                + ". The complete log is shiftleft.sarif.")  # fmt: skip
        notes = invocation.setdefault("toolExecutionNotifications", [])
        if not any((n.get("message") or {}).get("text") == text for n in notes if isinstance(n, dict)):
            notes.append({"level": "warning", "message": {"text": text},
                          "descriptor": {"id": "shiftleft/sarif-profile"}})  # fmt: skip
