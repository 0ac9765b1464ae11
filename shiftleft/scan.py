"""The library entry point: ``scan(path, request)`` does in-process what ``shiftleft scan``
does, short of printing.

The CLI parses its flags into a ``ScanRequest``, calls ``scan``, writes the formats asked
for (``report.write_reports``) and prints; a test or another program calls the same
function and gets the same ``Report``. Every error a user can fix is a ``ShiftleftError``
(config, target, policy, output path) raised before any scanner runs where it can be known
then; ``cli.main`` turns one into its one line and exit code.

Order of the work, each step once: config (a repository config may only tighten the gate:
``repo_config``), target (the safe file list), output directory check, baseline, scanners
(``pipeline.run_scan``), scan-time facts into the log (config origin, git state), the
report (``report.model.assemble_report``: policies, gate, scorecard, redaction), history.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from shiftleft import paths, repo_config
from shiftleft.config import REPOSITORY, Config, ImportConfig, load
from shiftleft.errors import ShiftleftError
from shiftleft.gitinfo import GitInfo, repo_state, repository_prefix, worktree_dirty
from shiftleft.model import Report, ScanProgress, ScanTarget, SkippedFile
from shiftleft.pipeline import run_scan
from shiftleft.policy.baseline import load_baseline
from shiftleft.policy.engine import PolicyOptions, load_inputs
from shiftleft.policy.inputs import policy_options, relative
from shiftleft.policy.waivers import find_file as find_waiver_file
from shiftleft.report.model import assemble_report
from shiftleft.sarif import om
from shiftleft.sarif.prefix import PREFIX_KEY, check_prefix
from shiftleft.scanners import cache as result_cache
from shiftleft.scanners import needs
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.registry import discover
from shiftleft.target import collect, collect_files

if TYPE_CHECKING:  # imported when a bundle is made: a scan (and the pre-commit hook) does without
    from shiftleft.audit import InputFile
    from shiftleft.imports.load import ImportedRun  # (and its readers): by a scan that imports reports

#: the default report directory, relative to the working directory
DEFAULT_OUTPUT = Path("shiftleft-report")

Progress = Callable[[ScanProgress], None]


class OutputError(ShiftleftError):
    """The report directory or audit bundle cannot be written as asked."""


@dataclass(frozen=True)
class ScanRequest:
    """What a scan was asked for: the ``shiftleft scan`` flags, resolved to values."""

    #: stages to run; empty: every stage
    stages: tuple[str, ...] = ()
    #: an explicit config file (``--config``): trusted, may relax the gate; None looks in PATH
    config_file: Path | None = None
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    image: str | None = None
    image_archive: Path | None = None
    online: bool = False
    #: the advisory database (``--db``); None: config, then $SHIFTLEFT_DB, then the user cache
    db: Path | None = None
    #: gate preset name or file given on the command line (overrides the config's)
    preset: str | None = None
    policy_files: tuple[Path, ...] = ()
    frameworks: tuple[str, ...] = ()
    waivers: Path | None = None
    baseline: Path | None = None
    diff_base: str | None = None
    #: history database; None: config, then one per scanned directory in the user state dir
    history: Path | None = None
    record_history: bool = True
    #: use the result cache (``--no-cache``: False); config ``cache.enabled`` can turn it off too
    use_cache: bool = True
    #: where reports and scanner artifacts (the SBOM) go
    output: Path = DEFAULT_OUTPUT
    #: file names the caller will write into ``output``: checked before the scan runs
    output_names: tuple[str, ...] = ()
    #: scan exactly these files (relative to PATH, the pre-commit hook's staged files)
    #: instead of walking PATH: ``target.collect_files``, the same hostile-repository rules
    files: tuple[str, ...] | None = None
    #: files the caller left out of ``files`` and why (untracked, git-ignored): listed as skipped
    files_skipped: tuple[tuple[str, str], ...] = ()
    #: run only the scanners of these categories (sast, secrets, sca...); empty: every one
    categories: tuple[str, ...] = ()
    #: prefix of every URI in the SARIF written (``--path-prefix``, checked by
    #: ``sarif.prefix.check_prefix``); None: where PATH lies in its git repository, if it does
    path_prefix: str | None = None
    #: run only these scanners (``--scanner``, names as ``shiftleft scanners`` lists them, any
    #: case); one off by default runs when named, one the config disabled does not; empty: every one
    scanners: tuple[str, ...] = ()
    #: report files to import (``--import FILE[:STAGE]``), after the config's ``imports:``;
    #: named by the user, so read as named (docs/imports.md)
    imports: tuple[ImportConfig, ...] = ()
    #: also import the config's ``imports:`` (False for the pre-commit hook: a report of
    #: another job says nothing about the staged change, and a stale one must not block a commit)
    config_imports: bool = True
    #: called as each scanner starts and finishes (a ``ScanProgress``), from the scan's thread
    progress: Progress | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ScanResult:
    report: Report
    target: ScanTarget
    config: Config
    #: the policy inputs the verdict was decided with (the audit bundle records them)
    policy: PolicyOptions
    git: GitInfo
    #: sentences for the user (config, policy and history warnings), redacted by the reporter
    notices: tuple[str, ...] = ()
    #: whether ``preset`` / ``waivers`` came from the request rather than a config
    preset_from_request: bool = False
    waivers_from_request: bool = False
    #: the imports this scan read (config's, then the request's), paths as read
    imports: tuple[ImportConfig, ...] = ()


def scan(path: Path, request: ScanRequest | None = None) -> ScanResult:
    """Scan ``path`` as asked; raises ShiftleftError for input the user can fix."""
    request = request or ScanRequest()
    if request.image_archive is not None:
        from shiftleft.image.safety import archive_problem  # (and the image readers): for an image scan

        if problem := archive_problem(request.image_archive):
            raise ShiftleftError(problem)  # /dev/zero, a FIFO: refused before anything runs
    forced_prefix = check_prefix(request.path_prefix) if request.path_prefix is not None else None  # exit 2 now
    output = request.output
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output}: exists and is not a directory")
    scanners = discover()
    known_names = set(scanners)
    config, config_notices = _config(path, request, scanners)
    if request.categories:  # after the config: its scanner options are checked against every scanner
        scanners = {name: cls for name, cls in scanners.items() if cls.category in request.categories}
    if request.scanners:
        scanners, config = _selected(scanners, config, request.scanners)
    if request.files is not None:
        target = collect_files(
            path, request.files, exclude=[*config.exclude, *request.exclude],
            use_default_excludes=config.default_excludes,
            skipped=[SkippedFile(rel, why) for rel, why in request.files_skipped],
        )  # fmt: skip
    else:
        target = collect(
            path, exclude=[*config.exclude, *request.exclude], use_default_excludes=config.default_excludes,
            image=request.image, image_archive=request.image_archive.resolve() if request.image_archive else None,
        )  # fmt: skip
    try:  # nothing this scan writes may go through a link the repository controls
        paths.check_output_dir(output, target.root, request.output_names)
    except paths.PathRefused as exc:
        raise OutputError(f"{output}: {exc}") from None
    baseline_log = load_baseline(request.baseline) if request.baseline is not None else None  # exit 2 now
    import_specs = _import_specs(config, request)
    imported: list[ImportedRun] = []
    if import_specs:
        from shiftleft.imports.load import load_all
        from shiftleft.scanners.imported import scanners_for

        imported = load_all(import_specs, taken=known_names)
        scanners = {**scanners, **scanners_for(imported)}  # whatever --scanner/--category chose: asked for by name
    config_notices += _unselected_imports(imported, request.stages or config.stages)
    options = _policy_options(config, request, baseline_log)
    load_inputs(target.root, options)  # every gate, framework and waiver file: a typo is exit 2 before the scan

    cache = result_cache.session(request.use_cache and bool(config.cache.get("enabled", True)),
                                 config.cache.get("max_mb"))  # fmt: skip
    outcome = run_scan(
        target, config, scanners, stages=request.stages or None, offline=not (request.online or _online(config)),
        progress=request.progress or _quiet, extra_options=_scanner_options(config, scanners, request.db, output),
        cache=cache,
    )  # fmt: skip
    sarif = om.log_to_dict(outcome.log)
    meta = sarif.setdefault("properties", {}).setdefault("shiftleft", {})
    meta["configOrigin"] = config.origin  # explicit (--config) | repository (found in PATH) | None
    meta["configNotices"] = config_notices
    state = repo_state(target.root)  # one git process for the commit, the branch and the prefix
    git = state.info  # at scan time, of the directory scanned: a log's readers never run git
    if git.commit is not None and not target.subset:  # a named file list (the hook) is a part, not the tree
        git = replace(git, dirty=worktree_dirty(target.root))
    meta["git"] = git.as_meta()
    ran_imports = [item for item in imported if item.stage in outcome.stages]
    if ran_imports:
        meta["imports"] = _import_meta(ran_imports)
    uri_prefix = forced_prefix if forced_prefix is not None else _checked_prefix(state.prefix)
    if uri_prefix:
        meta[PREFIX_KEY] = uri_prefix  # applied by the SARIF writer (``sarif.prefix``)
    assembled = assemble_report(sarif, options, target=outcome.target, statuses=outcome.statuses)
    notices = [*config_notices, *assembled.notices]
    cache.finish()  # every output of the scan is redacted now: the clean lines are final
    report = assembled.report
    if request.record_history and config.history.get("enabled", True):
        report = _record_history(report, request.history or _config_path(config, "history"), target.root,
                                 notices, git)  # fmt: skip
    return ScanResult(report, outcome.target, config, options, git, tuple(notices),
                      preset_from_request=request.preset is not None,
                      waivers_from_request=request.waivers is not None, imports=tuple(import_specs))  # fmt: skip


def export_audit(result: ScanResult, out: Path, artifact_dir: Path) -> tuple[Path, str, tuple[str, ...]]:
    """Write the audit bundle of a scan just run: (path, sha256, what it lacks and why).
    Artifacts (the SBOM) are bundled only from the directory this scan wrote."""
    from shiftleft.audit import export_bundle

    inputs = audit_inputs(result)
    try:
        bundle = export_bundle(result.report, out, inputs=inputs, artifact_dirs=(artifact_dir,), git=result.git)
    except OSError as exc:
        raise OutputError(f"cannot write the audit bundle {out}: {exc.strerror or exc}") from None
    lacks = tuple(f"audit bundle lacks {item}: {why}" for item, why in bundle.unavailable.items())
    return bundle.path, bundle.sha256, lacks


def audit_inputs(result: ScanResult) -> list[InputFile]:
    """The files that decided this scan's verdict, for the audit bundle: config, gate file,
    extra policies, waivers (given or found in the target), baseline. A file the repository
    named (its config, the files that config names, its waiver file) carries the scan root,
    so the bundle re-checks it against the path rule when it reads it; a file the user named
    on the command line or in an explicit config is read as named."""
    from shiftleft.audit import InputFile

    config, options, root = result.config, result.policy, result.target.root
    repository = root if config.origin == REPOSITORY else None
    from_request = set(options.policies[len(config.policies):])
    preset_file = Path(options.preset) if options.preset.endswith((".yaml", ".yml")) else None
    if result.waivers_from_request:
        waiver_file, waiver_root = options.waivers, None
    elif options.waivers is not None:  # named by the config
        waiver_file, waiver_root = options.waivers, repository
    else:  # found in the scanned directory, if there is one
        waiver_file, waiver_root = find_waiver_file(root), root
    candidates: list[tuple[str, Path | None, Path | None]] = [
        ("config", config.source, repository),
        ("policy", preset_file, None if result.preset_from_request else repository),
        *(("policy", p, None if p in from_request else repository) for p in options.policies),
        ("waivers", waiver_file, waiver_root),
        ("baseline", options.baseline, None),
        *(("import", Path(spec.path), spec.repository_root) for spec in result.imports),
    ]
    return [InputFile(kind, path, inside) for kind, path, inside in candidates if path is not None]


def _import_specs(config: Config, request: ScanRequest) -> list[ImportConfig]:
    """The config's imports (an explicit config's paths relative to it; a repository's stay
    relative to the root, read through the path rule), then the command line's."""
    specs = [spec if spec.repository_root is not None else replace(spec, path=str(relative(config, spec.path)))
             for spec in (config.imports if request.config_imports else ())]  # fmt: skip
    return [*specs, *request.imports]


