"""bandit, the Python AST security linter, through its native SARIF formatter.

Raw bandit SARIF lacks rule descriptions and help (18 errors in the SARIF Multitool's
GitHub rules); normalization fills them from the rule name and help URI.
"""

from __future__ import annotations

import json

import sarif_om

from shiftleft import config
from shiftleft.sarif import om
from shiftleft.scanners.base import ScanContext, Scanner, ScanTarget, ToolError, find_executable, run_tool, tool_version


class Bandit(Scanner):
    name = "bandit"
    category = "sast"
    stages = ("code",)
    description = "Python SAST with bandit"
    severity_map = "bandit"
    information_uri = "https://bandit.readthedocs.io/"
    options = {"min_severity": config.one_of(("low", "medium", "high"))}

    def health(self) -> str | None:
        if not find_executable("bandit"):
            return "bandit is not installed (pip install 'bandit[sarif]')"
        try:
            import bandit_sarif_formatter  # type: ignore[import-not-found]  # noqa: F401
        except ImportError:
            try:
                from bandit.formatters import sarif  # noqa: F401
            except ImportError:
                return "bandit's SARIF formatter is missing (pip install 'bandit[sarif]')"
        return None

    def version(self) -> str | None:
        return tool_version("bandit", "bandit")

    def applies(self, target: ScanTarget) -> str | None:
        return None if target.files_with_suffix(".py") else "no Python files"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        exe = find_executable("bandit")
        assert exe is not None
        files = ctx.target.files_with_suffix(".py")
        report = ctx.workdir / "bandit.sarif"
        # --ignore-nosec: report findings on `# nosec` lines too; shiftleft.policy.suppressions
        # marks them as in-source suppressions instead of letting them vanish
        argv = [exe, "-f", "sarif", "-o", str(report), "-q", "--ignore-nosec"]
        level = str(ctx.options.get("min_severity", "")).lower()
        if level in {"low", "medium", "high"}:
            argv += {"low": ["-l"], "medium": ["-ll"], "high": ["-lll"]}[level]
        argv += ["--", *files]
        # bandit exits 1 when it found issues; 2 is a usage or crash
        run_tool(argv, timeout=ctx.timeout, cwd=ctx.target.root, ok_codes=(0, 1))
        try:
            data = json.loads(report.read_text("utf-8"))
            run = om.run_from_dict(data["runs"][0])
        except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise ToolError(f"bandit wrote no readable SARIF report: {exc}") from exc
        return run

    def native_severity(
        self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None
    ) -> str | None:
        props = result.properties if isinstance(result.properties, dict) else {}
        value = props.get("issue_severity")
        return str(value) if value else None
