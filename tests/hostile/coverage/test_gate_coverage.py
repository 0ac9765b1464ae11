"""The coverage gate rule: a stage mostly not assessed (packages of an ecosystem the advisory
database has no data for), an unread manifest, or nothing assessed at all - even with
``require_scanners: false`` - makes the gate incomplete (exit 3), never "Gate PASSED"."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft.config import GateConfig
from shiftleft.errors import EXIT_INCOMPLETE, EXIT_PASS
from shiftleft.model import GateContext, ScannerStatus
from shiftleft.policy import loader
from shiftleft.policy.gate import evaluate, item_coverage
from tests.hostile.coverage import builders
from tests.hostile.coverage.conftest import scan
from tests.image.image_helpers import Layer, docker_archive, files


def _ok(name: str, stage: str = "build", category: str = "sca") -> ScannerStatus:
    return ScannerStatus(name, stage, category, "ok", True)


def _run(scanner: str, stage: str, checked: int, items: int, files_: int = 0, key: str = "packagesChecked") -> dict:  # type: ignore[type-arg]
    na = [{"package": f"p{i}", "reason": "no data"} for i in range(items)]
    na += [{"package": "*", "manifest": f"m{i}.lock", "reason": "manifest skipped: no parser"} for i in range(files_)]
    count = checked if key == "packagesChecked" else checked + items
    return {"properties": {"shiftleft": {"scanner": scanner, "stage": stage, key: count, "notAssessed": na}}}


def _gate(sarif: dict, statuses: list[ScannerStatus], preset: str = "default", **cfg: object):  # type: ignore[no-untyped-def, type-arg]
    ctx = GateContext(items=item_coverage(sarif, statuses))
    return evaluate([], statuses, GateConfig(**cfg), policy=loader.gate_preset(preset), context=ctx)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("checked", "missing", "code"),
    [(0, 6000, EXIT_INCOMPLETE), (10, 11, EXIT_INCOMPLETE), (11, 10, EXIT_PASS), (50, 0, EXIT_PASS)],
)
def test_default_gate_fails_a_stage_mostly_not_assessed(checked: int, missing: int, code: int) -> None:
    """6,000 dpkg packages of a distro without advisory data: before, Gate PASSED with a note."""
    statuses = [_ok("container", "test", "container")]
    sarif = {"runs": [_run("container", "test", checked, missing, key="packages")]}
    result = _gate(sarif, statuses)
    assert result.exit_code == code
    if code == EXIT_INCOMPLETE:
        assert f"test: {missing} of {checked + missing}" in next(r for r in result.rules if r.id == "coverage").detail


def test_strict_gate_wants_everything() -> None:
    statuses = [_ok("osv")]
    assert _gate({"runs": [_run("osv", "build", 99, 1)]}, statuses, "strict").exit_code == EXIT_INCOMPLETE


def test_one_unread_manifest_fails_the_default_gate_whatever_the_share() -> None:
    statuses = [_ok("osv")]
    result = _gate({"runs": [_run("osv", "build", 1000, 0, files_=1)]}, statuses)
    assert result.exit_code == EXIT_INCOMPLETE
    assert "m0.lock (no parser)" in next(r for r in result.rules if r.id == "coverage").detail


def test_counts_of_a_scanner_that_did_not_succeed_are_ignored() -> None:
    """A failed run's properties (or a forged run) cannot lift a stage's share."""
    statuses = [_ok("osv"), ScannerStatus("forged", "build", "sca", "failed", False, "boom")]
    sarif = {"runs": [_run("osv", "build", 0, 10), _run("forged", "build", 10**9, 0)]}
    assert _gate(sarif, statuses).exit_code == EXIT_INCOMPLETE


@pytest.mark.parametrize("preset", ["default", "strict", "audit-only"])
def test_nothing_assessed_never_passes_even_without_required_scanners(preset: str) -> None:
    statuses = [ScannerStatus("semgrep", "code", "sast", "missing", True, "not installed"),
                ScannerStatus("osv", "build", "sca", "not-applicable", False, "no manifest")]  # fmt: skip
    result = _gate({"runs": []}, statuses, preset, require_scanners=False)
    assert result.exit_code == EXIT_INCOMPLETE
    assert _gate({"runs": []}, [], preset, require_scanners=False).exit_code == EXIT_INCOMPLETE


def test_npm_lockfile_with_a_pypi_only_database(repo: Path, tmp_path: Path, pypi_db: Path) -> None:
    """Before: "no npm advisories" was a note and the gate passed."""
    builders.npm_only(repo, 50)
    res = scan(repo, tmp_path / "out", "-s", "build", "--db", str(pypi_db))
    assert res.code == 3, res.proc.stdout
    assert "build: 50 of 50 item(s) not assessed" in res.rule("coverage")["detail"]
    assert "Gate PASSED" not in res.proc.stdout


def test_require_scanners_false_with_nothing_assessed(repo: Path, tmp_path: Path) -> None:
    (repo / "README.md").write_text("nothing to scan here\n")
    config = tmp_path / "relaxed.yaml"
    config.write_text("gate:\n  require_scanners: false\n")
    res = scan(repo, tmp_path / "out", "-s", "build", "--config", str(config))
    assert res.code == 3, res.proc.stdout
    assert "nothing was assessed" in res.rule("coverage")["detail"]


def test_image_packages_without_advisory_data(repo: Path, tmp_path: Path, full_db: Path) -> None:
    """A Debian image (scaled down from 6,000 packages to 300) with no Debian advisories."""
    os_release = 'ID=debian\nVERSION_ID="12"\n'
    layer = Layer(files({"etc/os-release": os_release, "var/lib/dpkg/status": builders.dpkg_status(300)}))
    config = {"architecture": "amd64", "os": "linux", "config": {"User": "app"}, "history": []}
    archive = docker_archive(tmp_path / "image.tar", [layer], config=config, tags=["victim:1"])
    res = scan(repo, tmp_path / "out", "-s", "test", "--image-archive", str(archive), "--db", str(full_db))
    assert res.status("container")["status"] == "ok"
    assert res.code in (1, 3) and not res.scorecard["gate"]["passed"]
    assert "test: 300 of 300 item(s) not assessed" in res.rule("coverage")["detail"]


def test_a_failed_dependency_scanner_is_not_every_manifest_read() -> None:
    """With the only dependency scanner failed (no advisory database) and require_scanners
    off (only possible with --config), the coverage rule said "every recognised manifest
    read" and passed: no item of the stage was counted at all."""
    statuses = [_ok("bandit", "code", "sast"), ScannerStatus("osv", "build", "sca", "failed", True, "no database")]
    result = _gate({"runs": []}, statuses, require_scanners=False)
    rule = next(r for r in result.rules if r.id == "coverage")
    assert not rule.passed and "build: osv failed" in rule.detail
    assert result.exit_code == EXIT_INCOMPLETE


def test_a_stage_counted_by_another_scanner_is_judged_on_its_counts() -> None:
    statuses = [_ok("pip-audit"), ScannerStatus("osv", "build", "sca", "failed", True, "no database")]
    result = _gate({"runs": [_run("pip-audit", "build", 10, 0)]}, statuses, require_scanners=False)
    assert next(r for r in result.rules if r.id == "coverage").passed
