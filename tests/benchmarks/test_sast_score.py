"""benchmarks/sast_score.py: the scoring arithmetic, the CSV contract and the CWE reading
(no scanner runs here), and the shipped corpora keep the contract."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sast_score", ROOT / "benchmarks" / "sast_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("sast_score", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


ss = _load()
HEADER = "test,category,vulnerable,cwe\n"


def _csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "expected.csv"
    path.write_text(header + body)
    return path


def test_read_expected_parses_rows_and_skips_blank_lines(tmp_path: Path) -> None:
    path = _csv(tmp_path, "bench_py_00001,sqli,true,89\n\nbench_py_00002,xss,FALSE,79\n")
    assert ss.read_expected(path) == [
        ss.Case("bench_py_00001", "sqli", True, 89),
        ss.Case("bench_py_00002", "xss", False, 79),
    ]


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ("test,category,vulnerable\n", "a,sqli,true\n", "header"),
        (HEADER, "a,sqli,yes,89\n", "true or false"),
        (HEADER, "a,nosql,true,943\n", "unknown category"),
        (HEADER, "a,sqli,true,CWE-89\n", "must be a number"),
        (HEADER, "a,sqli,true,89\na,xss,false,79\n", "repeated"),
        (HEADER, "a,sqli,true\n", "fields"),
        (HEADER, "", "no test cases"),
    ],
)
def test_read_expected_rejects_malformed_files(tmp_path: Path, header: str, body: str, message: str) -> None:
    with pytest.raises(ss.BenchError, match=message):
        ss.read_expected(_csv(tmp_path, body, header))


def test_counts_rates_and_score() -> None:
    c = ss.Counts(tp=3, fn=1, tn=6, fp=2)
    assert c.tpr == 0.75 and c.fpr == 0.25 and c.score == 0.5
    assert ss.Counts().tpr == 0.0 and ss.Counts().fpr == 0.0  # no cases: no division by zero
    assert c.as_dict() == {"tp": 3, "fn": 1, "tn": 6, "fp": 2, "tpr": 0.75, "fpr": 0.25, "score": 0.5}


def test_score_flags_by_the_category_cwe_and_its_aliases() -> None:
    cases = [
        ss.Case("t1", "sqli", True, 89),  # flagged with 89: TP
        ss.Case("t2", "sqli", True, 89),  # flagged with another CWE only: FN
        ss.Case("t3", "sqli", False, 89),  # flagged with 89: FP
        ss.Case("t4", "sqli", False, 89),  # nothing: TN
        ss.Case("t5", "codeinj", True, 94),  # CWE-95 counts as code injection
        ss.Case("t6", "securecookie", True, 614),  # CWE-1004 (HttpOnly) is not the Secure attribute: FN
        ss.Case("t7", "securecookie", False, 614),  # CWE-79 in the file does not
    ]
    flags = {"t1": {89, 798}, "t2": {79}, "t3": {89}, "t5": {95}, "t6": {1004}, "t7": {79}}
    result = ss.score(cases, flags)
    assert result["sqli"] == ss.Counts(tp=1, fn=1, tn=1, fp=1)
    assert result["codeinj"] == ss.Counts(tp=1)
    assert result["securecookie"] == ss.Counts(fn=1, tn=1)
    assert list(result) == sorted(result)


def test_overall_is_the_mean_over_categories() -> None:
    per = {"a": ss.Counts(tp=1, fn=0, tn=1, fp=0), "b": ss.Counts(tp=0, fn=1, tn=0, fp=1)}
    assert ss.overall(per) == {"tpr": 0.5, "fpr": 0.5, "score": 0.0}
    assert ss.overall({}) == {"tpr": 0.0, "fpr": 0.0, "score": 0.0}
    table = ss.format_table("python: shiftleft", per)
    assert table.splitlines()[0] == "python: shiftleft" and "average" in table.splitlines()[-1]


def test_cwe_numbers_reads_every_spelling() -> None:
    values = ["CWE-89", "CWE-79: Improper Neutralization", "external/cwe/cwe-611", 502, True, None, "security"]
    assert ss.cwe_numbers(values) == {89, 79, 611, 502}


def _run(scanner: str, results: list[dict[str, object]], rules: list[dict[str, object]] | None = None) -> dict:
    return {"tool": {"driver": {"name": scanner, "rules": rules or []}}, "results": results,
            "properties": {"shiftleft": {"scanner": scanner, "status": "ok"}}}  # fmt: skip


def _result(uri: str, rule: str, cwe: list[str] | None = None) -> dict[str, object]:
    return {"ruleId": rule, "properties": {"cwe": cwe or []},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]}  # fmt: skip


def test_sarif_flags_reads_results_rules_and_the_bandit_map() -> None:
    log = {"runs": [
        _run("semgrep", [_result("bench_js_00001.js", "r1", ["CWE-79"]), _result("sub/bench_js_00002.ts", "r2")],
             rules=[{"id": "r2", "properties": {"tags": ["security", "external/cwe/cwe-918"]}}]),
        _run("bandit", [_result("bench_py_00003.py", "B307", ["CWE-78"])]),
        _run("detect-secrets", [_result("bench_py_00004.py", "detect-secrets/x", ["CWE-89"])]),
    ]}  # fmt: skip
    assert ss.sarif_flags(log) == {"bench_js_00001": {79}, "bench_js_00002": {918}, "bench_py_00003": {78, 95}}


def test_bandit_flags_maps_test_ids() -> None:
    report = {"results": [
        {"filename": "/x/bench_py_00001.py", "test_id": "B324", "issue_cwe": {"id": 327}},
        {"filename": "/x/bench_py_00001.py", "test_id": "B608", "issue_cwe": {"id": 89}},
        {"filename": "/x/bench_py_00002.py", "test_id": "B506", "issue_cwe": {"id": 20}},
    ]}  # fmt: skip
    assert ss.bandit_flags(report) == {"bench_py_00001": {327, 328, 89}, "bench_py_00002": {20, 502}}


def test_a_missing_corpus_root_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ss.main(["--root", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sast_score: ") and err.count("\n") == 1


def test_files_and_labels_must_match(tmp_path: Path) -> None:
    (tmp_path / "bench_py_00001.py").write_text("")
    (tmp_path / "stray.py").write_text("")
    cases = [ss.Case("bench_py_00001", "sqli", True, 89)]
    with pytest.raises(ss.BenchError, match=r"not in expected\.csv"):
        ss.check_files(tmp_path, cases)
    (tmp_path / "stray.py").unlink()
    ss.check_files(tmp_path, cases)
    with pytest.raises(ss.BenchError, match="without a file"):
        ss.check_files(tmp_path, [*cases, ss.Case("bench_py_00002", "xss", False, 79)])


def test_shipped_corpora_keep_the_contract() -> None:
    corpora = ss.corpora(ss.DEFAULT_CORPORA, [])
    assert {"python", "javascript"} <= {c.name for c in corpora}
    for corpus in corpora:
        cases = ss.read_expected(corpus / "expected.csv")
        ss.check_files(corpus, cases)
        for case in cases:
            assert case.cwe == ss.CATEGORY_CWE[case.category], (corpus.name, case)
        if corpus.name in ("python", "javascript"):  # the two corpora of this suite: every category
            for category in ss.CATEGORY_CWE:
                labels = [c.vulnerable for c in cases if c.category == category]
                assert len(labels) >= 8 and True in labels and False in labels, (corpus.name, category)


def _log(*scanners: dict[str, object]) -> dict[str, object]:
    return {"runs": [], "properties": {"shiftleft": {"scanners": list(scanners)}}}


def test_stage_notes_never_score_a_scanner_that_did_not_run() -> None:
    ok = {"name": "bandit", "status": "ok", "not_assessed": 0}
    semgrep_ok = {"name": "semgrep", "status": "ok", "not_assessed": 0}
    assert ss.stage_notes(_log(ok, semgrep_ok), Path("python")) == []
    # a language the pack has no rules for yet: scored as nothing found, and said so
    na = {"name": "semgrep", "status": "not-applicable", "reason": "no source files the bundled semgrep rules analyse"}
    assert ss.stage_notes(_log(na), Path("go")) == [f"semgrep not applicable: {na['reason']}"]
    for bad in ({"name": "semgrep", "status": "failed", "reason": "crashed"},
                {"name": "semgrep", "status": "missing"},
                {"name": "semgrep", "status": "ok", "not_assessed": 3}):  # fmt: skip
        with pytest.raises(ss.BenchError, match="semgrep"):
            ss.stage_notes(_log(ok, bad), Path("python"))
    with pytest.raises(ss.BenchError, match="bandit"):
        ss.stage_notes(_log({"name": "bandit", "status": "timeout"}, semgrep_ok), Path("python"))
    with pytest.raises(ss.BenchError, match="not in the scanner list"):
        ss.stage_notes(_log(ok), Path("python"))
