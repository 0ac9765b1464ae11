"""Running one adapter on a hostile fixture, as the pipeline would."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shiftleft import tools
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.process import find_executable
from shiftleft.sarif import om
from shiftleft.scanners.base import Scanner

RunScanner = Callable[..., dict[str, Any]]


def _require(what: str, available: bool) -> None:
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is not installed (CI=true: CI must install it)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture
def checkov() -> None:
    _require("checkov", tools.find_tool("checkov") is not None)


@pytest.fixture
def zizmor() -> None:
    _require("zizmor", tools.find_tool("zizmor") is not None)


@pytest.fixture
def hadolint() -> None:
    _require("hadolint", tools.find_tool("hadolint") is not None)


@pytest.fixture
def semgrep() -> None:
    _require("semgrep", find_executable("semgrep") is not None)


@pytest.fixture
def bandit() -> None:
    _require("bandit", find_executable("bandit") is not None)


def files_of(root: Path) -> tuple[str, ...]:
    return tuple(
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    )


@pytest.fixture
def run_scanner(tmp_path_factory: pytest.TempPathFactory) -> RunScanner:
    """``run_scanner(cls, root, files=None)``: the adapter's SARIF run as JSON data."""

    def run(
        cls: type[Scanner], root: Path, files: tuple[str, ...] | None = None, timeout: float = 300
    ) -> dict[str, Any]:
        root = root.resolve()
        target = ScanTarget(root=root, files=files if files is not None else files_of(root))
        workdir = tmp_path_factory.mktemp("workdir")
        data: dict[str, Any] = om.to_dict(cls().execute(ScanContext(target, workdir, timeout)))
        return data

    return run


def rule_ids(run: dict[str, Any]) -> set[str]:
    return {str(r.get("ruleId")) for r in run.get("results") or []}


def uris(run: dict[str, Any]) -> set[str]:
    return {
        str(loc["physicalLocation"]["artifactLocation"].get("uri"))
        for r in run.get("results") or []
        for loc in r.get("locations") or []
        if "physicalLocation" in loc
    }


def not_assessed(run: dict[str, Any]) -> list[dict[str, str]]:
    return list(((run.get("properties") or {}).get("shiftleft") or {}).get("notAssessed") or [])


def text_of(data: Any) -> str:
    return json.dumps(data)


@pytest.fixture
def betterleaks() -> None:
    from shiftleft.scanners.betterleaks import engine_python

    _require("betterleaks (pybetterleaks)", engine_python() is not None)
