"""How an error about a config, policy or waiver file may speak of the file: by file:line,
key and type, never by quoting a value.

The rule exists because a file given as a config or policy may not be one: a path pointed
at ``/etc/shadow`` or a credentials file turns its first line into a "key" and its content
into "values", and a schema error that quotes them prints a secret on a CI log. A key is
shown only when it is a short plain name (``[A-Za-z0-9_.-]``, at most 40 characters); a
parser's complaint loses everything it quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_PLAIN = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")
MAX_PROBLEM = 160


def is_plain(key: object) -> bool:
    return bool(_PLAIN.match(str(key)))


def shown(part: object) -> str:
    """A key or index from the file, fit to print: itself when plain, else '?'."""
    return str(part) if is_plain(part) else "?"


def key_name(key: object) -> str:
    """A key from the file for a sentence: quoted when plain, else a word of ours."""
    return repr(str(key)) if is_plain(key) else "(not a plain name, not shown)"


def dotted(path: Sequence[object]) -> str:
    """A key path: ``gate.fail_on``, with '?' for the parts that are not plain names."""
    return ".".join(shown(p) for p in path)


def problem_text(problem: str) -> str:
    """A parser's complaint (YAML, TOML) without the text it quotes from the file."""
    first = problem.splitlines()[0] if problem else ""
    return _QUOTED.sub("(...)", first)[:MAX_PROBLEM]
