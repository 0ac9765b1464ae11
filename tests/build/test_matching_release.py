"""Distribution advisories apply only to the release they name (Debian:11 is not Debian:12)."""

from __future__ import annotations

from shiftleft.advisories.matching import Status, evaluate, same_release
from shiftleft.advisories.model import Advisory, parse_advisory


def _debian_advisory(release: str) -> Advisory:
    return parse_advisory(
        {
            "id": f"DSA-X-{release}",
            "modified": "2024-01-01T00:00:00Z",
            "affected": [
                {
                    "package": {"ecosystem": f"Debian:{release}", "name": "openssl"},
                    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.12-1"}]}],
                }
            ],
        }
    )


def test_same_release_rules() -> None:
    assert same_release("Debian:12", "Debian:12")
    assert not same_release("Debian:11", "Debian:12")
    assert same_release("Debian", "Debian:12")
    assert same_release("PyPI", "PyPI")


def test_other_release_advisory_does_not_match() -> None:
    assert evaluate(_debian_advisory("12"), "Debian:12", "openssl", "3.0.11-1").status is Status.AFFECTED
    assert evaluate(_debian_advisory("11"), "Debian:12", "openssl", "3.0.11-1").status is Status.NOT_AFFECTED
