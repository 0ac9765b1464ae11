"""Maven, Packagist, RubyGems and NuGet (and bun/pylock's npm/PyPI) matched against
advisories made for the test (fixtures/osv-eco), through the audit and through the CLI;
licenses and hashes in the SBOM."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from shiftleft.advisories.importer import import_path
from shiftleft.advisories.matching import Status, evaluate
from shiftleft.advisories.model import parse_advisory
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.inventory.collect import collect
from shiftleft.inventory.model import Inventory, Package
from shiftleft.inventory.vulns import audit
from shiftleft.model import ScanTarget
from shiftleft.scanners.cyclonedx import make_bom, write_bom
from tests.build.test_ecosystems import ECO_PROJECT
from tests.build.test_inventory import files_of
from tests.conftest import shiftleft

ECO_OSV = Path(__file__).resolve().parent / "fixtures" / "osv-eco"


@pytest.fixture(scope="module")
def eco_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdvisoryStore]:
    store = AdvisoryStore(tmp_path_factory.mktemp("eco") / "eco.sqlite3")
    report = import_path(store, ECO_OSV)
    assert report.per_ecosystem == {"Maven": 4, "NuGet": 1, "Packagist": 3, "PyPI": 1, "RubyGems": 2, "npm": 1}
    yield store
    store.close()


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    return collect(ScanTarget(root=ECO_PROJECT, files=files_of(ECO_PROJECT)))


EXPECTED = {
    ("org.apache.logging.log4j:log4j-core", "2.14.1", "GHSA-mvn1-log4-0001", "gradle/gradle.lockfile"),
    ("com.fasterxml.jackson.core:jackson-databind", "2.9.8", "GHSA-mvn2-jack-0002", "gradle/gradle/libs.versions.toml"),
    ("com.google.guava:guava", "31.0-jre", "GHSA-mvn4-guav-0004", "gradle/gradle.lockfile"),
    ("Monolog/Monolog", "1.0.0", "GHSA-php1-mono-0001", "php/composer.lock"),
    ("symfony/http-foundation", "v5.4.0", "GHSA-php2-symf-0002", "php/composer.lock"),
    ("phpunit/phpunit", "9.5.0", "GHSA-php3-unit-0003", "php/composer.lock"),  # packages-dev: kept, marked
    ("nokogiri", "1.13.3", "GHSA-gem1-noko-0001", "ruby/Gemfile.lock"),
    ("rack", "2.2.3", "GHSA-gem2-rack-0002", "ruby/Gemfile.lock"),  # last_affected is inclusive
    ("Newtonsoft.Json", "9.0.1", "GHSA-nug1-json-0001", "dotnet/packages.lock.json"),
    ("lodash", "4.17.20", "GHSA-npm1-bunl-0001", "bun/bun.lock"),
    ("Demo_Pkg", "1.1.0", "PYSEC-2099-901", "py/pylock.toml"),
}


def test_audit_known_answers(inventory: Inventory, eco_db: AdvisoryStore) -> None:
    result = audit(inventory.packages, eco_db)
    got = {(f.package.name, f.package.version, f.match.id, f.package.manifest) for f in result.findings}
    assert got == EXPECTED
    # one finding per (package, version, advisory), at every declaring line
    log4j = next(f for f in result.findings if f.match.id == "GHSA-mvn1-log4-0001")
    assert {d.manifest for d in log4j.declarations} == {
        "gradle/gradle.lockfile",
        "maven/pom.xml",
        "maven/module/pom.xml",
    }
    jackson = next(f for f in result.findings if f.match.id == "GHSA-mvn2-jack-0002")
    assert {(d.manifest, d.line) for d in jackson.declarations} == {
        ("gradle/gradle/libs.versions.toml", 8),
        ("maven/pom.xml", 50),
    }
    assert result.not_assessed == ()


def _adv(eco: str, name: str, events: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    return parse_advisory(
        {
            "id": "T-1",
            "modified": "2024-01-01T00:00:00Z",
            "affected": [
                {"package": {"ecosystem": eco, "name": name}, "ranges": [{"type": "ECOSYSTEM", "events": events}]}
            ],
        }
    )


@pytest.mark.parametrize(
    ("eco", "adv_name", "pkg_name", "version", "events", "status"),
    [
        # Maven: group:artifact exact, case-sensitive; Maven ordering of qualifiers
        ("Maven", "JUnit:JUnit", "junit:junit", "4.12", [{"introduced": "0"}], Status.NOT_AFFECTED),
        ("Maven", "g:a", "g:a", "2.14.1", [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}], Status.AFFECTED),
        ("Maven", "g:a", "g:a", "2.15.0", [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}], Status.NOT_AFFECTED),
        ("Maven", "g:a", "g:a", "2.0-alpha1", [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}], Status.NOT_AFFECTED),
        ("Maven", "g:a", "g:a", "1.0-SNAPSHOT", [{"introduced": "0"}, {"fixed": "1.0"}], Status.AFFECTED),
        ("Maven", "g:a", "g:a", "5.3.18.RELEASE", [{"introduced": "5.3.0"}, {"fixed": "5.3.18"}], Status.NOT_AFFECTED),
        # Packagist: vendor/package case-insensitive; a "v" prefix is the same version
        (
            "Packagist",
            "symfony/http-kernel",
            "Symfony/HTTP-Kernel",
            "v4.4.1",
            [{"introduced": "4.4.0"}, {"fixed": "4.4.2"}],
            Status.AFFECTED,
        ),
        ("Packagist", "a/b", "a/b", "2.0.0-RC1", [{"introduced": "0"}, {"fixed": "2.0.0"}], Status.AFFECTED),
        # NuGet: case-insensitive ids, NuGet ordering
        (
            "NuGet",
            "Newtonsoft.Json",
            "NEWTONSOFT.JSON",
            "12.0.3",
            [{"introduced": "0"}, {"fixed": "13.0.1"}],
            Status.AFFECTED,
        ),
        ("NuGet", "A", "a", "13.0.1", [{"introduced": "0"}, {"fixed": "13.0.1"}], Status.NOT_AFFECTED),
        ("NuGet", "A", "a", "1.0.0-beta", [{"introduced": "0"}, {"fixed": "1.0.0"}], Status.AFFECTED),
        # RubyGems: case-sensitive names, prerelease before release
        ("RubyGems", "Rack", "rack", "2.2.3", [{"introduced": "0"}], Status.NOT_AFFECTED),
        (
            "RubyGems",
            "rails",
            "rails",
            "7.1.0.rc1",
            [{"introduced": "7.1.0.beta1"}, {"fixed": "7.1.0"}],
            Status.AFFECTED,
        ),
    ],
)
def test_names_and_ordering(eco: str, adv_name: str, pkg_name: str, version: str, events, status: Status) -> None:  # type: ignore[no-untyped-def]
    assert evaluate(_adv(eco, adv_name, events), eco, pkg_name, version).status is status


def test_an_all_zip_of_these_ecosystems_imports_like_the_others(tmp_path: Path) -> None:
    """OSV's per-ecosystem all.zip is a flat zip of <id>.json records: the same importer."""
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(ECO_OSV.glob("*.json")):
            zf.write(f, f.name)
    with AdvisoryStore(tmp_path / "z.sqlite3") as store:
        report = import_path(store, archive)
        assert report.per_ecosystem == {"Maven": 4, "NuGet": 1, "Packagist": 3, "PyPI": 1, "RubyGems": 2, "npm": 1}
        assert {"Maven", "NuGet", "Packagist", "RubyGems"} <= set(store.ecosystems())
        assert [a.id for a in store.advisories_for("NuGet", "NEWTONSOFT.JSON")] == ["GHSA-nug1-json-0001"]
        assert [a.id for a in store.advisories_for("Packagist", "Monolog/Monolog")] == ["GHSA-php1-mono-0001"]
        assert store.advisories_for("Maven", "org.apache.logging.log4j:LOG4J-CORE") == []  # Maven is exact


