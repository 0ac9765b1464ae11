"""Run the stages in order and the scanners of a stage in parallel, each isolated: one
that is missing, crashes, hangs or prints garbage becomes a failed run, the others'
results are kept, and the outcome is one SARIF log that everything downstream reads.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sarif_om

from shiftleft import __version__, jsoncase
from shiftleft.config import Config
from shiftleft.model import FAILURE_STATUSES, ScanContext, ScannerStatus, ScanStatus, ScanTarget
from shiftleft.sarif import build, dedup, orchestrator
from shiftleft.sarif.normalize import RunInfo, normalize_run, relative_uri
from shiftleft.sarif.redact import redact_log
from shiftleft.scanners import cache as result_cache
from shiftleft.scanners import worker
from shiftleft.scanners.base import STAGES, Scanner
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY

#: extra time past a scanner's own timeout before the pipeline stops waiting for it
GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class ScanOutcome:
    log: sarif_om.SarifLog
    statuses: tuple[ScannerStatus, ...]
    target: ScanTarget
    stages: tuple[str, ...]
    started: float
    finished: float


Progress = Callable[[str, ScannerStatus | None], None]


def _status_of(run: sarif_om.Run) -> tuple[ScanStatus, str | None]:
    """The health of a run as its adapter decided it, never as the tool's output says.

    The tool's own ``properties.shiftleft`` and ``executionSuccessful`` were discarded when
    its SARIF was ingested (``shiftleft.sarif.ingest``); what is left is the adapter's: a
    successful invocation is "ok" whatever any property claims, and only a run whose
    invocation failed (``build.failed_run``, an adapter that marked it failed) carries a
    failure status. Anything else is "failed", never a status that drops results."""
    props = run.properties if isinstance(run.properties, dict) else {}
    found = props.get("shiftleft")
    health: dict[str, Any] = found if isinstance(found, dict) else {}
    ok = bool(run.invocations and run.invocations[0].execution_successful is True)
    if ok:
        return ScanStatus.OK, None
    claimed = ScanStatus.parse(health.get("status") or "failed")
    status = claimed if claimed in FAILURE_STATUSES else ScanStatus.FAILED
    reason = health.get("reason")
    if not isinstance(reason, str):
        reason = None
    if reason is None and run.invocations and run.invocations[0].tool_execution_notifications:
        reason = run.invocations[0].tool_execution_notifications[0].message.text
    return status, reason


def _tool_errors(run: sarif_om.Run, target: ScanTarget) -> list[dict[str, str]]:
    """Error-level notifications of a run that otherwise succeeded: a file the tool could
    not parse (bandit on Python 2 syntax) was skipped, so it counts as not assessed. The
    subject is the notification's file only when it is on the target's safe file list
    (the tool's output is hostile: it could name ``/etc/shadow``); else the tool's name."""
    items: list[dict[str, str]] = []
    safe: set[str] | None = None
    for inv in run.invocations or []:
        for note in [*(inv.tool_execution_notifications or []), *(inv.tool_configuration_notifications or [])]:
            if note.level != "error":
                continue
            subject = run.tool.driver.name
            for loc in note.locations or []:
                art = loc.physical_location.artifact_location if loc.physical_location else None
                if art is not None and art.uri:
                    safe = set(target.files) if safe is None else safe
                    rel = relative_uri(str(art.uri), target.root)
                    if rel in safe:
                        subject = rel
                    break
            items.append({"subject": subject, "reason": note.message.text if note.message else "tool error"})
    return items


def _run_scanner(scanner: Scanner, ctx: ScanContext) -> sarif_om.Run:
    """One scanner run. A pure-Python adapter runs in a worker process killed at its
    timeout; one that runs a tool runs here, bounded by ``run_tool``."""
    return worker.execute_in_worker(scanner, ctx) if scanner.worker_process else scanner.execute(ctx)


def _execute(scanner: Scanner, ctx: ScanContext, cache: result_cache.Session) -> tuple[sarif_om.Run, float]:
    """One scanner run, or its stored run when the result cache has it (``scanners/cache.py``)."""
    start = time.monotonic()
    run = cache.execute(scanner, ctx, _run_scanner)
    return run, time.monotonic() - start


def run_scan(
    target: ScanTarget,
    config: Config,
    scanners: Mapping[str, type[Scanner]],
    *,
    stages: tuple[str, ...] | None = None,
    offline: bool = True,
    progress: Progress | None = None,
    max_workers: int | None = None,
    extra_options: Mapping[str, Mapping[str, Any]] | None = None,
    cache: result_cache.Session | None = None,
) -> ScanOutcome:
    """``cache``: the scan's result cache session (``scanners.cache.session``); None: none."""
    cache = cache or result_cache.disabled()
    selected = tuple(s for s in STAGES if s in (stages or config.stages or STAGES))
    started = time.time()
    runs: list[sarif_om.Run] = []
    statuses: list[ScannerStatus] = []
    workers = max_workers or max(1, os.cpu_count() or 1)
    secret_hashes: set[str] = set()
    if any(cls.worker_process and set(cls.stages) & set(selected) for cls in scanners.values()):
        worker.prestart()  # ready by the time the first pure-Python adapter runs
    with tempfile.TemporaryDirectory(prefix="shiftleft-") as tmp:
        for stage in selected:
            jobs: list[tuple[Scanner, ScanContext, bool]] = []
            for name in sorted(scanners):
                cls = scanners[name]
                if stage not in cls.stages:
                    continue
                cfg = config.scanner(name)
                required = cls.required if cfg.required is None else cfg.required
                if not cls.is_enabled(cfg.enabled, cfg.required):
                    why = "disabled in config" if cfg.enabled is False else "off by default (enable it in config)"
                    off = ScannerStatus(name, stage, cls.category, ScanStatus.DISABLED, False, why)
                    statuses.append(off)
                    continue
                scanner = cls()
                reason = scanner.applies(target)
                if reason:
                    statuses.append(ScannerStatus(name, stage, cls.category, ScanStatus.NOT_APPLICABLE, False, reason))
                    continue
                workdir = Path(tmp) / f"{stage}-{name}"
                workdir.mkdir()
                options = {**cfg.options, **((extra_options or {}).get(name, {}))}
                ctx = ScanContext(target, workdir, cfg.timeout or config.timeout, options, offline)
                jobs.append((scanner, ctx, required))
            if progress:
                progress(f"{stage}: running {', '.join(s.name for s, _, _ in jobs) or 'nothing'}", None)
            stage_runs = _run_parallel(jobs, workers, cache)
            for (scanner, _ctx, required), (run, seconds) in zip(jobs, stage_runs, strict=True):
                status, reason = _status_of(run)
                if status == "not-applicable":  # found nothing of its kind once it looked
                    statuses.append(ScannerStatus(scanner.name, stage, scanner.category, status, False, reason))
                    continue
                props = run.properties if isinstance(run.properties, dict) else {}
                secret_hashes.update(props.pop(SECRET_HASHES_KEY, []) or [])
                if status == "ok":
                    build.record_not_assessed(run, _tool_errors(run, target))
                version = run.tool.driver.version or (scanner.version() if status == "ok" else None)
                info = RunInfo(scanner.name, stage, scanner.category, status, reason, seconds, version)
                runs.append(normalize_run(run, scanner, info, target))
                health = run.properties.get("shiftleft") or {}  # normalize_run made it a dict
                item = ScannerStatus(
                    scanner.name, stage, scanner.category, status, required, reason, version, round(seconds, 3),
                    len(run.results or []), len(health.get("notAssessed") or []),
                )  # fmt: skip
                statuses.append(item)
                if progress:
                    progress(f"{stage}: {scanner.name} {status}", item)
    # one result where two scanners report the same problem on the same line (hadolint/checkov)
    removed = dedup.deduplicate(runs)
    statuses = [replace(s, results=s.results - removed.get((s.name, s.stage), 0)) for s in statuses]
    finished = time.time()
    log = sarif_om.SarifLog(version="2.1.0", runs=[*runs, _orchestrator_run(target, statuses, started, finished)])
    log.properties = {
        "shiftleft": {
            "version": __version__,
            "target": str(target.root),
            "image": target.image,
            "imageArchive": str(target.image_archive) if target.image_archive else None,
            "stages": list(selected),
            "config": str(config.source.resolve()) if config.source else None,
            "startTime": build.utc_iso(started),
            "endTime": build.utc_iso(finished),
            "scanners": [jsoncase.record(s) for s in statuses],
            "filesScanned": len(target.files),
            "filesSkipped": len(target.skipped),
            "subset": target.subset,
        }
    }
    # after the orchestrator run and the properties exist: both quote scanners' failure reasons
    redactor = redact_log(log, secret_hashes)
    cache.commit(redactor)  # stores this scan's successful runs, redacted as the log was
    log.properties["shiftleft"]["cache"] = cache.summary()
    return ScanOutcome(log, tuple(statuses), target, selected, started, finished)


def _run_parallel(
    jobs: list[tuple[Scanner, ScanContext, bool]], workers: int, cache: result_cache.Session
) -> list[tuple[sarif_om.Run, float]]:
    """Run a stage's scanners on ``workers`` threads, slowest first; a scanner that has not
    answered ``GRACE_SECONDS`` past its timeout is reported "timeout" and left behind.

    The threads are daemon threads, not a ThreadPoolExecutor's: the interpreter joins
    those at exit, so an adapter thread that ignores its timeout (a plugin doing its work
    in Python without ``worker_process``) would keep shiftleft from ever exiting."""
    if not jobs:
        return []
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i][0].relative_cost)
    futures: list[cf.Future[tuple[sarif_om.Run, float]]] = [cf.Future() for _ in jobs]
    queue = iter(order)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                i = next(queue, None)
            if i is None:
                return
            future = futures[i]
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(_execute(jobs[i][0], jobs[i][1], cache))
            except BaseException as exc:  # noqa: BLE001 - reported below as a failed run
                future.set_exception(exc)

    for n in range(min(workers, len(jobs))):
        threading.Thread(target=work, name=f"scanner-{n}", daemon=True).start()
    results: list[tuple[sarif_om.Run, float]] = []
    deadline_start = time.monotonic()
    for (scanner, ctx, _), future in zip(jobs, futures, strict=True):
        remaining = ctx.timeout + GRACE_SECONDS - (time.monotonic() - deadline_start)
        try:
            results.append(future.result(timeout=max(1.0, remaining)))
        except cf.TimeoutError:
            msg = f"{scanner.name} did not finish within {ctx.timeout:g} s"
            results.append((build.failed_run(scanner.name, msg, "timeout"), ctx.timeout))
        except Exception as exc:  # noqa: BLE001 - execute() should not raise; isolate it anyway
            results.append((build.failed_run(scanner.name, f"adapter error: {exc}", "failed"), 0.0))
    for future in futures:
        future.cancel()  # those not started yet: their scanners were reported above
    return results


