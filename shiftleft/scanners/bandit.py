"""bandit, the Python AST security linter, through its native SARIF formatter.

Raw bandit SARIF lacks rule descriptions and help (18 errors in the SARIF Multitool's
GitHub rules); normalization fills them from the rule name and help URI.

Never configured by the repository (docs/tool-configs.md): bandit looks for a ``.bandit``
ini (``skips``, ``exclude``, ``tests``, ``baseline``, ``configfile``...) by walking every
directory target, and reads ``[tool.bandit]``/YAML config only via ``-c``. It is given
files, never directories, plus ``--ini`` naming an empty ini of ours (so no ``.bandit`` is
ever looked for), no ``-c``, and it runs in a private cwd and HOME without the Python
variables that would import code from elsewhere. Files go in batches that fit the
argument-size limit; the batches' runs are concatenated.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import sarif_om

from shiftleft import config
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, find_executable, read_tool_file, run_batched, run_isolated, tool_version
from shiftleft.sarif import om
from shiftleft.sarif.concat import concat_runs, relative_locations
from shiftleft.scanners.base import Scanner

#: our ini: an empty ``[bandit]`` section, so bandit takes no option from any ``.bandit``
EMPTY_INI = "[bandit]\n"
#: bandit plugins whose one name covers several checks (``blacklist``: B3xx/B4xx calls and
#: imports) or says only the module: their rules get the first sentence of their first
#: result's message (fixed text per check, no value of the code in it) as short description
GENERIC_NAMES = frozenset({"blacklist", "hashlib"})
_FIRST_SENTENCE = re.compile(r"^(.{8,200}?[.!?])(\s|$)")


def _spec_found(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def sarif_formatter_installed() -> bool:
    """Is bandit's SARIF formatter there (the ``bandit_sarif_formatter`` package, or bandit's
    own ``formatters/sarif.py`` with the ``bandit[sarif]`` extras it imports)? Found without
    importing bandit (that costs ~0.4 s of every scan, the pre-commit hook's cache hits too)."""
    if _spec_found("bandit_sarif_formatter"):
        return True
    spec = importlib.util.find_spec("bandit") if _spec_found("bandit") else None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not any((Path(d) / "formatters" / "sarif.py").is_file() for d in locations):
        return False
    return _spec_found("sarif_om") and _spec_found("jschema_to_python")


class Bandit(Scanner):
    name = "bandit"
    category = "sast"
    stages = ("code",)
    description = "Python SAST with bandit"
    severity_map = "bandit"
    information_uri = "https://bandit.readthedocs.io/"
    #: ~2 s per MiB of Python (scrapy: 4.5 s for 2.2 MiB alone, benchmarks/full_scan.py)
    startup_seconds = 0.2
    seconds_per_mib = 2.0
    options = {"min_severity": config.one_of(("low", "medium", "high"))}
    cacheable = True

    def inputs(self, ctx: ScanContext) -> list[str]:
        return ctx.target.files_with_suffix(".py")

    def health(self) -> str | None:
        if not find_executable("bandit"):
            return "bandit is not installed (pip install 'bandit[sarif]')"
        if not sarif_formatter_installed():
            return "bandit's SARIF formatter is missing (pip install 'bandit[sarif]')"
        return None

    def version(self) -> str | None:
        return tool_version("bandit", "bandit")

    def applies(self, target: ScanTarget) -> str | None:
        return None if target.files_with_suffix(".py") else "no Python files"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = find_executable("bandit")
        assert exe is not None
        root = ctx.target.root.resolve()
        files = [str(root / f) for f in ctx.target.files_with_suffix(".py")]
        ini = ctx.workdir / "bandit.ini"
        ini.write_text(EMPTY_INI, "utf-8")
        # --ignore-nosec: report findings on `# nosec` lines too; shiftleft.policy.suppressions
        # marks them as in-source suppressions instead of letting them vanish
        base = [exe, "-f", "sarif", "-q", "--ignore-nosec", "--ini", str(ini)]
        level = str(ctx.options.get("min_severity", "")).lower()
        if level in {"low", "medium", "high"}:
            base += {"low": ["-l"], "medium": ["-ll"], "high": ["-lll"]}[level]
        runs: list[sarif_om.Run] = []

        def one_batch(index: int, batch: list[str], seconds: float) -> None:
            report = ctx.workdir / f"bandit-{index}.sarif"
            # bandit exits 1 when it found issues; 2 is a usage or crash
            argv = [*base, "-o", str(report), "--", *batch]
            run_isolated(argv, workdir=ctx.workdir, timeout=seconds, ok_codes=(0, 1))
            try:
                data = json.loads(read_tool_file(report, "bandit"))
                runs.append(om.run_from_dict(data["runs"][0]))
            except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
                raise ToolError(f"bandit wrote no readable SARIF report: {exc}") from exc

        run_batched(files, one_batch, timeout=ctx.timeout, tool="bandit")
        return name_generic_rules(relative_locations(concat_runs(runs), root))

    def native_severity(
        self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None
    ) -> str | None:
        props = result.properties if isinstance(result.properties, dict) else {}
        value = props.get("issue_severity")
        return str(value) if value else None


def name_generic_rules(run: sarif_om.Run) -> sarif_om.Run:
    """A short description for each rule bandit names only by a plugin that covers several
    checks (``GENERIC_NAMES``): three "blacklist" groups (FTP, xmlrpc, telnet) read as one
    otherwise. From the first result of the rule whose message starts with a sentence; a
    rule with a description of its own keeps it."""
    first: dict[str, str] = {}
    for result in run.results or []:
        text = result.message.text if result.message is not None else None
        if result.rule_id and result.rule_id not in first and isinstance(text, str):
            match = _FIRST_SENTENCE.match(text)
            if match:
                first[result.rule_id] = match.group(1)
    for rule in run.tool.driver.rules or []:
        if rule.name in GENERIC_NAMES and rule.short_description is None and rule.id in first:
            rule.short_description = sarif_om.MultiformatMessageString(text=first[rule.id])
    return run
