"""A repository's config names files: each must be a regular file inside the scan root,
reached without a link that leaves it; nothing it names on the host is read, and no error
quotes a file's content."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftleft.config import ConfigError, load
from shiftleft.policy import waivers
from shiftleft.policy.model import PolicyError

from .builders import (
    HOST_SECRET,
    HighSast,
    World,
    alias_bomb,
    escape_values,
    everything_written,
    fake_registry,
    fifo,
    scan,
    world,
)

KEYS = {
    "waivers": "waivers: {value}\n",
    "policies": "policies:\n  - {value}\n",
    "gate.preset": "gate:\n  preset: {value}\n",
}


def _assert_refused(w: World, result_output: str, exit_code: int, key: str) -> None:
    assert exit_code == 2, result_output
    assert HOST_SECRET not in result_output and "saltsalt" not in result_output
    assert f"{w.repo / 'shiftleft.yaml'}:" in result_output and key in result_output
    assert "Traceback" not in result_output


@pytest.mark.parametrize("key", sorted(KEYS))
@pytest.mark.parametrize("how", ["absolute", "traversal", "dot-traversal", "symlinked-file", "symlinked-directory",
                                 "relative-link-directory", "out-and-back", "home"])  # fmt: skip
def test_a_repository_config_cannot_name_a_file_outside_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, how: str
) -> None:
    w = world(tmp_path)
    value = escape_values(w)[how]
    w.write_config(KEYS[key].format(value=f'"{value}"'))
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    _assert_refused(w, result.output, result.exit_code, key)
    assert not w.out.exists() or HOST_SECRET not in everything_written(w.out)


def test_a_fifo_named_as_the_waiver_file_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(tmp_path)
    w.write_config(f"waivers: {fifo(w)}\n")
    started = time.monotonic()
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    assert result.exit_code == 2 and "not a regular file" in result.output
    assert time.monotonic() - started < 30


def test_files_inside_the_root_still_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule is not a ban: a waiver file inside the root, even through a link that stays
    inside, is used (and its waiver suppresses the finding)."""
    w = world(tmp_path)
    (w.repo / "security").mkdir()
    (w.repo / "security" / "waivers.yaml").write_text(
        "waivers:\n  - rule: FAKE-HIGH\n    owner: sec\n    reason: accepted\n    expires: 2999-01-01\n", "utf-8")
    (w.repo / "sec").symlink_to("security", target_is_directory=True)
    w.write_config("waivers: sec/waivers.yaml\n")
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    assert result.exit_code == 0, result.output


def test_explicit_config_may_name_any_file_but_errors_never_quote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--config is the operator's: its paths are trusted (absolute is fine), but a file that
    is not a waiver file is reported by file:line and key, never by its content."""
    w = world(tmp_path)
    explicit = w.host / "ci.yaml"
    explicit.write_text(f"waivers: {w.secret_file}\n", "utf-8")
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history", "--config", str(explicit))
    assert result.exit_code == 2, result.output
    assert str(w.secret_file) in result.output  # it was read, as the operator asked
    assert HOST_SECRET not in result.output and "saltsalt" not in result.output


def test_a_symlinked_config_in_the_target_is_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shiftleft.yaml that links to a config elsewhere used to load it, and the 'from the
    scanned directory' warning vanished."""
    w = world(tmp_path)
    elsewhere = w.host / "relaxed.yaml"
    elsewhere.write_text("gate:\n  fail_on: critical\n", "utf-8")
    (w.repo / "shiftleft.yaml").symlink_to(elsewhere)
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    assert result.exit_code == 1, result.output  # the high finding still fails the default gate
    assert "symbolic link: not loaded" in result.stderr
    assert "setting(s) ignored or refused" in result.stdout


def test_a_symlinked_config_to_a_credentials_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(tmp_path)
    (w.repo / "pyproject.toml").symlink_to(w.secret_file)
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    assert result.exit_code == 1, result.output
    assert HOST_SECRET not in result.output and HOST_SECRET not in everything_written(w.out)


