"""One severity scale for every tool.

Each tool's own words are mapped to critical / high / medium / low / info by a data file
in ``policies/severity/<tool>.yaml``. The numeric ``security-severity`` we emit follows the
bands GitHub code scanning uses (critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9),
so a CVSS base score and a mapped word land on the same scale.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from shiftleft.errors import ShiftleftError
from shiftleft.resources import policies_dir

SEVERITIES = ("critical", "high", "medium", "low", "info")
RANK = {name: i for i, name in enumerate(reversed(SEVERITIES))}  # info=0 ... critical=4

#: the score we write for a severity that came from a word, not from CVSS
SCORE_FOR = {"critical": 9.5, "high": 8.0, "medium": 5.5, "low": 2.0, "info": 0.0}


def from_score(score: float) -> str:
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    if score > 0.0:
        return "low"
    return "info"


def at_least(severity: str, threshold: str) -> bool:
    return RANK.get(severity, 0) >= RANK[threshold]


@dataclass(frozen=True)
class SeverityMap:
    """One tool's map, read from policies/severity/<tool>.yaml."""

    tool: str
    default: str = "medium"
    words: dict[str, str] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)

    def for_word(self, word: str | None) -> str | None:
        if word is None:
            return None
        return self.words.get(word) or self.words.get(word.upper()) or self.words.get(word.lower())


class SeverityMapError(ShiftleftError, ValueError):
    """A severity map (policies/severity/*.yaml) that cannot be used."""


def _check(value: object, where: str) -> str:
    if value not in SEVERITIES:
        raise SeverityMapError(f"{where}: {value!r} is not one of {', '.join(SEVERITIES)}")
    return str(value)


#: libyaml's safe loader when PyYAML has it (same constructors as SafeLoader, ~10x faster:
#: the nine maps are read by every scan, the pre-commit hook's included)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_map(path: Path) -> SeverityMap:
    data = yaml.load(path.read_text("utf-8"), Loader=_SAFE_LOADER) or {}  # noqa: S506 - a safe loader
    if not isinstance(data, dict) or "tool" not in data:
        raise SeverityMapError(f"{path}: a severity map needs a 'tool' key")
    words = {str(k): _check(v, f"{path}: map.{k}") for k, v in (data.get("map") or {}).items()}
    rules = {str(k): _check(v, f"{path}: rules.{k}") for k, v in (data.get("rules") or {}).items()}
    return SeverityMap(str(data["tool"]), _check(data.get("default", "medium"), f"{path}: default"), words, rules)


@functools.cache
def maps(directory: Path | None = None) -> dict[str, SeverityMap]:
    folder = directory or policies_dir() / "severity"
    out: dict[str, SeverityMap] = {}
    for path in sorted(folder.glob("*.yaml")):
        loaded = load_map(path)
        out[loaded.tool] = loaded
    return out


def map_for(tool: str) -> SeverityMap:
    return maps().get(tool) or SeverityMap(tool)
