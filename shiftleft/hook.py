"""The pre-commit hook: ``shiftleft hook [FILES...]`` scans exactly the files a commit stages.

What it does, in order (``run``):

1. **Names.** FILES as pre-commit passes them: relative to the repository root, which is
   the working directory (pre-commit stashes unstaged changes first, so the working files
   *are* the staged content); without FILES, the files staged in git's index. Every name
   is checked lexically first (``target.relative_name``): an absolute path outside the
   root or a name with ``..`` is exit 2, before anything is read.
2. **Anything to do?** By file name alone (``engines_for``: no scanner is imported, no tool
   started): when no selected engine reads any of the names (a README-only commit for the
   code hook), the hook passes with one line in a few tens of milliseconds.
3. **Only what git tracks.** A name that is not in git's index (an untracked ``scratch.py``,
   a git-ignored ``.env`` named by hand) is skipped and listed, never scanned; nothing
   beyond the names is ever looked at. The rest becomes the target through
   ``target.collect_files``: links, special and binary files skipped and listed as a walk
   would.
4. **The scan.** ``scan.scan`` with the code stage's engines (secrets, SAST) on those files;
   the dependency checks (build stage, ``sca``) only when a manifest or lockfile is among
   them. New-only by default: ``--diff-base HEAD``'s mechanism (``policy.baseline``: git
   isolated, object database only, the staged files compared with their HEAD blobs), so a
   finding on a line the commit did not add is "unchanged" and does not block; without
   HEAD (the first commit) or outside git every finding is new. ``all_findings`` gates on
   everything. No history is recorded; the SARIF report goes to the user cache directory
   (``paths.hook_output_dir``) unless an output directory is given: nothing is written
   into the working tree.
5. **Verdict.** Exit codes as ``scan`` (0, 1, 2, 3). On failure one clickable line per
   blocking finding, ``path:line: severity rule: message`` (secrets by type, never value:
   the messages went through the report's redaction), and how many older findings were
   ignored; a scanner that could not assess is one ``NOT ASSESSED`` line and exit 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from shiftleft.errors import EXIT_GATE_FAILED, EXIT_INCOMPLETE, EXIT_PASS, ShiftleftError
from shiftleft.safe_text import visible
from shiftleft.target import relative_name

if TYPE_CHECKING:
    from shiftleft.model import Finding, Report
    from shiftleft.scan import ScanResult

#: the engines of the hook and the scanner categories each one runs
SECRETS, SAST, DEPENDENCIES = "secrets", "sast", "dependencies"
ENGINE_CATEGORIES = {SECRETS: ("secrets",), SAST: ("sast",), DEPENDENCIES: ("sca",)}
#: file suffixes the code stage's SAST scanners read: semgrep's languages and bandit's .py
#: (``tests/test_hook.py`` checks this against ``scanners.semgrep`` and ``scanners.bandit``)
SAST_SUFFIXES = (
    ".py", ".pyi", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".go", ".java", ".rb", ".php",
    ".c", ".cs", ".kt", ".scala", ".rs", ".swift", ".sh", ".yaml", ".yml", ".json", ".tf", ".html", ".dockerfile",
)  # fmt: skip
#: names that may be a dependency manifest or lockfile: a superset of what the inventory
#: reads (``inventory.collect.manifests``, checked by a test), cheap to test; a name that
#: matches goes to the exact check
_MANIFEST_NAMES = frozenset(n.lower() for n in (
    "poetry.lock", "Pipfile.lock", "Pipfile", "uv.lock", "pdm.lock", "pyproject.toml", "setup.py", "setup.cfg",
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "package.json", "bun.lock",
    "bun.lockb", "deno.lock", "go.mod", "Gopkg.lock", "Cargo.lock", "Cargo.toml", "pom.xml", "gradle.lockfile",
    "buildscript-gradle.lockfile", "settings-gradle.lockfile", "build.gradle", "build.gradle.kts",
    "settings.gradle", "settings.gradle.kts", "composer.lock", "composer.json", "Gemfile", "Gemfile.lock",
    "gems.rb", "gems.locked", "packages.lock.json", "packages.config", "Directory.Packages.props",
    "paket.dependencies", "paket.lock", "mix.exs", "mix.lock", "rebar.config", "rebar.lock", "Package.swift",
    "Package.resolved", "Podfile", "Podfile.lock", "pubspec.yaml", "pubspec.lock", "conanfile.txt",
    "conanfile.py", "conan.lock", "vcpkg.json", "renv.lock", "cabal.project.freeze", "stack.yaml.lock",
))  # fmt: skip
_MANIFEST_PATTERN = re.compile(
    r".*(requirements|constraints).*\.(txt|in)|pylock\..*toml|.*\.versions\.toml|.*\.(csproj|fsproj|vbproj|gemspec)",
    re.IGNORECASE,
)
UNTRACKED = "not in git's index (untracked or git-ignored): not scanned"


class HookError(ShiftleftError):
    """The hook cannot run as asked (not a repository and no files named, git failing)."""


def may_be_manifest(rel: str) -> bool:
    """Could ``rel`` be a dependency manifest or lockfile? (a superset of the inventory's list)"""
    p = PurePosixPath(rel)
    return p.name.lower() in _MANIFEST_NAMES or p.parent.name == "requirements" or bool(
        _MANIFEST_PATTERN.fullmatch(p.name)
    )


def engines_for(files: Iterable[str], selected: Iterable[str]) -> tuple[str, ...]:
    """The selected engines that would read at least one of ``files``, by name alone: the
    secrets engines read every text file, SAST the source suffixes, the dependency checks
    the manifests and lockfiles (may-be: the exact check runs in the scan)."""
    files = list(files)
    wanted = set(selected)
    found = []
    if SECRETS in wanted and files:
        found.append(SECRETS)
    if SAST in wanted and any(f.lower().endswith(SAST_SUFFIXES) for f in files):
        found.append(SAST)
    if DEPENDENCIES in wanted and any(may_be_manifest(f) for f in files):
        found.append(DEPENDENCIES)
    return tuple(found)


@dataclass(frozen=True)
class HookRequest:
    #: names as given (None: the files staged in git's index)
    files: tuple[str, ...] | None = None
    #: engines to run: secrets, sast, dependencies
    engines: tuple[str, ...] = (SECRETS, SAST, DEPENDENCIES)
    #: gate on every finding in the files, not only those the commit introduces
    all_findings: bool = False
    #: report directory; None: the user cache directory
    output: Path | None = None
    config_file: Path | None = None
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class HookOutcome:
    exit_code: int
    #: lines for stdout (findings, the verdict) and stderr (skips, notices), already escaped
    out: tuple[str, ...] = ()
    err: tuple[str, ...] = ()
    report_file: Path | None = None
    #: what the hook did, for tests: the scanners that ran, the files scanned
    scanners: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    ignored: int = 0
    blocking: tuple[Finding, ...] = field(default=(), compare=False)


def run(root: Path, request: HookRequest) -> HookOutcome:
    """Run the hook in ``root`` (the repository root, pre-commit's working directory);
    ShiftleftError for what the user can fix (exit 2)."""
    names = request.files if request.files is not None else staged_files(root)
    rels = list(dict.fromkeys(relative_name(root, n) for n in names))
    engines = engines_for(rels, request.engines)
    if not engines:  # the fast path: nothing imported past this module, nothing started
        return HookOutcome(EXIT_PASS, (f"shiftleft: passed: {len(rels)} file(s), none that the selected scanners "
                                       "read: nothing to scan",))  # fmt: skip
    index = tracked_files(root)
    keep = rels if index is None else [r for r in rels if r in index]
    untracked = [] if index is None else [(r, UNTRACKED) for r in rels if r not in index]
    notes: list[str] = []
    if index is None:
        notes.append("not a git repository: new-only gating needs git, every finding counts")
    return _scan(root, request, keep, untracked, index is not None, notes)


def _scan(root: Path, request: HookRequest, files: list[str], untracked: list[tuple[str, str]], in_git: bool,
          notes: list[str]) -> HookOutcome:  # fmt: skip
    from shiftleft import paths
    from shiftleft.gitinfo import repo_state
    from shiftleft.report import write_reports
    from shiftleft.scan import ScanRequest, scan

    categories = [c for e in request.engines for c in ENGINE_CATEGORIES[e]]
    stages = ["code"]
    if DEPENDENCIES in request.engines and _has_manifest(files):
        stages.append("build")
    diff_base = None
    if not request.all_findings and in_git:
        if repo_state(root).info.commit is not None:
            diff_base = "HEAD"
        else:
            notes.append("no commit yet: every finding is new")
    output = request.output or paths.hook_output_dir(root)
    scan_request = ScanRequest(
        stages=tuple(stages), config_file=request.config_file, fail_on=request.fail_on, exclude=request.exclude,
        diff_base=diff_base, record_history=False, output=output, output_names=("shiftleft.sarif",),
        files=tuple(files), files_skipped=tuple(untracked), categories=tuple(categories), config_imports=False,
    )  # fmt: skip
    result = scan(root, scan_request)
    written = write_reports(result.report, ["sarif"], output)
    return verdict(result, written[0] if written else None, counted_all=diff_base is None, notes=notes)


def _has_manifest(files: Sequence[str]) -> bool:
    candidates = [f for f in files if may_be_manifest(f)]
    if not candidates:  # the inventory (every manifest parser) is not even imported
        return False
    from shiftleft.inventory.collect import manifests

    return bool(manifests(candidates))


def _threshold(result: ScanResult) -> str:
    return result.config.gate.fail_on or "high"


def blocking_findings(report: Report, threshold: str, *, counted_all: bool) -> tuple[list[Finding], int]:
    """(the findings that block the commit, the older ones ignored): unsuppressed findings
    at or above the threshold, and every secret (the gate fails on any live secret) -
    those the commit introduced, or all of them when ``counted_all``."""
    from shiftleft.severity import at_least

    blocking: list[Finding] = []
    ignored = 0
    for f in report.findings:
        if f.suppressed:
            continue
        if not counted_all and f.baseline_state in {"unchanged", "absent"}:
            ignored += 1
            continue
        if at_least(f.severity, threshold) or f.is_secret:
            blocking.append(f)
    blocking.sort(key=lambda f: (f.path, f.line, f.rule_id))
    return blocking, ignored


def compact(finding: Finding) -> str:
    """``path:line: severity rule: message``, one escaped line (an editor or terminal opens
    ``path:line``); the message is the report's, redacted, cut at its first line."""
    message = (finding.message.splitlines() or [""])[0].strip()
    if len(message) > 200:
        message = message[:199] + "…"
    where = f"{finding.path}:{finding.line}" if finding.line > 0 else finding.path
    return visible(f"{where or '(no file)'}: {finding.severity} {finding.rule_id}: {message}")


def verdict(result: ScanResult, report_file: Path | None, *, counted_all: bool,
            notes: Sequence[str] = ()) -> HookOutcome:  # fmt: skip
    report = result.report
    err = [visible(f"shiftleft: skipped {s.path}: {s.reason}") for s in result.target.skipped
           if s.reason != "binary file"]  # fmt: skip
    err += [visible(f"shiftleft: note: {n}") for n in notes]
    ran = tuple(s.name for s in report.statuses if s.applicable)
    blocking, ignored = blocking_findings(report, _threshold(result), counted_all=counted_all)
    not_assessed = [s for s in report.statuses if s.not_assessed_run]
    out: list[str] = []
    code = report.gate.exit_code
    nothing = not result.target.files and not not_assessed
    if nothing and code == EXIT_INCOMPLETE:
        # every named file was skipped (listed above): no scanner had anything to read, as
        # on the fast path; the gate's "nothing assessed" is about a whole-tree scan
        code = EXIT_PASS
    if code == EXIT_GATE_FAILED:
        out += [compact(f) for f in blocking]
        if not blocking:  # a gate rule other than severity failed: say which
            out += [visible(f"shiftleft: gate rule {r.id}: {r.detail}") for r in report.gate.rules
                    if not r.passed and r.kind == "findings"]  # fmt: skip
    if code == EXIT_INCOMPLETE and not not_assessed:
        out += [visible(f"shiftleft: gate rule {r.id}: {r.detail}") for r in report.gate.rules if not r.passed]
    for s in not_assessed:
        out.append(visible(f"shiftleft: NOT ASSESSED: {s.name} ({s.stage}) {s.status.value}: "
                           f"{s.reason or 'no reason given'}"))  # fmt: skip
    older = f"; {ignored} older finding(s) in these files ignored (--all-findings to gate on them)" if ignored else ""
    where = f"; report: {report_file}" if report_file is not None and code != EXIT_PASS else ""
    files = len(result.target.files)
    if code == EXIT_GATE_FAILED:
        summary = f"shiftleft: commit blocked: {len(blocking) or 'gate'} finding(s) in {files} file(s){older}{where}"
    elif code == EXIT_INCOMPLETE:
        summary = (f"shiftleft: commit blocked: {len(not_assessed) or 'the gate says'} scanner(s) could not assess "
                   f"the staged files{older}{where}")  # fmt: skip
    elif nothing:
        summary = f"shiftleft: passed: nothing to scan ({len(result.target.skipped)} file(s) skipped)"
    else:
        summary = f"shiftleft: passed: {files} file(s), {', '.join(ran) or 'no scanner applied'}{older}"
    out.append(visible(summary))
    for notice in result.notices:
        if not notice.startswith("new-only gating"):
            err.append(visible(f"shiftleft: warning: {notice}"))
    return HookOutcome(code, tuple(out), tuple(err), report_file, ran, result.target.files, ignored,
                       tuple(blocking))  # fmt: skip


# --- git ---------------------------------------------------------------------------------


def _git_z(root: Path, *args: str) -> list[str] | None:
    """NUL-separated output of an isolated git command (``gitinfo.run_git``), None when
    ``root`` is not in a git repository; HookError when git fails otherwise."""
    from shiftleft.gitinfo import run_git
    from shiftleft.process import ToolError

    try:
        proc = run_git(root, *args, timeout=60.0, max_stdout=128 * 1024 * 1024)
    except ToolError as exc:
        text = str(exc)
        if exc.status == "missing" or "not a git repository" in text:
            return None
        raise HookError(f"git {args[0]} failed: {visible(text[:300])}") from None
    return [p for p in proc.stdout_bytes.decode("utf-8", "surrogateescape").split("\0") if p]


def tracked_files(root: Path) -> set[str] | None:
    """Paths (relative to ``root``) in git's index, None outside a repository. Reads only
    the index (``ls-files --cached``: never the working tree, so no filter runs)."""
    found = _git_z(root, "ls-files", "--cached", "-z")
    return None if found is None else set(found)


def staged_files(root: Path) -> list[str]:
    """The files the index adds, copies, modifies, renames or retypes relative to HEAD
    (everything staged, before the first commit): the hook's names when none are given."""
    found = _git_z(root, "diff", "--cached", "--name-only", "--no-renames", "--diff-filter=ACMRT", "-z",
                   "--relative")  # fmt: skip
    if found is None:
        raise HookError(f"{visible(str(root))}: not a git repository: name the files to scan")
    return found

