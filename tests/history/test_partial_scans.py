"""A scan of part of the project never marks a finding fixed: a ``--stage`` subset (the
scanners of the other stages did not run) and a subset of the files (a pre-commit run on
staged files: ``ScanTarget.subset``, the log's ``properties.shiftleft.subset``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import sarif_om

from shiftleft.config import Config
from shiftleft.gitinfo import GitInfo
from shiftleft.history import HistoryStore
from shiftleft.model import ScanContext
from shiftleft.pipeline import run_scan
from tests.helpers import FakeScanner, make_run, result_dict, target_for
from tests.history.helpers import day, finding, report, status

NO_GIT = GitInfo()


def test_a_scan_of_some_files_fixes_nothing(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.db")
    store.record(report([finding("a", path="a.py"), finding("b", path="b.py")]), now=day(0), git=NO_GIT)
    partial = report([finding("a", path="a.py")])
    partial = replace(partial, meta={**partial.meta, "subset": True})  # only a.py was staged
    recorded = store.record_scan(partial, now=day(1), git=NO_GIT)
    assert (recorded.summary.fixed, recorded.summary.still_open, recorded.not_assessed) == (0, 2, 1)
    # the whole tree, scanned again: now b is fixed
    summary = store.record(report([finding("a", path="a.py")]), now=day(2), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (1, 1)


def test_a_scan_of_some_stages_fixes_nothing_in_the_others(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.db")
    both = [status("bandit"), status("osv", stage="build")]
    store.record(report([finding("a"), finding("dep", tool="osv", stage="build")], both), now=day(0), git=NO_GIT)
    # `--stage code`: osv is not in the scan at all
    summary = store.record(report([finding("a")], [status("bandit")]), now=day(1), git=NO_GIT)
    assert (summary.fixed, summary.still_open) == (0, 2)


class Reports(FakeScanner):
    name: ClassVar[str] = "reports"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        return make_run([result_dict("R1", f, 1) for f in ctx.target.files])


def test_the_pipeline_says_when_its_target_is_a_subset(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n", "utf-8")
    (tmp_path / "b.py").write_text("b = 1\n", "utf-8")
    whole = target_for(tmp_path)
    outcome = run_scan(whole, Config(), {"reports": Reports}, stages=("code",))
    assert outcome.log.properties["shiftleft"]["subset"] is False
    outcome = run_scan(replace(whole, files=("a.py",), subset=True), Config(), {"reports": Reports}, stages=("code",))
    assert outcome.log.properties["shiftleft"]["subset"] is True
