"""The bundled semgrep rule pack: one directory per language under ``shiftleft/rules/semgrep``.

A scan loads only the directories of the languages it has files of (a pre-commit run on one
Python file parses no Java rules), and, unless the configuration adds rule files of its own,
gives semgrep only the files those rules can match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from shiftleft.provenance import file_sha256
from shiftleft.resources import semgrep_rules_dir

#: bundled rule directory -> the file suffixes its rules' languages analyse
PACK_LANGUAGES: dict[str, tuple[str, ...]] = {
    "python": (".py", ".pyi"),
    "javascript": (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"),
    "java": (".java",),
    "go": (".go",),
}


def pack_suffixes() -> tuple[str, ...]:
    """Every suffix some bundled rule analyses."""
    return tuple(s for suffixes in PACK_LANGUAGES.values() for s in suffixes)


def languages_for(paths: Iterable[str]) -> list[str]:
    """The bundled languages that have at least one of ``paths``, in pack order."""
    seen = {Path(p).suffix.lower() for p in paths}
    return [lang for lang, suffixes in PACK_LANGUAGES.items() if seen.intersection(suffixes)]


def bundled_rule_files(languages: Iterable[str] | None = None) -> list[Path]:
    """The rule files of ``languages`` (all languages when None), sorted for a stable command line."""
    root = semgrep_rules_dir()
    chosen = list(PACK_LANGUAGES) if languages is None else list(languages)
    return sorted(p for lang in chosen for p in (root / lang).glob("*.yaml"))


#: the rule pack's name in a scanner provenance record (``scanners/provenance.py``)
PACK_NAME = "shiftleft-semgrep"


def pack_digest(languages: Iterable[str] | None = None) -> str:
    """sha256 of the bundled pack (all languages when None): one ``<lang>/<file> <sha256>``
    line per rule file, sorted, so the digest names the pack's content and nothing of where
    it is installed. Each file is hashed once per process (``shiftleft.provenance``)."""
    root = semgrep_rules_dir()
    lines = [f"{p.relative_to(root).as_posix()} {file_sha256(p)}\n" for p in bundled_rule_files(languages)]
    return hashlib.sha256("".join(sorted(lines)).encode("utf-8")).hexdigest()
