"""``Redactor.tree`` (one walk, changes applied only when the walk taught nothing new) gives
exactly what ``learn_all`` then ``walk`` (two walks) gives, on random trees holding strong,
weak and hashed secrets, values found late in the tree, credential URLs and containers that
sit at two places of the tree."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import sarif_om
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.sarif import om
from shiftleft.sarif.redact import REDACTED, Redactor

STRONG = "Zq8#vL2!pW9$kT4xQ7"
INNER = "vL2!pW9$kT"  # part of STRONG, strong too: learnt first, it must not leave STRONG's ends behind
WEAK = "hunter2x"
HASHED = "Sup3rS3cr3tHashV4lue"
PIECES = (
    "plain text",
    "tests/test_a.py",
    "stage test",
    f"token {STRONG} here",
    f"key = '{INNER}'",
    f"password = '{WEAK}'",
    f'"db_password": "{WEAK}"',
    f"export API_TOKEN={HASHED}",
    f"see {HASHED}.",
    "https://user:pa55w0rd@example.invalid/x",
    "AKIAIOSFODNN7EXAMPLE in a line",
    "line one\nsecret = 'abcdEFGH1234ijkl'\nline three",
)
KEYS = ("message", "text", "uri", "ruleId", "properties", "snippet", "stage", "name", "other")


def _leaves() -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(PIECES), st.integers(0, 9), st.booleans(), st.none())


def _trees() -> st.SearchStrategy[Any]:
    return st.recursive(
        _leaves(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
            st.fixed_dictionaries({"snippet": st.fixed_dictionaries({"text": st.sampled_from(PIECES)})}),
        ),
        max_leaves=25,
    )


def _two_walks(redactor: Redactor, tree: Any) -> Any:
    redactor.learn_all(tree)
    return redactor.walk(tree)


def _redactor(kind: int) -> Redactor:
    hashes = [hashlib.sha1(HASHED.encode(), usedforsecurity=False).hexdigest()]
    return [Redactor(), Redactor(hashes), Redactor(hashes, [INNER]), Redactor((), [STRONG, WEAK])][kind]


@settings(max_examples=150, deadline=None)
@given(_trees(), st.integers(0, 3), st.booleans())
def test_one_walk_equals_learn_all_then_walk(tree: Any, kind: int, share: bool) -> None:
    if share and isinstance(tree, dict | list):
        tree = [tree, {"properties": tree}, tree]  # one object at three places
    mine, theirs = copy.deepcopy(tree), copy.deepcopy(tree)  # deepcopy keeps the sharing in each copy
    one, two = _redactor(kind), _redactor(kind)
    got = one.tree(mine)
    want = _two_walks(two, theirs)
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)
    assert json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True)  # in place, the same
    assert (one.strong, one.weak) == (two.strong, two.weak)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), st.integers(0, 3))
def test_second_tree_of_a_report_equals_the_old_way(texts: list[str], kind: int) -> None:
    """The scan's order: the log first, then a report holding the log and new text."""
    log = {"runs": [{"results": [{"message": {"text": t}} for t in texts]}]}
    one, two = _redactor(kind), _redactor(kind)
    a, b = copy.deepcopy(log), copy.deepcopy(log)
    one.tree(a)
    _two_walks(two, b)
    report_a = {"sarif": a, "notes": [*texts, f"waiver reason: token {STRONG}"]}
    report_b = {"sarif": b, "notes": [*texts, f"waiver reason: token {STRONG}"]}
    assert one.tree(report_a) == _two_walks(two, report_b)
    if kind == 3:  # a value known to the scan: gone from the log and the new text alike
        assert STRONG not in json.dumps(report_a)


def test_value_learnt_at_the_end_is_removed_from_the_start() -> None:
    """The walk rewrote the first string before the last taught the value: the changes
    are dropped and the tree walked again, so the value goes from everywhere, whole."""
    tree = {"a": f"first {STRONG}", "b": [f"middle {INNER}x"], "z": f"secret = '{STRONG}'"}
    redactor = Redactor()
    out = redactor.tree(tree)
    assert redactor.generation > 0  # learnt during the walk: the fallback ran
    text = json.dumps(out)
    assert STRONG not in text and "Zq8#" not in text and "Q7" not in text.replace(REDACTED, "")


def test_shared_object_is_rewritten_at_each_place() -> None:
    shared = {"text": f"password = '{WEAK}'"}
    tree = {"runs": [{"snippet": shared, "uri": "a.py"}], "other": {"snippet": shared}}
    want = _two_walks(Redactor((), [WEAK]), copy.deepcopy(tree))
    assert Redactor((), [WEAK]).tree(tree) == want and WEAK not in json.dumps(tree)


def test_sarif_om_objects_one_walk() -> None:
    snippet = sarif_om.ArtifactContent(text=f"k = '{STRONG}'")
    physical = sarif_om.PhysicalLocation(artifact_location=sarif_om.ArtifactLocation(uri="a.py"),
                                         region=sarif_om.Region(start_line=3, snippet=snippet))  # fmt: skip
    result = sarif_om.Result(message=sarif_om.Message(text=f"found {STRONG}"), rule_id="R1",
                             locations=[sarif_om.Location(physical_location=physical)])  # fmt: skip
    run = sarif_om.Run(tool=sarif_om.Tool(driver=sarif_om.ToolComponent(name="t")), results=[result])
    twin = copy.deepcopy(run)
    Redactor((), [STRONG]).tree(run)
    _two_walks(Redactor((), [STRONG]), twin)
    assert om.to_dict(run) == om.to_dict(twin) and STRONG not in json.dumps(om.to_dict(run))
