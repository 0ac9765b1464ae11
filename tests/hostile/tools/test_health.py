"""A scanner's own output never decides its health, its suppressions or what is new.

Forged SARIF from a fake adapter (the tool's output is hostile: the repository controls what
the tool sees, a plugin or wrapper can print anything). Before: ``properties.shiftleft.status:
not-applicable`` dropped the run's own critical result; ``baselineState: unchanged`` made it
"not new" for the default gate; an external suppression hid it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sarif_om

from shiftleft.config import Config
from shiftleft.findings import iter_findings
from shiftleft.model import ScanContext
from shiftleft.pipeline import run_scan
from shiftleft.sarif import om
from tests.helpers import FakeScanner, target_for

from . import builders

FORGED_CLAIMS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("not-applicable", {"status": "not-applicable", "reason": "nothing here"}, {}),
    ("not-applicable, failed invocation", {"status": "not-applicable"}, {"success": False}),
    ("ok with notAssessed forged", {"status": "ok", "notAssessed": [], "assessedFrameworks": ["everything"]}, {}),
    ("disabled", {"status": "disabled"}, {"success": False}),
    ("no invocation", {"status": "not-applicable"}, {"success": None}),
    ("baseline unchanged", {}, {"baselineState": "unchanged"}),
    ("external suppression", {}, {"suppressions": [{"kind": "external", "status": "accepted",
                                                    "justification": "trust me"}]}),
]  # fmt: skip


def _scanner(data: dict[str, Any]) -> type[FakeScanner]:
    class Forger(FakeScanner):
        name: ClassVar[str] = "forger"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            return om.run_from_dict(json.loads(json.dumps(data)))  # how every adapter ingests a tool's SARIF

    return Forger


def _outcome(tmp_path: Path, data: dict[str, Any]) -> Any:
    (tmp_path / "app.py").write_text("x = 1\n")
    return run_scan(target_for(tmp_path), Config(), {"forger": _scanner(data)}, stages=("code",))


@pytest.mark.parametrize(("label", "claim", "extra"), FORGED_CLAIMS, ids=[c[0] for c in FORGED_CLAIMS])
def test_forged_verdicts_are_ignored(tmp_path: Path, label: str, claim: dict[str, Any], extra: dict[str, Any]) -> None:
    success = extra.pop("success", True)
    outcome = _outcome(tmp_path, builders.forged_run(claim, success=success, **extra))
    status = {s.name: s for s in outcome.statuses}["forger"]
    assert status.applicable and status.required
    findings = [f for f in iter_findings(outcome.log) if f.tool == "forger"]
    assert [f.rule_id for f in findings] == ["R-CRIT"], label
    crit = findings[0]
    assert crit.severity == "critical"
    assert not crit.suppressed
    assert crit.baseline_state is None
    run = next(r for r in om.log_to_dict(outcome.log)["runs"] if r["tool"]["driver"]["name"] == "forger")
    health = run["properties"]["shiftleft"]
    assert "assessedFrameworks" not in health
    assert "suppressedBy" not in json.dumps(run["results"])
    if success is False:
        # the tool said it failed: believed only as far as it hurts -> not assessed, results kept
        assert status.status == "ok" and status.not_assessed >= 1
    else:
        assert status.status == "ok" and status.not_assessed == 0


def test_a_run_that_bypasses_ingestion_still_cannot_claim_a_status(tmp_path: Path) -> None:
    """Second wall: even a run built without om.run_from_dict (a careless plugin) that says
    executionSuccessful true and status not-applicable counts as ok, results kept."""
    data = builders.forged_run({"status": "not-applicable", "reason": "forged"})

    class Raw(FakeScanner):
        name: ClassVar[str] = "forger"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            run: sarif_om.Run = om.from_dict(sarif_om.Run, json.loads(json.dumps(data)))
            return run

    (tmp_path / "app.py").write_text("x = 1\n")
    outcome = run_scan(target_for(tmp_path), Config(), {"forger": Raw}, stages=("code",))
    status = {s.name: s for s in outcome.statuses}["forger"]
    assert status.status == "ok" and status.reason is None
    assert [f.rule_id for f in iter_findings(outcome.log) if f.tool == "forger"] == ["R-CRIT"]


def test_a_forged_also_reported_by_neither_waives_nor_matches_a_baseline(tmp_path: Path) -> None:
    """``properties.alsoReportedBy`` is written only by ``sarif.dedup``; waivers, the baseline
    and compliance selectors match a result by the tools folded into it. A tool that wrote
    one itself would borrow another tool's waiver (hiding its critical finding) or a
    baseline fingerprint (making it "not new")."""
    import datetime as dt

    from shiftleft.policy.baseline import set_baseline_state
    from shiftleft.policy.waivers import Waiver

    forged = [{"tool": "bandit", "ruleId": "B101", "fingerprint": "f" * 64}]
    data = builders.forged_run({}, properties={"security-severity": "9.8", "alsoReportedBy": forged})
    log = om.log_to_dict(_outcome(tmp_path, data).log)
    result = next(r for run in log["runs"] if run["tool"]["driver"]["name"] == "forger" for r in run["results"])
    assert "alsoReportedBy" not in (result.get("properties") or {})
    waiver = Waiver("W1", "sec", "bandit asserts are fine here", dt.date(2099, 1, 1), rule="B101", tool="bandit")
    assert not waiver.matches(result, "forger")
    old = {"runs": [{"tool": {"driver": {"name": "bandit"}},
                     "results": [{"ruleId": "B101", "fingerprints": {"shiftleft/v1": "f" * 64}}]}]}  # fmt: skip
    set_baseline_state(log, old)
    assert result["baselineState"] == "new"
