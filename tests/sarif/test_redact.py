"""sarif/redact.py: secret values never reach an output."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from typing import Any

import pytest
import sarif_om
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.sarif import build, om
from shiftleft.sarif.redact import REDACTED, Redactor, is_strong, mask_quoted, redact_log, redact_runs

DELIMITERS = " \t\n'\"`=:,;()[]{}<>"
FIXED_IDENTIFIERS = "%SRCROOT% app/settings.py R1 tool"

secrets = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), exclude_characters=DELIMITERS),
    min_size=8,
    max_size=40,
).filter(
    # the placeholder itself can't be "removed"; weak values (words, low entropy) are
    # replaced only in value position: tested separately. Identifiers (URIs, uriBaseId,
    # rule ids) keep what is not a strong value, so a "secret" inside the fixed
    # identifiers below is out of scope
    lambda s: "REDACTED" not in s and is_strong(s) and s not in FIXED_IDENTIFIERS
)
#: no quotes: a quoted high-entropy run next to the secret would be a (bigger) secret itself
surroundings = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="'\"`"), max_size=60)
joints = st.sampled_from([" ", "'", '"', "=", ": ", "\n", "(", "`", '="', ", "])


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed(secret: str, before: str, after: str, left: str, right: str) -> str:
    return f"{before}{left}{secret}{right}{after}"


def run_with(
    text: str, *, category: str = "sast", cwe: list[str] | None = None, rule_text: str = "rule"
) -> sarif_om.Run:
    loc = build.location("app/settings.py", 3)
    loc.physical_location.region.snippet = sarif_om.ArtifactContent(text=text)
    loc.physical_location.context_region = sarif_om.Region(start_line=2, snippet=sarif_om.ArtifactContent(text=text))
    result = build.result(
        "R1",
        text,
        [loc],
        properties={"category": category, "cwe": cwe or [], "detail": text, "nested": {"items": [1, text]}},
    )
    return build.run("tool", version="1", rules=[build.rule("R1", short=rule_text, full=text)], results=[result])


def all_strings(obj: Any) -> list[str]:
    """Every string value (not the keys: schema names like "properties" are not data)."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in all_strings(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in all_strings(v)]
    return []


def assert_gone(run: sarif_om.Run, secret: str) -> None:
    leaks = [s for s in all_strings(om.to_dict(run)) if secret in s]
    assert leaks == []


@settings(max_examples=300, deadline=None)
@given(secrets, surroundings, surroundings, joints, joints)
def test_hashed_secret_is_removed_everywhere(secret: str, before: str, after: str, left: str, right: str) -> None:
    text = embed(secret, before, after, left, right)
    run = run_with(text)
    redact_runs([run], [sha1(secret)])
    assert_gone(run, secret)
    assert REDACTED in run.results[0].message.text
    # non-secret surroundings are kept (only the token is replaced)
    assert run.results[0].message.text == text.replace(secret, REDACTED)


long_secrets = secrets.filter(lambda s: len(s) >= 12)


@settings(max_examples=100, deadline=None)
@given(long_secrets, surroundings, joints)
def test_uppercase_hash_and_repeated_occurrences(secret: str, before: str, joint: str) -> None:
    # a long value is removed even where it is glued to a word character ("...x")
    text = f"{before}{joint}{secret}{joint}{secret}{joint}{secret}x"
    run = run_with(text)
    redact_runs([run], [sha1(secret).upper()])
    assert_gone(run, secret)


@settings(max_examples=100, deadline=None)
@given(secrets, surroundings)
def test_other_hashes_change_nothing(secret: str, before: str) -> None:
    text = f"{before} {secret}"
    run = run_with(text)
    before_dict = om.to_dict(run)
    redact_runs([run], [sha1(secret + "x")])
    assert om.to_dict(run) == before_dict


@pytest.mark.parametrize(
    ("value", "strong"),
    [("test", False), ("changeme", False), ("Password", False), ("test_password", False), ("12345678", False),
     ("correcthorse", False), ("hunter2-not-real", True), ("AKIAIOSFODNN7EXAMPLE", True),
     ("q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl==", True), ("3f786850e387550fdab836ed7e6dc881de23001b", True)],
)  # fmt: skip
def test_strength_rule(value: str, strong: bool) -> None:
    assert is_strong(value) is strong


