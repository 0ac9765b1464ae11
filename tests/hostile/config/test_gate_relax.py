"""A repository's config may tighten the gate, never relax it; passed with --config it
applies in full, and the summary says which it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builders import (
    CleanBuild,
    HighSast,
    LowSecret,
    MediumSast,
    MissingTool,
    fake_registry,
    scan,
    scorecard,
    world,
)

# (attack, config text, scanners, exit code of the default gate, the key the warning names)
RELAXING = [
    ("fail-on-critical", "gate:\n  fail_on: critical\n", (HighSast,), 1, "gate.fail_on"),
    ("no-secrets-rule", "gate:\n  fail_on_secrets: false\n", (LowSecret,), 1, "gate.fail_on_secrets"),
    ("no-required-scanners", "gate:\n  require_scanners: false\n", (MissingTool, CleanBuild), 3,
     "gate.require_scanners"),
    ("preset-audit-only", "gate:\n  preset: audit-only\n", (HighSast,), 1, "gate.preset"),
    ("preset-file", "gate:\n  preset: lax-gate.yaml\n", (HighSast,), 1, "gate.preset"),
    ("disable-required", "scanners:\n  fake-sast: false\n", (HighSast, CleanBuild), 1, "scanners.fake-sast"),
    ("disable-required-long", "scanners:\n  fake-sast: {enabled: false}\n", (HighSast, CleanBuild), 1,
     "scanners.fake-sast"),
    ("not-required", "scanners:\n  fake-missing: {required: false}\n", (MissingTool, CleanBuild), 3,
     "scanners.fake-missing.required"),
    ("narrow-stages", "stages: [build]\n", (HighSast, CleanBuild), 1, "stages"),
    ("pyproject", "[tool.shiftleft.gate]\nfail_on = \"critical\"\n", (HighSast,), 1, "gate.fail_on"),
]  # fmt: skip
LAX_GATE = "kind: gate\nid: lax\ntitle: lax\nrules:\n  - type: waivers\n"


def _setup(tmp_path: Path, text: str) -> tuple[object, Path]:
    w = world(tmp_path)
    name = "pyproject.toml" if text.startswith("[tool") else "shiftleft.yaml"
    config = w.write_config(text, name)
    (w.repo / "lax-gate.yaml").write_text(LAX_GATE, "utf-8")
    return w, config


@pytest.mark.parametrize(("attack", "text", "scanners", "code", "key"), RELAXING, ids=[r[0] for r in RELAXING])
def test_repository_config_cannot_relax_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str, text: str,
    scanners: tuple[type, ...], code: int, key: str,
) -> None:  # fmt: skip
    w, _ = _setup(tmp_path, text)
    with fake_registry(monkeypatch, *scanners):
        result = scan(w, "--no-history")
    assert result.exit_code == code, result.output
    assert ("Gate INCOMPLETE" if code == 3 else "Gate FAILED") in result.stdout  # one verdict, as the exit code
    assert key in result.stderr and "ignored" in result.stderr
    assert "from the scanned directory" in result.stdout and "setting(s) ignored" in result.stdout
    meta = scorecard(w)["scan"]
    assert meta["configOrigin"] == "repository"
    assert any(key in n for n in meta["configNotices"])


@pytest.mark.parametrize(("attack", "text", "scanners", "code", "key"), RELAXING, ids=[r[0] for r in RELAXING])
def test_the_same_config_passed_with_config_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str, text: str,
    scanners: tuple[type, ...], code: int, key: str,
) -> None:  # fmt: skip
    """The operator's choice: every one of these relaxes the gate when passed explicitly,
    and the summary says the config was passed explicitly."""
    w, config = _setup(tmp_path, text)
    with fake_registry(monkeypatch, *scanners):
        result = scan(w, "--no-history", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "passed explicitly with --config" in result.stdout
    assert "ignored" not in result.stderr
    assert scorecard(w)["scan"]["configOrigin"] == "explicit"


@pytest.mark.parametrize(("text", "scanners", "code"), [
    ("gate:\n  fail_on: low\n", (MediumSast,), 1),
    ("gate:\n  preset: strict\n", (MediumSast,), 1),
    ("scanners:\n  fake-missing: {required: true}\n", (MissingTool, CleanBuild), 3),
])  # fmt: skip
def test_repository_config_may_tighten_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, scanners: tuple[type, ...], code: int
) -> None:
    w, _ = _setup(tmp_path, text)
    with fake_registry(monkeypatch, *scanners):
        result = scan(w, "--no-history")
    assert result.exit_code == code, result.output
    assert "ignored" not in result.stderr


def test_a_medium_finding_passes_without_the_tightening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control for the test above: the default gate lets a medium finding through."""
    w = world(tmp_path)
    with fake_registry(monkeypatch, MediumSast):
        assert scan(w, "--no-history").exit_code == 0


