"""Waivers: scoped, owned, expiring; waived findings stay in the SARIF as suppressions."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shiftleft import globs
from shiftleft.policy import waivers
from shiftleft.policy.model import PolicyError

from .helpers import log, result, run

TODAY = dt.date(2025, 6, 1)


def parse(text: str) -> tuple[waivers.Waiver, ...]:
    from shiftleft.policy.loader import parse_yaml

    return waivers.parse(parse_yaml(text), text, "w.yaml")


def one(**scope: str) -> waivers.Waiver:
    base = {"id": "W-1", "owner": "alice", "reason": "accepted", "expires": dt.date(2025, 12, 31)}
    return waivers.Waiver(**{**base, **scope})  # type: ignore[arg-type]


def test_parse_a_full_file() -> None:
    items = parse("""
version: 1
waivers:
  - id: W-1
    rule: B608
    path: "app/legacy/**"
    owner: alice@example.com
    reason: parameterised in the ORM layer
    ticket: SEC-12
    expires: 2025-12-31
  - advisory: GHSA-xxxx-yyyy-zzzz
    owner: bob
    reason: not reachable
    expires: "2025-07-01"
""")
    assert items[0].expires == dt.date(2025, 12, 31)
    assert items[0].justification() == "parameterised in the ORM layer (alice@example.com, SEC-12, expires 2025-12-31)"
    assert items[1].id == "waiver-2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("waivers:\n  - {rule: B1, owner: a, reason: r}\n", "expires"),
        ("waivers:\n  - {rule: B1, owner: a, expires: 2025-01-01}\n", "reason"),
        ("waivers:\n  - {owner: a, reason: r, expires: 2025-01-01}\n", "waivers/0"),  # no scope: waive everything
        ("waivers:\n  - {rule: B1, owner: a, reason: r, expires: 2025-02-30}\n", "not a real date"),
        ("waivers:\n  - {rule: B1, owner: a, reason: r, expires: tomorrow}\n", "expires"),
        ("waivers:\n  - {rule: B1, owner: a, reason: r, expires: 2025-01-01, colour: red}\n", "colour"),
        (
            "waivers:\n  - {id: A, rule: B1, owner: a, reason: r, expires: 2025-01-01}\n"
            "  - {id: A, rule: B2, owner: a, reason: r, expires: 2025-01-01}\n",
            "used twice",
        ),
        ("nothing: here\n", "nothing"),
    ],
)
def test_invalid_waivers(text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse(text)


@pytest.mark.parametrize(
    ("scope", "hit"),
    [
        ({"rule": "B6*"}, True),
        ({"rule": "B7*"}, False),
        ({"path": "app/**"}, True),
        ({"path": "app/*.py"}, False),  # the file is app/legacy/db.py
        ({"path": "**/db.py"}, True),
        ({"tool": "bandit"}, True),
        ({"tool": "semgrep"}, False),
        ({"package": "django"}, True),
        ({"purl": "pkg:pypi/django@*"}, True),
        ({"advisory": "ghsa-1234-5678-9abc"}, True),  # case-insensitive
        ({"advisory": "CVE-2024-0001"}, True),  # an alias
        ({"advisory": "CVE-2024-9999"}, False),
        ({"rule": "B608", "path": "other/**"}, False),  # every key must match
    ],
)
def test_scopes(scope: dict[str, str], hit: bool) -> None:
    res = result("B608", "app/legacy/db.py", 3, tool="bandit", package="django", purl="pkg:pypi/django@4.2.0",
                 advisory="GHSA-1234-5678-9ABC", aliases=["CVE-2024-0001"])  # fmt: skip
    assert one(**scope).matches(res, "bandit") is hit


def test_fingerprint_scope() -> None:
    res = result("B608", fp="ab" * 16)
    assert one(fingerprint="ab" * 16).matches(res, "bandit")
    assert not one(fingerprint="cd" * 16).matches(res, "bandit")


def test_apply_adds_external_suppression_and_keeps_the_finding() -> None:
    sarif = log(run("bandit", [result("B608", "app/db.py"), result("B105", "app/db.py", 2)]))
    outcome = waivers.apply(sarif, (one(rule="B608", ticket="SEC-1"),), TODAY)
    results = sarif["runs"][0]["results"]
    assert len(results) == 2
    (sup,) = results[0]["suppressions"]
    assert sup["kind"] == "external" and sup["status"] == "accepted"
    assert sup["justification"] == "accepted (alice, SEC-1, expires 2025-12-31)"
    assert "suppressions" not in results[1]
    assert outcome.applied == {"W-1": 1}
    waivers.apply(sarif, (one(rule="B608", ticket="SEC-1"),), TODAY)  # idempotent
    assert len(results[0]["suppressions"]) == 1


def test_expiry_is_inclusive_of_the_last_day() -> None:
    w = one(rule="B608")
    assert not w.expired(dt.date(2025, 12, 31))
    assert w.expired(dt.date(2026, 1, 1))
    sarif = log(run("bandit", [result("B608")]))
    outcome = waivers.apply(sarif, (w,), dt.date(2026, 1, 1))
    assert "suppressions" not in sarif["runs"][0]["results"][0]
    assert outcome.expired == {"W-1": 1}


def test_unused_waivers_are_reported() -> None:
    outcome = waivers.apply(log(run("bandit", [result("B608")])), (one(rule="B999"),), TODAY)
    assert outcome.unused == ("W-1",)


def test_find_file_ignores_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("waivers: []\n")
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".shiftleft-waivers.yaml").symlink_to(outside)
    assert waivers.find_file(root) is None
    (root / ".shiftleft-waivers.yaml").unlink()
    (root / ".shiftleft-waivers.yaml").write_text("waivers: []\n")
    assert waivers.find_file(root) == root / ".shiftleft-waivers.yaml"


# --- hostile input ----------------------------------------------------------------------


@contextlib.contextmanager
def _counted_steps() -> Iterator[list[int]]:
    """Count the matcher's steps (``globs._step`` calls: one per reachable state). The
    bound is on work, never on wall-clock time: timings belong in benchmarks/, since a
    loaded machine makes any time limit flaky."""
    calls = [0]
    real = globs._step

    def step(*args: Any) -> Any:
        calls[0] += 1
        return real(*args)

    with mock.patch.object(globs, "_step", step):
        yield calls


def _state_bound(pattern: str, text: str, path: bool) -> int:
    """At most every (token, text position, inside) state, each stepped once."""
    return 2 * (len(globs._tokens(pattern, path)) + 1) * (len(text) + 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=200))
def test_glob_never_crashes_and_is_bounded(pattern: str, text: str) -> None:
    for path in (True, False):
        with _counted_steps() as calls:
            globs.match(pattern, text, path=path)
        assert calls[0] <= _state_bound(pattern, text, path)


def test_glob_pathological_pattern_is_polynomial() -> None:
    """Patterns that make a backtracking regex exponential: the work stays within the
    pattern x text state bound (was a 2 s wall-clock limit, flaky under load)."""
    for pattern, text in (("*a" * 40 + "b", "a" * 2000), ("**/" * 50 + "x", "a/" * 1000)):
        with _counted_steps() as calls:
            assert not globs.match(pattern, text, path=True)
        assert 0 < calls[0] <= _state_bound(pattern, text, True), (pattern[:10], calls[0])
    with _counted_steps() as calls:
        assert not globs.match("x" * (globs.MAX_PATTERN + 1), "x" * (globs.MAX_PATTERN + 1))
    assert calls[0] == 0  # over the length bound: refused before any work


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab/", max_size=12), st.text(alphabet="ab/*?", max_size=8))
@example(text="", pattern="***/")  # was True: a run of three stars taken as ``**/``
@example(text="a/b", pattern="a/***/b")  # the same inside a path
def test_glob_agrees_with_a_reference(text: str, pattern: str) -> None:
    """Against a regex built the obvious way (safe here: tiny inputs)."""
    import re

    def reference(p: str) -> str:
        out, i = "", 0
        while i < len(p):
            if p.startswith("**/", i) and (i == 0 or p[i - 1] == "/"):
                out, i = out + "(?:.*/)?", i + 3
            elif p.startswith("**", i):
                j = i
                while j < len(p) and p[j] == "*":
                    j += 1
                out, i = out + ".*", j
            elif p[i] == "*":
                out, i = out + "[^/]*", i + 1
            elif p[i] == "?":
                out, i = out + "[^/]", i + 1
            else:
                out, i = out + re.escape(p[i]), i + 1
        return out

    assert globs.match(pattern, text, path=True) == bool(re.fullmatch(reference(pattern), text, re.S))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.dates().map(str), st.lists(st.text(max_size=5))))
def test_hostile_expiry_values_are_rejected_or_parsed(value: object) -> None:
    data = {"waivers": [{"rule": "B1", "owner": "a", "reason": "r", "expires": value}]}
    try:
        (item,) = waivers.parse(data)
    except PolicyError:
        return
    assert isinstance(item.expires, dt.date)
    assert item.expires.isoformat() == value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_hostile_path_scope_never_crashes(pattern: str) -> None:
    data = {"waivers": [{"path": pattern, "owner": "a", "reason": "r", "expires": "2030-01-01"}]}
    try:
        items = waivers.parse(data)
    except PolicyError:
        return
    sarif = log(run("bandit", [result("B1", "a/b.py")]))
    waivers.apply(sarif, items, TODAY)
    assert len(sarif["runs"][0]["results"]) == 1
