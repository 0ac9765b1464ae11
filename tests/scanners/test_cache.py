"""The result cache (``shiftleft/scanners/cache.py``): a hit when nothing the run depends on
changed (the scanner is not run: executions are counted), a miss on any change of each part
of the key, never a stored failure, never a secret in the store, a corrupted entry is a
miss, two writers at once, the size bound, and ``--no-cache``."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sarif_om

from shiftleft.config import Config, ScannerConfig
from shiftleft.model import ScanContext, ScanTarget
from shiftleft.pipeline import ScanOutcome, run_scan
from shiftleft.process import ToolError
from shiftleft.sarif import build
from shiftleft.sarif.dedup import SECRET_AT, SECRET_IDENTITY
from shiftleft.sarif.redact import secret_hash
from shiftleft.scanners import cache
from shiftleft.scanners.base import NotApplicable, Scanner
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY
from tests.helpers import FakeScanner, make_run, result_dict, target_for

#: a fake AWS key id: detect-secrets' AWS plugin recognises the format
AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"


class Counting(FakeScanner):
    """Reads ``*.py`` only; reports one finding per Python file; counts its runs."""

    name: ClassVar[str] = "counting"
    cacheable: ClassVar[bool] = True
    calls: ClassVar[list[str]] = []
    tool_version: ClassVar[str] = "1.0.0"
    identity: ClassVar[dict[str, Any]] = {}

    def version(self) -> str | None:
        return type(self).tool_version

    def inputs(self, ctx: ScanContext) -> list[str]:
        return ctx.target.files_with_suffix(".py")

    def cache_identity(self, ctx: ScanContext) -> dict[str, Any] | None:
        return dict(type(self).identity)

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        run = make_run([result_dict("R1", f, 1, text=f"problem in {f}") for f in self.inputs(ctx)])
        build.record_not_assessed(run, [{"subject": "legacy.py", "reason": "could not parse it"}])
        return run


@pytest.fixture(autouse=True)
def _reset() -> None:
    Counting.calls = []
    Counting.tool_version = "1.0.0"
    Counting.identity = {}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("import os\n", "utf-8")
    (root / "lib.py").write_text("x = 1\n", "utf-8")
    (root / "README.md").write_text("# readme\n", "utf-8")
    return root


def _scan(root: Path, store_dir: Path, *scanners: type[Scanner], config: Config | None = None,
          enabled: bool = True, offline: bool = True, max_mb: float | None = None,
          files: list[str] | None = None) -> ScanOutcome:  # fmt: skip
    session = cache.session(enabled, max_mb, directory=store_dir)
    return run_scan(target_for(root, files), config or Config(), {cls.name: cls for cls in scanners or (Counting,)},
                    stages=("code",), offline=offline, cache=session)  # fmt: skip


def _cache_info(outcome: ScanOutcome) -> dict[str, Any]:
    props = outcome.log.properties["shiftleft"]
    return dict(props["cache"])


def _results(outcome: ScanOutcome) -> list[tuple[str, str]]:
    return sorted(
        (str(r.rule_id), str(r.locations[0].physical_location.artifact_location.uri))
        for run in outcome.log.runs
        for r in run.results or []
    )


# --- hit ------------------------------------------------------------------------------------


def test_unchanged_inputs_are_a_hit_and_the_scanner_does_not_run(repo: Path, tmp_path: Path) -> None:
    first = _scan(repo, tmp_path / "c")
    second = _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting"]
    assert _cache_info(first)["stored"] == ["counting"] and _cache_info(second)["hits"] == ["counting"]
    assert _results(first) == _results(second) == [("R1", "app.py"), ("R1", "lib.py")]
    # the hit restores the run whole: its not-assessed item too, and it is "ok"
    a, b = first.statuses[0], second.statuses[0]
    assert (a.status, a.results, a.not_assessed) == (b.status, b.results, b.not_assessed) == ("ok", 2, 1)


def test_a_change_to_a_file_the_scanner_does_not_read_is_still_a_hit(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    (repo / "README.md").write_text("# changed\n", "utf-8")
    (repo / "notes.txt").write_text("new file, not read\n", "utf-8")
    _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting"]


# --- one miss per key ---------------------------------------------------------------------


def test_a_changed_input_file_is_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    (repo / "lib.py").write_text("x = 2\n", "utf-8")
    _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]


def test_a_new_input_file_is_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    (repo / "new.py").write_text("y = 1\n", "utf-8")
    outcome = _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]
    assert ("R1", "new.py") in _results(outcome)


def test_a_removed_input_file_is_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    (repo / "lib.py").unlink()
    outcome = _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]
    assert _results(outcome) == [("R1", "app.py")]


def test_another_tool_version_is_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    Counting.tool_version = "1.0.1"
    _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]


def test_other_options_are_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    _scan(repo, tmp_path / "c", config=Config(scanners={"counting": ScannerConfig(options={"level": "high"})}))
    assert Counting.calls == ["counting", "counting"]


def test_another_rule_pack_or_database_identity_is_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    Counting.identity = {"rules": [["pack.yaml", "0" * 64]]}
    _scan(repo, tmp_path / "c")
    _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]


def test_a_shiftleft_upgrade_is_a_miss(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Severity maps and normalization are shiftleft's: a new shiftleft never reuses a run."""
    _scan(repo, tmp_path / "c")
    monkeypatch.setattr(cache, "__version__", "999.0.0")
    _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]


