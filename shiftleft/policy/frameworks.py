"""Judge compliance controls against one scan: pass, fail, not assessed, not applicable.

The rule that matters most: **never pass by absence of evidence**. A control passes only
when every scanner, category and stage it requires actually ran (scanner health from the
pipeline) and no unsuppressed finding it selects was reported. Findings are evidence even
when coverage is incomplete, so a matching finding fails the control whatever else
happened; but zero findings from a scanner that crashed prove nothing, so that control is
*not assessed*. *Not applicable* is kept for what does not exist in the target (no
Dockerfile and no image for a container control), which the scanners themselves decided.

"The scanner ran" is not enough when one scanner reads many kinds of input: checkov run on
a Terraform file proves nothing about Kubernetes pod specs. A control names the kinds it
needs (``requires.evidence``), and passes only when the scanner's adapter recorded one of
them as assessed (checkov: ``assessedFrameworks``, from its own report summary); a scanner
that ran and found none of them makes the control *not applicable*, saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shiftleft.model import NOT_ASSESSED, ControlResult, Finding, FrameworkResult, ScannerStatus, ScanStatus
from shiftleft.policy.model import Control, FindingIndex, Framework, Requirement

ASSESSED = "assessed"
NOT_APPLICABLE = "not-applicable"
#: findings named in a control's reason before "and N more"
REASON_ITEMS = 3


@dataclass(frozen=True)
class Coverage:
    """Whether a requirement was met, why not, and which scanners are the evidence."""

    state: str  # assessed | not-assessed | not-applicable
    reason: str
    ran: tuple[str, ...] = ()
    not_run: tuple[str, ...] = ()


def _why(status: ScannerStatus) -> str:
    return f"{status.name} {status.status}" + (f" ({status.reason})" if status.reason else "")


def _judge(label: str, found: list[ScannerStatus], *, tolerate_disabled: bool) -> Coverage:
    """One requirement entry over the statuses that belong to it."""
    considered = [s for s in found if s.status is not ScanStatus.DISABLED] if tolerate_disabled else found
    if not considered:
        if found:
            return Coverage(NOT_ASSESSED, f"{label}: disabled in config", not_run=tuple(s.name for s in found))
        return Coverage(NOT_ASSESSED, f"{label}: did not run in this scan (not installed or stage not selected)",
                        not_run=(label,))  # fmt: skip
    disabled = [s for s in considered if s.status is ScanStatus.DISABLED]
    failed = [s for s in considered if s.applicable and not s.assessed]
    if disabled or failed:
        why = [f"{s.name} disabled in config" for s in disabled] + [_why(s) for s in failed]
        return Coverage(NOT_ASSESSED, f"{label}: " + "; ".join(why), not_run=tuple(s.name for s in disabled + failed))
    ran = tuple(sorted({s.name for s in considered if s.assessed}))
    if not ran:
        reasons = sorted({s.reason or "nothing to check" for s in considered})
        return Coverage(NOT_APPLICABLE, f"{label}: " + "; ".join(reasons))
    partly = [s for s in considered if s.assessed and s.not_assessed]
    if partly:
        # it ran, but some of what it was given could not be judged (an unpinned
        # dependency, an ecosystem with no advisory data): no evidence for a pass
        gaps = "; ".join(f"{s.name} could not judge {s.not_assessed} item(s)" for s in partly)
        return Coverage(NOT_ASSESSED, f"{label}: {gaps}", ran=ran, not_run=tuple(s.name for s in partly))
    return Coverage(ASSESSED, f"{label}: ran", ran=ran)


#: scanner name -> the kinds of input its adapter recorded as assessed in this scan
Evidence = Mapping[str, frozenset[str]]


def evidence_from_log(sarif: Mapping[str, Any], statuses: Sequence[ScannerStatus]) -> dict[str, frozenset[str]]:
    """The evidence kinds of every successful run (``properties.shiftleft.assessedFrameworks``,
    written by the checkov adapters from checkov's own summary)."""
    ok = {(s.name, s.stage) for s in statuses if s.assessed}
    found: dict[str, set[str]] = {}
    for run in sarif.get("runs") or []:
        health = (run.get("properties") or {}).get("shiftleft") if isinstance(run, Mapping) else None
        if not isinstance(health, Mapping):
            continue
        kinds = health.get("assessedFrameworks")
        name = str(health.get("scanner"))
        if (name, str(health.get("stage"))) in ok and isinstance(kinds, list):
            found.setdefault(name, set()).update(str(k) for k in kinds)
    return {name: frozenset(kinds) for name, kinds in found.items()}


def _evidence(scanner: str, kinds: tuple[str, ...], statuses: Sequence[ScannerStatus],
              evidence: Evidence | None) -> Coverage:  # fmt: skip
    """One ``requires.evidence`` entry: the scanner ran, and assessed one of the kinds."""
    label = f"{scanner} on {'/'.join(kinds)}"
    base = _judge(label, [s for s in statuses if s.name == scanner], tolerate_disabled=False)
    if base.state != ASSESSED:
        return base
    seen = evidence.get(scanner) if evidence is not None else None
    if seen is None:
        return Coverage(NOT_ASSESSED, f"{label}: no record of what {scanner} assessed", not_run=(scanner,))
    hit = sorted(seen.intersection(kinds))
    if hit:
        return Coverage(ASSESSED, f"{label}: assessed {', '.join(hit)}", ran=base.ran)
    others = ", ".join(sorted(seen)) or "nothing"
    return Coverage(NOT_APPLICABLE, f"{label}: none in the target ({scanner} assessed {others} only)")


def coverage(requirement: Requirement, statuses: Sequence[ScannerStatus], evidence: Evidence | None = None) -> Coverage:
    """Combine the entries: any not assessed -> not assessed; an evidence kind absent from
    the target, or all entries not applicable -> not applicable; otherwise assessed by the
    scanners that ran. ``evidence`` None means unknown (a control that needs it is then not
    assessed)."""
    if requirement.applicable_if:
        # whether the control applies at all is itself evidence: unknown is not "no"
        probes = [s for s in statuses if s.name in requirement.applicable_if]
        if not probes:
            names = "/".join(requirement.applicable_if)
            return Coverage(NOT_ASSESSED, f"cannot tell whether it applies: {names} did not run in this scan",
                            not_run=requirement.applicable_if)  # fmt: skip
        if all(s.status is ScanStatus.NOT_APPLICABLE for s in probes):
            reasons = sorted({f"{s.name}: {s.reason or 'nothing to check'}" for s in probes})
            return Coverage(NOT_APPLICABLE, "; ".join(reasons))
    parts: list[Coverage] = []
    for group in requirement.scanners:
        found = [s for s in statuses if s.name in group]
        if len(group) == 1:
            parts.append(_judge(group[0], found, tolerate_disabled=False))
        else:
            # alternatives: a member that is disabled or absent is fine when another ran
            parts.append(_judge("one of " + "/".join(group), found, tolerate_disabled=True))
    for category in requirement.categories:
        parts.append(_judge(f"{category} scanners", [s for s in statuses if s.category == category],
                            tolerate_disabled=True))  # fmt: skip
    for stage in requirement.stages:
        parts.append(_judge(f"{stage} stage", [s for s in statuses if s.stage == stage], tolerate_disabled=True))
    kinds = [_evidence(name, want, statuses, evidence) for name, want in requirement.evidence]
    parts += kinds
    ran = tuple(sorted({n for p in parts for n in p.ran}))
    not_run = tuple(sorted({n for p in parts for n in p.not_run}))
    missing = [p for p in parts if p.state == NOT_ASSESSED]
    if missing:
        return Coverage(NOT_ASSESSED, "; ".join(p.reason for p in missing), ran, not_run)
    absent = [p for p in kinds if p.state == NOT_APPLICABLE]
    if absent:
        # the scanner looked, and what this control judges is not there: nothing to pass
        return Coverage(NOT_APPLICABLE, "; ".join(p.reason for p in absent))
    if parts and all(p.state == NOT_APPLICABLE for p in parts):
        return Coverage(NOT_APPLICABLE, "; ".join(p.reason for p in parts))
    return Coverage(ASSESSED, "assessed by " + ", ".join(ran), ran, not_run)


def _where(finding: Finding) -> str:
    """``rule at path:line``; a result without a file (an imported DAST finding) by its URL."""
    place = f"{finding.path}:{finding.line}" if finding.line else finding.path
    if not place:
        url = finding.properties.get("url")
        place = url if isinstance(url, str) and url else ""
    return f"{finding.rule_id} at {place}" if place else finding.rule_id


def evaluate_control(framework: Framework, control: Control, findings: Sequence[Finding] | FindingIndex,
                     statuses: Sequence[ScannerStatus], evidence: Evidence | None = None) -> ControlResult:  # fmt: skip
    """``findings``: the scan's findings, or a ``FindingIndex`` of them (built once per framework)."""
    index = findings if isinstance(findings, FindingIndex) else FindingIndex(findings)
    matched = index.select(control.select)
    active = [f for f in matched if not f.suppressed]
    suppressed = len(matched) - len(active)
    cov = coverage(control.requires, statuses, evidence)
    note = f"; {suppressed} suppressed or waived finding(s) not counted" if suppressed else ""

    def result(
        state: str, reason: str, fingerprints: tuple[str, ...] = (), scanners: tuple[str, ...] = ()
    ) -> ControlResult:
        return ControlResult(framework.id, control.id, control.title, state, reason, fingerprints, scanners)

    if len(active) > control.max:
        shown = ", ".join(_where(f) for f in active[:REASON_ITEMS])
        more = f" and {len(active) - REASON_ITEMS} more" if len(active) > REASON_ITEMS else ""
        limit = f" (max {control.max})" if control.max else ""
        partial = f"; coverage incomplete: {cov.reason}" if cov.state == NOT_ASSESSED else ""
        return result("fail", f"{len(active)} finding(s){limit}: {shown}{more}{partial}{note}",
                      tuple(f.fingerprint for f in active), tuple(sorted({f.tool for f in active})))  # fmt: skip
    if cov.state == NOT_ASSESSED:
        return result(NOT_ASSESSED, cov.reason, scanners=cov.not_run)
    if cov.state == NOT_APPLICABLE:
        return result(NOT_APPLICABLE, cov.reason)
    within = f"{len(active)} finding(s), within max {control.max}" if active else "no matching finding"
    return result("pass", f"{cov.reason}; {within}{note}", scanners=cov.ran)


def evaluate_framework(
    framework: Framework,
    findings: Iterable[Finding] | FindingIndex,
    statuses: Sequence[ScannerStatus],
    evidence: Evidence | None = None,
) -> FrameworkResult:
    """``evidence``: what each scanner assessed (``evidence_from_log``); None when unknown.
    ``findings`` may be a ``FindingIndex`` (one for every framework of a scan)."""
    index = findings if isinstance(findings, FindingIndex) else FindingIndex(findings)
    controls = tuple(evaluate_control(framework, c, index, statuses, evidence) for c in framework.controls)
    return FrameworkResult(framework.id, framework.title, framework.version, controls)
