"""Run the scanners of every selected stage in one pool bounded by the cores, each
isolated: one that is missing, crashes, hangs or prints garbage becomes a failed run, the
others' results are kept, and the outcome is one SARIF log that everything downstream
reads, in an order that does not depend on which scanner finished first.
"""

from __future__ import annotations

import collections
import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sarif_om

from shiftleft import __version__, jsoncase
from shiftleft.config import Config
from shiftleft.model import FAILURE_STATUSES, ScanContext, ScannerStatus, ScanProgress, ScanStatus, ScanTarget
from shiftleft.provenance import Pin, load_pins
from shiftleft.sarif import build, dedup, detectors, orchestrator
from shiftleft.sarif.normalize import RunInfo, normalize_run, relative_uri
from shiftleft.sarif.redact import redact_log
from shiftleft.scanners import cache as result_cache
from shiftleft.scanners import provenance as scanner_provenance
from shiftleft.scanners import worker
from shiftleft.scanners.base import STAGES, Scanner
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY
from shiftleft.slots import SpareSlots

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


Progress = Callable[[ScanProgress], None]


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
    run = cache.execute(scanner, ctx, _run_scanner if cache.knows_clean_lines() else _run_and_prewarm)
    return run, time.monotonic() - start


def _run_and_prewarm(scanner: Scanner, ctx: ScanContext) -> sarif_om.Run:
    """``_run_scanner``, building the redactor's detectors meanwhile (``detectors.prewarm``):
    done when the cache knows no clean line (the first scan), whose redaction will need them
    (with clean lines known, a re-scan often needs none, and the work would be wasted)."""
    detectors.prewarm()
    return _run_scanner(scanner, ctx)


@dataclass(frozen=True)
class _Member:
    """One scanner of one stage, to run."""

    stage: str
    scanner: Scanner
    ctx: ScanContext
    required: bool


def _provenance(member: _Member, pins: Sequence[Pin]) -> tuple[dict[str, Any], str | None]:
    """The member's provenance record and why it must not run (``scanners/provenance.py``);
    a record that cannot be made fails the scanner closed, never the scan."""
    try:
        return scanner_provenance.provenance(member.scanner, member.ctx, pins)
    except Exception as exc:  # noqa: BLE001 - one scanner's problem, reported as its failure
        name = scanner_provenance.tool_name(member.scanner)
        record = {"tool": {"name": name, "version": None, "kind": None, "sha256": None, "digestOf": None},
                  "pinned": "mismatch"}  # fmt: skip
        return record, f"{name}: its provenance could not be established ({type(exc).__name__}: {exc}); not run"


@dataclass(frozen=True)
class _Job:
    """What one slot of the pool runs: a scanner alone, or the scanners that share one
    run of their tool (``Scanner.shared_run``), each reported in its own stage. Before a
    member runs, its provenance is taken (``shiftleft.provenance``); a member whose tool is
    not the build the pins name is a failed run and its tool is never started."""

    members: tuple[_Member, ...]
    pins: tuple[Pin, ...] = ()
    #: estimated wall seconds (``_estimate``): the pool starts the longest first
    estimate: float = 0.0
    #: id(member) -> its provenance record, filled by ``execute`` (in the pool's thread)
    provenance: dict[int, dict[str, Any]] = field(default_factory=dict, compare=False)

    @property
    def timeout(self) -> float:
        return max(m.ctx.timeout for m in self.members)

    def execute(self, cache: result_cache.Session) -> list[tuple[sarif_om.Run, float]]:
        """Each member's run and its seconds; the stored ones where the result cache has them;
        a failed run, without starting the tool, for a member whose provenance is refused."""
        out: dict[int, tuple[sarif_om.Run, float]] = {}
        runnable: list[_Member] = []
        for m in self.members:
            start = time.time()
            record, refused = _provenance(m, self.pins)
            self.provenance[id(m)] = record
            if refused:
                failed = build.failed_run(m.scanner.name, refused, "failed", version=m.scanner.version(), start=start)
                out[id(m)] = (failed, 0.0)
            else:
                runnable.append(m)
        if len(runnable) == 1:
            out[id(runnable[0])] = _execute(runnable[0].scanner, runnable[0].ctx, cache)
        elif runnable:
            start_m = time.monotonic()
            shared = type(runnable[0].scanner).execute_shared
            runs = cache.execute_group([(m.scanner, m.ctx) for m in runnable], _shared_runner(shared))
            if len(runs) != len(runnable):
                raise RuntimeError(f"execute_shared returned {len(runs)} run(s) for {len(runnable)} scanner(s)")
            seconds = time.monotonic() - start_m
            out.update((id(m), (run, seconds)) for m, run in zip(runnable, runs, strict=True))
        return [out[id(m)] for m in self.members]


def _shared_runner(shared: result_cache.GroupRunner) -> result_cache.GroupRunner:
    """The shared run for the members the cache did not have: one alone runs as it would
    outside a group (a worker process where it asks for one)."""

    def run(members: Sequence[tuple[Scanner, ScanContext]]) -> list[sarif_om.Run]:
        if len(members) == 1:
            return [_run_scanner(*members[0])]
        runs = shared(members)
        if len(runs) != len(members):
            raise RuntimeError(f"execute_shared returned {len(runs)} run(s) for {len(members)} scanner(s)")
        return runs

    return run


def cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's cpuset).

    One pool slot per core, and each tool keeps its own default of processes: semgrep's
    ``--jobs 2`` (a user may set ``scanners.semgrep.options.jobs``) was measured on typeorm
    (3,000 files, 2 cores): semgrep alone 122 s -> 76 s, but the full scan 101 s -> 156 s,
    its two processes competing with the pool's other jobs (benchmarks/full_scan.py). With
    semgrep's OCaml command line (what a scan runs now) the full scan took 69 s with
    ``--jobs 2`` against 67 s with one; with its rules in groups (``semgrep_gates``), 22.4 s
    against 22.2 s at 25% more CPU. What does use an idle core: semgrep's groups run in
    the slots the pool lends once no scanner waits (``shiftleft.slots``): 22 s -> 18 s."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _estimate(members: Sequence[_Member], sizes: dict[str, int]) -> float:
    """A job's estimated wall seconds: its tool's start-up (once for a shared run) and, for
    each member, its seconds per MiB times the MiB of its inputs. ``sizes``: file sizes
    already looked up (shared by the jobs of a scan); a file that cannot be looked up
    counts 0, an adapter whose ``inputs`` fails counts its start-up only."""
    root = members[0].ctx.target.root if members else Path()
    variable = 0.0
    for m in members:
        try:
            files: Sequence[str] = m.scanner.inputs(m.ctx)
        except Exception:  # noqa: BLE001 - only an estimate: the run reports the problem
            files = ()
        total = 0
        for rel in files:
            if rel not in sizes:
                try:
                    sizes[rel] = os.lstat(root / rel).st_size
                except OSError:
                    sizes[rel] = 0
            total += sizes[rel]
        variable += type(m.scanner).seconds_per_mib * total / 2**20
    return max((type(m.scanner).startup_seconds for m in members), default=0.0) + variable


def _jobs(members: list[_Member], pins: tuple[Pin, ...] = ()) -> list[_Job]:
    """Members in order, those sharing a run of their tool joined into one job (at the
    place of the first of them), each with its estimated time."""
    jobs: list[list[_Member]] = []
    shared: dict[tuple[str, object], list[_Member]] = {}
    for m in members:
        cls = type(m.scanner)
        if cls.shared_run is None or cls.worker_process:
            jobs.append([m])
            continue
        key = (cls.shared_run, getattr(cls.execute_shared, "__func__", cls.execute_shared))
        if key in shared:
            shared[key].append(m)
        else:
            shared[key] = [m]
            jobs.append(shared[key])
    sizes: dict[str, int] = {}
    return [_Job(tuple(group), pins, _estimate(group, sizes)) for group in jobs]


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
    """Every scanner of every selected stage in one pool of ``max_workers`` (default: the
    cores) slots, slowest first; the log, statuses and their order do not depend on the
    order in which scanners finish: stages in order, and in a stage the scanners that did
    not run (disabled, not applicable) then those that ran, each group by name.
    ``cache``: the scan's result cache session (``scanners.cache.session``); None: none."""
    cache = cache or result_cache.disabled()
    pins = load_pins()  # a malformed pins file: PinsError, exit 2, before anything runs
    selected = tuple(s for s in STAGES if s in (stages or config.stages or STAGES))
    started = time.time()
    runs: list[sarif_om.Run] = []
    statuses: list[ScannerStatus] = []
    workers = max_workers or cores()
    secret_hashes: set[str] = set()
    spare = SpareSlots(workers)
    with tempfile.TemporaryDirectory(prefix="shiftleft-") as tmp:
        idle: dict[str, list[ScannerStatus]] = {stage: [] for stage in selected}
        members: list[_Member] = []
        for stage in selected:
            for name in sorted(scanners):
                cls = scanners[name]
                if stage not in cls.stages:
                    continue
                cfg = config.scanner(name)
                required = cls.required if cfg.required is None else cfg.required
                if not cls.is_enabled(cfg.enabled, cfg.required):
                    why = "disabled in config" if cfg.enabled is False else "off by default (enable it in config)"
                    off = ScannerStatus(name, stage, cls.category, ScanStatus.DISABLED, False, why)
                    idle[stage].append(off)
                    continue
                scanner = cls()
                reason = scanner.applies(target)
                if reason:
                    na = ScannerStatus(name, stage, cls.category, ScanStatus.NOT_APPLICABLE, False, reason)
                    idle[stage].append(na)
                    continue
                workdir = Path(tmp) / f"{stage}-{name}"
                workdir.mkdir()
                options = {**cfg.options, **((extra_options or {}).get(name, {}))}
                ctx = ScanContext(target, workdir, cfg.timeout or config.timeout, options, offline, spare)
                members.append(_Member(stage, scanner, ctx, required))
        if any(m.scanner.worker_process and not cache.has(m.scanner, m.ctx) for m in members):
            worker.prestart()  # ready by the time the first pure-Python adapter runs (not for hits)
        jobs = _jobs(members, pins)
        outcomes = _run_pool(jobs, workers, progress, cache, spare)
        records: dict[int, dict[str, Any]] = {}
        for job in jobs:
            records.update(job.provenance)  # one C-level copy: a thread given up on may still write
        for stage in selected:
            statuses.extend(idle[stage])
            for member in members:
                if member.stage != stage:
                    continue
                scanner, required = member.scanner, member.required
                run, seconds = outcomes[id(member)]
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
                # a member given up on (timeout) before its thread took it: digests are cached, cheap
                record = records.get(id(member)) or _provenance(member, pins)[0]
                health["provenance"] = record
                item = ScannerStatus(
                    scanner.name, stage, scanner.category, status, required, reason, version, round(seconds, 3),
                    len(run.results or []), len(health.get("notAssessed") or []), record,
                )  # fmt: skip
                statuses.append(item)
    # one result per problem across scanners (same line and CWE, same secret, same advisory)
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
            # results removed as another scanner's report of the same problem (sarif.dedup)
            "deduplicated": sum(removed.values()),
        }
    }
    # after the orchestrator run and the properties exist: both quote scanners' failure reasons
    redactor = redact_log(log, secret_hashes, cache.known_clean())
    cache.commit(redactor)  # stores this scan's successful runs, redacted as the log was
    log.properties["shiftleft"]["cache"] = cache.summary()
    return ScanOutcome(log, tuple(statuses), target, selected, started, finished)


