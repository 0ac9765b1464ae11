"""The ``Import`` scanner kind: one run of an imported report file, as a scanner of the scan.

Nothing is executed: the file was read and judged by ``shiftleft.imports.load`` before the
pipeline started, and each of its runs is one ``ImportedScanner`` subclass (``scanners_for``)
that the pipeline runs like any other. So health (a failed, stale or unreadable import is a
failed scanner: NOT ASSESSED), normalization, dedup, waivers, inline policy, the baseline,
the gate, frameworks, history, every report and the audit bundle treat imported results as
they treat ours. Its scanner name is ``import:<tool>`` (``imports.load``): a waiver names it
with ``tool: "import:<tool>"``; a built-in's waivers and baseline never apply to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import sarif_om

from shiftleft import severity as sev
from shiftleft.imports.load import ImportedRun
from shiftleft.imports.locations import prepare
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError
from shiftleft.sarif import build, om
from shiftleft.scanners.base import Scanner

#: the key of the run's ``properties.shiftleft`` that holds an import's provenance
PROVENANCE_KEY = "import"


class ImportedScanner(Scanner):
    """One imported run; subclasses are made per run by ``scanners_for``."""

    name: ClassVar[str] = "import"
    category: ClassVar[str] = "sast"
    stages: ClassVar[tuple[str, ...]] = ("code",)
    description: ClassVar[str] = "results imported from a report file (--import, imports: in the config)"
    severity_map: ClassVar[str | None] = "sarif"
    required: ClassVar[bool] = True
    imported: ClassVar[ImportedRun]

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        version = self.imported.provenance.get("version")
        return version if isinstance(version, str) else None

    def applies(self, target: ScanTarget) -> str | None:
        return None

    def inputs(self, ctx: ScanContext) -> Sequence[str]:
        return ()

    def cache_identity(self, ctx: ScanContext) -> Mapping[str, Any] | None:
        return None

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        item = self.imported
        if item.run is None:
            raise ToolError(item.problem or "the import could not be used", item.status)
        data, outside = prepare(item.run, ctx.target.root)
        try:
            run = om.run_from_dict(data)
        except (TypeError, ValueError) as exc:
            raise ToolError(f"{item.provenance.get('file')}: not a valid SARIF run ({str(exc)[:200]})") from None
        provenance = {**item.provenance, "outsideRoot": outside}
        health: dict[str, Any] = {PROVENANCE_KEY: provenance}
        if item.problem:
            run.invocations = run.invocations or [sarif_om.Invocation(execution_successful=False)]
            run.invocations[0].execution_successful = False
            run.invocations[0].tool_execution_notifications = [
                *(run.invocations[0].tool_execution_notifications or []),
                build.notification(item.problem, "error", "shiftleft/import-failed"),
            ]
            health.update({"status": "failed", "reason": item.problem})
        props = run.properties if isinstance(run.properties, dict) else {}
        run.properties = {**props, "shiftleft": health}
        return run

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        """The result's level, else its rule's default level, else its ``rank`` (0-100, as a
        score out of 10), else SARIF's default level, "warning"."""
        if result.level:
            return str(result.level)
        if rule is not None and rule.default_configuration is not None and rule.default_configuration.level:
            return str(rule.default_configuration.level)
        rank = result.rank
        if isinstance(rank, (int, float)) and not isinstance(rank, bool) and 0 <= rank <= 100:
            return sev.from_score(float(rank) / 10.0)
        return "warning"


def scanners_for(items: Sequence[ImportedRun]) -> dict[str, type[Scanner]]:
    """One scanner class per imported run, by its (unique) name."""
    out: dict[str, type[Scanner]] = {}
    for index, item in enumerate(items):
        cls = type(f"Imported{index}", (ImportedScanner,), {
            "name": item.name, "category": item.category, "stages": (item.stage,), "imported": item,
            "required": item.required,
            "__module__": __name__,
        })  # fmt: skip
        out[item.name] = cls
    return out
