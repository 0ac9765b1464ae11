"""The SBOM writer in the result cache (``Scanner.writes_artifact``): a hit writes the
stored SBOM again, renewed (serial number, timestamp), into this scan's output directory;
anything that cannot be renewed or written is a miss and the SBOM is made afresh; the
stored text is redacted; a warm scan whose pure-Python adapters are all hits starts no
worker process."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.config import Config, ScannerConfig
from shiftleft.pipeline import ScanOutcome, run_scan
from shiftleft.scanners import cache, worker
from shiftleft.scanners.cyclonedx import SBOM_FILENAME, CycloneDxSbom, renew_sbom
from tests.helpers import target_for

AWS_KEY = "AKIAIOSFODNN7EXAMPLQ"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "requirements.txt").write_text("requests==2.31.0\nflask==3.0.0\n", "utf-8")
    (root / "app.py").write_text("import requests\n", "utf-8")
    return root


def _scan(root: Path, store: Path, out: Path) -> ScanOutcome:
    config = Config(scanners={"cyclonedx": ScannerConfig(options={"output_dir": str(out)})})
    return run_scan(target_for(root), config, {"cyclonedx": CycloneDxSbom}, stages=("build",),
                    cache=cache.session(True, None, directory=store))  # fmt: skip


def _info(outcome: ScanOutcome) -> dict[str, Any]:
    return dict(outcome.log.properties["shiftleft"]["cache"])


def _sbom(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / SBOM_FILENAME).read_text("utf-8"))
    return data


def _without_identity(doc: dict[str, Any]) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    doc.pop("serialNumber")
    doc["metadata"].pop("timestamp")
    return doc


def _ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the scanners that really ran (not served from the cache)."""
    calls: list[str] = []
    real = CycloneDxSbom.run

    def counted(self: CycloneDxSbom, ctx: Any) -> Any:
        calls.append(self.name)
        return real(self, ctx)

    monkeypatch.setattr(CycloneDxSbom, "worker_process", False)  # in this process, so it is counted
    monkeypatch.setattr(CycloneDxSbom, "run", counted)
    return calls


