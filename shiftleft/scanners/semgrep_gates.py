"""Which bundled semgrep rules can match which file, decided before semgrep runs, from the
rules' text gates (``pattern-regex``), so that semgrep is not asked to try a rule where its
own gate would reject it.

Why: semgrep evaluates each rule's ``pattern-regex`` gates on every file its identifier
prefilter lets through, once per rule, and its regex engine does that slowly: the request
source gate shared by 14 JavaScript taint rules costs ~0.2 s per rule on typeorm's 5 MB of
compiled query builders (semgrep 1.182), where Python's ``re`` decides the same gate for the
same files in 0.07 s once. Here each distinct gate is evaluated once per file; files with the
same set of possible rules form one group, and semgrep runs once per group with those rules
(``plan``; at most ``MAX_GROUPS`` groups, smaller ones merged).

The decision only ever removes a rule that cannot match: a gate is a *necessary* condition
of the rule (a ``pattern-regex`` conjunct of ``patterns``, every alternative of a
``pattern-either``, the sources and the sinks of a taint rule), and anything this module does
not understand counts as "can match". Python's ``re`` and semgrep's PCRE agree on the gates it
evaluates because it evaluates only

- bundled rules (their regexes are ours, tests/scanners/test_semgrep_gates.py checks each);
- regexes of ASCII text without the constructs whose meaning differs between the engines
  (``\\Z``, POSIX classes, negative lookarounds: ``_evaluable``), compiled with the widest
  flags (DOTALL and MULTILINE only widen what such a regex matches);
- on files that are ASCII through and through (there ``\\b``, ``\\w``, ``\\s`` and case folding
  are the same in both engines), read whole within ``MAX_GATE_BYTES``.

Any other file gets every rule. Semgrep still applies every gate itself: a rule kept here is
decided by semgrep as before, so the results are semgrep's, only faster to get.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shiftleft import paths

#: a file larger than this is given every rule (semgrep reads it anyway; this bounds our read)
MAX_GATE_BYTES = 4 * 1024 * 1024
#: at most this many semgrep runs per scan
MAX_GROUPS = 6
#: the sets of rules weighed pair by pair for merging (the rest are merged at once)
MAX_SETS = 32
#: what one more semgrep run costs (its start and rule loading, semgrep 1.182, 2 cores), and
#: what one rule costs on one byte of a file its gate rejects (typeorm: ~0.2 s per gated rule
#: on 5 MB): two groups are merged when running the union on both costs less than a run
SECONDS_PER_RUN = 0.15
SECONDS_PER_RULE_BYTE = 4e-8
#: pattern operators whose match is not required for the rule to match
_NEGATIVE = frozenset({"pattern-not", "pattern-not-inside", "pattern-not-regex"})
#: regex text whose meaning differs between Python's re and PCRE (or that can only narrow
#: with wider flags): ``\Z`` (PCRE: before a final newline too), POSIX classes, negative
#: lookarounds
_UNEVALUABLE = re.compile(r"\\Z|\[:|\(\?<?!")


class _Always:
    """A condition this module cannot evaluate: the rule may match."""


_ALWAYS = _Always()


@dataclass(frozen=True)
class _Regex:
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _All:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class _Any:
    parts: tuple[Condition, ...]


Condition = _Always | _Regex | _All | _Any


def _evaluable(regex: object) -> re.Pattern[str] | None:
    if not isinstance(regex, str) or not regex.isascii() or _UNEVALUABLE.search(regex):
        return None
    try:
        return re.compile(regex, re.ASCII | re.DOTALL | re.MULTILINE)
    except (re.error, OverflowError, RecursionError):
        return None


def _condition(node: object, depth: int = 0) -> Condition:
    """The text condition a pattern operator implies (``_ALWAYS`` when none is known)."""
    if depth > 50 or not isinstance(node, Mapping):
        return _ALWAYS
    if "pattern-regex" in node:
        compiled = _evaluable(node["pattern-regex"])
        return _Regex(compiled) if compiled is not None else _ALWAYS
    if isinstance(node.get("patterns"), list):
        parts = tuple(
            c for c in (_condition(p, depth + 1) for p in node["patterns"]
                        if not (isinstance(p, Mapping) and _NEGATIVE.intersection(p)))
            if not isinstance(c, _Always)
        )  # fmt: skip
        return _All(parts) if parts else _ALWAYS
    if isinstance(node.get("pattern-either"), list):
        alternatives = tuple(_condition(p, depth + 1) for p in node["pattern-either"])
        if not alternatives or any(isinstance(c, _Always) for c in alternatives):
            return _ALWAYS
        return _Any(alternatives)
    return _ALWAYS


def rule_condition(rule: Mapping[str, Any]) -> Condition:
    """What a file's text must satisfy for ``rule`` to match there."""
    mode = rule.get("mode", "search")
    if mode == "taint":
        sources, sinks = rule.get("pattern-sources"), rule.get("pattern-sinks")
        if not isinstance(sources, list) or not isinstance(sinks, list) or not sources or not sinks:
            return _ALWAYS
        sides = tuple(_condition({"pattern-either": side}) for side in (sources, sinks))
        parts = tuple(c for c in sides if not isinstance(c, _Always))
        return _All(parts) if parts else _ALWAYS
    if mode != "search":
        return _ALWAYS
    for key in ("patterns", "pattern-either", "pattern-regex"):
        if key in rule:
            return _condition({key: rule[key]})
    return _ALWAYS


