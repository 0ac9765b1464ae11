"""semgrep takes no ignore list, settings or rules from the repository, imports nothing of
it, and a file it could not parse is not assessed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shiftleft.scanners.semgrep import Semgrep

from . import builders
from .conftest import RunScanner, files_of, not_assessed, rule_ids, uris

pytestmark = pytest.mark.usefixtures("semgrep")
PICKLE_RULE = "shiftleft.python.pickle-loads"


def _skipped(run: dict) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in run.get("properties", {}).get("shiftleft", {}).get("skipped") or []}


def test_repository_ignore_files_and_settings_hide_nothing(tmp_path: Path, run_scanner: RunScanner) -> None:
    """Without a root .semgrepignore: a nested .semgrepignore, .gitignore, .git/info/exclude,
    .semgrep.yml, .semgrep/settings.yml and a nosemgrep comment hide nothing; semgrep's
    default ignores (tests/, vendor/, build/) leave files out, and each is listed as skipped."""
    root = tmp_path / "repo"
    root.mkdir()
    expected = builders.semgrep_ignores(root)
    (root / ".semgrepignore").unlink()
    run = run_scanner(Semgrep, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert PICKLE_RULE in rule_ids(run)
    defaults = {"tests/test_core.py", "vendor/lib.py", "build/gen.py"}
    assert uris(run) == set(expected) - defaults
    assert set(_skipped(run)) == defaults
    assert all("semgrep's default ignores" in why for why in _skipped(run).values())
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert {n.split(":")[0] for n in notes if "skipped" in n} == defaults


def test_a_semgrepignore_that_ignores_everything_lists_every_file(tmp_path: Path, run_scanner: RunScanner) -> None:
    """The project's .semgrepignore narrows what semgrep reads (``*.py``): every file it
    leaves out is listed as skipped with the pattern, and the run says semgrep analysed
    nothing: never a silent clean."""
    root = tmp_path / "repo"
    root.mkdir()
    expected = builders.semgrep_ignores(root)
    run = run_scanner(Semgrep, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert not run.get("results")
    assert set(_skipped(run)) == set(expected)
    assert all("ignored by .semgrepignore pattern '*.py'" == why for why in _skipped(run).values())
    levels = [n["level"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert levels.count("warning") == 1 and levels.count("note") == len(expected)


def test_semgrep_variables_of_our_environment_are_not_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """SEMGREP_RULES would add a rule file (here: an empty one, and a path outside)."""
    extra = tmp_path / "extra.yaml"
    extra.write_text("rules: []\n")
    monkeypatch.setenv("SEMGREP_RULES", str(extra))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(builders.PICKLE)
    run = run_scanner(Semgrep, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert PICKLE_RULE in rule_ids(run)


def test_repository_modules_never_shadow_the_tools_imports(
    tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """An empty PYTHONPATH entry means "the working directory": before, semgrep and
    bandit ran in the repository root and imported its yaml.py / click.py ..."""
    from shiftleft.scanners.bandit import Bandit

    monkeypatch.setenv("PYTHONPATH", os.pathsep + os.environ.get("PYTHONPATH", ""))
    root = tmp_path / "repo"
    root.mkdir()
    builders.python_shadowing(root, marker)
    files = files_of(root)
    for cls in (Bandit, Semgrep):
        run = run_scanner(cls, root, files)
        assert not marker.exists(), f"{cls.name} imported repository code"
        assert run["invocations"][0]["executionSuccessful"] is True, run["invocations"]


def test_a_file_semgrep_could_not_parse_is_not_assessed(tmp_path: Path, run_scanner: RunScanner) -> None:
    """Before: a SARIF warning only, the run fully assessed."""
    root = tmp_path / "repo"
    root.mkdir()
    broken = builders.semgrep_unparsable(root)
    run = run_scanner(Semgrep, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    items = not_assessed(run)
    assert [i["subject"] for i in items] == [broken]
    assert "parse" in items[0]["reason"]
    assert "\ufffd" not in items[0]["reason"]  # no repository bytes copied into the reason
    assert "fine.py" in uris(run)


def test_files_beyond_one_argument_list_are_all_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """Scaled down: an 8 KiB argument budget instead of 512 KiB makes 12 files under long
    paths need several runs; the first and the last file's findings are both in the one run."""
    from shiftleft import process as isolation

    monkeypatch.setattr(isolation, "ARGV_BUDGET", 8192)
    root = tmp_path / "repo"
    root.mkdir()
    files = builders.many_python_files(root, 12, flagged=(0, 11))
    assert len(list(isolation.batches([str(root / f) for f in files]))) >= 2
    run = run_scanner(Semgrep, root, tuple(files))
    assert {files[0], files[11]} <= uris(run)
    assert len([r for r in run["results"] if r["ruleId"] == PICKLE_RULE]) == 2
    assert len({r["id"] for r in run["tool"]["driver"]["rules"]}) == len(run["tool"]["driver"]["rules"])


def test_typescript_declaration_files_are_listed_as_skipped(tmp_path: Path, run_scanner: RunScanner) -> None:
    """semgrep is not given declaration files (types only), and the run lists each of them as
    skipped with its reason beside the findings of the code it did analyse."""
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.ts").write_text("export function run(code: string) {\n  return eval(code);\n}\n")
    (root / "src" / "app.d.ts").write_text("export declare function run(code: string): unknown;\n")
    (root / "types.d.mts").write_text("export declare const VERSION: string;\n")
    run = run_scanner(Semgrep, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert uris(run) == {"src/app.ts"}
    assert set(_skipped(run)) == {"src/app.d.ts", "types.d.mts"}
    assert all("declaration file" in why for why in _skipped(run).values())
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert {n.split(":")[0] for n in notes if "skipped" in n} == {"src/app.d.ts", "types.d.mts"}


def test_a_file_over_semgreps_default_size_limit_is_analysed(tmp_path: Path, run_scanner: RunScanner) -> None:
    """semgrep's OCaml command line leaves out files over 1,000,000 bytes by default (its
    Python one analysed explicit targets of any size): a padded file's finding is still found,
    and the run is fully assessed (a file left out would be not assessed: semgrep_sarif.unscanned)."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "small.py").write_text(builders.PICKLE)
    padding = "# " + "x" * 98 + "\n"
    (root / "big.py").write_text(builders.PICKLE + padding * 10_500)
    assert (root / "big.py").stat().st_size > 1_000_000
    run = run_scanner(Semgrep, root)
    assert run["invocations"][0]["executionSuccessful"] is True
    assert uris(run) == {"small.py", "big.py"}
    assert not_assessed(run) == []


def test_semgrep_runs_no_git_in_the_repository(
    tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch, run_scanner: RunScanner
) -> None:
    """The repository's own ``.git/config`` is hostile (``core.fsmonitor``, aliases, ``url``
    rewrites): semgrep's Python command line ran ``git remote get-url origin`` in the scanned
    root; the OCaml one a scan runs starts no git at all (a ``git`` first on PATH records a call)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "git"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {marker}\nexec /usr/bin/git \"$@\"\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(builders.PICKLE)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[remote \"origin\"]\n\turl = https://example.invalid/x.git\n")
    run = run_scanner(Semgrep, root)
    assert PICKLE_RULE in rule_ids(run)
    assert not marker.exists(), marker.read_text() if marker.exists() else ""
