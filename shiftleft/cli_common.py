"""What every ``shiftleft`` sub-command shares: one way to fail with a one-line message, one
way to warn, and the only consoles the CLI prints through.

Every line a command prints may quote the scanned repository (a file name, a waiver's
owner, a rule message, a tool's error output, a config key), so each helper here passes
its text through ``safe_text.visible`` before it reaches the terminal, and the consoles
(``console()``) escape again whatever a renderable still carries: no command prints
through a bare ``rich.console.Console``, ``print`` or ``typer.echo`` of repository text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from shiftleft.errors import EXIT_USAGE
from shiftleft.safe_text import is_visible, visible


class SafeConsole(Console):
    """A rich console that escapes control and bidi characters in every segment it renders.

    The second line of defence: text should already be ``visible`` when a ``Text`` is made
    (rich's ``Text`` silently drops BEL, BS, VT, FF and CR, so only the first line can show
    them); this catches what a table cell, a ``str`` renderable or a future call site
    forgot. Newlines in segments are rich's own layout and are kept."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or is_visible(segment.text, multiline=True):
                yield segment
            else:
                yield Segment(visible(segment.text, multiline=True), segment.style, segment.control)


def console(*, stderr: bool = False, no_color: bool | None = None, soft_wrap: bool = False) -> Console:
    """The console a command prints through (stdout, or stderr for messages); a ``str``
    printed is never parsed as rich markup (``markup=False``) nor highlighted."""
    return SafeConsole(stderr=stderr, no_color=no_color or None, highlight=False, markup=False, soft_wrap=soft_wrap)


def line(value: object, style: str = "") -> Text:
    """A ``Text`` of repository-controlled ``value``: one line, escaped, never rich markup."""
    return Text(visible(value), style=style)


def echo(*parts: Any, err: bool = False) -> None:
    """``typer.echo`` for one line that may quote the repository or a file read back."""
    typer.echo(visible(" ".join(str(p) for p in parts)), err=err)


def warn(message: str, out: Console | None = None) -> None:
    """``shiftleft: warning: ...`` on stderr, one line whatever the terminal width; the
    scan's redactor first (warnings quote tool output and repository text)."""
    from shiftleft.sarif.redact import redact_text

    message = redact_text(message)
    (out or console(stderr=True)).print(line(f"shiftleft: warning: {message}", "yellow"), soft_wrap=True)


def error(message: str) -> None:
    """Print ``shiftleft: error: ...`` on stderr: one line, redacted, escaped."""
    from shiftleft.sarif.redact import redact_text

    message = redact_text(message)  # errors quote repository text (config values, file lines)
    # soft_wrap: one line whatever the terminal width, so scripts and CI logs get it whole
    console(stderr=True, soft_wrap=True).print(line(f"shiftleft: error: {message}", "bold red"))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``shiftleft: error: ...`` on stderr (never a traceback) and exit."""
    error(message)
    raise typer.Exit(code)
