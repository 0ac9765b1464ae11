"""Resource attacks on redaction, scaled down: many results, one huge line, many secrets,
more distinct lines than the detector budget. Work is counted (detector calls per distinct
line), time is bounded generously, and a secret is never the price of a bound."""

from __future__ import annotations

import time

import pytest
import sarif_om

from shiftleft.sarif import build, om
from shiftleft.sarif import redact as redact_module
from shiftleft.sarif.redact import WITHHELD, Redactor, redact_log
from tests.hostile.redact.builders import aws_key_id, github_token, parts


def log_of(snippets: list[str], messages: list[str]) -> sarif_om.SarifLog:
    results = []
    for i, (snippet, message) in enumerate(zip(snippets, messages, strict=True)):
        loc = build.location(f"src/module_{i % 50}/file_{i}.py", i + 1)
        loc.physical_location.region.snippet = sarif_om.ArtifactContent(text=snippet)
        results.append(build.result("R1", message, [loc], properties={"category": "sast"}))
    run = build.run("tool", version="1", rules=[build.rule("R1", short="rule")], results=results)
    return sarif_om.SarifLog(version="2.1.0", runs=[run])


def text_of(log: sarif_om.SarifLog) -> str:
    import json

    return json.dumps(om.log_to_dict(log))


def test_many_results_cost_one_detector_call_per_distinct_line() -> None:
    """5,000 results whose snippets repeat 100 distinct lines: the detectors see each
    distinct line once (the 300,000-result log costs its distinct text, not its size)."""
    key = aws_key_id()
    lines = [f"    value_{i} = compute(alpha, beta_{i})" for i in range(99)] + [f"    creds = load('{key}')"]
    snippets = [lines[i % 100] for i in range(5000)]
    messages = [f"Issue in handler {i % 250}" for i in range(5000)]
    log = log_of(snippets, messages)
    start = time.monotonic()
    redactor = redact_log(log, [])
    assert time.monotonic() - start < 60  # a few seconds here; generous for a loaded machine
    assert redactor.detected_lines <= 100 + 250 + 5000 + 20  # distinct lines: snippets, messages, paths
    out = text_of(log)
    assert not any(p in out for p in parts(key))
    assert out.count("beta_7)") == 50  # non-secret snippets untouched


def test_one_huge_line_is_scanned_in_bounded_windows() -> None:
    """A 1 MB single-line snippet with a token at its very end."""
    token = github_token()
    huge = ("lorem ipsum dolor sit amet " * 40_000) + token
    log = log_of([huge], ["long line"])
    start = time.monotonic()
    redact_log(log, [])
    assert time.monotonic() - start < 60
    out = text_of(log)
    assert not any(p in out for p in parts(token))
    assert "lorem ipsum dolor sit amet lorem" in out


def test_thousands_of_secrets_replace_in_linear_time() -> None:
    """5,000 known values and 5,000 strings: one trie-shaped regex, not 25 million scans."""
    values = [github_token() for _ in range(5000)]
    redactor = Redactor(values=values, detect=False)
    texts = [f"line {i}: {values[i]} and more text" for i in range(5000)]
    start = time.monotonic()
    out = [redactor.text(t) for t in texts]
    assert time.monotonic() - start < 60
    assert all(values[i] not in out[i] and out[i].endswith(" and more text") for i in range(5000))


def test_past_the_detector_budget_snippets_are_withheld_not_leaked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact_module, "MAX_DETECTED_LINES", 20)
    key = aws_key_id()
    snippets = [f"x_{i} = call_{i}()" for i in range(40)] + [f"KEY = '{key}'"]
    log = log_of(snippets, ["m"] * 41)
    redactor = redact_log(log, [])
    assert redactor.unchecked_lines > 0
    out = text_of(log)
    assert not any(p in out for p in parts(key))
    assert WITHHELD in out  # fail closed, visibly
    assert "x_0 = call_0()" in out  # what was checked is kept
