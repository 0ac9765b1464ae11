"""End to end: the shipped ``.pre-commit-hooks.yaml`` run by the real pre-commit against
git repositories the test creates: ``pre-commit try-repo`` once, and ``pre-commit run`` with a
``.pre-commit-config.yaml`` that pins the hook repository by its full commit id (what
``pre-commit autoupdate --freeze`` writes, so every run is also the frozen-sha ``rev:`` case).

pre-commit installs the hook's environment as it would for a user: ``pip install .
--constraint=constraints.txt`` in a checkout of this repository, so the scanners are the
versions CI pins. Offline, that install needs pip to find the packages locally (pip's own
configuration: ``PIP_NO_INDEX=1 PIP_FIND_LINKS=<a wheelhouse made with pip wheel -c
constraints.txt .>``). try-repo installs the environment into a temporary store on every
call (minutes on a busy 2-core machine), so it runs once; ``pre-commit run`` installs it once
into this module's ``PRE_COMMIT_HOME`` and reuses it. Both use one commit of a copy of the
working tree, so the environment is the code under test.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, require

pytestmark = pytest.mark.e2e

FAKE_KEY = "AKIA" + "2QW7RZK5NX3MBT6Q"  # an AWS access key id's format and entropy, never issued
SHA = "5d8a1a0b0fb1b43e5a1b29f0e8ab8fd4d0bdbe29"
#: what a wheel of shiftleft is built from (pyproject.toml's hatch configuration)
PROJECT_FILES = ("pyproject.toml", "README.md", "constraints.txt", "tools-constraints.txt", "scanner-pins.json",
                 ".pre-commit-hooks.yaml")
PROJECT_DIRS = ("shiftleft", "policies", "reports")


def _pre_commit() -> list[str] | None:
    """How to run pre-commit: the one installed beside this interpreter (the test extra),
    else the one on PATH."""
    beside = Path(sys.executable).parent / "pre-commit"
    if beside.exists():
        return [str(beside)]
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    found = shutil.which("pre-commit")
    return [found] if found else None


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@e", "-c", "user.name=t", "-c", "commit.gpgsign=false", *args],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    require(_pre_commit() is not None, "pre-commit is not installed (pip install -e .[test])")
    require(shutil.which("git") is not None, "git is not installed")
    repo = tmp_path_factory.mktemp("shiftleft-hook-repo")
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, repo / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "hook repository")
    rev = _git(repo, "rev-parse", "HEAD").strip()
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
           "SEMGREP_ENABLE_VERSION_CHECK": "0", "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}  # fmt: skip
    env.pop("PYTHONPATH", None)  # the hook runs the shiftleft installed in its own environment
    return repo, rev, env


def _project(tmp_path: Path, hook_repo: tuple[Path, str, dict[str, str]], hook_id: str = "shiftleft") -> Path:
    """A repository with findings that already exist (old.py) and a pre-commit config that
    pins the hook repository by its commit id."""
    repo, rev, _env = hook_repo
    root = tmp_path / "project"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "README.md").write_text("# project\n")
    (root / "app.py").write_text("def add(a, b):\n    return a + b\n")
    (root / "old.py").write_text(f'import subprocess\nKEY = "{FAKE_KEY}"\n\n\ndef run(cmd):\n'
                                 "    subprocess.call(cmd, shell=True)\n")  # fmt: skip
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n-   repo: {repo}\n    rev: {rev}  # frozen: test\n    hooks:\n    -   id: {hook_id}\n"
    )
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "initial, with findings that already exist")
    return root


def _try(hook_repo: tuple[Path, str, dict[str, str]], root: Path, hook_id: str) -> subprocess.CompletedProcess[str]:
    repo, rev, env = hook_repo
    return subprocess.run(
        [*(_pre_commit() or ["pre-commit"]), "try-repo", str(repo), hook_id, "--ref", rev, "--verbose"],
        cwd=root, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip


def _run(hook_repo: tuple[Path, str, dict[str, str]], root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(_pre_commit() or ["pre-commit"]), "run", "--verbose"],
        cwd=root, env=hook_repo[2], capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip


def _status(root: Path) -> str:
    return _git(root, "status", "--porcelain", "--ignored")


def test_try_repo_added_secret_fails_with_the_compact_line(
    hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path
) -> None:
    root = _project(tmp_path, hook_repo)
    (root / "config.py").write_text(f'AWS_KEY = "{FAKE_KEY[:-1]}X"\n')
    _git(root, "add", "config.py")
    proc = _try(hook_repo, root, "shiftleft-secrets")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # the default engine (Betterleaks) names its rule, never the value
    assert any(ln.startswith("config.py:1: ") and " betterleaks/" in ln for ln in proc.stdout.splitlines())
    assert FAKE_KEY[4:-1] not in proc.stdout + proc.stderr


def test_clean_commit_passes_and_writes_nothing(hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    root = _project(tmp_path, hook_repo)
    (root / "app.py").write_text("def add(a, b):\n    return a + b + 0\n")
    _git(root, "add", "app.py")
    before = _status(root)
    proc = _run(hook_repo, root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "shiftleft: passed: 1 file(s)" in proc.stdout
    assert _status(root) == before  # no .shiftleft/, no report in the tree
    assert not (root / ".shiftleft").exists()


def test_added_secret_and_sast_finding_fail(hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    root = _project(tmp_path, hook_repo)
    (root / "config.py").write_text(f'import os\nAWS_KEY = "{FAKE_KEY[:-1]}Y"\nos.system(input())\n')
    _git(root, "add", "config.py")
    proc = _run(hook_repo, root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert any(ln.startswith("config.py:2: ") and " betterleaks/" in ln for ln in proc.stdout.splitlines()), proc.stdout
    assert FAKE_KEY[4:-1] not in proc.stdout + proc.stderr


def test_untracked_and_ignored_files_do_not_block_a_readme_commit(
    hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path
) -> None:
    root = _project(tmp_path, hook_repo)
    (root / ".gitignore").write_text(".env\n")
    _git(root, "add", ".gitignore")
    _git(root, "commit", "-qm", "ignore .env")
    (root / "scratch.py").write_text(f'import os\nKEY = "{FAKE_KEY}"\nos.system(input())\n')
    (root / ".env").write_text(f"AWS_ACCESS_KEY_ID={FAKE_KEY}\n")
    (root / "README.md").write_text("# project\n\nMore words.\n")
    _git(root, "add", "README.md")
    proc = _run(hook_repo, root)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pre_existing_findings_in_unchanged_lines_do_not_block(
    hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path
) -> None:
    root = _project(tmp_path, hook_repo)
    text = (root / "old.py").read_text()
    (root / "old.py").write_text(text + "\n\ndef nothing():\n    return None\n")  # the file changes, not its findings
    _git(root, "add", "old.py")
    proc = _run(hook_repo, root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "older finding(s) in these files ignored" in proc.stdout


def test_frozen_sha_rev_in_the_staged_config_passes(
    hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path
) -> None:
    root = _project(tmp_path, hook_repo)
    config = root / ".pre-commit-config.yaml"
    config.write_text(config.read_text() + "# staged again: the hook scans its own 40-hex rev: line\n")
    _git(root, "add", ".pre-commit-config.yaml")
    proc = _run(hook_repo, root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "shiftleft: passed: 1 file(s)" in proc.stdout
