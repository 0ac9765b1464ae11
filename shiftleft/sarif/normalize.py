"""Bring one tool's SARIF run to the conventions every consumer of ours relies on.

What a run has after this (see docs/sarif.md): rules with id, descriptions and help for every
rule a result uses; relative URIs under ``%SRCROOT%``; regions with startLine >= 1; a
severity on every result (properties ``severity`` and ``security-severity``) and on every
rule (``security-severity``, the highest of its results); CWE / OWASP ids; stage, category
and tool recorded; ``primaryLocationLineHash`` and ``shiftleft/v1`` fingerprints; a distinct
``runAutomationDetails.id``; the scanner's health in ``properties.shiftleft``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlparse

import sarif_om

from shiftleft import severity as sev
from shiftleft.sarif import build, fingerprint, limits, regions, taxonomy, uris

if TYPE_CHECKING:
    from shiftleft.model import ScanTarget


class ToolInfo(Protocol):
    """What normalization needs of a scanner adapter (``scanners.base.Scanner`` is one):
    declared here so that the SARIF layer does not import the scanners above it."""

    @property
    def name(self) -> str: ...
    @property
    def severity_map(self) -> str | None: ...
    @property
    def information_uri(self) -> str | None: ...
    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None: ...

MAX_HASHED_FILE_BYTES = 8 * 1024 * 1024
#: SARIF level from our severity, for consumers that read ``level`` rather than
#: ``security-severity`` (GitLab, Azure DevOps, SonarQube's generic import)
LEVEL_FOR = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


@dataclass(frozen=True)
class RunInfo:
    """What the pipeline knows about one scanner execution."""

    scanner: str
    stage: str
    category: str
    status: str  # ok | failed | missing | timeout
    reason: str | None
    seconds: float
    version: str | None


class _SourceLines:
    """Lines of the target's files, read once, only for files on the safe list."""

    def __init__(self, target: ScanTarget) -> None:
        self._root = target.root
        self._allowed = set(target.files)
        self._cache: dict[str, list[str]] = {}

    def get(self, uri: str) -> list[str]:
        if uri not in self._cache:
            lines: list[str] = []
            if uri in self._allowed:
                path = self._root / uri
                try:
                    if path.stat().st_size <= MAX_HASHED_FILE_BYTES:
                        lines = path.read_text("utf-8", errors="replace").splitlines()
                except OSError:
                    lines = []
            self._cache[uri] = lines
        return self._cache[uri]


def relative_uri(uri: str, root: Path) -> str:
    """A tool's URI as a POSIX path relative to the scan root (tools write absolute paths,
    ``file://`` URIs, ``./x`` or the root-relative path; all become ``x``)."""
    if uri.startswith("file:"):
        uri = unquote(urlparse(uri).path)
    path = PurePosixPath(uri)
    if path.is_absolute():
        try:
            path = PurePosixPath(Path(path).relative_to(root).as_posix())
        except ValueError:
            try:
                path = PurePosixPath(Path(path).relative_to(root.resolve()).as_posix())
            except ValueError:
                return path.as_posix()
    text = path.as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text


def _properties(obj: Any) -> dict[str, Any]:
    if not isinstance(obj.properties, dict):
        obj.properties = {} if obj.properties is None else {"tags": getattr(obj.properties, "tags", None)}
    props: dict[str, Any] = obj.properties
    return props


def _ensure_rule_texts(rule: sarif_om.ReportingDescriptor, fallback: str) -> None:
    short = rule.short_description.text if rule.short_description else None
    full = rule.full_description.text if rule.full_description else None
    help_text = rule.help.text if rule.help else None
    name = (rule.name or "").replace("_", " ")
    short = short or full or name or fallback or rule.id
    full = full or short
    help_text = help_text or full
    if rule.help_uri and rule.help_uri not in help_text:
        help_text = f"{help_text}\n\nMore: {rule.help_uri}"
    rule.short_description = sarif_om.MultiformatMessageString(text=short)
    rule.full_description = sarif_om.MultiformatMessageString(text=full)
    rule.help = sarif_om.MultiformatMessageString(text=help_text, markdown=rule.help.markdown if rule.help else None)


def _fix_region(region: sarif_om.Region | None) -> None:
    if region is None:
        return
    if region.start_line is not None and region.start_line < 1:
        region.start_line = 1
    if region.start_column is not None and region.start_column < 1:
        region.start_column = 1
    if region.end_column is not None and region.end_column < 1:
        region.end_column = 1
    if region.end_line is not None and region.start_line is not None and region.end_line < region.start_line:
        region.end_line = region.start_line


