"""The policy engine: one call after the scan turns the SARIF log into judgements.

Order matters and is fixed: inline suppressions are marked first (they are facts of the
source), then waivers (accepted risks on top), then baseline states (what is new), then
compliance controls and the gate read the result. Everything is loaded and validated
before the log is touched, so a broken policy file fails the run (exit 2) instead of
half-applying.

We select and judge; we never detect. Nothing here looks for vulnerabilities: it only reads
what the scanners reported and the health of the scanners that were supposed to report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from shiftleft import jsoncase
from shiftleft.advisories.freshness import age_at_scan
from shiftleft.config import GateConfig
from shiftleft.findings import iter_findings
from shiftleft.model import (
    DEFAULT_PRESET,
    ExpiredWaiver,
    FrameworkResult,
    GateContext,
    GateResult,
    ScannerStatus,
    ScanTarget,
)
from shiftleft.policy import baseline as baseline_mod
from shiftleft.policy import loader, suppressions, waivers
from shiftleft.policy.frameworks import evaluate_framework, evidence_from_log
from shiftleft.policy.gate import apply_config, evaluate, item_coverage
from shiftleft.policy.model import FindingIndex, Framework, GatePolicy, PolicyError
from shiftleft.sarif import orchestrator


@dataclass(frozen=True)
class PolicyOptions:
    """What the user asked for (CLI flags and config keys), resolved to paths and names."""

    #: gate preset name (default, strict, audit-only) or a gate file
    preset: str = DEFAULT_PRESET
    #: extra policy files: frameworks are evaluated too; gate files add their rules to the preset
    policies: tuple[Path, ...] = ()
    #: framework ids to evaluate; None means every shipped one plus those in ``policies``
    frameworks: tuple[str, ...] | None = None
    #: waiver file; None looks for .shiftleft-waivers.yaml in the target root
    waivers: Path | None = None
    #: do not look for a waiver file in the target root (the target is not trusted to waive)
    no_target_waivers: bool = False
    #: a previous shiftleft SARIF log
    baseline: Path | None = None
    #: ``baseline`` already read and checked (``baseline.load_baseline``): the CLI loads it
    #: before scanning, so a bad baseline is exit 2 at once, not after the whole scan
    baseline_log: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    #: a git ref: findings on lines changed since it are new
    diff_base: str | None = None
    #: the config's ``gate:`` section (and --fail-on), applied over the preset
    gate_config: GateConfig | None = None
    #: which GateConfig fields the user set explicitly (None: those differing from defaults)
    gate_explicit: frozenset[str] | None = None
    #: today's date, for waiver expiry (tests); None is today in UTC
    today: dt.date | None = None


@dataclass(frozen=True)
class PolicyOutcome:
    #: the same log, modified in place: suppressions, baselineState, notifications, properties
    sarif: dict[str, Any]
    frameworks: tuple[FrameworkResult, ...]
    gate: GateResult
    #: sentences for the user: expired/unused waivers, refused ignores, baseline counts
    notices: tuple[str, ...] = ()
    #: the effective gate policy, for reporters that want to print its rules' sources
    gate_policy: GatePolicy | None = field(default=None, compare=False)


@dataclass(frozen=True)
class _Loaded:
    gate: GatePolicy
    frameworks: tuple[Framework, ...]
    waivers: tuple[waivers.Waiver, ...]
    waiver_file: Path | None
    baseline: dict[str, Any] | None


def _merge_gates(base: GatePolicy, extra: Sequence[GatePolicy]) -> GatePolicy:
    rules = list(base.rules)
    for gate in extra:
        for rule in gate.rules:
            if any(r.id == rule.id for r in rules):
                raise PolicyError(f"{gate.source}: gate rule id {rule.id!r} is already defined by {base.id}")
            rules.append(rule)
    return replace(base, rules=tuple(rules))


def _choose_frameworks(extra: Sequence[Framework], wanted: tuple[str, ...] | None) -> tuple[Framework, ...]:
    available: dict[str, Framework] = dict(loader.shipped_frameworks())
    for fw in extra:
        available[fw.id] = fw  # a user's file with a shipped id replaces it, on purpose
    if wanted is None:
        return tuple(available.values())
    unknown = [w for w in wanted if w not in available]
    if unknown:
        raise PolicyError(f"unknown framework {', '.join(map(repr, unknown))}; known: {', '.join(sorted(available))}")
    return tuple(available[w] for w in dict.fromkeys(wanted))


def load_inputs(target_root: Path | None, options: PolicyOptions) -> _Loaded:
    """Everything from disk, validated, before the log is touched."""
    extra_gates: list[GatePolicy] = []
    extra_frameworks: list[Framework] = []
    for path in options.policies:
        item = loader.load(path)
        (extra_gates if isinstance(item, GatePolicy) else extra_frameworks).append(item)  # type: ignore[arg-type]
    gate = _merge_gates(loader.gate_preset(options.preset), extra_gates)
    frameworks = _choose_frameworks(extra_frameworks, options.frameworks)
    waiver_file = options.waivers
    if waiver_file is None and target_root is not None and not options.no_target_waivers:
        waiver_file = waivers.find_file(target_root)
    loaded_waivers = waivers.load(waiver_file) if waiver_file is not None else ()
    base = options.baseline_log
    if base is None and options.baseline is not None:
        base = baseline_mod.load_baseline(options.baseline)
    return _Loaded(gate, frameworks, loaded_waivers, waiver_file, base)


def advisory_ages(sarif: dict[str, Any], statuses: Sequence[ScannerStatus],
                  now: dt.datetime | None = None) -> tuple[tuple[str, float | None], ...]:  # fmt: skip
    """Age of the local advisory database each successful dependency/image run used, at
    the scan's end (``now`` overrides), as every report states it (``age_at_scan``)."""
    ok = {s.name for s in statuses if s.assessed}
    at = now or ((sarif.get("properties") or {}).get("shiftleft") or {}).get("endTime")
    out: list[tuple[str, float | None]] = []
    for run in sarif.get("runs") or []:
        health = (run.get("properties") or {}).get("shiftleft") or {}
        summary = health.get("advisoryDatabase")
        name = str(health.get("scanner") or "")
        if isinstance(summary, dict) and name in ok:
            out.append((name, age_at_scan(summary, at)))
    return tuple(out)


