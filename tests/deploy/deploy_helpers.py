"""Helpers of the deploy-stage tests: the IaC fixture tree as a ScanTarget, and tools
that are skipped when absent locally but required in CI (CI=true)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shiftleft.model import ScanContext, ScanTarget

FIXTURES = Path(__file__).parent / "fixtures"


def require(what: str, available: bool, how: str) -> None:
    """Skip with a reason on a developer's machine; fail in CI, which installs it."""
    if available:
        return
    message = f"{what} is not available: {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: CI must install it)")
    pytest.skip(message)


def target_for(root: Path) -> ScanTarget:
    """The safe file list the pipeline would build: regular files, relative POSIX paths."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    return ScanTarget(root=root, files=tuple(files))


def context(target: ScanTarget, workdir: Path) -> ScanContext:
    return ScanContext(target=target, workdir=workdir, timeout=300.0)
