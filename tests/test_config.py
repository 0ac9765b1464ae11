"""config.py: defaults, validation with file:line and did-you-mean, yaml and pyproject."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shiftleft.config import Config, ConfigError, GateConfig, ScannerConfig, load

KNOWN = ("bandit", "detect-secrets", "semgrep")


def write(tmp_path: Path, text: str, name: str = "shiftleft.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str, name: str = "shiftleft.yaml") -> tuple[Path, str]:
    path = write(tmp_path, text, name)
    with pytest.raises(ConfigError) as err:
        load(None, tmp_path, KNOWN)
    return path, str(err.value)


def line_of(message: str, path: Path) -> int:
    match = re.match(re.escape(str(path)) + r":(\d+):", message)
    assert match, message
    return int(match.group(1))


def test_defaults_without_any_file(tmp_path: Path) -> None:
    config = load(None, tmp_path, KNOWN)
    assert config == Config()
    assert config.stages is None
    assert config.timeout == 900.0
    assert config.gate == GateConfig(fail_on="high", fail_on_secrets=True, require_scanners=True)
    assert config.scanner("semgrep") == ScannerConfig()
    assert config.source is None


def test_empty_file_gives_defaults_with_source(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing yet\n")
    config = load(None, tmp_path, KNOWN)
    assert config == Config(source=path, origin="repository")


def test_valid_file_is_parsed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "stages: [code, deploy]\n"
        "exclude: vendor/\n"
        "timeout: 120\n"
        "scanners:\n"
        "  semgrep:\n"
        "    timeout: 30\n"
        "    options: {config: p/python}\n"
        "  bandit: false\n"
        "  detect-secrets:\n"
        "gate:\n"
        "  fail_on: medium\n"
        "  fail_on_secrets: false\n",
    )
    config = load(None, tmp_path, KNOWN)
    assert config.stages == ("code", "deploy")
    assert config.exclude == ("vendor/",)
    assert config.timeout == 120.0
    assert config.scanner("semgrep") == ScannerConfig(timeout=30.0, options={"config": "p/python"})
    assert config.scanner("bandit") == ScannerConfig(enabled=False)
    assert config.scanner("detect-secrets") == ScannerConfig()
    assert config.gate == GateConfig(fail_on="medium", fail_on_secrets=False)
    assert config.source == path


def test_config_file_name_precedence(tmp_path: Path) -> None:
    write(tmp_path, "timeout: 5\n", ".shiftleft.yaml")
    write(tmp_path, "timeout: 7\n", "shiftleft.yaml")
    write(tmp_path, "[tool.shiftleft]\ntimeout = 9\n", "pyproject.toml")
    assert load(None, tmp_path, KNOWN).timeout == 7.0


def test_misspelt_top_level_key(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "# my config\nexclude:\n  - vendor/\nstagse: [code]\n")
    assert line_of(msg, path) == 4
    assert "unknown key 'stagse'" in msg
    assert "did you mean 'stages'" in msg


def test_misspelt_nested_key(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "gate:\n  fail_on: high\n  fail_on_secret: true\n")
    assert line_of(msg, path) == 3
    assert "in gate" in msg
    assert "did you mean 'fail_on_secrets'" in msg


def test_timeout_must_be_a_number(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "stages: [code]\n\ntimeout: abc\n")
    assert line_of(msg, path) == 3
    assert "timeout: expected a positive number of seconds, got a string" in msg and "abc" not in msg


@pytest.mark.parametrize("value", ["0", "-5", "true", ".nan", ".inf", "-.inf"])
def test_timeout_must_be_positive_and_finite(tmp_path: Path, value: str) -> None:
    path, msg = error_for(tmp_path, f"timeout: {value}\n")
    assert line_of(msg, path) == 1
    assert "expected a positive number of seconds" in msg


def test_scanner_timeout_nan_rejected(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "scanners:\n  semgrep:\n    timeout: .nan\n")
    assert line_of(msg, path) == 3


def test_fail_on_unknown_severity(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "gate:\n  fail_on: urgent\n")
    assert line_of(msg, path) == 2
    assert "gate.fail_on: not one of critical, high, medium, low, info" in msg and "urgent" not in msg


@pytest.mark.parametrize(("word", "hint"), [("hgih", "high"), ("critcal", "critical"), ("HIGH", "high")])
def test_fail_on_did_you_mean(tmp_path: Path, word: str, hint: str) -> None:
    path, msg = error_for(tmp_path, f"gate:\n  fail_on: {word}\n")
    assert line_of(msg, path) == 2
    assert f"did you mean '{hint}'" in msg


def test_unknown_stage_in_block_list(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "stages:\n  - code\n  - bild\n")
    assert line_of(msg, path) == 3
    assert "stages.1: not one of code, build, test, deploy" in msg and "bild" not in msg
    assert "did you mean 'build'" in msg


def test_unknown_stage_in_flow_list(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "timeout: 10\nstages: [bild]\n")
    assert line_of(msg, path) == 2
    assert "did you mean 'build'" in msg


def test_unknown_scanner(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "scanners:\n  bandit: {}\n  semgrp:\n    timeout: 3\n")
    assert line_of(msg, path) == 3
    assert "unknown scanner 'semgrp' (did you mean 'semgrep'?)" in msg
    assert "known: bandit, detect-secrets, semgrep" in msg


def test_any_scanner_name_accepted_when_none_known(tmp_path: Path) -> None:
    write(tmp_path, "scanners:\n  anything: {timeout: 3}\n")
    assert load(None, tmp_path, ()).scanner("anything").timeout == 3.0


def test_wrong_container_types(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "exclude: 5\n")
    assert line_of(msg, path) == 1
    assert "expected a list, got int" in msg
    path, msg = error_for(tmp_path, "timeout: 3\ngate: [high]\n")
    assert line_of(msg, path) == 2
    assert "expected a mapping, got a list" in msg
    path, msg = error_for(tmp_path, "- a\n- b\n")
    assert "expected a mapping" in msg


def test_invalid_yaml_reports_a_line(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "timeout: 3\nstages: [code, build\nexclude: []\n")
    assert msg.startswith(f"{path}:")
    assert "invalid YAML" in msg
    assert line_of(msg, path) in (2, 3)


def test_tab_indented_yaml(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "gate:\n\tfail_on: high\n")
    assert "invalid YAML" in msg
    assert line_of(msg, path) == 2


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "shiftleft.yaml"
    path.write_bytes(b"timeout: 3\nexclude: [caf\xe9]\n")
    with pytest.raises(ConfigError) as err:
        load(None, tmp_path, KNOWN)
    assert str(err.value) == f"{path}: not a UTF-8 text file"


def test_pyproject_section_is_loaded(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[project]\nname = "x"\n\n[tool.shiftleft]\nstages = ["code"]\ntimeout = 30\n'
        '[tool.shiftleft.scanners.bandit]\ntimeout = 5\n[tool.shiftleft.gate]\nfail_on = "critical"\n',
        "pyproject.toml",
    )
    config = load(None, tmp_path, KNOWN)
    assert config.stages == ("code",)
    assert config.timeout == 30.0
    assert config.scanner("bandit").timeout == 5.0
    assert config.gate.fail_on == "critical"
    assert config.source == path


def test_pyproject_without_section_gives_defaults(tmp_path: Path) -> None:
    write(tmp_path, '[project]\nname = "x"\n', "pyproject.toml")
    assert load(None, tmp_path, KNOWN) == Config()


def test_pyproject_error_line(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, '[project]\nname = "x"\n\n[tool.shiftleft]\nstages = ["code"]\ntimeout = "abc"\n',
                          "pyproject.toml")  # fmt: skip
    assert line_of(msg, path) == 6
    assert "timeout: expected a positive number of seconds, got a string" in msg and "abc" not in msg


def test_pyproject_nested_table_error_line(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, '[tool.shiftleft]\nstages = ["code"]\n[tool.shiftleft.gate]\nfail_on = "urgnt"\n',
                          "pyproject.toml")  # fmt: skip
    assert line_of(msg, path) == 4


def test_invalid_toml(tmp_path: Path) -> None:
    path, msg = error_for(tmp_path, "[tool.shiftleft\ntimeout = 3\n", "pyproject.toml")
    assert msg.startswith(f"{path}: invalid TOML")


def test_explicit_config_missing(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as err:
        load(missing, tmp_path, KNOWN)
    assert str(err.value) == f"{missing}: config file not found"


def test_explicit_config_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a file"):
        load(tmp_path, tmp_path, KNOWN)


def test_explicit_pyproject_without_section_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, '[project]\nname = "x"\n', "pyproject.toml")
    with pytest.raises(ConfigError, match=r"has no \[tool.shiftleft\] section"):
        load(path, tmp_path, KNOWN)


def test_explicit_config_path_wins_over_cwd(tmp_path: Path) -> None:
    write(tmp_path, "timeout: 7\n")
    other = tmp_path / "sub"
    other.mkdir()
    explicit = write(other, "timeout: 11\n", "custom.yml")
    assert load(explicit, tmp_path, KNOWN).timeout == 11.0


def test_scanner_options_are_checked_against_what_the_scanner_declares(tmp_path: Path) -> None:
    from shiftleft import config as cfg
    from shiftleft.scanners.bandit import Bandit
    from shiftleft.scanners.semgrep import Semgrep

    known = {"semgrep": Semgrep.options, "bandit": Bandit.options, "plugin": None}
    path = tmp_path / "shiftleft.yaml"
    path.write_text("scanners:\n  semgrep:\n    options:\n      per_file_timout: 30\n")
    with pytest.raises(ConfigError, match=r"shiftleft.yaml:4: .*did you mean 'per_file_timeout'"):
        cfg.load(path, tmp_path, known)
    path.write_text("scanners:\n  bandit:\n    options: {min_severity: lwo}\n")
    with pytest.raises(ConfigError, match=r"min_severity: not one of low, medium, high \(did you mean 'low'\?\)$"):
        cfg.load(path, tmp_path, known)
    path.write_text("scanners:\n  plugin:\n    options: {anything: [1, 2]}\n  semgrep:\n    options: {jobs: 2}\n")
    loaded = cfg.load(path, tmp_path, known)
    assert loaded.scanner("plugin").options == {"anything": [1, 2]}  # undeclared: passed through
    assert loaded.scanner("semgrep").options == {"jobs": 2}
