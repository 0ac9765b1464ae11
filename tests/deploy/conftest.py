"""Fixtures of the deploy-stage tests (helpers live in deploy_helpers)."""

from __future__ import annotations

import pytest
from deploy_helpers import FIXTURES, require, target_for

from shiftleft import tools
from shiftleft.model import ScanTarget


@pytest.fixture(scope="session")
def checkov_path() -> str:
    path = tools.find_tool("checkov")
    require("checkov", path is not None, "run `shiftleft tools install checkov` (or set SHIFTLEFT_TOOLS_DIR)")
    assert path is not None
    return path


@pytest.fixture
def iac_target() -> ScanTarget:
    return target_for(FIXTURES / "iac")