def _region_fields(region: sarif_om.Region) -> dict[str, Any]:
    """The fields of a region that ``regions.is_proper_superset`` compares, camelCase."""
    return {"startLine": region.start_line, "startColumn": region.start_column, "endLine": region.end_line,
            "endColumn": region.end_column, "charOffset": region.char_offset, "charLength": region.char_length,
            "byteOffset": region.byte_offset, "byteLength": region.byte_length}  # fmt: skip


def _check_context(physical: sarif_om.PhysicalLocation) -> None:
    """A tool's ``contextRegion`` kept only when it is a proper superset of ``region``
    (SARIF1008: bandit gives one that is not, on real projects); see ``regions``."""
    if physical.context_region is None:
        return
    if physical.region is None or not regions.is_proper_superset(
        _region_fields(physical.context_region), _region_fields(physical.region)
    ):
        physical.context_region = None


def result_severity(
    result: sarif_om.Result,
    rule: sarif_om.ReportingDescriptor | None,
    scanner: ToolInfo,
    severity_map: sev.SeverityMap,
) -> tuple[str, float]:
    """Our severity word and score (0-10) of one result: per-rule override > CVSS score
    from the tool > the tool's mapped word > the map's default."""
    props = result.properties if isinstance(result.properties, dict) else {}
    rule_id = result.rule_id or "unknown"
    severity = severity_map.rules.get(rule_id)
    score: float | None = None
    if severity is None and props.get("security-severity") not in (None, ""):
        try:
            score = float(props["security-severity"])
        except (TypeError, ValueError):
            score = None
        if score is not None and not 0.0 <= score <= 10.0:  # NaN, inf, out of the CVSS range
            score = None
        if score is not None:
            severity = sev.from_score(score)
    if severity is None:
        severity = severity_map.for_word(scanner.native_severity(result, rule)) or severity_map.default
    if score is None:
        score = sev.SCORE_FOR[severity]
    return severity, score


_LEVEL_RANK = {"error": 0, "warning": 1, "note": 2}


def cap_results(run: sarif_om.Run, scanner: ToolInfo, limit: int | None = None) -> int:
    """Keep at most ``limit`` (default ``limits.MAX_RESULTS_PER_SCANNER``) results of a
    scanner's run, the most severe, in their order; return how many were left out.

    A run cut so is marked failed with the count in its reason and its notAssessed list:
    its checks are not assessed, so the gate cannot pass on what was left out."""
    limit = limits.MAX_RESULTS_PER_SCANNER if limit is None else limit
    results = list(run.results or [])
    if len(results) <= limit:
        return 0
    rules = {r.id: r for r in (run.tool.driver.rules or [])}
    severity_map = sev.map_for(scanner.severity_map or scanner.name)
    # by our severity, then (a tool without a severity map) by the SARIF level
    keys = [
        (-result_severity(r, rules.get(r.rule_id or ""), scanner, severity_map)[1], _LEVEL_RANK.get(str(r.level), 3))
        for r in results
    ]
    ranked = sorted(range(len(results)), key=keys.__getitem__)
    run.results = [results[i] for i in sorted(ranked[:limit])]
    dropped = len(results) - limit
    reason = (
        f"{len(results)} results, more than the {limit} one scanner run may have: the {limit} most severe "
        f"were kept, {dropped} left out; its checks are NOT ASSESSED"
    )
    build.record_not_assessed(run, [{"subject": scanner.name, "reason": reason, "count": dropped}])
    run.invocations = run.invocations or [sarif_om.Invocation(execution_successful=False)]
    invocation = run.invocations[0]
    invocation.execution_successful = False
    invocation.tool_execution_notifications = [
        *(invocation.tool_execution_notifications or []),
        build.notification(reason, "error", "shiftleft/results-capped"),
    ]
    health = run.properties["shiftleft"]  # record_not_assessed made it
    health.update({"status": "failed", "reason": reason, "resultsDropped": dropped})
    return dropped


