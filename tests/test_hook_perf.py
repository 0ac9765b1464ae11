"""What the pre-commit hook does *not* do, for its latency budgets (issue 14): a commit
with no file the selected scanners read starts no process at all; the modules a hook run
imports leave out the libraries of scanners and formats it does not use (bandit is asked
for its SARIF formatter without being imported; cyclonedx, jinja2 and pybetterleaks are
not loaded); the hook's cache hit re-uses every scanner's run, Betterleaks' included."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shiftleft import hook
from tests.conftest import require

#: a GitHub token's format with real entropy (not a real token)
FAKE_TOKEN = "ghp_" + "R7tXk2Lm9QwZp4Vb8Nc3Hs6Jd1Fg5Ky0Ua2E"


class _NoProcess(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise _NoProcess(f"a process was started: {args[:1]}")


@pytest.mark.parametrize("engines", [(hook.SAST,), (hook.SAST, hook.DEPENDENCIES)])
def test_no_file_any_selected_scanner_reads_starts_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              engines: tuple[str, ...]) -> None:  # fmt: skip
    (tmp_path / "README.md").write_text("# r\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.txt").write_text("text\n")
    monkeypatch.setattr(subprocess, "Popen", _refuse)
    monkeypatch.setattr(subprocess, "run", _refuse)
    outcome = hook.run(tmp_path, hook.HookRequest(files=("README.md", "docs/guide.txt"), engines=engines))
    assert outcome.exit_code == 0 and outcome.scanners == ()
    assert "nothing to scan" in outcome.out[-1]


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    return set(out.stdout.split())


def test_a_hook_scan_imports_no_unused_scanner_or_format_library() -> None:
    loaded = _modules_after(
        "import shiftleft.hook_cli, shiftleft.scan, shiftleft.report\n"
        "from shiftleft.scanners.bandit import Bandit\n"
        "assert Bandit().health() is None or 'bandit' in Bandit().health()"
    )
    assert "shiftleft.scanners.registry" in loaded  # every scanner class is known...
    for heavy in ("bandit", "cyclonedx", "jinja2", "pybetterleaks", "shiftleft.report.html_report",
                  "shiftleft.report.scorecard_json"):  # fmt: skip
        assert heavy not in loaded, heavy  # ...without their libraries
    # nor what only a run needs: the schema checker (shipped policies are trusted, a file
    # named by the user is checked when it is read), the redactor's detectors (loaded by
    # the first redaction), the image engine and advisory matching (version orderings, CVSS)
    for heavy in ("jsonschema", "detect_secrets", "univers", "cvss", "shiftleft.image.vulns",
                  "shiftleft.image.reader", "shiftleft.advisories.matching"):  # fmt: skip
        assert heavy not in loaded, heavy
    # nor what only a dependency scan or a report import reads: the
    # inventory's manifest parsers, packaging, the advisory store, the report importers,
    # TOML (a pyproject.toml config) and venv (installing a tool)
    for heavy in ("shiftleft.inventory.collect", "packaging", "shiftleft.advisories.store",
                  "shiftleft.imports.load", "shiftleft.scanners.imported", "tomllib",
                  "venv", "defusedxml"):  # fmt: skip
        assert heavy not in loaded, heavy


def test_the_hook_imports_no_inventory_when_no_manifest_is_staged(tmp_path: Path) -> None:
    """The dependency checks are decided by name first: a commit that stages no file that
    may be a manifest never imports the inventory (its parsers are ~0.1 s of start-up)."""
    (tmp_path / "app.py").write_text("x = 1\n")
    assert not hook._has_manifest(["app.py", "README.md"])
    loaded = _modules_after("from shiftleft import hook\nhook._has_manifest(['app.py', 'README.md'])")
    assert "shiftleft.inventory.collect" not in loaded
    assert hook._has_manifest(["requirements.txt"]) and not hook._has_manifest(["requirements-notes.md"])


def test_bandit_formatter_check_agrees_with_importing_it() -> None:
    from shiftleft.scanners.bandit import sarif_formatter_installed

    try:
        from bandit.formatters import sarif  # noqa: F401

        importable = True
    except ImportError:
        importable = False
    assert sarif_formatter_installed() == importable


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@e", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                    *args], check=True, capture_output=True)  # fmt: skip


def test_a_rerun_on_unchanged_staged_files_runs_no_scanner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(shutil.which("git") is not None, "git is needed")
    from shiftleft.scanners.betterleaks import engine_python

    require(engine_python() is not None, "Betterleaks (the default secrets engine) is needed")
    monkeypatch.setenv("SHIFTLEFT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "README.md").write_text("# r\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "init")
    (root / "README.md").write_text("# r\n\nmore\n")
    _git(root, "add", ".")
    request = hook.HookRequest(files=("README.md",), engines=(hook.SECRETS,))
    first = hook.run(root, request)
    assert first.exit_code == 0 and first.scanners == ("betterleaks",)
    second = hook.run(root, request)
    assert second.exit_code == 0 and second.scanners == ("betterleaks",)
    assert second.report_file is not None
    meta = json.loads(second.report_file.read_text("utf-8"))["properties"]["shiftleft"]
    assert meta["cache"]["hits"] == ["betterleaks"] and not meta["cache"]["misses"]
    # a new secret in the same file: a miss, and the commit is blocked
    (root / "README.md").write_text(f'# r\n\ntoken = "{FAKE_TOKEN}"\n')
    third = hook.run(root, request)
    assert third.exit_code == 1 and third.blocking, third.out
