"""What every ``shiftleft`` sub-command shares: one way to fail with a one-line message."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

#: usage or input error (bad path, bad option, invalid file)
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``shiftleft: error: ...`` on stderr (never a traceback) and exit."""
    from shiftleft.sarif.redact import redact_text

    message = redact_text(message)  # errors quote repository text (config values, file lines)
    # soft_wrap: one line whatever the terminal width, so scripts and CI logs get it whole
    Console(stderr=True, highlight=False, soft_wrap=True).print(Text(f"shiftleft: error: {message}", style="bold red"))
    raise typer.Exit(code)