def test_a_gem_version_with_a_platform_is_matched_on_its_version(tmp_path: Path, eco_db: AdvisoryStore) -> None:
    pkg = Package.create("nokogiri", "1.13.3", "RubyGems", "Gemfile.lock", 1)
    assert [f.match.id for f in audit([pkg], eco_db).findings] == ["GHSA-gem1-noko-0001"]


# -- through the CLI ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_scan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("eco-cli")
    db = work / "db.sqlite3"
    imported = shiftleft("db", "import", str(ECO_OSV), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    assert "Maven 4, NuGet 1, Packagist 3" in imported.stdout
    out = work / "out"
    # the fixture lies inside this git repository: URIs relative to the scanned directory
    # whatever the checkout (repository-root prefixes are tested in tests/sarif/test_prefix.py)
    proc = shiftleft("scan", str(ECO_PROJECT), "--stage", "build", "--db", str(db), "-o", str(out),
                     "--no-history", "-f", "sarif", "-f", "json", "--path-prefix", "")  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return {
        "proc": proc,
        "sarif": json.loads((out / "shiftleft.sarif").read_text()),
        "sbom_text": (out / "sbom.cdx.json").read_text(),
    }


def test_maven_and_gradle_fixtures_produce_matched_findings_through_the_cli(cli_scan: dict[str, object]) -> None:
    proc, sarif = cli_scan["proc"], cli_scan["sarif"]
    assert proc.returncode == 1, proc.stdout  # findings at or above high: the gate fails  # type: ignore[attr-defined]
    results = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["properties"]["ecosystem"])
        for run in sarif["runs"]  # type: ignore[index]
        for r in run.get("results", [])
    ]
    got = {(rule, uri) for rule, uri, _ in results}
    assert {(e[2], e[3]) for e in EXPECTED} <= got
    maven = {uri for rule, uri, eco in results if eco == "Maven"}
    assert maven == {"gradle/gradle.lockfile", "gradle/gradle/libs.versions.toml"}  # first declarations
    log4j = next(
        r
        for run in sarif["runs"]
        for r in run.get("results", [])
        if r["ruleId"] == "GHSA-mvn1-log4-0001"  # type: ignore[index]
    )
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in log4j["locations"]}
    assert uris == {"gradle/gradle.lockfile", "maven/pom.xml", "maven/module/pom.xml"}  # the POMs are located too
    rack = next(r for run in sarif["runs"] for r in run.get("results", []) if r["ruleId"] == "GHSA-gem2-rack-0002")  # type: ignore[index]
    assert "scope" not in rack["properties"]
    phpunit = next(r for run in sarif["runs"] for r in run.get("results", []) if r["ruleId"] == "GHSA-php3-unit-0003")  # type: ignore[index]
    assert phpunit["properties"]["scope"] == "dev"
    osv = next(run for run in sarif["runs"] if run["properties"]["shiftleft"]["scanner"] == "osv")  # type: ignore[index]
    not_assessed = {(n["manifest"], n["package"]) for n in osv["properties"]["shiftleft"]["notAssessed"]}
    assert ("maven/pom.xml", "com.example.demo:from-parent") in not_assessed
    assert ("gradle/gradle/libs.versions.toml", "org.springframework:spring-core") in not_assessed
    assert not [m for m, p in not_assessed if p == "*"]  # no manifest "without a parser"


