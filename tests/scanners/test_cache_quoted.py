"""Credential results whose message quotes the value (bandit's "Possible hardcoded
password: '...'") in the result cache: stored with *where* each quoted part is in the
file, never what; a hit reads them back, so the scan's redactor learns the value as on a
fresh run (another tool's echo of it is redacted both times) and the log is the same; an
entry whose places do not hold, or a part not on the result's lines, is a miss."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import ClassVar

import pytest
import sarif_om

from shiftleft.sarif.redact import secret_hash
from shiftleft.scanners import cache
from tests.helpers import make_run, result_dict
from tests.scanners.test_cache import STRONG, Counting, Echo, _cache_info, _scan

LINE = f'DB_PASSWORD = "{STRONG}"  # a fixture\n'


class Password(Counting):
    """bandit-like: the literal of app.py's first line quoted in the message."""

    name: ClassVar[str] = "password"
    line: ClassVar[int] = 1

    def run(self, ctx: object) -> sarif_om.Run:
        type(self).calls.append(self.name)
        res = result_dict("B105", "app.py", type(self).line, text=f"Possible hardcoded password: '{STRONG}'",
                          properties={"cwe": ["CWE-259"]})  # fmt: skip
        return make_run([res])


@pytest.fixture(autouse=True)
def _reset() -> None:
    Counting.calls = []
    Password.line = 1


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(LINE + "x = 1\n", "utf-8")
    (root / "lib.py").write_text("y = 2\n", "utf-8")
    return root


def _messages(outcome: object) -> list[str]:
    log = cache.om.log_to_dict(outcome.log)  # type: ignore[attr-defined]
    return sorted(r["message"]["text"] for run in log["runs"] for r in run.get("results") or [])


def _entries(store: Path) -> list[bytes]:
    with sqlite3.connect(store / cache.DB_FILENAME) as conn:
        return [bytes(row[0]) for row in conn.execute("SELECT data FROM entries")]


def test_a_quoted_literal_found_in_its_file_is_stored_as_a_place(tmp_path: Path) -> None:
    Password.line = 1
    root = _repo(tmp_path)
    first = _scan(root, tmp_path / "c", Password, Echo)
    assert _cache_info(first)["stored"] == ["password"]
    data = b"".join(_entries(tmp_path / "c"))
    assert STRONG.encode() not in data and secret_hash(STRONG).encode() not in data
    assert cache.QUOTED_REFS_KEY.encode() in data
    second = _scan(root, tmp_path / "c", Password, Echo)
    assert _cache_info(second)["hits"] == ["password"] and Counting.calls.count("password") == 1
    # the same log as the fresh run: the message masked, the other tool's echo redacted
    assert _messages(first) == _messages(second)
    for outcome in (first, second):
        text = json.dumps(cache.om.log_to_dict(outcome.log))
        assert STRONG not in text and cache.QUOTED_REFS_KEY not in text and "[REDACTED]" in text


def test_a_literal_not_in_the_file_keeps_the_run_out(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "app.py").write_text('DB_PASSWORD = "Xk29-fjQ8z-"\n    "LmP3w"  # split\n', "utf-8")
    first = _scan(root, tmp_path / "c", Password, Echo)
    assert _cache_info(first)["notStored"] == ["password"]
    _scan(root, tmp_path / "c", Password, Echo)
    assert Counting.calls.count("password") == 2


def test_a_literal_off_the_results_line_is_still_placed(tmp_path: Path) -> None:
    Password.line = 2  # bandit's lines can be one off: the literal is on line 1
    root = _repo(tmp_path)
    first = _scan(root, tmp_path / "c", Password, Echo)
    second = _scan(root, tmp_path / "c", Password, Echo)
    assert _cache_info(first)["stored"] == ["password"] and _cache_info(second)["hits"] == ["password"]
    assert _messages(first) == _messages(second)


def test_places_that_do_not_hold_are_a_miss(tmp_path: Path) -> None:
    Password.line = 1
    root = _repo(tmp_path)
    _scan(root, tmp_path / "c", Password, Echo)
    with sqlite3.connect(tmp_path / "c" / cache.DB_FILENAME) as conn:
        key, data = conn.execute("SELECT key, data FROM entries").fetchone()
        entry = json.loads(data)
        entry["run"]["results"][0]["properties"][cache.QUOTED_REFS_KEY] = [[1, 0, 10_000]]
        conn.execute("UPDATE entries SET data = ? WHERE key = ?", (json.dumps(entry).encode(), key))
    again = _scan(root, tmp_path / "c", Password, Echo)
    assert "password" in _cache_info(again)["misses"] and Counting.calls.count("password") == 2
    assert STRONG not in json.dumps(cache.om.log_to_dict(again.log))
