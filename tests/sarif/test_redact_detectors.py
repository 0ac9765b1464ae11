"""sarif/detectors.py: detect-secrets' plugins over one line of output text."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.sarif import detectors

pytest.importorskip("detect_secrets")

PLANTS = [
    "AKIA" + "Q" * 4 + "7B2XK9PLMZ4RT3VW"[:12],
    "ghp_" + "aB3" * 12,
    "xoxb-123456789012-abcdefghij",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "-----BEGIN RSA PRIVATE KEY-----",
    "sk_live_" + "a1B2c3D4e5F6g7H8i9J0k1L2",
    'password = "hunter2"',
    "https://user:pw@host/x",
    '"3f786850e387550fdab836ed7e6dc881de23001b"',
    '"q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl=="',
    "npm //registry.example/:_authToken=abc",
    "AccountKey=" + "a" * 88,
]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=string.printable, max_size=60),
    st.sampled_from(PLANTS),
    st.text(alphabet=string.printable, max_size=60),
)
def test_gate_is_a_superset_of_every_plugin(before: str, plant: str, after: str) -> None:
    """Wherever a plugin (run without the gate) finds something, the gate lets the line
    through: the gate only saves time, it never hides a secret."""
    engine = detectors._engine()
    assert engine.gate is not None  # the plugin set the gate was derived from
    line = (before + plant + after).replace("\n", " ")
    original = detectors._engine
    detectors._engine = lambda: detectors._Engine(engine.plugins, None)  # type: ignore[assignment]
    try:
        found = detectors.scan_line(line, "file.py", content=True)
    finally:
        detectors._engine = original  # type: ignore[assignment]
    if found:
        assert engine.gate.search(line), (line, found)


def test_regex_plugins_give_the_whole_token_not_their_prefix_group() -> None:
    token = "ghp_" + "aB3" * 12
    assert [d.value for d in detectors.scan_line(f"auth {token} here")] == [token]


def test_assignment_value_not_key() -> None:
    line = "ENV AWS_SECRET_ACCESS_KEY=q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl=="
    assert {d.value for d in detectors.scan_line(line, "", content=True)} == {
        "q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl=="
    }


def test_code_is_not_config() -> None:
    """Config syntax is for untyped files only: Python's annotations are not assignments."""
    assert detectors.scan_line("def hash_password(password: str) -> str:", "file.py", content=True) == []


def test_public_ip_is_not_a_secret_here() -> None:
    assert detectors.scan_line("connect to 8.8.8.8 failed") == []


def test_long_lines_are_windowed() -> None:
    token = "ghp_" + "aB3" * 12
    line = "x " * 100_000 + token
    assert [d.value for d in detectors.scan_line(line)] == [token]
    assert len(list(detectors._windows(line))) <= len(line) // (detectors.WINDOW - detectors.OVERLAP) + 2


# --- reference links are not secrets; tokens inside URLs still are -----------------------

REFERENCE_LINKS = [
    "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/"
    "07-Input_Validation_Testing/18-Testing_for_Server-side_Template_Injection",
    "Details: https://osv.dev/vulnerability/PYSEC-2018-66",
    "https://github.com/advisories/GHSA-562c-5r94-xh97",
    "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html#python",
]


@pytest.mark.parametrize("line", REFERENCE_LINKS)
def test_a_reference_link_is_not_taken_for_a_secret(line: str) -> None:
    """The unquoted base64 mode once took a URL path (``/``, ``-``, ``_`` and digits are in
    its charset) for a secret, and the redactor rewrote every link to ``https://osv.[REDACTED]``."""
    assert detectors.scan_line(line) == []


TOKEN = "q8Zx3Lw9Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl"


@pytest.mark.parametrize(
    "line",
    [
        f"GET https://api.example.test/v1/files?token={TOKEN}&x=1",
        f"fetched https://hooks.example.test/services/{TOKEN}",
        f"curl https://user:{TOKEN}@git.example.test/repo.git",
    ],
)
def test_a_token_inside_a_url_is_still_found(line: str) -> None:
    assert TOKEN in {d.value for d in detectors.scan_line(line)}


def test_a_base64_secret_with_slashes_outside_a_url_is_still_found_whole() -> None:
    value = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY3xk9Q2mZr8"
    assert value in {d.value for d in detectors.scan_line(f"export AWS_SECRET={value}")}
