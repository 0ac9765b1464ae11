"""The frozen records passed between layers: what is scanned, how each scanner fared, the
findings, the gate's verdict, the compliance and scorecard results, and the report.

This module is the bottom of the import graph (docs/architecture.md): it imports nothing of
shiftleft but the exit codes (``shiftleft.errors``) and the pool's spare slots
(``shiftleft.slots``, a type a ScanContext carries), so every layer can hand these records
to the next without importing it. Logic
that needs more than the records themselves (reading SARIF, evaluating a gate, scoring)
lives in the layer that owns it; what is here is the vocabulary they share, each fact
defined once: which scanner statuses count as assessed, what a verdict is and which exit
code it gives.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shiftleft.errors import EXIT_GATE_FAILED, EXIT_INCOMPLETE, EXIT_PASS

if TYPE_CHECKING:
    from shiftleft.slots import SpareSlots

#: the gate preset used when none is named
DEFAULT_PRESET = "default"


# --- what is scanned --------------------------------------------------------------------


@dataclass(frozen=True)
class SkippedFile:
    """A file of the target that no scanner was given, and why (binary, unsafe link...)."""

    path: str
    reason: str


@dataclass(frozen=True)
class ScanTarget:
    """What is scanned. ``files`` is the safe file list: relative POSIX paths inside
    ``root``, regular files only, no link leaving the root, nothing excluded by config."""

    root: Path
    files: tuple[str, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    image: str | None = None
    image_archive: Path | None = None
    #: the files are a part of the tree the caller chose (a pre-commit hook's staged files),
    #: not all of it: the history then marks nothing fixed (a finding in a file not scanned
    #: was not looked for)
    subset: bool = False

    def files_with_suffix(self, *suffixes: str) -> list[str]:
        return [f for f in self.files if f.lower().endswith(suffixes)]


@dataclass(frozen=True)
class ScanContext:
    """Everything one adapter run may use. ``workdir`` is a private temporary directory."""

    target: ScanTarget
    workdir: Path
    timeout: float = 600.0
    options: Mapping[str, Any] = field(default_factory=dict)
    offline: bool = True
    #: the pool's slots this run may borrow for independent parts of its work once no other
    #: scanner waits (``shiftleft.slots``); None: it runs in its own slot only
    spare: SpareSlots | None = field(default=None, compare=False, repr=False)


# --- how each scanner fared -------------------------------------------------------------


class ScanStatus(str, enum.Enum):
    """The health of one scanner run. A ``str`` so that its value is what every output
    writes (SARIF properties, scorecard.json, reports) and compares equal to it."""

    OK = "ok"
    FAILED = "failed"
    MISSING = "missing"
    TIMEOUT = "timeout"
    NOT_APPLICABLE = "not-applicable"
    DISABLED = "disabled"

    def __str__(self) -> str:
        return self.value

    def __hash__(self) -> int:  # as its value's, so "ok" in a set of statuses finds it
        return str.__hash__(self)

    @classmethod
    def parse(cls, value: object) -> ScanStatus:
        """A status read back from a file: an unknown word is a run that failed (its checks
        not assessed), never one that passes."""
        try:
            return cls(str(value))
        except ValueError:
            return cls.FAILED

    @property
    def assessed(self) -> bool:
        """Its checks were made: the only status whose silence means "nothing found"."""
        return self is ScanStatus.OK

    @property
    def applicable(self) -> bool:
        """There was something for it to judge and it was not switched off."""
        return self not in {ScanStatus.NOT_APPLICABLE, ScanStatus.DISABLED}


#: statuses in which a scanner that applies gave no answer: its checks are NOT ASSESSED
NOT_ASSESSED_STATUSES = frozenset({ScanStatus.FAILED, ScanStatus.MISSING, ScanStatus.TIMEOUT})
#: what an adapter may report for a run that did not succeed (``sarif.build.failed_run``)
FAILURE_STATUSES = frozenset({*NOT_ASSESSED_STATUSES, ScanStatus.NOT_APPLICABLE})


@dataclass(frozen=True)
class ScannerStatus:
    """The health of one scanner in one stage: what ran, what did not, and why."""

    name: str
    stage: str
    category: str
    status: ScanStatus
    required: bool
    reason: str | None = None
    version: str | None = None
    seconds: float = 0.0
    results: int = 0
    #: items the scanner ran on but could not judge (packages with no advisory data,
    #: unpinned requirements...): listed in its run's properties and notifications
    not_assessed: int = 0
    #: what ran, by digest (``shiftleft.provenance``): tool name/version/kind/sha256/digestOf,
    #: rule pack, shipped config, advisory database, and "pinned" (match | mismatch |
    #: unpinned); None for a scanner that did not run. Not part of equality.
    provenance: dict[str, Any] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.status, ScanStatus):
            object.__setattr__(self, "status", ScanStatus.parse(self.status))

    @property
    def assessed(self) -> bool:
        return self.status.assessed

    @property
    def applicable(self) -> bool:
        return self.status.applicable

    @property
    def not_assessed_run(self) -> bool:
        """It applies and gave no answer: the one definition of a scanner NOT ASSESSED."""
        return self.applicable and not self.assessed


# --- findings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanProgress:
    """One step of a running scan, for a live display: a scanner of a stage ``started`` or
    ``finished`` (with its status). Sent from the thread that runs the scan, in the order
    the steps happened; the display decides how to show it (the pipeline prints nothing)."""

    event: str  # "started" | "finished"
    scanner: str
    stage: str
    #: one line for a log (``shiftleft scan -v``)
    message: str
    #: the run's status when it finished (its final record is in ScanOutcome.statuses)
    status: ScanStatus | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Finding:
    """One result of the normalized SARIF log, flattened (``shiftleft.findings``)."""

    tool: str
    rule_id: str
    rule_name: str
    message: str
    path: str
    line: int
    severity: str
    category: str
    stage: str
    fingerprint: str
    cwe: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    help_uri: str | None = None
    suppressed: bool = False
    suppression: str | None = None
    baseline_state: str | None = None
    properties: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_secret(self) -> bool:
        """A live credential: the secrets scanner's findings, and any other scanner's that
        name the kind of secret they found (e.g. a token baked into an image's ENV)."""
        return self.category == "secrets" or "secretType" in self.properties


# --- the gate ---------------------------------------------------------------------------


class Verdict(str, enum.Enum):
    """The gate's answer, and the exit status of the scan that gave it."""

    PASSED = "PASSED"
    #: a findings rule failed
    FAILED = "FAILED"
    #: only coverage rules failed: something was not assessed
    INCOMPLETE = "INCOMPLETE"

    def __str__(self) -> str:
        return self.value

    @property
    def exit_code(self) -> int:
        return {Verdict.PASSED: EXIT_PASS, Verdict.FAILED: EXIT_GATE_FAILED, Verdict.INCOMPLETE: EXIT_INCOMPLETE}[self]

    @property
    def passed(self) -> bool:
        return self is Verdict.PASSED


@dataclass(frozen=True)
class GateRule:
    id: str
    description: str
    passed: bool
    detail: str
    #: findings-based rules decide exit 1; coverage rules decide exit 3
    kind: str = "findings"


@dataclass(frozen=True)
class GateResult:
    rules: tuple[GateRule, ...]
    #: the gate policy the rules came from (preset name or file id)
    policy: str = DEFAULT_PRESET

    @property
    def verdict(self) -> Verdict:
        """FAILED when a findings rule failed, else INCOMPLETE when a coverage rule did."""
        if any(not r.passed and r.kind == "findings" for r in self.rules):
            return Verdict.FAILED
        if any(not r.passed for r in self.rules):
            return Verdict.INCOMPLETE
        return Verdict.PASSED

    @property
    def passed(self) -> bool:
        return self.verdict.passed

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code


@dataclass(frozen=True)
class ExpiredWaiver:
    """A waiver past its expiry date: it no longer applies, and the gate says so."""

    id: str
    owner: str
    expires: str
    #: findings it would still match (they are active again)
    matches: int = 0


@dataclass(frozen=True)
class ItemCoverage:
    """What one scanner run that judges items one by one (dependency and image packages)
    was given and could judge, read from the properties its adapter wrote."""

    scanner: str
    stage: str
    #: items it could check (packages matched against the advisory database)
    checked: int
    #: items it could not (unpinned, no advisory data for their ecosystem...)
    not_assessed: int
    #: whole files it could not use at all, (path, reason): their item count is unknown
    files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GateContext:
    """What the gate needs besides findings and scanner health; the policy engine fills it
    from the SARIF log. The empty default is a plain scan: no waivers, nothing inline."""

    #: shiftleft/v1 fingerprints of findings suppressed by an inline comment
    inline_suppressed: frozenset[str] = frozenset()
    #: (scanner, age in days of the local advisory database it used; None = empty/unknown)
    advisory_ages: tuple[tuple[str, float | None], ...] = ()
    #: a waiver file was in use (the waivers rule is shown only then)
    waivers_in_use: bool = False
    expired_waivers: tuple[ExpiredWaiver, ...] = ()
    #: item counts of the dependency and image runs (``gate.item_coverage``)
    items: tuple[ItemCoverage, ...] = ()


# --- compliance -------------------------------------------------------------------------

#: the control state whose evidence is missing: a scanner it needs did not run or could not judge
NOT_ASSESSED = "not-assessed"


@dataclass(frozen=True)
class ControlResult:
    """One compliance control judged against this scan."""

    framework: str
    control_id: str
    title: str
    state: str  # pass | fail | not-assessed | not-applicable
    reason: str
    #: shiftleft/v1 fingerprints of the findings that made it fail
    findings: tuple[str, ...] = ()
    #: scanners whose runs are the evidence (or that were required and did not run)
    scanners: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameworkResult:
    id: str
    name: str
    version: str
    controls: tuple[ControlResult, ...]

    def count(self, state: str) -> int:
        return sum(1 for c in self.controls if c.state == state)


# --- scorecard, history, report ---------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """One stage, one category, or the whole scan."""

    name: str
    state: str  # assessed | partial | not-assessed | not-applicable
    score: float | None
    grade: str
    coverage: float
    scanners_ran: tuple[str, ...]
    scanners_not_run: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    #: the area's weight: the sum of its (stage, category) weights (``ScoreInput.weight``)
    weight: float | None = None
    #: items (packages) its scanners could judge and were given; None: it judges no items
    items_checked: int | None = None
    items_total: int | None = None


@dataclass(frozen=True)
class ScoreInput:
    """Every input of one (stage, category) to the score (docs/scorecard.md), so the
    numbers can be recomputed from scorecard.json."""

    stage: str
    category: str
    state: str
    #: 100 - penalty, floored at 0; None when no scanner of it ran
    raw_score: float | None
    #: sum of the severity weights of its unsuppressed findings
    penalty: float
    scanners_ran: int
    scanners_applicable: int
    #: None: its scanners judge no items (packages)
    items_checked: int | None
    items_total: int | None
    #: the share assessed: scanners ran / applicable x items checked / items given
    coverage: float
    #: coverage x (1 + penalty / 25); 0 when it had nothing to judge (an inventory: sbom)
    weight: float


@dataclass(frozen=True)
class Scorecard:
    overall: Area
    stages: tuple[Area, ...]
    categories: tuple[Area, ...]
    #: the per-(stage, category) inputs of every score above
    inputs: tuple[ScoreInput, ...] = ()


@dataclass(frozen=True)
class HistorySummary:
    """What changed since the previous scan of the same target, from the history store."""

    previous_scan: str | None  # ISO time of the scan compared against
    new: int
    fixed: int
    still_open: int
    #: (ISO time, open findings) oldest first, this scan last
    trend: tuple[tuple[str, int], ...] = ()
    #: severity -> mean days from first seen to fixed (None when nothing fixed yet)
    mttr_days: dict[str, float | None] = field(default_factory=dict)
    #: age bucket ("<7d", "7-30d", "30-90d", ">90d") -> open findings
    open_by_age: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Everything a reporter needs, derived once from the SARIF log (``report.model``)."""

    sarif: dict[str, Any]
    findings: tuple[Finding, ...]
    statuses: tuple[ScannerStatus, ...]
    gate: GateResult
    scorecard: Scorecard
    meta: dict[str, Any]
    frameworks: tuple[FrameworkResult, ...] = ()
    history: HistorySummary | None = None
