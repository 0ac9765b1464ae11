"""Helpers of the coverage suite: advisory databases and one real-CLI scan."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shiftleft.advisories.importer import import_path
from shiftleft.advisories.store import AdvisoryStore
from tests.build.conftest import FIXTURE_OSV
from tests.conftest import shiftleft


@pytest.fixture(scope="session")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build tests' hand-written advisories: PyPI, npm, Go, crates.io."""
    path = tmp_path_factory.mktemp("db") / "full.sqlite3"
    with AdvisoryStore(path) as store:
        import_path(store, FIXTURE_OSV)
    return path


@pytest.fixture(scope="session")
def pypi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with PyPI advisories only: every other ecosystem has no data."""
    src = tmp_path_factory.mktemp("pypi-src")
    for f in FIXTURE_OSV.glob("PYSEC-*.json"):
        shutil.copy(f, src / f.name)
    path = tmp_path_factory.mktemp("db") / "pypi.sqlite3"
    with AdvisoryStore(path) as store:
        import_path(store, src)
    return path


@dataclass
class Scan:
    proc: subprocess.CompletedProcess[str]
    scorecard: dict[str, Any]
    sarif: dict[str, Any]

    @property
    def code(self) -> int:
        return self.proc.returncode

    def rule(self, rule_id: str) -> dict[str, Any]:
        return next(r for r in self.scorecard["gate"]["rules"] if r["id"] == rule_id)

    def run(self, scanner: str) -> dict[str, Any]:
        return next(r for r in self.sarif["runs"] if r["properties"]["shiftleft"]["scanner"] == scanner)

    def not_assessed(self, scanner: str) -> list[dict[str, Any]]:
        return list(self.run(scanner)["properties"]["shiftleft"].get("notAssessed") or [])

    def status(self, scanner: str) -> dict[str, Any]:
        return next(s for s in self.scorecard["scanners"] if s["name"] == scanner)

    def stage(self, name: str) -> dict[str, Any]:
        return next(a for a in self.scorecard["scorecard"]["stages"] if a["name"] == name)

    def notes(self) -> list[str]:
        out = []
        for run in self.sarif["runs"]:
            for inv in run.get("invocations") or []:
                out += [n["message"]["text"] for n in inv.get("toolExecutionNotifications") or []]
        return out

    def outputs(self) -> str:
        """Everything the user sees: terminal, scorecard.json and SARIF."""
        return "\n".join([self.proc.stdout, self.proc.stderr, json.dumps(self.scorecard), json.dumps(self.sarif)])


def scan(root: Path, out: Path, *args: str, timeout: float = 300) -> Scan:
    """``shiftleft scan`` through the real CLI, reports outside the scanned root."""
    proc = shiftleft("scan", str(root), "-o", str(out), "--no-history", "-f", "sarif", "-f", "json", *args,
                     timeout=timeout)  # fmt: skip
    assert proc.returncode != 4, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    scorecard = json.loads((out / "scorecard.json").read_text()) if (out / "scorecard.json").exists() else {}
    sarif = json.loads((out / "shiftleft.sarif").read_text()) if (out / "shiftleft.sarif").exists() else {}
    return Scan(proc, scorecard, sarif)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "repo"
    root.mkdir()
    yield root
