"""GitLab security reports: valid against GitLab's published schemas (15.2.1, stored in
tests/fixtures/gitlab-schemas/), each finding in the right report once, a failed or absent
scanner never a "success", no secret value, hostile text inert."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from shiftleft.model import Report
from shiftleft.report import FORMATS, gitlab_report, write_reports
from shiftleft.report.gitlab_report import Kind
from tests.helpers import report_of, status
from tests.report.conftest import full_report
from tests.report.native_cases import ESCAPING_PATH, assert_safe, findings, load_schema, mixed_report

SCHEMA_NAMES = {
    Kind.SAST: "sast",
    Kind.SECRETS: "secret-detection",
    Kind.DEPENDENCIES: "dependency-scanning",
    Kind.CONTAINER: "container-scanning",
}
FORMAT_NAMES = {
    Kind.SAST: "gitlab-sast",
    Kind.SECRETS: "gitlab-secrets",
    Kind.DEPENDENCIES: "gitlab-dependencies",
    Kind.CONTAINER: "gitlab-container",
}


def validate(doc: dict[str, Any], kind: Kind) -> None:
    schema = load_schema(SCHEMA_NAMES[kind])
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]]


def by_rule(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["identifiers"][0]["value"]: v for v in doc["vulnerabilities"]}


@pytest.mark.parametrize("kind", list(Kind))
def test_every_report_is_valid_against_gitlabs_schema(kind: Kind, tmp_path: Path) -> None:
    for report in (mixed_report(), full_report()):
        path = FORMATS[FORMAT_NAMES[kind]][1](report, tmp_path / kind.file_name)
        text = path.read_text("utf-8")
        validate(json.loads(text), kind)
        assert_safe(text)


def test_each_finding_lands_in_one_report_and_the_waived_in_none() -> None:
    report = mixed_report()
    docs = {kind: gitlab_report.document(report, kind) for kind in Kind}
    counts = {kind: len(doc["vulnerabilities"]) for kind, doc in docs.items()}
    assert counts == {Kind.SAST: 8, Kind.SECRETS: 1, Kind.DEPENDENCIES: 1, Kind.CONTAINER: 1}
    assert sum(counts.values()) == len([f for f in report.findings if not f.suppressed]) == 11
    sast = by_rule(docs[Kind.SAST])
    # IaC (checkov, hadolint, zizmor) and image configuration go to SAST, as GitLab's IaC scanning does
    assert {"CKV_AWS_20", "DL3002", "zizmor/template-injection", "SL-IMG-001"} <= set(sast)
    assert "B105" not in sast  # waived
    waived = [m for m in docs[Kind.SAST]["scan"]["messages"] if m["level"] == "info"]
    assert any("1 waived or suppressed finding(s)" in m["value"] for m in waived)


def test_a_failed_scanner_makes_its_report_a_failure_with_the_reason() -> None:
    report = mixed_report()
    sast = gitlab_report.document(report, Kind.SAST)
    assert sast["scan"]["status"] == "failure"
    fatal = [m["value"] for m in sast["scan"]["messages"] if m["level"] == "fatal"]
    assert fatal == [
        "NOT ASSESSED: bandit (code) failed: bandit exited 2: \\x1b[31mcrash\\x1b[0m; its checks were not made"
    ]
    # the other reports' scanners all ran
    for kind in (Kind.SECRETS, Kind.DEPENDENCIES, Kind.CONTAINER):
        assert gitlab_report.document(report, kind)["scan"]["status"] == "success"


@pytest.mark.parametrize("state", ["failed", "missing", "timeout"])
def test_no_not_assessed_state_is_ever_a_success(state: str) -> None:
    report = report_of([], [status("detect-secrets", state, category="secrets", reason="why")])
    doc = gitlab_report.document(report, Kind.SECRETS)
    validate(doc, Kind.SECRETS)
    assert doc["scan"]["status"] == "failure"
    assert doc["vulnerabilities"] == []


def test_a_report_no_scanner_covered_is_a_failure_not_an_empty_success() -> None:
    code_only = report_of(
        [], [status("semgrep"), status("osv", "disabled", stage="build", category="sca")], {"stages": ["code"]}
    )
    for kind in (Kind.DEPENDENCIES, Kind.CONTAINER):
        doc = gitlab_report.document(code_only, kind)
        validate(doc, kind)
        assert doc["scan"]["status"] == "failure"
        assert any("no " + kind.title + " scanner ran" in m["value"] for m in doc["scan"]["messages"])
    assert gitlab_report.document(code_only, Kind.SAST)["scan"]["status"] == "success"


def test_nothing_to_judge_is_a_success_and_items_not_assessed_are_a_warning() -> None:
    report = report_of(
        [], [status("container", "not-applicable", stage="test", category="container", reason="no image given")]
    )
    doc = gitlab_report.document(report, Kind.CONTAINER)
    assert doc["scan"]["status"] == "success"
    assert doc["scan"]["messages"] == [{"level": "info", "value": "container (test) not-applicable: no image given"}]
    deps = gitlab_report.document(mixed_report(), Kind.DEPENDENCIES)
    assert [m["level"] for m in deps["scan"]["messages"]] == ["warn"]
    assert "3 item(s) could not be assessed" in deps["scan"]["messages"][0]["value"]


def test_identifiers_locations_and_solutions() -> None:
    report = mixed_report()
    sast = by_rule(gitlab_report.document(report, Kind.SAST))
    sqli = sast["shiftleft.python.sql-injection-string-format"]
    assert sqli["severity"] == "High"
    assert sqli["location"] == {"file": "app/db.py", "start_line": 9, "end_line": 9}
    assert [(i["type"], i["value"]) for i in sqli["identifiers"]] == [
        ("semgrep_id", "shiftleft.python.sql-injection-string-format"),
        ("cwe", "89"),
        ("owasp", "A03:2021"),
    ]
    assert sqli["links"] == [{"name": "rule documentation", "url": "https://example.org/rules/sqli"}]

    dep = gitlab_report.document(report, Kind.DEPENDENCIES)["vulnerabilities"][0]
    assert [(i["type"], i["value"]) for i in dep["identifiers"]][:3] == [
        ("ghsa", "GHSA-x84v-xcm2-53pg"),
        ("cve", "CVE-2018-18074"),
        ("osv_id", "GHSA-x84v-xcm2-53pg"),
    ]
    assert dep["location"] == {
        "file": "requirements.txt",
        "dependency": {"package": {"name": "requests"}, "version": "2.19.1"},
    }
    assert dep["solution"] == "Upgrade requests to 2.20.0 or later."

    image = gitlab_report.document(report, Kind.CONTAINER)["vulnerabilities"][0]
    assert image["location"] == {
        "dependency": {"package": {"name": "openssl"}, "version": "3.0.11-1"},
        "operating_system": "debian-12",
        "image": "demo:latest",
    }
    assert image["identifiers"][0] == {"type": "cve", "name": "CVE-2024-0727", "value": "CVE-2024-0727"}
    assert image["solution"] == "No fixed version is known."

    secret = gitlab_report.document(report, Kind.SECRETS)["vulnerabilities"][0]
    assert secret["severity"] == "Critical"
    assert secret["location"] == {
        "file": "app/settings.py",
        "start_line": 14,
        "end_line": 14,
        "commit": {"sha": "0000000"},
    }
    assert "raw_source_code_extract" not in secret


def test_the_scanned_commit_is_the_secrets_location_commit() -> None:
    sha = "a" * 40
    report = report_of(findings(), [status("detect-secrets", category="secrets")], {"git": {"commit": sha}})
    secret = gitlab_report.document(report, Kind.SECRETS)["vulnerabilities"][0]
    assert secret["location"]["commit"] == {"sha": sha}
    forged = report_of(findings(), [], {"git": {"commit": "; rm -rf /"}})
    assert gitlab_report.document(forged, Kind.SECRETS)["vulnerabilities"][0]["location"]["commit"]["sha"] == "0000000"


def test_ids_are_uuids_of_the_fingerprint_stable_and_distinct() -> None:
    first = [v["id"] for k in Kind for v in gitlab_report.document(mixed_report(), k)["vulnerabilities"]]
    again = [v["id"] for k in Kind for v in gitlab_report.document(mixed_report(), k)["vulnerabilities"]]
    assert first == again and len(set(first)) == len(first)
    assert all(uuid.UUID(i).version == 5 for i in first)
    sqli = findings()[0]
    moved = replace(sqli, line=99)  # the code moved, the fingerprint did not: GitLab keeps tracking it
    assert (
        gitlab_report.vulnerability(moved, Kind.SAST, "0")["id"]
        == gitlab_report.vulnerability(sqli, Kind.SAST, "0")["id"]
    )
    other = replace(sqli, fingerprint="another")
    assert (
        gitlab_report.vulnerability(other, Kind.SAST, "0")["id"]
        != gitlab_report.vulnerability(sqli, Kind.SAST, "0")["id"]
    )


def test_hostile_text_and_paths() -> None:
    sast = by_rule(gitlab_report.document(mixed_report(), Kind.SAST))
    evil = sast["shiftleft.python.eval"]
    assert "\x1b" not in evil["description"] and "\u202e" not in evil["description"]
    assert evil["description"].startswith("\\\\x1b\\[2J")  # visible, then Markdown-escaped
    assert len(evil["description"]) < 1_048_576 and "[cut:" not in evil["description"][:100]
    assert "cut: 1100029 characters in all; the full text is in shiftleft.sarif" in evil["description"]
    escaping = sast["shiftleft.python.exec"]
    assert "file" not in escaping["location"]  # never a path outside the repository
    assert escaping["description"] == f"escaping path (location: {ESCAPING_PATH}:1)"  # said, not used
    image_config = sast["SL-IMG-001"]  # an image finding on the image/<name> stand-in: no file
    assert "file" not in image_config["location"] and "(location: image/demo\\_latest:1)" in image_config["description"]


def test_markdown_in_a_message_is_inert() -> None:
    report = full_report()  # the real scan plus an XSS payload and Markdown specials
    descriptions = [v["description"] for v in gitlab_report.document(report, Kind.SAST)["vulnerabilities"]]
    assert not any("<script>" in d or "[link](" in d or "@octocat" in d for d in descriptions)
    assert any("&lt;script&gt;" in d for d in descriptions)


def test_write_reports_writes_every_gitlab_file(tmp_path: Path) -> None:
    report: Report = mixed_report()
    written = write_reports(report, list(FORMAT_NAMES.values()), tmp_path)
    assert [p.name for p in written] == [k.file_name for k in FORMAT_NAMES]
    assert {p.name for p in tmp_path.iterdir()} == {k.file_name for k in Kind}


def test_the_real_image_adapter_output_fills_both_reports(tmp_path: Path) -> None:
    """The container adapter on a built image archive (no Docker): its package advisory
    goes to container scanning with the image and distribution, its configuration
    findings to SAST without a file (the image has no Dockerfile in the repository)."""
    from shiftleft.advisories.model import parse_advisory
    from shiftleft.advisories.store import AdvisoryStore
    from shiftleft.findings import iter_findings
    from shiftleft.model import ScanContext, ScanTarget
    from shiftleft.sarif.om import to_dict
    from shiftleft.scanners.container import ContainerImage
    from tests.image.image_helpers import base_layer, docker_archive, upper_layer

    events = [{"introduced": "0"}, {"fixed": "3.0.13-1~deb12u1"}]
    advisory = {
        "id": "DSA-TEST-1",
        "modified": "2024-01-01T00:00:00Z",
        "summary": "openssl flaw",
        "aliases": ["CVE-2099-0001"],
        "affected": [
            {
                "package": {"ecosystem": "Debian:12", "name": "openssl"},
                "ranges": [{"type": "ECOSYSTEM", "events": events}],
            }
        ],
    }
    db = tmp_path / "adv.sqlite3"
    store = AdvisoryStore(db)
    with store.transaction() as conn:
        AdvisoryStore.put(conn, parse_advisory(advisory), advisory)
        AdvisoryStore.mark_imported(conn, ["Debian"], "2024-01-02T00:00:00Z", "test")
    store.close()
    archive = docker_archive(tmp_path / "image.tar", [base_layer(), upper_layer()])
    (tmp_path / "work").mkdir()
    target = ScanTarget(root=tmp_path, files=(), image_archive=archive)
    run = ContainerImage().execute(
        ScanContext(target=target, workdir=tmp_path / "work", options={"advisory_db": str(db), "syft": False})
    )
    # the pipeline's normalization stamps category and stage on every result
    found = [replace(f, category="container", stage="test") for f in iter_findings({"runs": [to_dict(run)]})]
    report = report_of(found, [status("container", stage="test", category="container")])
    container = gitlab_report.document(report, Kind.CONTAINER)
    validate(container, Kind.CONTAINER)
    assert [v["identifiers"][0]["value"] for v in container["vulnerabilities"]] == ["DSA-TEST-1"]
    assert container["vulnerabilities"][0]["location"]["operating_system"] == "debian-12"
    assert container["vulnerabilities"][0]["location"]["image"] == "shiftleft/fixture:latest"
    sast = gitlab_report.document(report, Kind.SAST)
    validate(sast, Kind.SAST)
    assert len(sast["vulnerabilities"]) == len(found) - 1 > 0
    assert all("file" not in v["location"] for v in sast["vulnerabilities"])


def test_a_failed_image_scanner_fails_container_scanning_and_sast_whose_image_checks_it_makes() -> None:
    report = report_of([], [status("semgrep"), status("container", "failed", stage="test", category="container")])
    for kind in (Kind.CONTAINER, Kind.SAST):
        doc = gitlab_report.document(report, kind)
        assert doc["scan"]["status"] == "failure", kind
        assert any(m["value"].startswith("NOT ASSESSED: container (test) failed") for m in doc["scan"]["messages"])


def test_identifiers_are_bounded_and_the_primary_stays_first() -> None:
    dep = findings()[6]
    many = replace(dep, properties={**dep.properties, "aliases": [f"CVE-2020-{i:05d}" for i in range(500)]})
    ids = gitlab_report.identifiers(many)
    assert len(ids) == gitlab_report.MAX_IDENTIFIERS
    assert ids[0]["value"] == "GHSA-x84v-xcm2-53pg"


def test_a_hostile_number_of_aliases_cwes_and_categories_is_bounded() -> None:
    dep = findings()[6]
    flood = replace(
        dep,
        cwe=tuple(f"CWE-{i}" for i in range(200_000)),
        owasp=tuple(f"A{i}" for i in range(200_000)),
        properties={**dep.properties, "aliases": [f"CVE-2020-{i}" for i in range(200_000)]},
    )
    assert len(gitlab_report.identifiers(flood)) == gitlab_report.MAX_IDENTIFIERS  # and quickly


def test_a_package_name_from_a_lockfile_is_inert_markdown_in_the_solution() -> None:
    dep = findings()[6]
    hostile = replace(dep, properties={**dep.properties, "package": "[click](http://evil) ![x](http://t/p.png) @all"})
    fix = gitlab_report.solution(hostile)
    assert fix is not None and "](" not in fix.replace("\\](", "") and "@all" not in fix


def test_the_format_table_names_gitlabs_files() -> None:
    """report.FORMATS spells the file names out (its writers are imported lazily): they are
    the ones GitLab's report kinds define."""
    from shiftleft.report import FORMATS
    from shiftleft.report.gitlab_report import Kind

    for fmt, kind in (("gitlab-sast", Kind.SAST), ("gitlab-secrets", Kind.SECRETS),
                      ("gitlab-dependencies", Kind.DEPENDENCIES), ("gitlab-container", Kind.CONTAINER)):  # fmt: skip
        assert FORMATS[fmt][0] == kind.file_name
