"""The bundled semgrep rule pack: one directory per language under ``shiftleft/rules/semgrep``.

A scan loads only the directories of the languages it has files of (a pre-commit run on one
Python file parses no Java rules), and, unless the configuration adds rule files of its own,
gives semgrep only the files those rules can match.

The rule files are YAML for people (with file-local anchors for shared sources); semgrep is
given them as one JSON rule file per run (``write_pack_json``): semgrep's Python front end
parses and validates every ``--config`` separately, and its YAML parser is slow. On one
Python file that is most of semgrep's time (semgrep 1.182, the Python pack: 7.1 s CPU with
the five YAML files, 4.1 s with one JSON file).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import yaml

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


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def bundled_rules(languages: Iterable[str] | None = None) -> list[dict[str, object]]:
    """The rules of the bundled files of ``languages`` (all when None), anchors resolved; the
    files' other top-level keys (the ``x-`` anchor blocks) are not rules and are left out."""
    rules: list[dict[str, object]] = []
    for path in bundled_rule_files(languages):
        data = yaml.load(path.read_text("utf-8"), Loader=_LOADER) or {}  # noqa: S506 - CSafeLoader or SafeLoader
        rules.extend(rule for rule in data.get("rules") or [] if isinstance(rule, dict))
    return rules


def write_pack_json(languages: Iterable[str] | None, dest: Path) -> list[dict[str, object]]:
    """Write the bundled rules of ``languages`` to ``dest`` as one JSON rule file (what a
    scan gives semgrep) and return them."""
    rules = [rule for rule in bundled_rules(languages) if "id" in rule]
    write_rules_json(rules, dest)
    return rules


def write_rules_json(rules: list[dict[str, object]], dest: Path) -> None:
    """Write ``rules`` to ``dest`` as one semgrep rule file (JSON)."""
    dest.write_text(json.dumps({"rules": rules}, ensure_ascii=False), encoding="utf-8")
