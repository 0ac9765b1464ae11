"""The redactor's clean lines: a line earlier scans' detectors found nothing in (same
detectors, same file type) is not detected again - and only lines the outputs show as they
are, with no part of any secret, are ever offered to the result cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftleft.sarif import detectors, redact
from shiftleft.sarif.redact import REDACTED, Redactor, clean_digest, secret_hash
from shiftleft.scanners import cache

pytest.importorskip("detect_secrets")

TOKEN = "ghp_" + "R7tXk2Lm9QwZp4Vb8Nc3Hs6Jd1Fg5Ky0Ua2E"  # a GitHub token's format (not a real one)
PLAIN = "Ensure that containers use only trusted base images"


def _spy_detectors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = detectors.scan_line

    def spy(line: str, filename: str = "output.txt", *, content: bool = False) -> list[detectors.Detected]:
        seen.append(line)
        return real(line, filename, content=content)

    monkeypatch.setattr(detectors, "scan_line", spy)
    return seen


def test_a_known_clean_line_is_not_detected_again_and_a_secret_still_is(monkeypatch: pytest.MonkeyPatch) -> None:
    first = Redactor()
    assert first.text(PLAIN) == PLAIN
    assert first.text(f"token {TOKEN}") == f"token {REDACTED}"
    clean = first.clean_digests()
    assert clean == [clean_digest(PLAIN, "")]
    seen = _spy_detectors(monkeypatch)
    second = Redactor(known_clean=frozenset(clean))
    assert second.text(PLAIN) == PLAIN
    assert second.text(f"token {TOKEN}") == f"token {REDACTED}"
    assert seen == [f"token {TOKEN}"]
    # the verdict is per file type: the same text as a snippet of another file is detected
    second.text(PLAIN, "Dockerfile", snippet=True)
    assert seen[-1] == PLAIN


def test_a_log_of_known_lines_and_timestamps_loads_no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> bool:
        raise AssertionError("the detectors were asked for")

    monkeypatch.setattr(detectors, "available", refuse)
    redactor = Redactor(known_clean=frozenset({clean_digest(PLAIN, "")}))
    assert redactor.tree({"a": PLAIN, "startTimeUtc": "2026-12-01T17:22:21.452Z", "n": 3}) == {
        "a": PLAIN, "startTimeUtc": "2026-12-01T17:22:21.452Z", "n": 3}  # fmt: skip


def test_no_line_with_a_part_of_a_secret_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    # a weak value a detector found on one line, quoted bare on another the detectors pass
    redactor = Redactor([secret_hash("Zq8hunterPw")])
    lines = ['password = "hunter2hunter"', "mention hunter2hunter here", "hash-known Zq8hunterPw value",
             "https://user:pa55word@example.com/x", PLAIN]  # fmt: skip
    out = [redactor.text(line) for line in lines]
    assert "hunter2hunter" not in out[0]
    offered = set(redactor.clean_digests())
    assert offered <= {clean_digest(line, "") for line in lines}
    for line in lines[:4]:
        assert clean_digest(line, "") not in offered, line
    assert clean_digest(PLAIN, "") in offered


def test_a_private_key_in_the_scan_offers_nothing() -> None:
    redactor = Redactor()
    redactor.text("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----")
    redactor.text(PLAIN)
    assert redactor.clean_digests() == []


def test_the_digest_depends_on_the_detectors(monkeypatch: pytest.MonkeyPatch) -> None:
    before = clean_digest(PLAIN, "")
    monkeypatch.setattr(detectors, "identity", lambda: b"other detectors")
    assert clean_digest(PLAIN, "") != before
    monkeypatch.setattr(detectors, "identity", lambda: b"")  # detect-secrets missing: nothing is kept
    assert clean_digest(PLAIN, "") == b""


def test_the_store_round_trip_bound_and_a_foreign_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.ResultStore(tmp_path / "c")
    assert store.clean_lines() == frozenset()
    digests = [bytes([i]) * 16 for i in range(5)]
    store.add_clean_lines(frozenset(), digests[:3])
    assert store.clean_lines() == frozenset(digests[:3])
    monkeypatch.setattr(cache, "MAX_CLEAN_LINES", 4)
    store.add_clean_lines(store.clean_lines(), [*digests[2:], b"short"])
    assert store.clean_lines() == frozenset(digests[1:])  # the oldest dropped, the malformed one ignored
    (tmp_path / "c" / cache.CLEAN_FILENAME).write_bytes(b"not ours" + bytes(16))
    assert store.clean_lines() == frozenset()
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == [cache.CLEAN_FILENAME]  # no temporary left


def test_a_session_keeps_the_clean_lines_only_when_finished(tmp_path: Path) -> None:
    session = cache.session(True, directory=tmp_path / "c")
    redactor = redact.redact_log(_log(), [], session.known_clean())
    session.commit(redactor)
    assert cache.session(True, directory=tmp_path / "c").known_clean() == frozenset()  # not before finish
    session.finish()
    again = cache.session(True, directory=tmp_path / "c")
    assert clean_digest(PLAIN, "") in again.known_clean()
    off = cache.session(False)
    off.commit(redactor)
    off.finish()
    assert off.known_clean() == frozenset()


def _log() -> object:
    import sarif_om

    from shiftleft.sarif import build

    run = build.run("t", version="1", rules=[], results=[build.result("R", PLAIN, [build.location("a.py", 1)])])
    return sarif_om.SarifLog(version="2.1.0", runs=[run])
