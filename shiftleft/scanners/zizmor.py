"""zizmor: GitHub Actions workflows and composite actions (deploy stage).

Category ``iac``, stage ``deploy``: a workflow is delivery infrastructure written as code, as
checkov's CKV_GHA checks (deploy, ``iac``) already treat it. Every framework control that
judges infrastructure and CI configuration selects ``category: iac`` (ISO 27001 A.8.9, OWASP
A05, PCI DSS 6.3), so zizmor's findings are judged there without a category of their own.

What is audited: ``.github/workflows/*.yml|yaml`` (at any depth, as zizmor collects them:
a monorepo's packages keep their own), composite actions (``action.yml|yaml`` anywhere),
and the other inputs zizmor's collection takes: ``.github/dependabot.yml|yaml`` and
pre-commit configurations (``.pre-commit-config.yaml``, ``.pre-commit-hooks.yaml``).
The files are copied into a private directory (``inputs.copy_inputs``) and zizmor audits
that copy, so it never sees the repository's ``zizmor.yml`` / ``.github/zizmor.yml``,
``.gitignore`` or a link out of the root. zizmor runs:

- ``--offline``: no network, no online audits; and no GitHub token: ``GH_*``, ``GITHUB_*``
  and ``ZIZMOR_*`` (``ZIZMOR_CONFIG``, ``ZIZMOR_GITHUB_TOKEN``...) are never inherited;
- ``--no-config``: no configuration file at all, whatever is found beside the inputs;
- ``--no-ignores``: ``# zizmor: ignore[audit]`` comments do not hide findings; zizmor still
  marks those findings ``ignored`` and they become ``inSource`` suppressions, kept;
- ``--persona regular`` (option ``persona``: ``pedantic`` or ``auditor`` for more), its JSON
  format (v1), converted here: zizmor's own SARIF drops the ``ignored`` mark.

A file zizmor cannot read as a workflow or action (YAML syntax, schema) is only a warning
in its log: it is then missing from the ``completed`` lines of its log, and counted here as
not assessed. A run in which no file was completed is a failed run. Files are audited in
groups of ``GROUP`` (each its own copy and run, one shared deadline), so the log of a
monorepo with thousands of workflows is never cut.

Severities: ``<severity>/<confidence>`` words, mapped in policies/severity/zizmor.yaml.
Fingerprints: zizmor gives none; ``zizmorFinding/v1`` hashes the audit, the file, the
finding's YAML route (``jobs.build.steps[2]``, which survives lines moving) and its
annotation.
"""

from __future__ import annotations

import re
import time
from pathlib import PurePosixPath
from typing import Any, ClassVar

import sarif_om

from shiftleft import config, tools
from shiftleft.advisories.jsonsafe import loads_bounded
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, ToolVars, run_isolated
from shiftleft.sarif import build
from shiftleft.scanners.base import NotApplicable, Scanner
from shiftleft.scanners.inputs import Copied, copy_inputs, digest, text, whole

#: the variables through which zizmor takes configuration or a token: none is inherited
#: (``RUST_LOG`` would change the log lines we read to know what was audited)
ZIZMOR_VARS = ToolVars(prefixes=("ZIZMOR_", "GH_", "GITHUB_", "RUST_"))
PERSONAS = ("regular", "pedantic", "auditor")
ACTION_NAMES = frozenset({"action.yml", "action.yaml"})
#: the other inputs zizmor audits (dependabot-cooldown, -execution; pre-commit hook pinning)
DEPENDABOT_NAMES = frozenset({"dependabot.yml", "dependabot.yaml"})
PRE_COMMIT_NAMES = frozenset({".pre-commit-config.yaml", ".pre-commit-hooks.yaml"})
#: zizmor's severity and confidence words (anything else is "Unknown")
SEVERITIES = frozenset({"Unknown", "Informational", "Low", "Medium", "High"})
CONFIDENCES = frozenset({"Unknown", "Low", "Medium", "High"})
#: SARIF ``precision`` (GitHub code scanning) from zizmor's confidence
PRECISION = {"High": "high", "Medium": "medium", "Low": "low"}
#: CWE of the audits whose weakness is one CWE names (the rest carry none)
CWE = {
    "template-injection": "CWE-94",
    "unpinned-uses": "CWE-829",
    "unpinned-images": "CWE-829",
    "excessive-permissions": "CWE-250",
    "artipacked": "CWE-522",
    "hardcoded-container-credentials": "CWE-798",
}
_IDENT = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_COMPLETED = re.compile(r"\bcompleted (/.+?)\s*$")
_MIRROR = "zizmor-src"
#: related locations kept per result (a template injection names every expression)
MAX_RELATED = 20
#: files per zizmor run: its log names each file it audited (~120 bytes a line, plus warnings),
#: and that log must fit in the standard error kept of one run (base.MAX_STDERR_BYTES)
GROUP = 2000
#: zizmor's exit code when no file of its input could be read as a workflow or action
NO_INPUTS = 3
#: findings read from one run's output (normalize caps results further)
MAX_FINDINGS = 100_000


