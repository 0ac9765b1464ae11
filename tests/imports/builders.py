"""Builders of import files and scans of nothing but imports (no real scanner runs)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from shiftleft.config import ImportConfig
from shiftleft.scan import ScanRequest, ScanResult, scan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
#: a category no scanner has: the scan runs the imports alone
NO_BUILTINS = ("imports-only",)


def now_iso(days_ago: float = 0.0) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def project(tmp_path: Path) -> Path:
    """A scan root holding the sources the fixtures' tools scanned (``app/``)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "app", root / "app")
    return root


def write_log(path: Path, runs: list[dict[str, Any]], **top: Any) -> Path:
    path.write_text(json.dumps({"version": "2.1.0", "runs": runs, **top}), "utf-8")
    return path


def tool_run(name: str, results: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None,
             **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"tool": {"driver": {"name": name, "version": "1.0", "rules": rules or []}}, "results": results,
            "invocations": [{"executionSuccessful": True, "endTimeUtc": now_iso()}], **extra}  # fmt: skip


def result(rule_id: str, uri: str | None, line: int = 1, text: str = "problem", **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"ruleId": rule_id, "message": {"text": text}, **extra}
    if uri is not None:
        item["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}]
    return item


def scan_imports(root: Path, *files: Path | ImportConfig, out: Path | None = None, **request: Any) -> ScanResult:
    """A scan of ``root`` with only these imports (no built-in scanner runs)."""
    specs = tuple(f if isinstance(f, ImportConfig) else ImportConfig(str(f)) for f in files)
    return scan(root, ScanRequest(categories=NO_BUILTINS, imports=specs, record_history=False, use_cache=False,
                                  output=out or root.parent / "out", **request))  # fmt: skip


def statuses(result: ScanResult) -> dict[str, Any]:
    return {s.name: s for s in result.report.statuses}
