"""Where the data files live: inside the wheel (``shiftleft/_data``) when installed,
at the repository root when running from a source checkout or an editable install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(installed: str, source: str) -> Path:
    packaged = _PACKAGE / "_data" / installed
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / source


def policies_dir() -> Path:
    return _data_dir("policies", "policies")


def templates_dir() -> Path:
    return _data_dir("templates", "reports/templates")


def semgrep_rules_dir() -> Path:
    return _PACKAGE / "rules" / "semgrep"