@pytest.mark.parametrize("text", [
    f"AKIA{HOST_SECRET[:16]}: 1\n",
    f"timeout: '{HOST_SECRET}'\n",
    f"gate:\n  fail_on: '{HOST_SECRET}'\n",
    f"stages: ['{HOST_SECRET}']\n",
    f"scanners:\n  '{HOST_SECRET}': true\n",
    f"root:$6$saltsalt${HOST_SECRET}:19000:0:99999:7:::\n",
    f"a: [\n'{HOST_SECRET}\n",
])  # fmt: skip
def test_config_errors_never_quote_a_value(tmp_path: Path, text: str) -> None:
    (tmp_path / "shiftleft.yaml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as err:
        load(None, tmp_path, ("bandit", "semgrep"))
    assert HOST_SECRET not in str(err.value) and HOST_SECRET[:12] not in str(err.value)
    assert str(err.value).startswith(f"{tmp_path / 'shiftleft.yaml'}:")


_SECRETS = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="'\"\\#"),
                   min_size=12, max_size=40).map(lambda s: "S3" + s + "!")  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=_SECRETS, where=st.sampled_from(["timeout", "gate-fail_on", "stage", "key", "waiver-date",
                                                "waiver-owner", "policy-key", "policy-kind"]))  # fmt: skip
def test_no_error_quotes_a_planted_secret(tmp_path: Path, secret: str, where: str) -> None:
    """Property: whatever the secret and wherever it sits in a config, waiver or policy file,
    the error names file:line and key, and no 8-character run of the secret."""
    quoted = "'" + secret + "'"
    texts = {
        "timeout": ("shiftleft.yaml", f"timeout: {quoted}\n"),
        "gate-fail_on": ("shiftleft.yaml", f"gate:\n  fail_on: {quoted}\n"),
        "stage": ("shiftleft.yaml", f"stages: [{quoted}]\n"),
        "key": ("shiftleft.yaml", f"{quoted}: 1\n"),
        "waiver-date": ("w.yaml", f"waivers:\n  - rule: x\n    owner: o\n    reason: r\n    expires: {quoted}\n"),
        "waiver-owner": ("w.yaml", f"waivers:\n  - rule: x\n    owner: [{quoted}]\n    reason: r\n"
                                   "    expires: 2030-01-01\n"),
        "policy-key": ("w.yaml", f"waivers: []\n{quoted}: 1\n"),
        "policy-kind": ("p.yaml", f"kind: {quoted}\nid: x\ntitle: t\nrules: []\n"),
    }  # fmt: skip
    name, text = texts[where]
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises((ConfigError, PolicyError)) as err:
        if name == "shiftleft.yaml":
            load(None, tmp_path, ("bandit",))
        elif name == "w.yaml":
            waivers.load(path)
        else:
            from shiftleft.policy import loader

            loader.load(path)
    message = str(err.value)
    assert message.startswith(str(path))
    runs = {secret[i:i + 8] for i in range(len(secret) - 7)}
    leaked = [r for r in runs if r in message.replace(str(path), "")]
    assert not leaked, message


@pytest.mark.parametrize("text", [alias_bomb(), "waivers: &loop [*loop]\n"], ids=["billion-laughs", "self-alias"])
def test_an_alias_bomb_waiver_file_is_refused_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """A repository's .shiftleft-waivers.yaml is read on every scan: a few lines of nested
    aliases used to walk 10^8 nodes (the scan hung); a self-referring one could recurse."""
    w = world(tmp_path)
    (w.repo / ".shiftleft-waivers.yaml").write_text(text, "utf-8")
    started = time.monotonic()
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history")
    assert result.exit_code == 2, result.output
    assert "aliases expand" in result.stderr and "Traceback" not in result.output
    assert time.monotonic() - started < 30  # 10^8 nodes took minutes