def test_weak_short_secret_does_not_mangle_paths_ids_or_words() -> None:
    """detect-secrets flags `password = 'test'` in real projects (Django's test suite);
    the word must not be cut out of paths, rule ids, tool names or longer words."""
    run = run_with("password = 'test' in tests/test_views.py")
    loc = run.results[0].locations[0].physical_location.artifact_location
    loc.uri = "tests/test_views.py"
    run.tool.driver.name = "detect-test-secrets"
    redact_runs([run], [sha1("test")])
    assert run.results[0].message.text == f"password = '{REDACTED}' in tests/test_views.py"
    assert loc.uri == "tests/test_views.py"
    assert run.tool.driver.name == "detect-test-secrets"


def test_secret_in_several_runs_and_rules() -> None:
    secret = "AKIAIOSFODNN7EXAMPLE"
    runs = [run_with(f"key={secret}", rule_text=f"found {secret}"), run_with(f"aws_key: '{secret}'")]
    redact_runs(runs, [sha1(secret)])
    for run in runs:
        assert_gone(run, secret)
        assert secret not in json.dumps(om.to_dict(run))
    assert runs[0].tool.driver.rules[0].short_description.text == f"found {REDACTED}"


def test_sarif_om_property_bag_objects_are_walked_too() -> None:
    secret = "ghp_0123456789abcdefABCDEF"
    run = run_with("nothing")
    run.results[0].properties = sarif_om.PropertyBag(tags=[f"token {secret}"])
    redact_runs([run], [sha1(secret)])
    assert run.results[0].properties.tags == [f"token {REDACTED}"]


# --- credential results ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "cwe"),
    [("secrets", None), ("sast", ["CWE-798"]), ("sast", ["CWE-259"]), ("sast", ["CWE-20", "CWE-321"])],
)
def test_credential_results_lose_snippets_and_quoted_literals(category: str, cwe: list[str] | None) -> None:
    run = run_with("Possible hardcoded password: 'hunter2'", category=category, cwe=cwe)
    run.results[0].properties.pop("detail")
    run.results[0].properties.pop("nested")
    run.tool.driver.rules[0].full_description.text = "hardcoded password"
    redact_runs([run], [])
    result = run.results[0]
    assert result.message.text == f"Possible hardcoded password: '{REDACTED}'"
    physical = result.locations[0].physical_location
    assert physical.region.snippet is None
    assert physical.context_region.snippet is None
    assert physical.region.start_line == 3  # the location itself is kept
    assert "hunter2" not in json.dumps(om.to_dict(result))


def test_non_credential_results_keep_snippets_and_quotes() -> None:
    run = run_with("Call to 'eval' with user input", category="sast", cwe=["CWE-95"])
    redact_runs([run], [])
    result = run.results[0]
    assert result.message.text == "Call to 'eval' with user input"
    assert result.locations[0].physical_location.region.snippet.text == "Call to 'eval' with user input"


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="'\"`\n"), min_size=1))
def test_mask_quoted_hides_every_quoted_value(value: str) -> None:
    for quote in "'\"`":
        masked = mask_quoted(f"password = {quote}{value}{quote}; done")
        assert masked == f"password = {quote}{REDACTED}{quote}; done"


def test_weak_hashed_values_go_only_in_value_position() -> None:
    """A weak value (a word) found through its hash is replaced where it is a value (quoted,
    after a keyword's assignment), never as a bare word."""
    redactor = Redactor([sha1("abcd")])
    assert redactor.tree(["pin abc here", "pin abcd here", "db_password = abcd"]) == [
        "pin abc here", "pin abcd here", f"db_password = {REDACTED}"
    ]
    assert Redactor().text("anything") == "anything"


def test_value_found_as_token_anywhere_is_removed_where_it_is_glued_to_text() -> None:
    """Found isolated in the snippet, the value must also go from a message that ends it with
    a period and from a URL property where it sits between ':' and '@'."""
    secret = "s3cr3tP4ssw0rdValue"
    run = run_with(f'password = "{secret}"')
    result = run.results[0]
    result.message.text = f"Hard-coded password {secret}."
    result.properties = {"url": f"https://admin:{secret}@db.internal/", "category": "sast"}
    redact_runs([run], [sha1(secret)])
    assert_gone(run, secret)
    assert result.message.text == f"Hard-coded password {REDACTED}."
    assert result.properties["url"] == f"https://{REDACTED}@db.internal/"  # URL credentials go whole


def test_redact_log_covers_log_properties() -> None:
    secret = "xoxb-1234-5678-abcdefgh"
    run = run_with(f"token {secret}")
    log = sarif_om.SarifLog(version="2.1.0", runs=[run])
    log.properties = {"shiftleft": {"scanners": [{"reason": f"tool crashed near token={secret}!"}]}}
    redact_log(log, [sha1(secret)])
    text = json.dumps(om.log_to_dict(log))
    assert secret not in text
    assert log.properties["shiftleft"]["scanners"][0]["reason"] == f"tool crashed near token={REDACTED}!"


