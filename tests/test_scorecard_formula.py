"""The honest score (docs/scorecard.md): categories weighted by what was found and what was
assessed; a category with nothing to judge does not lift the score; items not assessed cap
it and show as coverage; every input is in ``Scorecard.inputs`` and recomputes the score."""

from __future__ import annotations

from dataclasses import replace

from shiftleft.model import ItemCoverage, Scorecard
from shiftleft.scorecard import WEIGHT_UNIT, compute, grade_for
from tests.helpers import finding, status

CODE = [status("semgrep"), status("bandit"), status("betterleaks", category="secrets")]
CLEAN_EXTRAS = [
    status("cyclonedx", stage="build", category="sbom"),
    status("checkov", stage="deploy", category="iac"),
    status("osv", stage="build", category="sca"),
]


def _django_like() -> list:  # type: ignore[type-arg]
    return [
        *(finding("high", line=i, rule_id=f"S{i}") for i in range(41)),
        *(finding("high", category="secrets", line=i, rule_id=f"K{i}") for i in range(48)),
    ]


def _recompute(card: Scorecard) -> float:
    """The overall score from the inputs alone, as docs/scorecard.md writes it."""
    scored = [i for i in card.inputs if i.raw_score is not None]
    weight = sum(i.weight for i in scored)
    mean = (sum(i.weight * (i.raw_score or 0) for i in scored) / weight if weight
            else sum(i.raw_score or 0 for i in scored) / len(scored))  # fmt: skip
    coverage = sum(i.coverage for i in card.inputs) / len(card.inputs)
    return round(mean * coverage, 1)


def test_many_highs_and_clean_empty_categories_do_not_get_a_lifted_grade() -> None:
    findings = _django_like()
    alone = compute(findings, CODE)
    with_clean = compute(findings, [*CODE, *CLEAN_EXTRAS])
    assert alone.overall.grade == with_clean.overall.grade == "F"
    # the old mean of categories would have given (0 + 0 + 100 + 100 + 100) / 5 = 60, a D
    assert with_clean.overall.score is not None and with_clean.overall.score < 10
    inputs = {(i.stage, i.category): i for i in with_clean.inputs}
    assert inputs[("build", "sbom")].weight == 0.0  # an inventory judges nothing: no weight
    assert inputs[("code", "sast")].weight == 1 + 410 / WEIGHT_UNIT
    assert inputs[("deploy", "iac")].weight == 1.0
    assert _recompute(with_clean) == with_clean.overall.score


def test_a_clean_scan_is_still_100_and_an_only_inventory_scan_is_not_na() -> None:
    assert compute([], [*CODE, *CLEAN_EXTRAS]).overall.score == 100.0
    only_sbom = compute([], [status("cyclonedx", stage="build", category="sbom")])
    assert (only_sbom.overall.score, only_sbom.overall.grade) == (100.0, "A")  # plain mean: every weight 0


def test_packages_never_checked_cap_the_grade_and_show_as_coverage() -> None:
    statuses = [replace(status("osv", stage="build", category="sca"), not_assessed=2159)]
    items = [ItemCoverage("osv", "build", checked=41, not_assessed=2159)]
    card = compute([], statuses, items)
    sca = {a.name: a for a in card.categories}["sca"]
    assert sca.state == "partial"
    assert sca.coverage == round(41 / 2200, 3) and (sca.items_checked, sca.items_total) == (41, 2200)
    assert sca.score is not None and sca.score < 2 and sca.grade == "F"  # never "A / 100, coverage 100%"
    (only,) = card.inputs
    assert (only.items_checked, only.items_total, only.raw_score) == (41, 2200, 100.0)
    # a manifest that could not be read counts as one item more, never as none
    unread = compute([], statuses, [ItemCoverage("osv", "build", 41, 2159, (("package-lock.json", "bad"),))])
    assert unread.inputs[0].items_total == 2201


def test_items_all_checked_is_full_coverage() -> None:
    statuses = [status("osv", stage="build", category="sca")]
    card = compute([finding("medium", stage="build", category="sca")], statuses,
                   [ItemCoverage("osv", "build", 12, 0)])  # fmt: skip
    assert (card.overall.coverage, card.overall.score) == (1.0, 97.0)


def test_findings_weigh_more_than_a_clean_category() -> None:
    """One critical in sast and a clean secrets category: the score sits near the sast score."""
    statuses = [status("semgrep"), status("betterleaks", category="secrets")]
    card = compute([finding("critical")], statuses)
    # weights 2 (1 + 25/25) and 1: (75 x 2 + 100) / 3
    assert card.overall.score == round((75 * 2 + 100) / 3, 1)
    assert grade_for(card.overall.score) == card.overall.grade == "B"  # 83.3; the plain mean gave 87.5


def test_a_scanner_that_did_not_run_still_lowers_the_score() -> None:
    card = compute([], [status("semgrep"), status("bandit", "timeout")])
    assert card.overall.score == 50.0 and card.inputs[0].coverage == 0.5
    none = compute([], [status("semgrep", "missing")])
    assert none.overall.score is None and none.overall.grade == "N/A"
