"""baselineState from a previous SARIF log and from a git diff."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from shiftleft.policy.baseline import (
    ChangedLines,
    changed_lines,
    load_baseline,
    set_baseline_state,
)
from shiftleft.policy.model import PolicyError

from .helpers import log, result, run


def test_states_by_fingerprint_then_line_hash() -> None:
    old = log(run("semgrep", [result("R1", "a.py", 1, fp="aa" * 16), result("R2", "b.py", 5, line_hash="h2:1"),
                              result("R3", "c.py", 9, fp="cc" * 16)]))  # fmt: skip
    same = result("R1", "a.py", 40, fp="aa" * 16)  # moved: same fingerprint
    renamed = result("R2", "moved/b.py", 5, line_hash="h2:1")  # new path: only the line hash matches
    fresh = result("R4", "d.py", 1)
    new = log(run("semgrep", [same, renamed, fresh]))
    summary = set_baseline_state(new, old)
    assert [r["baselineState"] for r in (same, renamed, fresh)] == ["unchanged", "unchanged", "new"]
    assert (summary.new, summary.unchanged, summary.absent) == (1, 2, 1)
    assert new["properties"]["shiftleft"]["baseline"]["absent"] == 1


def test_same_line_hash_of_another_rule_does_not_match() -> None:
    old = log(run("semgrep", [result("R1", "a.py", 1, line_hash="h:1")]))
    res = result("R2", "a.py", 1, line_hash="h:1")
    set_baseline_state(log(run("semgrep", [res])), old)
    assert res["baselineState"] == "new"


def test_no_source_changes_nothing() -> None:
    sarif = log(run("semgrep", [result("R1")]))
    set_baseline_state(sarif)
    assert "baselineState" not in sarif["runs"][0]["results"][0]


def test_diff_decides_by_changed_lines() -> None:
    changed = ChangedLines({"a.py": frozenset({3, 4}), "new.py": frozenset({-1}), "Dockerfile": frozenset({7})})
    on = result("R", "a.py", 3)
    off = result("R", "a.py", 10)
    untracked = result("R", "new.py", 99)
    untouched_file = result("R", "b.py", 1)
    image = result("CVE-1", "image/app_latest", 1, tool="container")
    docker = result("CVE-2", "Dockerfile", 1, tool="container")
    docker["locations"][0]["logicalLocations"] = [{"name": "app:latest", "kind": "module"}]
    sarif = log(run("semgrep", [on, off, untracked, untouched_file]), run("container", [image, docker]))
    set_baseline_state(sarif, None, changed)
    states = [r["baselineState"] for r in (on, off, untracked, untouched_file, image, docker)]
    assert states == ["new", "unchanged", "new", "unchanged", "new", "new"]


def test_baseline_and_diff_together_new_only_when_both_say_so() -> None:
    old = log(run("semgrep", [result("R1", "a.py", 3, fp="aa" * 16)]))
    known_on_changed_line = result("R1", "a.py", 3, fp="aa" * 16)
    unknown_off_diff = result("R2", "a.py", 50)
    unknown_on_diff = result("R3", "a.py", 4)
    sarif = log(run("semgrep", [known_on_changed_line, unknown_off_diff, unknown_on_diff]))
    set_baseline_state(sarif, old, ChangedLines({"a.py": frozenset({3, 4})}))
    assert [r["baselineState"] for r in sarif["runs"][0]["results"]] == ["unchanged", "unchanged", "new"]


def test_load_baseline_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not found"):
        load_baseline(tmp_path / "none.sarif")
    (tmp_path / "bad.sarif").write_text("{")
    with pytest.raises(PolicyError, match="not a readable"):
        load_baseline(tmp_path / "bad.sarif")
    (tmp_path / "list.sarif").write_text("[]")
    with pytest.raises(PolicyError, match="not a SARIF log"):
        load_baseline(tmp_path / "list.sarif")
    (tmp_path / "ok.sarif").write_text(json.dumps(log()))
    assert load_baseline(tmp_path / "ok.sarif")["version"] == "2.1.0"


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.com")
    git(root, "config", "user.name", "t")
    (root / "src" / "a.py").write_text("one\ntwo\nthree\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    return root


@needs_git
def test_changed_lines_from_git(repo: Path) -> None:
    git(repo, "checkout", "-qb", "feature")
    (repo / "src" / "a.py").write_text("one\nTWO\nthree\nfour\n")
    git(repo, "commit", "-qam", "change")
    (repo / "src" / "b.py").write_text("untracked\n")
    changed = changed_lines(repo, "main")
    assert changed.files == {"src/a.py": frozenset({2, 4}), "src/b.py": frozenset({-1})}
    # a subdirectory as the scan root: paths relative to it
    assert changed_lines(repo / "src", "main").files == {"a.py": frozenset({2, 4}), "b.py": frozenset({-1})}


@needs_git
def test_changes_landed_on_the_base_branch_are_not_the_changes(repo: Path) -> None:
    git(repo, "checkout", "-qb", "feature")
    git(repo, "checkout", "-q", "main")
    (repo / "src" / "a.py").write_text("one\ntwo\nthree\nmain-only\n")
    git(repo, "commit", "-qam", "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert changed_lines(repo, "main").files == {}


@needs_git
@pytest.mark.parametrize("ref", ["--output=/tmp/x", "-p", "main..HEAD", "a b", "", "x;rm -rf /"])
def test_hostile_refs_are_refused(repo: Path, ref: str) -> None:
    with pytest.raises(PolicyError, match="not a git revision"):
        changed_lines(repo, ref)


@needs_git
def test_unknown_ref_and_not_a_repository(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not a commit"):
        changed_lines(repo, "no-such-branch")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(PolicyError):
        changed_lines(plain, "main")


@needs_git
def test_repository_config_cannot_run_commands(repo: Path, tmp_path: Path) -> None:
    """A hostile .git/config (fsmonitor hook, external diff) must not execute."""
    marker = tmp_path / "pwned"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(script))
    git(repo, "config", "diff.external", str(script))
    (repo / "src" / "a.py").write_text("changed\n")
    changed_lines(repo, "main")
    assert not marker.exists()


@needs_git
def test_repository_clean_filters_do_not_run(repo: Path, tmp_path: Path) -> None:
    """A diff against the working tree would re-hash changed files through the repository's
    clean filter (.gitattributes + filter.<x>.clean in .git/config): a command from the
    scanned repository. Only object-database reads may happen."""
    marker = tmp_path / "pwned-by-filter"
    (repo / ".gitattributes").write_text("*.py filter=evil\n")
    git(repo, "config", "filter.evil.clean", f"sh -c 'touch {marker}; cat'")
    (repo / "src" / "a.py").write_text("one\nTWO\nthree\n")
    changed = changed_lines(repo, "main")
    assert not marker.exists()
    assert changed.files["src/a.py"] == frozenset({2})


@needs_git
def test_only_the_safe_file_list_is_compared(repo: Path) -> None:
    (repo / "src" / "a.py").write_text("one\nTWO\nthree\n")
    (repo / "src" / "c.py").write_text("new\n")
    assert changed_lines(repo, "main", files=["src/c.py"]).files == {"src/c.py": frozenset({-1})}


@needs_git
def test_a_diff_against_head_asks_git_for_no_merge_base(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook's ``--diff-base HEAD``: one rev-parse answers the prefix and both commits, and
    a ref at HEAD is its own merge base; the lines are those of the separate calls."""
    import shiftleft.policy.baseline as baseline

    (repo / "src" / "a.py").write_text("one\nTWO\nthree\n")
    calls: list[str] = []
    real = baseline.run_git

    def spy(root: Path, *args: str, **kwargs: object) -> object:
        calls.append(args[0])
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(baseline, "run_git", spy)
    assert changed_lines(repo / "src", "HEAD", ["a.py"]).files == {"a.py": frozenset({2})}
    assert calls == ["rev-parse", "ls-tree", "cat-file"]
    calls.clear()
    git(repo, "checkout", "-qb", "feature")
    git(repo, "commit", "-qam", "change")
    assert changed_lines(repo, "main", ["src/a.py"]).files == {"src/a.py": frozenset({2})}
    assert calls == ["rev-parse", "merge-base", "ls-tree", "cat-file"]  # was rev-parse x2 + merge-base
