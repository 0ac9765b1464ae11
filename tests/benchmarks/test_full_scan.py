"""benchmarks/full_scan.py: the "alone" side of the comparison runs every scanner the scan
would run (once it measured none, and printed ratios of 0.00)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import sarif_om

from shiftleft.model import ScanContext
from tests.helpers import FakeScanner, make_run

ROOT = Path(__file__).resolve().parents[2]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("full_scan", ROOT / "benchmarks" / "full_scan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OnByDefault(FakeScanner):
    name: ClassVar[str] = "on-by-default"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        return make_run([])


class OffByDefault(OnByDefault):
    name: ClassVar[str] = "off-by-default"
    enabled_by_default: ClassVar[bool] = False


def test_alone_times_each_scanner_the_scan_runs(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("x = 1\n", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    found = _module().alone(root, work, {c.name: c for c in (OnByDefault, OffByDefault)})
    assert sorted(found) == ["on-by-default"] and found["on-by-default"] >= 0.0
