"""The scoring model. Written down in docs/scorecard.md and reproducible from scorecard.json.

For each (stage, category) that has at least one applicable scanner:
  * assessed when every applicable scanner of it ran and judged everything; partial when
    some did, or when a scanner ran but could not judge some items (unpinned dependencies,
    packages without advisory data); not assessed when none ran (a not-assessed category
    has no score: it is never "clean");
  * score = max(0, 100 - sum of weights of its unsuppressed findings), weights
    critical 25, high 10, medium 3, low 1, info 0.
Stage score: mean of its scored categories. Coverage: ran / applicable scanners.
Overall score = round(mean of all scored categories x coverage): a scanner that did not
run lowers the score instead of hiding behind it. Grade: A >= 90, B >= 80, C >= 70,
D >= 60, else F; "N/A" when nothing could be assessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from shiftleft.model import Area, Finding, ScannerStatus, Scorecard
from shiftleft.severity import SEVERITIES

WEIGHTS = {"critical": 25.0, "high": 10.0, "medium": 3.0, "low": 1.0, "info": 0.0}
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


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


def category_score(findings: Iterable[Finding]) -> float:
    penalty = sum(WEIGHTS.get(f.severity, 0.0) for f in findings if not f.suppressed)
    return max(0.0, 100.0 - penalty)


def _state(ran: int, applicable: int) -> str:
    if applicable == 0:
        return "not-applicable"
    if ran == applicable:
        return "assessed"
    return "partial" if ran else "not-assessed"


def _area(name: str, findings: list[Finding], statuses: list[ScannerStatus], scores: list[float]) -> Area:
    applicable = [s for s in statuses if s.applicable]
    ran = [s for s in applicable if s.assessed]
    coverage = len(ran) / len(applicable) if applicable else 0.0
    state = _state(len(ran), len(applicable))
    if state == "assessed" and any(s.not_assessed for s in ran):
        state = "partial"  # every scanner ran, but some items could not be judged
    score = round(sum(scores) / len(scores) * coverage, 1) if scores else None
    return Area(
        name, state, score, grade_for(score), round(coverage, 3),
        tuple(sorted({s.name for s in ran})), tuple(sorted({s.name for s in applicable if not s.assessed})),
        _counts(findings),
    )  # fmt: skip


def compute(findings: Sequence[Finding], statuses: Sequence[ScannerStatus]) -> Scorecard:
    pairs = sorted({(s.stage, s.category) for s in statuses if s.applicable})
    pair_scores: dict[tuple[str, str], float] = {}
    for stage, category in pairs:
        group = [s for s in statuses if s.stage == stage and s.category == category and s.applicable]
        if any(s.assessed for s in group):
            pair_scores[(stage, category)] = category_score(
                f for f in findings if f.stage == stage and f.category == category
            )
    stage_areas = []
    for stage in dict.fromkeys(s.stage for s in statuses):
        st = [s for s in statuses if s.stage == stage]
        scores = [v for (sg, _), v in pair_scores.items() if sg == stage]
        stage_areas.append(_area(stage, [f for f in findings if f.stage == stage], st, scores))
    cat_areas = []
    for category in sorted({s.category for s in statuses}):
        st = [s for s in statuses if s.category == category]
        scores = [v for (_, c), v in pair_scores.items() if c == category]
        cat_areas.append(_area(category, [f for f in findings if f.category == category], st, scores))
    overall = _area("overall", list(findings), list(statuses), list(pair_scores.values()))
    return Scorecard(overall, tuple(stage_areas), tuple(cat_areas))
