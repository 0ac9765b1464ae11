"""Checkov adapters: infrastructure as code (deploy stage) and Dockerfiles (build stage).

Two adapters over one tool because Dockerfile checks are a build-stage concern while
Terraform/Kubernetes/CloudFormation/CI workflow checks gate a deploy; each has its name,
config and status. Both share :class:`_Checkov`, and one checkov process per scan
(``shared_run``, ``_Checkov.execute_shared``): checkov runs once with both adapters'
frameworks on both adapters' files, and each adapter's run is made of the results of its
own frameworks' checks (by check id, from checkov's JSON report), judged as if it had run
alone. Checkov's start-up (2-5 s) is paid once, and a failure of that one process leaves
both stages' checkov checks NOT ASSESSED.

Checkov is never run on the target tree itself: the files of ``ScanTarget.files`` that it
can read are copied into a private mirror under ``ctx.workdir`` and checkov is pointed at
that (absolute path: a relative ``-d`` doubles the path in its SARIF URIs). So checkov
cannot follow a symlink out of the root, never sees excluded files, and its URIs are
relative to the target root by construction. Checkov lives in its own environment (see
``shiftleft.tools``) and runs offline: ``--skip-download`` plus the offline env. Its
secrets framework is skipped: secrets are the code stage's job and it is slow (3.3 GB,
140 s on a 1,200-file project).

Checkov never takes configuration from the repository (docs/tool-configs.md): it reads
``.checkov.yaml``/``.checkov.yml`` from the ``-d`` directory, the working directory and
``$HOME``, and ``CKV_*``/``BC_*`` variables; a repository config could run its own Python
(``external-checks-dir``) or hide findings (``skip-check``). So no checkov config file is
ever mirrored, checkov runs in a private empty cwd and HOME, and its variables are not
inherited (``shiftleft.process``). Checkov also reads beyond the directory it is
given (a Terraform module ``source`` pointing anywhere on disk, kustomize rendering into its
own temporary files): every result is placed on a file of the target or dropped with a
not-assessed note, so no path or snippet from outside the root reaches an output.

Inline ``checkov:skip=ID:reason`` comments arrive from checkov as SARIF ``suppressions``
with the reason as justification; they are kept, never dropped.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

import sarif_om

from shiftleft import tools
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, ToolVars, read_tool_file, run_isolated
from shiftleft.sarif import build
from shiftleft.sarif.om import run_from_dict
from shiftleft.scanners.base import NotApplicable, Scanner

#: Lock files and the like: JSON that is never IaC and can be large.
_NOT_IAC = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock", "pipfile.lock", "tsconfig.json"})
#: checkov's own configuration files: never copied where checkov could find them
CONFIG_FILES = frozenset({".checkov.yaml", ".checkov.yml"})
#: the variables through which checkov takes configuration (CKV_SKIP_CHECK, CKV_FRAMEWORK,
#: BC_API_KEY, EXTERNAL_MODULES_DIR, ...): none is inherited; shiftleft sets its own
CHECKOV_VARS = ToolVars(
    prefixes=("CKV_", "CHECKOV_", "BC_", "PRISMA_"),
    names=frozenset({"DOWNLOAD_EXTERNAL_MODULES", "EXTERNAL_MODULES_DIR", "WORKDIR", "ENABLE_DEFINITION_KEY"}),
)
#: checkov's settings of ours: every directory of the mirror is scanned (checkov skips hidden
#: ones and node_modules by default; what is excluded is the safe file list's decision)
CHECKOV_ENV = {
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE",
    "BC_SKIP_MAPPING": "TRUE",
    "CKV_IGNORE_HIDDEN_DIRECTORIES": "FALSE",
    "CKV_IGNORED_DIRECTORIES": ".checkov-none",
}
#: Serverless Framework files: checkov's serverless framework resolves ``${file(...)}``
#: includes from any path on disk (and ``~``), so it is not run; these files are listed as
#: not assessed instead of vanishing
SERVERLESS_FILES = frozenset({"serverless.yml", "serverless.yaml"})
KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_MIRROR = "checkov-src"
_SARIF_FILE = "results_sarif.sarif"
_JSON_FILE = "results_json.json"


def assessed_frameworks(path: Path) -> tuple[list[str], dict[str, int]]:
    """The frameworks of checkov's JSON report that had something to check, and per
    framework how many files it could not parse. With nothing at all, checkov writes one
    bare summary (no ``check_type``) with a resource count of 0."""
    try:
        data = json.loads(read_tool_file(path, "checkov"))
    except (OSError, ValueError) as exc:
        raise ToolError(f"checkov wrote no readable JSON summary: {exc}") from exc
    reports = data if isinstance(data, list) else [data]
    found: list[str] = []
    unparsed: dict[str, int] = {}
    for report in reports:
        if not isinstance(report, dict) or not report.get("check_type"):
            continue
        summary = report.get("summary") or {}
        checked = sum(int(summary.get(k) or 0) for k in ("passed", "failed", "skipped"))
        if checked or int(summary.get("resource_count") or 0):
            found.append(str(report["check_type"]))
        if int(summary.get("parsing_errors") or 0):
            unparsed[str(report["check_type"])] = int(summary["parsing_errors"])
    return sorted(set(found)), unparsed


#: checkov's policy index, one page per framework (its documentation site): the help link of
#: a check when checkov gives no guideline of its own (offline, ``BC_SKIP_MAPPING``, it never does)
POLICY_INDEX = "https://www.checkov.io/5.Policy%20Index/{page}.html"
#: check-id prefix -> policy-index page; any other check (CKV_AWS_... is both terraform and
#: cloudformation) links to the index of every check
_INDEX_PAGES = (
    ("CKV_K8S_", "kubernetes"), ("CKV2_K8S_", "kubernetes"), ("CKV_DOCKER_", "dockerfile"),
    ("CKV_GHA_", "github_actions"), ("CKV2_GHA_", "github_actions"), ("CKV_GITLABCI_", "gitlab_ci"),
)  # fmt: skip
_GUIDELINE = re.compile(r"https://[!-~]{1,300}")


def guidelines(path: Path) -> dict[str, str]:
    """Check id -> the guideline URL checkov's JSON report gives for it (online checkov
    does; an id or URL that is not plain text is not kept)."""
    try:
        data = json.loads(read_tool_file(path, "checkov"))
    except (OSError, ValueError):
        return {}
    out: dict[str, str] = {}
    for report in data if isinstance(data, list) else [data]:
        results = report.get("results") if isinstance(report, dict) else None
        for check in (results.get("failed_checks") if isinstance(results, dict) else None) or []:
            if not isinstance(check, dict):
                continue
            check_id, url = check.get("check_id"), check.get("guideline")
            if isinstance(check_id, str) and isinstance(url, str) and _GUIDELINE.fullmatch(url):
                out.setdefault(check_id, url)
    return out


def help_uri(check_id: str, known: dict[str, str]) -> str:
    """The documentation of a check: checkov's guideline, else its framework's policy index."""
    if check_id in known:
        return known[check_id]
    page = next((page for prefix, page in _INDEX_PAGES if check_id.startswith(prefix)), "all")
    return POLICY_INDEX.format(page=page)


def link_rules(run: sarif_om.Run, known: dict[str, str]) -> None:
    """``helpUri`` on every rule of checkov's run that has none (checkov 3.3 writes none)."""
    for rule in run.tool.driver.rules or []:
        if not rule.help_uri and rule.id:
            rule.help_uri = help_uri(str(rule.id), known)


