"""The container image's entry point (``shiftleft-container``) outside a container: a
workspace owned by another uid gets exactly one ``safe.directory`` (and real git then reads
it, hooks still off), reports that cannot be written stop the run before the scan with the way
out, the data volume falls back to a temporary directory, the advisory database is updated on
request (failing fast offline) and its absence is said, and then ``shiftleft`` itself runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

from shiftleft import container_entry as ce
from shiftleft import gitinfo
from shiftleft.advisories.importer import import_path
from shiftleft.advisories.store import AdvisoryStore
from tests.build.conftest import FIXTURE_OSV
from tests.conftest import ROOT

OTHER_UID = 12345


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (ce.WORKSPACE_ENV, ce.DB_UPDATE_ENV, ce.DB_ECOSYSTEMS_ENV, gitinfo.SAFE_DIRECTORY_ENV,
                 "SHIFTLEFT_OUTPUT"):  # fmt: skip
        monkeypatch.setenv(name, "")  # recorded, so what `run` sets is undone after the test
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("SHIFTLEFT_DB", str(tmp_path / "volume" / "advisories.sqlite3"))


def _scratch(tmp_path: Path) -> Callable[[], Path]:
    def make() -> Path:
        path = tmp_path / "scratch"
        path.mkdir(exist_ok=True)
        return path

    return make


def _workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "src"
    ws.mkdir(exist_ok=True)
    return ws


def _not_writable(*blocked: Path) -> Callable[[Path], tuple[bool, Path]]:
    """``writable_dir`` as it answers for a uid that may not write under ``blocked``."""
    real = ce.writable_dir

    def fake(path: Path) -> tuple[bool, Path]:
        ok, ancestor = real(path)
        if any(ancestor == b or b in ancestor.parents for b in blocked):
            return False, ancestor
        return ok, ancestor

    return fake


# --- argument reading ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (["scan", ".", "--output", "out"], "out"),
        (["scan", ".", "--output=out"], "out"),
        (["scan", ".", "-o", "out"], "out"),
        (["scan", ".", "-oout"], "out"),
        (["scan", "-o", "a", ".", "--output", "b"], "b"),  # the last one, as click takes it
        (["scan", ".", "--", "-o", "x"], None),  # after `--`: a path, not an option
        (["scan", "."], None),
        (["scan", ".", "--online"], None),  # --online is not -o
    ],
)
def test_the_output_option_is_read_as_the_cli_reads_it(argv: list[str], value: str | None) -> None:
    assert ce.option_value(argv, "--output", "-o") == value


def test_the_command_is_the_first_word() -> None:
    assert ce.command_of(["scan", "."]) == "scan"
    assert ce.command_of(["--version"]) is None
    assert ce.command_of([]) is None


# --- the workspace's owner and git's dubious-ownership check ------------------------------


def test_a_workspace_of_another_uid_trusts_exactly_its_real_path(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(ws)
    owner = ws.stat().st_uid
    plan = ce.plan(["scan", "."], cwd=link, euid=owner + 1, scratch=_scratch(tmp_path))  # a fake `id -u`
    assert plan.error is None
    assert plan.env[gitinfo.SAFE_DIRECTORY_ENV] == os.path.realpath(ws)
    assert "*" not in plan.env[gitinfo.SAFE_DIRECTORY_ENV]
    assert any(f"belongs to uid {owner}" in n and "safe.directory" in n for n in plan.notes)


def test_a_workspace_of_this_uid_needs_no_trust(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    plan = ce.plan(["scan", "."], cwd=ws, euid=ws.stat().st_uid, scratch=_scratch(tmp_path))
    assert gitinfo.SAFE_DIRECTORY_ENV not in plan.env


def test_the_workspace_variable_names_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.setenv(ce.WORKSPACE_ENV, str(ws))
    plan = ce.plan(["--version"], cwd=tmp_path, euid=ws.stat().st_uid + 1, scratch=_scratch(tmp_path))
    assert plan.env[gitinfo.SAFE_DIRECTORY_ENV] == os.path.realpath(ws)
    monkeypatch.setenv(ce.WORKSPACE_ENV, "src")
    assert "not an absolute path" in (ce.plan(["scan"], cwd=tmp_path, euid=0).error or "")
    monkeypatch.setenv(ce.WORKSPACE_ENV, str(tmp_path / "missing"))
    assert "not an absolute path of a directory" in (ce.plan(["scan"], cwd=tmp_path, euid=0).error or "")


def test_a_safe_directory_the_user_set_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.setenv(gitinfo.SAFE_DIRECTORY_ENV, "/builds/group/project")
    plan = ce.plan(["scan", "."], cwd=ws, euid=ws.stat().st_uid + 1, scratch=_scratch(tmp_path))
    assert gitinfo.SAFE_DIRECTORY_ENV not in plan.env


@pytest.mark.parametrize("value", ["*", "/src/*", "src", "", " /src", "/src\n", "/sr\x1bc"])
def test_git_never_gets_a_wildcard_a_relative_or_a_control_character(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(gitinfo.SAFE_DIRECTORY_ENV, value)
    assert gitinfo.safe_directory_option() == ()


def test_git_gets_the_one_directory_on_its_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(gitinfo.SAFE_DIRECTORY_ENV, "/src")
    assert gitinfo.safe_directory_option() == ("-c", "safe.directory=/src")


def _foreign_repo(tmp_path: Path) -> Path:
    """A repository with one commit and a hook that would leave a mark, owned by another uid."""
    if os.geteuid() != 0:
        pytest.skip("making a checkout owned by another uid needs root (CI runs as root)")
    repo = tmp_path / "checkout"
    repo.mkdir()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    commit = ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "x"]
    for args in (["init", "-q"], commit):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    mark = tmp_path / "hook-ran"
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {mark}\n")
    hook.chmod(0o755)
    with (repo / ".git" / "config").open("a") as config:
        config.write(f"[core]\n\tfsmonitor = touch {mark}\n")
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, OTHER_UID, OTHER_UID)
    return repo


def test_real_git_reads_a_foreign_checkout_only_when_the_entry_point_trusts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _foreign_repo(tmp_path)
    assert gitinfo.git_info(repo).commit is None  # dubious ownership: unknown, never guessed
    monkeypatch.setenv(gitinfo.SAFE_DIRECTORY_ENV, str(tmp_path / "elsewhere"))
    assert gitinfo.git_info(repo).commit is None  # trusting another path trusts nothing here
    monkeypatch.setenv(gitinfo.SAFE_DIRECTORY_ENV, "*")
    assert gitinfo.git_info(repo).commit is None  # a wildcard is refused, not passed on
    monkeypatch.delenv(gitinfo.SAFE_DIRECTORY_ENV)
    plan = ce.plan(["scan", "."], cwd=repo, euid=os.geteuid(), scratch=_scratch(tmp_path))
    monkeypatch.setenv(gitinfo.SAFE_DIRECTORY_ENV, plan.env[gitinfo.SAFE_DIRECTORY_ENV])
    info = gitinfo.git_info(repo)
    assert info.commit is not None and len(info.commit) == 40
    assert not (tmp_path / "hook-ran").exists()  # its fsmonitor and hooks stayed off
    # the trust reaches git only through gitinfo's command line: no GIT_CONFIG_* for every git
    assert not any(name.startswith("GIT_") for name in plan.env)


# --- reports must be writable -------------------------------------------------------------


def test_an_output_directory_this_uid_cannot_write_stops_before_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.setattr(ce, "writable_dir", _not_writable(ws))
    plan = ce.plan(["scan", "."], cwd=ws, euid=10001, scratch=_scratch(tmp_path))
    assert plan.error is not None
    assert f"cannot write reports to {ws / 'shiftleft-report'}" in plan.error
    assert '--user "$(id -u):$(id -g)"' in plan.error and "--output" in plan.error
    # a writable directory named with -o is fine
    out = tmp_path / "reports"
    assert ce.plan(["scan", ".", "-o", str(out)], cwd=ws, euid=10001, scratch=_scratch(tmp_path)).error is None
    # --audit-out into the read-only checkout is refused too
    audit = ce.plan(["scan", ".", "-o", str(out), "--audit-out", "bundle.zip"], cwd=ws, euid=10001,
                    scratch=_scratch(tmp_path))  # fmt: skip
    assert audit.error is not None and str(ws) in audit.error
    # other commands write no reports: not checked
    assert ce.plan(["db", "status"], cwd=ws, euid=10001, scratch=_scratch(tmp_path)).error is None


def test_writable_dir_answers_for_the_nearest_existing_ancestor(tmp_path: Path) -> None:
    assert ce.writable_dir(tmp_path / "a" / "b" / "c") == (True, tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert ce.writable_dir(blocker / "out") == (False, blocker)


def test_run_exits_2_with_one_line_and_never_starts_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.chdir(ws)
    monkeypatch.setattr(ce, "writable_dir", _not_writable(ws))
    started: list[object] = []
    monkeypatch.setattr("shiftleft.entry.main", lambda: started.append(1))
    assert ce.run(["scan", "."]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [e for e in err if "error" in e] == [err[-1]]
    assert err[-1].startswith("shiftleft-container: error: cannot write reports to")
    assert started == []


# --- the data volume ----------------------------------------------------------------------


def test_an_unwritable_volume_keeps_the_cache_and_history_in_a_scratch_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    volume = tmp_path / "xdg-cache"
    volume.mkdir()
    monkeypatch.setattr(ce, "writable_dir", _not_writable(volume))
    plan = ce.plan(["scan", ".", "-o", str(tmp_path / "out")], cwd=ws, euid=10001, scratch=_scratch(tmp_path))
    assert plan.error is None
    assert plan.env["XDG_CACHE_HOME"] == str(tmp_path / "scratch" / "cache")
    assert plan.env["XDG_STATE_HOME"] == str(tmp_path / "scratch" / "state")
    assert plan.env["SHIFTLEFT_CACHE_DIR"].startswith(str(tmp_path / "scratch"))  # set by the conftest: moved
    assert "SHIFTLEFT_DB" not in plan.env  # the database is read where it is
    assert any("not writable by uid 10001" in n and "lost" in n for n in plan.notes)


def test_run_removes_the_scratch_directory_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.chdir(ws)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(ce.tempfile, "tempdir", str(temp))
    monkeypatch.setattr(ce, "writable_dir", _not_writable(tmp_path / "xdg-cache"))
    (tmp_path / "xdg-cache").mkdir()
    seen: list[str] = []
    monkeypatch.setattr("shiftleft.entry.main", lambda: seen.append(os.environ["XDG_CACHE_HOME"]))
    assert ce.run(["scan", ".", "-o", str(tmp_path / "out")]) == 0
    assert seen and seen[0].startswith(str(temp / "shiftleft-container-"))  # the scan ran with it
    assert list(temp.iterdir()) == []  # and it is gone


def test_a_writable_volume_is_used_as_it_is(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    plan = ce.plan(["scan", ".", "-o", str(tmp_path / "out")], cwd=ws, euid=ws.stat().st_uid,
                   scratch=_scratch(tmp_path))  # fmt: skip
    assert plan.env == {}


# --- the advisory database ----------------------------------------------------------------


def _db(tmp_path: Path) -> Path:
    return tmp_path / "volume" / "advisories.sqlite3"


def _make_db(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with AdvisoryStore(path) as store:
        import_path(store, FIXTURE_OSV)


def test_no_database_is_said_before_a_scan(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    plan = ce.plan(["scan", "."], cwd=ws, euid=ws.stat().st_uid, scratch=_scratch(tmp_path))
    assert plan.update_db is None
    note = next(n for n in plan.notes if "no advisory database" in n)
    assert str(_db(tmp_path)) in note and "not assessed" in note and "SHIFTLEFT_DB_UPDATE=missing" in note
    _make_db(_db(tmp_path))
    plan = ce.plan(["scan", "."], cwd=ws, euid=ws.stat().st_uid, scratch=_scratch(tmp_path))
    assert not any("advisory database" in n for n in plan.notes)


def test_a_scan_db_option_is_the_database_looked_at(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    other = tmp_path / "other.sqlite3"
    _make_db(other)
    plan = ce.plan(["scan", ".", "--db", str(other)], cwd=ws, euid=ws.stat().st_uid, scratch=_scratch(tmp_path))
    assert not any("advisory database" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("mode", "present", "argv", "updates"),
    [
        ("missing", False, ["scan", "."], True),
        ("missing", True, ["scan", "."], False),
        ("always", True, ["scan", "."], True),
        ("1", True, ["report", "--help"], True),
        ("never", False, ["scan", "."], False),
        ("", False, ["scan", "."], False),
        ("always", False, ["db", "status"], False),  # a db command is the user's own
        ("always", False, ["--help"], False),
    ],
)
def test_db_update_on_request(
    mode: str, present: bool, argv: list[str], updates: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.setenv(ce.DB_UPDATE_ENV, mode)
    monkeypatch.setenv(ce.DB_ECOSYSTEMS_ENV, "PyPI, npm")
    if present:
        _make_db(_db(tmp_path))
    plan = ce.plan(argv, cwd=ws, euid=ws.stat().st_uid, scratch=_scratch(tmp_path))
    assert plan.error is None
    assert plan.update_db == (_db(tmp_path) if updates else None)
    if updates:
        assert plan.ecosystems == ("PyPI", "npm")


def _fresh_db(path: Path, tmp_path: Path) -> None:
    """A database whose newest advisory was modified an hour ago."""
    from datetime import datetime, timedelta

    folder = tmp_path / "fresh-osv"
    folder.mkdir()
    stamp = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = json.loads((FIXTURE_OSV / "PYSEC-2099-1.json").read_text("utf-8"))
    (folder / "PYSEC-2099-1.json").write_text(json.dumps({**doc, "modified": stamp, "published": stamp}))
    path.parent.mkdir(parents=True, exist_ok=True)
    with AdvisoryStore(path) as store:
        import_path(store, folder)


def test_stale_updates_an_old_or_missing_database_never_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.setenv(ce.DB_UPDATE_ENV, "stale")
    owner = ws.stat().st_uid
    assert ce.plan(["scan", "."], cwd=ws, euid=owner, scratch=_scratch(tmp_path)).update_db == _db(tmp_path)
    _make_db(_db(tmp_path))  # the fixture advisories date from 2024
    assert ce.plan(["scan", "."], cwd=ws, euid=owner, scratch=_scratch(tmp_path)).update_db == _db(tmp_path)
    fresh = tmp_path / "fresh.sqlite3"
    _fresh_db(fresh, tmp_path)
    monkeypatch.setenv("SHIFTLEFT_DB", str(fresh))
    assert ce.plan(["scan", "."], cwd=ws, euid=owner, scratch=_scratch(tmp_path)).update_db is None
    fresh.write_bytes(b"not a database")  # unreadable: refreshed (and the update says why if it cannot)
    assert ce.plan(["scan", "."], cwd=ws, euid=owner, scratch=_scratch(tmp_path)).update_db == fresh


def test_a_bad_update_mode_and_an_unwritable_database_are_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.setenv(ce.DB_UPDATE_ENV, "sometimes")
    assert "choose never, missing, stale or always" in (ce.plan(["scan"], cwd=ws, euid=0).error or "")
    monkeypatch.setenv(ce.DB_UPDATE_ENV, "missing")
    (tmp_path / "volume").mkdir()
    monkeypatch.setattr(ce, "writable_dir", _not_writable(tmp_path / "volume"))
    error = ce.plan(["scan", "."], cwd=ws, euid=10001, scratch=_scratch(tmp_path)).error or ""
    assert f"cannot write the advisory database {_db(tmp_path)}" in error and "uid 10001" in error


def test_an_update_offline_fails_fast_with_the_reason(tmp_path: Path) -> None:
    start = time.monotonic()
    reason = ce.update_database(_db(tmp_path), ("PyPI",), base_url="http://127.0.0.1:9", timeout=2.0)
    assert time.monotonic() - start < 10
    assert reason is not None and reason.startswith("SHIFTLEFT_DB_UPDATE: the advisory database update failed")
    assert "offline?" in reason


def test_run_updates_then_hands_over_to_shiftleft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _workspace(tmp_path)
    monkeypatch.chdir(ws)
    monkeypatch.setenv(ce.DB_UPDATE_ENV, "missing")
    updated: list[Path] = []
    monkeypatch.setattr(ce, "update_database", lambda path, ecosystems: updated.append(path))
    seen: list[list[str]] = []

    def fake_main() -> None:
        seen.append(list(sys.argv))
        raise SystemExit(3)

    monkeypatch.setattr("shiftleft.entry.main", fake_main)
    assert ce.run(["scan", ".", "-o", str(tmp_path / "out")]) == 3  # shiftleft's own exit status
    assert updated == [_db(tmp_path)]
    assert seen == [["shiftleft", "scan", ".", "-o", str(tmp_path / "out")]]


def test_run_stops_when_the_update_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(_workspace(tmp_path))
    monkeypatch.setenv(ce.DB_UPDATE_ENV, "always")
    monkeypatch.setattr(ce, "update_database", lambda path, ecosystems: "SHIFTLEFT_DB_UPDATE: offline\x1b[31m")
    monkeypatch.setattr("shiftleft.entry.main", lambda: pytest.fail("must not run"))
    assert ce.run(["scan", ".", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "shiftleft-container: error: SHIFTLEFT_DB_UPDATE: offline" in err and "\x1b" not in err


# --- data kept inside the checkout (GitLab's cache) ----------------------------------------


def _own_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "project"
    repo.mkdir()
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
    return repo


def test_data_in_the_checkout_is_used_only_when_the_repository_ships_none(tmp_path: Path) -> None:
    repo = _own_repo(tmp_path, {"app.py": "x = 1\n", ".shiftleft/baseline.sarif": "{}"})
    data = repo / ".shiftleft" / "ci-data"
    db = data / "advisories.sqlite3"
    assert ce.shipped_data(repo, [db, data / "xdg"], repo) is None  # restored by the CI cache: untracked
    assert ce.shipped_data(repo, [tmp_path / "elsewhere.sqlite3"], repo) is None  # outside: not our concern
    assert ce.shipped_data(None, [db], repo) is None


def test_a_database_the_repository_ships_is_refused(tmp_path: Path) -> None:
    repo = _own_repo(tmp_path, {".shiftleft/ci-data/advisories.sqlite3": "empty", "app.py": ""})
    reason = ce.shipped_data(repo, [Path(".shiftleft/ci-data/advisories.sqlite3")], repo) or ""
    assert "the repository ships .shiftleft/ci-data/advisories.sqlite3 there" in reason and "refused" in reason
    # the whole checkout as the cache directory: everything it ships counts
    assert "refused" in (ce.shipped_data(repo, [repo], repo) or "")


def test_a_link_or_a_submodule_on_the_way_is_refused(tmp_path: Path) -> None:
    repo = _own_repo(tmp_path, {"app.py": ""})
    (tmp_path / "outside").mkdir()
    (repo / "cache").symlink_to(tmp_path / "outside")
    reason = ce.shipped_data(repo, [repo / "cache" / "shiftleft" / "advisories.sqlite3"], repo) or ""
    assert "a symbolic link inside the scanned checkout" in reason
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    oid = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], env=env, capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    subprocess.run(["git", "-C", str(repo), "update-index", "--add", "--cacheinfo", f"160000,{oid},data"],
                   env=env, check=True)  # fmt: skip
    reason = ce.shipped_data(repo, [repo / "data" / "ci" / "advisories.sqlite3"], repo) or ""
    assert "the repository ships data there" in reason


def test_data_in_a_directory_git_cannot_read_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    reason = ce.shipped_data(plain, [plain / ".shiftleft" / "db.sqlite3"], plain) or ""
    assert "git cannot tell what the repository ships" in reason


def test_run_refuses_a_shipped_database_before_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _own_repo(tmp_path, {".shiftleft/ci-data/advisories.sqlite3": "empty"})
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SHIFTLEFT_DB", str(repo / ".shiftleft" / "ci-data" / "advisories.sqlite3"))
    monkeypatch.setattr("shiftleft.entry.main", lambda: pytest.fail("must not run"))
    assert ce.run(["scan", ".", "-o", str(tmp_path / "out")]) == 2
    assert "refused" in capsys.readouterr().err.splitlines()[-1]


# --- end to end: the real CLI through the entry point -------------------------------------


@pytest.mark.e2e
def test_a_scan_through_the_entry_point_without_a_database_is_not_assessed(tmp_path: Path) -> None:
    """The real console module on a project with a lockfile and no advisory database: the
    advisory matchers are not assessed (exit 3), said on stderr before the scan; and, as root
    (CI), a checkout owned by another uid still has its commit recorded."""
    project = tmp_path / "checkout"
    project.mkdir()
    (project / "requirements.txt").write_text("requests==2.19.0\n")
    if os.geteuid() == 0:
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):
            subprocess.run(["git", "-C", str(project), *args], check=True, env=env, capture_output=True)
        for path in [project, *project.rglob("*")]:
            os.lchown(path, OTHER_UID, OTHER_UID)
    out = tmp_path / "reports"
    env = {key: value for key, value in os.environ.items() if not key.startswith("SHIFTLEFT_GIT")}
    env.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "SHIFTLEFT_DB": str(tmp_path / "none.sqlite3"),
                "XDG_CACHE_HOME": str(tmp_path / "cache"), "SHIFTLEFT_DB_UPDATE": "never"})  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "shiftleft.container_entry", "scan", ".", "--stage", "build", "-o", str(out), "-q"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    assert "shiftleft-container: no advisory database at" in proc.stderr
    log = json.loads((out / "shiftleft.sarif").read_text("utf-8"))
    runs = {r["properties"]["shiftleft"]["scanner"]: r for r in log["runs"]}
    assert runs["osv"]["invocations"][0]["executionSuccessful"] is False
    assert "no advisory database" in json.dumps(runs["osv"]["invocations"][0])
    if os.geteuid() == 0:
        assert log["properties"]["shiftleft"]["git"]["commit"] is not None