def test_a_hit_writes_the_sbom_again_with_its_own_serial_and_timestamp(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _ran(monkeypatch)
    first = _scan(repo, tmp_path / "c", tmp_path / "out1")
    assert _info(first)["stored"] == ["cyclonedx"]
    fresh = _sbom(tmp_path / "out1")
    second = _scan(repo, tmp_path / "c", tmp_path / "out2")
    assert _info(second)["hits"] == ["cyclonedx"] and calls == ["cyclonedx"]
    again = _sbom(tmp_path / "out2")  # written into this scan's directory, not the first one's
    assert again["serialNumber"] != fresh["serialNumber"] and again["serialNumber"].startswith("urn:uuid:")
    assert again["metadata"]["timestamp"] != fresh["metadata"]["timestamp"]
    assert _without_identity(again) == _without_identity(fresh)
    assert [c["name"] for c in again["components"]] == ["flask", "requests"]
    artifacts = second.log.runs[0].properties["shiftleft"]["artifacts"]
    assert artifacts[0]["path"] == str(tmp_path / "out2" / SBOM_FILENAME)
    assert cache.ARTIFACT_KEY not in json.dumps(second.log.runs[0].properties)


def test_an_edited_manifest_is_a_miss(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _ran(monkeypatch)
    _scan(repo, tmp_path / "c", tmp_path / "out")
    (repo / "requirements.txt").write_text("requests==2.31.0\n", "utf-8")
    second = _scan(repo, tmp_path / "c", tmp_path / "out")
    assert _info(second)["misses"] == ["cyclonedx"] and calls == ["cyclonedx", "cyclonedx"]
    assert [c["name"] for c in _sbom(tmp_path / "out")["components"]] == ["requests"]


def _only_entry(store: Path) -> tuple[str, dict[str, Any]]:
    with sqlite3.connect(store / cache.DB_FILENAME) as conn:
        key, data = conn.execute("SELECT key, data FROM entries").fetchone()
    return str(key), json.loads(data)


def _replace_entry(store: Path, key: str, entry: dict[str, Any]) -> None:
    with sqlite3.connect(store / cache.DB_FILENAME) as conn:
        conn.execute("UPDATE entries SET data = ? WHERE key = ?", (json.dumps(entry).encode(), key))


@pytest.mark.parametrize("forged", [None, 3, "not json", "[" * 5000 + "]" * 5000, '{"serialNumber": "x"}',
                                    '{"serialNumber": "a", "metadata": {"timestamp": "t"}, "x": '
                                    '{"serialNumber": "a"}}'])  # fmt: skip
def test_a_stored_sbom_that_cannot_be_renewed_is_a_miss_and_made_afresh(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forged: Any
) -> None:
    calls = _ran(monkeypatch)
    _scan(repo, tmp_path / "c", tmp_path / "out1")
    key, entry = _only_entry(tmp_path / "c")
    assert isinstance(entry["run"]["properties"][cache.ARTIFACT_KEY], str)
    if forged is None:
        del entry["run"]["properties"][cache.ARTIFACT_KEY]
    else:
        entry["run"]["properties"][cache.ARTIFACT_KEY] = forged
    _replace_entry(tmp_path / "c", key, entry)
    second = _scan(repo, tmp_path / "c", tmp_path / "out2")
    assert calls == ["cyclonedx", "cyclonedx"] and _info(second)["misses"] == ["cyclonedx"]
    assert [c["name"] for c in _sbom(tmp_path / "out2")["components"]] == ["flask", "requests"]


def test_an_sbom_that_cannot_be_written_again_is_a_miss(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _ran(monkeypatch)
    _scan(repo, tmp_path / "c", tmp_path / "out1")
    monkeypatch.setattr(CycloneDxSbom, "restore_artifact", lambda self, run, ctx, text: False)
    second = _scan(repo, tmp_path / "c", tmp_path / "out2")
    assert calls == ["cyclonedx", "cyclonedx"] and _info(second)["misses"] == ["cyclonedx"]
    assert (tmp_path / "out2" / SBOM_FILENAME).is_file()


def test_an_sbom_that_is_a_link_is_not_read_into_the_cache(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``artifact_text`` does not follow a link at the SBOM's path (something swapped it in
    after the write): nothing it points to goes into the store."""
    secret = tmp_path / "host-secret.txt"
    secret.write_text(f"aws_access_key_id = {AWS_KEY}\n", "utf-8")
    real_write = CycloneDxSbom.run

    def swapped(self: CycloneDxSbom, ctx: Any) -> Any:
        run = real_write(self, ctx)
        path = Path(run.properties["shiftleft"]["artifacts"][0]["path"])
        path.unlink()
        path.symlink_to(secret)
        return run

    monkeypatch.setattr(CycloneDxSbom, "worker_process", False)
    monkeypatch.setattr(CycloneDxSbom, "run", swapped)
    outcome = _scan(repo, tmp_path / "c", tmp_path / "out")
    assert _info(outcome)["stored"] == []
    store = (tmp_path / "c" / cache.DB_FILENAME).read_bytes()
    assert AWS_KEY.encode() not in store and b"aws_access_key_id" not in store


def test_an_sbom_over_the_bound_is_not_stored_and_is_made_afresh(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored text is redacted line by line on the cold scan that stores it: a large
    SBOM would cost that scan more than a hit saves."""
    from shiftleft.scanners import cyclonedx

    calls = _ran(monkeypatch)
    monkeypatch.setattr(cyclonedx, "MAX_CACHED_SBOM_BYTES", 100)
    first = _scan(repo, tmp_path / "c", tmp_path / "out")
    assert _info(first)["stored"] == [] and _info(first)["misses"] == ["cyclonedx"]
    second = _scan(repo, tmp_path / "c", tmp_path / "out")
    assert calls == ["cyclonedx", "cyclonedx"] and _info(second)["hits"] == []
    assert [c["name"] for c in _sbom(tmp_path / "out")["components"]] == ["flask", "requests"]


def test_a_hit_never_gives_back_an_sbom_the_redactor_rewrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lockfile's digests look like secrets to the detectors: the SBOM that holds them is
    not stored (a hit would give back ``[REDACTED]`` where a fresh run writes the digest)."""
    digest = "f3a8c1d9e07b2a64c5d8e19f0b3a7c62d4e8f1a0b9c3d7e2f6a1b5c9d0e4f8a3"
    root = tmp_path / "repo"
    root.mkdir()
    (root / "requirements.txt").write_text(f"requests==2.31.0 --hash=sha256:{digest}\n", "utf-8")
    calls = _ran(monkeypatch)
    _scan(root, tmp_path / "c", tmp_path / "out1")
    second = _scan(root, tmp_path / "c", tmp_path / "out2")
    text = (tmp_path / "out2" / SBOM_FILENAME).read_text("utf-8")
    assert digest in text and "[REDACTED]" not in text
    assert calls == ["cyclonedx", "cyclonedx"] and _info(second)["hits"] == []


def test_the_stored_sbom_text_is_redacted_with_the_run(tmp_path: Path) -> None:
    from shiftleft.sarif.redact import Redactor

    sbom = f'{{"name": "x", "value": "aws_access_key_id = {AWS_KEY}"}}'
    raw = {"tool": {"driver": {"name": "cyclonedx"}}, "results": [], "properties": {cache.ARTIFACT_KEY: sbom}}
    item = cache._Pending("k", [], "cyclonedx", raw, [], [], None)
    stored, taught = cache._stored_form(item, Redactor())
    assert AWS_KEY not in json.dumps(stored) and not taught


def test_a_warm_scan_of_hits_only_starts_no_worker_process(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    real = worker.prestart
    monkeypatch.setattr(worker, "prestart", lambda: (started.append("prestart"), real())[1])
    _scan(repo, tmp_path / "c", tmp_path / "out")
    assert started == ["prestart"]  # cold: a miss, the worker process is made ready
    second = _scan(repo, tmp_path / "c", tmp_path / "out")
    assert _info(second)["hits"] == ["cyclonedx"] and started == ["prestart"]
    assert (tmp_path / "out" / SBOM_FILENAME).is_file()


def test_renew_keeps_every_other_byte() -> None:
    doc = {"components": [{"name": "a"}], "metadata": {"timestamp": "2020-01-01T00:00:00+00:00"},
           "serialNumber": "urn:uuid:00000000-0000-0000-0000-000000000000", "version": 1}  # fmt: skip
    text = json.dumps(doc, indent=2)
    renewed = renew_sbom(text)
    assert renewed is not None and renewed != text
    old_doc, new_doc = json.loads(text), json.loads(renewed)
    assert new_doc["serialNumber"] != old_doc["serialNumber"]
    assert new_doc["metadata"]["timestamp"] != old_doc["metadata"]["timestamp"]
    assert _without_identity(new_doc) == _without_identity(old_doc)
    assert len(renewed.splitlines()) == len(text.splitlines())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_renew_never_raises_on_any_text(text: str) -> None:
    out = renew_sbom(text)
    assert out is None or isinstance(out, str)
