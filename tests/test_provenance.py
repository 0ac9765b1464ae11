"""Scanner provenance (``shiftleft.provenance``, ``shiftleft.scanners.provenance``): digests of
what ran, the release pins, a mismatch is a FAILED scanner (never run), ``scanners --verify``."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import ClassVar

import pytest
import sarif_om
from typer.testing import CliRunner

from shiftleft import cli
from shiftleft import provenance as prov
from shiftleft import scan as scan_module
from shiftleft.errors import EXIT_INCOMPLETE, EXIT_USAGE, ShiftleftError
from shiftleft.model import ScanContext, ScannerStatus, ScanStatus, Verdict
from shiftleft.report import scorecard_json
from shiftleft.sarif import readback
from shiftleft.scan import ScanRequest, scan
from shiftleft.scanners import provenance as scanner_prov
from shiftleft.scanners import registry
from tests.helpers import FakeScanner, make_run, report_of

runner = CliRunner()


def _b64(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")


def fake_env(root: Path, *, script: bytes = b"#!/somewhere/python\n", installer: bytes = b"pip\n") -> prov.Distribution:
    """A venv-like prefix holding distribution ``faketool`` 1.0 and its console script."""
    site = root / "lib" / "python3.11" / "site-packages"
    files = {"faketool/__init__.py": b"print('tool')\n", "faketool/core.bin": b"\x7fELF" + b"A" * 200}
    for rel, data in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    info = site / "faketool-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "WHEEL").write_text("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    (info / "INSTALLER").write_bytes(installer)
    (root / "bin").mkdir(parents=True, exist_ok=True)
    exe = root / "bin" / "faketool"
    exe.write_bytes(script)
    exe.chmod(0o755)
    rows = [f"{rel},{_b64(data)},{len(data)}" for rel, data in files.items()]
    rows += [
        f"../../../bin/faketool,{_b64(script)},{len(script)}",
        f"faketool-1.0.dist-info/INSTALLER,{_b64(installer)},{len(installer)}",
        "faketool-1.0.dist-info/RECORD,,",
        "faketool/__pycache__/__init__.cpython-311.pyc,,",
    ]
    (info / "RECORD").write_text("\n".join(rows) + "\n")
    prov.clear_cache()
    found = prov.distribution_beside(exe, "faketool")
    assert found is not None
    return found


def pins_file(path: Path, *pins: prov.Pin) -> Path:
    path.write_text(json.dumps(prov.pins_json(pins)))
    return path


def pin(sha256: str, *, version: str = "1.0", digest_of: str = prov.DIGEST_RECORD, tool: str = "faketool") -> prov.Pin:
    return prov.Pin(tool, version, digest_of, prov.platform_tag(), None, sha256)


# --- digests -----------------------------------------------------------------------------------


def test_record_digest_is_the_same_wheel_wherever_installed(tmp_path: Path) -> None:
    """The console script (its #! names the interpreter) and INSTALLER differ per install: not hashed."""
    a = fake_env(tmp_path / "a", script=b"#!/a/python\n", installer=b"pip\n")
    b = fake_env(tmp_path / "b", script=b"#!/somewhere/else/python\n", installer=b"uv\n")
    assert prov.record_digest(a.record) == prov.record_digest(b.record)
    assert a.version == "1.0" and a.pure()


def test_a_changed_hash_in_record_changes_the_digest(tmp_path: Path) -> None:
    dist = fake_env(tmp_path)
    before = prov.record_digest(dist.record)
    text = dist.record.read_text()
    row = text.splitlines()[0]
    last = row.split(",")[1][-1]
    dist.record.write_text(text.replace(row, row.replace(row.split(",")[1], row.split(",")[1][:-1] +
                                                         ("A" if last != "A" else "B"))))  # fmt: skip
    prov.clear_cache()
    assert prov.record_digest(dist.record) != before


def test_installed_file_checks_size_in_a_scan_and_content_in_verify(tmp_path: Path) -> None:
    dist = fake_env(tmp_path)
    subject = prov.Subject("distribution", dist)
    assert prov.digest_subject(subject).problem is None
    assert prov.digest_subject(subject, deep=True).problem is None
    core = dist.dist_info.parent / "faketool" / "core.bin"
    core.write_bytes(b"\x7fELF" + b"B" * 200)  # same size, other bytes
    prov.clear_cache()
    assert prov.digest_subject(subject).problem is None  # a scan stats only
    deep = prov.digest_subject(subject, deep=True).problem
    assert deep and "faketool/core.bin differs" in deep
    core.write_bytes(b"\x7fELF" + b"B" * 300)
    prov.clear_cache()
    assert "faketool/core.bin has 304 bytes where RECORD says 204" in (prov.digest_subject(subject).problem or "")


def test_file_digest_is_cached_by_size_and_mtime(tmp_path: Path) -> None:
    path = tmp_path / "tool"
    path.write_bytes(b"one")
    first = prov.file_sha256(path)
    assert first == hashlib.sha256(b"one").hexdigest()
    path.write_bytes(b"two!")  # another size: another key
    assert prov.file_sha256(path) == hashlib.sha256(b"two!").hexdigest()


# --- pins ---------------------------------------------------------------------------------------


def test_pin_states() -> None:
    good = "a" * 64
    pins = (pin(good), prov.Pin("faketool", "1.0", "RECORD", "plan9-mips", None, "b" * 64))
    assert prov.pin_state(pins, "faketool", "1.0", "RECORD", good) == ("match", (good,))
    assert prov.pin_state(pins, "faketool", "1.0", "RECORD", "c" * 64)[0] == "mismatch"
    assert prov.pin_state(pins, "faketool", "2.0", "RECORD", "c" * 64)[0] == "unpinned"  # other version
    assert prov.pin_state(pins, "other", "1.0", "RECORD", good)[0] == "unpinned"
    other_python = (prov.Pin("faketool", "1.0", "RECORD", prov.platform_tag(), "cp27", good),)
    assert prov.pin_state(other_python, "faketool", "1.0", "RECORD", "c" * 64)[0] == "unpinned"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", "not a shiftleft scanner pins file"),
        ('{"format": 1, "pins": {}}', "'pins' is not a list"),
        ('{"format": 1, "pins": [{"tool": "x", "version": "1", "digestOf": "RECORD", "platform": "p", '
         '"sha256": "XYZ"}]}', "sha256 is not 64 lower-case hex digits"),
        ('{"format": 1, "pins": [{"tool": "x", "version": "1", "digestOf": "tarball", "platform": "p", '
         '"sha256": "' + "a" * 64 + '"}]}', "digestOf must be one of"),
    ],
)  # fmt: skip
def test_malformed_pins_file_is_bad_input(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "pins.json"
    path.write_text(content)
    with pytest.raises(prov.PinsError, match=message) as caught:
        prov.load_pins(path)
    assert caught.value.exit_code == EXIT_USAGE
    assert "\n" not in str(caught.value)


def test_shipped_pins_file_is_valid() -> None:
    path = prov.default_pins_path()
    assert path is not None and path.name == prov.PINS_FILE
    assert prov.load_pins(path)


# --- in a scan ----------------------------------------------------------------------------------


class Tool(FakeScanner):
    """A built-in-like scanner whose tool is the fake distribution (patched into SUBJECTS)."""

    name: ClassVar[str] = "faketool"
    ran: ClassVar[list[str]] = []

    def run(self, ctx: ScanContext) -> sarif_om.Run:
        Tool.ran.append("ran")
        return make_run([])


@pytest.fixture
def tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> prov.Distribution:
    dist = fake_env(tmp_path / "env")
    monkeypatch.setitem(scanner_prov.SUBJECTS, "faketool", lambda: prov.Subject("distribution", dist))
    monkeypatch.setattr(scanner_prov, "builtin", lambda scanner: scanner.name in scanner_prov.SUBJECTS)
    monkeypatch.setattr(scan_module, "discover", lambda: {"faketool": Tool})
    Tool.ran.clear()
    return dist


def _scan(tmp_path: Path) -> scan_module.ScanResult:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "app.py").write_text("x = 1\n", "utf-8")
    return scan(repo, ScanRequest(stages=("code",), output=tmp_path / "out", record_history=False))


