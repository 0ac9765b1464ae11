"""The policy data model: frozen dataclasses built from validated YAML files.

Two kinds of file share one format (policies/schema/policy.schema.json): a *gate* (rules
that decide the exit code) and a *framework* (compliance controls judged pass / fail /
not assessed / not applicable). Selecting findings is the only logic they share, so the
selector lives here with them; judging lives in gate.py and frameworks.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shiftleft import globs
from shiftleft.errors import ShiftleftError
from shiftleft.model import Finding
from shiftleft.severity import at_least


class PolicyError(ShiftleftError, ValueError):
    """A policy, waiver or baseline input that cannot be used, phrased for the user
    (``file: where: what``). The CLI turns it into exit 2: a gate that silently ignores a
    broken policy is a gate that is off."""


@dataclass(frozen=True)
class Selector:
    """Which findings a control or gate rule is about. Every key given must match (AND);
    within one key, any listed value may match (OR). Empty keys are not constraints."""

    categories: frozenset[str] = frozenset()
    cwes: frozenset[str] = frozenset()
    owasp: frozenset[str] = frozenset()
    rules: tuple[str, ...] = ()
    exclude_rules: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    severities: frozenset[str] = frozenset()
    min_severity: str | None = None
    stages: frozenset[str] = frozenset()
    tools: frozenset[str] = frozenset()

    def matches(self, finding: Finding) -> bool:
        if self.categories and finding.category not in self.categories:
            return False
        if self.stages and finding.stage not in self.stages:
            return False
        if self.severities and finding.severity not in self.severities:
            return False
        if self.min_severity and not at_least(finding.severity, self.min_severity):
            return False
        if self.cwes and not self.cwes.intersection(finding.cwe):
            return False
        if self.owasp and not self.owasp.intersection(finding.owasp):
            return False
        if self.paths and not globs.match_any(self.paths, finding.path, path=True):
            return False
        return any(self._reported_by(tool, rule) for tool, rule in reporters(finding))

    def _reported_by(self, tool: str, rule_id: str) -> bool:
        if self.tools and tool not in self.tools:
            return False
        if self.rules and not globs.match_any(self.rules, rule_id):
            return False
        return not (self.exclude_rules and globs.match_any(self.exclude_rules, rule_id))


def reporters(finding: Finding) -> list[tuple[str, str]]:
    """(tool, rule id) of the finding and of every result merged into it (``sarif.dedup``:
    ``properties.alsoReportedBy``), so a selector naming either tool's rule still matches
    one problem reported by two tools."""
    out = [(finding.tool, finding.rule_id)]
    also = finding.properties.get("alsoReportedBy")
    if isinstance(also, list):
        out.extend((str(a.get("tool") or ""), str(a.get("ruleId") or "")) for a in also if isinstance(a, dict))
    return out


def select(selectors: tuple[Selector, ...], finding: Finding) -> bool:
    """Any of the selectors matches (an empty tuple matches everything)."""
    return not selectors or any(s.matches(finding) for s in selectors)


@dataclass(frozen=True)
class Requirement:
    """What must have run for a control to be assessed.

    ``scanners``: every entry must be satisfied; an entry is a tuple of alternatives, of
    which one assessed scanner suffices (osv *or* pip-audit for Python dependencies).
    ``categories`` / ``stages``: every applicable scanner of each must have run.
    ``applicable_if``: the control is not applicable unless one of these scanners applies
    (CIS 4.10 needs a secrets engine, but only matters when there is a Dockerfile or image).
    ``evidence``: (scanner, kinds): that scanner must have assessed at least one of these
    kinds of input (checkov's frameworks: CIS 5.x needs kubernetes/helm/kustomize, not just
    "checkov ran" on a Terraform file); none of them in the target is *not applicable*.
    """

    scanners: tuple[tuple[str, ...], ...] = ()
    categories: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    applicable_if: tuple[str, ...] = ()
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def scanner_names(self) -> frozenset[str]:
        return (
            frozenset(name for group in self.scanners for name in group)
            | frozenset(self.applicable_if)
            | frozenset(name for name, _ in self.evidence)
        )


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    select: tuple[Selector, ...]
    requires: Requirement
    description: str = ""
    #: unsuppressed matching findings tolerated before the control fails
    max: int = 0


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    version: str
    controls: tuple[Control, ...]
    description: str = ""
    url: str | None = None
    source: Path | None = None


#: gate rule types whose failure is about findings (exit 1); the others are about coverage (exit 3)
FINDINGS_RULE_TYPES = frozenset({"severity", "secrets", "findings", "inline-suppressions", "waivers"})


@dataclass(frozen=True)
class GateRuleSpec:
    """One rule of a gate file. Which fields matter depends on ``type``; see the schema."""

    type: str
    id: str
    description: str
    select: tuple[Selector, ...] = ()
    fail_on: str | None = None
    max: int = 0
    #: "new": with baseline information, only findings introduced by the change count
    scope: str = "new"
    scanners: tuple[str, ...] = ()
    max_days: float | None = None
    at_or_above: str | None = None
    fail_on_expired: bool = False
    #: coverage rule: the share (0-1) of a stage's items that must have been assessed
    min_assessed: float | None = None

    @property
    def kind(self) -> str:
        return "findings" if self.type in FINDINGS_RULE_TYPES else "coverage"


@dataclass(frozen=True)
class GatePolicy:
    id: str
    title: str
    rules: tuple[GateRuleSpec, ...]
    description: str = ""
    source: Path | None = None
