"""The Betterleaks driver's direct path (the pinned package's native library through ctypes,
``drivers/betterleaks_driver.py``) gives exactly what the package's ``scan_dir`` gives: the
same findings, hashes and version on the secrets benchmark fixture, the same error for a
config the engine refuses; and it never imports the package's Python layer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from shiftleft.scanners import betterleaks

FIXTURE = Path(__file__).resolve().parents[2] / "benchmarks" / "secrets" / "fixture"
PYTHON = betterleaks.engine_python()
pytestmark = pytest.mark.skipif(PYTHON is None, reason="Betterleaks is not installed (shiftleft tools install)")


def _driver(*args: str, code: str | None = None) -> dict[str, object]:
    assert PYTHON is not None
    argv = [PYTHON, "-I", str(betterleaks.DRIVER), *args] if code is None else [PYTHON, "-I", "-c", code, *args]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data: dict[str, object] = json.loads(proc.stdout)
    return data


def _sorted(findings: object) -> list[str]:
    assert isinstance(findings, list)
    return sorted(json.dumps(f, sort_keys=True) for f in findings)


def test_the_pinned_package_takes_the_direct_path() -> None:
    code = (f"import runpy, sys; sys.argv = ['d']; ns = runpy.run_path({str(betterleaks.DRIVER)!r}); "
            "lib = ns['_native_library'](); "
            "print(lib is not None and lib.name, 'pybetterleaks' in sys.modules)")  # fmt: skip
    assert PYTHON is not None
    out = subprocess.run([PYTHON, "-I", "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.split() == ["libbetterleaks_py.so", "False"]


def test_direct_and_package_paths_agree_on_the_secrets_fixture() -> None:
    direct = _driver(str(betterleaks.RULES), str(FIXTURE), "120")
    package = _driver(str(betterleaks.RULES), str(FIXTURE), "120", "package")
    assert direct["errors"] == package["errors"] == []
    assert direct["version"] == package["version"]
    assert _sorted(direct["findings"]) == _sorted(package["findings"])
    assert len(direct["findings"]) >= 20  # type: ignore[arg-type]
    assert all(f["hashed_secret"] for f in direct["findings"])  # type: ignore[attr-defined,index,union-attr]


def test_direct_and_package_paths_report_the_same_engine_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rules]]\nid = 'x'\nregex = '('\n", "utf-8")
    (tmp_path / "dir").mkdir()
    direct = _driver(str(bad), str(tmp_path / "dir"), "60")
    package = _driver(str(bad), str(tmp_path / "dir"), "60", "package")
    assert direct["errors"] and direct["errors"] == package["errors"]
    assert direct["findings"] == package["findings"] == []


def test_usage_error() -> None:
    assert PYTHON is not None
    proc = subprocess.run([PYTHON, "-I", str(betterleaks.DRIVER), "a", "b", "c", "other"], capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 1 and "usage" in proc.stderr and "Traceback" not in proc.stderr


def test_each_placed_value_is_where_the_driver_says(tmp_path: Path) -> None:
    """``secret_at`` (for the result cache) names bytes of the file that hash to the
    finding's ``hashed_secret``, for nearly every finding of the secrets fixture (a value
    the engine decoded from its text is not there verbatim: left unplaced)."""
    import hashlib

    data = _driver(str(betterleaks.RULES), str(FIXTURE), "120")
    findings = data["findings"]
    assert isinstance(findings, list) and findings
    placed = 0
    for item in findings:
        at = item.get("secret_at")
        if at is None:
            continue
        raw = (FIXTURE / item["file"]).read_bytes()[at[0] : at[0] + at[1]]
        assert hashlib.sha1(raw, usedforsecurity=False).hexdigest() == item["hashed_secret"], item["file"]
        placed += 1
    assert placed >= 0.9 * len(findings), f"{placed} of {len(findings)} placed"
