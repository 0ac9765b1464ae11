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
