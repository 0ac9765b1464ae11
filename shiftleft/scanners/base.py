"""The scanner adapter contract (the registry of adapters is ``scanners/registry.py``).

Like pre-commit's ``lang_base``: every tool is one small module implementing the same few
methods. What they all need lives below the scanners: running a subprocess with a timeout
in the offline environment is ``shiftleft.process``, the records an adapter is given are
``shiftleft.model``.

An adapter never decides pass/fail and never raises into the pipeline: ``Scanner.execute``
always returns one SARIF run, and a run whose ``executionSuccessful`` is false makes the
checks that depend on it *not assessed*, never clean.

**Plugin API.** A third-party scanner imports ``Scanner``, ``NotApplicable``,
``ScanContext``, ``ScanTarget``, ``ToolError``, ``run_tool`` and ``find_executable`` from
this module; they stay importable here (``__all__``) whatever module defines them.
shiftleft itself imports them from their homes.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import sarif_om

from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import ToolError, find_executable, run_tool
from shiftleft.sarif import build, normalize

__all__ = [
    "STAGES",
    "NotApplicable",
    "ScanContext",
    "ScanTarget",
    "Scanner",
    "ToolError",
    "find_executable",
    "run_tool",
]

STAGES = ("code", "build", "test", "deploy")


class NotApplicable(Exception):
    """Raised from ``run`` when the tool found nothing of its kind to judge (e.g. YAML files
    that hold no Kubernetes or CloudFormation resource): the scanner is then reported *not
    applicable*, like one whose ``applies`` said so, rather than "ran, no findings"."""


class Scanner(ABC):
    """One adapter. Subclasses set the class attributes and implement ``run``."""

    name: ClassVar[str]
    category: ClassVar[str]  # sast | secrets | sca | sbom | container | iac
    stages: ClassVar[tuple[str, ...]]
    description: ClassVar[str] = ""
    #: the ``tool`` key of a map in policies/severity/*.yaml
    severity_map: ClassVar[str | None] = None
    #: the ``scanners.<name>.options`` keys it accepts, each with its validator from
    #: shiftleft.config; a misspelt option is then a config error with its line. None: not
    #: declared (a plugin's options are passed through unchecked)
    options: ClassVar[Mapping[str, Any] | None] = None
    #: where a reader learns about the tool (SARIF tool.driver.informationUri)
    information_uri: ClassVar[str | None] = None
    #: the pool's estimate of a run's wall time, so that it starts the longest first and a
    #: long scanner does not wait for a free core behind short ones (longest-processing-time
    #: first): the tool's start-up, whatever it reads, plus seconds per MiB of its
    #: ``inputs``. Measured alone on 2 cores (benchmarks/full_scan.py, scrapy and typeorm):
    #: semgrep ~3 s/MiB, bandit ~2, Betterleaks ~0.3; checkov takes ~2 s to start
    startup_seconds: ClassVar[float] = 0.1
    seconds_per_mib: ClassVar[float] = 0.2
    #: True when a gate should require it whenever it applies
    required: ClassVar[bool] = True
    #: False for an engine that runs only when the user's config turns it on
    #: (``scanners.<name>.enabled: true``); repository config may turn it on, never off
    enabled_by_default: ClassVar[bool] = True
    #: True when the adapter does its work in Python rather than in a tool's process: the
    #: pipeline then runs it in a worker process killed at its timeout (a thread cannot
    #: be stopped). The scanner and its context must pickle (a module-level class).
    worker_process: ClassVar[bool] = False
    #: what the scan itself provides that this scanner needs (``scanners.needs.PROVIDED``):
    #: "advisory_db" (the advisory database), "output_dir" (where reports are written). The
    #: scan fills them into its options, so no caller names the scanners that want them
    needs: ClassVar[frozenset[str]] = frozenset()
    #: options this scanner takes when another scanner is disabled in config, by that
    #: scanner's name: a relation between two scanners declared by the one it changes
    options_when_disabled: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    #: True when the result cache (``scanners/cache.py``) may reuse a successful run: the
    #: run depends on nothing but the tool's version, the options, the content of the
    #: files ``inputs`` names and what ``cache_identity`` adds. False for a plugin unless it
    #: says so, and for a scanner with side effects (an SBOM written) or outside inputs (an
    #: image from a daemon)
    cacheable: ClassVar[bool] = False
    #: the run writes a file beside its findings (the SBOM) that a cache hit must write
    #: again: the cache keeps ``artifact_text(run)`` with the stored run and calls
    #: ``restore_artifact`` on a hit
    writes_artifact: ClassVar[bool] = False
    #: options that say where the run writes, not what it finds: left out of the cache key
    #: (the SBOM's output directory: a hit writes it into this scan's)
    options_outside_key: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def is_enabled(cls, configured: bool | None, required: bool | None = None) -> bool:
        """Whether it runs: what the config says (``scanners.<name>.enabled``); else on when the
        config marks it required (``{required: true}`` asks for it to run); else its default."""
        if configured is not None:
            return configured
        return True if required else cls.enabled_by_default

    #: scanners served by one run of their tool: every scanner of a scan that applies and
    #: names the same key (and the same ``execute_shared``) is executed by ONE
    #: ``execute_shared`` call, each still reported in its own stage (checkov starts once
    #: for its Dockerfile checks, build stage, and its IaC checks, deploy stage). None: alone.
    #: Not for ``worker_process`` scanners (each of those runs alone).
    shared_run: ClassVar[str | None] = None

    @abstractmethod
    def health(self) -> str | None:
        """None when the tool can run; otherwise a sentence saying what is missing."""

    @abstractmethod
    def version(self) -> str | None:
        """The tool's version, or None when it cannot be read."""

    def applies(self, target: ScanTarget) -> str | None:
        """None when there is something for this scanner in the target; otherwise why not
        (the scanner is then *not applicable*, which is different from not assessed)."""
        return None

    def inputs(self, ctx: ScanContext) -> Sequence[str]:
        """The files of ``ctx.target`` this scanner reads (relative paths of the safe list):
        the result cache hashes exactly these, so a change to any other file is still a
        hit. Default: every file."""
        return ctx.target.files

    def cache_identity(self, ctx: ScanContext) -> Mapping[str, Any] | None:
        """What else a run depends on, for the result cache's key (JSON-able): rule files'
        content, the advisory database's identity, helper binaries found. None: this run
        must not be cached (it asks an online service, say). Default: nothing else."""
        return {}

    def artifact_text(self, run: sarif_om.Run) -> str | None:
        """The text of the file ``run`` wrote (``writes_artifact``), kept with the stored
        run; None: the run is not stored."""
        return None

    def restore_artifact(self, run: sarif_om.Run, ctx: ScanContext, text: str) -> bool:
        """Write the file of a stored run again from ``text`` (what ``artifact_text`` gave,
        redacted as the run was), for this scan; False: the hit is a miss and the scanner runs."""
        return False

    @abstractmethod
    def run(self, ctx: ScanContext) -> sarif_om.Run:
        """Run the tool and return its SARIF run (native, or converted). May raise
        ToolError; any exception becomes a failed invocation in ``execute``."""

    def native_severity(self, result: sarif_om.Result, rule: sarif_om.ReportingDescriptor | None) -> str | None:
        """The tool's own severity word for a result, looked up in the severity map: its
        SARIF level, which when absent is the rule's default level, else "warning" (§3.27.10)."""
        if result.level:
            return str(result.level)
        if rule is not None and rule.default_configuration is not None and rule.default_configuration.level:
            return str(rule.default_configuration.level)
        return "warning"

    @classmethod
    def execute_shared(cls, members: Sequence[tuple[Scanner, ScanContext]]) -> list[sarif_om.Run]:
        """One run per member, in order, for scanners that share a ``shared_run`` key: the
        tool runs once for all of them and its results are split among them. Must never
        raise; a failure of the shared run is a failed run for every member (all NOT
        ASSESSED). The default runs each member alone."""
        return [scanner.execute(ctx) for scanner, ctx in members]

    def execute(self, ctx: ScanContext) -> sarif_om.Run:
        """Health check, run, and turn every failure into a failed invocation."""
        start = time.time()
        problem = self.health()
        if problem:
            return build.failed_run(self.name, problem, "missing", start=start)
        return self.guarded(lambda: self.run(ctx), start)

    def guarded(self, make: Callable[[], sarif_om.Run], start: float) -> sarif_om.Run:
        """The run ``make`` returns, stamped and capped, or the failed run its exception
        means (``NotApplicable``, ``ToolError``, any adapter bug): what ``execute`` does
        around ``run``, for ``execute_shared`` too."""
        try:
            run = make()
        except NotApplicable as exc:
            return build.failed_run(self.name, str(exc), "not-applicable", version=self.version(), start=start)
        except ToolError as exc:
            return build.failed_run(self.name, str(exc), exc.status, version=self.version(), start=start)
        except Exception as exc:  # noqa: BLE001 - an adapter bug must not stop the scan
            return build.failed_run(
                self.name, f"adapter error: {type(exc).__name__}: {exc}", "failed", version=self.version(), start=start
            )
        build.stamp_invocation(run, start=start)
        normalize.cap_results(run, self)  # a bounded number of results leaves the adapter
        return run
