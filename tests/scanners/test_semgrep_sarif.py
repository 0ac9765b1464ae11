"""semgrep's JSON report to SARIF (``scanners/semgrep_sarif.py``) on forged reports: whatever
the report says, nothing outside the scanned root is read into a snippet, malformed entries
are passed over, the work is linear, and files the report does not list as scanned are
named. (The conversion's fidelity to semgrep's own SARIF: ``tests/e2e/test_semgrep_sarif.py``.)"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.sarif import om
from shiftleft.scanners import semgrep_sarif
from shiftleft.scanners.semgrep_sarif import sarif_run, strip_prefix, unscanned

RULE = {"id": "r", "languages": ["python"], "severity": "ERROR", "message": "m", "pattern": "eval(...)"}


def _match(path: str, line: int = 1, end: int = 1, rule: str = "r") -> dict[str, Any]:
    return {"check_id": rule, "path": path, "start": {"line": line, "col": 1}, "end": {"line": end, "col": 5},
            "extra": {"message": "found", "fingerprint": "requires login", "lines": "requires login"}}  # fmt: skip


def _snippets(run: dict[str, Any]) -> list[str | None]:
    return [
        r["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text") for r in run["results"]
    ]


def test_no_snippet_is_read_from_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "host-secret.txt"
    outside.write_text("HOST-FILE-CONTENT\n")
    (root / "link.py").symlink_to(outside)
    (root / "ok.py").write_text("eval(x)\n")
    forged = [_match(str(outside)), _match("../host-secret.txt"), _match("link.py"), _match(str(root / "ok.py")),
              _match("/proc/self/environ"), _match(str(root))]  # fmt: skip
    run = sarif_run({"results": forged}, [RULE], root)
    assert "HOST-FILE-CONTENT" not in json.dumps(run)
    assert _snippets(run) == [None, None, None, "eval(x)", None, None]


def test_malformed_entries_are_passed_over_and_the_run_is_valid(tmp_path: Path) -> None:
    report: dict[str, Any] = {
        "version": 7,
        "results": [1, None, {"check_id": 3}, {"path": "a.py"}, _match("a.py", line=-4, end=-9),
                    {"check_id": "r", "path": "a.py", "start": "x", "end": [], "extra": "y"}],
        "errors": [None, {"type": ["PartialParsing", [1]], "level": "warn", "message": "m", "path": "a.py"}, {}],
    }  # fmt: skip
    run = sarif_run(report, [RULE, {"no": "id"}, "not a rule"], tmp_path)  # type: ignore[list-item]
    assert len(run["results"]) == 2
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["PartialParsing", "error"]
    assert "semanticVersion" not in run["tool"]["driver"]
    om.run_from_dict(run)
    for shape in ({}, {"results": "x", "errors": {}, "paths": []}):
        assert sarif_run(shape, [], tmp_path)["results"] == []


def test_each_file_is_read_once_however_many_results_it_has(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.py").write_text("".join(f"eval(x{i})\n" for i in range(5000)))
    reads: list[str] = []
    original = semgrep_sarif._Snippets._read

    def counting(self: Any, path: str) -> list[str] | None:
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(semgrep_sarif._Snippets, "_read", counting)
    run = sarif_run({"results": [_match("a.py", i, i) for i in range(1, 5001)]}, [RULE], tmp_path)
    assert reads == ["a.py"]
    assert _snippets(run)[4999] == "eval(x4999)"


def test_a_file_over_the_snippet_limit_gives_no_snippet(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(semgrep_sarif, "MAX_SNIPPET_SOURCE_BYTES", 10)
    (tmp_path / "a.py").write_text("eval(x)  # longer than ten bytes\n")
    assert _snippets(sarif_run({"results": [_match("a.py")]}, [RULE], tmp_path)) == [None]


def test_rule_ids_lose_the_config_path_prefix_longest_declared_first() -> None:
    known = {"x", "b.x", "shiftleft.python.pickle-loads"}
    assert strip_prefix("...shiftleft.python.pickle-loads", known) == "shiftleft.python.pickle-loads"
    assert strip_prefix("tmp.w.shiftleft.python.pickle-loads", known) == "shiftleft.python.pickle-loads"
    assert strip_prefix("a.b.x", known) == "b.x"
    assert strip_prefix("unknown.rule", known) == "unknown.rule"
    assert strip_prefix("." * 10_000, known) == "." * 10_000


def test_files_not_listed_as_scanned_are_named(tmp_path: Path) -> None:
    given_files = [str(tmp_path / n) for n in ("a.py", "b.py", "c.py")]
    report = {"paths": {"scanned": [given_files[0], 5, given_files[2]]}}
    assert unscanned(report, given_files) == [given_files[1]]
    assert unscanned({}, given_files) == given_files, "no list of scanned files: none was scanned"
    assert unscanned({"paths": {"scanned": "a.py"}}, given_files) == given_files


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


_match_like = st.fixed_dictionaries(
    {"check_id": st.text(max_size=10) | _json, "path": st.text(max_size=10) | _json,
     "start": _json, "end": _json, "extra": _json}
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(results=st.lists(_match_like, max_size=5), errors=st.lists(_json, max_size=3))
def test_any_report_gives_a_valid_run_and_reads_nothing_outside(results: list[Any], errors: list[Any]) -> None:
    root = Path(os.environ.get("TMPDIR", "/tmp")) / "shiftleft-empty-root-for-property-test"
    root.mkdir(exist_ok=True)
    run = sarif_run({"results": results, "errors": errors}, [RULE], root)
    om.run_from_dict(run)
    assert all(s is None for s in _snippets(run))


def test_a_fifo_in_place_of_a_results_file_is_not_read(tmp_path: Path) -> None:
    """A result naming a FIFO (a file swapped after semgrep read it): no snippet, no hang."""
    fifo = tmp_path / "app.py"
    os.mkfifo(fifo)
    assert _snippets(sarif_run({"results": [_match("app.py")]}, [RULE], tmp_path)) == [None]
