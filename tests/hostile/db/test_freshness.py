"""Forged and stale advisory data: a future-dated database is not "fresh", an old one does
not pass the default gate, and both say so where a person looks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shiftleft.advisories.freshness import (
    CLOCK_SKEW_DAYS,
    DEFAULT_MAX_AGE_DAYS,
    age_days_from_summary,
    untrusted_reason,
)
from shiftleft.config import GateConfig
from shiftleft.model import GateContext
from shiftleft.policy.gate import evaluate
from shiftleft.policy.loader import gate_preset
from tests.hostile.db import builders as b
from tests.hostile.db.conftest import cli, scan

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def summary(**newest: str) -> dict[str, object]:
    return {"path": "/db", "ecosystems": {e: {"count": 1, "newestModified": m} for e, m in newest.items()}}


@pytest.mark.parametrize(
    ("modified", "trusted"),
    [
        ("2098-01-01T00:00:00Z", False),  # the review's "-26,328 days old"
        (b.stamp(NOW + timedelta(days=CLOCK_SKEW_DAYS + 0.5)), False),
        (b.stamp(NOW + timedelta(hours=12)), True),  # clock skew
        (b.stamp(NOW - timedelta(days=3)), True),
    ],
)
def test_future_dated_data_is_not_trusted(modified: str, trusted: bool) -> None:
    age = age_days_from_summary(summary(PyPI=modified), now=NOW)
    assert (age is not None) is trusted
    assert (untrusted_reason(summary(PyPI=modified), now=NOW) is None) is trusted
    if age is not None:
        assert age >= 0


def test_one_future_dated_ecosystem_spoils_the_database() -> None:
    forged = summary(PyPI=b.stamp(NOW - timedelta(days=1)), npm="2099-01-01T00:00:00Z")
    assert age_days_from_summary(forged, now=NOW) is None
    assert "npm" in (untrusted_reason(forged, now=NOW) or "")


@pytest.mark.parametrize(("age", "passed"), [(1.0, True), (DEFAULT_MAX_AGE_DAYS + 0.5, False), (1275.0, False),
                                             (None, False)])  # fmt: skip
def test_the_default_gate_requires_fresh_data(age: float | None, passed: bool) -> None:
    result = evaluate([], [], policy=gate_preset("default"), context=GateContext(advisory_ages=(("osv", age),)))
    rule = next(r for r in result.rules if r.id == "advisory-db-fresh")
    assert rule.passed is passed
    if not passed:
        assert result.exit_code == 3


def test_max_age_days_overrides_the_default() -> None:
    from shiftleft.policy.gate import apply_config

    policy = apply_config(gate_preset("default"), GateConfig(max_advisory_age_days=2000), {"max_advisory_age_days"})
    result = evaluate([], [], policy=policy, context=GateContext(advisory_ages=(("osv", 1275.0),)))
    assert next(r for r in result.rules if r.id == "advisory-db-fresh").passed


def _clean_project(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text("other-pkg==1.0.0\n", "utf-8")
    return root


def test_scan_with_a_future_dated_database_is_not_a_pass(tmp_path: Path) -> None:
    """Before: exit 0, "newest data -26328 days old". Now: exit 3, said so in the terminal."""
    db = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3", [b.advisory(modified="2098-01-01T00:00:00Z")])
    res = scan(_clean_project(tmp_path / "repo"), tmp_path / "out", "--db", str(db), "--no-history")
    assert res.returncode == 3, res.stdout + res.stderr
    assert "future" in res.stdout and "-2" not in res.stdout.split("Advisory database:")[-1].split("\n")[0]
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert data["gate"]["passed"] is False


def test_scan_with_a_stale_database_is_incomplete_by_default(tmp_path: Path) -> None:
    """Before: a 1,275-day-old database passed the default gate."""
    db = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3", [b.advisory(modified="2023-06-01T00:00:00Z")])
    res = scan(_clean_project(tmp_path / "repo"), tmp_path / "out", "--db", str(db), "--no-history")
    assert res.returncode == 3, res.stdout + res.stderr
    assert "stale" in res.stdout
    status = cli("db", "status", "--db", str(db))
    assert status.returncode == 0 and "stale" in status.stdout


def test_scan_with_a_fresh_database_passes(tmp_path: Path) -> None:
    """The control: the same clean project against fresh data passes."""
    db = b.advisory_db(tmp_path / "adv" / "advisories.sqlite3")
    res = scan(_clean_project(tmp_path / "repo"), tmp_path / "out", "--db", str(db), "--no-history")
    assert res.returncode == 0, res.stdout + res.stderr
