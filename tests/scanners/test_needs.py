"""Scanners declare what the scan must give them (advisory database, output directory);
one function fills it in, so no caller names the scanners that want it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
import sarif_om
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft import scan as scan_module
from shiftleft.model import ScanContext
from shiftleft.sarif import build
from shiftleft.scanners import needs
from shiftleft.scanners.registry import BUILTIN_SCANNERS
from tests.helpers import FakeScanner

BUILTINS = {cls.name: cls for cls in BUILTIN_SCANNERS}


class NeedsDb(FakeScanner):
    name = "needs-db"
    needs = frozenset({"advisory_db"})
    seen: ClassVar[list[dict[str, Any]]] = []

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        NeedsDb.seen.append(dict(ctx.options))
        return build.run(self.name, version="1")


class NeedsNothing(NeedsDb):
    name = "needs-nothing"
    needs = frozenset()


class Defers(FakeScanner):
    name = "defers"
    options_when_disabled: ClassVar[dict[str, dict[str, Any]]] = {"needs-db": {"cover": True}}


def test_builtins_get_what_they_declared(tmp_path: Path) -> None:
    out = needs.scan_options(BUILTINS, {"advisory_db": tmp_path / "db.sqlite3", "output_dir": tmp_path / "out"})
    db = {"db": str(tmp_path / "db.sqlite3")}
    assert out == {"osv": db, "pip-audit": db, "container": db, "cyclonedx": {"output_dir": str(tmp_path / "out")}}


def test_a_need_not_provided_is_left_to_the_scanner(tmp_path: Path) -> None:
    out = needs.scan_options(BUILTINS, {"advisory_db": None, "output_dir": tmp_path})
    assert out == {"cyclonedx": {"output_dir": str(tmp_path)}}


def test_pip_audit_disabled_makes_osv_cover_pypi() -> None:
    """The relation is declared by the osv scanner, read here by name of the disabled one."""
    assert needs.scan_options(BUILTINS, {}, disabled={"pip-audit"}) == {"osv": {"python_engine": "osv"}}
    assert needs.scan_options(BUILTINS, {}, disabled={"osv"}) == {}


def test_fake_scanners_declare_like_builtins(tmp_path: Path) -> None:
    scanners = {cls.name: cls for cls in (NeedsDb, NeedsNothing, Defers, FakeScanner)}
    out = needs.scan_options(scanners, {"advisory_db": "x.db", "output_dir": tmp_path}, disabled={"needs-db"})
    assert out == {"needs-db": {"db": "x.db"}, "defers": {"cover": True}}


def test_an_unknown_provided_need_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown provided need"):
        needs.scan_options(BUILTINS, {"advisory_database": "x"})


def test_the_cli_fills_needs_from_db_and_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``shiftleft scan --db`` reaches a (third-party-like) scanner that declared the need,
    and only that one; nothing in the CLI names it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    monkeypatch.setattr(scan_module, "discover", lambda: {"needs-db": NeedsDb, "needs-nothing": NeedsNothing})
    NeedsDb.seen.clear()
    db = tmp_path / "advisories.sqlite3"
    args = ["scan", str(repo), "-o", str(tmp_path / "out"), "--db", str(db), "--no-history", "--no-color"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code in (0, 1), result.output
    assert sorted(NeedsDb.seen, key=len) == [{}, {"db": str(db)}]
