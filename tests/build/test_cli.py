"""``shiftleft db``: exit codes and one-line errors; update fails fast offline."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft.advisories import update as upd
from shiftleft.advisories.errors import UpdateFailed
from shiftleft.advisories.store import AdvisoryStore
from shiftleft.advisories_cli import app
from tests.build.conftest import FIXTURE_OSV

runner = CliRunner()


def test_import_and_status(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    res = runner.invoke(app, ["import", str(FIXTURE_OSV), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "imported 8 advisories" in res.output and "skipped 2 entries" in res.output
    res = runner.invoke(app, ["status", "--db", str(db)])
    assert res.exit_code == 0
    assert "PyPI" in res.output and "2024-05-02T00:00:00Z" in res.output
    res = runner.invoke(app, ["status", "--db", str(db), "--json"])
    assert json.loads(res.output)["ecosystems"]["npm"]["count"] == 3


def test_env_var_selects_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIFTLEFT_DB", str(tmp_path / "env.sqlite3"))
    assert runner.invoke(app, ["import", str(FIXTURE_OSV)]).exit_code == 0
    assert (tmp_path / "env.sqlite3").is_file()


@pytest.mark.parametrize("args", [["import", "/nonexistent/path"], ["status"]])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    res = runner.invoke(app, [*args, "--db", str(tmp_path / "none.sqlite3")])
    assert res.exit_code == 2
    assert res.output.strip().count("\n") == 0 and res.output.startswith("shiftleft: error: ")


def test_corrupt_zip_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "all.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    res = runner.invoke(app, ["import", str(bad), "--db", str(tmp_path / "db.sqlite3")])
    assert res.exit_code == 2 and "not a readable zip" in res.output


def test_update_fails_fast_when_unreachable(tmp_path: Path) -> None:
    start = time.monotonic()
    with AdvisoryStore(tmp_path / "db.sqlite3") as store, pytest.raises(UpdateFailed, match=r"cannot reach|timed out"):
        upd.update(store, ["PyPI"], base_url="http://127.0.0.1:9", timeout=2)
    assert time.monotonic() - start < 10


def test_update_cli_reports_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upd, "OSV_BUCKET_URL", "http://127.0.0.1:9")

    def fake_update(store, ecosystems, *, timeout):  # type: ignore[no-untyped-def]
        return upd.update(store, ecosystems, base_url="http://127.0.0.1:9", timeout=timeout)

    import shiftleft.advisories_cli as cli

    monkeypatch.setattr(cli, "update", fake_update)
    res = runner.invoke(app, ["update", "--ecosystem", "PyPI", "--db", str(tmp_path / "db.sqlite3"), "--timeout", "2"])
    assert res.exit_code == 2
    assert "cannot reach http://127.0.0.1:9/PyPI/all.zip" in res.output


def test_update_imports_a_served_zip(tmp_path: Path) -> None:
    """A local HTTP server stands in for the OSV bucket: download + import works."""
    import http.server
    import shutil
    import threading
    import zipfile

    root = tmp_path / "www" / "npm"
    root.mkdir(parents=True)
    with zipfile.ZipFile(root / "all.zip", "w") as z:
        for f in FIXTURE_OSV.glob("GHSA-lodash*.json"):
            z.write(f, f.name)
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path / "www"))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with AdvisoryStore(tmp_path / "db.sqlite3") as store:
            reports = upd.update(store, ["npm"], base_url=f"http://127.0.0.1:{server.server_address[1]}")
            assert reports[0].imported == 1
            assert store.status()[0].origin.endswith("/npm/all.zip")
    finally:
        server.shutdown()
        shutil.rmtree(tmp_path / "www")
