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


# --- text gates of the request sources (speed: semgrep's prefilter; detection unchanged) ---


def _rules_file(lang: str, name: str) -> dict[str, Any]:
    from shiftleft.resources import semgrep_rules_dir

    data = yaml.safe_load((semgrep_rules_dir() / lang / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _code_text(pattern: str) -> str:
    """The source text a plain member-access pattern matches (``req.get(...)`` -> ``req.get('x')``)."""
    return pattern.replace("(...)", "('x')").replace("()", "()")


def _gated(alternative: dict[str, Any]) -> tuple[str, list[str]]:
    """The gate regex of one ``patterns`` source alternative and its plain patterns."""
    terms = alternative["patterns"]
    gate = next(t["pattern-regex"] for t in terms if "pattern-regex" in t)
    plain: list[str] = []
    for term in terms:
        for alt in term.get("pattern-either", []):
            if "pattern" in alt:
                plain.append(alt["pattern"])
    return gate, plain


def test_javascript_request_source_gates_cover_every_source_pattern() -> None:
    """Each JS request source sits behind a pattern-regex that the text of every pattern it
    gates matches: the gate narrows which files semgrep runs the rule on, never what it finds."""
    import re

    checked = 0
    for name, key in (("injection.yaml", "x-request-sources"), ("injection.yaml", "x-object-sources"),
                      ("express.yaml", "x-request-sources")):  # fmt: skip
        (alternative,) = _rules_file("javascript", name)[key]
        gate, plain = _gated(alternative)
        assert plain
        for pattern in plain:
            assert re.search(gate, _code_text(pattern)), (name, key, pattern)
            assert re.search(gate, _code_text(pattern).replace(".", " .\n  ", 1)), pattern  # a broken chain
            checked += 1
    express = _rules_file("javascript", "express.yaml")
    cors = next(r for r in express["rules"] if r["id"] == "shiftleft.js.cors-reflected-origin")
    gate, plain = _gated(cors["pattern-sources"][0])
    for pattern in plain:
        assert re.search(gate, pattern), pattern
        checked += 1
    assert checked > 60
    # a CommonJS module with `require`, `.query(`, `.get(` but no request access: no gate opens
    module = "const path = require('path');\nconst rows = await db.query(sql);\nmap.get(key);\n"
    for name in ("injection.yaml", "express.yaml"):
        gate, _ = _gated(_rules_file("javascript", name)["x-request-sources"][0])
        assert not re.search(gate, module)


def test_every_javascript_request_taint_rule_uses_a_gated_source() -> None:
    for name in ("injection.yaml", "express.yaml"):
        for rule in _rules_file("javascript", name)["rules"]:
            if rule.get("mode") != "taint":
                continue
            for source in rule["pattern-sources"]:
                assert "patterns" in source and any("pattern-regex" in t for t in source["patterns"]), rule["id"]


# --- the pack as semgrep is given it: one JSON rule file per run ---


def test_pack_json_holds_every_bundled_rule_with_anchors_resolved(tmp_path) -> None:
    """semgrep gets the YAML files' rules as one JSON file: the same rules, the ``x-`` anchor
    blocks resolved into each rule and not left as top-level keys (semgrep's stricter front
    end rejects unknown top-level keys)."""
    import json

    from shiftleft.scanners.semgrep_pack import write_pack_json

    for langs in (["python"], None):
        dest = tmp_path / "pack.json"
        written = write_pack_json(langs, dest)
        text = dest.read_text("utf-8")
        assert text.lstrip().startswith("{")  # semgrep parses a config as JSON when it starts with "{"
        data = json.loads(text)
        assert list(data) == ["rules"]
        expected = [r for p in bundled_rule_files(langs) for r in yaml.safe_load(p.read_text("utf-8"))["rules"]]
        assert data["rules"] == expected
        assert written == expected
    python = json.loads((tmp_path / "pack.json").read_text("utf-8"))["rules"]
    sql = next(r for r in python if r["id"] == "shiftleft.python.sql-injection-request-data")
    assert sql["pattern-sources"][0]["patterns"], "the request-source anchor is expanded in the rule"


def test_scan_starts_the_semgrep_core_of_the_launchers_package_as_osemgrep(tmp_path) -> None:
    """semgrep's launcher execs its package's `semgrep-core` as `osemgrep`; a scan does the
    same without the Python start, and falls back to the launcher (with `--experimental`)
    where there is no single executable `semgrep-core` in the virtualenv's layout."""
    from shiftleft.scanners.semgrep import osemgrep_command

    launcher = tmp_path / "bin" / "semgrep"
    launcher.parent.mkdir()
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    assert osemgrep_command(str(launcher)) == ([str(launcher), "scan", "--experimental"], None)
    core = tmp_path / "lib" / "python3.12" / "site-packages" / "semgrep" / "bin" / "semgrep-core"
    core.parent.mkdir(parents=True)
    core.write_text("")
    core.chmod(0o644)
    assert osemgrep_command(str(launcher))[1] is None, "not executable: not used"
    core.chmod(0o755)
    assert osemgrep_command(str(launcher)) == (["osemgrep", "scan", "--experimental"], str(core))
    other = tmp_path / "lib" / "python3.11" / "site-packages" / "semgrep" / "bin" / "semgrep-core"
    other.parent.mkdir(parents=True)
    other.write_text("")
    other.chmod(0o755)
    assert osemgrep_command(str(launcher))[1] is None, "two packages: which one is the launcher's is unknown"



def test_no_rule_message_names_a_capture_group() -> None:
    """semgrep puts a regex capture group's text where a message says ``$1`` (and ``$NAME``
    where the rule binds it): a message that meant ``$1`` placeholders read "`drop`
    placeholders", and each captured word made the same match a finding of its own (knex:
    one line, five findings)."""
    import re

    from shiftleft.scanners.semgrep_pack import PACK_LANGUAGES, bundled_rules

    found = [(r["id"], m.group()) for r in bundled_rules(list(PACK_LANGUAGES))
             for m in re.finditer(r"\$\d+", str(r.get("message", "")))]  # fmt: skip
    assert found == []
