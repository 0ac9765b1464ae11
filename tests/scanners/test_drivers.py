"""Scripts a tool's own interpreter runs (``python -I SCRIPT``): the launch path works, and
nothing beside a script shadows the library it imports (before Python 3.11, ``-I`` still
puts the script's folder first on ``sys.path``)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from shiftleft.scanners import detect_secrets as adapter

DRIVERS = adapter.DRIVER.parent


def _imported_top_levels(script: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(script.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_beside_a_driver_shadows_what_it_imports() -> None:
    scripts = sorted(p for p in DRIVERS.glob("*.py") if p.name != "__init__.py")
    assert adapter.DRIVER in scripts and "detect_secrets" in _imported_top_levels(adapter.DRIVER)
    beside = {p.stem for p in DRIVERS.iterdir()} | {p.name for p in DRIVERS.iterdir() if p.is_dir()}
    for script in scripts:
        assert not (_imported_top_levels(script) - {"__future__"}) & beside, script


def test_the_driver_runs_isolated_from_its_installed_path(tmp_path: Path) -> None:
    (tmp_path / "app.cfg").write_text('aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"\n', "utf-8")
    out = subprocess.run(
        [sys.executable, "-I", str(adapter.DRIVER), "--", "app.cfg"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    found = json.loads(out.stdout)["results"]["app.cfg"]
    assert any(r["type"] == "AWS Access Key" and r["line_number"] == 1 for r in found)
