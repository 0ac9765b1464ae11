"""scorecard.json's contract (shiftleft.report.scorecard_json): one casing, the writer and
the reader agree, version 1 files still read."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftleft.model import (
    Area,
    ControlResult,
    Finding,
    FrameworkResult,
    GateResult,
    GateRule,
    HistorySummary,
    Report,
    ScannerStatus,
    Scorecard,
)
from shiftleft.report import scorecard_json
from shiftleft.report.model import ReportInputError
from shiftleft.report.rebuild import load_report
from shiftleft.severity import SEVERITIES
from tests.report.conftest import full_report

V1_SAMPLE = Path(__file__).parent / "data" / "scorecard-v1.json"
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
#: objects whose keys are data (severities, buckets, ecosystems, waiver ids), not field names
DATA_MAPS = {"counts", "weights", "mttrDays", "openByAge", "ecosystems", "waiversApplied"}


def _keys(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield where, key
            if key not in DATA_MAPS:
                yield from _keys(item, f"{where}/{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, where)


def test_every_key_is_camel_case(tmp_path: Path) -> None:
    data = json.loads(scorecard_json.write(full_report(), tmp_path / "scorecard.json").read_text("utf-8"))
    wrong = sorted({f"{where}/{key}" for where, key in _keys(data) if not CAMEL.match(key)})
    assert wrong == []
    assert data["schemaVersion"] == 2
    assert {"ruleId", "ruleName"} <= set(data["findings"][0]) and "controlId" in data["frameworks"][0]["controls"][0]


def test_the_v1_sample_uses_the_old_names() -> None:
    """The committed sample is what shiftleft wrote before version 2 (so the test below
    reads a real v1 file, not one written by today's code)."""
    data = json.loads(V1_SAMPLE.read_text("utf-8"))
    assert data["schemaVersion"] == 1 and "rule_id" in data["findings"][0]
    assert "control_id" in data["frameworks"][0]["controls"][0] and "mttr_days" in data["history"]


def test_version_1_reads_as_the_same_report() -> None:
    old = scorecard_json.from_json(json.loads(V1_SAMPLE.read_text("utf-8")))
    new = scorecard_json.from_json(scorecard_json.to_json(full_report()))
    # a scorecard holds the gate as it was decided when written: the sample's coverage rule
    # predates the rule's stricter reading of failed dependency scanners, every field maps
    assert [r.id for r in old.gate.rules] == [r.id for r in new.gate.rules]
    # the sample was written from a log no policy had been applied to: today a log is
    # assembled with the policies, whose summary the scan metadata carries as well
    policy_meta = {"policy", "compliance"}
    assert old.meta == {k: v for k, v in new.meta.items() if k not in policy_meta}
    # the score as it was computed when written (the formula changed since: docs/scorecard.md);
    # its areas map field for field
    assert [a.name for a in old.scorecard.categories] == [a.name for a in new.scorecard.categories]
    assert old.scorecard.overall.counts == new.scorecard.overall.counts and old.scorecard.inputs == ()
    # the sample lists its findings in the order of its day (severity, path, line); reports
    # are now in fix-first order (report.fix_first: secrets and fixable advisories first
    # within a severity): the same findings, another order
    assert sorted(old.findings, key=repr) == sorted(new.findings, key=repr)
    assert dataclasses.replace(old, gate=new.gate, meta=new.meta, scorecard=new.scorecard, findings=new.findings) == new
    assert old.history is not None and old.history.mttr_days and old.frameworks[0].controls[0].control_id


def test_version_1_through_report_from(tmp_path: Path) -> None:
    report, kind = load_report(V1_SAMPLE)
    assert kind == "scorecard" and report.findings and report.findings[0].rule_id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schemaVersion=3), "schemaVersion 3 is not one this shiftleft reads"),
        (lambda d: d.update(schemaVersion="2"), "is not one this shiftleft reads"),
        (lambda d: d["findings"][0].update(ruleId=7), "schema at findings/0/ruleId"),
        (lambda d: d["findings"][0].update(rule_id="x"), "schema at findings/0"),  # a v1 name in a v2 file
    ],
)
def test_bad_files_are_refused(change: Any, message: str) -> None:
    data = scorecard_json.to_json(full_report())
    change(data)
    with pytest.raises(ReportInputError, match=message):
        scorecard_json.from_json(data)


