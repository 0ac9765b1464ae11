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
    assert sorted(found) == ["on-by-default"]
    wall, cpu = found["on-by-default"]
    assert wall >= 0.0 and cpu >= 0.0


def test_timeline_splits_the_wall_time_from_the_log(tmp_path: Path) -> None:
    """Before the pipeline, to the first scanner, the scanners' span, after the last one and
    after the pipeline: from the log's times and the process's; the shiftleft run ignored."""
    import json

    def run(name: str, start: str, end: str) -> dict[str, object]:
        return {"tool": {"driver": {"name": name}}, "invocations": [{"startTimeUtc": start, "endTimeUtc": end}]}

    log = {
        "properties": {"shiftleft": {"startTime": "2026-01-01T00:00:02.000Z", "endTime": "2026-01-01T00:00:20.000Z"}},
        "runs": [
            run("semgrep", "2026-01-01T00:00:03.000Z", "2026-01-01T00:00:18.000Z"),
            run("bandit", "2026-01-01T00:00:02.500Z", "2026-01-01T00:00:10.000Z"),
            run("shiftleft", "2026-01-01T00:00:02.000Z", "2026-01-01T00:00:20.000Z"),
        ],
    }
    sarif = tmp_path / "shiftleft.sarif"
    sarif.write_text(json.dumps(log))
    module = _module()
    began = module._epoch("2026-01-01T00:00:00.000Z")
    assert module.timeline(sarif, began, began + 21.0) == {
        "start-up": 2.0, "to first scanner": 0.5, "scanners": 15.5, "after last scanner": 2.0, "after pipeline": 1.0,
    }  # fmt: skip
    assert module.timeline(tmp_path / "missing.sarif", began, began + 1.0) is None