def _orchestrator_run(
    target: ScanTarget, statuses: list[ScannerStatus], started: float, finished: float
) -> sarif_om.Run:
    """A run for shiftleft itself: its notifications say which files no scanner saw and
    which scanners could not assess, so the SARIF alone tells the whole story."""
    notes = [
        build.notification(f"{s.path}: skipped ({s.reason})", "note", "shiftleft/file-skipped")
        for s in target.skipped
    ]
    for s in statuses:
        if s.not_assessed_run:
            level = "error" if s.required else "warning"
            notes.append(
                build.notification(
                    f"{s.name} ({s.stage}) {s.status}: {s.reason or 'no reason given'}; its checks are NOT ASSESSED",
                    level,
                    f"shiftleft/scanner-{s.status}",
                )
            )
    run = build.run("shiftleft", version=__version__, information_uri=build.SHIFTLEFT_URI,
                    notifications=notes)  # fmt: skip
    inv = run.invocations[0]
    inv.start_time_utc = build.utc_iso(started)
    inv.end_time_utc = build.utc_iso(finished)
    run.automation_details = sarif_om.RunAutomationDetails(id=orchestrator.ORCHESTRATOR_ID)
    run.original_uri_base_ids = {build.SRCROOT: {"uri": target.root.as_uri() + "/"}}
    run.properties = {"shiftleft": {"scanner": "shiftleft", "stage": "all", "category": "orchestrator", "status": "ok"}}
    return run
