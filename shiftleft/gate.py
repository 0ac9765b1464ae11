"""The merge gate: does this scan let the change through?

Default rules (docs/gate.md): no unsuppressed finding at or above ``fail_on`` (high), no
unsuppressed secret, and every required scanner that applies actually ran. A scanner that
did not run can never make the gate pass: the gate then fails as *incomplete*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shiftleft.config import GateConfig
from shiftleft.findings import Finding
from shiftleft.pipeline import ScannerStatus
from shiftleft.severity import at_least

EXIT_PASS = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_INTERNAL = 4


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

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rules)

    @property
    def exit_code(self) -> int:
        if any(not r.passed and r.kind == "findings" for r in self.rules):
            return EXIT_GATE_FAILED
        if any(not r.passed for r in self.rules):
            return EXIT_INCOMPLETE
        return EXIT_PASS


def evaluate(findings: Iterable[Finding], statuses: Sequence[ScannerStatus], config: GateConfig) -> GateResult:
    active = [f for f in findings if not f.suppressed]
    rules: list[GateRule] = []
    over = [f for f in active if at_least(f.severity, config.fail_on)]
    rules.append(
        GateRule(
            f"no-{config.fail_on}-or-above",
            f"no unsuppressed finding of severity {config.fail_on} or above",
            not over,
            f"{len(over)} finding(s) at or above {config.fail_on}" if over else "none",
        )
    )
    if config.fail_on_secrets:
        secrets = [f for f in active if f.category == "secrets"]
        rules.append(
            GateRule(
                "no-secrets",
                "no unsuppressed committed secret",
                not secrets,
                f"{len(secrets)} secret(s) found" if secrets else "none",
            )
        )
    if config.require_scanners:
        missing = [s for s in statuses if s.required and s.applicable and not s.assessed]
        names = ", ".join(f"{s.name} ({s.status})" for s in missing)
        rules.append(
            GateRule(
                "required-scanners-ran",
                "every required scanner that applies ran successfully",
                not missing,
                f"not assessed: {names}" if missing else "all ran",
                kind="coverage",
            )
        )
    return GateResult(tuple(rules))
