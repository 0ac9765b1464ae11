"""Shared test helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip when a prerequisite is missing on a user's machine; fail in CI, where
    .ci/run installs every prerequisite and a skip would hide a broken check."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def shiftleft(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
              timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process, as a user would."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "shiftleft", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, check=False,
    )


@pytest.fixture(autouse=True, scope="session")
def _session_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same for module- and session-scoped fixtures, which run before ``_state_dir``: a
    CLI scan they start never reads or fills the real result cache (a run another session
    stored there would be its hit)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("session-state")))
        patch.setenv("SHIFTLEFT_CACHE_DIR", str(tmp_path_factory.mktemp("session-result-cache")))
        yield


@pytest.fixture(autouse=True)
def _state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user state directory (default history databases) of every test, and of the CLI
    processes it starts, is a temporary one: tests never write into the real home."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    # the result cache too, one per test: a run cached by one test is never another's hit
    monkeypatch.setenv("SHIFTLEFT_CACHE_DIR", str(tmp_path_factory.mktemp("result-cache")))


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, object]:
    import json

    return json.loads((ROOT / "shiftleft/sarif/schema/sarif-schema-2.1.0.json").read_text("utf-8"))
