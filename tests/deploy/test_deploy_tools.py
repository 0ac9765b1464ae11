"""Managed tool environments: lookup order, pins, fast failure offline, and isolation
(checkov's bc-detect-secrets must not replace upstream detect-secrets in our venv)."""

from __future__ import annotations

import importlib.metadata
import os
import stat
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft import tools, tools_cli


def _fake_exe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_pins_cover_every_tool() -> None:
    pins = tools.pinned_requirements()
    for spec in tools.TOOLS.values():
        assert spec.package in pins, spec.package
    assert pins["checkov"] == "checkov==3.3.30"


def test_find_tool_prefers_managed_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tools.TOOLS_DIR_ENV, str(tmp_path))
    on_path = _fake_exe(tmp_path / "elsewhere" / "checkov")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert tools.find_tool("checkov") == str(on_path)
    managed = _fake_exe(tmp_path / "checkov" / "bin" / "checkov")
    assert tools.find_tool("checkov") == str(managed)


def test_tools_dir_default_and_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(tools.TOOLS_DIR_ENV, raising=False)
    assert tools.tools_dir().parts[-2:] == ("shiftleft", "tools")
    monkeypatch.setenv(tools.TOOLS_DIR_ENV, str(tmp_path))
    assert tools.tools_dir() == tmp_path


def test_install_fails_fast_without_an_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tools.TOOLS_DIR_ENV, str(tmp_path))
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_NO_INDEX", "")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    start = time.monotonic()
    with pytest.raises(tools.ToolInstallError, match=r"could not install checkov==3\.3\.30"):
        tools.install("checkov", timeout=120)
    assert time.monotonic() - start < 90


def test_unknown_tool() -> None:
    with pytest.raises(tools.ToolInstallError, match="unknown tool"):
        tools.install("nmap")


def test_cli_list(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(tools.TOOLS_DIR_ENV, str(tmp_path))
    result = CliRunner().invoke(tools_cli.app, ["list"])
    assert result.exit_code == 0
    assert "checkov" in result.output and "checkov==3.3.30" in result.output


def test_checkov_is_isolated_from_our_detect_secrets(checkov_path: str) -> None:
    """The managed checkov brings bc-detect-secrets into *its* venv only."""
    assert not checkov_path.startswith(sys.prefix + os.sep)
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("bc-detect-secrets")
    import detect_secrets

    dist = importlib.metadata.distribution("detect-secrets")
    owned = {str(f) for f in dist.files or []}
    assert "detect_secrets/__init__.py" in owned
    assert (
        Path(detect_secrets.__file__).resolve() == Path(str(dist.locate_file("detect_secrets/__init__.py"))).resolve()
    )
    assert tools.installed_version(checkov_path, "checkov") == "3.3.30"
