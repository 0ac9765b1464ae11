"""A pre-commit config's ``rev: <commit id>`` (``pre-commit autoupdate --freeze``) is not a
secret: ``sarif.detectors.is_commit_pin``, applied to detect-secrets' findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft.sarif.detectors import is_commit_pin
from shiftleft.scanners.detect_secrets import DetectSecrets, drop_commit_pins
from tests.conftest import require
from tests.helpers import target_for

SHA = "5d8a1a0b0fb1b43e5a1b29f0e8ab8fd4d0bdbe29"
HEX = "Hex High Entropy String"


@pytest.mark.parametrize("line", [f"  rev: {SHA}", f"- rev: '{SHA}'", f'    rev: "{SHA}"  # frozen: v1.2.3',
                                  f"rev: {SHA * 1}", f"  rev: {'ab' * 32}"])  # fmt: skip
def test_pins_recognised(line: str) -> None:
    assert is_commit_pin(".pre-commit-config.yaml", line, HEX)
    assert is_commit_pin("sub/.pre-commit-config.yaml", line, HEX)


@pytest.mark.parametrize(("filename", "line", "kind"), [
    ("config.yaml", f"  rev: {SHA}", HEX),  # not a pre-commit config
    (".pre-commit-config.yaml", f"  token: {SHA}", HEX),  # another key
    (".pre-commit-config.yaml", f"  rev: {SHA}0", HEX),  # 41 hex: not an object id
    (".pre-commit-config.yaml", f"  rev: {SHA} token=abc", HEX),  # something else on the line
    (".pre-commit-config.yaml", f"  rev: {SHA}", "AWS Access Key"),  # not an entropy finding
    (".pre-commit-config.yaml", f"  rev: {SHA}", "Secret Keyword"),
])  # fmt: skip
def test_everything_else_is_judged_as_usual(filename: str, line: str, kind: str) -> None:
    assert not is_commit_pin(filename, line, kind)


def test_drop_reads_the_line_from_the_target(tmp_path: Path) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text(f"repos:\n- repo: x\n  rev: {SHA}\n  secret: {SHA}\n")
    findings = {".pre-commit-config.yaml": [{"type": HEX, "line_number": 3}, {"type": HEX, "line_number": 4}]}
    kept = drop_commit_pins(findings, target_for(tmp_path, [".pre-commit-config.yaml"]))
    assert kept == {".pre-commit-config.yaml": [{"type": HEX, "line_number": 4}]}


def test_real_detect_secrets_flags_it_and_the_adapter_drops_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(DetectSecrets().health() is None, "detect-secrets is needed")
    from shiftleft.model import ScanContext

    (tmp_path / ".pre-commit-config.yaml").write_text(f"repos:\n- repo: https://example.invalid/x\n  rev: {SHA}\n"
                                                      "  hooks: [{id: y}]\n")  # fmt: skip
    ctx = ScanContext(target_for(tmp_path, [".pre-commit-config.yaml"]), tmp_path)
    assert not DetectSecrets().run(ctx).results
    from shiftleft.scanners import detect_secrets

    monkeypatch.setattr(detect_secrets, "drop_commit_pins", lambda findings, target: findings)
    assert [r.rule_id for r in DetectSecrets().run(ctx).results] == ["detect-secrets/hex-high-entropy-string"]
