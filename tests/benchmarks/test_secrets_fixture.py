"""benchmarks/secrets: the labels match the fixture (every labelled line exists, 30+ kinds of
planted secret, look-alikes too), and the real Betterleaks (our config) finds every planted
credential file our rules are for, and none of the look-alikes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shiftleft.model import ScanContext
from shiftleft.scanners.betterleaks import Betterleaks, engine_python
from shiftleft.target import collect

FIXTURE = Path(__file__).resolve().parents[2] / "benchmarks" / "secrets" / "fixture"
CREDENTIAL_FILES = {
    "netrc", "git-credentials", "pgpass", "htpasswd", "wp-config-db-password", "wp-config-auth-key",
    "rails-master-key", "jenkins-credentials", "docker-config-auth", "npmrc-auth-token", "pypirc-password",
}  # fmt: skip


def _rows() -> list[dict[str, str]]:
    with (FIXTURE.parent / "expected.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_labels_point_at_lines_of_the_fixture() -> None:
    rows = _rows()
    kinds = {r["kind"] for r in rows if r["secret"] == "yes"}
    assert len(kinds) >= 30 and CREDENTIAL_FILES <= kinds
    assert sum(r["secret"] == "no" for r in rows) >= 15
    for row in rows:
        lines = (FIXTURE / row["file"]).read_text("utf-8").splitlines()
        assert 1 <= int(row["line"]) <= len(lines) and lines[int(row["line"]) - 1].strip(), row


def test_real_engine_finds_the_credential_files_and_no_look_alike(tmp_path: Path) -> None:
    if engine_python() is None:
        pytest.skip("betterleaks is not installed (shiftleft tools install betterleaks)")
    target = collect(FIXTURE, use_default_excludes=False)
    run = Betterleaks().execute(ScanContext(target, tmp_path, 300))
    assert run.invocations[0].execution_successful is True
    places = [r.locations[0].physical_location for r in run.results]
    found = {(p.artifact_location.uri, p.region.start_line) for p in places}
    by_kind = {r["kind"]: (r["file"], int(r["line"])) for r in _rows() if r["secret"] == "yes"}
    assert {k for k in CREDENTIAL_FILES if by_kind[k] in found} == CREDENTIAL_FILES
    lookalikes = {(r["file"], int(r["line"])) for r in _rows() if r["secret"] == "no"}
    assert not found & lookalikes
    assert len(found & set(by_kind.values())) >= 30