def _run_pool(
    jobs: list[_Job], workers: int, progress: Progress | None, cache: result_cache.Session | None = None,
    spare: SpareSlots | None = None,
) -> dict[int, tuple[sarif_om.Run, float]]:
    """Run ``jobs`` on at most ``workers`` threads at a time, the longest estimated first
    (longest-processing-time-first; ties in the given order); the result of each member,
    by ``id(member)``. A job that has not answered ``GRACE_SECONDS`` past its timeout,
    counted from when it started, is reported "timeout" and left behind, and its slot goes
    to the next job: a queued scanner never waits for a hung one.

    One daemon thread per job, not a ThreadPoolExecutor's: the interpreter joins those at
    exit, so an adapter thread that ignores its timeout (a plugin doing its work in Python
    without ``worker_process``) would keep shiftleft from ever exiting. Progress is sent
    from this (the calling) thread only. ``cache``: the result cache session; None: none.
    ``spare``: once no job waits, the slots no job holds are lent through it to the running
    ones that can use more (``shiftleft.slots``); closed when the pool is done."""
    session = cache or result_cache.disabled()
    results: dict[int, tuple[sarif_om.Run, float]] = {}
    pending = collections.deque(sorted(range(len(jobs)), key=lambda i: (-jobs[i].estimate, i)))
    done: queue.Queue[tuple[int, list[tuple[sarif_om.Run, float]] | BaseException]] = queue.Queue()
    running: dict[int, float] = {}  # job -> deadline (monotonic)

    def work(i: int) -> None:
        try:
            done.put((i, jobs[i].execute(session)))
        except BaseException as exc:  # noqa: BLE001 - reported below as a failed run
            done.put((i, exc))

    def tell(event: str, member: _Member, status: ScanStatus | None = None, seconds: float = 0.0) -> None:
        if progress is None:
            return
        name = member.scanner.name
        text = f"{member.stage}: {name} {status}" if status is not None else f"{member.stage}: {name} started"
        progress(ScanProgress(event, name, member.stage, text, status, round(seconds, 3)))

    def finish(i: int, outcome: list[tuple[sarif_om.Run, float]]) -> None:
        for member, (run, seconds) in zip(jobs[i].members, outcome, strict=True):
            results[id(member)] = (run, seconds)
            tell("finished", member, _status_of(run)[0], seconds)

    while pending or running:
        while pending and len(running) < workers:
            i = pending.popleft()
            for member in jobs[i].members:
                tell("started", member)
            running[i] = time.monotonic() + jobs[i].timeout + GRACE_SECONDS
            threading.Thread(target=work, args=(i,), name=f"scanner-{i}", daemon=True).start()
        if spare is not None and not pending:
            spare.open(workers - len(running))
        try:
            i, value = done.get(timeout=max(0.0, min(running.values()) - time.monotonic()))
        except queue.Empty:
            now = time.monotonic()
            for i in [j for j, deadline in running.items() if deadline <= now]:
                del running[i]
                finish(i, [
                    (build.failed_run(m.scanner.name, f"{m.scanner.name} did not finish within {m.ctx.timeout:g} s",
                                      "timeout"), m.ctx.timeout)
                    for m in jobs[i].members
                ])  # fmt: skip
            continue
        if i not in running:  # it answered after it was given up on: reported already
            continue
        del running[i]
        if isinstance(value, BaseException):  # execute() should not raise; isolate it anyway
            value = [(build.failed_run(m.scanner.name, f"adapter error: {value}", "failed"), 0.0)
                     for m in jobs[i].members]  # fmt: skip
        finish(i, value)
    if spare is not None:
        spare.close()
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
