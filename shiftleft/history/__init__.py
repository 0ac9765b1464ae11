"""Scan history: what is new, fixed and still open since the last scan, and for how long.

``HistoryStore(path).record(report)`` records a scan and returns the ``HistorySummary``
reporters show. See docs/history-and-audit.md.

The default location is the user's state directory, one database per scanned root
(:func:`shiftleft.paths.default_history_path`): never inside the scanned tree, where the
repository could ship a database of its own or redirect it with a link.
"""

from __future__ import annotations

from shiftleft.history.store import (
    AGE_BUCKETS,
    DEFAULT_RELATIVE_PATH,
    HistoryError,
    HistoryStore,
    RecordedScan,
    ScanRow,
    finding_key,
)
from shiftleft.paths import default_history_path

__all__ = [
    "AGE_BUCKETS",
    "DEFAULT_RELATIVE_PATH",
    "HistoryError",
    "HistoryStore",
    "RecordedScan",
    "ScanRow",
    "default_history_path",
    "finding_key",
]
