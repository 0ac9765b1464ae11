"""The git state of an audit bundle is the one recorded at scan time. ``audit export --from``
takes it from the log, sanitized, and never runs git on the directory a log names: a crafted
log could name any directory on this machine (and a repository's git config is its own)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from shiftleft import gitinfo
from shiftleft.audit_cli import app as audit_app

from .builders import HighSast, crafted_scan_output, fake_registry, git_commit, scan, world


def _manifest(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as zf:
        data: dict[str, object] = json.loads(zf.read("manifest.json"))
        assert json.loads(zf.read("scan.json"))["git"] == data["git"]
    return data


def _export(source: Path, out: Path) -> None:
    result = CliRunner().invoke(audit_app, ["export", "--from", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_export_never_runs_git_on_the_target_a_log_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crafted log names some git repository as its target: its commit must not be read."""
    w = world(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    head = git_commit(elsewhere)
    ran: list[object] = []
    monkeypatch.setattr(gitinfo, "_git", lambda *a: ran.append(a))
    crafted = crafted_scan_output(w, target=elsewhere)
    out = tmp_path / "audit.zip"
    _export(crafted, out)
    assert ran == []
    assert _manifest(out)["git"] == {"commit": None, "branch": None}
    with zipfile.ZipFile(out) as zf:
        assert not any(head.encode() in zf.read(i) for i in zf.infolist())


def test_export_without_a_mock_does_not_learn_the_named_repositorys_commit(tmp_path: Path) -> None:
    w = world(tmp_path)
    head = git_commit(w.repo)
    out = tmp_path / "audit.zip"
    _export(crafted_scan_output(w, target=w.repo), out)
    assert head not in json.dumps(_manifest(out))


@pytest.mark.parametrize(
    "forged",
    [
        {"commit": "\x1b]52;c;cHduZWQ=\x07", "branch": "main\u202egnp.exe"},
        {"commit": "A" * 40, "branch": "--upload-pack=touch PWNED"},
        {"commit": ["0" * 40], "branch": {"x": 1}},
        {"commit": "0" * 41, "branch": "../../etc"},
        "0" * 40,
        [],
    ],
    ids=["terminal-and-bidi", "upper-hex-and-option", "wrong-types", "long-and-traversal", "string", "list"],
)
def test_a_forged_git_state_in_a_log_is_sanitized(tmp_path: Path, forged: object) -> None:
    w = world(tmp_path)
    out = tmp_path / "audit.zip"
    _export(crafted_scan_output(w, git=forged), out)
    assert _manifest(out)["git"] == {"commit": None, "branch": None}


def test_a_plain_git_state_in_a_log_is_kept(tmp_path: Path) -> None:
    w = world(tmp_path)
    out = tmp_path / "audit.zip"
    state = {"commit": "0123456789abcdef" * 4, "branch": "feature/x-1.2"}
    _export(crafted_scan_output(w, git=state), out)
    assert _manifest(out)["git"] == state


def test_scan_records_its_git_state_and_export_reuses_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``scan --audit-out`` and a later ``audit export --from`` agree on the commit scanned,
    even after the repository has moved on."""
    w = world(tmp_path)
    head = git_commit(w.repo)
    bundle = tmp_path / "scan.zip"
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history", "--audit-out", str(bundle))
    assert result.exit_code == 1, result.output
    assert _manifest(bundle)["git"] == {"commit": head, "branch": "main", "dirty": False}
    sarif = json.loads((w.out / "shiftleft.sarif").read_text("utf-8"))
    assert sarif["properties"]["shiftleft"]["git"] == {"commit": head, "branch": "main", "dirty": False}
    later = git_commit(w.repo, "later")
    exported = tmp_path / "export.zip"
    _export(w.out, exported)
    git = _manifest(exported)["git"]
    assert git == {"commit": head, "branch": "main", "dirty": False} and later not in json.dumps(git)


@given(st.text(max_size=80))
def test_from_meta_keeps_only_plain_values(text: str) -> None:
    info = gitinfo.from_meta({"commit": text, "branch": text})
    assert info.commit is None or (len(info.commit) in (40, 64) and set(info.commit) <= set("0123456789abcdef"))
    assert info.branch is None or (info.branch.isascii() and info.branch.isprintable() and " " not in info.branch
                                   and not info.branch.startswith("-"))  # fmt: skip


def test_a_scan_of_an_uncommitted_change_records_a_dirty_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundle says the scanned files were not the commit's: manifest, scan.json, INDEX."""
    w = world(tmp_path)
    head = git_commit(w.repo)
    (w.repo / "app.py").write_text("print('changed, not committed')\n", "utf-8")
    bundle = tmp_path / "scan.zip"
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history", "--audit-out", str(bundle))
    assert result.exit_code == 1, result.output
    manifest = _manifest(bundle)
    assert manifest["git"] == {"commit": head, "branch": "main", "dirty": True}
    assert manifest["scan"]["dirty"] is True  # type: ignore[index]
    with zipfile.ZipFile(bundle) as zf:
        assert "| **Working tree** | DIRTY" in zf.read("INDEX.md").decode()


@pytest.mark.parametrize("change", ["none", "modified", "staged", "untracked", "deleted", "ignored", "link"])
def test_worktree_dirty(tmp_path: Path, change: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.txt").write_text("a\n", "utf-8")
    (repo / ".gitignore").write_text("build/\n", "utf-8")
    (repo / "sub").mkdir()
    (repo / "sub" / "b.txt").write_text("b\n", "utf-8")
    (repo / "ln").symlink_to("a.txt")
    git_commit(repo)
    if change == "modified":
        (repo / "a.txt").write_text("A\n", "utf-8")
    elif change == "staged":
        (repo / "c.txt").write_text("c\n", "utf-8")
        git_commit(repo)  # HEAD moves: clean again ...
        (repo / "c.txt").write_text("c2\n", "utf-8")
    elif change == "untracked":
        (repo / "new.txt").write_text("n\n", "utf-8")
    elif change == "deleted":
        (repo / "sub" / "b.txt").unlink()
    elif change == "ignored":
        (repo / "build").mkdir()
        (repo / "build" / "out.o").write_text("o", "utf-8")
    elif change == "link":
        (repo / "ln").unlink()
        (repo / "ln").symlink_to("sub/b.txt")
    expected = change not in {"none", "ignored"}
    assert gitinfo.worktree_dirty(repo) is expected
    # a scanned subdirectory is judged on its own files
    assert gitinfo.worktree_dirty(repo / "sub") is (change == "deleted")


def test_worktree_dirty_is_unknown_outside_a_repository(tmp_path: Path) -> None:
    assert gitinfo.worktree_dirty(tmp_path) is None
    assert gitinfo.worktree_dirty(tmp_path / "missing") is None


def test_worktree_dirty_never_runs_the_repositorys_clean_filter(tmp_path: Path) -> None:
    """A hostile checkout names a clean filter (and an fsmonitor) for every file: git would run
    the filter to re-hash a racily-clean entry. The comparison hashes the bytes itself, so no
    command of the repository's config runs."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.txt").write_text("a\n", "utf-8")
    (repo / ".gitattributes").write_text("* filter=evil\n", "utf-8")
    git_commit(repo)  # before the filter exists: committing runs nothing
    marker = tmp_path / "PWNED"
    with (repo / ".git" / "config").open("a", encoding="utf-8") as fh:
        fh.write(f'[filter "evil"]\n\tclean = "touch {marker}; cat"\n\tprocess = "touch {marker}"\n'
                 f'[core]\n\tfsmonitor = "touch {marker}"\n')  # fmt: skip
    (repo / "a.txt").write_text("a\n", "utf-8")  # same bytes, new mtime: git would re-read it through the filter
    assert gitinfo.worktree_dirty(repo) is False
    (repo / "a.txt").write_text("b\n", "utf-8")
    assert gitinfo.worktree_dirty(repo) is True
    assert not marker.exists()


def test_worktree_dirty_never_follows_a_directory_replaced_by_a_link(tmp_path: Path) -> None:
    """The index holds sub/b.txt; sub is now a link to a host directory with the same file
    name: the host file is not read to compare (the tree differs from the commit: dirty)."""
    repo, host = tmp_path / "repo", tmp_path / "host"
    (repo / "sub").mkdir(parents=True)
    host.mkdir()
    (repo / "sub" / "b.txt").write_text("b\n", "utf-8")
    git_commit(repo)
    (repo / "sub" / "b.txt").unlink()
    (repo / "sub").rmdir()
    (repo / "sub").symlink_to(host, target_is_directory=True)
    (host / "b.txt").write_text("b\n", "utf-8")  # the same bytes: following the link would say clean
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("/sub\n", "utf-8")  # so the link is not "untracked"
    assert gitinfo.worktree_dirty(repo) is True
