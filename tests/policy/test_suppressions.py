"""Inline suppression comments become SARIF inSource suppressions; findings stay."""

from __future__ import annotations

from pathlib import Path

from shiftleft.policy.suppressions import SafeLines, inline_fingerprints, mark_inline

from .helpers import log, result, run

SOURCE = """\
import subprocess
subprocess.call(cmd, shell=True)  # nosec
subprocess.call(cmd, shell=True)  # nosec B101
subprocess.call(cmd, shell=True)  # nosec B602, B607
eval(x)  # nosemgrep
# nosemgrep: shiftleft.python.eval-exec
eval(x)
eval(x)  # nosemgrep: some.other-rule
eval(x)  # shiftleft: ignore[B307, shiftleft.python.*] input is a constant table
eval(x)  # shiftleft: ignore[B307]
"""


def lines_for(tmp_path: Path, files: tuple[str, ...] = ("app.py",)) -> SafeLines:
    (tmp_path / "app.py").write_text(SOURCE)
    return SafeLines(tmp_path, files)


def suppressions(res: dict) -> list:  # type: ignore[type-arg]
    return res.get("suppressions") or []


def test_bandit_nosec(tmp_path: Path) -> None:
    results = [result("B602", "app.py", n, tool="bandit") for n in (2, 3, 4)]
    sarif = log(run("bandit", results))
    outcome = mark_inline(sarif, lines_for(tmp_path))
    plain, other_test, listed = results
    assert suppressions(plain)[0] == {
        "kind": "inSource", "status": "accepted", "justification": "# nosec (inline comment at app.py:2)",
        "properties": {"shiftleft": {"suppressedBy": "nosec"}},
    }  # fmt: skip
    assert suppressions(other_test) == []  # `# nosec B101` does not cover B602
    assert "B602" in suppressions(listed)[0]["justification"]
    assert outcome.marked == {"nosec": 2}
    assert len(sarif["runs"][0]["results"]) == 3


def test_semgrep_nosemgrep_same_line_and_line_before(tmp_path: Path) -> None:
    rule = "shiftleft.python.eval-exec"
    results = [result(rule, "app.py", n) for n in (5, 7, 8)]
    mark_inline(log(run("semgrep", results)), lines_for(tmp_path))
    same, before, other = results
    assert suppressions(same)[0]["kind"] == "inSource"
    assert "nosemgrep: shiftleft.python.eval-exec" in suppressions(before)[0]["justification"]
    assert suppressions(other) == []


def test_semgreps_own_in_source_suppression_is_completed_not_duplicated(tmp_path: Path) -> None:
    res = result("shiftleft.python.eval-exec", "app.py", 5)
    res["suppressions"] = [{"kind": "inSource"}]
    mark_inline(log(run("semgrep", [res])), lines_for(tmp_path))
    assert len(res["suppressions"]) == 1
    assert res["suppressions"][0]["status"] == "accepted"
    assert res["suppressions"][0]["justification"].startswith("nosemgrep")


def test_nosec_does_not_silence_semgrep_and_nosemgrep_does_not_silence_bandit(tmp_path: Path) -> None:
    sem = result("shiftleft.python.subprocess-shell-true", "app.py", 2)
    ban = result("B307", "app.py", 5, tool="bandit")
    mark_inline(log(run("semgrep", [sem]), run("bandit", [ban])), lines_for(tmp_path))
    assert suppressions(sem) == [] and suppressions(ban) == []


def test_shiftleft_ignore_needs_a_reason(tmp_path: Path) -> None:
    with_reason = result("B307", "app.py", 9, tool="bandit")
    glob_match = result("shiftleft.python.eval-exec", "app.py", 9)
    without = result("B307", "app.py", 10, tool="bandit")
    sarif = log(run("bandit", [with_reason, without]), run("semgrep", [glob_match]))
    outcome = mark_inline(sarif, lines_for(tmp_path))
    assert suppressions(with_reason)[0]["justification"] == (
        "input is a constant table (shiftleft: ignore[B307, shiftleft.python.*])"
    )
    assert suppressions(glob_match)[0]["kind"] == "inSource"
    assert suppressions(without) == []
    assert any("without a reason" in n for n in outcome.notices)


def test_checkov_skip_gets_a_justification() -> None:
    res = result("CKV_AWS_20", "main.tf", 3, tool="checkov", category="iac", stage="deploy")
    res["suppressions"] = [{"kind": "inSource", "justification": "public static site"}]
    other = result("CKV_AWS_21", "main.tf", 3, tool="checkov", category="iac", stage="deploy")
    other["suppressions"] = [{"kind": "inSource"}]
    mark_inline(log(run("checkov", [res, other], stage="deploy", category="iac")), SafeLines(Path("/nonexistent"), ()))
    assert res["suppressions"][0]["justification"] == "public static site"
    assert other["suppressions"][0]["justification"] == "checkov:skip (no reason given)"
    assert inline_fingerprints(log(run("checkov", [res]))) == {res["fingerprints"]["shiftleft/v1"]}


def test_only_files_on_the_safe_list_are_read(tmp_path: Path) -> None:
    lines = lines_for(tmp_path, files=())
    res = result("B602", "app.py", 2, tool="bandit")
    mark_inline(log(run("bandit", [res])), lines)
    assert suppressions(res) == []
    (tmp_path / "link.py").symlink_to(tmp_path / "app.py")
    assert SafeLines(tmp_path, ("link.py",)).get("link.py", 2) == ""
    assert SafeLines(tmp_path, ("app.py",)).get("app.py", 0) == ""
    assert SafeLines(tmp_path, ("app.py",)).get("app.py", 999) == ""


def test_results_without_location_are_left_alone(tmp_path: Path) -> None:
    res = {"ruleId": "X", "message": {"text": "m"}}
    mark_inline(log(run("bandit", [res])), lines_for(tmp_path))
    assert "suppressions" not in res
