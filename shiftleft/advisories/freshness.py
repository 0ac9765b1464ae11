"""How old is the advisory data? The number a gate compares with ``advisories.max_age_days``.

Age is measured from the newest ``modified`` (or ``published``, when later) timestamp of an ecosystem's advisories, not
from the import time: re-importing a year-old snapshot today must still read as a year
old. The database's age is that of its *stalest* ecosystem among those asked about, so one
fresh ecosystem cannot hide a stale one.

A database is hostile input too: a forged or repository-shipped file can claim any date.
Data dated in the future (beyond ``CLOCK_SKEW_DAYS``) is not "very fresh", it is not
trusted: its age is None, which every gate reads as stale, and :func:`untrusted_reason`
says why. The default gate fails (exit 3, incomplete) when the data is older than
``DEFAULT_MAX_AGE_DAYS``; ``advisories.max_age_days`` changes the limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shiftleft import isotime

if TYPE_CHECKING:  # the store (and packaging) is imported to open a database, not by every gate
    from shiftleft.advisories.store import AdvisoryStore

#: days a timestamp may lie ahead of this machine's clock (time zones, clock drift)
CLOCK_SKEW_DAYS = 1.0
#: the default gate's limit (policies/gates/default.yaml). grype fails a scan on a database
#: built more than 5 days ago; our age is that of the newest record of the quietest
#: ecosystem, which lags the snapshot a little, and air-gapped mirrors are often
#: refreshed weekly: 7 days
DEFAULT_MAX_AGE_DAYS = 7


#: the one parser of ISO times (kept under this name: OSV's timestamps were parsed here first)
parse_timestamp = isotime.parse


def _newest(info: Mapping[str, Any]) -> datetime | None:
    stamps = [parse_timestamp(str(info.get(k) or "")) for k in ("newestModified", "newestPublished")]
    known = [s for s in stamps if s is not None]
    return max(known) if known else None


def _ecosystem_ages(
    summary: Mapping[str, Any], ecosystems: Iterable[str] | None, now: datetime
) -> list[tuple[str, float | None]]:
    table = summary.get("ecosystems") or {}
    if not isinstance(table, Mapping):
        return [("*", None)]
    wanted = sorted(set(ecosystems) if ecosystems is not None else {str(k) for k in table})
    out: list[tuple[str, float | None]] = []
    for eco in wanted:
        info = table.get(eco)
        newest = _newest(info) if isinstance(info, Mapping) else None
        out.append((eco, None if newest is None else (now - newest).total_seconds() / 86400.0))
    return out


def age_days_from_summary(
    summary: Mapping[str, Any], *, ecosystems: Iterable[str] | None = None, now: datetime | None = None
) -> float | None:
    """Age in days of the stalest ecosystem in an ``advisoryDatabase`` summary (the object
    the osv and pip-audit runs put in ``run.properties.shiftleft``). None when there is no
    data for any ecosystem asked about, or when an ecosystem's data is dated in the future
    (a forged or broken database): the gate must treat None as *stale*."""
    now = now or datetime.now(UTC)
    ages = _ecosystem_ages(summary, ecosystems, now)
    if not ages or any(age is None or age < -CLOCK_SKEW_DAYS for _eco, age in ages):
        return None
    return max(0.0, max(age for _eco, age in ages if age is not None))


#: the one rounding of a database's age: what the gate judges is what every output shows
AGE_DECIMALS = 1


def scan_moment(at: str | datetime | None) -> datetime | None:
    """The time a scan's age is measured at: ``at`` as a datetime (an ISO text from a log is
    parsed), None (meaning now) when absent or unparsable."""
    if isinstance(at, datetime):
        return at
    return isotime.parse(at) if at else None


def age_at_scan(
    summary: Mapping[str, Any], at: str | datetime | None = None, *, ecosystems: Iterable[str] | None = None
) -> float | None:
    """The advisory database's age as shiftleft states it, everywhere (gate, reports, audit
    bundle, ``db status``): at the scan's end ``at`` (not at the time of rendering: an
    offline scan must say how old its knowledge was), rounded to ``AGE_DECIMALS`` days.
    None: no data or untrusted data, which the gate reads as stale."""
    age = age_days_from_summary(summary, ecosystems=ecosystems, now=scan_moment(at))
    return None if age is None else round(age, AGE_DECIMALS)


def untrusted_reason(
    summary: Mapping[str, Any], *, ecosystems: Iterable[str] | None = None, now: datetime | None = None
) -> str | None:
    """Why a summary's age cannot be trusted (data dated in the future, no dates), for a
    person to read; None when :func:`age_days_from_summary` gives a number."""
    now = now or datetime.now(UTC)
    ages = _ecosystem_ages(summary, ecosystems, now)
    future = [f"{eco} {-age:.0f} days ahead" for eco, age in ages if age is not None and age < -CLOCK_SKEW_DAYS]
    if future:
        return "dated in the future, not trusted (" + ", ".join(future[:3]) + ")"
    undated = [eco for eco, age in ages if age is None]
    if not ages or undated:
        return "no dated advisories" + (f" ({', '.join(undated[:3])})" if undated else "")
    return None


def database_age_days(
    db: AdvisoryStore | Path | str | None = None,
    *,
    ecosystems: Iterable[str] | None = None,
    now: datetime | None = None,
) -> float | None:
    """Age in days of a database file (default location when ``db`` is None). None when
    missing or empty, which a gate must treat as stale."""
    from shiftleft.advisories.errors import DatabaseMissing
    from shiftleft.advisories.store import AdvisoryStore, resolve_db_path

    if isinstance(db, AdvisoryStore):
        return age_days_from_summary(db.summary(), ecosystems=ecosystems, now=now)
    try:
        with AdvisoryStore.open_existing(resolve_db_path(db)) as store:
            return age_days_from_summary(store.summary(), ecosystems=ecosystems, now=now)
    except DatabaseMissing:
        return None