def test_another_target_root_is_a_miss(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    copy = tmp_path / "elsewhere"
    shutil.copytree(repo, copy)
    _scan(copy, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]


def test_online_and_offline_are_different_keys(repo: Path, tmp_path: Path) -> None:
    _scan(repo, tmp_path / "c")
    _scan(repo, tmp_path / "c", offline=False)
    assert Counting.calls == ["counting", "counting"]


def test_another_scanner_of_the_same_inputs_is_a_miss(repo: Path, tmp_path: Path) -> None:
    class Other(Counting):
        name: ClassVar[str] = "other"

    _scan(repo, tmp_path / "c")
    _scan(repo, tmp_path / "c", Other)
    assert Counting.calls == ["counting", "other"]


def test_a_file_edited_while_the_scanner_ran_is_not_stored(repo: Path, tmp_path: Path) -> None:
    class Editor(Counting):
        name: ClassVar[str] = "editor"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            (ctx.target.root / "lib.py").write_text("x = 'edited meanwhile'\n", "utf-8")
            return super().run(ctx)

    outcome = _scan(repo, tmp_path / "c", Editor)
    assert _cache_info(outcome)["stored"] == []


def test_a_non_cacheable_scanner_or_no_identity_always_runs(repo: Path, tmp_path: Path) -> None:
    class Plugin(Counting):  # a plugin that did not declare itself cacheable
        name: ClassVar[str] = "plugin"
        cacheable: ClassVar[bool] = False

    class Online(Counting):
        name: ClassVar[str] = "online"

        def cache_identity(self, ctx: ScanContext) -> dict[str, Any] | None:
            return None

    for _ in range(2):
        _scan(repo, tmp_path / "c", Plugin, Online)
    assert sorted(Counting.calls) == ["online", "online", "plugin", "plugin"]


# --- the built-ins' keys --------------------------------------------------------------------


def _ctx(target: ScanTarget, tmp_path: Path, **options: Any) -> ScanContext:
    return ScanContext(target, tmp_path, options=options)


def test_semgrep_keys_on_the_rule_files_it_loads(repo: Path, tmp_path: Path) -> None:
    from shiftleft.scanners.semgrep import Semgrep

    target = target_for(repo)
    base = Semgrep().cache_identity(_ctx(target, tmp_path))
    loaded = [Path(p).parent.name for p, _ in base["rules"]]
    assert loaded and set(loaded) == {"python"}, "only the languages present are loaded, and keyed"
    extra = tmp_path / "mine.yaml"
    extra.write_text("rules: []\n", "utf-8")
    one = Semgrep().cache_identity(_ctx(target, tmp_path, rules=[str(extra)]))
    extra.write_text("rules: [] # changed\n", "utf-8")
    two = Semgrep().cache_identity(_ctx(target, tmp_path, rules=[str(extra)]))
    assert one != two != base
    # with rules of its own semgrep reads every file of a language it analyses
    (repo / "conf.yaml").write_text("a: 1\n", "utf-8")
    target = target_for(repo)
    assert "conf.yaml" not in Semgrep().inputs(_ctx(target, tmp_path))
    assert "conf.yaml" in Semgrep().inputs(_ctx(target, tmp_path, rules=[str(extra)]))
    assert "README.md" not in Semgrep().inputs(_ctx(target, tmp_path))


def test_dependency_scanners_key_on_the_database_and_the_manifests(repo: Path, tmp_path: Path) -> None:
    from shiftleft.scanners.osv import OsvScanner
    from shiftleft.scanners.pip_audit import PipAudit

    (repo / "requirements.txt").write_text("flask==2.0.0\n", "utf-8")
    db = tmp_path / "advisories.sqlite3"
    db.write_bytes(b"v1")
    target = target_for(repo)
    ctx = _ctx(target, tmp_path, db=str(db))
    assert OsvScanner().inputs(ctx) == ["requirements.txt"] == PipAudit().inputs(ctx)
    before = OsvScanner().cache_identity(ctx)
    db.write_bytes(b"v2 - imported again")
    after = OsvScanner().cache_identity(ctx)
    assert before != after
    assert before is not None and before["db"]["path"] == str(db.resolve())
    # another file appearing (a lockfile beside the manifest changes what is reported)
    (repo / "poetry.lock").write_text("", "utf-8")
    assert OsvScanner().cache_identity(_ctx(target_for(repo), tmp_path, db=str(db))) != after
    # pip-audit online asks a service: never cached
    online = ScanContext(target, tmp_path, options={"db": str(db)}, offline=False)
    assert PipAudit().cache_identity(online) is None
    assert PipAudit().cache_identity(ScanContext(target, tmp_path, options={"local_only": True}, offline=False))


def test_builtins_with_outside_inputs_are_not_cached() -> None:
    from shiftleft.scanners.container import ContainerImage
    from shiftleft.scanners.cyclonedx import CycloneDxSbom
    from shiftleft.scanners.registry import BUILTIN_SCANNERS

    assert not ContainerImage.cacheable  # an image named by reference is whatever the daemon holds now
    assert CycloneDxSbom.cacheable and CycloneDxSbom.writes_artifact  # stored with its SBOM (test_cache_sbom)
    assert {c.name for c in BUILTIN_SCANNERS if c.cacheable} >= {"semgrep", "bandit", "detect-secrets", "osv"}
    assert [c.name for c in BUILTIN_SCANNERS if c.writes_artifact] == ["cyclonedx"]


# --- never unsafe ---------------------------------------------------------------------------


class Failing(Counting):
    name: ClassVar[str] = "failing"
    mode: ClassVar[str] = "failed"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        if self.mode == "not-applicable":
            raise NotApplicable("nothing of its kind")
        raise ToolError("the tool crashed", self.mode)


@pytest.mark.parametrize("mode", ["failed", "timeout", "missing"])
def test_a_run_that_did_not_succeed_is_never_stored(repo: Path, tmp_path: Path, mode: str) -> None:
    Failing.mode = mode
    for _ in range(2):
        outcome = _scan(repo, tmp_path / "c", Failing)
        assert _cache_info(outcome)["stored"] == []
    assert Counting.calls == ["failing", "failing"]
    assert cache.ResultStore(tmp_path / "c").stats() == (0, 0)


def test_not_applicable_once_it_looked_is_kept_and_stays_not_applicable(repo: Path, tmp_path: Path) -> None:
    """A scanner that looked at its inputs and found nothing of its kind (checkov on a tree
    without IaC) is not run again on unchanged inputs; the hit is reported not applicable,
    never as an assessed, clean run; an edit to an input is a miss."""
    Failing.mode = "not-applicable"
    first = _scan(repo, tmp_path / "c", Failing)
    assert _cache_info(first)["stored"] == ["failing"]
    second = _scan(repo, tmp_path / "c", Failing)
    assert _cache_info(second)["hits"] == ["failing"]
    assert Counting.calls == ["failing"]
    for outcome in (first, second):
        assert [(s.status, s.reason) for s in outcome.statuses] == [("not-applicable", "nothing of its kind")]
        assert not [run for run in outcome.log.runs if run.tool.driver.name == "failing"]
    (repo / "app.py").write_text("print('changed')\n")
    third = _scan(repo, tmp_path / "c", Failing)
    assert _cache_info(third)["misses"] == ["failing"] and Counting.calls == ["failing", "failing"]


def test_a_missing_tool_is_not_looked_up_as_a_pass(repo: Path, tmp_path: Path) -> None:
    """Its run was stored while installed; once it is missing the scan says so, the stored
    run is not used: health is checked before any lookup."""

    class Tool(Counting):
        name: ClassVar[str] = "tool"
        installed: ClassVar[bool] = True

        def health(self) -> str | None:
            return None if type(self).installed else "tool is not installed"

    _scan(repo, tmp_path / "c", Tool)
    Tool.installed = False  # its version still reads (a formatter plugin went missing)
    outcome = _scan(repo, tmp_path / "c", Tool)
    assert outcome.statuses[0].status == "missing"
    assert _cache_info(outcome)["hits"] == []


def test_a_stored_entry_that_is_not_a_successful_run_is_refused(tmp_path: Path) -> None:
    store = cache.ResultStore(tmp_path / "c")
    failed = build.failed_run("x", "broken", "failed")
    from shiftleft.sarif import om

    store.put("k", "x", cache._encode(om.to_dict(failed)))
    assert store.get("k") is None
    # "not applicable" with results is no run an adapter returns: refused, not served
    forged = om.to_dict(build.failed_run("x", "nothing here", "not-applicable"))
    forged["results"] = [result_dict("R1", "app.py", 1)]
    store.put("n", "x", cache._encode(forged))
    assert store.get("n") is None
    store.put("n2", "x", cache._encode(om.to_dict(build.failed_run("x", "nothing here", "not-applicable"))))
    assert store.get("n2") is not None


def test_no_secret_value_is_stored(repo: Path, tmp_path: Path) -> None:
    class Echo(Counting):
        """A SAST tool whose snippet shows a line with a credential in it."""

        name: ClassVar[str] = "echo"

        def run(self, ctx: ScanContext) -> sarif_om.Run:
            type(self).calls.append(self.name)
            res = result_dict("R1", "app.py", 1, text=f"call with {AWS_KEY}")
            res["locations"][0]["physicalLocation"]["region"]["snippet"] = {"text": f'key = "{AWS_KEY}"'}
            return make_run([res])

    first = _scan(repo, tmp_path / "c", Echo)
    assert _cache_info(first)["stored"] == ["echo"]
    raw = (tmp_path / "c" / cache.DB_FILENAME).read_bytes()
    with sqlite3.connect(tmp_path / "c" / cache.DB_FILENAME) as conn:
        data = b"".join(bytes(row[0]) for row in conn.execute("SELECT data FROM entries"))
    assert AWS_KEY.encode() not in data and AWS_KEY.encode() not in raw
    assert b"[REDACTED]" in data
    second = _scan(repo, tmp_path / "c", Echo)
    assert _cache_info(second)["hits"] == ["echo"]
    assert AWS_KEY not in json.dumps(cache.om.log_to_dict(second.log))


#: a value the redactor treats as strong (replaced wherever it occurs)
STRONG = "Xk29-fjQ8z-LmP3w"


class Hashes(Counting):
    """A secrets engine: one finding, the SHA-1 of its value for the redactor."""

    name: ClassVar[str] = "hashes"
    category: ClassVar[str] = "secrets"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        run = make_run([result_dict("secret", "app.py", 1, text="Secret Keyword found (value redacted)",
                                    properties={"cwe": ["CWE-798"]})])  # fmt: skip
        run.properties = {SECRET_HASHES_KEY: [secret_hash(STRONG)]}
        return run


class Password(Counting):
    """bandit-like: the literal is in the message."""

    name: ClassVar[str] = "password"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        res = result_dict("B105", "app.py", 1, text=f"Possible hardcoded password: '{STRONG}'",
                          properties={"cwe": ["CWE-259"]})  # fmt: skip
        return make_run([res])


class Echo(Counting):
    """Not cacheable: shows the value in clear where no detector knows it for a secret."""

    name: ClassVar[str] = "echo"
    cacheable: ClassVar[bool] = False

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        return make_run([result_dict("E1", "lib.py", 1, text=f"value {STRONG} used")])


def _stored_bytes(store_dir: Path) -> bytes:
    with sqlite3.connect(store_dir / cache.DB_FILENAME) as conn:
        return b"".join(bytes(row[0]) for row in conn.execute("SELECT data FROM entries"))


@pytest.mark.parametrize("teacher", [Hashes, Password])
def test_a_run_that_teaches_the_redactor_is_not_stored(repo: Path, tmp_path: Path, teacher: type[Scanner]) -> None:
    """detect-secrets' hashes and a credential result's literal remove the value from every
    other run. A hit could not teach that to a later scan's redactor, and the cache must hold
    no form of a secret (a hash can be brute-forced): such a run is not stored, it runs
    again, and a fresh run's echo of the value is redacted both times."""
    first = _scan(repo, tmp_path / "c", teacher, Echo)
    info = _cache_info(first)
    assert teacher.name not in info["stored"] and info["notStored"] == [teacher.name]
    data = _stored_bytes(tmp_path / "c") if (tmp_path / "c" / cache.DB_FILENAME).exists() else b""
    assert STRONG.encode() not in data and secret_hash(STRONG).encode() not in data
    second = _scan(repo, tmp_path / "c", teacher, Echo)
    assert teacher.name in _cache_info(second)["misses"]
    assert Counting.calls.count(teacher.name) == 2
    for outcome in (first, second):
        text = json.dumps(cache.om.log_to_dict(outcome.log))
        assert STRONG not in text and "[REDACTED]" in text
        assert SECRET_HASHES_KEY not in text


class Located(Counting):
    """Betterleaks-like: one finding with the value's hash and where the value is in app.py."""

    name: ClassVar[str] = "located"
    category: ClassVar[str] = "secrets"
    at: ClassVar[list[int]] = [9, len(STRONG)]

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        run = make_run([result_dict("secret", "app.py", 1, text="Betterleaks rule matched (value redacted)")])
        assert run.results
        run.results[0].properties = {"cwe": ["CWE-798"], SECRET_IDENTITY: secret_hash(STRONG),
                                     SECRET_AT: list(type(self).at)}  # fmt: skip
        run.properties = {SECRET_HASHES_KEY: [secret_hash(STRONG)]}
        return run


@pytest.fixture
def located(repo: Path) -> type[Located]:
    (repo / "app.py").write_text(f'token = "{STRONG}"\n')
    Located.at = [9, len(STRONG)]
    return Located


def test_a_secrets_run_that_says_where_each_value_is_is_stored_without_it(
    repo: Path, tmp_path: Path, located: type[Located]
) -> None:
    """The entry keeps where the value is, never the value nor its hash; the hit reads the
    value's bytes back and gives the redactor the hash a fresh run gives: another tool's
    echo of the value is redacted on the hit as on the fresh run."""
    first = _scan(repo, tmp_path / "c", located, Echo)
    assert _cache_info(first)["stored"] == ["located"]
    data = _stored_bytes(tmp_path / "c")
    assert STRONG.encode() not in data and secret_hash(STRONG).encode() not in data
    second = _scan(repo, tmp_path / "c", located, Echo)
    assert _cache_info(second)["hits"] == ["located"] and Counting.calls.count("located") == 1
    for outcome in (first, second):
        text = json.dumps(cache.om.log_to_dict(outcome.log))
        assert STRONG not in text and "[REDACTED]" in text
        assert SECRET_HASHES_KEY not in text and SECRET_AT not in text and SECRET_IDENTITY not in text
    assert _results(first) == _results(second)


@pytest.mark.parametrize("at", [[8, len(STRONG)], [9, len(STRONG) + 1], [10_000, 4], [9, 0], ["9", 4], [9]])
def test_a_value_the_cache_cannot_place_keeps_the_run_out(
    repo: Path, tmp_path: Path, located: type[Located], at: list[Any]
) -> None:
    """Where the engine says the value is must hash to the engine's hash, else (another
    value, out of the file, malformed) the run is not stored: it runs again."""
    Located.at = at
    first = _scan(repo, tmp_path / "c", located, Echo)
    assert _cache_info(first)["notStored"] == ["located"]
    _scan(repo, tmp_path / "c", located, Echo)
    assert Counting.calls.count("located") == 2


def test_a_stored_place_that_cannot_be_read_back_is_a_miss(repo: Path, tmp_path: Path, located: type[Located]) -> None:
    """An entry altered to point past its file (the digest of the file is in the key, so
    only an altered entry can): a miss, the engine runs, its echo still redacted."""
    _scan(repo, tmp_path / "c", located, Echo)
    with sqlite3.connect(tmp_path / "c" / cache.DB_FILENAME) as conn:
        rows = conn.execute("SELECT key, data FROM entries").fetchall()
        for key, data in rows:
            entry = json.loads(data)
            for result in entry["run"].get("results") or []:
                if SECRET_AT in (result.get("properties") or {}):
                    result["properties"][SECRET_AT] = [10_000, 4]
            conn.execute("UPDATE entries SET data = ? WHERE key = ?", (json.dumps(entry).encode(), key))
    second = _scan(repo, tmp_path / "c", located, Echo)
    assert "located" in _cache_info(second)["misses"] and Counting.calls.count("located") == 2
    assert STRONG not in json.dumps(cache.om.log_to_dict(second.log))


def test_a_stored_entry_carrying_secret_hashes_is_a_miss(repo: Path, tmp_path: Path) -> None:
    """Nothing of ours is ever stored with secret hashes: an entry that has them was not
    written by shiftleft (or was altered) and is not used."""
    _scan(repo, tmp_path / "c", Counting)
    key = _only_key(tmp_path / "c")
    with sqlite3.connect(tmp_path / "c" / cache.DB_FILENAME) as conn:
        (data,) = conn.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
        entry = json.loads(data)
        entry["run"]["properties"] = {**(entry["run"].get("properties") or {}), SECRET_HASHES_KEY: ["0" * 40]}
        conn.execute("UPDATE entries SET data = ? WHERE key = ?", (json.dumps(entry).encode(), key))
    _scan(repo, tmp_path / "c", Counting)
    assert Counting.calls.count("counting") == 2


# --- the store ------------------------------------------------------------------------------


def _only_key(store_dir: Path) -> str:
    with sqlite3.connect(store_dir / cache.DB_FILENAME) as conn:
        (key,) = conn.execute("SELECT key FROM entries").fetchone()
    return str(key)


@pytest.mark.parametrize(
    "data",
    [b"not json", b'{"format": 1, "run": 3}', b'{"format": 99, "run": {}}', b"[" * 5000 + b"]" * 5000,
     b'{"format": 1, "run": {"tool": "x"}}', "\ud800".encode("utf-8", "surrogatepass")],
)  # fmt: skip
def test_a_corrupted_entry_is_a_miss_never_a_crash(repo: Path, tmp_path: Path, data: bytes) -> None:
    _scan(repo, tmp_path / "c")
    key = _only_key(tmp_path / "c")
    with sqlite3.connect(tmp_path / "c" / cache.DB_FILENAME) as conn:
        conn.execute("UPDATE entries SET data = ? WHERE key = ?", (data, key))
    outcome = _scan(repo, tmp_path / "c")
    assert Counting.calls == ["counting", "counting"]
    assert outcome.statuses[0].status == "ok" and _cache_info(outcome)["stored"] == ["counting"]
    _scan(repo, tmp_path / "c")
    assert len(Counting.calls) == 2, "the fresh run replaced the bad entry"


def test_a_store_that_is_not_a_database_turns_the_cache_off(repo: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "c"
    store_dir.mkdir()
    (store_dir / cache.DB_FILENAME).write_bytes(b"garbage, not SQLite" * 100)
    outcome = _scan(repo, store_dir)
    assert outcome.statuses[0].status == "ok"
    assert "problem" in _cache_info(outcome)


def test_a_foreign_schema_is_refused(repo: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "c"
    store_dir.mkdir()
    with sqlite3.connect(store_dir / cache.DB_FILENAME) as conn:
        conn.execute("CREATE TABLE entries (key TEXT, data BLOB)")
        conn.execute("CREATE TRIGGER t AFTER INSERT ON entries BEGIN DELETE FROM entries; END")
    outcome = _scan(repo, store_dir)
    assert outcome.statuses[0].status == "ok" and "problem" in _cache_info(outcome)


def test_the_size_bound_evicts_the_least_recently_used(tmp_path: Path) -> None:
    store = cache.ResultStore(tmp_path / "c", max_mb=0.01)  # 10,485 bytes
    run = cache.om.to_dict(make_run([result_dict("R", "a.py", 1, text="x" * 3000)]))
    run["invocations"] = [{"executionSuccessful": True}]
    blob = cache._encode(run)
    assert 3000 < len(blob) < 4000
    for key in ("a", "b", "c"):
        assert store.put(key, "s", blob)
    assert store.get("a") is not None  # a is now more recently used than b
    store.put("d", "s", blob)
    assert store.get("b") is None and store.get("a") is not None and store.get("d") is not None
    entries, size = store.stats()
    assert size <= store.max_bytes and entries == 3
    assert not store.put("huge", "s", blob * 4), "an entry larger than the bound is not stored"


def _writer(directory: str, prefix: str, count: int) -> None:
    store = cache.ResultStore(Path(directory))
    run = cache.om.to_dict(make_run([result_dict("R", "a.py", 1)]))
    run["invocations"] = [{"executionSuccessful": True}]
    blob = cache._encode(run)
    for i in range(count):
        store.put(f"{prefix}-{i}", "s", blob)
        assert store.get(f"{prefix}-{i // 2}") is not None


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path / "c"), p, 40)) for p in ("p", "q")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    assert [proc.exitcode for proc in procs] == [0, 0]
    assert cache.ResultStore(tmp_path / "c").stats()[0] == 80