def _status(result: scan_module.ScanResult) -> ScannerStatus:
    return next(s for s in result.report.statuses if s.name == "faketool")


def test_pinned_tool_runs_and_records_match(tmp_path: Path, tool: prov.Distribution,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    digest = prov.record_digest(tool.record)
    monkeypatch.setenv(prov.PINS_ENV, str(pins_file(tmp_path / "pins.json", pin(digest))))
    result = _scan(tmp_path)
    status = _status(result)
    assert status.status is ScanStatus.OK and Tool.ran == ["ran"]
    assert status.provenance is not None
    assert status.provenance["pinned"] == "match"
    assert status.provenance["tool"] == {"name": "faketool", "version": "1.0.0", "kind": "distribution",
                                         "sha256": digest, "digestOf": "RECORD",
                                         "package": {"name": "faketool", "version": "1.0"}}  # fmt: skip
    run = next(r for r in result.report.sarif["runs"] if r["properties"]["shiftleft"].get("scanner") == "faketool")
    assert run["properties"]["shiftleft"]["provenance"] == status.provenance
    entry = next(s for s in result.report.sarif["properties"]["shiftleft"]["scanners"] if s["name"] == "faketool")
    assert entry["provenance"] == status.provenance


def test_changed_byte_in_record_is_a_failed_scanner_never_run(tmp_path: Path, tool: prov.Distribution,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    pinned = prov.record_digest(tool.record)
    monkeypatch.setenv(prov.PINS_ENV, str(pins_file(tmp_path / "pins.json", pin(pinned))))
    text = tool.record.read_text()
    tool.record.write_text(text.replace(",204", ",205"))  # a byte of RECORD (core.bin's size) changed
    prov.clear_cache()
    actual = prov.record_digest(tool.record)
    result = _scan(tmp_path)
    status = _status(result)
    assert Tool.ran == []
    assert status.status is ScanStatus.FAILED and status.not_assessed_run
    assert pinned in (status.reason or "") and actual in (status.reason or "")
    assert "expected" in (status.reason or "") and "actual" in (status.reason or "")
    assert status.provenance is not None and status.provenance["pinned"] == "mismatch"
    assert result.report.gate.verdict is not Verdict.PASSED
    assert result.report.gate.exit_code == EXIT_INCOMPLETE


def test_changed_byte_in_an_executable_is_a_failed_scanner(tmp_path: Path, tool: prov.Distribution,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    exe = tmp_path / "hadolint"
    exe.write_bytes(b"\x7fELF binary one")
    monkeypatch.setitem(scanner_prov.SUBJECTS, "faketool", lambda: prov.Subject("executable", None, exe))
    good = prov.file_sha256(exe)
    monkeypatch.setenv(prov.PINS_ENV, str(pins_file(tmp_path / "pins.json",
                                                      pin(good, version="1.0.0", digest_of="executable"))))  # fmt: skip
    assert _status(_scan(tmp_path)).status is ScanStatus.OK
    exe.write_bytes(b"\x7fELF binary two")
    os.utime(exe, ns=(1, 1))
    result = _scan(tmp_path)
    assert _status(result).status is ScanStatus.FAILED and Tool.ran == ["ran"]  # ran once: the first scan
    assert result.report.gate.verdict is not Verdict.PASSED


def test_size_mismatch_with_record_fails_even_when_unpinned(tmp_path: Path, tool: prov.Distribution) -> None:
    (tool.dist_info.parent / "faketool" / "__init__.py").write_text("import os; os.system('steal')\n")
    status = _status(_scan(tmp_path))
    assert status.status is ScanStatus.FAILED and Tool.ran == []
    assert "installed files differ from its RECORD" in (status.reason or "")


def test_unpinned_tool_still_runs(tmp_path: Path, tool: prov.Distribution, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(prov.PINS_ENV, str(pins_file(tmp_path / "pins.json", pin("a" * 64, version="9.9"))))
    status = _status(_scan(tmp_path))
    assert status.status is ScanStatus.OK and Tool.ran == ["ran"]
    assert status.provenance is not None and status.provenance["pinned"] == "unpinned"


def test_malformed_pins_file_stops_the_scan_as_bad_input(tmp_path: Path, tool: prov.Distribution,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    bad = tmp_path / "pins.json"
    bad.write_text('{"format": 1, "pins": [1]}')
    monkeypatch.setenv(prov.PINS_ENV, str(bad))
    with pytest.raises(prov.PinsError) as caught:
        _scan(tmp_path)
    assert caught.value.exit_code == EXIT_USAGE and Tool.ran == []


# --- shiftleft scanners --verify ------------------------------------------------------------------


def _verify(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(registry, "BUILTIN_SCANNERS", (Tool,))
    result = runner.invoke(cli.app, ["scanners", "--verify", *args])
    return result.exit_code, result.output


def test_verify_exit_codes(tmp_path: Path, tool: prov.Distribution, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = prov.record_digest(tool.record)
    good = pins_file(tmp_path / "good.json", pin(digest))
    code, out = _verify(monkeypatch, "--pins", str(good))
    assert code == 0 and "faketool" in out and "match" in out and digest[:12] in out
    bad = pins_file(tmp_path / "bad.json", pin("f" * 64))
    code, out = _verify(monkeypatch, "--pins", str(bad))
    assert code == 1 and "mismatch" in out and "f" * 64 in out
    code, out = _verify(monkeypatch, "--pins", str(pins_file(tmp_path / "none.json")))
    assert code == 0 and "unpinned" in out
    (tool.dist_info.parent / "faketool" / "core.bin").write_bytes(b"\x7fELF" + b"C" * 200)  # same size
    prov.clear_cache()
    code, out = _verify(monkeypatch, "--pins", str(good))
    assert code == 1 and "core.bin differs" in out  # verify re-hashes every file RECORD lists


def test_verify_with_a_malformed_pins_file_is_exit_2_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "pins.json"
    bad.write_text("not json")
    code, out = _verify(monkeypatch, "--pins", str(bad))
    assert code == EXIT_USAGE
    assert "Traceback" not in out and len([ln for ln in out.splitlines() if ln.strip()]) == 1


# --- read back ------------------------------------------------------------------------------------


def _record() -> dict[str, object]:
    return {"tool": {"name": "semgrep", "version": "1.182.0", "kind": "distribution", "sha256": "a" * 64,
                     "digestOf": "RECORD", "package": {"name": "semgrep", "version": "1.182.0"}},
            "rulePack": {"name": "shiftleft-semgrep", "sha256": "b" * 64, "languages": ["python"]},
            "pinned": "match"}  # fmt: skip


def test_scorecard_json_round_trip_keeps_provenance() -> None:
    status = ScannerStatus("semgrep", "code", "sast", ScanStatus.OK, True, provenance=_record())
    data = json.loads(json.dumps(scorecard_json.to_json(report_of([], [status]))))
    assert data["scanners"][0]["provenance"] == _record()
    back = scorecard_json.from_json(data)
    assert back.statuses[0].provenance == _record()
    assert back.statuses[0] == status  # provenance is not part of equality


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pinned": "trust me"}, "pinned: not one of"),
        ({"tool": "semgrep"}, "tool: expected an object"),
        ({"rulePack": {"sha256": "../../etc"}}, "rulePack.sha256: not a sha256"),
    ],
)
def test_readback_refuses_a_malformed_provenance(change: dict[str, object], message: str) -> None:
    item = {"name": "semgrep", "stage": "code", "category": "sast", "status": "ok", "required": True,
            "provenance": {**_record(), **change}}  # fmt: skip
    readback.check_status({**item, "provenance": _record()}, "s")
    with pytest.raises(readback.ReadBackError, match=message):
        readback.check_status(item, "s")


# --- no host path -------------------------------------------------------------------------------------


def test_no_host_path_in_the_provenance_of_any_installed_scanner(tmp_path: Path) -> None:
    from shiftleft.model import ScanTarget

    root = tmp_path / "repo"
    root.mkdir()
    ctx = ScanContext(ScanTarget(root, ("a.py",)), tmp_path, 10.0, {"db": str(tmp_path / "no.db")}, True)
    home = str(Path.home())
    for cls in registry.BUILTIN_SCANNERS:
        record, _ = scanner_prov.provenance(cls(), ctx, ())
        text = json.dumps(record)
        assert scanner_prov.no_host_path(record), text
        assert home not in text and str(tmp_path) not in text and str(Path.cwd()) not in text


# --- the advisory database ------------------------------------------------------------------------


def test_advisory_database_identity(tmp_path: Path) -> None:
    from shiftleft.advisories.model import parse_advisory
    from shiftleft.advisories.store import AdvisoryStore
    from shiftleft.model import ScanTarget
    from shiftleft.scanners.osv import OsvScanner

    path = tmp_path / "adv.sqlite3"
    events = [{"introduced": "0"}, {"fixed": "2.2.5"}]
    raw = {"id": "PYSEC-TEST-1", "modified": "2024-01-01T00:00:00Z", "summary": "flaw",
           "affected": [{"package": {"ecosystem": "PyPI", "name": "flask"},
                         "ranges": [{"type": "ECOSYSTEM", "events": events}]}]}  # fmt: skip
    store = AdvisoryStore(path)
    with store.transaction() as conn:
        AdvisoryStore.put(conn, parse_advisory(raw), raw)
        AdvisoryStore.mark_imported(conn, ["PyPI"], "2024-01-02T00:00:00Z", "test")
    store.close()
    ctx = ScanContext(ScanTarget(tmp_path, ("requirements.txt",)), tmp_path, 10.0, {"db": str(path)}, True)
    record, refused = scanner_prov.provenance(OsvScanner(), ctx, ())
    assert refused is None
    assert record["tool"]["kind"] == "builtin" and record["pinned"] == "unpinned"
    db = record["advisoryDatabase"]
    assert db["updated"] == "2024-01-02T00:00:00Z"
    wal = Path(f"{path}-wal")
    expected = prov.file_sha256(path) if not (wal.is_file() and wal.stat().st_size) else db["sha256"]
    assert db["sha256"] == expected and len(db["sha256"]) == 64
    missing = ScanContext(ctx.target, tmp_path, 10.0, {"db": str(tmp_path / "none.sqlite3")}, True)
    assert scanner_prov.provenance(OsvScanner(), missing, ())[0]["advisoryDatabase"] == {"sha256": None,
                                                                                         "updated": None}


# --- hostile: the repository names no binary and no pin ----------------------------------------------


def test_a_repository_cannot_pick_the_pins_or_the_binary(tmp_path: Path, tool: prov.Distribution,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A scanner-pins.json, a bin/ and a site-packages of the repository (and a scan started
    inside it) change nothing: the pins are shiftleft's package data or the user's variable."""
    monkeypatch.delenv(prov.PINS_ENV, raising=False)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / prov.PINS_FILE).write_text("{ not json")
    (repo / "bin").mkdir()
    (repo / "bin" / "semgrep").write_text("#!/bin/sh\necho pwned\n")
    (repo / "shiftleft.yaml").write_text("scanners: {}\n")
    monkeypatch.chdir(repo)
    assert prov.default_pins_path() != repo / prov.PINS_FILE
    status = _status(_scan(tmp_path))
    assert status.status is ScanStatus.OK
    assert status.provenance is not None and str(repo) not in json.dumps(status.provenance)


def test_helper_tool_recorded_and_its_mismatch_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The container scanner's syft: in ``helpers``, pinned like a tool; a mismatch fails the scanner."""
    from shiftleft.scanners.container import ContainerImage

    dist = fake_env(tmp_path / "syft-env")
    monkeypatch.setitem(scanner_prov.HELPERS, "container",
                        lambda ctx: [("syft", prov.Subject("distribution", dist))])  # fmt: skip
    digest = prov.record_digest(dist.record)
    record, refused = scanner_prov.provenance(ContainerImage(), None, (pin(digest, tool="syft"),))
    assert refused is None and record["pinned"] == "unpinned"  # the engine itself is shiftleft's
    assert record["helpers"][0]["name"] == "syft" and record["helpers"][0]["pinned"] == "match"
    record, refused = scanner_prov.provenance(ContainerImage(), None, (pin("e" * 64, tool="syft"),))
    assert record["pinned"] == "mismatch" and record["helpers"][0]["pinned"] == "mismatch"
    assert refused and "container runs syft" in refused and "e" * 64 in refused and digest in refused


def test_sarif_read_back_keeps_provenance(tmp_path: Path, tool: prov.Distribution,
                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from shiftleft.report.model import statuses_from_log
    from shiftleft.report.rebuild import trusted_log

    monkeypatch.setenv(prov.PINS_ENV, str(pins_file(tmp_path / "pins.json", pin(prov.record_digest(tool.record)))))
    result = _scan(tmp_path)
    written = _status(result)
    data = json.loads(json.dumps(result.report.sarif))
    back = next(s for s in statuses_from_log(trusted_log(data, "log")) if s.name == "faketool")
    assert back.provenance == written.provenance and back.provenance is not None
    assert back.provenance["pinned"] == "match"
    entry = next(s for s in data["properties"]["shiftleft"]["scanners"] if s["name"] == "faketool")
    entry["provenance"]["tool"]["sha256"] = "not a digest"
    with pytest.raises(ShiftleftError, match=r"provenance\.tool\.sha256: not a sha256") as caught:
        trusted_log(data, "log")
    assert caught.value.exit_code == EXIT_USAGE


def test_pin_script_keeps_other_platforms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("pin_scanners", Path(__file__).parents[1] / "scripts" /
                                                  "pin_scanners.py")  # fmt: skip
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    other = prov.Pin("semgrep", "1.182.0", "RECORD", "darwin-arm64", "cp312", "1" * 64)
    old_here = pin("2" * 64, tool="semgrep", version="1.182.0")
    out = pins_file(tmp_path / "pins.json", other, old_here)
    new_here = pin("3" * 64, tool="semgrep", version="1.182.0")
    monkeypatch.setattr(script, "current_pins", lambda: ([new_here], []))
    assert script.main(["--output", str(out), "--check"]) == 1  # would change
    assert script.main(["--output", str(out)]) == 0
    assert set(prov.load_pins(out)) == {other, new_here}
    assert script.main(["--output", str(out), "--check"]) == 0
    monkeypatch.setattr(script, "current_pins", lambda: ([], ["semgrep: installed 1.0, the constraints pin 1.182.0"]))
    assert script.main(["--output", str(out)]) == 1 and set(prov.load_pins(out)) == {other, new_here}


def test_database_digest_kept_across_processes_until_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIFTLEFT_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "adv.sqlite3"
    db.write_bytes(b"SQLite format 3\\0" + b"x" * 1000)
    first = scanner_prov._db_sha256(db)
    assert first == hashlib.sha256(db.read_bytes()).hexdigest()
    prov.clear_cache()  # a new process: the per-process cache is empty

    def no_read(path: Path) -> str:
        raise AssertionError("read again")

    monkeypatch.setattr(scanner_prov, "file_sha256", no_read)
    assert scanner_prov._db_sha256(db) == first
    monkeypatch.undo()
    monkeypatch.setenv("SHIFTLEFT_CACHE_DIR", str(tmp_path / "cache"))
    db.write_bytes(b"SQLite format 3\\0" + b"y" * 1000)  # an update: same size, new mtime/ctime
    os.utime(db, ns=(5, 5))
    assert scanner_prov._db_sha256(db) == hashlib.sha256(db.read_bytes()).hexdigest() != first
    (tmp_path / "cache" / scanner_prov.DB_DIGESTS_FILE).write_text("[not, json")
    assert scanner_prov._db_sha256(db) == hashlib.sha256(db.read_bytes()).hexdigest()