def _notify(sarif: dict[str, Any], notices: Sequence[tuple[str, str, str]]) -> None:
    """Append notifications to the orchestrator run, so the SARIF alone tells the story."""
    run = orchestrator.find(sarif)
    if run is None or not notices:
        return
    invocations = run.setdefault("invocations", [{"executionSuccessful": True}])
    if not invocations:
        invocations.append({"executionSuccessful": True})
    notes = invocations[0].setdefault("toolExecutionNotifications", [])
    for text, level, descriptor in notices:
        notes.append({"message": {"text": text}, "level": level, "descriptor": {"id": descriptor}})


def apply_policies(
    sarif: dict[str, Any],
    statuses: Sequence[ScannerStatus],
    target: ScanTarget | Path | None,
    options: PolicyOptions | None = None,
) -> PolicyOutcome:
    """Mark suppressions, apply waivers and baseline states, judge frameworks and the gate.

    ``target`` is the scanned target (its safe file list is the only thing read, for the
    lines inline comments are on); a bare root path or None (re-rendering a SARIF file)
    skips reading source lines, so only tools' own in-source suppressions are kept.
    Raises PolicyError for unusable inputs (exit 2)."""
    options = options or PolicyOptions()
    root = target.root if isinstance(target, ScanTarget) else target
    loaded = load_inputs(root, options)
    safe_files = target.files if isinstance(target, ScanTarget) else None
    changed = baseline_mod.changed_lines(root, options.diff_base, safe_files) if options.diff_base and root else None
    if options.diff_base and root is None:
        raise PolicyError("--diff-base needs the scanned directory")
    today = options.today or dt.datetime.now(dt.UTC).date()
    notices: list[tuple[str, str, str]] = []

    # 1. inline suppressions, from the lines findings point at
    files: Collection[str] = target.files if isinstance(target, ScanTarget) else ()
    lines = suppressions.SafeLines(root or Path("."), files)
    inline = suppressions.mark_inline(sarif, lines)
    notices += [(n, "warning", "shiftleft/inline-ignore-refused") for n in inline.notices]

    # 2. waivers
    outcome = waivers.apply(sarif, loaded.waivers, today)
    by_id = {w.id: w for w in loaded.waivers}
    expired = tuple(
        ExpiredWaiver(i, by_id[i].owner, by_id[i].expires.isoformat(), n) for i, n in outcome.expired.items()
    )
    for w in expired:
        text = (
            f"waiver {w.id} ({w.owner}) expired on {w.expires} and no longer applies; "
            f"{w.matches} finding(s) it matched count again"
        )
        notices.append((text, "warning", "shiftleft/waiver-expired"))
    for ident in outcome.unused:
        notices.append((f"waiver {ident} ({by_id[ident].owner}) matched no finding; remove it if the risk is gone",
                        "note", "shiftleft/waiver-unused"))  # fmt: skip

    # 3. new or pre-existing
    sources = tuple(
        s for s in (f"baseline {options.baseline}" if options.baseline else "",
                    f"diff against {options.diff_base}" if options.diff_base else "") if s
    )  # fmt: skip
    summary = baseline_mod.set_baseline_state(sarif, loaded.baseline, changed, sources=sources)
    if sources:
        absent = f", {summary.absent} fixed since the baseline" if loaded.baseline is not None else ""
        notices.append((f"new-only gating ({'; '.join(sources)}): {summary.new} new, {summary.unchanged} "
                        f"pre-existing{absent}", "note", "shiftleft/baseline"))  # fmt: skip

    # 4. judge
    findings = tuple(iter_findings(sarif))
    evidence = evidence_from_log(sarif, statuses)
    index = FindingIndex(findings)  # once for every framework's controls
    frameworks = tuple(evaluate_framework(fw, index, statuses, evidence) for fw in loaded.frameworks)
    context = GateContext(
        inline_suppressed=suppressions.inline_fingerprints(sarif),
        advisory_ages=advisory_ages(sarif, statuses),
        waivers_in_use=loaded.waiver_file is not None,
        expired_waivers=expired,
        items=item_coverage(sarif, statuses),
    )
    gate_policy = (
        apply_config(loaded.gate, options.gate_config, options.gate_explicit) if options.gate_config else loaded.gate
    )
    gate = evaluate(findings, statuses, None, policy=gate_policy, context=context)

    _notify(sarif, notices)
    props = sarif.setdefault("properties", {}).setdefault("shiftleft", {})
    props["policy"] = {
        "gate": gate_policy.id,
        "gateSource": str(gate_policy.source) if gate_policy.source else None,
        "frameworks": [fw.id for fw in loaded.frameworks],
        "waivers": str(loaded.waiver_file) if loaded.waiver_file else None,
        "waiversApplied": {k: v for k, v in outcome.applied.items() if v},
        "waiversExpired": [asdict(w) for w in expired],
        "inlineSuppressions": inline.marked,
    }
    props["compliance"] = [
        {"id": fw.id, "name": fw.name, "version": fw.version, "controls": [jsoncase.record(c) for c in fw.controls]}
        for fw in frameworks
    ]
    return PolicyOutcome(sarif, frameworks, gate, tuple(text for text, _, _ in notices), gate_policy)
