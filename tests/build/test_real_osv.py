"""Matching against the real advisory snapshots in ../shared/osv (skipped without them,
failing under CI=true). The data is old: these assert matching, not today's truth."""

from __future__ import annotations

from shiftleft.advisories.matching import match_package
from shiftleft.advisories.severity import base_score
from shiftleft.advisories.store import AdvisoryStore


def report(db: AdvisoryStore, eco: str, name: str, version: str):
    return match_package(db.advisories_for(eco, name), eco, name, version)


def ids(db: AdvisoryStore, eco: str, name: str, version: str) -> set[str]:
    return {m.id for m in report(db, eco, name, version).matches}


def test_counts(real_db: AdvisoryStore) -> None:
    counts = {s.ecosystem: s.count for s in real_db.status()}
    assert counts == {"PyPI": 2661, "Go": 4291, "crates.io": 1206}


def test_pypi_jinja2(real_db: AdvisoryStore) -> None:
    r = report(real_db, "PyPI", "Jinja2", "2.4.1")
    by_id = {m.id: m for m in r.matches}
    assert {"PYSEC-2014-8", "PYSEC-2019-217"} <= set(by_id)
    assert by_id["PYSEC-2014-8"].aliases == ("CVE-2014-1402", "GHSA-8r7q-cvjq-x353")
    assert by_id["PYSEC-2014-8"].fixed[0] == "2.7.2"
    assert "PYSEC-2014-8" not in ids(real_db, "PyPI", "jinja2", "2.7.2")


def test_pypi_versions_only_advisory(real_db: AdvisoryStore) -> None:
    assert ids(real_db, "PyPI", "gratient", "0.5") == {"PYSEC-2024-1"}
    assert ids(real_db, "PyPI", "gratient", "0.6") == set()


def test_pypi_withdrawn_advisories_are_ignored(real_db: AdvisoryStore) -> None:
    r = report(real_db, "PyPI", "loguru", "0.5.3")  # PYSEC-2022-15: withdrawn, no ranges at all
    assert "PYSEC-2022-15" not in {m.id for m in r.matches}
    assert not any("PYSEC-2022-15" in n for n in r.not_assessed)
    assert "PYSEC-2023-73" not in ids(real_db, "PyPI", "redis", "4.5.0")


def test_pypi_last_affected(real_db: AdvisoryStore) -> None:
    assert "PYSEC-2022-42969" in ids(real_db, "PyPI", "py", "1.11.0")
    assert "PYSEC-2022-42969" not in ids(real_db, "PyPI", "py", "1.11.1")


def test_pypi_cvss_vector(real_db: AdvisoryStore) -> None:
    adv = real_db.get("PYSEC-2017-105")
    assert adv is not None
    score = base_score(adv.severity)
    assert score is not None and score.security_severity == "7.5"


def test_go_semver_with_v_prefix(real_db: AdvisoryStore) -> None:
    r = {m.id: m for m in report(real_db, "Go", "golang.org/x/net", "v0.1.0").matches}
    assert "GO-2022-1144" in r and r["GO-2022-1144"].fixed[0] == "0.4.0"
    assert "GO-2022-1144" not in ids(real_db, "Go", "golang.org/x/net", "v0.4.0")


def test_crates(real_db: AdvisoryStore) -> None:
    r = {m.id: m for m in report(real_db, "crates.io", "smallvec", "1.6.0").matches}
    assert r["RUSTSEC-2021-0003"].aliases == ("CVE-2021-25900", "GHSA-43w2-9j62-hq99")
    assert base_score(r["RUSTSEC-2021-0003"].severity).security_severity == "9.8"  # type: ignore[union-attr]
    assert "RUSTSEC-2021-0003" not in ids(real_db, "crates.io", "smallvec", "1.6.1")


def test_every_real_advisory_evaluates_without_error(real_db: AdvisoryStore) -> None:
    """Robustness over the whole snapshot: every indexed (package, first listed version)
    gets an answer - affected, not affected, or not assessed with a reason."""
    rows = real_db.connection().execute("SELECT DISTINCT ecosystem, name FROM affected").fetchall()
    for eco, name in rows:
        advisories = real_db.advisories_for(eco, name)
        listed = next((v for a in advisories for e in a.affected for v in e.versions), "1.0.0")
        try:
            match_package(advisories, eco, name, listed)
        except Exception as exc:  # noqa: BLE001
            from shiftleft.advisories.errors import UnknownVersionScheme

            assert isinstance(exc, UnknownVersionScheme), (eco, name, listed, exc)
