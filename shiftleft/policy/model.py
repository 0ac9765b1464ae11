"""The policy data model: frozen dataclasses built from validated YAML files.

Two kinds of file share one format (policies/schema/policy.schema.json): a *gate* (rules
that decide the exit code) and a *framework* (compliance controls judged pass / fail /
not assessed / not applicable). Selecting findings is the only logic they share, so the
selector lives here with them; judging lives in gate.py and frameworks.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shiftleft import globs
from shiftleft.errors import ShiftleftError
from shiftleft.model import Finding
from shiftleft.severity import RANK, at_least


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


#: the finding fields ``FindingIndex`` files findings under
_INDEXED = ("category", "stage", "severity", "cwe", "owasp", "tool", "rule")


class FindingIndex:
    """The findings of one scan filed by what a selector can require of them (category,
    stage, severity, CWE, OWASP tag, and the tool and exact rule id of every reporter), so
    a control is matched against the few findings that can match it rather than all of
    them. ``select`` gives exactly what ``[f for f in findings if select(selectors, f)]``
    gives, in the same order: the index only narrows the candidates (each key a selector
    constrains is a necessary condition of ``Selector.matches``), and every candidate still
    goes through ``Selector.matches``."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        self._by: dict[str, dict[str, list[int]]] = {name: {} for name in _INDEXED}
        by = self._by
        for i, finding in enumerate(self.findings):
            by["category"].setdefault(finding.category, []).append(i)
            by["stage"].setdefault(finding.stage, []).append(i)
            by["severity"].setdefault(finding.severity, []).append(i)
            for cwe in dict.fromkeys(finding.cwe):
                by["cwe"].setdefault(cwe, []).append(i)
            for tag in dict.fromkeys(finding.owasp):
                by["owasp"].setdefault(tag, []).append(i)
            for tool, rule in dict.fromkeys(reporters(finding)):
                tools, rules = by["tool"].setdefault(tool, []), by["rule"].setdefault(rule, [])
                if not tools or tools[-1] != i:
                    tools.append(i)
                if not rules or rules[-1] != i:
                    rules.append(i)

    def _union(self, name: str, values: Iterable[str]) -> set[int]:
        table = self._by[name]
        out: set[int] = set()
        for value in values:
            out.update(table.get(value, ()))
        return out

    def _candidates(self, selector: Selector) -> set[int] | None:
        """The positions of the findings ``selector`` may match; None: any of them."""
        options = [self._union(key, wanted) for key, wanted in (
            ("category", selector.categories), ("stage", selector.stages), ("severity", selector.severities),
            ("cwe", selector.cwes), ("owasp", selector.owasp), ("tool", selector.tools)) if wanted]  # fmt: skip
        if selector.min_severity in RANK:  # anything else is left to ``matches`` (as before)
            threshold = selector.min_severity
            assert threshold is not None
            options.append(self._union("severity", [s for s in self._by["severity"] if at_least(s, threshold)]))
        if selector.rules and not any("*" in r or "?" in r for r in selector.rules):
            options.append(self._union("rule", selector.rules))  # no wildcard: ``globs.match`` is equality
        return min(options, key=len) if options else None

    def select(self, selectors: tuple[Selector, ...]) -> list[Finding]:
        """The findings any of ``selectors`` matches, in their order (all for an empty tuple)."""
        if not selectors:
            return list(self.findings)
        hit: set[int] = set()
        everything = range(len(self.findings))
        for selector in selectors:
            found = self._candidates(selector)
            for i in sorted(found) if found is not None else everything:
                if i not in hit and selector.matches(self.findings[i]):
                    hit.add(i)
        return [self.findings[i] for i in sorted(hit)]


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
