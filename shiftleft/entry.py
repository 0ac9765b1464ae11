"""The ``shiftleft`` console entry point: ``shiftleft hook`` goes to its light command line
(``hook_cli``) before the rest of the CLI (typer, rich, every scanner) is imported; any
other command goes to ``cli.main``."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["hook"]:
        from shiftleft.hook_cli import entry

        sys.exit(entry(sys.argv[2:]))
    from shiftleft.cli import main as cli_main

    cli_main()
