"""semgrep with shiftleft's bundled rule pack (plus any local rule files the config adds).

Always offline: ``--metrics=off``, no version check (without SEMGREP_ENABLE_VERSION_CHECK=0
each run stalls ~100 s on a closed network), local rule files only, never ``--config auto``.

Never configured by the repository (docs/tool-configs.md): semgrep is given the safe file
list explicitly (explicit targets bypass ``.semgrepignore`` and, with ``--no-git-ignore``,
``.gitignore``), less what the project's ``.semgrepignore`` or semgrep's default ignores
leave out, minified files and TypeScript declaration files (types only: no rule of the pack
matches in them; kept when the config adds rule files), which shiftleft applies itself and
lists as skipped (``scanners/semgrep_ignore.py``), ``--disable-nosem`` (``nosemgrep`` lines are reported and marked as
in-source suppressions by shiftleft), our own rule files only (the bundled ones of the
languages present written as one JSON file into the run's work directory,
``semgrep_pack.write_pack_json``, then any configured ones), and it runs in a private cwd
and HOME with none of the ``SEMGREP_*`` variables inherited (``SEMGREP_RULES`` would add
rules, ``SEMGREP_APP_TOKEN`` would log in). Files are passed in batches that fit the
argument-size limit; the batches' runs are concatenated.

A file semgrep could not parse (or timed out / ran out of memory on) is not assessed: each
error its JSON report ties to a path becomes a not-assessed item, not a warning.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import sarif_om
import yaml

from shiftleft import config
from shiftleft.model import ScanContext, ScanTarget, SkippedFile
from shiftleft.process import ToolError, ToolVars, find_executable, run_batched, run_tool, sandbox, tool_version
from shiftleft.sarif import build, om
from shiftleft.sarif.concat import concat_runs, relative_locations
from shiftleft.sarif.normalize import relative_uri
from shiftleft.scanners import semgrep_ignore
from shiftleft.scanners.base import NotApplicable, Scanner
from shiftleft.scanners.cache import files_identity
from shiftleft.scanners.semgrep_pack import bundled_rule_files, languages_for, pack_suffixes, write_pack_json

SEMGREP_LANG_SUFFIXES = (
    ".py", ".pyi", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".go", ".java", ".rb", ".php",
    ".c", ".cs", ".kt", ".scala", ".rs", ".swift", ".sh", ".yaml", ".yml", ".json", ".tf", ".html", ".dockerfile",
)  # fmt: skip
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)")
#: semgrep's configuration variables (SEMGREP_RULES adds a config, SEMGREP_APP_TOKEN logs in,
#: SEMGREP_SETTINGS_FILE points at settings): never inherited, ours are set per run
SEMGREP_VARS = ToolVars(prefixes=("SEMGREP_",))
#: error types of semgrep's JSON report and what they mean for the file they name
_ERROR_REASONS = {
    "PartialParsing": "semgrep could only partly parse it; the unparsed part is not assessed",
    "Syntax error": "semgrep could not parse it",
    "Other syntax error": "semgrep could not parse it",
    "Lexical error": "semgrep could not parse it",
    "Timeout": "semgrep timed out on it",
    "OutOfMemory": "semgrep ran out of memory on it",
    "Out of memory": "semgrep ran out of memory on it",
    "StackOverflow": "semgrep overflowed its stack on it",
    "Fatal error": "semgrep failed on it",
}


def not_assessed_files(errors: object, root: Path) -> list[dict[str, str]]:
    """The files semgrep's JSON ``errors`` name, each once per kind of failure, as
    not-assessed items. Repository text in the messages (a quoted token) is not copied."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for err in errors if isinstance(errors, list) else []:
        if not isinstance(err, dict):
            continue
        kind_raw = err.get("type")
        kind = str(kind_raw[0] if isinstance(kind_raw, list) and kind_raw else kind_raw or "error")
        path = err.get("path")
        if not isinstance(path, str) or not path:
            if err.get("level") == "error":
                seen.setdefault(("semgrep", kind), {"subject": "semgrep", "reason": f"semgrep error: {kind}"})
            continue
        rel = relative_uri(path, root)
        reason = _ERROR_REASONS.get(kind, f"semgrep reported {kind} for it")
        seen.setdefault((rel, kind), {"subject": rel, "reason": reason})
    return list(seen.values())


def rule_files(extra: list[str] | None = None, languages: list[str] | None = None) -> list[Path]:
    """The bundled rules of ``languages`` (all when None) and the configured extra rule files."""
    return bundled_rule_files(languages) + [Path(p) for p in (extra or [])]


