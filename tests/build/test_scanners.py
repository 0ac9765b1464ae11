"""The osv, pip-audit and cyclonedx adapters end to end on the fixture project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from shiftleft.advisories.store import AdvisoryStore
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.sarif import om
from shiftleft.scanners import pip_audit as pa
from shiftleft.scanners.cyclonedx import CycloneDxSbom
from shiftleft.scanners.osv import OsvScanner
from shiftleft.scanners.pip_audit import PipAudit
from tests.build.conftest import FIXTURE_PROJECT
from tests.build.test_inventory import files_of

TARGET = ScanTarget(root=FIXTURE_PROJECT, files=files_of(FIXTURE_PROJECT))


def ctx(tmp_path: Path, db: Path, **options: Any) -> ScanContext:
    return ScanContext(target=TARGET, workdir=tmp_path, options={"db": str(db), **options}, offline=True)


def run_dict(run: Any) -> dict[str, Any]:
    return om.to_dict(run)


def results_by_key(run: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["properties"]["package"], r["properties"]["version"], r["ruleId"]): r for r in run["results"]}


def assert_valid_sarif(run: dict[str, Any]) -> None:
    log = {"version": "2.1.0", "runs": [run]}
    jsonschema.validate(log, om.sarif_schema())
    for r in run["results"]:
        assert r["message"]["text"]
        for loc in r["locations"]:
            assert loc["physicalLocation"]["region"]["startLine"] >= 1
            assert not loc["physicalLocation"]["artifactLocation"]["uri"].startswith("/")


def test_osv_findings_with_known_answers(tmp_path: Path, fixture_db: AdvisoryStore) -> None:
    run = run_dict(OsvScanner().execute(ctx(tmp_path, fixture_db.path, python_engine="osv")))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert_valid_sarif(run)
    got = results_by_key(run)
    assert set(got) == {
        ("Demo_Pkg", "1.1.0", "PYSEC-2099-1"),  # poetry.lock + requirements.txt: one finding
        ("demo-pkg", "1.0", "PYSEC-2099-1"),
        ("demo-pkg", "1.0.5", "PYSEC-2099-1"),
        ("lodash", "4.17.20", "GHSA-lodash-0001"),
        ("lodash", "4.17.19", "GHSA-lodash-0001"),
        ("@acme/util", "2.0.0", "GHSA-scoped-0001"),
        ("github.com/example/mod", "v1.4.2", "GO-2099-0001"),
        ("smallcrate", "0.3.0", "RUSTSEC-2099-0001"),
    }
    demo = got[("Demo_Pkg", "1.1.0", "PYSEC-2099-1")]
    uris = [
        (loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
        for loc in demo["locations"]
    ]
    assert uris == [("poetry.lock", 4), ("requirements.txt", 2)]
    props = demo["properties"]
    assert props["aliases"] == ["CVE-2099-0001", "GHSA-aaaa-bbbb-cccc"]  # the GHSA duplicate is merged
    assert props["security-severity"] == "9.8"  # CVSS 3.1 vector of the GHSA record
    assert props["cwe"] == ["CWE-94"]
    assert props["fixedVersions"] == ["1.2"]
    assert props["purl"] == "pkg:pypi/demo-pkg@1.1.0"
    assert props["ecosystem"] == "PyPI"
    lodash = got[("lodash", "4.17.20", "GHSA-lodash-0001")]["properties"]
    assert "security-severity" not in lodash  # no vector: normalization falls back to the word
    assert lodash["databaseSeverity"] == "MODERATE"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"PYSEC-2099-1", "GHSA-lodash-0001", "GHSA-scoped-0001", "GO-2099-0001", "RUSTSEC-2099-0001"}
    assert rules["GHSA-scoped-0001"]["properties"]["security-severity"] == "5.3"


def test_osv_native_severity_fallback(tmp_path: Path, fixture_db: AdvisoryStore) -> None:
    scanner = OsvScanner()
    run = scanner.execute(ctx(tmp_path, fixture_db.path, python_engine="osv"))
    words = {r.rule_id: scanner.native_severity(r, None) for r in run.results}
    assert words["GHSA-lodash-0001"] == "MODERATE"
    assert words["GO-2099-0001"] is None


def test_osv_not_assessed_is_visible(tmp_path: Path, fixture_db: AdvisoryStore) -> None:
    run = run_dict(OsvScanner().execute(ctx(tmp_path, fixture_db.path, python_engine="osv")))
    unknown = run["properties"]["shiftleft"]["notAssessed"]
    by_pkg = {(u["package"], u["manifest"]): u["reason"] for u in unknown}
    assert "not pinned" in by_pkg[("flask", "requirements.txt")]
    assert "GIT" in by_pkg[("gitonly", "requirements.txt")]
    assert "merge-conflict" in by_pkg[("*", "broken/package-lock.json")]
    assert "non-registry version" in by_pkg[("from-git", "web/package-lock.json")]
    assert "local path" in by_pkg[("github.com/replaced/mod", "svc/go.mod")]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == len(unknown)
    assert all(
        n.get("level", "warning") == "warning" and n["message"]["text"].startswith("not assessed") for n in notes
    )
    assert any("flask" in n["message"]["text"] for n in notes)
    db = run["properties"]["shiftleft"]["advisoryDatabase"]
    assert db["ecosystems"]["PyPI"]["count"] == 3 and db["ecosystems"]["PyPI"]["newestModified"]


def test_osv_leaves_pypi_to_pip_audit(tmp_path: Path, fixture_db: AdvisoryStore) -> None:
    run = run_dict(OsvScanner().execute(ctx(tmp_path, fixture_db.path, python_engine="pip-audit")))
    assert {r["properties"]["ecosystem"] for r in run["results"]} == {"npm", "Go", "crates.io"}
    assert not any(u["ecosystem"] == "PyPI" for u in run["properties"]["shiftleft"]["notAssessed"])
    assert run["properties"]["shiftleft"]["pythonEngine"] == "pip-audit"


def test_missing_database_is_a_failed_run_never_clean(tmp_path: Path) -> None:
    for scanner in (OsvScanner(), PipAudit()):
        run = run_dict(scanner.execute(ctx(tmp_path, tmp_path / "absent.sqlite3")))
        assert run["invocations"][0]["executionSuccessful"] is False
        assert "no advisory database at" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        assert run["results"] == []


def test_ecosystem_missing_from_database_is_not_assessed(tmp_path: Path) -> None:
    from shiftleft.advisories.importer import import_path
    from tests.build.conftest import FIXTURE_OSV

    only_go = tmp_path / "go"
    only_go.mkdir()
    (only_go / "GO-2099-0001.json").write_bytes((FIXTURE_OSV / "GO-2099-0001.json").read_bytes())
    with AdvisoryStore(tmp_path / "go.sqlite3") as store:
        import_path(store, only_go)
    run = run_dict(OsvScanner().execute(ctx(tmp_path, tmp_path / "go.sqlite3", python_engine="osv")))
    reasons = [u["reason"] for u in run["properties"]["shiftleft"]["notAssessed"] if u["package"] == "lodash"]
    assert reasons and all("no npm advisories" in r for r in reasons)


def test_applies() -> None:
    assert OsvScanner().applies(TARGET) is None
    assert OsvScanner().applies(ScanTarget(root=Path("."), files=("a.py",))) is not None
    assert PipAudit().applies(ScanTarget(root=Path("."), files=("web/yarn.lock",))) is not None


# -- pip-audit ---------------------------------------------------------------------------
def test_pip_audit_seam_is_the_tested_version() -> None:
    assert PipAudit().health() is None
    assert PipAudit().version() == pa.TESTED_PIP_AUDIT, "re-run these tests and bump TESTED_PIP_AUDIT"


def test_pip_audit_offline_local_service(tmp_path: Path, fixture_db: AdvisoryStore) -> None:
    run = run_dict(PipAudit().execute(ctx(tmp_path, fixture_db.path)))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert_valid_sarif(run)
    got = results_by_key(run)
    assert set(got) == {
        ("Demo_Pkg", "1.1.0", "PYSEC-2099-1"),
        ("demo-pkg", "1.0", "PYSEC-2099-1"),
        ("demo-pkg", "1.0.5", "PYSEC-2099-1"),
    }
    props = got[("Demo_Pkg", "1.1.0", "PYSEC-2099-1")]["properties"]
    assert props["security-severity"] == "9.8" and "GHSA-aaaa-bbbb-cccc" in props["aliases"]
    assert run["properties"]["shiftleft"]["service"] == "local"
    unknown = {u["package"] for u in run["properties"]["shiftleft"]["notAssessed"]}
    assert {"flask", "gitonly", "loose"} <= unknown
    assert "lodash" not in unknown


class _SilentService:
    """What pip-audit's OsvService does on this machine: answers, but finds nothing."""

    def __init__(self, **_: Any) -> None:
        pass

    def query(self, spec: Any) -> tuple[Any, list[Any]]:
        return spec, []

    def query_all(self, specs: Any) -> Any:
        return (self.query(s) for s in specs)


