"""semgrep with shiftleft's bundled rule pack (plus any local rule files the config adds).

Always offline: ``--metrics=off``, no version check (without SEMGREP_ENABLE_VERSION_CHECK=0
each run stalls ~100 s on a closed network), local rule files only, never ``--config auto``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import sarif_om
import yaml

from shiftleft import config
from shiftleft.resources import semgrep_rules_dir
from shiftleft.sarif import om
from shiftleft.scanners.base import ScanContext, Scanner, ScanTarget, ToolError, find_executable, run_tool, tool_version

SEMGREP_LANG_SUFFIXES = (
    ".py", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".go", ".java", ".rb", ".php", ".c", ".cs", ".kt",
    ".scala", ".rs", ".swift", ".sh", ".yaml", ".yml", ".json", ".tf", ".html", ".dockerfile",
)  # fmt: skip
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)")


def rule_files(extra: list[str] | None = None) -> list[Path]:
    bundled = sorted(p for p in semgrep_rules_dir().glob("*.yaml"))
    return bundled + [Path(p) for p in (extra or [])]


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

    def health(self) -> str | None:
        return None if find_executable("semgrep") else "semgrep is not installed (pip install semgrep)"

    def version(self) -> str | None:
        return tool_version("semgrep", "semgrep")

    def applies(self, target: ScanTarget) -> str | None:
        return None if target.files_with_suffix(*SEMGREP_LANG_SUFFIXES) else "no source files semgrep analyses"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = find_executable("semgrep")
        assert exe is not None
        configs = rule_files(list(ctx.options.get("rules", [])))
        known = rule_ids(configs)
        files = ctx.target.files_with_suffix(*SEMGREP_LANG_SUFFIXES)
        argv = [exe, "scan", "--sarif", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore"]
        # report `nosemgrep` lines too; shiftleft.policy.suppressions marks them as in-source suppressions
        argv += ["--disable-nosem"]
        argv += ["--timeout", str(int(ctx.options.get("per_file_timeout", 30)))]
        argv += ["--jobs", str(int(ctx.options.get("jobs", 1)))]
        for cfg in configs:
            argv += ["--config", str(cfg.resolve())]
        argv += ["--", *files]
        env = {
            "SEMGREP_SETTINGS_FILE": str(ctx.workdir / "semgrep-settings.yml"),
            "SEMGREP_LOG_FILE": str(ctx.workdir / "semgrep.log"),
            "SEMGREP_VERSION_CACHE_PATH": str(ctx.workdir / "semgrep-version"),
        }
        out = run_tool(argv, timeout=ctx.timeout, cwd=ctx.target.root, env=env, ok_codes=(0, 1))
        try:
            data = json.loads(out.stdout)
            run = om.run_from_dict(data["runs"][0])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ToolError(f"semgrep printed output that is not SARIF: {out.stdout[:200]!r}") from exc
        self._tidy(run, known)
        return run

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
