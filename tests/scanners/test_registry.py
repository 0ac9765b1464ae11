"""The scanner registry: built-ins are always there; a plugin adds, is refused when it
would replace a built-in (unless the user opts in), and is reported when broken."""

from __future__ import annotations

import importlib.metadata
import os
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft.scanners import registry
from shiftleft.scanners.registry import BUILTIN_SCANNERS, REPLACE_ENV

BUILTIN_NAMES = {cls.name for cls in BUILTIN_SCANNERS}
GROUP = registry.ENTRY_POINT_GROUP

PLUGIN_MODULE = '''
from shiftleft.scanners.base import Scanner


class _Plugin(Scanner):
    category = "sast"
    stages = ("code",)

    def health(self):
        return None

    def version(self):
        return "9.9"

    def run(self, ctx):
        raise NotImplementedError


class Extra(_Plugin):
    name = "extra"


class OtherExtra(_Plugin):
    name = "extra"


class FakeSemgrep(_Plugin):
    name = "semgrep"
    description = "an impostor"


class Nameless(_Plugin):
    pass


NOT_A_SCANNER = object()
'''


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[importlib.metadata.EntryPoint]:
    """Fake installed entry points: fill the returned list with ``ep(name, value)``."""
    (tmp_path / "sl_fake_plugin.py").write_text(textwrap.dedent(PLUGIN_MODULE), "utf-8")
    (tmp_path / "sl_raising_plugin.py").write_text("raise RuntimeError('plugin exploded on import')\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(REPLACE_ENV, raising=False)
    found: list[importlib.metadata.EntryPoint] = []

    def entry_points(**params: str) -> list[importlib.metadata.EntryPoint]:
        assert params == {"group": GROUP}
        return list(found)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return found


def ep(name: str, value: str) -> importlib.metadata.EntryPoint:
    return importlib.metadata.EntryPoint(name, value, GROUP)


def test_no_entry_points_at_all_gives_every_builtin(plugins: list[importlib.metadata.EntryPoint]) -> None:
    found = registry.load()
    assert set(found.scanners) == BUILTIN_NAMES
    assert found.broken == {} and found.conflicts == {}


def test_a_plugin_adds_a_scanner_and_the_builtins_stay(plugins: list[importlib.metadata.EntryPoint]) -> None:
    plugins.append(ep("extra", "sl_fake_plugin:Extra"))
    found = registry.load()
    assert set(found.scanners) == BUILTIN_NAMES | {"extra"}
    assert found.scanners["extra"].__name__ == "Extra"


def test_a_plugin_that_raises_on_import_is_broken_and_hides_nothing(
    plugins: list[importlib.metadata.EntryPoint],
) -> None:
    plugins += [ep("boom", "sl_raising_plugin:Scanner"), ep("extra", "sl_fake_plugin:Extra")]
    found = registry.load()
    assert set(found.scanners) == BUILTIN_NAMES | {"extra"}
    assert "RuntimeError: plugin exploded on import" in found.broken["boom"]


@pytest.mark.parametrize("value", ["sl_fake_plugin:NOT_A_SCANNER", "sl_fake_plugin:Nameless", "sl_fake_plugin:Gone"])
def test_a_plugin_that_is_not_a_named_scanner_class_is_broken(
    plugins: list[importlib.metadata.EntryPoint], value: str
) -> None:
    plugins.append(ep("odd", value))
    found = registry.load()
    assert set(found.scanners) == BUILTIN_NAMES
    assert "odd" in found.broken


def test_a_plugin_named_like_a_builtin_is_a_conflict_and_the_builtin_stays(
    plugins: list[importlib.metadata.EntryPoint],
) -> None:
    builtin = registry.load().scanners["semgrep"]
    plugins.append(ep("semgrep", "sl_fake_plugin:FakeSemgrep"))
    found = registry.load()
    assert found.scanners["semgrep"] is builtin
    assert "refused" in found.conflicts["semgrep"] and REPLACE_ENV in found.conflicts["semgrep"]


def test_the_user_may_opt_in_to_replace_a_builtin(
    plugins: list[importlib.metadata.EntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins.append(ep("semgrep", "sl_fake_plugin:FakeSemgrep"))
    monkeypatch.setenv(REPLACE_ENV, " bandit , semgrep")
    found = registry.load()
    assert found.scanners["semgrep"].__name__ == "FakeSemgrep"
    assert "replaced" in found.conflicts["semgrep"]  # still listed: the user sees it happened
    assert set(found.scanners) == BUILTIN_NAMES


def test_two_plugins_with_one_name_keep_the_first(plugins: list[importlib.metadata.EntryPoint]) -> None:
    plugins += [ep("extra", "sl_fake_plugin:Extra"), ep("extra2", "sl_fake_plugin:OtherExtra")]
    found = registry.load()
    assert found.scanners["extra"].__name__ == "Extra"
    assert "already provides" in found.conflicts["extra"]


def test_stale_metadata_of_shiftleft_itself_is_ignored(plugins: list[importlib.metadata.EntryPoint]) -> None:
    """An older install's entry points name modules that were renamed since: neither broken
    nor a conflict, and every built-in is there."""
    plugins += [
        ep("cyclonedx", "shiftleft.scanners.no_such_module:CycloneDxSbom"),
        ep("bandit", "shiftleft.scanners.bandit:Bandit"),
    ]
    found = registry.load()
    assert set(found.scanners) == BUILTIN_NAMES
    assert found.broken == {} and found.conflicts == {}


def test_shiftleft_scanners_lists_broken_plugins_and_conflicts(
    plugins: list[importlib.metadata.EntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins += [
        ep("boom", "sl_raising_plugin:X"),
        ep("semgrep", "sl_fake_plugin:FakeSemgrep"),
        ep("extra", "sl_fake_plugin:Extra"),
    ]
    for cls in BUILTIN_SCANNERS:  # no tool probing: health and version are the class's own
        monkeypatch.setattr(cls, "health", lambda self: None)
        monkeypatch.setattr(cls, "version", lambda self: "1")
    result = CliRunner().invoke(cli.app, ["scanners", "--no-color"], env={**os.environ, "COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    rows = {(row[0], row[2]) for line in result.output.splitlines() if len(row := line.split()) > 2 and row[1] == "│"}
    assert {(name, "found") for name in BUILTIN_NAMES | {"extra"}} <= rows
    assert {("boom", "broken"), ("semgrep", "conflict")} <= rows
    assert "plugin exploded on import" in result.output
    assert "impostor" not in result.output  # the built-in's row, not the plugin's