@pytest.mark.parametrize(
    "line",
    [
        'blob = "q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl=="',  # base64 padding
        "API_TOKEN=q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl==",  # .env style, unquoted
        "url: https://user:q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl==@host",
    ],
)
def test_values_with_padding_or_assignment_are_found(line: str) -> None:
    secret = "q8Zx3Lw9+Pm2Rk7Tn4Vb1Yc6Hd0Jf5Gs8Ea3Wu7Qi2Oo9Kl=="
    run = run_with(line)  # e.g. bandit's snippet of a neighbouring finding
    redact_runs([run], [sha1(secret)])
    assert_gone(run, secret)


def test_masked_literal_is_also_removed_from_other_results() -> None:
    """bandit masks nothing itself: B105 names the password, and B602 on the line above
    shows it in its snippet. The literal masked in the credential result goes everywhere."""
    password = "hunter2-not-real"
    b105 = run_with("x", category="sast", cwe=["CWE-259"])
    b105.results[0].message.text = f"Possible hardcoded password: '{password}'"
    b602 = run_with(f'subprocess.call(cmd, shell=True); pw = "{password}"')
    redact_runs([b105, b602], [])
    assert_gone(b105, password)
    assert_gone(b602, password)


# --- credentials in URLs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("git+https://deploy:s3cr3t@host/x.git", "git+https://host/x.git"),
        ("https://ghp_0123456789abcdefABCDEF0123456789abcd@github.example/x", "https://github.example/x"),
        ("ssh://git@host/x.git", "ssh://git@host/x.git"),  # a user name, not a credential
        ("git@host:x.git and mailto:a@b", "git@host:x.git and mailto:a@b"),
    ],
)
def test_strip_userinfo(text: str, stripped: str) -> None:
    from shiftleft.sarif.redact import strip_userinfo

    assert strip_userinfo(text) == stripped


def test_tokened_requirement_never_becomes_a_name_or_notice() -> None:
    from shiftleft.inventory.collect import parse_file

    token = "ghp_0123456789abcdefABCDEF0123456789abcd"
    data = f"-e git+https://u:{token}@host/x.git#egg=x\nlib @ git+https://u:{token}@host/lib.git\n".encode()
    result = parse_file("requirements.txt", data)
    assert result.unassessed and token not in repr(result)


# --- the walk's shortcuts (numbers, booleans, None, field lists per class) -------------------

_STRONG = "Zq8#vL2!pW9$kT4x"  # strong by the entropy rule


class _Kind(str, enum.Enum):
    A = "a"


@dataclasses.dataclass(frozen=True)
class _Record:
    name: str
    count: int
    ratio: float
    flag: bool
    missing: None
    kind: _Kind
    notes: tuple[str, ...]
    extra: dict[str, Any]


def test_walk_keeps_scalars_as_they_are() -> None:
    record = _Record("clean", 3, 0.5, True, None, _Kind.A, ("a", "b"), {"n": 1, "t": True, "z": None})
    out = Redactor().walk(record)
    assert out == record and out.kind == "a"
    assert (type(out.count), type(out.ratio), out.flag, out.missing) == (int, float, True, None)
    assert out.extra == {"n": 1, "t": True, "z": None} and out.extra["t"] is True


def test_walk_rewrites_a_secret_deep_in_a_dataclass_list_and_dict() -> None:
    redactor = Redactor(values=[_STRONG])
    record = _Record(f"x{_STRONG}", 3, 0.5, False, None, _Kind.A, ("a", _STRONG), {"n": [1, f"k={_STRONG}", None]})
    out = redactor.walk(record)
    assert out is not record and _STRONG not in repr(out)
    assert out.name == f"x{REDACTED}" and out.notes == ("a", REDACTED)
    assert out.extra == {"n": [1, f"k={REDACTED}", None]}
    assert (out.count, out.ratio, out.flag, out.missing) == (3, 0.5, False, None)


def test_walk_of_sarif_objects_skips_numbers_but_not_strings() -> None:
    region = sarif_om.Region(start_line=4, end_line=5, snippet=sarif_om.ArtifactContent(text=f"t = '{_STRONG}'"))
    location = sarif_om.PhysicalLocation(artifact_location=sarif_om.ArtifactLocation(uri="a.py"), region=region)
    Redactor(values=[_STRONG]).walk(location)
    assert (region.start_line, region.end_line) == (4, 5) and _STRONG not in region.snippet.text
