"""Every exit status of ``shiftleft``, and the one base class of the errors a user can fix.

Like pip's ``status_codes`` and ``exceptions``: each code is defined here once, each error
knows its code, and ``cli.main`` turns any ``ShiftleftError`` that reached it into the
one-line ``shiftleft: error: ...`` and its exit status (never a traceback, never exit 4).
This module imports nothing of shiftleft: every layer may raise these.
"""

from __future__ import annotations

#: the gate passed
EXIT_PASS = 0
#: a findings rule of the gate failed
EXIT_GATE_FAILED = 1
#: usage or input error (bad path, bad option, invalid file)
EXIT_USAGE = 2
#: only coverage rules failed: something was not assessed
EXIT_INCOMPLETE = 3
#: a bug in shiftleft (an exception nobody expected)
EXIT_INTERNAL = 4

# ``shiftleft audit verify``: the bundle is intact, was altered, or is no bundle at all
EXIT_INTACT = EXIT_PASS
EXIT_ALTERED = EXIT_GATE_FAILED
EXIT_NOT_A_BUNDLE = EXIT_USAGE
#: ``shiftleft tools install`` and other operations that ran and failed
EXIT_OPERATION_FAILED = EXIT_GATE_FAILED


class ShiftleftError(Exception):
    """An error the user can fix (a bad config, target, policy, report input, audit or
    history file, advisory database), phrased for them on one line. ``exit_code`` is the
    status the CLI exits with: usage/input error unless the class or the caller says
    otherwise. Subclasses live with the code that raises them (``config.ConfigError``...)."""

    exit_code: int = EXIT_USAGE

    def __init__(self, message: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)