def _unselected_imports(imported: list[ImportedRun], stages: tuple[str, ...] | None) -> list[str]:
    """A notice for each import whose stage this scan does not run (it is left out)."""
    if not stages:
        return []
    return [f"{item.name} not imported: its stage {item.stage} is not among the stages scanned "
            f"({', '.join(stages)})" for item in imported if item.stage not in stages]  # fmt: skip


def _import_meta(imported: list[ImportedRun]) -> list[dict[str, object]]:
    """Provenance of every imported run for the log, scorecard.json and the audit bundle."""
    return [{**item.provenance, "stage": item.stage, "category": item.category, "status": item.status,
             "reason": item.problem} for item in imported]  # fmt: skip


def _repository_prefix(root: Path) -> str:
    """Where the scanned directory lies in its git repository (``""``: at its root, outside
    one, or a location that is not a plain relative path)."""
    return _checked_prefix(repository_prefix(root))


def _checked_prefix(found: str | None) -> str:
    """``found`` (``repository_prefix``'s answer) if it is a plain relative path, else ``""``."""
    if not found:
        return ""
    try:
        return check_prefix(found)
    except ShiftleftError:
        return ""


def _selected(
    scanners: Mapping[str, type[Scanner]], config: Config, names: tuple[str, ...]
) -> tuple[dict[str, type[Scanner]], Config]:
    """The scanners named (``--scanner``), and the config with those that are off by default
    turned on; an unknown name is exit 2 with the closest known one."""
    by_key = {name.lower(): name for name in scanners}
    chosen: list[str] = []
    for value in names:
        name = by_key.get(value.lower())
        if name is None:
            close = difflib.get_close_matches(value.lower(), list(by_key), n=1)
            hint = f" (did you mean {by_key[close[0]]!r}?)" if close else ""
            raise ShiftleftError(f"--scanner: unknown scanner {value[:80]!r}{hint}; choose from: "
                                 f"{', '.join(sorted(scanners))}")  # fmt: skip
        chosen.append(name)
    turned_on = {name: replace(config.scanner(name), enabled=True) for name in chosen
                 if config.scanner(name).enabled is None}  # fmt: skip
    return {name: scanners[name] for name in chosen}, replace(config, scanners={**config.scanners, **turned_on})


