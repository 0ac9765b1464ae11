"""The JavaScript/TypeScript rules of the bundled semgrep pack follow the pack's conventions:
unique `shiftleft.js.*` ids, the metadata every rule carries, and at least one `ruleid` and
one `ok` test case per rule in the test files beside its rule file. (semgrep's own --test run
is the e2e test_semgrep_rules.)"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from shiftleft.resources import semgrep_rules_dir

PACK = semgrep_rules_dir() / "javascript"
METADATA = ("cwe", "owasp", "category", "subcategory", "confidence", "likelihood", "impact", "references")
_ANNOTATION = re.compile(r"//\s*(ruleid|ok):\s*(.+)$")


def _rules() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for path in sorted(PACK.glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text("utf-8"))["rules"]:
            out.append((path, rule))
    return out


def _annotations(rule_file: Path) -> tuple[Counter[str], Counter[str]]:
    positive: Counter[str] = Counter()
    negative: Counter[str] = Counter()
    for test in rule_file.parent.glob(rule_file.stem + ".*"):
        if test.suffix == ".yaml":
            continue
        for line in test.read_text("utf-8").splitlines():
            match = _ANNOTATION.search(line)
            if match:
                target = positive if match.group(1) == "ruleid" else negative
                target.update(i.strip() for i in match.group(2).split(","))
    return positive, negative


def test_ids_are_unique_and_prefixed() -> None:
    ids = Counter(rule["id"] for _, rule in _rules())
    assert len(ids) >= 40
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(i.startswith("shiftleft.js.") for i in ids)


def test_every_rule_has_the_pack_metadata() -> None:
    for _, rule in _rules():
        meta = rule["metadata"]
        assert all(meta.get(key) for key in METADATA), rule["id"]
        assert rule["severity"] in ("ERROR", "WARNING", "INFO"), rule["id"]
        assert all(re.match(r"CWE-\d+: \S", c) for c in meta["cwe"]), rule["id"]
        assert all(re.match(r"A\d\d:2021 - \S", o) for o in meta["owasp"]), rule["id"]
        assert meta["subcategory"] in (["vuln"], ["audit"]), rule["id"]
        assert all(u.startswith("https://") for u in meta["references"]), rule["id"]
        assert rule["languages"] in (["javascript", "typescript"], ["typescript"]), rule["id"]


def test_every_rule_has_a_true_positive_and_a_look_alike_negative() -> None:
    for path, rule in _rules():
        positive, negative = _annotations(path)
        assert positive[rule["id"]] >= 1 and negative[rule["id"]] >= 1, rule["id"]
