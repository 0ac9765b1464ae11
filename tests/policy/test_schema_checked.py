"""``loader.load`` remembers the policy documents that passed the schema check (by digest of
the schema and the text, in the user's cache directory): the same file is not checked again,
an edited one is, and a bad one is still refused (exit 2) whatever was remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft.errors import EXIT_USAGE
from shiftleft.policy import loader
from shiftleft.policy.model import Framework, PolicyError

FRAMEWORK = """\
kind: framework
id: acme
title: ACME rules
version: "1"
controls:
  - id: ACME-1
    title: No SQL injection
    select: {cwe: CWE-89, min_severity: medium}
    requires: {scanners: [semgrep]}
"""


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real = loader.validate

    def spy(data: object, text: str, source: Path | str, schema: str = "policy") -> None:
        checked.append(str(source))
        real(data, text, source, schema)

    monkeypatch.setattr(loader, "validate", spy)
    return checked


def test_an_unchanged_file_is_checked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _count_checks(monkeypatch)
    path = tmp_path / "acme.yaml"
    path.write_text(FRAMEWORK)
    first, second = loader.load(path), loader.load(path)
    assert isinstance(first, Framework) and first == second
    assert checked == [str(path)]
    # the marker is in the cache directory the test set ($SHIFTLEFT_CACHE_DIR), nowhere near the file
    assert list(tmp_path.iterdir()) == [path]


def test_an_edited_file_is_checked_again_and_a_bad_one_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _count_checks(monkeypatch)
    path = tmp_path / "acme.yaml"
    path.write_text(FRAMEWORK)
    loader.load(path)
    path.write_text(FRAMEWORK.replace("ACME rules", "ACME rules, second edition"))
    assert isinstance(loader.load(path), Framework)
    assert len(checked) == 2
    path.write_text(FRAMEWORK.replace("select: {cwe: CWE-89, min_severity: medium}", "select: {}"))
    for _ in range(2):  # refused each time: a failed check is never remembered
        with pytest.raises(PolicyError, match="controls/0/select") as info:
            loader.load(path)
        assert info.value.exit_code == EXIT_USAGE
    assert len(checked) == 4


def test_a_schema_change_invalidates_what_was_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _count_checks(monkeypatch)
    path = tmp_path / "acme.yaml"
    path.write_text(FRAMEWORK)
    loader.load(path)
    monkeypatch.setattr(loader, "_schema_digest", lambda name: "another schema")
    loader.load(path)
    assert len(checked) == 2


def test_a_marker_the_document_does_not_live_up_to_is_checked(tmp_path: Path) -> None:
    """A planted marker (someone wrote the user's cache) cannot make a bad file crash or pass."""
    path = tmp_path / "bad.yaml"
    path.write_text("kind: framework\nid: f\ntitle: t\n")  # no version, no controls
    marker = loader._checked_marker("policy", path.read_text())
    assert marker is not None
    marker.parent.mkdir(parents=True)
    marker.touch()
    with pytest.raises(PolicyError, match="missing required key") as info:
        loader.load(path)
    assert info.value.exit_code == EXIT_USAGE


def test_an_unwritable_cache_only_means_checking_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("SHIFTLEFT_CACHE_DIR", str(blocker))
    checked = _count_checks(monkeypatch)
    path = tmp_path / "acme.yaml"
    path.write_text(FRAMEWORK)
    assert isinstance(loader.load(path), Framework) and isinstance(loader.load(path), Framework)
    assert len(checked) == 2