def target_files(candidates: list[str], extra_rules: bool) -> tuple[list[str], list[str]]:
    """The files to give semgrep and the bundled languages to load for them: with configured
    rule files of its own every file semgrep analyses, else only those the bundled pack covers."""
    covered = set(pack_suffixes())
    files = candidates if extra_rules else [f for f in candidates if Path(f).suffix.lower() in covered]
    return files, languages_for(files)


def scan_executable(semgrep: str) -> str:
    """What runs ``semgrep scan``: the ``pysemgrep`` installed beside ``semgrep`` when there is
    one, else ``semgrep``. ``semgrep`` is a Python launcher that starts the OCaml CLI, which
    hands ``scan`` (without ``--experimental``) to the first ``pysemgrep`` on PATH: running
    the sibling directly skips two process starts (~0.4 s CPU, ~0.8 s wall of a one-file run,
    semgrep 1.182) and the PATH lookup. The environment the hand-over sets is set in ``run``."""
    sibling = Path(semgrep).with_name("pysemgrep")
    return str(sibling) if sibling.is_file() and os.access(sibling, os.X_OK) else semgrep


def rule_ids(files: list[Path]) -> set[str]:
    ids: set[str] = set()
    for path in files:
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ToolError(f"cannot read semgrep rule file {path}: {exc}") from exc
        for rule in data.get("rules") or []:
            if isinstance(rule, dict) and "id" in rule:
                ids.add(str(rule["id"]))
    return ids


def strip_prefix(rule_id: str, known: set[str]) -> str:
    """semgrep prefixes rule ids with the config file's dotted path
    (``work.main.shiftleft.rules.semgrep.<id>``); give back the id the rule declares."""
    if rule_id in known:
        return rule_id
    for ident in known:
        if rule_id.endswith("." + ident):
            return ident
    return rule_id


#: the descriptor of a notification that names a file a scanner was not given
SKIPPED = "shiftleft/file-skipped"


def _with_skipped(run: sarif_om.Run, skipped: list[SkippedFile], notes: list[sarif_om.Notification]) -> sarif_om.Run:
    """The files the ignores left out, in the run: one note each in its invocation (as the
    orchestrator lists the files no scanner saw) and ``properties.shiftleft.skipped``."""
    if not notes:
        return run
    if not run.invocations:
        run.invocations = [sarif_om.Invocation(execution_successful=True)]
    inv = run.invocations[0]
    inv.tool_execution_notifications = [*(inv.tool_execution_notifications or []), *notes]
    props = run.properties if isinstance(run.properties, dict) else {}
    props.setdefault("shiftleft", {})["skipped"] = [{"path": s.path, "reason": s.reason} for s in skipped]
    run.properties = props
    return run


