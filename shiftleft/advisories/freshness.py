"""How old is the advisory data? The number a gate compares with ``advisories.max_age_days``.

Age is measured from the newest ``modified`` (or ``published``, when later) timestamp of an ecosystem's advisories, not
from the import time: re-importing a year-old snapshot today must still read as a year
old. The database's age is that of its *stalest* ecosystem among those asked about, so one
fresh ecosystem cannot hide a stale one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from shiftleft.advisories.store import AdvisoryStore


def parse_timestamp(value: str) -> datetime | None:
    """RFC 3339 as OSV writes it (``Z`` suffix, optional fraction of any length)."""
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if "." in text:  # fromisoformat on 3.10 accepts only 3 or 6 fraction digits
        head, _, rest = text.partition(".")
        digits = "".join(ch for ch in rest if ch.isdigit())
        tz = rest[len(digits) :]
        text = f"{head}.{(digits + '000000')[:6]}{tz}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def age_days_from_summary(
    summary: Mapping[str, Any], *, ecosystems: Iterable[str] | None = None, now: datetime | None = None
) -> float | None:
    """Age in days of the stalest ecosystem in an ``advisoryDatabase`` summary (the object
    the osv and pip-audit runs put in ``run.properties.shiftleft``). None when there is no
    data for any ecosystem asked about: the gate must treat None as *stale*."""
    now = now or datetime.now(timezone.utc)
    table = summary.get("ecosystems") or {}
    wanted = set(ecosystems) if ecosystems is not None else set(table)
    ages: list[float] = []
    for eco in wanted:
        info = table.get(eco)
        if not isinstance(info, Mapping):
            return None
        stamps = [parse_timestamp(str(info.get(k) or "")) for k in ("newestModified", "newestPublished")]
        known = [s for s in stamps if s is not None]
        if not known:
            return None
        ages.append((now - max(known)).total_seconds() / 86400.0)
    return max(ages) if ages else None


def database_age_days(
    db: AdvisoryStore | Path | str | None = None,
    *,
    ecosystems: Iterable[str] | None = None,
    now: datetime | None = None,
) -> float | None:
    """Age in days of a database file (default location when ``db`` is None). None when
    missing or empty, which a gate must treat as stale."""
    from shiftleft.advisories.errors import DatabaseMissing
    from shiftleft.advisories.store import resolve_db_path

    if isinstance(db, AdvisoryStore):
        return age_days_from_summary(db.summary(), ecosystems=ecosystems, now=now)
    try:
        with AdvisoryStore.open_existing(resolve_db_path(db)) as store:
            return age_days_from_summary(store.summary(), ecosystems=ecosystems, now=now)
    except DatabaseMissing:
        return None