def is_dockerfile(path: str) -> bool:
    """Checkov's own Dockerfile naming: ``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``,
    ``Containerfile``."""
    name = PurePosixPath(path).name
    lower = name.lower()
    return lower in {"dockerfile", "containerfile"} or lower.startswith("dockerfile.") or lower.endswith(".dockerfile")


def is_iac_candidate(path: str) -> bool:
    """Files one of the deploy frameworks may parse (checkov decides what they are)."""
    name = PurePosixPath(path).name.lower()
    if name in _NOT_IAC:
        return False
    if name in CONFIG_FILES:
        return False
    suffixes = (".tf", ".tf.json", ".tfvars", ".yaml", ".yml", ".json", ".template", ".tpl", ".bicep")
    return name.endswith(suffixes) or name in {
        ".gitlab-ci.yml",
    }


def _safe_relative(path: str) -> PurePosixPath | None:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return None
    return rel


def mirror(target: ScanTarget, files: list[str], dest: Path) -> int:
    """Copy ``files`` (relative, from the safe list) into ``dest``; returns how many.
    The copy dereferences in-root links, so the mirror holds only regular files. Checkov's
    config files are never copied, whatever the selection."""
    count = 0
    for path in files:
        rel = _safe_relative(path)
        if rel is None or rel.name.lower() in CONFIG_FILES:
            continue
        out = dest.joinpath(*rel.parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(target.root / path, out)
        except OSError:
            continue
        count += 1
    return count


def relative_uri(uri: str, mirror_root: Path) -> str:
    """Checkov's URI made relative to the target root (it is usually already relative;
    absolute ones, or ones carrying the mirror path, are rebased)."""
    text = uri.removeprefix("file://")
    for prefix in (str(mirror_root) + "/", str(mirror_root.resolve()) + "/"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text.lstrip("/")


def place(uri: str, mirror_root: Path, files: frozenset[str]) -> tuple[str, bool] | None:
    """Where a checkov result belongs in the target: ``(path, rendered)`` with ``path`` a
    file of the safe list, or None when it lies outside the root (a Terraform module
    ``source`` pointing elsewhere on disk). ``rendered`` is True for kustomize output:
    checkov renders each kustomization into a temporary copy of the mirror
    (``/tmp/tmpXXXX/<mirror path>/<dir>/<Kind>-<ns>-<name>.yaml``); such a result is placed
    on the kustomization of ``<dir>``."""
    rel = relative_uri(uri, mirror_root)
    if rel in files:
        return rel, False
    text = "/" + rel
    parts = mirror_root.parts[1:]
    # the longest tail of the mirror's path in the rendered path, first occurrence: the
    # mirror prefix precedes the repository's own directories (which may repeat its name)
    markers = ("/" + "/".join(parts[-k:]) + "/" for k in range(len(parts), 0, -1))
    marker = next((m for m in markers if m in text), None)
    if marker is None:
        return None
    inner = text.split(marker, 1)[1]
    if inner in files:
        return inner, False
    parent = PurePosixPath(inner).parent
    for name in KUSTOMIZATIONS:
        candidate = name if parent == PurePosixPath(".") else f"{parent.as_posix()}/{name}"
        if candidate in files:
            return candidate, True
    return None


class _MirrorLines:
    """First lines of mirrored files, read once each: a snippet checkov attributes to a
    repository file must be that file's text (an outside module whose path checkov writes
    the way a repository file is named must not pass its content off as the repository's)."""

    def __init__(self, mirror_root: Path) -> None:
        self._root = mirror_root
        self._cache: dict[str, list[str]] = {}

    def matches(self, path: str, region: sarif_om.Region | None) -> bool:
        snippet = str(region.snippet.text or "") if region is not None and region.snippet is not None else ""
        if not snippet or region is None or not region.start_line:
            return True
        if path not in self._cache:
            try:
                self._cache[path] = (self._root / path).read_text("utf-8", errors="replace").splitlines()
            except OSError:
                self._cache[path] = []
        lines = self._cache[path]
        first = snippet.splitlines()[0].strip() if snippet.strip() else ""
        index = int(region.start_line) - 1
        return 0 <= index < len(lines) and lines[index].strip() == first


def _place_results(run: sarif_om.Run, mirror_root: Path, files: frozenset[str]) -> int:
    """Rebase every result on a target file (see ``place``); results that cannot be placed,
    or whose snippet is not the text of the file they name, are removed (their paths and
    snippets come from outside the root). Returns how many."""
    kept: list[sarif_om.Result] = []
    dropped = 0
    lines = _MirrorLines(mirror_root)
    for res in run.results or []:
        located = True
        for loc in res.locations or []:
            physical = loc.physical_location
            if physical is None or physical.artifact_location is None:
                continue
            art = physical.artifact_location
            where = place(str(art.uri or ""), mirror_root, files)
            if where is None:
                located = False
                break
            art.uri, rendered = where
            art.uri_base_id = build.SRCROOT
            if not rendered and not lines.matches(art.uri, physical.region):
                located = False
                break
            if rendered:
                # lines of a rendered manifest mean nothing in the kustomization file
                physical.region = sarif_om.Region(start_line=1)
                physical.context_region = None
                props = dict(res.properties or {})
                props["renderedBy"] = "kustomize"
                res.properties = props
            _fix_region(physical.region)
        if located:
            kept.append(res)
        else:
            dropped += 1
    run.results = kept
    return dropped


def _fix_region(region: sarif_om.Region | None) -> None:
    if region is None:
        return
    if region.start_line is not None and region.start_line < 1:
        region.start_line = 1
    if region.end_line is not None and region.start_line is not None and region.end_line < region.start_line:
        region.end_line = region.start_line
    if region.end_column is not None and region.end_column < 1:
        region.end_column = None


@dataclass(frozen=True)
class _Shot:
    """One checkov process's output: its SARIF run, the frameworks that had something to
    check, files it could not parse by framework, and the frameworks of each check id."""

    src: Path
    run: dict[str, Any]
    assessed: list[str]
    unparsed: dict[str, int]
    check_types: dict[str, frozenset[str]]
    #: check id -> the guideline URL checkov's JSON gave for it (``guidelines``)
    guidelines: dict[str, str]

    def part(self, frameworks: tuple[str, ...], others: tuple[str, ...]) -> dict[str, Any]:
        """The SARIF run of the results of ``frameworks``' checks (all results when no
        ``others`` ran), with only the rules they use: what checkov run with those
        frameworks alone reports. A check id checkov ran under both (none does today) goes
        by file: Dockerfiles to the Dockerfile framework."""
        data = copy.deepcopy(self.run)
        if not others:
            return data
        mine, theirs = set(frameworks), set(others)
        results = []
        for res in data.get("results") or []:
            if not isinstance(res, dict):
                continue
            types = self.check_types.get(str(res.get("ruleId")), frozenset())
            if (types & mine and types & theirs) or not types:
                belongs = ("dockerfile" in mine) == is_dockerfile(_first_uri(res))
            else:
                belongs = bool(types & mine)
            if belongs:
                results.append(res)
        driver = data.get("tool", {}).get("driver", {}) if isinstance(data.get("tool"), dict) else {}
        used = {str(r.get("ruleId")) for r in results}
        rules = [r for r in driver.get("rules") or [] if isinstance(r, dict) and str(r.get("id")) in used]
        index = {str(r.get("id")): i for i, r in enumerate(rules)}
        for res in results:
            if "ruleIndex" in res:
                res["ruleIndex"] = index.get(str(res.get("ruleId")), res["ruleIndex"])
        if isinstance(driver, dict) and "rules" in driver:
            driver["rules"] = rules
        data["results"] = results
        return data


def _first_uri(result: dict[str, Any]) -> str:
    try:
        return str(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    except (KeyError, IndexError, TypeError):
        return ""


def check_frameworks(path: Path) -> dict[str, frozenset[str]]:
    """Each check id of checkov's JSON report (failed or skipped) and the frameworks
    (``check_type``) it was reported under."""
    try:
        data = json.loads(read_tool_file(path, "checkov"))
    except (OSError, ValueError):
        return {}
    found: dict[str, set[str]] = {}
    for report in data if isinstance(data, list) else [data]:
        if not isinstance(report, dict) or not report.get("check_type"):
            continue
        found_results = report.get("results")
        results: dict[str, Any] = found_results if isinstance(found_results, dict) else {}
        for key in ("failed_checks", "skipped_checks"):
            for check in results.get(key) or []:
                if isinstance(check, dict) and check.get("check_id"):
                    found.setdefault(str(check["check_id"]), set()).add(str(report["check_type"]))
    return {k: frozenset(v) for k, v in found.items()}


def _invoke(ctx: ScanContext, files: list[str], frameworks: tuple[str, ...], timeout: float) -> _Shot:
    """Mirror ``files`` under ``ctx.workdir`` and run checkov on the mirror with ``frameworks``."""
    exe = tools.find_tool("checkov")
    if exe is None:
        raise ToolError("checkov is not installed: run `shiftleft tools install checkov`", "missing")
    src = (ctx.workdir / _MIRROR).resolve()
    out = (ctx.workdir / "checkov-out").resolve()
    src.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    mirror(ctx.target, files, src)
    argv = [
        exe,
        "-d",
        str(src),
        "--framework",
        *frameworks,
        "-o",
        "sarif",
        "-o",
        "json",
        "--output-file-path",
        str(out),
        "--skip-framework",
        "secrets",
        "--skip-download",
        "--soft-fail",
        "--quiet",
        "--compact",
    ]
    run_isolated(argv, workdir=ctx.workdir, timeout=timeout, tool_vars=CHECKOV_VARS, env=CHECKOV_ENV)
    sarif_path = out / _SARIF_FILE
    try:
        data: dict[str, Any] = json.loads(read_tool_file(sarif_path, "checkov"))
    except FileNotFoundError:
        raise ToolError("checkov exited without writing its SARIF report") from None
    except (OSError, ValueError) as exc:
        raise ToolError(f"checkov wrote an unreadable SARIF report: {exc}") from exc
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, list) or not runs or not isinstance(runs[0], dict):
        raise ToolError("checkov's SARIF report has no run")
    assessed, unparsed = assessed_frameworks(out / _JSON_FILE)
    checks = check_frameworks(out / _JSON_FILE) if len(frameworks) > 1 else {}
    return _Shot(src, runs[0], assessed, unparsed, checks, guidelines(out / _JSON_FILE))


class _Checkov(Scanner):
    """Shared behaviour of the two checkov adapters."""

    category: ClassVar[str] = "iac"
    severity_map: ClassVar[str | None] = "checkov"
    information_uri: ClassVar[str | None] = "https://www.checkov.io/"
    startup_seconds: ClassVar[float] = 2.0
    seconds_per_mib: ClassVar[float] = 1.0
    options: ClassVar[dict[str, Any] | None] = {}
    frameworks: ClassVar[tuple[str, ...]]
    #: both adapters are served by one checkov process per scan (``execute_shared``)
    shared_run: ClassVar[str | None] = "checkov"

    def _select(self, target: ScanTarget) -> list[str]:
        raise NotImplementedError

    cacheable: ClassVar[bool] = True

    def inputs(self, ctx: ScanContext) -> list[str]:
        """The files mirrored for checkov, and those ``not_run`` names."""
        return [*self._select(ctx.target), *(item["subject"] for item in self.not_run(ctx.target))]

    def cache_identity(self, ctx: ScanContext) -> dict[str, Any] | None:
        """The helper binaries whose absence ``extra_notifications`` reports."""
        return {name: shutil.which(name) for name in ("helm", "kustomize", "kubectl")}

    def health(self) -> str | None:
        if tools.find_tool("checkov") is None:
            return "checkov is not installed: run `shiftleft tools install checkov`"
        return None

    def version(self) -> str | None:
        path = tools.find_tool("checkov")
        return tools.installed_version(path, "checkov") if path else None

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        # Offline (BC_SKIP_MAPPING) checkov has no severities: every result is a failed
        # check at level "error". The per-check list in policies/severity/checkov.yaml
        # carries the real judgement; "failed" maps to the documented default.
        return "failed"

    def applies(self, target: ScanTarget) -> str | None:
        if not self._select(target):
            return f"no files for checkov's {', '.join(self.frameworks)} frameworks"
        return None

    def extra_notifications(self, target: ScanTarget, files: list[str]) -> list[sarif_om.Notification]:
        return []

    def not_run(self, target: ScanTarget) -> list[dict[str, str]]:
        """Files of the target that belong to a checkov framework shiftleft does not run."""
        return []

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        files = self._select(ctx.target)
        shot = _invoke(ctx, files, self.frameworks, ctx.timeout)
        return self._finish(ctx, files, shot, shot.part(self.frameworks, ()))

    @classmethod
    def execute_shared(cls, members: Sequence[tuple[Scanner, ScanContext]]) -> list[sarif_om.Run]:
        """Checkov once for every member's frameworks and files (its start-up is seconds),
        then each member's run made of the results of its own frameworks' checks, judged
        as if it had run alone (what it assessed, could not parse, did not run). A failure
        of the one checkov process is a failed run for every member."""
        start = time.time()
        own = [(s, c) for s, c in members if isinstance(s, _Checkov)]
        if len(own) != len(members):
            return super().execute_shared(members)
        problem = own[0][0].health()
        if problem:
            return [build.failed_run(s.name, problem, "missing", start=start) for s, _ in own]
        ctx0 = own[0][1]
        selections = [s._select(c.target) for s, c in own]
        files = sorted({f for sel in selections for f in sel})
        frameworks = tuple(dict.fromkeys(fw for s, _ in own for fw in s.frameworks))
        try:
            shot = _invoke(ctx0, files, frameworks, max(c.timeout for _, c in own))
        except ToolError as exc:
            return [build.failed_run(s.name, str(exc), exc.status, version=s.version(), start=start) for s, _ in own]
        except Exception as exc:  # noqa: BLE001 - an adapter bug must not stop the scan
            why = f"adapter error: {type(exc).__name__}: {exc}"
            return [build.failed_run(s.name, why, "failed", version=s.version(), start=start) for s, _ in own]
        runs = []
        for (scanner, ctx), sel in zip(own, selections, strict=True):
            others = tuple(fw for fw in frameworks if fw not in scanner.frameworks)
            runs.append(scanner.guarded(functools.partial(scanner._finish, ctx, sel, shot,
                                                          shot.part(scanner.frameworks, others)), start))  # fmt: skip
        return runs

    def _finish(self, ctx: ScanContext, files: list[str], shot: _Shot, data: dict[str, Any]) -> sarif_om.Run:
        """This adapter's run from checkov's SARIF run ``data`` (its frameworks' results)."""
        assessed = [fw for fw in shot.assessed if fw in self.frameworks]
        unparsed = {fw: n for fw, n in shot.unparsed.items() if fw in self.frameworks}
        if not assessed and unparsed:
            # files of its kind that it could not read: that is a failure to assess, not
            # an absence of infrastructure code
            counts = ", ".join(f"{n} {fw}" for fw, n in sorted(unparsed.items()))
            raise ToolError(f"checkov could not parse the infrastructure files it was given ({counts} file(s))")
        skipped_frameworks = self.not_run(ctx.target)
        if not assessed and skipped_frameworks:
            raise ToolError(
                f"{len(skipped_frameworks)} file(s) of a framework shiftleft does not run with checkov "
                f"(e.g. {skipped_frameworks[0]['subject']}: {skipped_frameworks[0]['reason']})"
            )
        if not assessed:
            # candidate files (any YAML/JSON) that hold no resource of checkov's frameworks:
            # there was nothing to judge, which must not read as "checked and clean"
            raise NotApplicable(
                f"checkov found no {', '.join(self.frameworks)} resources in the {len(files)} candidate file(s)"
            )
        run = run_from_dict(data)
        link_rules(run, shot.guidelines)
        outside = _place_results(run, shot.src, frozenset(files))
        run.tool.driver.name = "checkov"
        run.tool.driver.version = run.tool.driver.version or self.version()
        notes = self.extra_notifications(ctx.target, files)
        if notes:
            inv = sarif_om.Invocation(execution_successful=True, tool_execution_notifications=notes)
            run.invocations = [inv]
        props = dict(run.properties or {})
        props["shiftleft"] = {
            "scanner": self.name, "files": len(files), "frameworks": list(self.frameworks),
            "assessedFrameworks": assessed,
        }  # fmt: skip
        run.properties = props
        build.record_not_assessed(run, ({"subject": "checkov", "reason": n.message.text} for n in notes))
        build.record_not_assessed(
            run, [{"subject": fw, "reason": f"{n} file(s) checkov could not parse"} for fw, n in unparsed.items()]
        )
        if outside:
            build.record_not_assessed(
                run,
                [{
                    "subject": "checkov",
                    "reason": f"{outside} result(s) on files outside the scanned root (a module source pointing "
                    "outside it, or a renderer's temporary output) were dropped: that code is not assessed",
                }],
            )  # fmt: skip
        build.record_not_assessed(run, skipped_frameworks)
        return run


class Checkov(_Checkov):
    """Terraform (and plan JSON), CloudFormation, Kubernetes, Helm, Kustomize, GitHub
    Actions and GitLab CI checks: what gates a deploy."""

    name: ClassVar[str] = "checkov"
    stages: ClassVar[tuple[str, ...]] = ("deploy",)
    description: ClassVar[str] = "checkov: Terraform, CloudFormation, Kubernetes, Helm, CI workflow misconfigurations"
    #: every IaC / CI framework checkov checks offline, except serverless (see
    #: SERVERLESS_FILES); secrets, SCA and SAST belong to other stages or need its platform
    frameworks: ClassVar[tuple[str, ...]] = (
        "terraform",
        "terraform_json",
        "terraform_plan",
        "cloudformation",
        "kubernetes",
        "helm",
        "kustomize",
        "github_actions",
        "gitlab_ci",
        "bitbucket_pipelines",
        "azure_pipelines",
        "circleci_pipelines",
        "argo_workflows",
        "ansible",
        "arm",
        "bicep",
        "openapi",
    )

    def _select(self, target: ScanTarget) -> list[str]:
        return [f for f in target.files if is_iac_candidate(f)]

    def not_run(self, target: ScanTarget) -> list[dict[str, str]]:
        return [
            {"subject": f, "reason": "Serverless Framework file: checkov's serverless framework is not run "
             "(it resolves ${file(...)} includes from anywhere on disk), so it is not assessed"}
            for f in target.files
            if PurePosixPath(f).name.lower() in SERVERLESS_FILES
        ]  # fmt: skip

    def extra_notifications(self, target: ScanTarget, files: list[str]) -> list[sarif_om.Notification]:
        """Helm charts and kustomizations need the helm / kustomize binaries; without them
        checkov skips those frameworks silently, which must read as not assessed."""
        names = {PurePosixPath(f).name for f in files}
        notes = []
        if "Chart.yaml" in names and shutil.which("helm") is None:
            notes.append(
                build.notification(
                    "Helm charts found but the helm binary is not installed: checkov's helm framework did not "
                    "render them, so chart templates are not assessed",
                    "warning",
                    build.NOT_ASSESSED,
                )
            )
        if names & {"kustomization.yaml", "kustomization.yml"} and not (
            shutil.which("kustomize") or shutil.which("kubectl")
        ):
            notes.append(
                build.notification(
                    "kustomizations found but neither kustomize nor kubectl is installed: overlays are not assessed",
                    "warning",
                    build.NOT_ASSESSED,
                )
            )
        return notes


class CheckovDockerfile(_Checkov):
    """Checkov's Dockerfile checks: part of the build stage, next to the dependency scan."""

    name: ClassVar[str] = "checkov-dockerfile"
    stages: ClassVar[tuple[str, ...]] = ("build",)
    description: ClassVar[str] = "checkov: Dockerfile misconfigurations"
    frameworks: ClassVar[tuple[str, ...]] = ("dockerfile",)

    def _select(self, target: ScanTarget) -> list[str]:
        return [f for f in target.files if is_dockerfile(f)]
