"""The scoring model. Written down in docs/scorecard.md and reproducible from scorecard.json
(``Scorecard.inputs`` holds every input below).

For each (stage, category) with at least one applicable scanner (a *pair*):
  * state: assessed when every applicable scanner ran and judged everything; partial when
    some did, or when a scanner ran but could not judge some items; not assessed when none
    ran (no score: never "clean");
  * raw = max(0, 100 - penalty), penalty = sum of the weights of its unsuppressed findings
    (critical 25, high 10, medium 3, low 1, info 0);
  * coverage = scanners ran / applicable x items checked / items given (items: the packages
    the dependency and image scanners were given; 1 for categories that judge no items);
  * weight = coverage x (1 + penalty / 25): what was found and what was assessed; 0 for a
    pair with nothing to judge (an inventory such as the SBOM, or no packages at all).
An area (a stage, a category, the whole scan) over its pairs:
  score = round(weighted mean of its scored pairs' raw scores x coverage, 1), coverage =
  mean of its pairs' coverages (a pair no scanner ran counts 0). The plain mean is used when
  every weight is 0. So a clean category does not lift an area where problems were found, a
  scanner or items that were not assessed lower the score (it can never exceed 100 x the
  share assessed), and nothing assessed is "N/A". Grade: A >= 90, B >= 80, C >= 70, D >= 60,
  else F.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from shiftleft.model import Area, Finding, ItemCoverage, ScannerStatus, Scorecard, ScoreInput
from shiftleft.severity import SEVERITIES

WEIGHTS = {"critical": 25.0, "high": 10.0, "medium": 3.0, "low": 1.0, "info": 0.0}
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))
#: penalty points that make one unit of weight (one critical finding)
WEIGHT_UNIT = 25.0
#: categories that list and never judge (no finding can lower them): weight 0
INVENTORY_CATEGORIES = frozenset({"sbom"})

Pair = tuple[str, str]


def grade_for(score: float | None) -> str:
    if score is None:
        return "N/A"
    for threshold, letter in GRADES:
        if score >= threshold:
            return letter
    return "F"


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counter = Counter(f.severity for f in findings if not f.suppressed)
    return {s: counter.get(s, 0) for s in SEVERITIES}


def penalty(findings: Iterable[Finding]) -> float:
    return sum(WEIGHTS.get(f.severity, 0.0) for f in findings if not f.suppressed)


def category_score(findings: Iterable[Finding]) -> float:
    return max(0.0, 100.0 - penalty(findings))


def _state(ran: int, applicable: int) -> str:
    if applicable == 0:
        return "not-applicable"
    if ran == applicable:
        return "assessed"
    return "partial" if ran else "not-assessed"


def _pair_input(
    pair: Pair, findings: list[Finding], statuses: list[ScannerStatus], items: Sequence[ItemCoverage]
) -> ScoreInput:
    stage, category = pair
    applicable = [s for s in statuses if s.applicable]
    ran = [s for s in applicable if s.assessed]
    state = _state(len(ran), len(applicable))
    if state == "assessed" and any(s.not_assessed for s in ran):
        state = "partial"  # every scanner ran, but some items could not be judged
    names = {s.name for s in ran}
    counted = [i for i in items if i.stage == stage and i.scanner in names]
    checked = total = None
    if counted:
        checked = sum(i.checked for i in counted)
        # a whole file that could not be read counts as one item not assessed: never more
        total = checked + sum(i.not_assessed + len(i.files) for i in counted)
    share = (checked / total if total else 0.0) if total is not None and checked is not None else 1.0
    coverage = round(len(ran) / len(applicable) * share, 4) if applicable else 0.0
    points = penalty(findings)
    raw = max(0.0, 100.0 - points) if ran else None
    nothing_to_judge = category in INVENTORY_CATEGORIES or (total == 0 and not findings)
    weight = 0.0 if nothing_to_judge or raw is None else round(coverage * (1.0 + points / WEIGHT_UNIT), 4)
    return ScoreInput(stage, category, state, raw, points, len(ran), len(applicable), checked, total, coverage, weight)


def _area_state(statuses: list[ScannerStatus], inputs: list[ScoreInput]) -> str:
    applicable = [s for s in statuses if s.applicable]
    state = _state(sum(1 for s in applicable if s.assessed), len(applicable))
    if state == "assessed" and any(i.state == "partial" for i in inputs):
        state = "partial"
    return state


def _area(name: str, findings: list[Finding], statuses: list[ScannerStatus], inputs: list[ScoreInput]) -> Area:
    applicable = [s for s in statuses if s.applicable]
    ran = [s for s in applicable if s.assessed]
    coverage = sum(i.coverage for i in inputs) / len(inputs) if inputs else 0.0
    scored = [i for i in inputs if i.raw_score is not None]
    score = None
    if scored:
        total_weight = sum(i.weight for i in scored)
        if total_weight > 0:
            mean = sum(i.weight * (i.raw_score or 0.0) for i in scored) / total_weight
        else:
            mean = sum(i.raw_score or 0.0 for i in scored) / len(scored)
        score = round(mean * coverage, 1)
    with_items = [i for i in inputs if i.items_total is not None]
    return Area(
        name, _area_state(statuses, inputs), score, grade_for(score), round(coverage, 3),
        tuple(sorted({s.name for s in ran})), tuple(sorted({s.name for s in applicable if not s.assessed})),
        _counts(findings), round(sum(i.weight for i in inputs), 4),
        sum(i.items_checked or 0 for i in with_items) if with_items else None,
        sum(i.items_total or 0 for i in with_items) if with_items else None,
    )  # fmt: skip


def compute(
    findings: Sequence[Finding], statuses: Sequence[ScannerStatus], items: Sequence[ItemCoverage] = ()
) -> Scorecard:
    """The scorecard of a scan. ``items``: the item counts of the runs that judge packages
    one by one (``policy.gate.item_coverage``); without them, item coverage is not known and
    counts as whole (a partial state still shows where items were not assessed)."""
    pairs = sorted({(s.stage, s.category) for s in statuses if s.applicable})
    by_pair: dict[Pair, list[Finding]] = {}
    for f in findings:
        by_pair.setdefault((f.stage, f.category), []).append(f)
    inputs = [
        _pair_input(p, by_pair.get(p, []), [s for s in statuses if (s.stage, s.category) == p], items) for p in pairs
    ]
    stage_areas = []
    for stage in dict.fromkeys(s.stage for s in statuses):
        st = [s for s in statuses if s.stage == stage]
        mine = [i for i in inputs if i.stage == stage]
        stage_areas.append(_area(stage, [f for f in findings if f.stage == stage], st, mine))
    cat_areas = []
    for category in sorted({s.category for s in statuses}):
        st = [s for s in statuses if s.category == category]
        mine = [i for i in inputs if i.category == category]
        cat_areas.append(_area(category, [f for f in findings if f.category == category], st, mine))
    overall = _area("overall", list(findings), list(statuses), inputs)
    return Scorecard(overall, tuple(stage_areas), tuple(cat_areas), tuple(inputs))