def test_sbom_licenses_hashes_and_scope_through_the_cli(cli_scan: dict[str, object]) -> None:
    text = str(cli_scan["sbom_text"])
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    comps = {c["purl"]: c for c in bom["components"]}
    assert comps["pkg:composer/monolog/monolog@1.0.0"]["licenses"] == [{"license": {"id": "MIT"}}]
    assert comps["pkg:composer/monolog/monolog@1.0.0"]["hashes"] == [
        {"alg": "SHA-1", "content": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"}
    ]
    assert comps["pkg:composer/symfony/http-foundation@v5.4.0"]["licenses"] == [
        {"expression": "(MIT OR GPL-2.0-or-later)"}
    ]
    assert "hashes" not in comps["pkg:composer/symfony/http-foundation@v5.4.0"]  # empty shasum: none claimed
    assert [h["alg"] for h in comps["pkg:npm/lodash@4.17.20"]["hashes"]] == ["SHA-512"]
    assert [h["alg"] for h in comps["pkg:nuget/Newtonsoft.Json@9.0.1"]["hashes"]] == ["SHA-512"]
    assert comps["pkg:gem/rack@2.2.3"]["hashes"] == [{"alg": "SHA-256", "content": "1b" * 32}]
    assert len(comps["pkg:pypi/demo-pkg@1.1.0"]["hashes"]) == 2  # the sdist and the wheel pylock.toml accepts
    # Maven, Gradle and Gemfile.lock state no component licenses: none invented
    assert all("licenses" not in c for p, c in comps.items() if p.startswith(("pkg:maven/", "pkg:gem/")))
    assert comps["pkg:maven/junit/junit@4.12"]["scope"] == "excluded"  # test-only everywhere
    assert comps["pkg:composer/phpunit/phpunit@9.5.0"]["scope"] == "excluded"  # packages-dev
    assert "scope" not in comps["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"]
    project = bom["metadata"]["component"]
    assert {"name": "shiftleft:declaredLicense", "value": "maven/pom.xml: Apache-2.0"} in project["properties"]


def _write(root: Path, files: dict[str, str]) -> ScanTarget:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return ScanTarget(root=root, files=tuple(sorted(files)))


NPM_LOCK = {
    "name": "app",
    "lockfileVersion": 3,
    "packages": {
        "": {"name": "app", "license": "Apache-2.0"},
        "node_modules/left-pad": {
            "version": "1.3.0",
            "license": "WTFPL",
            "integrity": "sha512-" + base64.b64encode(hashlib.sha512(b"left-pad").digest()).decode(),
        },
        "node_modules/odd": {"version": "2.0.0", "license": "SEE LICENSE IN LICENSE.txt", "integrity": "md5-abc"},
        "node_modules/both": {
            "version": "1.0.0",
            "license": "(MIT OR Apache-2.0)",
            "integrity": "sha1-" + "A" * 27 + "=",
        },
    },
}


def test_sbom_from_existing_lockfiles_carries_what_they_state(tmp_path: Path) -> None:
    target = _write(
        tmp_path,
        {
            "package-lock.json": json.dumps(NPM_LOCK),
            "Cargo.lock": '[[package]]\nname = "c"\nversion = "1.0.0"\nsource = "registry+x"\nchecksum = "'
            + "ab" * 32
            + '"\n',
            "poetry.lock": '[[package]]\nname = "p"\nversion = "1.0"\n'
            + 'files = [\n  {file = "p-1.0.tar.gz", hash = "sha256:'
            + "cd" * 32
            + '"},\n  {file = "p.whl", hash = "md5:00"},\n]\n\n[metadata]\nlock-version = "2.0"\n',
            "requirements.txt": "r==2.0 \\\n    --hash=sha256:" + "ef" * 32 + " \\\n    --hash=sha256:short\n",
            "y/yarn.lock": '# yarn lockfile v1\n\nyy@^1.0.0:\n  version "1.0.0"\n  resolved "https://r/yy.tgz"\n'
            "  integrity sha1-" + "A" * 26 + 'E=\n\nzz@^2:\n  version "2.0.0"\n',
            "p/pnpm-lock.yaml": "lockfileVersion: '9.0'\npackages:\n  pp@3.0.0:\n    resolution: {integrity: sha1-"
            + "A" * 26
            + "I=}\n",
        },
    )
    inv = collect(target)
    bom_path = write_bom(make_bom(inv, "app"), tmp_path / "out" / "sbom.cdx.json")
    text = bom_path.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    comps = {c["purl"]: c for c in bom["components"]}
    assert comps["pkg:npm/left-pad@1.3.0"]["licenses"] == [{"license": {"id": "WTFPL"}}]
    assert comps["pkg:npm/left-pad@1.3.0"]["hashes"] == [
        {"alg": "SHA-512", "content": hashlib.sha512(b"left-pad").hexdigest()}
    ]
    assert comps["pkg:npm/odd@2.0.0"]["licenses"] == [{"license": {"name": "SEE LICENSE IN LICENSE.txt"}}]
    assert "hashes" not in comps["pkg:npm/odd@2.0.0"]  # md5 integrity: not an algorithm npm pins with
    assert comps["pkg:npm/both@1.0.0"]["licenses"] == [{"expression": "(MIT OR Apache-2.0)"}]
    assert comps["pkg:npm/both@1.0.0"]["hashes"] == [{"alg": "SHA-1", "content": "00" * 20}]
    assert comps["pkg:cargo/c@1.0.0"]["hashes"] == [{"alg": "SHA-256", "content": "ab" * 32}]
    assert "licenses" not in comps["pkg:cargo/c@1.0.0"]  # Cargo.lock states none
    assert comps["pkg:pypi/p@1.0"]["hashes"] == [{"alg": "SHA-256", "content": "cd" * 32}]
    assert comps["pkg:pypi/r@2.0"]["hashes"] == [{"alg": "SHA-256", "content": "ef" * 32}]  # the malformed one dropped
    assert bom["metadata"]["component"]["licenses"] == [{"license": {"id": "Apache-2.0"}}]  # the root project's
    assert comps["pkg:npm/yy@1.0.0"]["hashes"] == [{"alg": "SHA-1", "content": "00" * 19 + "01"}]  # yarn integrity
    assert "hashes" not in comps["pkg:npm/zz@2.0.0"]  # none stated
    assert comps["pkg:npm/pp@3.0.0"]["hashes"] == [{"alg": "SHA-1", "content": "00" * 19 + "02"}]  # pnpm resolution