def is_workflow(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return len(parts) >= 3 and parts[-3:-1] == (".github", "workflows") and parts[-1].endswith((".yml", ".yaml"))


def is_action(path: str) -> bool:
    return PurePosixPath(path).name in ACTION_NAMES


def is_dependabot(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return len(parts) >= 2 and parts[-2] == ".github" and parts[-1] in DEPENDABOT_NAMES


def is_pre_commit(path: str) -> bool:
    return PurePosixPath(path).name in PRE_COMMIT_NAMES


def select(target: ScanTarget) -> list[str]:
    return [f for f in target.files if is_workflow(f) or is_action(f) or is_dependabot(f) or is_pre_commit(f)]


def audited_files(stderr: str, copied: Copied) -> set[str]:
    """The inputs zizmor's log says it completed (``INFO audit: ... completed PATH``)."""
    done: set[str] = set()
    for line in stderr.splitlines():
        match = _COMPLETED.search(line)
        if match:
            rel = copied.relative(match.group(1))
            if rel is not None:
                done.add(rel)
    return done


def _primary(locations: list[Any]) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The primary location of a finding and its related ones (hidden ones dropped)."""
    primary: dict[str, Any] | None = None
    related: list[dict[str, Any]] = []
    for loc in locations:
        if not isinstance(loc, dict) or not isinstance(loc.get("symbolic"), dict):
            continue
        kind = loc["symbolic"].get("kind")
        if kind == "Primary" and primary is None:
            primary = loc
        elif kind == "Related" and len(related) < MAX_RELATED:
            related.append(loc)
    return primary, related


def _path(loc: dict[str, Any], copied: Copied) -> str | None:
    key = loc["symbolic"].get("key")
    local = key.get("Local") if isinstance(key, dict) else None
    path = local.get("verbatim_path") if isinstance(local, dict) else None
    return copied.relative(path) if isinstance(path, str) else None


def _point(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, dict):
        return None
    row, column = whole(value.get("row")), whole(value.get("column"))
    return None if row is None or column is None else (row + 1, column + 1)


def _region(loc: dict[str, Any]) -> sarif_om.Region | None:
    concrete = loc.get("concrete")
    where = concrete.get("location") if isinstance(concrete, dict) else None
    if not isinstance(where, dict):
        return None
    start, end = _point(where.get("start_point")), _point(where.get("end_point"))
    if start is None:
        return None
    region = sarif_om.Region(start_line=start[0], start_column=start[1])
    if end is not None and end >= start:
        region.end_line, region.end_column = end
    return region


def _route(loc: dict[str, Any]) -> str:
    """The finding's YAML route as text (``jobs.build.steps.2``), bounded."""
    route = loc["symbolic"].get("route")
    steps = route.get("route") if isinstance(route, dict) else None
    out: list[str] = []
    for step in steps if isinstance(steps, list) else []:
        if len(out) >= 64:
            break
        if isinstance(step, dict):
            for value in list(step.values())[:1]:
                out.append(text(value, 200) if isinstance(value, str) else str(whole(value)))
    return ".".join(out)


def _location(path: str, loc: dict[str, Any]) -> sarif_om.Location:
    region = _region(loc)
    physical = sarif_om.PhysicalLocation(
        artifact_location=sarif_om.ArtifactLocation(uri=path, uri_base_id=build.SRCROOT),
        region=region or sarif_om.Region(start_line=1),
    )
    annotation = text(loc["symbolic"].get("annotation"), 500)
    return sarif_om.Location(physical_location=physical, message=build.message(annotation) if annotation else None)


def _rule(ident: str, desc: str, url: str) -> sarif_om.ReportingDescriptor:
    props: dict[str, Any] = {"tags": ["security", "github-actions"]}
    if ident in CWE:
        props["cwe"] = [CWE[ident]]
    help_uri = url if url.startswith("https://") and len(url) <= 300 else None
    short = desc or f"zizmor audit {ident}"
    return build.rule(f"zizmor/{ident}", name=ident, short=short, help_text=short, help_uri=help_uri, properties=props)


def convert(data: Any, copied: Copied) -> tuple[list[sarif_om.ReportingDescriptor], list[sarif_om.Result], int]:
    """zizmor's JSON (v1) as SARIF rules and results, and how many findings could not be read
    or placed on a copied file (the caller lists them as not assessed). ToolError when the
    output is not a list of findings at all."""
    if not isinstance(data, list):
        raise ToolError(f"zizmor printed JSON that is not a list of findings (a {type(data).__name__})")
    if len(data) > MAX_FINDINGS:
        raise ToolError(f"zizmor reported more than {MAX_FINDINGS:,} findings: its output not used")
    rules: dict[str, sarif_om.ReportingDescriptor] = {}
    results: list[sarif_om.Result] = []
    unreadable = 0
    for finding in data:
        result = _result(finding, copied, rules)
        if result is None:
            unreadable += 1
        else:
            results.append(result)
    return list(rules.values()), results, unreadable


def _word(value: Any, words: frozenset[str]) -> str:
    """One of zizmor's words, or "Unknown" (for anything else: another word, a list...)."""
    return value if isinstance(value, str) and value in words else "Unknown"


def _result(finding: Any, copied: Copied, rules: dict[str, sarif_om.ReportingDescriptor]) -> sarif_om.Result | None:
    if not isinstance(finding, dict):
        return None
    ident = finding.get("ident")
    if not isinstance(ident, str) or not _IDENT.fullmatch(ident):
        return None
    locations = finding.get("locations")
    primary, related = _primary(locations if isinstance(locations, list) else [])
    path = _path(primary, copied) if primary is not None else None
    if primary is None or path is None:
        return None
    desc = text(finding.get("desc"), 500)
    if ident not in rules:
        rules[ident] = _rule(ident, desc, text(finding.get("url"), 300))
    determinations = finding.get("determinations")
    det = determinations if isinstance(determinations, dict) else {}
    severity = _word(det.get("severity"), SEVERITIES)
    confidence = _word(det.get("confidence"), CONFIDENCES)
    annotation = text(primary["symbolic"].get("annotation"), 500)
    message = f"{desc}: {annotation}" if desc and annotation else desc or annotation or f"zizmor audit {ident}"
    props: dict[str, Any] = {
        "zizmor/severity": severity,
        "zizmor/confidence": confidence,
        "zizmor/persona": text(det.get("persona"), 20) or "Unknown",
    }
    if confidence in PRECISION:
        props["precision"] = PRECISION[confidence]
    result = build.result(f"zizmor/{ident}", message, [_location(path, primary)], properties=props)
    rel_locations = [_location(p, loc) for loc in related if (p := _path(loc, copied)) is not None]
    if rel_locations:
        for index, loc in enumerate(rel_locations):
            loc.id = index
        result.related_locations = rel_locations
    result.partial_fingerprints = {"zizmorFinding/v1": digest(ident, path, _route(primary), annotation)}
    if finding.get("ignored") is True:
        why = "zizmor: ignore comment in the workflow (no reason given)"
        result.suppressions = [sarif_om.Suppression(kind="inSource", justification=why)]
    return result


class Zizmor(Scanner):
    """zizmor's offline audits of GitHub Actions workflows and composite actions."""

    name: ClassVar[str] = "zizmor"
    category: ClassVar[str] = "iac"
    stages: ClassVar[tuple[str, ...]] = ("deploy",)
    description: ClassVar[str] = "zizmor: GitHub Actions workflows and composite actions (offline audits)"
    severity_map: ClassVar[str | None] = "zizmor"
    information_uri: ClassVar[str | None] = "https://docs.zizmor.sh"
    options: ClassVar[dict[str, Any] | None] = {"persona": config.one_of(PERSONAS)}
    cacheable: ClassVar[bool] = True

    def inputs(self, ctx: ScanContext) -> list[str]:
        return select(ctx.target)

    def health(self) -> str | None:
        if tools.find_tool("zizmor") is None:
            return "zizmor is not installed: run `shiftleft tools install zizmor`"
        return None

    def version(self) -> str | None:
        path = tools.find_tool("zizmor")
        return tools.installed_version(path, "zizmor") if path else None

    def applies(self, target: ScanTarget) -> str | None:
        if select(target):
            return None
        return "no GitHub Actions workflows (.github/workflows/*.yml), action.yml, dependabot or pre-commit files"

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        props = result.properties if isinstance(result.properties, dict) else {}
        severity = _word(props.get("zizmor/severity"), SEVERITIES)
        confidence = _word(props.get("zizmor/confidence"), CONFIDENCES)
        return f"{severity}/{confidence}"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = tools.find_tool("zizmor")
        if exe is None:
            raise ToolError("zizmor is not installed: run `shiftleft tools install zizmor`", "missing")
        selected = select(ctx.target)
        if not selected:
            raise NotApplicable("no GitHub Actions workflows or actions to audit")
        persona = str(ctx.options.get("persona") or "regular")
        cache = (ctx.workdir / "zizmor-cache").resolve()
        cache.mkdir(parents=True, exist_ok=True)
        base = [
            exe, "--offline", "--no-config", "--no-ignores", "--no-exit-codes", "--no-progress",
            "--color=never", "--format=json-v1", "--collect=all", f"--persona={persona}", f"--cache-dir={cache}",
        ]  # fmt: skip
        rules: dict[str, sarif_om.ReportingDescriptor] = {}
        results: list[sarif_om.Result] = []
        not_assessed: list[dict[str, str]] = []
        unreadable = audited = given = 0
        deadline = time.monotonic() + ctx.timeout
        # groups of files, each copied into its own directory and audited by its own run: the
        # log lines that say what was audited stay far below the stderr kept per run
        for index in range(0, len(selected), GROUP):
            left = deadline - time.monotonic()
            if left <= 0:
                raise ToolError(f"zizmor timed out after {ctx.timeout:g} s ({index} file(s) audited)", "timeout")
            copied = copy_inputs(ctx.target, selected[index : index + GROUP], ctx.workdir / _MIRROR / str(index))
            not_assessed += copied.not_assessed
            if not copied.files:
                continue
            given += len(copied.files)
            out = run_isolated([*base, str(copied.root)], workdir=ctx.workdir, timeout=left, tool_vars=ZIZMOR_VARS,
                               ok_codes=(0, NO_INPUTS))  # fmt: skip
            if out.returncode == NO_INPUTS:
                if "no inputs collected" not in out.stderr:
                    tail = " | ".join(out.stderr.strip().splitlines()[-3:])[-500:]
                    raise ToolError(f"zizmor exited with code {NO_INPUTS}: {tail}")
                data: Any = []  # none of the group's files could be read: each is listed below
            else:
                try:
                    data = loads_bounded(out.stdout or "null")
                except ValueError as exc:
                    raise ToolError(f"zizmor printed output that is not JSON: {str(exc)[:200]}") from exc
            group_rules, group_results, group_unreadable = convert(data, copied)
            for rule in group_rules:
                rules.setdefault(rule.id, rule)
            results += group_results
            unreadable += group_unreadable
            done = audited_files(out.stderr, copied)
            audited += len(done)
            not_assessed += [
                {"subject": f, "reason": "zizmor could not read it as a workflow or action (YAML syntax or schema "
                                         "error): not assessed"}
                for f in copied.files if f not in done
            ]  # fmt: skip
        if not given:
            first = not_assessed[0]
            raise ToolError(f"no workflow could be given to zizmor ({first['subject']}: {first['reason']})")
        if not audited:
            raise ToolError(f"zizmor audited none of the {given} workflow/action file(s) it was given "
                            "(none is valid YAML of a workflow or action, or its log could not be read)")  # fmt: skip
        run = build.run("zizmor", version=self.version(), rules=rules.values(), results=results,
                        information_uri=self.information_uri)  # fmt: skip
        run.properties = {"shiftleft": {"scanner": self.name, "files": given, "persona": persona}}
        build.record_not_assessed(run, not_assessed)
        if unreadable:
            build.record_not_assessed(run, [{
                "subject": "zizmor",
                "reason": f"{unreadable} finding(s) in zizmor's output could not be read or placed on an audited "
                          "file: not assessed",
            }])  # fmt: skip
        return run