def test_exclude_still_works_and_is_visible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w, _ = _setup(tmp_path, "exclude: ['app.py']\n")
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    card = scorecard(w)
    assert card["scan"]["filesSkipped"] >= 1
    assert "skipped" in result.stdout


def test_repository_scanner_options_are_ignored(tmp_path: Path) -> None:
    """Options that name files (a rule file, a database) or change what a tool reports are
    the operator's; performance knobs stay."""
    from shiftleft.config import load
    from shiftleft.repo_config import limit
    from shiftleft.scanners.bandit import Bandit
    from shiftleft.scanners.semgrep import Semgrep

    (tmp_path / "shiftleft.yaml").write_text(
        "scanners:\n  semgrep: {options: {rules: [/etc/passwd], jobs: 2}}\n"
        "  bandit: {options: {min_severity: high}}\nadvisories: {online: true, max_age_days: 9999}\n", "utf-8")
    config = load(None, tmp_path, {"semgrep": Semgrep.options, "bandit": Bandit.options})
    limited = limit(config, {"semgrep": True, "bandit": True}, None)
    assert limited.config.scanner("semgrep").options == {"jobs": 2}
    assert limited.config.scanner("bandit").options == {}
    assert "online" not in limited.config.advisories
    text = "\n".join(limited.ignored)
    assert "scanners.semgrep.options (rules)" in text and "scanners.bandit.options (min_severity)" in text
    assert "advisories.online" in text and "/etc/passwd" not in text


def test_a_larger_advisory_age_is_ignored_a_smaller_one_kept(tmp_path: Path) -> None:
    from shiftleft.config import load
    from shiftleft.repo_config import limit

    (tmp_path / "shiftleft.yaml").write_text("gate: {preset: strict, max_advisory_age_days: 30}\n", "utf-8")
    limited = limit(load(None, tmp_path), {}, None)
    assert limited.config.gate.preset == "strict" and "max_advisory_age_days" not in limited.config.gate_keys
    assert any("advisory database age" in n for n in limited.ignored)
    (tmp_path / "shiftleft.yaml").write_text("gate: {max_advisory_age_days: 3}\n", "utf-8")
    limited = limit(load(None, tmp_path), {}, None)
    assert limited.config.gate.max_advisory_age_days == 3 and not limited.ignored


FAKE_SOC2 = """kind: framework
id: soc2
title: SOC 2 (all clear)
version: "2017"
controls:
  - id: EVERYTHING
    title: nothing to see
    select: {category: sast}
    requires: {categories: [sast]}
"""


def test_a_repository_framework_file_cannot_replace_a_shipped_framework(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w, _ = _setup(tmp_path, "policies: [compliance/soc2.yaml]\n")
    (w.repo / "compliance").mkdir()
    (w.repo / "compliance" / "soc2.yaml").write_text(FAKE_SOC2, "utf-8")
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    assert "policies.0 ignored" in result.stderr, result.output
    (soc2,) = [f for f in scorecard(w)["frameworks"] if f["id"] == "soc2"]
    assert "EVERYTHING" not in {c["controlId"] for c in soc2["controls"]} and len(soc2["controls"]) > 1
