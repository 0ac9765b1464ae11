"""Glob matching for waiver scopes and control selectors, without regular expressions.

Patterns come from user files (waivers, policies) and are matched against paths and ids
that come from scanned, possibly hostile, repositories. A regex translation of a glob such
as ``*a*a*a*a*b`` can backtrack exponentially; this matcher walks the set of reachable
(pattern position, text position) states instead, so its work is bounded by
len(pattern) x len(text) whatever the input.

Syntax: ``*`` any run of characters (not ``/`` when ``path`` is true), ``**`` any run
including ``/`` (``**/``, exactly two stars at the start of a segment, also matches no
directory at all: ``**/x.py`` matches ``x.py``; ``***/`` is ``**`` then ``/``),
``?`` one character (not ``/`` for paths). No character classes: ``[`` is a literal, so
package names, purls and advisory ids need no escaping.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

#: longer patterns or texts never match: nothing legitimate is this long, and it bounds the work
MAX_PATTERN = 1024
MAX_TEXT = 8192

_STAR, _GLOBSTAR, _GLOBSTAR_DIR, _ONE = "*", "**", "**/", "?"


@functools.lru_cache(maxsize=4096)
def _tokens(pattern: str, path: bool) -> tuple[str, ...]:
    """Literal characters (prefixed with NUL so they never equal a wildcard token) and
    wildcard tokens. Cached: a policy's few patterns are matched against every finding."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            j = i
            while j < len(pattern) and pattern[j] == "*":
                j += 1
            if not path:
                out.append(_GLOBSTAR)
            elif j - i == 1:
                out.append(_STAR)
            elif j - i == 2 and j < len(pattern) and pattern[j] == "/" and (i == 0 or pattern[i - 1] == "/"):
                # exactly ``**/`` at a segment start; ``***/`` is ``**`` then a literal ``/``
                # (it must match a slash: a longer run never widens a scope to "no directory")
                out.append(_GLOBSTAR_DIR)
                j += 1
            else:
                out.append(_GLOBSTAR)
            i = j
        else:
            out.append(_ONE if ch == "?" else "\0" + ch)
            i += 1
    return tuple(out)


def _step(
    tokens: tuple[str, ...], state: tuple[int, int, bool], text: str, path: bool
) -> Iterable[tuple[int, int, bool]]:
    """The states reachable in one step. ``inside`` is only used by ``**/``: it means "in
    the middle of the directories it matches", which can only be left right after a ``/``."""
    ti, si, inside = state
    tok = tokens[ti]
    more = si < len(text)
    if tok == _STAR:
        yield ti + 1, si, False
        if more and text[si] != "/":
            yield ti, si + 1, False
    elif tok == _GLOBSTAR:
        yield ti + 1, si, False
        if more:
            yield ti, si + 1, False
    elif tok == _GLOBSTAR_DIR:
        if not inside:
            yield ti + 1, si, False  # no directory at all
            yield ti, si, True
        elif more:
            if text[si] == "/":
                yield ti + 1, si + 1, False
            yield ti, si + 1, True
    elif tok == _ONE:
        if more and not (path and text[si] == "/"):
            yield ti + 1, si + 1, False
    elif more and text[si] == tok[1]:
        yield ti + 1, si + 1, False


def match(pattern: str, text: str, *, path: bool = False, budget: list[int] | None = None) -> bool:
    """True when the whole of ``text`` matches the glob ``pattern`` (case-sensitive).
    ``budget``: ``[n]``, the states the caller still allows over many calls, decreased by
    each one stepped; none left: no match (False) and ``budget[0]`` is negative."""
    if len(pattern) > MAX_PATTERN or len(text) > MAX_TEXT:
        return False
    if "*" not in pattern and "?" not in pattern:
        return pattern == text  # no wildcard: the tokens are the literal characters
    tokens = _tokens(pattern, path)
    goal = (len(tokens), len(text), False)
    start = (0, 0, False)
    seen = {start}
    todo = [start]
    while todo:
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                return False
        state = todo.pop()
        if state == goal:
            return True
        if state[0] >= len(tokens):
            continue
        for nxt in _step(tokens, state, text, path):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def match_any(patterns: Iterable[str], text: str, *, path: bool = False) -> bool:
    return any(match(p, text, path=path) for p in patterns)
