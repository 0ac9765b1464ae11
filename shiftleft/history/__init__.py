"""Scan history: what is new, fixed and still open since the last scan, and for how long.

``HistoryStore(path).record(report)`` records a scan and returns the ``HistorySummary``
reporters show. See docs/history-and-audit.md.
"""

from __future__ import annotations

from shiftleft.history.store import (
    AGE_BUCKETS,
    DEFAULT_RELATIVE_PATH,
    HistoryError,
    HistoryStore,
    RecordedScan,
    ScanRow,
    default_history_path,
    finding_key,
)

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