def test_a_v2_name_in_a_v1_file_is_refused() -> None:
    data = json.loads(V1_SAMPLE.read_text("utf-8"))
    data["findings"][0]["ruleId"] = data["findings"][0].pop("rule_id")
    with pytest.raises(ReportInputError, match="schema at findings/0"):
        scorecard_json.from_json(data)


# --- round trip over generated reports -------------------------------------------------------

text = st.text(max_size=12)
name = st.text(min_size=1, max_size=12)
names = st.lists(text, max_size=3).map(tuple)
count = st.integers(min_value=0, max_value=10**6)
severity = st.sampled_from(SEVERITIES)
fraction = st.floats(min_value=0, max_value=1, allow_nan=False)

findings = st.builds(
    Finding, tool=text, rule_id=text, rule_name=text, message=text, path=text, line=count, severity=severity,
    category=text, stage=text, fingerprint=text,
    cwe=st.lists(st.integers(1, 2000).map(lambda n: f"CWE-{n}"), max_size=2).map(tuple), owasp=names,
    help_uri=st.none() | text, suppressed=st.booleans(), suppression=st.none() | text,
    baseline_state=st.sampled_from([None, "new", "unchanged", "updated", "absent"]),
)  # fmt: skip
statuses = st.builds(
    ScannerStatus, name=name, stage=name, category=text,
    status=st.sampled_from(["ok", "failed", "missing", "timeout", "not-applicable", "disabled"]),
    required=st.booleans(), reason=st.none() | text, version=st.none() | text,
    seconds=st.floats(min_value=0, max_value=1e6, allow_nan=False), results=count, not_assessed=count,
)  # fmt: skip
rules = st.builds(GateRule, id=name, description=text, passed=st.booleans(), detail=text,
                  kind=st.sampled_from(["findings", "coverage"]))  # fmt: skip
areas = st.builds(
    Area, name=text, state=st.sampled_from(["assessed", "partial", "not-assessed", "not-applicable"]),
    score=st.none() | st.floats(min_value=0, max_value=100, allow_nan=False),
    grade=st.sampled_from(["A", "B", "C", "D", "F", "N/A"]), coverage=fraction, scanners_ran=names,
    scanners_not_run=names, counts=st.dictionaries(severity, count, max_size=3),
)  # fmt: skip
controls = st.builds(ControlResult, framework=text, control_id=name, title=text,
                     state=st.sampled_from(["pass", "fail", "not-assessed", "not-applicable"]), reason=text,
                     findings=names, scanners=names)  # fmt: skip
frameworks = st.builds(FrameworkResult, id=name, name=text, version=text,
                       controls=st.lists(controls, max_size=3).map(tuple))  # fmt: skip
histories = st.builds(
    HistorySummary, previous_scan=st.none() | text, new=count, fixed=count, still_open=count,
    trend=st.lists(st.tuples(text, count), max_size=3).map(tuple),
    mttr_days=st.dictionaries(severity, st.none() | st.floats(min_value=0, max_value=1e4, allow_nan=False)),
    open_by_age=st.dictionaries(text, count, max_size=3),
)  # fmt: skip
reports = st.builds(
    Report, sarif=st.just({}), findings=st.lists(findings, max_size=3).map(tuple),
    statuses=st.lists(statuses, max_size=3).map(tuple),
    gate=st.builds(GateResult, rules=st.lists(rules, max_size=3).map(tuple), policy=name),
    scorecard=st.builds(Scorecard, overall=areas, stages=st.lists(areas, max_size=2).map(tuple),
                        categories=st.lists(areas, max_size=2).map(tuple)),
    meta=st.fixed_dictionaries({"target": text, "stages": st.lists(name, max_size=3)}),
    frameworks=st.lists(frameworks, max_size=2).map(tuple), history=st.none() | histories,
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports)
def test_round_trip(report: Report) -> None:
    written = json.loads(json.dumps(scorecard_json.to_json(report)))
    assert scorecard_json.from_json(written) == report
    assert all(CAMEL.match(key) for _, key in _keys(written) if _ != "/scan")
