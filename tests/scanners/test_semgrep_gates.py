"""semgrep_gates: which bundled rules may match a file, decided from their text gates. A rule
is only ever left out where it cannot match; whatever is not understood keeps every rule."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.scanners import semgrep_gates
from shiftleft.scanners.semgrep_gates import Group, plan, rule_condition
from shiftleft.scanners.semgrep_pack import PACK_LANGUAGES, bundled_rules

GATE = r"(?s)\A.*\bdanger\b.*"


def _rule(rule_id: str, **formula: Any) -> dict[str, Any]:
    return {"id": rule_id, "languages": ["javascript"], "severity": "INFO", "message": "m", **formula}


def _gated(rule_id: str, regex: str = GATE) -> dict[str, Any]:
    return _rule(rule_id, patterns=[{"pattern-regex": regex}, {"pattern": "f(...)"}])


def _groups(root: Path, files: list[str], rules: list[dict[str, Any]]) -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for group in plan(root, files, rules):
        for rel in group.files:
            assert rel not in found, "a file in two groups"
            found[rel] = group.rule_ids
    assert sorted(found) == sorted(files), "a file in no group"
    return found


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every set of rules its own group (no merging), so the tests see the decisions."""
    monkeypatch.setattr(semgrep_gates, "SECONDS_PER_RUN", 0.0)
    monkeypatch.setattr(semgrep_gates, "MAX_GROUPS", 1000)


def test_a_gated_rule_is_left_out_only_where_its_gate_fails(tmp_path: Path, split: None) -> None:
    (tmp_path / "a.js").write_text("f(danger)\n", "utf-8")
    (tmp_path / "b.js").write_text("f(safe)\n", "utf-8")
    rules = [_gated("gated"), _rule("plain", pattern="f(...)")]
    found = _groups(tmp_path, ["a.js", "b.js"], rules)
    assert found == {"a.js": {"gated", "plain"}, "b.js": {"plain"}}


def test_files_the_gates_cannot_be_decided_on_get_every_rule(tmp_path: Path, split: None) -> None:
    """Non-ASCII text (where the engines' \\b, \\w and case folding differ), a file over the
    read bound, a FIFO, a symlink, a missing file: every rule, decided by semgrep."""
    (tmp_path / "accent.js").write_text("// caf\u00e9\nf(safe)\n", "utf-8")
    (tmp_path / "latin1.js").write_bytes(b"f(safe) // \xe9\n")
    (tmp_path / "huge.js").write_bytes(b"f(safe)\n" + b" " * (semgrep_gates.MAX_GATE_BYTES + 1))
    os.mkfifo(tmp_path / "fifo.js")
    (tmp_path / "outside.js").write_text("f(safe)\n", "utf-8")
    (tmp_path / "link.js").symlink_to(tmp_path / "outside.js")
    files = ["accent.js", "latin1.js", "huge.js", "fifo.js", "link.js", "gone.js", "outside.js"]
    found = _groups(tmp_path, files, [_gated("gated"), _rule("plain", pattern="f(...)")])
    for rel in files[:-1]:
        assert found[rel] == {"gated", "plain"}, rel
    assert found["outside.js"] == {"plain"}


@pytest.mark.parametrize(
    "regex",
    [
        r"danger\Z",  # PCRE's \Z also matches before a final newline
        r"[[:alpha:]]+danger",  # a POSIX class in PCRE, a nested set in Python
        r"(?!x)danger",  # negative lookarounds narrow with wider flags
        r"(?<!x)danger",
        r"\p{L}danger",  # PCRE only
        "d\u00e4nger",  # non-ASCII pattern text
        "(unbalanced",
    ],
)
def test_regexes_whose_meaning_may_differ_are_not_evaluated(regex: str) -> None:
    assert isinstance(rule_condition(_gated("r", regex)), semgrep_gates._Always)


def test_negative_and_metavariable_operators_are_no_condition(tmp_path: Path, split: None) -> None:
    """pattern-not-regex and a metavariable-pattern's regex say nothing the file must hold."""
    rules = [
        _rule("not", patterns=[{"pattern": "f(...)"}, {"pattern-not-regex": "danger"}]),
        _rule("mv", patterns=[{"pattern": "f($X)"},
                              {"metavariable-pattern": {"metavariable": "$X", "pattern-regex": "danger"}}]),
    ]  # fmt: skip
    (tmp_path / "a.js").write_text("f(safe)\n", "utf-8")
    assert _groups(tmp_path, ["a.js"], rules)["a.js"] == {"not", "mv"}


def test_either_needs_every_alternative_gated(tmp_path: Path, split: None) -> None:
    half = _rule("half", **{"pattern-either": [{"pattern-regex": "danger"}, {"pattern": "f(...)"}]})
    both = _rule("both", **{"pattern-either": [{"pattern-regex": "danger"}, {"pattern-regex": "peril"}]})
    (tmp_path / "a.js").write_text("f(safe)\n", "utf-8")
    (tmp_path / "b.js").write_text("f(peril)\n", "utf-8")
    found = _groups(tmp_path, ["a.js", "b.js"], [half, both])
    assert found == {"a.js": {"half"}, "b.js": {"half", "both"}}


