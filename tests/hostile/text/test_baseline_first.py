"""A bad ``--baseline`` (missing, not SARIF, too deep, too large) is exit 2 with one line
before anything is scanned: the user does not wait for a whole scan to learn of a typo, and
no scanner runs on the strength of an input that will be refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft import scan as scan_module
from tests.hostile.text.builders import marking_scanner, nested_in_properties, nested_json, write


def _bad(tmp_path: Path, kind: str) -> Path:
    if kind == "missing":
        return tmp_path / "no-such.sarif"
    if kind == "not-json":
        return write(tmp_path / "b.sarif", "not json at all\n")
    if kind == "not-sarif":
        return write(tmp_path / "b.sarif", {"hello": "world"})
    if kind == "wrong-types":
        return write(tmp_path / "b.sarif", {"version": "2.1.0", "runs": [{"results": "x"}]})
    if kind == "too-deep":
        return write(tmp_path / "b.sarif", nested_json(10_000))
    if kind == "deep-in-a-valid-log":
        return write(tmp_path / "b.sarif", nested_in_properties(800))
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["missing", "not-json", "not-sarif", "wrong-types", "too-deep", "deep-in-a-valid-log"]
)
def test_a_bad_baseline_is_refused_before_scanning(
    tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    scanner = marking_scanner(marker)
    monkeypatch.setattr(scan_module, "discover", lambda: {scanner.name: scanner})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    args = ["scan", str(repo), "--no-history", "--no-color", "-o", str(tmp_path / "out"),
            "--baseline", str(_bad(tmp_path, kind))]  # fmt: skip
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 2, result.output
    assert not marker.exists(), "the scan ran before the baseline was refused"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("shiftleft: error:"), result.stderr
    assert not (tmp_path / "out").exists()


def test_a_good_baseline_still_scans(tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The positive control: a valid baseline is used, and the scan runs."""
    scanner = marking_scanner(marker)
    monkeypatch.setattr(scan_module, "discover", lambda: {scanner.name: scanner})
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    good = write(tmp_path / "b.sarif", {"version": "2.1.0", "runs": []})
    args = ["scan", str(repo), "--no-history", "--no-color", "-o", str(tmp_path / "out"), "--baseline", str(good)]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert marker.exists()
