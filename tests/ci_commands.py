"""Find the ``shiftleft ...`` commands in a CI file's shell scripts and resolve each with the
real command tree (``typer.main.get_command(cli.app)``): an unknown sub-command or option,
a missing value, or a choice the command would refuse (a stage, a format, a tool) fails.

Shared by ``test_ci_init.py`` (the files ``shiftleft init`` writes) and ``test_action.py``
(the composite action). A script is read line by line (backslash continuations joined), each
line split at shell operators (``||``, ``&&``, ``;``, ``|``) with quotes respected, and every
simple command whose first word is ``shiftleft`` is kept. ``${VAR:+words}`` (an option given
only when VAR is set) is read both ways, set and unset; ``$VAR`` / ``${VAR}`` take a sample
value, and a variable without one fails the test, so a new variable gets a sample on purpose.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import typer

try:  # typer >= 0.25 carries its own copy of click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - an older typer on click itself
    from click.exceptions import UsageError

from shiftleft import cli, tools
from shiftleft.config import STAGE_NAMES
from shiftleft.report import FORMATS

_CONDITIONAL = re.compile(r"\$\{(\w+):\+([^}]*)\}")
_VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
_OPERATORS = {"||", "&&", ";", ";;", "|", "&", "(", ")", ";&", "|&"}
_KEYWORDS = {"then", "else", "do", "!", "{", "time"}
_ASSIGNMENT = re.compile(r"^\w+=")
#: a line that names a sub-command after ``shiftleft``: it must yield a command, or the
#: extraction missed one (inside ``$(...)``, say) and the test says so
_MENTION = re.compile(r"(?<![\w:/.-])shiftleft (scan|db|tools|report|init|audit|hook|scanners)\b")


__all__ = ["Resolved", "UsageError", "resolve", "shiftleft_commands"]


@dataclass(frozen=True)
class Resolved:
    #: the command path below ``shiftleft``: ("scan",), ("db", "update"), ("tools", "install")
    path: tuple[str, ...]
    params: Mapping[str, Any]
    argv: tuple[str, ...]


def logical_lines(script: str) -> Iterator[str]:
    for line in script.replace("\\\n", " ").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield stripped


def _simple_commands(line: str) -> Iterator[list[str]]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    lexer.commenters = ""
    current: list[str] = []
    for token in lexer:
        if token in _OPERATORS:
            if current:
                yield current
            current = []
        else:
            current.append(token)
    if current:
        yield current


def _expand(token: str, samples: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        assert name in samples, f"no sample value for ${name} (in {token!r}): add one to the test's samples"
        return samples[name]

    return _VARIABLE.sub(value, token)


def shiftleft_commands(script: str, samples: Mapping[str, str]) -> list[list[str]]:
    """Every ``shiftleft`` command of ``script`` as argv lists (without ``shiftleft``), each
    ``${VAR:+...}`` once set and once unset."""
    found: list[list[str]] = []
    for line in logical_lines(script):
        if "shiftleft " not in line:
            continue
        variants = {_CONDITIONAL.sub(r"\2", line), _CONDITIONAL.sub("", line)}
        before = len(found)
        for variant in sorted(variants):
            for words in _simple_commands(variant):
                while words and (words[0] in _KEYWORDS or _ASSIGNMENT.match(words[0])):
                    words = words[1:]
                if words[:2] in (["python", "-m"], ["python3", "-m"]):
                    words = words[2:]
                if words and words[0] == "shiftleft":
                    found.append([_expand(word, samples) for word in words[1:]])
        missed = _MENTION.search(line)
        assert len(found) > before or not missed or _quoted_mention(line), f"a shiftleft command not extracted: {line}"
    return found


def _quoted_mention(line: str) -> bool:
    """The mention is inside an ``echo`` message, not a command."""
    return any(
        words and words[0] in ("echo", "printf") and any(_MENTION.search(w) for w in words[1:])
        for words in _simple_commands(_CONDITIONAL.sub("", line))
    )


def resolve(argv: list[str]) -> Resolved:
    """Parse ``argv`` as ``shiftleft`` would (``resilient_parsing`` off: every click error
    raises) down to the leaf command, and check the values the command checks itself."""
    command: Any = typer.main.get_command(cli.app)
    ctx = command.make_context("shiftleft", list(argv), resilient_parsing=False)
    path: list[str] = []
    while hasattr(command, "resolve_command"):  # a group
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if not rest:
            break  # a group whose callback does the work (``report --from``)
        name, sub, args = command.resolve_command(ctx, rest)
        assert name is not None and sub is not None, f"no sub-command in {argv}"
        path.append(name)
        command = sub
        ctx = command.make_context(name, args, parent=ctx, resilient_parsing=False)
    resolved = Resolved(tuple(path), dict(ctx.params), tuple(argv))
    _check_values(resolved)
    return resolved


def _check_values(resolved: Resolved) -> None:
    """What the commands check in their bodies (the parser takes any string)."""
    params = resolved.params
    for stage in params.get("stage") or ():
        assert stage in STAGE_NAMES, f"unknown stage {stage!r} in {resolved.argv}"
    for fmt in params.get("fmt") or ():
        assert fmt in FORMATS, f"unknown format {fmt!r} in {resolved.argv}"
    if resolved.path == ("tools", "install"):
        assert params["name"] in (*tools.TOOLS, "all"), f"unknown tool in {resolved.argv}"
