"""target.py: the safe file list out of a hostile repository."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftleft.target import TargetError, collect


def skipped(target) -> dict[str, str]:
    return {s.path: s.reason for s in target.skipped}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src" / "deep").mkdir(parents=True)
    (root / "src" / "b.py").write_text("b = 1\n")
    (root / "src" / "deep" / "a.py").write_text("a = 1\n")
    (root / "README.md").write_text("# hi\n")
    (root / "Zeta.txt").write_text("upper case sorts first\n")
    return root


# --- the root ------------------------------------------------------------------------


def test_nonexistent_root(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="no such file or directory"):
        collect(tmp_path / "missing")


def test_file_as_root(tmp_path: Path) -> None:
    f = tmp_path / "f.py"
    f.write_text("x")
    with pytest.raises(TargetError, match="not a directory"):
        collect(f)


def test_symlink_root(tree: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tree)
    with pytest.raises(TargetError, match="symbolic link"):
        collect(link)


def test_broken_symlink_root(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(TargetError, match="symbolic link"):
        collect(link)


def test_files_are_sorted_relative_posix_paths(tree: Path) -> None:
    target = collect(tree)
    assert target.root == tree.resolve()
    assert target.files == ("README.md", "Zeta.txt", "src/b.py", "src/deep/a.py")
    assert target.skipped == ()


# --- links ---------------------------------------------------------------------------


def test_link_outside_root_is_skipped(tree: Path) -> None:
    (tree / "passwd").symlink_to("/etc/passwd")
    target = collect(tree)
    assert "passwd" not in target.files
    assert "outside" in skipped(target)["passwd"]


def test_relative_link_escaping_root_is_skipped(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("s3cr3t\n")
    (tree / "src" / "up").symlink_to("../../secret.txt")
    target = collect(tree)
    assert "outside" in skipped(target)["src/up"]
    assert all("secret" not in f for f in target.files)


def test_symlink_loop_is_skipped(tree: Path) -> None:
    (tree / "a").symlink_to("b")
    (tree / "b").symlink_to("a")
    reasons = skipped(collect(tree))
    assert "loop" in reasons["a"]
    assert "loop" in reasons["b"]


def test_symlink_loop_reported_as_loop_when_resolve_raises_oserror(tree: Path, monkeypatch) -> None:
    """Python 3.13 changed Path.resolve(strict=True) to raise OSError(ELOOP) for loops."""
    (tree / "a").symlink_to("b")
    (tree / "b").symlink_to("a")

    def resolve(self: Path, strict: bool = False) -> Path:
        raise OSError(errno.ELOOP, "Too many levels of symbolic links", str(self))

    monkeypatch.setattr(Path, "resolve", resolve)
    from shiftleft import target as target_mod

    reason = target_mod._link_reason(tree / "a", tree)
    assert "loop" in reason


def test_directory_symlink_not_followed(tree: Path) -> None:
    (tree / "alias").symlink_to(tree / "src")
    target = collect(tree)
    assert not any(f.startswith("alias/") for f in target.files)
    assert "not followed" in skipped(target)["alias"]
    assert "src/b.py" in target.files


def test_directory_symlink_to_outside_not_followed(tree: Path) -> None:
    (tree / "etc").symlink_to("/etc")
    target = collect(tree)
    assert not any(f.startswith("etc/") for f in target.files)
    assert "outside" in skipped(target)["etc"]


def test_broken_link(tree: Path) -> None:
    (tree / "dangling").symlink_to(tree / "nothing-here")
    assert "broken" in skipped(collect(tree))["dangling"]


def test_inside_file_link_skipped_but_target_scanned(tree: Path) -> None:
    (tree / "copy.py").symlink_to("src/b.py")
    target = collect(tree)
    assert "copy.py" not in target.files
    assert "src/b.py" in target.files
    assert "inside the scan root" in skipped(target)["copy.py"]


# --- special and unwanted files -----------------------------------------------------


def test_binary_file_skipped(tree: Path) -> None:
    (tree / "blob.bin").write_bytes(b"\x7fELF\x00\x01\x02")
    (tree / "late.dat").write_bytes(b"a" * 5000 + b"\x00")
    target = collect(tree)
    assert skipped(target)["blob.bin"] == "binary file"
    assert skipped(target)["late.dat"] == "binary file"


def test_latin1_text_is_not_binary(tree: Path) -> None:
    (tree / "latin.txt").write_bytes("café\n".encode("latin-1"))
    target = collect(tree)
    assert "latin.txt" in target.files


def test_fifo_skipped_without_blocking(tree: Path) -> None:
    os.mkfifo(tree / "pipe")
    target = collect(tree)
    assert "pipe" not in target.files
    assert "not a regular file" in skipped(target)["pipe"]


def test_large_file_skipped(tree: Path) -> None:
    (tree / "big.txt").write_text("x" * 2048)
    (tree / "edge.txt").write_text("x" * 1024)
    target = collect(tree, max_file_bytes=1024)
    assert "larger than" in skipped(target)["big.txt"]
    assert skipped(target)["big.txt"] == "larger than 1024 bytes"
    assert "edge.txt" in target.files


def test_large_file_reason_in_mib(tree: Path) -> None:
    (tree / "big.txt").write_text("x" * (2 * 1024 * 1024 + 1))
    target = collect(tree, max_file_bytes=2 * 1024 * 1024)
    assert skipped(target)["big.txt"] == "larger than 2 MiB"


def test_unreadable_file_skipped(tree: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    f = tree / "locked.txt"
    f.write_text("x")
    f.chmod(0)
    try:
        assert "unreadable" in skipped(collect(tree))["locked.txt"]
    finally:
        f.chmod(0o600)


def test_default_excludes(tree: Path) -> None:
    for d in (".git", "node_modules/pkg", ".venv/lib", "src/__pycache__", "shiftleft-report"):
        (tree / d).mkdir(parents=True)
        (tree / d / "f.txt").write_text("x\n")
    (tree / ".git" / "loop").symlink_to("/etc/passwd")
    target = collect(tree)
    assert target.files == ("README.md", "Zeta.txt", "src/b.py", "src/deep/a.py")
    # directories that can hold code are listed once each (never their files); VCS
    # metadata, caches and shiftleft's own output are not
    assert [(s.path, "default exclude" in s.reason) for s in target.skipped] == [
        (".venv/", True),
        ("node_modules/", True),
    ]


def test_default_excludes_can_be_turned_off(tree: Path) -> None:
    (tree / "node_modules").mkdir()
    (tree / "node_modules" / "x.js").write_text("x\n")
    assert "node_modules/x.js" in collect(tree, use_default_excludes=False).files


def test_excludes_match_directories_not_files_of_the_same_name(tree: Path) -> None:
    (tree / "venv").write_text("a file named venv\n")
    assert "venv" in collect(tree).files


def test_user_excludes_use_gitignore_syntax(tree: Path) -> None:
    (tree / "vendor" / "lib").mkdir(parents=True)
    (tree / "vendor" / "lib" / "v.py").write_text("x\n")
    (tree / "src" / "gen_pb2.py").write_text("x\n")
    (tree / "src" / "keep.log").write_text("x\n")
    (tree / "debug.log").write_text("x\n")
    target = collect(tree, exclude=["vendor/", "*_pb2.py", "*.log", "!src/keep.log", "/README.md"])
    assert target.files == ("Zeta.txt", "src/b.py", "src/deep/a.py", "src/keep.log")


def test_anchored_exclude_only_at_root(tree: Path) -> None:
    (tree / "src" / "README.md").write_text("x\n")
    target = collect(tree, exclude=["/README.md"])
    assert "README.md" not in target.files
    assert "src/README.md" in target.files


# --- property: names never escape the root ------------------------------------------

_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) <= 255)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["", "sub", "a/b", ".."]), _names), min_size=1, max_size=6))
def test_random_file_names_stay_inside_root(entries: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        made: set[str] = set()
        for folder, name in entries:
            if folder == "..":
                folder = ""
                name = f"..{name}"  # a name that merely *starts* with dots
            directory = root / folder
            path = directory / name
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                continue  # a file already took that directory's name
            if path.exists():
                continue
            path.write_text("text\n", encoding="utf-8")
            made.add(path.relative_to(root).as_posix())
        target = collect(root, use_default_excludes=False)
        real_root = root.resolve()
        for rel in target.files:
            assert not rel.startswith("/")
            assert ".." not in rel.split("/")
            full = (real_root / rel).resolve()
            assert full.is_relative_to(real_root)
            assert full.is_file()
        assert set(target.files) == made
        assert list(target.files) == sorted(target.files)


def test_user_excludes_are_listed_as_skipped_default_excludes_once_per_directory(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "lib.js").write_text("x\n")
    target = collect(tmp_path, exclude=["*.py"])
    assert target.files == ()
    assert [(s.path, "exclude" in s.reason) for s in target.skipped] == [("app.py", True), ("node_modules/", True)]