class Semgrep(Scanner):
    name = "semgrep"
    category = "sast"
    stages = ("code",)
    description = "SAST with semgrep and the bundled shiftleft rule pack"
    severity_map = "semgrep"
    relative_cost = 5
    options = {
        "rules": config.list_of(config.text),
        "per_file_timeout": config.positive_int,
        "jobs": config.positive_int,
    }
    information_uri = "https://semgrep.dev/docs/"
    cacheable = True

    def health(self) -> str | None:
        return None if find_executable("semgrep") else "semgrep is not installed (pip install semgrep)"

    def version(self) -> str | None:
        return tool_version("semgrep", "semgrep")

    def applies(self, target: ScanTarget) -> str | None:
        return None if target.files_with_suffix(*SEMGREP_LANG_SUFFIXES) else "no source files semgrep analyses"

    def inputs(self, ctx: ScanContext) -> list[str]:
        """The files ``run`` gives semgrep (with extra rule files: every file of a language
        semgrep analyses; else those the bundled pack covers)."""
        extra = bool(ctx.options.get("rules"))
        return target_files(list(ctx.target.files_with_suffix(*SEMGREP_LANG_SUFFIXES)), extra)[0]

    def cache_identity(self, ctx: ScanContext) -> dict[str, object]:
        """The rule pack as loaded: each bundled rule file of the languages present and each
        configured rule file, by content."""
        extra = list(ctx.options.get("rules", []))
        _files, languages = target_files(list(ctx.target.files_with_suffix(*SEMGREP_LANG_SUFFIXES)), bool(extra))
        return {"rules": files_identity(rule_files(extra, languages))}

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = find_executable("semgrep")
        assert exe is not None
        extra = list(ctx.options.get("rules", []))
        root = ctx.target.root.resolve()
        rel_files, _ = target_files(list(ctx.target.files_with_suffix(*SEMGREP_LANG_SUFFIXES)), bool(extra))
        if not rel_files:
            raise NotApplicable("no source files the bundled semgrep rules analyse")
        rel_files, skipped, ignore_notes = semgrep_ignore.apply(ctx.target, rel_files, skip_declarations=not extra)
        notes = [build.notification(f"{s.path}: skipped ({s.reason})", "note", SKIPPED) for s in skipped]
        notes += [build.notification(text, "warning", SKIPPED) for text in ignore_notes]
        if not rel_files:  # nothing left to give semgrep: a run that says so, file by file
            notes.append(build.notification(
                f"every one of the {len(skipped)} file(s) semgrep would analyse is ignored "
                "(.semgrepignore, semgrep's default ignores, minified, declaration files): semgrep analysed nothing",
                "warning", SKIPPED,
            ))  # fmt: skip
            return _with_skipped(build.run("semgrep", version=self.version(), information_uri=self.information_uri),
                                 skipped, notes)  # fmt: skip
        languages = languages_for(rel_files)
        # the bundled rules as one JSON file (semgrep reads it much faster than our YAML
        # files: semgrep_pack.write_pack_json), the configured rule files as they are
        pack = ctx.workdir / "shiftleft-rules.json"
        known = write_pack_json(languages, pack) | rule_ids([Path(p) for p in extra])
        configs = [pack, *(Path(p) for p in extra)]
        files = [str(root / f) for f in rel_files]
        base = [scan_executable(exe), "scan", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore"]
        # report `nosemgrep` lines too; shiftleft.policy.suppressions marks them as in-source suppressions
        base += ["--disable-nosem"]
        base += ["--timeout", str(int(ctx.options.get("per_file_timeout", 30)))]
        base += ["--jobs", str(int(ctx.options.get("jobs", 1)))]
        for cfg in configs:
            base += ["--config", str(cfg.resolve())]
        env = {
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "SEMGREP_SEND_METRICS": "off",
            "SEMGREP_SETTINGS_FILE": str(ctx.workdir / "semgrep-settings.yml"),
            "SEMGREP_LOG_FILE": str(ctx.workdir / "semgrep.log"),
            "SEMGREP_VERSION_CACHE_PATH": str(ctx.workdir / "semgrep-version"),
            # what semgrep's launcher sets when it hands `scan` to pysemgrep
            "SEMGREP_NEW_CLI_UX": "0",
            "NO_COLOR": "1",
        }
        runs: list[sarif_om.Run] = []
        unparsed: list[dict[str, str]] = []

        def one_batch(index: int, batch: list[str], seconds: float) -> None:
            sarif_path = ctx.workdir / f"semgrep-{index}.sarif"
            json_path = ctx.workdir / f"semgrep-{index}.json"
            argv = [*base, f"--sarif-output={sarif_path}", f"--json-output={json_path}", "--", *batch]
            # private HOME and no inherited SEMGREP_* variables, but the scanned root as the
            # working directory: outside it, semgrep asks semgrep-core about each target's
            # project separately (one extra process per file: 6x slower on 300 files). With
            # explicit file targets and our rule files it reads no config from there
            # (.semgrepignore, .semgrep.yml: tests/hostile/tools)
            run_tool(argv, timeout=seconds, cwd=root, env={**sandbox(ctx.workdir).env(), **env},
                     ok_codes=(0, 1), drop_env=SEMGREP_VARS.inherited_is_dropped)  # fmt: skip
            try:
                data = json.loads(sarif_path.read_text("utf-8"))
                runs.append(om.run_from_dict(data["runs"][0]))
            except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
                raise ToolError(f"semgrep wrote no readable SARIF report: {exc}") from exc
            try:
                report = json.loads(json_path.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise ToolError(f"semgrep wrote no readable JSON report: {exc}") from exc
            unparsed.extend(not_assessed_files(report.get("errors") if isinstance(report, dict) else None, root))

        run_batched(files, one_batch, timeout=ctx.timeout, tool="semgrep")
        run = relative_locations(concat_runs(runs), root)
        self._tidy(run, known)
        build.record_not_assessed(run, unparsed)
        return _with_skipped(run, skipped, notes)

    @staticmethod
    def _tidy(run: sarif_om.Run, known: set[str]) -> None:
        """Give back declared rule ids, a readable short description, and drop the
        placeholder fingerprints semgrep writes without a login."""
        for rule in run.tool.driver.rules or []:
            rule.id = strip_prefix(rule.id, known)
            full = rule.full_description.text if rule.full_description else ""
            match = _FIRST_SENTENCE.match(full or "")
            if full:
                rule.short_description = sarif_om.MultiformatMessageString(text=match.group(1) if match else full)
        for result in run.results or []:
            result.rule_id = strip_prefix(result.rule_id or "", known)
            if result.fingerprints:
                result.fingerprints = {k: v for k, v in result.fingerprints.items() if v != "requires login"} or None

    def native_severity(
        self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None
    ) -> str | None:
        if rule is not None and rule.default_configuration is not None:
            level = rule.default_configuration.level
            if level:
                return str(level)
        return str(result.level) if result.level else None
