"""hadolint takes no configuration from the repository, the working directory, HOME, XDG
directories or HADOLINT_* variables; ignore pragmas hide nothing (the findings are kept as
in-source suppressions); nothing outside the root is read; a broken hadolint is a failed run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from shiftleft import tools
from shiftleft.scanners.hadolint import Hadolint

from . import builders
from .conftest import RunScanner, not_assessed, text_of, uris


def _found(run: dict[str, object]) -> dict[tuple[str, str], bool]:
    """(uri, rule) -> suppressed in source."""
    out = {}
    for r in run.get("results") or []:  # type: ignore[attr-defined]
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        out[(uri, r["ruleId"])] = any(s["kind"] == "inSource" for s in r.get("suppressions") or [])
    return out


@pytest.mark.usefixtures("hadolint")
def test_repository_configs_and_pragmas_hide_nothing(tmp_path: Path, run_scanner: RunScanner) -> None:
    """.hadolint.yaml / .hadolint.yml at the root and beside a Dockerfile ignore DL3007 and
    DL3002; pragmas ignore them in svc/Dockerfile. All four findings are reported; the two
    under a pragma carry an in-source suppression."""
    root = tmp_path / "repo"
    builders.hadolint_config(root)
    run = run_scanner(Hadolint, root)
    found = _found(run)
    assert found[("Dockerfile", "DL3007")] is False and found[("Dockerfile", "DL3002")] is False
    assert found[("svc/Dockerfile", "DL3007")] is True and found[("svc/Dockerfile", "DL3002")] is True


@pytest.mark.usefixtures("hadolint")
def test_cwd_home_xdg_configs_and_variables_are_not_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    for key, value in builders.hadolint_home_config(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / ".hadolint.yaml").write_text(builders.HADOLINT_DISABLING)
    monkeypatch.chdir(cwd)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text(builders.LATEST_ROOT)
    found = _found(run_scanner(Hadolint, root))
    assert {("Dockerfile", "DL3007"), ("Dockerfile", "DL3002")} <= set(found)


def test_hadolint_gets_our_config_and_no_hadolint_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    for key, value in builders.hadolint_home_config(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    probe = tmp_path / "probe.json"
    fake = builders.probe_tool(tmp_path / "hadolint", probe, stdout="[]")
    monkeypatch.setattr(tools, "find_tool", lambda name: str(fake))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text(builders.LATEST_ROOT)
    (root / ".hadolint.yaml").write_text(builders.HADOLINT_DISABLING)
    run = run_scanner(Hadolint, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    seen = json.loads(probe.read_text())
    argv, env = seen["argv"], seen["env"]
    config = Path(argv[argv.index("--config") + 1])
    assert config.read_text() == "ignored: []\n" and not str(config).startswith(str(root))
    assert "--disable-ignore-pragma" in argv
    assert not [k for k in env if k.startswith("HADOLINT_")]
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS"):
        assert not env[key].startswith(str(tmp_path / "home")), key
    assert os.listdir(seen["cwd"]) == []
    assert all(not a.startswith(str(root)) for a in argv[1:]), "hadolint was pointed at the repository itself"


@pytest.mark.usefixtures("hadolint")
def test_a_dockerfile_linked_outside_the_root_is_never_read(tmp_path: Path, run_scanner: RunScanner) -> None:
    planted = "OUTSIDE-THE-ROOT-9e2b"
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text(builders.LATEST_ROOT)
    builders.link_out(root, tmp_path / "elsewhere", "evil/Dockerfile", f"FROM {planted}:latest\nRUN {planted}\n")
    run = run_scanner(Hadolint, root, ("Dockerfile", "evil/Dockerfile"))
    assert planted not in text_of(run)
    assert uris(run) == {"Dockerfile"}
    assert [i["subject"] for i in not_assessed(run)] == ["evil/Dockerfile"]


@pytest.mark.usefixtures("hadolint")
def test_a_huge_dockerfile_is_not_assessed(tmp_path: Path, run_scanner: RunScanner) -> None:
    root = tmp_path / "repo"
    builders.huge_file(root, "big/Dockerfile", builders.LATEST_ROOT, 2 * 1024 * 1024)
    (root / "Dockerfile").write_text(builders.LATEST_ROOT)
    run = run_scanner(Hadolint, root)
    assert uris(run) == {"Dockerfile"}
    (item,) = not_assessed(run)
    assert item["subject"] == "big/Dockerfile" and "larger than" in item["reason"]


@pytest.mark.parametrize(
    ("stdout", "code", "sleep", "why"),
    [
        ("<html>not json</html>", 0, 0.0, "not JSON"),
        ('{"code": "DL3007"}', 0, 0.0, "not a list"),
        ("[" * 50_000 + "]" * 50_000, 0, 0.0, "not JSON"),
        ("", 1, 0.0, "exited with code 1"),
        ("[]", 0, 30.0, "timed out"),
    ],
    ids=["garbage", "wrong-shape", "deep", "crash", "hang"],
)
def test_a_broken_hadolint_is_a_failed_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner, stdout: str, code: int, sleep: float,
    why: str,
) -> None:
    fake = builders.fake_tool(tmp_path / "hadolint", stdout=stdout, code=code, sleep=sleep, stderr="boom\n")
    monkeypatch.setattr(tools, "find_tool", lambda name: str(fake))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text(builders.LATEST_ROOT)
    run = run_scanner(Hadolint, root, timeout=3)
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert why in " ".join(n["message"]["text"] for n in invocation["toolExecutionNotifications"])
    assert not run.get("results")
