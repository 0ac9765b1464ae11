"""Manifests shiftleft recognises but cannot read, and lockfiles that disagree with their
manifest: listed as not assessed in every output, the dependency scanners applicable, and
the default gate incomplete (exit 3) - never "assessed, A 100"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.inventory.collect import against_locks, collect
from shiftleft.inventory.model import Package, ParseResult
from shiftleft.model import ScanTarget
from shiftleft.target import collect as collect_target
from tests.hostile.coverage import builders
from tests.hostile.coverage.conftest import scan


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.mark.parametrize("name", sorted(builders.UNSUPPORTED))
def test_every_recognised_manifest_without_a_parser_is_listed(tmp_path: Path, name: str, marker: Path) -> None:
    root = builders.unsupported_repo(tmp_path, marker, (name,))
    inv = collect(collect_target(root))
    assert [(i.manifest, "not assessed" in i.message) for i in inv.issues] == [(name, True)]
    assert not marker.exists()


def test_python_build_files_are_never_run_and_are_listed(tmp_path: Path, marker: Path) -> None:
    root = builders.unsupported_repo(tmp_path, marker)
    inv = collect(collect_target(root))
    listed = {i.manifest for i in inv.issues}
    assert {"pysetup/setup.py", "pysetup/setup.cfg", "cpp3/conanfile.py"} <= listed
    assert set(builders.UNSUPPORTED) <= listed
    assert not marker.exists()


def test_declaring_nothing_or_pinned_by_a_lockfile_is_not_listed(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text("from setuptools import setup\nsetup(name='x')\n")
    (tmp_path / "Pipfile").write_text("[packages]\n")
    (tmp_path / "Pipfile.lock").write_text('{"default": {"requests": {"version": "==2.31.0"}}}')
    (tmp_path / "ws" / "crates" / "a").mkdir(parents=True)
    (tmp_path / "ws" / "crates" / "a" / "Cargo.toml").write_text('[dependencies]\nserde = "1"\n')
    (tmp_path / "ws" / "Cargo.lock").write_text('[[package]]\nname = "serde"\nversion = "1.0.0"\n')
    (tmp_path / "lonely").mkdir()
    (tmp_path / "lonely" / "Cargo.toml").write_text('[dependencies]\nserde = "1"\n')
    inv = collect(collect_target(tmp_path))
    # the workspace member is pinned by the Cargo.lock above it; the lonely crate is not
    assert [i.manifest for i in inv.issues] == ["lonely/Cargo.toml"]


def test_gradle_project_without_lockfile_is_not_assessed_through_the_cli(
    repo: Path, tmp_path: Path, full_db: Path
) -> None:
    """Before: build.gradle never mentioned, osv "not applicable", Gate PASSED. Build
    scripts are code: without a gradle.lockfile beside them they are listed, never read."""
    builders.gradle_without_lockfile(repo)
    (repo / "requirements.txt").write_text("safe-pkg==2.0.0\n")
    before = _tree(repo)
    res = scan(repo, tmp_path / "out", "-s", "build", "--db", str(full_db))
    assert res.code == 3, res.proc.stdout
    assert res.status("osv")["status"] == "ok"  # applicable: it ran, and listed what it could not read
    listed = {e["manifest"]: e["reason"] for e in res.not_assessed("osv") if e["package"] == "*"}
    assert set(listed) == {"build.gradle", "settings.gradle", "app/build.gradle.kts"}
    assert all("no parser" in why for why in listed.values())
    assert not res.scorecard["gate"]["passed"]
    coverage = res.rule("coverage")
    assert not coverage["passed"] and "build.gradle" in coverage["detail"] and "no parser" in coverage["detail"]
    assert "build.gradle" in res.proc.stdout  # the terminal names it too
    assert res.stage("build")["state"] != "assessed"
    assert "Gate PASSED" not in res.proc.stdout
    assert _tree(repo) == before  # nothing written into the scanned root


def test_maven_project_without_maven_advisories_is_not_assessed(repo: Path, tmp_path: Path, full_db: Path) -> None:
    """pom.xml and gradle.lockfile are read now; with a database holding no Maven advisories
    their packages are not assessed, by name, never clean."""
    builders.maven_only(repo)
    res = scan(repo, tmp_path / "out", "-s", "build", "--db", str(full_db))
    assert res.code == 3, res.proc.stdout
    listed = {(e["manifest"], e["package"]): e["reason"] for e in res.not_assessed("osv")}
    assert set(listed) == {("pom.xml", "org.apache.logging.log4j:log4j-core"),
                           ("gradle.lockfile", "org.apache.logging.log4j:log4j-core")}  # fmt: skip
    assert all("no Maven advisories" in why for why in listed.values())
    assert not res.scorecard["gate"]["passed"] and "Gate PASSED" not in res.proc.stdout


def test_gradle_only_project_never_reads_clean(repo: Path, tmp_path: Path, full_db: Path) -> None:
    builders.gradle_without_lockfile(repo)
    res = scan(repo, tmp_path / "out", "-s", "build", "--db", str(full_db))
    assert res.code == 3
    assert res.status("osv")["status"] == "ok" and res.status("cyclonedx")["status"] == "ok"
    controls = {c["controlId"]: c for fw in res.scorecard["frameworks"] if fw["id"] == "pci-dss-4.0"
                for c in fw["controls"]}  # fmt: skip
    assert controls["6.3.2"]["state"] == "not-assessed"  # the SBOM is incomplete, not "pass"


@pytest.mark.parametrize("name", sorted(builders.PARSED))
def test_formerly_unsupported_manifests_are_parsed(tmp_path: Path, name: str) -> None:
    root = builders.unsupported_repo(tmp_path, tmp_path / "unused", ())
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(builders.PARSED[name])
    inv = collect(collect_target(root))
    assert inv.issues == () and [p.manifest for p in inv.packages] == [name]


@pytest.mark.parametrize(
    ("build", "lock"),
    [
        (lambda r: builders.empty_lock(r), "poetry.lock"),
        (lambda r: builders.empty_lock(r, "uv.lock", "version = 1\n"), "uv.lock"),
        (lambda r: builders.empty_lock(r, "pdm.lock", "# pdm\n"), "pdm.lock"),
        (lambda r: builders.empty_lock(r, "poetry.lock", "[[package]\n"), "poetry.lock"),  # garbage
        (builders.truncated_poetry_lock, "poetry.lock"),
    ],
)
def test_an_empty_or_truncated_lockfile_does_not_hide_the_manifest_pins(tmp_path: Path, build, lock: str) -> None:  # type: ignore[no-untyped-def]
    """Before: the lockfile "took over" from pyproject.toml and listed nothing: clean."""
    root = build(tmp_path)
    inv = collect(ScanTarget(root, tuple(sorted(p.name for p in root.iterdir()))))
    assert lock in {i.manifest for i in inv.issues}
    # the vulnerable pin of pyproject.toml is checked from pyproject.toml
    assert ("demo-pkg", "1.1", "pyproject.toml") in {(p.name, p.version, p.manifest) for p in inv.packages}


def test_empty_poetry_lock_through_the_cli_finds_the_hidden_pin(repo: Path, tmp_path: Path, full_db: Path) -> None:
    builders.empty_lock(repo)
    res = scan(repo, tmp_path / "out", "-s", "build", "--db", str(full_db))
    assert res.code in (1, 3) and not res.scorecard["gate"]["passed"]
    assert any(f["ruleId"] == "PYSEC-2099-1" and f["path"] == "pyproject.toml" for f in res.scorecard["findings"])
    assert "poetry.lock" in res.rule("coverage")["detail"]


def test_a_declared_dependency_missing_from_the_lockfile_is_not_assessed(tmp_path: Path) -> None:
    root = builders.stale_package_lock(tmp_path)
    inv = collect(ScanTarget(root, ("package-lock.json", "package.json")))
    assert {p.name for p in inv.packages} == {"left-pad", "lodash"}
    lodash = next(p for p in inv.packages if p.name == "lodash")
    assert lodash.manifest == "package.json"  # checked at its declared pin, where the user fixes it


def test_a_consistent_lockfile_still_takes_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(builders.PYPROJECT)
    (tmp_path / "poetry.lock").write_text(
        '[[package]]\nname = "demo-pkg"\nversion = "1.1"\n\n[[package]]\nname = "safe-pkg"\nversion = "2.0.0"\n\n'
        '[metadata]\nlock-version = "2.0"\n'
    )
    inv = collect(ScanTarget(tmp_path, ("poetry.lock", "pyproject.toml")))
    assert inv.issues == () and inv.unassessed == ()
    assert {p.manifest for p in inv.packages} == {"poetry.lock"}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True), min_size=1, max_size=12, unique=True),
    st.data(),
)
def test_against_locks_reports_exactly_what_the_lockfile_lacks(names: list[str], data: st.DataObject) -> None:
    """Property: whatever subset of the declared dependencies a lockfile holds, every
    declared one is either in the lockfile or reported from the manifest - none vanishes."""
    locked = data.draw(st.lists(st.sampled_from(names), unique=True))
    declared = ParseResult(
        packages=tuple(Package.create(n, "1.0", "PyPI", "pyproject.toml", i + 1) for i, n in enumerate(names))
    )
    lock = ParseResult(packages=tuple(Package.create(n, "1.0", "PyPI", "poetry.lock", 1) for n in locked))
    out = against_locks("pyproject.toml", declared, [("poetry.lock", lock)])
    reported = {p.name for p in out.packages}
    if locked:
        assert reported == set(names) - set(locked)
        assert out.issues == ()
    else:  # an empty lockfile stands for nothing, and is itself listed
        assert reported == set(names)
        assert [i.manifest for i in out.issues] == ["poetry.lock"]


@pytest.mark.parametrize(
    ("manifest", "manifest_text", "lock", "lock_text", "listed"),
    [
        ("Gemfile", "gem 'rails'\n", "Gemfile.lock", "GEM\n  specs:\n\nPLATFORMS\n  ruby\n", {"Gemfile"}),
        (
            "composer.json",
            '{"require": {"monolog/monolog": "^1"}}',
            "composer.lock",
            '{"packages": []}',
            {"composer.json"},
        ),
        ("composer.json", '{"require": {"php": "^8.1", "ext-json": "*"}}', "composer.lock", '{"packages": []}', set()),
        ("App.csproj", "<Project/>", "packages.lock.json", "{garbage", {"App.csproj", "packages.lock.json"}),
        ("build.gradle", "dependencies {}\n", "gradle.lockfile", "# only comments\n", {"build.gradle"}),
        ("Gemfile", "gem 'rails'\n", "Gemfile.lock", "GEM\n  specs:\n    rails (7.1.0)\n", set()),
    ],
)
def test_an_empty_or_unreadable_lockfile_does_not_cover_its_manifest(  # type: ignore[no-untyped-def]
    tmp_path: Path, manifest, manifest_text, lock, lock_text, listed
) -> None:
    """Before: a Gemfile beside an empty Gemfile.lock was "covered" and nothing was listed."""
    (tmp_path / manifest).write_text(manifest_text)
    (tmp_path / lock).write_text(lock_text)
    inv = collect(collect_target(tmp_path))
    assert {i.manifest for i in inv.issues} == listed
    if manifest in listed:
        why = next(i.message for i in inv.issues if i.manifest == manifest)
        assert lock in why and "not assessed" in why