def test_a_taint_rule_needs_a_source_and_a_sink(tmp_path: Path, split: None) -> None:
    rule = _rule(
        "taint",
        mode="taint",
        **{
            "pattern-sources": [{"patterns": [{"pattern-regex": "srcword"}, {"pattern": "src()"}]}],
            "pattern-sinks": [{"pattern": "sink(...)"}, {"patterns": [{"pattern-regex": "sinkword"}]}],
        },
    )
    (tmp_path / "none.js").write_text("sink(x)\n", "utf-8")
    (tmp_path / "source.js").write_text("srcword; sink(x)\n", "utf-8")
    found = _groups(tmp_path, ["none.js", "source.js"], [rule, _rule("plain", pattern="f(...)")])
    assert found == {"none.js": {"plain"}, "source.js": {"taint", "plain"}}
    no_sources = _rule("t2", mode="taint", **{"pattern-sinks": [{"pattern-regex": "x"}]})
    assert isinstance(rule_condition(no_sources), semgrep_gates._Always)
    assert isinstance(rule_condition(_rule("j", mode="join", join={})), semgrep_gates._Always)


def test_a_file_no_rule_can_match_still_gets_every_rule(tmp_path: Path, split: None) -> None:
    """When every rule is gated out, semgrep still reads the file (so it is scanned, not
    silently dropped), with all of them."""
    (tmp_path / "a.js").write_text("f(safe)\n", "utf-8")
    assert _groups(tmp_path, ["a.js"], [_gated("g1"), _gated("g2", "peril")])["a.js"] == {"g1", "g2"}


def test_no_gate_means_one_group_in_the_order_given(tmp_path: Path) -> None:
    files = ["b.js", "a.js"]
    rules = [_rule("plain", pattern="f(...)")]
    assert plan(tmp_path, files, rules) == [Group(frozenset({"plain"}), ("b.js", "a.js"))]


def test_small_groups_are_merged_and_merged_groups_keep_every_rule(tmp_path: Path) -> None:
    """With the real costs, a few small files are not worth a semgrep run each; with at most
    two groups allowed, the merged ones run the union of their rules."""
    for i in range(8):
        (tmp_path / f"f{i}.js").write_text(f"f(word{i})\n", "utf-8")
    files = [f"f{i}.js" for i in range(8)]
    rules = [_gated(f"r{i}", f"word{i}") for i in range(8)] + [_rule("plain", pattern="f(...)")]
    groups = plan(tmp_path, files, rules)
    assert len(groups) == 1 and groups[0].files == tuple(files)
    semgrep_gates.MAX_GROUPS, saved = 2, semgrep_gates.MAX_GROUPS
    try:
        semgrep_gates.SECONDS_PER_RUN, saved_run = 0.0, semgrep_gates.SECONDS_PER_RUN
        try:
            found = _groups(tmp_path, files, rules)
        finally:
            semgrep_gates.SECONDS_PER_RUN = saved_run
    finally:
        semgrep_gates.MAX_GROUPS = saved
    assert len(set(found.values())) <= 2
    for i in range(8):
        assert {f"r{i}", "plain"} <= found[f"f{i}.js"]


def test_every_bundled_gate_is_evaluated() -> None:
    """Each pattern-regex of the bundled pack is one this module evaluates (a rewrite that
    made one unevaluable would quietly cost the speed-up)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern-regex":
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(bundled_rules(list(PACK_LANGUAGES)))
    assert found
    assert [r for r in found if semgrep_gates._evaluable(r) is None] == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=300))
def test_a_bundled_rule_is_never_left_out_where_its_regexes_all_match(text: str) -> None:
    """For any ASCII text, a rule is kept whenever each of its gates matches somewhere: the
    decision is never stricter than the gates (hostile text included: bounded, no error)."""
    rules = [r for r in bundled_rules(["javascript"]) if "id" in r]
    for rule in rules:
        condition = rule_condition(rule)
        seen: dict[str, bool] = {}
        holds = semgrep_gates._holds(condition, text, seen)
        if all(seen.values()):
            assert holds, rule["id"]


def test_text_made_of_the_gates_own_words_is_decided(tmp_path: Path, split: None) -> None:
    """1 MB of the gates' own words (every source name, dots, spaces: the most work for their
    bounded ``.{0,80}?`` windows) is decided like any file, and keeps the rules it can match."""
    chunk = "req ctx context request event . query location document window href " * 10 + "\n"
    (tmp_path / "x.js").write_text(chunk * (1_000_000 // len(chunk)), "utf-8")
    rules = [r for r in bundled_rules(["javascript"]) if "id" in r]
    found = _groups(tmp_path, ["x.js"], rules)
    assert "shiftleft.js.hardcoded-secret" not in found["x.js"]  # no word of a secret's name
    assert len(found["x.js"]) < len(rules)


def test_many_distinct_rule_sets_stay_bounded(tmp_path: Path) -> None:
    """A repository can give every file a set of rules of its own (2^n combinations of n
    gates): the merging weighs at most MAX_SETS of them pair by pair and still ends with at
    most MAX_GROUPS groups that keep each file's rules."""
    words = [f"w{i}" for i in range(12)]
    rules = [_gated(f"r{i}", rf"\b{word}\b") for i, word in enumerate(words)] + [_rule("plain", pattern="f(...)")]
    files = []
    for n in range(600):
        present = [w for i, w in enumerate(words) if n >> i & 1]
        (tmp_path / f"f{n}.js").write_text("f(x) " + " ".join(present) + "\n", "utf-8")
        files.append(f"f{n}.js")
    groups = plan(tmp_path, files, rules)
    assert len(groups) <= semgrep_gates.MAX_GROUPS
    found = {rel: g.rule_ids for g in groups for rel in g.files}
    for n, rel in enumerate(files):
        needed = {f"r{i}" for i in range(len(words)) if n >> i & 1} | {"plain"}
        assert needed <= found[rel], rel
