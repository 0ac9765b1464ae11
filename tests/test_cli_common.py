"""One reading of option values for every command (``cli_choices``; ``cli_common`` wraps it
with the one-line error): comma lists, any case, a close-match hint, severity thresholds."""

from __future__ import annotations

import pytest

from shiftleft import cli_choices, severity
from shiftleft.cli_choices import OptionValueError, choose, split, threshold
from shiftleft.errors import EXIT_USAGE

FORMATS = ("sarif", "json", "html")


def test_split_takes_commas_and_repeats_once_each() -> None:
    assert split(["sarif,json", " html ", "sarif", ",,"]) == ["sarif", "json", "html"]
    assert split("a, b") == ["a", "b"] and split(None) == [] and split([]) == []


def test_choose_is_case_insensitive_and_canonical() -> None:
    assert choose(["SARIF,Json", "json"], FORMATS, what="format", option="-f") == ["sarif", "json"]
    assert choose(None, FORMATS, what="format", option="-f") == []


def test_unknown_value_is_one_line_with_a_close_match() -> None:
    with pytest.raises(OptionValueError) as info:
        choose(["sarif,jsno"], FORMATS, what="format", option="-f/--format")
    message = info.value.message
    assert "\n" not in message and info.value.exit_code == EXIT_USAGE
    assert message == "-f/--format: unknown format 'jsno' (did you mean 'json'?); choose from: sarif, json, html"
    with pytest.raises(OptionValueError, match="no format given"):
        choose([" , "], FORMATS, what="format", option="-f")
    with pytest.raises(OptionValueError) as long_value:
        choose(["x" * 500], FORMATS, what="format", option="-f")
    assert len(long_value.value.message) < 200  # a pasted blob is not echoed whole


def test_threshold_any_case_and_upward_closed_lists() -> None:
    assert threshold("HIGH") == "high" and threshold("Critical") == "critical" and threshold(None) is None
    assert threshold("HIGH,CRITICAL") == "high"  # Trivy's --severity habit: exactly "high and above"
    assert threshold("critical,high,medium") == "medium"
    with pytest.raises(OptionValueError) as info:
        threshold("medium,critical")
    assert "leaves out high" in info.value.message and "give --fail-on medium" in info.value.message
    with pytest.raises(OptionValueError, match="did you mean 'high'"):
        threshold("hihg")


def test_the_light_severity_list_is_the_scale() -> None:
    assert cli_choices.SEVERITIES == severity.SEVERITIES
