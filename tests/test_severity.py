"""severity.py: the shipped maps and the score bands."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from shiftleft import severity as sev
from shiftleft.resources import policies_dir

MAP_FILES = sorted((policies_dir() / "severity").glob("*.yaml"))


def test_there_are_shipped_maps() -> None:
    assert {p.stem for p in MAP_FILES} >= {"bandit", "semgrep", "detect-secrets", "checkov"}


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_every_shipped_map_loads_and_uses_only_the_five_severities(path: Path) -> None:
    loaded = sev.load_map(path)
    raw = yaml.safe_load(path.read_text("utf-8"))
    assert loaded.tool == raw["tool"] == path.stem
    used = {loaded.default, *loaded.words.values(), *loaded.rules.values()}
    assert used <= set(sev.SEVERITIES)
    assert set(raw) <= {"tool", "default", "map", "rules"}
    assert len(loaded.words) == len(raw.get("map") or {})
    assert len(loaded.rules) == len(raw.get("rules") or {})


def test_maps_are_indexed_by_tool() -> None:
    maps = sev.maps()
    assert set(maps) == {p.stem for p in MAP_FILES}
    assert sev.map_for("bandit").words["HIGH"] == "high"
    assert sev.map_for("no-such-tool") == sev.SeverityMap("no-such-tool")


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (10.0, "critical"),
        (9.0, "critical"),
        (8.9, "high"),
        (7.0, "high"),
        (6.99, "medium"),
        (4.0, "medium"),
        (3.9, "low"),
        (0.1, "low"),
        (0.0, "info"),
    ],
)
def test_from_score_bands(score: float, expected: str) -> None:
    assert sev.from_score(score) == expected


def test_score_for_each_word_lands_in_its_own_band() -> None:
    for name, score in sev.SCORE_FOR.items():
        assert sev.from_score(score) == name


@given(st.floats(min_value=0.0, max_value=10.0))
def test_from_score_is_monotonic(score: float) -> None:
    higher = min(10.0, score + 0.5)
    assert sev.RANK[sev.from_score(higher)] >= sev.RANK[sev.from_score(score)]


def test_at_least() -> None:
    assert sev.at_least("critical", "high")
    assert sev.at_least("high", "high")
    assert not sev.at_least("medium", "high")
    assert not sev.at_least("bogus", "low")
    assert sev.at_least("info", "info")


def test_for_word_is_case_tolerant() -> None:
    smap = sev.SeverityMap("t", words={"HIGH": "high", "note": "low"})
    assert smap.for_word("high") == "high"
    assert smap.for_word("High") == "high"
    assert smap.for_word("unknown") is None
    assert smap.for_word("NOTE") == "low"
    assert smap.for_word(None) is None


@pytest.mark.parametrize(
    "body",
    [
        "tool: x\nmap:\n  HIGH: severe\n",
        "tool: x\ndefault: urgent\n",
        "tool: x\nrules:\n  R1: CRITICAL\n",
        "map:\n  HIGH: high\n",
        "- just\n- a list\n",
    ],
    ids=["bad-word", "bad-default", "bad-rule-case", "no-tool", "not-a-mapping"],
)
def test_bad_map_raises(tmp_path: Path, body: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(body)
    with pytest.raises(sev.SeverityMapError) as err:
        sev.load_map(path)
    assert str(path) in str(err.value)


def test_bad_map_in_directory_is_not_silently_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("tool: good\nmap: {ERROR: high}\n")
    (tmp_path / "bad.yaml").write_text("tool: bad\nmap: {ERROR: hgih}\n")
    with pytest.raises(sev.SeverityMapError, match=r"map\.ERROR"):
        sev.maps(tmp_path)
