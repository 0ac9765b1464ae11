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
from shiftleft.sarif import build, limits, om
from shiftleft.scanners.base import Scanner

#: the key of the run's ``properties.shiftleft`` that holds an import's provenance
PROVENANCE_KEY = "import"
#: why an import the scanned repository's own config named assesses nothing
REPOSITORY_CLAIM = ("named by the scanned repository's own config: its findings count, but a report the repository "
                    "ships is no evidence that a scan ran (pass it with --import or --config)")


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
        source, problem, dropped = _capped(item.run, limits.MAX_RESULTS_PER_SCANNER)
        problem = item.problem or problem
        data, outside = prepare(source, ctx.target.root)
        try:
            run = om.run_from_dict(data)
        except (TypeError, ValueError) as exc:
            raise ToolError(f"{item.provenance.get('file')}: not a valid SARIF run ({str(exc)[:200]})") from None
        provenance = {**item.provenance, "outsideRoot": outside}
        health: dict[str, Any] = {PROVENANCE_KEY: provenance}
        if dropped:
            health["resultsDropped"] = dropped
        if problem:
            run.invocations = run.invocations or [sarif_om.Invocation(execution_successful=False)]
            run.invocations[0].execution_successful = False
            run.invocations[0].tool_execution_notifications = [
                *(run.invocations[0].tool_execution_notifications or []),
                build.notification(problem, "error", "shiftleft/import-failed"),
            ]
            health.update({"status": "failed", "reason": problem})
        props = run.properties if isinstance(run.properties, dict) else {}
        run.properties = {**props, "shiftleft": health}
        if item.from_repository:  # a report the repository ships could claim any scan: never a pass
            build.record_not_assessed(run, [{"subject": str(item.provenance.get("file")), "reason": REPOSITORY_CLAIM}])
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


_LEVEL_RANK = {"error": 0, "warning": 1, "note": 2, "none": 3}


def _capped(run: dict[str, Any], limit: int) -> tuple[dict[str, Any], str | None, int]:
    """At most ``limit`` results of an imported run, the most severe by SARIF level (a result
    without one counts as ``warning``), in their order, *before* anything else is done with
    them: (the run, why it is NOT ASSESSED or None, how many were left out). The same bound
    as ``normalize.cap_results`` applies to every scanner's run."""
    results = run.get("results") or []
    if len(results) <= limit:
        return run, None, 0

    def rank(i: int) -> int:
        level = results[i].get("level") if isinstance(results[i], dict) else None
        return _LEVEL_RANK.get(level, 1) if isinstance(level, str) else 1

    kept = sorted(sorted(range(len(results)), key=rank)[:limit])
    dropped = len(results) - limit
    why = (f"{len(results)} results, more than the {limit} one scanner run may have: the {limit} most severe (by "
           f"level) were kept, {dropped} left out; its checks are NOT ASSESSED")  # fmt: skip
    return {**run, "results": [results[i] for i in kept]}, why, dropped


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
