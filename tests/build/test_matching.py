"""OSV range evaluation: hand-picked cases and a property test against a brute-force oracle."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shiftleft.advisories.errors import UnknownVersionScheme
from shiftleft.advisories.matching import Status, evaluate, match_package
from shiftleft.advisories.model import parse_advisory


def adv(
    events: list[dict[str, str]], *, eco: str = "PyPI", name: str = "pkg", rtype: str = "ECOSYSTEM", **extra: object
):
    data = {
        "id": extra.pop("id", "TEST-1"),
        "modified": "2024-01-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": eco, "name": name}, "ranges": [{"type": rtype, "events": events}]}],
    }
    data.update(extra)
    return parse_advisory(data)


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.9", False), ("1.0", True), ("1.1.5", True), ("1.2", False), ("1.2.0", False), ("2.0", False)],
)
def test_introduced_fixed(version: str, expected: bool) -> None:
    a = adv([{"introduced": "1.0"}, {"fixed": "1.2"}])
    assert (evaluate(a, "PyPI", "pkg", version).status is Status.AFFECTED) is expected


def test_pep440_ordering_not_lexicographic() -> None:
    a = adv([{"introduced": "0"}, {"fixed": "1.10"}])
    assert evaluate(a, "PyPI", "pkg", "1.9").status is Status.AFFECTED  # "1.9" > "1.10" as strings
    assert evaluate(a, "PyPI", "pkg", "1.10rc1").status is Status.AFFECTED  # pre-release before final
    assert evaluate(a, "PyPI", "pkg", "1.10.post1").status is Status.NOT_AFFECTED


def test_last_affected_is_inclusive() -> None:
    a = adv([{"introduced": "0"}, {"last_affected": "2.0.0"}], eco="crates.io", rtype="SEMVER")
    assert evaluate(a, "crates.io", "pkg", "2.0.0").status is Status.AFFECTED
    assert evaluate(a, "crates.io", "pkg", "2.0.1").status is Status.NOT_AFFECTED


def test_limit_bounds_the_range() -> None:
    a = adv([{"introduced": "0"}, {"limit": "3.0"}])
    assert evaluate(a, "PyPI", "pkg", "2.9").status is Status.AFFECTED
    assert evaluate(a, "PyPI", "pkg", "3.0").status is Status.NOT_AFFECTED


def test_multiple_intervals_in_one_range() -> None:
    a = adv([{"introduced": "1.0"}, {"fixed": "1.5"}, {"introduced": "2.0"}, {"fixed": "2.3"}])
    got = {v: evaluate(a, "PyPI", "pkg", v).status for v in ("1.2", "1.7", "2.1", "2.3")}
    assert got == {
        "1.2": Status.AFFECTED,
        "1.7": Status.NOT_AFFECTED,
        "2.1": Status.AFFECTED,
        "2.3": Status.NOT_AFFECTED,
    }


def test_go_versions_with_and_without_v_prefix() -> None:
    a = adv([{"introduced": "0"}, {"fixed": "1.5.0"}], eco="Go", name="github.com/x/y", rtype="SEMVER")
    assert evaluate(a, "Go", "github.com/x/y", "v1.4.2").status is Status.AFFECTED
    assert evaluate(a, "Go", "github.com/x/y", "v1.5.0").status is Status.NOT_AFFECTED


def test_git_only_is_not_assessed_and_versions_list_wins() -> None:
    git = adv([{"introduced": "0"}, {"fixed": "deadbeef"}], rtype="GIT")
    verdict = evaluate(git, "PyPI", "pkg", "1.0")
    assert verdict.status is Status.NOT_ASSESSED
    assert "GIT" in verdict.reason
    listed = parse_advisory(
        {
            "id": "T",
            "modified": "2024-01-01T00:00:00Z",
            "affected": [
                {
                    "package": {"ecosystem": "PyPI", "name": "pkg"},
                    "ranges": [{"type": "GIT", "events": [{"introduced": "0"}]}],
                    "versions": ["1.0", "1.1"],
                }
            ],
        }
    )
    assert evaluate(listed, "PyPI", "pkg", "1.0.0").status is Status.AFFECTED  # PEP 440 equal to "1.0"
    assert evaluate(listed, "PyPI", "pkg", "1.2").status is Status.NOT_AFFECTED


def test_withdrawn_is_ignored() -> None:
    a = adv([{"introduced": "0"}], withdrawn="2024-02-01T00:00:00Z")
    assert evaluate(a, "PyPI", "pkg", "1.0").status is Status.NOT_AFFECTED


def test_pep503_names() -> None:
    a = adv([{"introduced": "0"}], name="Zope.Interface")
    assert evaluate(a, "PyPI", "zope-interface", "1.0").status is Status.AFFECTED
    assert evaluate(a, "PyPI", "ZOPE_interface", "1.0").status is Status.AFFECTED


def test_unknown_version_scheme_raises() -> None:
    with pytest.raises(UnknownVersionScheme):
        match_package([], "NoSuchEcosystem", "x", "1.0")
    with pytest.raises(UnknownVersionScheme):
        match_package([], "PyPI", "x", "not a version!")


def test_unparseable_event_is_not_assessed_not_clean() -> None:
    a = adv([{"introduced": "0"}, {"fixed": "1.0-final-%%"}])
    verdict = evaluate(a, "PyPI", "pkg", "0.5")
    assert verdict.status is Status.NOT_ASSESSED


def test_aliases_merge_into_one_match() -> None:
    a = adv([{"introduced": "0"}, {"fixed": "2.0"}], id="PYSEC-1", aliases=["CVE-1"])
    b = adv([{"introduced": "0"}, {"fixed": "2.1"}], id="GHSA-1", aliases=["CVE-1"])
    c = adv([{"introduced": "0"}], id="OTHER-9")
    report = match_package([b, a, c], "PyPI", "pkg", "1.0")
    assert [m.id for m in report.matches] == ["OTHER-9", "PYSEC-1"]
    merged = report.matches[1]
    assert merged.aliases == ("CVE-1", "GHSA-1")
    assert merged.fixed == ("2.0", "2.1")
    assert set(merged.sources) == {"PYSEC-1", "GHSA-1"}


# -- property: the event walk equals "inside one of the [introduced, fixed) intervals" --
@given(
    bounds=st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=10, unique=True).map(sorted),
    probe=st.integers(min_value=0, max_value=70),
    minor=st.sampled_from(["", ".0", ".3"]),
    shuffle=st.randoms(use_true_random=False),
)
def test_range_matches_interval_oracle(bounds: list[int], probe: int, minor: str, shuffle) -> None:
    if len(bounds) % 2:
        bounds = bounds[:-1]
    pairs = list(zip(bounds[::2], bounds[1::2], strict=True))
    events = [e for lo, hi in pairs for e in ({"introduced": f"{lo}{minor}"}, {"fixed": f"{hi}{minor}"})]
    shuffle.shuffle(events)  # OSV does not require events in order
    a = adv(events)
    expected = any(lo <= probe < hi for lo, hi in pairs)
    assert (evaluate(a, "PyPI", "pkg", f"{probe}{minor}").status is Status.AFFECTED) is expected


@given(
    lo=st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)),
    hi=st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)),
    probe=st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)),
    kind=st.sampled_from(["fixed", "last_affected"]),
)
def test_semver_range_oracle(
    lo: tuple[int, int, int], hi: tuple[int, int, int], probe: tuple[int, int, int], kind: str
) -> None:
    def s(t: tuple[int, int, int]) -> str:
        return ".".join(map(str, t))

    a = adv([{"introduced": s(lo)}, {kind: s(hi)}], eco="crates.io", rtype="SEMVER")
    if lo <= hi:
        inside = lo <= probe and (probe < hi if kind == "fixed" else probe <= hi)
    else:  # a fix below the introduction ends nothing: OSV walks events in version order
        inside = probe >= lo
    assert (evaluate(a, "crates.io", "pkg", s(probe)).status is Status.AFFECTED) is inside
