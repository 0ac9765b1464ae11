"""The values of list and choice options, read the same way by every command (docs/cli.md).

* a list option takes comma-separated values, repeated or not: ``-f sarif,json`` is
  ``-f sarif -f json`` (and ``SHIFTLEFT_FORMAT="sarif json"``: typer splits an environment
  variable of a repeatable option at whitespace); empty items are dropped, duplicates kept once;
* names are matched without regard to case (``--fail-on HIGH``, ``-f SARIF``) and given back
  as the canonical name;
* an unknown value is one line naming the option, the closest known value and every choice
  (``OptionValueError``, exit 2).

Options that take file paths or path patterns (``--policy``, ``--exclude``) are only
repeated, never split at commas: a comma is a valid character in a file name.

No third-party import here: the pre-commit hook's command line (``hook_cli``, argparse, kept
light so a commit costs a Python start-up) uses these functions directly; the typer commands
use them through ``cli_common``, which turns the error into ``shiftleft: error: ...``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from shiftleft.errors import ShiftleftError

#: the severity scale, most severe first; the same as ``severity.SEVERITIES`` (a test checks),
#: repeated so that this module imports no YAML reader
SEVERITIES = ("critical", "high", "medium", "low", "info")
#: longest piece of a bad value quoted back in an error
_QUOTE = 80


class OptionValueError(ShiftleftError):
    """A value an option does not accept (unknown name, empty list, not a threshold)."""


def split(values: str | Iterable[str] | None) -> list[str]:
    """Every value split at commas and stripped; empty items dropped, each item once, in order."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else list(values)
    return list(dict.fromkeys(part.strip() for item in items for part in item.split(",") if part.strip()))


def _quoted(value: str) -> str:
    return repr(value if len(value) <= _QUOTE else value[:_QUOTE] + "...")


def unknown(value: str, choices: Sequence[str], what: str, option: str) -> str:
    """The one-line message for a value that is not among ``choices``, with the closest one."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1)
    hint = f" (did you mean {lowered[close[0]]!r}?)" if close else ""
    return f"{option}: unknown {what} {_quoted(value)}{hint}; choose from: {', '.join(choices)}"


def choose(values: str | Iterable[str] | None, choices: Sequence[str], *, what: str, option: str) -> list[str]:
    """The canonical names of ``values`` (comma lists, any case); OptionValueError for an
    unknown one, or when values were given but hold no name at all (``-f ,``)."""
    given = [values] if isinstance(values, str) else list(values or [])
    items = split(given)
    if given and not items:
        raise OptionValueError(f"{option}: no {what} given; choose from: {', '.join(choices)}")
    by_key = {c.lower(): c for c in choices}
    chosen: list[str] = []
    for item in items:
        name = by_key.get(item.lower())
        if name is None:
            raise OptionValueError(unknown(item, choices, what, option))
        chosen.append(name)
    return list(dict.fromkeys(chosen))


def threshold(value: str | None, option: str = "--fail-on") -> str | None:
    """A severity threshold (findings at or above it fail the gate), any case. A list in the
    habit of other tools' severity filters (``HIGH,CRITICAL``) is accepted when it is exactly
    the severities at or above its lowest one, and means that one; any other list is refused,
    since a threshold at its lowest member would fail on severities the list left out."""
    if value is None:
        return None
    names = choose(value, SEVERITIES, what="severity", option=option)
    if len(names) == 1:
        return names[0]
    lowest = max(names, key=SEVERITIES.index)
    at_or_above = SEVERITIES[: SEVERITIES.index(lowest) + 1]
    missing = [name for name in at_or_above if name not in names]
    if missing:
        raise OptionValueError(
            f"{option} is a threshold: findings at or above it fail the gate; {_quoted(value)} leaves out "
            f"{', '.join(missing)}, which {option} {lowest} fails on too; give {option} {lowest}"
        )
    return lowest
