"""Which secrets engine runs: Betterleaks by default, detect-secrets when the config turns it
on (alone or alongside); a repository's config may add an engine, never remove the default;
and no control on secrets passes when neither engine ran."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shiftleft import tools
from shiftleft.config import REPOSITORY, Config, ScannerConfig
from shiftleft.model import ScanStatus
from shiftleft.policy import frameworks, loader
from shiftleft.policy.model import Framework
from shiftleft.repo_config import limit
from shiftleft.scanners.betterleaks import RULES, Betterleaks
from shiftleft.scanners.detect_secrets import DetectSecrets
from shiftleft.scanners.registry import BUILTIN_SCANNERS
from tests.helpers import status

ROOT = Path(__file__).resolve().parents[2]


def test_betterleaks_is_the_default_engine_and_detect_secrets_is_optional() -> None:
    assert Betterleaks in BUILTIN_SCANNERS and DetectSecrets in BUILTIN_SCANNERS
    assert Betterleaks.category == DetectSecrets.category == "secrets"
    assert Betterleaks.is_enabled(None) and Betterleaks.required
    assert not DetectSecrets.is_enabled(None)
    assert DetectSecrets.is_enabled(True) and not Betterleaks.is_enabled(False)
    assert DetectSecrets.is_enabled(None, required=True)  # `detect-secrets: {required: true}` asks for it
    assert not DetectSecrets.is_enabled(False, required=True)


def test_betterleaks_is_pinned_by_version_and_hash() -> None:
    assert tools.TOOLS["betterleaks"].package == "pybetterleaks"
    assert tools.pinned_requirements()["pybetterleaks"] == "pybetterleaks==0.6.2"
    hashes = tools.pinned_hashes()["pybetterleaks"]
    assert hashes and all(h.startswith("sha256:") and len(h) == 71 for h in hashes)
    assert "checkov" not in tools.pinned_hashes()


def test_our_rule_file_extends_the_default_rules() -> None:
    import tomllib

    data = tomllib.loads(RULES.read_text("utf-8"))
    assert data["extend"]["useDefault"] is True
    ids = {r["id"] for r in data["rules"]}
    assert all(i.startswith("shiftleft-") for i in ids)
    assert {"shiftleft-netrc-password", "shiftleft-git-credentials", "shiftleft-pgpass", "shiftleft-htpasswd-hash",
            "shiftleft-wp-config-secret", "shiftleft-rails-master-key", "shiftleft-jenkins-credentials",
            "shiftleft-docker-config-auth"} <= ids  # fmt: skip


def _repo_config(**scanners: ScannerConfig) -> Config:
    return Config(scanners=scanners, origin=REPOSITORY)


def test_repository_config_cannot_switch_the_default_engine_off_but_may_add_one() -> None:
    required = {cls.name: cls.required for cls in BUILTIN_SCANNERS}
    limited = limit(_repo_config(betterleaks=ScannerConfig(enabled=False),
                                 **{"detect-secrets": ScannerConfig(enabled=True)}), required)  # fmt: skip
    assert limited.config.scanner("betterleaks").enabled is True
    assert any("scanners.betterleaks" in why for why in limited.ignored)
    assert limited.config.scanner("detect-secrets").enabled is True
    # an explicit --config may choose detect-secrets alone
    explicit = Config(scanners={"betterleaks": ScannerConfig(enabled=False)}, origin="explicit")
    assert limit(explicit, required).config.scanner("betterleaks").enabled is False


def _secrets_controls() -> list[tuple[Framework, object]]:
    out = []
    for path in sorted((ROOT / "policies" / "frameworks").glob("*.yaml")):
        fw = loader.load(path)
        assert isinstance(fw, Framework)
        for control in fw.controls:
            wants = control.requires
            names = {n for group in wants.scanners for n in group}
            if "secrets" in wants.categories or names & {"betterleaks", "detect-secrets"}:
                out.append((fw, control))
    return out


def test_secrets_controls_accept_betterleaks_evidence() -> None:
    statuses = [
        status("betterleaks", category="secrets"),
        status("detect-secrets", ScanStatus.DISABLED, category="secrets", required=False),
        status("semgrep"), status("bandit"), status("checkov", stage="deploy", category="iac"),
        status("checkov-dockerfile", stage="build", category="iac"), status("container", stage="test",
                                                                            category="container"),
    ]  # fmt: skip
    controls = _secrets_controls()
    assert len(controls) >= 8
    for fw, control in controls:
        cov = frameworks.coverage(control.requires, statuses)  # type: ignore[attr-defined]
        assert cov.state == frameworks.ASSESSED, (fw.id, control.id, cov.reason)  # type: ignore[attr-defined]


def test_no_secrets_control_passes_when_neither_engine_ran() -> None:
    for betterleaks in (ScanStatus.MISSING, ScanStatus.FAILED, ScanStatus.TIMEOUT, ScanStatus.DISABLED):
        statuses = [
            status("betterleaks", betterleaks, category="secrets"),
            status("detect-secrets", ScanStatus.DISABLED, category="secrets", required=False),
            status("semgrep"), status("bandit"), status("checkov", stage="deploy", category="iac"),
            status("checkov-dockerfile", stage="build", category="iac"),
        ]  # fmt: skip
        for fw, control in _secrets_controls():
            cov = frameworks.coverage(control.requires, statuses)  # type: ignore[attr-defined]
            assert cov.state == frameworks.NOT_ASSESSED, (betterleaks, fw.id, control.id, cov.reason)


def test_hash_pinned_tool_is_installed_with_require_hashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pip gets a requirements file with the pin and every hash, and --require-hashes: a wheel
    whose hash is not pinned is refused (fails closed)."""
    import subprocess

    seen: dict[str, object] = {}

    def fake_run(argv: list[str], **_kw: Any) -> subprocess.CompletedProcess[str]:
        if "-r" in argv:
            seen["argv"] = argv
            seen["req"] = Path(argv[argv.index("-r") + 1]).read_text()
        return subprocess.CompletedProcess(argv, 1, "", "ERROR: hash mismatch")

    monkeypatch.setenv(tools.TOOLS_DIR_ENV, str(tmp_path))
    (tmp_path / "betterleaks" / "bin").mkdir(parents=True)
    (tmp_path / "betterleaks" / "bin" / "python").write_text("")
    monkeypatch.setattr(tools.subprocess, "run", fake_run)
    try:
        tools.install("betterleaks")
    except tools.ToolInstallError as exc:
        assert "pybetterleaks==0.6.2" in str(exc)
    argv = seen["argv"]
    assert isinstance(argv, list) and "--require-hashes" in argv and "--no-deps" in argv
    req = str(seen["req"])
    assert req.startswith("pybetterleaks==0.6.2 ") and req.count("--hash=sha256:") == 4
