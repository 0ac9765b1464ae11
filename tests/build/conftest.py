"""Build-stage test helpers: the fixture advisory database and the shared OSV data.

``shared_osv(ecosystem)`` is the one way tests reach ../shared/osv: it skips with a reason
on a user's clone without that folder and fails under CI=true, where a skip would hide a
broken check (the lead's ``tests.conftest.require``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shiftleft.advisories.importer import import_path
from shiftleft.advisories.store import AdvisoryStore
from tests.conftest import SHARED, require

HERE = Path(__file__).resolve().parent
FIXTURE_OSV = HERE / "fixtures" / "osv"
FIXTURE_PROJECT = HERE / "fixtures" / "project"
SHARED_OSV = SHARED / "osv"


def shared_osv(ecosystem: str) -> Path:
    """Path of ../shared/osv/<ecosystem>/all.zip, or skip (fail in CI) when absent."""
    path = SHARED_OSV / ecosystem / "all.zip"
    require(path.is_file(), f"real OSV data not found at {path} (../shared/osv is only present in CI)")
    return path


@pytest.fixture
def fixture_db(tmp_path: Path) -> Iterator[AdvisoryStore]:
    """A database holding the hand-written advisories of fixtures/osv (known answers)."""
    store = AdvisoryStore(tmp_path / "fixture.sqlite3")
    import_path(store, FIXTURE_OSV)
    yield store
    store.close()


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdvisoryStore]:
    """PyPI, Go and crates.io from ../shared/osv, imported once per session."""
    zips = [shared_osv(e) for e in ("PyPI", "Go", "crates.io")]
    store = AdvisoryStore(tmp_path_factory.mktemp("realdb") / "real.sqlite3")
    for z in zips:
        import_path(store, z)
    yield store
    store.close()
