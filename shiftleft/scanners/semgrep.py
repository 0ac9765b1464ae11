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
languages present written as JSON into the run's work directory, then any configured ones),
and it runs in a private cwd and HOME with none of the ``SEMGREP_*`` variables inherited
(``SEMGREP_RULES`` would add rules, ``SEMGREP_APP_TOKEN`` would log in).

The files are given in groups that the same bundled rules can match, decided from the
rules' text gates before semgrep runs (``semgrep_gates``: on typeorm's 1,000 compiled
modules, semgrep 25 s -> 18 s with the same findings); each group's bundled rules are one
JSON file (usually one group: all of them). Within a group, files are passed in batches that
fit the argument-size limit; every run is concatenated into one.

semgrep runs as its OCaml command line (``osemgrep_command``: a tenth of the Python one's
start-up, the same results), which writes one report format, on stdout: JSON, from which
``semgrep_sarif`` builds the SARIF run semgrep would have written.

A file semgrep could not parse (or timed out / ran out of memory on) is not assessed: each
error its JSON report ties to a path becomes a not-assessed item, not a warning; so is each
file given that the report does not list as scanned.
"""

from __future__ import annotations

import functools
import json
import os
import re
import time
from pathlib import Path

import sarif_om
import yaml

from shiftleft import config
from shiftleft.model import ScanContext, ScanTarget, SkippedFile
from shiftleft.process import ToolError, ToolVars, find_executable, run_batched, run_tool, sandbox, tool_version
from shiftleft.sarif import build, om
from shiftleft.sarif.concat import concat_runs, relative_locations
from shiftleft.sarif.normalize import relative_uri
from shiftleft.scanners import semgrep_gates, semgrep_ignore, semgrep_sarif
from shiftleft.scanners.base import NotApplicable, Scanner
from shiftleft.scanners.cache import files_identity
from shiftleft.scanners.semgrep_pack import (
    bundled_rule_files,
    bundled_rules,
    languages_for,
    pack_suffixes,
    write_rules_json,
)
from shiftleft.slots import run_spread

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


def osemgrep_command(semgrep: str) -> tuple[list[str], str | None]:
    """How to start semgrep's OCaml command line for ``scan``, and the program to execute for
    it (None: ``argv[0]``). ``semgrep`` is a Python launcher that execs the ``semgrep-core``
    of its package under the name ``osemgrep``, which with ``--experimental`` scans itself
    (without, it hands the scan to the Python ``pysemgrep``: ~2.5 s more CPU on one file,
    semgrep 1.182). Starting that ``semgrep-core`` directly, as the launcher does, skips a
    Python start; where it is not found beside the launcher (not a virtualenv's layout), the
    launcher is used."""
    launcher = Path(semgrep)
    cores = sorted(launcher.parent.parent.glob("lib/python3*/site-packages/semgrep/bin/semgrep-core"))
    if len(cores) == 1 and os.access(cores[0], os.X_OK):
        return ["osemgrep", "scan", "--experimental"], str(cores[0])
    return [semgrep, "scan", "--experimental"], None


def load_rules(files: list[Path]) -> list[dict[str, object]]:
    """The rules of configured rule files (YAML or JSON), as semgrep loads them."""
    rules: list[dict[str, object]] = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ToolError(f"cannot read semgrep rule file {path}: {exc}") from exc
        found = data.get("rules") if isinstance(data, dict) else None
        rules.extend(rule for rule in found or [] if isinstance(rule, dict) and "id" in rule)
    return rules


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
    startup_seconds = 0.15
    seconds_per_mib = 3.0
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
        # the bundled rules as JSON (semgrep reads it much faster than our YAML files:
        # semgrep_pack.write_pack_json), one file per group of files that the same bundled
        # rules can match (semgrep_gates); the configured rule files as they are, in every run
        bundled = [rule for rule in bundled_rules(languages) if "id" in rule]
        rules = bundled + load_rules([Path(p) for p in extra])
        groups = semgrep_gates.plan(root, rel_files, bundled)
        command, executable = osemgrep_command(exe)
        base = [*command, "--json", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore"]
        # report `nosemgrep` lines too; shiftleft.policy.suppressions marks them as in-source suppressions
        base += ["--disable-nosem"]
        # every file given is analysed, whatever its size (as semgrep's Python command line
        # did with explicit targets; the OCaml one leaves out files over 1,000,000 bytes):
        # the per-file timeout bounds the time, minified files are not given (semgrep_ignore)
        base += ["--max-target-bytes", "0"]
        base += ["--timeout", str(int(ctx.options.get("per_file_timeout", 30)))]
        base += ["--jobs", str(int(ctx.options.get("jobs", 1)))]
        env = {
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "SEMGREP_SEND_METRICS": "off",
            "SEMGREP_SETTINGS_FILE": str(ctx.workdir / "semgrep-settings.yml"),
            "SEMGREP_LOG_FILE": str(ctx.workdir / "semgrep.log"),
            "SEMGREP_VERSION_CACHE_PATH": str(ctx.workdir / "semgrep-version"),
            "NO_COLOR": "1",
        }
        Outcome = tuple[list[sarif_om.Run], list[dict[str, str]]]

        def one_batch(configs: list[Path], out: Outcome, batch: list[str], seconds: float) -> None:
            # private HOME and no inherited SEMGREP_* variables, the scanned root as the
            # working directory (where semgrep looks for the project its explicit targets
            # belong to). With explicit file targets and our rule files it takes nothing from
            # there (.semgrepignore, .gitignore, .semgrep.yml: tests/hostile/tools), and any
            # file it leaves out all the same is not assessed (semgrep_sarif.unscanned)
            argv = [*base]
            for cfg in configs:
                argv += ["--config", str(cfg.resolve())]
            done = run_tool([*argv, "--", *batch], timeout=seconds, cwd=root, executable=executable,
                            env={**sandbox(ctx.workdir).env(), **env}, ok_codes=(0, 1),
                            drop_env=SEMGREP_VARS.inherited_is_dropped)  # fmt: skip
            try:
                report = json.loads(done.stdout)
                if not isinstance(report, dict):
                    raise ValueError("not a JSON object")
                out[0].append(om.run_from_dict(semgrep_sarif.sarif_run(report, rules, root)))
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise ToolError(f"semgrep wrote no readable JSON report: {exc}") from exc
            out[1].extend(not_assessed_files(report.get("errors"), root))
            out[1].extend(
                {"subject": relative_uri(path, root), "reason": "semgrep left it out of its scan"}
                for path in semgrep_sarif.unscanned(report, batch)
            )

        deadline = time.monotonic() + ctx.timeout

        def run_group(index: int) -> Outcome:
            group = groups[index]
            pack = ctx.workdir / ("shiftleft-rules.json" if len(groups) == 1 else f"shiftleft-rules-{index}.json")
            write_rules_json([rule for rule in bundled if rule["id"] in group.rule_ids], pack)
            configs = [pack, *(Path(p) for p in extra)]
            left = deadline - time.monotonic()
            if left <= 0:
                raise ToolError(f"semgrep timed out after {ctx.timeout:g} s", "timeout")
            out: Outcome = ([], [])

            def batch_run(_index: int, batch: list[str], seconds: float) -> None:
                one_batch(configs, out, batch, seconds)

            run_batched([str(root / f) for f in group.files], batch_run, timeout=left, tool="semgrep")
            return out

        # the costliest group first; groups run in this slot and in any the pool can lend
        # (shiftleft.slots), their runs concatenated in the plan's order whatever ran when
        order = sorted(range(len(groups)), key=lambda i: (-groups[i].cost, i))
        outcomes = dict(zip(order, run_spread([functools.partial(run_group, i) for i in order], ctx.spare),
                            strict=True))  # fmt: skip
        runs = [r for i in range(len(groups)) for r in outcomes[i][0]]
        unparsed = [u for i in range(len(groups)) for u in outcomes[i][1]]
        run = relative_locations(concat_runs(runs), root)
        self._tidy(run)
        build.record_not_assessed(run, unparsed)
        return _with_skipped(run, skipped, notes)

    @staticmethod
    def _tidy(run: sarif_om.Run) -> None:
        """A readable short description, and no placeholder fingerprints (what semgrep
        writes without a login)."""
        for rule in run.tool.driver.rules or []:
            full = rule.full_description.text if rule.full_description else ""
            match = _FIRST_SENTENCE.match(full or "")
            if full:
                rule.short_description = sarif_om.MultiformatMessageString(text=match.group(1) if match else full)
        for result in run.results or []:
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
