"""Keep secret values out of every output.

Two layers, because tools echo what they flag: (1) any token anywhere in the log whose
SHA-1 equals a secret that detect-secrets found (it reports ``hashed_secret``, never the
value) is replaced; (2) results about credentials (category ``secrets`` or a credential
CWE) lose their code snippets and have quoted literals in their message masked, which
covers e.g. bandit's "Possible hardcoded password: '...'".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

import attr
import sarif_om

REDACTED = "[REDACTED]"
CREDENTIAL_CWES = frozenset({"CWE-798", "CWE-259", "CWE-321", "CWE-522", "CWE-256", "CWE-260", "CWE-312"})
_TOKEN_SPLIT = re.compile(r"""[\s'"`=:,;()\[\]{}<>]+""")
_LOOSE_SPLIT = re.compile(r"""[\s'"`,;()\[\]{}<>]+""")
_URL_SPLIT = re.compile(r"""[\s'"`,;()\[\]{}<>:@/]+""")  # keeps "=": credentials in URLs
_QUOTED_VALUE = re.compile(r"""(['"`])((?:(?!\1).){4,})\1""")
#: values at least this long are replaced even inside longer words
ANYWHERE_MIN_LENGTH = 12
_QUOTED = re.compile(r"""(['"`])(?:(?!\1).){1,}\1""")


def _sha1(token: str) -> str:
    return hashlib.sha1(token.encode("utf-8"), usedforsecurity=False).hexdigest()


def _candidates(text: str) -> set[str]:
    """Every substring that could be a secret value as detect-secrets hashed it: tokens cut
    at any delimiter; tokens that keep ``=`` (base64 padding, also inside URLs) or ``=``
    and ``:`` (``user:pass``), and
    the part after their first ``=``/``:`` (``KEY=value==`` in .env files); quoted strings."""
    found = set(_TOKEN_SPLIT.split(text)) | set(_URL_SPLIT.split(text))
    for token in _LOOSE_SPLIT.split(text):
        found.add(token)
        for sep in ("=", ":"):
            if sep in token:
                found.add(token.split(sep, 1)[1])
    found.update(m.group(2) for m in _QUOTED_VALUE.finditer(text))
    return {t for t in found if len(t) >= 4}


def find_secrets(text: str, hashes: frozenset[str]) -> set[str]:
    """The substrings of ``text`` whose SHA-1 is one of ``hashes``."""
    if not hashes:
        return set()
    return {t for t in _candidates(text) if _sha1(t) in hashes}


def _replace(text: str, values: Iterable[str]) -> str:
    """Replace values wherever they occur, except short purely alphabetic ones (weak
    passwords that are ordinary words: ``test``, ``secret``), which are replaced only where
    they stand as a whole token, so ``tests/test_views.py`` or ``detect-secrets`` stay readable."""
    for value in sorted(values, key=len, reverse=True):
        if value not in text:
            continue
        if len(value) >= ANYWHERE_MIN_LENGTH or not value.isalpha():
            text = text.replace(value, REDACTED)
        else:
            text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(value)}(?![A-Za-z0-9_])", REDACTED, text)
    return text


def scrub_text(text: str, hashes: frozenset[str]) -> str:
    return _replace(text, find_secrets(text, hashes))


def mask_quoted(text: str) -> str:
    return _QUOTED.sub(lambda m: f"{m.group(1)}{REDACTED}{m.group(1)}", text)


#: identifiers, not free text: a secret value cannot hide there, and rewriting them would
#: break file links, rule ids and tool names (a secret "secret" would mangle "detect-secrets")
_IDENTIFIER_FIELDS = frozenset({"uri", "uri_base_id", "rule_id", "id", "name", "full_name", "guid", "version",
                                "semantic_version", "information_uri", "help_uri", "fingerprints",
                                "partial_fingerprints", "original_uri_base_ids"})  # fmt: skip
_IDENTIFIER_KEYS = frozenset({"uri", "tool", "scanner", "stage", "category", "severity", "security-severity",
                              "status", "name", "target", "cwe", "owasp"})  # fmt: skip


def _walk_strings(obj: Any, fix: Any) -> Any:
    if isinstance(obj, str):
        return fix(obj)
    if isinstance(obj, list):
        return [_walk_strings(v, fix) for v in obj]
    if isinstance(obj, dict):
        return {k: (v if k in _IDENTIFIER_KEYS else _walk_strings(v, fix)) for k, v in obj.items()}
    if attr.has(type(obj)):
        for field in attr.fields(type(obj)):
            if field.name in _IDENTIFIER_FIELDS:
                continue
            value = getattr(obj, field.name)
            if value is not None:
                setattr(obj, field.name, _walk_strings(value, fix))
        return obj
    return obj


def _is_credential_result(result: sarif_om.Result) -> bool:
    props = result.properties if isinstance(result.properties, dict) else {}
    if props.get("category") == "secrets":
        return True
    return bool(CREDENTIAL_CWES.intersection(props.get("cwe") or []))


def _drop_snippets(result: sarif_om.Result) -> None:
    for loc in result.locations or []:
        physical = loc.physical_location
        if physical is None:
            continue
        for region in (physical.region, physical.context_region):
            if region is not None:
                region.snippet = None


def _scrub_everywhere(objects: list[Any], hashes: frozenset[str], known: Iterable[str] = ()) -> None:
    """A value found in any free-text string (or already ``known``) is removed from every
    free-text string, also where the tokenizer would not have split it."""
    found: set[str] = set(known)

    def collect(text: str) -> str:
        found.update(find_secrets(text, hashes))
        return text

    if hashes:
        for obj in objects:
            _walk_strings(obj, collect)
    if found:
        for obj in objects:
            _walk_strings(obj, lambda text: _replace(text, found))


def _mask_credential_results(runs: Iterable[sarif_om.Run]) -> set[str]:
    """Drop snippets of credential results and mask the quoted literals of their messages
    (bandit's "Possible hardcoded password: '...'"); returns those literals, which other
    results may show in clear (a neighbouring finding's snippet)."""
    literals: set[str] = set()
    for run in runs:
        for result in run.results or []:
            if _is_credential_result(result):
                _drop_snippets(result)
                if result.message and result.message.text:
                    literals.update(m.group(2) for m in _QUOTED_VALUE.finditer(result.message.text))
                    result.message.text = mask_quoted(result.message.text)
    return {v for v in literals if v != REDACTED}


def redact_runs(runs: Iterable[sarif_om.Run], secret_hashes: Iterable[str]) -> None:
    hashes = frozenset(h.lower() for h in secret_hashes)
    run_list = list(runs)
    literals = _mask_credential_results(run_list)
    _scrub_everywhere(run_list, hashes, literals)


def redact_log(log: sarif_om.SarifLog, secret_hashes: Iterable[str]) -> None:
    """Both layers over the whole log, its own properties included (scanner failure
    reasons quote tool output, which can echo a secret)."""
    hashes = frozenset(h.lower() for h in secret_hashes)
    literals = _mask_credential_results(log.runs or [])
    _scrub_everywhere([log], hashes, literals)
