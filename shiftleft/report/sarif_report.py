"""The merged SARIF log, as written to disk: always complete in ``shiftleft.sarif``, plus a
copy cut to GitHub code scanning's upload limits beside it when the full log exceeds them,
and, with ``--sarif-profile``, a copy shaped for that consumer (``sarif.profiles``).

Both carry the repository prefix the scan recorded (``sarif.prefix``): URIs relative to
the repository root, as code-scanning consumers resolve them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shiftleft.model import Report
from shiftleft.sarif import limits, prefix, profiles


def encode(report: Report) -> str:
    """The text of ``shiftleft.sarif`` (what ``write`` writes; the OSCAL export states its sha256)."""
    return _encoded(prefix.add_prefix(report.sarif))


def _encoded(data: dict[str, Any]) -> str:
    return readable_dumps(data) + "\n"


def write(report: Report, path: Path) -> Path:
    data = prefix.add_prefix(report.sarif)
    path.write_text(_encoded(data), "utf-8")
    github = path.with_name(limits.GITHUB_FILE_NAME)
    if limits.problems(data):
        capped, _changes = limits.github_copy(data)
        github.write_text(json.dumps(capped) + "\n", "utf-8")
    elif github.exists():
        github.unlink()  # a stale cut copy from an earlier scan must not be uploaded instead
    return path


def write_profile(report: Report, directory: Path, profile: str) -> tuple[Path, tuple[str, ...]]:
    """``shiftleft.<profile>.sarif`` in ``directory``: the log shaped for one consumer;
    returns its path and what the shaping changed or left out (for the user's log)."""
    shaped = profiles.apply(prefix.add_prefix(report.sarif), profile)
    path = directory / profiles.file_name(profile)
    path.write_text(json.dumps(shaped.log) + "\n", "utf-8")
    return path, shaped.changes


#: containers nested deeper than this are written on one line: in a SARIF log, one rule,
#: result location, notification or invocation per line
READABLE_DEPTH = 6
_ENCODE = json.JSONEncoder().encode


def readable_dumps(value: Any, depth: int = READABLE_DEPTH, *, flat_records: bool = False) -> str:
    """JSON as ``json.dumps(value)`` gives it (the same document, ASCII, the same key
    order), indented two spaces down to ``depth`` levels and compact below: a person can
    still read the log a line per item, and writing it costs half of ``indent=2``, whose
    pure-Python encoder handles every value one call at a time (the C encoder writes each
    compact part). ``flat_records``: also one line for every list of scalars, and every
    object whose values are all scalars or lists of scalars, at any level (scorecard.json:
    a finding, a control, a scanner per line)."""
    parts: list[str] = []
    _emit(value, depth, 0, parts, flat_records)
    return "".join(parts)


_SCALAR_TYPES = (str, int, float, bool, type(None))


def _flat(value: dict[Any, Any] | list[Any]) -> bool:
    if isinstance(value, list):
        return all(isinstance(x, _SCALAR_TYPES) for x in value)
    return all(isinstance(v, _SCALAR_TYPES) or (isinstance(v, list) and all(isinstance(x, _SCALAR_TYPES) for x in v))
               for v in value.values())  # fmt: skip


def _emit(value: Any, depth: int, level: int, out: list[str], flat_records: bool) -> None:
    if level >= depth or not value or not isinstance(value, (dict, list)) or (
        isinstance(value, dict) and not all(isinstance(k, str) for k in value)
    ) or (flat_records and _flat(value)):  # fmt: skip
        out.append(_ENCODE(value))
        return
    inner = "\n" + "  " * (level + 1)
    items = value.items() if isinstance(value, dict) else enumerate(value)
    out.append("{" if isinstance(value, dict) else "[")
    for i, (key, item) in enumerate(items):
        out.append(inner if i == 0 else "," + inner)
        if isinstance(value, dict):
            out.append(_ENCODE(key) + ": ")
        _emit(item, depth, level + 1, out, flat_records)
    out.append("\n" + "  " * level + ("}" if isinstance(value, dict) else "]"))
