"""Loops over repository-sized input are linear (or n log n): the SBOM of a long
requirements file, and the --diff-base line mapping of a long file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cyclonedx.model.bom_ref import BomRef
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.model import ScanContext
from shiftleft.policy import baseline
from shiftleft.scanners.cyclonedx import CycloneDxSbom
from shiftleft.target import collect

from .builders import diff_repo, repeated_code, requirements


def _bomref_comparisons(tmp_path: Path, lines: int, monkeypatch: object) -> int:
    root = tmp_path / f"repo{lines}"
    requirements(root, lines)
    calls = 0
    original = BomRef.__eq__

    def counting(self: BomRef, other: object) -> bool:
        nonlocal calls
        calls += 1
        return original(self, other)

    monkeypatch.setattr(BomRef, "__eq__", counting)  # type: ignore[attr-defined]
    workdir = tmp_path / f"work{lines}"
    workdir.mkdir()
    run = CycloneDxSbom().execute(ScanContext(collect(root), workdir, 600))
    monkeypatch.undo()  # type: ignore[attr-defined]
    assert run.invocations[0].execution_successful
    assert run.properties["shiftleft"]["components"] == lines
    return calls


def test_sbom_work_grows_linearly_with_requirement_lines(tmp_path: Path, monkeypatch: object) -> None:
    """cyclonedx-python-lib found each dependency entry by scanning all of them (and did it
    again for every component on output): 64 million BomRef comparisons for 8,000 lines,
    4.5 minutes. Four times the lines must cost at most ~5 times the comparisons."""
    small = _bomref_comparisons(tmp_path, 500, monkeypatch)
    large = _bomref_comparisons(tmp_path, 2000, monkeypatch)
    assert large < 6 * max(small, 1), (small, large)
    assert large < 50 * 2000, large  # before: ~1,000 per line already at 2,000 lines


def test_diff_base_on_a_long_file_is_fast_and_exact(tmp_path: Path) -> None:
    """20,000 lines of few distinct lines (difflib without autojunk: >120 s), with a
    change every 500 lines: found exactly, in well under a second's work."""
    root = diff_repo(tmp_path / "repo", repeated_code(20_000), repeated_code(20_000, changed_every=500))
    start = time.monotonic()
    changed = baseline.changed_lines(root, "HEAD", ["big.py"])
    elapsed = time.monotonic() - start
    assert changed.files["big.py"] == frozenset(range(500, 20_001, 500))
    assert changed.approximated == ()
    assert elapsed < 20


def test_diff_base_too_different_to_compare_counts_as_changed(tmp_path: Path) -> None:
    """Past the comparison budget the lines are new (their findings gate), and the file is
    listed in the baseline summary: never presumed old."""
    old = "".join(f"a{i % 300}\n" for i in range(20_000))
    new = "".join(f"a{(i * 7) % 300}\n" for i in range(20_000))
    root = diff_repo(tmp_path / "repo", old, new)
    start = time.monotonic()
    changed = baseline.changed_lines(root, "HEAD", ["big.py"])
    assert time.monotonic() - start < 20
    assert changed.approximated == ("big.py",)
    assert len(changed.files["big.py"]) > 19_000
    sarif = {"runs": [{"results": [_result("big.py", 10)]}]}
    summary = baseline.set_baseline_state(sarif, None, changed, sources=("diff-base",))
    assert summary.new == 1 and sarif["properties"]["shiftleft"]["baseline"]["treatedAsChanged"] == ["big.py"]


def _result(path: str, line: int) -> dict[str, object]:
    return {
        "ruleId": "R",
        "message": {"text": "m"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}, "region": {"startLine": line}}}],
    }


_lines = st.lists(st.sampled_from(["a", "b", "c", "", "x = 1", "pass"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(old=_lines, new=_lines)
def test_lines_called_unchanged_really_are_in_the_base_in_order(old: list[str], new: list[str]) -> None:
    """The safety property of the mapping: the lines of the new file not reported as
    changed, in order, are a subsequence of the old file (a finding is never called old
    on a line that was not there)."""
    text_old, text_new = ("".join(f"{x}\n" for x in lines).encode() for lines in (old, new))
    changed, _rough = baseline._added_lines(text_old, text_new)
    kept = iter(old)
    for number, line in enumerate(new, 1):
        if number not in changed:
            assert any(line == candidate for candidate in kept), (old, new, changed)
    assert all(1 <= n <= len(new) for n in changed)


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(old=_lines, new=_lines)
def test_the_myers_fallback_keeps_exactly_a_longest_common_subsequence(old: list[str], new: list[str]) -> None:
    """The stretch of look-alike lines with no anchor goes to Myers' diff: what it calls
    unchanged is in the base in order, and it is as much as can be (a shortest script)."""
    inserted = baseline._myers(old, new, baseline._Diff(budget=10**9))
    assert inserted is not None
    kept = [line for j, line in enumerate(new) if j not in inserted]
    rest = iter(old)
    assert all(any(line == c for c in rest) for line in kept)
    assert len(kept) == _lcs(old, new)


def test_diff_base_never_reads_a_huge_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the size bound a changed file counts as changed whole (listed), an unchanged
    one as unchanged: decided from sizes and a streamed hash."""
    monkeypatch.setattr(baseline, "MAX_DIFF_FILE_BYTES", 1000)
    root = diff_repo(tmp_path / "repo", "x = 1\n" * 500, "x = 1\n" * 499 + "eval(input())\n")
    (root / "same.py").write_text("y = 2\n" * 500)
    from .builders import git

    git(root, "add", "same.py")
    git(root, "commit", "-q", "-m", "same")
    changed = baseline.changed_lines(root, "HEAD", ["big.py", "same.py"])
    assert changed.files == {"big.py": baseline.ALL_LINES} and changed.approximated == ("big.py",)
