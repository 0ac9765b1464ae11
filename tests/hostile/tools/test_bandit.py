"""bandit takes no options from the repository's .bandit / setup.cfg / pyproject / YAML,
and a repository too large for one argument list is still scanned."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from shiftleft.scanners.bandit import Bandit

from . import builders
from .conftest import RunScanner, files_of, rule_ids, uris

pytestmark = pytest.mark.usefixtures("bandit")


def test_project_config_skips_and_excludes_nothing(tmp_path: Path, run_scanner: RunScanner) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    builders.bandit_config(root)
    run = run_scanner(Bandit, root, files_of(root))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert {"B301", "B403"} <= rule_ids(run)
    assert {"app.py", "pkg/mod.py"} <= uris(run)


def test_more_files_than_one_argument_list_holds(tmp_path: Path, run_scanner: RunScanner) -> None:
    """2,500 files under long paths: 2.4 MB of arguments, over Linux's 2 MiB. Before:
    "Argument list too long", bandit not assessed. After: every batch ran, findings of the
    first and the last file reported, time linear (generous bound)."""
    root = tmp_path / "repo"
    root.mkdir()
    files = builders.many_python_files(root, 2500, flagged=(0, 2499))
    start = time.monotonic()
    run = run_scanner(Bandit, root, tuple(files))
    assert run["invocations"][0]["executionSuccessful"] is True, run["invocations"]
    assert {files[0], files[2499]} <= uris(run)
    assert time.monotonic() - start < 120