def normalize_run(run: sarif_om.Run, scanner: ToolInfo, info: RunInfo, target: ScanTarget) -> sarif_om.Run:
    """One tool's run made like every other: the driver described, every result with its
    rule, severity, taxonomy, stage and category, repository-relative locations and stable
    fingerprints, every rule with its texts and highest severity, the run's health."""
    _describe_driver(run.tool.driver, scanner, info)
    rules: list[sarif_om.ReportingDescriptor] = list(run.tool.driver.rules or [])
    by_id: dict[str, sarif_om.ReportingDescriptor] = {r.id: r for r in rules}
    results: list[sarif_om.Result] = list(run.results or [])
    lines = _SourceLines(target)
    counter = fingerprint.OccurrenceCounter()
    severity_map = sev.map_for(scanner.severity_map or scanner.name)
    rule_scores: dict[str, float] = {}
    rule_levels: dict[str, str] = {}
    paths: dict[str, str] = {}  # a tool's URI -> its relative path: many results share a file
    for result in results:
        rule = _rule_of(result, rules, by_id)
        score = _classify(result, rule, scanner, severity_map, info)
        rule_scores[rule.id] = max(rule_scores.get(rule.id, 0.0), score)
        if _LEVEL_RANK[str(result.level)] < _LEVEL_RANK.get(rule_levels.get(rule.id, ""), 3):
            rule_levels[rule.id] = str(result.level)
        if not result.message or not result.message.text:
            result.message = build.message(rule.short_description.text)
        uri, line = _relocate(result, target.root, paths)
        _fingerprint(result, info, uri, line, lines, counter)
    _finish_rules(rules, rule_scores, severity_map, rule_levels)
    index = {r.id: i for i, r in enumerate(rules)}
    for result in results:
        result.rule_index = index[result.rule_id]
        result.rule = None
    run.tool.driver.rules = rules
    run.results = results
    run.artifacts = None  # artifact indexes from tools are not kept consistent across merges
    run.automation_details = sarif_om.RunAutomationDetails(id=f"shiftleft/{info.stage}/{info.scanner}/")
    run.original_uri_base_ids = {build.SRCROOT: {"uri": target.root.resolve().as_uri() + "/"}}
    _record_health(run, info)
    return run


def _describe_driver(driver: sarif_om.ToolComponent, scanner: ToolInfo, info: RunInfo) -> None:
    driver.version = driver.version or info.version
    driver.information_uri = driver.information_uri or scanner.information_uri
    if driver.semantic_version is None and info.version and info.version[:1].isdigit():
        driver.semantic_version = info.version


def _rule_of(
    result: sarif_om.Result, rules: list[sarif_om.ReportingDescriptor], by_id: dict[str, sarif_om.ReportingDescriptor]
) -> sarif_om.ReportingDescriptor:
    """The result's rule (made, and added to ``rules``, when the tool declared none)."""
    rule_id = result.rule_id or (result.rule.id if result.rule else None) or "unknown"
    result.rule_id = rule_id
    rule = by_id.get(rule_id)
    if rule is None:
        rule = build.rule(rule_id, short=rule_id)
        rules.append(rule)
        by_id[rule_id] = rule
    _ensure_rule_texts(rule, result.message.text if result.message else rule_id)
    return rule


def _classify(
    result: sarif_om.Result, rule: sarif_om.ReportingDescriptor, scanner: ToolInfo, severity_map: sev.SeverityMap,
    info: RunInfo,
) -> float:  # fmt: skip
    """Severity (and SARIF level), CWE / OWASP ids, stage, category and tool on the result,
    the taxonomy tags on its rule; returns the result's security-severity score."""
    props = _properties(result)
    rule_props = _properties(rule)
    severity, score = result_severity(result, rule, scanner, severity_map)
    props["severity"] = severity
    props["security-severity"] = f"{score:.1f}"
    result.level = LEVEL_FOR[severity]
    tags = list(rule_props.get("tags") or [])
    cwes = taxonomy.cwe_ids([tags, rule_props.get("cwe"), props.get("cwe")])
    owasp = taxonomy.owasp_ids([tags, rule_props.get("owasp"), props.get("owasp")])
    props["cwe"] = cwes
    props["owasp"] = owasp
    props["stage"] = info.stage
    props["category"] = info.category
    props["tool"] = info.scanner
    for tag in ["security", *(taxonomy.cwe_tag(c) for c in cwes)]:
        if tag not in tags:
            tags.append(tag)
    rule_props["tags"] = tags
    return score


def _relocate(result: sarif_om.Result, root: Path, paths: dict[str, str] | None = None) -> tuple[str, int]:
    """Every location made relative to the scanned root (``%SRCROOT%``), regions fixed;
    returns the primary location's path and line ("", 0 when it has none). ``paths``: the
    run's tool URIs already made relative (``relative_uri`` builds paths: the largest part of
    normalizing a result, and the results of one file share its URI)."""
    paths = {} if paths is None else paths
    uri, line = "", 0
    for loc in result.locations or []:
        physical = loc.physical_location
        if physical is None or physical.artifact_location is None:
            continue
        art = physical.artifact_location
        path = ""
        if art.uri:
            path = paths.get(art.uri, "")
            if not path:
                raw = art.uri if art.uri.startswith("file:") else uris.to_path(art.uri)  # file: is decoded there
                path = paths[art.uri] = relative_uri(raw, root)
            art.uri = uris.to_uri(path)
            art.uri_base_id = build.SRCROOT
        art.index = -1
        _fix_region(physical.region)
        _fix_region(physical.context_region)
        _check_context(physical)
        if not uri:
            uri = path
            line = physical.region.start_line if physical.region and physical.region.start_line else 0
    return uri, line


