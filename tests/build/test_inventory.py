"""Manifest parsers on fixture lockfiles with known answers, and on hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftleft.inventory.collect import PARSERS, collect, parse_file, parser_for
from shiftleft.inventory.model import Package
from shiftleft.model import ScanTarget
from tests.build.conftest import FIXTURE_PROJECT


def files_of(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()))


@pytest.fixture(scope="module")
def inventory():
    return collect(ScanTarget(root=FIXTURE_PROJECT, files=files_of(FIXTURE_PROJECT)))


def found(inv, manifest: str) -> set[tuple[str, str, int]]:
    return {(p.name, p.version, p.line) for p in inv.packages if p.manifest == manifest}


def test_requirements(inventory) -> None:
    assert found(inventory, "requirements.txt") == {
        ("demo-pkg", "1.1.0", 2),
        ("requests", "2.31.0", 4),
        ("gitonly", "0.4", 6),
    }
    why = {u.name: u for u in inventory.unassessed if u.manifest == "requirements.txt"}
    assert why["flask"].unpinned and "not pinned (>=2.0)" in why["flask"].reason and why["flask"].line == 5
    assert why["./local-lib"].reason == "editable/local requirement"


def test_python_lockfiles(inventory) -> None:
    assert found(inventory, "poetry.lock") == {("Demo_Pkg", "1.1.0", 4), ("safe-pkg", "2.0.0", 12)}
    assert found(inventory, "py2/uv.lock") == {
        ("demo-pkg", "1.0", 11)
    }  # the editable project itself is not a dependency
    assert found(inventory, "py2/Pipfile.lock") == {("demo-pkg", "1.2", 7), ("pytest", "8.0.0", 17)}
    assert {u.name for u in inventory.unassessed if u.manifest == "py2/Pipfile.lock"} == {"vcs-thing"}
    # a lockfile sits beside it and pins everything it declares: nothing is reported from it
    assert not [i for i in (*inventory.packages, *inventory.unassessed) if i.manifest == "py2/pyproject.toml"]


def test_pyproject(inventory) -> None:
    assert found(inventory, "py3/pyproject.toml") == {("demo-pkg", "1.0.5", 5), ("exactpin", "1.2.3", 11)}
    assert {u.name for u in inventory.unassessed if u.manifest == "py3/pyproject.toml"} == {"loose", "caret"}


def test_npm_lockfiles(inventory) -> None:
    assert found(inventory, "web/package-lock.json") == {("lodash", "4.17.20", 14), ("@acme/util", "2.0.0", 18)}
    assert [u.name for u in inventory.unassessed if u.manifest == "web/package-lock.json"] == ["from-git"]
    assert found(inventory, "web/yarn.lock") == {("@acme/util", "2.0.0", 5), ("lodash", "4.17.21", 9)}
    assert found(inventory, "web/pnpm-lock.yaml") == {("lodash", "4.17.19", 12), ("@acme/util", "2.0.0", 15)}


def test_go_and_cargo(inventory) -> None:
    assert found(inventory, "svc/go.mod") == {
        ("github.com/example/mod", "v1.4.2", 6),
        ("github.com/other/ok", "v2.0.0+incompatible", 7),
        ("github.com/single/line", "v0.1.0", 11),
    }
    assert [u.reason for u in inventory.unassessed if u.manifest == "svc/go.mod"] == [
        "replaced by local path ../local/mod"
    ]
    assert found(inventory, "rs/Cargo.lock") == {("smallcrate", "0.3.0", 10), ("othercrate", "0.3.1", 16)}


def test_broken_files_are_issues_not_crashes(inventory) -> None:
    issues = {i.manifest: i.message for i in inventory.issues}
    assert "merge-conflict" in issues["broken/package-lock.json"]
    assert "TOML" in issues["broken/Cargo.lock"]
    assert not any(p.manifest.startswith("broken/") for p in inventory.packages)


def test_purls() -> None:
    assert Package.create("Demo_Pkg", "1.1.0", "PyPI", "x", 1).purl == "pkg:pypi/demo-pkg@1.1.0"
    assert Package.create("@acme/util", "2.0.0", "npm", "x", 1).purl == "pkg:npm/%40acme/util@2.0.0"
    assert Package.create("github.com/a/b", "v1.0.0", "Go", "x", 1).purl == "pkg:golang/github.com/a/b@v1.0.0"
    assert Package.create("serde", "1.0.0", "crates.io", "x", 1).purl == "pkg:cargo/serde@1.0.0"


def test_only_listed_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("demo-pkg==1.0\n")
    assert collect(ScanTarget(root=tmp_path, files=())).packages == ()


def test_size_limit_and_encoding() -> None:
    assert "larger than" in parse_file("requirements.txt", b"a==1\n" * 1000, max_bytes=100).issues[0].message
    assert "UTF-8" in parse_file("Cargo.lock", b"\xff\xfe\x00garbage").issues[0].message


def test_requirements_file_names() -> None:
    for name in (
        "requirements.txt",
        "requirements-dev.txt",
        "dev-requirements.txt",
        "requirements/base.txt",
        "a/constraints.txt",
    ):
        assert parser_for(name) is not None, name
    for name in ("README.txt", "myrequirements.py", "package.jsonc"):
        assert parser_for(name) is None, name


MANIFEST_NAMES = [*PARSERS, "requirements.txt"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=st.sampled_from(MANIFEST_NAMES), data=st.binary(max_size=400))
def test_hostile_bytes_never_crash(name: str, data: bytes) -> None:
    result = parse_file(name, data)
    assert all(p.line >= 1 and p.version for p in result.packages)


lock_lines = st.sampled_from(
    [
        "[[package]]",
        'name = "x"',
        'version = "1.0"',
        "<<<<<<< HEAD",
        "=======",
        ">>>>>>> b",
        "{",
        "}",
        '"node_modules/a": {"version": "1.0.0"},',
        "packages:",
        "  /a/1.0.0:",
        "  a@1.0.0:",
        "require (",
        ")",
        "a v1.0.0",
        "a@^1:",
        '  version "1.0.0"',
        "a==1.0",
        "-e .",
        "--hash=sha256:00 \\",
        "lockfileVersion: 5.4",
        '"packages": {',
        "version: 1.0.0",
        "  - a",
        "\t",
        "\\",
    ]
)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(MANIFEST_NAMES), lines=st.lists(lock_lines | st.text(max_size=30), max_size=25))
def test_hostile_lockfile_text_never_crashes(name: str, lines: list[str]) -> None:
    text = "\n".join(lines)
    result = parse_file(
        name, text.encode("utf-8", "surrogatepass") if text.isprintable() else text.encode("utf-8", "replace")
    )
    if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "=======" for line in lines):
        assert result.packages == ()  # a conflicted file is never half-used
        assert result.issues


def test_deeply_nested_v1_lockfile() -> None:
    depth = 5000
    text = (
        '{"lockfileVersion": 1, "dependencies": '
        + '{"a": {"version": "1.0.0", "dependencies": ' * depth
        + "{}"
        + "}}" * depth
        + "}"
    )
    result = parse_file("package-lock.json", text.encode())
    assert result.issues or result.packages  # either parsed or a clear issue, never a crash


def test_huge_lockfile_is_parsed_fast_enough_to_finish() -> None:
    body = "\n".join(
        f'[[package]]\nname = "crate{i}"\nversion = "1.0.{i}"\nsource = "registry+x"\n' for i in range(20000)
    )
    result = parse_file("Cargo.lock", body.encode())
    assert len(result.packages) == 20000
    assert result.packages[-1].line > 1
