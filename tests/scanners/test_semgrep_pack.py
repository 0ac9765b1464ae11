"""The bundled semgrep pack is loaded per language: only the languages a scan has files of."""

from __future__ import annotations

from typing import Any

import yaml

from shiftleft.scanners.semgrep import target_files
from shiftleft.scanners.semgrep_pack import PACK_LANGUAGES, bundled_rule_files, languages_for


def test_every_pack_language_has_rules() -> None:
    for lang in PACK_LANGUAGES:
        assert bundled_rule_files([lang]), lang


def test_only_present_languages_are_loaded() -> None:
    assert languages_for(["a/app.py"]) == ["python"]
    assert languages_for(["web/x.TS", "b.py"]) == ["python", "javascript"]
    assert languages_for(["README.md", "main.tf"]) == []
    assert languages_for(["src/main/java/App.java", "pom.xml"]) == ["java"]
    assert languages_for(["cmd/server/main.go"]) == ["go"]
    python_only = bundled_rule_files(["python"])
    assert python_only and all(p.parent.name == "python" for p in python_only)
    for lang in ("java", "go"):
        only = bundled_rule_files([lang])
        assert only and all(p.parent.name == lang for p in only)


def test_files_without_bundled_rules_are_not_given_to_semgrep_unless_extra_rules() -> None:
    files, langs = target_files(["a.py", "b.tf", "c.yaml"], extra_rules=False)
    assert files == ["a.py"] and langs == ["python"]
    files, langs = target_files(["a.py", "b.tf"], extra_rules=True)
    assert files == ["a.py", "b.tf"] and langs == ["python"]
    assert target_files(["b.tf"], extra_rules=False) == ([], [])


def test_python_taint_files_share_one_request_source() -> None:
    """YAML anchors are file-local, so each Python taint file repeats the request-source and
    safe-conversion blocks; the copies must not drift apart."""
    blocks: dict[str, tuple[Any, Any]] = {}
    for path in bundled_rule_files(["python"]):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "x-request-source" in data:
            blocks[path.name] = (data["x-request-source"], data["x-safe-conversion"])
    assert len(blocks) >= 2, blocks.keys()
    first = next(iter(blocks.values()))
    assert all(b == first for b in blocks.values()), sorted(blocks)


def test_every_pack_suffix_reaches_semgrep() -> None:
    """A suffix the pack has rules for must be one semgrep is given files of."""
    from shiftleft.scanners.semgrep import SEMGREP_LANG_SUFFIXES
    from shiftleft.scanners.semgrep_pack import pack_suffixes

    assert set(pack_suffixes()) <= set(SEMGREP_LANG_SUFFIXES)