def _fingerprint(result: sarif_om.Result, info: RunInfo, uri: str, line: int, lines: _SourceLines,
                 counter: fingerprint.OccurrenceCounter) -> None:  # fmt: skip
    """The line-hash partial fingerprint (GitHub's ``primaryLocationLineHash``) and
    shiftleft's stable id: the same finding keeps them when unrelated lines move."""
    rule_id = result.rule_id or "unknown"
    text = fingerprint.line_text(lines.get(uri), line) if uri else ""
    digest = fingerprint.line_hash(rule_id, text or _web_request_text(result) + result.message.text)
    partial = f"{digest}:{counter.next(uri, digest)}"
    result.partial_fingerprints = {**(result.partial_fingerprints or {}), "primaryLocationLineHash": partial}
    result.fingerprints = {
        **(result.fingerprints or {}),
        "shiftleft/v1": fingerprint.stable_id(info.scanner, rule_id, uri, partial),
    }


def _web_request_text(result: sarif_om.Result) -> str:
    """What places a result without a file (an imported DAST alert): its request's method
    and target and the parameter it names, so two alerts of one rule on two URLs are two
    fingerprints whatever their order in the report. "" for a result without a request."""
    request = result.web_request
    if request is None or not request.target:
        return ""
    props = result.properties if isinstance(result.properties, dict) else {}
    param = props.get("param")
    return f"{request.method or ''} {request.target} {param if isinstance(param, str) else ''}\n"


def _finish_rules(rules: list[sarif_om.ReportingDescriptor], rule_scores: dict[str, float],
                  severity_map: sev.SeverityMap, rule_levels: dict[str, str]) -> None:  # fmt: skip
    """Texts on every rule, no name equal to the id (SARIF1001), and a security-severity:
    the highest of its results, else the severity map's for it."""
    for rule in rules:
        _ensure_rule_texts(rule, rule.id)
        if rule.name == rule.id:
            rule.name = None  # SARIF: a name identical to the opaque id must be omitted (SARIF1001)
        rule_props = _properties(rule)
        if rule.id in rule_scores:
            rule_props["security-severity"] = f"{rule_scores[rule.id]:.1f}"
        elif "security-severity" not in rule_props:
            default = severity_map.rules.get(rule.id, severity_map.default)
            rule_props["security-severity"] = f"{sev.SCORE_FOR[default]:.1f}"
        _set_rule_level(rule, rule_levels.get(rule.id) or _level_of_score(rule_props["security-severity"]))


def _level_of_score(score: object) -> str:
    try:
        value = float(str(score))
    except ValueError:
        value = sev.SCORE_FOR["medium"]
    return LEVEL_FOR[sev.from_score(value) if 0.0 <= value <= 10.0 else "medium"]


def _set_rule_level(rule: sarif_om.ReportingDescriptor, level: str) -> None:
    """``defaultConfiguration.level`` of a rule (SonarQube, DefectDojo and Azure read it):
    the most severe level of its results, so a rule never reads milder than what it found;
    a result at another level carries its own ``level`` (every result does)."""
    config = rule.default_configuration or sarif_om.ReportingConfiguration()
    config.level = level
    rule.default_configuration = config


def _record_health(run: sarif_om.Run, info: RunInfo) -> None:
    """The scanner's health in ``properties.shiftleft`` and ``executionSuccessful``: a run
    that did not succeed can never read as a clean one."""
    run_props = _properties(run)
    health: dict[str, Any] = dict(run_props.get("shiftleft") or {})
    health.update(
        {
            "scanner": info.scanner,
            "stage": info.stage,
            "category": info.category,
            "status": info.status,
            "seconds": round(info.seconds, 3),
        }
    )
    if info.reason:
        health["reason"] = info.reason
    if info.version:
        health["version"] = info.version
    run_props["shiftleft"] = health
    if not run.invocations:
        run.invocations = [sarif_om.Invocation(execution_successful=info.status == "ok")]
    run.invocations[0].execution_successful = info.status == "ok"
