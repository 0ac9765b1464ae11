"""The pre-commit hook (``shiftleft.hook``, ``shiftleft hook``): which engines a commit's
files need, new-only gating against HEAD, the compact output, hostile names. The real
pre-commit run is ``tests/e2e/test_hook_pre_commit.py``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from shiftleft import hook
from shiftleft.inventory import unsupported
from shiftleft.inventory.collect import PARSERS, manifests
from tests.conftest import require, shiftleft
from tests.helpers import finding

FAKE_KEY = "AKIA" + "IOSFODNN7EXAMPLQ"  # an AWS access key id's format, not a real key


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's default report directory (the user cache) is a temporary one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def test_sast_suffixes_cover_what_the_scanners_read() -> None:
    from shiftleft.scanners.semgrep import SEMGREP_LANG_SUFFIXES

    assert set(SEMGREP_LANG_SUFFIXES) | {".py"} == set(hook.SAST_SUFFIXES)


@pytest.mark.parametrize("name", [
    *PARSERS, *unsupported._NAMES, *unsupported._PINNED_BESIDE, *unsupported._DECLARING,
    "requirements.txt", "requirements-dev.in", "dev-requirements.txt", "constraints.txt", "requirements/base.txt",
    "pylock.prod.toml", "gradle/libs.versions.toml", "app.csproj", "x.gemspec", "sub/dir/package.json",
])  # fmt: skip
def test_manifest_hint_is_a_superset_of_the_inventory(name: str) -> None:
    if name.startswith("."):
        name = "project" + name
    if manifests([name]) or unsupported.recognise(name) is not None:
        assert hook.may_be_manifest(name), name


def test_engines_by_name() -> None:
    everything = (hook.SECRETS, hook.SAST, hook.DEPENDENCIES)
    assert hook.engines_for(["README.md"], (hook.SAST, hook.DEPENDENCIES)) == ()
    assert hook.engines_for(["README.md"], everything) == (hook.SECRETS,)
    assert hook.engines_for(["a.py"], (hook.SAST,)) == (hook.SAST,)
    assert hook.engines_for(["requirements.txt"], everything) == (hook.SECRETS, hook.DEPENDENCIES)
    assert hook.engines_for([], everything) == ()


def test_blocking_counts_new_only_and_older_ignored() -> None:
    from dataclasses import replace
    from types import SimpleNamespace

    new_high = replace(finding("high", rule_id="N"), baseline_state="new")
    old_high = replace(finding("high", rule_id="O"), baseline_state="unchanged")
    new_low = replace(finding("low", rule_id="L"), baseline_state="new")
    new_secret_low = replace(finding("low", category="secrets", rule_id="S"), baseline_state="new")
    waived = replace(finding("critical", suppressed=True, rule_id="W"), baseline_state="new")
    report = SimpleNamespace(findings=(new_high, old_high, new_low, new_secret_low, waived))
    blocking, ignored = hook.blocking_findings(report, "high", counted_all=False)  # type: ignore[arg-type]
    assert [f.rule_id for f in blocking] == ["N", "S"] and ignored == 1
    blocking, ignored = hook.blocking_findings(report, "high", counted_all=True)  # type: ignore[arg-type]
    assert [f.rule_id for f in blocking] == ["N", "O", "S"] and ignored == 0


def test_compact_line_is_one_escaped_line() -> None:
    f = finding("high", rule_id="B602", message="shell=True\nsecond line", path="a\x1b[2Jb.py", line=3)
    text = hook.compact(f)
    assert "\x1b" not in text and text.endswith(":3: high B602: shell=True")
    assert "\n" not in text


# --- against a real git repository (secrets engine only: fast) ---------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@e", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                    *args], check=True, capture_output=True)  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    require(shutil.which("git") is not None, "git is needed")
    from shiftleft.scanners.betterleaks import engine_python

    require(engine_python() is not None, "Betterleaks (the default secrets engine) is needed")
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "old.py").write_text(f'KEY = "{FAKE_KEY}"\n\nx = 1\n')
    (root / "README.md").write_text("# r\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "init")
    return root


def _run(root: Path, *files: str, **kw: object) -> hook.HookOutcome:
    request = hook.HookRequest(files=files or None, engines=(hook.SECRETS,), output=root.parent / "out", **kw)  # type: ignore[arg-type]
    return hook.run(root, request)


def test_pre_existing_secret_in_a_changed_file_does_not_block(repo: Path) -> None:
    (repo / "old.py").write_text(f'KEY = "{FAKE_KEY}"\n\nx = 2\n')
    _git(repo, "add", "old.py")
    outcome = _run(repo, "old.py")
    assert outcome.exit_code == 0, outcome.out
    assert outcome.ignored >= 1
    assert "older finding(s)" in outcome.out[-1]


def test_new_secret_blocks_with_a_compact_line(repo: Path) -> None:
    (repo / "new.py").write_text(f'TOKEN = "{FAKE_KEY[:-1]}Z"\n')
    _git(repo, "add", "new.py")
    outcome = _run(repo, "new.py")
    assert outcome.exit_code == 1
    # the default engine (Betterleaks) names the rule, never the value
    assert any(line.startswith("new.py:1: ") and " betterleaks/" in line for line in outcome.out)
    assert FAKE_KEY[4:12] not in "\n".join(outcome.out + outcome.err)
    assert not list(repo.glob(".shiftleft*")) and not (repo / "shiftleft-report").exists()


def test_all_findings_blocks_on_older_ones(repo: Path) -> None:
    assert _run(repo, "old.py", all_findings=True).exit_code == 1


def test_first_commit_everything_is_new(tmp_path: Path) -> None:
    require(shutil.which("git") is not None, "git is needed")
    root = tmp_path / "fresh"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "a.py").write_text(f'KEY = "{FAKE_KEY}"\n')
    _git(root, "add", "a.py")
    outcome = _run(root, "a.py")
    assert outcome.exit_code == 1
    assert any("no commit yet" in line for line in outcome.err)


def test_untracked_and_ignored_names_are_listed_not_scanned(repo: Path) -> None:
    (repo / ".gitignore").write_text(".env\n")
    (repo / ".env").write_text(f"KEY={FAKE_KEY}\n")
    (repo / "scratch.py").write_text(f'KEY = "{FAKE_KEY}"\n')
    outcome = _run(repo, "README.md", ".env", "scratch.py")
    assert outcome.exit_code == 0
    assert outcome.files == ("README.md",)
    assert sum("not in git's index" in line for line in outcome.err) == 2


def test_no_names_scans_what_is_staged(repo: Path) -> None:
    (repo / "new.py").write_text(f'TOKEN = "{FAKE_KEY}"\n')
    (repo / "scratch.py").write_text(f'KEY = "{FAKE_KEY}"\n')
    _git(repo, "add", "new.py")
    outcome = _run(repo)
    assert outcome.files == ("new.py",)
    assert outcome.exit_code == 1


def test_frozen_rev_of_a_pre_commit_config_passes(repo: Path) -> None:
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: https://example.invalid/hooks\n  rev: 5d8a1a0b0fb1b43e5a1b29f0e8ab8fd4d0bdbe29\n"
        "  hooks: [{id: x}]\n"
    )
    _git(repo, "add", ".pre-commit-config.yaml")
    outcome = _run(repo, ".pre-commit-config.yaml")
    assert outcome.exit_code == 0, outcome.out


# --- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../x.py", "/etc/passwd", "sub/../../x", "\x1b[31m/../../x"])
def test_cli_refuses_names_outside_with_one_line(repo: Path, name: str) -> None:
    proc = shiftleft("hook", name, cwd=repo)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr and "\x1b" not in proc.stderr


def test_cli_readme_only_for_the_sast_hook_starts_nothing(repo: Path) -> None:
    proc = shiftleft("hook", "--no-secrets", "README.md", cwd=repo)
    assert proc.returncode == 0
    assert "nothing to scan" in proc.stdout


def test_missing_scanner_is_exit_3_with_a_reason(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shiftleft.scanners import betterleaks

    monkeypatch.setattr(betterleaks, "engine_python", lambda: None)
    outcome = _run(repo, "README.md")
    assert outcome.exit_code == 3, outcome.out
    assert any(line.startswith("shiftleft: NOT ASSESSED: betterleaks (code) missing") for line in outcome.out)


def test_cli_help() -> None:
    proc = shiftleft("hook", "--help")
    assert proc.returncode == 0 and "--all-findings" in proc.stdout


def test_cli_link_out_of_the_root_is_skipped_and_listed(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(f'KEY = "{FAKE_KEY}"\n')
    (repo / "link.py").symlink_to(outside)
    _git(repo, "add", "link.py")
    proc = shiftleft("hook", "--secrets-only", "link.py", cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "skipped link.py: symbolic link pointing outside the scan root" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_escaped_name_with_a_finding_prints_one_escaped_line(repo: Path) -> None:
    name = "evil\x1b[2J\x07.py"
    (repo / name).write_text(f'KEY = "{FAKE_KEY}"\n')
    _git(repo, "add", name)
    outcome = _run(repo, name)
    assert outcome.exit_code == 1
    text = "\n".join(outcome.out + outcome.err)
    assert "\x1b" not in text and "\x07" not in text
    assert any(":1: " in line and " betterleaks/" in line for line in outcome.out)


def test_dependency_checks_only_when_a_manifest_is_staged(repo: Path) -> None:
    (repo / "requirements.txt").write_text("requests==2.0.0\n")
    _git(repo, "add", "requirements.txt")
    request = hook.HookRequest(files=("requirements.txt",), engines=(hook.DEPENDENCIES,), output=repo.parent / "o")
    outcome = hook.run(repo, request)
    assert {"osv", "pip-audit"} & set(outcome.scanners), outcome.out
    request = hook.HookRequest(files=("old.py",), engines=(hook.SAST, hook.DEPENDENCIES), output=repo.parent / "o")
    assert hook.engines_for(["old.py"], request.engines) == (hook.SAST,)
