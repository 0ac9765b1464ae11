"""The scanners' health in a SARIF log is camelCase like every other field shiftleft writes
(``notAssessed``); a log written before (``not_assessed``) still reads the same."""

from __future__ import annotations

import copy
from typing import Any

from shiftleft.report.model import statuses_from_log
from shiftleft.sarif.merge import merge_logs
from shiftleft.sarif.readback import reconcile, status_entry
from tests.report.conftest import load_scan


def _with_partial_osv(log: dict[str, Any], key: str) -> dict[str, Any]:
    log = copy.deepcopy(log)
    for item in log["properties"]["shiftleft"]["scanners"]:
        item.pop("not_assessed", None)
        item.pop("notAssessed", None)
        if item["status"] == "ok":
            item[key] = 2
    return log


def test_legacy_and_current_keys_read_the_same() -> None:
    old, new = _with_partial_osv(load_scan(), "not_assessed"), _with_partial_osv(load_scan(), "notAssessed")
    assert statuses_from_log(old) == statuses_from_log(new)
    assert any(s.not_assessed == 2 for s in statuses_from_log(new))
    assert status_entry({"not_assessed": 1, "name": "x"}) == {"notAssessed": 1, "name": "x"}


def test_merge_writes_the_current_key() -> None:
    old = _with_partial_osv(load_scan(), "not_assessed")
    log, _ = reconcile(old, "old.sarif")
    merged = merge_logs([("a.sarif", log), ("b.sarif", copy.deepcopy(log))])
    items = merged["properties"]["shiftleft"]["scanners"]
    assert items and all("not_assessed" not in s and "notAssessed" in s for s in items)
    assert {s["notAssessed"] for s in items if s["status"] == "ok"} == {4}
