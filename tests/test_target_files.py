"""``target.collect_files``: the safe file list of exactly the files a caller names (the
pre-commit hook's staged files), under the walk's hostile-repository rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shiftleft.target import TargetError, collect, collect_files, relative_name


def _tree(root: Path) -> Path:
    (root / "src").mkdir()
    (root / "src/app.py").write_text("x = 1\n")
    (root / "README.md").write_text("# r\n")
    (root / "other.py").write_text("y = 2\n")
    return root


def test_exactly_the_named_files(tmp_path: Path) -> None:
    target = collect_files(_tree(tmp_path), ["src/app.py", "./README.md", "src/app.py"])
    assert target.files == ("README.md", "src/app.py")  # other.py is never looked at
    assert target.skipped == ()


def test_absolute_name_inside_the_root_is_relative(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert collect_files(root, [str(root / "src/app.py")]).files == ("src/app.py",)


@pytest.mark.parametrize("name", ["../x.py", "src/../../x.py", "src/../other.py", "/etc/passwd", "", ".", "a\0b"])
def test_names_that_could_leave_the_root_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(TargetError) as exc:
        collect_files(_tree(tmp_path), [name])
    assert "\n" not in exc.value.message and "\0" not in exc.value.message


def test_refusal_is_lexical_nothing_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET\n")
    root = tmp_path / "repo"
    root.mkdir()
    with pytest.raises(TargetError):
        relative_name(root, "../outside.py")
    with pytest.raises(TargetError):
        relative_name(root, str(outside))


def test_links_are_skipped_and_listed(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    root = _tree(tmp_path / "repo")
    (tmp_path / "secret.txt").write_text("outside\n")
    (root / "out.py").symlink_to(tmp_path / "secret.txt")
    (root / "in.py").symlink_to(root / "other.py")
    (root / "linkdir").symlink_to(tmp_path)
    target = collect_files(root, ["out.py", "in.py", "linkdir/secret.txt"])
    assert target.files == ()
    reasons = {s.path: s.reason for s in target.skipped}
    assert "outside the scan root" in reasons["out.py"]
    assert "inside the scan root" in reasons["in.py"]
    assert "symbolic link" in reasons["linkdir/secret.txt"]


def test_missing_directory_special_binary_and_large_are_listed(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "bin.dat").write_bytes(b"\0\1\2")
    (root / "big.txt").write_text("x" * 100)
    os.mkfifo(root / "fifo")
    target = collect_files(root, ["gone.py", "src", "bin.dat", "big.txt", "fifo"], max_file_bytes=50)
    assert target.files == ()
    reasons = {s.path: s.reason for s in target.skipped}
    assert set(reasons) == {"gone.py", "src/", "bin.dat", "big.txt", "fifo"}
    assert reasons["bin.dat"] == "binary file"


def test_excludes_apply(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "node_modules").mkdir()
    (root / "node_modules/x.js").write_text("x\n")
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[core]\n")
    target = collect_files(root, ["node_modules/x.js", ".git/config", "src/app.py"], exclude=["src/"])
    assert target.files == ()
    # the default excludes drop VCS and dependency folders quietly, as the walk does; the
    # user's patterns are listed (a repository config must not hide files silently)
    assert [s.path for s in target.skipped] == ["src/"]


def test_caller_skips_are_listed(tmp_path: Path) -> None:
    from shiftleft.model import SkippedFile

    target = collect_files(_tree(tmp_path), ["other.py"], skipped=[SkippedFile("scratch.py", "untracked")])
    assert target.files == ("other.py",)
    assert [(s.path, s.reason) for s in target.skipped] == [("scratch.py", "untracked")]


def test_escaped_names_in_refusals(tmp_path: Path) -> None:
    with pytest.raises(TargetError) as exc:
        collect_files(_tree(tmp_path), ["../\x1b[31mred"])
    assert "\x1b" not in exc.value.message


def test_a_file_list_target_is_a_subset(tmp_path: Path) -> None:
    """A scan of some files (a pre-commit run) is a subset: its history marks nothing fixed."""
    (tmp_path / "a.py").write_text("x = 1\n", "utf-8")
    assert collect_files(tmp_path, ["a.py"]).subset is True
    assert collect(tmp_path).subset is False