def _holds(condition: Condition, text: str, seen: dict[str, bool]) -> bool:
    if isinstance(condition, _Regex):
        key = condition.pattern.pattern
        if key not in seen:
            seen[key] = condition.pattern.search(text) is not None
        return seen[key]
    if isinstance(condition, _All):
        return all(_holds(c, text, seen) for c in condition.parts)
    if isinstance(condition, _Any):
        return any(_holds(c, text, seen) for c in condition.parts)
    return True


def _text(path: Path) -> str | None:
    """The file's text when it is ASCII and within the bound; None: give it every rule."""
    try:
        data, _st = paths.read_bounded(path, MAX_GATE_BYTES)
    except OSError:
        return None
    return data.decode("ascii") if data.isascii() else None


@dataclass(frozen=True)
class Group:
    """One semgrep run: these rule ids on these files (relative to the root, in the order given)."""

    rule_ids: frozenset[str]
    files: tuple[str, ...]
    #: bytes of the files as read for the gates (MAX_GATE_BYTES for one not read): with the
    #: rule count, what orders the groups' runs (``cost``)
    size: int = 0

    @property
    def cost(self) -> int:
        return self.size * len(self.rule_ids)


def plan(root: Path, files: Sequence[str], rules: Iterable[Mapping[str, Any]]) -> list[Group]:
    """The groups to run ``rules`` (the bundled ones: see the module docstring) on ``files``
    in: every file in exactly one group, with every rule that may match it. One group of all
    rules when no rule has a gate."""
    conditions = {str(r["id"]): rule_condition(r) for r in rules if "id" in r}
    everything = frozenset(conditions)
    gated = {rid: c for rid, c in conditions.items() if not isinstance(c, _Always)}
    if not gated:
        return [Group(everything, tuple(files))]  # size unknown, unneeded: one run
    always = everything - set(gated)
    by_rules: dict[frozenset[str], list[str]] = {}
    weight: dict[frozenset[str], int] = {}
    size: dict[str, int] = {}
    for rel in files:
        text = _text(root / rel)
        if text is None:
            chosen = everything
        else:
            seen: dict[str, bool] = {}
            # no rule left: every rule all the same, so semgrep reads (and lists) the file
            chosen = always | {rid for rid, c in gated.items() if _holds(c, text, seen)} or everything
        by_rules.setdefault(chosen, []).append(rel)
        size[rel] = len(text) if text is not None else MAX_GATE_BYTES
        weight[chosen] = weight.get(chosen, 0) + size[rel]
    return _merged(by_rules, weight, files, size)


def _merged(by_rules: dict[frozenset[str], list[str]], weight: dict[frozenset[str], int],
            files: Sequence[str], size: Mapping[str, int]) -> list[Group]:  # fmt: skip
    """The groups worth a semgrep run of their own: the two whose union adds the least work
    (bytes times rules added) are merged while that work costs less than a run
    (``SECONDS_PER_RUN``), or while there are more than ``MAX_GROUPS``; a merged group runs
    the union of the rules. The groups in the order of their first file, each file in the
    order given."""
    # [rules, bytes, the original sets merged into it]; beyond the heaviest MAX_SETS sets (a
    # repository can make each file a set of its own), the rest are merged at once, so the
    # pairwise merging below stays bounded
    heaviest = sorted(by_rules, key=lambda rules: -weight[rules])
    groups = [(rules, weight[rules], [rules]) for rules in heaviest[:MAX_SETS]]
    if len(heaviest) > MAX_SETS:
        rest = heaviest[MAX_SETS:]
        groups.append((frozenset().union(*rest), sum(weight[r] for r in rest), rest))
    while len(groups) > 1:
        best: tuple[int, int, int] | None = None
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                (a, wa, _), (b, wb, _) = groups[i], groups[j]
                added = wa * len(b - a) + wb * len(a - b)
                if best is None or added < best[0]:
                    best = (added, i, j)
        assert best is not None
        if len(groups) <= MAX_GROUPS and best[0] * SECONDS_PER_RULE_BYTE >= SECONDS_PER_RUN:
            break
        _, i, j = best
        (a, wa, ma), (b, wb, mb) = groups[i], groups[j]
        groups[i] = (a | b, wa + wb, ma + mb)
        del groups[j]
    merged_into = {original: rules for rules, _w, members in groups for original in members}
    member = {rel: merged_into[rules] for rules, rels in by_rules.items() for rel in rels}
    out: dict[frozenset[str], list[str]] = {}
    for rel in files:
        out.setdefault(member[rel], []).append(rel)
    return [Group(rules, tuple(rels), sum(size[r] for r in rels)) for rules, rels in out.items()]
