"""A tool's error notification names the file it could not assess; that name is tool
output, hence hostile. The not-assessed item's subject is that file only when it is on the
target's safe file list; any other URI (a host file, a path out of the root, a temporary
file) is replaced by the tool's name, so no path from outside the root reaches an output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest
import sarif_om
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft import scan as scan_module
from shiftleft.model import ScanContext
from shiftleft.sarif import build
from shiftleft.scanners.base import Scanner

HOST_PATH = "/etc/shadow-of-the-host"


def _noisy(uri: str) -> type[Scanner]:
    class Noisy(Scanner):
        """A scanner that succeeds, with one error notification about ``uri``."""

        name: ClassVar[str] = "fake-noisy"
        category: ClassVar[str] = "sast"
        stages: ClassVar[tuple[str, ...]] = ("code",)

        def health(self) -> str | None:
            return None

        def version(self) -> str | None:
            return "1.0"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            run = build.run(self.name, version="1.0", rules=[], results=[])
            note = build.notification("could not parse the file", "error")
            note.locations = [sarif_om.Location(physical_location=sarif_om.PhysicalLocation(
                artifact_location=sarif_om.ArtifactLocation(uri=uri)))]  # fmt: skip
            run.invocations[0].tool_execution_notifications = [note]
            return run

    return Noisy


def _subjects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uri: str) -> tuple[list[str], str]:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    scanner = _noisy(uri.replace("{root}", str(repo)))
    monkeypatch.setattr(scan_module, "discover", lambda: {scanner.name: scanner})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.app, ["scan", str(repo), "--no-history", "--no-color", "-o", str(out)])
    assert result.exit_code in (0, 1, 3), result.output
    sarif = json.loads((out / "shiftleft.sarif").read_text("utf-8"))
    run = next(r for r in sarif["runs"] if r["tool"]["driver"]["name"] == "fake-noisy")
    subjects = [n["subject"] for n in run["properties"]["shiftleft"]["notAssessed"]]
    # the scorecard and terminal list not-assessed items by subject (the SARIF log keeps the
    # tool's notification as the tool wrote it)
    return subjects, (out / "scorecard.json").read_text("utf-8") + result.output


@pytest.mark.parametrize(
    "uri",
    [HOST_PATH, f"file://{HOST_PATH}", "../host/credentials", "{root}/../host/credentials", "/tmp/checkov-xyz/main.tf",
     "not-in-the-list.py"],
    ids=["absolute", "file-uri", "dot-dot", "root-dot-dot", "tmp", "unlisted"],
)  # fmt: skip
def test_a_notification_uri_off_the_safe_list_is_not_a_subject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uri: str
) -> None:
    subjects, written = _subjects(tmp_path, monkeypatch, uri)
    assert subjects == ["fake-noisy"]
    assert HOST_PATH not in written and "host/credentials" not in written and "checkov-xyz" not in written


@pytest.mark.parametrize("uri", ["app.py", "./app.py", "{root}/app.py", "file://{root}/app.py"])
def test_a_listed_file_stays_the_subject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    """The control: the file the tool could not parse, on the safe list, is named."""
    subjects, _ = _subjects(tmp_path, monkeypatch, uri)
    assert subjects == ["app.py"]
