"""``--image-archive`` through the real CLI. The rule: what the path *is* is checked
before the scan starts (not a regular file or directory -> exit 2, one line); what it
*contains* is the container scanner's business (unreadable, unsafe, or over a limit ->
the run fails with the reason, the gate reports incomplete, exit 3). Never a hang,
never exit 4, never a pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import builders as b

ROOT = Path(__file__).resolve().parents[3]


def scan(tmp_path: Path, archive: Path, marker: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "app.py").write_text(f"open({str(marker)!r}, 'w')\n")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT), SHIFTLEFT_DB=str(tmp_path / "none.sqlite3"))
    proc = subprocess.run(
        [sys.executable, "-m", "shiftleft", "scan", str(repo), "--stage", "test", "--image-archive", str(archive),
         "-o", str(out), "-f", "json", "--no-history", "-q"],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )  # fmt: skip
    return proc, out


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "symlink-to-dev-zero", "symlink-loop"])
def test_special_files_are_exit_2_before_the_scan(tmp_path: Path, marker: Path, kind: str) -> None:
    """/dev/zero used to hang the scan forever (a FIFO too: opening it blocks)."""
    archive = b.special_files(tmp_path)[kind]
    proc, out = scan(tmp_path, archive, marker)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "not an image archive" in lines[0] or "symbolic links" in lines[0]
    assert not out.exists()  # nothing ran, nothing written
    assert not marker.exists()


@pytest.mark.parametrize("case", ["not-a-layout", "nested-config", "deep-path", "garbage"])
def test_bad_content_fails_the_container_run(tmp_path: Path, marker: Path, case: str) -> None:
    if case == "not-a-layout":
        archive = tmp_path / "not-a-layout"
        archive.mkdir()
        reason = "neither manifest.json"
    elif case == "nested-config":
        archive = b.docker_archive(tmp_path / "n.tar", [b.layer_tar([])], config=b.nested_json(50_000))
        reason = "nests JSON deeper"
    elif case == "deep-path":
        archive = b.deep_path_image(tmp_path / "d.tar", 400)
        reason = "directories deep"
    else:
        archive = tmp_path / "garbage.tar"
        archive.write_bytes(b"\x1f\x8b" + b"\0" * 4096)
        reason = "could not be read"
    proc, out = scan(tmp_path, archive, marker)
    assert proc.returncode == 3, proc.stderr  # incomplete: never 0 (pass) nor 4 (internal error)
    card = json.loads((out / "scorecard.json").read_text())
    (container,) = [s for s in card["scanners"] if s["name"] == "container"]
    assert container["status"] == "failed"
    assert reason in container["reason"]
    assert not marker.exists()
