"""The private copy the zizmor and hadolint adapters give their tools."""

from __future__ import annotations

from pathlib import Path

from shiftleft.model import ScanTarget
from shiftleft.scanners.inputs import copy_inputs, text, whole


def test_only_regular_files_inside_the_root_within_the_cap(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "a").mkdir(parents=True)
    (root / "a/Dockerfile").write_text("FROM x:1\n")
    (root / "big.Dockerfile").write_bytes(b"#" * 2000)
    (tmp_path / "outside").write_text("FROM secret:1\n")
    (root / "link.Dockerfile").symlink_to(tmp_path / "outside")
    (root / "inner.Dockerfile").symlink_to(root / "a/Dockerfile")
    files = ("a/Dockerfile", "big.Dockerfile", "link.Dockerfile", "inner.Dockerfile", "../outside", "/etc/passwd",
             "missing/Dockerfile", "")  # fmt: skip
    copied = copy_inputs(ScanTarget(root=root, files=files), files, tmp_path / "copy", max_bytes=1000)
    assert copied.files == ["a/Dockerfile", "inner.Dockerfile"]
    assert (copied.root / "inner.Dockerfile").read_text() == "FROM x:1\n"
    assert not (copied.root / "inner.Dockerfile").is_symlink()
    reasons = {i["subject"]: i["reason"] for i in copied.not_assessed}
    assert set(reasons) == {"big.Dockerfile", "link.Dockerfile", "../outside", "/etc/passwd", "missing/Dockerfile", ""}
    assert "larger than" in reasons["big.Dockerfile"] and "inside the scan root" in reasons["link.Dockerfile"]
    assert not (tmp_path / "copy" / "link.Dockerfile").exists()


def test_reported_paths_map_back_only_to_copied_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text("FROM x:1\n")
    copied = copy_inputs(ScanTarget(root=root, files=("Dockerfile",)), ["Dockerfile"], tmp_path / "copy")
    assert copied.relative(str(copied.root / "Dockerfile")) == "Dockerfile"
    assert copied.relative("file://" + str(copied.root / "Dockerfile")) == "Dockerfile"
    assert copied.relative("./Dockerfile") == "Dockerfile"
    assert copied.relative(str(copied.root / "../copy/Dockerfile")) is None
    assert copied.relative("/etc/passwd") is None and copied.relative(str(root / "Dockerfile")) is None


def test_text_and_whole_bound_forged_values() -> None:
    assert text("x" * 10, 3) == "xxx" and text(["x"]) == "" and text(None) == ""
    assert whole(3) == 3 and whole(True) is None and whole("3") is None and whole(-1) is None
    assert whole(10**12) is None and whole(2.0) is None