def test_threads_write_at_once_on_a_fresh_store(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            _writer(str(tmp_path / "c"), prefix, 20)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert cache.ResultStore(tmp_path / "c").stats()[0] == 80


def test_the_cache_directory_is_the_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(cache.ENV_DIR)
    assert cache.cache_dir().parts[-2:] == ("shiftleft", "results")


# --- switching it off -----------------------------------------------------------------------


def test_disabled_cache_runs_every_time_and_stores_nothing(repo: Path, tmp_path: Path) -> None:
    for _ in range(2):
        outcome = _scan(repo, tmp_path / "c", enabled=False)
        assert _cache_info(outcome) == {"enabled": False, "hits": [], "misses": [], "stored": [], "notStored": []}
    assert Counting.calls == ["counting", "counting"]
    assert not (tmp_path / "c").exists()


def test_no_cache_flag_and_config(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from shiftleft import cli
    from shiftleft import scan as scan_module

    monkeypatch.setattr(scan_module, "discover", lambda: {"counting": Counting})
    runner = CliRunner()
    out = tmp_path / "out"
    argv = ["scan", str(repo), "--stage", "code", "-o", str(out), "--no-history", "-q"]
    for extra in (["--no-cache"], ["--no-cache"], [], []):
        result = runner.invoke(cli.app, [*argv, *extra])
        assert result.exit_code in (0, 1), result.output
    assert Counting.calls == ["counting"] * 3, "--no-cache runs twice; the third run stores; the fourth hits"
    config = tmp_path / "shiftleft.yaml"
    config.write_text("cache:\n  enabled: false\n", "utf-8")
    runner.invoke(cli.app, [*argv, "--config", str(config)])
    assert len(Counting.calls) == 4


def test_config_keys_and_a_repository_config(tmp_path: Path) -> None:
    from shiftleft import repo_config
    from shiftleft.config import REPOSITORY, ConfigError, load

    (tmp_path / "shiftleft.yaml").write_text("cache:\n  enabled: true\n  max_mb: 100000\n", "utf-8")
    config = load(None, tmp_path)
    assert config.origin == REPOSITORY and config.cache["max_mb"] == 100000
    limited = repo_config.limit(config, {})
    assert "max_mb" not in limited.config.cache and any("cache.max_mb" in w for w in limited.ignored)
    (tmp_path / "shiftleft.yaml").write_text("cache:\n  max_mb: 10\n", "utf-8")
    assert repo_config.limit(load(None, tmp_path), {}).config.cache["max_mb"] == 10
    (tmp_path / "shiftleft.yaml").write_text("cache:\n  path: /tmp/elsewhere\n", "utf-8")
    with pytest.raises(ConfigError, match="path"):
        load(None, tmp_path)


# --- scanners that share one run of their tool (checkov's two halves) ------------------------


class SharedHalf(Counting):
    """Two stages served by one tool run (``shared_run``); each half reads its own suffix."""

    shared_run: ClassVar[str | None] = "tool-y"
    suffix: ClassVar[str] = ".py"
    shared_calls: ClassVar[list[list[str]]] = []
    fail: ClassVar[bool] = False

    def inputs(self, ctx: ScanContext) -> list[str]:
        return ctx.target.files_with_suffix(type(self).suffix)

    @classmethod
    def execute_shared(cls, members: Any) -> list[sarif_om.Run]:
        SharedHalf.shared_calls.append([s.name for s, _ in members])
        if SharedHalf.fail:
            return [build.failed_run(s.name, "tool-y crashed", "failed") for s, _ in members]
        return [s.execute(ctx) for s, ctx in members]


class BuildHalf(SharedHalf):
    name: ClassVar[str] = "y-build"
    stages: ClassVar[tuple[str, ...]] = ("build",)


class DeployHalf(SharedHalf):
    name: ClassVar[str] = "y-deploy"
    stages: ClassVar[tuple[str, ...]] = ("deploy",)
    suffix: ClassVar[str] = ".md"


def _scan_halves(root: Path, store_dir: Path) -> ScanOutcome:
    session = cache.session(True, directory=store_dir)
    return run_scan(target_for(root), Config(), {c.name: c for c in (BuildHalf, DeployHalf)},
                    stages=("build", "deploy"), cache=session)  # fmt: skip


@pytest.fixture
def _reset_halves() -> None:
    SharedHalf.shared_calls = []
    SharedHalf.fail = False


@pytest.mark.usefixtures("_reset_halves")
def test_a_shared_run_is_a_hit_for_every_member_and_the_tool_does_not_start(repo: Path, tmp_path: Path) -> None:
    first = _scan_halves(repo, tmp_path / "store")
    assert SharedHalf.shared_calls == [["y-build", "y-deploy"]]
    second = _scan_halves(repo, tmp_path / "store")
    assert SharedHalf.shared_calls == [["y-build", "y-deploy"]]  # not started again
    assert sorted(_cache_info(second)["hits"]) == ["y-build", "y-deploy"]
    assert _results(second) == _results(first)


@pytest.mark.usefixtures("_reset_halves")
def test_a_shared_run_reruns_only_the_member_whose_inputs_changed(repo: Path, tmp_path: Path) -> None:
    _scan_halves(repo, tmp_path / "store")
    (repo / "README.md").write_text("# changed\n", "utf-8")  # the deploy half's input only
    Counting.calls = []
    outcome = _scan_halves(repo, tmp_path / "store")
    assert len(SharedHalf.shared_calls) == 1  # the one miss runs alone, as it would outside a group
    assert Counting.calls == ["y-deploy"]
    assert _cache_info(outcome)["hits"] == ["y-build"]
    assert {s.name: str(s.status) for s in outcome.statuses} == {"y-build": "ok", "y-deploy": "ok"}


@pytest.mark.usefixtures("_reset_halves")
def test_a_failed_shared_run_is_not_stored_for_any_member(repo: Path, tmp_path: Path) -> None:
    SharedHalf.fail = True
    _scan_halves(repo, tmp_path / "store")
    SharedHalf.fail = False
    outcome = _scan_halves(repo, tmp_path / "store")
    assert SharedHalf.shared_calls[-1] == ["y-build", "y-deploy"]
    assert _cache_info(outcome)["hits"] == []


class Snippet(Counting):
    """semgrep-like, cacheable: its snippet shows a value no detector takes for a secret."""

    name: ClassVar[str] = "snippet"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        res = result_dict("S1", "lib.py", 1, text="risky call")
        res["locations"][0]["physicalLocation"]["region"]["snippet"] = {"text": f"call(value {STRONG} used)"}
        return make_run([res])


@pytest.mark.parametrize("teacher", [Hashes, Password])
def test_a_secret_found_this_scan_is_redacted_from_a_cached_run(repo: Path, tmp_path: Path,
                                                                teacher: type[Scanner]) -> None:  # fmt: skip
    """The first scan knows no secret: the snippet is stored as its log showed it. The
    second scan serves it from the cache while another engine finds the value fresh (a
    hash, a credential literal): the cached snippet is rewritten with what this scan
    learnt (a hit is redacted as a fresh run is, never taken as already clean)."""
    first = _scan(repo, tmp_path / "c", Snippet)
    assert _cache_info(first)["stored"] == ["snippet"]
    second = _scan(repo, tmp_path / "c", Snippet, teacher)
    assert _cache_info(second)["hits"] == ["snippet"] and Counting.calls.count("snippet") == 1
    text = json.dumps(cache.om.log_to_dict(second.log))
    assert STRONG not in text and "call(value [REDACTED] used)" in text


class PasswordHalf(SharedHalf):
    """A shared-run half with a credential result quoting its literal (as bandit's B105)."""

    name: ClassVar[str] = "y-password"
    stages: ClassVar[tuple[str, ...]] = ("build",)

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append(self.name)
        return make_run([result_dict("B105", "app.py", 1, text=f"Possible hardcoded password: '{STRONG}'",
                                     properties={"cwe": ["CWE-259"]})])  # fmt: skip


@pytest.mark.usefixtures("_reset_halves")
def test_a_shared_runs_hit_gets_back_what_it_taught_the_redactor(repo: Path, tmp_path: Path) -> None:
    """The group path reads quoted literals (and secrets) back from their files as the single
    path does: before, its hit kept the stored places in the output and the masked text."""
    (repo / "app.py").write_text(f"password = '{STRONG}'\n", "utf-8")

    def scan() -> ScanOutcome:
        session = cache.session(True, directory=tmp_path / "store")
        halves = {c.name: c for c in (PasswordHalf, DeployHalf)}
        return run_scan(target_for(repo), Config(), halves, stages=("build", "deploy"), cache=session)

    first, second = scan(), scan()
    assert "y-password" in _cache_info(second)["hits"] and Counting.calls.count("y-password") == 1
    for outcome in (first, second):
        text = json.dumps(cache.om.log_to_dict(outcome.log))
        assert cache.QUOTED_REFS_KEY not in text and STRONG not in text
    assert _results(first) == _results(second)
    messages = [[r.message.text for run in o.log.runs for r in run.results or []] for o in (first, second)]
    assert messages[0] == messages[1]
