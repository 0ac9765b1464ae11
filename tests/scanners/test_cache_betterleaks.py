"""The result cache and the Betterleaks engine (``scanners/betterleaks.py``): a clean run is
stored and a re-run on the same files is a hit (the pre-commit hook re-run on an unchanged
commit starts no engine); a run that found a secret is stored only by where each value is
(the real engine says; the fake below does not, so its run is never stored);
the key changes with our rule file and the driver. The engine itself is faked (its ``run``
counts and returns what the driver would have been turned into)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
import sarif_om

from shiftleft.config import Config
from shiftleft.model import ScanContext
from shiftleft.pipeline import ScanOutcome, run_scan
from shiftleft.sarif import build
from shiftleft.sarif.redact import secret_hash
from shiftleft.scanners import betterleaks, cache
from shiftleft.scanners.detect_secrets import SECRET_HASHES_KEY
from tests.helpers import make_run, result_dict, target_for

SECRET = "Xk29-fjQ8z-LmP3w-Qa7"


class FakeEngine(betterleaks.Betterleaks):
    """Betterleaks with the engine faked: finds ``SECRET`` where a file contains it."""

    calls: ClassVar[list[str]] = []

    def health(self) -> str | None:
        return None

    def version(self) -> str | None:
        return "1.6.1"

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        type(self).calls.append("run")
        hits = [f for f in ctx.target.files if SECRET in (ctx.target.root / f).read_text("utf-8")]
        run = make_run([result_dict("betterleaks/generic-api-key", f, 1, text="a credential (value redacted)",
                                    properties={"secretType": "generic-api-key", "cwe": ["CWE-798"]})
                        for f in hits])  # fmt: skip
        run.properties = {SECRET_HASHES_KEY: [secret_hash(SECRET)] if hits else [], "shiftleft": {"files": 1}}
        return run


@pytest.fixture(autouse=True)
def _reset() -> None:
    FakeEngine.calls = []


def _scan(root: Path, store: Path) -> ScanOutcome:
    return run_scan(target_for(root), Config(), {"betterleaks": FakeEngine}, stages=("code",),
                    cache=cache.session(True, directory=store))  # fmt: skip


def _info(outcome: ScanOutcome) -> dict[str, list[str]]:
    return dict(outcome.log.properties["shiftleft"]["cache"])


def test_betterleaks_is_cacheable_and_reads_every_file() -> None:
    assert betterleaks.Betterleaks.cacheable


def test_a_clean_run_is_stored_and_the_rerun_starts_no_engine(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("# project\n", "utf-8")
    first = _scan(root, tmp_path / "c")
    second = _scan(root, tmp_path / "c")
    assert FakeEngine.calls == ["run"]
    assert _info(first)["stored"] == ["betterleaks"] and _info(second)["hits"] == ["betterleaks"]
    assert second.statuses[0].status == "ok" and second.statuses[0].results == 0
    (root / "README.md").write_text("# project\n\nedited\n", "utf-8")  # any file: it reads them all
    _scan(root, tmp_path / "c")
    assert FakeEngine.calls == ["run", "run"]


def test_a_run_that_found_a_secret_is_never_stored_and_blocks_every_time(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "config.py").write_text(f'API_KEY = "{SECRET}"\n', "utf-8")
    outcomes = [_scan(root, tmp_path / "c") for _ in range(2)]
    assert FakeEngine.calls == ["run", "run"]
    for outcome in outcomes:
        assert _info(outcome)["notStored"] == ["betterleaks"] and not _info(outcome)["hits"]
        assert outcome.statuses[0].results == 1
    store = tmp_path / "c" / cache.DB_FILENAME
    if store.exists():
        data = store.read_bytes()
        assert SECRET.encode() not in data and secret_hash(SECRET).encode() not in data


def test_the_key_follows_our_rule_file_and_the_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("# project\n", "utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text("# ours\n", "utf-8")
    driver = tmp_path / "driver.py"
    driver.write_text("# driver\n", "utf-8")
    monkeypatch.setattr(betterleaks, "RULES", rules)
    monkeypatch.setattr(betterleaks, "DRIVER", driver)
    _scan(root, tmp_path / "c")
    _scan(root, tmp_path / "c")
    assert FakeEngine.calls == ["run"]
    rules.write_text("# ours, one more rule\n", "utf-8")
    _scan(root, tmp_path / "c")
    driver.write_text("# driver, changed\n", "utf-8")
    _scan(root, tmp_path / "c")
    assert FakeEngine.calls == ["run", "run", "run"]


def test_a_failed_engine_run_is_not_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("# project\n", "utf-8")
    monkeypatch.setattr(FakeEngine, "run", lambda self, ctx: build.failed_run("betterleaks", "crashed", "failed"))
    first = _scan(root, tmp_path / "c")
    assert first.statuses[0].status == "failed" and not _info(first)["stored"]


def test_the_real_engines_run_with_a_secret_is_stored_by_place_and_hit(tmp_path: Path) -> None:
    """The real engine: its run that found a credential is stored without the value or its
    hash and the re-run is a hit that still blocks, with the same result."""
    if betterleaks.engine_python() is None:
        pytest.skip("Betterleaks is not installed (shiftleft tools install)")
    root = tmp_path / "repo"
    root.mkdir()
    key = "AKIA" + "E6HEHGFC67CHEL6B"  # the secrets fixture's fake pair (benchmarks/secrets): the
    pair = "6wmMvQGY7nU4dINx2eZRwN" + "+ptWPYxAwIZ0DqK7fC"  # engine reports a key id next to its secret
    (root / "deploy.py").write_text(f'AWS_ACCESS_KEY_ID = "{key}"\nAWS_SECRET_ACCESS_KEY = "{pair}"\n', "utf-8")

    def scan() -> ScanOutcome:
        return run_scan(target_for(root), Config(), {"betterleaks": betterleaks.Betterleaks}, stages=("code",),
                        cache=cache.session(True, directory=tmp_path / "c"))  # fmt: skip

    first, second = scan(), scan()
    assert _info(first)["stored"] == ["betterleaks"] and _info(second)["hits"] == ["betterleaks"]
    assert first.statuses[0].results == second.statuses[0].results == 1
    data = (tmp_path / "c" / cache.DB_FILENAME).read_bytes()
    assert key.encode() not in data and secret_hash(key).encode() not in data
