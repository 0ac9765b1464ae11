"""Every subprocess, not only the scanners': syft, pip (``resolve: true``) and git (commit
info, ``--diff-base``) run isolated like the scanners (``shiftleft/process.py``): a private,
empty cwd and HOME, none of their config variables inherited, so a ``.syft.yaml`` or pip.conf
in the directory shiftleft runs in (or HOME), ``SYFT_*``/``PIP_*``/``GIT_*`` variables cannot
change what they report; git's output is bounded like any tool's."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from shiftleft import gitinfo
from shiftleft.image import syft
from shiftleft.image.archive import ImageManifest
from shiftleft.inventory import resolve
from shiftleft.inventory.model import Inventory, Unassessed
from shiftleft.policy import baseline
from shiftleft.policy.model import PolicyError

from .builders import git_repo, hostile_cwd_and_home, probe_tool


@pytest.fixture
def hostile_env(tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    cwd, home = hostile_cwd_and_home(tmp_path / "hostile", marker)
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SYFT_EXCLUDE", "**")
    monkeypatch.setenv("SYFT_CONFIG", str(cwd / ".syft.yaml"))
    monkeypatch.setenv("PIP_INDEX_URL", "http://attacker.invalid/simple")
    monkeypatch.setenv("PIP_CONSTRAINT", str(cwd / "pip.conf"))
    return cwd, home


def _ran_isolated(probe: Path, cwd: Path, home: Path, prefix: str) -> dict[str, object]:
    seen: dict[str, object] = json.loads(probe.read_text("utf-8"))
    env = seen["env"]
    assert isinstance(env, dict)
    assert Path(str(seen["cwd"])) != cwd and os.listdir(str(seen["cwd"])) == [], seen["cwd"]
    assert env["HOME"] != str(home) and not any(Path(env["HOME"]).iterdir())
    leaked = {k: v for k, v in env.items() if (k.startswith(prefix) and "attacker" in v) or k == f"{prefix}EXCLUDE"}
    assert not leaked, leaked
    assert f"{prefix}CONFIG" not in env or env[f"{prefix}CONFIG"] != str(cwd / ".syft.yaml")
    return seen


def test_syft_runs_in_a_private_cwd_and_home_without_syft_variables(
    tmp_path: Path, hostile_env: tuple[Path, Path], marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, home = hostile_env
    probe = tmp_path / "syft-probe.json"
    fake = probe_tool(tmp_path / "syft", probe, stdout='{"artifacts": [], "distro": null}')
    monkeypatch.setattr(syft.tools, "find_tool", lambda name: str(fake))
    archive = tmp_path / "image.tar"
    archive.write_bytes(b"")
    manifest = ImageManifest({}, (), (), "docker-archive")
    workdir = tmp_path / "work"
    workdir.mkdir()
    syft.syft_inventory(Path(os.path.relpath(archive)), manifest, timeout=30, workdir=workdir)
    seen = _ran_isolated(probe, cwd, home, "SYFT_")
    assert seen["argv"][2] == f"docker-archive:{archive}"  # type: ignore[index]  # absolute: cwd is not ours
    assert not marker.exists()


def test_pip_resolution_reads_no_pip_config_of_ours(
    tmp_path: Path, hostile_env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, home = hostile_env
    probe = tmp_path / "pip-probe.json"
    report = json.dumps({"install": [{"metadata": {"name": "requests", "version": "2.31.0"}}]})
    fake = probe_tool(tmp_path / "python", probe, writes=report)
    monkeypatch.setattr(sys, "executable", str(fake))
    inv = Inventory(unassessed=(Unassessed("requests", None, "PyPI", "requirements.txt", 1, "not pinned",
                                           requirement="requests", unpinned=True),))  # fmt: skip
    workdir = tmp_path / "work"
    workdir.mkdir()
    out = resolve.resolve_unpinned(inv, offline=False, timeout=30, workdir=Path(os.path.relpath(workdir)))
    assert [p.version for p in out.packages] == ["2.31.0"]
    seen = _ran_isolated(probe, cwd, home, "PIP_")
    env = seen["env"]
    assert isinstance(env, dict) and env["PIP_CONFIG_FILE"] == os.devnull
    argv = seen["argv"]
    assert isinstance(argv, list) and "--isolated" in argv and argv[argv.index("--") + 1:] == ["requests"]


def test_git_info_ignores_an_inherited_git_dir(tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``GIT_DIR`` of ours pointing at another repository must not make the scanned tree
    report that repository's commit; a HOME .gitconfig alias never runs."""
    scanned = git_repo(tmp_path / "scanned", "scanned")
    other = git_repo(tmp_path / "other", "other")
    _cwd, home = hostile_cwd_and_home(tmp_path / "hostile", marker)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "other" / ".git"))
    info = gitinfo.git_info(tmp_path / "scanned")
    assert info.commit == scanned != other
    assert not marker.exists()


def test_diff_base_git_ignores_an_inherited_git_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "scanned"
    git_repo(root, "scanned")
    (root / "app.py").write_text("print('changed')\n", "utf-8")
    git_repo(tmp_path / "other", "other")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "other" / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "other"))
    changed = baseline.changed_lines(root, "HEAD", ["app.py"])
    assert changed.is_new("app.py", 1)


def test_diff_base_git_output_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git's output is read through run_tool's cap: past it, --diff-base is exit 2 (a
    PolicyError), never read whole into memory."""
    root = tmp_path / "scanned"
    git_repo(root, "scanned")
    for i in range(200):
        (root / f"f{i:03}.py").write_text("x = 1\n", "utf-8")
    import subprocess

    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", "-A"],
                   check=True)  # fmt: skip
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit",
                    "-qm", "more"], check=True)  # fmt: skip
    monkeypatch.setattr(baseline, "MAX_GIT_OUTPUT", 2000, raising=False)
    with pytest.raises(PolicyError, match=r"printed more than"):
        baseline.changed_lines(root, "HEAD", ["app.py"])
