"""sarif/regions.py and its use in normalization: no contextRegion a validator rejects
(SARIF1008: a context must be a proper superset of its region)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from shiftleft.sarif import regions
from shiftleft.sarif.normalize import RunInfo, normalize_run
from tests.helpers import FakeScanner, make_run, target_for

_LINE = st.integers(min_value=-2, max_value=12)
_OPT = st.one_of(st.none(), _LINE)


def _region(draw: Any) -> dict[str, Any]:
    keys = ("startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength")
    values = [draw(_OPT) for _ in keys]
    return {k: v for k, v in zip(keys, values, strict=True) if v is not None}


regions_st = st.composite(lambda draw: _region(draw))()


def _cells(region: dict[str, Any]) -> set[tuple[int, int]] | None:
    """The (line, column) cells a line/column region covers, columns capped at 20 ("to the
    end of the line"): a brute-force model of containment."""
    start = region.get("startLine")
    if not isinstance(start, int) or start < 1:
        return None
    end = max(region.get("endLine", start), start)
    first, last = region.get("startColumn", 1), region.get("endColumn", 21)
    out = set()
    for line in range(start, end + 1):
        lo = first if line == start else 1
        hi = last if line == end else 21
        out.update((line, col) for col in range(lo, hi + 1))
    return out


@given(regions_st, regions_st)
def test_a_kept_context_is_a_proper_superset_of_its_region(context: dict[str, Any], region: dict[str, Any]) -> None:
    physical = {"region": region, "contextRegion": context}
    dropped = regions.repair_physical(physical)
    assert dropped == ("contextRegion" not in physical)
    if dropped:
        return
    outer, inner = _cells(context), _cells(region)
    sane = all(d.get(k, 1) >= 1 for d in (context, region) for k in ("startColumn", "endColumn"))
    if outer is not None and inner is not None and sane and inner:
        assert inner < outer  # every cell of the region, and more
    if all(isinstance(d.get("charOffset"), int) and d["charOffset"] >= 0 for d in (context, region)):
        c0, c1 = context["charOffset"], context["charOffset"] + max(0, context.get("charLength", 0))
        r0, r1 = region["charOffset"], region["charOffset"] + max(0, region.get("charLength", 0))
        assert c0 <= r0 and r1 <= c1 and (c0, c1) != (r0, r1)


@given(regions_st)
def test_a_context_equal_to_its_region_or_without_one_is_dropped(region: dict[str, Any]) -> None:
    same = {"region": dict(region), "contextRegion": dict(region)}
    if any(isinstance(region.get(k), int) and region[k] >= (1 if k == "startLine" else 0)
           for k in ("startLine", "charOffset")):  # fmt: skip
        assert regions.repair_physical(same)
    alone = {"contextRegion": dict(region)}
    assert regions.repair_physical(alone) and "contextRegion" not in alone


def test_known_shapes() -> None:
    assert regions.is_proper_superset({"startLine": 3, "endLine": 7}, {"startLine": 5})
    assert not regions.is_proper_superset({"startLine": 6, "endLine": 7}, {"startLine": 5})  # bandit's
    assert not regions.is_proper_superset({"startLine": 5}, {"startLine": 5})
    assert regions.is_proper_superset({"startLine": 5}, {"startLine": 5, "startColumn": 3, "endColumn": 9})
    assert not regions.is_proper_superset({"startLine": 5, "endColumn": 4}, {"startLine": 5, "endColumn": 9})


def test_normalization_drops_a_bad_context_and_keeps_a_good_one(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("\n".join(f"x{i} = {i}" for i in range(20)) + "\n")

    def located(context: dict[str, Any]) -> dict[str, Any]:
        return {"ruleId": "R1", "message": {"text": "m"}, "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "a.py"}, "region": {"startLine": 5, "endLine": 5},
            "contextRegion": context}}]}  # fmt: skip

    run = make_run([located({"startLine": 6, "endLine": 8}), located({"startLine": 3, "endLine": 7})])
    info = RunInfo("fake", "code", "sast", "ok", None, 0.1, "1.0")
    out = normalize_run(run, FakeScanner(), info, target_for(tmp_path))
    first, second = (r.locations[0].physical_location for r in out.results)
    assert first.context_region is None
    assert second.context_region is not None and second.context_region.start_line == 3


def test_repair_log_counts_every_location_kind() -> None:
    bad = {"physicalLocation": {"region": {"startLine": 5}, "contextRegion": {"startLine": 5}}}
    log = {"runs": [{"results": [{"locations": [bad], "relatedLocations": [bad],
                                  "codeFlows": [{"threadFlows": [{"locations": [{"location": bad}]}]}]}]}]}  # fmt: skip
    assert regions.repair_log(log) == 1  # the same object three times: dropped once
    assert "contextRegion" not in bad["physicalLocation"]