def _quiet(step: ScanProgress) -> None:
    """No progress wanted."""


def _config(path: Path, request: ScanRequest, scanners: Mapping[str, type[Scanner]]) -> tuple[Config, list[str]]:
    """The config to scan with and its notices; a config found in the scanned directory may
    tighten the gate, never relax it (``repo_config``)."""
    known = {name: scanners[name].options for name in sorted(scanners)}
    config = load(request.config_file, path if path.is_dir() else Path.cwd(), known)
    limited = repo_config.limit(config, {name: cls.required for name, cls in scanners.items()}, request.preset)
    config = limited.config
    if request.fail_on:
        config = replace(config, gate=replace(config.gate, fail_on=request.fail_on))
    return config, [*config.warnings, *limited.ignored]


def _policy_options(config: Config, request: ScanRequest, baseline_log: dict[str, object] | None) -> PolicyOptions:
    return policy_options(
        config, preset=request.preset, policy_files=request.policy_files, frameworks=request.frameworks,
        waivers=request.waivers, fail_on=request.fail_on, baseline=request.baseline, baseline_log=baseline_log,
        diff_base=request.diff_base,
    )  # fmt: skip


def _config_path(config: Config, section: str) -> Path | None:
    """A path from a config section, relative to the config file that named it. Only an
    explicit config has one: ``config.load`` drops a repository config's host paths."""
    key = "db" if section == "advisories" else "path"
    value = getattr(config, section).get(key)
    return relative(config, str(value)) if value else None


def _record_history(report: Report, path: Path | None, root: Path, notices: list[str], git: GitInfo) -> Report:
    """Record the scan and attach what changed; a broken history store warns but never
    blocks the gate. ``path``: the operator's (--history, an explicit config); else the
    user's state directory, keyed by the resolved root, never inside the scanned tree."""
    from shiftleft.history import HistoryError, HistoryStore, default_history_path

    try:
        summary = HistoryStore(path or default_history_path(root)).record(report, git=git)
    except (HistoryError, OSError) as exc:
        notices.append(f"history not recorded: {exc}")
        return report
    return replace(report, history=summary)


def _scanner_options(
    config: Config, scanners: Mapping[str, type[Scanner]], db: Path | None, output: Path
) -> dict[str, dict[str, object]]:
    """What this scan provides (from the request or shared config sections) to the scanners
    that declared a need for it."""
    provided = {"advisory_db": db or _config_path(config, "advisories"), "output_dir": output.resolve()}
    disabled = {name for name, cls in scanners.items()
                if not cls.is_enabled(config.scanner(name).enabled, config.scanner(name).required)}  # fmt: skip
    return needs.scan_options(scanners, provided, disabled)


def _online(config: Config) -> bool:
    return bool(config.advisories.get("online", False))
