"""Shared fixtures of the hostile suite: a marker that repository code would write if it ran."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A path outside every scanned root; hostile fixtures try to create it. Tests assert it
    never exists."""
    return tmp_path_factory.mktemp("marker") / "PWNED"
