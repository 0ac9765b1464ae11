"""The consumer-native formats (GitLab security reports, Code Quality, SonarQube) of a
forged log read back: no planted secret, nor an 8-character part of one, in any of them.
The report assembly redacts; these writers copy no snippet, code extract or raw property."""

from __future__ import annotations

import json
from pathlib import Path

from shiftleft.report import FORMATS, write_reports
from shiftleft.report.model import assemble_report
from tests.hostile.redact.builders import forged_log, parts

NATIVE = ("gitlab-sast", "gitlab-secrets", "gitlab-dependencies", "gitlab-container", "gitlab-codequality", "sonarqube")


def test_no_planted_secret_reaches_a_native_format(tmp_path: Path) -> None:
    log, secrets = forged_log(tmp_path / "forged.sarif")
    report = assemble_report(json.loads(log.read_text("utf-8"))).report
    written = write_reports(report, NATIVE, tmp_path / "out")
    assert [p.name for p in written] == [FORMATS[name][0] for name in NATIVE]
    text = "\n".join(p.read_text("utf-8") for p in written)
    for secret in secrets:
        found = [p for p in parts(secret) if p in text]
        assert not found, f"a part of a planted secret was written: {found[:3]}"
    assert "query built with key" in text  # the planted result is there, redacted
