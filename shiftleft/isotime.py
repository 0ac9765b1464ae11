"""ISO-8601 / RFC 3339 times as shiftleft reads them: one parser for every time it reads back.

SARIF invocations, scan metadata, OSV advisories and the history store all write times
as text; read back they are hostile input. One parser means one answer for the same text:
``Z`` (or ``z``) is UTC, a fraction of seconds of any length is accepted (OSV writes nine
digits, ``datetime.fromisoformat`` on some Pythons only three or six), a time without a
zone is taken as UTC (so it can be compared with every other time here), and anything
else is None rather than an exception, for the caller to treat as unknown.
"""

from __future__ import annotations

from datetime import UTC, datetime


def parse(value: str) -> datetime | None:
    """A timezone-aware datetime, or None when ``value`` is not an ISO-8601 time."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if "." in text:
        head, _, rest = text.partition(".")
        digits = "".join(ch for ch in rest if ch.isdigit())
        tz = rest[len(digits) :]
        text = f"{head}.{(digits + '000000')[:6]}{tz}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
