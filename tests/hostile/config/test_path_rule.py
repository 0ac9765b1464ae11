"""The path rule itself, as a property: whatever relative path a repository writes, through
whatever mix of directories, links in and links out, ``repository_file`` returns a regular
file inside the root or refuses."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftleft.paths import PathRefused, is_within, repository_file

PARTS = ["a", "b", "..", ".", "in-link", "out-link", "loop", "f.yaml", "host.yaml", "dir-link", ""]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("rule")
    host, root = base / "host", base / "root"
    (host / "a").mkdir(parents=True)
    (host / "host.yaml").write_text("secret\n")
    (host / "a" / "f.yaml").write_text("secret\n")
    (root / "a" / "b").mkdir(parents=True)
    (root / "f.yaml").write_text("ok\n")
    (root / "a" / "f.yaml").write_text("ok\n")
    (root / "a" / "b" / "f.yaml").write_text("ok\n")
    (root / "in-link").symlink_to("a", target_is_directory=True)
    (root / "a" / "dir-link").symlink_to("..", target_is_directory=True)
    (root / "out-link").symlink_to(host, target_is_directory=True)
    (root / "a" / "out-link").symlink_to("../../host/a", target_is_directory=True)
    (root / "host.yaml").symlink_to(host / "host.yaml")
    (root / "loop").symlink_to("loop")
    os.mkfifo(root / "a" / "pipe")
    return root, host


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*PARTS, "pipe"]), min_size=1, max_size=6))
def test_a_result_is_always_a_regular_file_inside_the_root(tree: tuple[Path, Path], parts: list[str]) -> None:
    root, host = tree
    value = "/".join(parts)
    try:
        found = repository_file(root, value)
    except PathRefused as exc:
        assert "secret" not in str(exc)
        return
    real = Path(os.path.realpath(found))
    assert is_within(real, root.resolve()) and not is_within(real, host.resolve())
    assert stat.S_ISREG(os.stat(real).st_mode)
    assert ".." not in parts  # '..' is refused outright, even when it would stay inside


@pytest.mark.parametrize(("value", "ok"), [
    ("f.yaml", True), ("a/b/f.yaml", True), ("in-link/f.yaml", True), ("a/dir-link/f.yaml", True),
    ("host.yaml", False), ("out-link/host.yaml", False), ("a/out-link/f.yaml", False), ("loop", False),
    ("a/pipe", False), ("a", False), ("/etc/hostname", False), ("a/../f.yaml", False), ("C:/x", False),
    ("a\\\\f.yaml", False), ("", False), ("f.yaml/x", False),
])  # fmt: skip
def test_examples(tree: tuple[Path, Path], value: str, ok: bool) -> None:
    root, _ = tree
    if ok:
        assert repository_file(root, value).read_text() == "ok\n"
    else:
        with pytest.raises(PathRefused):
            repository_file(root, value)