def test_pip_audit_online_canary_refuses_an_empty_service(
    tmp_path: Path, fixture_db: AdvisoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pip_audit._service as services

    monkeypatch.setattr(services, "OsvService", _SilentService)
    online = ScanContext(target=TARGET, workdir=tmp_path, options={"db": str(fixture_db.path)}, offline=False)
    run = run_dict(PipAudit().execute(online))
    assert run["properties"]["shiftleft"]["service"] == "local"  # fell back, with a warning
    texts = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("canary" in t for t in texts)
    assert len(run["results"]) == 3
    # and with no local database to fall back to, the run fails instead of reading clean
    run = run_dict(
        PipAudit().execute(
            ScanContext(target=TARGET, workdir=tmp_path, options={"db": str(tmp_path / "none")}, offline=False)
        )
    )
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "canary" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_pip_audit_online_service_results_are_used(
    tmp_path: Path, fixture_db: AdvisoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packaging.version import Version
    from pip_audit._service import interface

    class _Answering(_SilentService):
        def query(self, spec: Any) -> tuple[Any, list[Any]]:
            if spec.canonical_name in ("jinja2", "demo-pkg"):
                return spec, [
                    interface.VulnerabilityResult(
                        id="GHSA-aaaa-bbbb-cccc",
                        description="online",
                        fix_versions=[Version("1.2")],
                        aliases={"CVE-2099-0001"},
                    ),
                    interface.VulnerabilityResult(
                        id="PYSEC-2099-1",
                        description="online",
                        fix_versions=[Version("1.2")],
                        aliases={"CVE-2099-0001"},
                    ),
                ]
            return spec, []

    import pip_audit._service as services

    monkeypatch.setattr(services, "OsvService", _Answering)
    online = ScanContext(target=TARGET, workdir=tmp_path, options={"db": str(fixture_db.path)}, offline=False)
    run = run_dict(PipAudit().execute(online))
    assert run["properties"]["shiftleft"]["service"] == "online"
    got = results_by_key(run)
    assert ("Demo_Pkg", "1.1.0", "PYSEC-2099-1") in got  # two online ids, one finding
    assert len(got) == 4  # the fake service also "finds" it in 1.2 (Pipfile.lock): its answer is used as is
    assert got[("Demo_Pkg", "1.1.0", "PYSEC-2099-1")]["properties"]["cwe"] == ["CWE-94"]  # enriched locally


# -- SBOM --------------------------------------------------------------------------------
def test_cyclonedx_sbom(tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    out = tmp_path / "out"
    run = run_dict(
        CycloneDxSbom().execute(ScanContext(target=TARGET, workdir=tmp_path, options={"output_dir": str(out)}))
    )
    assert run["invocations"][0]["executionSuccessful"] is True
    artifact = run["properties"]["shiftleft"]["artifacts"][0]
    path = Path(artifact["path"])
    assert path == out / "sbom.cdx.json"
    text = path.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    purls = {c["purl"] for c in bom["components"]}
    assert {"pkg:pypi/demo-pkg@1.1.0", "pkg:npm/%40acme/util@2.0.0", "pkg:cargo/smallcrate@0.3.0"} <= purls
    flask = next(c for c in bom["components"] if c["name"] == "flask")
    assert "version" not in flask
    assert any(p["name"] == "shiftleft:notAssessed" for p in flask["properties"])
